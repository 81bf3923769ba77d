import { z } from "zod";
import { DIMENSIONS } from "@freshet/billing/usage";
import { id, isoDate } from "./schemas.js";

const minor = z.number().int();
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/);
const dimension = z.enum(DIMENSIONS);
const standing = z.enum(["good", "past_due", "suspended"]);

const onboardingRequest = z.object({
  id,
  workload: z.string(),
  volumes: z.string(),
  contactTime: z.string(),
  status: z.enum(["pending", "approved", "declined"]),
  decisionNote: z.string().nullable(),
  decidedAt: isoDate.nullable(),
  createdAt: isoDate,
  grantId: id.nullable(),
  grantAmountMinor: minor.nullable(),
});

/** What the billing procedures answer; money in integer minor units, quantities as exact decimals. */
export const billingOutputs = {
  summary: z.object({
    month: z.string(),
    plans: z.array(z.string()),
    byDimension: z.array(z.object({ dimension, quantity: decimal, amountMinor: minor })),
    byCluster: z.array(z.object({ clusterId: id, clusterName: z.string(), planId: z.string(), amountMinor: minor })),
    subtotalMinor: minor,
    creditsMinor: minor,
    dueMinor: minor,
    forecastMinor: minor,
    currency: z.string(),
    paymentMethod: z.string().nullable(),
    budgetMinor: minor.nullable(),
    hardCapMinor: minor.nullable(),
    capState: z.enum(["uncapped", "capped"]),
    standing,
    pastDueSince: isoDate.nullable(),
    /** Budget levels (50/75/90/100%) this month's spend reached, each fired once by the billing worker. */
    alerts: z.array(z.object({ level: z.number().int(), spendMinor: minor, firedAt: isoDate })),
  }),
  usage: z.object({
    month: z.string(),
    totals: z.array(z.object({ dimension, unit: z.string(), quantity: decimal })),
    daily: z.array(z.object({ day: z.string(), quantities: z.record(dimension, decimal) })),
  }),
  credits: z.array(
    z.object({
      id,
      kind: z.enum(["trial", "promotion", "onboarding"]),
      category: z.enum(["promotional", "paid"]),
      amountMinor: minor,
      balanceMinor: minor,
      effectiveAt: isoDate,
      expiresAt: isoDate.nullable(),
      expired: z.boolean(),
    }),
  ),
  invoices: z.object({
    standing,
    pastDueSince: isoDate.nullable(),
    invoices: z.array(
      z.object({
        id,
        month: z.string(),
        status: z.enum(["draft", "open", "paid", "payment_failed", "void"]),
        reconciliation: z.enum(["pending", "matched", "mismatch"]),
        subtotalMinor: minor,
        creditsMinor: minor,
        totalMinor: minor,
        currency: z.string(),
        hostedUrl: z.string().nullable(),
        finalizedAt: isoDate.nullable(),
        paidAt: isoDate.nullable(),
        lines: z.array(z.object({ kind: z.string(), dimension: z.string().nullable(), description: z.string(), quantity: decimal.nullable(), amountMinor: minor })),
      }),
    ),
  }),
  onboardingRequest,
};
