export { PartitionWatermarks } from "./partition-watermarks.js";
