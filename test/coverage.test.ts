// Issue 11 as a user meets it: ingest with and without an identity table, the coverage report
// (per document and for the corpus), eval scoring identities and the headline families; and
// the extractor's repairs (amounts cut by a cell border, running headers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli } from './bulk-helpers.ts';
import { rejoinSplitAmounts } from '../src/extract/pdf/split-amounts.ts';
import { markRunningLines } from '../src/extract/pdf/furniture.ts';
import type { Page, TextLine } from '../src/core/types.ts';
import { isHeadlineKey } from '../src/eval/headline.ts';

// each run starts worker threads and reads real PDFs: generous on a loaded machine
const SLOW = 180_000;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yusuan-coverage-'));
  mkdirSync(join(dir, 'in'));
  copyFileSync(join(ROOT, 'samples/real/gbc__unit_budget.pdf'), join(dir, 'in', 'gbc.pdf'));
  copyFileSync(join(ROOT, 'samples/seed/fujian-12345-2026-budget.txt'), join(dir, 'in', 'fujian.txt'));
  copyFileSync(join(ROOT, 'samples/pdf/xian-p7.pdf'), join(dir, 'in', 'xian-p7.pdf'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ingest, coverage and identity scores from the command line', () => {
  it('reports per document and for the corpus what was read, without gold', { timeout: SLOW }, async () => {
    const db = join(dir, 'a.db');
    const run = await runCli(['ingest', join(dir, 'in'), '--db', db, '--quiet']).exit;
    expect(run.code).toBe(1); // xian-p7 is a page of prose, not a disclosure
    const r = await runCli(['report', '--coverage', '--db', db]).exit;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^gbc\.pdf: 上海市普陀区司法局 2026 budget \(identity 0\.\d\d\); tables \d+ found, \d+ typed, \d+ read, \d+ balanced; standard missing: none/m);
    expect(r.stdout).toMatch(/^fujian\.txt: 福建省12345政务服务便民热线中心 2026 budget/m);
    expect(r.stdout).toMatch(/^CORPUS 2 documents stored, 1 inputs failed in the last run \(E_NOT_DISCLOSURE 1\)$/m);
    expect(r.stdout).toMatch(/^ {2}tables: \d+ found, \d+ typed \(\d+%\), \d+ read/m);
    const brief = await runCli(['report', '--coverage', '--brief', '--db', db]).exit;
    expect(brief.stdout.split('\n')[0]).toMatch(/^CORPUS/);
  });

  it('an identity table wins over the content, says where they disagree, and rejects what it marks', { timeout: SLOW }, async () => {
    const db = join(dir, 'b.db');
    const table = join(dir, 'ids.tsv');
    writeFileSync(table, 'file\tunit\talt_units\tyear\tstage\tkind\ngbc.pdf\t上海市某区某局\t\t2026\tbudget\ttext\nfujian.txt\t福建省12345政务服务便民热线中心\t\t2026\tbudget\ttext\nxian-p7.pdf\t西安市民政局\t\t2026\tbudget\tnotdisclosure\n');
    const run = await runCli(['ingest', join(dir, 'in'), '--db', db, '--identity', table, '--json']).exit;
    const report = JSON.parse(run.stdout) as { outcomes: Array<{ path: string; status: string; unit?: string; errorCode?: string; message?: string }> };
    const by = (f: string) => report.outcomes.find((o) => o.path.endsWith(f))!;
    expect(by('gbc.pdf')).toMatchObject({ status: 'stored', unit: '上海市某区某局' });
    expect(by('xian-p7.pdf')).toMatchObject({ status: 'failed', errorCode: 'E_NOT_DISCLOSURE' });
    expect(by('xian-p7.pdf').message).toMatch(/identity table \(line 4\) marks this file as not a disclosure/);
    const findings = await runCli(['export', '--format', 'findings', '--db', db]).exit;
    expect(findings.stdout).toMatch(/"code":"I03".*上海市某区某局.*上海市普陀区司法局/);
    // scored against the same table: the one changed name is wrong, the rest right
    const scored = await runCli(['eval', '--identity', table, '--db', join(dir, 'a.db')]).exit;
    expect(scored.stdout).toMatch(/wrong {16}gbc\.pdf: expected 上海市某区某局 2026 budget, found 上海市普陀区司法局 2026 budget/);
    expect(scored.stdout).toMatch(/^IDENTITY 2\/3 right \(1 stored right, 1 rightly rejected\); 1 wrong, 0 disclosures rejected/m);
  });
});

describe('headline key families', () => {
  it('takes totals, 类 rows, 三公 and the procurement total; leaves changes, 款/项 rows, projects and sub-units out', () => {
    for (const k of ['unit.name', 'rev.total', 'exp.total', 'exp.gpb.basic', 'exp.all.func.201.total', 'exp.gpb.econ.301.basic', 'tp.gpb.reception', 'ops.total', 'proc.total']) expect(isHeadlineKey(k), k).toBe(true);
    for (const k of ['rev.total_change', 'exp.gpb.func.20101.total', 'exp.all.func.201.basic', 'proj.某项目.total', 'units.某中心.rev.total', 'exp.all.econ.301.basic', 'proc.goods', 'tp.gpb.total_prior']) expect(isHeadlineKey(k), k).toBe(false);
  });
});

describe('the extractor mends what the page layout broke', () => {
  it('joins an amount whose last digit crossed into the next cell', () => {
    const row = (cells: string[]) => ({ cells, top: 0, bottom: 1 });
    const rows = [
      row(['合计', '244,895.0', '2192,446.79', '13,486.0', '218,308.57']),
      row(['201', '190.63', '190.63', '', '']),
      row(['205', '64,945.40', '32,368.57', '12,063.96', '11,476.19']),
      ...['206', '207', '208'].map((c) => row([c, '1,000.00', '500.00', '250.00', '250.00'])),
    ];
    const { rows: out, repaired } = rejoinSplitAmounts(rows);
    expect(repaired).toBe(2);
    expect(out[0]!.cells).toEqual(['合计', '244,895.02', '192,446.79', '13,486.02', '18,308.57']);
    expect(out[2]).toBe(rows[2]);
  });
  it('leaves a grid alone whose amounts are not printed with two decimals', () => {
    const rows = [{ cells: ['1.5', '20.5'], top: 0, bottom: 1 }, { cells: ['2.5', '3.5'], top: 0, bottom: 1 }];
    expect(rejoinSplitAmounts(rows).repaired).toBe(0);
  });
  it('marks a header repeated at the top of many pages as running, and nothing else', () => {
    const l = (text: string, page: number, y: number): TextLine => ({ kind: 'line', text, raw: text, page, line: 1, bbox: [100, y, 300, y + 10] });
    const pages: Page[] = [1, 2, 3, 4].map((p) => ({ number: p, method: 'text', blocks: [l('某某局2026年度部门预算公开', p, 30), l(`正文第${p}页的一行`, p, 300)] }));
    const heights = new Map([1, 2, 3, 4].map((p) => [p, 842]));
    const marked = markRunningLines(pages, heights);
    for (const p of marked) {
      expect((p.blocks[0] as TextLine).running).toBe(true);
      expect((p.blocks[1] as TextLine).running).toBeUndefined();
    }
    // on two pages only, a line is not yet a running header
    expect(markRunningLines(pages.slice(0, 2), heights).every((p) => !(p.blocks[0] as TextLine).running)).toBe(true);
  });
});
