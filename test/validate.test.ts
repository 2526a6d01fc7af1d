// Each identity of src/validate on a handful of facts: one set that satisfies it, one that
// breaks it, and one where its rows or columns are absent (not applicable: no finding).
import { describe, expect, it } from 'vitest';
import type { Disclosure, Fact, Finding, GridRow, Source, Stage, TextLine } from '../src/core/types.ts';
import { toYuan, type MoneyUnit } from '../src/normalize/amount.ts';
import type { DocTable, ProseLine, SegmentedDoc } from '../src/segment/segment.ts';
import { classifyTable } from '../src/segment/table-kind.ts';
import { validateDisclosure } from '../src/validate/index.ts';
import { FINDING_CODES, describeCode, isFindingCode } from '../src/validate/codes.ts';
import { checkSum, formatAmount } from '../src/validate/amounts.ts';
import Big from 'big.js';
import { doc as buildDoc, grid as buildGrid, line as buildLine } from './doc-builders.ts';
import { interpretExtracted } from '../src/pipeline/process-document.ts';

const FILE = { path: '/t/t.pdf', name: 't.pdf', sha256: 'sha', kind: 'pdf', bytes: 1 } as const;

interface Where {
  /** A table context ("B3 支出总表"), or 'text' for a sentence. */
  readonly in?: string;
  readonly unit?: MoneyUnit;
  readonly page?: number;
  readonly line?: number;
}

let lineNo = 0;

/** A fact printed as `printed` (in 万元 unless told) in a table (B3 by default) or the text. */
function fact(key: string, printed: string, where: Where = {}): Fact {
  const unit = where.unit ?? '万元';
  const digits = printed.includes('.') ? printed.length - printed.indexOf('.') - 1 : 0;
  const prose = where.in === 'text';
  const source: Source = {
    doc: 'sha',
    file: 't.pdf',
    page: where.page ?? 1,
    line: where.line ?? ++lineNo,
    bbox: null,
    method: prose ? 'prose' : 'table',
    text: printed,
    ...(prose ? {} : { context: where.in ?? 'B3 支出总表' }),
  };
  return {
    key,
    value: { type: 'amount', yuan: toYuan(printed.replace(/,/g, ''), unit) },
    sources: [source],
    precision: { digits, unitYuan: unit === '万元' ? 10000 : 1 },
  };
}

function textFact(key: string, value: string, where: Where = {}): Fact {
  return { key, value: { type: 'text', value }, sources: [{ doc: 'sha', file: 't.pdf', page: where.page ?? 1, line: where.line ?? ++lineNo, bbox: null, method: 'table', text: value, context: where.in ?? 'B11 绩效目标表' }] };
}

function textLine(text: string, page = 6, line = ++lineNo): TextLine {
  return { kind: 'line', text, raw: text, page, line, bbox: null };
}

function gridRow(cells: readonly string[], page = 1, line = ++lineNo): GridRow {
  return { cells: cells.map((t) => ({ text: t, raw: t })), page, line, bbox: null };
}

function table(title: string, rows: readonly (readonly string[])[], opts: { page?: number; notes?: string[]; index?: number } = {}): DocTable {
  const page = opts.page ?? 1;
  const titleLine = textLine(title, page);
  return {
    index: opts.index ?? 0,
    title,
    titleLine,
    kind: classifyTable(title),
    unit: '万元',
    rows: rows.map((r) => gridRow(r, page)),
    grids: [],
    headings: [],
    notes: (opts.notes ?? []).map((n) => textLine(n, page)),
  };
}

interface Doc {
  readonly facts?: readonly Fact[];
  readonly prose?: readonly string[];
  readonly tables?: readonly DocTable[];
  readonly toc?: readonly string[];
  readonly findings?: readonly Finding[];
  readonly stage?: Stage;
  readonly year?: number;
}

function validate(d: Doc): Finding[] {
  const prose: ProseLine[] = (d.prose ?? []).map((t) => ({ line: textLine(t), headings: [], heading: null }));
  const seg: SegmentedDoc = {
    doc: { file: FILE, pages: [], warnings: [], meta: {} },
    prose,
    tables: d.tables ?? [],
    running: [],
    numberingIssues: [],
    cover: [],
    tocTitles: d.toc ?? [],
  };
  const disclosure: Disclosure = { identity: { unit: '某单位', year: d.year ?? 2026, stage: d.stage ?? 'budget' }, facts: d.facts ?? [], findings: d.findings ?? [] };
  return [...validateDisclosure(disclosure, seg).findings];
}

/**
 * Codes of the findings a check raised: not the bookkeeping B01, nor N09 (these documents are
 * a few facts without their tables; completeness is tested on its own below).
 */
function codes(d: Doc): string[] {
  return validate(d)
    .filter((f) => f.code !== 'B01' && f.code !== 'N09')
    .map((f) => f.code);
}

function only(d: Doc, code: string): Finding {
  const f = validate(d).filter((x) => x.code === code);
  expect(f, JSON.stringify(validate(d).map((x) => x.message))).toHaveLength(1);
  return f[0]!;
}

describe('tolerance', () => {
  it('allows half a display unit per term, so 624 万元 and four rows adding to 623.99 agree', () => {
    const a = (v: string, digits: number) => ({ key: v, value: new Big(toYuan(v, '万元')), half: new Big(10000).div(10 ** digits).div(2), digits, unitYuan: 10000 });
    expect(checkSum(a('624', 0), [a('505.61', 2), a('52.17', 2), a('37.42', 2), a('28.79', 2)], true).status).toBe('ok');
    expect(checkSum(a('624.00', 2), [a('505.61', 2), a('52.17', 2), a('37.42', 2), a('28.70', 2)], true).status).toBe('fail');
    // a term unknown: only an overshoot fails
    expect(checkSum(a('624.00', 2), [a('505.61', 2)], false).status).toBe('na');
    expect(checkSum(a('500.00', 2), [a('505.61', 2)], false).status).toBe('fail');
  });

  it('formats amounts the way they were printed', () => {
    expect(formatAmount(new Big('12696800'), { unitYuan: 10000, digits: 2 })).toBe('1,269.68万元');
    expect(formatAmount(new Big('14348853.34'), { unitYuan: 1, digits: 2 })).toBe('14,348,853.34元');
  });
});

describe('the code catalogue', () => {
  it('describes every code in one line', () => {
    for (const [code, info] of Object.entries(FINDING_CODES)) {
      expect(info.description.length, code).toBeGreaterThan(10);
      expect(info.description).not.toMatch(/\n/);
      expect(isFindingCode(code)).toBe(true);
    }
    expect(describeCode('K01')).toMatch(/two places/);
    expect(isFindingCode('Z99')).toBe(false);
  });

  it('covers every code the validator raises', () => {
    const f = validate({ facts: [fact('rev.total', '100.00', { in: 'B1 收支总表' }), fact('exp.total', '90.00', { in: 'B1 收支总表' })] });
    for (const x of f) expect(isFindingCode(x.code), x.code).toBe(true);
  });
});

