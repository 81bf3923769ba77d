import { z } from "zod";

/**
 * The Stripe calls that push one invoice, in the order they run. Each row's idempotency key is
 * derived from the invoice id (and the line position), so a rerun after a crash sends the very same
 * request and Stripe answers with its first result instead of acting twice.
 */
export const outboxPayloads = {
  create_invoice: z.object({ currency: z.string(), period: z.string() }),
  invoice_item: z.object({ position: z.number().int().min(0), lineId: z.string(), amountMinor: z.number().int(), currency: z.string(), description: z.string() }),
  finalize_invoice: z.object({}),
  pay_invoice: z.object({}),
} as const;

export type OutboxKind = keyof typeof outboxPayloads;
export type OutboxPayload<K extends OutboxKind> = z.infer<(typeof outboxPayloads)[K]>;

export const OUTBOX_ORDER: readonly OutboxKind[] = ["create_invoice", "invoice_item", "finalize_invoice", "pay_invoice"];

export function isOutboxKind(kind: string): kind is OutboxKind {
  return Object.hasOwn(outboxPayloads, kind);
}

export function idempotencyKey(invoiceId: string, kind: OutboxKind, position?: number): string {
  switch (kind) {
    case "create_invoice":
      return `${invoiceId}:invoice`;
    case "invoice_item":
      return `${invoiceId}:item:${position ?? 0}`;
    case "finalize_invoice":
      return `${invoiceId}:finalize`;
    case "pay_invoice":
      return `${invoiceId}:pay`;
  }
}
