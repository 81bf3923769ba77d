export { PreviewError, startPreview } from "./run-preview.js";
export type { PipelinePreview, PreviewOptions, PreviewSnapshot, PreviewState } from "./run-preview.js";
export type { NodePreview, Sample } from "./node-samples.js";
export { SAMPLES_KEPT } from "./node-samples.js";
