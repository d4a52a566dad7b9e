#!/usr/bin/env bash
# Search benchmark on an archive's own vocabulary: imports a WordPress export, starts the
# server and measures, with one connection, the /search page for the archive's frequent,
# middling and rare words and for two-word queries (bench/search_queries.py draws them
# from the export). Also: import time and memory, cold start to first byte, whether the
# first search after the import already finds its post, resident memory after the runs.
#
#   bash bench/search.sh                       # 10,000 posts of real en/ru/tr vocabulary
#   ARTICLES=100000 bash bench/search.sh       # the 100,000-post figures
#   bash bench/search.sh my-site.xml.gz        # your own export
#
# Without an export, bench/wxr_synth.py --real writes one (needs Python's wordfreq,
# installed into bench/out/venv on first use). Results: printed and in bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES="${ARTICLES:-10000}"
DURATION="${DURATION:-10}"
PORT="${PORT:-18090}"
EXPORT="${1:-}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

source bench/common.sh
need wrk wrk
need /usr/bin/time time
need python3 python3

OUT="bench/out"; mkdir -p "$OUT"
if [ -z "$EXPORT" ]; then
  EXPORT="$OUT/wp-real-$ARTICLES.xml"
  if [ ! -s "$EXPORT" ]; then
    if ! python3 -c 'import wordfreq' 2>/dev/null; then
      [ -x "$OUT/venv/bin/python" ] || python3 -m venv "$OUT/venv"
      "$OUT/venv/bin/python" -c 'import wordfreq' 2>/dev/null || "$OUT/venv/bin/pip" install -q wordfreq
      PY="$OUT/venv/bin/python"
    fi
    echo "== writing $ARTICLES posts of real vocabulary to $EXPORT"
    "${PY:-python3}" bench/wxr_synth.py "$ARTICLES" --real >"$EXPORT.tmp" && mv "$EXPORT.tmp" "$EXPORT"
  fi
fi

echo "== building the release binary"
cargo build --release --locked -p gazette
BIN="$CARGO_TARGET_DIR/release/gazette"

WORK="$(mktemp -d)"
cleanup() {
  [ -n "${GZ_PID:-}" ] && kill "$GZ_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== queries from the archive's own words"
python3 bench/search_queries.py "$EXPORT" "$WORK"

echo "== importing $EXPORT"
IMPORT=$(/usr/bin/time -f "import: %e s, peak RSS %M kB" "$BIN" --data "$WORK/data" \
  import wordpress "$EXPORT" 2>&1 | grep -E '^(  posts:|import:)' | sed 's/^ *//' | tr '\n' ' ')
echo "$IMPORT"

# Cold start: from spawning the server to the first byte of the home page.
start=$(date +%s%N)
GAZETTE_LOG=warn "$BIN" serve --data "$WORK/data" --listen "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
GZ_PID=$!
BASE="http://127.0.0.1:$PORT"
until curl -fsS -o /dev/null "$BASE/" 2>/dev/null; do
  kill -0 "$GZ_PID" 2>/dev/null || { cat "$WORK/serve.log"; exit 1; }
  sleep 0.01
done
COLD_MS=$(( ($(date +%s%N) - start) / 1000000 ))
# The first search right after the import: a rare word must find its post.
RARE=$(grep -o '"/search?q=[^"]*"' "$WORK/rare.lua" | head -1 | tr -d '"')
FIRST_HITS=$(curl -fsS "$BASE$RARE" | grep -c 'class="result"' || true)
echo "cold start to first byte: $COLD_MS ms; first search ($RARE): $FIRST_HITS result(s)"
IDLE_RSS=$(awk '/VmRSS/ {print $2}' "/proc/$GZ_PID/status")

REPORT="$OUT/search-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Gazette search, $(date -u +%F), $(basename "$EXPORT"), wrk -t1 -c1 -d${DURATION}s per band"
  echo
  echo "Machine: $(nproc) cores. $IMPORT"
  echo
  echo "| queries   | requests/s | p50      | p90      | p99      |"
  echo "|-----------|------------|----------|----------|----------|"
} >"$REPORT"
cat "$REPORT"
for band in frequent middling rare two-words; do
  curl -fsS -o /dev/null "$BASE/search?q=warm" # the same first request for every band
  res=$(wrk -t1 -c1 -d"${DURATION}s" --latency -s "$WORK/$band.lua" "$BASE/")
  printf "| %-9s | %10s | %8s | %8s | %8s |\n" "$band" \
    "$(echo "$res" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$res" | awk '$1=="50%" {print $2}')" \
    "$(echo "$res" | awk '$1=="90%" {print $2}')" \
    "$(echo "$res" | awk '$1=="99%" {print $2}')" | tee -a "$REPORT"
  echo "$res" | grep -E 'Non-2xx|Socket errors' | tee -a "$REPORT" || true
done
{
  echo
  echo "Cold start to first byte: $COLD_MS ms. First search after the import ($RARE): $FIRST_HITS result(s)."
  echo "Resident memory: $IDLE_RSS kB after start-up; after the runs $(grep -E 'VmRSS|VmHWM' "/proc/$GZ_PID/status" | tr -s ' \t' ' ' | tr '\n' ' ')"
  echo "Search index on disk: $(du -sh "$WORK/data/search" 2>/dev/null | cut -f1)"
} | tee -a "$REPORT"
echo "Written to $REPORT"
