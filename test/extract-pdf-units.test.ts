// Pure parts of the PDF extractor on hand-made input: runs, rulings, grids, furniture.
import { describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { isFurniture, isPageNumberText } from '../src/extract/pdf/furniture.ts';
import { buildRuledGrid, findAlignedGrids } from '../src/extract/pdf/grid.ts';
import { itemsToRuns, makeLine, runsToLines, type Run } from '../src/extract/pdf/items.ts';
import { layoutPage } from '../src/extract/pdf/index.ts';
import { OP, extractRulings, findRuledTables, snapAndJoin } from '../src/extract/pdf/rulings.ts';
import type { Block, TableGrid, TextLine } from '../src/core/types.ts';
import { joinRowsSplitByPageBreak } from '../src/extract/pdf/page-break.ts';

/** Viewport of an A4 portrait page at scale 1: flips y so the origin is top-left. */
const VIEW = [1, 0, 0, -1, 0, 842];
/** A text item at (x, top-left baseline y) of `size` points. */
const item = (str: string, x: number, y: number, width: number, size = 10) => ({ str, transform: [size, 0, 0, size, x, 842 - y], width, height: size });
const run = (text: string, x0: number, base: number, size = 10): Run => ({
  text,
  x0,
  x1: x0 + [...text].reduce((w, ch) => w + (/[\u4e00-\u9fff]/.test(ch) ? size : size / 2), 0),
  top: base - size * 0.88,
  bottom: base + size * 0.12,
  base,
  size,
  rotated: false,
});

describe('items → runs', () => {
  it('drops whitespace-only items and places text top-left', () => {
    const runs = itemsToRuns([item(' ', 10, 100, 5), item('', 10, 100, 0), item('合计', 50, 100, 20)], VIEW);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.text).toBe('合计');
    expect(runs[0]!.x0).toBeCloseTo(50);
    expect(runs[0]!.base).toBeCloseTo(100);
    expect(runs[0]!.top).toBeLessThan(100);
  });

  it('splits an item at its spaces: `3 (` held the end of one cell and the start of the next (renwu-chongqing p11)', () => {
    const runs = itemsToRuns([item('3 (', 298.88, 100, 23.29, 10.29)], VIEW);
    expect(runs.map((r) => r.text)).toEqual(['3', '(']);
    expect((runs[0]!.x0 + runs[0]!.x1) / 2).toBeLessThan(309);
    expect(runs[1]!.x0).toBeGreaterThan(309);
  });

  it('splits `86,959,408.34 一、公共安全支出` with the jump given to the gap', () => {
    const runs = itemsToRuns([item('86,959,408.34 一、公共安全支出', 200.1, 250, 172, 12)], VIEW);
    expect(runs.map((r) => r.text)).toEqual(['86,959,408.34', '一、公共安全支出']);
    expect(runs[0]!.x1).toBeLessThan(274.2);
    expect(runs[1]!.x0).toBeGreaterThan(274.2);
    expect(runs[1]!.x1).toBeCloseTo(372.1, 0);
  });

  it('removes fake-bold duplicates drawn a fraction of a point apart', () => {
    const runs = itemsToRuns([item('预算', 100, 100, 20), item('预算', 100.3, 100.2, 20), item('预算', 300, 100, 20)], VIEW);
    expect(runs.map((r) => r.x0.toFixed(0))).toEqual(['100', '300']);
  });

  it('groups runs into lines by baseline and orders them by x', () => {
    const ls = runsToLines([run('b', 80, 101), run('a', 20, 100), run('c', 20, 130)]);
    expect(ls.map((l) => l.runs.map((r) => r.text).join(''))).toEqual(['ab', 'c']);
  });
});

