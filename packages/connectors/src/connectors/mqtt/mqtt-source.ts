import { randomUUID } from "node:crypto";
import type { IPublishPacket, MqttClient } from "mqtt";
import { defineSource, type RejectedRecord, type SourceBatch } from "../../kit/connector.js";
import { PermanentError } from "../../kit/errors.js";
import type { SourceRecord } from "../../kit/record.js";
import { ACK_DEFERRED, connectMqtt, mqttFailure } from "./mqtt-connection.js";
import { mqttSourceConfig, type MqttSourceConfig } from "./mqtt-source-config.js";

/** poll waits at most this long for messages, so the runtime can flush and notice a stop. */
const MAX_POLL_WAIT_MS = 1_000;

/** The largest Receive Maximum MQTT 5 allows. */
const MAX_RECEIVE_MAXIMUM = 65_535;

interface Received {
  readonly topic: string;
  readonly payload: Buffer;
  readonly qos: number;
  readonly messageId: number | undefined;
  /** Which connection brought it: an acknowledgement is only meaningful on that one. */
  readonly connection: number;
}

/** mqtt.js keeps its packet writer private; a deferred PUBACK / PUBREC has no public way out. */
interface PacketWriter {
  _sendPacket(packet: { cmd: "puback" | "pubrec"; messageId: number }, callback: (error?: Error) => void): void;
}

function sendAck(client: MqttClient, message: Received): Promise<void> {
  const messageId = message.messageId;
  if (message.qos === 0 || messageId === undefined) return Promise.resolve();
  // QoS 2: PUBREC hands the message over; the broker's PUBREL then finds nothing in mqtt.js's incoming store and is answered with PUBCOMP.
  const cmd = message.qos === 1 ? "puback" : "pubrec";
  return new Promise((resolve, reject) => (client as unknown as PacketWriter)._sendPacket({ cmd, messageId }, (error) => (error === undefined ? resolve() : reject(error))));
}

function toRecords(messages: readonly Received[], format: MqttSourceConfig["payloadFormat"]): { records: SourceRecord[]; rejected: RejectedRecord[] } {
  const records: SourceRecord[] = [];
  const rejected: RejectedRecord[] = [];
  for (const { topic, payload } of messages) {
    if (format === "binary") {
      records.push({ key: topic, value: new Uint8Array(payload) });
      continue;
    }
    try {
      records.push({ key: topic, value: JSON.stringify({ mqtt_topic: topic, payload: JSON.parse(payload.toString("utf8")) as unknown }) });
    } catch (cause) {
      rejected.push({ record: { key: topic, value: new Uint8Array(payload) }, error: `the payload is not JSON: ${(cause as Error).message}` });
    }
  }
  return { records, rejected };
}

async function subscribe(client: MqttClient, config: MqttSourceConfig, qos: MqttSourceConfig["qos"] = config.qos): Promise<void> {
  // rh 1: retained messages only for a new subscription, not again at every restart of a persistent one.
  const granted = await client.subscribeAsync(Object.fromEntries(config.topics.map((topic) => [topic, { qos, rh: 1 }])));
  const refused = granted.find((grant) => grant.qos >= 0x80);
  if (refused !== undefined) throw new PermanentError(`the MQTT broker at ${config.url} refused the subscription to ${refused.topic} (reason code ${refused.qos.toString()})`);
}

