"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";

export function DeleteClusterButton({ clusterId, name }: { clusterId: string; name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.clusters.delete.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.clusters.pathKey() }) }));
  return (
    <div className="text-right">
      <ConfirmButton label="Delete cluster" confirmLabel={`Delete ${name}`} busy={remove.isPending} onConfirm={() => remove.mutate({ clusterId })} />
      {remove.error && (
        <p role="alert" className="mt-1 text-xs text-red-600">
          {errorMessage(remove.error)}
        </p>
      )}
    </div>
  );
}
