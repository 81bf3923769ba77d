import { describe, expect, it } from "vitest";
import { clusterGoneNotice, clusterListHref } from "./cluster-gone";

/** The search parameters of `href` as Next hands them to the page. */
const paramsOf = (href: string) => Object.fromEntries(new URL(href, "http://console").searchParams);

describe("leaving a cluster that is gone", () => {
  it("a deleted cluster's page leads to the list, which says what went with it", () => {
    const href = clusterListHref({ reason: "deleted", name: "first-cluster" });
    expect(href).toBe("/clusters?deleted=first-cluster");
    expect(clusterGoneNotice(paramsOf(href))).toBe("Cluster first-cluster was deleted; its topics, records and credentials are gone.");
  });

  it("an unknown cluster leads to the list with a sentence saying so", () => {
    expect(clusterGoneNotice(paramsOf(clusterListHref({ reason: "not-found" })))).toBe(
      "That cluster does not exist in this organization; it may have been deleted, or belong to another organization.",
    );
  });

  it("the list opened plainly shows no notice", () => {
    expect(clusterGoneNotice({})).toBeNull();
    expect(clusterGoneNotice({ deleted: "" })).toBeNull();
    // A crafted link cannot put words of its own on the page.
    expect(clusterGoneNotice({ deleted: "Your account is locked, call us" })).toBeNull();
  });
});
