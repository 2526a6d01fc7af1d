// PDF text-layer extractor on real pages (samples/pdf/MANIFEST.tsv says where each came from).
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ExtractedDoc, Page, SourceFile, TableGrid, TextLine } from '../src/core/types.ts';
import { extractPdf } from '../src/extract/pdf/index.ts';

const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../samples/pdf/${name}`, import.meta.url)));
const fileOf = (name: string, bytes: Uint8Array): SourceFile => ({
  path: `samples/pdf/${name}`,
  name,
  sha256: createHash('sha256').update(bytes).digest('hex'),
  kind: 'pdf',
  bytes: bytes.length,
});
const cache = new Map<string, Promise<ExtractedDoc>>();
const extract = (name: string): Promise<ExtractedDoc> => {
  let p = cache.get(name);
  if (!p) {
    const bytes = sample(name);
    p = extractPdf(fileOf(name, bytes), bytes);
    cache.set(name, p);
  }
  return p;
};
const grids = (p: Page): TableGrid[] => p.blocks.filter((b): b is TableGrid => b.kind === 'grid');
const lines = (p: Page): TextLine[] => p.blocks.filter((b): b is TextLine => b.kind === 'line');
const texts = (g: TableGrid): string[][] => g.rows.map((r) => r.cells.map((c) => c.text));

/** Every row of every grid has the same number of cells; cell text is normalised. */
function expectWellFormed(doc: ExtractedDoc): void {
  for (const p of doc.pages) {
    for (const g of grids(p)) {
      const n = g.quality.columns;
      expect(g.rows.length).toBe(g.quality.rows);
      for (const r of g.rows) {
        expect(r.cells.length).toBe(n);
        expect(r.page).toBe(p.number);
      }
    }
    let last = 0;
    for (const b of p.blocks) {
      const first = b.kind === 'line' ? b.line : b.rows[0]?.line;
      expect(first).toBeGreaterThan(last);
      last = b.kind === 'line' ? b.line! : b.rows[b.rows.length - 1]!.line!;
    }
  }
}

describe('gbc__unit_budget.pdf pages 8-10 (Shanghai, WPS 表格, borders as filled rectangles)', () => {
  it('reads the two-panel 收支总表 with its four header rows on one set of 7 columns', async () => {
    const doc = await extract('gbc-unit-budget-p8-10.pdf');
    expectWellFormed(doc);
    const p = doc.pages[0]!;
    expect(p.method).toBe('text');
    const [g] = grids(p);
    expect(g!.quality.method).toBe('ruled');
    expect(g!.quality.columns).toBe(7);
    const t = texts(g!);
    expect(t[0]).toEqual(['本年收入', '', '本年支出', '', '', '', '']);
    expect(t[1]).toEqual(['项目', '预算数', '项目', '预算数', '', '', '']);
    expect(t[2]).toEqual(['', '', '', '合计', '基本支出', '', '项目支出']);
    expect(t[3]).toEqual(['', '', '', '', '人员经费', '公用经费', '']);
    // A string drawn as `86,959,408.34 一、公共安全支出` spans two cells: split at the rule.
    expect(t).toContainEqual(['一、财政拨款收入', '86,959,408.34', '一、公共安全支出', '79,189,400.34', '12,604,173', '1,744,680', '64,840,547']);
    expect(t).toContainEqual(['二、事业收入', '0.00', '', '', '', '', '']);
    expect(t[t.length - 1]).toEqual(['收入总计', '86,959,408.34', '支出总计', '86,959,408.34', '20,374,181', '1,744,680', '64,840,547']);
  });

  it('keeps text far apart on one baseline as separate lines (unit stays findable)', async () => {
    const doc = await extract('gbc-unit-budget-p8-10.pdf');
    const ls = lines(doc.pages[0]!).map((l) => l.text);
    expect(ls).toEqual(['2026年预算单位财务收支预算总表', '编制单位：上海市普陀区司法局', '单位：元']);
    const l = lines(doc.pages[0]!)[0]!;
    expect(l.page).toBe(1);
    expect(l.line).toBe(1);
    const [x0, y0, x1, y1] = l.bbox!;
    expect(x0).toBeGreaterThan(250);
    expect(x1).toBeLessThan(600);
    expect(y0).toBeLessThan(y1);
    expect(y0).toBeGreaterThan(80); // origin top-left: the title is near the top
  });

  it('splits 类 | 款 | 项 into three columns and keeps a table continued on the next page', async () => {
    const doc = await extract('gbc-unit-budget-p8-10.pdf');
    const t2 = texts(grids(doc.pages[1]!)[0]!);
    expect(t2[1]).toEqual(['功能分类科目编码', '', '', '功能分类科目名称', '合计', '财政拨款收入', '事业收入', '事业单位经营收入', '其他收入']);
    expect(t2[2]!.slice(0, 3)).toEqual(['类', '款', '项']);
    expect(t2).toContainEqual(['204', '06', '01', '行政运行', '14,348,853.34', '14,348,853.34', '0.00', '0.00', '0.00']);
    const g3 = grids(doc.pages[2]!)[0]!;
    expect(g3.quality.columns).toBe(9);
    expect(texts(g3)[0]).toEqual(['208', '05', '06', '机关事业单位职业年金缴费支出', '786,150.00', '786,150.00', '0.00', '0.00', '0.00']);
    expect(texts(g3).at(-1)).toEqual(['合计', '', '', '', '86,959,408.34', '86,959,408.34', '0.00', '0.00', '0.00']);
  });

  it('gives cells their column extents and rows their boxes', async () => {
    const doc = await extract('gbc-unit-budget-p8-10.pdf');
    const g = grids(doc.pages[1]!)[0]!;
    const row = g.rows.find((r) => r.cells[3]?.text === '行政运行')!;
    expect(row.bbox).not.toBeNull();
    const xs = row.cells.map((c) => c.x0!);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(row.cells[4]!.raw).toBe('14,348,853.34');
  });
});

describe('renwu-fuzhou page 9 (WPS 文字, stroked rules)', () => {
  it('reads 支出预算总表 with 8 columns and 7-digit codes', async () => {
    const doc = await extract('fuzhou-p9.pdf');
    expectWellFormed(doc);
    const [g] = grids(doc.pages[0]!);
    expect(g!.quality.columns).toBe(8);
    const t = texts(g!);
    expect(t[0]).toEqual(['科目编码', '科目名称', '合计', '基本支出', '项目支出', '事业单位经营支出', '上缴上级支出', '对附属单位补助支出']);
    expect(t).toContainEqual(['合计', '', '1269.68', '926.68', '343.00', '0.00', '0.00', '0.00']);
    expect(t).toContainEqual(['2080505', '机关事业单位基本养老保险缴费支出', '60.95', '60.95', '', '', '', '']);
    expect(t).toContainEqual(['2110102', '一般行政管理事务', '343.00', '', '343.00', '', '', '']);
    expect(lines(doc.pages[0]!).map((l) => l.text)).toEqual(['三、支出预算总表', '2026年度支出预算总表', '单位：万元']);
  });
});

describe('openbudget-js 江苏省人大办公厅2017 page 20 (headers wrapped inside cells)', () => {
  it('joins stacked header text (小 / 计, 公务用车购 / 置费) into one cell per column', async () => {
    const doc = await extract('js2017-p20.pdf');
    expectWellFormed(doc);
    const [g1, g2] = grids(doc.pages[0]!);
    expect(g1!.quality.columns).toBe(9);
    const t = texts(g1!);
    expect(t[0]).toEqual(['合计', '“三公”经费', '', '', '', '', '', '会议费', '培训费']);
    expect(t[2]).toEqual(['', '', '', '小计', '公务用车购置费', '公务用车运行维护费', '', '', '']);
    expect(t[3]).toEqual(['2,542.60', '833.60', '222.50', '183.60', '0', '183.60', '427.50', '1,305.25', '403.75']);
    expect(texts(g2!)[0]).toEqual(['采购品目大类', '专项名称', '经济科目', '采购物品名称', '采购组织形式', '总计']);
  });
});

describe('renwu-hangzhou pages 10, 15, 17 (原点财通, letter-spaced text)', () => {
  it('drops the page number and joins letter-spaced characters', async () => {
    const doc = await extract('hangzhou-p10-15-17.pdf');
    expectWellFormed(doc);
    const ls = lines(doc.pages[0]!).map((l) => l.text);
    expect(ls).not.toContain('9');
    expect(ls.at(-1)).toBe('基金预算”“国有资本经营预算”“财政专户管理资');
    expect(ls).toContain('3.预算绩效情况说明');
  });

  it('keeps a letter-spaced merged header (收          入) as one cell', async () => {
    const doc = await extract('hangzhou-p10-15-17.pdf');
    const t = texts(grids(doc.pages[1]!)[0]!);
    expect(t[0]).toEqual(['收入', '', '支出', '']);
    expect(t).toContainEqual(['一、财政拨款', '5,753.07', '科学技术支出', '28.00']);
    expect(t.at(-1)).toEqual(['收入总计', '5,876.67', '支出总计', '5,876.67']);
  });

  it('reports the indent that carries the 类/款/项 level when there are no codes', async () => {
    const doc = await extract('hangzhou-p10-15-17.pdf');
    const g = grids(doc.pages[2]!)[0]!;
    const cell = (name: string) => g.rows.find((r) => r.cells[0]!.text === name)!.cells[0]!;
    const lei = cell('科学技术支出').indent!;
    const kuan = cell('技术研究与开发').indent!;
    const xiang = cell('科技成果转化与扩散').indent!;
    expect(kuan).toBeGreaterThan(lei + 3);
    expect(xiang).toBeGreaterThan(kuan + 3);
  });
});

describe('renwu-xian page 7 (non-embedded SimHei, GBK-EUC-H)', () => {
  it('decodes text in a font that needs a predefined CMap', async () => {
    const doc = await extract('xian-p7.pdf');
    expect(lines(doc.pages[0]!).map((l) => l.text)).toContain('（三）织密兜牢保障网，有效衔接乡村振兴战略');
  });
});

describe('options and metadata', () => {
  it('reads at most maxPages pages and says so', async () => {
    const bytes = sample('gbc-unit-budget-p8-10.pdf');
    const doc = await extractPdf(fileOf('x.pdf', bytes), bytes, { maxPages: 1 });
    expect(doc.pages).toHaveLength(1);
    expect(doc.warnings.join(' ')).toMatch(/1 of 3 pages/);
    expect(doc.meta.pages).toBe('3');
  });

  it('stops when aborted', async () => {
    const bytes = sample('gbc-unit-budget-p8-10.pdf');
    const ac = new AbortController();
    ac.abort();
    await expect(extractPdf(fileOf('x.pdf', bytes), bytes, { signal: ac.signal })).rejects.toThrow(/aborted/);
  });

  it('rejects a bad maxPages', async () => {
    const bytes = sample('fuzhou-p9.pdf');
    await expect(extractPdf(fileOf('x.pdf', bytes), bytes, { maxPages: 0 })).rejects.toThrow(/maxPages/);
  });

  it('does not detach the caller’s buffer', async () => {
    const bytes = sample('fuzhou-p9.pdf');
    await extractPdf(fileOf('x.pdf', bytes), bytes);
    expect(bytes.length).toBeGreaterThan(1000);
  });
});

describe('failures name the problem', () => {
  const run = (bytes: Uint8Array) => extractPdf(fileOf('bad.pdf', bytes), bytes);
  it('empty file', async () => {
    await expect(run(new Uint8Array())).rejects.toThrow(/not a PDF.*empty/);
  });
  it('HTML saved as .pdf', async () => {
    await expect(run(new TextEncoder().encode('<!doctype html><html><body>预算</body></html>'))).rejects.toThrow(/not a PDF/);
  });
  it('password-protected', async () => {
    await expect(run(sample('fuzhou-p9-encrypted.pdf'))).rejects.toThrow(/password-protected/);
  });
  it('truncated', async () => {
    const b = sample('fuzhou-p9.pdf');
    await expect(run(b.slice(0, Math.floor(b.length / 2)))).rejects.toThrow(/truncated/);
  });
});

describe('rows cut by page breaks, overflowing text, clipped text (test/fixtures/pdf)', () => {
  const fixture = (name: string): Promise<ExtractedDoc> => {
    const bytes = new Uint8Array(readFileSync(new URL(`./fixtures/pdf/${name}`, import.meta.url)));
    return extractPdf({ ...fileOf(name, bytes), path: `test/fixtures/pdf/${name}` }, bytes);
  };

  it('joins a label cut by the page break back into its row (js2017 收支预算总表, pages 7-9)', async () => {
    const doc = await fixture('js2017-p7-9.pdf');
    expectWellFormed(doc);
    const [p1, p2, p3] = doc.pages;
    const t1 = texts(grids(p1!)[0]!);
    expect(t1[t1.length - 1]).toEqual(['', '', '八、社会保障和就业支出', '1,608.51', '', '']);
    const t2 = texts(grids(p2!)[0]!);
    expect(t2[0]![2]).toBe('九、医疗卫生与计划生育支出');
    expect(t2[t2.length - 1]).toEqual(['当年收入小计', '13,649.07', '当年支出小计', '', '', '13,649.07']);
    const t3 = texts(grids(p3!)[0]!);
    expect(t3[0]![0]).toBe('上年结转资金');
    expect(t3.flat()).not.toContain('小计');
  });

  it('gives a header character printed across the rule back to its header (renwu-xian 表2)', async () => {
    const doc = await fixture('xian-p42.pdf');
    const t = texts(grids(doc.pages[0]!)[0]!);
    expect(t[1]).toContain('对附属单位上缴收入');
    expect(t[3]!.slice(0, 4)).toEqual(['1', '', '合计', '872,031,967.20']);
    expect(t[3]!.every((c) => !c.startsWith('入'))).toBe(true);
  });

  it('drops text drawn outside the clip (renwu-beijing 财政局 p39)', async () => {
    const doc = await fixture('beijing-p39.pdf');
    const p = doc.pages[0]!;
    expect(lines(p)).toEqual([]);
    const gs = grids(p);
    expect(gs).toHaveLength(1);
    expect(gs[0]!.quality.method).toBe('ruled');
  });
});
