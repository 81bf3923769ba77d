"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";

interface YankControlProps {
  readonly group: string;
  readonly name: string;
  readonly version: string;
  readonly yanked: boolean;
}

/**
 * Yank (with the reason everyone installing it will read) or take a yank back. A yanked version
 * stays downloadable by its exact number; ranges stop choosing it.
 */
export function YankControl({ group, name, version, yanked }: YankControlProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const onSuccess = async () => {
    setAsking(false);
    setReason("");
    await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.hub.package.queryKey({ group, name }) }), queryClient.invalidateQueries({ queryKey: trpc.hub.mine.queryKey() })]);
  };
  const yank = useMutation(trpc.hub.yank.mutationOptions({ onSuccess }));
  const unyank = useMutation(trpc.hub.unyank.mutationOptions({ onSuccess }));
  const error = yank.error ?? unyank.error;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reason.trim() !== "") yank.mutate({ group, name, version, reason: reason.trim() });
  }

  let control;
  if (yanked) {
    control = (
      <Button variant="ghost" size="sm" busy={unyank.isPending} onClick={() => unyank.mutate({ group, name, version })}>
        Unyank
      </Button>
    );
  } else if (!asking) {
    control = (
      <Button variant="ghost" size="sm" onClick={() => setAsking(true)}>
        Yank
      </Button>
    );
  } else {
    control = (
      <form onSubmit={submit} className="inline-flex items-center gap-1" aria-label={`Yank ${version}`}>
        <input
          aria-label="Reason"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          maxLength={300}
          placeholder="Why (shown to installers)"
          required
          autoFocus
          className="h-8 w-56 rounded-md px-2 text-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-600 focus:outline-none"
        />
        <Button type="submit" variant="danger" size="sm" busy={yank.isPending} disabled={reason.trim() === ""}>
          Yank {version}
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setAsking(false)}>
          Cancel
        </Button>
      </form>
    );
  }
  return (
    <div className="space-y-1">
      {control}
      {error && (
        <p role="alert" className="text-xs text-red-600">
          {errorMessage(error)}
        </p>
      )}
    </div>
  );
}
