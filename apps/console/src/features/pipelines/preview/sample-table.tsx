import { Table, Tbody, Td, Th } from "@/components/ui/table";
import type { Sample } from "./preview-state";

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString("en-GB");
}

/** Sample records a node read or wrote, newest last as they arrived. */
export function SampleTable({ caption, samples, testId }: { caption: string; samples: readonly Sample[]; testId: string }) {
  return (
    <div data-testid={testId} className="space-y-1">
      <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{caption}</h4>
      {samples.length === 0 ? (
        <p className="text-sm text-slate-500">None yet.</p>
      ) : (
        <Table caption={caption}>
          <thead>
            <tr>
              <Th>Time</Th>
              <Th>Key</Th>
              <Th>Value</Th>
            </tr>
          </thead>
          <Tbody>
            {samples.map((sample, i) => (
              <tr key={i} data-testid="sample-row">
                <Td className="whitespace-nowrap tabular-nums">{time(sample.time)}</Td>
                <Td className="font-mono text-xs">{sample.key ?? "–"}</Td>
                <Td className="max-w-md font-mono text-xs break-all">{sample.value}</Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      )}
    </div>
  );
}

/** A node's recent failures, one sentence each. */
export function ErrorList({ errors, empty }: { errors: readonly string[]; empty: string }) {
  if (errors.length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <ul data-testid="node-errors" className="space-y-1 text-sm text-red-700">
      {errors.map((error, i) => (
        <li key={i} className="font-mono text-xs break-words">
          {error}
        </li>
      ))}
    </ul>
  );
}
