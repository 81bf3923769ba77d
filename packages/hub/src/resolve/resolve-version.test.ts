import fc from "fast-check";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { resolveVersion, type PublishedVersion } from "./index.js";

const published = (versions: string[], yanked: string[] = []): PublishedVersion[] => versions.map((version) => ({ version, yanked: yanked.includes(version) }));

describe("resolveVersion", () => {
  const versions = published(["1.0.0", "1.2.0", "1.2.5", "1.3.0", "1.4.0-beta.1", "2.0.0"], ["1.3.0"]);

  it("picks the highest matching version", () => {
    expect(resolveVersion(versions, "*")).toBe("2.0.0");
    expect(resolveVersion(versions, "~1.2.0")).toBe("1.2.5");
    expect(resolveVersion(versions, "1.x")).toBe("1.2.5");
    expect(resolveVersion(versions, "^3")).toBeNull();
  });

  it("never lets a range pick a yanked version, but resolves an exact yanked one", () => {
    expect(resolveVersion(versions, "^1.2")).toBe("1.2.5");
    expect(resolveVersion(versions, "1.3.0")).toBe("1.3.0");
    expect(resolveVersion(versions, "=1.3.0")).toBe("1.3.0");
    expect(resolveVersion(versions, "1.3.1")).toBeNull();
    expect(resolveVersion(published(["1.0.0"], ["1.0.0"]), "^1")).toBeNull();
  });

  it("installs prereleases only for a range that names one", () => {
    expect(resolveVersion(versions, "^1.3")).toBeNull();
    expect(resolveVersion(versions, "^1.4.0-beta.0")).toBe("1.4.0-beta.1");
    expect(resolveVersion(versions, "1.4.0-beta.1")).toBe("1.4.0-beta.1");
  });

  it("answers null for a range that is not one", () => {
    expect(resolveVersion(versions, "banana")).toBeNull();
  });

  it("resolves to a non-yanked version satisfying the range, and none higher", () => {
    const version = fc.tuple(fc.nat(4), fc.nat(4), fc.nat(4)).map((parts) => parts.join("."));
    const range = fc.oneof(
      version.map((v) => `^${v}`),
      version.map((v) => `~${v}`),
      fc.constant("*"),
      fc.nat(4).map((major) => `${String(major)}.x`),
    );
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ version, yanked: fc.boolean() }), { selector: (entry) => entry.version }), range, (list, wanted) => {
        const chosen = resolveVersion(list, wanted);
        const eligible = list.filter((entry) => !entry.yanked && semver.satisfies(entry.version, wanted));
        if (chosen === null) {
          expect(eligible).toEqual([]);
        } else {
          expect(eligible.map((entry) => entry.version)).toContain(chosen);
          for (const entry of eligible) expect(semver.lte(entry.version, chosen)).toBe(true);
        }
      }),
    );
  });
});
