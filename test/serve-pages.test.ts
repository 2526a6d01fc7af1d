// The review pages over what the identity stage and the coverage reports record (their tables
// and keys are made here as the lead's migration 003 and identity stage will make them): the
// identity confidence and the coverage in the list and on a document, '—' where absent; sorting
// by them; the list's filters and the failed inputs, in-process (no browser).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { openDb, type DB } from '../src/store/db.ts';
import { saveDisclosure } from '../src/store/repo.ts';
import { createApp } from '../src/serve/app.ts';
import { Renderer } from '../src/serve/renderer.ts';
import type { Fact, SourceFile } from '../src/core/types.ts';

let dir: string;
let db: DB;
let ro: DB;
let renderer: Renderer;
let app: Hono;
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
let HTML = '';

function store(sha: string, unit: string, year: number, meta: Record<string, string>, facts: Array<[string, string]>, severity?: 'error' | 'warning'): void {
  const file: SourceFile = { path: `/nowhere/${sha.slice(0, 4)}.txt`, name: `${unit}.txt`, sha256: sha, kind: 'text', bytes: 1 };
  const fs: Fact[] = facts.map(([key, yuan]) => ({ key, value: { type: 'amount', yuan }, sources: [{ doc: sha, file: file.name, page: null, line: 1, bbox: null, method: 'table', text: yuan }] }));
  saveDisclosure(db, file, { file, pages: [], warnings: [], meta }, {
    identity: { unit, year, stage: 'budget' },
    facts: fs,
    findings: severity ? [{ code: severity === 'error' ? 'V01' : 'K01', severity, message: 'm', keys: [], sources: [] }] : [],
  });
}

const get = async (path: string): Promise<string> => {
  const res = await app.request(path, { headers: { Host: '127.0.0.1' } });
  expect(res.status, path).toBe(200);
  return res.text();
};
const units = (html: string): string[] => [...html.matchAll(/<td class="unit"><a href="\/doc\/[0-9a-f]{64}">([^<]*)<\/a>/g)].map((m) => m[1]!);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yusuan-serve-pages-'));
  db = openDb(join(dir, 'p.db'));
  // identity as an object in meta, as JSON text in a string (meta values are strings), and none
  store(A, '甲单位', 2026, { identity: { confidence: 0.92, candidates: [{ unit: '甲单位', score: 3, from: 'cover' }] } } as unknown as Record<string, string>, [['exp.all.func.201.total', '100'], ['exp.all.func.204.total', '300']], 'error');
  store(B, '乙单位', 2025, { identity: JSON.stringify({ confidence: 0.41, candidates: [{ unit: '乙单位', score: 1, from: 'label' }, { unit: '丙单位', score: 1, from: 'title' }] }) }, [['rev.total', '5']], 'warning');
  store(C, '丁单位', 2026, {}, [['rev.total', '7']]);
  // one coverage report (migration 003), for A
  db.prepare('INSERT INTO doc_reports VALUES (?, ?)').run(A, JSON.stringify({ summary: { tablesFound: 12, tablesInterpreted: 10, tablesBalanced: 9, headlineMissing: ['tp.fiscal.total', 'ops.total'], rowsUnread: 4 } }));
  db.prepare("INSERT INTO runs (id, started_at, status, inputs, failed) VALUES (7, '2026-01-01T00:00:00Z', 'done', 1, 1)").run();
  db.prepare("INSERT INTO run_items (run_id, path, status, error_code, message, hint) VALUES (7, '/in/bad.pdf', 'failed', 'E_PDF_ENCRYPTED', 'bad.pdf: password-protected <PDF>', 'ask the publisher')").run();
  // an ordinary HTML page (paragraphs and a <table>), stored with a fact read at its line 13
  const htmlPath = new URL('./fixtures/html/county-civil-affairs.gb2312.html', import.meta.url).pathname;
  const bytes = readFileSync(htmlPath);
  const file: SourceFile = { path: htmlPath, name: 'county.html', sha256: createHash('sha256').update(bytes).digest('hex'), kind: 'html', bytes: bytes.length };
  HTML = file.sha256;
  saveDisclosure(db, file, { file, pages: [], warnings: [], meta: {} }, {
    identity: { unit: '某某县民政局', year: 2026, stage: 'budget' },
    facts: [{ key: 'exp.all.func.208.total', value: { type: 'amount', yuan: '10000000' }, sources: [{ doc: file.sha256, file: file.name, page: null, line: 13, bbox: null, method: 'table', text: '1,000.00' }] }],
    findings: [],
  });
  ro = openDb(join(dir, 'p.db'), { readonly: true });
  renderer = new Renderer();
  app = createApp({ db: ro, reviews: db, renderer, loopback: true, log: () => undefined });
});