describe('rulings from the operator list', () => {
  const path = (paint: number, ...rects: [number, number, number, number][]) => {
    const d: number[] = [];
    for (const [x, y, w, h] of rects) d.push(0, x, y, 1, x + w, y, 1, x + w, y + h, 1, x, y + h, 4);
    return [paint, [new Float32Array(d)], null];
  };
  const ops = (list: [number, unknown][]) => ({ fnArray: list.map((o) => o[0]), argsArray: list.map((o) => o[1]) });

  it('uses the same OPS codes as pdf.js', () => {
    for (const [k, v] of Object.entries(OP)) expect(v).toBe((pdfjs.OPS as Record<string, number>)[k]);
  });

  it('turns thin filled rectangles into rules, ignores white fills and clipping paths, applies the CTM', () => {
    const r = extractRulings(
      ops([
        [OP.save, null],
        [OP.transform, [1, 0, 0, 1, 10, 0]],
        [OP.setFillRGBColor, ['#000000']],
        [OP.constructPath, path(OP.eoFill, [100, 700, 200, 0.5], [100, 600, 0.5, 100])],
        [OP.setFillRGBColor, ['#ffffff']],
        [OP.constructPath, path(OP.eoFill, [100, 650, 200, 0.5])],
        [OP.constructPath, path(OP.endPath, [0, 0, 595, 842])],
        [OP.restore, null],
      ]),
      VIEW,
      595,
      842,
    );
    expect(r.h).toHaveLength(1);
    expect(r.h[0]!.x0).toBeCloseTo(110);
    expect(r.h[0]!.y).toBeCloseTo(842 - 700.25);
    expect(r.v).toHaveLength(1);
    expect(r.v[0]!.x).toBeCloseTo(110.25);
  });

  it('builds a lattice, fills merged cells in their first column, and never merges two numbers', () => {
    // 3 columns x 2 rows; the top row's first two cells are merged (no rule between them),
    // the bottom row's middle rule is missing but holds two numbers.
    const h = [
      { y: 100, x0: 0, x1: 300 },
      { y: 120, x0: 0, x1: 300 },
      { y: 140, x0: 0, x1: 300 },
    ];
    const v = [
      { x: 0, y0: 100, y1: 140 },
      { x: 200, y0: 100, y1: 140 },
      { x: 300, y0: 100, y1: 140 },
      { x: 100, y0: 140, y1: 140.5 },
    ];
    const [t] = findRuledTables(snapAndJoin({ h, v }));
    expect(t!.xs.length).toBeGreaterThanOrEqual(3);
    const withMid = { ...t!, xs: [0, 100, 200, 300] };
    const runs = [run('预算数', 80, 114), run('合计', 230, 114), run('1.00', 20, 134), run('2.00', 150, 134), run('3.00', 250, 134)];
    const { grid } = buildRuledGrid(withMid, runs);
    expect(grid.rows.map((r) => r.cells)).toEqual([
      ['预算数', '', '合计'],
      ['1.00', '2.00', '3.00'],
    ]);
  });
});

describe('bands between two rules holding several rows', () => {
  // Frame, a rule under the header, column rules; no rules between the body rows.
  const table = {
    xs: [0, 150, 250],
    ys: [100, 120, 200],
    h: [
      { y: 100, x0: 0, x1: 250 },
      { y: 120, x0: 0, x1: 250 },
      { y: 200, x0: 0, x1: 250 },
    ],
    v: [
      { x: 0, y0: 100, y1: 200 },
      { x: 150, y0: 100, y1: 200 },
      { x: 250, y0: 100, y1: 200 },
    ],
    bbox: [0, 100, 250, 200] as [number, number, number, number],
  };
  it('are split into rows when numbers are stacked in one column', () => {
    const runs = [run('项目', 10, 114), run('金额', 160, 114), run('一、本年收入', 10, 140), run('12.00', 200, 140), run('二、上年结转', 10, 160), run('3.50', 205, 160), run('收入总计', 10, 180), run('15.50', 200, 180)];
    const { grid } = buildRuledGrid(table, runs);
    expect(grid.rows.map((r) => r.cells)).toEqual([
      ['项目', '金额'],
      ['一、本年收入', '12.00'],
      ['二、上年结转', '3.50'],
      ['收入总计', '15.50'],
    ]);
  });
  it('stay one row when the lines are a wrapped cell (number centred beside it)', () => {
    const runs = [run('机关事业单位基本养老保险', 10, 150), run('60.95', 200, 156), run('缴费支出', 10, 162)];
    const { grid } = buildRuledGrid(table, runs);
    expect(grid.rows.map((r) => r.cells)).toEqual([['机关事业单位基本养老保险缴费支出', '60.95']]);
  });
  it('keep an amount wrapped in its cell as one figure (深圳 项目支出总表: "144,177.8" over "8")', () => {
    const runs = [run('项目', 10, 114), run('金额', 160, 114), run('中共某某部（本', 10, 140), run('144,177.8', 155, 140), run('级）', 10, 154), run('8', 155, 154), run('上级下达资金', 10, 180), run('1,610.00', 160, 180)];
    const { grid } = buildRuledGrid(table, runs);
    expect(grid.rows.map((r) => r.cells)).toEqual([
      ['项目', '金额'],
      ['中共某某部（本级）', '144,177.88'],
      ['上级下达资金', '1,610.00'],
    ]);
  });
});

