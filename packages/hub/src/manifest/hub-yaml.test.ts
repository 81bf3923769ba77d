import { describe, expect, it } from "vitest";
import { parseHubYaml } from "./index.js";

const yaml = `
group: acme
kind: smartmodule
description: Keeps readings above a threshold.
license: MIT
keywords: [filter]
visibility: private
`;

describe("parseHubYaml", () => {
  it("takes name and version from package.json unless hub.yaml sets them", () => {
    expect(parseHubYaml(yaml, { name: "@acme/hot", version: "1.2.0" })).toEqual({
      ok: true,
      readmePath: "README.md",
      value: { group: "acme", name: "hot", version: "1.2.0", kind: "smartmodule", description: "Keeps readings above a threshold.", license: "MIT", keywords: ["filter"], visibility: "private" },
    });
    const own = parseHubYaml(`${yaml}name: cold\nversion: 2.0.0\nreadme: docs/HUB.md\nrepository: https://example.com/acme\n`, { name: "hot", version: "1.2.0" });
    expect(own).toMatchObject({ ok: true, readmePath: "docs/HUB.md", value: { name: "cold", version: "2.0.0", repository: "https://example.com/acme" } });
  });

  it("defaults keywords to none", () => {
    expect(parseHubYaml(yaml.replace("keywords: [filter]\n", ""), { name: "hot", version: "1.0.0" })).toMatchObject({ ok: true, value: { keywords: [] } });
  });

  it("refuses with one sentence", () => {
    expect(parseHubYaml("group: [", {})).toMatchObject({ ok: false, message: expect.stringMatching(/^hub\.yaml is not valid YAML: [^\n]+\.$/) });
    expect(parseHubYaml(yaml, {})).toEqual({ ok: false, message: `hub.yaml names no package: set "name" in hub.yaml or package.json.` });
    expect(parseHubYaml(yaml, { name: "hot" })).toEqual({ ok: false, message: `hub.yaml gives no version: set "version" in hub.yaml or package.json.` });
    expect(parseHubYaml(yaml, { name: "Hot", version: "1.0.0" })).toMatchObject({ ok: false, message: expect.stringContaining(`The package name "Hot"`) });
    expect(parseHubYaml(yaml.replace("license: MIT\n", ""), { name: "hot", version: "1.0.0" })).toEqual({ ok: false, message: `hub.yaml is missing "license".` });
    expect(parseHubYaml(`${yaml}readme: ../secret\n`, { name: "hot", version: "1.0.0" })).toEqual({ ok: false, message: `hub.yaml's "readme" must be a path inside the project directory.` });
    expect(parseHubYaml(`${yaml}smartmodule: {}\n`, { name: "hot", version: "1.0.0" })).toEqual({ ok: false, message: `hub.yaml has an unknown field "smartmodule".` });
    expect(parseHubYaml("", {})).toMatchObject({ ok: false, message: `hub.yaml is missing "group".` });
  });
});
