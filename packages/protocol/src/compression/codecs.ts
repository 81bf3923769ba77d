/*
 * The codec set this build uses. It is the one module that picks implementations;
 * a browser build swaps ./node/codecs-node.js for a browser set behind a
 * package.json condition, and nothing else changes.
 */
import { createCodecLookup, type CodecLookup } from "./codec-lookup.js";
import { nodeCodecs } from "./node/codecs-node.js";

export const codecFor: CodecLookup = createCodecLookup(nodeCodecs);
