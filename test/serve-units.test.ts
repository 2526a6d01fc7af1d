// The pure parts of `yusuan serve` and the verdict store: escaping, keys in words, facts in
// groups and trees, boxes, charts, right values, verdicts in force, and their export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { esc, html, jsonForScript } from '../src/serve/html.ts';
import { describeKey, parseKey } from '../src/serve/keys.ts';
import { groupFacts } from '../src/serve/groups.ts';
import { boxOf } from '../src/serve/doc-model.ts';
import { classChart } from '../src/serve/chart.ts';
import { groupDigits } from '../src/serve/format.ts';
import { textDumpLines } from '../src/serve/text-view.ts';
import { Catalogue } from '../src/normalize/catalogue.ts';
import { openDb, type DB } from '../src/store/db.ts';
import { saveDisclosure } from '../src/store/repo.ts';
import { parseRightValue, recordVerdict, verdictsOf } from '../src/store/reviews.ts';
import { exportFacts } from '../src/store/export.ts';
import { exportCsv } from '../src/store/csv.ts';
import type { Fact, SourceFile } from '../src/core/types.ts';

const names = { catalogue: Catalogue.standard(), year: 2026 };

describe('html templates', () => {
  it('escape every interpolation, nested templates once', () => {
    const evil = `<script>"x" & 'y'</script>`;
    expect(esc(evil)).toBe('&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;');
    const inner = html`<b>${evil}</b>`;
    expect(html`<p title="${evil}">${inner}${[evil, 1, null, undefined, false]}</p>`.text).toBe(
      `<p title="${esc(evil)}"><b>${esc(evil)}</b>${esc(evil)}1</p>`,
    );
  });

  it('JSON for a script block holds no < > & or line separators', () => {
    const j = jsonForScript({ a: '</script><!-- & \u2028' }).text;
    expect(j).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(j)).toEqual({ a: '</script><!-- & \u2028' });
  });
});

describe('fact keys in words', () => {
  it('parses each family of the key grammar', () => {
    expect(parseKey('exp.gpb.func.2010350.total_prior')).toMatchObject({ kind: 'class', scope: 'gpb', cls: 'func', code: '2010350', measure: 'total', suffix: '_prior', base: 'exp.gpb.func.2010350.total' });
    expect(parseKey('tp.fiscal.reception_change')).toMatchObject({ kind: 'scope', family: 'tp', scope: 'fiscal', measure: 'reception', suffix: '_change' });
    expect(parseKey('proj.信息化.建设.total')).toMatchObject({ kind: 'named', family: 'proj', name: '信息化.建设', measure: 'total' });
    expect(parseKey('units.福建省某某中心.rev.total')).toMatchObject({ kind: 'plain', unit: '福建省某某中心', family: 'rev' });
    expect(parseKey('rev.fiscal_change')).toMatchObject({ kind: 'plain', family: 'rev', suffix: '_change', base: 'rev.fiscal' });
  });

  it('names a key as the tables do', () => {
    expect(describeKey('exp.all.func.204.total', names)).toBe('全部资金 › 支出功能分类 › 204 公共安全支出 › 合计');
    expect(describeKey('exp.gpb.basic_prior', names)).toBe('一般公共预算 › 支出 › 基本支出·上年');
    expect(describeKey('exp.gpb.basic', names)).toBe('一般公共预算 › 支出 › 基本支出');
    expect(describeKey('tp.fiscal.total', names)).toBe('财政拨款 › “三公”经费 › “三公”经费合计');
    expect(describeKey('rev.fiscal_change', names)).toBe('财政拨款收入·比上年增减');
  });
});

