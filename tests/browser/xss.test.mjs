// Known sanitiser bypasses, checked where they would run: in a real browser. run.sh imports
// xss-corpus.xml (OWASP filter-evasion payloads, mutation XSS, shortcodes, in bodies,
// excerpts, tag names and the author's name); this test opens every page that shows that
// imported HTML (each article, the home page, search results, the tag and author pages)
// and fails if any script ran (a dialog opened), a request left for an address a payload
// names, or the page kept an event handler, a script URL or an embedding element.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
if (!BASE_URL) {
  console.error('xss.test.mjs: set BASE_URL; run.sh does this');
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PROBES = 49;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const context = await browser.newContext({ baseURL: BASE_URL });
const page = await context.newPage();
const ran = [];
page.on('dialog', async (d) => {
  ran.push(`${d.type()}("${d.message()}") on ${page.url()}`);
  await d.dismiss();
});
page.on('request', (r) => {
  if (/evil\.example/.test(r.url())) ran.push(`request to ${r.url()} from ${page.url()}`);
});

/** What on the page could run script, if anything. */
const leftovers = () => page.evaluate(() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const value = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      if (a.name.startsWith('on')) found.push(`${el.tagName} ${a.name}`);
      if (/^(javascript|vbscript|data:text)/.test(value) && ['href', 'xlink:href', 'src', 'action', 'formaction', 'data', 'background', 'srcdoc'].includes(a.name)) {
        found.push(`${el.tagName} ${a.name}=${a.value}`);
      }
    }
  }
  for (const el of document.querySelectorAll('body iframe, body object, body embed, body base, body meta, body style, body math, body svg script, body template')) {
    found.push(`<${el.tagName.toLowerCase()}> in the content`);
  }
  // Data blocks (JSON-LD) may quote a title with `alert(` in it as text; code may not.
  for (const s of document.scripts) {
    const code = !s.type || /javascript|module/i.test(s.type);
    if (code && /alert\(/.test(s.textContent)) found.push('a script with alert(');
  }
  return found;
});

async function visit(path) {
  const res = await page.goto(path, { waitUntil: 'load' });
  assert.equal(res.status(), 200, `${path} answered ${res.status()}`);
  // Handlers fire on load or on failed image loads: give them a moment.
  await page.waitForTimeout(150);
  const found = await leftovers();
  assert.deepEqual(found, [], `${path} keeps what could run script`);
}

let visited = 0;
try {
  const first = await (await fetch(`${BASE_URL}/api/v1/articles/xss-probe-01`)).json();
  // The import ran beside the server: wait until its follower has indexed the probes.
  for (let tries = 0; !(await (await fetch(`${BASE_URL}/search?q=xssprobe`)).text()).includes('xss-probe-'); tries++) {
    assert.ok(tries < 100, 'the imported probes never reached the search index');
    await new Promise((r) => setTimeout(r, 100));
  }
  const pages = ['/', '/search?q=xssprobe'];
  for (const t of first.tags || []) pages.push(new URL(t.url).pathname);
  for (const c of first.credits || first.authors || []) {
    const url = c.url || c.author?.url;
    if (url) pages.push(new URL(url).pathname);
  }
  for (let i = 1; i <= PROBES; i++) {
    const slug = `xss-probe-${String(i).padStart(2, '0')}`;
    const a = await (await fetch(`${BASE_URL}/api/v1/articles/${slug}`)).json();
    assert.ok(a.url, `${slug} was imported`);
    pages.push(new URL(a.url).pathname);
  }
  assert.ok(pages.length >= PROBES + 3, `tag and author pages found: ${pages.slice(0, 4)}`);
  for (const path of pages) {
    await visit(path);
    visited++;
  }
  assert.deepEqual(ran, [], 'script ran');
  console.log(`✓ ${visited} pages with ${PROBES} imported bypass attempts: nothing ran, nothing left that could`);
  console.log('\nxss: 1 passed');
} catch (err) {
  console.log('✗ imported bypass attempts');
  console.error(err && err.stack ? err.stack : err);
  if (ran.length) console.error('Script ran:\n  ' + ran.join('\n  '));
  await browser.close();
  console.log('\nxss: 0 passed, 1 failed');
  process.exit(1);
}
await browser.close();
