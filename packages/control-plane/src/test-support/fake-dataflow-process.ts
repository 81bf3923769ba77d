import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { DataflowRuntimeStatus, ViewRowView } from "../dataflows/dataflow-process.js";

/**
 * A stand-in for a `--role dataflow` process that speaks the contract's HTTP API (/status,
 * /views, /views/NAME, /views/NAME/changes) over rows the test sets, for tests of the cloud's
 * proxying that need no runtime.
 */
export interface FakeDataflowProcess {
  /** host:port */
  readonly endpoint: string;
  status: DataflowRuntimeStatus;
  /** Adds or replaces a row (by view, key, windowStart) and pushes it to the view's change streams. */
  upsert(row: ViewRowView): void;
  close(): Promise<void>;
}

export async function startFakeDataflowProcess(status: DataflowRuntimeStatus, rows: readonly ViewRowView[] = []): Promise<FakeDataflowProcess> {
  const table = new Map<string, ViewRowView>();
  const identity = (row: ViewRowView) => `${row.view}\u0000${row.key}\u0000${row.windowStart.toString()}`;
  for (const row of rows) table.set(identity(row), row);
  const streams = new Set<{ view: string; key: string | null; res: ServerResponse }>();
  const viewsOf = () => [...new Set([...table.values()].map((row) => row.view)), ...fake.status.views].filter((v, i, all) => all.indexOf(v) === i);
  const sorted = (view: string) => [...table.values()].filter((row) => row.view === view).sort((a, b) => a.key.localeCompare(b.key) || a.windowStart - b.windowStart);
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const sse = (res: ServerResponse, row: ViewRowView) => res.write(`event: row\ndata: ${JSON.stringify(row)}\n\n`);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const [, first, name, tail] = url.pathname.split("/");
    if (url.pathname === "/status") return send(res, 200, fake.status);
    if (url.pathname === "/views")
      return send(
        res,
        200,
        viewsOf().map((view) => ({ name: view, rows: sorted(view).length })),
      );
    if (first !== "views" || name === undefined) return send(res, 404, { error: "no such route" });
    const view = decodeURIComponent(name);
    if (!viewsOf().includes(view)) return send(res, 404, { error: `no view named ${view}` });
    const key = url.searchParams.get("key");
    if (tail === "changes") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      for (const row of sorted(view)) if (key === null || row.key === key) sse(res, row);
      const stream = { view, key, res };
      streams.add(stream);
      res.once("close", () => streams.delete(stream));
      return;
    }
    const from = url.searchParams.get("from");
    const to = url.searchParams.get("to");
    const last = url.searchParams.get("last");
    let selected = sorted(view).filter((row) => (key === null || row.key === key) && (from === null || row.key >= from) && (to === null || row.key <= to));
    if (last !== null) {
      const n = Number(last);
      selected = selected.filter((row) => selected.filter((other) => other.key === row.key && other.windowStart > row.windowStart).length < n);
    }
    send(res, 200, { rows: selected });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const fake: FakeDataflowProcess = {
    endpoint: `127.0.0.1:${(server.address() as AddressInfo).port.toString()}`,
    status,
    upsert(row) {
      table.set(identity(row), row);
      for (const stream of streams) if (stream.view === row.view && (stream.key === null || stream.key === row.key)) sse(stream.res, row);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return fake;
}
