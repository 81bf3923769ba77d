export { loadTerraformTree, parseTerraform, TerraformParseError, type TerraformFile } from "./load.js";
export { checkTerraform, checkTerraformTree, formatReport, passed, policiesFor, type PolicyReport } from "./check.js";
export { FRESHET_REQUIRED_RESOURCES } from "./freshet-requirements.js";
export type { RequiredResource } from "./policies/required-resources.js";
export type { Policy, PolicyResult, Violation } from "./policy.js";
