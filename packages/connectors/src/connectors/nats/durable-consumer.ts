import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { PermanentError } from "../../kit/errors.js";
import type { NatsSourceConfig } from "./nats-source-config.js";

export function durableNameOf(config: NatsSourceConfig, connectorName: string): string {
  return config.durable ?? `freshet-${connectorName}`;
}

/**
 * Creates the durable pull consumer on first start (deliverPolicy applies then only) or checks the
 * existing one still reads what the config asks: NATS keeps the read position, not Freshet.
 */
export async function ensureDurableConsumer(jsm: JetStreamManager, config: NatsSourceConfig, durable: string): Promise<void> {
  try {
    const existing = await jsm.consumers.info(config.stream, durable);
    const filter = existing.config.filter_subject ?? "";
    if (filter !== (config.subject ?? "")) {
      throw new PermanentError(
        `the durable consumer ${durable} of stream ${config.stream} reads subject "${filter}", not config.subject "${config.subject ?? ""}"; delete it or choose another durable.`,
      );
    }
    return;
  } catch (error) {
    const code = error instanceof JetStreamApiError ? error.code : undefined;
    if (code === JetStreamApiCodes.StreamNotFound) throw new PermanentError(`the NATS stream ${config.stream} does not exist.`, { cause: error });
    if (code !== JetStreamApiCodes.ConsumerNotFound) throw error;
  }
  await jsm.consumers.add(config.stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: config.deliverPolicy === "all" ? DeliverPolicy.All : DeliverPolicy.New,
    ack_wait: nanos(config.ackWaitSeconds * 1_000),
    // No server-side cap (its default, 1,000, made a pull of a larger delivery.batchSize wait out its
    // expiry for the rest): the runtime itself holds at most one batch unacknowledged.
    max_ack_pending: -1,
    ...(config.subject === undefined ? {} : { filter_subject: config.subject }),
  });
}
