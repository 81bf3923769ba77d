import { TRPCClientError } from "@trpc/client";

/**
 * The sentence to show a person for a failed call. The API already phrases its errors for
 * users (plan limits, roles, rate limits); anything else is a transport failure.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Try again.";
}

/** The tRPC error code carried by a failed call, when there is one. */
export function errorCode(error: unknown): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  if (typeof data === "object" && data !== null && "code" in data && typeof data.code === "string") return data.code;
  return undefined;
}
