import type { ConnectionOptions } from "bullmq";

/** BullMQ connection options for a redis:// URL. */
export function redisConnection(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password || undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    // BullMQ requires it: its blocking commands must not fail after a fixed number of retries.
    maxRetriesPerRequest: null,
  };
}
