import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SourceTask } from "../../kit/connector.js";
import { PermanentError } from "../../kit/errors.js";
import { testContext, testSourceContext } from "../../test-support/context.js";
import { TcpFaultProxy } from "../../test-support/tcp-fault-proxy.js";
import { closedPort } from "../shared/test-support/closed-port.js";
import httpSource from "./http-source.js";
import { RecordingServer } from "./test-support/recording-server.js";

const items = {
  data: {
    items: [
      { id: "a", n: 1 },
      { id: "b", n: 2 },
    ],
  },
};

/** Answers `body` with ETag "v<version>", and 304 when the request already has that version. */
function versioned(server: RecordingServer, state: { version: number; body: string }): void {
  server.handler = (request, response) => {
    const etag = `"v${state.version.toString()}"`;
    if (request.headers["if-none-match"] === etag) return response.writeHead(304).end();
    response.writeHead(200, { etag, "content-type": "application/json" }).end(state.body);
  };
}

/** Polls until a batch with records comes (the interval must pass first), or fails after a deadline. */
async function pollUntilRecords(task: SourceTask) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const batch = await task.poll(new AbortController().signal);
    if (batch.records.length > 0 || (batch.rejected?.length ?? 0) > 0) return batch;
    if (Date.now() > deadline) throw new Error("no records within 10 s");
  }
}

