import { errorCode } from "@freshet/protocol/errors/error-codes";
import { initProducerId } from "@freshet/protocol/messages/init-producer-id";
import type { BrokerContext } from "./broker-context.js";
import { handler } from "../server/handler.js";

const refused = (name: "INVALID_REQUEST") => ({ throttleTimeMs: 0, errorCode: errorCode(name), producerId: -1n, producerEpoch: -1 });

export function initProducerIdHandler(ctx: BrokerContext) {
  return handler(initProducerId, async (request) => {
    // Transactions are not implemented; an idempotent producer sends a null id.
    if (request.transactionalId !== null) return refused("INVALID_REQUEST");
    // v3+ (KIP-360): an id and an epoch come together or not at all, as Kafka checks.
    if ((request.producerId === -1n) !== (request.producerEpoch === -1)) return refused("INVALID_REQUEST");
    // Kafka hands an idempotent producer a fresh id whatever id and epoch it names.
    const producerId = await ctx.topics.allocateProducerId();
    return { throttleTimeMs: 0, errorCode: 0, producerId: BigInt(producerId), producerEpoch: 0 };
  });
}
