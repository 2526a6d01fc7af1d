// Tesseract's TSV → words with boxes and confidences → runs (the text layer's unit: a piece
// of one baseline with no large gap inside), in PDF points. Tesseract returns each Chinese
// character as a word of its own; characters closer than a fraction of an em are joined here,
// so that a cell's text is one run as it would be in a text PDF.

import type { Run } from '../pdf/items.ts';
import { isCjk } from '../pdf/items.ts';

/** One word as tesseract read it: box in image pixels, confidence 0–100. */
export interface OcrWord {
  readonly text: string;
  readonly conf: number;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** Tesseract's block, paragraph and line numbers: which words it read as one line. */
  readonly block: number;
  readonly par: number;
  readonly line: number;
}

/** A word in PDF points (origin top-left), as kept on an OCR'd page for later checks. */
export interface PageWord {
  readonly text: string;
  readonly conf: number;
  readonly bbox: readonly [number, number, number, number];
}

/** A run built from OCR words: the text layer's Run plus the words' lowest confidence. */
export interface OcrRun extends Run {
  readonly conf: number;
}

/** Parse tesseract's TSV (level 5 rows are words). Empty and whitespace words are dropped. */
export function parseTsv(tsv: string): OcrWord[] {
  const out: OcrWord[] = [];
  for (const line of tsv.split('\n')) {
    const f = line.split('\t');
    if (f.length < 12 || f[0] !== '5') continue;
    const text = (f.slice(11).join('\t') ?? '').trim();
    if (!text) continue;
    out.push({
      text,
      conf: Number(f[10]),
      left: Number(f[6]),
      top: Number(f[7]),
      width: Number(f[8]),
      height: Number(f[9]),
      block: Number(f[2]),
      par: Number(f[3]),
      line: Number(f[4]),
    });
  }
  return out;
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

const NUMERIC_CHAR = /^[0-9.,，．:：%\-()（）]+$/u;

/** Words grouped by the line tesseract read them in (block, paragraph, line), in order. */
export function wordsByLine(words: readonly OcrWord[]): Map<string, OcrWord[]> {
  const byLine = new Map<string, OcrWord[]>();
  for (const w of words) {
    const k = `${w.block}.${w.par}.${w.line}`;
    const l = byLine.get(k);
    if (l) l.push(w);
    else byLine.set(k, [w]);
  }
  return byLine;
}

/**
 * Lines by the words' own boxes: tesseract now and then takes two lines of large type for
 * one (a cover's `某市某某局` over `2026年部门预算` came back as one line, its characters
 * shuffled by x into `某.2026年市某某局部门预算`). Within each of its lines, the words whose
 * boxes are full height (Chinese characters, figures) are stacked by their vertical middles;
 * where two of them lie apart by more than half the line's height, the line is two, and each
 * word goes to the one its middle is nearest (punctuation with them). Words keep their
 * order within each new line; new lines get numbers of their own.
 */
export function splitStackedLines(words: readonly OcrWord[]): OcrWord[] {
  const byLine = wordsByLine(words);
  const renumber = new Map<OcrWord, number>();
  let next = 1_000_000;
  for (const ws of byLine.values()) {
    if (ws.length < 2) continue;
    const hs = ws.map((w) => w.height);
    const h = median(hs);
    const full = ws.filter((w) => w.height >= 0.6 * h && /[\p{Script=Han}\d]/u.test(w.text));
    if (full.length < 2) continue;
    const mid = (w: OcrWord): number => w.top + w.height / 2;
    const sorted = [...full].sort((a, b) => mid(a) - mid(b));
    // Cut the sorted middles where they jump by more than half a line.
    let groups: OcrWord[][] = [[sorted[0]!]];
    for (let i = 1; i < sorted.length; i++) {
      if (mid(sorted[i]!) - mid(sorted[i - 1]!) > 0.5 * h) groups.push([]);
      groups[groups.length - 1]!.push(sorted[i]!);
    }
    // Only lines stacked over one another are two: words of one line that a skew sets at
    // different heights lie side by side, not over each other.
    const span = (g: readonly OcrWord[]): [number, number] => [Math.min(...g.map((w) => w.left)), Math.max(...g.map((w) => w.left + w.width))];
    const merged: OcrWord[][] = [groups[0]!];
    for (const g of groups.slice(1)) {
      const prev = merged[merged.length - 1]!;
      const [a0, a1] = span(prev);
      const [b0, b1] = span(g);
      if (Math.min(a1, b1) - Math.max(a0, b0) < 0.3 * Math.min(a1 - a0, b1 - b0)) prev.push(...g);
      else merged.push(g);
    }
    groups = merged;
    if (groups.length < 2) continue;
    const centres = groups.map((g) => median(g.map(mid)));
    for (const w of ws) {
      const m = w.top + w.height / 2;
      let k = 0;
      for (let i = 1; i < centres.length; i++) if (Math.abs(centres[i]! - m) < Math.abs(centres[k]! - m)) k = i;
      renumber.set(w, next + k);
    }
    next += centres.length;
  }
  if (renumber.size === 0) return [...words];
  return words.map((w) => (renumber.has(w) ? { ...w, line: renumber.get(w)! } : w));
}

/**
 * Words → runs in points (`scale` = 72 / dpi, plus an offset for a cropped image). Within one
 * tesseract line, words closer than `joinEm` of the line's em are one run; numbers join
 * numbers only when closer still (two amounts in adjacent cells must stay apart).
 * The em of a line is the median height of its Chinese characters (their boxes are nearly
 * the full em), else 1.3 × the median word height (digits are about 0.75 em tall).
 */
export function wordsToRuns(words: readonly OcrWord[], scale: number, joinEm = 0.6): OcrRun[] {
  const byLine = wordsByLine(words);
  const runs: OcrRun[] = [];
  for (const ws of byLine.values()) {
    ws.sort((a, b) => a.left - b.left);
    const cjkH = ws.filter((w) => [...w.text].every(isCjk)).map((w) => w.height);
    const em = cjkH.length ? median(cjkH) / 0.92 : (median(ws.map((w) => w.height)) || 10) * 1.3;
    // One baseline for the line: the bottom most of its words share.
    const base = median(ws.map((w) => w.top + w.height));
    let cur: OcrWord[] = [];
    const flush = (): void => {
      if (!cur.length) return;
      const x0 = Math.min(...cur.map((w) => w.left));
      const x1 = Math.max(...cur.map((w) => w.left + w.width));
      let text = '';
      for (let i = 0; i < cur.length; i++) {
        const w = cur[i]!;
        const p = cur[i - 1];
        if (p) {
          const a = p.text.slice(-1);
          const b = w.text.charAt(0);
          const gap = w.left - (p.left + p.width);
          // Latin words keep a space where there is a gap; Chinese characters never do.
          if (!isCjk(a) && !isCjk(b) && gap > 0.2 * em && !(NUMERIC_CHAR.test(p.text) && NUMERIC_CHAR.test(w.text))) text += ' ';
        }
        text += w.text;
      }
      runs.push({
        text,
        x0: x0 * scale,
        x1: x1 * scale,
        top: (base - 0.88 * em) * scale,
        bottom: (base + 0.12 * em) * scale,
        base: base * scale,
        size: em * scale,
        rotated: false,
        conf: Math.min(...cur.map((w) => w.conf)),
      });
      cur = [];
    };
    for (const w of ws) {
      const p = cur[cur.length - 1];
      if (p) {
        const gap = w.left - (p.left + p.width);
        const bothNumeric = NUMERIC_CHAR.test(p.text) && NUMERIC_CHAR.test(w.text);
        // The pieces of one figure split at its separator (`32.` `52` is 32.52) stay together.
        const split = bothNumeric && ((/\d[.,]$/u.test(p.text) && /^\d/u.test(w.text)) || (/\d$/u.test(p.text) && /^[.,]\d/u.test(w.text)));
        const limit = split ? 0.8 * em : bothNumeric ? 0.3 * em : joinEm * em;
        if (gap > limit) flush();
      }
      cur.push(w);
    }
    flush();
  }
  return runs;
}

/**
 * Skew of the text from the words tesseract read: the median slope of word bottoms along each
 * line with enough words spread wide enough. More reliable than the picture's projection on a
 * sparse page (a cover with two lines of large type). Null when no line qualifies.
 */
export function skewFromWords(words: readonly OcrWord[]): number | null {
  const byLine = wordsByLine(words);
  const slopes: number[] = [];
  const weights: number[] = [];
  for (const ws of byLine.values()) {
    const cjk = ws.filter((w) => [...w.text].length === 1 && isCjk(w.text));
    if (cjk.length < 4) continue;
    const xs = cjk.map((w) => w.left + w.width / 2);
    const ys = cjk.map((w) => w.top + w.height / 2);
    const span = Math.max(...xs) - Math.min(...xs);
    if (span < 8 * median(cjk.map((w) => w.height))) continue;
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < xs.length; i++) {
      sxy += (xs[i]! - mx) * (ys[i]! - my);
      sxx += (xs[i]! - mx) ** 2;
    }
    if (sxx > 0) {
      slopes.push(Math.atan(sxy / sxx));
      weights.push(span);
    }
  }
  if (slopes.length === 0) return null;
  // Weighted median: long lines count more.
  const order = slopes.map((s, i) => i).sort((a, b) => slopes[a]! - slopes[b]!);
  const half = weights.reduce((a, b) => a + b, 0) / 2;
  let acc = 0;
  for (const i of order) {
    acc += weights[i]!;
    if (acc >= half) return Math.round(((slopes[i]! * 180) / Math.PI) * 100) / 100;
  }
  return null;
}

