export { SessionWindows } from "./session-windows.js";
export type { Session } from "./session-windows.js";
export { SlicedWindows } from "./sliced-windows.js";
export type { SlicedState, WindowShape } from "./sliced-windows.js";
