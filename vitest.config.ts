import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { LongestFirstSequencer } from "./.ci/longest-first-sequencer.ts";

const ALL_TESTS = ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "apps/*/test/**/*.test.ts", "packages/*/test/**/*.test.ts", "bench/src/**/*.test.ts"];

/**
 * Packages whose tests share no state through their modules (no mocks, process-wide listeners,
 * globals or environment changes; each test builds, starts and stops what it uses). Their files
 * run in one reused process per worker instead of a fresh one each: loading the module graph again
 * for every file was 40–50% of their CPU (measured here: 344 CPU-s isolated, 192 shared). A package
 * joins this list only after its tests pass together with `npx vitest run <dirs> --no-isolate`.
 */
const SHARED_MODULE_PACKAGES = [
  "packages/protocol",
  "packages/pipeline",
  "packages/dataflow",
  "packages/client",
  "packages/engine",
  "packages/billing",
  "packages/billing-store",
  "packages/billing-stripe",
  "packages/control-plane",
  "packages/program",
  "packages/db",
  "apps/api",
  "apps/worker",
] as const;
/** The machine's two cores; each project states it too, or vitest would size its share by the CPU count. */
const MAX_WORKERS = 2;
const SHARED_MODULE_TESTS = SHARED_MODULE_PACKAGES.map((dir) => `${dir}/**/*.test.ts`);

// One runner for the whole workspace. Sources of sibling packages resolve through
// the "@freshet/source" export condition, so tests never need a build of a
// dependency; tests that spawn real processes run the built dist/ entry points.
function project(name: string, test: TestProjectInlineConfiguration["test"]): TestProjectInlineConfiguration {
  return {
    resolve: { conditions: ["@freshet/source"] },
    ssr: { resolve: { conditions: ["@freshet/source"] } },
    test: { name, pool: "forks", maxWorkers: MAX_WORKERS, testTimeout: 60_000, hookTimeout: 60_000, ...test },
  };
}

export default defineConfig({
  test: {
    // Builds the SmartModule examples and hostile fixtures into the build cache once per run, then
    // (with componentize-js warm) the CLI's template projects that sm.e2e builds with `freshet`.
    // Here only, not in the projects: vitest runs the root's global setup once, before any file of either project.
    globalSetup: ["packages/smartmodule/src/test-support/build-test-modules.ts", "apps/cli/src/test-support/build-template-modules.ts"],
    // The slowest files start first, so no long file is left to run alone at the end.
    sequence: { sequencer: LongestFirstSequencer },
    maxWorkers: MAX_WORKERS,
    projects: [project("isolated", { include: ALL_TESTS, exclude: [...configDefaults.exclude, ...SHARED_MODULE_TESTS] }), project("shared-modules", { include: SHARED_MODULE_TESTS, isolate: false })],
  },
});
