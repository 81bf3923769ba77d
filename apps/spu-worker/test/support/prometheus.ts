import { spawn, type ChildProcess } from "node:child_process";
import { access, constants, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually } from "./spu-process.js";

/** Debian's `prometheus` package (.ci/run installs it). */
export const PROMETHEUS = "/usr/bin/prometheus";

export interface ScrapeTarget {
  readonly address: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** One sample of an instant query's answer. */
export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PrometheusServer {
  /** Evaluates an instant PromQL query through the HTTP API (/api/v1/query). */
  query(promql: string): Promise<Sample[]>;
  output(): string;
  stop(): Promise<void>;
}

/** A port free right now, for programs that cannot be told to pick one themselves. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function config(targets: readonly ScrapeTarget[]): string {
  const statics = targets.map((target) => `      - targets: ["${target.address}"]\n        labels: ${JSON.stringify(target.labels)}`).join("\n");
  return `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: freshet\n    static_configs:\n${statics}\n`;
}

/** Runs the real Prometheus server scraping `targets` every second, on a scratch TSDB; waits until it is ready. */
export async function startPrometheus(targets: readonly ScrapeTarget[]): Promise<PrometheusServer> {
  try {
    await access(PROMETHEUS, constants.X_OK);
  } catch {
    throw new Error(`the Prometheus server is not installed at ${PROMETHEUS}: apt-get install prometheus (.ci/run does)`);
  }
  const dir = await mkdtemp(join(tmpdir(), "freshet-prometheus-"));
  await writeFile(join(dir, "prometheus.yml"), config(targets));
  const address = `127.0.0.1:${await freePort()}`;
  const child: ChildProcess = spawn(PROMETHEUS, [`--config.file=${join(dir, "prometheus.yml")}`, `--web.listen-address=${address}`, `--storage.tsdb.path=${join(dir, "data")}`, "--log.level=warn"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await eventually(
      "prometheus to be ready",
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${output}`);
        const ready = await fetch(`http://${address}/-/ready`).catch(() => null);
        return ready?.ok === true ? true : undefined;
      },
      30_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    async query(promql) {
      const response = await fetch(`http://${address}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await response.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      if (body.status !== "success") throw new Error(`prometheus query ${promql} failed: ${body.error ?? response.status}`);
      return body.data!.result.map((sample) => ({ metric: sample.metric, value: Number(sample.value[1]) }));
    },
    output: () => output,
    stop,
  };
}