describe('V01 收入总计 = 支出总计', () => {
  const B1 = { in: 'B1 收支总表' };
  it('holds', () => expect(codes({ facts: [fact('rev.total', '245.78', B1), fact('exp.total', '245.78', B1)] })).toEqual([]));
  it('fails as an error', () => {
    const f = only({ facts: [fact('rev.total', '245.78', B1), fact('exp.total', '240.00', B1)] }, 'V01');
    expect(f.severity).toBe('error');
    expect(f.keys).toEqual(['rev.total', 'exp.total']);
    expect(f.sources.map((s) => s.text)).toEqual(['245.78', '240.00']);
  });
  it('is not applicable without 支出总计', () => expect(codes({ facts: [fact('rev.total', '245.78', B1)] })).toEqual([]));
  it('is D01 in a final account', () => expect(codes({ stage: 'final', facts: [fact('rev.total', '245.78', B1), fact('exp.total', '240.00', B1)] })).toEqual(['D01']));
});

describe('V02 本年收入合计 = Σ sources', () => {
  const B1 = { in: 'B1 收支总表' };
  it('holds', () => expect(codes({ facts: [fact('rev.current_total', '100.00', B1), fact('rev.gpb', '80.00', B1), fact('rev.operations', '20.00', B1)] })).toEqual([]));
  it('fails when the sources exceed it', () => expect(codes({ facts: [fact('rev.current_total', '100.00', B1), fact('rev.gpb', '80.00', B1), fact('rev.operations', '30.00', B1)] })).toEqual(['V02']));
  it('fails when 财政拨款 ≠ its three funds', () => expect(codes({ facts: [fact('rev.fiscal', '100.00', B1), fact('rev.gpb', '80.00', B1), fact('rev.gf', '30.00', B1)] })).toEqual(['V02']));
  it('is not applicable when sources fall short and some may be unread', () =>
    expect(codes({ facts: [fact('rev.current_total', '100.00', B1), fact('rev.gpb', '80.00', B1)] })).toEqual([]));
});

describe('V03 收入总计 = 本年收入合计 + 上年结转', () => {
  const B1 = { in: 'B1 收支总表' };
  it('holds', () => expect(codes({ facts: [fact('rev.total', '110.00', B1), fact('rev.current_total', '100.00', B1), fact('rev.carryover', '10.00', B1)] })).toEqual([]));
  it('fails', () => expect(codes({ facts: [fact('rev.total', '120.00', B1), fact('rev.current_total', '100.00', B1), fact('rev.carryover', '10.00', B1)] })).toEqual(['V03']));
  it('is not applicable without a carry-over row', () => expect(codes({ facts: [fact('rev.total', '120.00', B1), fact('rev.current_total', '100.00', B1)] })).toEqual([]));
  it('counts a source printed below 本年收入合计 in 收入总计, not in 本年收入合计', () => {
    const b1 = table('收支总表', [
      ['项目', '预算数'],
      ['一、财政拨款收入', '28,685.65'],
      ['本年收入合计', '28,685.65'],
      ['上级补助收入', '3,403.00'],
      ['收入总计', '32,088.65'],
    ]);
    const at = (i: number) => ({ in: 'B1 收支总表', page: 1, line: b1.rows[i]!.line! });
    const facts = [fact('rev.fiscal', '28,685.65', at(1)), fact('rev.current_total', '28,685.65', at(2)), fact('rev.superior', '3,403.00', at(3)), fact('rev.total', '32,088.65', at(4)), fact('rev.carryover', '0.00', { in: 'B1 收支总表' })];
    expect(codes({ tables: [b1], facts })).toEqual([]);
  });
});

describe('V04 本年支出合计 = Σ 功能类; 支出总计 = 本年 + 结转下年', () => {
  const B1 = { in: 'B1 收支总表' };
  it('holds', () =>
    expect(codes({ facts: [fact('exp.current_total', '245.78', B1), fact('exp.all.func.201.total', '209.28', B1), fact('exp.all.func.208.total', '36.50', B1), fact('exp.total', '245.78', B1), fact('exp.carry_next', '0', B1)] })).toEqual([]));
  it('fails', () => expect(codes({ facts: [fact('exp.current_total', '245.78', B1), fact('exp.all.func.201.total', '209.28', B1), fact('exp.all.func.208.total', '30.00', B1)] })).toEqual(['V04']));
  it('fails on the grand total', () => expect(codes({ facts: [fact('exp.total', '250.00', B1), fact('exp.current_total', '245.78', B1), fact('exp.carry_next', '0', B1)] })).toEqual(['V04']));
  it('is not applicable without 类 rows', () => expect(codes({ facts: [fact('exp.current_total', '245.78', B1)] })).toEqual([]));
});

describe('V05 收入总表 row of a unit', () => {
  const B2 = { in: 'B2 收入总表' };
  it('holds', () => expect(codes({ facts: [fact('units.甲中心.rev.current_total', '50.00', B2), fact('units.甲中心.rev.gpb', '50.00', B2)] })).toEqual([]));
  it('fails', () => expect(codes({ facts: [fact('units.甲中心.rev.current_total', '50.00', B2), fact('units.甲中心.rev.gpb', '60.00', B2)] })).toEqual(['V05']));
  it('is not applicable without sources', () => expect(codes({ facts: [fact('units.甲中心.rev.current_total', '50.00', B2)] })).toEqual([]));
});

describe('V06 合计 = 基本支出 + 项目支出; 基本 = 人员 + 公用', () => {
  it('holds', () => expect(codes({ facts: [fact('exp.all.func.201.total', '100.00'), fact('exp.all.func.201.basic', '60.00'), fact('exp.all.func.201.project', '40.00')] })).toEqual([]));
  it('fails, and says which figure looks misplaced', () => {
    const f = only({ facts: [fact('exp.all.func.2040601.total', '14,348,853.34', { unit: '元' }), fact('exp.all.func.2040601.basic', '14,348,853.34', { unit: '元' }), fact('exp.all.func.2040601.project', '64,840,547.00', { unit: '元' })] }, 'V06');
    expect(f.message).toMatch(/项目支出 64,840,547.00元 looks misplaced/);
    expect(f.expected).toBe('79189400.34');
    expect(f.found).toBe('14348853.34');
  });
  it('fails on 基本 ≠ 人员 + 公用', () => expect(codes({ facts: [fact('exp.gpb.basic', '245.78'), fact('exp.gpb.personnel', '233.58'), fact('exp.gpb.public', '10.00')] })).toEqual(['V06']));
  it('is not applicable with only a total', () => expect(codes({ facts: [fact('exp.all.func.201.total', '100.00')] })).toEqual([]));
  it('reads a blank cell as 0 where the table has the column', () =>
    expect(codes({ facts: [fact('exp.all.func.201.total', '100.00'), fact('exp.all.func.201.basic', '60.00'), fact('exp.all.func.208.total', '10.00'), fact('exp.all.func.208.basic', '5.00'), fact('exp.all.func.208.project', '5.00')] })).toEqual(['V06']));
  it('treats a missing third bucket as not applicable where the document has 单位预留机动经费', () =>
    expect(codes({ facts: [fact('exp.all.reserve', '128.43', { in: 'B1 收支总表' }), fact('exp.all.func.201.total', '100.00'), fact('exp.all.func.201.basic', '60.00'), fact('exp.all.func.201.project', '30.00')] })).toEqual([]));
  it('is not applicable where the row holds money in a column no key holds (上缴上级支出)', () => {
    const b3 = table('支出总表', [
      ['科目编码', '科目名称', '合计', '基本支出', '项目支出', '上缴上级支出'],
      ['201', '一般公共服务支出', '100.00', '60.00', '30.00', '10.00'],
    ]);
    const at = { in: 'B3 支出总表', page: 1, line: b3.rows[1]!.line! };
    expect(codes({ tables: [b3], facts: [fact('exp.all.func.201.total', '100.00', at), fact('exp.all.func.201.basic', '60.00', at), fact('exp.all.func.201.project', '30.00', at)] })).toEqual([]);
  });
  it('is not applicable when a table figure meets a sentence figure', () =>
    expect(codes({ facts: [fact('exp.fiscal.total', '13,252.62'), fact('exp.fiscal.basic', '5,445.39', { in: 'text' }), fact('exp.fiscal.project', '7,227.34', { in: 'text' })] })).toEqual([]));
  it('is D03 / D05 in a final account', () => {
    const f = [fact('exp.all.func.201.total', '100.00'), fact('exp.all.func.201.basic', '60.00'), fact('exp.all.func.201.project', '50.00')];
    expect(codes({ stage: 'final', facts: f })).toEqual(['D03']);
    expect(codes({ stage: 'final', facts: f.map((x) => ({ ...x, key: x.key.replace('.all.', '.gpb.') })) })).toEqual(['D05']);
  });
});

