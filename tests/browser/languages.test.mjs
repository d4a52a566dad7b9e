// Browser test of languages (issue 16): an admin lists Azerbaijani, Russian and Turkish in
// the settings, starts an Azerbaijani translation of a published article from its
// translations screen and publishes it; a reader on a phone then switches language on the
// article with the header's switcher and lands on the same story (and back), or on the
// Russian home page where the story has no Russian version. The Azerbaijani home page and
// the article are photographed on a phone and checked for horizontal overflow. Then Russian and
// Turkish versions of the story are published too, and the acceptance of issue 16 is checked:
// the az, ru and tr home and article pages are valid HTML (0 Nu errors) and every hreflang
// alternate they name links back to them. Last, the admin switches the newsroom to
// Azerbaijani and Russian; two translated screens are photographed on a phone into
// docs/screenshots/ and checked for labels that overflow.
//
// Usage (run.sh does this, after adding the admin with `gazette user add`):
//   BASE_URL=… ADMIN_EMAIL=… STAFF_PASSWORD=… node languages.test.mjs

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { axeViolations } from './lib.mjs';
import { nuErrors } from './nu.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
const { ADMIN_EMAIL, STAFF_PASSWORD } = process.env;
if (!BASE_URL || !ADMIN_EMAIL || !STAFF_PASSWORD) {
  console.error('languages.test.mjs: set BASE_URL, ADMIN_EMAIL and STAFF_PASSWORD; run.sh does this');
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.SCREENSHOT_DIR || join(HERE, 'screenshots');
const TIMEOUT = 15_000;
mkdirSync(SHOTS, { recursive: true });

const LAPTOP = { viewport: { width: 1366, height: 860 } };
const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true };
const AZ_TITLE = 'Xəzər sahilində yeni iqlim müşahidə şəbəkəsi qurulub';
const RU_TITLE = 'На берегу Каспия создана новая сеть климатических наблюдений';
const TR_TITLE = 'Hazar kıyısında yeni bir iklim gözlem ağı kuruldu';
const DOCS_SHOTS = join(HERE, '..', '..', 'docs', 'screenshots');

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
      const file = join(SHOTS, `failure-languages-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
      await page?.screenshot({ path: file, fullPage: true });
      console.error(`Page at failure: ${page?.url()}; screenshot ${file}`);
    } catch { /* the page may be gone */ }
    await browser?.close();
    console.log(`\nlanguages: ${passed} passed, 1 failed`);
    process.exit(1);
  }
}

async function newPage(options) {
  const context = await browser.newContext({ ...options, baseURL: BASE_URL });
  context.setDefaultTimeout(TIMEOUT);
  const p = await context.newPage();
  p.on('pageerror', (e) => errors.push(`uncaught exception: ${e.message}`));
  p.on('console', (m) => { if (m.type() === 'error') errors.push(`console error: ${m.text()}`); });
  return p;
}

async function assertNoHorizontalScroll(p) {
  const m = await p.evaluate(() => ({ w: document.documentElement.scrollWidth, iw: window.innerWidth }));
  assert.ok(m.w <= m.iw, `horizontal scroll on ${p.url()}: ${m.w} > ${m.iw}`);
}

/** Clicks the switcher's entry for `code` and waits for the page it leads to. */
async function switchTo(p, code) {
  const link = p.locator(`.lang-switch a[hreflang="${code}"]`);
  const href = await link.getAttribute('href');
  await Promise.all([p.waitForURL(`${BASE_URL}${href}`), link.click()]);
  return href;
}

browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
let original; // { slug, title }
let translation; // slug

await step('an admin lists the site\'s other languages in the settings', async () => {
  page = await newPage(LAPTOP);
  await page.goto(`/account/sign-in?next=${encodeURIComponent('/admin/settings')}`);
  await page.fill('input[name=email]', ADMIN_EMAIL);
  await page.fill('input[name=password]', STAFF_PASSWORD);
  await Promise.all([page.waitForURL(`${BASE_URL}/admin/settings`), page.click('button[type=submit]:has-text("Sign in")')]);
  await page.fill('input[name=languages]', 'az, ru, tr');
  await Promise.all([page.waitForURL(/\/admin\/settings/), page.click('button:has-text("Save settings")')]);
  assert.equal(await page.inputValue('input[name=languages]'), 'az, ru, tr');
});

await step('a translation into Azerbaijani is started from the article and published', async () => {
  const list = await (await fetch(`${BASE_URL}/api/v1/articles?per_page=1&lang=en`)).json();
  const first = list.items[0];
  const detail = await (await fetch(`${BASE_URL}/api/v1/articles/${first.slug}`)).json();
  original = { slug: first.slug, title: first.title, id: detail.id };
  await page.goto(`/admin/articles/${detail.id}/translations`);
  await Promise.all([
    page.waitForURL(/\/admin\/articles\/\d+\/edit/),
    page.click('button:has-text("Translate into Azərbaycanca")'),
  ]);
  assert.equal(await page.inputValue('select[name=language]'), 'az');
  translation = await page.inputValue('input[name=slug]');
  await page.fill('input[name=title]', AZ_TITLE);
  await Promise.all([page.waitForURL(/\/admin\/articles\/\d+\/edit/), page.click('button[name=intent][value=publish]')]);
  assert.match(await page.locator('.status').first().innerText(), /published/);
});

await step('on a phone, the switcher goes to the same story in the other language and back', async () => {
  page = await newPage(PHONE);
  await page.goto(`/${original.slug}/`);
  const notice = page.locator('#cookie-notice button[value=essential]');
  if (await notice.isVisible()) await notice.click();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.deepEqual(await page.locator('.also-in a').allInnerTexts(), ['Azərbaycanca']);
  const az = await switchTo(page, 'az');
  assert.equal(az, `/${translation}/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'az');
  assert.equal((await page.locator('h1').innerText()).trim(), AZ_TITLE);
  assert.equal(await page.locator('.lang-switch a[aria-current]').getAttribute('hreflang'), 'az');
  await assertNoHorizontalScroll(page);
  await page.screenshot({ path: join(SHOTS, 'languages-article-az-phone.png') });
  const back = await switchTo(page, 'en');
  assert.equal(back, `/${original.slug}/`);
  assert.equal((await page.locator('h1').innerText()).trim(), original.title);
  // No Russian version: the Russian edition's home page.
  assert.equal(await switchTo(page, 'ru'), '/ru/');
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');
});

