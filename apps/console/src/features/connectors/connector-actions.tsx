"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { usePermissions } from "../orgs/permissions";

type ActionsProps = { readonly clusterId: string; readonly connector: { id: string; name: string; status: string; desiredState: "running" | "stopped" }; readonly onDeleted?: () => void };

/** Stop or start (members) and delete (admins); nothing for a viewer or a connector on its way out. */
export function ConnectorActions({ clusterId, connector, onDeleted }: ActionsProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canChange, canAdminister } = usePermissions();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.connectors.list.queryKey({ clusterId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.connectors.get.queryKey({ connectorId: connector.id }) }),
    ]);
  const stop = useMutation(trpc.connectors.stop.mutationOptions({ onSuccess: refresh }));
  const start = useMutation(trpc.connectors.start.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.connectors.delete.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onDeleted?.();
      },
    }),
  );
  if (!canChange || connector.status === "Deleting" || connector.status === "Deleted") return null;
  const error = stop.error ?? start.error ?? remove.error;
  // A Failed connector is restarted by start, as the API takes it.
  const startable = connector.desiredState === "stopped" || connector.status === "Failed";
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-1">
        {startable ? (
          <Button variant="secondary" size="sm" busy={start.isPending} onClick={() => start.mutate({ connectorId: connector.id })}>
            Start
          </Button>
        ) : (
          <Button variant="secondary" size="sm" busy={stop.isPending} onClick={() => stop.mutate({ connectorId: connector.id })}>
            Stop
          </Button>
        )}
        {canAdminister && <ConfirmButton label="Delete" confirmLabel={`Delete ${connector.name}`} busy={remove.isPending} onConfirm={() => remove.mutate({ connectorId: connector.id })} />}
      </div>
      {error && <Alert tone="error">{errorMessage(error)}</Alert>}
    </div>
  );
}
