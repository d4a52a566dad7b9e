// Lighthouse on every page type a reader meets (bench/lighthouse.sh runs it): home, category,
// tag, author, article, static page, search form and results, and 404, each as a phone
// (Lighthouse's mobile preset: Moto G class device, slow 4G) in the light and the dark colour
// scheme. Prints the four category scores per page and every audit that cost points; exits 1
// when any score is below 100, so it can be run as a check.
//
//   BASE_URL=http://127.0.0.1:PORT node bench/lighthouse.mjs   (lighthouse and puppeteer-core
//   from NODE_PATH; CHROME_PATH, default /usr/bin/chromium)

import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';

const BASE = (process.env.BASE_URL || '').replace(/\/+$/, '');
if (!BASE) {
  console.error('lighthouse.mjs: set BASE_URL');
  process.exit(2);
}

/// One address of each page type, found by following the site's own links.
async function pageTypes() {
  const html = async (path) => (await fetch(BASE + path)).text();
  const first = (page, pattern, what) => {
    const m = page.match(pattern);
    if (!m) throw new Error(`no ${what} link found`);
    return m[1];
  };
  const home = await html('/');
  const article = first(home, /<h[23] class="card__title"[^>]*><a href="(\/[^"]+)"/, 'article');
  const articlePage = await html(article);
  const title = first(articlePage, /<h1[^>]*>([^<]+)</, 'title');
  const word = title.split(/\s+/).find((w) => w.length > 3) || 'news';
  return {
    home: '/',
    category: first(home, /href="(\/category\/[^"]+)"/, 'category'),
    tag: first(articlePage, /href="(\/tag\/[^"]+)"/, 'tag'),
    author: first(articlePage, /href="(\/author\/[^"]+)"/, 'author'),
    article,
    'static page': first(home, /aria-labelledby="footer-legal"[\s\S]*?href="(\/[^"]+)"/, 'static page'),
    search: '/search',
    // Result pages carry noindex and robots.txt keeps crawlers out (search engines ask sites
    // to), which costs them Lighthouse's is-crawlable point by design.
    'search results': `/search?q=${encodeURIComponent(word.replace(/[^\p{L}\p{N}]/gu, ''))}`,
    'not found': '/no-such-page-here/',
  };
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking'],
});
let imperfect = 0;
try {
  const types = await pageTypes();
  console.log('| page | scheme | performance | accessibility | best practices | SEO | requests | KB |');
  console.log('|---|---|---|---|---|---|---|---|');
  const lost = [];
  const only = process.env.ONLY ? process.env.ONLY.split(',') : null;
  for (const [name, path] of Object.entries(types)) {
    if (only && !only.includes(name)) continue;
    for (const scheme of ['light', 'dark']) {
      const page = await browser.newPage();
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      const result = await lighthouse(BASE + path, { logLevel: 'error', output: 'json' }, undefined, page);
      await page.close();
      const { categories, audits } = result.lhr;
      const score = (id) => Math.round((categories[id]?.score ?? 0) * 100);
      const requests = audits['network-requests']?.details?.items ?? [];
      const kb = requests.reduce((sum, r) => sum + (r.transferSize || 0), 0) / 1024;
      const scores = ['performance', 'accessibility', 'best-practices', 'seo'].map(score);
      console.log(`| ${name} | ${scheme} | ${scores.join(' | ')} | ${requests.length} | ${kb.toFixed(1)} |`);
      if (process.env.LIST_REQUESTS) {
        for (const r of requests) console.error(`  ${name}: ${((r.transferSize || 0) / 1024).toFixed(1)} KB ${r.url}`);
      }
      if (scores.some((s) => s < 100)) imperfect++;
      for (const category of Object.values(categories)) {
        for (const ref of category.auditRefs) {
          const audit = audits[ref.id];
          if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
            lost.push(`${name} (${scheme}): ${category.id} ${ref.id} ${audit.score} ${audit.displayValue || ''}`);
          }
        }
      }
    }
  }
  if (lost.length) console.log(`\nAudits that cost points:\n${lost.join('\n')}`);
} finally {
  await browser.close();
}
console.log(imperfect ? `\n${imperfect} page(s) below 100` : '\nEvery page at 100 in all four categories');
process.exit(imperfect ? 1 : 0);
