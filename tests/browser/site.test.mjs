// Browser tests of the Gazette demo site: plain node + playwright-core driving Debian's Chromium.
//
// Usage: BASE_URL=http://127.0.0.1:PORT node site.test.mjs   (run.sh starts the server for you)
// Env:   BASE_URL (required), CHROMIUM (default /usr/bin/chromium),
//        SCREENSHOT_DIR (default ./screenshots), STEP_TIMEOUT_MS (default 20000; actions 15 s).
//
// Every step prints ✓ or ✗; the first failure saves a screenshot of the page, prints the
// collected browser errors, and ends the run with exit code 1.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
if (!BASE_URL) {
  console.error('site.test.mjs: set BASE_URL (e.g. http://127.0.0.1:8080); run.sh does this for you');
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.SCREENSHOT_DIR || join(HERE, 'screenshots');
const ACTION_TIMEOUT = 15_000;
const STEP_TIMEOUT = Number(process.env.STEP_TIMEOUT_MS || 20_000);
mkdirSync(SHOTS, { recursive: true });

const VIEWPORTS = [
  { name: 'phone', phone: true, options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
  { name: 'desktop', phone: false, options: { viewport: { width: 1366, height: 900 } } },
];

// ---------------------------------------------------------------------------------------------
// A tiny runner: steps run in order; the first failure stops everything.

let browser;
let current = null; // { page, errors } of the viewport under test, for failure reports
let passed = 0;

async function step(name, fn) {
  const started = Date.now();
  let timer;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`step timed out after ${STEP_TIMEOUT} ms`)), STEP_TIMEOUT);
      }),
    ]);
    passed++;
    console.log(`✓ ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    console.log(`✗ ${name}`);
    console.error(err && err.stack ? err.stack : err);
    await reportFailure(name);
    console.log(`\nbrowser: ${passed} passed, 1 failed`);
    process.exit(1);
  } finally {
    clearTimeout(timer);
  }
}

async function reportFailure(name) {
  if (current) {
    if (current.errors.length) {
      console.error('Browser errors collected so far:\n  ' + current.errors.join('\n  '));
    }
    try {
      const file = join(SHOTS, `failure-${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-+|-+$/g, '').toLowerCase()}.png`);
      console.error(`Page at failure: ${current.page.url()}`);
      await current.page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
      console.error(`Screenshot of the failure: ${file}`);
    } catch { /* the page may be gone */ }
  }
  try { await browser?.close(); } catch { /* ignore */ }
}

// ---------------------------------------------------------------------------------------------
// Helpers

const url = (path) => new URL(path, BASE_URL + '/').toString();

/** A fresh context + page that records console errors, page errors, failed requests and
 *  HTTP errors. `expected404` holds URLs whose 404 is deliberate. */
async function openContext(options) {
  const context = await browser.newContext({ ...options, baseURL: BASE_URL, locale: 'en-GB' });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT);
  const page = await context.newPage();
  const errors = [];
  const expected404 = new Set();
  const requests = []; // every request: { method, url }
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url || '';
    // Chromium logs "Failed to load resource: … 404" for the deliberate 404 page visit.
    if (expected404.has(where) && /\b404\b/.test(msg.text())) return;
    errors.push(`console error: ${msg.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught exception: ${err.message}`));
  page.on('request', (req) => requests.push({ method: req.method(), url: req.url() }));
  page.on('requestfailed', (req) => {
    errors.push(`request failed: ${req.method()} ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    if (res.status() < 400) return;
    if (res.status() === 404 && expected404.has(res.url())) return;
    errors.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  return { context, page, errors, expected404, requests };
}

function assertNoBrowserErrors(t, where) {
  assert.deepEqual(t.errors, [], `browser errors on ${where}:\n  ${t.errors.join('\n  ')}`);
}

