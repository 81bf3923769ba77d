import { describe, expect, it } from "vitest";
import type { PackageView, SearchResult } from "./hub-api.js";
import { packageText, searchText } from "./hub-text.js";

const result = (over: Partial<SearchResult>): SearchResult =>
  ({ group: "acme", name: "hot", kind: "smartmodule", description: "keeps hot readings", keywords: [], latestVersion: "1.3.0", visibility: "public", downloads30d: 7, ...over }) as SearchResult;

describe("hub output", () => {
  it("lists search results as a table, and says so when nothing matches", () => {
    expect(searchText([result({}), result({ group: "beta", name: "cold-filter", latestVersion: null, downloads30d: 0, visibility: "private" })], "hot").split("\n")).toEqual([
      "PACKAGE           KIND         LATEST  DOWNLOADS (30 D)  VISIBILITY  DESCRIPTION",
      "acme/hot          smartmodule  1.3.0   7                 public      keeps hot readings",
      "beta/cold-filter  smartmodule  -       0                 private     keeps hot readings",
      "",
    ]);
    expect(searchText([], "nope")).toBe('no packages match "nope"\n');
  });

  it("shows a package's versions with yanks and their reasons, keys and downloads", () => {
    const pkg = {
      group: "acme",
      name: "hot",
      kind: "smartmodule",
      visibility: "public",
      description: "keeps hot readings",
      keywords: ["iot", "filter"],
      license: "MIT",
      repository: "https://example.com/acme/hot",
      takenDown: null,
      latest: "1.2.0",
      downloadsPerDay: [
        { day: "2026-12-07", count: 2 },
        { day: "2026-12-08", count: 3 },
      ],
      versions: [
        {
          version: "1.3.0",
          publishedAt: "2026-12-08T01:00:00.000Z",
          digest: "a".repeat(64),
          sizeBytes: 2048,
          keyId: "3fa1".padEnd(32, "0"),
          yanked: { reason: "drops every reading", at: "2026-12-08T02:00:00.000Z" },
        },
        { version: "1.2.0", publishedAt: "2026-12-07T01:00:00.000Z", digest: "b".repeat(64), sizeBytes: 1000, keyId: "3fa1".padEnd(32, "0"), yanked: null },
      ],
    } as unknown as PackageView;
    expect(packageText(pkg).split("\n")).toEqual([
      "acme/hot (smartmodule, public): keeps hot readings",
      "license MIT; repository https://example.com/acme/hot; keywords iot, filter",
      "latest 1.2.0; 5 downloads in the last 30 days",
      "VERSION  PUBLISHED   SIZE     DIGEST        SIGNED BY KEY  STATUS",
      "1.3.0    2026-12-08  2.0 KiB  aaaaaaaaaaaa  3fa100000000   yanked: drops every reading",
      "1.2.0    2026-12-07  1000 B   bbbbbbbbbbbb  3fa100000000   -",
      "",
    ]);
  });
});
