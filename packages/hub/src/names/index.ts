export { groupProblem, packageNameProblem, versionProblem, rangeProblem } from "./rules.js";
export { parsePackageRef, parseExactRef, formatRef, type PackageRef, type ExactRef, type NamesResult } from "./reference.js";
