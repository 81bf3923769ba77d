import { PermanentError } from "../../kit/errors.js";

/**
 * One HTTP request with Node's fetch, its failures turned into sentences: an answer that never
 * comes (timeout) and a refused or broken connection are plain errors the runtime retries; an
 * abort of `signal` rejects with the signal's reason.
 */
export async function sendRequest(url: string, init: RequestInit & { method: string }, timeoutMs: number, signal?: AbortSignal): Promise<Response> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    return await fetch(url, { ...init, signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]) });
  } catch (cause) {
    if (signal?.aborted === true) throw signal.reason;
    if (timeout.aborted) throw new Error(`${init.method} ${url} got no answer within ${timeoutMs.toString()} ms`, { cause });
    throw new Error(`cannot reach ${url}: ${networkReason(cause)}`, { cause });
  }
}

/** fetch reports "fetch failed" and hides the socket error (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === "ECONNREFUSED") return "connection refused";
  if (cause?.code === "ENOTFOUND") return "unknown host";
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** What an unsuccessful status means for a connector. */
export type StatusVerdict = "retry" | "permanent" | "refused";

/**
 * 408, 429 and 5xx pass (retry); 401, 403 (credentials) and 404, 405 (a wrong url or method:
 * every request would fail the same way) cannot be helped by retrying; any other 4xx refuses
 * this one request.
 */
export function statusVerdict(status: number): StatusVerdict {
  if (status === 408 || status === 429 || status >= 500) return "retry";
  if (status === 401 || status === 403 || status === 404 || status === 405) return "permanent";
  return "refused";
}

/** A sentence for an unsuccessful answer, with the start of its body (servers often explain there). */
export async function describeStatus(method: string, url: string, response: Response): Promise<string> {
  const hint = response.status === 401 || response.status === 403 ? " (check the credentials in headers)" : response.status === 404 || response.status === 405 ? " (check url and method)" : "";
  const body = (await response.text().catch(() => "")).trim().slice(0, 200);
  return `${method} ${url} answered HTTP ${response.status.toString()} ${response.statusText}${hint}${body === "" ? "" : `: ${body}`}`;
}

/** Throws the error an unsuccessful answer calls for: PermanentError, or a plain (retried) Error. Returns for "refused". */
export async function throwUnlessRefused(method: string, url: string, response: Response): Promise<string> {
  const message = await describeStatus(method, url, response);
  const verdict = statusVerdict(response.status);
  if (verdict === "permanent") throw new PermanentError(message);
  if (verdict === "retry") throw new Error(message);
  return message;
}
