// The Nu HTML Checker (vnu.jar, run with Java) on served pages: the one way quality.test.mjs
// and languages.test.mjs check that HTML is valid.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const JAVA = process.env.JAVA || 'java';
const VNU = require('vnu-jar');

/** The Nu errors of each page of `pages` ({ name: html }), as { name: ["line N: …"] }. */
export function nuErrors(pages) {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-vnu-'));
  try {
    const files = Object.entries(pages).map(([name, html], i) => {
      const file = join(dir, `${i}-${name.replace(/\W+/g, '-')}.html`);
      writeFileSync(file, html);
      return [name, file];
    });
    let out;
    try {
      out = execFileSync(JAVA, ['-jar', VNU, '--format', 'json', '--stdout', ...files.map(([, f]) => f)], { encoding: 'utf8', maxBuffer: 64 << 20 });
    } catch (e) {
      // vnu exits 1 when it reports errors; its report is still on stdout.
      if (e.stdout === undefined || e.stdout === null || e.stdout === '') throw e;
      out = e.stdout;
    }
    const messages = JSON.parse(out).messages.filter((m) => m.type === 'error');
    const result = {};
    for (const [name, file] of files) {
      const base = file.split('/').pop();
      result[name] = messages
        .filter((m) => (m.url || '').endsWith(base))
        .map((m) => `line ${m.lastLine}: ${m.message}`);
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
