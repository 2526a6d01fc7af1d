// Table interpreters on small grids in the layouts the corpus uses.
import { describe, expect, it } from 'vitest';
import type { Block, ExtractedDoc, GridRow, Page, TableGrid, TextLine } from '../src/core/types.ts';
import { interpretExtracted } from '../src/pipeline/process-document.ts';

let n = 0;
const line = (text: string): TextLine => ({ kind: 'line', text, raw: text, page: 1, line: ++n, bbox: null });
const grid = (rows: string[][]): TableGrid => ({
  kind: 'grid',
  page: 1,
  rows: rows.map((r): GridRow => ({ cells: r.map((t) => ({ text: t, raw: t })), page: 1, line: ++n, bbox: null })),
  quality: { method: 'ruled', rows: rows.length, columns: rows[0]!.length, emptyRatio: 0 },
});
function factsOf(blocks: Block[]): Record<string, string | number> {
  const doc: ExtractedDoc = {
    file: { path: 't.pdf', name: 't.pdf', sha256: 't', kind: 'pdf', bytes: 1 },
    pages: [{ number: 1, method: 'text', blocks: [line('2026年某某市某某局部门预算'), ...blocks] } as Page],
    warnings: [],
    meta: {},
  };
  const d = interpretExtracted(doc);
  return Object.fromEntries(d.facts.map((f) => [f.key, f.value.type === 'amount' ? f.value.yuan : f.value.value]));
}

describe('table interpreters', () => {
  it('read 类|款|项 columns where child rows leave their parents empty', () => {
    const f = factsOf([
      line('一般公共预算支出表'),
      line('单位：万元'),
      grid([
        ['科目编码', '', '', '科目名称', '合计', '基本支出', '', '', '项目支出'],
        ['类', '款', '项', '', '', '小计', '人员支出', '日常公用支出', ''],
        ['', '', '', '合计', '1,717.85', '1,192.85', '1,088.89', '103.96', '525.00'],
        ['201', '', '', '一般公共服务支出', '1,378.84', '854.84', '752.00', '102.84', '524.00'],
        ['', '40', '', '信访事务', '1,378.84', '854.84', '752.00', '102.84', '524.00'],
        ['', '', '01', '行政运行', '507.97', '507.97', '434.57', '73.40', ''],
      ]),
    ]);
    expect(f).toMatchObject({
      'exp.gpb.total': '17178500',
      'exp.gpb.basic': '11928500',
      'exp.gpb.personnel': '10888900',
      'exp.gpb.public': '1039600',
      'exp.gpb.func.20140.total': '13788400',
      'exp.gpb.func.2014001.basic': '5079700',
      'exp.gpb.func.2014001.personnel': '4345700',
    });
    expect(f['exp.gpb.func.2014001.project']).toBeUndefined(); // a blank cell is no fact
  });

  it('read a 三公 table by columns, with last year in its own column group', () => {
    const f = factsOf([
      line('一般公共预算“三公”经费支出表'),
      line('单位：万元'),
      grid([
        ['2025年预算数', '', '', '', '', '2026年预算数', '', '', '', ''],
        ['合计', '因公出国（境）费', '公务用车购置及运行费', '', '公务接待费', '合计', '因公出国（境）费', '公务用车购置及运行费', '', '公务接待费'],
        ['', '', '小计', '运行费', '', '', '', '小计', '运行费', ''],
        ['28.10', '3.00', '20.00', '20.00', '5.10', '25.02', '0', '20.00', '20.00', '5.02'],
      ]),
    ]);
    expect(f).toMatchObject({ 'tp.gpb.total': '250200', 'tp.gpb.total_prior': '281000', 'tp.gpb.vehicle_operation': '200000', 'tp.gpb.reception': '50200' });
  });

  it('read a project table, giving a unit its own projects', () => {
    const f = factsOf([
      line('项目支出预算表'),
      line('单位：万元'),
      grid([
        ['单位名称', '项目名称', '合计', '一般公共预算'],
        ['', '合计', '2,131.61', '2,008.00'],
        ['某某市某某局', '业务建设', '1,097.02', '1,002.10'],
        ['某某市某某服务中心', '系统维护', '146.69', '118.00'],
      ]),
    ]);
    expect(f).toMatchObject({ 'proj.业务建设.total': '10970200', 'units.某某市某某服务中心.proj.系统维护.total': '1466900' });
  });

  it('read a two-panel summary whose 上年结转 lists carry-over by fund', () => {
    const f = factsOf([
      line('财政拨款收支总表'),
      line('单位：万元'),
      grid([
        ['收入', '', '支出', '', '', ''],
        ['项目', '预算数', '项目', '合计', '一般公共预算', '政府性基金预算'],
        ['一、本年收入', '12,572.73', '一、本年支出', '13,252.62', '12,672.73', '579.89'],
        ['（一）一般公共预算资金', '12,572.73', '（一）社会保障和就业支出', '82.51', '82.51', ''],
        ['二、上年结转', '679.89', '二、结转下年', '', '', ''],
        ['（一）一般公共预算拨款', '100.00', '', '', '', ''],
        ['收入合计', '13,252.62', '支出合计', '13,252.62', '12,672.73', '579.89'],
      ]),
    ]);
    expect(f).toMatchObject({ 'rev.gpb': '125727300', 'exp.fiscal.total': '132526200', 'exp.gpb.total': '126727300', 'exp.gf.total': '5798900', 'exp.gpb.func.208.total': '825100' });
  });
});

