import type { MeteredProcess } from "../../limits/cpu-budget/cpu-meter.js";
import { UnavailableError, type BrokerMemory } from "../driver.js";
import { BrokerProcess } from "./broker-process.js";
import { KafkaWire } from "./kafka-wire.js";

const CONNECT_TIMEOUT_MS = 5000;

/**
 * The single-node broker a Freshet driver starts in connect() and stops in
 * close(), with the raw admin connection some drivers make topics over. Its
 * memory is kept after the stop, when the driver reports it.
 */
export class OwnedBroker {
  #broker: BrokerProcess | null = null;
  #wire: KafkaWire | null = null;
  #memory: BrokerMemory | null = null;

  async start(timeoutMs: number): Promise<BrokerProcess> {
    this.#broker = await BrokerProcess.start(timeoutMs);
    return this.#broker;
  }

  /** A raw Kafka connection to the broker, closed by stop(). */
  async openWire(): Promise<KafkaWire> {
    const broker = this.#broker;
    if (broker === null) throw new Error("the Freshet broker is not started");
    try {
      this.#wire = await KafkaWire.open(broker.host, broker.port, CONNECT_TIMEOUT_MS);
    } catch (cause) {
      throw new UnavailableError(`the Freshet broker at ${broker.host}:${broker.port} refused a connection`, { cause });
    }
    return this.#wire;
  }

  /** Safe to call twice and after a failed start. */
  async stop(): Promise<void> {
    this.#wire?.close();
    this.#wire = null;
    const broker = this.#broker;
    this.#broker = null;
    await broker?.stop();
    this.#memory = broker?.memory ?? this.#memory;
  }

  /** Idle and peak memory of the last broker, once it was stopped. */
  get memory(): BrokerMemory | null {
    return this.#memory;
  }

  processes(): MeteredProcess[] {
    return this.#broker === null ? [] : [{ label: "spu", pid: this.#broker.pid }];
  }
}
