import { defineSource, type SourceBatch } from "../../kit/connector.js";
import { PermanentError } from "../../kit/errors.js";
import { httpSourceConfig, httpSourcePosition, type HttpSourceConfig, type HttpSourcePosition } from "./http-source-config.js";
import { describeStatus, sendRequest, throwUnlessRefused } from "./http-request.js";
import { responseRecords } from "./response-records.js";

/** poll waits at most this long for the next request to be due, so the runtime can flush and notice a stop. */
const MAX_POLL_WAIT_MS = 1_000;

function conditionalHeaders(position: HttpSourcePosition | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (position?.etag != null) headers["if-none-match"] = position.etag;
  if (position?.lastModified != null) headers["if-modified-since"] = position.lastModified;
  return headers;
}

function request(config: HttpSourceConfig, extraHeaders: Record<string, string>): RequestInit & { method: string } {
  return { method: config.method, headers: { ...config.headers, ...extraHeaders }, ...(config.body === undefined ? {} : { body: config.body }) };
}

export default defineSource({
  type: "http-source",
  kind: "source",
  description: "Polls an HTTP endpoint and turns each changed response (or each element of an array in it) into records.",
  config: httpSourceConfig,
  // Stateless between polls but for the position, which a capture starts without.
  capturable: true,

  async check({ config }) {
    try {
      const response = await sendRequest(config.url, request(config, {}), config.timeoutMs);
      if (!response.ok) return { ok: false, message: await describeStatus(config.method, config.url, response) };
      await response.body?.cancel();
      return { ok: true, detail: `${config.method} ${config.url} answered HTTP ${response.status.toString()}` };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  },

  async open({ config, clock, logger, position: stored }) {
    const parsed = httpSourcePosition.safeParse(stored);
    if (stored !== undefined && !parsed.success) logger.warn({ position: stored }, "ignoring a stored position that is not an http-source position");
    let position = parsed.success ? parsed.data : undefined;
    let nextRequestAt = clock.now();

    async function fetchOnce(signal: AbortSignal): Promise<SourceBatch> {
      const response = await sendRequest(config.url, request(config, conditionalHeaders(position)), config.timeoutMs, signal);
      if (response.status === 304) {
        await response.body?.cancel();
        return { records: [] };
      }
      if (!response.ok) {
        const message = await throwUnlessRefused(config.method, config.url, response);
        // A 400-like answer to a request that never changes will not change either.
        throw new PermanentError(message);
      }
      const body = await response.text();
      position = { etag: response.headers.get("etag"), lastModified: response.headers.get("last-modified") };
      return { ...responseRecords(body, config), position };
    }

    return {
      async poll(signal) {
        signal.throwIfAborted();
        const wait = nextRequestAt - clock.now();
        if (wait > 0) {
          await clock.sleep(Math.min(wait, MAX_POLL_WAIT_MS), signal).catch((error: unknown) => {
            signal.throwIfAborted();
            throw error;
          });
          if (nextRequestAt > clock.now()) return { records: [] };
        }
        // A failed request is retried by the runtime calling poll again, so the interval starts only after a success.
        const batch = await fetchOnce(signal);
        nextRequestAt = clock.now() + config.intervalMs;
        return batch;
      },
      close: () => Promise.resolve(),
    };
  },
});
