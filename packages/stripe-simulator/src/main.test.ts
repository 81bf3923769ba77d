import { spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";

// The built entry, as npm start will run it (rebuild after changing sources).
const ENTRY = resolve(dirname(fileURLToPath(import.meta.url)), "../dist/main.js");

describe("freshet-stripe-simulator", () => {
  it("serves the SDK on the port it prints and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [ENTRY, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    const [line] = (await once(child.stdout, "data")) as [Buffer];
    const url = new URL(/http:\/\/\S+/.exec(line.toString())?.[0] ?? "");
    const stripe = new Stripe("sk_test_cli", { host: url.hostname, port: Number(url.port), protocol: "http", maxNetworkRetries: 0 });
    expect(await stripe.customers.create({ email: "cli@example.com" })).toMatchObject({ object: "customer", email: "cli@example.com" });
    child.kill("SIGTERM");
    expect(await once(child, "exit")).toEqual([0, null]);
  });

  it("refuses bad flags with one sentence and exit code 2", async () => {
    const child = spawn(process.execPath, [ENTRY, "--webhook", "http://127.0.0.1/hook"], { stdio: ["ignore", "pipe", "pipe"] });
    const stderr: Buffer[] = [];
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    expect(await once(child, "exit")).toEqual([2, null]);
    expect(Buffer.concat(stderr).toString()).toBe("freshet-stripe-simulator: --webhook and --webhook-secret go together.\n");
  });
});
