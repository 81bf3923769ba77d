/** The resources the simulator keeps, shaped as Stripe returns them (only the fields the billing flow reads). */
export type Metadata = Record<string, string>;

export interface Customer {
  id: string;
  object: "customer";
  created: number;
  livemode: false;
  email: string | null;
  name: string | null;
  description: string | null;
  metadata: Metadata;
  invoice_settings: { default_payment_method: string | null };
}

export interface PaymentMethod {
  id: string;
  object: "payment_method";
  created: number;
  livemode: false;
  type: "card";
  customer: string;
  card: { brand: string; last4: string; exp_month: number; exp_year: number };
}

export interface CheckoutSession {
  id: string;
  object: "checkout.session";
  created: number;
  livemode: false;
  mode: "setup";
  status: "open" | "complete";
  customer: string;
  currency: string | null;
  url: string | null;
  success_url: string | null;
  cancel_url: string | null;
  setup_intent: string;
  metadata: Metadata;
}

/** The card a setup-mode Checkout Session saved (`payment_method` once the session completed). */
export interface SetupIntent {
  id: string;
  object: "setup_intent";
  created: number;
  livemode: false;
  customer: string;
  status: "requires_payment_method" | "succeeded";
  payment_method: string | null;
  usage: "off_session";
}

export interface InvoiceItem {
  id: string;
  object: "invoiceitem";
  date: number;
  livemode: false;
  customer: string;
  invoice: string | null;
  amount: number;
  currency: string;
  description: string | null;
  /** Whole units, truncated; `quantity_decimal` keeps the fraction. */
  quantity: number;
  quantity_decimal: string;
  unit_amount_decimal: string | null;
  metadata: Metadata;
}

export interface InvoiceLine {
  id: string;
  object: "line_item";
  livemode: false;
  invoice: string;
  amount: number;
  currency: string;
  description: string | null;
  quantity: number;
  metadata: Metadata;
  parent: { type: "invoice_item_details"; invoice_item_details: { invoice_item: string } };
}

export interface StripeList<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

export type InvoiceStatus = "draft" | "open" | "paid" | "void" | "uncollectible";

export interface Invoice {
  id: string;
  object: "invoice";
  created: number;
  livemode: false;
  customer: string;
  status: InvoiceStatus;
  number: string | null;
  currency: string;
  auto_advance: boolean;
  collection_method: "charge_automatically" | "send_invoice";
  default_payment_method: string | null;
  metadata: Metadata;
  lines: StripeList<InvoiceLine>;
  subtotal: number;
  total: number;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  attempted: boolean;
  attempt_count: number;
  status_transitions: { finalized_at: number | null; paid_at: number | null };
}

export interface StripeEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  livemode: false;
  pending_webhooks: number;
  type: string;
  data: { object: unknown };
  request: { id: string | null; idempotency_key: string | null };
}

export interface Resources {
  customer: Customer;
  payment_method: PaymentMethod;
  checkout_session: CheckoutSession;
  setup_intent: SetupIntent;
  invoiceitem: InvoiceItem;
  invoice: Invoice;
  event: StripeEvent;
}
