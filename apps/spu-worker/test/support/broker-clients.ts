import { createClient, type FreshetClient } from "@freshet/client/client";
import { Kafka, logLevel, type Admin } from "kafkajs";
import type { SpuProcess } from "./spu-process.js";

/** A kafkajs client with its admin connected, and a Freshet client, on one broker process. */
export interface BrokerClients {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly client: FreshetClient;
}

export async function connectClients(spu: SpuProcess, clientId: string): Promise<BrokerClients> {
  const kafka = new Kafka({ clientId, brokers: [spu.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 } });
  const admin = kafka.admin();
  await admin.connect();
  return { kafka, admin, client: createClient({ bootstrap: spu.bootstrap }) };
}

export async function disconnectClients(clients: BrokerClients): Promise<void> {
  await clients.client.close();
  await clients.admin.disconnect();
}