describe('unruled tables from alignment', () => {
  it('clusters columns from gap-separated pieces, right-aligned numbers included', () => {
    const ls = [
      [run('项目', 20, 100), run('预算数', 200, 100), run('决算数', 300, 100)],
      [run('一、一般公共服务支出', 20, 120), run('1,234.56', 205, 120), run('99.00', 315, 120)],
      [run('二、外交支出', 20, 140), run('12.30', 220, 140), run('0.00', 320, 140)],
      [run('合计', 20, 160), run('1,246.86', 205, 160), run('99.00', 315, 160)],
    ].map(makeLine);
    const { grids } = findAlignedGrids(ls);
    expect(grids).toHaveLength(1);
    expect(grids[0]!.grid.rows.map((r) => r.cells)).toEqual([
      ['项目', '预算数', '决算数'],
      ['一、一般公共服务支出', '1,234.56', '99.00'],
      ['二、外交支出', '12.30', '0.00'],
      ['合计', '1,246.86', '99.00'],
    ]);
  });

  it('leaves prose and table-of-contents lines alone', () => {
    const ls = [
      [run('一、部门职责', 20, 100), run('……………………', 100, 100), run('2', 400, 100)],
      [run('二、机构设置', 20, 120), run('……………………', 100, 120), run('3', 400, 120)],
      [run('三、收支总体情况', 20, 140), run('……………………', 100, 140), run('4', 400, 140)],
    ].map(makeLine);
    expect(findAlignedGrids(ls).grids).toHaveLength(0);
  });
});

describe('page layout', () => {
  it('orders blocks top to bottom with one line counter, and drops the page number', () => {
    const runs = [run('表1 收支总表', 200, 60), run('— 3 —', 280, 800), run('注：本表为空。', 20, 300)];
    const rul = {
      h: [
        { y: 100, x0: 20, x1: 400 },
        { y: 120, x0: 20, x1: 400 },
        { y: 140, x0: 20, x1: 400 },
      ],
      v: [
        { x: 20, y0: 100, y1: 140 },
        { x: 200, y0: 100, y1: 140 },
        { x: 400, y0: 100, y1: 140 },
      ],
    };
    runs.push(run('项目', 30, 114), run('金额', 210, 114), run('合计', 30, 134), run('0.00', 350, 134));
    const { blocks } = layoutPage(runs, rul, 595, 842, 4);
    expect(blocks.map((b) => b.kind)).toEqual(['line', 'grid', 'line']);
    const g = blocks[1] as TableGrid;
    expect(g.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['项目', '金额'],
      ['合计', '0.00'],
    ]);
    expect(g.rows.map((r) => r.line)).toEqual([2, 3]);
    expect((blocks[2] as TextLine).line).toBe(4);
    expect((blocks[2] as TextLine).page).toBe(4);
  });
});

describe('a ruled grid too poor to trust', () => {
  // Eight rows of code | name | amount, printed by their own columns; the rules of the table
  // around them are drawn elsewhere (at 50 and 150 pt), through the long codes and the names.
  const texts: [string, string, string][] = [
    ['201', '一般公共服务支出', '1,200.00'],
    ['20103', '政府办公厅', '1,000.00'],
    ['2010301', '行政运行', '800.00'],
    ['2010302', '一般行政管理事务', '200.00'],
    ['208', '社会保障和就业支出', '300.00'],
    ['20805', '行政事业单位养老支出', '300.00'],
    ['2080505', '机关事业单位基本养老保险缴费支出', '200.00'],
    ['2080506', '机关事业单位职业年金缴费支出', '100.00'],
  ];
  const runs = texts.flatMap(([code, name, amount], i) => [run(code, 30, 120 + i * 20), run(name, 110, 120 + i * 20), run(amount, 480, 120 + i * 20)]);
  const frame = (xs: number[]) => ({
    h: [100, 260].map((y) => ({ y, x0: 20, x1: 540 })),
    v: xs.map((x) => ({ x, y0: 100, y1: 260 })),
  });

  it('is not read by its rules: the aligned-grid layout reads its text, and its notes say why', () => {
    const { blocks, warnings } = layoutPage(runs, frame([20, 50, 150, 540]), 595, 842, 1);
    const grids = blocks.filter((b): b is TableGrid => b.kind === 'grid');
    expect(grids).toHaveLength(1);
    expect(grids[0]!.quality.method).toBe('aligned');
    expect(grids[0]!.rows.map((r) => r.cells.map((c) => c.text))).toEqual(texts);
    expect(grids[0]!.quality.notes).toContainEqual(expect.stringMatching(/^\d+ run\(s\) printed across the column rules of a ruled grid: its rules not used; read by text alignment$/));
    expect(warnings).toEqual([]);
  });

  it('while the same text in rules that follow its columns is read by them', () => {
    const { blocks, warnings } = layoutPage(runs, frame([20, 100, 470, 540]), 595, 842, 1);
    const grids = blocks.filter((b): b is TableGrid => b.kind === 'grid');
    expect(grids.map((g) => g.quality.method)).toEqual(['ruled']);
    expect(grids[0]!.rows.map((r) => r.cells.map((c) => c.text))).toEqual(texts);
    expect(warnings).toEqual([]);
  });

  it('is reported on the page when no aligned grid takes its text', () => {
    const prose = ['一、部门主要职责是负责本部门的日常工作并承担上级交办的其他事项', '二、本部门预算包括本级预算和所属单位预算在内的汇总情况说明'];
    const lines = prose.flatMap((t, i) => [run(t.slice(0, 12), 30, 120 + i * 20), run(t.slice(12), 150, 120 + i * 20)]);
    const many = [...lines, ...lines.map((r) => ({ ...r, base: r.base + 60, top: r.top + 60, bottom: r.bottom + 60 })), ...lines.map((r) => ({ ...r, base: r.base + 120, top: r.top + 120, bottom: r.bottom + 120 }))];
    const { blocks, warnings } = layoutPage(many, frame([20, 90, 200, 540]), 595, 842, 1);
    expect(blocks.some((b) => b.kind === 'grid' && b.quality.method === 'ruled')).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/^\d+ run\(s\) printed across the column rules of a ruled grid: its rules not used; its text read as lines$/)]);
  });
});

