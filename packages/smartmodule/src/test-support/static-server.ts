import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves fixed files (path -> bytes) on 127.0.0.1 at a free port. */
export async function serveFiles(files: ReadonlyMap<string, Uint8Array | string>): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const body = files.get(path);
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    const type = TYPES[path.slice(path.lastIndexOf("."))] ?? "application/octet-stream";
    response.writeHead(200, { "content-type": type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
