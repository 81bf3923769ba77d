import { describe, expect, it } from "vitest";
import { ANONYMOUS, InstanceBudget, type Admission } from "./instance-budget.js";

function admitted(admission: Admission): () => void {
  if (!admission.ok) throw new Error(admission.message);
  return admission.release;
}

describe("InstanceBudget", () => {
  it("refuses a principal beyond its share with a sentence naming it, while others still get places", () => {
    const budget = new InstanceBudget({ maxInstances: 10, maxInstancesPerPrincipal: 2 });
    admitted(budget.admit("alice"));
    admitted(budget.admit("alice"));
    expect(budget.admit("alice")).toEqual({
      ok: false,
      message: "Principal 'alice' already runs 2 SmartModule instances on this broker, the most allowed per principal; end another stream first",
    });
    admitted(budget.admit("bob"));
    admitted(budget.admit(ANONYMOUS));
    admitted(budget.admit(ANONYMOUS));
    expect(budget.admit(ANONYMOUS)).toMatchObject({ ok: false, message: expect.stringMatching(/^Unauthenticated clients already run 2 SmartModule instances/) as unknown });
    expect(budget.inUse).toBe(5);
  });

  it("refuses everyone once the broker's limit is reached, and admits again after a release", () => {
    const budget = new InstanceBudget({ maxInstances: 2, maxInstancesPerPrincipal: 2 });
    const first = admitted(budget.admit("alice"));
    admitted(budget.admit("bob"));
    expect(budget.admit("carol")).toEqual({ ok: false, message: "This broker already runs 2 SmartModule instances for readers, its limit; try again when other streams end" });
    first();
    // Releasing twice gives back one place only.
    first();
    expect(budget.inUse).toBe(1);
    admitted(budget.admit("carol"));
    expect(budget.admit("dave").ok).toBe(false);
  });
});
