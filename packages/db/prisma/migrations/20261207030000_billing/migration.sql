-- CreateEnum
CREATE TYPE "CapState" AS ENUM ('uncapped', 'capped');

-- CreateEnum
CREATE TYPE "PaymentStanding" AS ENUM ('good', 'past_due', 'suspended');

-- CreateEnum
CREATE TYPE "CreditGrantKind" AS ENUM ('trial', 'promotion', 'onboarding');

-- CreateEnum
CREATE TYPE "OnboardingRequestStatus" AS ENUM ('pending', 'approved', 'declined');

-- CreateEnum
CREATE TYPE "InvoiceStatus" AS ENUM ('draft', 'open', 'paid', 'payment_failed', 'void');

-- CreateEnum
CREATE TYPE "Reconciliation" AS ENUM ('pending', 'matched', 'mismatch');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('pending', 'done', 'failed');

-- CreateTable
CREATE TABLE "billing_account" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "stripeCustomerId" TEXT,
    "paymentMethodId" TEXT,
    "paymentMethodSummary" TEXT,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "budgetMinor" INTEGER,
    "hardCapMinor" INTEGER,
    "capState" "CapState" NOT NULL DEFAULT 'uncapped',
    "capStateAt" TIMESTAMP(3),
    "standing" "PaymentStanding" NOT NULL DEFAULT 'good',
    "pastDueSince" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "billing_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meter_cursor" (
    "clusterId" TEXT NOT NULL,
    "spuId" INTEGER NOT NULL,
    "incarnation" TEXT NOT NULL,
    "series" TEXT NOT NULL,
    "value" DECIMAL(65,30) NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "meter_cursor_pkey" PRIMARY KEY ("clusterId","spuId","incarnation","series")
);

-- CreateTable
CREATE TABLE "usage_event" (
    "orgId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "quantity" DECIMAL(65,30) NOT NULL,
    "eventTime" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_event_pkey" PRIMARY KEY ("orgId","eventId")
);

-- CreateTable
CREATE TABLE "usage_hour" (
    "orgId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "hourStart" TIMESTAMP(3) NOT NULL,
    "quantity" DECIMAL(65,30) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "usage_hour_pkey" PRIMARY KEY ("orgId","clusterId","dimension","hourStart")
);

-- CreateTable
CREATE TABLE "price_version" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "orgId" TEXT,
    "dimension" TEXT NOT NULL,
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "effectiveTo" TIMESTAMP(3),
    "price" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "price_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_grant" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "kind" "CreditGrantKind" NOT NULL,
    "category" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "priority" INTEGER NOT NULL,
    "effectiveAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "scope" TEXT[],
    "code" TEXT,
    "onceKey" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_grant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_ledger_entry" (
    "id" TEXT NOT NULL,
    "grantId" TEXT NOT NULL,
    "invoiceId" TEXT,
    "kind" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "lineRef" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_ledger_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget_alert" (
    "orgId" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "level" INTEGER NOT NULL,
    "spendMinor" INTEGER NOT NULL,
    "firedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "budget_alert_pkey" PRIMARY KEY ("orgId","periodStart","level")
);

-- CreateTable
CREATE TABLE "onboarding_request" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "workload" TEXT NOT NULL,
    "volumes" TEXT NOT NULL,
    "contactTime" TEXT NOT NULL,
    "status" "OnboardingRequestStatus" NOT NULL DEFAULT 'pending',
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "grantId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "onboarding_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "status" "InvoiceStatus" NOT NULL DEFAULT 'draft',
    "subtotalMinor" INTEGER NOT NULL,
    "creditsMinor" INTEGER NOT NULL,
    "totalMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "stripeInvoiceId" TEXT,
    "hostedUrl" TEXT,
    "reconciliation" "Reconciliation" NOT NULL DEFAULT 'pending',
    "mismatchDetail" TEXT,
    "finalizedAt" TIMESTAMP(3),
    "paidAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "invoice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_line" (
    "id" TEXT NOT NULL,
    "invoiceId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "dimension" TEXT,
    "clusterId" TEXT,
    "priceVersionId" TEXT,
    "grantId" TEXT,
    "segmentStart" TIMESTAMP(3),
    "segmentEnd" TIMESTAMP(3),
    "quantity" DECIMAL(65,30),
    "amountMinor" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "stripeInvoiceItemId" TEXT,

    CONSTRAINT "invoice_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_outbox" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "invoiceId" TEXT,
    "kind" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "result" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "billing_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stripe_event" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "stripeCreatedAt" TIMESTAMP(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "stripe_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "billing_account_orgId_key" ON "billing_account"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "billing_account_stripeCustomerId_key" ON "billing_account"("stripeCustomerId");

-- CreateIndex
CREATE INDEX "usage_event_orgId_eventTime_idx" ON "usage_event"("orgId", "eventTime");

-- CreateIndex
CREATE INDEX "usage_hour_orgId_hourStart_idx" ON "usage_hour"("orgId", "hourStart");

-- CreateIndex
CREATE INDEX "price_version_planId_dimension_effectiveFrom_idx" ON "price_version"("planId", "dimension", "effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "credit_grant_onceKey_key" ON "credit_grant"("onceKey");

-- CreateIndex
CREATE INDEX "credit_grant_orgId_idx" ON "credit_grant"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "credit_ledger_entry_grantId_invoiceId_lineRef_key" ON "credit_ledger_entry"("grantId", "invoiceId", "lineRef");

-- CreateIndex
CREATE UNIQUE INDEX "onboarding_request_grantId_key" ON "onboarding_request"("grantId");

-- CreateIndex
CREATE INDEX "onboarding_request_orgId_idx" ON "onboarding_request"("orgId");

-- CreateIndex
CREATE INDEX "onboarding_request_status_createdAt_idx" ON "onboarding_request"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_stripeInvoiceId_key" ON "invoice"("stripeInvoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_orgId_periodStart_key" ON "invoice"("orgId", "periodStart");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_line_invoiceId_position_key" ON "invoice_line"("invoiceId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "billing_outbox_idempotencyKey_key" ON "billing_outbox"("idempotencyKey");

-- CreateIndex
CREATE INDEX "billing_outbox_status_createdAt_idx" ON "billing_outbox"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "billing_account" ADD CONSTRAINT "billing_account_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_ledger_entry" ADD CONSTRAINT "credit_ledger_entry_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "credit_grant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "onboarding_request" ADD CONSTRAINT "onboarding_request_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "credit_grant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_line" ADD CONSTRAINT "invoice_line_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

