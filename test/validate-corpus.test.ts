// The bundled disclosures end to end: the findings their gold files list are reported, the
// Fujian seed (whose books balance) gets nothing above 'info', and `eval` can split precision
// by whether a fact's table balances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../src/core/types.ts';
import { openDb, type DB } from '../src/store/db.ts';
import { ingest } from '../src/pipeline/ingest.ts';
import { listDocuments, loadFindings } from '../src/store/repo.ts';
import { evaluate, formatEval, readGoldFolder } from '../src/eval/run-eval.ts';
import { isFindingCode } from '../src/validate/codes.ts';

const samples = new URL('../samples/', import.meta.url).pathname;
let dir: string;
let db: DB;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yusuan-validate-'));
  db = openDb(join(dir, 't.db'));
  await ingest(db, [join(samples, 'seed'), join(samples, 'real')]);
}, 180_000);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function findings(file: string): Finding[] {
  const doc = listDocuments(db).find((d) => d.file === file);
  expect(doc, file).toBeDefined();
  return loadFindings(db, doc!);
}

function count(fs: readonly Finding[], code: string, re?: RegExp): number {
  return fs.filter((f) => f.code === code && (!re || re.test(f.message))).length;
}

describe('validation of the bundled disclosures', () => {
  it('finds nothing above info in the Fujian seed, whose books balance', () => {
    const fs = findings('fujian-12345-2026-budget.txt');
    expect(fs.filter((f) => f.severity !== 'info').map((f) => `${f.code} ${f.message}`)).toEqual([]);
  });

  it('uses only catalogued codes, and every finding cites a source', () => {
    for (const d of listDocuments(db)) {
      for (const f of loadFindings(db, d)) {
        expect(isFindingCode(f.code), `${d.file}: ${f.code}`).toBe(true);
        expect(f.sources.length, `${d.file}: ${f.message}`).toBeGreaterThan(0);
      }
    }
  });

  it('reports the gold findings of the Shanghai unit budget', () => {
    const fs = findings('gbc__unit_budget.pdf');
    // row 204 06 01 行政运行: 项目支出 copied from its 款, in 支出总表 and 一般公共预算支出表
    expect(count(fs, 'V06', /2040601.*looks misplaced/)).toBe(2);
    expect(count(fs, 'V07', /20406.*129,681,094.00元/)).toBe(2);
    // 人员经费/公用经费 of 收支总表 against the 基本支出 economic table, all money 一般公共预算
    expect(count(fs, 'X07', /人员经费/)).toBe(1);
    expect(count(fs, 'X07', /公用经费/)).toBe(1);
    // 基本支出 合计 printed without cents
    expect(count(fs, 'R01', /22,118,861元/)).toBeGreaterThanOrEqual(1);
    // prose: item 1's rate, items 7 and 13 restated, item 13's rate, the pre-2019 name, an empty reason
    expect(count(fs, 'N05', /1434.89万元 against 1690.69万元/)).toBe(1);
    expect(count(fs, 'N05', /207万元 against 241.76万元 is a change of -14.38%/)).toBe(1);
    expect(count(fs, 'N02', /56.12万元.*57.8万元/)).toBe(1);
    expect(count(fs, 'N02', /207万元.*170.03万元/)).toBe(1);
    expect(count(fs, 'N02', /医疗卫生与计划生育支出.*卫生健康支出/)).toBe(1);
    expect(count(fs, 'P01', /主要原因是。/)).toBe(1);
    // the tables that fail their own identities are marked
    expect(fs.filter((f) => f.code === 'B01').map((f) => f.sources[0]!.context).sort()).toEqual(['B3 2026年预算单位支出预算总表', 'B5 2026年预算单位一般公共预算支出功能分类预算表']);
  });

  it('reports the gold findings of the Jiangsu 2017 budget', () => {
    const fs = findings('openbudget-js__江苏省人大办公厅2017年度预算公开.pdf');
    expect(count(fs, 'N02', /10528.33万元 the 项 '人大事务行政运行'.*项 2010101 行政运行 is 4,545.94万元/)).toBe(1);
    expect(count(fs, 'N06', /8.75%.*7.22%.*16.81%.*2,54\d.\d\d万元.*32.78%/)).toBe(1);
    expect(count(fs, 'N04', /商品和服务支出.*1,585.96万元.*5,619.31万元/)).toBe(1);
  });

  it('reports the gold findings of the Fuzhou unit budget', () => {
    const fs = findings('renwu-fuzhou__生态环境局_2026年度福州市鼓楼生态环境局单位预算.pdf');
    expect(count(fs, 'K01', /share the name '污染物指标年均浓度'.*≤37.*≤20/)).toBe(1);
    expect(count(fs, 'U01', /3 units.*no row for 福州市鼓楼生态环境保护综合执法大队、福州市鼓楼环境监测站/)).toBe(1);
  });

  it('reports the gold findings of the Haikou seed', () => {
    const fs = findings('haikou-12345-2026-budget.txt');
    expect(count(fs, 'Y01')).toBe(2);
    expect(count(fs, 'R01', /一般公共预算.*624万元.*623.99万元/)).toBe(1);
    expect(count(fs, 'S01')).toBe(2);
  });

  it('lets eval split precision by whether the tables balance, adding lines only', () => {
    const r = evaluate(db, readGoldFolder(join(samples, 'gold')));
    const plain = formatEval(r, { details: false }).split('\n');
    const split = formatEval(r, { details: false, byBalance: true }).split('\n');
    expect(split.filter((l) => !/precision by balance/.test(l))).toEqual(plain);
    const gbc = r.balance[r.scores.findIndex((s) => s.file === 'gbc__unit_budget.pdf')]!;
    expect(gbc.unbalanced.counted).toBeGreaterThan(0);
    expect(gbc.balanced.counted).toBeGreaterThan(0);
    expect(split.at(-1)).toMatch(/^TOTAL precision by balance: tables that balance \d\.\d{3} \(\d+\/\d+\), tables that do not/);
  });
});
