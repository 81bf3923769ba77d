import { errorCode } from "@freshet/protocol/errors/error-codes";
import { initProducerId } from "@freshet/protocol/messages/init-producer-id";
import type { BrokerContext } from "./broker-context.js";
import { handler } from "../server/handler.js";

export function initProducerIdHandler(ctx: BrokerContext) {
  return handler(initProducerId, async (request) => {
    // Transactions are not implemented; an idempotent producer sends a null id.
    if (request.transactionalId !== null) {
      return { throttleTimeMs: 0, errorCode: errorCode("INVALID_REQUEST"), producerId: -1n, producerEpoch: -1 };
    }
    const producerId = await ctx.topics.allocateProducerId();
    return { throttleTimeMs: 0, errorCode: 0, producerId: BigInt(producerId), producerEpoch: 0 };
  });
}
