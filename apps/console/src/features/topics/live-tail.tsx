"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/error-message";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";
import { addToTail } from "./tail-buffer";

type TailRecord = RouterOutputs["topics"]["tail"] extends AsyncIterable<infer R> ? R : never;

// The page keeps the newest records only; a busy topic must not grow the DOM without bound.
const KEEP = 200;
// Each partition's latest records come first: the page is not empty on arrival, and a record
// produced while the stream was still connecting is not missed.
const BACKLOG = 20;

/** The latest records, then records as they are produced, newest first, over the topics.tail event stream. */
export function LiveTail({ clusterId, topic }: { clusterId: string; topic: string }) {
  const trpc = useTRPC();
  const [records, setRecords] = useState<TailRecord[]>([]);
  const [paused, setPaused] = useState(false);
  const subscription = useSubscription(
    trpc.topics.tail.subscriptionOptions({ clusterId, topic, last: BACKLOG }, { enabled: !paused, onData: (record) => setRecords((previous) => addToTail(previous, record, KEEP)) }),
  );

  const state = paused ? "Paused" : subscription.status === "pending" ? "Live" : subscription.status === "connecting" ? "Connecting" : subscription.status === "error" ? "Disconnected" : "Idle";

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <span data-testid="tail-state">
          <Badge tone={state === "Live" ? "good" : state === "Disconnected" ? "bad" : "neutral"} pulse={state === "Live"}>
            {state}
          </Badge>
        </span>
        <div className="flex gap-2">
          <Button variant="secondary" size="sm" onClick={() => setPaused((value) => !value)}>
            {paused ? "Resume" : "Pause"}
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setRecords([])} disabled={records.length === 0}>
            Clear
          </Button>
        </div>
      </div>
      {subscription.error && !paused && <Alert tone="error">{errorMessage(subscription.error)}</Alert>}
      <ol role="log" aria-label={`Records in ${topic}`} className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
        {records.length === 0 && (
          <li>
            <EmptyState>Waiting for records. Produce one and it appears here.</EmptyState>
          </li>
        )}
        {records.map((record) => (
          <li key={`${record.partition}:${record.offset}`} className="grid gap-1 px-4 py-2 text-sm sm:grid-cols-[8rem_10rem_1fr]" data-testid="tail-record">
            <span className="font-mono text-xs text-slate-500">
              p{record.partition} @ {record.offset}
            </span>
            <span className="text-xs text-slate-500">
              <Time value={record.timestamp} />
            </span>
            <span className="min-w-0 font-mono text-xs break-all">
              {record.key !== null && <span className="mr-2 rounded bg-slate-100 px-1 text-slate-600">{record.key}</span>}
              <span data-testid="tail-value">{record.value}</span>
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
