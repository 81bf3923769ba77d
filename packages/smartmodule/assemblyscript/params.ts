/**
 * Parameters: declared with `param.string(name, description, default)` and
 * friends, checked at init exactly as src/params/param-spec.ts checks them (the
 * host runs that code too, with the same messages), and read as typed values.
 */
import { quote } from "./json";

export class ParamSpec {
  constructor(
    public name: string,
    public type: string,
    public description: string | null,
    /** Used when the parameter is not given; a parameter without one is required. */
    public defaultValue: string | null,
  ) {}

  /** The spec as the manifest's JSON has it. */
  json(): string {
    let text = `{"type":${quote(this.type)}`;
    const description = this.description;
    if (description !== null) text += `,"description":${quote(description)}`;
    const defaultValue = this.defaultValue;
    if (defaultValue !== null) text += `,"default":${quote(defaultValue)}`;
    return text + "}";
  }
}

/** Parameter declarations: `param.string(name, description, default)`; no default means required. */
export abstract class param {
  static string(name: string, description: string | null = null, defaultValue: string | null = null): ParamSpec {
    return new ParamSpec(name, "string", description, defaultValue);
  }
  static integer(name: string, description: string | null = null, defaultValue: string | null = null): ParamSpec {
    return new ParamSpec(name, "integer", description, defaultValue);
  }
  static number(name: string, description: string | null = null, defaultValue: string | null = null): ParamSpec {
    return new ParamSpec(name, "number", description, defaultValue);
  }
  static boolean(name: string, description: string | null = null, defaultValue: string | null = null): ParamSpec {
    return new ParamSpec(name, "boolean", description, defaultValue);
  }
  /** Comma-separated values, read as a string array. */
  static list(name: string, description: string | null = null, defaultValue: string | null = null): ParamSpec {
    return new ParamSpec(name, "list", description, defaultValue);
  }
}

/** The module's parameters after init, by name. Reading an undeclared name or the wrong type aborts the module. */
export class Params {
  strings: Map<string, string> = new Map();
  numbers: Map<string, f64> = new Map();
  booleans: Map<string, bool> = new Map();
  lists: Map<string, string[]> = new Map();

  string(name: string): string {
    return this.strings.get(name);
  }
  integer(name: string): i64 {
    return <i64>this.numbers.get(name);
  }
  number(name: string): f64 {
    return this.numbers.get(name);
  }
  boolean(name: string): bool {
    return this.booleans.get(name);
  }
  list(name: string): string[] {
    return this.lists.get(name);
  }
}

/** Why the last parseParams failed. */
export let paramsError: string = "";

function isDigits(text: string, from: i32): bool {
  if (from >= text.length) return false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function convert(spec: ParamSpec, text: string, into: Params): bool {
  const name = spec.name;
  if (spec.type == "string") {
    into.strings.set(name, text);
    return true;
  }
  if (spec.type == "integer") {
    const trimmed = text.trim();
    const n = parseFloat(text);
    if (isDigits(trimmed, trimmed.startsWith("-") ? 1 : 0) && Math.abs(n) <= 9007199254740991) {
      into.numbers.set(name, n);
      return true;
    }
    paramsError = `parameter '${name}' must be an integer, got '${text}'`;
    return false;
  }
  if (spec.type == "number") {
    const n = parseNumber(text.trim());
    if (text.trim() != "" && isFinite(n)) {
      into.numbers.set(name, n);
      return true;
    }
    paramsError = `parameter '${name}' must be a number, got '${text}'`;
    return false;
  }
  if (spec.type == "boolean") {
    const lower = text.trim().toLowerCase();
    if (lower == "true" || lower == "false") {
      into.booleans.set(name, lower == "true");
      return true;
    }
    paramsError = `parameter '${name}' must be true or false, got '${text}'`;
    return false;
  }
  const items = new Array<string>();
  const parts = text.split(",");
  for (let i = 0; i < parts.length; i++) {
    const item = unchecked(parts[i]).trim();
    if (item != "") items.push(item);
  }
  into.lists.set(name, items);
  return true;
}

/** Number(text) for decimal text; NaN for anything Number() would refuse. */
function parseNumber(text: string): f64 {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (!(c == 0x2e || c == 0x2d || c == 0x2b || c == 0x65 || c == 0x45)) return NaN;
  }
  return digits == 0 ? NaN : parseFloat(text);
}

/** Checks given parameters against the specs; null (and paramsError) on unknown, repeated, missing or bad ones. */
export function parseParams(specs: ParamSpec[], names: string[], values: string[], moduleName: string): Params | null {
  const params = new Params();
  const seen = new Set<string>();
  for (let i = 0; i < names.length; i++) {
    const name = unchecked(names[i]);
    let spec: ParamSpec | null = null;
    for (let j = 0; j < specs.length; j++) if (unchecked(specs[j]).name == name) spec = unchecked(specs[j]);
    if (spec === null) {
      const known = new Array<string>();
      for (let j = 0; j < specs.length; j++) known.push(unchecked(specs[j]).name);
      const accepts = known.length == 0 ? "it takes no parameters" : `it accepts: ${known.join(", ")}`;
      paramsError = `unknown parameter '${name}' for ${moduleName} (${accepts})`;
      return null;
    }
    if (seen.has(name)) {
      paramsError = `parameter '${name}' is given twice`;
      return null;
    }
    seen.add(name);
    if (!convert(spec, unchecked(values[i]), params)) return null;
  }
  for (let j = 0; j < specs.length; j++) {
    const spec = unchecked(specs[j]);
    if (seen.has(spec.name)) continue;
    const defaultValue = spec.defaultValue;
    if (defaultValue === null) {
      const description = spec.description;
      paramsError = `parameter '${spec.name}' is required by ${moduleName}${description !== null && description != "" ? ` (${description})` : ""}`;
      return null;
    }
    if (!convert(spec, defaultValue, params)) return null;
  }
  return params;
}
