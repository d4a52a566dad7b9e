#!/usr/bin/env bash
# Feed desk benchmark: SOURCES sources (default 500) of ITEMS items (default 50) served by
# bench/desk_feeds.py on loopback, spread over 50 loopback addresses (10 sources a host),
# imported from OPML and fetched with `gazette desk fetch`: wall time, peak memory and
# items/s of the first round, then the second round (every feed answers 304). Fresh SQLite
# data directory under bench/out/desk/; results in bench/out/desk/results.txt.
# DESK_BIN picks the binary (default: a release build, built first).
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCES="${1:-500}"
ITEMS="${2:-50}"
PORT="${PORT:-18990}"
OUT=bench/out/desk
mkdir -p "$OUT"
if [ -z "${DESK_BIN:-}" ]; then
  cargo build --release -p gazette
  DESK_BIN="${CARGO_TARGET_DIR:-target}/release/gazette"
fi
python3 bench/desk_feeds.py "$PORT" "$ITEMS" &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 1
DATA="$OUT/data"
rm -rf "$DATA"
{
  echo '<?xml version="1.0"?><opml version="2.0"><body>'
  for n in $(seq 0 $((SOURCES - 1))); do
    echo "<outline text=\"Outlet $n\" xmlUrl=\"http://127.0.0.$((n % 50 + 1)):$PORT/feed/$n.xml\"/>"
  done
  echo '</body></opml>'
} >"$OUT/sources.opml"
export GAZETTE_FETCH_ALLOW_PRIVATE=true GAZETTE_LOG=warn
"$DESK_BIN" --data "$DATA" desk import-opml "$OUT/sources.opml"
: >"$OUT/results.txt"
for round in first second; do
  /usr/bin/time -v "$DESK_BIN" --data "$DATA" desk fetch >"$OUT/$round.out" 2>"$OUT/$round.err"
  wall=$(grep "Elapsed (wall clock)" "$OUT/$round.err" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$OUT/$round.err" | awk '{print $NF}')
  secs=$(sed -nE 's/^Fetched .* in ([0-9.]+) s\.$/\1/p' "$OUT/$round.out")
  new=$(awk '/^Outlet [0-9]+: [0-9]+ new/ {s += $3} END {print s + 0}' "$OUT/$round.out")
  notmod=$(grep -c 'not modified' "$OUT/$round.out" || true)
  printf '%-6s round: %s sources, wall %s (fetch %s s), peak RSS %d MB, %d new items (%s items/s), %d answered 304\n' \
    "$round" "$SOURCES" "$wall" "$secs" $((rss / 1024)) "$new" \
    "$(awk -v n="$new" -v s="$secs" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}')" "$notmod" | tee -a "$OUT/results.txt"
done
