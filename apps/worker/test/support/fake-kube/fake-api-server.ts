import { mkdir, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { ObjectStore, RESOURCES, StoreError, type StoredObject } from "./object-store.js";

/** One request as the fake saw it, for tests that count writes. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

function failure(code: number, reason: string, message: string) {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
}

async function bodyOf(request: IncomingMessage): Promise<StoredObject> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as StoredObject;
}

interface Route {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
}

/** `/api/v1/...` or `/apis/<group>/<version>/...` into what it names; null for anything else. */
function routeOf(path: string): Route | "discovery" | null {
  const parts = path
    .split("/")
    .filter((p) => p.length > 0)
    .map(decodeURIComponent);
  let apiVersion: string;
  let rest: string[];
  if (parts[0] === "api" && parts[1] === "v1") [apiVersion, rest] = ["v1", parts.slice(2)];
  else if (parts[0] === "apis" && parts.length >= 3) [apiVersion, rest] = [`${parts[1]}/${parts[2]}`, parts.slice(3)];
  else return null;
  const resources = RESOURCES[apiVersion];
  if (resources === undefined) return null;
  if (rest.length === 0) return "discovery";
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length >= 3) [namespace, rest] = [rest[1], rest.slice(2)];
  const resource = resources.find((r) => r.name === rest[0]);
  if (resource === undefined || rest.length > 2) return null;
  return { apiVersion, kind: resource.kind, namespace, name: rest[1] };
}

/**
 * An in-process Kubernetes API server: the REST paths client-node's generic object API uses
 * (discovery, create, read, replace, delete, list with label selectors), JSON only, over plain
 * HTTP on a loopback port. Good enough to hold the driver to the API's rules: resourceVersion,
 * 409 on conflicts and on duplicates, 404s, namespaces deleted with their contents.
 */
export class FakeApiServer {
  readonly store: ObjectStore;
  readonly requests: SeenRequest[] = [];
  readonly #server: Server;
  /** Runs before the next write (POST or PUT) is applied: a test's way to race the client. */
  #beforeNextWrite: (() => void) | null = null;
  /** Kinds whose creation hangs until released (a client killed while waiting never gets through). */
  readonly #held = new Map<string, Promise<void>>();

  private constructor(store: ObjectStore) {
    this.store = store;
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => send(response, 500, failure(500, "InternalError", (error as Error).message)));
    });
  }

  static async start(options: { namespaceDeletionMs?: number } = {}): Promise<FakeApiServer> {
    const server = new FakeApiServer(new ObjectStore(options.namespaceDeletionMs));
    await new Promise<void>((resolve) => server.#server.listen(0, "127.0.0.1", resolve));
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Writes a kubeconfig pointing at this server (a token user, as a service account would be) and returns its path. */
  async writeKubeconfig(dir: string): Promise<string> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, "kubeconfig.yaml");
    const text = [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "  - name: fake",
      "    cluster:",
      `      server: ${this.url}`,
      // Plain HTTP on loopback; client-node refuses http:// servers unless told to skip TLS checks.
      "      insecure-skip-tls-verify: true",
      "users:",
      "  - name: worker",
      "    user:",
      "      token: fake-token",
      "contexts:",
      "  - name: fake",
      "    context:",
      "      cluster: fake",
      "      user: worker",
      "current-context: fake",
      "",
    ].join("\n");
    await writeFile(path, text, { mode: 0o600 });
    return path;
  }

  /** `change` runs once, just before the next write reaches the store, as another writer would. */
  beforeNextWrite(change: () => void): void {
    this.#beforeNextWrite = change;
  }

  /** Makes every create of `kind` hang until the returned function is called; the held requests then fail with 503. */
  holdCreates(kind: string): () => void {
    let release!: () => void;
    this.#held.set(kind, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.#held.delete(kind);
      release();
    };
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://fake");
    const method = request.method ?? "GET";
    const reply = (status: number, body: unknown) => {
      this.requests.push({ method, path: url.pathname, status });
      send(response, status, body);
    };
    const route = routeOf(url.pathname);
    if (route === null) return reply(404, failure(404, "NotFound", `the server could not find the requested resource ${url.pathname}`));
    if (route === "discovery") {
      const groupVersion = url.pathname.startsWith("/api/") ? "v1" : url.pathname.split("/").slice(2, 4).join("/");
      const resources = RESOURCES[groupVersion]!.map((r) => ({ ...r, singularName: r.kind.toLowerCase(), verbs: ["create", "delete", "get", "list", "update"] }));
      return reply(200, { kind: "APIResourceList", apiVersion: "v1", groupVersion, resources });
    }
    const { apiVersion, kind, namespace, name } = route;
    const held = method === "POST" ? this.#held.get(kind) : undefined;
    if (held !== undefined) {
      await held;
      return reply(503, failure(503, "ServiceUnavailable", `creating ${kind} was held by the test`));
    }
    if (method === "POST" || method === "PUT") {
      const race = this.#beforeNextWrite;
      this.#beforeNextWrite = null;
      race?.();
    }
    try {
      if (method === "GET" && name === undefined) {
        if (url.searchParams.get("watch") === "true") return reply(400, failure(400, "BadRequest", "watch is not served by this fake"));
        const items = this.store.list(apiVersion, kind, namespace, url.searchParams.get("labelSelector"));
        return reply(200, { apiVersion, kind: `${kind}List`, metadata: { resourceVersion: "0" }, items });
      }
      if (method === "GET") {
        const found = this.store.get(apiVersion, kind, namespace, name!);
        return found === null ? reply(404, failure(404, "NotFound", `${kind.toLowerCase()}s "${name}" not found`)) : reply(200, found);
      }
      if (method === "POST" && name === undefined) {
        const body = await bodyOf(request);
        const object: StoredObject = { ...body, apiVersion, kind, metadata: { ...body.metadata, ...(namespace === undefined ? {} : { namespace }) } };
        delete object.metadata.resourceVersion;
        return reply(201, this.store.create(object));
      }
      if (method === "PUT" && name !== undefined) {
        const body = await bodyOf(request);
        if (body.metadata?.name !== name) return reply(400, failure(400, "BadRequest", "the name of the object does not match the name on the URL"));
        return reply(200, this.store.replace({ ...body, apiVersion, kind, metadata: { ...body.metadata, ...(namespace === undefined ? {} : { namespace }) } }));
      }
      if (method === "DELETE" && name !== undefined) {
        const deleted = this.store.delete(apiVersion, kind, namespace, name);
        return reply(200, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details: { name, kind: kind.toLowerCase(), uid: deleted.metadata.uid } });
      }
      return reply(405, failure(405, "MethodNotAllowed", `${method} is not supported on ${url.pathname}`));
    } catch (error) {
      if (error instanceof StoreError) return reply(error.code, failure(error.code, error.reason, error.message));
      throw error;
    }
  }
}
