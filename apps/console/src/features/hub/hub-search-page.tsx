"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { buttonClasses, Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc";

export type KindFilter = "" | "smartmodule" | "connector";

const RESULT_LIMIT = 50;

/** The search's state lives in the URL (`/hub?q=…&kind=…`), so a result list can be linked to and the back button works. */
function searchPath(q: string, kind: KindFilter): string {
  const params = new URLSearchParams();
  if (q !== "") params.set("q", q);
  if (kind !== "") params.set("kind", kind);
  const query = params.toString();
  return query === "" ? "/hub" : `/hub?${query}`;
}

/** Hub search: full-text over names, descriptions and keywords; with no words, the most downloaded packages. */
export function HubSearchPage({ q, kind }: { q: string; kind: KindFilter }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [text, setText] = useState(q);
  const [kindChoice, setKindChoice] = useState<KindFilter>(kind);
  const results = useQuery({ ...trpc.hub.search.queryOptions({ q: q === "" ? undefined : q, kind: kind === "" ? undefined : kind, limit: RESULT_LIMIT }), placeholderData: keepPreviousData });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    router.replace(searchPath(text.trim(), kindChoice) as Route);
  }

  return (
    <>
      <PageHeader
        title="Hub"
        description="Signed SmartModules and connectors, published by organizations and verified again by your cluster when it loads them."
        actions={
          <Link href="/hub/mine" className={buttonClasses("secondary")}>
            My packages
          </Link>
        }
      />
      <div className="space-y-6">
        <form onSubmit={submit} role="search" aria-label="Search the Hub" className="flex flex-wrap items-end gap-3">
          <div className="min-w-64 flex-1">
            <TextField label="Search" type="search" value={text} onChange={(event) => setText(event.target.value)} placeholder="json filter, geo, csv…" autoComplete="off" />
          </div>
          <div className="w-44">
            <SelectField label="Kind" value={kindChoice} onChange={(event) => setKindChoice(event.target.value as KindFilter)}>
              <option value="">Everything</option>
              <option value="smartmodule">SmartModules</option>
              <option value="connector">Connectors</option>
            </SelectField>
          </div>
          <Button type="submit">Search</Button>
        </form>
        <Card title={q === "" ? "Most downloaded" : `Results for “${q}”`}>
          <QueryTable
            query={results}
            rows={results.data}
            loading="Searching…"
            empty={q === "" ? "Nothing has been published to the Hub yet." : "No package matches. Try fewer or other words."}
            caption="Packages"
            columns={["Package", "Kind", "Description", "Latest", "Downloads (30 days)"]}
          >
            {(found) => (
              <tr key={`${found.group}/${found.name}`} aria-label={`${found.group}/${found.name}`}>
                <Td>
                  <Link href={`/hub/${found.group}/${found.name}`} className="font-mono font-medium text-brand-700 hover:underline">
                    {found.group}/{found.name}
                  </Link>
                  {found.visibility === "private" && (
                    <span className="ml-2">
                      <Badge tone="progress">Private</Badge>
                    </span>
                  )}
                </Td>
                <Td>{found.kind === "smartmodule" ? "SmartModule" : "Connector"}</Td>
                <Td className="max-w-md">
                  <span className="block">{found.description}</span>
                  {found.keywords.length > 0 && <span className="block text-xs text-slate-500">{found.keywords.join(" · ")}</span>}
                </Td>
                <Td className="font-mono text-xs">{found.latestVersion ?? "—"}</Td>
                <Td>{found.downloads30d}</Td>
              </tr>
            )}
          </QueryTable>
        </Card>
      </div>
    </>
  );
}
