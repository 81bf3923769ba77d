"use client";

import { useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc";
import { bootstrapOf } from "../clusters/bootstrap";
import { CredentialsPanel } from "../credentials/credentials-panel";
import { ACCESS_SEMANTICS } from "./credential-rules";

/** The Access section: the cluster's credentials, and for each the way to its access rules. */
export function AccessPage({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const cluster = useQuery(trpc.clusters.get.queryOptions({ clusterId }));
  const credentials = useQuery(trpc.credentials.list.queryOptions({ clusterId }));
  if (!cluster.data) return null;
  const bootstrap = bootstrapOf(cluster.data);
  const active = credentials.data?.filter((credential) => credential.revokedAt === null);
  return (
    <div className="space-y-6">
      <Card title="Access rules" description={ACCESS_SEMANTICS}>
        <QueryTable query={credentials} rows={active} empty="No credentials yet: create one below." caption="Access rules per credential" columns={["Credential", "Username"]} actions>
          {(credential) => (
            <tr key={credential.id}>
              <Td>{credential.name}</Td>
              <Td className="font-mono text-xs">{credential.username}</Td>
              <Td className="text-right">
                <Link href={`/clusters/${clusterId}/access/${credential.id}` as Route} className="text-sm font-medium text-brand-700 hover:underline">
                  Access rules of {credential.name}
                </Link>
              </Td>
            </tr>
          )}
        </QueryTable>
      </Card>
      {bootstrap !== null && <CredentialsPanel clusterId={clusterId} bootstrap={bootstrap} caPem={cluster.data.tlsCaPem} />}
    </div>
  );
}
