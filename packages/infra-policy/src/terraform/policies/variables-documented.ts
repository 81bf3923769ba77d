/* Every input variable says what it holds: a `type` and a non-empty `description`. */
import { labelled } from "../blocks.js";
import type { Policy, Violation } from "../policy.js";

export const variablesDocumented: Policy = {
  id: "variables-documented",
  title: "every variable has a type and a description",
  check(tree) {
    const violations: Violation[] = [];
    let checked = 0;
    for (const file of tree.files) {
      for (const variable of labelled(file, "variable")) {
        checked += 1;
        if (variable.body["type"] === undefined) violations.push({ file: file.path, message: `Variable ${variable.name} has no type.` });
        const description = variable.body["description"];
        if (typeof description !== "string" || description.trim() === "") {
          violations.push({ file: file.path, message: `Variable ${variable.name} has no description.` });
        }
      }
    }
    return { checked, violations };
  },
};
