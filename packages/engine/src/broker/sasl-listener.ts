import { AuthenticatedConnections } from "../auth/authenticated-connections.js";
import { CredentialStore } from "../auth/credential-store.js";
import type { CredentialsFile } from "../auth/credentials-file.js";
import { LoginThrottle } from "../auth/login-throttle.js";
import { SaslGate } from "../auth/sasl-gate.js";
import { saslHandlers } from "../handlers/sasl.js";
import type { ApiHandler } from "../server/handler.js";
import type { ConnectionGate } from "../server/kafka-server.js";
import type { EngineResources } from "../system/resources.js";

/** What a broker with credentials adds to its Kafka listener. */
export interface SaslListener {
  readonly credentials: CredentialStore;
  /** SaslHandshake and SaslAuthenticate. */
  readonly handlers: readonly ApiHandler[];
  /** One SASL gate per connection, sharing the login throttle and the register of who is logged in. */
  readonly gate: ConnectionGate;
}

/**
 * SASL (PLAIN and SCRAM-SHA-256) for a broker's users in `file`, re-read from `path` whenever
 * it changes. broker.ts imports this module only for a broker that has credentials: one
 * without never runs SCRAM, and does not keep its code in memory.
 */
export function openSasl(file: CredentialsFile, path: string | undefined, resources: EngineResources): SaslListener {
  const store = new CredentialStore(file);
  if (path !== undefined) store.watch(path, resources.logger);
  const services = { store, throttle: new LoginThrottle(resources.clock), sessions: new AuthenticatedConnections(), logger: resources.logger, clock: resources.clock };
  store.onRevoked((usernames) => {
    const closed = services.sessions.closeAll(usernames, "SASL credentials revoked");
    resources.logger.info({ usernames, closed }, "closed the connections of revoked SASL users");
  });
  return { credentials: store, handlers: saslHandlers(), gate: (dispatcher, _id, connection) => new SaslGate(dispatcher, services, connection) };
}