await step('the Azerbaijani home page lists the translation and fits a phone', async () => {
  await page.goto('/az/');
  assert.equal(await page.getAttribute('html', 'lang'), 'az');
  const links = await page.locator('main article a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.includes(`/${translation}/`), `the translation is not on /az/: ${links.join(' ')}`);
  assert.ok(!links.includes(`/${original.slug}/`), 'an English article is on /az/');
  await assertNoHorizontalScroll(page);
  await page.screenshot({ path: join(SHOTS, 'languages-home-az-phone.png'), fullPage: true });
});

await step('the home page in Azerbaijani, Russian and Turkish speaks its language and nothing in the header overflows a phone', async () => {
  const words = { az: 'Məzmuna keç', ru: 'Перейти к содержанию', tr: 'İçeriğe geç' };
  page = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  let dismissed = false;
  for (const [code, skip] of Object.entries(words)) {
    await page.goto(`/${code}/`);
    if (!dismissed) {
      const notice = page.locator('#cookie-notice button[value=essential]');
      if (await notice.isVisible()) await notice.click();
      dismissed = true;
      await page.goto(`/${code}/`);
    }
    assert.equal(await page.getAttribute('html', 'lang'), code);
    assert.equal((await page.locator('.skip-link').textContent()).trim(), skip);
    await assertNoHorizontalScroll(page);
    // Every label of the header and the section menu stays inside the screen and its box.
    const over = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const bad = [];
      for (const el of document.querySelectorAll('.site-header a, .site-header button, .site-header summary, .site-header label')) {
        const r = el.getBoundingClientRect();
        // Labels for screen readers only are clipped to a pixel on purpose.
        if (r.width <= 1 || el.closest('.visually-hidden') || getComputedStyle(el).visibility === 'hidden') continue;
        const inScroller = el.closest('.menu, .lang-switch');
        if ((!inScroller && r.right > vw + 0.5) || el.scrollWidth > el.clientWidth + 1) bad.push(`${el.tagName} «${el.textContent.trim()}» ${Math.round(r.right)}/${vw}`);
      }
      return bad;
    });
    assert.deepEqual(over, [], `labels overflow on /${code}/`);
    await page.screenshot({ path: join(SHOTS, `languages-home-${code}-phone.png`) });
  }
});

