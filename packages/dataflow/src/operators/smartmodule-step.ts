import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { EdgeChain } from "@freshet/client/smartmodules/edge";
import { elementId, Node, type Rec } from "./node.js";

const utf8 = new TextEncoder();
const text = new TextDecoder();

/** Resolves a step's `smartmodule:` (a .wasm path relative to the document, or a module name) to its bytes; the runtime's I/O. */
export type SmartModuleLoader = (module: string) => Uint8Array | Promise<Uint8Array>;

export interface SmartModuleStepOptions {
  readonly smartmodule: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * A filter, map or flatMap step run by a SmartModule (in a worker thread, through the client's
 * EdgeChain). Records are buffered and sent through the module once per process() call; the
 * watermark is held back while records wait, so nothing downstream sees them late. A record's
 * outputs keep its key unless the module changes it, its event time, and its id (several outputs
 * are numbered as a flatMap's are). Values go in as JSON text and come out parsed (text when not JSON).
 */
export class SmartModuleNode extends Node {
  #chain: Promise<EdgeChain> | null = null;
  #buffer: Rec[] = [];
  #held: number | null = null;

  constructor(
    id: string,
    kind: "filter" | "map" | "flatMap",
    private readonly step: SmartModuleStepOptions,
    private readonly load: SmartModuleLoader,
  ) {
    super(id, kind, 1);
  }

  push(rec: Rec): void {
    this.recordsIn++;
    this.#buffer.push(rec);
  }

  protected override forwardWatermark(watermark: number): void {
    if (this.#buffer.length > 0) this.#held = watermark;
    else super.forwardWatermark(watermark);
  }

  #open(): Promise<EdgeChain> {
    this.#chain ??= Promise.resolve(this.load(this.step.smartmodule)).then((module) => EdgeChain.open([{ name: this.step.smartmodule, module, params: this.step.params }]));
    return this.#chain;
  }

  /** Runs the buffered records through the module, emits the results, then lets the held watermark go. */
  async flush(): Promise<void> {
    if (this.#buffer.length === 0) return;
    const records = this.#buffer;
    this.#buffer = [];
    const chain = await this.#open();
    const inputs = records.map((rec, index): ConsumedRecord => ({
      topic: this.id,
      partition: 0,
      offset: index,
      timestamp: rec.time,
      key: rec.key === null ? null : utf8.encode(rec.key),
      value: utf8.encode(typeof rec.value === "string" ? rec.value : JSON.stringify(rec.value)),
      headers: [],
    }));
    const { records: outputs, errors } = await chain.afterConsume(inputs);
    const failed = new Map(errors.map((e) => [e.index, e.message]));
    for (const message of failed.values()) this.failed(message);
    const counts = new Map<number, number>();
    for (const out of outputs) {
      const index = Number(out.offset);
      const input = records[index]!;
      const n = counts.get(index) ?? 0;
      counts.set(index, n + 1);
      this.emit({ key: out.key === null ? null : text.decode(out.key), time: input.time, value: parseValue(out.value), id: this.kind === "flatMap" ? elementId(input.id, n) : input.id });
    }
    const held = this.#held;
    this.#held = null;
    if (held !== null) super.forwardWatermark(held);
  }

  async close(): Promise<void> {
    const chain = this.#chain;
    this.#chain = null;
    if (chain !== null) await (await chain).close();
  }
}

function parseValue(value: Uint8Array | null): unknown {
  if (value === null) return null;
  const decoded = text.decode(value);
  try {
    return JSON.parse(decoded);
  } catch {
    return decoded;
  }
}
