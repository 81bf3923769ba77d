"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { TextField } from "@/components/ui/field";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { READ_ONLY_NOTE, usePermissions } from "../orgs/permissions";

export function TopicsPanel({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const topics = useQuery(trpc.topics.list.queryOptions({ clusterId }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.topics.list.queryKey({ clusterId }) });
  const create = useMutation(trpc.topics.create.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.topics.delete.mutationOptions({ onSuccess: invalidate }));
  const { canChange } = usePermissions();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    create.mutate({ clusterId, name: String(form.get("name")).trim(), partitions: Number(form.get("partitions")) }, { onSuccess: () => formElement.reset() });
  }

  return (
    <Card title="Topics">
      <div className="space-y-4">
        {canChange ? (
          <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Create topic">
            <div className="min-w-64 flex-1">
              <TextField label="Topic name" name="name" required maxLength={249} pattern="[a-zA-Z0-9._\-]+" hint="Letters, digits, dots, dashes and underscores." />
            </div>
            <div className="w-32">
              <TextField label="Partitions" name="partitions" type="number" min={1} max={100} defaultValue={1} required />
            </div>
            <Button type="submit" busy={create.isPending} className="mb-5">
              Create topic
            </Button>
          </form>
        ) : (
          <p className="text-sm text-slate-500">{READ_ONLY_NOTE}</p>
        )}
        {create.error && <Alert tone="error">{errorMessage(create.error)}</Alert>}
        {remove.error && <Alert tone="error">{errorMessage(remove.error)}</Alert>}
        <QueryTable query={topics} rows={topics.data} loading="Loading topics…" empty="No topics yet." caption="Topics" columns={["Name", "Partitions"]} actions>
          {(topic) => (
            <tr key={topic.name}>
              <Td>
                <Link href={`/clusters/${clusterId}/topics/${encodeURIComponent(topic.name)}`} className="font-medium text-brand-700 hover:underline">
                  {topic.name}
                </Link>
              </Td>
              <Td>{topic.partitions}</Td>
              <Td className="text-right">
                {canChange && (
                  <ConfirmButton
                    label="Delete"
                    confirmLabel={`Delete ${topic.name}`}
                    busy={remove.isPending && remove.variables.name === topic.name}
                    onConfirm={() => remove.mutate({ clusterId, name: topic.name })}
                  />
                )}
              </Td>
            </tr>
          )}
        </QueryTable>
      </div>
    </Card>
  );
}
