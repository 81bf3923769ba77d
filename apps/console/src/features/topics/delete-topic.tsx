"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";

/** Deleting a topic loses its records for good: the page says so and asks for the name to be typed. */
export function DeleteTopic({ clusterId, topic, partitions }: { clusterId: string; topic: string; partitions: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.topics.delete.mutationOptions());
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState("");

  return (
    <Card title="Delete topic">
      {!asking ? (
        <Button variant="secondary" onClick={() => setAsking(true)}>
          Delete topic…
        </Button>
      ) : (
        <form
          className="space-y-4"
          aria-label="Delete topic"
          onSubmit={(event) => {
            event.preventDefault();
            remove.mutate(
              { clusterId, name: topic },
              {
                onSuccess: () => {
                  void queryClient.invalidateQueries({ queryKey: trpc.topics.list.queryKey({ clusterId }) });
                  router.push(`/clusters/${clusterId}/topics`);
                },
              },
            );
          }}
        >
          <Alert tone="warning" title="This cannot be undone">
            Deleting <span className="font-medium break-all">{topic}</span> removes its {partitions === 1 ? "partition" : `${partitions} partitions`} and every record in them. Consumer groups lose
            their committed offsets for it, and derived topics filled from it stop receiving records.
          </Alert>
          <TextField label={`Type the topic name to confirm`} value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" />
          {remove.error && <Alert tone="error">{errorMessage(remove.error)}</Alert>}
          <div className="flex gap-3">
            <Button type="submit" variant="danger" disabled={typed !== topic} busy={remove.isPending}>
              Delete this topic
            </Button>
            <Button variant="ghost" onClick={() => setAsking(false)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}
