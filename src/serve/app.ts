// The review server's routes (Hono). Every id in a path is checked against a fixed pattern and
// looked up in the database; nothing from a request names a file. Bad ids are 404 pages, a
// failure inside is a 500 page without its stack (the stack goes to stderr).
import { readFileSync } from 'node:fs';
import { Hono, type Context } from 'hono';
import { YusuanError } from '../core/errors.ts';
import type { Severity } from '../core/types.ts';
import { Catalogue } from '../normalize/catalogue.ts';
import type { DB } from '../store/db.ts';
import { recordVerdict, statusOf, verdictInForce, verdictsOf, type Verdict } from '../store/reviews.ts';
import { loadFacts } from '../store/repo.ts';
import { loadDocView } from './document.ts';
import { filterChoices, getDocument, lastRunFailures, listDocuments, type ListQuery } from './queries.ts';
import type { Renderer } from './renderer.ts';
import { guard, securityHeaders } from './security.ts';
import { docPage } from './views/doc-page.ts';
import { errorPage } from './views/layout.ts';
import { isSortKey, listPage } from './views/list-page.ts';

export interface AppOptions {
  /** Read-only connection: everything the pages show. */
  readonly db: DB;
  /** The one connection that writes, and only verdicts. */
  readonly reviews: DB;
  readonly renderer: Renderer;
  readonly token?: string;
  readonly loopback: boolean;
  /** Documents listed at most (default 1000). */
  readonly listLimit?: number;
  readonly log?: (line: string) => void;
}

const SHA = /^[0-9a-f]{64}$/;
const PAGE_FILE = /^([1-9]\d{0,4})\.png$/;
const MAX_BODY = 16 * 1024;

const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  'app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  'style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

function loadAssets(): Map<string, { body: Buffer; type: string }> {
  const out = new Map<string, { body: Buffer; type: string }>();
  for (const [name, a] of Object.entries(ASSETS)) out.set(name, { body: readFileSync(new URL(`./assets/${a.file}`, import.meta.url)), type: a.type });
  return out;
}

function page(c: Context, status: number, body: { text: string }): Response {
  return c.body(body.text, status as 200, { 'Content-Type': 'text/html; charset=utf-8' });
}

function notFound(c: Context, what = 'Nothing here.'): Response {
  return c.req.path.startsWith('/api/') ? c.json({ error: what }, 404) : page(c, 404, errorPage(404, what));
}

function parseList(q: Record<string, string>): ListQuery {
  const year = /^\d{4}$/.test(q['year'] ?? '') ? Number(q['year']) : undefined;
  const sev = q['severity'];
  return {
    ...(q['q']?.trim() ? { q: q['q'].trim().slice(0, 200) } : {}),
    ...(q['stage'] === 'budget' || q['stage'] === 'final' ? { stage: q['stage'] } : {}),
    ...(year !== undefined ? { year } : {}),
    ...(q['code'] && /^[A-Za-z0-9_-]{1,40}$/.test(q['code']) ? { code: q['code'] } : {}),
    ...(sev === 'error' || sev === 'warning' || sev === 'info' ? { severity: sev as Severity } : {}),
    ...(q['sort'] && isSortKey(q['sort']) ? { sort: q['sort'] } : {}),
    ...(q['dir'] === 'desc' || q['dir'] === 'asc' ? { dir: q['dir'] } : {}),
  };
}

