import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Seconds each of the slowest test files took in CI (the JSON reporter's numbers in .ci-results.json).
 * A fresh clone has no vitest results cache, so vitest would order files by size and start a short
 * file with a long run, like faults.test.ts (20 lines, 106 s), among the last: one worker then runs
 * it alone at the end while the other idles. Refresh this table when a file gets much slower or faster.
 */
const SECONDS_IN_CI: Readonly<Record<string, number>> = {
  "apps/cli/src/sm.e2e.test.ts": 182, // 182–304 s in the last CI runs (its `freshet` processes are CPU-bound)
  "apps/spu-worker/test/cluster/faults.test.ts": 179, // 179–244 s in the last CI runs
  "apps/console/test/operate.e2e.test.ts": 151,
  "apps/console/test/journey.e2e.test.ts": 101,
  "apps/console/test/pipelines.e2e.test.ts": 95, // a local run when added; not yet measured in CI
  "apps/cli/src/cdk.e2e.test.ts": 94,
  "apps/spu-worker/test/other-clients.test.ts": 89,
  "apps/console/test/billing.e2e.test.ts": 78,
  "apps/cli/src/cloud.e2e.test.ts": 61,
  "apps/console/test/connectors.e2e.test.ts": 55,
  "apps/console/test/alerts.e2e.test.ts": 44, // a local run when added; not yet measured in CI
  "packages/pipeline/src/preview/run-preview.test.ts": 38, // a local run when added; not yet measured in CI
  "apps/spu-worker/test/connector-process.test.ts": 50,
  "apps/api/test/auth-limits.test.ts": 45,
  "apps/console/test/dataflows.e2e.test.ts": 32,
  "apps/spu-worker/test/dataflow-process.test.ts": 24,
  "bench/src/dataflows/dataflow-bench.test.ts": 22,
};

/**
 * Vitest's own order (known failures and durations from its cache, else larger files first), with the
 * slowest files of the table ahead of it, longest first, and the files of projects that share their
 * modules (isolate: false, see vitest.config.ts) last, all together: a worker keeps its process for the
 * next file only while the next file in the queue is one of those.
 */
export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const seconds = (file: TestSpecification) => SECONDS_IN_CI[relative(this.ctx.config.root, file.moduleId)] ?? 0;
    const shared = (file: TestSpecification) => (file.project.config.isolate === false ? 1 : 0);
    // Array.prototype.sort is stable: files outside the table keep vitest's order.
    return ordered.sort((a, b) => shared(a) - shared(b) || seconds(b) - seconds(a));
  }
}
