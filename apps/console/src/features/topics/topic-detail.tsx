"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { useTRPC } from "@/lib/trpc";
import { READ_ONLY_NOTE, usePermissions } from "../orgs/permissions";
import { LiveTail } from "./live-tail";
import { ProduceForm } from "./produce-form";

export function TopicDetail({ clusterId, topic }: { clusterId: string; topic: string }) {
  const trpc = useTRPC();
  const cluster = useQuery(trpc.clusters.get.queryOptions({ clusterId }));
  const { canChange } = usePermissions();
  return (
    <>
      <PageHeader
        title={topic}
        description={
          <>
            <Link href="/clusters" className="text-brand-700 hover:underline">
              Clusters
            </Link>{" "}
            /{" "}
            <Link href={`/clusters/${clusterId}`} className="text-brand-700 hover:underline">
              {cluster.data?.name ?? "Cluster"}
            </Link>{" "}
            / {topic}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_2fr]">
        <Card title="Produce">{canChange ? <ProduceForm clusterId={clusterId} topic={topic} /> : <p className="text-sm text-slate-500">{READ_ONLY_NOTE}</p>}</Card>
        <Card title="Live tail" description="The latest records of every partition, then new ones as they arrive.">
          <LiveTail clusterId={clusterId} topic={topic} />
        </Card>
      </div>
    </>
  );
}