describe('page furniture', () => {
  it('knows page numbers as printed', () => {
    for (const s of ['— 11 —', '- 2 -', '第 3 页', '第3页 共21页', '3/21', '-- 9 of 31 --', '12', '１２']) expect(isPageNumberText(s)).toBe(true);
    for (const s of ['公开10表', '2026年', '1,234.00', '合计', '第一部分']) expect(isPageNumberText(s)).toBe(false);
  });
  it('drops them only in the margins; a bare number must be centred or at the edge', () => {
    const line = (text: string, x: number, y: number) => makeLine([run(text, x, y)]);
    expect(isFurniture(line('9', 295, 800), 595, 842)).toBe(true);
    expect(isFurniture(line('9', 295, 400), 595, 842)).toBe(false);
    expect(isFurniture(line('9', 200, 800), 595, 842)).toBe(false);
    expect(isFurniture(line('- 2 -', 100, 30), 595, 842)).toBe(true);
  });
});

describe('text overflowing a rule downwards', () => {
  // A header cell spanning two lattice rows (no rule between them), a data row under it.
  const table = {
    xs: [0, 60, 120],
    ys: [100, 115, 140, 160],
    h: [
      { y: 100, x0: 0, x1: 120 },
      { y: 140, x0: 0, x1: 120 },
      { y: 160, x0: 0, x1: 120 },
      { y: 115, x0: 60, x1: 120 },
    ],
    v: [
      { x: 0, y0: 100, y1: 160 },
      { x: 60, y0: 100, y1: 160 },
      { x: 120, y0: 100, y1: 160 },
    ],
    bbox: [0, 100, 120, 160] as [number, number, number, number],
  };

  it('gives a character printed across the rule back to the cell above (renwu-xian 表2 `对附属单位上缴收` / `入`)', () => {
    // Lines at a 9.5 pt pitch; the last one's glyph box starts 1.6 pt above the rule at 140.
    const runs = [run('对附', 5, 107, 7.5), run('属单', 5, 116.5, 7.5), run('位上', 5, 126, 7.5), run('缴收', 5, 135.5, 7.5), run('入', 5, 145, 7.5), run('其他', 65, 110, 7.5), run('0.00', 20, 153, 7.5), run('1.00', 80, 153, 7.5)];
    const { grid } = buildRuledGrid(table, runs);
    expect(grid.rows.map((r) => r.cells)).toEqual([
      ['对附属单位上缴收入', '其他'],
      ['0.00', '1.00'],
    ]);
    expect(grid.notes.join(' ')).toMatch(/overflowing a rule/);
  });

  it('leaves numbers and text that starts below the rule in their row', () => {
    const runs = [run('对附', 5, 110, 7.5), run('缴收', 5, 119.5, 7.5), run('合计', 5, 151, 7.5), run('2.00', 80, 148, 7.5)];
    const { grid } = buildRuledGrid(table, runs);
    expect(grid.rows.map((r) => r.cells)).toEqual([
      ['对附缴收', ''],
      ['合计', '2.00'],
    ]);
  });
});

