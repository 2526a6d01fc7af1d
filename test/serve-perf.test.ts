// `yusuan serve` on a big database: 1,000 documents (a real disclosure's rows copied under new
// ids and units), the list and a document page once warm, and page images rendered once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { makeFixture, type Fixture } from './serve-helpers.ts';
import { startServer, type RunningServer } from '../src/serve/server.ts';
import { resolveServeOptions } from '../src/serve/options.ts';
import { openDb } from '../src/store/db.ts';

const DOCS = 1000;
/** The bar, once warm (median of several requests). */
const BUDGET_MS = 200;

let fx: Fixture;
let server: RunningServer;

/** Copies of the PDF's document row, facts, sources and findings under ids 1…n-1. */
function grow(dbPath: string, sha: string, n: number): void {
  const db = openDb(dbPath);
  try {
    db.transaction(() => {
      db.exec(`CREATE TEMP TABLE ids AS WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < ${n - 1}) SELECT n, printf('%064d', n) AS sha FROM i`);
      db.prepare(`INSERT INTO documents (sha256, file, path, kind, bytes, unit, year, stage, pages, ocr_pages, meta, ingested_at)
        SELECT ids.sha, 'copy-' || ids.n || '.pdf', d.path || '.copy' || ids.n, d.kind, d.bytes, '单位' || (ids.n % 300), 2018 + ids.n % 9, d.stage, d.pages, d.ocr_pages, d.meta, d.ingested_at
        FROM ids, documents d WHERE d.sha256 = ?`).run(sha);
      db.prepare('INSERT INTO facts (doc, key, value_type, value) SELECT ids.sha, f.key, f.value_type, f.value FROM ids, facts f WHERE f.doc = ?').run(sha);
      db.prepare('INSERT INTO fact_sources (doc, key, seq, page, line, bbox, method, text, context) SELECT ids.sha, s.key, s.seq, s.page, s.line, s.bbox, s.method, s.text, s.context FROM ids, fact_sources s WHERE s.doc = ?').run(sha);
      db.prepare('INSERT INTO findings (doc, code, severity, message, keys, sources, expected, found) SELECT ids.sha, x.code, x.severity, x.message, x.keys, x.sources, x.expected, x.found FROM ids, findings x WHERE x.doc = ?').run(sha);
    })();
  } finally {
    db.close();
  }
}

async function timed(url: string): Promise<{ ms: number; status: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status, bytes: body.byteLength };
}

async function median(url: string, runs = 7): Promise<number> {
  for (let i = 0; i < 3; i++) await timed(url); // warm: the first answers also compile the code
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push((await timed(url)).ms);
  return ms.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

describe('yusuan serve on a database of 1,000 documents', () => {
  beforeAll(async () => {
    fx = await makeFixture('samples/pdf/gbc-unit-budget-p8-10.pdf', 'yusuan-serve-perf-');
    grow(fx.dbPath, fx.pdf, DOCS - 3);
    server = await startServer(resolveServeOptions({ db: fx.dbPath, port: 0 }), { log: () => undefined });
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    if (fx) rmSync(fx.dir, { recursive: true, force: true });
  });

  it(`lists all of them within ${BUDGET_MS} ms once warm, filtered and sorted too`, async () => {
    const all = await timed(server.url);
    expect(all.status).toBe(200);
    const list = await median(server.url);
    const sorted = await median(`${server.url}?sort=warnings&dir=desc&stage=budget`);
    const searched = await median(`${server.url}?q=${encodeURIComponent('单位1')}&severity=warning`);
    process.stdout.write(`serve-perf: list of ${DOCS} documents ${list.toFixed(0)} ms (${(all.bytes / 1024).toFixed(0)} KB), sorted ${sorted.toFixed(0)} ms, searched ${searched.toFixed(0)} ms\n`);
    expect(list).toBeLessThan(BUDGET_MS);
    expect(sorted).toBeLessThan(BUDGET_MS);
    expect(searched).toBeLessThan(BUDGET_MS);
  }, 120_000);

  it(`answers a document page within ${BUDGET_MS} ms once warm, and renders each page image once`, async () => {
    const url = `${server.url}doc/${fx.pdf}`;
    expect((await timed(url)).status).toBe(200);
    const doc = await median(url);
    const before = server.renderer.rendered;
    const first = await timed(`${url}/page/2.png`);
    const again = await timed(`${url}/page/2.png`);
    process.stdout.write(`serve-perf: document page ${doc.toFixed(0)} ms; page image first ${first.ms.toFixed(0)} ms, cached ${again.ms.toFixed(0)} ms\n`);
    expect(first.status).toBe(200);
    expect(again.bytes).toBe(first.bytes);
    expect(server.renderer.rendered - before).toBe(1);
    expect(doc).toBeLessThan(BUDGET_MS);
  }, 120_000);
});
