/*
 * No secret is ever written into the source: an attribute, map entry or local whose name says it is
 * a secret (see looksSecret) holds an expression (random_password, a secret manager read, a
 * sensitive variable), never a string literal; a variable that holds a secret is `sensitive` and has
 * no literal default; and no string anywhere carries a PEM private key.
 */
import { attributes, isLiteralString, labelled } from "../blocks.js";
import { containsPrivateKey, looksSecret } from "../../secret-names.js";
import type { Policy, Violation } from "../policy.js";

export const noLiteralSecrets: Policy = {
  id: "no-literal-secrets",
  title: "no secret assigned a string literal; secret variables sensitive, without literal defaults",
  check(tree) {
    const violations: Violation[] = [];
    let checked = 0;
    for (const file of tree.files) {
      for (const attribute of attributes(file.body)) {
        if (typeof attribute.value !== "string") continue;
        checked += 1;
        const at = attribute.path.join(".");
        if (looksSecret(attribute.name) && isLiteralString(attribute.value)) {
          violations.push({ file: file.path, message: `${at} is a secret written as a literal; generate it (random_password) or read it from a secret manager.` });
        } else if (containsPrivateKey(attribute.value)) {
          violations.push({ file: file.path, message: `${at} contains a private key.` });
        }
      }
      for (const variable of labelled(file, "variable")) {
        if (!looksSecret(variable.name)) continue;
        checked += 1;
        if (variable.body["sensitive"] !== true) {
          violations.push({ file: file.path, message: `Variable ${variable.name} holds a secret but is not marked sensitive.` });
        }
        if (variable.body["default"] !== undefined && variable.body["default"] !== null) {
          violations.push({ file: file.path, message: `Variable ${variable.name} holds a secret but has a default value written in the source.` });
        }
      }
    }
    return { checked, violations };
  },
};
