/** Stripe's error body: `{ error: { type, code?, message, param? } }`, which the SDK maps onto its error classes. */
export interface StripeErrorBody {
  readonly type: "invalid_request_error" | "idempotency_error" | "card_error" | "api_error";
  readonly message: string;
  readonly code?: string;
  readonly param?: string;
  readonly decline_code?: string;
}

/** A request that ends in a Stripe error response rather than a resource. */
export class StripeFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }
}

export function missingResource(kind: string, id: string, param = "id"): StripeFailure {
  return new StripeFailure(404, { type: "invalid_request_error", code: "resource_missing", param, message: `No such ${kind}: '${id}'` });
}

export function invalidRequest(message: string, param?: string, code?: string): StripeFailure {
  return new StripeFailure(400, { type: "invalid_request_error", message, ...(param === undefined ? {} : { param }), ...(code === undefined ? {} : { code }) });
}