describe('rows cut by a page break', () => {
  // Two pages of one ruled table: label | amount.
  const page = (texts: [string, string][], top: number, labelRuns?: Run[][]) => {
    const ys = texts.map((_, i) => top + i * 30).concat(top + texts.length * 30);
    const rul = {
      h: ys.map((y) => ({ y, x0: 50, x1: 250 })),
      v: [50, 120, 250].map((x) => ({ x, y0: ys[0]!, y1: ys[ys.length - 1]! })),
    };
    const runs: Run[] = [];
    texts.forEach(([label, amount], i) => {
      const base = ys[i]! + 19;
      if (labelRuns?.[i]?.length) runs.push(...labelRuns[i]!);
      else if (label) runs.push(run(label, 52, base));
      if (amount) runs.push(run(amount, 200, base));
    });
    return layoutPage(runs, rul, 595, 842, 0).blocks;
  };
  const doc = (a: ReturnType<typeof page>, b: ReturnType<typeof page>) =>
    joinRowsSplitByPageBreak([
      { number: 7, method: 'text', blocks: a },
      { number: 8, method: 'text', blocks: b },
    ]);
  const cells = (blocks: readonly Block[]) => (blocks[0] as TableGrid | undefined)?.rows.map((r) => r.cells.map((c) => c.text));

  it('joins the fragment that opens the next page to the label it was cut from (`八、社会保障和就` / `业支出`)', () => {
    // `八、社会保障和就` fills its cell: 7 ems of 10 pt in a 70 pt column.
    const [a, b] = doc(page([['一、财政拨款', '13,649.07'], ['八、社会保障和就', '1,608.51']], 700, [[], [run('八、社会保障和', 50.5, 749), run('就', 110, 749)]]), page([['业支出', ''], ['九、医疗卫生', '']], 72));
    expect(cells(a!.blocks)).toEqual([
      ['一、财政拨款', '13,649.07'],
      ['八、社会保障和就业支出', '1,608.51'],
    ]);
    expect(cells(b!.blocks)).toEqual([['九、医疗卫生', '']]);
    expect((b!.blocks[0] as TableGrid).quality.rows).toBe(1);
  });

  it('leaves a short label, a new item and a table far from the page foot alone', () => {
    const short = doc(page([['一、财政拨款', '13,649.07'], ['小计', '1.00']], 700), page([['其他收入', ''], ['合计', '']], 72));
    expect(cells(short[1]!.blocks)).toEqual([['其他收入', ''], ['合计', '']]);
    const full = [[], [run('八、社会保障和', 50.5, 749), run('就', 110, 749)]];
    const item = doc(page([['一、财政拨款', '13,649.07'], ['八、社会保障和就', '']], 700, full), page([['九、医疗卫生', ''], ['合计', '']], 72));
    expect(cells(item[1]!.blocks)).toEqual([['九、医疗卫生', ''], ['合计', '']]);
    const high = doc(page([['一、财政拨款', '13,649.07'], ['八、社会保障和就', '']], 100, full.map((rs) => rs.map((r) => ({ ...r, base: r.base - 600, top: r.top - 600, bottom: r.bottom - 600 })))), page([['业支出', ''], ['合计', '']], 72));
    expect(cells(high[1]!.blocks)).toEqual([['业支出', ''], ['合计', '']]);
  });
});

describe('text outside the clip', () => {
  it('is dropped when text is drawn inside clipping boxes (renwu-beijing 财政局 p39)', () => {
    const r = extractRulings(
      {
        fnArray: [OP.save, OP.eoClip, OP.constructPath, OP.showText, OP.restore],
        argsArray: [null, null, [OP.endPath, [new Float32Array([0, 50, 100, 1, 550, 100, 1, 550, 700, 1, 50, 700, 4])], null], [[]], null],
      },
      VIEW,
      595,
      842,
    );
    expect(r.textClips).toHaveLength(1);
    expect(r.textClips![0]![1]).toBeCloseTo(142);
    const runs = [run('溢出的文字', 60, 80), run('表内文字', 60, 300), run('正文', 60, 320), run('更多', 60, 340)];
    const { blocks } = layoutPage(runs, { h: [], v: [], textClips: r.textClips! }, 595, 842, 1);
    expect(blocks.map((b) => (b as TextLine).text)).toEqual(['表内文字', '正文', '更多']);
    // Text drawn without a clip anywhere on the page keeps everything.
    const none = extractRulings({ fnArray: [OP.showText], argsArray: [[[]]] }, VIEW, 595, 842);
    expect(none.textClips).toBeNull();
  });
});
