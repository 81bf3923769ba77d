"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { mergeRows, sortedRows, type ViewRow } from "./view-rows";
import { DATAFLOW_REFRESH_MS } from "./dataflow-status";

/** Row events arriving faster than this are drawn together. */
const FLUSH_MS = 250;

/**
 * A view's rows kept current: its change stream (GET /api/views/changes, server-sent events that
 * start with the current rows) merged by key and window; should the stream fail, the view is
 * queried every few seconds instead.
 */
export function useViewRows(clusterId: string, view: string, dataflow: string): { rows: ViewRow[]; mode: "live" | "polling" } {
  const trpc = useTRPC();
  const [rows, setRows] = useState<ReadonlyMap<string, ViewRow>>(new Map());
  const [failed, setFailed] = useState(false);
  const pending = useRef<ViewRow[]>([]);

  useEffect(() => {
    const params = new URLSearchParams({ clusterId, view, dataflow });
    const source = new EventSource(`/api/views/changes?${params.toString()}`);
    source.addEventListener("row", (event) => pending.current.push(JSON.parse((event as MessageEvent<string>).data) as ViewRow));
    source.onerror = () => {
      // EventSource reconnects by itself; polling covers the time until it does.
      if (source.readyState !== EventSource.OPEN) setFailed(true);
    };
    source.onopen = () => setFailed(false);
    const flush = setInterval(() => {
      if (pending.current.length === 0) return;
      const batch = pending.current;
      pending.current = [];
      setRows((current) => mergeRows(current, batch));
    }, FLUSH_MS);
    return () => {
      clearInterval(flush);
      source.close();
    };
  }, [clusterId, view, dataflow]);

  const polled = useQuery({ ...trpc.views.query.queryOptions({ clusterId, view, dataflow }), enabled: failed, refetchInterval: DATAFLOW_REFRESH_MS, retry: false });
  // While polling, the answers are newer than what the stream last pushed.
  const merged = useMemo(() => sortedRows(polled.data === undefined ? rows : mergeRows(rows, polled.data.rows)), [rows, polled.data]);
  return { rows: merged, mode: failed ? "polling" : "live" };
}
