"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/class-names";
import { errorCode, errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { READ_ONLY_NOTE, usePermissions } from "../orgs/permissions";
import { DeleteTopic } from "./delete-topic";
import { DerivationView } from "./derivation-view";
import { LiveTail } from "./live-tail";
import { MessageBrowser } from "./message-browser";
import { TopicConsumers } from "../groups/topic-consumers";
import { PartitionsTable } from "./partitions-table";
import { ProduceForm } from "./produce-form";
import { TopicConfiguration } from "./topic-configuration";

type Tab = "overview" | "messages" | "consumers" | "configuration" | "derivation";

/**
 * One topic: Overview (partitions, produce and live tail), Messages, Configuration and, for a
 * derived topic, its source and SmartModule chain. A derived topic has no produce form (only the
 * cluster writes it), and a topic that does not exist shows no tabs at all.
 */
export function TopicDetail({ clusterId, topic }: { clusterId: string; topic: string }) {
  const trpc = useTRPC();
  const described = useQuery(trpc.topics.describe.queryOptions({ clusterId, topic }, { retry: false }));
  const { canChange } = usePermissions();
  const [tab, setTab] = useState<Tab>("overview");

  const heading = (
    <h2 className="mb-4 flex min-w-0 flex-wrap items-center gap-2 text-lg font-semibold text-slate-900">
      <Link href={`/clusters/${clusterId}/topics`} className="text-brand-700 hover:underline">
        Topics
      </Link>
      <span aria-hidden="true">/</span>
      <span className="break-all">{topic}</span>
      {described.data?.derived && <Badge>derived from {described.data.derived.source}</Badge>}
    </h2>
  );

  if (described.isPending)
    return (
      <>
        {heading}
        <p role="status" className="text-sm text-slate-500">
          Loading topic…
        </p>
      </>
    );
  if (described.error) {
    return (
      <>
        {heading}
        <Alert tone="error" title={errorCode(described.error) === "NOT_FOUND" ? "No such topic" : "Could not load the topic"}>
          {errorMessage(described.error)}{" "}
          <Link href={`/clusters/${clusterId}/topics`} className="underline">
            Back to topics
          </Link>
        </Alert>
      </>
    );
  }

  const detail = described.data;
  const tabs: { id: Tab; label: string }[] = [
    { id: "overview", label: "Overview" },
    { id: "messages", label: "Messages" },
    { id: "consumers", label: "Consumers" },
    { id: "configuration", label: "Configuration" },
    ...(detail.derived ? [{ id: "derivation" as const, label: "Source & chain" }] : []),
  ];

  return (
    <>
      {heading}
      <div role="tablist" aria-label="Topic" className="mb-6 flex flex-wrap gap-1 border-b border-slate-200">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            onClick={() => setTab(t.id)}
            className={cx("-mb-px border-b-2 px-3 py-2 text-sm font-medium", tab === t.id ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900")}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={tabs.find((t) => t.id === tab)?.label}>
        {tab === "overview" && (
          <div className="space-y-6">
            <Card title="Partitions">
              <PartitionsTable partitions={detail.partitions} />
            </Card>
            <div className="grid gap-6 lg:grid-cols-[1fr_2fr]">
              {detail.derived ? (
                <Card title="Produce">
                  <p className="text-sm text-slate-600">
                    The cluster writes this topic from{" "}
                    <Link href={`/clusters/${clusterId}/topics/${encodeURIComponent(detail.derived.source)}`} className="font-medium break-all text-brand-700 hover:underline">
                      {detail.derived.source}
                    </Link>{" "}
                    through its SmartModule chain; produce to the source instead.
                  </p>
                </Card>
              ) : (
                <Card title="Produce">{canChange ? <ProduceForm clusterId={clusterId} topic={topic} /> : <p className="text-sm text-slate-500">{READ_ONLY_NOTE}</p>}</Card>
              )}
              <Card title="Live tail" description="The latest records of every partition, then new ones as they arrive.">
                <LiveTail clusterId={clusterId} topic={topic} />
              </Card>
            </div>
            {canChange && <DeleteTopic clusterId={clusterId} topic={topic} partitions={detail.partitions.length} />}
          </div>
        )}
        {tab === "messages" && <MessageBrowser clusterId={clusterId} topic={topic} partitions={detail.partitions.length} />}
        {tab === "consumers" && <TopicConsumers clusterId={clusterId} topic={topic} />}
        {tab === "configuration" && <TopicConfiguration clusterId={clusterId} topic={topic} configs={detail.configs} canChange={canChange} />}
        {tab === "derivation" && detail.derived && <DerivationView clusterId={clusterId} derived={detail.derived} />}
      </div>
    </>
  );
}
