/*
 * The README's `freshet connector` lines for cloud clusters, as printed, against the real control
 * plane: the API on a fresh database, the real provisioning worker (local driver, which also runs
 * connector processes) and the built CLI, with an mqtt-source on the machine's Mosquitto.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, startTestApi, trpcClient, type TestApi } from "@freshet/api/internal/api-harness";
import { startTestProvisioning, type TestProvisioning } from "@freshet/api/internal/provisioning";
import { runCli, type Run } from "./test-support/run-cli.js";

let home: string;
let api: TestApi;
let provisioning: TestProvisioning;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "freshet-cli-cloud-connector-"));
  api = await startTestApi();
  provisioning = await startTestProvisioning(api, "cli-cloud-connector-data");
  const ada = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  const org = await ada.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await ada.orgs.setActive.mutate({ organizationId: org.id });
  const key = await ada.apiKeys.create.mutate({ name: "laptop", role: "admin" });
  expect((await runCli(home, ["cloud", "login", "--api-url", api.url, "--api-key", key.secret])).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await provisioning?.close();
  await api?.close();
  await rm(home, { recursive: true, force: true });
});

const cli = (args: readonly string[]) => runCli(home, args);

/** Runs `args` until its output matches, or fails with the last output after `timeoutMs`. */
async function until(args: readonly string[], pattern: RegExp, timeoutMs = 60_000): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await cli(args);
    if (pattern.test(run.stdout)) return run;
    if (Date.now() > deadline) throw new Error(`\`freshet ${args.join(" ")}\` never matched ${pattern}: ${run.stdout}${run.stderr}`);
  }
}

describe("the README's connector lines on a cloud cluster", () => {
  it("creates, watches, stops, reads and resets offsets, starts and deletes an mqtt-source", async () => {
    expect((await cli(["cloud", "cluster", "create", "main", "--wait"])).code).toBe(0);
    expect((await cli(["cloud", "cluster", "use", "main"])).code).toBe(0);
    expect((await cli(["topic", "create", "readings"])).code).toBe(0);

    const types = await cli(["connector", "types"]);
    expect(
      types.stdout
        .split("\n")
        .slice(1, -1)
        .map((line) => line.split(/\s+/)[0])
        .sort(),
    ).toEqual(["http-sink", "http-source", "kafka-sink", "kafka-source", "lake-sink", "mqtt-sink", "mqtt-source", "nats-sink", "nats-source", "postgres-sink"]);
    const file = join(home, "mqtt-in.cloud.yaml");
    const filter = `readme-${randomBytes(4).toString("hex")}/#`;
    await writeFile(
      file,
      ["name: mqtt-in", "type: mqtt-source", "topic: readings", "errors: { tolerance: all }", `config: { url: "mqtt://127.0.0.1:1883", topics: ["${filter}"], payloadFormat: json }`, ""].join("\n"),
    );
    const created = await cli(["connector", "create", "--config", file]);
    expect([created.code, created.stdout, created.stderr]).toEqual([0, 'connector "mqtt-in" created on cluster "main": Pending\n', ""]);
    await until(["connector", "status", "mqtt-in"], /^connector "mqtt-in" \(mqtt-source source\) on cluster "main": Running\n/);
    expect((await cli(["connector", "list"])).stdout).toMatch(/\nmqtt-in {2}mqtt-source {2}source {2}Running /);
    expect((await cli(["connector", "logs", "mqtt-in", "--lines", "20"])).code).toBe(0);

    expect((await cli(["connector", "stop", "mqtt-in"])).code).toBe(0);
    await until(["connector", "status", "mqtt-in"], /: Stopped\n/);
    const offsets = await cli(["connector", "offsets", "mqtt-in"]);
    expect([offsets.code, offsets.stderr]).toEqual([0, ""]);
    expect((await cli(["connector", "offsets", "mqtt-in", "--reset"])).stdout).toBe('connector "mqtt-in" has no stored position (it starts afresh)\n');
    expect((await cli(["connector", "start", "mqtt-in"])).stdout).toBe('connector "mqtt-in" (mqtt-source source) on cluster "main": Pending\n');
    await until(["connector", "status", "mqtt-in"], /: Running\n/);
    const deleted = await cli(["connector", "delete", "mqtt-in", "--yes"]);
    expect([deleted.code, deleted.stdout]).toEqual([0, 'connector "mqtt-in" (mqtt-source source) on cluster "main": Deleting\n']);
  }, 300_000);
});
