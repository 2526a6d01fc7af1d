// The OCR stage's pure parts, without the engine: the trust check, amounts and confusions,
// the checks over grids, words → runs, skew, rulings and the cell strip.

import { describe, expect, it } from 'vitest';
import { ocrGrid } from './doc-builders.ts';
import type { Page } from '../src/core/types.ts';
import { buildStrip, ruledLayout, stripToPage, wideShare } from '../src/extract/ocr/cells.ts';
import { codeByName } from '../src/interpret/tables/rows.ts';
import { despeckleBilevel, estimateSkew, isBilevel, median3, otsu, rotate, rotatePoint, type GrayImage } from '../src/extract/ocr/image.ts';
import { missedLines } from '../src/extract/ocr/read-cells.ts';
import { grayOf, ocrDpi } from '../src/extract/ocr/render.ts';
import { eraseRulings, findImageRulings } from '../src/extract/ocr/lines.ts';
import { canonicalAmount, confusions, fixWords, repairGrid } from '../src/extract/ocr/repair.ts';
import { isCommonHanzi, pageNeedsOcr } from '../src/extract/ocr/trust.ts';
import { parseTsv, skewFromWords, splitAtRules, wordsToRuns, type OcrWord } from '../src/extract/ocr/words.ts';

const line = (text: string): Page['blocks'][number] => ({ kind: 'line', text, raw: text, page: 1, line: 1, bbox: null });
const page = (texts: string[], warnings?: string[]): Page => ({ number: 1, method: 'text', blocks: texts.map(line), ...(warnings ? { warnings } : {}) });
const prose = '部门预算收支总表反映单位年度收入支出的总体情况，一般公共预算财政拨款支出主要用于行政运行和机关服务。'.repeat(4);

describe('pageNeedsOcr', () => {
  it('trusts a sound text layer', () => {
    expect(pageNeedsOcr(page([prose])).needs).toBe(false);
  });
  it('sends image-only, empty and unreadable pages to OCR', () => {
    expect(pageNeedsOcr(page([], ['image-only page']))).toMatchObject({ needs: true, reason: 'image-only page' });
    expect(pageNeedsOcr(page([], ['blank page']))).toMatchObject({ needs: true, reason: 'no text layer' });
  });
  it('catches unmapped glyphs, Latin-charset Chinese and script mixtures', () => {
    expect(pageNeedsOcr(page(['(cid:1234)(cid:88)(cid:90) 合计 '.repeat(10)])).needs).toBe(true);
    expect(pageNeedsOcr(page(['\ue001\ue002\ue003预算'.repeat(20)])).needs).toBe(true);
    // 预算 in GBK is D4 A4 CB E3: through a WinAnsi font it shows as Ô¤Ëã.
    expect(pageNeedsOcr(page(['Ô¤ËãÊÕÖ§×Ü±í '.repeat(10)])).reason).toMatch(/Latin-charset/);
    expect(pageNeedsOcr(page(['ЖЖЖ ДДД ՓՓՓ ΩΩΩ '.repeat(10)])).reason).toMatch(/script mixture/);
  });
  it('catches Chinese characters far outside everyday use (glyph ids as code points)', () => {
    expect(isCommonHanzi('预')).toBe(true);
    expect(isCommonHanzi('䶵')).toBe(false);
    expect(pageNeedsOcr(page(['䶵䶴䶳䶲䶱䶰䶯䶮䶭䶬䶫䶪䶩䶨䶧䶦䶥䶤䶣䶢䶡䶠'.repeat(3)])).reason).toMatch(/garbled Chinese/);
  });
  it('takes a second look at a sparse page with the PDF: a large image means a scan', () => {
    const sparse = page(['封面']);
    const first = pageNeedsOcr(sparse);
    expect(first).toMatchObject({ needs: false, suspect: true });
    expect(pageNeedsOcr(sparse, { imageCoverage: 0.95, images: 1, fonts: [] }).needs).toBe(true);
    expect(pageNeedsOcr(sparse, { imageCoverage: 0, images: 0, fonts: [] }).needs).toBe(false);
  });
});

