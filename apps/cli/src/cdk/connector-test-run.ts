import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createClient, type FreshetClient } from "@freshet/client/client";
import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { parseConnectorConfig, type ConnectorConfig } from "@freshet/connectors/config";
import { loadConnector } from "@freshet/connectors/load";
import { ConnectorConfigError, startConnector } from "@freshet/connectors/runtime";
import { readStatusFile, type ConnectorStatus } from "@freshet/connectors/status";
import type { SmartRecord } from "@freshet/smartmodule/record";
import { pino, type Level } from "pino";
import { EXIT_USAGE, UserError } from "../errors/user-error.js";
import { startThrowawayBroker, type ThrowawayBroker } from "./throwaway-broker.js";

/** How often the run looks at the connector's status. */
const STATUS_POLL_MS = 100;

export interface ConnectorTestOptions {
  readonly configPath: string;
  /** A running cluster; absent: a throwaway local broker. */
  readonly bootstrap: string | undefined;
  readonly durationMs: number;
  /** Stop early once the connector wrote this many records (to its topic, or to the target). */
  readonly records: number | undefined;
  /** Records to produce to a sink's first topic before it starts. */
  readonly input: readonly SmartRecord[] | undefined;
  readonly logLevel: Level;
  readonly workerOverride: string | undefined;
}

export interface ConnectorTestResult {
  readonly status: ConnectorStatus;
  readonly bootstrap: string;
  readonly throwaway: boolean;
  /** A source's records in its topic, from where the topic ended when the run began. */
  readonly produced: readonly ConsumedRecord[] | undefined;
  readonly topic: string | undefined;
}

/** The config as the user wrote it, checked the way the runtime will check it, the connector's own block included. */
async function checkedConfig(configPath: string): Promise<ConnectorConfig> {
  const text = await readFile(configPath, "utf8").catch((cause: unknown) => {
    throw new UserError(`cannot read ${configPath}: ${(cause as Error).message}`, EXIT_USAGE);
  });
  const parsed = parseConnectorConfig(text);
  if (!parsed.ok) throw new UserError(`${configPath}: ${parsed.message}`, EXIT_USAGE);
  const loaded = await loadConnector(parsed.config, dirname(configPath));
  if (!loaded.ok) throw new UserError(`${configPath}: ${loaded.message}`, EXIT_USAGE);
  return parsed.config;
}

/** The config with its cluster replaced and its paths absolute, so it can be written to another folder. */
function configForRun(config: ConnectorConfig, baseDir: string, cluster: NonNullable<ConnectorConfig["cluster"]>): ConnectorConfig {
  const absolute = (path: string): string => (isAbsolute(path) ? path : resolve(baseDir, path));
  const sasl = cluster.sasl?.passwordFile === undefined ? cluster.sasl : { ...cluster.sasl, passwordFile: absolute(cluster.sasl.passwordFile) };
  return {
    ...config,
    ...(config.module === undefined ? {} : { module: absolute(config.module) }),
    transforms: config.transforms.map((t) => ({ ...t, module: absolute(t.module) })),
    cluster: { bootstrap: cluster.bootstrap, ...(sasl === undefined ? {} : { sasl }) },
  };
}

/** Each partition's end offset now; none for a topic that does not exist yet. */
async function endOffsets(client: FreshetClient, topic: string): Promise<Map<number, number>> {
  if (!(await client.admin.listTopics()).includes(topic)) return new Map();
  const description = await client.admin.describeTopic(topic);
  return new Map(description.partitions.map((p) => [p.partition, p.highWatermark]));
}

async function recordsSince(client: FreshetClient, topic: string, marks: Map<number, number>): Promise<ConsumedRecord[]> {
  if (!(await client.admin.listTopics()).includes(topic)) return [];
  const partitions = (await client.admin.describeTopic(topic)).partitions.map((p) => p.partition);
  const records: ConsumedRecord[] = [];
  for (const partition of partitions) {
    const start = { kind: "offset" as const, offset: marks.get(partition) ?? 0 };
    for await (const record of client.consume({ topic, partitions: [partition], start, exitAtEnd: true })) records.push(record);
  }
  return records;
}