describe('V07 classification hierarchy', () => {
  it('holds', () => expect(codes({ facts: [fact('exp.gpb.func.208.total', '13.68'), fact('exp.gpb.func.20805.total', '13.68'), fact('exp.gpb.func.2080505.total', '9.12'), fact('exp.gpb.func.2080506.total', '4.56')] })).toEqual([]));
  it('fails, and notices a parent figure copied into a child', () => {
    const f = only({ facts: [fact('exp.gpb.func.20406.project', '64.00'), fact('exp.gpb.func.2040601.project', '64.00'), fact('exp.gpb.func.2040604.project', '21.00')] }, 'V07');
    expect(f.message).toMatch(/Row 2040601 prints the same 64.00万元 as its parent/);
  });
  it('checks the 合计 row against the 类 rows', () => expect(codes({ facts: [fact('exp.gpb.total', '100.00'), fact('exp.gpb.func.201.total', '90.00'), fact('exp.gpb.func.208.total', '5.00')] })).toEqual(['V07']));
  it('is not applicable without children', () => expect(codes({ facts: [fact('exp.gpb.func.208.total', '13.68'), fact('exp.gpb.func.210.total', '4.87')] })).toEqual([]));
  it('does not fail a parent over children read from the text (they may be a selection)', () =>
    expect(codes({ facts: [fact('exp.gpb.func.20805.total', '13.68', { in: 'text' }), fact('exp.gpb.func.2080505.total', '9.12', { in: 'text' })] })).toEqual([]));
  it('does not fail a parent in a table with rows the reader could not place (C01)', () => {
    const c01: Finding = { code: 'C01', severity: 'warning', message: "row '其他' has no code", keys: [], sources: [{ doc: 'sha', file: 't.pdf', page: 1, line: 99, bbox: null, method: 'table', text: '其他', context: 'B3 支出总表' }] };
    expect(codes({ findings: [c01], facts: [fact('exp.all.func.21011.total', '71.65'), fact('exp.all.func.2101101.total', '60.85')] })).toEqual(['C01']);
  });
  it('reports a 合计 printed without decimals over rows with decimals as rounding (R01, info)', () => {
    const f = only({ facts: [fact('exp.gpb.total', '624', { in: 'text' }), fact('exp.gpb.func.201.total', '505.61', { in: 'text' }), fact('exp.gpb.func.208.total', '52.17', { in: 'text' }), fact('exp.gpb.func.210.total', '37.42', { in: 'text' }), fact('exp.gpb.func.221.total', '28.79', { in: 'text' })] }, 'R01');
    expect(f.severity).toBe('info');
    expect(f.message).toMatch(/623.99万元 differ by 100.00元/);
  });
});

describe('V08 财政拨款收支总表', () => {
  const B4 = { in: 'B4 财政拨款收支总表' };
  it('holds', () => expect(codes({ facts: [fact('exp.fiscal.func.201.total', '209.28', B4), fact('exp.gpb.func.201.total', '209.28', B4), fact('exp.gf.total', '0', B4)] })).toEqual([]));
  it('fails', () => expect(codes({ facts: [fact('exp.fiscal.func.201.total', '209.28', B4), fact('exp.gpb.func.201.total', '200.00', B4), fact('exp.gf.total', '0', B4), fact('exp.soe.total', '0', B4)] })).toContain('V08'));
  it('fails when this year’s 一般公共预算 income ≠ its spending with nothing carried over', () =>
    expect(codes({ facts: [fact('rev.gpb', '245.78', B4), fact('exp.gpb.total', '240.00', B4), fact('rev.carryover', '0', B4)] })).toEqual(['V08']));
  it('is not applicable without the fund columns', () => expect(codes({ facts: [fact('exp.fiscal.func.201.total', '209.28', B4)] })).toEqual([]));
  it('reads the table’s own 收入总计 against its 支出总计, both cells cited', () => {
    const table = (income: string) =>
      buildDoc([
        [
          buildLine('某某市某某局2026年部门预算', 1),
          buildLine('2026年财政拨款收支预算总表', 1),
          buildLine('单位：万元', 1),
          buildGrid([['收入', '', '支出', ''], ['项目', '预算数', '项目', '预算数'], ['一、一般公共预算', '245.78', '一、一般公共服务支出', '245.78'], ['收入总计', income, '支出总计', '245.78']], 1),
        ],
      ]);
    const v08 = (income: string) => interpretExtracted(table(income)).findings.filter((f) => f.code === 'V08' && /收入总计/u.test(f.message));
    expect(v08('245.78')).toEqual([]);
    const f = v08('265.78');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.sources.map((s) => s.text)).toEqual(['265.78', '245.78']);
  });
});

