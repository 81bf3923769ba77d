import { parse } from "yaml";

/** The part of JSON Schema that zod's toJSONSchema emits for the connectors' config blocks. */
export interface JsonSchema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly const?: unknown;
  readonly items?: JsonSchema;
  readonly default?: unknown;
  readonly description?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly minItems?: number;
  readonly pattern?: string;
  readonly format?: string;
  /** A map's values (zod's record): the form takes a map as YAML. */
  readonly additionalProperties?: boolean | JsonSchema;
}

interface FieldBase {
  /** Dot path inside `config:`, e.g. sasl.username; the form's value key. */
  readonly path: string;
  /** The YAML key, shown as the label so the form and the YAML read the same. */
  readonly label: string;
  readonly description: string | undefined;
  readonly required: boolean;
  readonly schema: JsonSchema;
}

/**
 * One control of the generated form. What the form cannot render (unions of objects, maps,
 * lists of objects) becomes a `yaml` field: a textarea taking YAML or JSON for that key.
 */
export type ConfigField =
  | (FieldBase & { readonly kind: "text" })
  | (FieldBase & { readonly kind: "number"; readonly integer: boolean })
  | (FieldBase & { readonly kind: "boolean" })
  | (FieldBase & { readonly kind: "choice"; readonly options: readonly (string | number)[] })
  | (FieldBase & { readonly kind: "list" })
  | (FieldBase & { readonly kind: "group"; readonly fields: readonly ConfigField[] })
  | (FieldBase & { readonly kind: "yaml" });

/** Form values by field path: text as typed, checkboxes as booleans. */
export type ConfigValues = Record<string, string | boolean>;

/** The fields of an object schema's properties, in the schema's order. */
export function fieldsOf(schema: JsonSchema, prefix = ""): ConfigField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, property]) => fieldOf(key, property, `${prefix}${key}`, required.has(key)));
}

function fieldOf(key: string, schema: JsonSchema, path: string, required: boolean): ConfigField {
  const base = { path, label: path, description: schema.description, required, schema };
  const options = choicesOf(schema);
  if (options !== null) return { ...base, kind: "choice", options };
  switch (schema.type) {
    case "string":
      return { ...base, kind: "text" };
    case "integer":
    case "number":
      return { ...base, kind: "number", integer: schema.type === "integer" };
    case "boolean":
      return { ...base, kind: "boolean" };
    case "array":
      return schema.items?.type === "string" && choicesOf(schema.items) === null ? { ...base, kind: "list" } : { ...base, kind: "yaml" };
    case "object":
      return schema.properties === undefined ? { ...base, kind: "yaml" } : { ...base, kind: "group", fields: fieldsOf(schema, `${path}.`) };
    default:
      return { ...base, kind: "yaml" };
  }
}

/** A string enum, or an anyOf of constants (zod's union of literals, e.g. MQTT's qos 0|1|2). */
function choicesOf(schema: JsonSchema): (string | number)[] | null {
  const values = schema.enum ?? (schema.anyOf?.every((option) => "const" in option) ? schema.anyOf.map((option) => option.const) : undefined);
  if (values === undefined || !values.every((v) => typeof v === "string" || typeof v === "number")) return null;
  return values as (string | number)[];
}

/** The values a new form starts from: each field's default, else empty. */
export function initialValues(fields: readonly ConfigField[], values: ConfigValues = {}): ConfigValues {
  for (const field of fields) {
    const fallback = field.schema.default;
    if (field.kind === "group") initialValues(field.fields, values);
    else if (field.kind === "boolean") values[field.path] = fallback === true;
    else if (field.kind === "list") values[field.path] = Array.isArray(fallback) ? fallback.join("\n") : "";
    else if (field.kind === "yaml") values[field.path] = fallback === undefined || isEmpty(fallback) ? "" : JSON.stringify(fallback);
    else values[field.path] = fallback === undefined ? "" : String(fallback as string | number);
  }
  return values;
}

export type BuiltConfig = { readonly config: Record<string, unknown>; readonly errors: Readonly<Record<string, string>> };

