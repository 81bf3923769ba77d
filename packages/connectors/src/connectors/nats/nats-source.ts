import type { Consumer, JsMsg } from "@nats-io/jetstream";
import { defineSource, type SourceBatch } from "../../kit/connector.js";
import { PermanentError } from "../../kit/errors.js";
import { errorText } from "../error-text.js";
import { durableNameOf, ensureDurableConsumer } from "./durable-consumer.js";
import { recordOf } from "./jetstream-record.js";
import { NatsLink } from "./nats-link.js";
import { natsSourceConfig } from "./nats-source-config.js";
import { pullBatch } from "./pull-batch.js";

export default defineSource({
  type: "nats-source",
  kind: "source",
  description: "Reads a NATS JetStream stream through a durable pull consumer; messages are acknowledged once their records are in the cluster.",
  config: natsSourceConfig,

  async check({ config, name, logger }) {
    let link: NatsLink;
    try {
      link = await NatsLink.open(config, name, logger);
    } catch (error) {
      return { ok: false, message: errorText(error) };
    }
    try {
      await link.jsm.streams.info(config.stream);
      return { ok: true, detail: `stream ${config.stream} is readable as durable ${durableNameOf(config, name)}` };
    } catch (error) {
      return { ok: false, message: `cannot read the NATS stream ${config.stream}: ${errorText(error)}.` };
    } finally {
      await link.close();
    }
  },

  async open({ config, name, logger, maxBatch }) {
    const link = await NatsLink.open(config, name, logger);
    const durable = durableNameOf(config, name);
    let consumer: Consumer;
    try {
      await ensureDurableConsumer(link.jsm, config, durable);
      consumer = await link.js.consumers.get(config.stream, durable);
    } catch (error) {
      await link.close();
      throw error instanceof PermanentError ? error : new Error(`cannot open the durable consumer ${durable} of stream ${config.stream}: ${errorText(error)}`, { cause: error });
    }
    /** Delivered but not yet committed: given back on close so a restart reads them at once. */
    const unacknowledged = new Set<JsMsg>();

    return {
      async poll(signal: AbortSignal): Promise<SourceBatch> {
        link.assertConnected();
        const batch = await pullBatch(consumer, maxBatch, signal);
        for (const message of batch) unacknowledged.add(message);
        return {
          records: batch.map(recordOf),
          commit: async () => {
            for (const message of batch) {
              message.ack();
              unacknowledged.delete(message);
            }
            await link.flush();
          },
        };
      },

      async close(): Promise<void> {
        try {
          for (const message of unacknowledged) message.nak();
          unacknowledged.clear();
          // Unconfirmed naks only mean those messages come again after ackWaitSeconds instead of at once.
          if (link.connected) await link.flush().catch((error: unknown) => logger.warn({ err: error }, "NATS did not confirm giving back unacknowledged messages"));
        } finally {
          await link.close();
        }
      },
    };
  },
});
