#!/usr/bin/env bash
# Browser tests of the Gazette demo site.
#
#   bash tests/browser/run.sh
#
# Builds `gazette`, serves a fresh demo site on a free local port, and drives Debian's
# Chromium through it with playwright-core (site.test.mjs, quality.test.mjs (axe-core and the
# Nu HTML Checker on every page type), then account.test.mjs with mail
# over SMTP to smtp-sink.mjs, digest.test.mjs (subscribe, confirm, an edition, preferences,
# unsubscribe), then newsroom.test.mjs as an editor and a contributor, desk.test.mjs (the feed
# desk: follow an outlet, translate an item beside its original, publish), then
# languages.test.mjs as an admin, then xss.test.mjs on an imported corpus of sanitiser bypasses). Screenshots land in
# tests/browser/screenshots/. Exit code is the test's.
#
# Env: CARGO_TARGET_DIR (default <repo>/target); BROWSER_TEST_BIN to test a prebuilt binary
# instead of building one; KEEP_DATA=1 to keep the temporary data dir for inspection; ONLY=a,b
# to run only the named suites (site, quality, account, digest, newsroom, desk, languages, xss).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
CHROMIUM=/usr/bin/chromium
HEALTH_TIMEOUT=120

log() { printf 'browser-tests: %s\n' "$*" >&2; }

# --- Chromium (Debian's package; playwright's own browser downloads are not used) -------------
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian's chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  fi
  if [ ! -x "$CHROMIUM" ]; then
    log "$CHROMIUM not found: install Debian's 'chromium' package (sudo apt-get install chromium)"
    exit 1
  fi
fi

# --- Java, for the Nu HTML Checker (vnu.jar) of quality.test.mjs -------------------------------
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian's default-jre-headless"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq default-jre-headless >/dev/null
  fi
  if ! command -v java >/dev/null 2>&1; then
    log "java not found: install Debian's 'default-jre-headless' package (the Nu HTML Checker needs it)"
    exit 1
  fi
fi

# --- node + playwright-core ---------------------------------------------------------------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "node and npm are needed (node >= 20): install Debian's 'nodejs' and 'npm' packages"
  exit 1
fi
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  log "node $(node --version) is too old: playwright-core needs node >= 20"
  exit 1
