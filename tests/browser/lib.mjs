// What the browser tests share: the environment run.sh passes, Chromium with a phone or
// desktop context, named steps that stop the run at the first failure with a screenshot,
// and the mail that smtp-sink.mjs wrote to MAIL_DIR.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const SHOTS = process.env.SCREENSHOT_DIR || join(HERE, 'screenshots');
export const TIMEOUT = 15_000;
mkdirSync(SHOTS, { recursive: true });

/** Stops with a usage line unless each of `names` is set in the environment. */
export function requireEnv(suite, names) {
  const missing = ['BASE_URL', ...names].filter((n) => !process.env[n]);
  if (missing.length) {
    console.error(`${suite}: set ${missing.join(', ')}; run.sh does this for you`);
    process.exit(2);
  }
}

/** A suite: `launch` starts Chromium, `step` runs one named check, `done` reports. */
export function suite(name) {
  const errors = [];
  const s = {
    browser: null,
    page: null,
    passed: 0,
    errors,
    /** Starts Chromium; `newPage` opens pages in it. */
    async launch() {
      s.browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
    },
    /** A page in a context of its own (`options`: viewport, isMobile …) on BASE_URL; it
     *  becomes the page photographed when a step fails. */
    async newPage(options = {}) {
      const context = await s.browser.newContext({ baseURL: BASE_URL, ...options });
      context.setDefaultTimeout(TIMEOUT);
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(`uncaught exception: ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(`console error: ${m.text()}`); });
      s.page = page;
      return page;
    },
    async step(title, fn) {
      const started = Date.now();
      try {
        await fn();
        s.passed++;
        console.log(`✓ ${title} (${Date.now() - started} ms)`);
      } catch (err) {
        console.log(`✗ ${title}`);
        console.error(err && err.stack ? err.stack : err);
        if (errors.length) console.error('Browser errors:\n  ' + errors.join('\n  '));
        try {
          const file = join(SHOTS, `failure-${name}-${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
          await s.page?.screenshot({ path: file, fullPage: true });
          console.error(`Page at failure: ${s.page?.url()}; screenshot ${file}`);
        } catch { /* the page may be gone */ }
        await s.browser?.close();
        console.log(`\n${name}: ${s.passed} passed, 1 failed`);
        process.exit(1);
      }
    },
    async done() {
      await s.browser?.close();
      console.log(`\n${name}: ${s.passed} passed, 0 failed`);
    },
  };
  return s;
}

/** Fails when `page` scrolls sideways (something wider than a phone's screen). */
export async function assertNoHorizontalScroll(page) {
  const m = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, iw: window.innerWidth }));
  assert.ok(m.w <= m.iw, `horizontal scroll on ${page.url()}: ${m.w} > ${m.iw}`);
}

/** `text` made safe to put in a regular expression. */
export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decodeQp(text) {
  return Buffer.from(
    text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

function decodePart(head, body) {
  const encoding = (head.match(/^content-transfer-encoding:\s*(\S+)/im) || [])[1]?.toLowerCase();
  if (encoding === 'quoted-printable') return decodeQp(body);
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

/** A message as a mail client shows it: headers, and each text part decoded. */
export function parseMail(raw) {
  const cut = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, cut);
  const body = raw.slice(cut + 4);
  const header = (n) => (head.replace(/\r\n[ \t]+/g, ' ').match(new RegExp(`^${n}:\\s*(.*)$`, 'im')) || [])[1];
  const boundary = (header('Content-Type') || '').match(/boundary="?([^";]+)"?/i)?.[1];
  const parts = {};
  if (boundary) {
    for (const part of body.split(`--${boundary}`)) {
      const i = part.indexOf('\r\n\r\n');
      if (i < 0) continue;
      const h = part.slice(0, i).replace(/^\r\n/, '');
      const type = (h.match(/^content-type:\s*([^;\r\n]+)/im) || [])[1]?.toLowerCase();
      if (type) parts[type] = decodePart(h, part.slice(i + 4).replace(/\r\n$/, ''));
    }
  } else {
    parts[(header('Content-Type') || 'text/plain').split(';')[0].toLowerCase()] = decodePart(head, body);
  }
  return { head, header, parts, text: parts['text/plain'] || '', html: parts['text/html'] || '' };
}

/** Waits up to `seconds` for a message to `to` that `matches`, in MAIL_DIR. */
export async function waitForMailTo(to, matches = () => true, seconds = 10) {
  const dir = process.env.MAIL_DIR;
  for (let i = 0; i < seconds * 10; i++) {
    if (existsSync(dir)) {
      const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort((a, b) => parseInt(a) - parseInt(b));
      for (const f of files) {
        const mail = parseMail(readFileSync(join(dir, f), 'utf8'));
        if ((mail.header('To') || '').includes(to) && matches(mail)) return mail;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`no matching mail to ${to} arrived in ${dir} within ${seconds} s`);
}

/** The phone and laptop screens the suites use. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
export const LAPTOP = { viewport: { width: 1366, height: 860 } };

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's violations on `page`, every rule of any impact ("0 axe violations of any
 *  impact"), each as `impact id (help)` with its first nodes. The page's context needs
 *  `bypassCSP: true`: axe is injected as a script, which the site's CSP rightly refuses. */
export async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    // target-size (WCAG 2.2) is off by default in axe; Lighthouse checks it on phones.
    const r = await axe.run(document, { resultTypes: ['violations'], rules: { 'target-size': { enabled: true } } });
    return r.violations.map((v) => `${v.impact} ${v.id} (${v.help})\n  ${v.nodes.slice(0, 3)
      .map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1, 2).join(' ').trim()}`)
      .join('\n  ')}`);
  });
}
