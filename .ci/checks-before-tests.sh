#!/usr/bin/env bash
# The checks `npm test` runs after the build and before the suite: formatting, the console's and the
# SmartModule package's type checks, and the one-program type check of every other package's tests.
# Each is mostly one busy core and none needs another's output, so they run side by side on the
# machine's two cores instead of one after another (about half their wall time). They still finish
# before the suite starts: beside the suite they slowed it more than they saved (see git log).
# Each check's output is printed after all have ended, in order; fails when any fails.
set -uo pipefail
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
names=(format typecheck tsc)
npx prettier --check . >"$logs/format" 2>&1 &
pids=($!)
npx turbo run typecheck --filter=@freshet/console --filter=@freshet/smartmodule >"$logs/typecheck" 2>&1 &
pids+=($!)
npx tsc -p tsconfig.test.json >"$logs/tsc" 2>&1 &
pids+=($!)
failed=0
for i in "${!names[@]}"; do
  status=0
  wait "${pids[$i]}" || status=$?
  sed "s/^/${names[$i]} | /" "$logs/${names[$i]}"
  if [ "$status" -ne 0 ]; then
    echo "${names[$i]} failed (exit $status)" >&2
    failed=1
  fi
done
exit "$failed"
