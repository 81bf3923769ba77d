import type { MqttClient } from "mqtt";
import { defineSink } from "../../kit/connector.js";
import { RecordError } from "../../kit/errors.js";
import { renderRecordTemplate } from "../shared/record-template.js";
import { connectMqtt, mqttFailure } from "./mqtt-connection.js";
import { mqttSinkConfig } from "./mqtt-sink-config.js";

/** Why `topic` cannot be published to, or undefined. */
function badTopic(topic: string): string | undefined {
  if (topic === "") return "the record makes an empty MQTT topic";
  if (/[+#]/.test(topic) || topic.includes("\u0000")) return `the record makes the MQTT topic "${topic}", which holds a wildcard or NUL`;
  if (Buffer.byteLength(topic) > 65_535) return "the record makes an MQTT topic longer than 65535 bytes";
  return undefined;
}

/** Rejects once the connection drops or `signal` aborts: a publish waiting for its PUBACK would otherwise wait for the reconnection. */
function interruption(client: MqttClient, url: string, signal: AbortSignal): { promise: Promise<never>; dispose(): void } {
  let dispose = (): void => undefined;
  const promise = new Promise<never>((_, reject) => {
    const onClose = (): void => reject(new Error(`lost the connection to the MQTT broker at ${url} before it acknowledged every message`));
    const onAbort = (): void => reject(signal.reason);
    client.once("close", onClose);
    signal.addEventListener("abort", onAbort, { once: true });
    dispose = () => {
      client.off("close", onClose);
      signal.removeEventListener("abort", onAbort);
    };
  });
  return { promise, dispose: () => dispose() };
}

export default defineSink({
  type: "mqtt-sink",
  kind: "sink",
  description: "Publishes each record's value to an MQTT topic made from the record's key or topic.",
  config: mqttSinkConfig,

  async check({ config, name }) {
    try {
      const client = await connectMqtt(config, { clientId: `${config.clientId ?? `freshet-${name}`}-check`, clean: true, reconnectPeriod: 0 });
      await client.endAsync(true);
      return { ok: true, detail: `connected to ${config.url}` };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  },

  async open({ config, name, logger }) {
    let closed = false;
    let lastError: Error | undefined;
    const client = await connectMqtt(config, { clientId: config.clientId ?? `freshet-${name}`, clean: true }, (client) => {
      client.on("error", (error) => {
        lastError = error;
        logger.warn({ err: error }, "MQTT client error");
      });
      client.on("connect", () => (lastError = undefined));
    });

    return {
      async write(records, signal) {
        signal.throwIfAborted();
        if (!client.connected) {
          // A broker that now refuses the credentials makes a PermanentError; an unreachable one a retriable Error.
          throw lastError === undefined ? new Error(`not connected to the MQTT broker at ${config.url} (reconnecting)`) : mqttFailure(lastError, config.url);
        }
        const topics = records.map((record) => renderRecordTemplate(config.topic, record));
        const refused = topics.findIndex((topic) => badTopic(topic) !== undefined);
        const publishable = refused === -1 ? records.length : refused;
        // Published together so their PUBACKs overlap; the write ends when the last one is in.
        const publishes = records
          .slice(0, publishable)
          .map((record, index) => client.publishAsync(topics[index] ?? "", Buffer.from(record.value ?? new Uint8Array()), { qos: config.qos, retain: config.retain }));
        // Those still waiting when the write gives up are removed below and reject with nobody listening.
        for (const publish of publishes) publish.catch(() => undefined);
        const stop = interruption(client, config.url, signal);
        try {
          await Promise.race([Promise.all(publishes), stop.promise]);
        } catch (error) {
          // The runtime writes one batch at a time and sends these records again; without this mqtt.js would also resend its unacknowledged copies after reconnecting.
          for (const messageId of Object.keys(client.outgoing)) client.removeOutgoingMessage(Number(messageId));
          if (signal.aborted) throw signal.reason;
          throw "code" in (error as object) ? mqttFailure(error, config.url) : error;
        } finally {
          stop.dispose();
        }
        if (refused !== -1) throw new RecordError(refused, badTopic(topics[refused] ?? "") ?? "");
      },
      async close() {
        if (closed) return;
        closed = true;
        await client.endAsync();
      },
    };
  },
});
