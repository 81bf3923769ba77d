"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { errorCode, errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { GroupLagChart } from "../metrics/group-lag-chart";
import { READ_ONLY_NOTE, usePermissions } from "../orgs/permissions";
import { formatCount, GROUP_REFRESH_MS, GroupStateBadge, isInactive } from "./group-state";
import { ResetOffsetsForm } from "./reset-offsets-form";

/** One consumer group: state, members and their partitions, per-partition lag, reset and delete. */
export function GroupDetail({ clusterId, groupId }: { clusterId: string; groupId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { canChange } = usePermissions();
  const group = useQuery({ ...trpc.groups.get.queryOptions({ clusterId, groupId }), refetchInterval: GROUP_REFRESH_MS });
  const listHref = `/clusters/${clusterId}/groups` as Route;
  const remove = useMutation(
    trpc.groups.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.groups.list.queryKey({ clusterId }) });
        router.push(listHref);
      },
    }),
  );

  const heading = (
    <h2 className="mb-4 text-lg font-semibold break-all text-slate-900">
      <Link href={listHref} className="text-brand-700 hover:underline">
        Consumer groups
      </Link>{" "}
      / {groupId}
    </h2>
  );
  if (group.isPending)
    return (
      <>
        {heading}
        <p role="status" className="text-sm text-slate-500">
          Loading the group…
        </p>
      </>
    );
  if (group.error)
    return (
      <>
        {heading}
        <Alert tone="error" title={errorCode(group.error) === "NOT_FOUND" ? "No such consumer group" : "Could not load the group"}>
          {errorMessage(group.error)}
        </Alert>
      </>
    );

  const g = group.data;
  const inactive = isInactive({ state: g.state, members: g.members.length });
  return (
    <>
      {heading}
      <div className="space-y-6">
        <Card
          title="Summary"
          actions={
            canChange && inactive ? (
              <ConfirmButton label="Delete group" confirmLabel={`Delete ${groupId} and its offsets`} busy={remove.isPending} onConfirm={() => remove.mutate({ clusterId, groupId })} />
            ) : undefined
          }
        >
          <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-slate-500">State</dt>
              <dd className="mt-1">
                <GroupStateBadge state={g.state} />
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Members</dt>
              <dd className="mt-1 font-medium text-slate-900" data-testid="member-count">
                {g.members.length}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Total lag</dt>
              <dd className="mt-1 font-medium text-slate-900 tabular-nums" data-testid="total-lag">
                {formatCount(g.totalLag)}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Protocol</dt>
              <dd className="mt-1 text-slate-900">{g.protocol || g.protocolType || "–"}</dd>
            </div>
          </dl>
          {remove.error && <Alert tone="error">{errorMessage(remove.error)}</Alert>}
        </Card>

        <Card title="Lag history" description="Records the group has yet to read, summed over its partitions, as the cluster's metrics recorded it.">
          <GroupLagChart clusterId={clusterId} groupId={groupId} />
        </Card>

        <Card title="Partitions" description="Committed offset is the next record the group will read; lag is how many records it has yet to read.">
          <QueryTable
            query={group}
            rows={g.partitions}
            empty="The group has no offsets and no assigned partitions."
            caption="Partitions"
            columns={["Topic", "Partition", "Committed offset", "End offset", "Lag"]}
          >
            {(p) => (
              <tr key={`${p.topic}:${p.partition}`} data-partition={`${p.topic}/${p.partition}`}>
                <Td className="max-w-xs truncate" title={p.topic}>
                  <Link href={`/clusters/${clusterId}/topics/${encodeURIComponent(p.topic)}`} className="text-brand-700 hover:underline">
                    {p.topic}
                  </Link>
                </Td>
                <Td>{p.partition}</Td>
                <Td className="tabular-nums">{formatCount(p.committedOffset)}</Td>
                <Td className="tabular-nums">{formatCount(p.endOffset)}</Td>
                <Td className="tabular-nums" data-testid="lag">
                  {formatCount(p.lag)}
                </Td>
              </tr>
            )}
          </QueryTable>
        </Card>

        <Card title="Members">
          <QueryTable query={group} rows={g.members} empty="No members: no consumer of this group is running." caption="Members" columns={["Client id", "Host", "Partitions", "Member id"]}>
            {(m) => (
              <tr key={m.memberId}>
                <Td className="break-all">{m.clientId}</Td>
                <Td>{m.clientHost}</Td>
                <Td className="text-xs">{m.assignment.map((a) => `${a.topic}: ${a.partitions.join(", ")}`).join(" · ") || "–"}</Td>
                <Td className="max-w-48 truncate font-mono text-xs" title={m.memberId}>
                  {m.memberId}
                </Td>
              </tr>
            )}
          </QueryTable>
        </Card>

        <Card title="Reset offsets" description="Kafka moves a group's offsets only while none of its consumers runs: stop them first, reset, then start them again.">
          {canChange ? (
            // Remounted when members come or go: a preview or refusal from before no longer holds.
            <ResetOffsetsForm key={g.members.length} clusterId={clusterId} groupId={groupId} partitions={g.partitions} />
          ) : (
            <p className="text-sm text-slate-500">{READ_ONLY_NOTE}</p>
          )}
        </Card>
      </div>
    </>
  );
}
