import { createConnection } from "node:net";
import pg from "pg";

/** What the user must do when a service the cloud needs is not there. */
export class PreflightError extends Error {
  override readonly name = "PreflightError";
}

const POSTGRES_HELP = "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n(or point DATABASE_URL at a PostgreSQL 15+ server you can create databases on)";
const REDIS_HELP = 'start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no\n(or point REDIS_URL at a Redis 7 server)';

/** Creates the database named in the URL when the server has none by that name. */
export async function ensureDatabase(databaseUrl: string): Promise<"created" | "exists"> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  const admin = new URL(databaseUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (cause) {
    throw new PreflightError(`PostgreSQL is not reachable at ${url.host} (${(cause as Error).message}).\n${POSTGRES_HELP}`);
  }
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount !== 0) return "exists";
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    return "created";
  } finally {
    await client.end();
  }
}

/** Sends PING and expects PONG, so a port held by something else is not mistaken for Redis. */
export async function checkRedis(redisUrl: string): Promise<void> {
  const url = new URL(redisUrl);
  const port = Number(url.port || 6379);
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = createConnection({ host: url.hostname, port });
    const timer = setTimeout(() => socket.destroy(new Error("no answer within 3 s")), 3000);
    let data = "";
    socket.on("connect", () => socket.write(url.password ? `AUTH ${decodeURIComponent(url.password)}\r\nPING\r\n` : "PING\r\n"));
    socket.on("data", (chunk) => {
      data += chunk.toString();
      if (data.includes("PONG") || data.startsWith("-")) {
        clearTimeout(timer);
        socket.end();
        resolve(data);
      }
    });
    socket.on("error", (cause) => {
      clearTimeout(timer);
      reject(cause);
    });
    // Whatever answered and hung up is judged by what it said.
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(data);
    });
  }).catch((cause: unknown) => {
    throw new PreflightError(`Redis is not reachable at ${url.host} (${(cause as Error).message}).\n${REDIS_HELP}`);
  });
  if (!reply.includes("PONG")) throw new PreflightError(`Redis at ${url.host} answered ${JSON.stringify(reply.trim())} to PING.\n${REDIS_HELP}`);
}