describe('V09 基本支出 economic rows', () => {
  const B6 = { in: 'B6 基本支出表' };
  it('holds', () => expect(codes({ facts: [fact('exp.gpb.econ.301.basic', '233.58', B6), fact('exp.gpb.econ.301.personnel', '233.58', B6), fact('exp.gpb.econ.301.public', '0', B6)] })).toEqual([]));
  it('fails', () => expect(codes({ facts: [fact('exp.gpb.econ.301.basic', '233.58', B6), fact('exp.gpb.econ.301.personnel', '200.00', B6), fact('exp.gpb.econ.301.public', '0', B6)] })).toEqual(['V09']));
  it('is not applicable with 合计 alone', () => expect(codes({ facts: [fact('exp.gpb.econ.301.basic', '233.58', B6)] })).toEqual([]));
  it('holds for the convention 人员经费 = 301 + 303, 公用经费 = the other 类', () =>
    expect(codes({ facts: [fact('exp.gpb.personnel', '2,906.80', B6), fact('exp.gpb.public', '838.27', B6), fact('exp.gpb.econ.301.basic', '2,709.90', B6), fact('exp.gpb.econ.303.basic', '196.90', B6), fact('exp.gpb.econ.302.basic', '760.37', B6), fact('exp.gpb.econ.310.basic', '77.90', B6)] })).toEqual([]));
  it('says once, as information, that a 303 row is counted as 公用经费 when the two still add up to the 类 (Hangzhou 2026)', () => {
    const f = only({ facts: [fact('exp.gpb.personnel', '2,906.80', B6), fact('exp.gpb.public', '838.27', B6), fact('exp.gpb.econ.301.basic', '2,709.90', B6), fact('exp.gpb.econ.303.basic', '249.90', B6), fact('exp.gpb.econ.302.basic', '760.37', B6), fact('exp.gpb.econ.310.basic', '24.90', B6)] }, 'V09');
    expect(f.severity).toBe('info');
    expect(f.message).toMatch(/split them another way than 301 \+ 303 \| the rest: 53.00万元 of 301 \+ 303 is counted as 公用经费/);
  });
  it('leaves the convention to a table that splits its economic rows itself (重庆 2026: 301 partly 公用经费)', () => {
    const f = codes({ facts: [fact('exp.gpb.personnel', '110.00', B6), fact('exp.gpb.public', '61.00', B6), fact('exp.gpb.econ.301.basic', '100.00', B6), fact('exp.gpb.econ.301.personnel', '90.00', B6), fact('exp.gpb.econ.301.public', '10.00', B6), fact('exp.gpb.econ.303.basic', '20.00', B6), fact('exp.gpb.econ.302.basic', '50.00', B6), fact('exp.gpb.econ.302.public', '50.00', B6)] });
    expect(f.filter((c) => c === 'V09')).toEqual([]);
  });
  it('fails twice when the parts do not add up to the 类 at all', () =>
    expect(codes({ facts: [fact('exp.gpb.personnel', '2,906.80', B6), fact('exp.gpb.public', '838.27', B6), fact('exp.gpb.econ.301.basic', '2,709.90', B6), fact('exp.gpb.econ.303.basic', '249.90', B6), fact('exp.gpb.econ.302.basic', '760.37', B6), fact('exp.gpb.econ.310.basic', '44.90', B6)] })).toEqual(['V09', 'V09']));
  it('is D06 in a final account', () => expect(codes({ stage: 'final', facts: [fact('exp.gpb.econ.301.basic', '233.58', B6), fact('exp.gpb.econ.301.personnel', '200.00', B6), fact('exp.gpb.econ.301.public', '0', B6)] })).toEqual(['D06']));
});

describe('V10 “三公”经费', () => {
  const B7 = { in: 'B7 三公经费表' };
  const tp = (f: string, v: string) => fact(`tp.gpb.${f}`, v, B7);
  it('holds', () => expect(codes({ facts: [tp('total', '10.71'), tp('travel', '0'), tp('reception', '0.73'), tp('vehicle', '9.98'), tp('vehicle_purchase', '0'), tp('vehicle_operation', '9.98')] })).toEqual([]));
  it('fails', () => expect(codes({ facts: [tp('total', '10.71'), tp('travel', '0'), tp('reception', '0.73'), tp('vehicle', '9.00')] })).toEqual(['V10']));
  it('fails on 公务用车 = 购置 + 运行', () => expect(codes({ facts: [tp('vehicle', '9.98'), tp('vehicle_purchase', '1.00'), tp('vehicle_operation', '9.98')] })).toEqual(['V10']));
  it('is not applicable without the items', () => expect(codes({ facts: [tp('total', '10.71')] })).toEqual([]));
  it('is D07 in a final account, for the 预算数 column too', () => expect(codes({ stage: 'final', facts: [fact('tp.fiscal.total_budget', '10.00', B7), fact('tp.fiscal.travel_budget', '5.00', B7), fact('tp.fiscal.reception_budget', '6.00', B7)] })).toEqual(['D07']));
});

describe('V11 / N05 this year − last year = the change', () => {
  it('holds', () => expect(codes({ facts: [fact('exp.gpb.total', '624', { in: 'text' }), fact('exp.gpb.total_prior', '743.73', { in: 'text' }), fact('exp.gpb.total_change', '-119.73', { in: 'text' })] })).toEqual([]));
  it('fails in a table (V11)', () => expect(codes({ facts: [fact('exp.gpb.func.201.total', '100.00'), fact('exp.gpb.func.201.total_prior', '90.00'), fact('exp.gpb.func.201.total_change', '20.00')] })).toEqual(['V11']));
  it('fails in the text (N05)', () => expect(codes({ facts: [fact('exp.gpb.total', '624.00', { in: 'text' }), fact('exp.gpb.total_prior', '743.73', { in: 'text' }), fact('exp.gpb.total_change', '-100.00', { in: 'text' })] })).toEqual(['N05']));
  it('is not applicable without last year’s figure', () => expect(codes({ facts: [fact('exp.gpb.total', '624', { in: 'text' }), fact('exp.gpb.total_change', '-119.73', { in: 'text' })] })).toEqual([]));
});

describe('V12 empty tables and their notes', () => {
  const header = ['科目编码', '科目名称', '小计', '基本支出', '项目支出'];
  it('holds: an empty fund table with a note naming its fund', () =>
    expect(codes({ tables: [table('政府性基金预算拨款支出预算表', [header, ['', '合计', '', '', '']], { notes: ['备注：本单位2026年度没有使用政府性基金预算拨款安排的支出。'] })] })).toEqual([]));
  it('fails: an empty table without a note', () => expect(codes({ tables: [table('国有资本经营预算拨款支出预算表', [header, ['', '合计', '0.00', '0.00', '0.00']])] })).toEqual(['V12']));
  it('fails: the note names another fund', () =>
    expect(codes({ tables: [table('国有资本经营预算拨款支出预算表', [header, ['', '合计', '', '', '']], { notes: ['备注：本单位没有使用政府性基金预算拨款安排的支出。'] })] })).toEqual(['V12']));
  it('fails: a table with figures says it is empty', () =>
    expect(codes({ tables: [table('政府性基金预算拨款支出预算表', [header, ['', '合计', '5.00', '5.00', '']], { notes: ['注：本表为空表。'] })] })).toEqual(['V12']));
  it('is not applicable to other tables', () => expect(codes({ tables: [table('一般公共预算拨款支出预算表', [header, ['', '合计', '', '', '']])] })).toEqual([]));
});

describe('X02 收支总表 本年支出合计 = 支出总表 合计', () => {
  it('holds', () => expect(codes({ facts: [fact('exp.current_total', '245.78', { in: 'B1 收支总表' }), fact('exp.all.total', '245.78')] })).toEqual([]));
  it('fails', () => expect(codes({ facts: [fact('exp.current_total', '245.78', { in: 'B1 收支总表' }), fact('exp.all.total', '240.00')] })).toEqual(['X02']));
  it('is not applicable without a 支出总表', () => expect(codes({ facts: [fact('exp.current_total', '245.78', { in: 'B1 收支总表' })] })).toEqual([]));
});

