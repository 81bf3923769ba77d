import { Dispatcher } from "../server/dispatcher.js";
import type { FileRegistry } from "../smartmodules/file-registry.js";
import type { EngineResources } from "../system/resources.js";
import { KafkaServer } from "../server/kafka-server.js";
import type { Controller } from "./controller.js";
import { ControllerAuthGate } from "./controller-auth-gate.js";
import { controllerHandlers } from "./controller-handlers.js";
import { smartModuleControllerHandlers } from "./smartmodule-handlers.js";

/** Most controller requests are small; a LoadSmartModule carries a whole component (a componentize-js one is ~12 MB). */
const MAX_REQUEST_BYTES = 64 * 1024 * 1024;
/** A parked watch holds a slot; SPUs pipeline a handful of requests at most. */
const MAX_IN_FLIGHT_PER_CONNECTION = 32;

/** The controller API on a TCP port, with our Kafka-style framing; every connection first proves it holds `secret`. */
export class ControllerServer {
  private constructor(
    private readonly server: KafkaServer,
    readonly host: string,
    readonly port: number,
  ) {}

  /** Without `smartModules` (controller tests about topics) the SmartModule APIs are not served. */
  static async start(controller: Controller, listen: { host: string; port: number; secret: Uint8Array }, resources: EngineResources, smartModules?: FileRegistry): Promise<ControllerServer> {
    const server = new KafkaServer({ maxFrameBytes: MAX_REQUEST_BYTES, maxInFlight: MAX_IN_FLIGHT_PER_CONNECTION }, resources);
    const handlers = [...controllerHandlers(controller), ...(smartModules === undefined ? [] : smartModuleControllerHandlers(smartModules))];
    server.serve(new Dispatcher(handlers, resources.logger), (dispatcher) => new ControllerAuthGate(dispatcher, listen.secret));
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
