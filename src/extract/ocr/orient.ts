// Pages fed a quarter turn: a landscape table scanned upright comes out as a portrait picture
// whose lines run down the page. Such a page is told by the gaps between its lines: lines of
// text leave rows of paper with no ink between them (leading), across the whole text; the
// same page read the other way leaves almost no such rows, since characters of different
// lines never line up exactly. Measured on a small copy, each way at its own best skew. Which
// quarter (clockwise or not) is left to the engine: the turn it reads with more confidence.

import { boxShrink, otsu, type GrayImage } from './image.ts';

/** A copy turned a quarter: clockwise (`cw`) or counter-clockwise. */
export function quarterTurn(img: GrayImage, cw: boolean): GrayImage {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  // New image is h wide and w tall.
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      // cw: (x, y) → (h - 1 - y, x); ccw: (x, y) → (y, w - 1 - x)
      const nx = cw ? h - 1 - y : y;
      const ny = cw ? x : w - 1 - x;
      out[ny * h + nx] = data[row + x]!;
    }
  }
  return { width: h, height: w, data: out };
}

/** Ink points of a small copy (about 50 dpi), as x and y lists. */
function inkPoints(img: GrayImage, dpi: number): { xs: Int32Array; ys: Int32Array; w: number; h: number } {
  const f = Math.max(1, dpi / 50);
  const small = f > 1 ? boxShrink(img, [0, 0, img.width, img.height], f) : img;
  // A shrunk stroke is grey: ink is what is clearly darker than the paper.
  const thr = Math.min(otsu(small), 200);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < small.height; y++) {
    for (let x = 0; x < small.width; x++) {
      if (small.data[y * small.width + x]! <= thr) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  return { xs: Int32Array.from(xs), ys: Int32Array.from(ys), w: small.width, h: small.height };
}

/**
 * Share of the text's height that is gap between lines, for lines running along x: the
 * profile of ink along y at the best slope within ±4°, bins with (almost) no ink between the
 * first and last inked bin. Also the number of gaps (runs of empty bins).
 */
function lineGaps(xs: Int32Array, ys: Int32Array, w: number, h: number): Gaps {
  let best: Float64Array | null = null;
  let bestScore = -1;
  for (let deg = -4; deg <= 4 + 1e-9; deg += 0.5) {
    const t = Math.tan((deg * Math.PI) / 180);
    const off = Math.ceil(w * Math.abs(t)) + 1;
    const hist = new Float64Array(h + 2 * off + 2);
    for (let i = 0; i < xs.length; i++) {
      const yy = Math.round(ys[i]! - (xs[i]! - w / 2) * t) + off;
      if (yy >= 0 && yy < hist.length) hist[yy]!++;
    }
    let s = 0;
    for (let i = 1; i < hist.length; i++) s += (hist[i]! - hist[i - 1]!) ** 2;
    if (s > bestScore) {
      bestScore = s;
      best = hist;
    }
  }
  if (!best) return NONE;
  let first = 0;
  while (first < best.length && best[first] === 0) first++;
  let last = best.length - 1;
  while (last > first && best[last] === 0) last--;
  const span = last - first + 1;
  if (span < 3) return NONE;
  const mean = xs.length / span;
  let empty = 0;
  const gapRuns: number[] = [];
  const bandRuns: number[] = [];
  let run = 0;
  let inGap = false;
  for (let i = first; i <= last + 1; i++) {
    const e: boolean = i > last ? !inGap : best[i]! <= 0.02 * mean;
    if (e && i <= last) empty++;
    if (i > first && e !== inGap) {
      (inGap ? gapRuns : bandRuns).push(run);
      run = 0;
    }
    inGap = e;
    run++;
  }
  const med = (a: number[]): number => (a.length ? [...a].sort((p, q) => p - q)[a.length >> 1]! : 0);
  const band = med(bandRuns);
  return { share: empty / span, gaps: gapRuns.length, lineGaps: gapRuns.filter((g) => g >= 0.25 * band).length, gap: med(gapRuns), band, span };
}

interface Gaps {
  /** Share of the span that is empty. */
  readonly share: number;
  /** Runs of empty bins, and the median lengths of gaps and of inked bands. */
  readonly gaps: number;
  /** Gaps at least a quarter of a band wide: between lines, not between characters. */
  readonly lineGaps: number;
  readonly gap: number;
  readonly band: number;
  /** From the first inked bin to the last. */
  readonly span: number;
}

const NONE: Gaps = { share: 0, gaps: 0, lineGaps: 0, gap: 0, band: 0, span: 0 };

export interface Orientation {
  /** The page's lines run down the picture: it needs a quarter turn. */
  readonly quarter: boolean;
  /** Gap shares across and along the picture's width, for reports. */
  readonly across: Gaps;
  readonly along: Gaps;
}

/**
 * Do the page's lines run across (as printed) or down the picture? Down only when the
 * evidence is clear: gaps between lines when read down, far less paper between them when
 * read across (a ruled table's rules fill the gaps across it, but not those above and below
 * it). A page of one line (a cover with its title alone) has no gap between lines either
 * way; its ink is then far longer than it is thick.
 */
export function lineOrientation(img: GrayImage, dpi: number): Orientation {
  const { xs, ys, w, h } = inkPoints(img, dpi);
  if (xs.length < 200) return { quarter: false, across: NONE, along: NONE };
  const across = lineGaps(xs, ys, w, h);
  const along = lineGaps(ys, xs, h, w);
  // Gaps between lines are most of the gaps; gaps between the characters of one line are many and narrow.
  const lines = (a: Gaps): boolean => a.lineGaps >= 1 && a.lineGaps >= 0.5 * a.gaps;
  // Dense prose, read small, leaves gaps of a bin between its lines: enough, when the other
  // way has gaps too (the characters' own); a single line has none the other way.
  const clear = (a: Gaps, b: Gaps): boolean => a.gaps >= 1 && a.share > 2 * b.share + 0.03 && (b.gaps >= 1 || lines(a));
  let quarter = false;
  if (clear(along, across)) quarter = true;
  else if (!clear(across, along) && !lines(across) && !lines(along)) quarter = across.span > 3 * along.span;
  return { quarter, across, along };
}

/** What the engine reads of a picture, to compare two turns of it. */
export type ReadScore = (img: GrayImage) => Promise<number>;

/**
 * Which quarter turn sets the page upright: both are read (a band across the middle of each,
 * small) and the turn whose reading scores higher wins. Chinese has no ascenders or
 * descenders to tell up from down by shape; the engine's confidence in what it reads does.
 */
export async function uprightTurn(img: GrayImage, dpi: number, read: ReadScore): Promise<{ cw: boolean; scores: [number, number] }> {
  const sample = (t: GrayImage): GrayImage => {
    // The middle third of the turned page, at about 150 dpi: enough lines to judge by.
    const y0 = Math.floor(t.height / 3);
    const y1 = Math.ceil((2 * t.height) / 3);
    const f = Math.max(1, dpi / 150);
    return boxShrink(t, [0, y0, t.width, y1], f);
  };
  const [a, b] = await Promise.all([read(sample(quarterTurn(img, true))), read(sample(quarterTurn(img, false)))]);
  return { cw: a >= b, scores: [a, b] };
}
