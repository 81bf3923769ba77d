-- CreateEnum
CREATE TYPE "DataflowStatus" AS ENUM ('Pending', 'Deploying', 'Running', 'Failed', 'Deleting', 'Deleted');

-- CreateTable
CREATE TABLE "dataflow" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "status" "DataflowStatus" NOT NULL DEFAULT 'Pending',
    "statusReason" TEXT,
    "runtimeStatus" JSONB,
    "endpoint" TEXT,
    "observedAt" TIMESTAMP(3),
    "logTail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "dataflow_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "dataflow_orgId_idx" ON "dataflow"("orgId");

-- CreateIndex
CREATE INDEX "dataflow_status_idx" ON "dataflow"("status");

-- CreateIndex
CREATE UNIQUE INDEX "dataflow_clusterId_name_key" ON "dataflow"("clusterId", "name");

-- AddForeignKey
ALTER TABLE "dataflow" ADD CONSTRAINT "dataflow_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dataflow" ADD CONSTRAINT "dataflow_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;
