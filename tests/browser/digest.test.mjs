// Browser test of the Daily Digest as a reader on a phone: subscribe from the form under an
// article, confirm from the mail (the link alone confirms nothing), receive an edition sent
// by `gazette digest send` over SMTP, look at it at 375 px and 1280 px, change preferences
// from its link, and unsubscribe.
//
// Usage (run.sh does this): BASE_URL=… MAIL_DIR=… SITE_BIN=… DATA_DIR=… SMTP_URL=… node digest.test.mjs

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { BASE_URL, SHOTS, assertNoHorizontalScroll, escapeRegExp, requireEnv, suite, waitForMailTo } from './lib.mjs';

requireEnv('digest.test.mjs', ['MAIL_DIR', 'SITE_BIN', 'DATA_DIR', 'SMTP_URL']);
const READER = 'phone.reader@example.org';
const t = suite('digest');
await t.launch();
const page = await t.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
let confirmLink;
let edition;

await t.step('subscribe from the form under an article', async () => {
  await page.goto('/');
  await Promise.all([page.waitForLoadState(), page.click('main article a[href]:not([href^="/category"])')]);
  assert.ok(await page.locator('article').count(), `not an article: ${page.url()}`);
  await page.fill('#article-digest-email', READER);
  await Promise.all([page.waitForURL(/\/subscribe\?/), page.click('.digest-cta button[type=submit]')]);
  assert.equal(await page.inputValue('form.account-form input[name=email]'), READER);
  assert.equal(await page.inputValue('form.account-form input[name=from]'), 'article');
  await assertNoHorizontalScroll(page);
  await page.screenshot({ path: join(SHOTS, 'digest-subscribe-phone.png'), fullPage: true });
  await page.click('form.account-form button[type=submit]');
  await page.waitForSelector('#subscribe-sent');
  assert.match(await page.textContent('#subscribe-sent'), new RegExp(escapeRegExp(READER)));
});

await t.step('the confirmation mail arrives; opening its link confirms nothing yet', async () => {
  const mail = await waitForMailTo(READER);
  const m = mail.text.match(new RegExp(`${escapeRegExp(BASE_URL)}/subscribe/confirm/\\S+`));
  assert.ok(m, `no confirmation link in:\n${mail.text}`);
  confirmLink = m[0];
  await page.goto(confirmLink);
  assert.ok(await page.locator('form.account-form button[type=submit]').isVisible());
  // Nothing goes out to an unconfirmed address.
  const report = sendDigest();
  assert.match(report, /No digest|0 sent|nothing/i, report);
});

await t.step('pressing the button confirms', async () => {
  await page.click('form.account-form button[type=submit]');
  await page.waitForURL(confirmLink);
  assert.match(await page.textContent('main'), new RegExp(escapeRegExp(READER)));
  await assertNoHorizontalScroll(page);
});

await t.step('the edition arrives with both parts and one-click unsubscribe headers', async () => {
  sendDigest();
  edition = await waitForMailTo(READER, (m) => !!m.header('List-Id'), 30);
  assert.match(edition.header('List-Unsubscribe') || '', /^<https?:\/\/\S+>, <mailto:/);
  assert.equal(edition.header('List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  assert.ok(edition.html.includes(`${BASE_URL}/`), 'the HTML part links to the site');
  assert.ok(edition.text.includes(`${BASE_URL}/`), 'the text part links to the site');
});

await t.step('the edition reads well at 375 px and 1280 px', async () => {
  // A page of its own, at about:blank as in a mail client: not under the site's CSP.
  const mail = await page.context().newPage();
  for (const width of [375, 1280]) {
    await mail.setViewportSize({ width, height: 900 });
    await mail.setContent(edition.html, { waitUntil: 'load' });
    const m = await mail.evaluate(() => ({
      w: document.documentElement.scrollWidth,
      links: [...document.querySelectorAll('a[href]')].length,
      fontPx: parseFloat(getComputedStyle(document.querySelector('a[href]')).fontSize),
    }));
    assert.ok(m.w <= width, `the edition scrolls sideways at ${width} px: ${m.w}`);
    assert.ok(m.links >= 3, `the edition has only ${m.links} links`);
    assert.ok(m.fontPx >= 14, `links are ${m.fontPx} px at ${width} px`);
    await mail.screenshot({ path: join(SHOTS, `digest-edition-${width}.png`), fullPage: true });
  }
  await mail.close();
});

await t.step('preferences from the edition: weekly, one section', async () => {
  const m = edition.text.match(new RegExp(`${escapeRegExp(BASE_URL)}/subscribe/preferences/\\S+`));
  assert.ok(m, `no preferences link in:\n${edition.text}`);
  await page.goto(m[0]);
  const sections = page.locator('input[name=section]');
  assert.ok((await sections.count()) > 1, 'sections to choose from');
  const keep = await sections.first().getAttribute('value');
  for (const box of await sections.all()) {
    if ((await box.getAttribute('value')) === keep) await box.check();
    else await box.uncheck();
  }
  await page.check('input[name=frequency][value=weekly]');
  await page.click('form.account-form button:has-text("Save")');
  await page.waitForSelector('#preferences-saved');
  await assertNoHorizontalScroll(page);
  await page.screenshot({ path: join(SHOTS, 'digest-preferences-phone.png'), fullPage: true });
  await page.goto(m[0]);
  assert.ok(await page.isChecked('input[name=frequency][value=weekly]'), 'weekly kept');
  const checked = await page.locator('input[name=section]:checked').evaluateAll((l) => l.map((e) => e.value));
  assert.deepEqual(checked, [keep]);
});

await t.step('unsubscribe in one press', async () => {
  await page.click('button:has-text("Unsubscribe")');
  await page.waitForLoadState();
  assert.match(await page.textContent('main'), /unsubscribed|no more/i);
  await page.goBack();
  await page.reload();
  assert.match(await page.textContent('main'), /unsubscribed/i);
});

await t.step('no uncaught script errors', async () => {
  assert.deepEqual(t.errors.filter((e) => !/status of 40[01]/.test(e)), []);
});

await t.done();

/** `gazette digest send` for today beside the running server, as an operator would. */
function sendDigest() {
  return execFileSync(process.env.SITE_BIN, ['digest', 'send', '--data', process.env.DATA_DIR], {
    env: {
      // Only Gazette's own settings may start with GAZETTE_ (it refuses unknown ones).
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GAZETTE_'))),
      GAZETTE_SMTP_URL: process.env.SMTP_URL,
      GAZETTE_MAIL_FROM: 'Gazette <news@example.org>',
      GAZETTE_BASE_URL: BASE_URL,
      GAZETTE_LOG: 'warn',
    },
    encoding: 'utf8',
  });
}
