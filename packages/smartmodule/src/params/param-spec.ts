/**
 * The parameters a module declares. They travel as strings (from the command
 * line, topic configs and the protocol) and are checked against this spec twice:
 * by the host when a chain is loaded or subscribed, so the user gets a clear error
 * before any data moves, and by the guest SDK, which hands typed values to the
 * module's code. Both sides run this same code.
 */
export const PARAM_TYPES = ["string", "integer", "number", "boolean", "list"] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

export interface ParamSpec {
  readonly type: ParamType;
  readonly description?: string;
  /** Used when the parameter is not given; a parameter without one is required. */
  readonly default?: string;
}

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

type ValueOf<T extends ParamType> = T extends "string" ? string : T extends "integer" | "number" ? number : T extends "boolean" ? boolean : string[];
export type ParamValues<S extends ParamSpecs> = { readonly [K in keyof S]: ValueOf<S[K]["type"]> };

export type ParamsResult<S extends ParamSpecs> = { ok: true; value: ParamValues<S> } | { ok: false; message: string };

function convert(name: string, spec: ParamSpec, text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  switch (spec.type) {
    case "string":
      return { ok: true, value: text };
    case "integer":
      return /^-?\d+$/.test(text.trim()) && Number.isSafeInteger(Number(text)) ? { ok: true, value: Number(text) } : { ok: false, message: `parameter '${name}' must be an integer, got '${text}'` };
    case "number":
      return text.trim() !== "" && Number.isFinite(Number(text)) ? { ok: true, value: Number(text) } : { ok: false, message: `parameter '${name}' must be a number, got '${text}'` };
    case "boolean": {
      const lower = text.trim().toLowerCase();
      if (lower === "true" || lower === "false") return { ok: true, value: lower === "true" };
      return { ok: false, message: `parameter '${name}' must be true or false, got '${text}'` };
    }
    case "list":
      return {
        ok: true,
        value: text
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s !== ""),
      };
  }
}

/** Checks given parameters against a spec: unknown names, missing required ones and bad values are errors. */
export function parseParams<S extends ParamSpecs>(specs: S, given: readonly (readonly [string, string])[], moduleName = "the module"): ParamsResult<S> {
  const values: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const [name, text] of given) {
    const spec = specs[name];
    if (spec === undefined) {
      const known = Object.keys(specs);
      const accepts = known.length === 0 ? "it takes no parameters" : `it accepts: ${known.join(", ")}`;
      return { ok: false, message: `unknown parameter '${name}' for ${moduleName} (${accepts})` };
    }
    if (seen.has(name)) return { ok: false, message: `parameter '${name}' is given twice` };
    seen.add(name);
    const converted = convert(name, spec, text);
    if (!converted.ok) return converted;
    values[name] = converted.value;
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (seen.has(name)) continue;
    if (spec.default === undefined) return { ok: false, message: `parameter '${name}' is required by ${moduleName}${spec.description ? ` (${spec.description})` : ""}` };
    const converted = convert(name, spec, spec.default);
    if (!converted.ok) return converted;
    values[name] = converted.value;
  }
  return { ok: true, value: values as ParamValues<S> };
}
