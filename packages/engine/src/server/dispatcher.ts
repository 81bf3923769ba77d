import { encodeResponse, decodeRequest, peekRequestPreamble } from "@freshet/protocol/framing/codec";
import { Writer } from "@freshet/protocol/io/writer";
import { errorCode } from "@freshet/protocol/errors/error-codes";
import type { ApiDefinition } from "@freshet/protocol/messages/define";
import { advertisedApiVersions, type AdvertisedApiVersion } from "@freshet/protocol/messages/index";
import type { RequestObserver } from "../metrics/request-metrics.js";
import type { Logger } from "../system/logger.js";
import { NO_RESPONSE, type ApiHandler, type RequestContext } from "./handler.js";

const API_VERSIONS_KEY = 18;

export type DispatchOutcome =
  | { readonly kind: "respond"; readonly chunks: Uint8Array[] }
  | { readonly kind: "silent" }
  | { readonly kind: "close"; readonly reason: string }
  /** Answer, then close once the answer is sent (a failed SASL authentication). */
  | { readonly kind: "respond-and-close"; readonly chunks: Uint8Array[]; readonly reason: string };

/** What a connection hands its frames to: the dispatcher, or a gate in front of it. */
export interface FrameDispatcher {
  dispatch(frame: Uint8Array, context: Omit<RequestContext, "header">): Promise<DispatchOutcome>;
  /** The largest frame the connection may send next, when a gate allows less than the listener (before SASL authentication). */
  maxFrameBytes?(): number | undefined;
}

/**
 * An ApiVersions request at a version we do not know is answered as Kafka does:
 * error 35 in a v0 body listing our ApiVersions range, so librdkafka retries with v0.
 */
function unsupportedApiVersions(correlationId: number, api: ApiDefinition): Uint8Array[] {
  const writer = new Writer();
  const size = writer.reserveInt32();
  writer.int32(correlationId).int16(errorCode("UNSUPPORTED_VERSION"));
  writer.int32(1).int16(API_VERSIONS_KEY).int16(api.minVersion).int16(api.maxVersion);
  size.set(writer.length - 4);
  return writer.chunks();
}

/** Routes one request frame to its handler and encodes the answer. */
export class Dispatcher implements FrameDispatcher {
  readonly #handlers = new Map<number, ApiHandler>();

  constructor(
    handlers: readonly ApiHandler[],
    private readonly logger: Logger,
    /** Told the API and latency of every request a handler finished; none: not measured. */
    private readonly requests?: RequestObserver,
  ) {
    for (const h of handlers) this.#handlers.set(h.api.key, h);
  }

  /** [key, min, max] of every API we serve, for ApiVersions: the handler table is the one source of it. */
  advertised(): AdvertisedApiVersion[] {
    const served = [...this.#handlers.values()].filter((h) => h.internal !== true).map((h) => h.api);
    return advertisedApiVersions(served.sort((a, b) => a.key - b.key));
  }

  async dispatch(frame: Uint8Array, context: Omit<RequestContext, "header">): Promise<DispatchOutcome> {
    const preamble = peekRequestPreamble(frame);
    if (!preamble.ok) return { kind: "close", reason: preamble.error.message };
    const { apiKey, apiVersion, correlationId } = preamble.value;
    const entry = this.#handlers.get(apiKey);
    if (entry === undefined) return { kind: "close", reason: `unsupported api key ${apiKey}` };
    const { api } = entry;
    if (apiVersion < api.minVersion || apiVersion > api.maxVersion) {
      if (apiKey === API_VERSIONS_KEY) return { kind: "respond", chunks: unsupportedApiVersions(correlationId, api) };
      return { kind: "close", reason: `${api.name} v${apiVersion} is not supported (${api.minVersion}-${api.maxVersion})` };
    }
    const decoded = decodeRequest(api, frame);
    if (!decoded.ok) return { kind: "close", reason: `malformed ${api.name} v${apiVersion}: ${decoded.error.message}` };
    const started = process.hrtime.bigint();
    try {
      const response = await entry.handle(decoded.value.body, { ...context, header: decoded.value.header });
      const outcome: DispatchOutcome = response === NO_RESPONSE ? { kind: "silent" } : { kind: "respond", chunks: encodeResponse(api, apiVersion, correlationId, response) };
      this.requests?.observe(api.name, Number(process.hrtime.bigint() - started) / 1e9);
      return outcome;
    } catch (cause) {
      // A handler bug must cost one connection, never the broker.
      this.logger.error({ err: cause, api: api.name, version: apiVersion }, "request handler failed");
      return { kind: "close", reason: `internal error handling ${api.name}` };
    }
  }
}
