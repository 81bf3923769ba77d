export { addNode, removeNode } from "./add-remove-node.js";
export type { Position } from "./add-remove-node.js";
export { connect, disconnect } from "./connect.js";
export { PipelineEditError } from "./edit-error.js";
export { moveNodes } from "./move-nodes.js";
export { renameNode } from "./rename-node.js";
export { setNodeBody } from "./set-node-body.js";
