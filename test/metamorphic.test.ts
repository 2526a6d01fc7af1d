// Metamorphic tests (issue 11): the same spending table printed the ways publishers print it —
// columns in another order, headers in other words, codes split over 类|款|项 columns or in
// brackets, under a header no list knows, amounts in 元 rather than 万元, the table broken over
// a page with a running header between — must give the same facts.
import { describe, expect, it } from 'vitest';
import type { ExtractedDoc } from '../src/core/types.ts';
import { doc, grid, line } from './doc-builders.ts';
import { interpretExtracted } from '../src/pipeline/process-document.ts';


// code, name, 合计, 基本支出, 项目支出 (万元)
const ROWS: ReadonlyArray<readonly [string, string, string, string, string]> = [
  ['合计', '', '300.00', '180.00', '120.00'],
  ['201', '一般公共服务支出', '200.00', '150.00', '50.00'],
  ['20101', '人大事务', '200.00', '150.00', '50.00'],
  ['2010101', '行政运行', '150.00', '150.00', ''],
  ['2010102', '一般行政管理事务', '50.00', '', '50.00'],
  ['208', '社会保障和就业支出', '100.00', '30.00', '70.00'],
  ['20805', '行政事业单位养老支出', '100.00', '30.00', '70.00'],
  ['2080505', '机关事业单位基本养老保险缴费支出', '100.00', '30.00', '70.00'],
];
const HEADER = ['科目编码', '科目名称', '合计', '基本支出', '项目支出'];
const COVER = (page = 1) => [line('某某市某某局2026年部门预算', page), line('2026年一般公共预算支出表', page)];

/** The gpb spending facts a document gives, as key → yuan. */
function spending(d: ExtractedDoc): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of interpretExtracted(d).facts) if (f.key.startsWith('exp.gpb.') && f.value.type === 'amount') out[f.key] = f.value.yuan;
  return out;
}

const base = () => doc([[...COVER(), line('单位：万元', 1), grid([HEADER, ...ROWS.map((r) => [...r])], 1)]]);
const expected = spending(base());

describe('the same table printed another way gives the same facts', () => {
  it('reads the base table fully', () => {
    expect(expected).toMatchObject({
      'exp.gpb.total': '3000000',
      'exp.gpb.basic': '1800000',
      'exp.gpb.project': '1200000',
      'exp.gpb.func.201.total': '2000000',
      'exp.gpb.func.2010101.basic': '1500000',
      'exp.gpb.func.2080505.project': '700000',
    });
    expect(Object.keys(expected)).toHaveLength(3 + 7 * 3 - 2);
  });

  it('columns in another order', () => {
    const order = [1, 0, 4, 2, 3];
    const d = doc([[...COVER(), line('单位：万元', 1), grid([order.map((i) => HEADER[i]!), ...ROWS.map((r) => order.map((i) => r[i]!))], 1)]]);
    expect(spending(d)).toEqual(expected);
  });

  it('headers in other words', () => {
    const header = ['功能分类科目编码', '功能分类科目名称', '总计', '其中：基本支出', '专项业务经费支出'];
    const d = doc([[...COVER(), line('单位：万元', 1), grid([header, ...ROWS.map((r) => [...r])], 1)]]);
    expect(spending(d)).toEqual(expected);
  });

  it('codes split over 类 | 款 | 项 columns', () => {
    const split = (code: string): [string, string, string] => (/^\d{3,7}$/.test(code) ? [code.slice(0, 3), code.slice(3, 5), code.slice(5, 7)] : [code, '', '']);
    const header = [['科目编码', '', '', '科目名称', '合计', '基本支出', '项目支出'], ['类', '款', '项', '', '', '', '']];
    const d = doc([[...COVER(), line('单位：万元', 1), grid([...header, ...ROWS.map((r) => [...split(r[0]), ...r.slice(1)])], 1)]]);
    expect(spending(d)).toEqual(expected);
  });

  it('codes in brackets, joined to their names', () => {
    const d = doc([[...COVER(), line('单位：万元', 1), grid([['科目名称', '合计', '基本支出', '项目支出'], ...ROWS.map((r) => [r[0] === '合计' ? '合计' : `[${r[0]}]${r[1]}`, r[2], r[3], r[4]])], 1)]]);
    expect(spending(d)).toEqual(expected);
  });

  it('a code column under a header no list knows is read as codes, never as money', () => {
    // names the catalogue does not know, so only the printed codes can identify the rows
    const odd = ROWS.map((r, i) => [r[0], i === 0 ? '' : `本地事项${i}`, r[2], r[3], r[4]]);
    const known = spending(doc([[...COVER(), line('单位：万元', 1), grid([HEADER, ...odd], 1)]]));
    expect(known).toEqual(expected);
    for (const header of ['支出功能分类', '预算支出科目', '栏目']) {
      const d = doc([[...COVER(), line('单位：万元', 1), grid([[header, '科目名称', '合计', '基本支出', '项目支出'], ...odd], 1)]]);
      expect(spending(d), header).toEqual(expected);
    }
  });

  it('a second classification printed beside each row (部门经济 类|款 beside 政府经济 类|款) is not money', () => {
    const header = [['科目编码', '', '部门经济科目名称', '科目编码', '', '政府经济科目名称', '合计', '人员经费', '公用经费'], ['类', '款', '', '类', '款', '', '', '', '']];
    const rows = [
      ['', '', '合计', '', '', '', '30.00', '20.00', '10.00'],
      ['301', '', '工资福利支出', '501', '', '机关工资福利支出', '20.00', '20.00', ''],
      ['301', '01', '基本工资', '501', '01', '工资奖金津补贴', '20.00', '20.00', ''],
      ['302', '', '商品和服务支出', '502', '', '机关商品和服务支出', '10.00', '', '10.00'],
      ['302', '01', '办公费', '502', '01', '办公经费', '10.00', '', '10.00'],
    ];
    const d = doc([[line('某某市某某局2026年部门预算', 1), line('2026年一般公共预算基本支出表', 1), line('单位：万元', 1), grid([...header, ...rows], 1)]]);
    const facts = spending(d);
    expect(facts).toMatchObject({ 'exp.gpb.econ.301.basic': '200000', 'exp.gpb.econ.30201.basic': '100000', 'exp.gpb.econ.302.public': '100000', 'exp.gpb.personnel': '200000' });
    // the 政府经济 款 column ("01") never becomes an amount
    expect(Object.values(facts)).not.toContain('10000');
  });

  it('amounts in 元 instead of 万元', () => {
    const yuan = (t: string) => (t === '' ? '' : (Number(t) * 10000).toLocaleString('en-US', { minimumFractionDigits: 2 }));
    const d = doc([[...COVER(), line('单位：元', 1), grid([HEADER, ...ROWS.map((r) => [r[0], r[1], yuan(r[2]), yuan(r[3]), yuan(r[4])])], 1)]]);
    expect(spending(d)).toEqual(expected);
  });

  it('broken over a page, with a running header and a page number between', () => {
    const rows = ROWS.map((r) => [...r]);
    const d = doc([
      [...COVER(), line('单位：万元', 1), grid([HEADER, ...rows.slice(0, 4)], 1), line('- 1 -', 1)],
      [line('某某市某某局2026年部门预算公开', 2), grid(rows.slice(4), 2)],
    ]);
    expect(spending(d)).toEqual(expected);
  });
});