/** Signs the admin in on a new page of `options` and opens `path`. */
async function signedIn(options, path) {
  const p = await newPage(options);
  await p.goto(`/account/sign-in?next=${encodeURIComponent(path)}`);
  await p.fill('input[name=email]', ADMIN_EMAIL);
  await p.fill('input[name=password]', STAFF_PASSWORD);
  await Promise.all([p.waitForURL(`${BASE_URL}${path}`), p.click('button[type=submit]:has-text("Sign in")')]);
  return p;
}

const versions = {};
await step('Russian and Turkish versions of the story are published through the newsroom', async () => {
  versions.en = `/${original.slug}/`;
  versions.az = `/${translation}/`;
  page = await signedIn(LAPTOP, `/admin/articles/${original.id}/translations`);
  for (const [code, name, title] of [['ru', 'Русский', RU_TITLE], ['tr', 'Türkçe', TR_TITLE]]) {
    await page.goto(`/admin/articles/${original.id}/translations`);
    await Promise.all([
      page.waitForURL(/\/admin\/articles\/\d+\/edit/),
      page.locator('button', { hasText: name }).click(),
    ]);
    assert.equal(await page.inputValue('select[name=language]'), code);
    versions[code] = `/${await page.inputValue('input[name=slug]')}/`;
    await page.fill('input[name=title]', title);
    await Promise.all([page.waitForURL(/\/admin\/articles\/\d+\/edit/), page.click('button[name=intent][value=publish]')]);
  }
  await page.goto(`/admin/articles/${original.id}/translations`);
  assert.equal(await page.locator('.admin-table tbody tr').count(), 4);
});

/** The hreflang alternates of the page at `path`: [[lang, path]]. */
async function alternates(path) {
  const html = await (await fetch(`${BASE_URL}${path}`)).text();
  return [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)]
    .map(([, lang, href]) => [lang, new URL(href, BASE_URL).pathname]);
}

await step('the az, ru and tr home and article pages are valid HTML and every hreflang alternate links back', async () => {
  const pages = {};
  for (const code of ['az', 'ru', 'tr']) {
    pages[`home /${code}/`] = `/${code}/`;
    pages[`article ${code} ${versions[code]}`] = versions[code];
  }
  const html = {};
  for (const [name, path] of Object.entries(pages)) {
    const response = await fetch(`${BASE_URL}${path}`);
    assert.equal(response.status, 200, `${path} answered ${response.status}`);
    html[name] = await response.text();
  }
  const nu = nuErrors(html);
  for (const [name, errs] of Object.entries(nu)) {
    assert.deepEqual(errs, [], `Nu errors on ${name}`);
    console.log(`  ✓ Nu ${name}: 0 errors`);
  }
  for (const [name, path] of Object.entries(pages)) {
    const mine = await alternates(path);
    const code = name.startsWith('home') ? path.replaceAll('/', '') : name.split(' ')[1];
    const langs = mine.map(([l]) => l).sort();
    assert.deepEqual(langs, ['az', 'en', 'ru', 'tr', 'x-default'], `hreflang of ${path}`);
    assert.ok(mine.some(([l, p]) => l === code && p === path), `${path} does not name itself as ${code}: ${JSON.stringify(mine)}`);
    for (const [lang, other] of mine) {
      const back = await alternates(other);
      assert.ok(
        back.some(([l, p]) => l === code && p === path),
        `${other} (${lang}) does not link back to ${path} as ${code}: ${JSON.stringify(back)}`,
      );
    }
    console.log(`  ✓ hreflang ${path}: ${mine.length} alternates, each links back`);
  }
});

