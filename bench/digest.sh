#!/usr/bin/env bash
# Daily Digest benchmark: composes today's edition of the demo site and hands one
# personalised message per subscriber (default 10,000) to a loopback SMTP server (the tests'
# server, run as crates/mail/examples/smtp_sink.rs) with `gazette digest send`: wall time,
# messages per second and peak resident memory of the sender. Fresh SQLite data directory
# under bench/out/digest/; results in bench/out/digest/results.txt.
# PROFILE=dev measures debug builds instead of release ones (both are built first).
set -euo pipefail
cd "$(dirname "$0")/.."
SUBSCRIBERS="${1:-10000}"
PROFILE="${PROFILE:-release}"
OUT=bench/out/digest
mkdir -p "$OUT"
TARGET="${CARGO_TARGET_DIR:-target}/$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")"
cargo build --profile "$PROFILE" -p gazette
cargo build --profile "$PROFILE" -p gazette-mail --features test-server --example smtp_sink
DIGEST_BIN="$TARGET/gazette"
DATA="$OUT/data"
rm -rf "$DATA"
export GAZETTE_DATA_DIR="$DATA" GAZETTE_LOG=warn
"$DIGEST_BIN" demo --images 0 >/dev/null
python3 - "$DATA/gazette.db" "$SUBSCRIBERS" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = int(sys.argv[2])
db.executemany(
    "INSERT INTO digest_subscribers (email, status, sections, language, frequency, nonce,"
    " consent_at, consent_ip, consent_form, created_at, updated_at)"
    " VALUES (?, 'confirmed', '', 'en', 'daily', ?, 0, '', 'bench', 0, 0)",
    ((f"reader{i}@example.org", f"n{i}") for i in range(n)),
)
db.commit()
PY

# The sink reads its stdin from a FIFO held open here; closing it stops the sink.
FIFO="$OUT/sink.in"
rm -f "$FIFO"; mkfifo "$FIFO"
"$TARGET/examples/smtp_sink" <"$FIFO" >"$OUT/sink.log" &
SINK=$!
exec 3>"$FIFO"
trap 'exec 3>&-; wait $SINK 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do [ -s "$OUT/sink.log" ] && break; sleep 0.1; done
SMTP_URL="$(head -1 "$OUT/sink.log")"

TODAY="$(date -u +%F)"
/usr/bin/time -v -o "$OUT/time.txt" env GAZETTE_SMTP_URL="$SMTP_URL" \
  GAZETTE_MAIL_FROM="The Daily <news@example.org>" GAZETTE_DIGEST_SEND_PER_SECOND=0 \
  "$DIGEST_BIN" digest send --edition "$TODAY" >"$OUT/report.txt"
exec 3>&-
wait $SINK || true
trap - EXIT
RECEIVED="$(tail -1 "$OUT/sink.log" | awk '{print $2}')"
WALL="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$OUT/time.txt")"
RSS_KB="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time.txt")"
SECS="$(python3 -c "import sys; p=sys.argv[1].split(':'); print(sum(float(x)*60**i for i,x in enumerate(reversed(p))))" "$WALL")"
{
  echo "digest send ($PROFILE build): $SUBSCRIBERS subscribers, $RECEIVED messages received by the SMTP server"
  echo "wall time:   ${SECS} s ($(python3 -c "print(round($RECEIVED/$SECS))") messages/s)"
  echo "peak memory: $((RSS_KB / 1024)) MiB resident"
  cat "$OUT/report.txt"
} | tee "$OUT/results.txt"
[ "$RECEIVED" = "$SUBSCRIBERS" ] || { echo "bench: expected $SUBSCRIBERS messages" >&2; exit 1; }
