"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { MESSAGE_PAGE_SIZE_DEFAULT, MESSAGE_PAGE_SIZE_MAX } from "@freshet/control-plane/topic-limits";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { SelectField, TextField } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/error-message";
import { useTRPC, type RouterInputs, type RouterOutputs } from "@/lib/trpc";
import { jsonLines, prettyValue } from "./format";

type MessagesInput = RouterInputs["topics"]["messages"];
type Page = RouterOutputs["topics"]["messages"];
type Seek = MessagesInput["seek"];

/** The first page's seek from the form, or the sentence saying what is wrong with it. */
function seekFrom(kind: string, offsetText: string, timeText: string): Seek | string {
  if (kind === "offset") {
    if (!/^\s*\d+\s*$/.test(offsetText)) return "Enter an offset: a whole number, 0 or more.";
    return { kind: "offset", offset: Number(offsetText) };
  }
  if (kind === "timestamp") {
    // datetime-local has no zone: it is the reader's local time, as the browser shows it.
    const ms = new Date(timeText).getTime();
    if (timeText === "" || Number.isNaN(ms)) return "Choose a date and time to start from.";
    return { kind: "timestamp", timestamp: ms };
  }
  return { kind: "edge" };
}

function download(topic: string, page: Page): void {
  const url = URL.createObjectURL(new Blob([jsonLines(page.records)], { type: "application/x-ndjson" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `${topic}-page.jsonl`;
  link.click();
  URL.revokeObjectURL(url);
}

/** Reads a topic page by page: a partition or all, from an edge, an offset or a time, filtered by key or text. */
export function MessageBrowser({ clusterId, topic, partitions }: { clusterId: string; topic: string; partitions: number }) {
  const trpc = useTRPC();
  const [request, setRequest] = useState<MessagesInput>({
    clusterId,
    topic,
    partition: null,
    order: "newest-first",
    seek: { kind: "edge" },
    pageSize: MESSAGE_PAGE_SIZE_DEFAULT,
    filter: {},
    cursor: null,
  });
  const [seekKind, setSeekKind] = useState("edge");
  const [problem, setProblem] = useState<string | null>(null);
  const messages = useQuery(trpc.topics.messages.queryOptions(request, { retry: false }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const seek = seekFrom(seekKind, String(form.get("offset") ?? ""), String(form.get("time") ?? ""));
    if (typeof seek === "string") return setProblem(seek);
    setProblem(null);
    const partition = String(form.get("partition"));
    const key = String(form.get("key"));
    const contains = String(form.get("contains"));
    setRequest({
      clusterId,
      topic,
      partition: partition === "all" ? null : Number(partition),
      order: form.get("order") === "oldest-first" ? "oldest-first" : "newest-first",
      seek,
      pageSize: Number(form.get("pageSize")),
      filter: { ...(key === "" ? {} : { key }), ...(contains === "" ? {} : { contains }) },
      cursor: null,
    });
  }

  const page = messages.data;
  return (
    <div className="space-y-6">
      <Card title="Find messages">
        <form onSubmit={submit} noValidate className="space-y-4" aria-label="Find messages">
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <SelectField label="Partition" name="partition" defaultValue="all">
              <option value="all">All partitions</option>
              {Array.from({ length: partitions }, (_, p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </SelectField>
            <SelectField label="Order" name="order" defaultValue="newest-first">
              <option value="newest-first">Newest first</option>
              <option value="oldest-first">Oldest first</option>
            </SelectField>
            <SelectField label="Start at" name="seek" value={seekKind} onChange={(event) => setSeekKind(event.target.value)}>
              <option value="edge">The end (newest) or the start (oldest)</option>
              <option value="offset">An offset</option>
              <option value="timestamp">A time</option>
            </SelectField>
            {seekKind === "offset" && <TextField label="Offset" name="offset" inputMode="numeric" error={problem} />}
            {seekKind === "timestamp" && <TextField label="Time (your local time)" name="time" type="datetime-local" step={1} error={problem} />}
            <TextField label="Key is" name="key" autoComplete="off" hint="The record's key, exactly." />
            <TextField label="Contains" name="contains" autoComplete="off" hint="Text in the key, value or a header." />
            <SelectField label="Page size" name="pageSize" defaultValue={String(MESSAGE_PAGE_SIZE_DEFAULT)}>
              {[10, MESSAGE_PAGE_SIZE_DEFAULT, 50, MESSAGE_PAGE_SIZE_MAX].map((size) => (
                <option key={size} value={size}>
                  {size} records
                </option>
              ))}
            </SelectField>
          </div>
          <Button type="submit" busy={messages.isFetching}>
            Show messages
          </Button>
        </form>
      </Card>

      <Card
        title="Messages"
        description={
          page &&
          `Looked at ${page.scanned.toLocaleString("en-US")} ${page.scanned === 1 ? "record" : "records"}${page.ranges
            .filter((r) => r.to > r.from)
            .map((r) => ` · partition ${r.partition}: offsets ${r.from}–${r.to - 1}`)
            .join("")}${page.scanned >= page.scanLimit ? ` (a page reads at most ${page.scanLimit.toLocaleString("en-US")}; go on with the next page)` : ""}.`
        }
        actions={
          page && (
            <div className="flex gap-2">
              <Button size="sm" variant="secondary" disabled={page.records.length === 0} onClick={() => download(topic, page)}>
                Download page (JSON lines)
              </Button>
              {request.cursor !== null && (
                <Button size="sm" variant="secondary" onClick={() => setRequest({ ...request, cursor: null })}>
                  First page
                </Button>
              )}
              <Button size="sm" disabled={page.next === null} onClick={() => setRequest({ ...request, cursor: page.next })}>
                Next page
              </Button>
            </div>
          )
        }
      >
        {messages.isPending && (
          <p role="status" className="text-sm text-slate-500">
            Reading…
          </p>
        )}
        {messages.error && <Alert tone="error">{errorMessage(messages.error)}</Alert>}
        {page && page.records.length === 0 && <EmptyState>No messages here{request.filter?.key || request.filter?.contains ? " match the filter" : ""}.</EmptyState>}
        {page && page.records.length > 0 && (
          <ol className="divide-y divide-slate-100" aria-label="Messages">
            {page.records.map((record) => {
              const value = prettyValue(record.value);
              return (
                <li key={`${record.partition}/${record.offset}`} className="py-3" aria-label={`Partition ${record.partition} offset ${record.offset}`}>
                  <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-500">
                    <span>
                      partition <span className="font-medium text-slate-800">{record.partition}</span>
                    </span>
                    <span>
                      offset <span className="font-medium text-slate-800">{record.offset}</span>
                    </span>
                    <Time value={record.timestamp} />
                    <span className="min-w-0 break-all">
                      key <span className="font-mono text-slate-800">{record.key ?? "null"}</span>
                    </span>
                  </div>
                  {record.headers.length > 0 && (
                    <ul className="mt-1 flex flex-wrap gap-2" aria-label="Headers">
                      {record.headers.map((header, i) => (
                        <li key={i} className="rounded bg-slate-100 px-2 py-0.5 font-mono text-xs break-all text-slate-700">
                          {header.key}: {header.value ?? "null"}
                        </li>
                      ))}
                    </ul>
                  )}
                  <pre className="mt-2 max-h-80 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs break-all whitespace-pre-wrap text-slate-800">{value.text}</pre>
                </li>
              );
            })}
          </ol>
        )}
      </Card>
    </div>
  );
}
