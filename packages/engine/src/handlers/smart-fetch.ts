import { errorCode, type ErrorName } from "@freshet/protocol/errors/error-codes";
import { smartFetch, type SmartFetchRequest, type SmartFetchResponse } from "@freshet/protocol/messages/freshet/smart-fetch";
import { Attributes } from "@freshet/protocol/records/batch-header";
import { splitBatches } from "@freshet/protocol/records/split-batches";
import { SmartModuleError } from "@freshet/smartmodule/errors";
import { packRecords } from "@freshet/smartmodule/packed/packed-writer";
import type { SmartRecord } from "@freshet/smartmodule/record";
import { DamagedRangeError } from "../log/damage/damaged-ranges.js";
import { recordsInPacked } from "../metrics/usage-meter.js";
import type { BrokerContext } from "./broker-context.js";
import { handler, type RequestContext } from "../server/handler.js";
import { chainSpecSchema } from "../smartmodules/chain-spec.js";
import { ANONYMOUS } from "../smartmodules/instance-budget.js";
import { smartRecordsOf } from "../smartmodules/kafka-records.js";
import { errorNameOf, SmartFetchSessions, type SmartFetchSession } from "../smartmodules/smart-fetch-sessions.js";
import type { Partition } from "../topics/partition.js";
import { waitForData } from "../topics/wait-for-data.js";
import { leadershipProblem } from "./fetch.js";

/** Longest long-poll we honour, whatever the client asks (as Fetch). */
const MAX_WAIT_MS = 30_000;
const DEFAULT_IDLE_MS = 60_000;
/** An empty packed batch: every answer carries a readable one, errors included. */
const NO_RECORDS = packRecords([]);

function refused(name: ErrorName, message: string, partition?: Partition): SmartFetchResponse {
  return {
    errorCode: errorCode(name),
    errorMessage: message,
    sessionId: 0,
    highWatermark: BigInt(partition?.highWatermark ?? -1),
    nextOffset: -1n,
    records: NO_RECORDS,
    recordErrors: [],
    accumulators: [],
  };
}

/** Why `offset` of `partition` cannot be read here, as the answer to give, or null. */
function readProblem(partition: Partition, offset: number, where: string): SmartFetchResponse | null {
  const leadership = leadershipProblem(partition, -1);
  if (leadership !== null) return refused(leadership, `${leadership} for ${where}`, partition);
  if (offset < partition.logStartOffset || offset > partition.log.logEndOffset) {
    return refused("OFFSET_OUT_OF_RANGE", `offset ${offset} of ${where} is outside ${partition.logStartOffset}..${partition.log.logEndOffset}`, partition);
  }
  return null;
}

/** The records of stored batches from `offset` on, and the offset after the last whole batch read. */
async function inputFrom(chunks: readonly Uint8Array[], offset: number): Promise<{ records: SmartRecord[]; next: number }> {
  const records: SmartRecord[] = [];
  let next = offset;
  for (const chunk of chunks) {
    for (const batch of splitBatches(chunk).batches) {
      const { header, records: batchRecords } = await smartRecordsOf(batch);
      // Control batches (transaction markers) hold no data but still move the position.
      if ((header.attributes & Attributes.control) === 0) {
        // A stored batch may start before the requested offset: its earlier records were read already.
        for (const record of batchRecords) if (record.offset >= offset) records.push(record);
      }
      next = Math.max(next, header.baseOffset + header.lastOffsetDelta + 1);
    }
  }
  return { records, next };
}

type Served = { readonly kind: "answer"; readonly body: SmartFetchResponse } | { readonly kind: "failed"; readonly error: SmartModuleError };

type ChainedOutput = { records: Uint8Array; errors: { offset: number; module: string; message: string }[] };

/** What reading from an offset and running the chain over it came to; never a rejection, so a read-ahead nobody takes is harmless. */
type Step =
  | { readonly kind: "ran"; readonly next: number; readonly output: ChainedOutput }
  | { readonly kind: "answer"; readonly body: SmartFetchResponse }
  | { readonly kind: "failed"; readonly error: SmartModuleError }
  | { readonly kind: "thrown"; readonly cause: unknown };

/** Records read and run ahead of a session's next request, from `offset`. */
interface ReadAhead {
  readonly offset: number;
  readonly step: Promise<Step>;
}

/** At most one read-ahead per session; it goes with the session. */
const readAheads = new WeakMap<SmartFetchSession, ReadAhead>();