fi
cd "$HERE"
# npm writes node_modules/.package-lock.json on install: reinstall when it is missing or
# older than the committed lock file.
if [ ! -d node_modules/playwright-core ] || [ ! -f node_modules/.package-lock.json ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund >&2
fi

# --- the gazette binary ---------------------------------------------------------------------------
if [ -n "${BROWSER_TEST_BIN:-}" ]; then
  BIN="$BROWSER_TEST_BIN"
else
  log "cargo build --locked -p gazette (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
  (cd "$REPO" && cargo build --locked -p gazette)
  BIN="$CARGO_TARGET_DIR/debug/gazette"
fi
if [ ! -x "$BIN" ]; then
  log "no gazette binary at $BIN"
  exit 1
fi

# --- the server ---------------------------------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/gazette-browser.XXXXXX")"
SERVER_PID=""
cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      log "the server ignored SIGTERM for 10 s: killing it"
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "${SMTP_PID:-}" ]; then kill "$SMTP_PID" 2>/dev/null || true; fi
  if [ "${KEEP_DATA:-}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'; }
PORT="$(free_port)"
BASE_URL="http://127.0.0.1:$PORT"
# Account mail goes over SMTP to a sink that writes each message to $TMP/mail.
SMTP_PORT="$(free_port)"
MAIL_DIR="$TMP/mail"
node "$HERE/smtp-sink.mjs" "$SMTP_PORT" "$MAIL_DIR" >"$TMP/smtp.log" 2>&1 &
SMTP_PID=$!
log "starting $BIN serve --demo on $BASE_URL (data in $TMP/data, mail to smtp://127.0.0.1:$SMTP_PORT)"
# Fetching from loopback is allowed so the desk test can serve an outlet's feed itself.
GAZETTE_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" GAZETTE_MAIL_FROM="Gazette <news@example.org>" \
  GAZETTE_FETCH_ALLOW_PRIVATE=true "$BIN" serve --demo --data "$TMP/data" --listen "127.0.0.1:$PORT" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!

healthy() {
  node -e '
    fetch(process.argv[1], { signal: AbortSignal.timeout(2000) })
      .then(async (r) => process.exit(r.status === 200 && (await r.text()).trim() === "ok" ? 0 : 1), () => process.exit(1));
  ' "$BASE_URL/healthz"
}
deadline=$((SECONDS + HEALTH_TIMEOUT))
until healthy; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    log "the server exited before it was ready; its log:"
    cat "$TMP/server.log" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    log "the server was not ready after ${HEALTH_TIMEOUT} s; its log:"
    cat "$TMP/server.log" >&2
    exit 1
  fi
  sleep 0.5
done
log "server ready after $((SECONDS - deadline + HEALTH_TIMEOUT)) s"

# Newsroom staff for newsroom.test.mjs, added the way an operator's script would.
STAFF_PASSWORD="newsroom password 1"
for who in "editor:Edna Editor" "contributor:Tarlan Translator"; do
  role="${who%%:*}"
  printf '%s\n' "$STAFF_PASSWORD" | "$BIN" user add --data "$TMP/data" --email "$role@example.org" \
    --name "${who#*:}" --role "$role" --password-stdin >&2
done

# --- the tests ----------------------------------------------------------------------------------
# ONLY=name[,name] runs just those suites (e.g. ONLY=digest), for working on one.
wanted() { [ -z "${ONLY:-}" ] || [[ ",$ONLY," == *",$1,"* ]]; }
rc=0
wanted site && { BASE_URL="$BASE_URL" CHROMIUM="$CHROMIUM" node "$HERE/site.test.mjs" || rc=$?; }
# axe-core and the Nu HTML Checker on every page type a reader sees.
wanted quality && { BASE_URL="$BASE_URL" CHROMIUM="$CHROMIUM" node "$HERE/quality.test.mjs" || rc=$?; }
# The account test does not depend on the site test: run it either way.
wanted account && { BASE_URL="$BASE_URL" CHROMIUM="$CHROMIUM" SERVER_LOG="$TMP/server.log" MAIL_DIR="$MAIL_DIR" \
  node "$HERE/account.test.mjs" || rc=$?; }
# The Daily Digest as a reader on a phone; editions go out through `gazette digest send`.
wanted digest && { BASE_URL="$BASE_URL" CHROMIUM="$CHROMIUM" MAIL_DIR="$MAIL_DIR" SITE_BIN="$BIN" \
  DATA_DIR="$TMP/data" SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" node "$HERE/digest.test.mjs" || rc=$?; }
wanted newsroom && { BASE_URL="$BASE_URL" CHROMIUM="$CHROMIUM" EDITOR_EMAIL=editor@example.org \
  CONTRIBUTOR_EMAIL=contributor@example.org STAFF_PASSWORD="$STAFF_PASSWORD" \
  node "$HERE/newsroom.test.mjs" || rc=$?; }
# The feed desk as an editor: follow an outlet served on loopback, translate an item, publish.
wanted desk && { BASE_URL="$BASE_URL" CHROMIUM="$CHROMIUM" EDITOR_EMAIL=editor@example.org \
  STAFF_PASSWORD="$STAFF_PASSWORD" node "$HERE/desk.test.mjs" || rc=$?; }
# Languages (issue 16): an admin, added now (the account test sets the site's first admin up
# through the setup link, which needs no admin to exist), lists the other languages.
printf '%s\n' "$STAFF_PASSWORD" | "$BIN" user add --data "$TMP/data" --email admin@example.org \
  --name "Ada Admin" --role admin --password-stdin >&2
wanted languages && { BASE_URL="$BASE_URL" CHROMIUM="$CHROMIUM" ADMIN_EMAIL=admin@example.org \
  STAFF_PASSWORD="$STAFF_PASSWORD" node "$HERE/languages.test.mjs" || rc=$?; }
# Last, as it fills the site with hostile posts: import the bypass corpus beside the
# running server, as an operator would, and look for anything that runs.
if ! wanted xss; then
  :
elif "$BIN" import wordpress --data "$TMP/data" "$HERE/xss-corpus.xml" >"$TMP/xss-import.log" 2>&1; then
  BASE_URL="$BASE_URL" CHROMIUM="$CHROMIUM" node "$HERE/xss.test.mjs" || rc=$?
else
  log "importing xss-corpus.xml failed:"; cat "$TMP/xss-import.log" >&2; rc=1
fi
if [ "$rc" -ne 0 ]; then
  log "tests failed (exit $rc); last lines of the server log:"
  tail -n 40 "$TMP/server.log" >&2 || true
fi
exit "$rc"
