import { dirname, normalize } from "node:path";
import type { Clock } from "../../system/clock.js";
import { systemClock } from "../../system/clock.js";
import type { FileStat, LogFile, LogFileSystem, OpenMode } from "./log-file-system.js";

/**
 * An in-memory disk that keeps, per file, what was *written* apart from what was made
 * *durable*, modelled on LazyFS: file contents become durable at `sync()` of that file;
 * a created, renamed or unlinked name becomes durable at `syncDirectory()` of its parent.
 * `crash()` is a power loss: every file reverts to its durable contents and the namespace
 * to its durable entries; open handles die. Directories themselves are durable as soon
 * as they are made (the log's directories are made once, long before anything is at risk).
 *
 * Faults: a capacity limit (writes past it write what fits, then fail with ENOSPC), one-shot
 * errors on a named operation, and gates that hold `sync()` or `read()` calls open so tests can make
 * appends arrive while an fsync is in flight without sleeping.
 */
export type DiskOperation = "open" | "read" | "writev" | "sync" | "truncate" | "rename" | "unlink" | "syncDirectory";

export interface InjectedFault {
  readonly op: DiskOperation;
  /** Only paths ending with this string fail; any path when omitted. */
  readonly pathEndsWith?: string;
  readonly code: string;
}

export interface CrashOptions {
  /**
   * How many bytes of a file's unsynced appended tail reach the platter anyway (a torn
   * write): called for each file that has such a tail; 0 when omitted.
   */
  readonly keepUnsynced?: (path: string, unsyncedBytes: number) => number;
}

interface Inode {
  data: Uint8Array;
  length: number;
  durable: Uint8Array;
  mtimeMs: number;
}

type Entry = { readonly kind: "file"; readonly inode: Inode } | { readonly kind: "dir" };