describe("http-source", () => {
  let server: RecordingServer;
  const tasks: SourceTask[] = [];
  const open = async (config: Record<string, unknown>, position?: Parameters<typeof testSourceContext>[1]) => {
    const task = await httpSource.open(testSourceContext(httpSource.config.parse(config), position));
    tasks.push(task);
    return task;
  };

  beforeEach(async () => {
    server = await RecordingServer.start();
  });
  afterEach(async () => {
    await Promise.all(tasks.splice(0).map((task) => task.close()));
    await server.close();
  });

  it("splits a JSON array into keyed records and sends the configured request", async () => {
    versioned(server, { version: 1, body: JSON.stringify(items) });
    const task = await open({ url: `${server.url}items?x=1`, method: "POST", headers: { authorization: "Bearer t" }, body: "{}", split: "data.items", keyField: "id" });
    const batch = await task.poll(new AbortController().signal);
    expect(batch.records).toEqual([
      { key: "a", value: '{"id":"a","n":1}' },
      { key: "b", value: '{"id":"b","n":2}' },
    ]);
    expect(batch.rejected).toEqual([]);
    expect(batch.position).toEqual({ etag: '"v1"', lastModified: null });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: "POST", url: "/items?x=1", body: "{}", headers: { authorization: "Bearer t" } });
  });

  it("returns an empty batch without a request while the interval has not passed", async () => {
    versioned(server, { version: 1, body: "{}" });
    const task = await open({ url: server.url, intervalMs: 60_000 });
    expect((await task.poll(new AbortController().signal)).records).toHaveLength(1);
    expect(await task.poll(new AbortController().signal)).toEqual({ records: [] });
    expect(server.requests).toHaveLength(1);
  });

  it("resumes from its position: an unchanged response gives no records, a changed one does", async () => {
    const state = { version: 1, body: '{"temp":20}' };
    versioned(server, state);
    const first = await open({ url: server.url, intervalMs: 100 });
    const batch = await first.poll(new AbortController().signal);
    expect(batch.records).toEqual([{ key: null, value: '{"temp":20}' }]);
    await first.close();

    const reopened = await open({ url: server.url, intervalMs: 100 }, batch.position);
    expect(await reopened.poll(new AbortController().signal)).toEqual({ records: [] });
    expect(server.requests[1]?.headers["if-none-match"]).toBe('"v1"');

    state.version = 2;
    state.body = '{"temp":21}';
    const changed = await pollUntilRecords(reopened);
    expect(changed.records).toEqual([{ key: null, value: '{"temp":21}' }]);
    expect(changed.position).toEqual({ etag: '"v2"', lastModified: null });
  });

  it("sends the stored Last-Modified back as If-Modified-Since", async () => {
    const lastModified = "Wed, 21 Oct 2026 07:28:00 GMT";
    server.handler = (request, response) => {
      if (request.headers["if-modified-since"] === lastModified) return response.writeHead(304).end();
      response.writeHead(200, { "last-modified": lastModified }).end("plain words");
    };
    const first = await open({ url: server.url, format: "text" });
    const batch = await first.poll(new AbortController().signal);
    expect(batch.records).toEqual([{ value: "plain words" }]);
    expect(batch.position).toEqual({ etag: null, lastModified });
    const reopened = await open({ url: server.url, format: "text" }, batch.position);
    expect(await reopened.poll(new AbortController().signal)).toEqual({ records: [] });
  });

  it("rejects a body that is not JSON, and one without the array to split", async () => {
    server.handler = (_, response) => response.end("<html>oops</html>");
    const task = await open({ url: server.url, intervalMs: 100 });
    const batch = await task.poll(new AbortController().signal);
    expect(batch.records).toEqual([]);
    expect(batch.rejected).toHaveLength(1);
    expect(batch.rejected?.[0]?.record).toEqual({ value: "<html>oops</html>" });
    expect(batch.rejected?.[0]?.error).toMatch(/^the response body is not JSON: /);

    server.handler = (_, response) => response.end('{"data":{}}');
    const split = await open({ url: server.url, split: "data.items" });
    expect((await split.poll(new AbortController().signal)).rejected).toEqual([{ record: { value: '{"data":{}}' }, error: "split: the response body has no array at data.items" }]);
  });

  it("fails for good on 401, 403 and 404 and retriably on 5xx", async () => {
    for (const [status, permanent] of [
      [401, true],
      [403, true],
      [404, true],
      [503, false],
    ] as const) {
      server.handler = (_, response) => response.writeHead(status).end("go away");
      const task = await open({ url: server.url });
      const failure = await task.poll(new AbortController().signal).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure, `HTTP ${status.toString()}`).toBeInstanceOf(Error);
      expect(failure instanceof PermanentError, `HTTP ${status.toString()}`).toBe(permanent);
      expect((failure as Error).message).toContain(`GET ${server.url} answered HTTP ${status.toString()}`);
    }
  });

  it("fails retriably when the server does not answer in time", async () => {
    server.handler = () => undefined;
    const task = await open({ url: server.url, timeoutMs: 200 });
    const failure = await task.poll(new AbortController().signal).catch((error: unknown) => error);
    expect(failure).not.toBeInstanceOf(PermanentError);
    expect((failure as Error).message).toBe(`GET ${server.url} got no answer within 200 ms`);
  });

  it("rejects with the abort reason while waiting for the next request", async () => {
    versioned(server, { version: 1, body: "{}" });
    const task = await open({ url: server.url, intervalMs: 60_000 });
    await task.poll(new AbortController().signal);
    const stop = new AbortController();
    const polling = task.poll(stop.signal);
    stop.abort(new Error("stopping"));
    await expect(polling).rejects.toThrow("stopping");
  });

  it("fails retriably while the server is down and goes on in the same task once it is back", async () => {
    versioned(server, { version: 1, body: JSON.stringify(items) });
    const proxy = await TcpFaultProxy.start({ host: "127.0.0.1", port: server.port });
    try {
      const url = `http://${proxy.address}/`;
      const task = await open({ url, split: "data.items", keyField: "id" });
      await proxy.down();
      const failure = await task.poll(new AbortController().signal).catch((error: unknown) => error);
      expect(failure).not.toBeInstanceOf(PermanentError);
      expect((failure as Error).message).toBe(`cannot reach ${url}: connection refused`);
      await proxy.up();
      const batch = await task.poll(new AbortController().signal);
      expect(batch.records.map((record) => record.key)).toEqual(["a", "b"]);
    } finally {
      await proxy.down();
    }
  });

  it("check passes for a reachable endpoint and explains a closed port and refused credentials", async () => {
    server.handler = (request, response) => response.writeHead(request.headers.authorization === "Bearer good" ? 200 : 401, "Unauthorized").end();
    const check = (config: Record<string, unknown>) => httpSource.check(testContext(httpSource.config.parse(config)));
    expect(await check({ url: server.url, headers: { authorization: "Bearer good" } })).toEqual({ ok: true, detail: `GET ${server.url} answered HTTP 200` });
    expect(await check({ url: server.url, headers: { authorization: "Bearer bad" } })).toEqual({
      ok: false,
      message: `GET ${server.url} answered HTTP 401 Unauthorized (check the credentials in headers)`,
    });
    const closed = `http://127.0.0.1:${(await closedPort()).toString()}/`;
    expect(await check({ url: closed })).toEqual({ ok: false, message: `cannot reach ${closed}: connection refused` });
  });

  it("validates its config: split needs format json", () => {
    const parsed = httpSource.config.safeParse({ url: "http://example.com/", format: "text", split: "a" });
    expect(parsed.success).toBe(false);
    expect(httpSource.config.parse({ url: "http://example.com/" })).toEqual({ url: "http://example.com/", method: "GET", headers: {}, intervalMs: 10_000, timeoutMs: 10_000, format: "json" });
  });
});
