#!/usr/bin/env bash
# Fuzz the HTTP API with schemathesis (PyPI) against `dispatch serve` on PostgreSQL, as an
# admin, for at most FUZZ_SECONDS (default 180). Fails on any 5xx (check not_a_server_error).
#
# usage: TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:55432/postgres scripts/fuzz_api.sh
# Uses a fresh database dispatch_fuzz_<pid> on that server and a temporary data directory.
# Operations that would spend minutes by design (retrain, proposals with a 300 s time
# limit) or end the run's own credentials (revoke) are left out; every other /api route is
# fuzzed. The schemathesis report (JUnit) is written to $FUZZ_REPORT_DIR (default: tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
ST=${SCHEMATHESIS:-$(dirname "$PY")/schemathesis}
: "${TEST_DATABASE_URL:?set TEST_DATABASE_URL to a PostgreSQL server (postgresql://...)}"
SECONDS_BUDGET=${FUZZ_SECONDS:-180}
PORT=${FUZZ_PORT:-$((20000 + $$ % 10000))}
WORK=$(mktemp -d /tmp/dispatch-fuzz.XXXXXX)
REPORT=${FUZZ_REPORT_DIR:-$WORK/report}
DB="dispatch_fuzz_$$"
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH}

DATABASE_URL=$("$PY" - "$TEST_DATABASE_URL" "$DB" <<'PYEOF'
import sys
sys.path.insert(0, "tests")
from pg_support import fresh_pg
print(fresh_pg(sys.argv[1], sys.argv[2]))
PYEOF
)
export DATABASE_URL DISPATCH_DATA_DIR="$WORK/data" DISPATCH_SECRET_KEY="fuzz-$(od -An -tx8 -N16 /dev/urandom | tr -d ' \n')"

server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  "$PY" - "$TEST_DATABASE_URL" "$DB" <<'PYEOF' || true
import sys
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from dispatch.settings import Settings
url = make_url(Settings(database_url=sys.argv[1]).db_url).set(database="postgres")
with create_engine(url, isolation_level="AUTOCOMMIT").connect() as c:
    c.execute(text(f'DROP DATABASE IF EXISTS "{sys.argv[2]}" WITH (FORCE)'))
PYEOF
  rm -rf "$WORK/data"
}
trap cleanup EXIT

"$PY" -m dispatch db upgrade >/dev/null
"$PY" -m dispatch demo >/dev/null
TOKEN=$("$PY" -m dispatch users create fuzz_admin --role admin --json | "$PY" -c \
  'import json,sys; print(json.load(sys.stdin)["token"])')
"$PY" -m dispatch serve --host 127.0.0.1 --port "$PORT" --no-access-log \
  >"$WORK/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 0.5
done

# the first prediction trains the cold-start routing model: not part of what is measured
curl -fsS -m 120 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"text": "电脑连不上网"}' "http://127.0.0.1:$PORT/api/routing/predict" >/dev/null

echo "fuzz: schemathesis against http://127.0.0.1:$PORT for at most ${SECONDS_BUDGET} s"
set +e
"$ST" run "http://127.0.0.1:$PORT/openapi.json" \
  --header "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error \
  --include-path-regex '^/api/' \
  --exclude-path-regex '^/api/(routing/(retrain|rollback)|users/\{name\}/revoke|plans/proposals)' \
  --max-time "$SECONDS_BUDGET" --workers 1 --seed 16 \
  --report junit --report-dir "$REPORT" --no-color
status=$?
set -e
echo "fuzz: schemathesis exit $status; server log: $WORK/server.log; report: $REPORT"
grep -B2 -A25 "Traceback" "$WORK/server.log" | head -80 || true
exit "$status"
