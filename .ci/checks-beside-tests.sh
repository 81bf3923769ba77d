#!/usr/bin/env bash
# The last steps of `npm test`: the type checks and type-aware lint, then the test suite, side by
# side. The checks keep about one core busy for four minutes, and the suite spends much of its time
# waiting on the processes it starts (clusters, browsers, fsyncs), so running them together takes
# the checks' wall time off every run. Arguments go to vitest. Fails when either fails; the checks'
# output is printed after the suite's.
set -uo pipefail
checks_log=$(mktemp)
(
  set -e
  npx turbo run typecheck --filter=@freshet/console --filter=@freshet/smartmodule --output-logs=errors-only
  npx tsc -p tsconfig.test.json
  npm run --silent lint
) >"$checks_log" 2>&1 &
checks_pid=$!
npx vitest run "$@"
tests=$?
wait "$checks_pid"
checks=$?
sed 's/^/checks | /' "$checks_log"
rm -f "$checks_log"
[ "$checks" -eq 0 ] || echo "type checks or lint failed (exit $checks)" >&2
[ "$tests" -eq 0 ] && [ "$checks" -eq 0 ]
