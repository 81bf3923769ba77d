import { Gauge, Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { RecordingLogger } from "../log/test-support/recording-logger.js";
import { serveMetrics, type MetricsServer } from "./metrics-server.js";

let server: MetricsServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function started(registry: Registry, logger = new RecordingLogger()): Promise<MetricsServer> {
  server = await serveMetrics(registry, "127.0.0.1", 0, logger);
  return server;
}

describe("the metrics endpoint", () => {
  it("answers GET /metrics with the registry in the Prometheus text format, and nothing else", async () => {
    const registry = new Registry();
    new Gauge({ name: "freshet_test_answer", help: "A gauge for the test.", registers: [registry] }).set(42);
    const { port } = await started(registry);
    const base = `http://127.0.0.1:${port}`;

    const scraped = await fetch(`${base}/metrics?debug=1`);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(await scraped.text()).toContain("\nfreshet_test_answer 42\n");
    expect((await fetch(`${base}/`)).status).toBe(404);
    const posted = await fetch(`${base}/metrics`, { method: "POST" });
    expect(posted.status).toBe(405);
    expect(posted.headers.get("allow")).toBe("GET, HEAD");
  });

  it("answers 500 and logs when a collector fails, and keeps serving", async () => {
    const registry = new Registry();
    let broken = true;
    new Gauge({
      name: "freshet_test_flaky",
      help: "A gauge whose collection fails once.",
      registers: [registry],
      collect() {
        if (broken) throw new Error("state unavailable");
        this.set(1);
      },
    });
    const logger = new RecordingLogger();
    const { port } = await started(registry, logger);

    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(500);
    expect(logger.at("error").map((line) => line.message)).toEqual(["collecting metrics failed"]);
    broken = false;
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toContain("freshet_test_flaky 1");
  });
});