describe('X05 a fund shown as 0 has no spending rows', () => {
  it('holds', () => expect(codes({ facts: [fact('exp.gf.total', '0'), fact('exp.gf.func.206.total', '0')] })).toEqual([]));
  it('fails (and the 合计 row fails its 类 rows too)', () => expect(codes({ facts: [fact('exp.gf.total', '0.00'), fact('exp.gf.func.206.total', '5.00')] }).sort()).toEqual(['V07', 'X05']));
  it('is not applicable when the fund holds money', () => expect(codes({ facts: [fact('exp.gf.func.206.total', '5.00')] })).toEqual([]));
});

describe('X07 / X08 all funds ≥ 财政拨款 ≥ 一般公共预算', () => {
  it('holds', () => expect(codes({ facts: [fact('exp.all.basic', '100.00'), fact('exp.gpb.basic', '80.00', { in: 'B5 一般公共预算支出表' })] })).toEqual([]));
  it('fails when the narrower scope is larger', () => expect(codes({ facts: [fact('exp.all.public', '17.44'), fact('exp.gpb.public', '18.46', { in: 'B6 基本支出表' })] })).toEqual(['X07']));
  it('fails when all money is 一般公共预算 but the splits differ', () =>
    expect(codes({ facts: [fact('exp.all.total', '100.00'), fact('exp.gpb.total', '100.00', { in: 'B5 一般公共预算支出表' }), fact('exp.all.personnel', '60.00', { in: 'B1 收支总表' }), fact('exp.gpb.personnel', '59.00', { in: 'B6 基本支出表' })] })).toEqual(['X07']));
  it('fails per classification row (X08; the 财政拨款 row also fails its funds, V08)', () =>
    expect(codes({ facts: [fact('exp.fiscal.func.201.total', '10.00', { in: 'B4 财政拨款收支总表' }), fact('exp.gpb.func.201.total', '12.00', { in: 'B5 一般公共预算支出表' })] }).sort()).toEqual(['V08', 'X08']));
  it('is not applicable with one scope', () => expect(codes({ facts: [fact('exp.gpb.basic', '80.00')] })).toEqual([]));
});

describe('X09 经济分类 vs “三公”', () => {
  it('holds', () => expect(codes({ facts: [fact('exp.gpb.econ.30217.basic', '7,315.00', { unit: '元', in: 'B6 基本支出表' }), fact('tp.fiscal.reception', '0.73', { in: 'B7 三公' })] })).toEqual([]));
  it('fails', () => expect(codes({ facts: [fact('exp.gpb.econ.30217.basic', '9,000.00', { unit: '元', in: 'B6 基本支出表' }), fact('tp.fiscal.reception', '0.73', { in: 'B7 三公' })] })).toEqual(['X09']));
  it('is not applicable without the “三公” figure', () => expect(codes({ facts: [fact('exp.gpb.econ.30217.basic', '9,000.00', { unit: '元', in: 'B6 基本支出表' })] })).toEqual([]));
});

describe('X10 projects ≤ 项目支出', () => {
  const TITLE = '部门综合预算专项业务经费支出表';
  const B10 = { in: `B10 ${TITLE}`, unit: '元' as const };
  /** A 项目支出表 printed in 元 and the facts read from it (the same-named rows as one sum). */
  function projects(list: readonly [string, string][], project: string, extra: readonly Fact[] = []): Doc {
    const t = { ...table(TITLE, [['单位（项目）名称', '项目金额'], ...list], { page: 32 }), unit: '元' as const };
    const sums = new Map<string, Big>();
    for (const [name, v] of list) if (name !== '合计') sums.set(name, (sums.get(name) ?? new Big(0)).plus(v.replace(/,/g, '')));
    const lineOf = (name: string) => t.rows.find((r) => r.cells[0]!.text === name)!.line!;
    const facts = [...sums].map(([name, v]) => fact(`proj.${name}.total`, v.toFixed(2), { ...B10, page: 32, line: lineOf(name) }));
    return { tables: [t], facts: [fact('exp.all.project', project, { unit: '元' }), ...facts, ...extra] };
  }
  it('holds', () => expect(codes(projects([['甲', '3,000,000.00'], ['乙', '430,000.00']], '3,430,000.00'))).toEqual([]));
  it('fails', () => expect(codes(projects([['甲', '3,000,000.00'], ['乙', '1,430,000.00']], '3,430,000.00'))).toEqual(['X10']));
  it('is not applicable for projects named in the text', () => expect(codes({ facts: [fact('exp.all.project', '343.00'), fact('proj.甲.total', '500.00', { in: 'text' })] })).toEqual([]));
  // 西安市人民政府办公厅 2026 专项业务经费支出表 (元): categories, projects and their details in one
  // column, told apart only by their figures; counted flat they make twice 项目支出.
  const xian: [string, string][] = [
    ['通用项目', '5,706,100.00'], ['大型活动', '200,000.00'], ['督查、值班、参事培训', '200,000.00'], ['大宗印刷项目', '1,980,000.00'],
    ['文件、刊物、公报印制', '1,980,000.00'], ['委托咨询业务', '3,496,100.00'], ['档案整理', '289,100.00'], ['法律顾问服务', '50,000.00'],
    ['政府网站内容', '1,061,200.00'], ['政务公开及网站监管', '2,095,800.00'], ['宣传片拍摄制作项目', '30,000.00'], ['职转营商宣传片', '30,000.00'],
    ['专用项目', '21,796,500.00'], ['离退休干部、参事、馆员活动', '635,500.00'], ['离退休干部、参事馆员活动', '635,500.00'], ['援藏资金', '14,200,000.00'],
    ['援藏资金', '7,100,000.00'], ['援藏资金项目', '7,100,000.00'], ['政府驻外办保障', '6,961,000.00'], ['政府驻外办保障', '6,961,000.00'],
  ];
  it('holds when rows head the rows below them, a project heading a detail of its own name', () => expect(codes(projects(xian, '27,502,600.00'))).toEqual([]));
  it('fails when the projects exceed 项目支出 however the rows nest', () => expect(codes(projects(xian, '25,000,000.00'))).toEqual(['X10']));
  it('holds against the table’s own 合计 where the 支出总表 leaves out its carry-over column', () =>
    expect(codes(projects([['合计', '6,500,000.00'], ['甲', '3,000,000.00'], ['乙', '3,500,000.00']], '6,000,000.00'))).toEqual([]));
  it('fails when the projects exceed the table’s own 合计', () =>
    expect(codes(projects([['合计', '6,500,000.00'], ['甲', '3,000,000.00'], ['乙', '3,600,000.00']], '9,000,000.00'))).toEqual(['X10']));
  it('reads no nesting into figures that are not sums', () => expect(codes(projects([['甲', '3,000,000.00'], ['乙', '2,500,000.00'], ['丙', '1,000,000.00']], '6,000,000.00'))).toEqual(['X10']));
});

