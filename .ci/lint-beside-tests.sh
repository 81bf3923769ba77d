#!/usr/bin/env bash
# The last two steps of `npm test`: type-aware lint and the test suite, side by side. Lint keeps
# about one core busy for two minutes, and the suite spends much of its time waiting on the
# processes it starts, so running them together saves the lint's wall time from every run.
# Arguments go to vitest. Fails when either fails; lint's output is printed after the suite's.
set -uo pipefail
lint_log=$(mktemp)
npm run --silent lint >"$lint_log" 2>&1 &
lint_pid=$!
npx vitest run "$@"
tests=$?
wait "$lint_pid"
lint=$?
sed 's/^/lint | /' "$lint_log"
rm -f "$lint_log"
[ "$lint" -eq 0 ] || echo "lint failed (exit $lint)" >&2
[ "$tests" -eq 0 ] && [ "$lint" -eq 0 ]
