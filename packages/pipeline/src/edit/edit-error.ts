/** An edit that cannot be made to a document (it does not parse, or names a node that is not there); the message is one sentence for the user. */
export class PipelineEditError extends Error {
  override readonly name = "PipelineEditError";
}
