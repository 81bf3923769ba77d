"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/error-message";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";
import { ConfigFields } from "./config-fields";
import { fieldsOf, initialValues, type ConfigField, type ConfigValues, type JsonSchema } from "./config-schema";
import { buildConnectorYaml, fieldOfSentence } from "./connector-yaml";

type ConnectorType = RouterOutputs["connectors"]["types"][number];

/** The check's answer for one exact YAML: Deploy is enabled only while the form still makes that YAML. */
type CheckAnswer = { readonly yaml: string } & ({ readonly ok: true; readonly detail: string | null } | { readonly ok: false; readonly message: string });

/** New connector: a built-in type, its form generated from its config schema, the YAML it makes, the check, then Deploy. */
export function CreateConnectorForm({ clusterId, onDone }: { clusterId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const types = useQuery(trpc.connectors.types.queryOptions());
  const [type, setType] = useState("");
  const chosen = types.data?.find((t) => t.type === type);

  return (
    <Card title="Create a connector" description="A connector runs beside the cluster and moves records between one of its topics and another system.">
      <div className="space-y-4">
        {types.error && <Alert tone="error">{errorMessage(types.error)}</Alert>}
        <SelectField label="Connector type" value={type} onChange={(event) => setType(event.target.value)} disabled={types.data === undefined}>
          <option value="">Choose a type…</option>
          {types.data?.map((t) => (
            <option key={t.type} value={t.type}>
              {t.type} ({t.kind})
            </option>
          ))}
        </SelectField>
        {chosen === undefined ? (
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        ) : (
          <ConnectorSettings key={chosen.type} clusterId={clusterId} connectorType={chosen} onDone={onDone} />
        )}
      </div>
    </Card>
  );
}

function ConnectorSettings({ clusterId, connectorType, onDone }: { clusterId: string; connectorType: ConnectorType; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fields: ConfigField[] = useMemo(() => fieldsOf(connectorType.configSchema as JsonSchema), [connectorType]);
  const [name, setName] = useState("");
  const [topics, setTopics] = useState("");
  const [tolerance, setTolerance] = useState<"none" | "all">("none");
  const [values, setValues] = useState<ConfigValues>(() => initialValues(fields));
  const [shownErrors, setShownErrors] = useState<Readonly<Record<string, string>>>({});
  const [checking, setChecking] = useState(false);
  const [answer, setAnswer] = useState<CheckAnswer | null>(null);
  const create = useMutation(trpc.connectors.create.mutationOptions());
  const source = connectorType.kind === "source";
  const built = buildConnectorYaml({ name, type: connectorType.type, kind: connectorType.kind, topics, tolerance }, fields, values);
  const current = answer !== null && answer.yaml === built.yaml ? answer : null;
  const known = useMemo(() => new Set(["name", "topic", "topics", "errors.tolerance", ...configPaths(fields)]), [fields]);
  // A sentence of the check about one field of the form is shown by that field too.
  const checkField = current !== null && !current.ok ? fieldOfSentence(current.message, known) : null;
  const errors = { ...shownErrors, ...(checkField === null || current?.ok !== false ? {} : { [checkField]: current.message }) };
  const configErrors = Object.fromEntries(
    Object.entries(errors)
      .filter(([key]) => key.startsWith("config."))
      .map(([key, sentence]) => [key.slice("config.".length), sentence]),
  );

  async function check() {
    setShownErrors(built.errors);
    if (Object.keys(built.errors).length > 0) return;
    const yaml = built.yaml;
    setChecking(true);
    try {
      const result = await queryClient.fetchQuery({ ...trpc.connectors.check.queryOptions({ yaml }), staleTime: 0, retry: false });
      setAnswer({ yaml, ok: true, detail: result.detail });
    } catch (error) {
      setAnswer({ yaml, ok: false, message: errorMessage(error) });
    } finally {
      setChecking(false);
    }
  }

  function deploy() {
    if (current?.ok !== true) return;
    create.mutate(
      { clusterId, yaml: current.yaml },
      {
        onSuccess: () => {
          void queryClient.invalidateQueries({ queryKey: trpc.connectors.list.queryKey({ clusterId }) });
          onDone();
        },
      },
    );
  }

  return (
    <form aria-label="Create connector" noValidate className="space-y-4" onSubmit={(event) => event.preventDefault()}>
      <p className="text-sm text-slate-600">{connectorType.description}</p>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField label="Connector name" value={name} onChange={(event) => setName(event.target.value)} autoComplete="off" error={errors.name} hint="Lowercase letters, digits and dashes." />
        {source ? (
          <TextField
            label="Target topic"
            value={topics}
            onChange={(event) => setTopics(event.target.value)}
            autoComplete="off"
            error={errors.topic}
            hint="The topic records are written to; created if missing."
          />
        ) : (
          <TextAreaField label="Topics to read" rows={2} value={topics} onChange={(event) => setTopics(event.target.value)} error={errors.topics} hint="One per line." />
        )}
        <SelectField
          label="Error tolerance"
          value={tolerance}
          onChange={(event) => setTolerance(event.target.value as "none" | "all")}
          hint={`none: a bad record stops the connector; all: it goes to the topic ${name || "<name>"}-dlq.`}
        >
          <option value="none">none</option>
          <option value="all">all</option>
        </SelectField>
      </div>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-900">Settings of {connectorType.type}</legend>
        <ConfigFields fields={fields} values={values} errors={configErrors} onChange={(path, value) => setValues((previous) => ({ ...previous, [path]: value }))} />
      </fieldset>
      <CodeBlock label="Connector YAML" code={built.yaml} />
      {current !== null &&
        (current.ok ? (
          <Alert tone="success" title="Check passed">
            {current.detail ?? "The connector reached its target and its settings are valid."}
          </Alert>
        ) : (
          <Alert tone="error" title="Check failed">
            {current.message}
          </Alert>
        ))}
      {create.error && <Alert tone="error">{errorMessage(create.error)}</Alert>}
      <div className="flex gap-3">
        <Button variant="secondary" busy={checking} onClick={() => void check()}>
          Check
        </Button>
        <Button type="submit" disabled={current?.ok !== true} busy={create.isPending} onClick={deploy}>
          Deploy
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function configPaths(fields: readonly ConfigField[]): string[] {
  return fields.flatMap((field) => (field.kind === "group" ? configPaths(field.fields) : [`config.${field.path}`]));
}
