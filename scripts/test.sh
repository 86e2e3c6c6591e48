#!/usr/bin/env bash
# Every check Finmatch has, from a clean checkout on Debian with Node 20 + npm:
# install, Chromium for the browser tests, build, typecheck, lint, then the vitest
# projects unit, integration and e2e. The last line printed is the summary
#   tests: N passed, N failed, N skipped
# and the exit status is non-zero when anything failed or no test ran.
#
#   bash scripts/test.sh                      # everything
#   FINMATCH_SKIP_INSTALL=1 bash scripts/test.sh   # reuse node_modules (local loops)
#   FINMATCH_SERIAL_TESTS=1 bash scripts/test.sh   # one step after the other (slower)
#
# On two cores the run keeps both busy (decision 039e): typecheck and lint run
# beside the build and the unit tests; then two lanes run side by side, the SQLite
# integration tests followed by one half of the browser tests, and the PostgreSQL
# integration tests followed by the other half; the PostgreSQL unit files run in the
# SQLite lane, between its integration tests and its browser half (decision 040d).
#
# Measured times (decision records 039e, 040d): the last whole run on a quiet machine
# took 1,193 s (CI 1,095 s): unit 98 s (typecheck 75 s, lint 7 s beside it), then the
# SQLite lane — integration 534 s, e2e-1 311 s — beside the PostgreSQL lane —
# integration-postgres 644 s, unit-postgres 119 s, e2e-2 324 s. The PostgreSQL lane set
# the pace (1,087 s against 845 s); with unit-postgres moved the lanes carry about
# 964 s and 968 s. The test servers (about 150 starts a run) now start from the
# compiled build/start.js: 1.1–1.8 s of CPU a start instead of 2.6–4.2 s through tsx;
# six integration files took 66–82 s instead of 100 s (alternately, load average 10–13).
# Two whole runs after (`.ci/run` on fresh clones, with npm ci, nothing else running but
# the second for its first minutes): 962 s — integration 309 s, unit-postgres 111 s, e2e-1
# 331 s beside integration-postgres 380 s, e2e-2 411 s — and 1,083 s (338 + 109 + 375
# beside 430 + 454 s).
# Later runs on a slower machine took 1,718–1,934 s, the browser lanes 838 and 1,006 s
# beside each other (load average 11); the test browser now runs without the address bar's
# popup pages, a third of Chromium's CPU (decision 047a).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
started=$(date +%s)

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}