/** Loads every image on the page (lazy ones included), then asserts none is broken. */
async function loadAllImages(page) {
  await page.evaluate(() => {
    for (const img of document.querySelectorAll('img[loading="lazy"]')) img.loading = 'eager';
  });
  await page.waitForFunction(() => [...document.images].every((img) => img.complete), null, { timeout: ACTION_TIMEOUT });
  // "complete" is not "painted": decode every image (decoding="async") and let two frames
  // pass, or a full-page screenshot can show empty placeholders.
  await page.evaluate(async () => {
    await Promise.all([...document.images].map((img) => img.decode().catch(() => {})));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  const broken = await page.evaluate(() =>
    [...document.images].filter((img) => img.naturalWidth === 0).map((img) => img.currentSrc || img.src));
  assert.deepEqual(broken, [], `broken images on ${page.url()}`);
}

async function screenshot(page, file) {
  await loadAllImages(page);
  await page.screenshot({ path: join(SHOTS, file), fullPage: true, animations: 'disabled', timeout: ACTION_TIMEOUT });
}

async function assertNoHorizontalScroll(page) {
  const m = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    wide: [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && getComputedStyle(el).position !== 'fixed')
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}`),
  }));
  assert.ok(m.scrollWidth <= m.innerWidth,
    `horizontal scroll on ${page.url()}: scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}; too wide: ${m.wide.join(', ')}`);
}

const rootFontSize = (page) =>
  page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
const textSizeAttr = (page) => page.evaluate(() => document.documentElement.getAttribute('data-text-size'));
const storedTextSize = (page) => page.evaluate(() => localStorage.getItem('gazette.textSize'));

/** Waits until a POST to `target` (absolute URL) has been made since the page was opened. */
async function waitForPost(t, target) {
  const seen = () => t.requests.some((r) => r.method === 'POST' && r.url === target);
  if (seen()) return;
  await t.page.waitForRequest((req) => req.method() === 'POST' && req.url() === target, { timeout: ACTION_TIMEOUT })
    .catch((err) => { if (!seen()) throw err; });
}

/** On the phone the menu is behind the toggle: open it if it is closed. */
async function openMenu(page, phone) {
  const nav = page.locator('#site-nav');
  const toggle = page.locator('.nav-toggle');
  if (phone) {
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true', 'the menu toggle reports the menu open');
  }
  await nav.waitFor({ state: 'visible' });
  return nav;
}

// ---------------------------------------------------------------------------------------------
// The tests

async function testViewport(vp) {
  const t = await openContext(vp.options);
  current = t;
  const { page, context } = t;
  const P = (s) => `[${vp.name}] ${s}`;
  let categoryUrl, articleUrl;

  await step(P('home: header, brand, search and text-size control'), async () => {
    const res = await page.goto(url('/'));
    assert.equal(res.status(), 200);
    await page.locator('header.site-header').waitFor({ state: 'visible' });
    await page.locator('header.site-header a.brand[href="/"]').waitFor({ state: 'visible' });
    assert.ok((await page.title()).length > 0, 'the page has a <title>');
    await page.locator('header .search--header input[name="q"]').waitFor({ state: 'visible' });
    for (const s of ['-1', '0', '1']) {
      await page.locator(`header button[data-text-size="${s}"]`).waitFor({ state: 'visible' });
    }
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('js')), true, 'site.js ran');
  });

  await step(P('home: section menu'), async () => {
    const toggle = page.locator('.nav-toggle');
    const nav = page.locator('#site-nav');
    const links = nav.locator('a.menu__link[href^="/category/"]');
    if (vp.phone) {
      await toggle.waitFor({ state: 'visible' });
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.equal(await nav.isVisible(), false, 'the menu starts closed on the phone');
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      await nav.waitFor({ state: 'visible' });
      await page.screenshot({ path: join(SHOTS, 'phone-menu.png'), animations: 'disabled' });
    } else {
      assert.equal(await toggle.isVisible(), false, 'no menu toggle on the desktop');
      await nav.waitFor({ state: 'visible' });
    }
    const n = await links.count();
    assert.ok(n >= 3, `at least 3 category links in the menu, found ${n}`);
    await links.first().waitFor({ state: 'visible' });
    await links.nth(n - 1).waitFor({ state: 'visible' });
    if (vp.phone) {
      await page.keyboard.press('Escape'); // closes the menu again
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      await nav.waitFor({ state: 'hidden' });
    }
  });

  await step(P('home: lead story, latest and most read'), async () => {
    const lead = page.locator('.home-lead article.card--lead');
    await lead.waitFor({ state: 'visible' });
    const title = lead.locator('.card__title a');
    assert.ok((await title.innerText()).trim().length > 0, 'the lead story has a title');
    assert.match(await title.getAttribute('href'), /^\/.+/);
    const img = lead.locator('img').first();
    await img.waitFor({ state: 'visible' });
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
    await page.locator('#latest-title').waitFor({ state: 'visible' });
    const mostRead = page.locator('.most-read');
    await mostRead.locator('#most-read-title').waitFor({ state: 'visible' });
    assert.equal((await mostRead.locator('#most-read-title').innerText()).trim(), 'Most read');
    const n = await mostRead.locator('ol.ranked > li').count();
    assert.ok(n >= 3, `at least 3 most-read entries, found ${n}`);
    assert.match(await mostRead.locator('ol.ranked > li').first().innerText(), /Views/);
    assert.ok((await page.locator('.home-sections .section-block').count()) >= 1, 'at least one section block');
  });

  await step(P('cookie notice: shown on first visit, Accept hides it and sets gazette_consent'), async () => {
    const notice = page.locator('#cookie-notice');
    await notice.waitFor({ state: 'visible' });
    assert.equal((await context.cookies()).some((c) => c.name === 'gazette_consent'), false, 'no consent cookie yet');
    const posted = page.waitForResponse((r) => r.url() === url('/consent') && r.request().method() === 'POST');
    await notice.locator('button[name="choice"][value="accept"]').click();
    await notice.waitFor({ state: 'hidden' });
    const res = await posted;
    assert.ok(res.status() < 400, `POST /consent answered ${res.status()}`);
    const cookie = (await context.cookies()).find((c) => c.name === 'gazette_consent');
    assert.ok(cookie, 'a gazette_consent cookie exists');
    assert.match(cookie.value, /accept/, 'the cookie records the "accept" choice');
  });

  await step(P('cookie notice: stays hidden after reload'), async () => {
    await page.reload();
    await page.locator('header.site-header').waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.documentElement.classList.contains('js'));
    assert.equal(await page.locator('#cookie-notice').isVisible(), false);
    assert.equal(await page.locator('#cookie-notice').evaluate((el) => el.hidden), true);
  });

  if (!vp.phone) {
    await step(P('keyboard: the first Tab stop is the skip link, and it works'), async () => {
      await page.goto(url('/'));
      await page.locator('header.site-header').waitFor();
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        return { cls: el?.className, text: el?.textContent?.trim(), href: el?.getAttribute('href') };
      });
      assert.equal(focused.cls, 'skip-link', `first focused element: ${JSON.stringify(focused)}`);
      assert.equal(focused.href, '#main');
      const box = await page.locator('.skip-link').boundingBox();
      assert.ok(box && box.y >= 0 && box.y < 900, `the focused skip link is on screen (${JSON.stringify(box)})`);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'main');
    });
  }

  await step(P('home: no browser errors, no horizontal scroll; screenshot'), async () => {
    if (vp.phone) await assertNoHorizontalScroll(page);
    await screenshot(page, `${vp.name}-home.png`);
    assertNoBrowserErrors(t, 'the home page');
  });

  await step(P('category: open a section from the menu'), async () => {
    await openMenu(page, vp.phone);
    const link = page.locator('#site-nav a.menu__link[href^="/category/"]').first();
    const label = (await link.innerText()).trim();
    const href = await link.getAttribute('href');
    await Promise.all([page.waitForURL(url(href)), link.click()]);
    categoryUrl = page.url();
    const h1 = page.locator('h1');
    await h1.waitFor({ state: 'visible' });
    assert.equal(await page.locator('h1').count(), 1, 'exactly one h1');
    assert.equal((await h1.innerText()).trim(), label, 'the h1 is the section name');
    const crumbs = page.locator('nav[aria-label="Breadcrumb"]');
    await crumbs.waitFor({ state: 'visible' });
    assert.ok((await crumbs.locator('li').count()) >= 2, 'at least two breadcrumbs');
    assert.equal(await crumbs.locator('li a').first().getAttribute('href'), '/', 'the first breadcrumb leads home');
    assert.equal((await crumbs.locator('[aria-current="page"]').innerText()).trim(), label);
    const cards = page.locator('main .card-grid article.card');
    const n = await cards.count();
    assert.ok(n >= 1, 'the section lists articles');
    await cards.first().waitFor({ state: 'visible' });
    for (const i of [0, n - 1]) {
      assert.ok((await cards.nth(i).locator('.card__title a').innerText()).trim().length > 0, `card ${i} has a title`);
    }
    await page.locator(`#site-nav a.menu__link[href="${href}"][aria-current="page"]`).waitFor({ state: 'attached' });
  });

  await step(P('category: no browser errors, no horizontal scroll; screenshot'), async () => {
    if (vp.phone) await assertNoHorizontalScroll(page);
    await screenshot(page, `${vp.name}-category.png`);
    assertNoBrowserErrors(t, categoryUrl);
  });

  await step(P('category: pagination to page 2'), async () => {
    const next = page.locator('nav.pagination a[rel="next"]');
    if ((await next.count()) === 0) {
      console.log('  (the section has a single page: no pagination to follow)');
      return;
    }
    assert.match(await page.locator('.pagination__status').innerText(), /Page 1 of \d+/);
    const href = await next.getAttribute('href');
    await Promise.all([page.waitForURL(new URL(href, page.url()).toString()), next.click()]);
    assert.match(await page.locator('.pagination__status').innerText(), /Page 2 of \d+/);
    assert.ok((await page.locator('main .card-grid article.card').count()) >= 1, 'page 2 lists articles');
    await page.locator('nav.pagination a[rel="prev"]').waitFor({ state: 'visible' });
    if (vp.phone) await assertNoHorizontalScroll(page);
    await loadAllImages(page);
    assertNoBrowserErrors(t, page.url());
  });

  await step(P('article: open one by clicking a card; beacon POSTed'), async () => {
    const link = page.locator('main .card-grid article.card .card__title a').first();
    const href = await link.getAttribute('href');
    const before = t.requests.length;
    await Promise.all([page.waitForURL(url(href)), link.click()]);
    articleUrl = page.url();
    const beacon = await page.locator('[data-beacon-url]').getAttribute('data-beacon-url');
    assert.ok(beacon, 'the article has a data-beacon-url');
    await waitForPost(t, url(beacon));
    const posts = t.requests.slice(before).filter((r) => r.method === 'POST' && r.url === url(beacon));
    assert.equal(posts.length, 1, `exactly one view beacon per load, saw ${posts.length}`);
  });

  await step(P('article: title, breadcrumbs, byline, facts, image, tags, related'), async () => {
    const h1 = page.locator('h1.article__title');
    await h1.waitFor({ state: 'visible' });
    assert.equal(await page.locator('h1').count(), 1, 'exactly one h1');
    assert.ok((await h1.innerText()).trim().length > 0);
    const crumbs = page.locator('nav[aria-label="Breadcrumb"]');
    await crumbs.waitFor({ state: 'visible' });
    assert.ok((await crumbs.locator('li').count()) >= 2, 'at least two breadcrumbs');
    assert.equal(await crumbs.locator('li a').first().getAttribute('href'), '/');
    const author = page.locator('.article__byline .article__authors a[rel="author"]').first();
    await author.waitFor({ state: 'visible' });
    assert.match(await author.getAttribute('href'), /^\/author\/[^/]+\/$/);
    assert.ok((await author.innerText()).trim().length > 0, 'the author has a name');
    const facts = await page.locator('.article__facts').innerText();
    assert.match(facts, /\d+ Min Read/, 'reading time');
    assert.match(facts, /[\d.,]+k? Views/, 'view count');
    const img = page.locator('.article__figure img');
    await img.waitFor({ state: 'visible' });
    await page.waitForFunction((el) => el.complete, await img.elementHandle());
    assert.ok(await img.evaluate((el) => el.naturalWidth > 0), 'the featured image loaded');
    assert.ok((await img.getAttribute('alt')) !== null, 'the featured image has an alt attribute');
    const tags = page.locator('nav.tags a.chip[rel="tag"]');
    assert.ok((await tags.count()) >= 1, 'at least one tag');
    assert.match(await tags.first().getAttribute('href'), /^\/tag\/[^/]+\/$/);
    await page.getByRole('heading', { name: 'You might also like' }).waitFor({ state: 'visible' });
    assert.ok((await page.locator('section.related article.card').count()) >= 1, 'related articles listed');
    assert.ok((await page.locator('.article__body').innerText()).trim().length > 200, 'the article has a body');
  });

  await step(P('article: text size larger ×2, persists over reload, reset'), async () => {
    const base = await rootFontSize(page);
    assert.equal(await textSizeAttr(page), null, 'default size has no data-text-size');
    const larger = page.locator('header button[data-text-size="1"]');
    await larger.click();
    await page.waitForFunction(() => document.documentElement.getAttribute('data-text-size') === '1');
    await larger.click();
    await page.waitForFunction(() => document.documentElement.getAttribute('data-text-size') === '2');
    const big = await rootFontSize(page);
    assert.ok(big > base, `root font-size grew: ${base}px → ${big}px`);
    assert.equal(await storedTextSize(page), '2');
    assert.match(await page.locator('#text-size-status').textContent(), /\+2/);
    await page.reload();
    await page.locator('h1.article__title').waitFor({ state: 'visible' });
    assert.equal(await textSizeAttr(page), '2', 'the size persists after reload');
    assert.equal(await rootFontSize(page), big);
    await page.locator('header button[data-text-size="0"]').click();
    await page.waitForFunction(() => !document.documentElement.hasAttribute('data-text-size'));
    assert.equal(await rootFontSize(page), base, 'reset restores the default size');
    assert.equal(await storedTextSize(page), null);
    assert.equal(await page.locator('header button[data-text-size="0"]').getAttribute('aria-pressed'), 'true');
  });

  await step(P('article: no browser errors, no horizontal scroll; screenshot'), async () => {
    if (vp.phone) await assertNoHorizontalScroll(page);
    await screenshot(page, `${vp.name}-article.png`);
    assertNoBrowserErrors(t, articleUrl);
  });

  await step(P('search: the header form finds articles with highlighted words; screenshot'), async () => {
    await page.goto(url('/'));
    // Search for the longest word of the lead story's title: it must come back highlighted.
    const lead = await page.locator('main .card__title a').first().innerText();
    const word = lead.split(/[^\p{L}\p{N}]+/u).sort((a, b) => b.length - a.length)[0].toLowerCase();
    const input = page.locator('header form[role="search"] input[name="q"]');
    await input.waitFor({ state: 'visible' });
    await input.fill(word);
    await Promise.all([page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === word), input.press('Enter')]);
    // The index is built in the background at start-up: allow it a few seconds.
    const deadline = Date.now() + 15_000;
    while ((await page.locator('.search-results > li').count()) === 0 && Date.now() < deadline) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    assert.ok((await page.locator('.search-results > li').count()) > 0, `results for "${word}"`);
    assert.ok((await page.locator('.search-results .result__title mark').count()) > 0, 'matched words are highlighted');
    assert.equal(await page.locator('#search-q').inputValue(), word, 'the query stays in the form');
    if (vp.phone) await assertNoHorizontalScroll(page);
    await screenshot(page, `${vp.name}-search.png`);
    assertNoBrowserErrors(t, page.url());
    // A result leads to its article (last: leaving a page can abort its own beacon).
    const first = page.locator('.search-results .result__title a').first();
    const href = await first.getAttribute('href');
    await Promise.all([page.waitForURL((u) => u.pathname === href), first.click()]);
    await page.locator('h1.article__title').waitFor({ state: 'visible' });
    const beacon = await page.locator('[data-beacon-url]').getAttribute('data-beacon-url');
    await waitForPost(t, url(beacon));
    await page.waitForLoadState('networkidle');
  });

  await step(P('404 page: status 404 with a search form'), async () => {
    const missing = url('/no-such-page/');
    t.expected404.add(missing);
    const res = await page.goto(missing);
    assert.equal(res.status(), 404);
    await page.locator('h1').waitFor({ state: 'visible' });
    const form = page.locator('main form[role="search"][action="/search"]');
    await form.waitFor({ state: 'visible' });
    await form.locator('input[name="q"]').waitFor({ state: 'visible' });
    assert.match(await page.locator('main').innerText(), /\/no-such-page\//, 'the page names the missing path');
    if (vp.phone) await assertNoHorizontalScroll(page);
    await screenshot(page, `${vp.name}-404.png`);
    assertNoBrowserErrors(t, missing);
  });

  await context.close();
  current = null;
  return { articleUrl };
}

