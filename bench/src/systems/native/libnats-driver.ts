import { connect, type JetStreamManager, type NatsConnection } from "nats";
import type { WorkloadKnobs } from "../../workload/knobs.js";
import { UnavailableError, type OpenLoopStream, type SystemDriver } from "../driver.js";
import { createBenchJetStream, deleteBenchJetStream } from "../jetstream-streams.js";
import { ensureService, NATS } from "../local-services.js";
import { backlogArgument, buildProgram, NATS_BENCH, openLoopRunOf, runProgram } from "./native-program.js";

/**
 * NATS JetStream driven by its C client (Debian's libnats 3.4):
 * bench/native/nats-bench.c, one process per phase. The streams are the ones
 * the nats.js row uses (file storage, one replica), made and deleted with nats.js.
 */
export class JetStreamLibnatsDriver implements SystemDriver {
  readonly label = "jetstream (libnats)";
  readonly setup: readonly string[];
  /** nats-server's file store syncs in the background (every 2 min by default), not per PubAck. */
  readonly fsyncBeforeAck = "no";
  readonly sweeps = true;
  readonly #knobs: WorkloadKnobs;
  #program: string | null = null;
  #connection: NatsConnection | null = null;
  #manager: JetStreamManager | null = null;

  constructor(knobs: WorkloadKnobs) {
    this.#knobs = knobs;
    this.setup = [
      "same nats-server and stream setup as jetstream; bench/native/nats-bench.c (libnats 3.4.1 from Debian), compiled with cc on first use.",
      `produce: js_PublishAsync() per record, at most ${knobs.batch * knobs.inFlight} un-acked (PublishAsync.MaxPending = batch × in-flight), every PubAck counted; timed from the first publish to the last PubAck.`,
      "consume: ordered consumer (push with flow control, ack none), natsSubscription_NextMsg() per message; timed from creating the consumer.",
      "latency: open loop of js_PublishAsync() in the C program, each message timed from its intended send time to its PubAck.",
    ];
  }

  async connect(): Promise<void> {
    this.#program = await buildProgram(NATS_BENCH);
    await ensureService(NATS);
    try {
      this.#connection = await connect({ servers: `${NATS.host}:${NATS.port}`, timeout: 5000, reconnect: false });
      this.#manager = await this.#connection.jetstreamManager({ timeout: 5000 });
    } catch (cause) {
      await this.close();
      throw new UnavailableError(`NATS JetStream at ${NATS.host}:${NATS.port} is unreachable or has JetStream disabled`, { cause });
    }
  }

  async openStream(name: string, payload: Buffer): Promise<OpenLoopStream> {
    const [program, manager] = [this.#program, this.#manager];
    if (program === null || manager === null) throw new Error("libnats driver is not connected");
    const { stream, subject } = await createBenchJetStream(manager, name);
    const target = [`nats://${NATS.host}:${NATS.port}`, stream, subject] as const;
    const size = payload.byteLength;
    const window = this.#knobs.batch * this.#knobs.inFlight;
    return {
      async produce(records, signal) {
        return { seconds: (await runProgram(program, ["produce", ...target, records, size, window], signal)).seconds };
      },
      async consume(records, signal) {
        const read = await runProgram(program, ["consume", ...target, records, size], signal);
        return { bytes: read.bytes, seconds: read.seconds };
      },
      async openLoop(records, ratePerSecond, signal, maxBacklog) {
        return openLoopRunOf(await runProgram(program, ["latency", ...target, records, size, ratePerSecond, backlogArgument(maxBacklog)], signal), records);
      },
      remove: () => deleteBenchJetStream(manager, stream),
    };
  }

  async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = null;
    this.#manager = null;
    if (connection) await connection.close().catch(() => undefined);
  }
}
