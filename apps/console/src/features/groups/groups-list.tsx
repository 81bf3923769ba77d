"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc";
import { formatCount, GROUP_REFRESH_MS, GroupStateBadge } from "./group-state";

export function groupHref(clusterId: string, groupId: string): `/clusters/${string}` {
  return `/clusters/${clusterId}/groups/${encodeURIComponent(groupId)}`;
}

/** The cells every table of groups starts with: the group (a link to its page), its state and its member count. */
export function GroupCells({ clusterId, group }: { clusterId: string; group: { groupId: string; state: string; members: number } }) {
  return (
    <>
      <Td className="max-w-xs truncate" title={group.groupId}>
        <Link href={groupHref(clusterId, group.groupId)} className="font-medium text-brand-700 hover:underline">
          {group.groupId}
        </Link>
      </Td>
      <Td>
        <GroupStateBadge state={group.state} />
      </Td>
      <Td>{group.members}</Td>
    </>
  );
}

/** The cluster's consumer groups with state, members, topics and total lag, refreshed every few seconds. */
export function GroupsList({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const groups = useQuery({ ...trpc.groups.list.queryOptions({ clusterId }), refetchInterval: GROUP_REFRESH_MS });
  return (
    <Card title="Consumer groups" description="Groups that committed offsets or have members. Lag is how many records each group has yet to read.">
      <QueryTable
        query={groups}
        rows={groups.data}
        loading="Loading consumer groups…"
        empty="No consumer groups yet. A consumer with a group id appears here once it joins or commits offsets."
        caption="Consumer groups"
        columns={["Group", "State", "Members", "Topics", "Total lag"]}
      >
        {(group) => (
          <tr key={group.groupId} data-group={group.groupId}>
            <GroupCells clusterId={clusterId} group={group} />
            <Td className="max-w-xs truncate" title={group.topics.join(", ")}>
              {group.topics.join(", ") || "–"}
            </Td>
            <Td data-testid="total-lag" className="tabular-nums">
              {formatCount(group.totalLag)}
            </Td>
          </tr>
        )}
      </QueryTable>
    </Card>
  );
}
