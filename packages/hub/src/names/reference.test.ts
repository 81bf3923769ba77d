import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatRef, groupProblem, packageNameProblem, parseExactRef, parsePackageRef, versionProblem } from "./index.js";

const group = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,38}$/);
const name = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,63}$/);
const version = fc.tuple(fc.nat(99), fc.nat(99), fc.nat(99)).map(([major, minor, patch]) => `${String(major)}.${String(minor)}.${String(patch)}`);

describe("parsePackageRef", () => {
  it("reads a group, a name and a range, any version when no range is given", () => {
    expect(parsePackageRef("acme/hot@^1.2")).toEqual({ ok: true, value: { group: "acme", name: "hot", range: "^1.2" } });
    expect(parsePackageRef("acme/hot@1.2.3")).toEqual({ ok: true, value: { group: "acme", name: "hot", range: "1.2.3" } });
    expect(parsePackageRef("acme/hot.v2_x-y@~1.2.3")).toEqual({ ok: true, value: { group: "acme", name: "hot.v2_x-y", range: "~1.2.3" } });
    expect(parsePackageRef("acme/hot@>=1.2 <2")).toEqual({ ok: true, value: { group: "acme", name: "hot", range: ">=1.2 <2" } });
    expect(parsePackageRef("acme/hot")).toEqual({ ok: true, value: { group: "acme", name: "hot", range: "*" } });
    expect(parsePackageRef("acme/hot@1.x")).toMatchObject({ ok: true, value: { range: "1.x" } });
  });

  it("refuses malformed references with one sentence naming the part at fault", () => {
    expect(parsePackageRef("hot")).toEqual({ ok: false, message: '"hot" is not a package reference: write group/name or group/name@range, such as acme/hot@^1.2.' });
    expect(parsePackageRef("a/b/c")).toMatchObject({ ok: false });
    expect(parsePackageRef("Acme/hot")).toEqual({ ok: false, message: groupProblem("Acme") });
    expect(parsePackageRef("a/hot")).toEqual({ ok: false, message: groupProblem("a") });
    expect(parsePackageRef("acme/Hot")).toEqual({ ok: false, message: packageNameProblem("Hot") });
    expect(parsePackageRef("acme/hot@")).toMatchObject({ ok: false, message: expect.stringContaining('The version range "" is not valid') });
    expect(parsePackageRef("acme/hot@banana")).toMatchObject({ ok: false, message: expect.stringContaining('"banana"') });
    expect(parsePackageRef("acme/hot.wasm@1.0.0")).toMatchObject({ ok: true });
  });

  it("reads back every reference it formats", () => {
    fc.assert(
      fc.property(
        group,
        name,
        fc.oneof(
          version,
          fc.constant("*"),
          version.map((v) => `^${v}`),
        ),
        (g, n, range) => {
          expect(parsePackageRef(formatRef({ group: g, name: n, range }))).toEqual({ ok: true, value: { group: g, name: n, range } });
        },
      ),
    );
  });
});

describe("parseExactRef", () => {
  it("needs one exact version", () => {
    expect(parseExactRef("acme/hot@1.2.0")).toEqual({ ok: true, value: { group: "acme", name: "hot", version: "1.2.0" } });
    expect(parseExactRef("acme/hot@1.2.0-beta.1")).toEqual({ ok: true, value: { group: "acme", name: "hot", version: "1.2.0-beta.1" } });
    expect(parseExactRef("acme/hot@^1.2.0")).toEqual({ ok: false, message: '"acme/hot@^1.2.0" must name one exact version, such as acme/hot@1.2.3.' });
    expect(parseExactRef("acme/hot")).toEqual({ ok: false, message: '"acme/hot" names no version: write acme/hot@1.2.3 with the exact version.' });
    expect(parseExactRef("acme/hot@1.2.0+build.5")).toMatchObject({ ok: false });
  });

  it("round-trips through formatRef", () => {
    fc.assert(
      fc.property(group, name, version, (g, n, v) => {
        expect(parseExactRef(formatRef({ group: g, name: n, version: v }))).toEqual({ ok: true, value: { group: g, name: n, version: v } });
      }),
    );
  });
});

describe("rules", () => {
  it("bounds group and name lengths as the contract says", () => {
    expect(groupProblem("ab")).toBeNull();
    expect(groupProblem("a".repeat(39))).toBeNull();
    expect(groupProblem("a".repeat(40))).not.toBeNull();
    expect(groupProblem("-acme")).not.toBeNull();
    expect(packageNameProblem("h")).toBeNull();
    expect(packageNameProblem("h".repeat(64))).toBeNull();
    expect(packageNameProblem("h".repeat(65))).not.toBeNull();
    expect(packageNameProblem(".hot")).not.toBeNull();
  });

  it("accepts only canonical versions without build metadata", () => {
    expect(versionProblem("1.2.3")).toBeNull();
    expect(versionProblem("1.2.3-rc.1")).toBeNull();
    expect(versionProblem("v1.2.3")).toMatch(/is not a semantic version/);
    expect(versionProblem("1.2")).toMatch(/is not a semantic version/);
    expect(versionProblem("1.2.3+sha.1")).toMatch(/build metadata/);
  });
});
