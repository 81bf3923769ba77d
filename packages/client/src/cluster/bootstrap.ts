import { err, ok, type Result } from "@freshet/protocol/result";
import type { BrokerAddress } from "../transport/transport.js";

export const DEFAULT_KAFKA_PORT = 9092;

function parseOne(entry: string): Result<BrokerAddress, string> {
  // "[v6addr]:port" or "host:port" or a bare host (default port).
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  const plain = /^([^:[\]]+)(?::(\d+))?$/.exec(entry);
  const match = bracketed ?? plain;
  if (match === null) return err(`"${entry}" is not host:port`);
  const host = match[1]!;
  if (match[2] === undefined) return ok({ host, port: DEFAULT_KAFKA_PORT });
  const port = Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return err(`"${entry}" has an invalid port`);
  return ok({ host, port });
}

/** Parses "host:port[,host:port…]" as users and Kafka tools write bootstrap lists. */
export function parseBootstrap(list: string): Result<BrokerAddress[], string> {
  const entries = list
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (entries.length === 0) return err("the bootstrap list is empty");
  const addresses: BrokerAddress[] = [];
  for (const entry of entries) {
    const parsed = parseOne(entry);
    if (!parsed.ok) return parsed;
    addresses.push(parsed.value);
  }
  return ok(addresses);
}
