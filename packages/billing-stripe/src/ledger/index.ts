export { recordBillingAudit, type BillingAuditEntry, type Db } from "./audit.js";
export { markInvoiceOpen, markInvoicePaid, markPaymentFailed, type InvoiceRef } from "./invoice-status.js";
export { invoiceDifferences, reconcileInvoice, type LedgerInvoice, type StripeInvoiceTotals } from "./reconcile.js";
export { paymentMethodSummary } from "./payment-method.js";