/** Reads whole batches from `offset` up to `visibleEnd` (at most `maxBytes`) and runs their records through the session's chain. */
async function readAndRun(partition: Partition, session: SmartFetchSession, offset: number, visibleEnd: number, maxBytes: number): Promise<Step> {
  try {
    const read = await partition.log.read(offset, maxBytes > 0 ? maxBytes : Number.MAX_SAFE_INTEGER, visibleEnd, true).catch((error: unknown) => {
      if (error instanceof DamagedRangeError) return error;
      throw error;
    });
    if (read instanceof DamagedRangeError) {
      const { from, to } = read.range;
      return { kind: "answer", body: refused("CORRUPT_MESSAGE", `offsets ${from}..${to - 1} of ${session.topic}/${session.partition} are damaged on this broker`, partition) };
    }
    const input = await inputFrom(read.chunks, offset);
    let output: ChainedOutput = { records: NO_RECORDS, errors: [] };
    if (input.records.length > 0) {
      try {
        const processed = await session.chain.process(packRecords(input.records));
        output = { records: processed.records, errors: [...processed.errors] };
      } catch (cause) {
        if (cause instanceof SmartModuleError) return { kind: "failed", error: cause };
        throw cause;
      }
    }
    return { kind: "ran", next: input.next, output };
  } catch (cause) {
    return { kind: "thrown", cause };
  }
}

/**
 * Starts reading and running what follows `offset` while the answer that ends there
 * travels to the consumer, so the module's worker thread works on the next records
 * while this thread, the network and the consumer handle the last ones. Only what is
 * already visible is read, and only when the chain is healthy; the next request takes
 * the result when it asks for exactly `offset` (as a session's requests do).
 */
function readAhead(partition: Partition, session: SmartFetchSession, offset: number, maxBytes: number): void {
  const visibleEnd = partition.highWatermark;
  if (offset >= visibleEnd || session.chain.failure !== null || leadershipProblem(partition, -1) !== null) return;
  readAheads.set(session, { offset, step: readAndRun(partition, session, offset, visibleEnd, maxBytes) });
}

/**
 * Reads from the request's offset up to the high watermark and runs what it read
 * through the session's chain. A batch the chain filters out entirely is not an
 * answer: reading goes on until there is output, an error, or the wait is over,
 * so a selective filter does not turn into a stream of empty round trips.
 */
async function serve(ctx: BrokerContext, partition: Partition, session: SmartFetchSession, request: SmartFetchRequest, abandoned: Promise<void>): Promise<Served> {
  const clock = ctx.resources.clock;
  const deadline = clock.now() + Math.min(Math.max(request.maxWaitMs, 0), MAX_WAIT_MS);
  let aborted = false;
  void abandoned.then(() => (aborted = true));
  let offset = Number(request.fetchOffset);
  for (;;) {
    const ahead = readAheads.get(session) ?? null;
    readAheads.delete(session);
    const problem = readProblem(partition, offset, `${session.topic}/${session.partition}`);
    if (problem !== null) return { kind: "answer", body: problem };
    const visibleEnd = partition.highWatermark;
    if (ahead !== null && ahead.offset !== offset) {
      // The chain has run past where this request starts; its state (an aggregate's) no longer matches.
      await ahead.step;
      return {
        kind: "answer",
        body: refused(
          "FETCH_SESSION_ID_NOT_FOUND",
          `SmartFetch session ${session.id} of ${session.topic}/${session.partition} continues at offset ${ahead.offset}, not ${offset}; open a new session to read from elsewhere`,
          partition,
        ),
      };
    }
    if (ahead !== null || offset < visibleEnd) {
      const step = ahead === null ? await readAndRun(partition, session, offset, visibleEnd, request.maxBytes) : await ahead.step;
      if (step.kind === "thrown") throw step.cause;
      if (step.kind !== "ran") return step;
      const { output } = step;
      offset = step.next;
      const sent = recordsInPacked(output.records);
      if (ctx.usage !== null && sent > 0) {
        // What the consumer is sent is the chain's output, not what was read.
        const counted = ctx.usage.partition(session.topic, session.partition);
        counted.fetchedBytes += output.records.byteLength;
        counted.fetchedRecords += sent;
      }
      const produced = sent > 0 || output.errors.length > 0;
      if (produced || clock.now() >= deadline || aborted) {
        if (!aborted) readAhead(partition, session, offset, request.maxBytes);
        return { kind: "answer", body: answer(session, partition, offset, output) };
      }
      continue;
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0 || aborted) return { kind: "answer", body: answer(session, partition, offset, { records: NO_RECORDS, errors: [] }) };
    await waitForData([{ partition, seen: visibleEnd, end: () => partition.highWatermark }], remaining, abandoned, clock);
  }
}

