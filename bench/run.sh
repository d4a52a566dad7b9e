#!/usr/bin/env bash
# Benchmark: the reader's cached pages (article, home, category) of a 10,000-article site,
# each right after nginx serving the same bytes from a file with gzip_static, every request
# asking for gzip, in the same run with the same load generator. Its search lines use the
# demo's words; bench/search.sh measures search on a real archive's vocabulary.
#
#   bash bench/run.sh                 # 10,000 articles, 10 s per target
#   ARTICLES=2000 DURATION=5 bash bench/run.sh
#   ARTICLES=100000 bash bench/run.sh   # the 100,000-article figures (demo takes minutes)
#
# Needs wrk and nginx (installed with apt-get when missing and run as root). Results are
# printed and written to bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES="${ARTICLES:-10000}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-18080}"
NGINX_PORT="${NGINX_PORT:-18081}"
METRICS_PORT="${METRICS_PORT:-18082}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

source bench/common.sh
need wrk wrk
need nginx nginx-light
need /usr/bin/time time
need node nodejs

echo "== building the release binary"
cargo build --release --locked -p gazette
BIN="$CARGO_TARGET_DIR/release/gazette"

WORK="$(mktemp -d)"
OUT="bench/out"; mkdir -p "$OUT"
cleanup() {
  [ -n "${EDITOR_PID:-}" ] && kill "$EDITOR_PID" 2>/dev/null || true
  [ -n "${GZ_PID:-}" ] && kill "$GZ_PID" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== generating $ARTICLES articles"
start=$(date +%s.%N)
"$BIN" demo --data "$WORK/data" --articles "$ARTICLES" --images 24 2>&1 | tail -1
echo "demo generation took $(echo "$(date +%s.%N) - $start" | bc) s"
echo "== building the search index (gazette reindex, as large sites do before serving)"
REINDEX=$(/usr/bin/time -f "reindex: %e s, peak RSS %M kB" "$BIN" reindex --data "$WORK/data" 2>&1 | grep -E '^(Indexed|reindex:)' | tr '\n' ' ')
echo "$REINDEX"
# The editor of the "under writes" runs, who publishes through the newsroom's forms.
PASSWORD="bench editor password"
echo "$PASSWORD" | "$BIN" --data "$WORK/data" user add --email bench@example.com \
  --name "Bench Editor" --role editor --password-stdin >/dev/null

GAZETTE_METRICS_LISTEN="127.0.0.1:$METRICS_PORT" \
GAZETTE_LOG=warn,gazette::indexer=info "$BIN" serve --data "$WORK/data" --listen "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
GZ_PID=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
sleep 1
IDLE_RSS=$(awk '/VmRSS/ {print $2}' /proc/$GZ_PID/status)

# Search: a different query per request, drawn from the demo's vocabulary.
cat > "$WORK/search.lua" <<'LUA'
local words = {"drought", "harbour", "council", "farmers", "energy", "ministry", "teachers",
  "researchers", "river", "water", "port", "grain", "budget", "election", "climate", "\"river delta\"",
  "rail", "wheat", "pipeline", "festival", "museum", "scholars", "army", "diaspora"}
local i = 0
request = function()
  i = i + 1
  local w = words[(i % #words) + 1]
  local page = (i % 3) + 1
  return wrk.format("GET", "/search?q=" .. w:gsub(" ", "+"):gsub('"', "%%22") .. "&page=" .. page)
end
LUA

BASE="http://127.0.0.1:$PORT"
ARTICLE=$(curl -fsS "$BASE/" | grep -o 'href="/[a-z0-9-]*/"' | grep -v -E '"/(category|tag|author|about|privacy|terms|cookies|contact|feed)/' | awk -F'"' 'NR==1 {print $2}')
CATEGORY="/category/news/"
echo "article: $ARTICLE"

# nginx serves the same bytes from files, compressed as Gazette sends them to a reader
# (gzip_static: the .gz beside each file), one file per page measured.
mkdir -p "$WORK/www"
for page in article:"$ARTICLE" home:/ category:"$CATEGORY"; do
  name="${page%%:*}"; path="${page#*:}"
  curl -fsS "$BASE$path" -o "$WORK/www/$name.html"
  curl -fsS -H 'Accept-Encoding: gzip' "$BASE$path" -o "$WORK/www/$name.html.gz"
done
cat > "$WORK/nginx.conf" <<NGINX
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  gzip_static on;
  types { text/html html; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
    location / { try_files \$uri.html =404; }
  }
}
NGINX
nginx -c "$WORK/nginx.conf" -p "$WORK"
sleep 0.5

run() { # name url [wrk args…]
  local res rps lat name="$1" url="$2"; shift 2
  local threads=2; [ "$CONNECTIONS" -lt 2 ] && threads=1
  res=$(wrk -t"$threads" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url")
  rps=$(echo "$res" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$res" | awk '$1=="50%" {print $2}')
  p99=$(echo "$res" | awk '$1=="99%" {print $2}')
  printf "| %-36s | %12s | %8s | %8s |\n" "$name" "$rps" "$p50" "$p99" | tee -a "$REPORT"
  echo "$rps"
}

REPORT="$OUT/results-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Gazette benchmark, $(date -u +%F), $ARTICLES articles, wrk -t2 -c$CONNECTIONS -d${DURATION}s"
  echo
  echo "Machine: $(nproc) cores; article page $(wc -c < "$WORK/www/article.html") bytes, $(wc -c < "$WORK/www/article.html.gz") gzipped; every request with Accept-Encoding: gzip."
  echo
  echo "| target                               | requests/s   | p50      | p99      |"
  echo "|--------------------------------------|--------------|----------|----------|"
} > "$REPORT"
cat "$REPORT"
# Each page right after nginx serving its bytes, so both meet the same machine state.
GZ=(-H "Accept-Encoding: gzip")
RATIOS=""
for page in article:"$ARTICLE" home:/ category:"$CATEGORY"; do
  name="${page%%:*}"; path="${page#*:}"
  nginx_rps=$(run "nginx, $name bytes (gzip_static)" "http://127.0.0.1:$NGINX_PORT/$name" "${GZ[@]}" | tail -1)
  gazette_rps=$(run "gazette $name (gzip)" "$BASE$path" "${GZ[@]}" | tail -1)
  RATIOS="$RATIOS $name $(echo "scale=2; $gazette_rps / $nginx_rps" | bc)x;"
done
READS_RSS=$(awk '/VmRSS/ {print $2}' /proc/$GZ_PID/status)
# Under writes: the same pages while an editor publishes an article a second through the
# newsroom, so every page goes stale every second. The page cache renders a stale page once
# per change while the other readers get the stale copy: the renders (cache misses, from
# /metrics) per publication say whether that holds: about one, where a stampede would be
# one per reader waiting (up to the 32 connections) for every change.
misses() { curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" | awk '/^gazette_page_cache_misses_total/ {s += $2} END {print s + 0}'; }
published() { grep -o 'published [0-9]*' "$WORK/editor.log" | tail -1 | awk '{print $2 + 0}'; }
BASE_URL="$BASE" EMAIL=bench@example.com PASSWORD="$PASSWORD" INTERVAL_MS=1000 \
  node bench/soak-editor.mjs > "$WORK/editor.log" 2>&1 &
EDITOR_PID=$!
sleep 2
WRITES=""
for page in article:"$ARTICLE" home:/ category:"$CATEGORY"; do
  name="${page%%:*}"; path="${page#*:}"
  before_misses=$(misses); before_published=$(published)
  run "gazette $name, editor publishing 1/s" "$BASE$path" "${GZ[@]}" >/dev/null
  renders=$(( $(misses) - before_misses )); n=$(( $(published) - before_published ))
  WRITES="$WRITES $name $renders renders for $n publications;"
done
kill -TERM "$EDITOR_PID"; wait "$EDITOR_PID" 2>/dev/null || true; EDITOR_PID=
grep -q 'failed 0' "$WORK/editor.log" || { echo "the editor could not publish:"; tail -5 "$WORK/editor.log"; }
WRITES_RSS=$(awk '/VmRSS/ {print $2}' /proc/$GZ_PID/status)
run "gazette search page" "$BASE/" -s "$WORK/search.lua" "${GZ[@]}" >/dev/null
# One connection: the latency of a single reader's search, without queueing behind others.
CONNECTIONS=1 run "gazette search, 1 connection" "$BASE/" -s "$WORK/search.lua" "${GZ[@]}" >/dev/null
{
  echo
  echo "Gazette vs nginx gzip_static on the same bytes:$RATIOS"
  echo "Under writes (one publication a second):$WRITES"
  echo "Search index: $REINDEX"
  echo "Gazette memory (VmRSS): idle after start-up ${IDLE_RSS} kB; after the cached pages ${READS_RSS} kB; after the writes ${WRITES_RSS} kB; after the searches $(grep -E 'VmHWM|VmRSS' /proc/$GZ_PID/status | tr -s ' ' | tr '\n' ' ')"
} | tee -a "$REPORT"
echo "Written to $REPORT"
