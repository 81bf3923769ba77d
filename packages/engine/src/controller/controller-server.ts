import type { Logger } from "pino";
import { Dispatcher } from "../server/dispatcher.js";
import { KafkaServer } from "../server/kafka-server.js";
import type { Controller } from "./controller.js";
import { controllerHandlers } from "./controller-handlers.js";

/** Controller requests are small; the largest is a CreateTopic config. */
const MAX_REQUEST_BYTES = 1024 * 1024;
/** A parked watch holds a slot; SPUs pipeline a handful of requests at most. */
const MAX_IN_FLIGHT_PER_CONNECTION = 32;

/** The controller API on a TCP port, with our Kafka-style framing. */
export class ControllerServer {
  private constructor(
    private readonly server: KafkaServer,
    readonly host: string,
    readonly port: number,
  ) {}

  static async start(controller: Controller, listen: { host: string; port: number }, logger: Logger): Promise<ControllerServer> {
    const server = new KafkaServer({ maxFrameBytes: MAX_REQUEST_BYTES, maxInFlight: MAX_IN_FLIGHT_PER_CONNECTION }, logger);
    server.serve(new Dispatcher(controllerHandlers(controller), logger));
    const address = await server.listen(listen.host, listen.port);
    return new ControllerServer(server, address.host, address.port);
  }

  get connectionCount(): number {
    return this.server.connectionCount;
  }

  /** Stops accepting and answers what each connection already sent (parked watches end at once). */
  close(): Promise<void> {
    return this.server.close();
  }
}
