"use client";

import Link from "next/link";
import { Card } from "@/components/ui/card";
import { READ_ONLY_NOTE, usePermissions } from "../orgs/permissions";
import { LiveTail } from "./live-tail";
import { ProduceForm } from "./produce-form";

export function TopicDetail({ clusterId, topic }: { clusterId: string; topic: string }) {
  const { canChange } = usePermissions();
  return (
    <>
      <h2 className="mb-4 text-lg font-semibold break-all text-slate-900">
        <Link href={`/clusters/${clusterId}`} className="text-brand-700 hover:underline">
          Topics
        </Link>{" "}
        / {topic}
      </h2>
      <div className="grid gap-6 lg:grid-cols-[1fr_2fr]">
        <Card title="Produce">{canChange ? <ProduceForm clusterId={clusterId} topic={topic} /> : <p className="text-sm text-slate-500">{READ_ONLY_NOTE}</p>}</Card>
        <Card title="Live tail" description="The latest records of every partition, then new ones as they arrive.">
          <LiveTail clusterId={clusterId} topic={topic} />
        </Card>
      </div>
    </>
  );
}
