// Browser test of accounts: the first admin's setup link printed by `serve`, sign-out, and
// a password reset whose mail travels over real SMTP (smtp-sink.mjs) and whose link works
// once, on a 360 px phone screen.
//
// Usage (run.sh does this): BASE_URL=… SERVER_LOG=… MAIL_DIR=… node account.test.mjs

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
const { SERVER_LOG, MAIL_DIR } = process.env;
if (!BASE_URL || !SERVER_LOG || !MAIL_DIR) {
  console.error('account.test.mjs: set BASE_URL, SERVER_LOG and MAIL_DIR; run.sh does this for you');
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.SCREENSHOT_DIR || join(HERE, 'screenshots');
const TIMEOUT = 15_000;
mkdirSync(SHOTS, { recursive: true });

let browser;
let page;
let passed = 0;
const errors = [];

async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`✓ ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    console.log(`✗ ${name}`);
    console.error(err && err.stack ? err.stack : err);
    if (errors.length) console.error('Browser errors:\n  ' + errors.join('\n  '));
    try {
      const file = join(SHOTS, `failure-account-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
      await page?.screenshot({ path: file, fullPage: true });
      console.error(`Page at failure: ${page?.url()}; screenshot ${file}`);
    } catch { /* the page may be gone */ }
    await browser?.close();
    console.log(`\naccount: ${passed} passed, 1 failed`);
    process.exit(1);
  }
}

/** Quoted-printable bodies (long lines) decoded as a mail client would. */
function decodeQp(text) {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

async function waitForMail(n) {
  const file = join(MAIL_DIR, `${n}.eml`);
  for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(existsSync(file), `mail ${n} did not arrive in ${MAIL_DIR} (has: ${readdirSync(MAIL_DIR).join(', ')})`);
  const raw = readFileSync(file, 'utf8');
  const [head, ...rest] = raw.split('\r\n\r\n');
  const body = /content-transfer-encoding:\s*quoted-printable/i.test(head) ? decodeQp(rest.join('\r\n\r\n')) : rest.join('\r\n\r\n');
  return { head, body };
}

async function assertNoHorizontalScroll() {
  const m = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, iw: window.innerWidth }));
  assert.ok(m.w <= m.iw, `horizontal scroll on ${page.url()}: ${m.w} > ${m.iw}`);
}

const ADMIN = { name: 'Ada Admin', email: 'ada@example.org', password: 'first password 1' };
let setupLink;
let resetLink;

await step(`launch Chromium (${CHROMIUM})`, async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, baseURL: BASE_URL });
  context.setDefaultTimeout(TIMEOUT);
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`uncaught exception: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console error: ${m.text()}`); });
});

await step('serve printed an admin setup link', async () => {
  const log = readFileSync(SERVER_LOG, 'utf8');
  const m = log.match(/Admin setup: (\S+)/);
  assert.ok(m, `no "Admin setup:" line in the server log:\n${log.slice(0, 2000)}`);
  setupLink = m[1];
  assert.ok(setupLink.startsWith(`${BASE_URL}/account/setup/`), setupLink);
});

await step('setup: the link creates the first admin and lands in the newsroom', async () => {
  await page.goto(setupLink);
  await assertNoHorizontalScroll();
  await page.fill('input[name=name]', ADMIN.name);
  await page.fill('input[name=email]', ADMIN.email);
  await page.fill('input[name=password]', ADMIN.password);
  await page.fill('input[name=confirm]', ADMIN.password);
  await page.screenshot({ path: join(SHOTS, 'account-setup-phone.png'), fullPage: true });
  await Promise.all([page.waitForURL(`${BASE_URL}/admin`), page.click('button[type=submit]:has-text("Save")')]);
  assert.equal((await page.textContent('.admin-whoami__name')).trim(), ADMIN.name);
  assert.equal((await page.textContent('.admin-whoami__role')).trim(), 'admin');
  await assertNoHorizontalScroll();
  await page.screenshot({ path: join(SHOTS, 'admin-phone.png'), fullPage: true });
});

await step('setup: the link works only once', async () => {
  const response = await page.goto(setupLink);
  assert.equal(response.status(), 400);
  assert.match(await page.textContent('main'), /already used/);
});

await step('sign out from the newsroom', async () => {
  await page.goto('/admin');
  await page.click('.admin-bar__me summary');
  await Promise.all([page.waitForURL(`${BASE_URL}/`), page.click('button:has-text("Sign out")')]);
  await page.goto('/admin');
  assert.ok(page.url().startsWith(`${BASE_URL}/account/sign-in`), page.url());
});

await step('reset: "Forgot your password?" sends a mail over SMTP', async () => {
  await assertNoHorizontalScroll();
  await page.screenshot({ path: join(SHOTS, 'sign-in-phone.png'), fullPage: true });
  await page.click('a:has-text("Forgot your password?")');
  await page.fill('input[name=email]', ADMIN.email.toUpperCase());
  await page.click('button:has-text("Send the link")');
  assert.match(await page.textContent('#reset-sent'), /If an account exists/);
  const mail = await waitForMail(1);
  assert.match(mail.head, /^To: .*ada@example\.org/im);
  assert.match(mail.head, /^Subject: Reset your password/im);
  const m = mail.body.match(new RegExp(`${BASE_URL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/account/reset/[0-9a-f]{64}`));
  assert.ok(m, `no reset link in the mail body:\n${mail.body}`);
  resetLink = m[0];
});

await step('reset: the link sets a new password and signs in', async () => {
  await page.goto(resetLink);
  assert.match(await page.textContent('main'), /ada@example\.org/);
  await page.fill('input[name=password]', 'second password 2');
  await page.fill('input[name=confirm]', 'second password 2');
  await Promise.all([page.waitForURL(`${BASE_URL}/admin`), page.click('button:has-text("Save")')]);
  assert.equal((await page.textContent('.admin-whoami__name')).trim(), ADMIN.name);
});

await step('reset: the used link is refused; the new password signs in, the old does not', async () => {
  const response = await page.goto(resetLink);
  assert.equal(response.status(), 400);
  await page.goto('/admin');
  await page.click('.admin-bar__me summary');
  await page.click('button:has-text("Sign out")');
  await page.goto('/account/sign-in');
  await page.fill('input[name=email]', ADMIN.email);
  await page.fill('input[name=password]', ADMIN.password);
  await page.click('button:has-text("Sign in")');
  assert.match(await page.textContent('[role=alert]'), /not right/);
  await page.fill('input[name=password]', 'second password 2');
  await Promise.all([page.waitForURL(`${BASE_URL}/admin`), page.click('button:has-text("Sign in")')]);
});

await step('no uncaught script errors', async () => {
  assert.deepEqual(errors.filter((e) => !/status of 40[01]/.test(e)), []);
});

await browser.close();
console.log(`\naccount: ${passed} passed, 0 failed`);