/**
 * Move each word's box so that its centre sits where it would on the straightened page
 * (`place` maps a point of the picture to the straightened frame); the box keeps its size.
 */
export function placeWords(words: readonly OcrWord[], place: (x: number, y: number) => [number, number]): OcrWord[] {
  return words.map((w) => {
    const [cx, cy] = place(w.left + w.width / 2, w.top + w.height / 2);
    return { ...w, left: cx - w.width / 2, top: cy - w.height / 2 };
  });
}

/**
 * Split words that straddle a vertical rule (x positions in pixels): tesseract sometimes reads
 * two adjacent cells as one word once the rule between them is erased (`2082` for `208 | 2`).
 * Characters are shared out in proportion to the box width, which is close for digits.
 */
export function splitAtRules(words: readonly OcrWord[], ruleXs: readonly number[]): OcrWord[] {
  const out: OcrWord[] = [];
  for (const w of words) {
    const chars = [...w.text];
    const cuts = ruleXs.filter((x) => x > w.left + w.width * 0.1 && x < w.left + w.width * 0.9).sort((a, b) => a - b);
    if (cuts.length === 0 || chars.length < 2) {
      out.push(w);
      continue;
    }
    const per = w.width / chars.length;
    let start = 0;
    let left = w.left;
    for (const x of [...cuts, Infinity]) {
      const end = x === Infinity ? chars.length : Math.min(chars.length, Math.max(start, Math.round((x - w.left) / per)));
      if (end > start) {
        const text = chars.slice(start, end).join('');
        const right = x === Infinity ? w.left + w.width : w.left + end * per;
        out.push({ ...w, text, left, width: Math.max(1, right - left) });
        left = right;
        start = end;
      }
    }
  }
  return out;
}

