import { decodeResponse, encodeRequest } from "@freshet/protocol/framing/codec";
import type { ApiDefinition, RequestOf, ResponseOf } from "@freshet/protocol/messages/define";
import type { FetchRequest } from "@freshet/protocol/messages/fetch";
import type { RawConnection } from "./raw-socket.js";

let correlationId = 0;

/** One request of `api` at exactly `version` (no negotiation), and its decoded answer. */
export async function rawRequest<A extends ApiDefinition>(conn: RawConnection, api: A, version: number, body: RequestOf<A>): Promise<ResponseOf<A>> {
  const id = ++correlationId;
  conn.send(encodeRequest(api, { apiKey: api.key, apiVersion: version, correlationId: id, clientId: "raw" }, body));
  const reply = decodeResponse(api, version, await conn.nextFrame(15_000));
  if (!reply.ok) throw new Error(`${api.name} v${version}: ${reply.error.message}`);
  if (reply.value.correlationId !== id) throw new Error(`answer ${reply.value.correlationId} for request ${id}`);
  return reply.value.body as ResponseOf<A>;
}

/** A consumer's Fetch (v13+) of `partitions` from offset 0 by topic id, without waiting. */
export function fetchById(topicId: string, partitions: number[]): FetchRequest {
  return {
    replicaId: -1,
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic: "",
        topicId,
        partitions: partitions.map((partition) => ({ partition, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1 << 20 })),
      },
    ],
    forgottenTopicsData: [],
    rackId: "",
  };
}
