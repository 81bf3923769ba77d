export { compilePipeline } from "./compile.js";
export type { CompiledConnector, CompiledPipeline, EdgePort, FieldChange, NodeFamily, NodeSection, PipelineDiff, PipelineEdge, PipelineGraph, PipelineNode, Problem } from "./contract.js";
export { edgeId, pipelineGraph } from "./pipeline-graph.js";
export { planDeploy } from "./plan-deploy.js";
export type { DeployPlan } from "./plan-deploy.js";