/** Words in points, for the page record and the checks over grids. */
export function wordsInPoints(words: readonly OcrWord[], scale: number): PageWord[] {
  return words.map((w) => ({
    text: w.text,
    conf: w.conf,
    bbox: [w.left * scale, w.top * scale, (w.left + w.width) * scale, (w.top + w.height) * scale] as const,
  }));
}

/**
 * Neither model can write ≥ or ≤: tesseract reads them as > and <. A word starting with one
 * whose glyph has a bar under it (a row of ink across most of the glyph's width, below its
 * middle) starts with ≥ or ≤. `img` is the picture the words' boxes refer to.
 */
export function restoreInequalities(words: readonly OcrWord[], img: { width: number; height: number; data: Uint8Array }, thr: number): OcrWord[] {
  return words.map((w) => {
    const m = /^([<>])/u.exec(w.text);
    if (!m) return w;
    const h = w.height;
    const x0 = Math.max(0, Math.round(w.left));
    const x1 = Math.min(img.width, x0 + Math.max(3, Math.round(Math.min(w.width, 0.7 * h))));
    const y0 = Math.max(0, Math.round(w.top + 0.55 * h));
    const y1 = Math.min(img.height, Math.round(w.top + 1.25 * h));
    for (let y = y0; y < y1; y++) {
      let run = 0;
      let best = 0;
      const base = y * img.width;
      for (let x = x0; x < x1; x++) {
        if (img.data[base + x]! <= thr) best = Math.max(best, ++run);
        else run = 0;
      }
      if (best >= 0.6 * (x1 - x0)) return { ...w, text: (m[1] === '>' ? '≥' : '≤') + w.text.slice(1) };
    }
    return w;
  });
}

