-- CreateEnum
CREATE TYPE "AlertState" AS ENUM ('ok', 'firing');

-- CreateTable
CREATE TABLE "alert_rule" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "target" JSONB NOT NULL,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "windowSeconds" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "state" "AlertState" NOT NULL DEFAULT 'ok',
    "stateSummary" TEXT,
    "samples" JSONB NOT NULL DEFAULT '[]',
    "lastEvaluatedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alert_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_event" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "firedAt" TIMESTAMP(3) NOT NULL,
    "clearedAt" TIMESTAMP(3),
    "value" DOUBLE PRECISION NOT NULL,
    "summary" TEXT NOT NULL,

    CONSTRAINT "alert_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_delivery" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "transition" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "deliveredAt" TIMESTAMP(3),
    "abandonedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_webhook" (
    "orgId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secretVersion" INTEGER NOT NULL DEFAULT 1,
    "secretCreatedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alert_webhook_pkey" PRIMARY KEY ("orgId")
);

-- CreateIndex
CREATE INDEX "alert_rule_orgId_idx" ON "alert_rule"("orgId");

-- CreateIndex
CREATE INDEX "alert_rule_enabled_idx" ON "alert_rule"("enabled");

-- CreateIndex
CREATE INDEX "alert_event_orgId_firedAt_idx" ON "alert_event"("orgId", "firedAt");

-- CreateIndex
CREATE INDEX "alert_event_ruleId_firedAt_idx" ON "alert_event"("ruleId", "firedAt");

-- CreateIndex
CREATE INDEX "alert_delivery_deliveredAt_abandonedAt_nextAttemptAt_idx" ON "alert_delivery"("deliveredAt", "abandonedAt", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "alert_delivery_eventId_transition_key" ON "alert_delivery"("eventId", "transition");

-- AddForeignKey
ALTER TABLE "alert_rule" ADD CONSTRAINT "alert_rule_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_rule" ADD CONSTRAINT "alert_rule_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_event" ADD CONSTRAINT "alert_event_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "alert_rule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "alert_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_webhook" ADD CONSTRAINT "alert_webhook_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
