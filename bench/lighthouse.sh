#!/usr/bin/env bash
# Lighthouse (mobile, both colour schemes) on every page type of a demo site: prints the four
# scores, the requests and kilobytes of each page's first load, and every audit that cost
# points (bench/lighthouse.mjs). Lighthouse refuses to audit a page answered with 404, so the
# not-found page is checked by axe and the Nu checker in tests/browser/quality.test.mjs.
#
#   bash bench/lighthouse.sh                 # builds the release binary, 300 demo articles
#   BIN=target/debug/gazette bash bench/lighthouse.sh
#   ONLY=article LIST_REQUESTS=1 bash bench/lighthouse.sh   # one page type, each request listed
#
# Needs Debian's chromium and npm (lighthouse and puppeteer-core are installed into
# bench/out/lighthouse on first use). Results: printed and in bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-18095}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

source bench/common.sh
need /usr/bin/chromium chromium
need npm npm

OUT="bench/out"; LH="$OUT/lighthouse"; mkdir -p "$LH"
if [ ! -d "$LH/node_modules/lighthouse" ]; then
  echo "== installing lighthouse into $LH"
  (cd "$LH" && npm init -y >/dev/null && npm install --silent lighthouse@12 puppeteer-core@24)
fi
# ES modules resolve packages next to the script, so it runs from there.
cp bench/lighthouse.mjs "$LH/run.mjs"

if [ -z "${BIN:-}" ]; then
  echo "== building the release binary"
  cargo build --release --locked -p gazette
  BIN="$CARGO_TARGET_DIR/release/gazette"
fi
WORK="$(mktemp -d)"
cleanup() {
  [ -n "${GZ_PID:-}" ] && kill "$GZ_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
"$BIN" demo --data "$WORK/data" --articles 300 2>&1 | tail -1
GAZETTE_LOG=warn "$BIN" serve --data "$WORK/data" --listen "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
GZ_PID=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.2; done

REPORT="$OUT/lighthouse-$(date -u +%Y%m%dT%H%M%SZ).md"
status=0
BASE_URL="http://127.0.0.1:$PORT" CHROME_PATH=/usr/bin/chromium node "$LH/run.mjs" | tee "$REPORT" || status=$?
echo "Written to $REPORT"
exit "$status"
