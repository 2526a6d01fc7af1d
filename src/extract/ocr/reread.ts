// A second look at lines the page read got wrong in a way that shows: characters dropped
// (ink between two words that no word covers: `第七部分项预算…` for `第七部分重点项目预算…`)
// or words read with little confidence. Tesseract's layout analysis reads a page's lines in
// the context of their neighbours, and a bold heading among body text loses characters
// there that it reads exactly on its own. Each doubtful line is cut out along its own slope
// (prose pages are read unstraightened), the cuts stacked into one strip read at once, and
// each line's second reading replaces its first where it reads more with more confidence.

import { encodePgm, levelsOf, type GrayImage } from './image.ts';
import type { OcrPool } from './pool.ts';
import { LATIN, NOISE_WORD, withDigitsFrom } from './read-cells.ts';
import { parseTsv, skewFromWords, wordsByLine, type OcrWord } from './words.ts';

const HAN = /\p{Script=Han}/u;
const PAD = 24;

/** A line's words read with less mean confidence than this are read again. */
const DOUBT = 70;

interface LineCut {
  readonly words: readonly OcrWord[];
  /** Left and right (pixels), the top at x0, the band's height, and the slope (dy/dx). */
  readonly x0: number;
  readonly x1: number;
  readonly top: number;
  readonly height: number;
  readonly slope: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? 0;
}

/** Ink (a character's worth, not a speck) in a box of the picture. */
function inkIn(img: GrayImage, x0: number, x1: number, y0: number, y1: number, thr: number): boolean {
  let cols = 0;
  for (let x = Math.max(0, Math.round(x0)); x < Math.min(img.width, Math.round(x1)); x++) {
    let n = 0;
    for (let y = Math.max(0, Math.round(y0)); y < Math.min(img.height, Math.round(y1)); y++) if (img.data[y * img.width + x]! <= thr) n++;
    if (n >= 2) cols++;
  }
  return cols >= 3;
}

/** Score of a reading: its Chinese characters and figures, weighted by their confidence. */
export function readingScore(words: readonly OcrWord[]): number {
  let s = 0;
  for (const w of words) {
    const n = [...w.text].filter((c) => HAN.test(c) || /\d/u.test(c)).length;
    s += n * Math.max(0, w.conf) / 100;
  }
  return s;
}

/** The doubtful lines among `words` (read from `img`), each with its band along its slope. */
export function doubtfulLines(img: GrayImage, words: readonly OcrWord[], thr: number): LineCut[] {
  const out: LineCut[] = [];
  // The page's own slope and type size, for lines too short or too garbled to give theirs.
  const pageDeg = skewFromWords(words);
  const pageSlope = pageDeg === null ? 0 : Math.tan((pageDeg * Math.PI) / 180);
  const pageH = median(words.filter((w) => HAN.test(w.text) && w.conf >= DOUBT).map((w) => w.height));
  for (const ws0 of wordsByLine(words).values()) {
    const ws = [...ws0].sort((a, b) => a.left - b.left);
    const han = ws.filter((w) => HAN.test(w.text));
    if (han.length < 2) continue;
    const own = median(han.map((w) => w.height));
    const h = pageH > 0 && (own < 0.7 * pageH || own > 1.4 * pageH || han.length < 4) ? Math.max(own, pageH) : own;
    if (h < 8) continue;
    // The line's slope from its characters' middles (least squares), for a band along it.
    const xs = han.map((w) => w.left + w.width / 2);
    const ys = han.map((w) => w.top + w.height / 2);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    xs.forEach((x, i) => {
      sxy += (x - mx) * (ys[i]! - my);
      sxx += (x - mx) ** 2;
    });
    // (A line's own slope only where its characters are many and spread wide.)
    const spread = Math.max(...xs) - Math.min(...xs);
    const slope = sxx > 0 && han.length >= 6 && spread > 8 * h ? Math.max(-0.08, Math.min(0.08, sxy / sxx)) : pageSlope;
    const mid = (x: number): number => my + (x - mx) * slope;
    let doubt = han.reduce((a, w) => a + w.conf, 0) / han.length < DOUBT;
    if (process.env.OCRDBG && /第/.test(ws.map((w) => w.text).join(''))) console.error('LINE', ws.map((w) => `${w.text}@${w.left},${w.width}`).join(' '), h);
    for (let i = 1; i < ws.length && !doubt; i++) {
      const a = ws[i - 1]!;
      const b = ws[i]!;
      const gx0 = a.left + a.width + 2;
      const gx1 = b.left - 2;
      // (tesseract's boxes of Chinese characters are loose: a character's worth and more)
      if (gx1 - gx0 < 1.2 * h) continue;
      const c = mid((gx0 + gx1) / 2);
      if (inkIn(img, gx0, gx1, c - 0.35 * h, c + 0.35 * h, thr)) {
        doubt = true;
        if (process.env.OCRDBG) console.error('GAP', a.text, JSON.stringify([a.left, a.top, a.width, a.height]), b.text, JSON.stringify([b.left, b.top, b.width, b.height]), h);
      }
    }
    if (!doubt) continue;
    const x0 = Math.max(0, Math.min(...ws.map((w) => w.left)) - 0.5 * h);
    const x1 = Math.min(img.width, Math.max(...ws.map((w) => w.left + w.width)) + 0.5 * h);
    out.push({ words: ws0, x0, x1, top: mid(x0) - 0.75 * h, height: 1.5 * h, slope });
  }
  return out;
}

