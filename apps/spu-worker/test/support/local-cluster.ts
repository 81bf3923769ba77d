import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { eventually } from "./spu-process.js";

const WORKER_ENTRY = resolve(dirname(fileURLToPath(import.meta.url)), "../../dist/main.js");

interface Member {
  child: ChildProcess;
  port: number;
  exited: Promise<void>;
}

/** A controller and N SPUs as real processes on free loopback ports, each with its own data dir. */
export class LocalCluster {
  readonly #members = new Map<string, Member>();
  #scPort = 0;

  private constructor(
    readonly root: string,
    readonly spuCount: number,
    private readonly extraArgs: string[],
  ) {}

  static async start(spuCount: number, extraArgs: string[] = []): Promise<LocalCluster> {
    const cluster = new LocalCluster(await mkdtemp(join(tmpdir(), "freshet-cluster-")), spuCount, extraArgs);
    await cluster.startController();
    for (let id = 0; id < spuCount; id++) await cluster.startSpu(id);
    return cluster;
  }

  get bootstrap(): string[] {
    return [...this.#members.entries()].filter(([name]) => name !== "sc").map(([, m]) => `127.0.0.1:${m.port}`);
  }

  async #launch(name: string, args: string[], port = 0): Promise<void> {
    const dataDir = join(this.root, name);
    const child = spawn(process.execPath, [WORKER_ENTRY, "--data-dir", dataDir, "--port", String(port), ...args], { stdio: "ignore" });
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    const bound = await eventually(`${name} to listen`, async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
      try {
        const info = JSON.parse(await readFile(join(dataDir, "spu.json"), "utf8")) as { pid: number; port: number };
        return info.pid === child.pid ? info.port : undefined;
      } catch {
        return undefined;
      }
    });
    this.#members.set(name, { child, port: bound, exited });
  }

  startController(): Promise<void> {
    return this.#launch("sc", ["--role", "sc", "--spu-timeout-ms", "2000", ...this.extraArgs], this.#scPort).then(() => {
      this.#scPort = this.#members.get("sc")!.port;
    });
  }

  /** Starts (or restarts, on its old port and data dir) SPU `id`. */
  startSpu(id: number): Promise<void> {
    const previous = this.#members.get(`spu-${id}`)?.port ?? 0;
    return this.#launch(`spu-${id}`, ["--role", "spu", "--node-id", String(id), "--sc", `127.0.0.1:${this.#scPort}`, "--replica-lag-max-ms", "3000"], previous);
  }

  /** Replaces SPU `id` by a new, empty one with the same id (its data dir wiped). */
  async replaceEmpty(id: number): Promise<void> {
    await this.kill(`spu-${id}`);
    await rm(join(this.root, `spu-${id}`), { recursive: true, force: true });
    await this.startSpu(id);
  }

  async kill(name: string): Promise<void> {
    const member = this.#members.get(name);
    if (member === undefined || member.child.exitCode !== null) return;
    member.child.kill("SIGKILL");
    await member.exited;
    await rm(join(this.root, name, "spu.json"), { force: true });
  }

  async stop(): Promise<void> {
    for (const [name, member] of this.#members) {
      if (member.child.exitCode === null && member.child.signalCode === null) {
        member.child.kill("SIGTERM");
        await member.exited;
      }
      this.#members.delete(name);
    }
    await rm(this.root, { recursive: true, force: true });
  }
}