function answer(
  session: SmartFetchSession,
  partition: Partition,
  nextOffset: number,
  output: { records: Uint8Array; errors: readonly { offset: number; module: string; message: string }[] },
): SmartFetchResponse {
  return {
    errorCode: 0,
    errorMessage: null,
    sessionId: session.id,
    highWatermark: BigInt(partition.highWatermark),
    nextOffset: BigInt(nextOffset),
    records: output.records,
    recordErrors: output.errors.map((e) => ({ offset: BigInt(e.offset), module: e.module, message: e.message })),
    accumulators: session.chain.accumulators,
  };
}

/** The chain of an opening request, checked as any chain users write (known shape, at most 16 steps). */
function chainOf(request: SmartFetchRequest) {
  return chainSpecSchema.safeParse(request.chain.map((step) => ({ module: step.module, params: Object.fromEntries(step.params.map((p) => [p.name, p.value])) })));
}

async function respond(ctx: BrokerContext, sessions: SmartFetchSessions, request: SmartFetchRequest, context: RequestContext): Promise<SmartFetchResponse> {
  const { connectionId, abandoned } = context;
  const where = `${request.topic}/${request.partition}`;
  const partition = ctx.topics.local(request.topic, request.partition);
  if (partition === undefined) return refused("UNKNOWN_TOPIC_OR_PARTITION", `this broker holds no replica of ${where}`);
  const problem = readProblem(partition, Number(request.fetchOffset), where);
  if (problem !== null) return problem;
  let session: SmartFetchSession | undefined;
  if (request.sessionId === 0) {
    const spec = chainOf(request);
    if (!spec.success) return refused("INVALID_CONFIG", `invalid SmartModule chain: ${spec.error.issues[0]!.message}`, partition);
    const accumulators = request.accumulators ?? [];
    if (accumulators.length > spec.data.length) {
      return refused("INVALID_REQUEST", `${accumulators.length} accumulators for a chain of ${spec.data.length} SmartModules`, partition);
    }
    const principal = context.sasl?.principal ?? ANONYMOUS;
    const opened = await sessions.open({ id: connectionId, abandoned, principal }, request, spec.data, accumulators);
    if (!opened.ok) return refused(opened.error.errorName, opened.error.message, partition);
    session = opened.value;
  } else {
    session = sessions.get(connectionId, request.sessionId);
    if (session === undefined || session.topic !== request.topic || session.partition !== request.partition) {
      return refused("FETCH_SESSION_ID_NOT_FOUND", `no SmartFetch session ${request.sessionId} for ${where} on this connection`, partition);
    }
  }
  const open = session;
  const served = await open.exclusive(() => serve(ctx, partition, open, request, abandoned));
  if (served.kind === "answer") return { ...served.body, sessionId: open.id };
  ctx.resources.logger.warn({ topic: request.topic, partition: request.partition, kind: served.error.kind, err: served.error }, "SmartFetch chain failed");
  return { ...refused(errorNameOf(served.error.kind), served.error.message, partition), sessionId: open.id };
}

/**
 * SmartFetch (Freshet extension, key 1104): one partition read through a
 * SmartModule chain that lives in a session of this connection. A module that
 * times out, traps or fails ends its session with the module's message; other
 * sessions and every other request go on.
 */
export function smartFetchHandler(ctx: BrokerContext) {
  const sessions = new SmartFetchSessions(ctx.chains, { idleMs: ctx.settings.smartFetchIdleMs ?? DEFAULT_IDLE_MS }, ctx.resources);
  return handler(smartFetch, async (request, context) => {
    const body = await respond(ctx, sessions, request, context);
    if (body.errorCode === 0) return body;
    // Any error ends the session (the one named, or the one this request opened), so
    // a client has one rule: after an error, open anew from its position, or give up.
    const session = sessions.get(context.connectionId, request.sessionId === 0 ? body.sessionId : request.sessionId);
    if (session !== undefined) await sessions.close(session);
    return { ...body, sessionId: 0 };
  });
}
