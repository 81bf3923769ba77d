/** How a connection logs in, for brokers that require SASL (SASL_PLAINTEXT listeners). */
export type SaslOptions =
  | { readonly mechanism: "plain" | "scram-sha-256"; readonly username: string; readonly password: string }
  /**
   * SCRAM with the keys derived from a password instead of the password itself:
   * how Freshet SPUs log in to their peers (the broker's credentials file holds them).
   */
  | { readonly mechanism: "scram-sha-256"; readonly username: string; readonly keys: ScramKeys };

export interface ScramKeys {
  readonly clientKey: Uint8Array;
  readonly serverKey: Uint8Array;
}

/** The mechanism name SaslHandshake carries. */
export function handshakeMechanism(options: SaslOptions): "PLAIN" | "SCRAM-SHA-256" {
  return options.mechanism === "plain" ? "PLAIN" : "SCRAM-SHA-256";
}
