#!/usr/bin/env bash
# Soak test: the release build under a steady peak load of article, home, search and feed
# requests for DURATION seconds (default 10 minutes) while an editor publishes a new article
# every few seconds through the newsroom's forms (so the page cache is invalidated all the
# time). Resident memory is sampled every 10 s. Passes when no request failed and memory
# did not grow after the first minute by more than GROWTH_LIMIT percent.
#
#   bash bench/soak.sh                       # 10 minutes, 5,000 articles
#   DURATION=120 ARTICLES=2000 bash bench/soak.sh
#
# Needs wrk and node (>= 20). Output is printed and written to bench/out/soak-*.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES="${ARTICLES:-5000}"
DURATION="${DURATION:-600}"
CONNECTIONS="${CONNECTIONS:-32}"
PUBLISH_EVERY_MS="${PUBLISH_EVERY_MS:-3000}"
GROWTH_LIMIT="${GROWTH_LIMIT:-10}"
PORT="${PORT:-18082}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

source bench/common.sh
need wrk wrk
need node nodejs
need curl curl
need jq jq

if [ -n "${SOAK_BIN:-}" ]; then
  BIN="$SOAK_BIN"   # a prebuilt binary (e.g. to try the script on a debug build)
else
  echo "== building the release binary"
  cargo build --release --locked -p gazette
  BIN="$CARGO_TARGET_DIR/release/gazette"
fi
WORK="$(mktemp -d)"
OUT="bench/out"; mkdir -p "$OUT"
REPORT="$OUT/soak-$(date -u +%Y%m%dT%H%M%SZ).txt"
cleanup() {
  [ -n "${EDITOR_PID:-}" ] && kill "$EDITOR_PID" 2>/dev/null || true
  [ -n "${SAMPLER_PID:-}" ] && kill "$SAMPLER_PID" 2>/dev/null || true
  [ -n "${GZ_PID:-}" ] && kill "$GZ_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== a site of $ARTICLES articles and an editor"
"$BIN" demo --data "$WORK/data" --articles "$ARTICLES" --images 24 2>&1 | tail -1
"$BIN" reindex --data "$WORK/data" 2>&1 | tail -1
PASSWORD="soak editor password"
echo "$PASSWORD" | "$BIN" --data "$WORK/data" user add --email soak@example.com \
  --name "Soak Editor" --role editor --password-stdin >/dev/null

GAZETTE_LOG=warn "$BIN" serve --data "$WORK/data" --listen "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
GZ_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -fsS "$BASE/readyz" >/dev/null 2>&1 && break; sleep 0.2; done

# The mix: article pages, the home page, searches for the archive's own title words, the
# feeds. Paths come from the API, so they are the site's real addresses.
for page in 1 2 3 4 5; do
  curl -fsS "$BASE/api/v1/articles?per_page=100&page=$page"
done > "$WORK/api.json"
jq -r '.items[].url' "$WORK/api.json" | sed -E 's#^https?://[^/]+##' > "$WORK/articles.txt"
# Title words in any script, most frequent first, percent-encoded for the query string.
jq -r '.items[].title | ascii_downcase | [scan("\\p{L}{4,}")] | .[]' "$WORK/api.json" \
  | sort | uniq -c | sort -rn | awk '{print $2}' | jq -Rr '@uri' > "$WORK/words.txt"
{
  cat "$WORK/articles.txt"
  for _ in $(seq 1 50); do echo "/"; done
  sed 's#^#/search?q=#' "$WORK/words.txt" | head -300
  for _ in $(seq 1 10); do printf '/feed/\n/feed/atom/\n/feed.json\n'; done
} > "$WORK/paths.txt"
echo "mix: $(wc -l < "$WORK/articles.txt") articles, home, $(head -300 "$WORK/words.txt" | wc -l) search words, the feed"

cat > "$WORK/mix.lua" <<'LUA'
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", paths[math.random(#paths)], { ["Accept-Encoding"] = "gzip" })
end
LUA

rss() { awk '/VmRSS/ {print $2}' "/proc/$GZ_PID/status"; }
echo "0 $(rss)" > "$WORK/rss.txt"
( t=0; while sleep 10; do t=$((t + 10)); echo "$t $(rss)" >> "$WORK/rss.txt"; done ) &
SAMPLER_PID=$!
BASE_URL="$BASE" EMAIL=soak@example.com PASSWORD="$PASSWORD" INTERVAL_MS="$PUBLISH_EVERY_MS" \
  node bench/soak-editor.mjs > "$WORK/editor.log" 2>&1 &
EDITOR_PID=$!

echo "== $DURATION s at peak rate (wrk -t2 -c$CONNECTIONS) while the editor publishes every $PUBLISH_EVERY_MS ms"
PATHS="$WORK/paths.txt" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/mix.lua" "$BASE" > "$WORK/wrk.txt"
kill -TERM "$EDITOR_PID"; wait "$EDITOR_PID" 2>/dev/null || true; EDITOR_PID=
kill "$SAMPLER_PID"; SAMPLER_PID=

requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
non2xx=$(awk '/Non-2xx or 3xx/ {print $NF}' "$WORK/wrk.txt"); non2xx=${non2xx:-0}
sockerr=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' "$WORK/wrk.txt"); sockerr=${sockerr:-0}
rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
p50=$(awk '$1=="50%" {print $2}' "$WORK/wrk.txt"); p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk.txt")
at() { awk -v t="$1" '$1 <= t {v=$2} END {print v}' "$WORK/rss.txt"; }
start_kb=$(at 0); minute_kb=$(at 60); end_kb=$(tail -1 "$WORK/rss.txt" | awk '{print $2}')
growth=$(awk -v a="$minute_kb" -v b="$end_kb" 'BEGIN {printf "%.1f", (b - a) * 100 / a}')
published=$(grep -o 'published [0-9]*' "$WORK/editor.log" | tail -1 | awk '{print $2}')
editor_failed=$(grep -o 'failed [0-9]*' "$WORK/editor.log" | awk '{print $2}')

{
  echo "soak: $(date -u +%FT%TZ), $ARTICLES articles, $DURATION s, $CONNECTIONS connections, $(nproc) cores"
  printf '%-28s %s\n' "requests" "$requests ($rps/s)"
  printf '%-28s %s\n' "latency p50 / p99" "$p50 / $p99"
  printf '%-28s %s\n' "errors (non-2xx/3xx)" "$non2xx"
  printf '%-28s %s\n' "socket errors" "$sockerr"
  printf '%-28s %s\n' "articles published" "${published:-0} (failed ${editor_failed:-?})"
  printf '%-28s %s\n' "RSS start / 1 min / end" "$((start_kb / 1024)) / $((minute_kb / 1024)) / $((end_kb / 1024)) MiB"
  printf '%-28s %s\n' "growth after 1 min" "$growth %"
  echo "RSS every 10 s (s kB):"; tr '\n' ' ' < "$WORK/rss.txt"; echo
} | tee "$REPORT"
grep -i "error\|panic" "$WORK/serve.log" | head -5 || true

ok=1
[ "$non2xx" = 0 ] && [ "$sockerr" = 0 ] || { echo "soak: FAILED, requests failed" >&2; ok=0; }
[ "${editor_failed:-1}" = 0 ] || { echo "soak: FAILED, the editor could not publish" >&2; ok=0; }
awk -v g="$growth" -v l="$GROWTH_LIMIT" 'BEGIN {exit !(g <= l)}' || { echo "soak: FAILED, memory grew $growth % after the first minute" >&2; ok=0; }
[ "$ok" = 1 ] && echo "soak: passed"
[ "$ok" = 1 ]
