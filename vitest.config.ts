import { defineConfig } from "vitest/config";
import { LongestFirstSequencer } from "./.ci/longest-first-sequencer.ts";

// One runner for the whole workspace. Sources of sibling packages resolve through
// the "@freshet/source" export condition, so tests never need a build of a
// dependency; tests that spawn real processes run the built dist/ entry points.
export default defineConfig({
  resolve: { conditions: ["@freshet/source"] },
  ssr: { resolve: { conditions: ["@freshet/source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "apps/*/test/**/*.test.ts", "packages/*/test/**/*.test.ts", "bench/src/**/*.test.ts"],
    // Builds the SmartModule examples and hostile fixtures into the build cache once per run, then
    // (with componentize-js warm) the CLI's template projects that sm.e2e builds with `freshet`.
    globalSetup: ["packages/smartmodule/src/test-support/build-test-modules.ts", "apps/cli/src/test-support/build-template-modules.ts"],
    // The slowest files start first, so no long file is left to run alone at the end.
    sequence: { sequencer: LongestFirstSequencer },
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
