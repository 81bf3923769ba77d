import { chmod, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createConnection, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readControllerSecret } from "@freshet/client/admin/controller-secret";
import { decodeResponse, encodeRequest } from "@freshet/protocol/framing/codec";
import { FrameDecoder } from "@freshet/protocol/framing/frame-decoder";
import { errorCode } from "@freshet/protocol/errors/error-codes";
import type { ApiDefinition, RequestOf, ResponseOf } from "@freshet/protocol/messages/define";
import { controllerAuthBegin, controllerAuthProve, deleteTopic, describeCluster } from "@freshet/protocol/messages/freshet/controller-api";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../system/resources.js";
import { defaultTopicConfig } from "../topics/topic-config.js";
import { ControllerClient } from "../controller-client/controller-client.js";
import { startController, type RunningController } from "./run-controller.js";

const logger = pino({ level: "silent" });
const WAIT_MS = 10_000;

let root: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "freshet-sc-auth-"));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(root, { recursive: true, force: true });
});

const secretFile = () => join(root, "controller.secret");

async function controllerWithTopic(): Promise<RunningController> {
  const sc = await startController({ dataDir: join(root, "sc"), host: "127.0.0.1", port: 0, secretFile: secretFile() }, { logger, clock: systemClock });
  cleanups.push(() => sc.close());
  expect((await sc.controller.registerSpu(1, "127.0.0.1", 19_001)).ok).toBe(true);
  expect((await sc.controller.createTopic("orders", 1, 1, defaultTopicConfig(), [])).ok).toBe(true);
  return sc;
}

function client(sc: RunningController, secret: Uint8Array): ControllerClient {
  const c = new ControllerClient({ host: "127.0.0.1", port: sc.port, secret, watch: false, requestTimeoutMs: 2000, retryBackoffMs: 20, maxRetryBackoffMs: 50 }, { logger });
  cleanups.push(() => c.close());
  return c;
}

/** A plain TCP client that speaks the controller's framing and nothing more: what an outsider on the host can do. */
class RawConnection {
  readonly #decoder = new FrameDecoder({ maxFrameBytes: 64 * 1024 * 1024, minFrameBytes: 4 });
  readonly #frames: Uint8Array[] = [];
  #closed = false;
  #correlationId = 0;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      const framed = this.#decoder.push(chunk);
      if (framed.ok) this.#frames.push(...framed.value);
    });
    socket.on("error", () => undefined);
    socket.on("close", () => (this.#closed = true));
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: "127.0.0.1", port }, () => resolve(new RawConnection(socket)));
      socket.once("error", reject);
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  async request<A extends ApiDefinition>(api: A, body: RequestOf<A>): Promise<ResponseOf<A>> {
    const correlationId = ++this.#correlationId;
    for (const chunk of encodeRequest(api, { apiKey: api.key, apiVersion: 0, correlationId, clientId: "outsider" }, body)) this.socket.write(chunk);
    await expect.poll(() => this.#frames.length, { timeout: WAIT_MS }).toBeGreaterThan(0);
    const decoded = decodeResponse(api, 0, this.#frames.shift()!);
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.value.correlationId).toBe(correlationId);
    return decoded.value.body;
  }

  close(): void {
    this.socket.destroy();
  }
}

async function raw(port: number): Promise<RawConnection> {
  const connection = await RawConnection.open(port);
  cleanups.push(async () => connection.close());
  return connection;
}

describe("controller authentication", () => {
  it("answers an unauthenticated DeleteTopic with CLUSTER_AUTHORIZATION_FAILED, closes the connection and keeps the topic", async () => {
    const sc = await controllerWithTopic();
    const outsider = await raw(sc.port);
    const answer = await outsider.request(deleteTopic, { name: "orders" });
    expect(answer.errorCode).toBe(errorCode("CLUSTER_AUTHORIZATION_FAILED"));
    expect(answer.errorMessage).toMatch(/serves only members of its cluster/);
    await expect.poll(() => outsider.closed, { timeout: WAIT_MS }).toBe(true);
    expect(sc.controller.state.topics["orders"]).toBeDefined();
  });

  it("describes nothing of the cluster to an unauthenticated connection", async () => {
    const sc = await controllerWithTopic();
    const outsider = await raw(sc.port);
    const answer = await outsider.request(describeCluster, {});
    expect(answer).toMatchObject({ errorCode: errorCode("CLUSTER_AUTHORIZATION_FAILED"), spus: [], state: "" });
    await expect.poll(() => outsider.closed, { timeout: WAIT_MS }).toBe(true);
  });

  it("refuses a proof made with a wrong secret, and serves nothing pipelined behind it", async () => {
    const sc = await controllerWithTopic();
    const outsider = await raw(sc.port);
    const begun = await outsider.request(controllerAuthBegin, { clientNonce: new Uint8Array(32).fill(1) });
    expect(begun.errorCode).toBe(0);
    expect(begun.serverNonce).toHaveLength(32);
    const proved = await outsider.request(controllerAuthProve, { clientProof: new Uint8Array(32).fill(2) });
    expect(proved).toMatchObject({ errorCode: errorCode("SASL_AUTHENTICATION_FAILED"), errorMessage: expect.stringMatching(/wrong controller secret/) });
    await expect.poll(() => outsider.closed, { timeout: WAIT_MS }).toBe(true);
    expect(sc.controller.state.topics["orders"]).toBeDefined();
  });

  it("lets a client with the wrong secret neither delete a topic nor read the cluster", async () => {
    const sc = await controllerWithTopic();
    const intruder = client(sc, new Uint8Array(32).fill(7));
    expect(await intruder.deleteTopic("orders")).toMatchObject({ errorName: "SASL_AUTHENTICATION_FAILED", message: expect.stringMatching(/refused this process/) });
    await expect(intruder.describeCluster()).rejects.toMatchObject({ error: { errorName: "SASL_AUTHENTICATION_FAILED" } });
    expect(sc.controller.state.topics["orders"]).toBeDefined();
  });

  it("serves a client holding the cluster's secret", async () => {
    const sc = await controllerWithTopic();
    const secret = await readControllerSecret(secretFile());
    if (!secret.ok) throw new Error(secret.error);
    const member = client(sc, secret.value);
    expect(Object.keys((await member.describeCluster()).state.topics)).toEqual(["orders"]);
    expect(await member.deleteTopic("orders")).toBeNull();
    expect(sc.controller.state.topics["orders"]).toBeUndefined();
  });

  it("creates the secret file readable by its owner only, keeps it across restarts, and refuses one others may read", async () => {
    const sc = await controllerWithTopic();
    const first = await readFile(secretFile(), "utf8");
    expect((await stat(secretFile())).mode & 0o777).toBe(0o600);
    expect(Buffer.from(first.trim(), "base64")).toHaveLength(32);
    await sc.close();
    const again = await startController({ dataDir: join(root, "sc"), host: "127.0.0.1", port: 0, secretFile: secretFile() }, { logger, clock: systemClock });
    await again.close();
    expect(await readFile(secretFile(), "utf8")).toBe(first);

    await chmod(secretFile(), 0o644);
    expect(await readControllerSecret(secretFile())).toEqual({ ok: false, error: expect.stringMatching(/may be read by other users \(mode 644\); run chmod 600/) });
    await expect(startController({ dataDir: join(root, "sc"), host: "127.0.0.1", port: 0, secretFile: secretFile() }, { logger, clock: systemClock })).rejects.toThrow(/may be read by other users/);
  });
});
