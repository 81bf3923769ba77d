import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SinkTask } from "../../kit/connector.js";
import { PermanentError, RecordError } from "../../kit/errors.js";
import type { SinkRecord } from "../../kit/record.js";
import { testContext } from "../../test-support/context.js";
import { TcpFaultProxy } from "../../test-support/tcp-fault-proxy.js";
import { closedPort } from "../shared/test-support/closed-port.js";
import httpSink from "./http-sink.js";
import { RecordingServer } from "./test-support/recording-server.js";

function record(offset: number, key: string, value: string | null): SinkRecord {
  return { topic: "orders", partition: 3, offset, timestamp: 0, key: Buffer.from(key), value: value === null ? null : Buffer.from(value), headers: {} };
}

const signal = () => new AbortController().signal;

describe("http-sink", () => {
  let server: RecordingServer;
  const tasks: SinkTask[] = [];
  const open = async (config: Record<string, unknown>) => {
    const task = await httpSink.open(testContext(httpSink.config.parse(config)));
    tasks.push(task);
    return task;
  };
  const accepted = () => server.requests.filter((_, index) => statuses[index] === 200).map((request) => request.body);
  let statuses: number[];

  beforeEach(async () => {
    server = await RecordingServer.start();
    statuses = [];
    // Refuses (400) any request whose body holds a record marked bad.
    server.handler = (request, response) => {
      const status = request.body.includes('"bad":true') ? 400 : 200;
      statuses.push(status);
      response.writeHead(status).end(status === 400 ? "bad order" : "");
    };
  });
  afterEach(async () => {
    await Promise.all(tasks.splice(0).map((task) => task.close()));
    await server.close();
  });

  it("single: one request per record with templated headers and an idempotency key", async () => {
    const task = await open({ url: `${server.url}hook`, method: "PUT", headers: { "x-source": "{{topic}}/{{partition}}/{{offset}}", "x-key": "{{key}}" } });
    await task.write([record(10, "k1", '{"n":1}'), record(11, "k2", "raw bytes"), record(12, "k3", null)], signal());
    expect(
      server.requests.map((request) => [
        request.method,
        request.url,
        request.body,
        request.headers["idempotency-key"],
        request.headers["x-source"],
        request.headers["x-key"],
        request.headers["content-type"],
      ]),
    ).toEqual([
      ["PUT", "/hook", '{"n":1}', "orders-3-10", "orders/3/10", "k1", "application/octet-stream"],
      ["PUT", "/hook", "raw bytes", "orders-3-11", "orders/3/11", "k2", "application/octet-stream"],
      ["PUT", "/hook", "", "orders-3-12", "orders/3/12", "k3", "application/octet-stream"],
    ]);
  });

  it("json-array and ndjson: one request per batch, keyed by the first record", async () => {
    const array = await open({ url: server.url, batchMode: "json-array", headers: { "content-type": "application/vnd.orders+json" } });
    await array.write([record(5, "a", '{ "n": 1 }'), record(6, "b", "[2]"), record(7, "c", null)], signal());
    const ndjson = await open({ url: server.url, batchMode: "ndjson" });
    await ndjson.write([record(8, "d", '{"n":4}'), record(9, "e", '"five"')], signal());
    expect(server.requests.map((request) => [request.body, request.headers["idempotency-key"], request.headers["content-type"]])).toEqual([
      ['[{"n":1},[2],null]', "orders-3-5", "application/vnd.orders+json"],
      ['{"n":4}\n"five"\n', "orders-3-8", "application/x-ndjson"],
    ]);
  });

  it("a refused batch is resent one record at a time: those before the refused one are sent, it is a RecordError", async () => {
    const task = await open({ url: server.url, batchMode: "json-array" });
    const failure = await task.write([record(1, "a", '{"n":1}'), record(2, "b", '{"n":2}'), record(3, "c", '{"bad":true}'), record(4, "d", '{"n":4}')], signal()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RecordError);
    expect((failure as RecordError).index).toBe(2);
    expect((failure as RecordError).message).toBe(`POST ${server.url} answered HTTP 400 Bad Request: bad order`);
    expect(statuses).toEqual([400, 200, 200, 400]);
    expect(accepted()).toEqual(['[{"n":1}]', '[{"n":2}]']);
  });

  it("single: a refused record is a RecordError with its index", async () => {
    const task = await open({ url: server.url });
    const failure = await task.write([record(1, "a", "{}"), record(2, "b", '{"bad":true}')], signal()).catch((error: unknown) => error);
    expect((failure as RecordError).index).toBe(1);
    expect(accepted()).toEqual(["{}"]);
  });

  it("a value that is not JSON in a batch mode is a RecordError after the records before it are sent", async () => {
    const task = await open({ url: server.url, batchMode: "ndjson" });
    const failure = await task.write([record(1, "a", '{"n":1}'), record(2, "b", "not json"), record(3, "c", '{"n":3}')], signal()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RecordError);
    expect((failure as RecordError).index).toBe(1);
    expect((failure as RecordError).message).toMatch(/^the record value is not JSON, which batchMode needs: /);
    expect(accepted()).toEqual(['{"n":1}\n']);
  });

  it("fails for good on 401 and 403 and retriably on 429 and 5xx", async () => {
    for (const [status, permanent] of [
      [401, true],
      [403, true],
      [429, false],
      [500, false],
      [503, false],
    ] as const) {
      server.handler = (_, response) => response.writeHead(status).end();
      const task = await open({ url: server.url, batchMode: "json-array" });
      const failure = await task.write([record(1, "a", "{}")], signal()).catch((error: unknown) => error);
      expect(failure, `HTTP ${status.toString()}`).toBeInstanceOf(Error);
      expect(failure, `HTTP ${status.toString()}`).not.toBeInstanceOf(RecordError);
      expect(failure instanceof PermanentError, `HTTP ${status.toString()}`).toBe(permanent);
    }
  });

  it("fails retriably when the server does not answer in time", async () => {
    server.handler = () => undefined;
    const task = await open({ url: server.url, timeoutMs: 200 });
    const failure = await task.write([record(1, "a", "{}")], signal()).catch((error: unknown) => error);
    expect(failure).not.toBeInstanceOf(PermanentError);
    expect((failure as Error).message).toBe(`POST ${server.url} got no answer within 200 ms`);
  });

  it("fails retriably while the server is down; the same task writes the records once it is back", async () => {
    const proxy = await TcpFaultProxy.start({ host: "127.0.0.1", port: server.port });
    try {
      const url = `http://${proxy.address}/`;
      const task = await open({ url, batchMode: "json-array" });
      const batch = [record(1, "a", '{"n":1}'), record(2, "b", '{"n":2}')];
      await proxy.down();
      const failure = await task.write(batch, signal()).catch((error: unknown) => error);
      expect(failure).not.toBeInstanceOf(PermanentError);
      expect((failure as Error).message).toBe(`cannot reach ${url}: connection refused`);
      expect(server.requests).toEqual([]);
      await proxy.up();
      await task.write(batch, signal());
      expect(accepted()).toEqual(['[{"n":1},{"n":2}]']);
    } finally {
      await proxy.down();
    }
  });

  it("check passes for a reachable endpoint and explains a closed port and refused credentials", async () => {
    server.handler = (request, response) =>
      response.writeHead(request.headers.authorization === "Bearer good" ? 405 : 403, request.headers.authorization === "Bearer good" ? "Method Not Allowed" : "Forbidden").end();
    const check = (config: Record<string, unknown>) => httpSink.check(testContext(httpSink.config.parse(config)));
    expect(await check({ url: server.url, headers: { authorization: "Bearer good", "x-key": "{{key}}" } })).toEqual({ ok: true, detail: `HEAD ${server.url} answered HTTP 405` });
    expect(server.requests[0]?.headers["x-key"]).toBeUndefined();
    expect(await check({ url: server.url, headers: { authorization: "Bearer bad" } })).toEqual({
      ok: false,
      message: `HEAD ${server.url} answered HTTP 403 Forbidden (check the credentials in headers)`,
    });
    const closed = `http://127.0.0.1:${(await closedPort()).toString()}/`;
    expect(await check({ url: closed })).toEqual({ ok: false, message: `cannot reach ${closed}: connection refused` });
  });

  it("validates header templates", () => {
    expect(httpSink.config.safeParse({ url: "http://example.com/", headers: { a: "{{value}}" } }).success).toBe(false);
  });
});
