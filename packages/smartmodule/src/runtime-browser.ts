/**
 * SmartModules in a browser page. Components are transpiled in the page by jco's
 * bindgen (itself a WebAssembly component, bundled with `bundleForBrowser`), with
 * the same checks and memory cap as on Node. Instances run in the calling thread:
 * browsers have no way to stop a busy WebAssembly call on the main thread, so
 * there is no batch deadline here — a module that loops blocks the page. Run the
 * chain inside a Web Worker (and terminate it) for modules you do not trust.
 */
import { SmartModuleChain, type ChainStep } from "./chain/chain.js";
import { SmartModuleError } from "./errors.js";
import { callError } from "./host/call-errors.js";
import type { ComponentExports } from "./host/compiled-module.js";
import { parseManifest } from "./host/manifest-schema.js";
import { capMemory, DEFAULT_MEMORY_LIMIT_BYTES } from "./host/memory-cap.js";
import type { ModuleInstance, ProcessOutput } from "./host/module-instance.js";
import { checkTranspiled, TRANSPILED_NAME } from "./host/transpiled-component.js";
import type { SmartModuleManifest } from "./manifest.js";

/** The part of jco's js-component-bindgen this runtime uses. */
export interface ComponentBindgen {
  readonly $init: Promise<void>;
  generate(
    component: Uint8Array,
    options: {
      name: string;
      instantiation: { tag: "async" };
      map: [string, string][];
      noTypescript: boolean;
      noNodejsCompat: boolean;
      noComponentErrorWrapping: boolean;
      base64Cutoff: number;
    },
  ): { files: [string, Uint8Array][]; imports: string[]; exports: [string, string][] };
}

export interface BrowserModule {
  readonly glue: string;
  readonly cores: Readonly<Record<string, WebAssembly.Module>>;
  readonly memoryLimitBytes: number;
}

/** Transpiles, checks and compiles a component in the page. */
export async function compileInBrowser(bindgen: ComponentBindgen, component: Uint8Array, memoryLimitBytes = DEFAULT_MEMORY_LIMIT_BYTES): Promise<BrowserModule> {
  await bindgen.$init;
  let generated: ReturnType<ComponentBindgen["generate"]>;
  try {
    // The options jco-transpile's transpileBytes passes on Node, minus its Node compatibility code.
    generated = bindgen.generate(component, {
      name: TRANSPILED_NAME,
      instantiation: { tag: "async" },
      map: [],
      noTypescript: true,
      noNodejsCompat: true,
      noComponentErrorWrapping: true,
      base64Cutoff: 5000,
    });
  } catch (cause) {
    throw new SmartModuleError("invalid-module", `not a WebAssembly component: ${String((cause as Error).message ?? cause).split("\n")[0]}`);
  }
  const checked = checkTranspiled({ ...generated, files: Object.fromEntries(generated.files) });
  const cores: Record<string, WebAssembly.Module> = {};
  for (const [name, bytes] of Object.entries(checked.cores)) cores[name] = await WebAssembly.compile(capMemory(bytes, memoryLimitBytes));
  return { glue: checked.glue, cores, memoryLimitBytes };
}

type Instantiate = (getCoreModule: (name: string) => WebAssembly.Module, imports: object) => Promise<ComponentExports>;

/** A module instance in the calling thread: calls are synchronous underneath and cannot be interrupted. */
export class InlineInstance implements ModuleInstance {
  #dead: SmartModuleError | null = null;

  private constructor(
    private readonly exports: ComponentExports,
    private readonly moduleName: string,
    private readonly memoryLimitBytes: number,
    readonly manifest: SmartModuleManifest,
  ) {}

  static async start(module: BrowserModule, name: string): Promise<InlineInstance> {
    const url = URL.createObjectURL(new Blob([module.glue], { type: "text/javascript" }));
    let instantiate: Instantiate;
    try {
      // The glue is a blob URL made here: bundlers (Vite, webpack, Turbopack) must leave this import to the browser.
      ({ instantiate } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ url)) as { instantiate: Instantiate });
    } finally {
      URL.revokeObjectURL(url);
    }
    let exports: ComponentExports;
    let described: string;
    try {
      exports = await instantiate((core) => module.cores[core]!, {});
      described = exports.describe();
    } catch (cause) {
      throw callError(name, cause, module.memoryLimitBytes);
    }
    const manifest = parseManifest(described);
    if (!manifest.ok) throw new SmartModuleError("invalid-module", `SmartModule '${name}': ${manifest.message}`);
    return new InlineInstance(exports, name, module.memoryLimitBytes, manifest.value);
  }

  #call<T>(call: () => T): T {
    if (this.#dead !== null) throw this.#dead;
    try {
      return call();
    } catch (cause) {
      const error = callError(this.moduleName, cause, this.memoryLimitBytes);
      // After a trap the instance's state is undefined; it is never called again.
      if (error.kind === "trap") this.#dead = error;
      throw error;
    }
  }

  async init(params: readonly (readonly [string, string])[]): Promise<void> {
    this.#call(() => this.exports.init(params.map(([k, v]) => [k, v])));
  }

  async process(batch: Uint8Array, accumulator: Uint8Array): Promise<ProcessOutput> {
    return this.#call(() => this.exports.process(batch, accumulator));
  }

  async close(): Promise<void> {
    this.#dead ??= new SmartModuleError("failed", `SmartModule '${this.moduleName}' was closed`);
  }
}

export interface BrowserChainOptions {
  readonly memoryLimitBytes?: number;
  /** Saved accumulators, one per step, to resume aggregates. */
  readonly accumulators?: readonly Uint8Array[];
}

/** Opens a chain in the page; components are given as bytes (e.g. fetched `dist/<name>.wasm`). */
export async function openBrowserChain(bindgen: ComponentBindgen, steps: readonly ChainStep<Uint8Array>[], options: BrowserChainOptions = {}): Promise<SmartModuleChain> {
  const compiled: ChainStep<BrowserModule>[] = [];
  for (const step of steps) compiled.push({ ...step, module: await compileInBrowser(bindgen, step.module, options.memoryLimitBytes) });
  return SmartModuleChain.open(compiled, (module, name) => InlineInstance.start(module, name), options.accumulators);
}
