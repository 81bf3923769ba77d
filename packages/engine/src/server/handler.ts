import type { RequestHeader } from "@freshet/protocol/framing/headers";
import type { ApiDefinition, RequestOf, ResponseOf } from "@freshet/protocol/messages/define";
import type { SaslSession } from "../auth/sasl-session.js";

/** What a handler knows about the request beyond its body. */
export interface RequestContext {
  readonly header: RequestHeader;
  readonly connectionId: number;
  readonly remoteAddress: string;
  /** Resolves when the client is gone or the broker is shutting down; long waits stop early. */
  readonly abandoned: Promise<void>;
  /** The connection's SASL state, on listeners that require authentication. */
  readonly sasl?: SaslSession;
  /**
   * Stops reading this connection for `ms` once the answer is on its way (KIP-219: a
   * quota violation is answered at once with its throttle time, then the channel is muted).
   */
  readonly throttle?: (ms: number) => void;
}

/** Returned by handlers that must not answer (Produce with acks=0). */
export const NO_RESPONSE = Symbol("no-response");

export interface ApiHandler<A extends ApiDefinition = ApiDefinition> {
  readonly api: A;
  /** Served but left out of ApiVersions: broker-to-broker APIs clients should not start using. */
  readonly internal?: boolean;
  handle(request: RequestOf<A>, context: RequestContext): Promise<ResponseOf<A> | typeof NO_RESPONSE> | ResponseOf<A> | typeof NO_RESPONSE;
}

/** Keeps the API's request/response types tied together when building the handler table. */
export function handler<A extends ApiDefinition>(api: A, handle: ApiHandler<A>["handle"], options: { internal?: boolean } = {}): ApiHandler<ApiDefinition> {
  return { api, handle, internal: options.internal ?? false } as unknown as ApiHandler<ApiDefinition>;
}
