import type { Metadata } from "next";
import { PackagePage } from "@/features/hub/package-page";

type Params = Promise<{ group: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { group, name } = await params;
  return { title: `${decodeURIComponent(group)}/${decodeURIComponent(name)}` };
}

export default async function Page({ params }: { params: Params }) {
  const { group, name } = await params;
  return <PackagePage group={decodeURIComponent(group)} name={decodeURIComponent(name)} />;
}