describe('facts in groups', () => {
  const keys = [
    'rev.total', 'rev.fiscal', 'rev.fiscal_change', 'exp.total', 'exp.gpb.basic', 'exp.gpb.basic_prior',
    'exp.gpb.func.204.total', 'exp.gpb.func.20406.total', 'exp.gpb.func.2040601.total', 'exp.gpb.func.2040601.basic', 'exp.gpb.func.208.total', 'exp.gpb.func.2080505.total',
    'exp.gpb.econ.301.basic', 'exp.gpb.econ.30101.basic', 'tp.fiscal.total', 'tp.fiscal.travel', 'proj.信息化建设.total', 'perf.办件量', 'ops.total', 'units.某某中心.rev.total', 'unit.name',
  ];
  const groups = groupFacts(keys, names);

  it('puts each key in exactly one group, in reading order', () => {
    expect(groups.map((g) => g.id)).toEqual(['unit', 'rev', 'exp', 'func', 'econ', 'tp', 'proj', 'perf', 'other', 'units']);
    const seen: string[] = [];
    const walk = (nodes: ReadonlyArray<{ cells: ReadonlyArray<{ key: string }>; children: readonly unknown[] }>): void => {
      for (const n of nodes) {
        seen.push(...n.cells.map((c) => c.key));
        walk(n.children as typeof nodes);
      }
    };
    for (const g of groups) for (const s of g.sections) {
      for (const r of s.rows) seen.push(...r.cells.map((c) => c.key));
      walk(s.tree);
    }
    expect(seen.sort()).toEqual([...keys].sort());
  });

  it('draws classes as trees 类 > 款 > 项, a 项 without its 款 under its 类', () => {
    const tree = groups.find((g) => g.id === 'func')!.sections[0]!.tree;
    expect(tree.map((n) => n.code)).toEqual(['204', '208']);
    expect(tree[0]!.children[0]!.code).toBe('20406');
    expect(tree[0]!.children[0]!.children[0]).toMatchObject({ code: '2040601', label: '行政运行', level: 3 });
    expect(tree[0]!.children[0]!.children[0]!.cells.map((c) => c.label)).toEqual(['合计', '基本支出']);
    expect(tree[1]!.children[0]).toMatchObject({ code: '2080505', level: 3 });
  });

  it('keeps a figure and its 上年 / 增减 in one row', () => {
    const rev = groups.find((g) => g.id === 'rev')!.sections[0]!.rows;
    expect(rev.map((r) => r.label)).toEqual(['收入总计', '财政拨款收入']);
    expect(rev[1]!.cells.map((c) => c.label)).toEqual(['本年', '比上年增减']);
  });
});

describe('boxes, charts, numbers, lines', () => {
  it('ties a source to a box: a bbox on a PDF page, a line in a text view', () => {
    const a = boxOf({ page: 8, line: 3, bbox: [56, 237.84, 785, 261.8] }, 'pages');
    expect(a).toMatchObject({ page: 8, bbox: [56, 237.8, 785, 261.8] });
    expect(a!.id).toMatch(/^[A-Za-z0-9_]+$/);
    expect(boxOf({ page: 8, line: 3, bbox: [56, 237.8, 785, 261.8] }, 'pages')!.id).toBe(a!.id);
    expect(boxOf({ page: 8, line: 3, bbox: null }, 'pages')).toBeNull();
    expect(boxOf({ page: null, line: 42, bbox: null }, 'lines')!.id).toBe('l42');
    expect(boxOf({ page: 2, line: 42, bbox: null }, 'lines')!.id).toBe('p2l42');
  });

  it('draws the class chart as SVG with escaped labels, largest first', () => {
    const svg = classChart('t<>', [{ code: '201', label: '<b>a</b>', yuan: '100' }, { code: '204', label: 'b', yuan: '79189400.34' }]).text;
    expect(svg).toContain('<svg');
    expect(svg).not.toContain('<b>');
    expect(svg.indexOf('204')).toBeLessThan(svg.indexOf('201'));
    expect(svg).toContain('7,918.94 万元');
  });

  it('groups digits of exact decimals without a float', () => {
    expect(groupDigits('86959408.34')).toBe('86,959,408.34');
    expect(groupDigits('-1200')).toBe('-1,200');
    expect(groupDigits('12345678901234567890.01')).toBe('12,345,678,901,234,567,890.01');
  });

  it('numbers a dump\'s lines as the extractor does, a form feed starting a page', () => {
    const lines = textDumpLines(new TextEncoder().encode('a\r\nb\fc\nd\n'), 'x.txt');
    expect(lines).toEqual([
      { page: 1, line: 1, text: 'a' },
      { page: 1, line: 2, text: 'b' },
      { page: 2, line: 2, text: 'c' },
      { page: 2, line: 3, text: 'd' },
    ]);
  });
});