/**
 * Quotes read out of the empty space before a word: a heading set with a wide gap (第七部分
 * ␣␣重点项目…) comes back as `第七部分` `“重点`, the quote standing where there is only paper.
 * A word that starts with a quote followed by Chinese characters loses the quote when the
 * part of its box left of the characters holds no ink. `img` is the picture of the boxes.
 */
export function dropPhantomQuotes(words: readonly OcrWord[], img: { width: number; height: number; data: Uint8Array }, thr: number): OcrWord[] {
  const inkIn = (x0: number, x1: number, y0: number, y1: number): number => {
    let ink = 0;
    for (let y = Math.max(0, Math.round(y0)); y < Math.min(img.height, Math.round(y1)); y++) {
      for (let x = Math.max(0, Math.round(x0)); x < Math.min(img.width, Math.round(x1)); x++) if (img.data[y * img.width + x]! <= thr) ink++;
    }
    return ink;
  };
  const out: OcrWord[] = [];
  for (const w of words) {
    // A quote alone, over paper only.
    if (/^[“”"]+$/u.test(w.text)) {
      if (inkIn(w.left, w.left + w.width, w.top, w.top + w.height) >= 4) out.push(w);
      continue;
    }
    const m = /^([“”"]+)(\p{Script=Han}+)$/u.exec(w.text);
    if (!m) {
      out.push(w);
      continue;
    }
    // A printed quote's ink starts at the box's left; a phantom's box starts on paper, the
    // word's first ink a good way in.
    let first = -1;
    for (let x = Math.round(w.left); x < Math.round(w.left + w.width) && first < 0; x++) if (inkIn(x, x + 1, w.top, w.top + w.height) >= 2) first = x;
    const lead = first < 0 ? 0 : first - w.left;
    if (lead < 0.3 * w.height) out.push(w);
    else out.push({ ...w, text: m[2]!, left: first, width: w.width - lead });
  }
  return out;
}

/**
 * Smudges read as a character: tesseract, given a stroke that is no text (the remains of a
 * rule, a seal's rim, a patch of noise), sometimes returns a character for it with next to no
 * confidence, a line of its own whose box is several characters wide for the one or two it
 * reads (`和` 7 times as wide as tall). Such a line, standing after a table, keeps the table
 * from running on to the next page. Words read with confidence, and words with others on
 * their line, are kept.
 */
export function dropSmudges(words: readonly OcrWord[]): OcrWord[] {
  const perLine = new Map<string, number>();
  const key = (w: OcrWord): string => `${w.block}/${w.par}/${w.line}`;
  for (const w of words) perLine.set(key(w), (perLine.get(key(w)) ?? 0) + 1);
  return words.filter((w) => {
    const n = [...w.text].length;
    return !(w.conf < SMUDGE_CONF && n <= 2 && w.width > 2.5 * w.height * n && perLine.get(key(w)) === 1);
  });
}
const SMUDGE_CONF = 15;

/** Marks tesseract puts around a page number's digits out of the paper's grain (`“2`, `13：`, `|6`). */
const FOLIO = /^[“”"'‘’：:，,。.、|丨¦·`]*(\d{1,4})[“”"'‘’：:，,。.、|丨¦·`]*$/u;

/**
 * Page numbers read with a stray mark beside their digits (`“2`, `13：`, `|6`) are not known
 * for page numbers by the furniture check, and a line standing after a table keeps the table
 * from running on to the next page. A word alone on its line, in the top tenth or the bottom
 * seventh of the page (the furniture check's margins), centred or at an outer margin, that
 * is digits and such marks only, keeps its digits only; the furniture check then drops it.
 * `W` and `H` are the picture's size, in the words' pixels.
 */
export function cleanFolios(words: readonly OcrWord[], W: number, H: number): OcrWord[] {
  const perLine = new Map<string, number>();
  const key = (w: OcrWord): string => `${w.block}/${w.par}/${w.line}`;
  for (const w of words) perLine.set(key(w), (perLine.get(key(w)) ?? 0) + 1);
  return words.map((w) => {
    const m = FOLIO.exec(w.text);
    if (!m || m[1] === w.text || perLine.get(key(w)) !== 1) return w;
    if (!(w.top + w.height < H * 0.1 || w.top > H * 0.86)) return w;
    const cx = w.left + w.width / 2;
    if (!(Math.abs(cx - W / 2) < W * 0.12 || cx < W * 0.2 || cx > W * 0.8)) return w;
    return { ...w, text: m[1]! };
  });
}
