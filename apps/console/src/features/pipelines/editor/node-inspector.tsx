"use client";

import type { PipelineNode } from "@freshet/pipeline/graph";
import { useMemo, useState } from "react";
import { parse, stringify } from "yaml";
import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/field";
import { ConfigFields } from "../../connectors/config-fields";
import { buildConfig, fieldsOf, type ConfigValues, type JsonSchema } from "../../connectors/config-schema";
import { configValues } from "./config-values";

type Body = Record<string, unknown>;

export interface InspectorActions {
  readonly onRename: (id: string) => void;
  readonly onSetBody: (body: Body) => void;
  readonly onDelete: () => void;
}

/**
 * The side panel of the selected node: its name, its connector's settings as the form generated
 * from the connector's schema, and its YAML. Each Apply is one edit of the document (one undo step).
 */
export function NodeInspector({ node, body, schemas, actions }: { node: PipelineNode; body: Body; schemas: ReadonlyMap<string, JsonSchema>; actions: InspectorActions }) {
  const connector = typeof body.connector === "object" && body.connector !== null ? (body.connector as Body) : null;
  const schema = connector !== null && typeof connector.type === "string" ? schemas.get(connector.type) : undefined;
  return (
    <aside aria-label={`Node ${node.id}`} className="space-y-4 text-sm">
      <header className="flex items-center justify-between">
        <h3 className="font-semibold text-slate-900">
          {node.kind} <span className="font-mono text-slate-500">{node.id}</span>
        </h3>
        <Button variant="danger" size="sm" onClick={actions.onDelete}>
          Delete node
        </Button>
      </header>
      <RenameField id={node.id} onRename={actions.onRename} />
      {connector !== null && schema !== undefined && (
        <ConnectorForm schema={schema} config={(connector.config as Body | undefined) ?? {}} onApply={(config) => actions.onSetBody({ ...body, connector: { ...connector, config } })} />
      )}
      <BodyYaml body={body} onApply={actions.onSetBody} />
    </aside>
  );
}

function RenameField({ id, onRename }: { id: string; onRename: (id: string) => void }) {
  const [name, setName] = useState(id);
  return (
    <form
      aria-label="Rename node"
      className="flex items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        if (name !== id) onRename(name.trim());
      }}
    >
      <div className="flex-1">
        <TextField label="Node name" autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />
      </div>
      <Button type="submit" variant="secondary" size="sm" disabled={name.trim() === id || name.trim() === ""}>
        Rename
      </Button>
    </form>
  );
}

function ConnectorForm({ schema, config, onApply }: { schema: JsonSchema; config: Body; onApply: (config: Body) => void }) {
  const fields = useMemo(() => fieldsOf(schema), [schema]);
  const [values, setValues] = useState<ConfigValues>(() => configValues(fields, config));
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  return (
    <form
      aria-label="Connector settings"
      noValidate
      className="space-y-3 rounded-md p-3 ring-1 ring-slate-200"
      onSubmit={(event) => {
        event.preventDefault();
        const built = buildConfig(fields, values);
        setErrors(built.errors);
        if (Object.keys(built.errors).length === 0) onApply(built.config);
      }}
    >
      <h4 className="font-medium text-slate-700">Connector settings</h4>
      <ConfigFields fields={fields} values={values} errors={errors} onChange={(path, value) => setValues((previous) => ({ ...previous, [path]: value }))} />
      <Button type="submit" size="sm">
        Apply settings
      </Button>
    </form>
  );
}

function BodyYaml({ body, onApply }: { body: Body; onApply: (body: Body) => void }) {
  const [text, setText] = useState(() => stringify(body));
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      aria-label="Edit the node as YAML"
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        try {
          const parsed: unknown = parse(text);
          if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("a node is a map of fields");
          setError(null);
          onApply(parsed as Body);
        } catch (failure) {
          setError(`The node's YAML does not parse: ${(failure as Error).message.split("\n")[0] ?? ""}`);
        }
      }}
    >
      <TextAreaField label="Node YAML" rows={10} spellCheck={false} className="font-mono text-xs" error={error} value={text} onChange={(event) => setText(event.target.value)} />
      <Button type="submit" size="sm" variant="secondary">
        Apply YAML
      </Button>
    </form>
  );
}