describe('verdicts', () => {
  let dir: string;
  let db: DB;
  const file = (name: string, sha: string): SourceFile => ({ path: `/nowhere/${name}`, name, sha256: sha, kind: 'text', bytes: 1 });
  const fact = (key: string, yuan: string, doc: string, method: 'table' | 'prose' = 'table'): Fact => ({ key, value: { type: 'amount', yuan }, sources: [{ doc, file: `${doc}.txt`, page: null, line: 1, bbox: null, method, text: yuan }] });
  const A = 'a'.repeat(64);
  const B = 'b'.repeat(64);
  const C = 'c'.repeat(64);

  function store(sha: string, unit: string, facts: Fact[], force = false): void {
    saveDisclosure(db, file(`${sha.slice(0, 4)}.txt`, sha), { file: file('x', sha), pages: [], warnings: [], meta: {} }, { identity: { unit, year: 2026, stage: 'budget' }, facts, findings: [] }, { force });
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'yusuan-verdicts-'));
    db = openDb(join(dir, 'v.db'));
    store(A, '甲单位', [fact('rev.total', '100', A), fact('exp.total', '100', A), fact('ops.total', '7', A)]);
    // one disclosure in two files (情况说明 and 报表): exported as one
    store(B, '乙单位', [fact('rev.total', '50', B, 'prose')]);
    store(C, '乙单位', [fact('rev.total', '50', C), fact('exp.total', '60', C)]);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses right values exactly: 元, 万元, counts and texts', () => {
    expect(parseRightValue('amount', '1,234.5')).toBe('1234.5');
    expect(parseRightValue('amount', '12.3万元')).toBe('123000');
    expect(parseRightValue('amount', '0.01')).toBe('0.01');
    expect(() => parseRightValue('amount', '0.001')).toThrow(/2 decimals/);
    expect(() => parseRightValue('amount', '5%')).toThrow(/not a number/);
    expect(parseRightValue('count', '3')).toBe('3');
    expect(() => parseRightValue('count', '3.5')).toThrow(/whole number/);
    expect(parseRightValue('text', ' ≥95% ')).toBe('≥95%');
  });

  it('are stored beside the facts, and export says confirmed / corrected / unreviewed', () => {
    const facts = db.prepare('SELECT * FROM facts ORDER BY doc, key').all();
    recordVerdict(db, { doc: A, key: 'rev.total', verdict: 'wrong', rightValue: '90', reviewer: 'r1' });
    recordVerdict(db, { doc: A, key: 'rev.total', verdict: 'confirmed', reviewer: 'r2', comment: 'r1 misread' });
    recordVerdict(db, { doc: A, key: 'exp.total', verdict: 'wrong', rightValue: '1.5万元', reviewer: 'r1' });
    expect(db.prepare('SELECT * FROM facts ORDER BY doc, key').all()).toEqual(facts);
    expect(verdictsOf(db, A).get('rev.total')!.map((v) => v.reviewer)).toEqual(['r1', 'r2']);
    const out = new Map([...exportFacts(db)].filter((f) => f.unit === '甲单位').map((f) => [f.key, f]));
    expect(out.get('rev.total')).toMatchObject({ value: 100, review: 'confirmed' });
    expect(out.get('rev.total')).not.toHaveProperty('review_value');
    expect(out.get('exp.total')).toMatchObject({ value: 100, review: 'corrected', review_value: 15000 });
    expect(out.get('ops.total')).toMatchObject({ review: 'unreviewed' });
    const csv = Papa.parse<Record<string, string>>(exportCsv(db), { header: true, skipEmptyLines: true }).data.filter((r) => r['doc'] === A);
    expect(csv.find((r) => r['key'] === 'exp.total')).toMatchObject({ review: 'corrected', review_value: '15000' });
    expect(csv.find((r) => r['key'] === 'ops.total')).toMatchObject({ review: 'unreviewed', review_value: '' });
    const view = db.prepare('SELECT key, status, right_value, verdicts FROM v_reviews WHERE doc = ? ORDER BY key').all(A);
    expect(view).toEqual([
      { key: 'exp.total', status: 'corrected', right_value: '15000', verdicts: 1 },
      { key: 'rev.total', status: 'confirmed', right_value: null, verdicts: 2 },
    ]);
  });

  it('count for a disclosure of two files, from either file', () => {
    recordVerdict(db, { doc: C, key: 'exp.total', verdict: 'confirmed', reviewer: 'r1' });
    recordVerdict(db, { doc: B, key: 'rev.total', verdict: 'confirmed', reviewer: 'r1' });
    const out = new Map([...exportFacts(db)].filter((f) => f.unit === '乙单位').map((f) => [f.key, f]));
    expect(out.get('exp.total')!.review).toBe('confirmed');
    expect(out.get('rev.total')!.review).toBe('confirmed');
  });

  it('outlive a re-ingest, but no longer count once the value they were given on has changed', () => {
    store(A, '甲单位', [fact('rev.total', '100', A), fact('exp.total', '95', A), fact('ops.total', '7', A)], true);
    const out = new Map([...exportFacts(db)].filter((f) => f.unit === '甲单位').map((f) => [f.key, f]));
    expect(out.get('rev.total')!.review).toBe('confirmed'); // same value: the verdict stands
    expect(out.get('exp.total')!.review).toBe('unreviewed'); // new value: not reviewed yet
    expect(verdictsOf(db, A).get('exp.total')).toHaveLength(1); // the history is kept
  });

  it('refuse an unknown fact and a reviewer without a name', () => {
    expect(() => recordVerdict(db, { doc: A, key: 'no.such', verdict: 'confirmed', reviewer: 'r' })).toThrow(/no fact/);
    expect(() => recordVerdict(db, { doc: A, key: 'rev.total', verdict: 'confirmed', reviewer: '  ' })).toThrow(/name/);
  });
});
