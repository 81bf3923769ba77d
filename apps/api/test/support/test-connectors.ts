import { defineSource, type Connector } from "@freshet/connectors/kit";
import { z } from "zod";
import type { ConnectorCatalog } from "../../src/connectors/connector-catalog.js";

/**
 * A source whose check passes or fails as its config says, so API tests need no real target.
 * It never runs here: the API only validates and checks.
 */
export const testSource = defineSource({
  type: "test-source",
  kind: "source",
  description: "Emits nothing; its check answers as `reachable` says.",
  config: z.strictObject({
    url: z.url().describe("Where the pretend target lives."),
    reachable: z.boolean().default(true),
  }),
  check: (context) =>
    Promise.resolve(context.config.reachable ? { ok: true as const, detail: `reached ${context.config.url}` } : { ok: false as const, message: `Connection refused by ${context.config.url}\nstack…` }),
  open: (context) =>
    Promise.resolve({
      poll: async (signal: AbortSignal) => {
        await context.clock.sleep(200, signal);
        return { records: [] };
      },
      close: () => Promise.resolve(),
    }),
});

export const testCatalog: ConnectorCatalog = {
  types: () => ["test-source"],
  get: (type) => Promise.resolve(type === "test-source" ? (testSource as Connector) : undefined),
};

export function testSourceYaml(name: string, config: Record<string, unknown> = { url: "http://127.0.0.1:9/" }): string {
  return [`name: ${name}`, "type: test-source", "topic: events", "config:", ...Object.entries(config).map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`), ""].join("\n");
}
