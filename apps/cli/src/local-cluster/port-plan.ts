import { assertNever } from "@freshet/client/assert-never";
import { UserError } from "../errors/user-error.js";
import type { ProcessHost } from "./process-host.js";

/**
 * How a listener port was asked for: `explicit` (the user named it: taken is an
 * error, 0 = any free one), `preferred` (a default or the port a process had
 * before: taken means a free one instead), or `any`.
 */
export type PortRequest = { readonly kind: "explicit"; readonly port: number; readonly flag: string } | { readonly kind: "preferred"; readonly port: number } | { readonly kind: "any" };

/** Fluvio's SC port; the SPUs take Kafka's 9092 upwards. */
export const DEFAULT_SC_PORT = 9003;
export const DEFAULT_SPU_PORT = 9092;
export const MAX_PORT = 65_535;

/** The port to pass to a worker (0 = it binds a free one). */
export async function choosePort(machine: ProcessHost, host: string, request: PortRequest): Promise<number> {
  switch (request.kind) {
    case "any":
      return 0;
    case "preferred":
      if (request.port === 0 || request.port > MAX_PORT) return 0;
      return (await machine.portInUse(host, request.port)) ? 0 : request.port;
    case "explicit":
      if (request.port === 0) return 0;
      if (request.port > MAX_PORT) throw new UserError(`port ${request.port} is above ${MAX_PORT} — pick a lower ${request.flag}`);
      if (await machine.portInUse(host, request.port)) {
        throw new UserError(`port ${request.port} on ${host} is already in use — stop what uses it or pick another with ${request.flag}`);
      }
      return request.port;
    default:
      return assertNever(request);
  }
}

/** The i-th port from a base request: P, P+1, … (0 stays "any free port"). */
export function offsetPort(request: PortRequest, offset: number): PortRequest {
  if (request.kind === "any" || request.port === 0) return request;
  return { ...request, port: request.port + offset };
}
