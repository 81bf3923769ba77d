import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import type { DataflowStatus } from "./status-file.js";
import type { ViewStore } from "./view-store.js";

export interface DataflowHttpApi {
  readonly port: number;
  /** Ends open SSE streams and stops listening; safe to call twice. */
  close(): Promise<void>;
}

const viewQuery = z.strictObject({
  key: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  last: z.coerce.number().int().min(1).optional(),
});

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

function streamChanges(request: IncomingMessage, response: ServerResponse, views: ViewStore, name: string, key: string | undefined): void {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const send = (row: unknown): void => void response.write(`event: row\ndata: ${JSON.stringify(row)}\n\n`);
  for (const row of views.query(name, key === undefined ? {} : { key }) ?? []) send(row);
  const unsubscribe = views.subscribe(name, (row) => {
    if (key === undefined || row.key === key) send(row);
  });
  request.on("close", unsubscribe);
}

/**
 * The dataflow's HTTP API (JSON): GET /status, /views, /views/NAME?key&from&to&last and
 * /views/NAME/changes (Server-Sent Events, the current rows first, then one event per update).
 */
export async function serveDataflowApi(host: string, port: number, status: () => DataflowStatus, views: ViewStore): Promise<DataflowHttpApi> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://dataflow");
    if (request.method !== "GET") return json(response, 405, { error: "only GET is supported" });
    if (url.pathname === "/status") return json(response, 200, status());
    if (url.pathname === "/views")
      return json(
        response,
        200,
        views.names().map((name) => ({ name, rows: views.count(name) })),
      );
    const match = /^\/views\/([^/]+)(\/changes)?$/.exec(url.pathname);
    if (match === null) return json(response, 404, { error: `no route ${url.pathname}` });
    const name = decodeURIComponent(match[1]!);
    if (!views.has(name)) return json(response, 404, { error: `no view named ${name}` });
    const query = viewQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) {
      const issue = query.error.issues[0]!;
      return json(response, 400, { error: `${issue.path.join(".") || "query"}: ${issue.message}` });
    }
    if (match[2] !== undefined) return streamChanges(request, response, views, name, query.data.key);
    return json(response, 200, { rows: views.query(name, query.data) });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
