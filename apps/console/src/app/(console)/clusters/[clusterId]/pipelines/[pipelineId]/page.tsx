import type { Metadata } from "next";
import { PipelineBuilder } from "@/features/pipelines/pipeline-builder";

export const metadata: Metadata = { title: "Pipeline" };

export default async function PipelineBuilderPage({ params }: { params: Promise<{ clusterId: string; pipelineId: string }> }) {
  const { clusterId, pipelineId } = await params;
  return <PipelineBuilder clusterId={clusterId} pipelineId={pipelineId} />;
}