/** Cut a band along its slope: row r of the cut is the picture's row top + r + slope·(x − x0). */
function cutBand(img: GrayImage, c: LineCut): GrayImage {
  const w = Math.max(1, Math.round(c.x1 - c.x0));
  const h = Math.max(1, Math.round(c.height));
  const data = new Uint8Array(w * h).fill(255);
  for (let x = 0; x < w; x++) {
    const sx = Math.round(c.x0) + x;
    if (sx < 0 || sx >= img.width) continue;
    const dy = Math.round(c.top + c.slope * x);
    for (let r = 0; r < h; r++) {
      const sy = dy + r;
      if (sy >= 0 && sy < img.height) data[r * w + x] = img.data[sy * img.width + sx]!;
    }
  }
  // Stretched between its own ink and paper (see levelsOf): the strip's white padding must
  // not set tesseract's threshold above the scan's grey paper.
  const lut = levelsOf({ width: w, height: h, data }, 0, 0, w, h);
  for (let i = 0; i < data.length; i++) data[i] = lut[data[i]!]!;
  return { width: w, height: h, data };
}

/**
 * Read the doubtful lines of `words` again, alone, and keep each line's better reading.
 * Returns all words, in the picture's pixels.
 */
export async function rereadDoubtful(pool: OcrPool, img: GrayImage, words: readonly OcrWord[], dpi: number, thr: number, blockOffset = 45_000): Promise<OcrWord[]> {
  const cuts = doubtfulLines(img, words, thr);
  if (process.env.OCRDBG) console.error('CUTS', cuts.map((c) => c.words.map((w) => w.text).join('')));
  if (cuts.length === 0) return [...words];
  const bands = cuts.map((c) => cutBand(img, c));
  const width = Math.max(...bands.map((b) => b.width)) + 2 * PAD;
  const placed: number[] = [];
  let y = PAD;
  for (const b of bands) {
    placed.push(y);
    y += b.height + Math.max(PAD, b.height);
  }
  const height = y + PAD;
  const data = new Uint8Array(width * height).fill(255);
  bands.forEach((b, i) => {
    for (let r = 0; r < b.height; r++) data.set(b.data.subarray(r * b.width, (r + 1) * b.width), (placed[i]! + r) * width + PAD);
  });
  const pgm = encodePgm({ width, height, data });
  const res = await pool.recognize({ pgm, dpi, psm: 6, lang: 'chi', blacklist: LATIN });
  let again = parseTsv(res.tsv).filter((w) => !NOISE_WORD.test(w.text));
  if (again.some((w) => /\d/u.test(w.text))) {
    const eng = await pool.recognize({ pgm, dpi, psm: 6, lang: 'eng' });
    again = withDigitsFrom(again, parseTsv(eng.tsv));
  }
  const replaced = new Set<OcrWord>();
  const added: OcrWord[] = [];
  cuts.forEach((c, i) => {
    const at = placed[i]!;
    const mine = again
      .filter((w) => {
        const cy = w.top + w.height / 2;
        return cy >= at - 4 && cy <= at + bands[i]!.height + 4;
      })
      .map((w): OcrWord => {
        // Back along the slope to the picture.
        const lx = w.left - PAD;
        return { ...w, left: c.x0 + lx, top: c.top + c.slope * (lx + w.width / 2) + (w.top - at), block: w.block + blockOffset, par: 0, line: i };
      });
    if (process.env.OCRDBG) console.error('REREAD', c.words.map((w) => w.text).join(''), readingScore(c.words).toFixed(1), '→', mine.map((w) => w.text).join(''), readingScore(mine).toFixed(1));
    if (mine.length && readingScore(mine) > readingScore(c.words)) {
      for (const w of c.words) replaced.add(w);
      added.push(...mine);
    }
  });
  return [...words.filter((w) => !replaced.has(w)), ...added];
}
