import { connect, type IClientOptions, type MqttClient } from "mqtt";
import { z } from "zod";
import { PermanentError } from "../../kit/errors.js";

/** The settings both MQTT connectors share: where the broker is and who the client is. */
export const mqttConnectionFields = {
  url: z
    .string()
    .regex(/^(mqtts?|wss?):\/\/.+/, "must be an mqtt://, mqtts://, ws:// or wss:// address")
    .describe("The broker, e.g. mqtt://broker.example.com:1883 (mqtts:// for TLS, ws:// or wss:// for WebSocket)."),
  clientId: z.string().min(1).max(65_535).optional().describe("The MQTT client id. Default freshet-<connector name>; two clients with one id push each other off the broker."),
  username: z.string().min(1).optional().describe("User name, when the broker wants one."),
  password: z.string().min(1).optional().describe("Password, when the broker wants one."),
  connectTimeoutMs: z.number().int().min(1).default(10_000).describe("Milliseconds to wait for the broker to accept the connection. Default 10000."),
};

export interface MqttConnectionSettings {
  readonly url: string;
  readonly clientId?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly connectTimeoutMs: number;
}

/** MQTT 5 CONNACK reason codes that say the broker will not let this client in, however often it tries. */
const REFUSED_FOR_GOOD: Readonly<Record<number, string>> = {
  133: "refused the client id",
  134: "refused the user name or password",
  135: "does not authorize this client (check username and password)",
  138: "has banned this client",
  140: "refused the authentication method",
};

/** A sentence for what went wrong talking to the broker at `url`. */
export function describeMqttError(error: unknown, url: string): string {
  const { code, message } = error as { code?: unknown; message?: string };
  if (code === "ECONNREFUSED") return `cannot reach the MQTT broker at ${url}: connection refused`;
  if (code === "ENOTFOUND") return `cannot reach the MQTT broker at ${url}: unknown host`;
  if (typeof code === "number" && REFUSED_FOR_GOOD[code] !== undefined) return `the MQTT broker at ${url} ${REFUSED_FOR_GOOD[code]}`;
  return `the MQTT broker at ${url} failed: ${message ?? String(error)}`;
}

/** The error for `error`: PermanentError when the broker refused this client for good, else a plain (retried) Error. */
export function mqttFailure(error: unknown, url: string): Error {
  const code = (error as { code?: unknown }).code;
  const message = describeMqttError(error, url);
  return typeof code === "number" && REFUSED_FOR_GOOD[code] !== undefined ? new PermanentError(message, { cause: error }) : new Error(message, { cause: error });
}

/**
 * What mqtt-source's ack handler passes to mqtt.js so that it goes on reading without sending
 * the PUBACK (mqtt.js then emits it as an 'error', which listeners ignore): the acknowledgement
 * is sent once the records are in the cluster.
 */
export const ACK_DEFERRED = new Error("acknowledged once the records are in the cluster");

/**
 * A connected MQTT 5 client. `wire` attaches listeners before the connection opens (so nothing
 * the broker sends right after CONNACK is missed). After the first connection mqtt.js reconnects
 * by itself; a first connection that fails rejects with mqttFailure's error instead.
 */
export async function connectMqtt(settings: MqttConnectionSettings, options: IClientOptions, wire?: (client: MqttClient) => void): Promise<MqttClient> {
  const client = connect(settings.url, {
    protocolVersion: 5,
    connectTimeout: settings.connectTimeoutMs,
    reconnectPeriod: 1_000,
    ...(settings.username === undefined ? {} : { username: settings.username }),
    ...(settings.password === undefined ? {} : { password: settings.password }),
    ...options,
  });
  wire?.(client);
  try {
    await new Promise<void>((resolve, reject) => {
      const settle = (error?: Error): void => {
        client.off("connect", onConnect).off("error", onError).off("close", onClose);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onConnect = (): void => settle();
      const onError = (error: Error): void => {
        if (error !== ACK_DEFERRED) settle(error);
      };
      const onClose = (): void => settle(new Error("the connection closed before the broker accepted it"));
      client.on("connect", onConnect).on("error", onError).on("close", onClose);
    });
  } catch (error) {
    await client.endAsync(true);
    throw mqttFailure(error, settings.url);
  }
  return client;
}