function fsError(code: string, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

class SimulatedFile implements LogFile {
  closed = false;

  constructor(
    readonly path: string,
    private readonly inode: Inode,
    private readonly disk: SimulatedDisk,
    private readonly generation: number,
    private readonly writable: boolean,
  ) {}

  private alive(op: DiskOperation): void {
    if (this.closed || this.generation !== this.disk.generation) throw fsError("EBADF", `${op} on a closed handle ${this.path}`);
    this.disk.failIfInjected(op, this.path);
  }

  async read(into: Uint8Array, position: number): Promise<number> {
    this.alive("read");
    await this.disk.passGate("read");
    this.alive("read");
    const available = Math.max(0, Math.min(into.byteLength, this.inode.length - position));
    into.set(this.inode.data.subarray(position, position + available));
    return available;
  }

  async writev(chunks: readonly Uint8Array[], position: number): Promise<void> {
    this.alive("writev");
    if (!this.writable) throw fsError("EBADF", `write to read-only handle ${this.path}`);
    this.disk.writeCalls += 1;
    let at = position;
    for (const chunk of chunks) {
      const room = this.disk.roomFor(this.inode, at, chunk.byteLength);
      this.disk.store(this.inode, at, chunk.subarray(0, room));
      at += room;
      if (room < chunk.byteLength) throw fsError("ENOSPC", `no space left writing ${this.path}`);
    }
  }

  async sync(): Promise<void> {
    this.alive("sync");
    this.disk.syncCalls += 1;
    await this.disk.passGate("sync");
    this.alive("sync");
    this.inode.durable = this.inode.data.slice(0, this.inode.length);
  }

  async truncate(length: number): Promise<void> {
    this.alive("truncate");
    this.disk.resize(this.inode, length);
  }

  async size(): Promise<number> {
    this.alive("read");
    return this.inode.length;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export class SimulatedDisk implements LogFileSystem {
  generation = 0;
  /** fsyncs of files (not directories) ever started. */
  syncCalls = 0;
  /** writev calls ever made. */
  writeCalls = 0;
  /** fsyncs currently held by `holdSyncs()`. */
  heldSyncs = 0;
  /** reads currently held by `holdReads()`. */
  heldReads = 0;
  /** Total bytes the disk may hold across live files; null means unlimited. */
  capacityBytes: number | null = null;
  #live = new Map<string, Entry>();
  #durable = new Map<string, Entry>();
  #faults: InjectedFault[] = [];
  #gates: Record<"sync" | "read", Promise<void> | null> = { sync: null, read: null };

  constructor(private readonly clock: Clock = systemClock) {}

  /** Makes every later `sync()` wait until the returned release function is called. */
  holdSyncs(): () => void {
    return this.#hold("sync");
  }

  /** Makes every later `read()` wait until the returned release function is called. */
  holdReads(): () => void {
    return this.#hold("read");
  }

  injectFault(fault: InjectedFault): void {
    this.#faults.push(fault);
  }

  /** Power loss: everything not made durable is gone; handles opened before it stop working. */
  crash(options: CrashOptions = {}): void {
    this.generation += 1;
    this.#gates = { sync: null, read: null };
    const inodes = new Map<Inode, string>();
    for (const map of [this.#durable, this.#live]) {
      for (const [path, entry] of map) if (entry.kind === "file") inodes.set(entry.inode, path);
    }
    for (const [inode, path] of inodes) {
      const durableLength = inode.durable.byteLength;
      const unsynced = inode.length - durableLength;
      const kept = unsynced > 0 ? Math.min(unsynced, Math.max(0, options.keepUnsynced?.(path, unsynced) ?? 0)) : 0;
      const survivor = new Uint8Array(durableLength + kept);
      survivor.set(inode.durable);
      survivor.set(inode.data.subarray(durableLength, durableLength + kept), durableLength);
      inode.data = survivor;
      inode.length = survivor.byteLength;
      inode.durable = survivor.slice();
    }
    this.#live = new Map(this.#durable);
  }

  /** The bytes a file holds now (written, durable or not); null if it does not exist. */
  contents(path: string): Uint8Array | null {
    const entry = this.#live.get(normalize(path));
    return entry?.kind === "file" ? entry.inode.data.slice(0, entry.inode.length) : null;
  }

  /** Overwrites bytes of a file in place and makes them durable, as bit rot would. */
  corrupt(path: string, position: number, bytes: Uint8Array): void {
    const entry = this.#live.get(normalize(path));
    if (entry?.kind !== "file") throw fsError("ENOENT", path);
    entry.inode.data.set(bytes, position);
    entry.inode.durable = entry.inode.data.slice(0, entry.inode.length);
  }

  async open(path: string, mode: OpenMode): Promise<LogFile> {
    const at = normalize(path);
    this.failIfInjected("open", at);
    this.#requireDirectory(dirname(at));
    let entry = this.#live.get(at);
    if (entry?.kind === "dir") throw fsError("EISDIR", at);
    if (!entry) {
      if (mode === "read") throw fsError("ENOENT", at);
      entry = { kind: "file", inode: { data: new Uint8Array(0), length: 0, durable: new Uint8Array(0), mtimeMs: this.clock.now() } };
      this.#live.set(at, entry);
    } else if (mode === "overwrite") {
      this.resize(entry.inode, 0);
    }
    return new SimulatedFile(at, entry.inode, this, this.generation, mode !== "read");
  }

  async mkdir(path: string): Promise<void> {
    let at = normalize(path);
    while (!this.#live.has(at) && at !== dirname(at)) {
      this.#live.set(at, { kind: "dir" });
      this.#durable.set(at, { kind: "dir" });
      at = dirname(at);
    }
  }

  async readdir(path: string): Promise<string[]> {
    const at = normalize(path);
    this.#requireDirectory(at);
    return [...this.#live.keys()].filter((key) => dirname(key) === at && key !== at).map((key) => key.slice(at.length + 1));
  }

  async stat(path: string): Promise<FileStat | null> {
    const entry = this.#live.get(normalize(path));
    if (!entry) return null;
    if (entry.kind === "dir") return { size: 0, mtimeMs: 0, isDirectory: true };
    return { size: entry.inode.length, mtimeMs: entry.inode.mtimeMs, isDirectory: false };
  }

  async rename(from: string, to: string): Promise<void> {
    const source = normalize(from);
    this.failIfInjected("rename", source);
    const entry = this.#live.get(source);
    if (!entry) throw fsError("ENOENT", source);
    this.#live.delete(source);
    this.#live.set(normalize(to), entry);
  }

  async unlink(path: string): Promise<void> {
    const at = normalize(path);
    this.failIfInjected("unlink", at);
    if (this.#live.get(at)?.kind === "file") this.#live.delete(at);
  }

  async removeDirectory(path: string): Promise<void> {
    const at = normalize(path);
    for (const map of [this.#live, this.#durable]) {
      for (const key of [...map.keys()]) if (key === at || key.startsWith(`${at}/`)) map.delete(key);
    }
  }

  async syncDirectory(path: string): Promise<void> {
    const at = normalize(path);
    this.failIfInjected("syncDirectory", at);
    for (const key of [...this.#durable.keys()]) {
      if (dirname(key) === at && key !== at && !this.#live.has(key)) this.#durable.delete(key);
    }
    for (const [key, entry] of this.#live) if (dirname(key) === at && key !== at) this.#durable.set(key, entry);
  }

  failIfInjected(op: DiskOperation, path: string): void {
    const index = this.#faults.findIndex((fault) => fault.op === op && (fault.pathEndsWith === undefined || path.endsWith(fault.pathEndsWith)));
    if (index < 0) return;
    const [fault] = this.#faults.splice(index, 1);
    throw fsError(fault?.code ?? "EIO", `injected ${op} failure on ${path}`);
  }

  async passGate(op: "sync" | "read"): Promise<void> {
    const counter = op === "sync" ? "heldSyncs" : "heldReads";
    for (let gate = this.#gates[op]; gate; gate = this.#gates[op]) {
      this[counter] += 1;
      try {
        await gate;
      } finally {
        this[counter] -= 1;
      }
    }
  }

  /** Bytes of a write of `length` at `position` that fit under the capacity limit. */
  roomFor(inode: Inode, position: number, length: number): number {
    if (this.capacityBytes === null) return length;
    const growth = Math.max(0, position + length - inode.length);
    const free = this.capacityBytes - this.#usedBytes();
    return growth <= free ? length : Math.max(0, length - (growth - Math.max(0, free)));
  }

  store(inode: Inode, position: number, bytes: Uint8Array): void {
    const end = position + bytes.byteLength;
    if (end > inode.length) this.resize(inode, end);
    inode.data.set(bytes, position);
    inode.mtimeMs = this.clock.now();
  }

  resize(inode: Inode, length: number): void {
    if (length > inode.data.byteLength) {
      const grown = new Uint8Array(Math.max(length, inode.data.byteLength * 2, 4096));
      grown.set(inode.data.subarray(0, inode.length));
      inode.data = grown;
    } else if (length < inode.length) {
      inode.data.fill(0, length, inode.length);
    }
    inode.length = length;
    inode.mtimeMs = this.clock.now();
  }

  #usedBytes(): number {
    let used = 0;
    for (const entry of this.#live.values()) if (entry.kind === "file") used += entry.inode.length;
    return used;
  }

  #hold(op: "sync" | "read"): () => void {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = () => {
        if (this.#gates[op] === gate) this.#gates[op] = null;
        resolve();
      };
    });
    this.#gates[op] = gate;
    return release;
  }

  #requireDirectory(path: string): void {
    if (this.#live.get(path)?.kind !== "dir") throw fsError("ENOENT", `no directory ${path}`);
  }
}