describe('amounts', () => {
  it('restores separators the digit groups leave no doubt about', () => {
    expect(canonicalAmount('2.925,857.00')).toBe('2,925,857.00');
    expect(canonicalAmount('2,.278,800.00')).toBe('2,278,800.00');
    expect(canonicalAmount('”20,374,181')).toBe('20,374,181');
    expect(canonicalAmount('0.00')).toBe('0.00');
    expect(canonicalAmount('12.5')).toBe('12.5');
    expect(canonicalAmount('12,34.00')).toBeNull();
    expect(canonicalAmount('行政运行')).toBeNull();
    expect(canonicalAmount('94.38 0.00 0.00')).toBeNull();
  });
  it('lists readings one confusion away', () => {
    const c = confusions('1,860.00');
    expect(c).toContain('1,800.00');
    expect(c).toContain('7,860.00');
    expect(confusions('1234500')).toContain('12345.00');
    // a dropped leading digit, with or without its separator
    expect(confusions('572,307.00')).toContain('1,572,307.00');
    expect(confusions('72,307.00')).toContain('172,307.00');
    // a 1 read in, the thousands grouped again
    expect(confusions('7217.67')).toContain('727.67');
    expect(confusions('217,900.73')).toContain('27,900.73');
    expect(confusions('1,217.00')).not.toContain('217.00'); // (a leading 1 is a figure's own)
  });
  it('fixes misread budget words', () => {
    expect(fixWords('公共安全文出')).toBe('公共安全支出');
  });
});

const grid = ocrGrid;

describe('repairGrid', () => {
  const table = [
    ['类', '款', '项', '名称', '合计', '基本支出', '项目支出'],
    ['204', '', '', '公共安全支出', '1,500.00', '1,000.00', '500.00'],
    ['204', '06', '', '司法', '1,500.00', '1,000.00', '500.00'],
    ['204', '06', '01', '行政运行', '1,000.00', '1,000.00', '0.00'],
    ['204', '06', '02', '一般行政管理事务', '500.00', '0.00', '500.00'],
    ['208', '', '', '社会保障和就业支出', '300.00', '300.00', '0.00'],
  ];
  it('leaves a table that adds up alone', () => {
    const r = repairGrid(grid(table), 1, []);
    expect(r.findings).toEqual([]);
  });
  it('corrects a cell when one confusion makes every sum through it hold, and says so', () => {
    const bad = table.map((r) => [...r]);
    bad[3]![4] = '1,800.00'; // 0 read as 8
    const r = repairGrid(grid(bad), 1, []);
    expect(r.grid.rows[3]!.cells[4]!.text).toBe('1,000.00');
    expect(r.findings).toEqual([expect.objectContaining({ code: 'ocr-corrected', found: '1,800.00', expected: '1,000.00', page: 1 })]);
    expect(r.findings[0]!.bbox).toEqual([400, 60, 500, 80]);
  });
  it('corrects a 1 read into a figure when that makes the row add up', () => {
    // as read on page 23 of the 200 dpi twin of 深圳市政府办公厅: 727.67 read 7217.67
    const t = [
      ['名称', '合计', '基本支出', '项目支出'],
      ['深圳市人民政府办公厅', '10,192.01', '9,464.34', '7217.67'],
      ['政府办公厅（室）及相关机构事务', '5,881.20', '5,203.26', '677.94'],
      ['一般行政管理事务', '4,210.81', '4,161.08', '49.73'],
      ['行政运行', '60.00', '60.00', '0.00'],
      ['机关服务', '40.00', '40.00', '0.00'],
    ];
    const r = repairGrid(grid(t), 1, []);
    expect(r.grid.rows[1]!.cells[3]!.text).toBe('727.67');
    expect(r.findings).toEqual([expect.objectContaining({ code: 'ocr-corrected', found: '7217.67', expected: '727.67' })]);
  });
  it('reports a broken sum it cannot mend', () => {
    const bad = table.map((r) => [...r]);
    bad[2]![4] = '1,234.00';
    const r = repairGrid(grid(bad), 1, []);
    expect(r.findings.some((f) => f.code === 'ocr-identity-broken')).toBe(true);
  });
  it('reports low-confidence cells that no sum vouches for', () => {
    const r = repairGrid(grid([['名称', '说明'], ['会议费', '按标准执行'], ['培训费', '按计划'], ['差旅费', '据实']]), 1, [
      { text: '按标准执行', conf: 31, bbox: [110, 22, 190, 38] },
    ]);
    expect(r.findings).toEqual([expect.objectContaining({ code: 'ocr-low-confidence', found: '按标准执行' })]);
  });
});

const w = (text: string, left: number, top = 100, width = 40, height = 40, ln = 1): OcrWord => ({ text, conf: 90, left, top, width, height, block: 1, par: 1, line: ln });