export function createApp(o: AppOptions): Hono {
  const app = new Hono();
  const assets = loadAssets();
  const catalogue = Catalogue.standard();
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const limit = o.listLimit ?? 1000;

  app.use('*', securityHeaders());
  app.use('*', guard({ loopback: o.loopback, ...(o.token ? { token: o.token } : {}) }, (c, status, message) =>
    c.req.path.startsWith('/api/') ? c.json({ error: message }, status) : page(c, status, errorPage(status, message)),
  ));

  app.get('/', (c) => {
    const raw = c.req.query();
    const query = parseList(raw);
    const { rows, total } = listDocuments(o.db, query, limit);
    return page(c, 200, listPage({ query, showFailed: raw['failed'] === '1', rows, total, limit, choices: filterChoices(o.db), lastRun: lastRunFailures(o.db) }));
  });

  app.get('/assets/:name', (c) => {
    const a = assets.get(c.req.param('name'));
    if (!a) return notFound(c);
    return c.body(new Uint8Array(a.body), 200, { 'Content-Type': a.type, 'Cache-Control': 'no-cache' });
  });

  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.get('/doc/:sha', async (c) => {
    const sha = c.req.param('sha');
    if (!SHA.test(sha)) return notFound(c, 'No such document.');
    const view = await loadDocView({ db: o.db, renderer: o.renderer, catalogue }, sha);
    if (!view) return notFound(c, 'No such document.');
    return page(c, 200, docPage(view));
  });

  app.get('/doc/:sha/page/:file', async (c) => {
    const sha = c.req.param('sha');
    const m = PAGE_FILE.exec(c.req.param('file'));
    if (!SHA.test(sha) || !m) return notFound(c, 'No such page.');
    const doc = getDocument(o.db, sha);
    const n = Number(m[1]);
    if (!doc || doc.kind !== 'pdf' || n > doc.pages) return notFound(c, 'No such page.');
    try {
      const img = await o.renderer.page(doc, n);
      return c.body(new Uint8Array(img.png), 200, { 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=86400' });
    } catch (err) {
      const e = err as YusuanError;
      log(`yusuan serve: ${doc.file} page ${n}: ${e.message}`);
      return c.body(`page ${n} cannot be drawn`, e.code === 'E_UNREADABLE' ? 404 : 500, { 'Content-Type': 'text/plain; charset=utf-8' });
    }
  });

  app.get('/api/doc/:sha/verdicts', (c) => {
    const sha = c.req.param('sha');
    const doc = SHA.test(sha) ? getDocument(o.db, sha) : undefined;
    if (!doc) return notFound(c, 'No such document.');
    const verdicts = verdictsOf(o.db, sha);
    const facts = loadFacts(o.db, doc);
    return c.json({
      doc: sha,
      facts: Object.fromEntries(facts.filter((f) => verdicts.has(f.key)).map((f) => [f.key, { status: statusOf(verdictInForce(f, verdicts.get(f.key))), verdicts: verdicts.get(f.key) }])),
    });
  });

  app.post('/api/doc/:sha/verdicts', async (c) => {
    const sha = c.req.param('sha');
    if (!SHA.test(sha) || !getDocument(o.db, sha)) return notFound(c, 'No such document.');
    const length = Number(c.req.header('content-length') ?? '0');
    if (length > MAX_BODY) return c.json({ error: 'the request is too large' }, 413);
    let body: Record<string, unknown>;
    try {
      const text = await c.req.text();
      if (text.length > MAX_BODY) return c.json({ error: 'the request is too large' }, 413);
      body = JSON.parse(text) as Record<string, unknown>;
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    } catch {
      return c.json({ error: 'the body must be a JSON object' }, 400);
    }
    const str = (k: string): string | undefined => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
    try {
      const v = recordVerdict(o.reviews, {
        doc: sha,
        key: str('key') ?? '',
        verdict: (str('verdict') ?? '') as Verdict,
        reviewer: str('reviewer') ?? '',
        ...(str('rightValue') !== undefined ? { rightValue: str('rightValue')! } : {}),
        ...(str('comment') !== undefined ? { comment: str('comment')! } : {}),
      });
      log(`yusuan serve: ${v.reviewer} marked ${v.key} of ${sha.slice(0, 12)} ${v.verdict}${v.rightValue !== null ? ` (right value ${v.rightValue})` : ''}`);
      return c.json({ verdict: v, status: statusOf(v) }, 201);
    } catch (err) {
      if (err instanceof YusuanError && err.code === 'E_USAGE') return c.json({ error: err.message, ...(err.hint ? { hint: err.hint } : {}) }, 400);
      throw err;
    }
  });

  app.notFound((c) => notFound(c));
  app.onError((err, c) => {
    log(`yusuan serve: ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
    return c.req.path.startsWith('/api/') ? c.json({ error: 'internal error' }, 500) : page(c, 500, errorPage(500, 'Something went wrong on the server; it was logged.'));
  });
  return app;
}