/**
 * The `config:` block the values make, leaving out what is empty or equal to its default (the
 * connector fills those in), and one sentence per field the schema would refuse.
 */
export function buildConfig(fields: readonly ConfigField[], values: ConfigValues): BuiltConfig {
  const errors: Record<string, string> = {};
  const config = buildObject(fields, values, errors, true);
  return { config: config ?? {}, errors };
}

function buildObject(fields: readonly ConfigField[], values: ConfigValues, errors: Record<string, string>, checkRequired: boolean): Record<string, unknown> | undefined {
  const object: Record<string, unknown> = {};
  for (const field of fields) {
    const value = field.kind === "group" ? buildGroup(field, values, errors) : valueOf(field, values[field.path], errors);
    if (value === undefined) {
      if (field.required && checkRequired && errors[field.path] === undefined) errors[field.path] = `${field.label} is required.`;
      continue;
    }
    object[field.path.split(".").at(-1)!] = value;
  }
  return Object.keys(object).length === 0 ? undefined : object;
}

/** An optional group left empty is left out; once any of its fields is set, its required ones are needed too. */
function buildGroup(field: ConfigField & { kind: "group" }, values: ConfigValues, errors: Record<string, string>): Record<string, unknown> | undefined {
  const probe = buildObject(field.fields, values, {}, false);
  if (probe === undefined && !field.required) return undefined;
  return buildObject(field.fields, values, errors, true);
}

function valueOf(field: ConfigField, raw: string | boolean | undefined, errors: Record<string, string>): unknown {
  const fail = (sentence: string) => {
    errors[field.path] = sentence;
    return undefined;
  };
  const { schema, label } = field;
  if (field.kind === "boolean") return raw === true && schema.default !== true ? true : raw !== true && schema.default === true ? false : undefined;
  const text = typeof raw === "string" ? raw.trim() : "";
  if (text === "") return undefined;
  switch (field.kind) {
    case "text": {
      if (schema.minLength !== undefined && text.length < schema.minLength) return fail(`${label} needs at least ${schema.minLength} characters.`);
      if (schema.format === "uri" && !URL.canParse(text)) return fail(`${label} must be a full URL, e.g. http://host:port/path.`);
      if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(text)) return fail(`${label} does not have the expected form${example(schema.description)}.`);
      return text === schema.default ? undefined : text;
    }
    case "number": {
      const number = Number(text);
      if (!Number.isFinite(number) || (field.integer && !Number.isInteger(number))) return fail(`${label} must be ${field.integer ? "a whole number" : "a number"}.`);
      if (schema.minimum !== undefined && number < schema.minimum) return fail(`${label} must be at least ${schema.minimum.toLocaleString("en-US")}.`);
      if (schema.maximum !== undefined && number > schema.maximum) return fail(`${label} must be at most ${schema.maximum.toLocaleString("en-US")}.`);
      return number === schema.default ? undefined : number;
    }
    case "choice": {
      const option = field.options.find((o) => String(o) === text);
      if (option === undefined) return fail(`${label} must be one of ${field.options.join(", ")}.`);
      return option === schema.default ? undefined : option;
    }
    case "list": {
      const items = text
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line.length > 0);
      if (schema.minItems !== undefined && items.length < schema.minItems) return fail(`${label} needs at least ${schema.minItems} ${schema.minItems === 1 ? "entry" : "entries"}, one per line.`);
      return items;
    }
    case "yaml": {
      try {
        return parse(text) as unknown;
      } catch (error) {
        return fail(`${label} is not valid YAML or JSON: ${(error as Error).message.split("\n")[0] ?? ""}`);
      }
    }
    case "group":
      return undefined;
  }
}

/** The description's example ("e.g. …"), which says the expected form better than a pattern does. */
function example(description: string | undefined): string {
  const match = description?.match(/e\.g\. ([^()]+?)(?: \(|\.?$)/);
  return match?.[1] === undefined ? "" : ` (e.g. ${match[1]})`;
}

function isEmpty(value: unknown): boolean {
  return (Array.isArray(value) && value.length === 0) || (typeof value === "object" && value !== null && Object.keys(value).length === 0);
}
