"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { isEditableTopicConfig, topicConfigValueProblem } from "@freshet/control-plane/topic-limits";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, Tbody, Td, Th } from "@/components/ui/table";
import { errorMessage } from "@/lib/error-message";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";

type Config = RouterOutputs["topics"]["describe"]["configs"][number];

/** Every config of the topic, defaults marked; the ones the engine lets change after creation can be edited or reset in place. */
export function TopicConfiguration({ clusterId, topic, configs, canChange }: { clusterId: string; topic: string; configs: readonly Config[]; canChange: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const alter = useMutation(trpc.topics.alterConfig.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.topics.describe.queryKey({ clusterId, topic }) }) }));
  const [editing, setEditing] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  function save(event: FormEvent<HTMLFormElement>, name: string) {
    event.preventDefault();
    if (!isEditableTopicConfig(name)) return;
    const value = String(new FormData(event.currentTarget).get("value")).trim();
    const found = value === "" ? "Enter a value, or reset the setting to its default." : topicConfigValueProblem(name, value);
    setProblem(found);
    if (found !== null) return;
    alter.mutate({ clusterId, topic, name, value }, { onSuccess: () => setEditing(null) });
  }

  function reset(name: string) {
    if (!isEditableTopicConfig(name)) return;
    setProblem(null);
    alter.mutate({ clusterId, topic, name, value: null }, { onSuccess: () => setEditing(null) });
  }

  return (
    <Card title="Configuration" description="Settings marked fixed are chosen when the topic is created; the others take effect at once.">
      {alter.error && (
        <div className="mb-4">
          <Alert tone="error">{errorMessage(alter.error)}</Alert>
        </div>
      )}
      <Table caption="Configuration">
        <thead>
          <tr>
            <Th>Setting</Th>
            <Th>Value</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <Tbody>
          {configs.map((config) => (
            <tr key={config.name} aria-label={config.name}>
              <Td className="font-mono text-xs">{config.name}</Td>
              <Td className="max-w-md">
                {editing === config.name ? (
                  <form onSubmit={(event) => save(event, config.name)} noValidate className="space-y-1" aria-label={`Edit ${config.name}`}>
                    <div className="flex gap-2">
                      <input
                        name="value"
                        aria-label={`New value of ${config.name}`}
                        defaultValue={config.value ?? ""}
                        autoFocus
                        aria-invalid={problem !== null || undefined}
                        className="block w-full rounded-md px-2 py-1 font-mono text-sm ring-1 ring-slate-300 aria-[invalid=true]:ring-red-500"
                      />
                      <Button type="submit" size="sm" busy={alter.isPending}>
                        Save
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => (setEditing(null), setProblem(null), alter.reset())}>
                        Cancel
                      </Button>
                    </div>
                    {problem && <p className="text-xs text-red-600">{problem}</p>}
                  </form>
                ) : (
                  <span className="flex flex-wrap items-center gap-2">
                    <span className="font-mono text-sm break-all">{config.value ?? "—"}</span>
                    {config.isDefault && <Badge>default</Badge>}
                    {!config.editable && <Badge>fixed</Badge>}
                  </span>
                )}
              </Td>
              <Td className="text-right whitespace-nowrap">
                {canChange && config.editable && editing !== config.name && (
                  <>
                    <Button size="sm" variant="ghost" onClick={() => (setEditing(config.name), setProblem(null), alter.reset())}>
                      Edit
                    </Button>
                    {!config.isDefault && (
                      <Button size="sm" variant="ghost" onClick={() => reset(config.name)}>
                        Reset
                      </Button>
                    )}
                  </>
                )}
              </Td>
            </tr>
          ))}
        </Tbody>
      </Table>
    </Card>
  );
}
