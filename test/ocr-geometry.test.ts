// What real scans need before any reading, on the picture of a real scanned page (the top of
// page 9 of the gbc twin, test/fixtures/ocr): a quarter turn told from the gaps between lines,
// the scanner's dark border, a grey seal stamped over the text, a background darker on one
// side, a digit printed over a cell's border; and the words after reading: stacked lines told
// apart by their boxes, quotes read out of empty paper, figures not read whole left out.
// No engine: pure functions, well under a second each.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ocrGrid } from './doc-builders.ts';
import { clearBorders } from '../src/extract/ocr/borders.ts';
import { flattenBackground, otsu, type GrayImage } from '../src/extract/ocr/image.ts';
import { eraseRulings } from '../src/extract/ocr/lines.ts';
import { lineOrientation, quarterTurn } from '../src/extract/ocr/orient.ts';
import { embeddedScan, withRenderablePdf } from '../src/extract/ocr/render.ts';
import { repairGrid } from '../src/extract/ocr/repair.ts';
import { removeSeals } from '../src/extract/ocr/seals.ts';
import { dropPhantomQuotes, splitStackedLines, type OcrWord } from '../src/extract/ocr/words.ts';

let page: GrayImage;
let dpi: number;

beforeAll(async () => {
  const bytes = new Uint8Array(readFileSync(new URL('./fixtures/ocr/gbc-p9-top-scan.pdf', import.meta.url)));
  await withRenderablePdf(bytes, async (pdf) => {
    const p = await pdf.getPage(1);
    const vp = p.getViewport({ scale: 1 });
    const ops = await p.getOperatorList();
    const scan = await embeddedScan(p, ops, vp.transform as number[], vp.width, vp.height);
    page = scan!.image;
    dpi = scan!.dpi;
  });
}, 30_000);

const copy = (img: GrayImage): GrayImage => ({ width: img.width, height: img.height, data: new Uint8Array(img.data) });
const inkCount = (img: GrayImage, thr: number): number => img.data.reduce((n, v) => n + (v <= thr ? 1 : 0), 0);

describe('page geometry', () => {
  it('tells a page whose lines run down the scan, either way, and leaves an upright one', () => {
    expect(lineOrientation(page, dpi).quarter).toBe(false);
    expect(lineOrientation(quarterTurn(page, true), dpi).quarter).toBe(true);
    expect(lineOrientation(quarterTurn(page, false), dpi).quarter).toBe(true);
    // a quarter turn each way is the identity
    expect(Buffer.compare(Buffer.from(quarterTurn(quarterTurn(page, true), false).data), Buffer.from(page.data))).toBe(0);
  });

  it('clears a scanner border along an edge, and nothing of the print', () => {
    const img = copy(page);
    const thr = Math.min(otsu(img), 160);
    const before = inkCount(img, thr);
    const band = Math.round(img.width * 0.015);
    for (let y = 0; y < img.height; y++) img.data.fill(40, y * img.width, y * img.width + band);
    const [top, right, bottom, left] = clearBorders(img, thr);
    expect([top, right, bottom]).toEqual([0, 0, 0]);
    expect(left).toBeGreaterThanOrEqual(band);
    expect(Math.abs(inkCount(img, thr) - before)).toBeLessThan(0.01 * before);
    expect(clearBorders(copy(page), thr)).toEqual([0, 0, 0, 0]);
  });

  it('paints out a grey seal stamped over the text and finds none on a page without', () => {
    const thr = Math.min(otsu(page), 160);
    expect(removeSeals(copy(page), dpi, thr)).toEqual([]);
    // the page's title and captions (its top 300 rows) on a white page, a seal over them
    const img: GrayImage = { width: page.width, height: 1400, data: new Uint8Array(page.width * 1400).fill(255) };
    img.data.set(page.data.subarray(0, 300 * page.width), 500 * page.width);
    const r = Math.round(0.75 * dpi);
    const cx = Math.round(img.width * 0.4);
    const cy = 650;
    for (let y = cy - r - 6; y <= cy + r + 6; y++) {
      for (let x = cx - r - 6; x <= cx + r + 6; x++) {
        if (Math.abs(Math.hypot(x - cx, y - cy) - r) <= 4) img.data[y * img.width + x] = 90;
      }
    }
    const seals = removeSeals(img, dpi, thr);
    expect(seals).toHaveLength(1);
    expect(Math.abs(seals[0]!.r - r)).toBeLessThan(0.15 * r);
    // the ring is gone: no ink left on its circle
    let left = 0;
    for (let a = 0; a < 360; a += 5) {
      const x = Math.round(cx + r * Math.cos((a * Math.PI) / 180));
      const y = Math.round(cy + r * Math.sin((a * Math.PI) / 180));
      if (img.data[y * img.width + x]! <= thr) left++;
    }
    expect(left).toBe(0);
  });

  it('makes the paper of a scan darker on one side white and even', () => {
    const img = copy(page);
    // a shading from none on the left to a third darker on the right
    for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) img.data[y * img.width + x] = Math.round(img.data[y * img.width + x]! * (1 - (0.33 * x) / img.width));
    const flat = flattenBackground(img, dpi);
    const paperAt = (g: GrayImage, x0: number): number => {
      const vs: number[] = [];
      for (let y = 0; y < g.height; y += 3) for (let x = x0; x < x0 + 40; x++) vs.push(g.data[y * g.width + x]!);
      return vs.sort((a, b) => a - b)[Math.floor(vs.length * 0.8)]!;
    };
    expect(paperAt(img, img.width - 60)).toBeLessThan(190);
    expect(paperAt(flat, 20)).toBeGreaterThan(245);
    expect(paperAt(flat, img.width - 60)).toBeGreaterThan(245);
  });

  it('keeps the stroke of a digit printed over a cell border when the rule is erased', () => {
    // a vertical rule two pixels wide at x 50–51, a digit's stroke at x 48–49 over 10 rows
    const w = 80;
    const h = 60;
    const data = new Uint8Array(w * h).fill(255);
    for (let y = 5; y < 55; y++) data[y * w + 50] = data[y * w + 51] = 0;
    for (let y = 20; y < 30; y++) data[y * w + 48] = data[y * w + 49] = 0;
    for (let y = 20; y < 30; y++) for (let x = 40; x < 46; x += 2) data[y * w + x] = 0;
    const img = { width: w, height: h, data };
    eraseRulings(img, { h: [], v: [{ at: 50.5, from: 5, to: 54, thickness: 2 }] }, 0, 128);
    expect(data[10 * w + 50]).toBe(255);
    expect(data[25 * w + 49]).toBe(0);
    expect(data[40 * w + 49]).toBe(255);
  });
});

