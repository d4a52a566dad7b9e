#!/usr/bin/env bash
# Import benchmark: time and peak memory of `gazette import wordpress` (release build) for
# the shipped 1,000-post export (with its uploads) and for a synthetic export of N posts
# (default 100,000) made by bench/wxr_synth.py. Each run uses a fresh SQLite data
# directory under bench/out/import/ (PostgreSQL: set DATABASE_URL to an empty database).
# Results: bench/out/import/results.txt. The synthetic file is generated, never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
OUT=bench/out/import
mkdir -p "$OUT"
TARGET="${CARGO_TARGET_DIR:-target}"
cargo build --release -p gazette
BIN="$TARGET/release/gazette"
DATA=../shared/data
[ -d "$DATA" ] || DATA=shared/data

run() { # label, data dir, args...
  local label="$1" dir="$2"; shift 2
  rm -rf "$dir"
  /usr/bin/time -v "$BIN" --data "$dir" import wordpress "$@" >"$OUT/$label.out" 2>"$OUT/$label.err"
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$OUT/$label.err" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$OUT/$label.err" | awk '{print $NF}')
  printf '%-28s wall %-9s peak RSS %6d MB   %s\n' "$label" "$wall" $((rss / 1024)) \
    "$(grep -E '^  posts:' "$OUT/$label.out" | sed 's/^ *//')" | tee -a "$OUT/results.txt"
}

: >"$OUT/results.txt"
UPLOADS="$OUT/uploads"
rm -rf "$UPLOADS" && mkdir -p "$UPLOADS" && tar xzf "$DATA/wp-uploads-1000.tar.gz" -C "$UPLOADS"
run shipped-1000 "$OUT/data-1000" "$DATA/wp-export-1000.xml.gz" --uploads "$UPLOADS"
# The second run finds everything imported and changes nothing.
/usr/bin/time -v "$BIN" --data "$OUT/data-1000" import wordpress "$DATA/wp-export-1000.xml.gz" \
  --uploads "$UPLOADS" >"$OUT/rerun.out" 2>"$OUT/rerun.err"
printf '%-28s wall %s\n' "shipped-1000 (second run)" \
  "$(grep 'Elapsed (wall clock)' "$OUT/rerun.err" | awk '{print $NF}')" | tee -a "$OUT/results.txt"

SYN="$OUT/wp-synthetic-$N.xml"
[ -s "$SYN" ] || python3 bench/wxr_synth.py "$N" >"$SYN"
ls -l "$SYN" | awk '{printf "synthetic export: %d MB\n", $5 / 1048576}' | tee -a "$OUT/results.txt"
run "synthetic-$N" "$OUT/data-$N" "$SYN"
cat "$OUT/synthetic-$N.out"
