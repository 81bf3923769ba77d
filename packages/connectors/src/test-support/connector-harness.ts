import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { stringify } from "yaml";
import { startConnector, type RunningConnector } from "../runtime/run-connector.js";
import { readStatusFile, type ConnectorStatus } from "../runtime/status-file.js";

const fixtures = resolve(fileURLToPath(new URL(".", import.meta.url)), "fixtures");
/** The kit-built test connectors (plain JavaScript modules). */
export const COUNTER_SOURCE = join(fixtures, "counter-source.mjs");
export const JSONL_SINK = join(fixtures, "jsonl-sink.mjs");

/** A folder for one test's connector configs, status files and sink output. */
export class ConnectorWorkspace {
  private constructor(readonly dir: string) {}

  static async create(): Promise<ConnectorWorkspace> {
    return new ConnectorWorkspace(await mkdtemp(join(tmpdir(), "freshet-connector-")));
  }

  /** Writes the connector's YAML (the object as given) and answers its path. */
  async writeConfig(document: Record<string, unknown>): Promise<string> {
    const path = join(this.dir, `${String(document["name"])}.yaml`);
    await writeFile(path, stringify(document));
    return path;
  }

  /** Runs the connector in this process, as `--role connector` would, with its status in <dir>/<name>/. */
  async start(document: Record<string, unknown>, statusIntervalMs = 100): Promise<RunningConnector> {
    const configPath = await this.writeConfig(document);
    return startConnector({ configPath, dataDir: this.dir, logger: pino({ level: "silent" }), statusIntervalMs });
  }

  status(): Promise<ConnectorStatus | undefined> {
    return readStatusFile(this.dir);
  }

  /** The JSON lines a jsonl-sink appended to `file`. */
  async lines(file: string): Promise<Array<{ topic: string; partition: number; offset: number; key: string | null; value: string | null }>> {
    const text = await readFile(join(this.dir, file), "utf8").catch(() => "");
    return text
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as { topic: string; partition: number; offset: number; key: string | null; value: string | null });
  }

  path(file: string): string {
    return join(this.dir, file);
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}
