import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CONTROLLER_SECRET_FILE, ensureControllerSecret } from "@freshet/client/admin/controller-secret";
import { runCli } from "./program.js";
import { captureContext } from "./test-support/capture-context.js";

let home: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "freshet-cli-program-"));
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("freshet command line", () => {
  it("exits 2 with commander's message for an unknown command", async () => {
    const context = captureContext({ home });
    expect(await runCli(["bogus"], context)).toBe(2);
    expect(context.err()).toContain("unknown command 'bogus'");
  });

  it("exits 2 and names the flag for an invalid option value", async () => {
    const context = captureContext({ home });
    expect(await runCli(["topic", "create", "t", "--retention-time", "forever and ever"], context)).toBe(2);
    expect(context.err()).toBe('freshet: invalid --retention-time: "forever and ever" is not a duration like 7d, 12h, 30s or 500ms, or "forever"\n');
  });

  it("tells how to start a cluster when none is configured", async () => {
    const context = captureContext({ home });
    expect(await runCli(["topic", "list"], context)).toBe(1);
    expect(context.err()).toBe("freshet: no cluster configured — start one with `freshet cluster start --local` or pass --bootstrap host:port\n");
  });

  it("prints one line, no stack trace, when the broker is unreachable", async () => {
    const port = await closedPort();
    const context = captureContext({ home });
    expect(await runCli(["--bootstrap", `127.0.0.1:${port}`, "topic", "list"], context)).toBe(1);
    expect(context.err()).toBe(`freshet: cannot reach broker at 127.0.0.1:${port}: connection refused — start one with \`freshet cluster start --local\`\n`);
  });

  it("refuses a malformed bootstrap address as a usage error", async () => {
    const context = captureContext({ home });
    expect(await runCli(["--bootstrap", "host:notaport", "topic", "list"], context)).toBe(2);
    expect(context.err()).toContain("invalid bootstrap address");
  });

  it("says clearly that stopping needs a running cluster", async () => {
    const context = captureContext({ home });
    expect(await runCli(["cluster", "stop"], context)).toBe(1);
    expect(context.err()).toBe(`freshet: no Freshet cluster is running (data dir ${join(home, "local")})\n`);
  });

  it("requires --local to start a cluster", async () => {
    const context = captureContext({ home });
    expect(await runCli(["cluster", "start"], context)).toBe(2);
    expect(context.err()).toContain("add --local");
  });

  it("reports a busy port before spawning anything", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const context = captureContext({ home, workerPath: "/nonexistent/main.js" });
      expect(await runCli(["cluster", "start", "--local", "--port", String(port)], context)).toBe(1);
      expect(context.err()).toBe(`freshet: port ${port} on 127.0.0.1 is already in use — stop what uses it or pick another with --port\n`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("asks for a controller address before listing SPUs", async () => {
    const context = captureContext({ home });
    expect(await runCli(["spu", "list"], context)).toBe(1);
    expect(context.err()).toBe("freshet: no streaming controller configured — start a cluster with `freshet cluster start --local --spus 3` or pass --sc host:port\n");
    const malformed = captureContext({ home });
    expect(await runCli(["spu", "list", "--sc", "a:b:c"], malformed)).toBe(2);
    expect(malformed.err()).toBe('freshet: invalid controller address "a:b:c": expected host:port\n');
  });

  it("names the SC it cannot reach", async () => {
    const port = await closedPort();
    // The cluster's secret is there: what fails is reaching its controller.
    await mkdir(join(home, "local"), { recursive: true });
    expect((await ensureControllerSecret(join(home, "local", CONTROLLER_SECRET_FILE))).ok).toBe(true);
    const context = captureContext({ home });
    expect(await runCli(["spu", "list", "--sc", `127.0.0.1:${port}`], context)).toBe(1);
    expect(context.err()).toBe(`freshet: cannot reach the controller at 127.0.0.1:${port}: connection refused — is the cluster running? see \`freshet cluster status\`\n`);
  });

  it("refuses SPU operations where no multi-SPU cluster lives", async () => {
    const context = captureContext({ home });
    expect(await runCli(["spu", "stop", "0"], context)).toBe(1);
    expect(context.err()).toBe(`freshet: no multi-SPU cluster in ${join(home, "local")} — start one with \`freshet cluster start --local --spus 3\` (or pass --data-dir)\n`);
    const bad = captureContext({ home });
    expect(await runCli(["spu", "start", "zero"], bad)).toBe(2);
    expect(bad.err()).toBe('freshet: invalid SPU id "zero": must be a whole number from 0 to 2147483647\n');
  });

  it("keeps --sc-port for clusters with --spus", async () => {
    const context = captureContext({ home });
    expect(await runCli(["cluster", "start", "--local", "--sc-port", "9003"], context)).toBe(2);
    expect(context.err()).toBe("freshet: invalid --sc-port: --sc-port only applies with --spus\n");
  });
});
