export { resolveVersion, type PublishedVersion } from "./resolve-version.js";
