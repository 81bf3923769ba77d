import { z } from "zod";
import { groupProblem, packageNameProblem, rangeProblem, versionProblem } from "@freshet/hub/names";
import { PACKAGE_KINDS } from "@freshet/hub/manifest";

/** A string checked by one of @freshet/hub's rules, whose sentence becomes the error. */
const checkedBy = (problem: (value: string) => string | null) =>
  z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message !== null) ctx.addIssue({ code: "custom", message });
  });

export const hubGroupName = checkedBy(groupProblem);
export const hubPackageName = checkedBy(packageNameProblem);
export const hubVersion = checkedBy(versionProblem);
export const hubRange = checkedBy(rangeProblem);
export const hubKind = z.enum(PACKAGE_KINDS);
export const hubReason = z.string().trim().min(1, "Give a reason.").max(300);
export const packageInput = z.object({ group: hubGroupName, name: hubPackageName });
