import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { ClientBundle, Outcome } from "../report/report.js";

/** The client's whole public surface as one import: producer, consumers, groups, admin, SmartModule consume. */
const ENTRY = "@freshet/client/client";

/**
 * Left out of the bundle, because a browser build gets them elsewhere: Node's
 * built-ins (the TCP transport, which a browser replaces with its own
 * TransportConnector), and the native codec and CRC addons that
 * @freshet/protocol's compression/codecs.ts says a browser build swaps out.
 */
export const BROWSER_EXTERNAL = ["node:*", "lz4-napi", "snappy", "@node-rs/crc32"] as const;

const LARGEST_INPUTS = 8;
const BENCH_DIR = fileURLToPath(new URL("../../", import.meta.url));

/** esbuild's metafile names inputs by path from the working directory; shorter from the repo root. */
function shortPath(path: string): string {
  return path.replace(/^(\.\.\/)+/, "").replace(/^node_modules\//, "");
}

/**
 * Bundles @freshet/client as a browser app would (esbuild, ESM, minified,
 * platform browser, from the TypeScript sources) and gzips it at level 9.
 */
export async function bundleClient(): Promise<ClientBundle> {
  const result = await build({
    stdin: { contents: `export * from "${ENTRY}";`, resolveDir: BENCH_DIR, loader: "ts" },
    absWorkingDir: BENCH_DIR,
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    conditions: ["@freshet/source"],
    external: [...BROWSER_EXTERNAL],
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error("esbuild wrote no bundle");
  const [meta] = Object.values(result.metafile.outputs);
  const largest = Object.entries(meta?.inputs ?? {})
    .map(([path, input]) => ({ path: shortPath(path), bytes: input.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, LARGEST_INPUTS);
  return {
    entry: ENTRY,
    minifiedBytes: output.contents.byteLength,
    gzippedBytes: gzipSync(output.contents, { level: 9 }).byteLength,
    external: [...BROWSER_EXTERNAL],
    largest,
  };
}

export async function measureClientBundle(log: (line: string) => void): Promise<Outcome<ClientBundle>> {
  try {
    const bundle = await bundleClient();
    log(`@freshet/client for browsers: ${(bundle.gzippedBytes / 1000).toFixed(1)} kB gzipped`);
    return { status: "ok", value: bundle };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split("\n")[0]! : String(cause);
    log(`@freshet/client bundle failed: ${reason}`);
    return { status: "failed", reason };
  }
}
