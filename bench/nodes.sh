#!/usr/bin/env bash
# The figures of docs/SCALING.md: Gazette nodes on one PostgreSQL database.
#
#   bash bench/nodes.sh                       # 2,000 demo articles, 10 s per load run
#   PG_URL=postgres://USER@HOST/DB ARTICLES=10000 DURATION=20 bash bench/nodes.sh
#   BIN=path/to/gazette SKIP_TESTS=1 bash bench/nodes.sh   # a given binary, no test run
#
# Measures, on this machine, in a schema of its own (dropped at the end):
#   - statements each node sends while idle (the change followers and the job worker),
#   - statements sent by all nodes for one scheduled publication (claim, publish, the
#     followers' reads and the search index's re-read), from sqlx's statement log,
#   - requests per second and CPU per request of one node for a cached article page and for
#     an uncached one (a query string the page cache does not keep), with wrk;
# then runs the three-node tests (out-of-order commits, kill -9 during publishing) and prints
# the timings they report. Needs wrk (installed with apt-get when missing, as root), psql,
# and a PostgreSQL server. Results are printed and written to bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_URL="${PG_URL:-${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}}"
ARTICLES="${ARTICLES:-2000}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-16}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

source bench/common.sh
need wrk wrk
need psql postgresql-client

if [ -z "${BIN:-}" ]; then
  echo "== building the release binary"
  cargo build --release --locked -p gazette
  BIN="$CARGO_TARGET_DIR/release/gazette"
fi

SCHEMA="bench_nodes_$$"
SEP='?'; case "$PG_URL" in *\?*) SEP='&';; esac
DB_URL="${PG_URL}${SEP}options=-c%20search_path%3D${SCHEMA}"
WORK="$(mktemp -d)"
OUT="bench/out"; mkdir -p "$OUT"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
sql() { PGOPTIONS="-c search_path=$SCHEMA" psql -qAt "$PG_URL" -c "$1"; }

psql -q "$PG_URL" -c "CREATE SCHEMA $SCHEMA"
echo "== $ARTICLES demo articles in schema $SCHEMA"
GAZETTE_DATABASE_URL="$DB_URL" "$BIN" demo --data "$WORK/demo" --articles "$ARTICLES" --images 4 | tail -1

start_node() { # N: a node logging every statement it sends to $WORK/nodeN.log
  GAZETTE_DATABASE_URL="$DB_URL" GAZETTE_LOG="warn,sqlx::query=trace" NO_COLOR=1 \
    "$BIN" serve --data "$WORK/node$1" --listen "127.0.0.1:$((18090 + $1))" \
    >"$WORK/node$1.out" 2>"$WORK/node$1.log" &
  PIDS+=($!)
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$((18090 + $1))/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "node $1 did not become ready" >&2; exit 1
}
statements() { cat "$WORK"/node*.log | grep -c 'sqlx::query' || true; }

start_node 0
start_node 1
sleep 3

REPORT="$OUT/nodes-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Gazette nodes on PostgreSQL, $(date -u +%F), $ARTICLES articles"
  echo
  echo "Machine: $(nproc) cores, $(psql -qAt "$PG_URL" -c 'SHOW server_version') on the same machine."
  echo
} > "$REPORT"

echo "== idle statements (2 nodes, 10 s)"
before=$(statements); sleep 10; after=$(statements)
IDLE=$(echo "scale=1; ($after - $before) / 20" | bc)
echo "- idle: $IDLE statements per second per node" | tee -a "$REPORT"

echo "== one scheduled publication"
ID=$(sql "SELECT id FROM articles WHERE status = 'published' ORDER BY id LIMIT 1")
sql "UPDATE articles SET status = 'scheduled' WHERE id = $ID" >/dev/null
sleep 3 # let the followers settle the change above before counting
before=$(statements); t0=$(date +%s.%N)
sql "INSERT INTO jobs (kind, job_key, run_at, created_at, attempts) VALUES ('publish_article', '$ID', 0, 0, 0)" >/dev/null
until [ "$(sql "SELECT status FROM articles WHERE id = $ID")" = published ]; do sleep 0.05; done
sleep 2 # both nodes' followers read the change and re-index the article
after=$(statements); t1=$(date +%s.%N)
PUBLISH=$(echo "($after - $before) - ($t1 - $t0) * 2 * $IDLE" | bc | cut -d. -f1)
echo "- one scheduled publication: about $PUBLISH statements across 2 nodes (idle load subtracted)" | tee -a "$REPORT"

BASE="http://127.0.0.1:18090"
ARTICLE="/$(sql "SELECT slug FROM articles WHERE status = 'published' ORDER BY id DESC LIMIT 1")/"
cat > "$WORK/uncached.lua" <<'LUA'
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", wrk.path .. "?utm_source=" .. i)
end
LUA
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run() { # name url [wrk args…]
  local name="$1" url="$2"; shift 2
  local pid="${PIDS[0]}" tick c0 c1 res rps p99 cores
  tick=$(getconf CLK_TCK)
  c0=$(cpu "$pid")
  res=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url")
  c1=$(cpu "$pid")
  rps=$(echo "$res" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$res" | awk '$1=="99%" {print $2}')
  cores=$(echo "scale=2; ($c1 - $c0) / $tick / $DURATION" | bc)
  printf -- "- %s: %s requests/s using %s cores of gazette (%s per core), p99 %s\n" \
    "$name" "$rps" "$cores" "$(echo "scale=0; $rps / $cores" | bc)" "$p99" | tee -a "$REPORT"
}
echo "== load on one node (wrk -t2 -c$CONNECTIONS -d${DURATION}s, wrk on the same cores)"
# Statement logging off for the load runs: restart node 0 quietly.
kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true
GAZETTE_DATABASE_URL="$DB_URL" GAZETTE_LOG=warn "$BIN" serve --data "$WORK/node0" --listen 127.0.0.1:18090 >/dev/null 2>&1 &
PIDS[0]=$!
for _ in $(seq 1 300); do curl -fsS "$BASE/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
run "cached article page" "$BASE$ARTICLE"
run "uncached article page" "$BASE$ARTICLE" -s "$WORK/uncached.lua"

[ -n "${SKIP_TESTS:-}" ] && { echo "Written to $REPORT"; exit 0; }
echo "== the three-node tests"
TEST_DATABASE_URL="$PG_URL" cargo test --locked -p gazette --test it nodes:: -- --nocapture 2>&1 \
  | grep -E '^three nodes:' | sed 's/^/- /' | tee -a "$REPORT"
echo "Written to $REPORT"
