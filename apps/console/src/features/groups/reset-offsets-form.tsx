"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Table, Tbody, Td, Th } from "@/components/ui/table";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { formatCount } from "./group-state";

type Kind = "earliest" | "latest" | "timestamp" | "offsets";
type Target = { kind: "earliest" } | { kind: "latest" } | { kind: "timestamp"; timestamp: number } | { kind: "offsets"; offsets: { topic: string; partition: number; offset: number }[] };

const KINDS: Record<Kind, string> = {
  earliest: "Earliest: re-read everything still kept",
  latest: "Latest: skip to the end",
  timestamp: "A date and time: the first record at or after it",
  offsets: "Offsets: one per partition",
};

interface Partition {
  readonly topic: string;
  readonly partition: number;
  readonly committedOffset: number | null;
}

/** A `datetime-local` value (no zone, so the browser's) as epoch milliseconds; null when incomplete. */
function localTimestamp(value: string): number | null {
  const ms = new Date(value).getTime();
  return value === "" || Number.isNaN(ms) ? null : ms;
}

function targetFrom(kind: Kind, form: FormData, partitions: readonly Partition[]): Target | string {
  switch (kind) {
    case "earliest":
    case "latest":
      return { kind };
    case "timestamp": {
      const timestamp = localTimestamp(String(form.get("timestamp") ?? ""));
      return timestamp === null ? "Pick a date and time." : { kind, timestamp };
    }
    case "offsets":
      return { kind, offsets: partitions.map((p) => ({ topic: p.topic, partition: p.partition, offset: Number(form.get(`offset:${p.topic}:${p.partition}`)) })) };
  }
}

/**
 * Moves a group's committed offsets. The preview shows what each partition would get; applying
 * is refused by the API while the group has members (Kafka's rule), and that sentence is shown.
 */
export function ResetOffsetsForm({ clusterId, groupId, partitions }: { clusterId: string; groupId: string; partitions: readonly Partition[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>("earliest");
  const [target, setTarget] = useState<Target | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const preview = useQuery({ ...trpc.groups.previewReset.queryOptions({ clusterId, groupId, to: target ?? { kind: "earliest" } }), enabled: target !== null, staleTime: 0 });
  const reset = useMutation(
    trpc.groups.resetOffsets.mutationOptions({
      onSuccess: () => {
        setTarget(null);
        return queryClient.invalidateQueries({ queryKey: trpc.groups.pathKey() });
      },
    }),
  );
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = targetFrom(kind, new FormData(event.currentTarget), partitions);
    reset.reset();
    if (typeof next === "string") {
      setFormError(next);
      setTarget(null);
      return;
    }
    setFormError(null);
    // The same target again asks the cluster again: offsets move while consumers run.
    if (JSON.stringify(next) === JSON.stringify(target)) void preview.refetch();
    else setTarget(next);
  }

  return (
    <div className="space-y-4">
      <form onSubmit={submit} className="space-y-3" aria-label="Reset offsets">
        <SelectField
          label="Reset to"
          name="kind"
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as Kind);
            setTarget(null);
          }}
        >
          {(Object.keys(KINDS) as Kind[]).map((k) => (
            <option key={k} value={k}>
              {KINDS[k]}
            </option>
          ))}
        </SelectField>
        {kind === "timestamp" && <TextField label="Date and time" name="timestamp" type="datetime-local" step={1} required hint={`In your browser's time zone (${zone}).`} />}
        {kind === "offsets" && (
          <div className="grid gap-2 sm:grid-cols-2">
            {partitions.map((p) => (
              <TextField
                key={`${p.topic}:${p.partition}`}
                label={`${p.topic} / ${p.partition}`}
                name={`offset:${p.topic}:${p.partition}`}
                type="number"
                min={0}
                required
                defaultValue={p.committedOffset ?? 0}
              />
            ))}
          </div>
        )}
        <Button type="submit" variant="secondary" busy={preview.isFetching}>
          Preview
        </Button>
      </form>
      {formError && <Alert tone="error">{formError}</Alert>}
      {preview.error && <Alert tone="error">{errorMessage(preview.error)}</Alert>}
      {target !== null && preview.data && (
        <div className="space-y-3">
          <Table caption="New offsets" captionHidden={false}>
            <thead>
              <tr>
                <Th>Topic</Th>
                <Th>Partition</Th>
                <Th>Committed now</Th>
                <Th>After the reset</Th>
              </tr>
            </thead>
            <Tbody>
              {preview.data.map((p) => (
                <tr key={`${p.topic}:${p.partition}`}>
                  <Td className="break-all">{p.topic}</Td>
                  <Td>{p.partition}</Td>
                  <Td className="tabular-nums">{formatCount(p.currentOffset)}</Td>
                  <Td className="tabular-nums">{formatCount(p.newOffset)}</Td>
                </tr>
              ))}
            </Tbody>
          </Table>
          <Button variant="danger" busy={reset.isPending} onClick={() => reset.mutate({ clusterId, groupId, to: target })}>
            Reset offsets
          </Button>
        </div>
      )}
      {reset.error && <Alert tone="error">{errorMessage(reset.error)}</Alert>}
      {reset.isSuccess && <Alert tone="success">{`Offsets reset on ${reset.data.length} partition${reset.data.length === 1 ? "" : "s"}.`}</Alert>}
    </div>
  );
}
