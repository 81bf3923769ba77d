export type { CompiledConnector, CompiledPipeline, EdgePort, FieldChange, NodeFamily, NodeSection, PipelineDiff, PipelineEdge, PipelineGraph, PipelineNode, Problem } from "./contract.js";
