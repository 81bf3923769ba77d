export { applyPipelineDiff } from "./apply-diff.js";
export { compilePipeline } from "./compile.js";
export type {
  AddedNode,
  Backpressure,
  CompiledConnector,
  CompiledPipeline,
  EdgePort,
  FieldChange,
  NodeFamily,
  NodeRun,
  NodeSection,
  PipelineDiff,
  PipelineEdge,
  PipelineGraph,
  PipelineNode,
  Problem,
  RunView,
} from "./contract.js";
export { diffPipelines, isEmptyDiff } from "./diff.js";
export { edgeId, pipelineGraph } from "./pipeline-graph.js";
export { planDeploy } from "./plan-deploy.js";
export type { DeployPlan } from "./plan-deploy.js";
