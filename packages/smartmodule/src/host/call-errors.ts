import { SmartModuleError } from "../errors.js";

/**
 * Turns what a call into the component threw into a SmartModuleError. jco throws
 * a ComponentError whose payload is the world's `sm-error` variant for errors the
 * module reported; anything else is a trap, after which the instance is unusable.
 */
export function callError(name: string, cause: unknown, memoryLimitBytes: number): SmartModuleError {
  // jco's glue throws the world's sm-error wrapped in a ComponentError (StarlingMonkey builds) or as it is (QuickJS builds).
  const thrown = cause as { payload?: { tag?: unknown; val?: unknown }; tag?: unknown; val?: unknown } | null;
  const payload = thrown?.payload ?? (thrown?.tag === "invalid-params" || thrown?.tag === "failed" ? thrown : undefined);
  if (payload !== undefined && typeof payload.tag === "string") {
    const kind = payload.tag === "invalid-params" ? "invalid-params" : "failed";
    return new SmartModuleError(kind, `SmartModule '${name}': ${String(payload.val)}`);
  }
  const raw = cause instanceof Error ? cause.message : String(cause);
  const text = raw.replace(/^(RuntimeError: |Error: )?(wasm trap: )?/, "");
  // A trap does not say why it happened: StarlingMonkey reaches `unreachable` both
  // for an exception nothing caught and for an allocation refused at the memory cap.
  const hint = /unreachable|out of memory|memory access out of bounds/i.test(text)
    ? ` (an uncaught exception or exhausting the ${memoryLimitBytes / 2 ** 20} MiB memory limit stops a module this way)`
    : "";
  return new SmartModuleError("trap", `SmartModule '${name}' trapped: ${text}${hint}`);
}
