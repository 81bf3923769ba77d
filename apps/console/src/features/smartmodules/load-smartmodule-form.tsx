"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { SMARTMODULE_MAX_BYTES, smartModuleNameProblem, smartModuleVersionProblem } from "@freshet/control-plane/topic-limits";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

interface Loaded {
  readonly name: string;
  readonly version: string;
  readonly kind: string;
}

/**
 * Sends the .wasm as the body of one POST to the API's upload route (a component is ~12 MiB, too
 * large for a JSON call); the answer has tRPC's error envelope, so its message is the sentence to show.
 */
async function uploadModule(clusterId: string, name: string, version: string, file: File): Promise<Loaded> {
  const query = new URLSearchParams({ clusterId, name, version });
  const response = await fetch(`/api/smartmodules/load?${query}`, { method: "POST", body: file, headers: { "content-type": "application/wasm" } });
  const body = (await response.json().catch(() => null)) as { result?: { data: Loaded }; error?: { message: string } } | null;
  if (response.ok && body?.result) return body.result.data;
  throw new Error(body?.error?.message ?? "Loading the SmartModule failed. Try again.");
}

type FieldErrors = Partial<Record<"file" | "name" | "version", string>>;

export function LoadSmartModuleForm({ clusterId, onLoaded }: { clusterId: string; onLoaded: () => void }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [name, setName] = useState("");
  const load = useMutation({ mutationFn: (input: { name: string; version: string; file: File }) => uploadModule(clusterId, input.name, input.version, input.file), onSuccess: onLoaded });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    const version = String(form.get("version")).trim();
    const found: FieldErrors = {};
    if (!(file instanceof File) || file.size === 0) found.file = "Choose a SmartModule's .wasm file.";
    else if (file.size > SMARTMODULE_MAX_BYTES) found.file = `A SmartModule is at most ${SMARTMODULE_MAX_BYTES / 1024 / 1024} MiB; this file has ${(file.size / 1024 / 1024).toFixed(1)} MiB.`;
    const nameProblem = smartModuleNameProblem(name.trim());
    if (nameProblem !== null) found.name = nameProblem;
    const versionProblem = smartModuleVersionProblem(version);
    if (versionProblem !== null) found.version = versionProblem;
    setErrors(found);
    if (Object.keys(found).length > 0 || !(file instanceof File)) return;
    load.mutate({ name: name.trim(), version, file });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Load a SmartModule">
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          label="File (.wasm)"
          name="file"
          type="file"
          accept=".wasm,application/wasm"
          error={errors.file}
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            // The file's name is the usual module name: json-filter.wasm is json-filter.
            if (chosen && name === "") setName(chosen.name.replace(/\.wasm$/i, "").toLowerCase());
          }}
        />
        <TextField label="Name" name="name" value={name} onChange={(event) => setName(event.target.value)} autoComplete="off" error={errors.name} hint="Chains name it as name@version." />
        <TextField label="Version" name="version" defaultValue="0.1.0" autoComplete="off" error={errors.version} />
      </div>
      {load.error && <Alert tone="error">{load.error.message}</Alert>}
      {load.data && !load.isPending && (
        <Alert tone="success">
          Loaded {load.data.name}@{load.data.version} ({load.data.kind}).
        </Alert>
      )}
      <Button type="submit" busy={load.isPending}>
        {load.isPending ? "Loading…" : "Load SmartModule"}
      </Button>
    </form>
  );
}
