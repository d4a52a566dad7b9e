#!/usr/bin/env bash
# Admin API benchmark: ARTICLES articles (default 1000) created, published and read back
# through /api/admin/v1 by WORKERS concurrent clients (default 4), against a fresh SQLite data
# directory under bench/out/admin-api/ (PostgreSQL: set DATABASE_URL to an empty database).
# Prints articles/s and p50/p99 per call; results in bench/out/admin-api/results.txt.
#
#   bash bench/admin-api.sh                  # debug build (cargo build -p gazette)
#   PROFILE=release bash bench/admin-api.sh  # release build
#   BIN=path/to/gazette bash bench/admin-api.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES="${ARTICLES:-1000}"
WORKERS="${WORKERS:-4}"
PORT="${PORT:-18997}"
PROFILE="${PROFILE:-debug}"
OUT=bench/out/admin-api
mkdir -p "$OUT"
TARGET="${CARGO_TARGET_DIR:-target}"
if [ -z "${BIN:-}" ]; then
  if [ "$PROFILE" = release ]; then cargo build --release -p gazette; else cargo build -p gazette; fi
  BIN="$TARGET/$PROFILE/gazette"
fi
DATA="$OUT/data"
rm -rf "$DATA"
export GAZETTE_LOG=warn
"$BIN" --data "$DATA" migrate >/dev/null
echo 'bench-password-123' | "$BIN" --data "$DATA" user add --email bench@example.org \
  --name 'Bench Editor' --role editor --password-stdin >/dev/null
# A personal key with a rate high enough not to be what is measured.
KEY=$("$BIN" --data "$DATA" user api-key --name bench --email bench@example.org --rate 100000)
"$BIN" --data "$DATA" serve --listen "127.0.0.1:$PORT" >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
{
  echo "build: $PROFILE ($BIN), SQLite, $(nproc) cores"
  python3 bench/admin_api_load.py 127.0.0.1 "$PORT" "$KEY" "$ARTICLES" "$WORKERS"
} | tee "$OUT/results.txt"
