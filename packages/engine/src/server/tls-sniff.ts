import type { Socket } from "node:net";
import { TLSSocket, type SecureContext } from "node:tls";
import type { Clock } from "../system/clock.js";

/** First byte of a TLS record carrying a handshake (a ClientHello). */
const TLS_HANDSHAKE_RECORD = 0x16;

/**
 * The largest frame a listener that sniffs TLS may accept: a Kafka frame starts
 * with its int32 size, so a size below 0x16000000 never begins with the TLS byte.
 */
export const LARGEST_FRAME_WITH_TLS = TLS_HANDSHAKE_RECORD * 2 ** 24 - 1;

export interface AcceptedStream {
  readonly socket: Socket;
  /** Whether the client speaks TLS on this connection. */
  readonly encrypted: boolean;
}

/**
 * One port serves plaintext and TLS clients: the first byte tells them apart
 * (a TLS ClientHello starts with 0x16, a Kafka request with the high byte of a
 * size the broker would refuse). Plaintext keeps working for clients and the
 * cluster's own replication (SCRAM never sends the password), while PLAIN logins
 * and anyone who wants encryption connect with TLS to the same advertised address.
 * Resolves null when the client leaves, or stays silent for `timeoutMs`, before sending anything.
 */
export function sniffTls(socket: Socket, context: SecureContext, timeoutMs: number, clock: Clock): Promise<AcceptedStream | null> {
  return new Promise((resolve) => {
    const onClose = () => {
      cancelSilence();
      resolve(null);
    };
    // A client that connects and never sends a byte is idle like any other.
    const cancelSilence = clock.schedule(timeoutMs, () => socket.destroy());
    socket.once("close", onClose);
    socket.once("readable", () => {
      cancelSilence();
      socket.off("close", onClose);
      const first = socket.read(1) as Buffer | null;
      if (first === null) return resolve(null);
      socket.unshift(first);
      if (first[0] !== TLS_HANDSHAKE_RECORD) return resolve({ socket, encrypted: false });
      const tls = new TLSSocket(socket, { isServer: true, secureContext: context });
      // A failed handshake only ends this connection.
      tls.once("error", () => tls.destroy());
      resolve({ socket: tls, encrypted: true });
    });
    // pauseOnConnect sockets emit "readable" only once reading has started.
    socket.resume();
    socket.pause();
  });
}
