// Browser test of accounts: the first admin's setup link printed by `serve`, sign-out, and
// a password reset whose mail travels over real SMTP (smtp-sink.mjs) and whose link works
// once, on a 360 px phone screen.
//
// Usage (run.sh does this): BASE_URL=… SERVER_LOG=… MAIL_DIR=… node account.test.mjs

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_URL, CHROMIUM, SHOTS, assertNoHorizontalScroll, escapeRegExp, parseMail, requireEnv, suite } from './lib.mjs';

requireEnv('account.test.mjs', ['SERVER_LOG', 'MAIL_DIR']);
const { SERVER_LOG, MAIL_DIR } = process.env;
const t = suite('account');
const { step } = t;
let page;

/** The `n`th message the sink received (counting from 1). */
async function waitForMail(n) {
  const file = join(MAIL_DIR, `${n}.eml`);
  for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(existsSync(file), `mail ${n} did not arrive in ${MAIL_DIR} (has: ${readdirSync(MAIL_DIR).join(', ')})`);
  return parseMail(readFileSync(file, 'utf8'));
}

const ADMIN = { name: 'Ada Admin', email: 'ada@example.org', password: 'first password 1' };
let setupLink;
let resetLink;

await step(`launch Chromium (${CHROMIUM})`, async () => {
  await t.launch();
  page = await t.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
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
  await assertNoHorizontalScroll(page);
  await page.fill('input[name=name]', ADMIN.name);
  await page.fill('input[name=email]', ADMIN.email);
  await page.fill('input[name=password]', ADMIN.password);
  await page.fill('input[name=confirm]', ADMIN.password);
  await page.screenshot({ path: join(SHOTS, 'account-setup-phone.png'), fullPage: true });
  await Promise.all([page.waitForURL(`${BASE_URL}/admin`), page.click('button[type=submit]:has-text("Save")')]);
  assert.equal((await page.textContent('.admin-whoami__name')).trim(), ADMIN.name);
  assert.equal((await page.textContent('.admin-whoami__role')).trim(), 'admin');
  await assertNoHorizontalScroll(page);
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
  await assertNoHorizontalScroll(page);
  await page.screenshot({ path: join(SHOTS, 'sign-in-phone.png'), fullPage: true });
  await page.click('a:has-text("Forgot your password?")');
  await page.fill('input[name=email]', ADMIN.email.toUpperCase());
  await page.click('button:has-text("Send the link")');
  assert.match(await page.textContent('#reset-sent'), /If an account exists/);
  const mail = await waitForMail(1);
  assert.match(mail.head, /^To: .*ada@example\.org/im);
  assert.match(mail.head, /^Subject: Reset your password/im);
  const m = mail.text.match(new RegExp(`${escapeRegExp(BASE_URL)}/account/reset/[0-9a-f]{64}`));
  assert.ok(m, `no reset link in the mail body:\n${mail.text}`);
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
  assert.deepEqual(t.errors.filter((e) => !/status of 40[01]/.test(e)), []);
});

await t.done();
