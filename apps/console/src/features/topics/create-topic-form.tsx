"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { COMPRESSION_TYPES, DURABILITY_POLICIES, MAX_MESSAGE_BYTES, MAX_PARTITIONS_PER_TOPIC, topicNameProblem, topicSettingsSchema } from "@freshet/control-plane/topic-limits";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";

const DAY = 86_400_000;
const RETENTION_TIMES = [
  { label: "1 hour", ms: 3_600_000 },
  { label: "1 day", ms: DAY },
  { label: "7 days", ms: 7 * DAY },
  { label: "30 days", ms: 30 * DAY },
  { label: "Forever", ms: -1 },
] as const;
const GIB = 1024 ** 3;
const RETENTION_SIZES = [
  { label: "No limit", bytes: -1 },
  { label: "1 GiB per partition", bytes: GIB },
  { label: "10 GiB per partition", bytes: 10 * GIB },
  { label: "100 GiB per partition", bytes: 100 * GIB },
] as const;
const DURABILITY_LABELS: Record<(typeof DURABILITY_POLICIES)[number], string> = {
  batch: "batch: fsync, then acknowledge",
  interval: "interval: fsync every second",
  none: "none: the OS flushes",
};

type FieldErrors = Partial<Record<"name" | "partitions" | "replicationFactor" | "maxMessageBytes", string>>;

/** A whole number as typed, or NaN (so "1.5" and "" are refused by the schema rather than rounded). */
const wholeNumber = (text: string): number => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN);

/**
 * New topic with the settings a tenant may choose. The form checks every field with the limits the
 * API uses (@freshet/control-plane/topic-limits) and shows each problem as a sentence under its
 * field; the name field has no maxLength, so a long name is refused rather than silently cut.
 */
export function CreateTopicForm({ clusterId, onDone }: { clusterId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const cluster = useQuery(trpc.clusters.get.queryOptions({ clusterId }));
  const create = useMutation(trpc.topics.create.mutationOptions());
  const [errors, setErrors] = useState<FieldErrors>({});
  const spus = cluster.data?.spus ?? 1;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name"));
    const settings = {
      partitions: wholeNumber(String(form.get("partitions"))),
      replicationFactor: Number(form.get("replicationFactor")),
      retentionMs: Number(form.get("retentionMs")),
      retentionBytes: Number(form.get("retentionBytes")),
      durability: String(form.get("durability")) as (typeof DURABILITY_POLICIES)[number],
      compression: String(form.get("compression")) as (typeof COMPRESSION_TYPES)[number],
      maxMessageBytes: wholeNumber(String(form.get("maxMessageBytes"))),
    };
    const found: FieldErrors = {};
    const nameProblem = topicNameProblem(name);
    if (nameProblem !== null) found.name = nameProblem;
    const parsed = topicSettingsSchema.safeParse(settings);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as keyof FieldErrors;
        found[field] ??= issue.message;
      }
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(
      { clusterId, name, ...settings },
      {
        onSuccess: () => {
          void queryClient.invalidateQueries({ queryKey: trpc.topics.list.queryKey({ clusterId }) });
          onDone();
          router.push(`/clusters/${clusterId}/topics/${encodeURIComponent(name)}`);
        },
      },
    );
  }

  return (
    <Card title="Create a topic" description="Settings left as they are take the cluster's defaults; retention and message size can be changed later.">
      <form onSubmit={submit} noValidate className="space-y-4" aria-label="Create topic">
        <TextField
          label="Topic name"
          name="name"
          autoComplete="off"
          error={errors.name}
          hint={'Letters, digits, dots, dashes and underscores; at most 249 characters; not ".", ".." or starting with "__".'}
        />
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <TextField
            label="Partitions"
            name="partitions"
            inputMode="numeric"
            defaultValue={1}
            error={errors.partitions}
            hint={cluster.data ? `Up to ${MAX_PARTITIONS_PER_TOPIC.toLocaleString("en-US")} per topic; this cluster's plan allows ${cluster.data.partitionsLimit} in all.` : undefined}
          />
          <SelectField
            label="Replication factor"
            name="replicationFactor"
            defaultValue={String(spus)}
            error={errors.replicationFactor}
            hint={`Copies of each partition, at most one per SPU (${spus}).`}
          >
            {Array.from({ length: spus }, (_, i) => (
              <option key={i + 1} value={i + 1}>
                {i + 1}
              </option>
            ))}
          </SelectField>
          <SelectField label="Retention time" name="retentionMs" defaultValue={String(7 * DAY)}>
            {RETENTION_TIMES.map((r) => (
              <option key={r.ms} value={r.ms}>
                {r.label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Retention size" name="retentionBytes" defaultValue="-1">
            {RETENTION_SIZES.map((r) => (
              <option key={r.bytes} value={r.bytes}>
                {r.label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Durability" name="durability" defaultValue="batch" hint="Fixed once the topic exists.">
            {DURABILITY_POLICIES.map((d) => (
              <option key={d} value={d}>
                {DURABILITY_LABELS[d]}
              </option>
            ))}
          </SelectField>
          <SelectField label="Compression" name="compression" defaultValue="producer" hint="producer keeps each producer's codec.">
            {COMPRESSION_TYPES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Largest message (bytes)"
            name="maxMessageBytes"
            inputMode="numeric"
            defaultValue={1_048_588}
            error={errors.maxMessageBytes}
            hint={`At most ${(MAX_MESSAGE_BYTES / 1024 / 1024).toFixed(0)} MiB (${MAX_MESSAGE_BYTES.toLocaleString("en-US")} bytes).`}
          />
        </div>
        {create.error && <Alert tone="error">{errorMessage(create.error)}</Alert>}
        <div className="flex gap-3">
          <Button type="submit" busy={create.isPending}>
            Create topic
          </Button>
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
