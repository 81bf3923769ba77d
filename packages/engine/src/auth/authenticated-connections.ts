import type { ConnectionHandle } from "../server/connection.js";

/**
 * The open connections of each logged-in user, so that revoking a user (or
 * changing their secret) ends the sessions it already let in, as Kafka's
 * re-authentication would at its next round.
 */
export class AuthenticatedConnections {
  readonly #byPrincipal = new Map<string, Set<ConnectionHandle>>();

  /** Tracks `connection` as `principal`'s until `gone` resolves (the connection closed). */
  add(principal: string, connection: ConnectionHandle, gone: Promise<void>): void {
    let connections = this.#byPrincipal.get(principal);
    if (connections === undefined) {
      connections = new Set();
      this.#byPrincipal.set(principal, connections);
    }
    connections.add(connection);
    void gone.then(() => {
      connections.delete(connection);
      if (connections.size === 0 && this.#byPrincipal.get(principal) === connections) this.#byPrincipal.delete(principal);
    });
  }

  /** Closes every connection of these users; returns how many were closed. */
  closeAll(principals: readonly string[], reason: string): number {
    let closed = 0;
    for (const principal of principals) {
      const connections = this.#byPrincipal.get(principal);
      if (connections === undefined) continue;
      this.#byPrincipal.delete(principal);
      for (const connection of connections) {
        connection.close(reason);
        closed++;
      }
    }
    return closed;
  }
}
