import type { RouterOutputs } from "@/lib/trpc";

type Diff = RouterOutputs["pipelines"]["diff"];

function value(v: unknown): string {
  return v === undefined ? "–" : JSON.stringify(v);
}

/** A structured diff (nodes, edges, fields) and which components a deploy would touch. */
export function DiffSummary({ diff, plan, label }: { diff: Diff["diff"]; plan: Diff["plan"]; label: string }) {
  const rows: { key: string; kind: string; text: string }[] = [
    ...diff.nodesAdded.map((node) => ({ key: `+${node.id}`, kind: "added", text: `node ${node.id} (${node.kind})` })),
    ...diff.nodesRemoved.map((node) => ({ key: `-${node.id}`, kind: "removed", text: `node ${node.id} (${node.kind})` })),
    ...diff.nodesChanged.flatMap((node) =>
      node.changes.map((change, i) => ({ key: `~${node.id}:${i.toString()}`, kind: "changed", text: `${node.id}: ${change.path.join(".")} ${value(change.before)} → ${value(change.after)}` })),
    ),
    ...diff.edgesAdded.map((edge) => ({ key: `+${edge.id}`, kind: "added", text: `edge ${edge.source} → ${edge.target}${edge.port === "in" ? "" : ` (${edge.port})`}` })),
    ...diff.edgesRemoved.map((edge) => ({ key: `-${edge.id}`, kind: "removed", text: `edge ${edge.source} → ${edge.target}${edge.port === "in" ? "" : ` (${edge.port})`}` })),
    ...diff.settingsChanged.map((change, i) => ({ key: `s${i.toString()}`, kind: "changed", text: `${change.path.join(".")} ${value(change.before)} → ${value(change.after)}` })),
  ];
  const touches = plan.deploy.length + plan.remove.length > 0;
  return (
    <section aria-label={label} className="space-y-3 text-sm">
      {rows.length === 0 ? (
        <p data-testid="diff-empty" className="text-slate-600">
          No change to what runs.
        </p>
      ) : (
        <ul className="space-y-1 font-mono text-xs">
          {rows.map((row) => (
            <li key={row.key} data-testid="diff-row" data-kind={row.kind} className={row.kind === "added" ? "text-emerald-700" : row.kind === "removed" ? "text-red-700" : "text-amber-800"}>
              {row.kind === "added" ? "+ " : row.kind === "removed" ? "− " : "~ "}
              {row.text}
            </li>
          ))}
        </ul>
      )}
      <p data-testid="deploy-plan" className="text-slate-700">
        {touches ? (
          <>
            {plan.deploy.length > 0 && <>Redeploys {plan.deploy.join(", ")}. </>}
            {plan.remove.length > 0 && <>Removes {plan.remove.join(", ")}. </>}
            {plan.unchanged.length > 0 && <>Leaves {plan.unchanged.join(", ")} running untouched.</>}
          </>
        ) : (
          "Layout only: nothing to redeploy."
        )}
      </p>
    </section>
  );
}
