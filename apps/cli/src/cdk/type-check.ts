import { createRequire } from "node:module";
import { relative, resolve } from "node:path";
import type * as TypeScript from "typescript";
import { FROM_INSTALLATION, INSTALLATION_ANCHOR, nodeTypeRoots } from "./kit-location.js";

/** Loaded with require: Node's ESM loader takes 1–2 s more CPU to import the 9 MB CommonJS compiler (format detection, export scan) in every process that type-checks. */
const ts = createRequire(import.meta.url)("typescript") as typeof TypeScript;

/** The settings a connector is checked under; the template's tsconfig.json repeats them for editors. */
const COMPILER_OPTIONS: TypeScript.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.es2023.d.ts"],
  types: ["node"],
  skipLibCheck: true,
  isolatedModules: true,
};

/** A compiler host that resolves the kit and zod from the installation, everything else as usual. */
function hostFor(options: TypeScript.CompilerOptions): TypeScript.CompilerHost {
  const host = ts.createCompilerHost(options);
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, compilerOptions, sourceFile) =>
    literals.map((literal) => {
      const from = FROM_INSTALLATION.test(literal.text) ? INSTALLATION_ANCHOR : containingFile;
      return ts.resolveModuleName(literal.text, from, compilerOptions, host, undefined, redirected, ts.getModeForUsageLocation(sourceFile, literal, compilerOptions));
    });
  return host;
}

/**
 * Type-checks a connector's entry and what it imports. Returns one
 * `file:line:column: error TSnnnn: message` per error in the project's own files (paths relative
 * to `projectDir`), or none.
 */
export function typeCheckConnector(entry: string, projectDir: string): string[] {
  const options: TypeScript.CompilerOptions = { ...COMPILER_OPTIONS, typeRoots: [nodeTypeRoots()] };
  const program = ts.createProgram({ rootNames: [resolve(entry)], options, host: hostFor(options) });
  const ownFile = (file: TypeScript.SourceFile | undefined): boolean => file !== undefined && !relative(projectDir, file.fileName).startsWith("..");
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

/** Where the type checker finds the kit's and zod's declarations (for the template's tsconfig.json). */
export function installationTypes(): { kit: string; zod: string } {
  const options: TypeScript.CompilerOptions = { ...COMPILER_OPTIONS };
  const host = ts.createCompilerHost(options);
  const find = (name: string): string => {
    const resolved = ts.resolveModuleName(name, INSTALLATION_ANCHOR, options, host).resolvedModule;
    if (resolved === undefined) throw new Error(`the freshet installation lacks ${name}`);
    return resolved.resolvedFileName;
  };
  return { kit: find("@freshet/connectors/kit"), zod: find("zod") };
}