describe('X11 政府采购 = 货物 + 工程 + 服务', () => {
  it('holds', () => expect(codes({ facts: [fact('proc.total', '1484.2', { in: 'text' }), fact('proc.goods', '1.44', { in: 'text' }), fact('proc.works', '36.44', { in: 'text' }), fact('proc.services', '1446.32', { in: 'text' })] })).toEqual([]));
  it('fails', () => expect(codes({ facts: [fact('proc.total', '1484.20', { in: 'text' }), fact('proc.goods', '1.44', { in: 'text' }), fact('proc.works', '36.44', { in: 'text' }), fact('proc.services', '1456.32', { in: 'text' })] })).toEqual(['X11']));
  it('is not applicable without categories', () => expect(codes({ facts: [fact('proc.total', '1484.2', { in: 'text' })] })).toEqual([]));
});

describe('N02 an item described in the text', () => {
  const item = (restated: string) => `7、社会保障和就业支出（208类）行政事业单位养老支出（05款）行政单位离退休（01项）56.12万元。主要用于：退休人员支出。2025年当年预算执行数为57.43万元，2026年预算安排${restated}万元，比2025年预算执行数减少2.27%。`;
  it('holds when it keeps one figure', () => expect(codes({ prose: [item('56.12')] })).toEqual([]));
  it('fails when the paragraph restates it differently', () => {
    const f = only({ prose: [item('57.8')] }, 'N02');
    expect(f.message).toMatch(/given as 56.12万元 and, in the same paragraph, as 2026年预算安排57.8万元/);
  });
  it('is not applicable to a sub-item’s own figure', () =>
    expect(codes({ prose: ['1.一般公共服务（类）政府办公厅（室）及相关机构事务（款）2026年预算数为505.61万元，其中事业运行（项）2026年预算数为292.1万元。'] })).toEqual([]));
  it('fails on a 类 name not in force that year', () => {
    const f = only({ prose: ['11、医疗卫生与计划生育支出（210类）行政事业单位医疗（11款）行政单位医疗（01项）98.27万元。'] }, 'N02');
    expect(f.expected).toBe('卫生健康支出');
  });
  it('holds for the name in force that year', () => expect(codes({ year: 2017, prose: ['11、医疗卫生与计划生育支出（210类）行政单位医疗（01项）98.27万元。'] })).toEqual([]));
  it('fails on a figure called a 项 that is a 类/款 total (from a C02 reading finding)', () => {
    const c02: Finding = { code: 'C02', severity: 'warning', message: "the class path '人大事务行政运行（项）支出' names an item the catalogue does not know", keys: [], sources: [{ doc: 'sha', file: 't.pdf', page: 26, line: 5, bbox: null, method: 'prose', text: '人大事务行政运行（项）支出10528.33万元' }] };
    const B5 = { in: 'B5 财政拨款支出预算表' };
    const f = only({ year: 2017, findings: [c02], facts: [fact('exp.fiscal.func.201.total', '10,528.33', B5), fact('exp.fiscal.func.20101.total', '10,528.33', B5), fact('exp.fiscal.func.2010101.total', '4,545.94', B5)] }, 'N02');
    expect(f.message).toMatch(/类 201 .* \/ 款 20101 .*; 项 2010101 行政运行 is 4,545.94万元/);
  });
  it('passes over a table row whose value is not an amount (a misread cell) instead of failing', () => {
    const c02: Finding = { code: 'C02', severity: 'warning', message: 'x', keys: [], sources: [{ doc: 'sha', file: 't.pdf', page: 26, line: 5, bbox: null, method: 'prose', text: '人大事务行政运行（项）支出10528.33万元' }] };
    const B5 = { in: 'B5 财政拨款支出预算表' };
    const facts = [textFact('exp.fiscal.func.201.total', '一〇五二八', B5), fact('exp.fiscal.func.20101.total', '10,528.33', B5)];
    expect(() => validate({ year: 2017, findings: [c02], facts })).not.toThrow();
    expect(codes({ year: 2017, findings: [c02], facts })).toContain('N02');
  });
  it('is not applicable when no table row has the figure', () => {
    const c02: Finding = { code: 'C02', severity: 'warning', message: 'x', keys: [], sources: [{ doc: 'sha', file: 't.pdf', page: 26, line: 5, bbox: null, method: 'prose', text: '人大事务行政运行（项）支出10528.33万元' }] };
    expect(codes({ year: 2017, findings: [c02] })).toEqual(['C02']);
  });
});

describe('N04 a stated equality', () => {
  const claim = '十、一般公共预算机关运行经费支出预算表情况说明。财政拨款支出安排数与《部门一般公共预算基本支出预算表》的“商品和服务支出”支出数一致。';
  const goods = (v: string) => fact('exp.gpb.econ.302.basic', v, { in: 'B6 基本支出表' });
  it('holds', () => expect(codes({ prose: [claim], facts: [fact('ops.total', '1,585.96', { in: 'B13 机关运行经费表' }), goods('1,585.96')] })).toEqual([]));
  it('fails', () => expect(codes({ prose: [claim], facts: [fact('ops.total', '5,619.31', { in: 'B13 机关运行经费表' }), goods('1,585.96')] })).toEqual(['N04']));
  it('is not applicable without 机关运行经费', () => expect(codes({ prose: [claim], facts: [goods('1,585.96')] })).toEqual([]));
});