describe('words', () => {
  it('parses word rows of the TSV', () => {
    const tsv = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n5\t1\t1\t1\t1\t1\t10\t20\t30\t40\t91.5\t合计\n4\t1\t1\t1\t1\t0\t10\t20\t30\t40\t-1\t\n';
    expect(parseTsv(tsv)).toEqual([{ text: '合计', conf: 91.5, left: 10, top: 20, width: 30, height: 40, block: 1, par: 1, line: 1 }]);
  });
  it('joins characters into runs and keeps amounts in adjacent cells apart', () => {
    const runs = wordsToRuns([w('合', 0), w('计', 42), w('1,500.00', 400, 106, 150, 30), w('500.00', 600, 106, 110, 30)], 72 / 300);
    expect(runs.map((r) => r.text)).toEqual(['合计', '1,500.00', '500.00']);
    expect(runs[0]!.x0).toBe(0);
  });
  it('measures the slope of text lines and splits words across a rule', () => {
    const slanted = Array.from({ length: 10 }, (_, i) => w('字', i * 100, 100 + i * 1.75));
    expect(skewFromWords(slanted)).toBeCloseTo(1, 1);
    const parts = splitAtRules([w('2082', 0, 100, 80)], [60]);
    expect(parts.map((p) => p.text)).toEqual(['208', '2']);
  });
});

/** A white image with a ruled 3×2 table drawn in it, and a little noise. */
function tableImage(): GrayImage {
  const width = 900;
  const height = 400;
  const data = new Uint8Array(width * height).fill(255);
  const hline = (y: number): void => {
    data.fill(0, y * width + 100, y * width + 801);
  };
  const vline = (x: number): void => {
    for (let y = 100; y <= 300; y++) for (let t = 0; t < 3; t++) data[y * width + x + t] = 0;
  };
  for (const y of [100, 101, 200, 201, 300, 301]) hline(y);
  for (const x of [100, 450, 800]) vline(x);
  // "ink" blobs in two cells
  for (let y = 140; y < 160; y++) data.fill(0, y * width + 200, y * width + 260);
  for (let y = 240; y < 260; y++) data.fill(0, y * width + 600, y * width + 700);
  for (let i = 0; i < 500; i++) data[(i * 7919) % data.length] = 0;
  return { width, height, data };
}

describe('image', () => {
  it('estimates the skew it is given and straightens it', () => {
    const img = tableImage();
    const turned = rotate(img, -0.8);
    expect(estimateSkew(turned)).toBeCloseTo(0.8, 0);
    const back = rotate(turned, estimateSkew(turned), true);
    expect(Math.abs(estimateSkew(back))).toBeLessThan(0.15);
    const [x, y] = rotatePoint(450, 200, 0.5, 900, 400);
    expect(Math.hypot(x - 450, y - 200)).toBeLessThan(1);
  });
  it('finds the rules, the cells with ink, and maps the strip back to the page', () => {
    const img = median3(tableImage());
    const rul = findImageRulings(img, 300, 128);
    expect(rul.h.length).toBeGreaterThanOrEqual(3);
    expect(rul.v.length).toBe(3);
    const layout = ruledLayout(rul, 300);
    expect(layout.tables).toHaveLength(1);
    expect(layout.cells).toHaveLength(4);
    eraseRulings(img, rul);
    const strip = buildStrip(img, layout.cells, 128, 3)!;
    expect(strip.slots).toHaveLength(2);
    const s = strip.slots[1]!;
    const [px, py] = stripToPage(strip, 24 + 10, s.y0 + 5)!;
    expect(px).toBeGreaterThan(590);
    expect(py).toBeGreaterThan(230);
    expect(stripToPage(strip, 30, s.y1 + 40)).toBeNull();
  });
});

describe('telling figures from words before reading', () => {
  // Glyphs drawn as filled boxes on white: a "digit" is half as wide as the line is tall and
  // stands apart; a "character" is square.
  function glyphs(widths: number[], line = 40, gap = 6): GrayImage {
    const width = widths.reduce((a, w) => a + w + gap, gap);
    const height = line + 20;
    const data = new Uint8Array(width * height).fill(255);
    let x = gap;
    for (const w of widths) {
      for (let y = 10; y < 10 + line; y++) data.fill(0, y * width + x, y * width + x + w);
      x += w + gap;
    }
    return { width, height, data };
  }
  it('scores square glyphs high and narrow ones low', () => {
    const words = glyphs([38, 40, 36, 39]);
    const figures = glyphs([20, 20, 8, 20, 20, 20, 8, 20, 20]);
    expect(wideShare(words, 0, 0, words.width, words.height, 128, 40)).toBeGreaterThan(0.9);
    expect(wideShare(figures, 0, 0, figures.width, figures.height, 128, 40)).toBe(0);
    // two digits that touch make one run a little over a line wide: counted, but a cell of
    // figures still scores under one half
    const touching = glyphs([41, 20, 20, 8, 20, 20]);
    expect(wideShare(touching, 0, 0, touching.width, touching.height, 128, 40)).toBeLessThan(0.5);
  });
});

