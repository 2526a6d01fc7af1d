// Reading the cells of ruled tables: crops stacked into a strip, read by the pool, each word
// put back into its cell on the page. Figures and words want different models: eng reads
// digits faster and far better than chi_sim, chi_sim reads Chinese. Which a cell holds is
// told from the shape of its glyphs before any reading (cells.ts, wideShare), and checked by
// the reading after.

import type { GrayImage } from './image.ts';
import { boxShrink, encodePgm, levelsOf } from './image.ts';
import { stripOf, slotAt, type CellCrop, type CellRegion } from './cells.ts';
import type { OcrLang, OcrPool } from './pool.ts';
import { parseTsv, wordsByLine, type OcrWord } from './words.ts';

/** One cell as read: its words (boxes in page pixels), their text and lowest confidence. */
export interface CellReading {
  readonly text: string;
  readonly conf: number;
  readonly words: readonly OcrWord[];
}

/** Words that are only rule remnants or speckle: bars, dashes and dots standing alone. */
export const NOISE_WORD = /^[|丨¦_~'‘’`"“”.,·]+$/u;

const PAD = 24;

export interface ReadOptions {
  readonly lang: OcrLang;
  readonly psm?: 4 | 6 | 7 | 11;
  readonly whitelist?: string;
  readonly blacklist?: string;
  /** Added to tesseract's block numbers, to keep the lines of different reads apart. */
  readonly blockOffset: number;
}

/** Read the given crops as one strip; a reading per cell index (cells with no words are absent). */
export async function readCrops(pool: OcrPool, img: GrayImage, crops: readonly CellCrop[], dpi: number, opts: ReadOptions): Promise<Map<number, CellReading>> {
  const out = new Map<number, CellReading>();
  const strip = stripOf(img, crops);
  if (!strip) return out;
  const res = await pool.recognize({
    pgm: encodePgm(strip.image),
    dpi,
    psm: opts.psm ?? 6,
    lang: opts.lang,
    ...(opts.whitelist ? { whitelist: opts.whitelist } : {}),
    ...(opts.blacklist ? { blacklist: opts.blacklist } : {}),
  });
  if (process.env.OCRDBG_STRIP) {
    const { writeFileSync } = await import('node:fs');
    const k = `${opts.lang}-${opts.blockOffset}`;
    writeFileSync(`${process.env.OCRDBG_STRIP}/strip-${k}.pgm`, encodePgm(strip.image));
    writeFileSync(`${process.env.OCRDBG_STRIP}/strip-${k}.tsv`, res.tsv);
  }
  const bySlot = new Map<number, OcrWord[]>();
  for (const w of parseTsv(res.tsv)) {
    if (NOISE_WORD.test(w.text)) continue;
    const i = slotAt(strip, w.top + w.height / 2);
    if (i < 0) continue;
    const s = strip.slots[i]!;
    // Back to the page, kept inside the cell's crop; a box taller than the cell's line (LSTM
    // boxes of Chinese sometimes span two lines) is cut to one line about its middle, lest its
    // run reach over the rule into the row above.
    let top = s.pageY + (w.top - s.y0) * s.scale;
    let height = w.height * s.scale;
    if (s.line > 0 && height > 1.3 * s.line) {
      top += (height - s.line) / 2;
      height = s.line;
    }
    top = Math.max(s.pageY, Math.min(top, s.pageY + s.h - height));
    const left = Math.max(s.pageX, s.pageX + (w.left - PAD) * s.scale);
    const width = Math.min(w.width * s.scale, s.pageX + s.w - left);
    const placed: OcrWord = { ...w, left, top, width: Math.max(1, width), height, block: w.block + opts.blockOffset };
    const l = bySlot.get(i);
    if (l) l.push(placed);
    else bySlot.set(i, [placed]);
  }
  for (const [i, words] of bySlot) {
    words.sort((a, b) => a.line - b.line || a.left - b.left);
    out.set(strip.slots[i]!.cell, {
      text: words.map((w) => w.text).join(' '),
      conf: Math.min(...words.map((w) => w.conf)),
      words,
    });
  }
  return out;
}

/** A figure as eng reads one: digits with separators, a sign, nothing else. */
const FIGURE = /^[-+]?[\d.,:;]*\d[\d.,:;]*%?$/u;

/** eng's reading of a cell is a figure (a code or an amount), clearly enough to keep. */
export function isFigure(r: CellReading | undefined, minConf = 50): boolean {
  if (!r) return false;
  const t = r.text.replace(/\s+/gu, '');
  return FIGURE.test(t) && r.conf >= minConf;
}

/** Latin letters: not in Chinese budget tables, but what eng makes of Chinese characters. */
export const LATIN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A crop whose glyphs are this wide (CellCrop.wide) or more is taken for words, not figures. */
const WORDS_WIDE = 0.2;

const CJK = /[\u3400-\u9fff]/u;

/**
 * Read every cell, each with the model its glyphs call for: cells of narrow glyphs (figures,
 * codes) with eng, cells of square ones (words) with chi_sim (Latin letters barred), both at
 * once. A guess that proves wrong costs a second read, never the reading: a cell eng cannot
 * read as a figure goes to chi_sim, and a cell chi_sim reads as digits alone goes to eng.
 * Returns the words of all cells, in page pixels.
 */
export async function readCells(pool: OcrPool, img: GrayImage, cells: readonly CellRegion[], crops: readonly CellCrop[], dpi: number): Promise<OcrWord[]> {
  void cells;
  // PSM 6 (one block of lines) read these strips best: PSM 4 and 11 lost text cells.
  // Each strip's words carry block numbers of their own (tesseract numbers the lines of each
  // image from 1): lines of two strips must never be taken for one.
  const readEng = (cs: readonly CellCrop[], blockOffset: number): Promise<Map<number, CellReading>> => readCrops(pool, img, cs, dpi, { lang: 'eng', psm: 6, blockOffset });
  const readChi = (cs: readonly CellCrop[], blockOffset: number): Promise<Map<number, CellReading>> => readCrops(pool, img, cs, dpi, { lang: 'chi', psm: 6, blacklist: LATIN, blockOffset });
  const words = crops.filter((c) => c.wide >= WORDS_WIDE);
  const figures = crops.filter((c) => c.wide < WORDS_WIDE);
  const [eng, chi] = await Promise.all([readEng(figures, 10_000), readChi(words, 20_000)]);
  const toChi = figures.filter((c) => !isFigure(eng.get(c.cell)));
  // A cell taken for words that chi_sim read as digits, or mostly digits (`4如，052.896.08`),
  // holds a figure after all.
  const toEng = words.filter((c) => {
    const r = chi.get(c.cell);
    return !r || (/\d/u.test(r.text) && !CJK.test(r.text)) || mostlyDigits(r.text);
  });
  // Cells shaped like figures that eng could not read as one are read twice more: by eng
  // allowed only the characters of figures (a digit-only pass: what was read as a letter or
  // a stray mark must be read as a digit), and by chi_sim, in case the cell holds words after
  // all. chi_sim alone turned figures into Chinese (`又，165,133.多` for `92,165,133.99`).
  const toDigits = [...toChi, ...toEng.filter((c) => mostlyDigits(chi.get(c.cell)?.text ?? ''))];
  const [eng2, chi2, dig] = await Promise.all([
    readEng(toEng, 40_000),
    readChi(toChi, 50_000),
    readCrops(pool, img, toDigits, dpi, { lang: 'eng', psm: 6, whitelist: FIGURE_CHARS, blockOffset: 60_000 }),
  ]);
  for (const [k, v] of eng2) eng.set(k, v);
  for (const [k, v] of chi2) chi.set(k, v);
  const out: OcrWord[] = [];
  for (const c of crops) {
    let r = isFigure(eng.get(c.cell)) ? eng.get(c.cell) : chi.get(c.cell);
    const d = dig.get(c.cell);
    if (!isFigure(eng.get(c.cell)) && d && isFigure(d, 20)) {
      // Words only where chi_sim read Chinese and no figure, with more confidence than the
      // digits (`又165,133.的` is a figure chi_sim misread).
      const ch = chi.get(c.cell);
      if (!ch || !CJK.test(ch.text) || ch.conf < d.conf || /\d{3}/u.test(ch.text)) r = d;
    }
    if (r) out.push(...r.words);
  }
  return out;
}

/** Four digits or more, and more digits and separators than anything else: a figure misread. */
function mostlyDigits(text: string): boolean {
  const t = text.replace(/\s+/gu, '');
  const d = (t.match(/[\d.,]/gu) ?? []).length;
  return (t.match(/\d/gu) ?? []).length >= 4 && d >= 0.6 * [...t].length;
}

/** The characters of figures: what the digit-only pass may read. */
const FIGURE_CHARS = '0123456789.,-%';

/** A box in image pixels: x0, y0, x1, y1. */
type Box = readonly [number, number, number, number];

/**
 * Lines of large type (a cover's title) among words read: tesseract's lines whose Chinese
 * characters are at least `minH` pixels tall, as boxes with their words.
 */
export function largeLines(words: readonly OcrWord[], minH: number): { box: Box; words: OcrWord[] }[] {
  const byLine = wordsByLine(words);
  const out: { box: Box; words: OcrWord[] }[] = [];
  for (const ws of byLine.values()) {
    const hs = ws.filter((w) => /[\u4e00-\u9fff]/u.test(w.text)).map((w) => w.height).sort((a, b) => a - b);
    if (hs.length === 0 || hs[hs.length >> 1]! < minH) continue;
    const x0 = Math.min(...ws.map((w) => w.left));
    const x1 = Math.max(...ws.map((w) => w.left + w.width));
    // Top and bottom by the median character: a box tesseract stretched (人 131 pixels tall
    // among characters of 90) would reach into the next line.
    const med = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!;
    const y0 = med(ws.map((w) => w.top));
    const y1 = med(ws.map((w) => w.top + w.height));
    const m = Math.round(0.1 * (y1 - y0));
    out.push({ box: [Math.max(0, x0 - m), Math.max(0, y0 - m), x1 + m, y1 + m], words: ws });
  }
  return out;
}

/**
 * Lines of ink that no word read covers: bands of inked rows (text-line sized, at least a
 * character wide) that tesseract's layout analysis passed over. A title of bold display type
 * on a two-level scan is dropped whole now and then; these bands are read again (readLarge).
 */
export function missedLines(img: GrayImage, words: readonly OcrWord[], thr: number, dpi: number): Box[] {
  const { width: w, height: h, data } = img;
  const ink = new Uint32Array(h);
  for (let y = 0; y < h; y++) {
    const base = y * w;
    let n = 0;
    for (let x = 0; x < w; x += 2) if (data[base + x]! <= thr) n++;
    ink[y] = n;
  }
  const minH = Math.max(8, Math.round(dpi / 25));
  const maxH = Math.round(dpi / 2);
  const out: Box[] = [];
  let y = 0;
  while (y < h) {
    if (ink[y]! < 2) {
      y++;
      continue;
    }
    const y0 = y;
    let last = y;
    for (y++; y < h && (ink[y]! >= 2 || y - last <= 2); y++) if (ink[y]! >= 2) last = y;
    const y1 = last + 1;
    const bh = y1 - y0;
    if (bh < minH || bh > maxH) continue;
    let x0 = w;
    let x1 = -1;
    for (let yy = y0; yy < y1; yy++) {
      const base = yy * w;
      for (let x = 0; x < x0; x++) if (data[base + x]! <= thr) { x0 = x; break; }
      for (let x = w - 1; x > x1; x--) if (data[base + x]! <= thr) { x1 = x; break; }
    }
    if (x1 - x0 < 0.8 * bh) continue;
    const inBand = words.filter((wd) => {
      const oy = Math.min(y1, wd.top + wd.height) - Math.max(y0, wd.top);
      const ox = Math.min(x1, wd.left + wd.width) - Math.max(x0, wd.left);
      return oy > 0.4 * Math.min(bh, wd.height) && ox > 0;
    });
    if (inBand.length === 0) {
      out.push([x0, y0, x1 + 1, y1]);
      continue;
    }
    // A line read but for its end (单位：元 read as 单位： ) or its start: the ink beyond the
    // words, if a character's worth, is read alone.
    const left = Math.min(...inBand.map((wd) => wd.left));
    const right = Math.max(...inBand.map((wd) => wd.left + wd.width));
    if (x1 - right > 0.6 * bh && inkBetween(img, right + 2, x1 + 1, y0, y1, thr)) out.push([Math.max(0, Math.round(right) + 2), y0, x1 + 1, y1]);
    if (left - x0 > 0.6 * bh && inkBetween(img, x0, left - 2, y0, y1, thr)) out.push([x0, y0, Math.round(left) - 2, y1]);
  }
  return out;
}

/** Ink enough for a character (not a speck) in a box: at least a few dark pixels in a few columns. */
function inkBetween(img: GrayImage, x0: number, x1: number, y0: number, y1: number, thr: number): boolean {
  let cols = 0;
  for (let x = Math.max(0, Math.round(x0)); x < Math.min(img.width, Math.round(x1)); x++) {
    let n = 0;
    for (let y = y0; y < y1; y++) if (img.data[y * img.width + x]! <= thr) n++;
    if (n >= 2) cols++;
  }
  return cols >= 3;
}

/** Box-filter reduction of a region of `img` by `f` (> 1). */
export function shrink(img: GrayImage, b: Box, f: number): GrayImage {
  return boxShrink(img, b, f);
}

/** Height (pixels) tesseract reads Chinese best at, for lines of large type. */
const READ_HEIGHT = 44;

/**
 * Read lines of large type at a size tesseract reads well: tesseract misreads characters a
 * third of an inch tall (倡州市求楼 for 福州市鼓楼) that it reads exactly at a third of the size.
 * Each band is shrunk to about READ_HEIGHT pixels and the bands are read as one strip; the
 * words come back in page pixels.
 */
export async function readLarge(
  pool: OcrPool,
  img: GrayImage,
  lines: readonly Box[],
  dpi: number,
  thr = 160,
  opts: { readonly blockOffset?: number; readonly asGiven?: boolean } = {},
): Promise<OcrWord[]> {
  const blockOffset = opts.blockOffset ?? 30_000;
  if (lines.length === 0) return [];
  // Each line's band, as wide as the ink in it: tesseract may have dropped a character that
  // its words' boxes then leave out (财政拨款支|预算表 without 出). Bands on one level merge.
  const bands: [number, number, number, number][] = [];
  for (const l of [...lines].sort((a, b) => a[1] - b[1])) {
    const y0 = Math.max(0, l[1]);
    const y1 = Math.min(img.height, l[3]);
    let x0 = img.width;
    let x1 = -1;
    // (Boxes of missed ink are read as given: their sides are the words read beside them.)
    if (opts.asGiven) {
      x0 = Math.max(0, l[0]);
      x1 = Math.min(img.width, l[2]) - 1;
    } else for (let y = y0 + Math.floor((y1 - y0) / 4); y < y1 - Math.floor((y1 - y0) / 4); y++) {
      // (Over the middle half of its rows: the tops and tails of the lines above and below,
      // set close to a cover's lines, must not widen it.)
      const base = y * img.width;
      for (let x = 0; x < x0; x++) if (img.data[base + x]! <= thr) { x0 = x; break; }
      for (let x = img.width - 1; x > x1; x--) if (img.data[base + x]! <= thr) { x1 = x; break; }
    }
    if (x1 < x0) continue;
    const b: [number, number, number, number] = [Math.max(0, x0 - 8), y0, Math.min(img.width, x1 + 9), y1];
    const prev = bands[bands.length - 1];
    const level = prev && Math.min(prev[3], b[3]) - Math.max(prev[1], b[1]) > 0.5 * Math.min(prev[3] - prev[1], b[3] - b[1]);
    if (prev && level && (!opts.asGiven || Math.min(prev[2], b[2]) > Math.max(prev[0], b[0]))) {
      prev[0] = Math.min(prev[0], b[0]);
      prev[1] = Math.min(prev[1], b[1]);
      prev[2] = Math.max(prev[2], b[2]);
      prev[3] = Math.max(prev[3], b[3]);
    } else bands.push(b);
  }
  if (bands.length === 0) return [];
  // Lines set close together (a cover's year over its title) overlap by their margins: each
  // keeps its side of the middle of the overlap, so that no band holds a piece of the other.
  for (let i = 1; i < bands.length; i++) {
    const a = bands[i - 1]!;
    const b = bands[i]!;
    if (a[3] > b[1] && Math.min(a[2], b[2]) > Math.max(a[0], b[0])) {
      const mid = Math.round((a[3] + b[1]) / 2);
      a[3] = Math.max(a[1] + 1, mid);
      b[1] = Math.min(b[3] - 1, mid);
    }
  }
  const parts = bands.map((band) => {
    const b: Box = [band[0], band[1], Math.min(img.width, band[2]), Math.min(img.height, band[3])];
    const f = Math.max(1, (b[3] - b[1]) / (1.3 * READ_HEIGHT));
    const part = shrink(img, b, f);
    // Stretched between its own ink and paper (see levelsOf), against the strip's padding.
    const lut = levelsOf(part, 0, 0, part.width, part.height);
    for (let i = 0; i < part.data.length; i++) part.data[i] = lut[part.data[i]!]!;
    return { b, f, img: part };
  });
  const width = Math.max(...parts.map((p) => p.img.width)) + 2 * PAD;
  let y = PAD;
  const placed = parts.map((p) => {
    const at = y;
    y += p.img.height + Math.max(PAD, p.img.height);
    return at;
  });
  const height = y + PAD;
  const data = new Uint8Array(width * height).fill(255);
  parts.forEach((p, i) => {
    for (let r = 0; r < p.img.height; r++) data.set(p.img.data.subarray(r * p.img.width, (r + 1) * p.img.width), (placed[i]! + r) * width + PAD);
  });
  const pgm = encodePgm({ width, height, data });
  const stripDpi = Math.max(70, Math.round(dpi / parts[0]!.f));
  const res = await pool.recognize({ pgm, dpi: stripDpi, psm: 6, lang: 'chi', blacklist: LATIN });
  let words = parseTsv(res.tsv);
  // The figures of large type (a cover's year) are read again by eng, as in tables: chi_sim
  // alone can take 2026 for 2025 in a display face. The strip is small; the read is cheap.
  if (words.some((w) => /\d/u.test(w.text))) {
    const eng = await pool.recognize({ pgm, dpi: stripDpi, psm: 6, lang: 'eng' });
    words = withDigitsFrom(words, parseTsv(eng.tsv));
  }
  const out: OcrWord[] = [];
  for (const w of words) {
    if (NOISE_WORD.test(w.text)) continue;
    const cy = w.top + w.height / 2;
    const i = placed.findIndex((at, k) => cy >= at - 4 && cy <= at + parts[k]!.img.height + 4);
    if (i < 0) continue;
    const p = parts[i]!;
    out.push({
      ...w,
      left: p.b[0] + (w.left - PAD) * p.f,
      top: p.b[1] + (w.top - placed[i]!) * p.f,
      width: w.width * p.f,
      height: w.height * p.f,
      block: w.block + blockOffset,
    });
  }
  return out;
}

/**
 * The size of the running text in an image: the median height (pixels) of its lines, from
 * the rows of ink in the middle third of its width (where a slight skew thickens a line
 * least). Null when there are fewer than five lines (a cover, a caption).
 */
export function textSize(img: GrayImage, thr: number, skew = 0): number | null {
  const { width: w, height: h, data } = img;
  const x0 = Math.floor(w / 3);
  const x1 = Math.ceil((2 * w) / 3);
  const ink = new Uint32Array(h);
  // Rows along the text's slope (`skew`, degrees, as estimateSkew measures it).
  const t = Math.tan((skew * Math.PI) / 180);
  const cx = w / 2;
  for (let y = 0; y < h; y++) {
    const base = y * w;
    for (let x = x0; x < x1; x += 2) {
      if (data[base + x]! > thr) continue;
      const yy = Math.round(y - (x - cx) * t);
      if (yy >= 0 && yy < h) ink[yy]!++;
    }
  }
  const heights: number[] = [];
  let start = -1;
  let last = -1;
  const close = (): void => {
    if (start < 0) return;
    const hh = last - start + 1;
    if (hh >= 12 && hh <= 200) heights.push(hh);
  };
  for (let y = 0; y < h; y++) {
    if (ink[y]! < 2) continue;
    if (start >= 0 && y - last - 1 <= 2) last = y;
    else {
      close();
      start = y;
      last = y;
    }
  }
  close();
  if (heights.length < 5) return null;
  heights.sort((a, b) => a - b);
  return heights[heights.length >> 1]!;
}

/**
 * `words` (read by chi_sim) with their runs of digits replaced by those eng read in the same
 * place, where eng read as many runs of the same lengths there: only digits change, and
 * only where the two reads agree on the shape of the figure.
 */
export function withDigitsFrom(words: readonly OcrWord[], eng: readonly OcrWord[]): OcrWord[] {
  return words.map((w) => {
    const runs = w.text.match(/\d+/gu);
    if (!runs) return w;
    const cy = w.top + w.height / 2;
    const over = eng
      .filter((e) => {
        const x0 = Math.max(w.left, e.left);
        const x1 = Math.min(w.left + w.width, e.left + e.width);
        return x1 - x0 > 0.5 * Math.min(e.width, w.width) && Math.abs(e.top + e.height / 2 - cy) < 0.5 * w.height;
      })
      .sort((a, b) => a.left - b.left);
    const engRuns = over.flatMap((e) => e.text.match(/\d+/gu) ?? []);
    if (engRuns.length !== runs.length || engRuns.some((r, i) => r.length !== runs[i]!.length)) return w;
    let k = 0;
    const text = w.text.replace(/\d+/gu, () => engRuns[k++]!);
    return text === w.text ? w : { ...w, text };
  });
}
