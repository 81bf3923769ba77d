export { applyPipelineDiff } from "./apply-diff.js";
export { compilePipeline } from "./compile.js";
export type { AddedNode, CompiledConnector, CompiledPipeline, EdgePort, FieldChange, NodeFamily, NodeSection, PipelineDiff, PipelineEdge, PipelineGraph, PipelineNode, Problem } from "./contract.js";
export { diffPipelines, isEmptyDiff } from "./diff.js";
export { edgeId, pipelineGraph } from "./pipeline-graph.js";
export { planDeploy } from "./plan-deploy.js";
export type { DeployPlan } from "./plan-deploy.js";
