/*
 * Kafka clients beyond kafkajs and librdkafka, each from its Debian package and used
 * as its users do: Sarama configured for Kafka 0.11, 1.0, 2.1 and its newest version
 * (it picks request versions from that setting instead of negotiating), segmentio
 * kafka-go 0.2 (Produce v2 / Fetch v2, message format v1), kafka-python 2.0 (SASL
 * after SaslHandshake v0) and confluent-kafka-python 1.7. Every program prints
 * "ok <step>" per step and exits non-zero at the first failure.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGoProgram, runProgram, runPython, type ProgramResult } from "./support/client-programs.js";
import { writeCredentials } from "./support/sasl-credentials.js";
import { makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";
import { writeTlsFiles, type TlsFiles } from "./support/tls-files.js";

const USER = "alice";
const PASSWORD = "alice-secret";

let plain: SpuProcess;
let secured: SpuProcess;
/** The secured broker serves TLS too: PLAIN sends the password itself, so it is accepted only over TLS. */
let tls: TlsFiles;
/** Built while the Python clients run (the first build of a fresh checkout takes about a minute). */
let goPrograms: Promise<{ sarama: string; kafkaGo: string }>;

beforeAll(async () => {
  goPrograms = Promise.all([buildGoProgram("sarama"), buildGoProgram("kafka-go")]).then(([sarama, kafkaGo]) => ({ sarama, kafkaGo }));
  // Observed by the Go tests; a failed build must not also surface as an unhandled rejection.
  goPrograms.catch(() => undefined);
  const securedDir = await makeDataDir();
  const credentials = await writeCredentials(securedDir, { [USER]: PASSWORD });
  tls = await writeTlsFiles(securedDir);
  [plain, secured] = await Promise.all([
    startSpu({ args: ["--log-level", "warn"] }),
    startSpu({ dataDir: securedDir, args: ["--log-level", "warn", "--sasl-credentials", credentials, ...tls.brokerArgs] }),
  ]);
}, 60_000);

afterAll(async () => {
  for (const spu of [plain, secured]) {
    if (spu === undefined) continue;
    expect(await spu.stop()).toBe(0);
    await removeDataDir(spu.dataDir);
  }
});

/** PLAIN goes over TLS (the CA passed as --ca / -ca); SCRAM proves the password without sending it, over plaintext. */
function transportArgs(mechanism: string, flag: "--ca" | "-ca"): string[] {
  return mechanism === "PLAIN" ? [flag, tls.caPath] : [];
}

function expectSession(result: ProgramResult, lastStep: string): void {
  expect(result.output).not.toMatch(/^FAIL/m);
  expect(result.code, result.output).toBe(0);
  expect(result.output).toContain(`ok ${lastStep}`);
}

describe("kafka-python 2.0 (Debian python3-kafka)", () => {
  it("runs admin, codecs, offsets by time and a two-member group that splits the partitions evenly", async () => {
    const result = await runPython("kafka_python_session.py", ["--bootstrap", plain.bootstrap, "--prefix", "kpy"], 120_000);
    expectSession(result, "group of two with commits, split 20/20");
  }, 120_000);

  it.each(["PLAIN", "SCRAM-SHA-256"])("logs in with SASL %s (SaslHandshake v0, raw token frames)", async (mechanism) => {
    const args = ["--bootstrap", secured.bootstrap, "--sasl", mechanism, "--user", USER, "--password", PASSWORD, "--sasl-only", ...transportArgs(mechanism, "--ca")];
    expectSession(await runPython("kafka_python_session.py", args, 60_000), "connected");
  });
});

describe("confluent-kafka-python 1.7 (Debian python3-confluent-kafka, librdkafka 2.0.2)", () => {
  it("runs admin, every codec, offsets by time and a two-member group with commits", async () => {
    expectSession(await runPython("confluent_session.py", ["--bootstrap", plain.bootstrap, "--prefix", "ck"], 120_000), "group of two with commits");
  }, 120_000);

  it.each(["PLAIN", "SCRAM-SHA-256"])("logs in with SASL %s", async (mechanism) => {
    const args = ["--bootstrap", secured.bootstrap, "--sasl", mechanism, "--user", USER, "--password", PASSWORD, "--sasl-only", ...transportArgs(mechanism, "--ca")];
    expectSession(await runPython("confluent_session.py", args, 60_000), "connected");
  });
});

describe("Sarama 1.22 (Debian golang-github-shopify-sarama-dev)", () => {
  it.each(["0.11.0.0", "1.0.0", "2.1.0", "2.2.0"])(
    "configured for Kafka %s: admin, every codec it allows, earliest/latest offsets, a two-member group whose commits stick",
    async (version) => {
      const result = await runProgram((await goPrograms).sarama, ["-brokers", plain.bootstrap, "-version", version, "-prefix", `sarama-${version.replaceAll(".", "")}`], 120_000);
      expectSession(result, "group of two with commits");
      if (version !== "0.11.0.0" && version !== "1.0.0") expect(result.output).toContain("ok produce+consume zstd");
    },
    // The first one waits for the Go build when the cache is cold.
    300_000,
  );

  it.each([
    ["0.11.0.0", "PLAIN"],
    ["1.0.0", "PLAIN"],
    ["2.2.0", "SCRAM-SHA-256"],
  ])("configured for Kafka %s logs in with SASL %s", async (version, mechanism) => {
    const args = ["-brokers", secured.bootstrap, "-version", version, "-sasl", mechanism, "-user", USER, "-password", PASSWORD, "-sasl-only", ...transportArgs(mechanism, "-ca")];
    expectSession(await runProgram((await goPrograms).sarama, args, 60_000), "connected");
  });

  it("configured for Kafka 0.11 is refused with a wrong password", async () => {
    const args = ["-brokers", secured.bootstrap, "-version", "0.11.0.0", "-sasl", "PLAIN", "-user", USER, "-password", "wrong", "-sasl-only", ...transportArgs("PLAIN", "-ca")];
    const result = await runProgram((await goPrograms).sarama, args, 60_000);
    expect(result.code).not.toBe(0);
    expect(result.output).not.toContain("ok connected");
  });
});

describe("segmentio kafka-go 0.2 (Debian golang-github-segmentio-kafka-go-dev)", () => {
  it("creates, describes and deletes topics, produces with every codec it has, reads back, seeks by time and runs a group with commits", async () => {
    const result = await runProgram((await goPrograms).kafkaGo, ["-brokers", plain.bootstrap, "-prefix", "kafkago"], 120_000);
    expectSession(result, "group of two with commits");
    expect(result.output).toContain("ok offsets by time, first and last");
  }, 300_000);
});
