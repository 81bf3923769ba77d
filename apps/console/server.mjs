// @ts-check
/*
 * The console's production server: Next's request handler behind a plain node:http server,
 * so the console — the edge the browser talks to — says who the client is. Next itself only
 * fills in X-Forwarded-For when the request has none, which would let a browser name any
 * address to the API's per-address limits; here it is always the socket's peer.
 *
 *   node server.mjs [--hostname 127.0.0.1] [--port 3000]     (or env PORT)
 */
import { createServer } from "node:http";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { parseArgs } from "node:util";
import next from "next";

const { values } = parseArgs({ options: { hostname: { type: "string" }, port: { type: "string" } } });
// Not $HOSTNAME: shells and containers set it to the machine's name, which is no address to listen on.
const hostname = values.hostname ?? "127.0.0.1";
const port = Number(values.port ?? process.env.PORT ?? "3000");
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`console: --port must be a port number, got ${values.port ?? process.env.PORT}\n`);
  process.exit(2);
}

const app = next({ dev: false, dir: dirname(fileURLToPath(import.meta.url)), hostname, port });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer((req, res) => {
  req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "unknown";
  void handle(req, res);
});
server.listen(port, hostname, () => process.stdout.write(`console ready on http://${hostname}:${port}\n`));

// Live tails never end on their own: close them with the rest rather than wait for them.
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
