import { z } from "zod";
import { EXIT_USAGE, UserError } from "../errors/user-error.js";
import { DEFAULT_SC_PORT, DEFAULT_SPU_PORT, type PortRequest } from "../local-cluster/port-plan.js";
import { count } from "../options/zod-options.js";

const port = count.pipe(z.number().max(65_535, "a port is at most 65535"));
/** More SPUs than this on one machine is a mistake, not a test. */
const MAX_LOCAL_SPUS = 64;

export const clusterStartSchema = z
  .object({
    local: z.boolean().optional(),
    spus: count.pipe(z.number().min(1, "a cluster needs at least 1 SPU").max(MAX_LOCAL_SPUS, `at most ${MAX_LOCAL_SPUS} SPUs run on one machine`)).optional(),
    dataDir: z.string().min(1).optional(),
    port: port.optional(),
    scPort: port.optional(),
    host: z.string().min(1).default("127.0.0.1"),
  })
  .refine((o) => o.scPort === undefined || o.spus !== undefined, { message: "--sc-port only applies with --spus", path: ["scPort"] })
  .refine((o) => o.spus === undefined || o.port === undefined || o.port === 0 || o.port + o.spus - 1 <= 65_535, {
    message: "the SPUs' ports (--port and the ones after it) must stay below 65536",
    path: ["port"],
  });

export type ClusterStartOptions = z.output<typeof clusterStartSchema>;

/** A port flag as a request: given (taken is an error, 0 = free ports) or defaulted (taken = a free one). */
export function portRequest(value: number | undefined, fallback: number, flag: string): PortRequest {
  return value === undefined ? { kind: "preferred", port: fallback } : { kind: "explicit", port: value, flag };
}

/** Where a new cluster listens; `--port 0` alone means free ports for every process, the SC's included. */
export function clusterPorts(options: ClusterStartOptions): { spuPort: PortRequest; scPort: PortRequest } {
  const spuPort = portRequest(options.port, DEFAULT_SPU_PORT, "--port");
  if (options.scPort === undefined && options.port === 0) return { spuPort, scPort: { kind: "any" } };
  return { spuPort, scPort: portRequest(options.scPort, DEFAULT_SC_PORT, "--sc-port") };
}

export const dataDirSchema = z.object({ dataDir: z.string().min(1).optional() });

export const spuStartSchema = z.object({ dataDir: z.string().min(1).optional(), empty: z.boolean().optional() });

export const spuAddSchema = z.object({ dataDir: z.string().min(1).optional(), port: port.optional() });

export const spuListSchema = z.object({ sc: z.string().min(1).optional(), controllerSecret: z.string().min(1).optional() });

export const partitionListSchema = z.object({ topic: z.string().min(1, "the topic name cannot be empty").optional() });

/** An SPU id given as a command argument. */
export function parseSpuId(text: string): number {
  const parsed = count.pipe(z.number().max(2 ** 31 - 1)).safeParse(text);
  if (!parsed.success) throw new UserError(`invalid SPU id "${text}": must be a whole number from 0 to ${2 ** 31 - 1}`, EXIT_USAGE);
  return parsed.data;
}
