/**
 * The worker thread's program, as source text so it runs the same from sources
 * (tests) and from the build. It imports jco's glue from a data: URL, builds one
 * instance from the compiled core modules it was given, reports the module's
 * manifest, then serves init and process calls one at a time. Batches arrive and
 * leave as transferred buffers. After a trap the instance is poisoned, so the
 * worker only reports it; the host terminates the worker. Each process call is timed
 * here, around the synchronous call, so the time excludes message passing and queueing.
 */
export const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const reply = (message, transfer) => parentPort.postMessage(message, transfer);
const SM_ERROR_TAGS = ["invalid-params", "failed"];
function failure(cause) {
  // jco's glue throws the world's sm-error wrapped (StarlingMonkey builds) or as it is (QuickJS builds).
  const payload = cause && (cause.payload || (SM_ERROR_TAGS.includes(cause.tag) ? cause : undefined));
  if (payload && typeof payload.tag === "string") return { payload: { tag: payload.tag, val: String(payload.val) } };
  return { trap: cause instanceof Error ? cause.name + ": " + cause.message : String(cause) };
}
(async () => {
  const url = "data:text/javascript;base64," + Buffer.from(workerData.glue).toString("base64");
  const { instantiate } = await import(url);
  const instance = await instantiate((name) => workerData.cores[name], {});
  let manifest;
  try {
    manifest = instance.describe();
  } catch (cause) {
    reply({ startFailed: failure(cause) });
    return;
  }
  parentPort.on("message", (message) => {
    try {
      if (message.op === "init") {
        instance.init(message.params);
        reply({ id: message.id, ok: true });
      } else {
        const started = performance.now();
        const out = instance.process(message.batch, message.accumulator);
        const runMs = performance.now() - started;
        reply({ id: message.id, ok: true, out: { ...out, runMs } }, [out.records.buffer, out.accumulator.buffer]);
      }
    } catch (cause) {
      reply({ id: message.id, ok: false, failure: failure(cause) });
    }
  });
  reply({ ready: true, manifest });
})().catch((cause) => reply({ startFailed: failure(cause) }));
`;
