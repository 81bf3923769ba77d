-- CreateEnum
CREATE TYPE "PipelineStatus" AS ENUM ('Draft', 'Deployed', 'Deleted');

-- AlterTable
ALTER TABLE "connector" ADD COLUMN "pipelineId" TEXT;

-- AlterTable
ALTER TABLE "dataflow" ADD COLUMN "pipelineId" TEXT;

-- CreateTable
CREATE TABLE "pipeline" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "PipelineStatus" NOT NULL DEFAULT 'Draft',
    "statusReason" TEXT,
    "draft" TEXT,
    "draftSavedAt" TIMESTAMP(3),
    "currentVersion" INTEGER,
    "lastVersion" INTEGER NOT NULL DEFAULT 0,
    "runObservation" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "pipeline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pipeline_version" (
    "id" TEXT NOT NULL,
    "pipelineId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "yaml" TEXT NOT NULL,
    "compiled" JSONB NOT NULL,
    "deployedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deployedById" TEXT,
    "restoredFrom" INTEGER,

    CONSTRAINT "pipeline_version_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "connector_pipelineId_idx" ON "connector"("pipelineId");

-- CreateIndex
CREATE INDEX "dataflow_pipelineId_idx" ON "dataflow"("pipelineId");

-- CreateIndex
CREATE INDEX "pipeline_orgId_idx" ON "pipeline"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "pipeline_clusterId_name_key" ON "pipeline"("clusterId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "pipeline_version_pipelineId_version_key" ON "pipeline_version"("pipelineId", "version");

-- AddForeignKey
ALTER TABLE "connector" ADD CONSTRAINT "connector_pipelineId_fkey" FOREIGN KEY ("pipelineId") REFERENCES "pipeline"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dataflow" ADD CONSTRAINT "dataflow_pipelineId_fkey" FOREIGN KEY ("pipelineId") REFERENCES "pipeline"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pipeline" ADD CONSTRAINT "pipeline_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pipeline" ADD CONSTRAINT "pipeline_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pipeline_version" ADD CONSTRAINT "pipeline_version_pipelineId_fkey" FOREIGN KEY ("pipelineId") REFERENCES "pipeline"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pipeline_version" ADD CONSTRAINT "pipeline_version_deployedById_fkey" FOREIGN KEY ("deployedById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