async function produceInput(client: FreshetClient, topic: string, input: readonly SmartRecord[]): Promise<void> {
  if (!(await client.admin.listTopics()).includes(topic)) await client.admin.createTopics([{ name: topic }]);
  await client.producer().send(
    topic,
    input.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
  );
}

/**
 * Runs the connector `configPath` describes under the connector runtime for `durationMs` (less if
 * it fails or wrote `records`), against `bootstrap` or a throwaway broker, and answers its last status and, for a
 * source, the records it produced.
 */
export async function runConnectorTest(options: ConnectorTestOptions): Promise<ConnectorTestResult> {
  const configPath = resolve(options.configPath);
  const baseDir = dirname(configPath);
  const config = await checkedConfig(configPath);
  const kind = config.topic === undefined ? "sink" : "source";
  if (options.input !== undefined && kind === "source") throw new UserError("--input feeds a sink's topic; this connector is a source", EXIT_USAGE);
  let broker: ThrowawayBroker | undefined;
  const workDir = await mkdtemp(join(tmpdir(), "freshet-cdk-run-"));
  try {
    if (options.bootstrap === undefined) broker = await startThrowawayBroker(options.workerOverride);
    const bootstrap = options.bootstrap ?? broker!.bootstrap;
    const cluster = options.bootstrap === undefined ? { bootstrap } : { ...config.cluster, bootstrap };
    const runConfig = configForRun(config, baseDir, cluster);
    const runConfigPath = join(workDir, "connector.yaml");
    // JSON is YAML: the runtime reads it as it reads the user's file.
    await writeFile(runConfigPath, JSON.stringify(runConfig, null, 2));
    const client = createClient({ bootstrap, clientId: "freshet-cdk-test", ...(runConfig.cluster?.sasl === undefined ? {} : { sasl: await saslOf(runConfig.cluster.sasl) }) });
    try {
      if (options.input !== undefined) await produceInput(client, config.topics![0]!, options.input);
      const marks = kind === "source" ? await endOffsets(client, config.topic!) : new Map<number, number>();
      const connector = await startConnector({ configPath: runConfigPath, dataDir: workDir, logger: pino({ level: options.logLevel }, pino.destination(2)), statusIntervalMs: STATUS_POLL_MS }).catch(
        (error: unknown) => {
          if (error instanceof ConnectorConfigError) throw new UserError(error.message.replace(runConfigPath, configPath), EXIT_USAGE, { cause: error });
          throw error;
        },
      );
      const deadline = Date.now() + options.durationMs;
      let last = await readStatusFile(workDir);
      const enough = (status: ConnectorStatus | undefined): boolean => options.records !== undefined && (status?.metrics.recordsOut ?? 0) >= options.records;
      while (Date.now() < deadline && last?.state !== "failed" && !enough(last)) {
        await sleep(STATUS_POLL_MS);
        last = await readStatusFile(workDir);
      }
      await connector.close();
      // The state it ran in (a closed one is "stopped"), with the counts it closed with.
      const closed = await readStatusFile(workDir);
      if (last === undefined || closed === undefined) throw new Error(`the connector left no status in ${workDir}`);
      const status = { ...closed, state: last.state, ...(last.reason === undefined ? {} : { reason: last.reason }) };
      const produced = kind === "source" ? await recordsSince(client, config.topic!, marks) : undefined;
      return { status, bootstrap, throwaway: broker !== undefined, produced, topic: config.topic };
    } finally {
      await client.close();
    }
  } finally {
    await broker?.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function saslOf(sasl: NonNullable<NonNullable<ConnectorConfig["cluster"]>["sasl"]>): Promise<{ mechanism: "plain" | "scram-sha-256"; username: string; password: string }> {
  const password = sasl.password ?? (await readFile(sasl.passwordFile!, "utf8")).trim();
  return { mechanism: sasl.mechanism, username: sasl.username, password };
}
