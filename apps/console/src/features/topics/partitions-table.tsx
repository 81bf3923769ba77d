import { Table, Tbody, Td, Th } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/trpc";
import { formatBytes } from "./format";

type Partition = RouterOutputs["topics"]["describe"]["partitions"][number];

/** Leader, replicas and ISR as the controller records them; offsets and size as the leader reports them. */
export function PartitionsTable({ partitions }: { partitions: readonly Partition[] }) {
  return (
    <Table caption="Partitions">
      <thead>
        <tr>
          {["Partition", "Leader", "Replicas", "In sync", "Log start", "High watermark", "Records", "Size"].map((column) => (
            <Th key={column}>{column}</Th>
          ))}
        </tr>
      </thead>
      <Tbody>
        {partitions.map((p) => {
          const outOfSync = p.replicas.filter((r) => !p.isr.includes(r));
          return (
            <tr key={p.partition}>
              <Td>{p.partition}</Td>
              <Td>{p.leader < 0 ? <span className="text-red-700">none</span> : p.leader}</Td>
              <Td>{p.replicas.join(", ")}</Td>
              <Td title={outOfSync.length > 0 ? `Out of sync: ${outOfSync.join(", ")}` : undefined} className={outOfSync.length > 0 ? "text-amber-700" : undefined}>
                {p.isr.join(", ")}
              </Td>
              <Td>{p.logStartOffset.toLocaleString("en-US")}</Td>
              <Td>{p.highWatermark.toLocaleString("en-US")}</Td>
              <Td>{Math.max(0, p.highWatermark - p.logStartOffset).toLocaleString("en-US")}</Td>
              <Td>{formatBytes(p.sizeBytes)}</Td>
            </tr>
          );
        })}
      </Tbody>
    </Table>
  );
}
