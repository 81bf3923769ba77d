import { randomBytes } from "node:crypto";
import type { PipelinePreview, PreviewSnapshot } from "@freshet/pipeline/preview";
import { AppError } from "../errors.js";

export interface PreviewRegistryOptions {
  /** Previews one org may have running or paused at once. Default 2. */
  readonly perOrg?: number;
  /** How long an ended preview's last snapshot stays readable. Default 10 minutes. */
  readonly keepEndedMs?: number;
}

interface Entry {
  readonly orgId: string;
  /** Undefined while it starts (the slot is taken already). */
  preview: PipelinePreview | undefined;
  /** The snapshot it ended with, once it released everything. */
  final: PreviewSnapshot | undefined;
  forget: NodeJS.Timeout | undefined;
}

const live = (entry: Entry): boolean => entry.final === undefined;

/**
 * The previews this API process runs (in memory: a preview is a few minutes of sampling, nothing
 * to keep across restarts). Each belongs to one org; another org's id answers like an unknown one.
 * An ended preview's last snapshot stays for a while so the console reads how it ended, then goes.
 */
export class PreviewRegistry {
  readonly #entries = new Map<string, Entry>();
  readonly #perOrg: number;
  readonly #keepEndedMs: number;
  #closed = false;

  constructor(options: PreviewRegistryOptions = {}) {
    this.#perOrg = options.perOrg ?? 2;
    this.#keepEndedMs = options.keepEndedMs ?? 600_000;
  }

  /** Starts a preview for `orgId` unless it has as many running as it may; the slot is held while it starts. */
  async start(orgId: string, run: () => Promise<PipelinePreview>): Promise<string> {
    if (this.#closed) throw new AppError("cluster-unreachable", "The API server is shutting down; try again in a moment.");
    const running = [...this.#entries.values()].filter((e) => e.orgId === orgId && live(e)).length;
    if (running >= this.#perOrg) throw new AppError("plan-limit", `At most ${this.#perOrg.toString()} previews run at once in an organization; stop one first.`);
    const id = `prv_${randomBytes(12).toString("hex")}`;
    const entry: Entry = { orgId, preview: undefined, final: undefined, forget: undefined };
    this.#entries.set(id, entry);
    try {
      entry.preview = await run();
    } catch (error) {
      this.#entries.delete(id);
      throw error;
    }
    const preview = entry.preview;
    void preview.finished.then(() => {
      entry.final = preview.poll();
      entry.preview = undefined;
      if (!this.#closed && this.#entries.get(id) === entry) entry.forget = setTimeout(() => this.#entries.delete(id), this.#keepEndedMs).unref();
    });
    return id;
  }

  poll(orgId: string, id: string): PreviewSnapshot {
    const entry = this.#entry(orgId, id);
    return entry.final ?? entry.preview?.poll() ?? starting();
  }

  pause(orgId: string, id: string): PreviewSnapshot {
    this.#entry(orgId, id).preview?.pause();
    return this.poll(orgId, id);
  }

  resume(orgId: string, id: string): PreviewSnapshot {
    this.#entry(orgId, id).preview?.resume();
    return this.poll(orgId, id);
  }

  async stop(orgId: string, id: string): Promise<PreviewSnapshot> {
    await this.#entry(orgId, id).preview?.stop();
    return this.poll(orgId, id);
  }

  /** Previews of `orgId` running or paused. */
  runningCount(orgId: string): number {
    return [...this.#entries.values()].filter((e) => e.orgId === orgId && live(e)).length;
  }

  /** Stops every preview and forgets them all; safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    const entries = [...this.#entries.values()];
    await Promise.allSettled(entries.map((e) => e.preview?.stop()));
    for (const entry of entries) clearTimeout(entry.forget);
    this.#entries.clear();
  }

  #entry(orgId: string, id: string): Entry {
    const entry = this.#entries.get(id);
    if (entry === undefined || entry.orgId !== orgId) throw new AppError("not-found", "No such preview: it may have ended a while ago.");
    return entry;
  }
}

function starting(): PreviewSnapshot {
  return { state: "running", reason: "starting", elapsedMs: 0, records: 0, nodes: {} };
}
