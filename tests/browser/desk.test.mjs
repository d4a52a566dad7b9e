// Browser test of the feed desk (issue 14): an editor follows an outlet by its home page
// (served here on loopback), finds its items in the inbox, moves through them with the
// keyboard, opens one, makes a translation draft, translates it beside the original and
// publishes it; the reader's page says "Translated from <outlet>" linked to the original
// and its JSON-LD carries `isBasedOn`. The inbox and the translation editor are
// photographed on a phone and a laptop.
//
// Usage (run.sh does this; the server must allow fetching from loopback):
//   BASE_URL=… EDITOR_EMAIL=… STAFF_PASSWORD=… node desk.test.mjs

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { BASE_URL, CHROMIUM, LAPTOP, PHONE, SHOTS, assertNoHorizontalScroll, requireEnv, suite } from './lib.mjs';

requireEnv('desk.test.mjs', ['EDITOR_EMAIL', 'STAFF_PASSWORD']);
const { EDITOR_EMAIL, STAFF_PASSWORD } = process.env;
const t = suite('desk');
const { step, newPage } = t;
let page;

// --- the outlet: a home page that names its feed, the feed, and an article page -------------
const RUN = Date.now().toString(36);
const TITLE = `Gəncədə yeni körpü açıldı ${RUN}`;
const OTHER = `Şəkidə festival başlayır ${RUN}`;
let outletBase;
const outlet = createServer((req, res) => {
  const send = (type, body) => { res.writeHead(200, { 'content-type': type }); res.end(body); };
  if (req.url === '/') {
    send('text/html; charset=utf-8', `<!DOCTYPE html><html lang="az"><head><title>Qafqaz Xəbər</title>
<link rel="alternate" type="application/rss+xml" title="Xəbərlər" href="${outletBase}/rss.xml"></head><body><h1>Qafqaz Xəbər</h1></body></html>`);
  } else if (req.url === '/rss.xml') {
    send('application/rss+xml; charset=utf-8', `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Qafqaz Xəbər</title><link>${outletBase}/</link><language>az</language>
<item><title>${TITLE}</title><link>${outletBase}/xeber/korpu</link><guid>korpu-${RUN}</guid>
<pubDate>${new Date(Date.now() - 3600_000).toUTCString()}</pubDate>
<description><![CDATA[<p>Gəncə şəhərində Kür çayı üzərində yeni körpü istifadəyə verilib.</p><p>Körpünün uzunluğu 240 metrdir, tikinti iki il çəkib.</p><p>Açılışda şəhər sakinləri iştirak ediblər.</p>]]></description></item>
<item><title>${OTHER}</title><link>${outletBase}/xeber/festival</link><guid>festival-${RUN}</guid>
<pubDate>${new Date(Date.now() - 7200_000).toUTCString()}</pubDate>
<description><![CDATA[<p>Şəki şəhərində ənənəvi ipək festivalı başlayır.</p>]]></description></item>
</channel></rss>`);
  } else {
    res.writeHead(404); res.end('not here');
  }
});
await new Promise((ok) => outlet.listen(0, '127.0.0.1', ok));
outletBase = `http://127.0.0.1:${outlet.address().port}`;

async function signIn(p, next) {
  await p.goto(`/account/sign-in?next=${encodeURIComponent(next)}`);
  await p.fill('input[name=email]', EDITOR_EMAIL);
  await p.fill('input[name=password]', STAFF_PASSWORD);
  await Promise.all([p.waitForURL(`${BASE_URL}${next}`), p.click('button[type=submit]:has-text("Sign in")')]);
}

let editUrl;
let articleUrl;

await step(`launch Chromium (${CHROMIUM})`, async () => {
  await t.launch();
  page = await newPage(LAPTOP);
});

await step('editor: finds the outlet\'s feed from its home page and follows it', async () => {
  await signIn(page, '/admin/desk/sources');
  await page.fill('input[name=address]', `${outletBase}/`);
  await page.click('button:has-text("Find feeds")');
  await page.waitForSelector('h1:has-text("Found 1 feed")');
  assert.ok(await page.isVisible(`li:has-text("${TITLE}")`), 'sample titles are shown before saving');
  await page.fill('input[name=outlet]', 'Qafqaz Xəbər');
  await page.fill('input[name=language]', 'az');
  await Promise.all([page.waitForURL(/\/admin\/desk\/sources\?done=added/), page.click('button:has-text("Follow this feed")')]);
  assert.ok(await page.isVisible('td:has-text("Xəbərlər"), td:has-text("Qafqaz")'));
});

await step('editor: the items arrive in the inbox', async () => {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.goto('/admin/desk');
    if (await page.isVisible(`h2:has-text("${TITLE}")`)) break;
    assert.ok(Date.now() < deadline, 'the first fetch brought nothing in 30 s');
    await page.waitForTimeout(1000);
  }
  assert.ok(await page.isVisible(`h2:has-text("${OTHER}")`));
  await page.screenshot({ path: join(SHOTS, 'desk-inbox-laptop.png'), fullPage: true });
});

