import { createClient, type FreshetClient } from "@freshet/client/client";
import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { startSpu, type RunningSpu } from "@freshet/client/internal/spu-process";

const decoder = new TextDecoder();

/** A real broker and a client of it, for the end-to-end tests of the built-in connectors. */
export class E2eCluster {
  private constructor(
    readonly spu: RunningSpu,
    readonly client: FreshetClient,
  ) {}

  static async start(): Promise<E2eCluster> {
    // No initial rebalance delay: each sink is its group's only member.
    const spu = await startSpu({ groupInitialRebalanceDelayMs: 0 });
    return new E2eCluster(spu, createClient({ bootstrap: spu.bootstrap }));
  }

  get bootstrap(): string {
    return this.spu.bootstrap;
  }

  /** Every record of `topic` so far; none while the topic does not exist yet. */
  async readAll(topic: string): Promise<ConsumedRecord[]> {
    const records: ConsumedRecord[] = [];
    if (!(await this.client.admin.listTopics()).includes(topic)) return records;
    for await (const record of this.client.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true })) records.push(record);
    return records;
  }

  /** Creates `topic` when missing, then sends the records. */
  async send(topic: string, records: ReadonlyArray<{ key?: string; value: string; headers?: Record<string, string> }>): Promise<void> {
    if (!(await this.client.admin.listTopics()).includes(topic)) await this.client.admin.createTopics([{ name: topic }]);
    await this.client.producer().send(topic, [...records]);
  }

  async stop(): Promise<void> {
    await this.client.close();
    await this.spu.stop();
  }
}

export const text = (bytes: Uint8Array | null): string | null => (bytes === null ? null : decoder.decode(bytes));

export const header = (record: ConsumedRecord, key: string): string | null => text(record.headers.find((h) => h.key === key)?.value ?? null);

/** Polls `probe` until `done` holds, or throws (with the last value) after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
