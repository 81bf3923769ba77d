"use client";

import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";

export function ProduceForm({ clusterId, topic }: { clusterId: string; topic: string }) {
  const trpc = useTRPC();
  const produce = useMutation(trpc.topics.produce.mutationOptions());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const key = String(form.get("key"));
    produce.mutate({ clusterId, topic, key: key === "" ? undefined : key, value: String(form.get("value")) }, { onSuccess: () => formElement.reset() });
  }

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Produce a record">
      <TextField label="Key" name="key" hint="Optional. Records with the same key go to the same partition." />
      <TextAreaField label="Value" name="value" rows={4} required />
      <div className="flex items-center gap-3">
        <Button type="submit" busy={produce.isPending}>
          Produce
        </Button>
        {produce.data && !produce.isPending && (
          <p role="status" className="text-sm text-emerald-700">
            Produced to partition {produce.data.partition} at offset {produce.data.offset}.
          </p>
        )}
      </div>
      {produce.error && <Alert tone="error">{errorMessage(produce.error)}</Alert>}
    </form>
  );
}
