// A stand-in for `apps/spu-worker --role dataflow`: speaks the process contract (runtime file
// naming its HTTP port, dataflow-status.json every 200 ms, GET /status) and reports the cluster
// block it was given in `reason`-free status, so a test sees which document it runs.
import { createServer } from "node:http";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { setInterval } from "node:timers";

const flag = (name) => process.argv[process.argv.indexOf(name) + 1];
const document = readFileSync(flag("--dataflow-config"), "utf8");
const dataDir = flag("--data-dir");
const name = /^name:\s*(\S+)/m.exec(document)?.[1] ?? "unnamed";
const bootstrap = /bootstrap:\s*(\S+)/.exec(document)?.[1] ?? null;
const fails = document.includes("# fail");
const status = () => ({
  name,
  state: fails ? "failed" : "running",
  ...(fails ? { reason: "operators.big.filter: no such field price." } : {}),
  updatedAt: new Date().toISOString(),
  checkpoint: { at: null, count: 0 },
  sources: [{ id: "bids", topic: "bids", partitions: [{ partition: 0, offset: 0, highWatermark: 0, lag: 0 }] }],
  operators: [{ id: "counts", kind: "aggregate", recordsIn: 0, recordsOut: 0, watermark: null, stateEntries: 0, lateDropped: 0, errors: 0 }],
  views: ["hot-view"],
  bootstrap,
});
const writeAtomically = (file, value) => {
  try {
    writeFileSync(`${file}.tmp`, JSON.stringify(value));
    renameSync(`${file}.tmp`, file);
  } catch {
    // Its directory removed under it: it keeps running, as a real process would, until stopped.
  }
};
const server = createServer((req, res) => {
  res.writeHead(req.url === "/status" ? 200 : 404, { "content-type": "application/json" });
  res.end(JSON.stringify(req.url === "/status" ? status() : { error: "no such route" }));
});
server.listen(0, "127.0.0.1", () => {
  writeAtomically(join(dataDir, "spu.json"), { pid: process.pid, host: "127.0.0.1", port: server.address().port, nodeId: 0, startedAt: new Date().toISOString() });
  const tick = () => writeAtomically(join(dataDir, "dataflow-status.json"), status());
  tick();
  setInterval(tick, 200);
});
process.on("SIGTERM", () => process.exit(0));
