import { createServer, type Server } from "node:net";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { checkRedis, ensureDatabase, PreflightError } from "../src/preflight.js";

const POSTGRES = "postgresql://postgres@127.0.0.1:5432";
const name = `freshet_preflight_${process.pid}_${Date.now()}`;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

afterAll(async () => {
  const client = new pg.Client({ connectionString: `${POSTGRES}/postgres` });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}"`);
  await client.end();
});

describe("local cloud preflight", () => {
  it("creates the control-plane database once, then finds it", async () => {
    expect(await ensureDatabase(`${POSTGRES}/${name}`)).toBe("created");
    expect(await ensureDatabase(`${POSTGRES}/${name}`)).toBe("exists");
  });

  it("tells how to start PostgreSQL when nothing listens", async () => {
    const port = await closedPort();
    const failure = ensureDatabase(`postgresql://postgres@127.0.0.1:${port}/freshet`);
    await expect(failure).rejects.toBeInstanceOf(PreflightError);
    await expect(failure).rejects.toThrow(/PostgreSQL is not reachable at 127\.0\.0\.1:\d+.*\n.*pg_ctlcluster/s);
  });

  it("accepts the real Redis and refuses a port that is not Redis, saying how to start it", async () => {
    await expect(checkRedis("redis://127.0.0.1:6379")).resolves.toBeUndefined();
    const impostor: Server = createServer((socket) => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n-ERR not redis\r\n"));
    await new Promise<void>((resolve) => impostor.listen(0, "127.0.0.1", resolve));
    const port = (impostor.address() as { port: number }).port;
    try {
      await expect(checkRedis(`redis://127.0.0.1:${port}`)).rejects.toThrow(/redis-server --daemonize yes/);
    } finally {
      impostor.close();
    }
    await expect(checkRedis(`redis://127.0.0.1:${await closedPort()}`)).rejects.toThrow(/Redis is not reachable/);
  });
});
