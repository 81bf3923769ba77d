import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import type { Producer, SendOptions } from "@freshet/client/producer/producer";
import type { ProducerRecord } from "@freshet/client/producer/producer-record";
import { type CliContext, withClient } from "../context.js";
import { UserError } from "../errors/user-error.js";
import { formatSize } from "../options/size.js";
import { parseOptions } from "../options/zod-options.js";
import { BATCH_MAX_BYTES, BATCH_MAX_RECORDS, lineToRecord, produceSchema, type ProduceOptions } from "./produce-options.js";

type Globals = () => { bootstrap?: string };

const PROGRESS_EVERY_MS = 1_000;

async function openInput(context: CliContext, file: string | undefined): Promise<NodeJS.ReadableStream> {
  if (file === undefined) return context.stdin;
  try {
    // Opened up front so a missing file is a clear error, not a stream event.
    const handle = await open(file, "r");
    return handle.createReadStream();
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : (cause as Error).message}`, 1, { cause });
  }
}

async function produceLines(context: CliContext, producer: Producer, topic: string, options: ProduceOptions): Promise<{ records: number; bytes: number }> {
  const input = await openInput(context, options.file);
  const sendOptions: SendOptions = { acks: options.acks, compression: options.compression };
  // A person typing wants each line sent at once; piped input is batched.
  const flushEachLine = options.file === undefined && context.stdin.isTTY === true;
  let batch: ProducerRecord[] = [];
  let batchBytes = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  let records = 0;
  let bytes = 0;
  const started = context.now();
  let lastProgress = started;

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const sending = batch;
    batch = [];
    batchBytes = 0;
    // One send at a time keeps per-partition order; reading goes on meanwhile.
    await inFlight;
    inFlight = producer.send(topic, sending, sendOptions);
    // Observed here so a failure while we read on is not an unhandled rejection; awaited later.
    inFlight.catch(() => undefined);
  };

  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.length === 0) continue;
    const { key, value } = lineToRecord(line, options.keySeparator);
    batch.push({ key, value, partition: options.partition });
    const size = Buffer.byteLength(line);
    batchBytes += size;
    bytes += size;
    records += 1;
    if (flushEachLine || batch.length >= BATCH_MAX_RECORDS || batchBytes >= BATCH_MAX_BYTES) await flush();
    const now = context.now();
    if (now - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = now;
      await context.stderr.write(`${context.interactive ? "\r" : ""}produced ${records} records (${formatSize(bytes)})${context.interactive ? "" : "\n"}`);
    }
  }
  await flush();
  await inFlight;
  return { records, bytes };
}

export function registerProduceCommand(program: Command, context: CliContext, globals: Globals): void {
  program
    .command("produce")
    .description("send lines from stdin or a file as records, one per line")
    .argument("<topic>", "topic to write to")
    .option("-f, --file <path>", "read lines from this file instead of stdin")
    .option("--key-separator <sep>", "split each line into key and value at the first <sep>")
    .option("--compression <codec>", "none|gzip|snappy|lz4|zstd", "none")
    .option("--acks <acks>", "0 (no answer) | 1 (leader) | all (in-sync replicas)", "all")
    .option("-p, --partition <n>", "write every record to this partition")
    .action(async (topic: string, raw: Record<string, unknown>) => {
      const options = parseOptions(produceSchema, raw);
      const started = context.now();
      const { records, bytes } = await withClient(context, globals(), (client) => produceLines(context, client.producer(), topic, options));
      const seconds = (context.now() - started) / 1_000;
      const clear = context.interactive && seconds >= PROGRESS_EVERY_MS / 1_000 ? "\r" : "";
      await context.stderr.write(`${clear}produced ${records} records (${formatSize(bytes)}) to "${topic}" in ${seconds.toFixed(2)} s\n`);
    });
}
