// HTML reader: positioned PDF→HTML pages and ordinary article pages (test/fixtures/html/MANIFEST.tsv
// says where each fixture came from).
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ExtractedDoc, Page, SourceFile, TableGrid, TextLine } from '../src/core/types.ts';
import { extractHtml } from '../src/extract/html/index.ts';
import { decodeHtml } from '../src/extract/html/decode.ts';
import { parseHtml, StyleSheet, lengthPt } from '../src/extract/html/dom.ts';
import { spanGrid, tableRows } from '../src/extract/html/flow.ts';
import { borderSide } from '../src/extract/html/positioned.ts';
import { processDocument } from '../src/pipeline/process-document.ts';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./fixtures/html/${name}`, import.meta.url)));
const fileOf = (name: string, bytes: Uint8Array): SourceFile => ({
  path: `test/fixtures/html/${name}`,
  name,
  sha256: createHash('sha256').update(bytes).digest('hex'),
  kind: 'html',
  bytes: bytes.length,
});
const cache = new Map<string, Promise<ExtractedDoc>>();
const extract = (name: string): Promise<ExtractedDoc> => {
  let p = cache.get(name);
  if (!p) {
    const bytes = fixture(name);
    p = extractHtml(fileOf(name, bytes), bytes);
    cache.set(name, p);
  }
  return p;
};
const htmlDoc = (html: string, name = 'inline.html'): Promise<ExtractedDoc> => {
  const bytes = new TextEncoder().encode(html);
  return extractHtml(fileOf(name, bytes), bytes);
};
const grids = (p: Page): TableGrid[] => p.blocks.filter((b): b is TableGrid => b.kind === 'grid');
const lines = (p: Page): TextLine[] => p.blocks.filter((b): b is TextLine => b.kind === 'line');
const texts = (g: TableGrid): string[][] => g.rows.map((r) => r.cells.map((c) => c.text));

/** Every row of every grid has the same number of cells; line numbers go up within a page. */
function expectWellFormed(doc: ExtractedDoc): void {
  for (const p of doc.pages) {
    let last = 0;
    for (const b of p.blocks) {
      if (b.kind === 'grid') {
        expect(b.rows.length).toBe(b.quality.rows);
        for (const r of b.rows) {
          expect(r.cells.length).toBe(b.quality.columns);
          expect(r.page).toBe(p.number);
        }
      }
      const first = b.kind === 'line' ? b.line : b.rows[0]?.line;
      expect(first).toBeGreaterThan(last);
      last = b.kind === 'line' ? b.line! : b.rows[b.rows.length - 1]!.line!;
    }
  }
}

describe('renwu-yantai 退役军人事务局 (PDF→HTML, every run absolutely positioned)', () => {
  const NAME = 'yantai-veterans-p1-7-8-29.html';

  it('reads each page container as a page, drops the site around them and the page markers', async () => {
    const doc = await extract(NAME);
    expectWellFormed(doc);
    expect(doc.meta['layout']).toBe('positioned');
    expect(doc.meta['encoding']).toBe('utf-8');
    expect(doc.pages.map((p) => p.number)).toEqual([1, 2, 3, 4]);
    expect(lines(doc.pages[0]!).map((l) => l.text)).toEqual(['2026年烟台市退役军人事务局', '部门预算']);
    const all = doc.pages.flatMap((p) => lines(p).map((l) => l.text));
    expect(all.some((t) => /首页|打印|关闭|^—/.test(t))).toBe(false);
  });

  it('builds the ruled two-panel 收支总体情况表 from the border divs, title and unit as lines above it', async () => {
    const p = (await extract(NAME)).pages[1]!;
    expect(lines(p).map((l) => l.text).slice(0, 4)).toEqual(['公开表1', '收支总体情况表', '部门（单位）：烟台市退役军人事务局', '单位：万元']);
    const [g] = grids(p);
    expect(g!.quality.method).toBe('ruled');
    expect(g!.quality.columns).toBe(4);
    const t = texts(g!);
    expect(t[0]).toEqual(['收入', '', '支出', '']);
    expect(t[1]).toEqual(['项目', '预算数', '项目', '预算数']);
    expect(t[2]).toEqual(['一、财政拨款收入', '28,685.65', '一、一般公共服务支出', '']);
    expect(t).toContainEqual(['本年收入合计', '32,471.49', '本年支出合计', '35,874.49']);
    expect(t[t.length - 1]).toEqual(['收入总计', '35,874.49', '支出总计', '35,874.49']);
    // Rows carry boxes in points and cells their column extents.
    expect(g!.rows[0]!.bbox![0]).toBeCloseTo(43, 0);
    expect(g!.rows[0]!.cells[0]!.x0).toBeCloseTo(43, 0);
  });

  it('keeps 类 / 款 / 项 codes in their own columns of 收入总体情况表', async () => {
    const p = (await extract(NAME)).pages[2]!;
    const [g] = grids(p);
    expect(g!.quality.columns).toBe(17);
    const t = texts(g!);
    expect(t[1]!.slice(0, 3)).toEqual(['类', '款', '项']);
    expect(t).toContainEqual(expect.arrayContaining(['208', '', '', '社会保障和就业支出', '27,416.60']));
    const row = t.find((r) => r[3] === '机关事业单位基本养老保险缴费支出');
    expect(row!.slice(0, 5)).toEqual(['', '', '05', '机关事业单位基本养老保险缴费支出', '904.32']);
  });

  it('reads prose pages as lines with boxes that end at the text edge', async () => {
    const p = (await extract(NAME)).pages[3]!;
    const ls = lines(p);
    expect(ls[0]!.text).toBe('一、预算收支增减变化情况说明');
    expect(ls.some((l) => l.text.startsWith('（一）收入预算：2026年收入预算35,874.49万元'))).toBe(true);
    expect(ls.every((l) => l.bbox !== null && l.page === 4)).toBe(true);
  });

  it('honours maxPages and abort', async () => {
    const bytes = fixture(NAME);
    const doc = await extractHtml(fileOf(NAME, bytes), bytes, { maxPages: 2 });
    expect(doc.pages).toHaveLength(2);
    expect(doc.warnings.join(' ')).toMatch(/first 2 of 4 pages/);
    const ac = new AbortController();
    ac.abort();
    await expect(extractHtml(fileOf(NAME, bytes), bytes, { signal: ac.signal })).rejects.toThrow(/aborted/);
  });

  it('goes through the pipeline to facts whose sources name the HTML page', async () => {
    const bytes = fixture(NAME);
    const { disclosure } = await processDocument(fileOf(NAME, bytes), bytes);
    expect(disclosure.identity).toMatchObject({ unit: '烟台市退役军人事务局', year: 2026, stage: 'budget' });
    const total = disclosure.facts.find((f) => f.key === 'rev.all.total' || f.key === 'rev.total');
    const gpb = disclosure.facts.find((f) => f.sources.some((s) => s.method === 'table' && s.text === '28,467.65'));
    expect(gpb).toBeDefined();
    expect(gpb!.sources.find((s) => s.method === 'table')).toMatchObject({ file: NAME, page: 2 });
    expect(total ?? gpb).toBeDefined();
  });
});

describe('ordinary HTML (county CMS article, GB2312 declared)', () => {
  const NAME = 'county-civil-affairs.gb2312.html';

  it('decodes by the declared charset and reads the article container only', async () => {
    const doc = await extract(NAME);
    expectWellFormed(doc);
    expect(doc.meta).toMatchObject({ encoding: 'gb18030', encodingFrom: 'meta', layout: 'flow', content: 'div#content.article_con' });
    expect(doc.pages).toHaveLength(1);
    const ls = lines(doc.pages[0]!).map((l) => l.text);
    expect(ls.slice(0, 5)).toEqual(['某某县民政局2026年部门预算公开', '第一部分部门概况', '一、主要职责', '贯彻落实民政工作的方针政策。', '负责社会救助和养老服务工作。']);
    expect(ls.join('\n')).not.toMatch(/隐藏|首页|版权所有|脚本/);
    expect(ls.slice(-4)).toEqual(['单行', '表格', '第一行', '第二行']);
    expect(doc.pages[0]!.number).toBeNull();
  });

  it('lays colspan/rowspan cells on their columns, title, unit and note rows as lines', async () => {
    const p = (await extract(NAME)).pages[0]!;
    const [g] = grids(p);
    expect(g!.quality).toMatchObject({ method: 'ruled', columns: 5, rows: 6 });
    expect(texts(g!)).toEqual([
      ['科目编码', '', '', '科目名称', '合计'],
      ['类', '款', '项', '', ''],
      ['208', '', '', '社会保障和就业支出', '1,000.00'],
      ['', '02', '', '民政管理事务', '800.00'],
      ['', '', '01', '行政运行', '800.00'],
      ['合计', '', '', '', '1,234.56'],
    ]);
    const ls = lines(p);
    const before = ls.filter((l) => l.line! < g!.rows[0]!.line!).map((l) => l.text);
    expect(before.slice(-3)).toEqual(['收支预算总表', '编制单位：某某县民政局', '单位：万元']);
    const after = ls.find((l) => l.line! > g!.rows[g!.rows.length - 1]!.line!);
    expect(after!.text).toBe('注：本表无政府性基金预算。');
  });

  it('reads a plain paragraph page without a content container', async () => {
    const doc = await htmlDoc('<html><body><p>第一段  文字</p>\n<div>第二段<span>接着</span></div>text &amp; more</body></html>');
    expect(doc.meta['layout']).toBe('flow');
    expect(lines(doc.pages[0]!).map((l) => [l.raw, l.text])).toEqual([
      ['第一段 文字', '第一段文字'],
      ['第二段接着', '第二段接着'],
      ['text & more', 'text & more'],
    ]);
  });
});

describe('HTML pieces', () => {
  it('decodes: BOM, declared charset, bytes that contradict the declaration', () => {
    const utf8 = new TextEncoder().encode('<meta charset="gbk"><p>预算</p>');
    const a = decodeHtml(utf8, 'a.html');
    expect(a).toMatchObject({ encoding: 'utf-8', from: 'bytes' });
    expect(a.warnings[0]).toMatch(/declared gbk but the bytes are UTF-8/);
    const gb = new Uint8Array([...new TextEncoder().encode('<meta charset="utf-8"><p>'), 0xd4, 0xa4, 0xcb, 0xe3]);
    expect(decodeHtml(gb, 'b.html')).toMatchObject({ text: '<meta charset="utf-8"><p>预算', encoding: 'gb18030' });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<p>x</p>')]);
    expect(decodeHtml(bom, 'c.html')).toMatchObject({ text: '<p>x</p>', from: 'bom' });
    expect(() => decodeHtml(new Uint8Array(), 'd.html')).toThrow(/empty/);
  });

  it('places colspan/rowspan cells like the HTML table model', () => {
    const root = parseHtml('<table><tr><td rowspan=2>A</td><td colspan=2>B</td></tr><tr><td>C</td><td>D</td></tr><tr><td colspan=0>E</td><td>F</td></table>');
    const table = root.children.find((c) => typeof c !== 'string')!;
    const g = spanGrid(tableRows(table as never), (el) => String(el.children[0] ?? ''));
    expect(g.columns).toBe(3);
    expect(g.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['A', 'B', ''],
      ['', 'C', 'D'],
      ['E', 'F', ''],
    ]);
  });

  it('reads lengths, simple class rules and borders', () => {
    expect(lengthPt('12px')).toBe(9);
    expect(lengthPt('1.5em', 10)).toBe(15);
    expect(lengthPt('50%', 12, 200)).toBe(100);
    const sheet = new StyleSheet();
    sheet.add('.r{border-bottom:0.5pt solid #000} @media print{.r{border:none}} div.x, #y {left:3pt} .a .b{top:1pt}');
    const el = parseHtml('<div class="r x" style="top:2pt"></div>').children[0] as never;
    const d = sheet.declarationsFor(el);
    expect(d.get('left')).toBe('3pt');
    expect(d.get('top')).toBe('2pt');
    expect(borderSide(d, 'bottom')).toEqual({ width: 0.5 });
    expect(borderSide(d, 'top')).toBeNull();
    expect(borderSide(new Map([['border', '1px solid #fff']]), 'top')).toBeNull();
    expect(borderSide(new Map([['border-width', '1px 0 0 0'], ['border-style', 'solid']]), 'top')).toEqual({ width: 0.75 });
  });

  it('keeps a blank page container as a blank page, and an image-only one as such', async () => {
    const pg = (inner: string) => `<div class="pg" style="position:relative;width:595pt;height:842pt;overflow:hidden">${inner}</div>`;
    const text = (t: string) => `<div style="position:absolute;left:72pt;top:100pt;font-size:12pt">${t}</div><div style="position:absolute;left:72pt;top:900pt;font-size:12pt">页外</div>`;
    const doc = await htmlDoc(`<html><body><div style="position:relative">网站</div>${pg(text('第一页'))}${pg('')}${pg('<img src="a.png">')}${pg(text('第四页'))}</body></html>`);
    expect(doc.pages.map((p) => [p.number, lines(p).map((l) => l.text).join(), p.warnings?.join() ?? ''])).toEqual([
      [1, '第一页', ''],
      [2, '', 'blank page'],
      [3, '', 'image-only page'],
      [4, '第四页', ''],
    ]);
  });

  it('lays out positioned text without page containers and splits wide gaps', async () => {
    const row = (top: number, cells: [number, string][]): string => cells.map(([left, t]) => `<div style="position:absolute;top:${top}pt;left:${left}pt;font-size:10pt">${t}</div>`).join('');
    const doc = await htmlDoc(
      `<html><body>${row(50, [[40, '项目'], [200, '预算数'], [300, '上年数']])}${row(70, [[40, '基本支出'], [200, '1,000.00'], [300, '900.00']])}${row(90, [[40, '项目支出'], [200, '20.00'], [300, '30.00']])}${row(110, [[40, '合计'], [200, '1,020.00'], [300, '930.00']])}</body></html>`,
    );
    expect(doc.meta['layout']).toBe('positioned');
    const [g] = grids(doc.pages[0]!);
    expect(g!.quality.method).toBe('aligned');
    expect(texts(g!)).toEqual([
      ['项目', '预算数', '上年数'],
      ['基本支出', '1,000.00', '900.00'],
      ['项目支出', '20.00', '30.00'],
      ['合计', '1,020.00', '930.00'],
    ]);
  });
});

describe('an HTML page is told by its content, not its name', () => {
  it('recognises a fragment saved without <html>', async () => {
    const { sniffKind } = await import('../src/pipeline/read-input.ts');
    const kind = (t: string) => sniffKind(new TextEncoder().encode(t));
    expect(kind('<meta charset="utf-8"><div style="position:absolute">收入</div>')).toBe('html');
    expect(kind('<!-- saved --><table><tr><td>1</td></tr></table>')).toBe('html');
    expect(kind('2026年度某某单位预算\n<b>')).toBe('text');
  });
});