async function testDarkArticle(articleUrl) {
  const t = await openContext({ viewport: { width: 1366, height: 900 }, colorScheme: 'dark' });
  current = t;
  // Consent was given earlier: keep the notice out of the screenshot.
  await t.context.addCookies([{ name: 'gazette_consent', value: 'accept', url: BASE_URL }]);
  await step('[desktop dark] article renders in the dark scheme; screenshot', async () => {
    const res = await t.page.goto(articleUrl);
    assert.equal(res.status(), 200);
    await t.page.locator('h1.article__title').waitFor({ state: 'visible' });
    const [bg, fg] = await t.page.evaluate(() => {
      const s = getComputedStyle(document.body);
      const lum = (c) => { const [r, g, b] = c.match(/[\d.]+/g).map(Number); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      return [lum(s.backgroundColor), lum(s.color)];
    });
    assert.ok(bg < 80 && fg > 150, `dark background with light text (background luminance ${bg}, text ${fg})`);
    assert.equal(await t.page.locator('#cookie-notice').isVisible(), false);
    await screenshot(t.page, 'desktop-article-dark.png');
    assertNoBrowserErrors(t, articleUrl);
  });
  await t.context.close();
  current = null;
}

// ---------------------------------------------------------------------------------------------

await step(`launch Chromium (${CHROMIUM})`, async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  console.log(`  Chromium ${browser.version()}, site ${BASE_URL}`);
});

let articleUrl;
for (const vp of VIEWPORTS) {
  ({ articleUrl } = await testViewport(vp));
}
await testDarkArticle(articleUrl);

await browser.close();
console.log(`\nScreenshots in ${SHOTS}`);
console.log(`browser: ${passed} passed, 0 failed`);