export default defineSource({
  type: "mqtt-source",
  kind: "source",
  description: "Subscribes to MQTT topics and produces each message, keyed by its MQTT topic, acknowledging it only once it is in the cluster.",
  config: mqttSourceConfig,
  capturable: true,

  async check({ config, name }) {
    let client: MqttClient | undefined;
    try {
      // Its own client id: connecting with the running connector's id would push that one off.
      client = await connectMqtt(config, { clientId: `${config.clientId ?? `freshet-${name}`}-check`, clean: true, reconnectPeriod: 0 });
      await subscribe(client, config);
      return { ok: true, detail: `connected to ${config.url} and subscribed to ${config.topics.join(", ")}` };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    } finally {
      await client?.endAsync(true);
    }
  },

  async open({ config, name, clock, logger, maxBatch, capture = false }) {
    const queue: Received[] = [];
    let connection = 0;
    let lastError: Error | undefined;
    let wake: (() => void) | undefined;
    let closed = false;

    const client = await connectMqtt(
      config,
      {
        // A capture (a preview) has its own id and a session that ends with it, so the deployed connector's session and queue are untouched.
        clientId: capture ? `${config.clientId ?? `freshet-${name}`}-preview-${randomUUID().slice(0, 8)}` : (config.clientId ?? `freshet-${name}`),
        // A persistent session: what arrives while the connector is stopped, and what it received but never acknowledged, is sent again.
        clean: capture,
        // The broker stops sending once this many are unacknowledged, which bounds what waits here.
        properties: { sessionExpiryInterval: capture ? 0 : config.sessionExpirySeconds, receiveMaximum: Math.min(maxBatch, MAX_RECEIVE_MAXIMUM) },
        customHandleAcks: (topic, payload, packet, done) => {
          const { qos, messageId } = packet as IPublishPacket;
          queue.push({ topic, payload, qos, messageId, connection });
          wake?.();
          (done as (error: Error) => void)(ACK_DEFERRED);
        },
      },
      (client) => {
        client.on("message", (topic, payload, packet: IPublishPacket) => {
          if (packet.qos !== 0) return;
          queue.push({ topic, payload, qos: 0, messageId: undefined, connection });
          wake?.();
        });
        client.on("error", (error) => {
          if (error === ACK_DEFERRED) return;
          lastError = error;
          logger.warn({ err: error }, "MQTT client error");
        });
        client.on("connect", () => {
          lastError = undefined;
          wake?.();
        });
        client.on("close", () => {
          // Unacknowledged messages come again on the next connection: drop their copies here.
          connection += 1;
          queue.splice(0, queue.length, ...queue.filter((message) => message.qos === 0));
        });
      },
    );
    try {
      // A capture never acknowledges (nothing reaches the cluster): QoS 0 needs no acknowledgement.
      await subscribe(client, config, capture ? 0 : config.qos);
    } catch (error) {
      await client.endAsync(true);
      throw error;
    }

    /** Waits up to MAX_POLL_WAIT_MS for a message, or while disconnected for mqtt.js to reconnect (so a runtime polling again at once does not spin). */
    async function waitForMessages(signal: AbortSignal): Promise<void> {
      if (queue.length > 0) return;
      const stop = new AbortController();
      const abort = (): void => stop.abort();
      signal.addEventListener("abort", abort, { once: true });
      try {
        const sleeping = clock.sleep(MAX_POLL_WAIT_MS, stop.signal).catch(() => undefined);
        await Promise.race([sleeping, new Promise<void>((resolve) => (wake = resolve))]);
      } finally {
        wake = undefined;
        signal.removeEventListener("abort", abort);
        stop.abort();
      }
      signal.throwIfAborted();
    }

    return {
      async poll(signal): Promise<SourceBatch> {
        signal.throwIfAborted();
        await waitForMessages(signal);
        if (queue.length === 0 && !client.connected) {
          // A broker that now refuses the credentials makes a PermanentError; an unreachable one a retriable Error.
          throw lastError === undefined ? new Error(`lost the connection to the MQTT broker at ${config.url}`) : mqttFailure(lastError, config.url);
        }
        const taken = queue.splice(0, maxBatch);
        if (taken.length === 0) return { records: [] };
        return {
          ...toRecords(taken, config.payloadFormat),
          commit: async () => {
            // Acknowledged in the order received, as MQTT requires; those from an earlier connection are being sent again anyway.
            for (const message of taken) if (message.connection === connection) await sendAck(client, message);
          },
        };
      },
      async close() {
        if (closed) return;
        closed = true;
        await client.endAsync();
      },
    };
  },
});