afterAll(async () => {
  await renderer.close();
  ro.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the list over identity and coverage', () => {
  it('shows the identity confidence where recorded and — elsewhere, and the coverage report', async () => {
    const html = await get('/');
    const row = (unit: string): string => html.slice(html.indexOf(unit), html.indexOf('</tr>', html.indexOf(unit)));
    expect(row('甲单位')).toContain('<td>92%</td>');
    expect(row('乙单位')).toContain('<td>41%</td>');
    expect(row('丁单位')).toMatch(/<td>—<\/td><td>—<\/td><td>丁单位.txt/);
    expect(row('甲单位')).toContain('10/12 tables');
    expect(row('甲单位')).toContain('2 headline missing');
    expect(row('乙单位')).toMatch(/<td>41%<\/td><td>—<\/td>/);
  });

  it('sorts by confidence and by coverage, unknown last', async () => {
    expect(units(await get('/?sort=confidence&dir=desc')).slice(0, 2)).toEqual(['甲单位', '乙单位']);
    expect(units(await get('/?sort=confidence&dir=asc')).slice(0, 2)).toEqual(['乙单位', '甲单位']);
    expect(units(await get('/?sort=coverage&dir=asc'))[0]).toBe('甲单位');
    expect(units(await get('/?sort=year&dir=asc'))[0]).toBe('乙单位');
    expect(units(await get('/?sort=nonsense'))).toEqual(['丁单位', '乙单位', '某某县民政局', '甲单位'].sort());
  });

  it('filters by stage, year, code, severity and search, ignoring values it does not know', async () => {
    expect(units(await get('/?year=2025'))).toEqual(['乙单位']);
    expect(units(await get('/?code=V01'))).toEqual(['甲单位']);
    expect(units(await get('/?severity=warning'))).toEqual(['乙单位']);
    expect(units(await get('/?q=%E4%B8%81'))).toEqual(['丁单位']);
    expect(units(await get('/?q=%25'))).toEqual([]); // % is a character, not a wildcard
    expect(units(await get('/?stage=final'))).toEqual([]);
    expect(units(await get('/?year=20x5&severity=fatal&stage=x'))).toHaveLength(4);
  });

  it('shows the failed inputs of the last run with their error and hint', async () => {
    const plain = await get('/');
    expect(plain).toContain('The last run (7) failed on 1 input');
    const html = await get('/?failed=1');
    expect(html).toContain('<td class="path">/in/bad.pdf</td><td><code>E_PDF_ENCRYPTED</code></td><td>bad.pdf: password-protected &lt;PDF&gt;</td><td>ask the publisher</td>');
  });
});

describe('a document over identity and coverage', () => {
  it('shows the confidence with the candidates, and the coverage summary', async () => {
    const a = await get(`/doc/${A}`);
    expect(a).toContain('<dd id="identity-confidence">92% <span class="muted">甲单位 (3, cover)</span></dd>');
    expect(a).toContain('10/12 tables interpreted, 9 balanced, 4 rows unread; headline missing: <span class="warn">tp.fiscal.total, ops.total</span>');
    const b = await get(`/doc/${B}`);
    expect(b).toContain('41% <span class="muted">乙单位 (1, label); 丙单位 (1, title)</span>');
    expect(b).toContain('<dd id="coverage">—</dd>');
    const c = await get(`/doc/${C}`);
    expect(c).toContain('<dd id="identity-confidence">—</dd>');
  });

  it('says why a document whose file is gone cannot be shown, and still lists its facts and chart', async () => {
    const a = await get(`/doc/${A}`);
    expect(a).toContain('The document cannot be shown: 甲单位.txt: the file is no longer at /nowhere/aaaa.txt');
    expect(a).toContain('data-key="exp.all.func.204.total"');
    expect(a).toContain('id="chart-classes"');
  });

  it('shows an HTML page as the lines and table rows read from it, a source\'s line as its box', async () => {
    const h = await get(`/doc/${HTML}`);
    expect(h).toContain('<span class="tx">某某县民政局2026年部门预算公开</span>');
    expect(h).toMatch(/<li id="l13" class="line box" data-box="l13" data-page=""><span class="ln">13<\/span><span class="tx">[^<]*│[^<]*<\/span>/);
  });
});
