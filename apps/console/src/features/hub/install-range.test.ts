import { describe, expect, it } from "vitest";
import { defaultRange, previewRange } from "./install-range";

const versions = [
  { version: "1.0.0", yanked: null },
  { version: "1.2.0", yanked: { reason: "drops records with a null key" } },
  { version: "1.1.3", yanked: null },
  { version: "2.0.0-beta.1", yanked: null },
];

describe("install range", () => {
  it("defaults to compatible updates of the newest version, and to nothing when every version is yanked", () => {
    expect(defaultRange("1.4.2")).toBe("^1.4.2");
    expect(defaultRange("0.3.0")).toBe("^0.3.0");
    expect(defaultRange(null)).toBe("");
  });

  it("previews the highest non-yanked match of a range, ignoring prereleases the range does not name", () => {
    expect(previewRange(versions, "^1")).toEqual({ ok: true, version: "1.1.3", yankReason: null });
    expect(previewRange(versions, " * ")).toEqual({ ok: true, version: "1.1.3", yankReason: null });
    expect(previewRange(versions, "2.0.0-beta.1")).toEqual({ ok: true, version: "2.0.0-beta.1", yankReason: null });
  });

  it("resolves an exact yanked version and says why it was yanked", () => {
    expect(previewRange(versions, "1.2.0")).toEqual({ ok: true, version: "1.2.0", yankReason: "drops records with a null key" });
  });

  it("answers one sentence for a bad range and for a range nothing matches", () => {
    const bad = previewRange(versions, "one point two");
    expect(bad).toMatchObject({ ok: false });
    expect(!bad.ok && bad.message).toMatch(/^The version range "one point two" is not valid/);
    expect(previewRange(versions, "^3")).toEqual({ ok: false, message: "No installable version matches ^3; published versions: 1.0.0, 1.2.0 (yanked), 1.1.3, 2.0.0-beta.1." });
    expect(previewRange([], "*")).toEqual({ ok: false, message: "No installable version matches *; published versions: none." });
  });
});
