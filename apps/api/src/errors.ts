import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";

/**
 * Every failure a procedure reports on purpose. `message` is for the person using the console or
 * the CLI; what went wrong inside travels as `cause` and stays in the server's logs.
 */
export type AppErrorKind =
  | "unauthenticated"
  | "api-key-refused"
  | "session-refused"
  | "person-required"
  | "no-active-organization"
  | "not-a-member"
  | "role-required"
  | "read-only-role"
  | "staff-only"
  | "email-not-verified"
  | "not-found"
  | "already-exists"
  | "invalid-request"
  | "plan-limit"
  | "cluster-not-running"
  | "cluster-unreachable"
  | "connector-not-stopped"
  | "group-not-empty"
  | "mail-failed"
  | "rate-limited"
  | "payment-required"
  | "spend-capped"
  | "payments-unavailable"
  | "artifact-corrupt";

/** The one table from domain errors to tRPC codes (and, through tRPC, HTTP statuses). */
export const ERROR_CODES: Record<AppErrorKind, TRPC_ERROR_CODE_KEY> = {
  unauthenticated: "UNAUTHORIZED",
  "api-key-refused": "UNAUTHORIZED",
  "session-refused": "UNAUTHORIZED",
  "person-required": "FORBIDDEN",
  "no-active-organization": "PRECONDITION_FAILED",
  "not-a-member": "FORBIDDEN",
  "role-required": "FORBIDDEN",
  "read-only-role": "FORBIDDEN",
  "staff-only": "FORBIDDEN",
  "email-not-verified": "FORBIDDEN",
  // Another org's rows answer exactly like rows that do not exist: ids must not leak across tenants.
  "not-found": "NOT_FOUND",
  "already-exists": "CONFLICT",
  "invalid-request": "BAD_REQUEST",
  "plan-limit": "PRECONDITION_FAILED",
  "cluster-not-running": "PRECONDITION_FAILED",
  "cluster-unreachable": "SERVICE_UNAVAILABLE",
  // As Kafka's KIP-875: a connector's offsets change only while it is stopped.
  "connector-not-stopped": "PRECONDITION_FAILED",
  // Kafka changes a consumer group's offsets or deletes it only while it has no members.
  "group-not-empty": "CONFLICT",
  "mail-failed": "SERVICE_UNAVAILABLE",
  "rate-limited": "TOO_MANY_REQUESTS",
  "payment-required": "PAYMENT_REQUIRED",
  "spend-capped": "PRECONDITION_FAILED",
  "payments-unavailable": "SERVICE_UNAVAILABLE",
  // The Hub's stored bytes no longer match the digest they were signed with: never served.
  "artifact-corrupt": "BAD_GATEWAY",
};

/** HTTP statuses for errors answered outside tRPC (the sign-in limiter in front of better-auth). */
export const HTTP_STATUS: Partial<Record<AppErrorKind, number>> = { "rate-limited": 429 };

export class AppError extends Error {
  constructor(
    readonly kind: AppErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AppError";
  }
}

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: ERROR_CODES[error.kind], message: error.message, cause: error });
}

export const notFound = (what: string): AppError => new AppError("not-found", `No such ${what} in this organization.`);
