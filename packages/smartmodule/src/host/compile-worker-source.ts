/**
 * The compile worker's program, as source text so it runs the same from sources
 * (tests) and from the build. Transpiling a component (jco's bindgen, itself
 * WebAssembly) and compiling its core modules keep a thread busy for seconds on a
 * 12 MB component; in a worker they leave the server's event loop (heartbeats,
 * requests) free. Two steps, each answered by one message: `transpile` returns jco's
 * files, then `compile` turns the core modules the host has checked and capped into
 * WebAssembly.Module objects, which cross threads without copying their code.
 */
export const COMPILE_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const firstLine = (cause) => String(cause instanceof Error ? cause.message : cause).split("\n")[0];
parentPort.once("message", async ({ component, options }) => {
  let transpiled;
  try {
    const { transpileBytes } = await import(workerData.transpilerUrl);
    transpiled = await transpileBytes(component, options);
  } catch (cause) {
    parentPort.postMessage({ failed: "not a WebAssembly component: " + firstLine(cause) });
    return;
  }
  const files = transpiled.files;
  const buffers = new Set(Object.values(files).map((bytes) => bytes.buffer));
  parentPort.postMessage({ files, imports: transpiled.imports, exports: transpiled.exports }, [...buffers]);
  parentPort.once("message", async ({ cores }) => {
    const modules = {};
    try {
      for (const [name, bytes] of Object.entries(cores)) modules[name] = await WebAssembly.compile(bytes);
    } catch (cause) {
      parentPort.postMessage({ failed: "its core WebAssembly does not compile: " + firstLine(cause) });
      return;
    }
    parentPort.postMessage({ modules });
  });
});
`;