describe('N05 a stated rate of change', () => {
  const text = (cur: string, rate: string) => `2025年当年预算执行数为1690.69万元，2026年预算安排${cur}万元，比2025年预算执行数减少${rate}%。`;
  it('holds', () => expect(codes({ prose: [text('1434.89', '15.13')] })).toEqual([]));
  it('fails', () => {
    const f = only({ prose: [text('1434.89', '1.10')] }, 'N05');
    expect(f.message).toMatch(/1434.89万元 against 1690.69万元 is a change of -15.13%, but the text says 减少1.10%/);
  });
  it('holds for an amount of change and its rate', () => expect(codes({ prose: ['收、支总计13649.07万元，与上年相比增加844.15万元，增长6.59%。'] })).toEqual([]));
  it('fails for an amount of change and a wrong rate', () => expect(codes({ prose: ['收、支总计22066.59万元，与2023年相比，收、支总计各增加5834.37万元，增长35.74%。'] })).toEqual(['N05']));
  it('is not applicable without last year’s figure', () => expect(codes({ prose: ['2026年预算安排1434.89万元，比2025年预算执行数减少1.10%。'] })).toEqual([]));
  // 西安市公安局 2026, p.9: 上年结转 is this year's money carried over, not last year's level
  const xian = (rate: string) => `本部门当年财政拨款收入337,741.21万元，其中：一般公共预算拨款收入324,638.50万元、上年结转13,102.70万元，较上年减少130,014.30万元，下降${rate}%。`;
  it('holds for a change after a list that ends with 上年结转', () => expect(codes({ prose: [xian('27.80')] })).toEqual([]));
  it('fails for a wrong rate after such a list', () => expect(codes({ prose: [xian('37.80')] })).toEqual(['N05']));
  // renwu-xian 民政局: this year, last year and the change in one sentence, no rate
  const stated = (word: string) => `2021年本部门当年一般公共预算培训费预算支出102.32万元，较上年的40.11万元${word}62.21万元，主要原因是培训增加。`;
  it('holds for a change beside last year’s figure', () => expect(codes({ prose: [stated('增加')] })).toEqual([]));
  it('fails when the word goes the wrong way', () => {
    const f = only({ prose: [stated('减少')] }, 'N05');
    expect(f.message).toMatch(/102.32万元 against last year's 40.11万元 is a change of 62.21万元, but the text says 减少62.21万元/);
  });
  it('fails when the change would leave last year below nothing', () => {
    expect(codes({ prose: ['9.伤残抚恤（2080802）0.00万元，较上年减少1.20万元，下降100.00%。'] })).toEqual([]);
    const f = only({ prose: ['9.伤残抚恤（2080802）0.00万元，较上年增加1.20万元，下降100.00%。'] }, 'N05');
    expect(f.message).toMatch(/below nothing/);
  });
  it('fails when the amount is not the difference', () => expect(codes({ prose: [stated('增加').replace('62.21', '52.21')] })).toEqual(['N05']));
});

describe('D09 完成年初预算的X%', () => {
  const text = (pct: string, why = '') => `一般公共服务（类）信访事务（款）行政运行（项）。年初预算为5717.32万元，支出决算为5757.63万元，完成年初预算的${pct}%。${why}`;
  it('holds', () => expect(codes({ stage: 'final', year: 2024, prose: [text('100.71', '决算数大于预算数的主要原因是人员增加。')] })).toEqual([]));
  it('fails on the percentage', () => expect(codes({ stage: 'final', year: 2024, prose: [text('99.29')] })).toEqual(['D09']));
  it('fails on the direction the reason speaks of', () => expect(codes({ stage: 'final', year: 2024, prose: [text('100.71', '决算数小于预算数的主要原因是项目调减。')] })).toEqual(['D09']));
  it('is not applicable without the budget figure', () => expect(codes({ stage: 'final', year: 2024, prose: ['支出决算为5757.63万元，完成年初预算的100.71%。'] })).toEqual([]));
});

describe('N06 stated shares', () => {
  it('holds', () => expect(codes({ prose: ['本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%；项目支出603.14万元，占20.51%。'] })).toEqual([]));
  it('fails, naming the whole the shares imply', () => {
    const f = only({ prose: ['“三公”经费预算支出中，因公出国（境）费支出222.5万元，占“三公”经费的8.75%；公务用车购置及运行费支出183.6万元，占“三公”经费的7.22%；公务接待费支出427.5万元，占“三公”经费的16.81%。'] }, 'N06');
    expect(f.message).toMatch(/imply a whole of about 2,54\d\.\d\d万元/);
    expect(f.severity).toBe('warning');
  });
  it('is info when a share was nudged by one digit so that they add to 100%', () =>
    expect(only({ prose: ['包括人员支出2,906.80万元，占49.4%；日常公用支出838.27万元，占14.3%；项目支出2,131.61万元，占36.3%。'] }, 'N06').severity).toBe('info'));
  it('holds for a share of an amount stated earlier', () =>
    expect(codes({ prose: ['政府采购支出总额1967.42万元。授予中小企业合同金额1820.69万元，占政府采购支出总额的92.54%，其中：授予小微企业合同金额1015.5万元，占授予中小企业合同金额的55.78%。'] })).toEqual([]));
  it('is not applicable without an amount', () => expect(codes({ prose: ['货物采购授予中小企业合同金额占货物支出金额的9.16%。'] })).toEqual([]));
});

describe('N08 the table of contents', () => {
  const t = (title: string, i: number) => table(title, [['项目', '预算数'], ['合计', '1.00']], { index: i });
  it('holds', () => expect(codes({ toc: ['第二部分 2026年度单位预算表', '一、收支预算总表', '十二、政府采购支出预算表'], tables: [t('2026年度收支预算总表', 0), t('2017年政府采购预算表', 1)], year: 2026 }).filter((c) => c !== 'Y02')).toEqual([]));
  it('fails for a table promised but absent', () => {
    const f = only({ toc: ['一、收支预算总表', '七、国有资本经营预算拨款支出预算表'], tables: [t('2026年度收支预算总表', 0)] }, 'N08');
    expect(f.message).toMatch(/七、国有资本经营预算拨款支出预算表/);
  });
  it('is info when none is present (tables published as a separate file)', () => expect(only({ toc: ['一、收支总表', '二、收入总表'] }, 'N08').severity).toBe('info'));
  it('is not applicable without a table of contents', () => expect(codes({ tables: [t('2026年度收支预算总表', 0)] })).toEqual([]));
});

describe('P01 unfinished template text', () => {
  it('holds', () => expect(codes({ prose: ['公务用车购置及运行费9.98万元，与2025年预算数持平，主要原因是公务用车数量无变化。'] })).toEqual([]));
  it('fails on an empty reason', () => expect(codes({ prose: ['公务用车购置及运行费9.98万元，与2025年预算数持平，主要原因是。其中：公务用车购置费0万元。'] })).toEqual(['P01']));
  it('fails on a placeholder', () => expect(codes({ prose: ['XX单位2026年收入预算XX万元。'] })).toEqual(['P01']));
});

describe('U01 the units a budget covers', () => {
  const list = (names: string[]) => table('', [['序号', '单位名称'], ...names.map((n, i) => [`（${i + 1}）`, n])], { index: 0 });
  const b2 = (rows: string[]) => table('2026年度收入预算总表', [['单位名称', '合计', '一般公共预算拨款收入'], ['合计', '1269.68', '1269.68'], ...rows.map((r) => [r, '1269.68', '1269.68'])], { index: 1 });
  it('holds', () => expect(codes({ tables: [list(['甲局', '乙站']), b2(['甲局', '乙站'])] })).toEqual([]));
  it('fails', () => expect(only({ tables: [list(['甲局', '乙大队', '丙站']), b2(['甲局'])] }, 'U01').message).toMatch(/no row for 乙大队、丙站/));
  it('is not applicable for a single unit', () => expect(codes({ tables: [list(['甲局']), b2(['甲 局'])] })).toEqual([]));
});

describe('Y02 a table dated another year', () => {
  const t = (title: string) => table(title, [['项目', '预算数'], ['合计', '1.00']]);
  it('holds', () => expect(codes({ tables: [t('2026年度收支预算总表')] })).toEqual([]));
  it('fails', () => expect(codes({ tables: [t('2025年度收支预算总表')] })).toEqual(['Y02']));
  it('is not applicable to an undated title', () => expect(codes({ tables: [t('收支预算总表')] })).toEqual([]));
});

describe('B01 tables that do not balance', () => {
  it('marks the table a within-table identity failed in, by its context', () => {
    const f = validate({ facts: [fact('exp.all.func.201.total', '100.00', { in: 'B3 支出总表' }), fact('exp.all.func.201.basic', '60.00', { in: 'B3 支出总表' }), fact('exp.all.func.201.project', '50.00', { in: 'B3 支出总表' })] });
    const b01 = f.filter((x) => x.code === 'B01');
    expect(b01).toHaveLength(1);
    expect(b01[0]!.severity).toBe('info');
    expect(b01[0]!.sources[0]!.context).toBe('B3 支出总表');
  });
  it('marks nothing when the books balance', () => expect(validate({ facts: [fact('exp.all.func.201.total', '100.00'), fact('exp.all.func.201.basic', '60.00'), fact('exp.all.func.201.project', '40.00')] }).filter((f) => f.code !== 'N09')).toEqual([]));
});

describe('K01 conflicts', () => {
  it('are kept, in plain words, and their facts are left out of the identities', () => {
    const k01: Finding = {
      code: 'K01',
      severity: 'warning',
      message: 'perf.污染物指标年均浓度 is stated as ≤37 and as ≤20',
      keys: ['perf.污染物指标年均浓度'],
      sources: [textFact('perf.污染物指标年均浓度', '≤37微克/立方米').sources[0]!, textFact('perf.污染物指标年均浓度', '≤20微克/立方米').sources[0]!],
    };
    const f = only({ findings: [k01] }, 'K01');
    expect(f.message).toMatch(/2 performance indicators share the name '污染物指标年均浓度'/);
  });
  it('leave a contested figure out of the identities it would break again', () => {
    const k01: Finding = { code: 'K01', severity: 'warning', message: 'x', keys: ['exp.all.func.201.project'], sources: [] };
    expect(codes({ findings: [k01], facts: [fact('exp.all.func.201.total', '100.00'), fact('exp.all.func.201.basic', '60.00'), fact('exp.all.func.201.project', '50.00')] })).toEqual(['K01']);
  });
});

describe('findings point at the printed figures', () => {
  it('with page, line and the printed text of every term', () => {
    const f = only({ facts: [fact('exp.gpb.func.201.total', '100.00', { page: 11, line: 7 }), fact('exp.gpb.func.201.basic', '60.00', { page: 11, line: 7 }), fact('exp.gpb.func.201.project', '50.00', { page: 11, line: 7 })] }, 'V06');
    expect(f.sources).toEqual([
      expect.objectContaining({ page: 11, line: 7, text: '100.00', method: 'table', context: 'B3 支出总表' }),
      expect.objectContaining({ text: '60.00' }),
      expect.objectContaining({ text: '50.00' }),
    ]);
    expect(f.message).toMatch(/p\.11/);
  });
});

describe('N09 the standard tables of the stage', () => {
  const B = (title: string) => table(title, [['合计', '1.00']]);
  const standard = ['收支总表', '收入总表', '支出总表', '财政拨款收支总表', '一般公共预算支出表', '一般公共预算基本支出表', '一般公共预算“三公”经费支出表', '政府性基金预算支出表'];
  it('holds when all eight of a budget are present', () => expect(validate({ tables: standard.map(B) }).filter((f) => f.code === 'N09')).toEqual([]));
  it('names each one missing, with or without a table of contents', () => {
    const f = validate({ tables: standard.filter((t) => t !== '支出总表' && t !== '政府性基金预算支出表').map(B) }).filter((x) => x.code === 'N09');
    expect(f.map((x) => x.expected).sort()).toEqual(['B3', 'B8']);
    expect(f[0]!.severity).toBe('warning');
  });
  it('says once that a file holds none of them', () => {
    const f = validate({ prose: ['2026年收入预算100万元。'] }).filter((x) => x.code === 'N09');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/none of the standard tables/);
  });
  it('asks a final account for the national nine', () => {
    const f = validate({ stage: 'final', tables: ['收入支出决算总表', '收入决算表', '支出决算表'].map(B) }).filter((x) => x.code === 'N09');
    expect(f.map((x) => x.expected)).toEqual(['F4', 'F5', 'F6', 'F7', 'F8', 'F9']);
  });
});

