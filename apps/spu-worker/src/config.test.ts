import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";

const base = ["--data-dir", "/tmp/x"];

describe("loadConfig: connection limits and TLS", () => {
  it("defaults to Kafka's 10-minute idle limit and bounded connection counts", () => {
    const loaded = loadConfig(base, {});
    expect(loaded.ok && [loaded.config.connectionsMaxIdleMs, loaded.config.maxConnections, loaded.config.maxConnectionsPerAddress]).toEqual([600_000, 1024, 256]);
  });

  it("needs the TLS certificate and key together, and a frame limit that cannot look like TLS", () => {
    expect(loadConfig([...base, "--tls-cert", "cert.pem"], {})).toEqual({ ok: false, message: "TLS needs both --tls-cert and --tls-key (or FRESHET_TLS_CERT and FRESHET_TLS_KEY)" });
    expect(loadConfig([...base, "--tls-cert", "c", "--tls-key", "k", "--max-frame-bytes", String(400 * 2 ** 20)], {})).toEqual({
      ok: false,
      message: "with TLS, --max-frame-bytes is at most 369098751",
    });
    expect(loadConfig([...base, "--tls-cert", "c", "--tls-key", "k"], {}).ok).toBe(true);
  });
});

describe("loadConfig: the dataflow role", () => {
  it("needs the document, takes it from the environment too, and serves its HTTP API on a free port unless told", () => {
    expect(loadConfig([...base, "--role", "dataflow"], {})).toEqual({ ok: false, message: "--role dataflow needs the dataflow's YAML document: --dataflow-config FILE (or FRESHET_DATAFLOW_CONFIG)" });
    const fromEnv = loadConfig([...base, "--role", "dataflow"], { FRESHET_DATAFLOW_CONFIG: "flow.yaml" });
    expect(fromEnv.ok && [fromEnv.config.dataflowConfig, fromEnv.config.port]).toEqual(["flow.yaml", 0]);
    const withPort = loadConfig([...base, "--role", "dataflow", "--dataflow-config", "flow.yaml", "--port", "8123"], {});
    expect(withPort.ok && withPort.config.port).toBe(8123);
  });
});
