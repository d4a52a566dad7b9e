// The editor of the soak test (bench/soak.sh): signs in through the sign-in form and
// publishes a new article through the newsroom's editor form every INTERVAL_MS, as a
// person would (CSRF token from the page, session cookie), until killed. Prints one line
// per article and a count of failures; exits non-zero if a publication fails.
//
//   BASE_URL=http://127.0.0.1:18080 EMAIL=… PASSWORD=… node bench/soak-editor.mjs
const BASE = (process.env.BASE_URL || '').replace(/\/+$/, '');
const { EMAIL, PASSWORD } = process.env;
const INTERVAL_MS = Number(process.env.INTERVAL_MS || 3000);
if (!BASE || !EMAIL || !PASSWORD) {
  console.error('soak-editor: set BASE_URL, EMAIL and PASSWORD');
  process.exit(2);
}

const jar = new Map();
const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
function keep(res) {
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(';')[0];
    const i = pair.indexOf('=');
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return res;
}
async function get(path) {
  return keep(await fetch(BASE + path, { headers: { cookie: cookie() }, redirect: 'manual' }));
}
async function post(path, fields) {
  return keep(await fetch(BASE + path, {
    method: 'POST',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  }));
}
function csrfOf(html) {
  const m = html.match(/name="csrf" value="([^"]+)"/);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1];
}

const signInPage = await (await get('/account/sign-in')).text();
const signedIn = await post('/account/sign-in', {
  csrf: csrfOf(signInPage), next: '/admin', email: EMAIL, password: PASSWORD,
});
if (signedIn.status !== 303) {
  console.error(`soak-editor: sign-in answered ${signedIn.status}`);
  process.exit(1);
}

let n = 0;
let published = 0;
let failures = 0;
process.on('SIGTERM', () => {
  console.log(`soak-editor: published ${published}, failed ${failures}`);
  process.exit(failures ? 1 : 0);
});
for (;;) {
  const started = Date.now();
  try {
    const form = await (await get('/admin/articles/new')).text();
    n++;
    const res = await post('/admin/articles', {
      csrf: csrfOf(form),
      title: `Soak bulletin ${n}: harbour traffic at ${new Date().toISOString()}`,
      subtitle: '', slug: '', excerpt: '', category_id: '', tags: 'Soak', kind: 'original',
      language: 'en', meta_description: '', source_outlet: '', source_url: '', source_language: '',
      publish_at: '', tz_offset: '0', intent: 'publish',
      body: `Bulletin ${n}. The **harbour** reports normal traffic.\n\nMore at the top of the hour.`,
    });
    if (res.status !== 303) throw new Error(`publishing answered ${res.status}`);
    published++;
    console.log(`soak-editor: published ${published}`);
  } catch (e) {
    failures++;
    console.error(`soak-editor: ${e.message}`);
  }
  await new Promise((r) => setTimeout(r, Math.max(0, INTERVAL_MS - (Date.now() - started))));
}
