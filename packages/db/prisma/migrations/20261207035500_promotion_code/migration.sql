-- CreateTable
CREATE TABLE "promotion_code" (
    "code" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "validDays" INTEGER NOT NULL,
    "redeemableUntil" TIMESTAMP(3),
    "maxRedemptions" INTEGER,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotion_code_pkey" PRIMARY KEY ("code")
);

