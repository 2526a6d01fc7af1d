// `yusuan serve` safe by default: raw `../` and absolute paths in requests, unknown and
// malformed ids, a document whose texts hold HTML and script, the headers, the Host check,
// cross-site writes, the token, and a non-loopback host without one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { makeFixture, ROOT, EVIL_LINES, type Fixture } from './serve-helpers.ts';
import { startServer, type RunningServer } from '../src/serve/server.ts';
import { resolveServeOptions, isLoopback } from '../src/serve/options.ts';
import { openDb } from '../src/store/db.ts';
import { Parser } from 'htmlparser2';

let fx: Fixture;
let server: RunningServer;
let tokenServer: RunningServer;
const TOKEN = 'test-token-0123456789abcdef';
const logs: string[] = [];

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the path sent exactly as given (no URL normalisation on the way). */
function raw(port: number, path: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: o.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

const post = (port: number, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
  raw(port, path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

beforeAll(async () => {
  fx = await makeFixture('samples/pdf/gbc-unit-budget-p8-10.pdf', 'yusuan-serve-sec-');
  server = await startServer(resolveServeOptions({ db: fx.dbPath, port: 0 }), { log: (l) => logs.push(l) });
  tokenServer = await startServer(resolveServeOptions({ db: fx.dbPath, port: 0, token: TOKEN }), { log: (l) => logs.push(l) });
}, 180_000);

afterAll(async () => {
  await server?.close();
  await tokenServer?.close();
  if (fx) rmSync(fx.dir, { recursive: true, force: true });
});

describe('yusuan serve: paths from a request never reach the file system', () => {
  const secret = readFileSync(join(ROOT, 'package.json'), 'utf8').slice(0, 40);
  const traversals = (sha: string): string[] => [
    '/../../../../etc/passwd',
    '/doc/../../../../etc/passwd',
    '/doc/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    '/doc/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/doc/%2Fetc%2Fpasswd',
    '//etc/passwd',
    '/etc/passwd',
    '/assets/../../package.json',
    '/assets/..%2F..%2F..%2Fpackage.json',
    '/assets/%2Fetc%2Fpasswd',
    '/assets/app.js%00.css',
    `/doc/${sha}/page/..%2F..%2F..%2Fpackage.json`,
    `/doc/${sha}/page/%2Fetc%2Fpasswd`,
    `/doc/${sha}/page/1.png%2F..%2F..%2Fpackage.json`,
    `/doc/${sha}/page/../../../package.json`,
    `/doc/${sha}/../../package.json`,
    '/samples/real/gbc__unit_budget.pdf',
    `/doc/${join(ROOT, 'samples/real/gbc__unit_budget.pdf')}`,
    `/doc/${encodeURIComponent(join(ROOT, 'package.json'))}`,
    '/api/doc/..%2F..%2Fpackage.json/verdicts',
  ];

  it('answers ../-style and absolute paths with 404 and nothing of the file', async () => {
    for (const path of traversals(fx.pdf)) {
      const a = await raw(server.port, path);
      expect(a.status, path).toBe(404);
      expect(a.body, path).not.toContain('root:');
      expect(a.body, path).not.toContain(secret);
      expect(a.body, path).not.toMatch(/%PDF-|\bat .*\.ts:\d+|Error:/);
    }
  });

  it('answers unknown and malformed ids with 404 pages, without a stack trace', async () => {
    const unknown = 'f'.repeat(64);
    const cases = [
      `/doc/${unknown}`, `/doc/${unknown}/page/1.png`, `/api/doc/${unknown}/verdicts`,
      `/doc/${fx.pdf.toUpperCase()}`, `/doc/${fx.pdf.slice(0, 63)}`, `/doc/${fx.pdf}0`, `/doc/${fx.pdf.slice(0, 60)}'--`,
      `/doc/${fx.pdf}/page/0.png`, `/doc/${fx.pdf}/page/4.png`, `/doc/${fx.pdf}/page/99999.png`, `/doc/${fx.pdf}/page/-1.png`,
      `/doc/${fx.pdf}/page/1.PNG`, `/doc/${fx.pdf}/page/1.png.exe`, `/doc/${fx.pdf}/page/01.png`, `/doc/${fx.pdf}/page/1e1.png`,
      `/doc/${fx.text}/page/1.png`, // a text dump has no page images
      '/nothing-here', '/assets/missing.js',
    ];
    for (const path of cases) {
      const a = await raw(server.port, path);
      expect(a.status, path).toBe(404);
      expect(a.body, path).not.toMatch(/\bat .*\.ts:\d+|TypeError|SqliteError/);
    }
    expect((await post(server.port, `/api/doc/${unknown}/verdicts`, { key: 'exp.total', verdict: 'confirmed', reviewer: 'x' })).status).toBe(404);
    // a real page of the same document is there
    const page = await raw(server.port, `/doc/${fx.pdf}/page/1.png`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('image/png');
  }, 60_000);

  it('serves a document only while its file still hashes to its sha256', async () => {
    const db = openDb(fx.dbPath);
    try {
      // the database is the only place a path comes from: point it at another file
      db.prepare('UPDATE documents SET path = ? WHERE sha256 = ?').run(join(ROOT, 'package.json'), fx.text);
      const a = await raw(server.port, `/doc/${fx.text}`);
      expect(a.status).toBe(200);
      expect(a.body).toContain('has changed since it was ingested');
      expect(a.body).not.toContain(secret);
    } finally {
      db.prepare('UPDATE documents SET path = ? WHERE sha256 = ?').run(join(ROOT, 'samples/seed/fujian-12345-2026-budget.txt'), fx.text);
      db.close();
    }
  });
});

describe('yusuan serve: a document whose texts hold HTML and script', () => {
  it('shows every such text escaped, and no markup of its own', async () => {
    const a = await raw(server.port, `/doc/${fx.evil}`);
    expect(a.status).toBe(200);
    const html = a.body;
    // the only scripts are the page's own: its code and its JSON data block
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html).toContain('<script src="/assets/app.js" defer></script>');
    // parsed as a browser would: no element or event handler came from the document
    const tags = new Set<string>();
    const handlers: string[] = [];
    new Parser({ onopentag: (name, attrs) => { tags.add(name); handlers.push(...Object.keys(attrs).filter((a) => a.startsWith('on'))); } }).end(html);
    expect(handlers).toEqual([]);
    for (const t of ['img', 'b', 'i', 'textarea']) expect(tags.has(t), t).toBe(false);
    for (const line of EVIL_LINES) expect(html).toContain(line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    expect(html).toContain('&lt;script&gt;window.__pwned=3&lt;/script&gt;测试中心');
    // the JSON block cannot be closed from inside
    const data = /<script type="application\/json" id="doc-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(data).not.toMatch(/[<>]/);
    const parsed = JSON.parse(data) as { facts: Record<string, { sources: Array<{ text: string }> }> };
    expect(parsed.facts['exp.total']!.sources[0]!.text).toBe('100万元</script><script>window.__pwned=4</script>');
  });

  it('shows the list escaped too', async () => {
    const a = await raw(server.port, '/?q=%3Cscript%3E');
    expect(a.status).toBe(200);
    expect(a.body).toContain('value="&lt;script&gt;"');
    expect(a.body.match(/<script\b/g)).toHaveLength(1);
    expect(a.body).toContain('&lt;script&gt;window.__pwned=3&lt;/script&gt;测试中心');
  });
});

describe('yusuan serve: headers and requests', () => {
  it('sends a strict Content-Security-Policy and no-sniff on pages, images, JSON and errors', async () => {
    for (const path of ['/', `/doc/${fx.pdf}`, `/doc/${fx.pdf}/page/1.png`, `/api/doc/${fx.pdf}/verdicts`, '/assets/app.js', '/nope']) {
      const a = await raw(server.port, path);
      const csp = String(a.headers['content-security-policy']);
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(a.headers['x-content-type-options'], path).toBe('nosniff');
      expect(a.headers['x-frame-options'], path).toBe('DENY');
    }
  }, 60_000);

  it('answers only to a loopback Host (a DNS-rebinding page gets 403)', async () => {
    expect((await raw(server.port, '/', { headers: { Host: 'evil.example:80' } })).status).toBe(403);
    expect((await raw(server.port, '/', { headers: { Host: `localhost:${server.port}` } })).status).toBe(200);
    expect((await raw(server.port, '/', { headers: { Host: `[::1]:${server.port}` } })).status).toBe(200);
  });

  it('refuses writes from another site, as a form post, or not as JSON', async () => {
    const path = `/api/doc/${fx.pdf}/verdicts`;
    const v = { key: 'exp.total', verdict: 'confirmed', reviewer: 'mallory' };
    expect((await post(server.port, path, v, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(server.port, path, v, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    const form = await raw(server.port, path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'key=exp.total&verdict=confirmed&reviewer=m' });
    expect(form.status).toBe(403);
    const db = openDb(fx.dbPath, { readonly: true });
    try {
      expect((db.prepare("SELECT count(*) AS n FROM reviews WHERE reviewer = 'mallory'").get() as { n: number }).n).toBe(0);
    } finally {
      db.close();
    }
  });

  it('rejects bad verdicts with 400 and a reason, and never changes a fact', async () => {
    const db = openDb(fx.dbPath, { readonly: true });
    const factsBefore = db.prepare('SELECT doc, key, value_type, value FROM facts ORDER BY doc, key').all();
    const path = `/api/doc/${fx.pdf}/verdicts`;
    const bad: unknown[] = [
      { key: 'no.such.key', verdict: 'confirmed', reviewer: 'r' },
      { key: 'exp.total', verdict: 'maybe', reviewer: 'r' },
      { key: 'exp.total', verdict: 'confirmed', reviewer: '' },
      { key: 'exp.total', verdict: 'wrong', reviewer: 'r' },
      { key: 'exp.total', verdict: 'wrong', reviewer: 'r', rightValue: '12abc' },
      { key: 'exp.total', verdict: 'wrong', reviewer: 'r', rightValue: '1.234' },
      { key: 'exp.total', verdict: 'confirmed', reviewer: 'r', comment: 'x'.repeat(3000) },
      [1, 2],
    ];
    for (const b of bad) {
      const a = await post(server.port, path, b);
      expect(a.status, JSON.stringify(b).slice(0, 80)).toBe(400);
      expect(JSON.parse(a.body).error).toBeTypeOf('string');
    }
    expect((await raw(server.port, path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{not json' })).status).toBe(400);
    const ok = await post(server.port, path, { key: 'exp.total', verdict: 'wrong', reviewer: 'r', rightValue: '8,695.94万元', comment: 'the table says so' });
    expect(ok.status).toBe(201);
    expect(JSON.parse(ok.body).verdict.rightValue).toBe('86959400');
    expect(db.prepare('SELECT doc, key, value_type, value FROM facts ORDER BY doc, key').all()).toEqual(factsBefore);
    db.close();
  });
});

describe('yusuan serve: the token', () => {
  it('refuses a non-loopback host without --token, before anything listens', () => {
    for (const host of ['0.0.0.0', '192.0.2.10', '::', 'example.org']) {
      expect(isLoopback(host), host).toBe(false);
      expect(() => resolveServeOptions({ db: fx.dbPath, host }), host).toThrow(/needs --token/);
    }
    for (const host of ['127.0.0.1', '127.8.9.1', 'localhost', '::1', '[::1]']) expect(isLoopback(host), host).toBe(true);
    expect(() => resolveServeOptions({ db: fx.dbPath, host: '0.0.0.0', token: 'short' })).toThrow(/at least 16/);
    const cli = spawnSync(process.execPath, [join(ROOT, 'bin/yusuan.mjs'), 'serve', '--db', fx.dbPath, '--host', '0.0.0.0', '--port', '0'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, YUSUAN_TOKEN: '' } });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain('needs --token');
    expect(cli.stdout).not.toContain('http://');
  }, 60_000);

  it('asks every request for the token once one is set', async () => {
    const p = tokenServer.port;
    expect(tokenServer.url).toContain(`?token=${TOKEN}`);
    expect((await raw(p, '/')).status).toBe(401);
    expect((await raw(p, `/doc/${fx.pdf}`)).status).toBe(401);
    expect((await raw(p, `/doc/${fx.pdf}/page/1.png`)).status).toBe(401);
    expect((await raw(p, '/?token=wrong-token-0123456789')).status).toBe(401);
    expect((await raw(p, '/', { headers: { Cookie: 'yusuan_token=wrong' } })).status).toBe(401);
    expect((await post(p, `/api/doc/${fx.pdf}/verdicts`, { key: 'exp.total', verdict: 'confirmed', reviewer: 'r' })).status).toBe(401);
    // the printed URL: the token moves into a cookie and out of the address
    const first = await raw(p, `/?token=${TOKEN}&stage=budget`);
    expect(first.status).toBe(303);
    expect(first.headers['location']).toBe('/?stage=budget');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await raw(p, '/', { headers: { Cookie: cookie.split(';')[0]! } })).status).toBe(200);
    expect((await raw(p, '/', { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });
});
