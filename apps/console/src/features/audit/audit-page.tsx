"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { useTRPC } from "@/lib/trpc";

export function AuditPage() {
  const trpc = useTRPC();
  const audit = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions({}, { getNextPageParam: (page) => page.nextCursor ?? undefined }));
  const entries = audit.data?.pages.flatMap((page) => page.entries);

  return (
    <>
      <PageHeader title="Audit log" description="Every change made in this organization, by a person or an API key, newest first." />
      <Card title="Events">
        <QueryTable query={audit} rows={entries} loading="Loading events…" empty="Nothing has happened yet." caption="Audit events" columns={["When", "Actor", "Action", "Target", "IP"]}>
          {(entry) => (
            <tr key={entry.id}>
              <Td className="whitespace-nowrap">
                <Time value={entry.createdAt} />
              </Td>
              <Td>{entry.actor}</Td>
              <Td className="font-mono text-xs">{entry.action}</Td>
              <Td className="font-mono text-xs">{entry.target ?? "—"}</Td>
              <Td className="font-mono text-xs">{entry.ip ?? "—"}</Td>
            </tr>
          )}
        </QueryTable>
        {audit.hasNextPage && (
          <div className="mt-4 text-center">
            <Button variant="secondary" busy={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>
              Load older events
            </Button>
          </div>
        )}
      </Card>
    </>
  );
}
