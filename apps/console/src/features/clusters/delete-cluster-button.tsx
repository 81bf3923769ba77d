"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TypedConfirmDialog } from "@/components/ui/typed-confirm-dialog";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";

/** Deleting stops the cluster and removes its data; the frame follows it to Deleted and back to the list. */
export function DeleteClusterButton({ clusterId, name }: { clusterId: string; name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.clusters.delete.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.clusters.pathKey() }) }));
  return (
    <TypedConfirmDialog
      label="Delete cluster"
      title={`Delete cluster ${name}?`}
      consequences={
        <p>
          Its processes stop, and its topics with every record in them, its consumer groups and its credentials are removed for good. Clients using it lose their connection. This cannot be undone.
        </p>
      }
      name={name}
      confirmLabel={`Delete ${name}`}
      busy={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onConfirm={() => remove.mutate({ clusterId })}
    />
  );
}
