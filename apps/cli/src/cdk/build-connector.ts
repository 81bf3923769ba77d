import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build as bundle, type Plugin } from "esbuild";
import { FROM_INSTALLATION, INSTALLATION_DIR } from "./kit-location.js";
import { typeCheckConnector } from "./type-check.js";

/** A connector project that cannot be built; the message says why (for type errors, where). */
export class ConnectorBuildError extends Error {
  override readonly name = "ConnectorBuildError";
}

export interface ConnectorBuild {
  /** <project>/dist/connector.js */
  readonly output: string;
  readonly bytes: number;
  readonly ms: number;
}

/** The project's `@freshet/connectors/kit` and `zod` imports resolve to the installation's copies. */
function fromInstallation(): Plugin {
  return {
    name: "freshet-connector-kit",
    setup(build) {
      build.onResolve({ filter: FROM_INSTALLATION }, async (args) => {
        // build.resolve runs this hook again; the flag lets that inner lookup through.
        if ((args.pluginData as { inner?: boolean } | undefined)?.inner === true) return undefined;
        const found = await build.resolve(args.path, { kind: args.kind, resolveDir: INSTALLATION_DIR, pluginData: { inner: true } });
        return found.errors.length > 0 ? { errors: found.errors } : { path: found.path };
      });
    },
  };
}

/** One ESM file with every dependency but Node's own modules inlined. */
async function bundleConnector(entry: string, projectDir: string): Promise<string> {
  try {
    const result = await bundle({
      entryPoints: [entry],
      absWorkingDir: projectDir,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      write: false,
      logLevel: "silent",
      // Bundled CommonJS dependencies call require() for Node's modules, which ESM lacks.
      banner: { js: 'import { createRequire as __freshetCreateRequire } from "node:module";\nconst require = __freshetCreateRequire(import.meta.url);' },
      plugins: [fromInstallation()],
    });
    return result.outputFiles[0]!.text;
  } catch (cause) {
    const errors = (cause as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors ?? [];
    const detail = errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text)).join("\n");
    throw new ConnectorBuildError(`cannot bundle ${entry}:\n${detail || (cause as Error).message}`);
  }
}

/** The checks the runtime's loader makes on a `module:`, so a build it would refuse fails here instead. */
async function checkExportsConnector(output: string): Promise<void> {
  // A query makes a rebuilt file a new module for this process's import cache.
  const loaded = (await import(`${pathToFileURL(output).href}?built=${Date.now()}`)) as { default?: Record<string, unknown> };
  const connector = loaded.default;
  const exported =
    typeof connector === "object" &&
    (connector.kind === "source" || connector.kind === "sink") &&
    typeof connector.type === "string" &&
    typeof connector.open === "function" &&
    typeof connector.check === "function" &&
    typeof (connector.config as { safeParse?: unknown } | undefined)?.safeParse === "function";
  if (!exported) throw new ConnectorBuildError(`src/index.ts does not export a connector as default (export default defineSource({...}) or defineSink({...}))`);
}

/**
 * Builds <dir>/src/index.ts into <dir>/dist/connector.js: type-checks it, bundles it with esbuild
 * (zod and any other dependency inlined), and loads the result as the runtime would.
 */
export async function buildConnector(dir: string): Promise<ConnectorBuild> {
  const started = performance.now();
  const projectDir = resolve(dir);
  const entry = join(projectDir, "src/index.ts");
  const typeErrors = typeCheckConnector(entry, projectDir);
  if (typeErrors.length > 0) throw new ConnectorBuildError(`${projectDir} does not type-check:\n${typeErrors.join("\n")}`);
  const code = await bundleConnector(entry, projectDir);
  const output = join(projectDir, "dist", "connector.js");
  await mkdir(join(projectDir, "dist"), { recursive: true });
  await writeFile(output, code);
  await checkExportsConnector(output);
  return { output, bytes: Buffer.byteLength(code), ms: performance.now() - started };
}