describe('Y03 years of the text against the disclosure', () => {
  const heading = (title: string): ProseLine => {
    const line = textLine(title);
    const h = { marker: { kind: 'part', text: '第三部分', level: 1, value: 3 }, title, line, level: 1 } as unknown as NonNullable<ProseLine['heading']>;
    return { line, headings: [h], heading: h };
  };
  function withProse(lines: readonly ProseLine[], stage: Stage, year: number): Finding[] {
    const seg: SegmentedDoc = { doc: { file: FILE, pages: [], warnings: [], meta: {} }, prose: [...lines], tables: [], running: [], numberingIssues: [], cover: [], tocTitles: [] };
    return [...validateDisclosure({ identity: { unit: '某单位', year, stage }, facts: [], findings: [] }, seg).findings].filter((f) => f.code === 'Y03');
  }
  it('reports a section title naming the document’s stage for another year', () => {
    const f = withProse([heading('2023年度某局部门决算情况说明')], 'final', 2024);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ expected: '2024', found: '2023' });
  });
  it('leaves alone an item that compares with last year', () => {
    expect(withProse([heading('因公出国（境）费35.00万元，与2025年预算持平')], 'budget', 2026)).toEqual([]);
  });
  it('reports a cover line, contents entry or caption that dates the disclosure another year', () => {
    const p = (t: string): ProseLine => ({ line: textLine(t), headings: [], heading: null });
    for (const t of ['北京市财政局2025年度部门预算信息公开', '（2025年度）', '7.2025年预算单位国有资本经营预算支出功能分类预算表', '第二部分2025年度部门预算表', '三、2025年度部门主要工作任务及目标', '2025年海口市政府综合服务热线12345管理中心预算说明']) {
      const f = withProse([p(t)], 'budget', 2026);
      expect(f, t).toHaveLength(1);
      expect(f[0]).toMatchObject({ expected: '2026', found: '2025' });
    }
    expect(withProse([heading('2025年主要工作目标')], 'budget', 2026)).toHaveLength(1);
  });
  it('leaves alone lines about another year on purpose, sentences and the right year', () => {
    const p = (t: string): ProseLine => ({ line: textLine(t), headings: [], heading: null });
    for (const t of ['2026年度部门预算信息公开', '2025年部门预算执行情况', '2024年度部门决算', '比2025年预算增加235万元', '2025年，本部门圆满完成了各项工作任务，部门预算收入100万元', '上年结转2025年项目支出', '2025年收入预算3,942万元']) {
      expect(withProse([p(t)], 'budget', 2026), t).toEqual([]);
    }
  });
  it('dates holdings: the end of the year in a final account, the end of the year before in a budget', () => {
    const p = (t: string): ProseLine => ({ line: textLine(t), headings: [], heading: null });
    expect(withProse([p('截至2023年12月31日，本部门共有车辆3辆。')], 'final', 2024)).toHaveLength(1);
    expect(withProse([p('截至2024年12月31日，本部门共有车辆3辆。')], 'final', 2024)).toEqual([]);
    expect(withProse([p('截至2025年12月31日，本部门共有车辆3辆。')], 'budget', 2026)).toEqual([]);
    expect(withProse([p('截至2023年12月31日，本部门共有车辆3辆。')], 'budget', 2026)).toHaveLength(1);
  });
});
