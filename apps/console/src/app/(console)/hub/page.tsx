import type { Metadata } from "next";
import { HubSearchPage, type KindFilter } from "@/features/hub/hub-search-page";

export const metadata: Metadata = { title: "Hub" };

const KINDS: readonly KindFilter[] = ["smartmodule", "connector"];

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const q = typeof params.q === "string" ? params.q.trim() : "";
  const kind = KINDS.find((k) => k === params.kind) ?? "";
  // Keyed by the search, so following a keyword link from a package page starts the form afresh.
  return <HubSearchPage key={`${kind}:${q}`} q={q} kind={kind} />;
}
