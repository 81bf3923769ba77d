// Fails when a workspace imports a package it does not declare itself (npm hoists every
// workspace's dependencies to the root node_modules, so an undeclared import works here and
// breaks only when the workspace is installed or built on its own), or imports a module another
// workspace does not list in its "exports". Run with --conditions=@freshet/source, as the tests
// resolve: sibling workspaces' modules then resolve to their sources, which need no build.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { join, relative } from "node:path";
import process from "node:process";
import { URL, fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/;
const SKIPPED_DIRS = new Set(["node_modules", "dist", ".next", ".turbo", ".git"]);
const builtins = new Set(builtinModules);

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** The workspace folders the root package.json lists ("dir/*" or "dir"). */
function workspaceDirs() {
  return readJson(join(root, "package.json")).workspaces.flatMap((pattern) => {
    if (!pattern.endsWith("/*")) return [join(root, pattern)];
    const parent = join(root, pattern.slice(0, -2));
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(parent, entry.name, "package.json")))
      .map((entry) => join(parent, entry.name));
  });
}

function* sourceFiles(dir, ignored) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !ignored.has(path)) yield* sourceFiles(path, ignored);
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) {
      yield path;
    }
  }
}

/** Every bare specifier a file imports, exports from, requires or resolves. */
function specifiersOf(path) {
  const text = readFileSync(path, "utf8");
  const found = ts.preProcessFile(text, true, true).importedFiles.map((file) => file.fileName);
  for (const match of text.matchAll(/import\.meta\.resolve\(\s*["']([^"']+)["']/g)) found.push(match[1]);
  return found;
}

function packageOf(specifier) {
  // "@/…" is a tsconfig path alias (the console's), not a scoped package.
  if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("@/") || specifier.startsWith("node:") || specifier.startsWith("#")) return null;
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  return builtins.has(name) ? null : name;
}

/** Why `specifier` of a sibling workspace does not resolve from `file`, or null when it does. */
function unresolved(file, specifier) {
  try {
    createRequire(file).resolve(specifier);
    return null;
  } catch (error) {
    return error.code ?? String(error);
  }
}

function check(dir, ignored, workspaceNames) {
  const manifest = readJson(join(dir, "package.json"));
  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.devDependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  const problems = [];
  for (const file of sourceFiles(dir, ignored)) {
    for (const specifier of specifiersOf(file)) {
      const name = packageOf(specifier);
      if (name === null) continue;
      if (!declared.has(name)) problems.push(`${relative(root, file)}: imports "${specifier}" but ${manifest.name ?? "the root package"} does not declare ${name}`);
      else if (workspaceNames.has(name) && name !== manifest.name) {
        const why = unresolved(file, specifier);
        if (why !== null) problems.push(`${relative(root, file)}: imports "${specifier}", which ${name} does not export (${why})`);
      }
    }
  }
  return problems;
}

if (!process.execArgv.includes("--conditions=@freshet/source")) {
  process.stderr.write("check-dependencies: run with node --conditions=@freshet/source\n");
  process.exit(2);
}
const workspaces = workspaceDirs();
const workspaceNames = new Set(workspaces.map((dir) => readJson(join(dir, "package.json")).name));
const problems = [...workspaces.flatMap((dir) => check(dir, new Set(), workspaceNames)), ...check(root.replace(/\/$/, ""), new Set(workspaces), workspaceNames)];
for (const problem of problems) process.stderr.write(`${problem}\n`);
if (problems.length > 0) {
  process.stderr.write(`check-dependencies: ${problems.length} import(s) of undeclared packages or unexported modules\n`);
  process.exit(1);
}
process.stdout.write(`check-dependencies: ${workspaces.length + 1} packages declare everything they import, and import only exported modules\n`);
