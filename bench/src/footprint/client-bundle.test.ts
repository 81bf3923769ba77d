import { describe, expect, it } from "vitest";
import { BROWSER_EXTERNAL, bundleClient } from "./client-bundle.js";

/*
 * The footprint row's bundle is built for real: it keeps @freshet/client
 * bundleable for browsers with only the documented imports left out (a new
 * Node-only import elsewhere in the client fails the build, and this test).
 */
describe("@freshet/client browser bundle", () => {
  it("bundles the client for browsers and measures it minified and gzipped", async () => {
    const bundle = await bundleClient();
    expect(bundle.entry).toBe("@freshet/client/client");
    expect(bundle.external).toEqual([...BROWSER_EXTERNAL]);
    expect(bundle.gzippedBytes).toBeGreaterThan(0);
    expect(bundle.gzippedBytes).toBeLessThan(bundle.minifiedBytes);
    expect(bundle.largest.length).toBeGreaterThan(0);
    expect(bundle.largest.some((input) => input.path.startsWith("packages/client/src/"))).toBe(true);
    const sizes = bundle.largest.map((input) => input.bytes);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });
});
