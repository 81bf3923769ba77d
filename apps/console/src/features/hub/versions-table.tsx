"use client";

import { Badge } from "@/components/ui/badge";
import { Table, Tbody, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { RouterOutputs } from "@/lib/trpc";
import { formatBytes } from "../topics/format";
import { shortKeyId } from "./hub-text";
import { YankControl } from "./yank-control";

type PackageVersion = RouterOutputs["hub"]["package"]["versions"][number];

interface VersionsTableProps {
  readonly group: string;
  readonly name: string;
  readonly versions: readonly PackageVersion[];
  readonly latest: string | null;
  /** Members of the owning organization may yank and unyank. */
  readonly canYank: boolean;
}

/** Every version ever published (versions are never deleted), newest first as the API lists them. */
export function VersionsTable({ group, name, versions, latest, canYank }: VersionsTableProps) {
  return (
    <Table caption={`Versions of ${group}/${name}`}>
      <thead>
        <tr>
          {["Version", "Published", "Digest (sha256)", "Size", "Signed by key", "Status"].map((column) => (
            <Th key={column}>{column}</Th>
          ))}
          {canYank && (
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          )}
        </tr>
      </thead>
      <Tbody>
        {versions.map((v) => (
          <tr key={v.version} aria-label={`${group}/${name}@${v.version}`}>
            <Td className="font-mono font-medium text-slate-900">{v.version}</Td>
            <Td>
              <Time value={v.publishedAt} />
            </Td>
            <Td className="font-mono text-xs" title={v.digest}>
              {v.digest.slice(0, 12)}…
            </Td>
            <Td>{formatBytes(v.sizeBytes)}</Td>
            <Td className="font-mono text-xs" title={v.keyId}>
              {shortKeyId(v.keyId)}
            </Td>
            <Td className="max-w-xs">
              {v.yanked !== null ? (
                <span className="space-y-0.5">
                  <Badge tone="bad">Yanked</Badge>
                  <span className="block text-xs text-slate-500">{v.yanked.reason}</span>
                </span>
              ) : v.version === latest ? (
                <Badge tone="good">Latest</Badge>
              ) : null}
            </Td>
            {canYank && (
              <Td className="text-right">
                <YankControl group={group} name={name} version={v.version} yanked={v.yanked !== null} />
              </Td>
            )}
          </tr>
        ))}
      </Tbody>
    </Table>
  );
}
