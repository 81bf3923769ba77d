import { err, ok, type Result } from "@freshet/protocol/result";
import { cleanupPolicies, parseTopicConfig, topicConfigSchema, type TopicConfig, type TopicConfigKey } from "./topic-config.js";
import type { TopicChangeError } from "./topics-view.js";

/** One change to a topic's configs, as IncrementalAlterConfigs names them (AlterConfigs is `set` of every key). */
export type ConfigOperation =
  | { readonly op: "set"; readonly name: string; readonly value: string | null }
  | { readonly op: "delete"; readonly name: string }
  | { readonly op: "append" | "subtract"; readonly name: string; readonly value: string | null };

/** IncrementalAlterConfigs' config_operation codes. */
const OPERATION_CODES = ["set", "delete", "append", "subtract"] as const;

export function operationOf(code: number, name: string, value: string | null): ConfigOperation | null {
  const op = OPERATION_CODES[code];
  if (op === undefined) return null;
  return op === "delete" ? { op, name } : { op, name, value };
}

/**
 * Keys a topic is created with and keeps: its durability and flush policy are wired into
 * its open logs, and a derived topic's source and chain into its running derivation.
 */
const FIXED_KEYS = new Set<string>(["freshet.durability", "flush.ms", "freshet.source", "freshet.smartmodules"]);
/** Keys whose value is a comma-separated list, the only ones APPEND and SUBTRACT apply to. */
const LIST_KEYS = new Set<string>(["cleanup.policy"]);

export interface TopicConfigState {
  readonly config: TopicConfig;
  /** The keys set for this topic; the others hold their defaults. */
  readonly explicitConfig: readonly string[];
}

function invalid(message: string): Result<never, TopicChangeError> {
  return err({ errorName: "INVALID_CONFIG", message });
}

function listAfter(operation: "append" | "subtract", current: string | undefined, value: string): string {
  const items = current === undefined ? [] : cleanupPolicies(current);
  const changes = cleanupPolicies(value);
  const next = operation === "append" ? [...items, ...changes.filter((item) => !items.includes(item))] : items.filter((item) => !changes.includes(item));
  return next.join(",");
}

/**
 * A topic's configs after `operations`, validated as at creation. `replace` is AlterConfigs:
 * keys it does not name return to their defaults, except the fixed keys, which keep their
 * values unless named, and can never change.
 */
export function alteredTopicConfig(current: TopicConfigState, operations: readonly ConfigOperation[], replace: boolean): Result<TopicConfigState, TopicChangeError> {
  const explicit = new Map<string, string>();
  for (const key of current.explicitConfig) {
    if (!replace || FIXED_KEYS.has(key)) explicit.set(key, String(current.config[key as TopicConfigKey]));
  }
  for (const operation of operations) {
    if (!(operation.name in topicConfigSchema.shape)) return invalid(`unknown topic config '${operation.name}'`);
    if (operation.op === "delete") {
      explicit.delete(operation.name);
      continue;
    }
    if (operation.value === null) return invalid(`'${operation.name}' needs a value`);
    if (operation.op === "set") {
      explicit.set(operation.name, operation.value);
      continue;
    }
    if (!LIST_KEYS.has(operation.name)) return invalid(`'${operation.name}' is not a list, so it cannot be appended to or subtracted from`);
    const base = explicit.get(operation.name) ?? String(current.config[operation.name as TopicConfigKey]);
    explicit.set(operation.name, listAfter(operation.op, base, operation.value));
  }
  const parsed = parseTopicConfig([...explicit].map(([name, value]) => ({ name, value })));
  if (!parsed.ok) return invalid(parsed.error.message);
  for (const key of FIXED_KEYS) {
    const name = key as TopicConfigKey;
    if (parsed.value[name] !== current.config[name]) return invalid(`'${key}' is set when the topic is created and cannot be changed`);
  }
  return ok({ config: parsed.value, explicitConfig: [...explicit.keys()] });
}