describe('a table without a unit', () => {
  const blocks = (caption: Block[]): Block[] => [
    line('一、收支预算总体情况'),
    line('2026年收入预算8695.94万元，支出预算8695.94万元，其中基本支出1434.89万元。'),
    line('一般公共预算支出表'),
    ...caption,
    grid([
      ['科目编码', '科目名称', '合计', '基本支出', '项目支出'],
      ['204', '公共安全支出', '86,959,408.34', '14,348,853.34', '72,610,555.00'],
    ]),
  ];
  it('takes the unit in which its figures equal amounts the text states', () => {
    const f = factsOf(blocks([]));
    expect(f['exp.gpb.func.204.total']).toBe('86959408.34');
    expect(f['exp.gpb.func.204.basic']).toBe('14348853.34');
  });
  it('keeps a caption printed in the text layer, right or wrong', () => {
    const f = factsOf(blocks([line('单位：万元')]));
    expect(f['exp.gpb.func.204.total']).toBe('869594083400');
  });
});

describe('table interpreters, in the layouts of the crawled budgets', () => {
  it('a source column named 上年实户资金余额 is money of this year, not last year’s measure (西安市公安局)', () => {
    const f = factsOf([
      line('部门综合预算支出总表'),
      line('单位：元'),
      grid([
        ['单位编码', '单位名称', '合计', '一般公共预算拨款', '上年实户资金余额', '其他收入', '上年结转'],
        ['', '合计', '3,444,476,979.18', '3,246,385,029.74', '32,624,907.71', '34,440,000.00', '131,027,041.73'],
        ['153', '西安市公安局', '3,444,476,979.18', '3,246,385,029.74', '32,624,907.71', '34,440,000.00', '131,027,041.73'],
      ]),
    ]);
    expect(f['exp.all.total']).toBe('3444476979.18');
    expect(Object.keys(f).filter((k) => k.endsWith('_prior'))).toEqual([]);
  });
  it('read the standard summary rows 人员经费合计 / 公用经费合计 of an economic table', () => {
    const f = factsOf([
      line('一般公共预算基本支出表'),
      line('单位：万元'),
      grid([
        ['科目编码', '科目名称', '合计'],
        ['', '人员经费合计', '80.00'],
        ['301', '工资福利支出', '80.00'],
        ['', '公用经费合计', '20.00'],
        ['302', '商品和服务支出', '20.00'],
      ]),
    ]);
    expect(f).toMatchObject({ 'exp.gpb.personnel': '800000', 'exp.gpb.public': '200000', 'exp.gpb.econ.301.basic': '800000' });
  });

  it('a department row above its units (by unit id) repeats the 合计, and its 本级 unit is its own', () => {
    const d = interpretExtracted({
      file: { path: 't.pdf', name: 't.pdf', sha256: 't', kind: 'pdf', bytes: 1 },
      pages: [
        {
          number: 1,
          method: 'text',
          blocks: [
            line('2026年某某市某某局部门预算'),
            line('收入总表'),
            line('单位：万元'),
            grid([
              ['单位编码', '单位名称', '合计', '一般公共预算'],
              ['合计', '', '100.00', '100.00'],
              ['068', '某某市某某局', '100.00', '100.00'],
              ['068001', '某某市某某局', '70.00', '70.00'],
              ['068002', '某某市某某中心', '30.00', '30.00'],
            ]),
          ],
        } as Page,
      ],
      warnings: [],
      meta: {},
    });
    const f = Object.fromEntries(d.facts.map((x) => [x.key, x.value.type === 'amount' ? x.value.yuan : '']));
    expect(f).toMatchObject({ 'rev.current_total': '1000000', 'units.某某市某某局.rev.gpb': '700000', 'units.某某市某某中心.rev.gpb': '300000' });
    // no two values of one key from one table: nothing to report about the document
    expect(d.findings.filter((x) => x.code === 'K01')).toEqual([]);
  });
  it('a project named again on a row it heads is a detail of it, not more of it (西安 专项业务经费支出表)', () => {
    const f = factsOf([
      line('部门综合预算专项业务经费支出表'),
      line('单位：元'),
      grid([
        ['单位编码', '单位（项目）名称', '项目金额'],
        ['合计', '', '21,300,000.00'],
        ['', '援藏资金', '14,200,000.00'],
        ['', '援藏资金', '7,100,000.00'],
        ['', '援藏资金项目', '7,100,000.00'],
        ['', '政府驻外办保障', '7,100,000.00'],
      ]),
    ]);
    expect(f).toMatchObject({ 'proj.援藏资金.total': '14200000', 'proj.援藏资金项目.total': '7100000', 'proj.政府驻外办保障.total': '7100000' });
  });

  it('a project named on two rows that head nothing is their sum (one row per unit)', () => {
    const f = factsOf([
      line('项目支出表'),
      line('单位：元'),
      grid([
        ['项目名称', '合计'],
        ['合计', '300.00'],
        ['办公设备购置', '100.00'],
        ['办公设备购置', '200.00'],
      ]),
    ]);
    expect(f).toMatchObject({ 'proj.办公设备购置.total': '300' });
  });
});
