import { ensureStripeCustomer } from "@freshet/billing-stripe/customer";
import { markPaymentFailed } from "@freshet/billing-stripe/ledger";
import type { BillingOutbox, Prisma, PrismaClient } from "@freshet/db/client";
import type { Logger } from "pino";
import Stripe from "stripe";
import { isOutboxKind, OUTBOX_ORDER, outboxPayloads } from "./outbox-steps.js";

export interface DispatchDeps {
  readonly prisma: PrismaClient;
  readonly stripe: Stripe;
  readonly logger: Logger;
  readonly now: () => number;
}

export interface DispatchReport {
  readonly sent: number;
  /** Invoices whose next call failed this run; a plain sentence each. */
  readonly failures: readonly string[];
}

interface StepContext {
  readonly tx: Prisma.TransactionClient;
  readonly row: BillingOutbox;
  readonly at: Date;
}

type Step = (stripe: Stripe, customer: string, invoice: { id: string; orgId: string; stripeInvoiceId: string | null }) => Promise<(context: StepContext) => Promise<Prisma.InputJsonObject>>;

/** A step's position in an invoice's sequence: kind first, then line position. */
function rank(row: BillingOutbox): number {
  const position = row.kind === "invoice_item" ? outboxPayloads.invoice_item.parse(row.payload).position : 0;
  return OUTBOX_ORDER.indexOf(row.kind as (typeof OUTBOX_ORDER)[number]) * 1_000_000 + position;
}

function stepFor(row: BillingOutbox): Step {
  if (!isOutboxKind(row.kind)) throw new Error(`Outbox row ${row.id} has the unknown kind ${row.kind}.`);
  const key = { idempotencyKey: row.idempotencyKey };
  switch (row.kind) {
    case "create_invoice": {
      const payload = outboxPayloads.create_invoice.parse(row.payload);
      return async (stripe, customer, invoice) => {
        // Items are attached to this invoice by id (never gathered from pending items, which could
        // include another period's), and it is finalized and charged by the steps after them.
        const created = await stripe.invoices.create(
          {
            customer,
            currency: payload.currency,
            collection_method: "charge_automatically",
            auto_advance: false,
            pending_invoice_items_behavior: "exclude",
            metadata: { invoiceId: invoice.id, orgId: invoice.orgId, period: payload.period },
          },
          key,
        );
        return async ({ tx }) => {
          await tx.invoice.update({ where: { id: invoice.id }, data: { stripeInvoiceId: created.id } });
          return { stripeInvoiceId: created.id };
        };
      };
    }
    case "invoice_item": {
      const payload = outboxPayloads.invoice_item.parse(row.payload);
      return async (stripe, customer, invoice) => {
        const item = await stripe.invoiceItems.create(
          {
            customer,
            invoice: requireStripeInvoice(invoice),
            currency: payload.currency,
            amount: payload.amountMinor,
            description: payload.description,
            metadata: { invoiceId: invoice.id, lineId: payload.lineId, position: String(payload.position) },
          },
          key,
        );
        return async ({ tx }) => {
          await tx.invoiceLine.update({ where: { id: payload.lineId }, data: { stripeInvoiceItemId: item.id } });
          return { invoiceItemId: item.id };
        };
      };
    }
    case "finalize_invoice":
      return async (stripe, _customer, invoice) => {
        const finalized = await stripe.invoices.finalizeInvoice(requireStripeInvoice(invoice), { auto_advance: false }, key);
        return async () => ({ status: finalized.status ?? "unknown" });
      };
    case "pay_invoice":
      return async (stripe, _customer, invoice) => {
        try {
          const paid = await stripe.invoices.pay(requireStripeInvoice(invoice), {}, key);
          return async () => ({ outcome: paid.status ?? "unknown" });
        } catch (error) {
          // A declined card is an answer, not a failure of the call: invoice.payment_failed reports it.
          if (error instanceof Stripe.errors.StripeCardError) return async () => ({ outcome: "declined", code: error.code ?? "card_error" });
          // Nothing due (credits paid it all): Stripe settled it at finalization.
          if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "invoice_not_open") return async () => ({ outcome: "already_settled" });
          // No card on file: no webhook will say so, so the account goes past due here.
          if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "invoice_no_customer_payment_method") {
            return async ({ tx, at }) => {
              await markPaymentFailed(tx, invoice, at, "The organization has no payment method.");
              return { outcome: "no_payment_method" };
            };
          }
          throw error;
        }
      };
  }
}

function requireStripeInvoice(invoice: { id: string; stripeInvoiceId: string | null }): string {
  if (invoice.stripeInvoiceId === null) throw new Error(`Invoice ${invoice.id} has no Stripe invoice yet.`);
  return invoice.stripeInvoiceId;
}

/** A call that will fail the same way however often it is repeated; staff must look at it. */
function isPermanent(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError || error instanceof Stripe.errors.StripeIdempotencyError || error instanceof Stripe.errors.StripeAuthenticationError;
}

/**
 * Sends every pending outbox row to Stripe, invoice by invoice and in order (invoice, its items,
 * finalize, pay), each with its idempotency key. A row is marked done together with what Stripe
 * answered, in one transaction. A crash between Stripe's answer and that transaction leaves the row
 * pending; the rerun repeats the call with the same key and Stripe replays its first answer, so
 * there is exactly one Stripe invoice with exactly the ledger's lines. When a call fails, the rest
 * of that invoice waits for the next run.
 */
export async function dispatchOutbox(deps: DispatchDeps): Promise<DispatchReport> {
  const { prisma, stripe, logger } = deps;
  const pending = await prisma.billingOutbox.findMany({ where: { status: "pending" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const byInvoice = new Map<string, BillingOutbox[]>();
  for (const row of pending) if (row.invoiceId !== null) byInvoice.set(row.invoiceId, [...(byInvoice.get(row.invoiceId) ?? []), row]);
  let sent = 0;
  const failures: string[] = [];
  for (const [invoiceId, rows] of byInvoice) {
    const invoice = await prisma.invoice.findUniqueOrThrow({ where: { id: invoiceId }, select: { id: true, orgId: true, stripeInvoiceId: true } });
    const customer = await ensureStripeCustomer(prisma, stripe, invoice.orgId);
    if (!customer.ok) {
      failures.push(customer.error);
      continue;
    }
    for (const row of [...rows].sort((a, b) => rank(a) - rank(b))) {
      try {
        const current = await prisma.invoice.findUniqueOrThrow({ where: { id: invoiceId }, select: { id: true, orgId: true, stripeInvoiceId: true } });
        const record = await stepFor(row)(stripe, customer.value.stripeCustomerId, current);
        const at = new Date(deps.now());
        await prisma.$transaction(async (tx) => {
          const result = await record({ tx, row, at });
          await tx.billingOutbox.updateMany({ where: { id: row.id, status: "pending" }, data: { status: "done", result, doneAt: at, attempts: { increment: 1 }, lastError: null } });
        });
        sent++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const permanent = isPermanent(error);
        await prisma.billingOutbox.update({ where: { id: row.id }, data: { attempts: { increment: 1 }, lastError: message, ...(permanent ? { status: "failed" } : {}) } });
        logger.error({ err: error, invoiceId, outboxId: row.id, kind: row.kind, permanent }, "Stripe call failed");
        failures.push(`Sending ${row.kind} of invoice ${invoiceId} to Stripe failed: ${message}`);
        break;
      }
    }
  }
  return { sent, failures };
}
