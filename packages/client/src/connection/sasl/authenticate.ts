import { saslAuthenticate } from "@freshet/protocol/messages/sasl-authenticate";
import { saslHandshake } from "@freshet/protocol/messages/sasl-handshake";
import { errorName } from "@freshet/protocol/errors/error-codes";
import type { BrokerConnection } from "../connection.js";
import { ConnectionError } from "../connection-error.js";
import { formatAddress } from "../../transport/transport.js";
import { handshakeMechanism, type SaslOptions } from "./sasl-options.js";
import { ScramClientExchange, ScramError } from "./scram-client.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Logs a fresh connection in: SaslHandshake v1 (so the tokens travel wrapped in
 * SaslAuthenticate requests, not as raw frames), then the mechanism's rounds in
 * SaslAuthenticate, as kafkajs and librdkafka do. Throws a ConnectionError of kind
 * "authentication" with the broker's message when refused.
 */
export async function authenticate(connection: BrokerConnection, options: SaslOptions): Promise<void> {
  const where = formatAddress(connection.address);
  const refused = (message: string, cause?: unknown) =>
    new ConnectionError("authentication", connection.address, `SASL ${handshakeMechanism(options)} login as "${options.username}" to ${where} failed: ${message}`, { cause });
  const mechanism = handshakeMechanism(options);
  if (connection.versionOf(saslHandshake) === undefined) throw refused("the broker does not offer SASL");
  const handshake = await connection.request(saslHandshake, { mechanism });
  if (handshake.errorCode !== 0) {
    throw refused(`${errorName(handshake.errorCode)} (the broker offers ${handshake.mechanisms.join(", ") || "no mechanism"})`);
  }
  const round = async (token: string): Promise<string> => {
    const response = await connection.request(saslAuthenticate, { authBytes: encoder.encode(token) });
    if (response.errorCode !== 0) throw refused(response.errorMessage ?? errorName(response.errorCode));
    return decoder.decode(response.authBytes);
  };
  if (options.mechanism === "plain") {
    await round(`\0${options.username}\0${options.password}`);
    return;
  }
  const exchange = new ScramClientExchange(options.username, "keys" in options ? { keys: options.keys } : { password: options.password });
  try {
    const serverFirst = await round(exchange.first());
    exchange.verify(await round(await exchange.final(serverFirst)));
  } catch (error) {
    if (error instanceof ScramError) throw refused(error.message, error);
    throw error;
  }
}
