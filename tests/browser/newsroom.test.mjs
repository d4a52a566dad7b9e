// Browser test of the newsroom: an editor signs in on a laptop, writes an article, uploads
// its featured picture, schedules it a minute ahead, and the reader's site shows it when the
// time comes (published by the job queue, with no request of ours making it happen); a
// contributor cannot publish, neither through the page nor by posting the form by hand; the
// admin screens are photographed on a laptop and a phone.
//
// Usage (run.sh does this, after creating the two accounts with `gazette user add`):
//   BASE_URL=… EDITOR_EMAIL=… CONTRIBUTOR_EMAIL=… STAFF_PASSWORD=… node newsroom.test.mjs

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BASE_URL, CHROMIUM, LAPTOP, PHONE, SHOTS, assertNoHorizontalScroll, requireEnv, suite } from './lib.mjs';

requireEnv('newsroom.test.mjs', ['EDITOR_EMAIL', 'CONTRIBUTOR_EMAIL', 'STAFF_PASSWORD']);
const { EDITOR_EMAIL, CONTRIBUTOR_EMAIL, STAFF_PASSWORD } = process.env;
const t = suite('newsroom');
const { step, newPage, errors } = t;
let page;

async function signIn(p, email, next) {
  await p.goto(`/account/sign-in?next=${encodeURIComponent(next)}`);
  await p.fill('input[name=email]', email);
  await p.fill('input[name=password]', STAFF_PASSWORD);
  await Promise.all([p.waitForURL(`${BASE_URL}${next}`), p.click('button[type=submit]:has-text("Sign in")')]);
}


/** `YYYY-MM-DDTHH:MM` in the browser's local time, as a datetime-local field takes it. */
function localMinute(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const TITLE = `Bridge reopens after a year of repairs ${Date.now().toString(36)}`;
let editUrl;
let slug;
let publishAt;

await step(`launch Chromium (${CHROMIUM})`, async () => {
  await t.launch();
  page = await newPage(LAPTOP);
});

await step('editor: signs in and opens a new article', async () => {
  await signIn(page, EDITOR_EMAIL, '/admin/articles/new');
  assert.ok(await page.isVisible('input[name=title]'));
  assert.equal(await page.textContent('.admin-nav [aria-current=page]'), 'Articles');
});

await step('editor: writes with a live preview and saves a draft', async () => {
  await page.fill('input[name=title]', TITLE);
  await page.fill('textarea[name=body]', 'The **old bridge** reopened this morning.\n\n> Traffic is back to normal, the mayor said.\n\n<script>alert(1)</script>');
  await page.fill('textarea[name=excerpt]', 'The old bridge is open again.');
  // The first real category in the list.
  const category = await page.$$eval('select[name=category_id] option', (os) => os.map((o) => o.value).find((v) => v));
  await page.selectOption('select[name=category_id]', category);
  await page.fill('input[name=tags]', 'Transport, City hall');
  // Live preview renders the Markdown safely (no script survives); on a laptop it sits
  // beside the text, on a phone behind a tab.
  const tabbed = await page.isVisible('button[data-tab=preview]');
  if (tabbed) await page.click('button[data-tab=preview]');
  await page.waitForFunction(() => /old bridge/.test(document.querySelector('[data-md-preview]')?.innerHTML || ''));
  const preview = await page.innerHTML('[data-md-preview]');
  assert.match(preview, /<strong>old bridge<\/strong>/);
  assert.doesNotMatch(preview, /<script/);
  if (tabbed) await page.click('button[data-tab=write]');
  await Promise.all([page.waitForURL(/\/admin\/articles\/\d+\/edit/), page.click('button[name=intent][value=save]')]);
  editUrl = new URL(page.url()).pathname;
  slug = await page.inputValue('input[name=slug]');
  assert.ok(slug.length > 0, 'the draft got a slug');
  const anonymous = await (await fetch(`${BASE_URL}/${slug}/`)).status;
  assert.equal(anonymous, 404, 'a draft is not on the reader\'s site');
});

await step('editor: uploads the featured picture', async () => {
  // A real PNG: a screenshot of the page itself, 1366 px wide.
  const png = await page.screenshot({ type: 'png' });
  await page.setInputFiles('#featured-upload input[type=file]', { name: 'bridge at dawn.png', mimeType: 'image/png', buffer: png });
  await page.fill('#featured-upload input[name=alt]', 'The reopened bridge at dawn');
  await Promise.all([page.waitForURL(`${BASE_URL}${editUrl}**`), page.click('#featured-upload button[type=submit]')]);
  const selected = await page.$eval('select[name=featured_media_id]', (s) => s.value);
  assert.ok(selected && selected !== '0', `a featured picture is selected (${selected})`);
});

await step('editor: schedules it a minute ahead', async () => {
  // datetime-local takes whole minutes: the first minute at least 60 s away.
  const at = new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000);
  publishAt = at.getTime();
  await page.fill('input[name=publish_at]', localMinute(at));
  await Promise.all([page.waitForURL(`${BASE_URL}${editUrl}**`), page.click('button[name=intent][value=schedule]')]);
  assert.match(await page.textContent('main'), /scheduled/i);
  await page.screenshot({ path: join(SHOTS, 'newsroom-editor-laptop.png'), fullPage: true });
  await page.goto('/admin/articles');
  assert.ok(await page.isVisible(`text=${TITLE}`), 'the article is in the list');
  await page.screenshot({ path: join(SHOTS, 'newsroom-articles-laptop.png'), fullPage: true });
});

