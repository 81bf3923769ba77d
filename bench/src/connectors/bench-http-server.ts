import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { benchValue } from "./bench-records.js";

/**
 * A local HTTP server for the http rows: GET /items answers every bench record in one JSON body
 * (`{"items": [...]}`) with an ETag, and 304 to a request that already has it, so a polling
 * source takes the records once; POST /in takes JSON arrays and counts their elements.
 */
export class BenchHttpServer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly counter: { received: number },
  ) {}

  /** Records taken by POST /in so far. */
  get received(): number {
    return this.counter.received;
  }

  static async start(records: number): Promise<BenchHttpServer> {
    const body = `{"items":[${Array.from({ length: records }, (_, i) => benchValue(i)).join(",")}]}`;
    const counter = { received: 0 };
    const server = createServer((request, response) => {
      if (request.method === "GET") {
        if (request.headers["if-none-match"] === '"all"') response.writeHead(304).end();
        else response.writeHead(200, { "content-type": "application/json", etag: '"all"' }).end(body);
        return;
      }
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        counter.received += (JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown[]).length;
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return new BenchHttpServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port.toString()}`, counter);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
