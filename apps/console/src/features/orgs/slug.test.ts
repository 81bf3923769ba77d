import { describe, expect, it } from "vitest";
import { slugFromName } from "./slug";

describe("slugFromName", () => {
  it("lowercases, folds accents and joins words with single dashes", () => {
    expect(slugFromName("Acme Data, Inc.")).toBe("acme-data-inc");
    expect(slugFromName("  Café  Crème ")).toBe("cafe-creme");
    expect(slugFromName("--x--")).toBe("x");
  });

  it("caps the length", () => {
    expect(slugFromName("a".repeat(80))).toHaveLength(48);
  });
});
