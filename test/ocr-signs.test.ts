// Comparison signs in performance targets, told from the glyph's shape, on real scanned cells:
// the target column of page 36 of the Xi'an audit office's twin (test/fixtures/ocr, cut from
// the 200 dpi twin with its turn and noise, and from the 150 dpi twin): ≥150 ≥90 ≥95% ≥85%
// ≤44天 ≥10亿元 ≥18 ≥90%, each in its ruled cell. The picture is prepared as ocrPageImage
// prepares a page (paper flattened, median), and the glyphs are found from the ink alone
// (rulings, then each cell's band of text, then its first glyph), so that no engine runs.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flattenBackground, median3, otsu, type GrayImage } from '../src/extract/ocr/image.ts';
import { restoreSigns, signOf } from '../src/extract/ocr/signs.ts';
import type { OcrWord } from '../src/extract/ocr/words.ts';

function readPgm(file: string): GrayImage {
  const buf = readFileSync(new URL(`./fixtures/ocr/${file}`, import.meta.url));
  const head = /^P5\s+(\d+)\s+(\d+)\s+255\s/u.exec(buf.subarray(0, 40).toString('latin1'))!;
  const width = Number(head[1]);
  const height = Number(head[2]);
  return { width, height, data: new Uint8Array(buf.subarray(head[0].length, head[0].length + width * height)) };
}

interface Glyph {
  x0: number;
  x1: number;
}
interface Cell {
  top: number;
  bottom: number;
  glyphs: Glyph[];
}

/** The cells' text: bands of ink between the rulings, each cut into glyphs at blank columns. */
function cellsOf(img: GrayImage, thr: number): Cell[] {
  const { width: W, height: H, data } = img;
  const rowInk = (y: number): number => {
    let n = 0;
    for (let x = 0; x < W; x++) if (data[y * W + x]! <= thr) n++;
    return n;
  };
  const ruling = (y: number): boolean => rowInk(y) > 0.6 * W;
  const cells: Cell[] = [];
  let y = 0;
  while (y < H) {
    // a band: rows with ink (not a ruling), at least a few pixels each
    while (y < H && (ruling(y) || rowInk(y) < 2)) y++;
    const top = y;
    while (y < H && !ruling(y) && rowInk(y) >= 2) y++;
    const bottom = y - 1;
    if (bottom - top < 8) continue;
    const colInk = (x: number): number => {
      let n = 0;
      for (let yy = top; yy <= bottom; yy++) if (data[yy * W + x]! <= thr) n++;
      return n;
    };
    const glyphs: Glyph[] = [];
    let x = 0;
    while (x < W) {
      while (x < W && colInk(x) < 2) x++;
      const x0 = x;
      while (x < W && colInk(x) >= 2) x++;
      if (x - x0 >= 3) glyphs.push({ x0, x1: x - 1 });
    }
    if (glyphs.length >= 2) cells.push({ top, bottom, glyphs });
  }
  return cells;
}

const EXPECTED = ['≥', '≥', '≥', '≥', '≤', '≥', '≥', '≥'];

describe.each([
  ['200 dpi, turned and noisy', 'xa-p36-signs-200.pgm', 200],
  ['150 dpi', 'xa-p36-signs-150.pgm', 150],
])('comparison signs on a real scan (%s)', (_label, file, dpi) => {
  const img = median3(flattenBackground(readPgm(file), dpi));
  const thr = Math.min(otsu(img), 160);
  const cells = cellsOf(img, thr);
  const word = (text: string, c: Cell, from: number): OcrWord => {
    const left = c.glyphs[from]!.x0;
    return { text, conf: 80, left, top: c.top - 1, width: c.glyphs.at(-1)!.x1 - left + 1, height: c.bottom - c.top + 3, block: 1, par: 1, line: 1 };
  };

  it('finds the eight cells', () => {
    expect(cells).toHaveLength(8);
  });

  it('reads each cell’s first glyph as the sign printed, and its digits as no sign', () => {
    const h = (c: Cell): number => c.bottom - c.top + 1;
    expect(cells.map((c) => signOf(img, c.glyphs[0]!.x0, c.glyphs[0]!.x1, c.top, c.bottom, thr))).toEqual(EXPECTED);
    // the digit after the sign (1 9 9 8 4 1 1 9), and the last glyph (0 0 % % 天 元 8 %)
    for (const c of cells) {
      expect(signOf(img, c.glyphs[1]!.x0, c.glyphs[1]!.x1, c.top, c.bottom, thr, 0.85 * h(c) + 2)).toBeNull();
      const last = c.glyphs.at(-1)!;
      expect(signOf(img, last.x0, last.x1, c.top, c.bottom, thr, 0.85 * h(c) + 2)).toBeNull();
    }
  });

  it('restores a sign chi_sim read as a character, and one it dropped, before a quantity', () => {
    // ≥95% read `之95%` (the word's box from the sign), ≤44天 read `44天` (box from the digits)
    const [c95, c44, c10] = [cells[2]!, cells[4]!, cells[5]!];
    const out = restoreSigns([word('之95%', c95, 0), word('44天', c44, 1), word('么10亿元', c10, 0)], img, thr).map((w) => w.text);
    expect(out).toEqual(['≥95%', '≤44天', '≥10亿元']);
    // A figure without a unit is left as read, sign or not (a bare amount in a table).
    const c150 = cells[0]!;
    expect(restoreSigns([word('150', c150, 1)], img, thr)[0]!.text).toBe('150');
  });

  it('leaves a character before a figure alone', () => {
    // 天 and 元 (the cells' last glyphs) taken for what stands before a figure: `天95%`
    const c44 = cells[4]!;
    const tian = c44.glyphs.at(-1)!;
    const w: OcrWord = { text: '天5%', conf: 80, left: tian.x0, top: c44.top - 1, width: 3 * (tian.x1 - tian.x0 + 1), height: c44.bottom - c44.top + 3, block: 1, par: 1, line: 1 };
    expect(restoreSigns([w], img, thr)[0]!.text).toBe('天5%');
  });
});

describe('comparison signs without a bar', () => {
  // > and < drawn as two strokes 3 px thick meeting at a point, 24 px tall (a figure's height
  // at 200 dpi), beside a 9 drawn as a loop with a stem.
  const W = 80;
  const H = 40;
  const draw = (shape: 'gt' | 'lt' | 'nine'): GrayImage => {
    const data = new Uint8Array(W * H).fill(255);
    const dot = (x: number, y: number): void => {
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) data[Math.round(y + dy) * W + Math.round(x + dx)] = 20;
    };
    for (let i = 0; i <= 100; i++) {
      const f = i / 100;
      if (shape === 'nine') {
        const a = 2 * Math.PI * f;
        dot(30 + 8 * Math.cos(a), 16 + 7 * Math.sin(a));
        dot(38, 16 + 16 * f);
      } else {
        const [x0, x1] = shape === 'gt' ? [20, 40] : [40, 20];
        dot(x0 + (x1 - x0) * f, 8 + 12 * f);
        dot(x1 + (x0 - x1) * f, 20 + 12 * f);
      }
    }
    return { width: W, height: H, data };
  };
  it('reads > and <, and not a 9', () => {
    expect(signOf(draw('gt'), 10, 50, 4, 36, 128)).toBe('>');
    expect(signOf(draw('lt'), 10, 50, 4, 36, 128)).toBe('<');
    expect(signOf(draw('nine'), 10, 50, 4, 36, 128)).toBeNull();
  });
});
