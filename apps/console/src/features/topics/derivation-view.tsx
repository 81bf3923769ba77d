import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { RouterOutputs } from "@/lib/trpc";

type Derived = NonNullable<RouterOutputs["topics"]["describe"]["derived"]>;

/** Where a derived topic's records come from: its source topic, then each SmartModule of its chain in order. */
export function DerivationView({ clusterId, derived }: { clusterId: string; derived: Derived }) {
  return (
    <Card title="Source & chain" description="Every record of the source passes through these SmartModules, in order; what comes out is written here.">
      <ol className="space-y-3" aria-label="Derivation">
        <li className="rounded-md bg-slate-50 px-4 py-3 ring-1 ring-slate-200">
          <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Source topic</p>
          <Link href={`/clusters/${clusterId}/topics/${encodeURIComponent(derived.source)}`} className="font-medium break-all text-brand-700 hover:underline">
            {derived.source}
          </Link>
        </li>
        {derived.chain.map((step, index) => (
          <li key={index} className="rounded-md px-4 py-3 ring-1 ring-slate-200">
            <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Step {index + 1}: SmartModule</p>
            <Link href={`/clusters/${clusterId}/smartmodules`} className="font-mono text-sm font-medium break-all text-brand-700 hover:underline">
              {step.module}
            </Link>
            {Object.keys(step.params).length > 0 && (
              <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
                {Object.entries(step.params).map(([name, value]) => (
                  <div key={name} className="contents">
                    <dt className="font-mono text-slate-500">{name}</dt>
                    <dd className="font-mono break-all text-slate-800">{value}</dd>
                  </div>
                ))}
              </dl>
            )}
          </li>
        ))}
      </ol>
    </Card>
  );
}
