-- AlterTable
ALTER TABLE "organization" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "cluster_credential" ADD COLUMN     "createdById" TEXT;

-- AddForeignKey
ALTER TABLE "cluster_credential" ADD CONSTRAINT "cluster_credential_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Backfill: credentials minted before this migration name their creator in the audit log.
UPDATE "cluster_credential" AS c SET "createdById" = a."actorUserId"
FROM "audit_log" AS a
WHERE a."action" = 'credential.create' AND a."targetId" = c."id" AND a."actorUserId" IS NOT NULL;
