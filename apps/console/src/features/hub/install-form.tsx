"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { defaultRange, previewRange, type VersionChoice } from "./install-range";

interface InstallFormProps {
  readonly group: string;
  readonly name: string;
  readonly latest: string | null;
  readonly versions: readonly VersionChoice[];
}

/**
 * Installs the package into one of the organization's running clusters. The range is recorded
 * with the module, so "Update from Hub" (or auto-update) later moves it to newer matching versions.
 */
export function InstallForm({ group, name, latest, versions }: InstallFormProps) {
  const trpc = useTRPC();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const running = (clusters.data ?? []).filter((cluster) => cluster.status === "Running");
  const [range, setRange] = useState(() => defaultRange(latest));
  const [clusterId, setClusterId] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const install = useMutation(trpc.hub.install.mutationOptions());
  const chosenCluster = clusterId || running[0]?.id || "";
  const preview = previewRange(versions, range);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!preview.ok) return setProblem(preview.message);
    setProblem(null);
    install.mutate({ clusterId: chosenCluster, group, name, range: range.trim() });
  }

  if (clusters.isPending) return <p className="text-sm text-slate-500">Loading clusters…</p>;
  if (clusters.error) return <Alert tone="error">{errorMessage(clusters.error)}</Alert>;
  if (running.length === 0) {
    return (
      <p className="text-sm text-slate-500">
        No cluster is running.{" "}
        <Link href="/clusters" className="text-brand-700 hover:underline">
          Create a cluster
        </Link>{" "}
        to install this package into it.
      </p>
    );
  }
  const installed = install.data && !install.isPending ? install.data : null;
  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label="Install package">
      <SelectField label="Cluster" value={chosenCluster} onChange={(event) => setClusterId(event.target.value)}>
        {running.map((cluster) => (
          <option key={cluster.id} value={cluster.id}>
            {cluster.name}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Version range"
        value={range}
        onChange={(event) => setRange(event.target.value)}
        autoComplete="off"
        spellCheck={false}
        error={problem}
        hint={
          preview.ok
            ? `Installs ${preview.version} now${preview.yankReason === null ? "" : `, which is yanked: ${preview.yankReason}`}.`
            : "An exact version (1.2.3) or a range such as ^1.2, ~1.2.3 or *."
        }
      />
      {install.error && <Alert tone="error">{errorMessage(install.error)}</Alert>}
      {installed && (
        <Alert tone="success">
          Installed {installed.name}@{installed.version}.{" "}
          <Link href={`/clusters/${chosenCluster}/smartmodules`} className="font-medium underline">
            See the cluster&apos;s SmartModules
          </Link>
        </Alert>
      )}
      <Button type="submit" busy={install.isPending} className="w-full">
        {install.isPending ? "Installing…" : "Install"}
      </Button>
    </form>
  );
}