await step('editor: j, k and s move through the inbox and star an item', async () => {
  await page.keyboard.press('j');
  const first = page.locator('.desk-item').first();
  assert.match(await first.getAttribute('class'), /is-current/);
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  assert.match(await first.getAttribute('class'), /is-current/, 'k goes back');
  await Promise.all([page.waitForLoadState('load'), page.keyboard.press('s')]);
  await page.waitForSelector('.desk-item >> nth=0 >> button[aria-pressed=true]');
  assert.ok(await page.isVisible('summary:has-text("Keyboard shortcuts")'), 'the shortcuts are listed');
});

await step('editor: opens the item and makes a translation draft', async () => {
  await page.click(`a:has-text("${TITLE}")`);
  await page.waitForSelector('.desk-body');
  assert.ok(await page.isVisible('.desk-body p:has-text("240 metrdir")'));
  await Promise.all([page.waitForURL(/\/admin\/articles\/\d+\/edit/), page.click('button:has-text("Translate")')]);
  editUrl = page.url();
  assert.equal(await page.inputValue('input[name=source_outlet]'), 'Qafqaz Xəbər');
  assert.equal(await page.inputValue('input[name=source_url]'), `${outletBase}/xeber/korpu`);
});

await step('translator: the original sits beside the editor, paragraph by paragraph', async () => {
  const paragraphs = await page.$$eval('aside.original .original__paragraphs li', (ls) => ls.map((l) => l.textContent.trim()));
  assert.deepEqual(paragraphs, [
    'Gəncə şəhərində Kür çayı üzərində yeni körpü istifadəyə verilib.',
    'Körpünün uzunluğu 240 metrdir, tikinti iki il çəkib.',
    'Açılışda şəhər sakinləri iştirak ediblər.',
  ]);
  const original = await page.locator('aside.original').boundingBox();
  const body = await page.locator('textarea[name=body]').boundingBox();
  assert.ok(original.x + original.width <= body.x + 1, `beside, not above: original ${JSON.stringify(original)}, body ${JSON.stringify(body)}`);
  await page.screenshot({ path: join(SHOTS, 'desk-translate-laptop.png') });
});

await step('translator: translates and publishes', async () => {
  await page.fill('input[name=title]', `A new bridge opens in Ganja ${RUN}`);
  await page.fill('textarea[name=body]', 'A new bridge over the Kura has opened in Ganja.\n\nIt is 240 metres long and took two years to build.\n\nResidents came to the opening.');
  await page.fill('textarea[name=excerpt]', 'Ganja has a new bridge over the Kura.');
  const category = await page.$$eval('select[name=category_id] option', (os) => os.map((o) => o.value).find((v) => v));
  await page.selectOption('select[name=category_id]', category);
  await Promise.all([page.waitForLoadState('load'), page.click('.editor__publish button[name=intent][value=publish]')]);
  await page.waitForSelector('.status--published');
  articleUrl = await page.getAttribute('a:has-text("View on the site")', 'href');
  assert.ok(articleUrl, 'a published article links to its page');
});

await step('reader: the article says where it comes from and tells search engines', async () => {
  const reader = await newPage(PHONE);
  await reader.goto(articleUrl);
  const line = reader.locator('.source-line');
  assert.match(await line.textContent(), /Translated from\s+Qafqaz Xəbər/);
  assert.equal(await line.locator('a').getAttribute('href'), `${outletBase}/xeber/korpu`);
  const ld = await reader.$$eval('script[type="application/ld+json"]', (ss) => ss.map((s) => JSON.parse(s.textContent)));
  const article = ld.flatMap((d) => d['@graph'] || [d]).find((d) => /Article/.test(d['@type']));
  assert.ok(article, `an Article in the JSON-LD: ${JSON.stringify(ld)}`);
  assert.equal(article.isBasedOn?.url, `${outletBase}/xeber/korpu`, JSON.stringify(article.isBasedOn));
  await assertNoHorizontalScroll(reader);
  await reader.context().close();
});

await step('phone: the inbox and the translation editor fit and are photographed', async () => {
  const phone = await newPage(PHONE);
  await signIn(phone, '/admin/desk');
  await assertNoHorizontalScroll(phone);
  await phone.screenshot({ path: join(SHOTS, 'desk-inbox-phone.png'), fullPage: true });
  await phone.goto(editUrl);
  assert.ok(await phone.isVisible('aside.original'));
  await assertNoHorizontalScroll(phone);
  await phone.screenshot({ path: join(SHOTS, 'desk-translate-phone.png'), fullPage: true });
  await phone.context().close();
});

outlet.close();
await t.done();