describe('codes an OCR misreading contradicts', () => {
  it('takes the code the row name gives, one or two digits away, under the same parent', () => {
    expect(codeByName('2080589', '其他行政事业单位养老支出', 'func', 2026)).toBe('2080599');
    expect(codeByName('2040609', '其他司法支出', 'func', 2026)).toBe('2040699');
  });
  it('keeps a code its name agrees with, or that no misread digit explains', () => {
    expect(codeByName('2080599', '其他行政事业单位养老支出', 'func', 2026)).toBeUndefined();
    expect(codeByName('2080505', '机关事业单位基本养老保险缴费支出', 'func', 2026)).toBeUndefined();
    expect(codeByName('2080505', '不在目录里的名称', 'func', 2026)).toBeUndefined();
  });
});

describe('two-level scans', () => {
  it('are told apart, thresholded between their two levels, and despeckled without losing strokes', () => {
    const w = 60;
    const h = 40;
    const data = new Uint8Array(w * h).fill(255);
    // a one-pixel stroke across, and a lone speck
    for (let x = 5; x < 55; x++) data[20 * w + x] = 0;
    data[5 * w + 5] = 0;
    const img = { width: w, height: h, data };
    expect(isBilevel(img)).toBe(true);
    expect(otsu(img)).toBeGreaterThan(100);
    expect(otsu(img)).toBeLessThan(160);
    const clean = despeckleBilevel(img);
    expect(clean.data[5 * w + 5]).toBe(255);
    expect(clean.data[20 * w + 30]).toBe(0);
    const gray = new Uint8Array(w * h).map((_, i) => 128 + (i % 100));
    expect(isBilevel({ width: w, height: h, data: gray })).toBe(false);
  });
});

describe('lines tesseract passed over', () => {
  it('finds a line of ink no word covers, and the end of a line read short', () => {
    const w = 400;
    const h = 120;
    const data = new Uint8Array(w * h).fill(255);
    const block = (x0: number, y0: number, x1: number, y1: number): void => {
      for (let y = y0; y < y1; y++) data.fill(0, y * w + x0, y * w + x1);
    };
    // line 1: four "characters", read; then one more far right, not read
    for (const x of [20, 60, 100, 140]) block(x, 10, x + 30, 40);
    block(300, 10, 330, 40);
    // line 2: three characters, not read at all
    for (const x of [20, 60, 100]) block(x, 70, x + 30, 100);
    const word = (left: number, width: number, top: number): OcrWord => ({ text: '字', conf: 95, left, top, width, height: 30, block: 1, par: 1, line: 1 });
    const missed = missedLines({ width: w, height: h, data }, [word(20, 150, 10)], 128, 300);
    expect(missed).toHaveLength(2);
    const [tail, line2] = [...missed].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    expect(tail![0]).toBeGreaterThanOrEqual(170);
    expect(tail![2]).toBeGreaterThanOrEqual(330);
    expect(line2![1]).toBeGreaterThanOrEqual(68);
    expect(line2![0]).toBeLessThanOrEqual(20);
  });
});

describe('colour scans', () => {
  it('drop red seals to white and keep black, blue and grey print', () => {
    expect(grayOf(220, 30, 30)).toBe(255);
    expect(grayOf(200, 60, 70)).toBe(255);
    expect(grayOf(0, 0, 0)).toBe(0);
    expect(grayOf(30, 30, 200)).toBeLessThan(80);
    expect(grayOf(128, 128, 128)).toBe(128);
    // black print under a seal: dark wherever the two overlap
    expect(grayOf(60, 10, 10)).toBeLessThan(60);
  });
  it('take a page too large for paper for A4, and work out the scan resolution from it', () => {
    const scan = { bbox: [0, 0, 2632, 1860] as const, width: 3509, height: 2480 };
    const r = ocrDpi([scan], 2632, 1860);
    expect(r.assumed).toBe(true);
    expect(r.dpi).toBe(300);
    const a4 = ocrDpi([{ bbox: [0, 0, 842, 595] as const, width: 3509, height: 2480 }], 842, 595);
    expect(a4).toEqual({ dpi: 300, native: 300 });
    // a long sheet (a table 20 inches wide) scanned at 200 dpi is as large as it says
    const long = ocrDpi([{ bbox: [0, 0, 1446, 595] as const, width: 4016, height: 1654 }], 1446, 595);
    expect(long).toEqual({ dpi: 200, native: 200 });
  });
});
