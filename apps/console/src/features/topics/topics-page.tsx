"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc";
import { READ_ONLY_NOTE, usePermissions } from "../orgs/permissions";
import { TopicSparkline } from "../metrics/topic-sparkline";
import { CreateTopicForm } from "./create-topic-form";
import { formatBytes, formatRetention } from "./format";

/** The cluster's Topics tab: every topic with its shape and size, and the create form. */
export function TopicsPage({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const topics = useQuery(trpc.topics.list.queryOptions({ clusterId }));
  const { canChange } = usePermissions();
  const [creating, setCreating] = useState(false);

  return (
    <div className="space-y-6">
      {creating && <CreateTopicForm clusterId={clusterId} onDone={() => setCreating(false)} />}
      <Card title="Topics" actions={canChange ? !creating && <Button onClick={() => setCreating(true)}>Create topic</Button> : <p className="text-sm text-slate-500">{READ_ONLY_NOTE}</p>}>
        <QueryTable
          query={topics}
          rows={topics.data}
          loading="Loading topics…"
          empty="No topics yet."
          caption="Topics"
          columns={["Name", "Partitions", "Replication", "Retention", "Size", "Throughput"]}
        >
          {(topic) => (
            <tr key={topic.name}>
              <Td className="max-w-xs">
                <div className="flex min-w-0 items-center gap-2">
                  <Link href={`/clusters/${clusterId}/topics/${encodeURIComponent(topic.name)}`} title={topic.name} className="truncate font-medium text-brand-700 hover:underline">
                    {topic.name}
                  </Link>
                  {topic.derivedFrom !== null && (
                    <span title={`Filled from ${topic.derivedFrom} through a SmartModule chain`} className="shrink-0">
                      <Badge>derived</Badge>
                    </span>
                  )}
                </div>
              </Td>
              <Td>{topic.partitions}</Td>
              <Td>{topic.replicationFactor}</Td>
              <Td>{formatRetention(topic.retentionMs, topic.retentionBytes)}</Td>
              <Td>{formatBytes(topic.sizeBytes)}</Td>
              <Td>
                <TopicSparkline clusterId={clusterId} topic={topic.name} />
              </Td>
            </tr>
          )}
        </QueryTable>
      </Card>
    </div>
  );
}
