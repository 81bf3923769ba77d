"use client";

import { useQuery } from "@tanstack/react-query";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc";
import { formatCount, GROUP_REFRESH_MS } from "./group-state";
import { GroupCells } from "./groups-list";

/** The groups consuming `topic` (offsets on it or members assigned to it) and their lag on it: the topic page's Consumers tab. */
export function TopicConsumers({ clusterId, topic }: { clusterId: string; topic: string }) {
  const trpc = useTRPC();
  const groups = useQuery({ ...trpc.groups.byTopic.queryOptions({ clusterId, topic }), refetchInterval: GROUP_REFRESH_MS });
  return (
    <QueryTable
      query={groups}
      rows={groups.data}
      loading="Loading consumers…"
      empty="No consumer group reads this topic yet."
      caption={`Consumer groups of ${topic}`}
      columns={["Group", "State", "Members", "Lag by partition", "Lag"]}
    >
      {(group) => (
        <tr key={group.groupId} data-group={group.groupId}>
          <GroupCells clusterId={clusterId} group={group} />
          <Td className="text-xs text-slate-500 tabular-nums">{group.partitions.map((p) => `${p.partition}: ${formatCount(p.lag)}`).join(" · ")}</Td>
          <Td data-testid="total-lag" className="tabular-nums">
            {formatCount(group.totalLag)}
          </Td>
        </tr>
      )}
    </QueryTable>
  );
}