const word = (text: string, left: number, top: number, size = 80, ln = 1): OcrWord => ({ text, conf: 90, left, top, width: size * [...text].length, height: size, block: 1, par: 1, line: ln });

describe('words after reading', () => {
  it('splits a line tesseract took from two stacked lines of large type', () => {
    // 2026年 (centred, above) and 广州市信访局部门预算 read as one line
    const ws = [word('广州', 100, 300), word('2026', 400, 180, 70), word('年', 680, 180), word('市信访局', 260, 300), word('部门预算', 580, 300)];
    const out = splitStackedLines(ws);
    const lines = new Map<number, string[]>();
    for (const w of out) lines.set(w.line, [...(lines.get(w.line) ?? []), w.text]);
    expect([...lines.values()].map((l) => l.join(''))).toEqual(expect.arrayContaining(['广州市信访局部门预算', '2026年']));
    // words of one line at slightly different heights (a skew) are not split
    const skewed = [word('一般', 100, 300), word('公共', 300, 312), word('预算', 500, 324), word('支出', 700, 336)];
    expect(new Set(splitStackedLines(skewed).map((w) => w.line)).size).toBe(1);
  });

  it('drops a quote read out of empty paper before a word, and keeps a printed one', () => {
    const w = 400;
    const h = 100;
    const data = new Uint8Array(w * h).fill(255);
    // two "characters" of ink at x 160–230 and 240–310; a real quote mark's ink at x 10–16
    for (let y = 20; y < 80; y++) for (const [a, b] of [[160, 230], [240, 310]] as const) for (let x = a; x < b; x += 3) data[y * w + x] = 0;
    for (let y = 20; y < 30; y++) for (let x = 10; x < 16; x++) data[y * w + x] = 0;
    const img = { width: w, height: h, data };
    const phantom = { ...word('“重点', 110, 20, 60), width: 200 };
    expect(dropPhantomQuotes([phantom], img, 128)[0]!.text).toBe('重点');
    const real = { ...word('“三公', 5, 20, 60), width: 150 };
    expect(dropPhantomQuotes([real], img, 128)[0]!.text).toBe('“三公');
  });
});

const grid = ocrGrid;

describe('figures not read whole', () => {
  it('are left out and reported, where no sum of the table vouches for them', () => {
    const r = repairGrid(
      grid([
        ['项目', '预算数', '项目', '预算数'],
        ['一、财政拨款', '40,052,896.08', '一、人员经费和公用经费支出', '33,544,216.0'],
        ['1、一般公共预算拨款', '40,052,896.08', '（1）工资福利支出', '29,812,828.40'],
        ['2、政府性基金拨款', '又165,133.多', '（2）商品和服务支出', '3,055,383.68'],
        ['其他收入', '100,000.', '（3）对个人和家庭的补助', '1,600,806.00'],
        ['3、国有资本经营预算拨款', '1', '（4）资本性支出', '42,960.00'],
      ]),
      1,
      [{ text: '33,544,216.0', conf: 62, bbox: [300, 22, 390, 38] }],
    );
    const cells = r.grid.rows.map((row) => row.cells.map((c) => c.text));
    expect(cells[1]![3]).toBe('');
    expect(cells[3]![1]).toBe('');
    expect(cells[4]![1]).toBe('');
    expect(cells[2]![3]).toBe('29,812,828.40');
    const withheld = r.findings.filter((f) => f.code === 'ocr-unreadable-amount');
    expect(withheld.map((f) => f.found).sort()).toEqual(['1', '100,000.', '33,544,216.0', '又165,133.多']);
    expect(withheld.find((f) => f.found === '33,544,216.0')!.message).toMatch(/confidence 62/);
  });
});
