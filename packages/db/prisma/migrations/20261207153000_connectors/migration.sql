-- CreateEnum
CREATE TYPE "ConnectorKind" AS ENUM ('source', 'sink');

-- CreateEnum
CREATE TYPE "ConnectorDesiredState" AS ENUM ('running', 'stopped');

-- CreateEnum
CREATE TYPE "ConnectorStatus" AS ENUM ('Pending', 'Deploying', 'Running', 'Stopped', 'Failed', 'Deleting', 'Deleted');

-- CreateTable
CREATE TABLE "connector" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "kind" "ConnectorKind" NOT NULL,
    "config" TEXT NOT NULL,
    "desiredState" "ConnectorDesiredState" NOT NULL DEFAULT 'running',
    "generation" INTEGER NOT NULL DEFAULT 0,
    "status" "ConnectorStatus" NOT NULL DEFAULT 'Pending',
    "statusReason" TEXT,
    "metrics" JSONB,
    "observedAt" TIMESTAMP(3),
    "logTail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "connector_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "connector_orgId_idx" ON "connector"("orgId");

-- CreateIndex
CREATE INDEX "connector_status_idx" ON "connector"("status");

-- CreateIndex
CREATE UNIQUE INDEX "connector_clusterId_name_key" ON "connector"("clusterId", "name");

-- AddForeignKey
ALTER TABLE "connector" ADD CONSTRAINT "connector_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connector" ADD CONSTRAINT "connector_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

