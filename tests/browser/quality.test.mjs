// Page quality of every page type a reader sees, checked the way the acceptance checks do:
// axe-core in Chromium (every rule, any impact) on a phone and a desktop, in light and dark
// colour schemes, and the Nu HTML Checker (vnu.jar) on the served HTML.
//
// Usage: BASE_URL=http://127.0.0.1:PORT node quality.test.mjs   (run.sh starts the server)
// Env:   BASE_URL (required), CHROMIUM (default /usr/bin/chromium), JAVA (default java).
//
// Prints one line per page and check; exits 1 listing every violation found.

import { chromium } from 'playwright-core';
import { axeViolations } from './lib.mjs';
import { nuErrors } from './nu.mjs';

const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
if (!BASE_URL) {
  console.error('quality.test.mjs: set BASE_URL; run.sh does this for you');
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const VIEWPORTS = [
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
  { name: 'desktop', options: { viewport: { width: 1366, height: 900 } } },
];
const SCHEMES = ['light', 'dark'];

const failures = [];
function fail(what, detail) {
  failures.push(`${what}: ${detail}`);
  console.log(`✗ ${what}\n    ${detail.replace(/\n/g, '\n    ')}`);
}

/// One page of each type, found by following the demo site's own links.
async function pageTypes(page) {
  const first = async (selector) => {
    const href = await page.locator(selector).first().getAttribute('href');
    if (!href) throw new Error(`no link matches ${selector} on ${page.url()}`);
    return new URL(href, BASE_URL).pathname;
  };
  await page.goto(`${BASE_URL}/`);
  const types = { home: '/' };
  types.category = await first('a[href^="/category/"]');
  types.article = await first('main article a[href^="/"]:not([href^="/category/"]):not([href^="/author/"]):not([href^="/tag/"])');
  await page.goto(`${BASE_URL}${types.article}`);
  types.tag = await first('a[href^="/tag/"]');
  types.author = await first('a[href^="/author/"]');
  types['static page'] = await first('nav[aria-labelledby="footer-legal"] a[href^="/"]');
  const word = (await page.locator('h1').first().innerText()).split(/\s+/).find((w) => w.length > 3) || 'news';
  types.search = `/search?q=${encodeURIComponent(word.replace(/[^\p{L}\p{N}]/gu, ''))}`;
  types['not found'] = '/no-such-page-here/';
  return types;
}

async function axe(page, label) {
  const result = await axeViolations(page);
  if (result.length === 0) {
    console.log(`✓ axe ${label}`);
  } else {
    fail(`axe ${label}`, result.join('\n'));
  }
}

function nu(pages) {
  for (const [name, errors] of Object.entries(nuErrors(pages))) {
    if (errors.length === 0) console.log(`✓ Nu ${name}`);
    else fail(`Nu ${name}`, errors.slice(0, 10).join('\n'));
  }
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking'],
});
try {
  // Consent given up front so the notice does not cover what is checked; the notice itself is
  // checked on the home page of a fresh context below.
  const probe = await browser.newContext({ bypassCSP: true });
  const types = await pageTypes(await probe.newPage());
  await probe.close();
  console.log(`pages: ${JSON.stringify(types)}`);

  for (const vp of VIEWPORTS) {
    for (const scheme of SCHEMES) {
      // bypassCSP: axe is injected as a script, which the site's CSP rightly refuses.
      const context = await browser.newContext({ ...vp.options, colorScheme: scheme, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${BASE_URL}/`);
      await axe(page, `home with the consent notice, ${vp.name}, ${scheme}`);
      await context.addCookies([{ name: 'gazette_consent', value: 'accept', url: BASE_URL }]);
      for (const [type, path] of Object.entries(types)) {
        await page.goto(`${BASE_URL}${path}`);
        await axe(page, `${type} ${path}, ${vp.name}, ${scheme}`);
      }
      await context.close();
    }
  }

  const html = {};
  for (const [type, path] of Object.entries(types)) {
    const response = await fetch(`${BASE_URL}${path}`);
    html[type] = await response.text();
  }
  nu(html);
} finally {
  await browser.close();
}

if (failures.length > 0) {
  console.log(`\n${failures.length} page quality check(s) failed`);
  process.exit(1);
}
console.log('\nall page quality checks passed');
