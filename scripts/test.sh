#!/usr/bin/env bash
# Runs every test Gazette has:
#   1. formatting-independent Rust tests (unit + integration) on SQLite;
#   1b. the media library's tests again with the pictures on object storage (a real
#      S3-compatible server on loopback, started by the tests themselves);
#   2. the integration suite again on PostgreSQL when TEST_DATABASE_URL is set
#      (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test; each test creates
#      and drops its own schema there);
#   3. the browser tests (Chromium through playwright-core), which save screenshots in
#      tests/browser/screenshots/.
# Set SKIP_BROWSER=1 to leave out step 3.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Rust tests on SQLite"
# TEST_DATABASE_URL is cleared here so that this step really runs on SQLite even when the
# caller (CI) has set it for the next step.
TEST_DATABASE_URL= cargo test --workspace --locked

echo "== Media library tests with the pictures in an S3 bucket"
TEST_DATABASE_URL= TEST_MEDIA_STORE=s3 cargo test --locked -p gazette --test it media_library

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== Rust integration tests on PostgreSQL (${TEST_DATABASE_URL%%\?*})"
  cargo test --locked -p gazette -p gazette-store --tests
else
  echo "!! PostgreSQL suite skipped: set TEST_DATABASE_URL=postgres://USER@HOST/DB to run it." >&2
fi

if [ "${SKIP_BROWSER:-0}" != "1" ]; then
  echo "== Browser tests"
  bash tests/browser/run.sh
fi
echo "== All tests passed"
