#!/usr/bin/env bash
# Runs every test of the solution on this machine, as CI does:
#  - starts a throwaway PostgreSQL on a loopback port (installs the Debian package if needed; DLT_SKIP_POSTGRES=1 opts out),
#  - runs `dotnet test` on Dlt.sln (acceptance cases on DuckDB and PostgreSQL, runtime, generator, analyzer, AOT tests),
#  - adds up the per-project summaries and prints one closing line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

run_tests() {
    dotnet test Dlt.sln -c Release --nologo 2>&1 | tee "$log_dir/test.log"
    return "${PIPESTATUS[0]}"
}
export -f run_tests
export log_dir

if [ "${DLT_SKIP_POSTGRES:-}" = "1" ]; then
    echo "DLT_SKIP_POSTGRES=1: PostgreSQL is not started; the Postgres tests report themselves as skipped"
    run_tests
    rc=$?
else
    bash .ci/postgres.sh run -- bash -c run_tests
    rc=$?
fi

# dotnet test prints one summary per test project: "Passed!  - Failed: 0, Passed: 95, Skipped: 0, Total: 95, ..."
passed=0; failed=0; skipped=0
while read -r f p s; do
    failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(grep -E '^(Passed|Failed)!' "$log_dir/test.log" 2>/dev/null \
         | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/')
projects=$(grep -cE '^(Passed|Failed)!' "$log_dir/test.log" 2>/dev/null || true)
echo "test projects: ${projects:-0}"
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    echo "the test run failed before reporting test results (exit $rc)"
    failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$rc" -eq 0 ]
