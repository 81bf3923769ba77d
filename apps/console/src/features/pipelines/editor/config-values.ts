import { initialValues, type ConfigField, type ConfigValues } from "../../connectors/config-schema";

/** The form values that show an existing `config:` block: the inverse of the connectors' buildConfig. */
export function configValues(fields: readonly ConfigField[], config: Readonly<Record<string, unknown>>): ConfigValues {
  const values = initialValues(fields);
  const fill = (list: readonly ConfigField[], object: Readonly<Record<string, unknown>>) => {
    for (const field of list) {
      const value = object[field.path.split(".").at(-1) ?? ""];
      if (value === undefined) continue;
      if (field.kind === "group") fill(field.fields, typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {});
      else if (field.kind === "boolean") values[field.path] = value === true;
      else if (field.kind === "list") values[field.path] = Array.isArray(value) ? value.map(String).join("\n") : String(value as string);
      else if (field.kind === "yaml") values[field.path] = JSON.stringify(value);
      else values[field.path] = String(value as string | number);
    }
  };
  fill(fields, config);
  return values;
}
