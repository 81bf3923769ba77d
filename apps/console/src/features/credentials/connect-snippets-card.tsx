"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState, type KeyboardEvent } from "react";
import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { cx } from "@/components/ui/class-names";
import { useTRPC } from "@/lib/trpc";
import { cliSnippet, kafkajsSnippet, kcatSnippet, PASSWORD_VARIABLE, type ConnectionDetails } from "../clusters/connect-snippets";

const TABS = [
  { id: "kcat", label: "kcat", render: kcatSnippet },
  { id: "kafkajs", label: "kafkajs", render: kafkajsSnippet },
  { id: "cli", label: "freshet CLI", render: cliSnippet },
] as const satisfies ReadonlyArray<{ id: string; label: string; render: (details: ConnectionDetails, topic: string | null) => string }>;

type TabId = (typeof TABS)[number]["id"];

/**
 * Ready-to-paste client setups for one credential, as an ARIA tab list (arrow keys move between
 * tabs). Snippets that produce use one of the cluster's topics, so they work as pasted.
 */
export function ConnectSnippets({ clusterId, ...details }: ConnectionDetails & { clusterId: string }) {
  const trpc = useTRPC();
  const topics = useQuery(trpc.topics.list.queryOptions({ clusterId }));
  // A derived topic is written by the cluster only: the snippets produce to the first ordinary one.
  const topic = topics.data?.find((candidate) => candidate.derivedFrom === null)?.name ?? null;
  const [selected, setSelected] = useState<TabId>("kcat");
  const baseId = useId();
  const index = TABS.findIndex((tab) => tab.id === selected);
  const tab = TABS[index] ?? TABS[0];

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const next = TABS[(index + (event.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length] ?? TABS[0];
    setSelected(next.id);
    document.getElementById(`${baseId}-${next.id}-tab`)?.focus();
  }

  return (
    <Card title="Connect" description={`Snippets for ${details.username}; each reads the password from $${PASSWORD_VARIABLE}.`}>
      <div role="tablist" aria-label="Client" className="mb-3 flex gap-1" onKeyDown={onKeyDown}>
        {TABS.map((candidate) => (
          <button
            key={candidate.id}
            id={`${baseId}-${candidate.id}-tab`}
            type="button"
            role="tab"
            aria-selected={candidate.id === selected}
            aria-controls={`${baseId}-panel`}
            tabIndex={candidate.id === selected ? 0 : -1}
            onClick={() => setSelected(candidate.id)}
            className={cx("rounded-md px-3 py-1.5 text-sm font-medium", candidate.id === selected ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100")}
          >
            {candidate.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-${tab.id}-tab`}>
        <CodeBlock label={tab.label} code={tab.render(details, topic)} />
      </div>
    </Card>
  );
}
