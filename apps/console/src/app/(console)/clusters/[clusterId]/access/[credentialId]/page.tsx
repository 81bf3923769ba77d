import type { Metadata } from "next";
import { CredentialRules } from "@/features/access/credential-rules";

export const metadata: Metadata = { title: "Access rules" };

export default async function CredentialAccessPage({ params }: { params: Promise<{ clusterId: string; credentialId: string }> }) {
  const { clusterId, credentialId } = await params;
  return <CredentialRules clusterId={clusterId} credentialId={credentialId} />;
}
