import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type * as TypeScript from "typescript";

/** Loaded with require: Node's ESM loader takes 1–2 s more CPU to import the 9 MB CommonJS compiler (format detection, export scan) in every process that type-checks. */
const ts = createRequire(import.meta.url)("typescript") as typeof TypeScript;

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The guest SDK's types, where its source (a workspace) or its declarations (an installed
 * build) sit, without extension so the compiler takes index.ts or index.d.ts.
 */
function guestSdkTypes(): string | undefined {
  return ["../guest/index.ts", "../guest/index.d.ts"]
    .map((p) => resolve(here, p))
    .find((p) => existsSync(p))
    ?.replace(/(\.d)?\.ts$/, "");
}

/**
 * The globals a module may use besides the language's own: what StarlingMonkey offers with
 * every WASI feature off. Declared here rather than taken from the DOM library, which would
 * let `document` or `fetch` pass the check and is most of a check's time besides.
 */
const SANDBOX_GLOBALS_FILE = "freshet-sandbox-globals.d.ts";
const SANDBOX_GLOBALS = `
interface TextEncoderEncodeIntoResult { read: number; written: number }
declare class TextEncoder {
  readonly encoding: string;
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): TextEncoderEncodeIntoResult;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare var console: { log(...data: unknown[]): void; info(...data: unknown[]): void; warn(...data: unknown[]): void; error(...data: unknown[]): void; debug(...data: unknown[]): void };
declare function atob(data: string): string;
declare function btoa(data: string): string;
declare function structuredClone<T>(value: T): T;
declare function queueMicrotask(callback: () => void): void;
`;

/**
 * What a module is checked under: strict, as the workspace's own code is; resolved as the
 * bundler resolves it; the language's library and the sandbox's globals, no DOM and no Node.
 */
const COMPILER_OPTIONS: TypeScript.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  lib: ["lib.es2023.d.ts"],
  types: [],
  skipLibCheck: true,
  isolatedModules: true,
};

/** The standard library's declarations, parsed once per process. */
const libFiles = new Map<string, TypeScript.SourceFile | undefined>();
const LIB_DIR = dirname(ts.getDefaultLibFilePath(COMPILER_OPTIONS));

function hostWithLibCache(options: TypeScript.CompilerOptions): TypeScript.CompilerHost {
  const host = ts.createCompilerHost(options);
  const parse = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.fileExists = (fileName) => fileName === SANDBOX_GLOBALS_FILE || fileExists(fileName);
  host.readFile = (fileName) => (fileName === SANDBOX_GLOBALS_FILE ? SANDBOX_GLOBALS : readFile(fileName));
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (fileName === SANDBOX_GLOBALS_FILE) return ts.createSourceFile(fileName, SANDBOX_GLOBALS, languageVersion);
    if (dirname(fileName) !== LIB_DIR) return parse(fileName, languageVersion, onError, shouldCreate);
    if (!libFiles.has(fileName)) libFiles.set(fileName, parse(fileName, languageVersion, onError, shouldCreate));
    return libFiles.get(fileName);
  };
  return host;
}

/**
 * Type-checks a module's entry and what it imports with the TypeScript compiler, against
 * the guest SDK's types: a parameter declared with a default of the wrong type, or an
 * `apply` that returns the wrong thing, fails here with its position instead of at load
 * or at run time. Returns one `file:line:column: message` per error in the project's own
 * files (paths relative to `projectDir`), or none.
 */
export function typeCheckModule(entry: string, projectDir: string): string[] {
  const sdk = guestSdkTypes();
  const options: TypeScript.CompilerOptions = { ...COMPILER_OPTIONS, ...(sdk === undefined ? {} : { paths: { "@freshet/smartmodule/guest": [sdk] } }) };
  const program = ts.createProgram({ rootNames: [SANDBOX_GLOBALS_FILE, resolve(entry)], options, host: hostWithLibCache(options) });
  const ownFile = (file: TypeScript.SourceFile | undefined) => file !== undefined && !relative(projectDir, file.fileName).startsWith("..");
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error && (d.file === undefined || ownFile(d.file)))
    .map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      if (d.file === undefined || d.start === undefined) return `error TS${d.code}: ${message}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${relative(projectDir, d.file.fileName)}:${line + 1}:${character + 1}: error TS${d.code}: ${message}`;
    });
}
