-- AlterTable
ALTER TABLE "api_key" ADD COLUMN     "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "cluster" ADD COLUMN     "hubAutoUpdate" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "hub_group" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "hub_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "hub_key" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "publicKeyPem" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "hub_key_pkey" PRIMARY KEY ("id")
);

-- Written by hand: an IMMUTABLE wrapper, because array_to_string is only STABLE and a generated
-- column's expression must be immutable (joining text with a space is).
CREATE FUNCTION "hub_keywords_text"(TEXT[]) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_string($1, ' ') $$;

-- CreateTable
CREATE TABLE "hub_package" (
    "id" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "visibility" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "keywords" TEXT[],
    "takenDownAt" TIMESTAMP(3),
    "takenDownReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "search" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', replace(replace(replace("name", '-', ' '), '_', ' '), '.', ' ')), 'A')
        || setweight(to_tsvector('english', "hub_keywords_text"("keywords")), 'B')
        || setweight(to_tsvector('english', "description"), 'C')
    ) STORED,

    CONSTRAINT "hub_package_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "hub_version" (
    "id" TEXT NOT NULL,
    "packageId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "manifest" JSONB NOT NULL,
    "readme" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "bundle" JSONB NOT NULL,
    "keyId" TEXT NOT NULL,
    "publishedById" TEXT,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "yankedAt" TIMESTAMP(3),
    "yankReason" TEXT,

    CONSTRAINT "hub_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "hub_download_day" (
    "packageId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "hub_download_day_pkey" PRIMARY KEY ("packageId","day")
);

-- CreateIndex
CREATE UNIQUE INDEX "hub_group_name_key" ON "hub_group"("name");

-- CreateIndex
CREATE INDEX "hub_group_orgId_idx" ON "hub_group"("orgId");

-- CreateIndex
CREATE INDEX "hub_key_orgId_idx" ON "hub_key"("orgId");

-- CreateIndex
CREATE INDEX "hub_package_search_idx" ON "hub_package" USING GIN ("search");

-- CreateIndex
CREATE UNIQUE INDEX "hub_package_groupId_name_key" ON "hub_package"("groupId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "hub_version_packageId_version_key" ON "hub_version"("packageId", "version");

-- AddForeignKey
ALTER TABLE "hub_group" ADD CONSTRAINT "hub_group_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hub_key" ADD CONSTRAINT "hub_key_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hub_key" ADD CONSTRAINT "hub_key_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hub_package" ADD CONSTRAINT "hub_package_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "hub_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hub_version" ADD CONSTRAINT "hub_version_packageId_fkey" FOREIGN KEY ("packageId") REFERENCES "hub_package"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hub_download_day" ADD CONSTRAINT "hub_download_day_packageId_fkey" FOREIGN KEY ("packageId") REFERENCES "hub_package"("id") ON DELETE CASCADE ON UPDATE CASCADE;

