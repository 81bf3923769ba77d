"use client";

import { useId } from "react";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import type { ConfigField, ConfigValues } from "./config-schema";

type ConfigFieldsProps = {
  readonly fields: readonly ConfigField[];
  readonly values: ConfigValues;
  /** Sentences by field path (inside `config:`). */
  readonly errors: Readonly<Record<string, string>>;
  readonly onChange: (path: string, value: string | boolean) => void;
};

/** The controls of a connector's `config:` block, generated from its JSON schema. */
export function ConfigFields({ fields, values, errors, onChange }: ConfigFieldsProps) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {fields.map((field) => (
        <ConfigControl key={field.path} field={field} values={values} errors={errors} onChange={onChange} />
      ))}
    </div>
  );
}

function ConfigControl({ field, values, errors, onChange }: Omit<ConfigFieldsProps, "fields"> & { field: ConfigField }) {
  const error = errors[field.path];
  const hint = [field.description, field.required ? "Required." : null].filter(Boolean).join(" ") || undefined;
  const text = typeof values[field.path] === "string" ? (values[field.path] as string) : "";
  switch (field.kind) {
    case "group":
      return (
        <fieldset className="space-y-3 rounded-md p-3 ring-1 ring-slate-200 sm:col-span-2">
          <legend className="px-1 text-sm font-medium text-slate-700">{field.label}</legend>
          {field.description && <p className="text-xs text-slate-500">{field.description}</p>}
          <ConfigFields fields={field.fields} values={values} errors={errors} onChange={onChange} />
        </fieldset>
      );
    case "boolean":
      return <Checkbox label={field.label} hint={hint} checked={values[field.path] === true} onChange={(checked) => onChange(field.path, checked)} />;
    case "choice":
      return (
        <SelectField label={field.label} hint={hint} error={error} value={text} onChange={(event) => onChange(field.path, event.target.value)}>
          {field.schema.default === undefined && <option value="">(not set)</option>}
          {field.options.map((option) => (
            <option key={String(option)} value={String(option)}>
              {String(option)}
            </option>
          ))}
        </SelectField>
      );
    case "list":
      return <TextAreaField label={field.label} hint={`${hint ?? ""} One per line.`.trim()} error={error} rows={3} value={text} onChange={(event) => onChange(field.path, event.target.value)} />;
    case "yaml":
      return (
        <div className="sm:col-span-2">
          <TextAreaField
            label={field.label}
            hint={`${hint ?? ""} Written as YAML or JSON.`.trim()}
            error={error}
            rows={4}
            value={text}
            onChange={(event) => onChange(field.path, event.target.value)}
          />
        </div>
      );
    case "number":
      return <TextField label={field.label} hint={hint} error={error} inputMode="numeric" autoComplete="off" value={text} onChange={(event) => onChange(field.path, event.target.value)} />;
    case "text":
      return <TextField label={field.label} hint={hint} error={error} autoComplete="off" value={text} onChange={(event) => onChange(field.path, event.target.value)} />;
  }
}

function Checkbox({ label, hint, checked, onChange }: { label: string; hint: string | undefined; checked: boolean; onChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="flex items-center gap-2 text-sm font-medium text-slate-700">
        <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
    </div>
  );
}
