"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Tbody, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";

export function AuditPage() {
  const trpc = useTRPC();
  const audit = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions({}, { getNextPageParam: (page) => page.nextCursor ?? undefined }));
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <>
      <PageHeader title="Audit log" description="Every change made in this organization, by a person or an API key, newest first." />
      <Card title="Events">
        {audit.isPending && <p role="status" className="text-sm text-slate-500">Loading events…</p>}
        {audit.error && <Alert tone="error">{errorMessage(audit.error)}</Alert>}
        {audit.data && entries.length === 0 && <EmptyState>Nothing has happened yet.</EmptyState>}
        {entries.length > 0 && (
          <Table caption="Audit events">
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Actor</Th>
                <Th>Action</Th>
                <Th>Target</Th>
                <Th>IP</Th>
              </tr>
            </thead>
            <Tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <Td className="whitespace-nowrap">
                    <Time value={entry.createdAt} />
                  </Td>
                  <Td>{entry.actor}</Td>
                  <Td className="font-mono text-xs">{entry.action}</Td>
                  <Td className="font-mono text-xs">{entry.target ?? "—"}</Td>
                  <Td className="font-mono text-xs">{entry.ip ?? "—"}</Td>
                </tr>
              ))}
            </Tbody>
          </Table>
        )}
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
