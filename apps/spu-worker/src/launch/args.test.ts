import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { engineArgv } from "./args.js";

describe("engineArgv", () => {
  it("writes each given setting as its config.ts flag, and nothing for the rest", () => {
    expect(engineArgv({ dataDir: "/d", role: "spu", sc: "127.0.0.1:9000", controllerSecret: "/s", nodeId: 2, port: 0, defaultPartitions: 3, autoCreateTopics: false })).toEqual([
      "--role",
      "spu",
      "--sc",
      "127.0.0.1:9000",
      "--controller-secret",
      "/s",
      "--data-dir",
      "/d",
      "--port",
      "0",
      "--node-id",
      "2",
      "--num-partitions",
      "3",
      "--auto-create-topics",
      "false",
    ]);
  });

  it("gives a command line the worker parses back into the same settings", () => {
    const args = { dataDir: "/d", role: "sc", controllerSecret: "/s", host: "127.0.0.1", port: 9100, maxPartitions: 12, saslCredentials: "/c.json", logLevel: "warn" } as const;
    const loaded = loadConfig(engineArgv(args), {});
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.config).toMatchObject(args);
  });
});
