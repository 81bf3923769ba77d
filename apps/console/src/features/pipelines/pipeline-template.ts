/**
 * The document a new pipeline starts from: one topic in, one view out, so it is valid at once and
 * shows the three sections; the person replaces them from the palette or in the YAML.
 */
export function pipelineTemplate(name: string): string {
  return `apiVersion: freshet.io/v1
kind: Pipeline
name: ${name}
description: Drag sources, operators and sinks from the palette, or edit this document.
sources:
  input:
    topic: ${name}-input
operators: {}
sinks:
  results:
    from: input
    view: {}
`;
}