await step('contributor: sees no publish button and a forged publish is refused', async () => {
  const c = await newPage(PHONE);
  await signIn(c, CONTRIBUTOR_EMAIL, '/admin/articles/new');
  await assertNoHorizontalScroll(c);
  assert.equal(await c.locator('button[name=intent][value=publish]').count(), 0);
  assert.equal(await c.locator('button[name=intent][value=schedule]').count(), 0);
  assert.equal(await c.locator('button[name=intent][value=review]').count() + await c.locator('button[name=intent]:has-text("review")').count() > 0, true, 'a contributor can submit for review');
  await c.fill('input[name=title]', 'Translated: council budget explained');
  await c.fill('textarea[name=body]', 'Translated from the Azerbaijani original.');
  await Promise.all([c.waitForURL(/\/admin\/articles\/\d+\/edit/), c.click('button[name=intent][value=save]')]);
  await assertNoHorizontalScroll(c);
  await c.screenshot({ path: join(SHOTS, 'newsroom-editor-phone.png'), fullPage: true });
  // Post the editor's own form with intent=publish, as a hand-made request would.
  const status = await c.evaluate(async () => {
    const form = document.querySelector('form[data-editor]');
    const data = new URLSearchParams(new FormData(form));
    data.set('intent', 'publish');
    const r = await fetch(form.action, { method: 'POST', body: data, redirect: 'manual' });
    return r.status;
  });
  assert.equal(status, 403, 'publishing as a contributor is refused');
  const draftSlug = await c.inputValue('input[name=slug]');
  assert.equal((await fetch(`${BASE_URL}/${draftSlug}/`)).status, 404, 'and nothing was published');
  await c.goto('/admin/articles');
  await assertNoHorizontalScroll(c);
  await c.screenshot({ path: join(SHOTS, 'newsroom-articles-phone.png'), fullPage: true });
  await c.context().close();
});

await step('admin screens on a phone and a laptop', async () => {
  const p = await newPage(PHONE);
  await signIn(p, EDITOR_EMAIL, '/admin');
  for (const [path, name] of [['/admin', 'overview'], ['/admin/media', 'media'], ['/admin/categories', 'categories'], ['/admin/menu', 'menu']]) {
    await p.goto(path);
    await assertNoHorizontalScroll(p);
    await p.screenshot({ path: join(SHOTS, `newsroom-${name}-phone.png`), fullPage: true });
    await page.goto(path);
    await page.screenshot({ path: join(SHOTS, `newsroom-${name}-laptop.png`), fullPage: true });
  }
  await p.context().close();
});

await step('reader: the scheduled article appears on time, with its picture', async () => {
  const reader = await newPage(PHONE);
  const early = await reader.goto(`/${slug}/`);
  if (Date.now() < publishAt - 2000) assert.equal(early.status(), 404, 'not before its time');
  let response;
  const deadline = publishAt + 20_000;
  while (Date.now() < deadline) {
    response = await reader.goto(`/${slug}/`);
    if (response.status() === 200) break;
    await reader.waitForTimeout(1000);
  }
  const appeared = Date.now();
  assert.equal(response.status(), 200, `not published 20 s after its time (last status ${response.status()})`);
  assert.ok(appeared >= publishAt - 1500, `appeared ${publishAt - appeared} ms early`);
  console.log(`  appeared ${((appeared - publishAt) / 1000).toFixed(1)} s after its time`);
  assert.equal((await reader.textContent('h1')).trim(), TITLE);
  assert.equal(await reader.locator('main script').count(), 0);
  // The uploaded PNG is served as <picture> with WebP and PNG variants at the theme's widths.
  const webp = await reader.getAttribute('main picture source[type="image/webp"]', 'srcset');
  assert.match(webp, /\.webp \d+w/);
  assert.equal(await reader.getAttribute('main picture img', 'alt'), 'The reopened bridge at dawn');
  await assertNoHorizontalScroll(reader);
  await reader.screenshot({ path: join(SHOTS, 'newsroom-published-phone.png'), fullPage: false });
  // And on the home page's latest list.
  await reader.goto('/');
  assert.ok(await reader.locator(`a[href$="/${slug}/"]`).count() > 0, 'linked from the home page');
  await reader.context().close();
});

await t.browser.close();
// The 403 of the forged publish and the 404s of the article before its time are expected.
const unexpected = errors.filter((e) => !/status of 40[34]/.test(e));
if (unexpected.length) {
  errors.splice(0, errors.length, ...unexpected);
  console.error('Browser errors:\n  ' + errors.join('\n  '));
  console.log(`\nnewsroom: ${t.passed} passed, browser errors`);
  process.exit(1);
}
console.log(`\nnewsroom: ${t.passed} passed`);