step() { printf '\n==> %s\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- install
if [ "${FINMATCH_SKIP_INSTALL:-}" = "1" ] && [ -d node_modules ]; then
  step "npm ci skipped (FINMATCH_SKIP_INSTALL=1)"
else
  step "npm ci"
  npm ci --no-audit --no-fund
fi

if [ ! -x "$CHROMIUM_PATH" ]; then
  step "installing Debian's chromium (missing at $CHROMIUM_PATH)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "chromium is missing and this user cannot install it (not root, no sudo): apt-get install -y chromium"
    SUDO="sudo"
  fi
  $SUDO apt-get update || die "apt-get update failed; cannot install chromium for the browser tests"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium \
    || die "apt-get install chromium failed; the browser tests need /usr/bin/chromium"
  [ -x "$CHROMIUM_PATH" ] || die "chromium was installed but $CHROMIUM_PATH is still missing"
fi

SERIAL=${FINMATCH_SERIAL_TESTS:-}
RESULTS="$ROOT/tests/.tmp/results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# ---------------------------------------------------------------- typecheck, lint
# A type error fails the run, but the tests still run so one pass shows everything.
# Lint (Biome: floating and misused promises, unused code, import cycles, hooks,
# a11y; rules and why in docs/decisions/032-lint-and-format.md). Like a type error,
# a finding fails the run after the tests have run.
# Neither reads the build, and tsc keeps one core busy for a minute: both run in the
# background beside the build and the unit tests; their output is printed after the
# unit tests (FINMATCH_SERIAL_TESTS=1: here, one after the other).
typecheck_ok=1
lint_ok=1
check_pid=""
if [ "$SERIAL" = "1" ]; then
  step "npm run typecheck"
  npm run typecheck || typecheck_ok=0
  step "npm run lint"
  npm run lint || lint_ok=0
else
  step "npm run typecheck and npm run lint (in the background; output after the unit tests)"
  (
    t0=$(date +%s)
    npm run typecheck > "$RESULTS/typecheck.log" 2>&1 || echo typecheck >> "$RESULTS/checks-failed"
    echo "(typecheck: $(( $(date +%s) - t0 ))s)" >> "$RESULTS/typecheck.log"
    t0=$(date +%s)
    npm run lint > "$RESULTS/lint.log" 2>&1 || echo lint >> "$RESULTS/checks-failed"
    echo "(lint: $(( $(date +%s) - t0 ))s)" >> "$RESULTS/lint.log"
  ) &
  check_pid=$!
fi
wait_checks() {
  [ -n "$check_pid" ] || return 0
  wait "$check_pid" || true
  check_pid=""
  step "npm run typecheck"
  cat "$RESULTS/typecheck.log"
  step "npm run lint"
  cat "$RESULTS/lint.log"
  if grep -qx typecheck "$RESULTS/checks-failed" 2>/dev/null; then typecheck_ok=0; fi
  if grep -qx lint "$RESULTS/checks-failed" 2>/dev/null; then lint_ok=0; fi
}

# ---------------------------------------------------------------- build
step "npm run build"
npm run build

# ---------------------------------------------------------------- tests
# PostgreSQL for the second integration run: TEST_PG_URL if given, else the local
# server on 127.0.0.1:5432 (started here when installed but stopped), else skipped
# with a line saying so.
PG_URL=${TEST_PG_URL:-}
if [ -z "$PG_URL" ] && [ "${FINMATCH_SKIP_POSTGRES:-}" != "1" ]; then
  LOCAL_PG=postgres://postgres@127.0.0.1:5432/postgres
  pg_up() { node -e "const pg=require('pg');const c=new pg.Client({connectionString:process.argv[1],connectionTimeoutMillis:3000});c.connect().then(()=>c.query('select 1')).then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))" "$LOCAL_PG" 2>/dev/null; }
  if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    step "starting the local PostgreSQL server"
    for v in /etc/postgresql/*; do pg_ctlcluster --skip-systemctl-redirect "$(basename "$v")" main start 2>/dev/null || true; done
    sleep 2
  fi
  if pg_up; then PG_URL=$LOCAL_PG; fi
fi
if [ -z "$PG_URL" ]; then
  echo "PostgreSQL: skipped — no server at 127.0.0.1:5432 and TEST_PG_URL not set; integration tests run on SQLite only"
fi
# The SQLite runs must not pick up a PostgreSQL URL from the caller's environment.
unset TEST_PG_URL
failed_runs=()

# run_project LABEL PROJECT [vitest args…]: one vitest run, its JSON report in $RESULTS/LABEL.json
run_project() {
  local label=$1 project=$2
  shift 2
  local t0
  t0=$(date +%s)
  step "vitest --project $project ($label)"
  # the output is also kept in $RESULTS/LABEL.out, so the summary can quote an error
  # that fails the run outside any test (an unhandled rejection, a crashed worker)
  if ! npx vitest run --config tests/vitest.config.ts --project "$project" \
      --reporter=default --reporter=json --outputFile="$RESULTS/$label.json" "$@" 2>&1 | tee "$RESULTS/$label.out"; then
    failed_runs+=("$label")
    echo "$label" >> "$RESULTS/runs-failed"
  fi
  echo "($label: $(( $(date +%s) - t0 ))s)"
}

run_project unit unit --maxWorkers=2
wait_checks

# The integration and browser tests spend much of their time waiting (server
# start-up, the browser, the network, deliberate waits): one file at a time keeps
# about one core busy. So two lanes run side by side, each in its own vitest
# processes with its own test servers and databases, and their output is printed
# whole, one after the other, when both are done:
#   lane sqlite:    integration (SQLite), unit-postgres (when PostgreSQL is
#                   there), then e2e-1 (the first half of the e2e files)
#   lane postgres:  integration-postgres (when PostgreSQL is there), then e2e-2
#                   (the second half)
# The browser tests always run on SQLite. FINMATCH_SERIAL_TESTS=1 runs everything
# one after the other, the browser tests as one run.
declare -A lane_pids=()
run_lane() {
  local lane=$1
  shift
  if [ "$SERIAL" = "1" ]; then "$@"; return; fi
  ( "$@" > "$RESULTS/lane-$lane.log" 2>&1 ) &
  lane_pids[$lane]=$!
}
wait_lanes() {
  local lane
  for lane in sqlite postgres; do
    [ -n "${lane_pids[$lane]:-}" ] || continue
    # a lane's failed runs are in $RESULTS/runs-failed; a lane that stopped early is one too
    wait "${lane_pids[$lane]}" || echo "lane-$lane" >> "$RESULTS/runs-failed"
    cat "$RESULTS/lane-$lane.log"
  done
  lane_pids=()
}

lane_sqlite() {
  run_project integration integration
  # the unit files with PostgreSQL parts run in this lane: the PostgreSQL lane is the
  # longer one without them (decision 040d)
  if [ "$SERIAL" != "1" ]; then
    unit_postgres
    run_project e2e-1 e2e --no-file-parallelism --shard=1/2
  fi
}

# the unit files with PostgreSQL parts (those that read TEST_PG_URL; the first,
# SQLite-only unit run skips or redirects those parts), against PostgreSQL
# (a subshell, so TEST_PG_URL stays out of the browser tests that follow)
unit_postgres() {
  [ -n "$PG_URL" ] || return 0
  (
    mapfile -t pg_unit_files < <(grep -rl --include='*.test.ts' --include='*.test.tsx' 'TEST_PG_URL' app db scripts | sort)
    export TEST_PG_URL="$PG_URL"
    if [ ${#pg_unit_files[@]} -gt 0 ]; then run_project unit-postgres unit "${pg_unit_files[@]}"; fi
  ) || echo postgres >> "$RESULTS/runs-failed"
}

# ==================== PostgreSQL hook: integration tests on PostgreSQL ====================
# The same integration project against PostgreSQL instead of SQLite. With
# TEST_PG_URL set (a server where the test user may CREATE DATABASE, e.g.
# postgres://postgres@127.0.0.1:5432/postgres), tests/support/server.ts gives
# every test server a fresh database there. Preparing the server (starting it,
# creating the role) belongs here, before the run; its report is picked up by
# the summary like the others.
lane_postgres() {
  if [ -n "$PG_URL" ]; then
    # (a subshell, so TEST_PG_URL stays out of the browser tests that follow)
    (
      export TEST_PG_URL="$PG_URL"
      run_project integration-postgres integration
    ) || echo postgres >> "$RESULTS/runs-failed"
  fi
  if [ "$SERIAL" = "1" ]; then unit_postgres; fi
  # the browser tests on SQLite, like the first half
  if [ "$SERIAL" != "1" ]; then run_project e2e-2 e2e --no-file-parallelism --shard=2/2; fi
}
# ==========================================================================================

run_lane sqlite lane_sqlite
run_lane postgres lane_postgres
wait_lanes
if [ "$SERIAL" = "1" ]; then run_project e2e e2e --no-file-parallelism; fi
# the runs that failed inside a lane (a subshell) are in the file
if [ -f "$RESULTS/runs-failed" ]; then mapfile -t failed_runs < <(sort -u "$RESULTS/runs-failed"); fi

# ---------------------------------------------------------------- summary
elapsed=$(( $(date +%s) - started ))
step "summary (${elapsed}s)"
[ "$typecheck_ok" = 1 ] || echo "  typecheck: FAILED (see above)"
[ "$lint_ok" = 1 ] || echo "  lint: FAILED (see above)"
if [ ${#failed_runs[@]} -ne 0 ]; then
  echo "  runs with failures: ${failed_runs[*]}"
  # a run can fail with every test passed (vitest's "Unhandled Errors", a worker that
  # died): quote those parts of its output here, where the last lines of a CI log show it
  for out in "$RESULTS"/*.out; do
    [ -f "$out" ] || continue
    if grep -qE 'Unhandled (Error|Rejection)|Errors +[0-9]+ error|Worker exited|close timed out' "$out"; then
      echo "  ! $(basename "$out" .out): errors outside the tests:"
      sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -E -A14 'Unhandled (Error|Rejection)|Worker exited' | head -60 | sed 's/^/      /'
      sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -E 'Errors +[0-9]+ error|close timed out' | head -3 | sed 's/^/      /'
    fi
  done
fi
summary_status=0
node scripts/summarize-tests.mjs "$RESULTS"/*.json || summary_status=$?
if [ "$typecheck_ok" != 1 ] || [ "$lint_ok" != 1 ] || [ ${#failed_runs[@]} -ne 0 ] || [ "$summary_status" -ne 0 ]; then
  exit 1
fi