await step('the az, ru and tr home, article and search pages and a Turkish newsroom screen have 0 axe violations', async () => {
  // bypassCSP: axe is injected as a script; consent given so the notice covers nothing.
  const reader = await newPage({ ...LAPTOP, bypassCSP: true });
  await reader.context().addCookies([{ name: 'gazette_consent', value: 'accept', url: BASE_URL }]);
  const words = { az: 'iqlim', ru: 'климатических', tr: 'iklim' };
  const found = {};
  for (const code of ['az', 'ru', 'tr']) {
    for (const path of [`/${code}/`, versions[code], `/${code}/search?q=${encodeURIComponent(words[code])}`]) {
      await reader.goto(path);
      assert.equal(await reader.getAttribute('html', 'lang'), code, `${path} is not in ${code}`);
      found[path] = await axeViolations(reader);
    }
  }
  // The newsroom in Turkish: the articles list, a form with its refusals.
  const staff = await signedIn({ ...LAPTOP, bypassCSP: true }, '/admin/settings');
  await chooseNewsroomLanguage(staff, 'tr');
  for (const path of ['/admin/articles', '/admin/settings']) {
    await staff.goto(path);
    assert.equal(await staff.getAttribute('html', 'lang'), 'tr');
    found[`${path} (tr)`] = await axeViolations(staff);
  }
  await chooseNewsroomLanguage(staff, '');
  for (const [path, violations] of Object.entries(found)) {
    assert.deepEqual(violations, [], `axe violations on ${path}`);
    console.log(`  ✓ axe ${path}: 0 violations`);
  }
});

/** Labels, buttons and headings of the newsroom's main column that overflow a phone. */
async function overflowing(p) {
  return p.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const bad = [];
    for (const el of document.querySelectorAll('main h1, main h2, main label, main button, main a.button, main th, main summary, main .hint, main p')) {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || el.closest('.visually-hidden')) continue;
      // Wide tables scroll inside their own box; only the page itself must not.
      const inScroller = el.closest('.admin-table-wrap');
      if ((!inScroller && r.right > vw + 0.5) || el.scrollWidth > el.clientWidth + 1) {
        bad.push(`${el.tagName} «${el.textContent.trim().slice(0, 50)}» ${Math.round(r.right)}/${vw}`);
      }
    }
    // The bar above: its pieces neither overlap nor leave the screen.
    const bar = [...document.querySelectorAll('.admin-bar__brand > span, .admin-bar__site, .admin-bar__me summary')]
      .map((el) => [el.textContent.trim().slice(0, 30), el.getBoundingClientRect()]);
    for (const [i, [name, r]] of bar.entries()) {
      if (r.right > vw + 0.5) bad.push(`«${name}» leaves the screen: ${Math.round(r.right)}/${vw}`);
      for (const [other, o] of bar.slice(i + 1)) {
        const apart = r.right <= o.left + 0.5 || o.right <= r.left + 0.5 || r.bottom <= o.top + 0.5 || o.bottom <= r.top + 0.5;
        if (!apart) bad.push(`«${name}» overlaps «${other}»`);
      }
    }
    return bad;
  });
}

/** Chooses the newsroom language `code` ('' for the site's) with the form under the name. */
async function chooseNewsroomLanguage(p, code) {
  await p.locator('.admin-bar summary').first().click();
  await p.selectOption('#admin-language', code);
  await Promise.all([p.waitForLoadState('load'), p.locator('.admin-bar__language button').click()]);
  await p.waitForLoadState('load');
}

await step('the newsroom in Azerbaijani and Russian: translated screens fit a phone', async () => {
  mkdirSync(DOCS_SHOTS, { recursive: true });
  page = await signedIn({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }, '/admin/menu');
  const screens = [
    ['az', '/admin/menu', 'Menyunu saxla', 'newsroom-menu-az-phone.png'],
    ['ru', '/admin/media', 'Загрузить изображения', 'newsroom-media-ru-phone.png'],
  ];
  for (const [code, path, words, file] of screens) {
    await page.goto(path);
    await chooseNewsroomLanguage(page, code);
    await page.goto(path);
    assert.equal(await page.getAttribute('html', 'lang'), code);
    assert.ok((await page.locator('main').innerText()).includes(words), `${path} is not in ${code}`);
    await assertNoHorizontalScroll(page);
    assert.deepEqual(await overflowing(page), [], `labels overflow on ${path} in ${code}`);
    await page.screenshot({ path: join(DOCS_SHOTS, file) });
  }
  await chooseNewsroomLanguage(page, '');
});

await browser.close();
if (errors.length) {
  console.error('Browser errors:\n  ' + errors.join('\n  '));
  process.exit(1);
}
console.log(`\nlanguages: ${passed} passed, 0 failed`);
