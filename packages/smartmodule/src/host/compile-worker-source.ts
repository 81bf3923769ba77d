/**
 * The compile worker's program, as source text so it runs the same from sources
 * (tests) and from the build. Transpiling a component (jco's bindgen, itself
 * WebAssembly) and compiling its core modules keep a thread busy for seconds on a
 * 12 MB component; in a worker they leave the server's event loop (heartbeats,
 * requests) free. Each request is answered by one message with its id: `transpile`
 * returns jco's files; `compile` turns core modules the host has checked and capped
 * into WebAssembly.Module objects, which cross threads without copying their code.
 */
export const COMPILE_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const firstLine = (cause) => String(cause instanceof Error ? cause.message : cause).split("\n")[0];
const transpiler = import(workerData.transpilerUrl);
async function transpile({ id, component, options }) {
  let transpiled;
  try {
    transpiled = await (await transpiler).transpileBytes(component, options);
  } catch (cause) {
    parentPort.postMessage({ id, failed: "not a WebAssembly component: " + firstLine(cause) });
    return;
  }
  const files = transpiled.files;
  const buffers = new Set(Object.values(files).map((bytes) => bytes.buffer));
  parentPort.postMessage({ id, files, imports: transpiled.imports, exports: transpiled.exports }, [...buffers]);
}
async function compile({ id, cores }) {
  const modules = {};
  try {
    for (const [name, bytes] of Object.entries(cores)) modules[name] = await WebAssembly.compile(bytes);
  } catch (cause) {
    parentPort.postMessage({ id, failed: "its core WebAssembly does not compile: " + firstLine(cause) });
    return;
  }
  parentPort.postMessage({ id, modules });
}
// One request at a time, in order: a compile uses a core already, and the host awaits each answer.
let queue = Promise.resolve();
parentPort.on("message", (request) => {
  queue = queue.then(() => (request.op === "transpile" ? transpile(request) : compile(request)));
});
`;
