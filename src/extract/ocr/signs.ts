// Comparison signs before a figure (performance targets: ≥95%, ≤31万元, ＞1个): neither model
// writes them, and chi_sim reads the glyph as whatever character it resembles (`之95%`,
// `么31万元`, `过90%`) or drops it (`1个`). The sign is told from the glyph's own shape: a
// chevron (two arms that meet at a point, open to one side) about as tall as the figure's
// digits, with or without a bar under it. A Chinese character before a figure (约95%, 达90%)
// has strokes in every direction and is no chevron.

import type { GrayImage } from './image.ts';
import type { OcrWord } from './words.ts';

type Sign = '≥' | '≤' | '>' | '<';

/** Vertical runs of ink in one column of a box (rows y0..y1) as [first, last] rows, gaps of a pixel bridged. */
function runsIn(img: GrayImage, x: number, y0: number, y1: number, thr: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let gap = 2;
  for (let y = y0; y <= y1; y++) {
    if (img.data[y * img.width + x]! <= thr) {
      if (gap > 1) runs.push([y, y]);
      else runs[runs.length - 1]![1] = y;
      gap = 0;
    } else gap++;
  }
  return runs;
}

/**
 * The sign a glyph (box x0..x1, y0..y1 in pixels) is, or null. The box is trimmed to the
 * glyph's ink first. A bar: a row in its lower third inked across most of its width, below
 * a white row, or a third stroke along the lower arm (⩾). A chevron: the columns at one side
 * cut two arms (three with the slanted bar), those at the other its tip.
 */
export function signOf(img: GrayImage, x0: number, x1: number, y0: number, y1: number, thr: number, maxH = Infinity): Sign | null {
  let a = Math.max(0, Math.round(x0));
  let b = Math.min(img.width - 1, Math.round(x1));
  let t = Math.max(0, Math.round(y0));
  let u = Math.min(img.height - 1, Math.round(y1));
  const colInk = (x: number): boolean => {
    for (let y = t; y <= u; y++) if (img.data[y * img.width + x]! <= thr) return true;
    return false;
  };
  const rowInk = (y: number, from = a, to = b): number => {
    let n = 0;
    for (let x = from; x <= to; x++) if (img.data[y * img.width + x]! <= thr) n++;
    return n;
  };
  while (a < b && !colInk(a)) a++;
  while (b > a && !colInk(b)) b--;
  while (t < u && rowInk(t) === 0) t++;
  while (u > t && rowInk(u) === 0) u--;
  const w = b - a + 1;
  const h = u - t + 1;
  // (as tall as a figure's digits at most: a bracket 〈 is a chevron a full character tall)
  if (w < 4 || h < 5 || w > 1.6 * h || h > maxH) return null;
  // A bar under the chevron: a long row in the lower third with paper above it.
  let barTop = -1;
  for (let y = u; y >= t + Math.floor((2 * h) / 3); y--) {
    if (rowInk(y) >= 0.7 * w) barTop = y;
    else if (barTop >= 0) break;
  }
  let top = u;
  if (barTop >= 0) {
    top = barTop - 1;
    while (top > t && rowInk(top) > 0.25 * w) top--;
    // (no paper between bar and chevron: a character, not a sign over a bar)
    if (rowInk(top) > 0.25 * w) return null;
  }
  const cu = barTop >= 0 ? top : u;
  if (cu - t < 4) return null;
  // Columns at each side of the chevron: two arms or one tip. The arms, at the open side,
  // reach the top and the bottom of the glyph; the tip, at the other, is short. (A 9 cuts two
  // runs at its left too, but none near its foot, and its stem is long at its right.)
  const ch = u - t + 1;
  const side = (x: number): Array<[number, number]> => runsIn(img, x, t, u, thr);
  const k = Math.max(1, Math.round(w * 0.15));
  const pick = (p: Array<[number, number]>, q: Array<[number, number]>): Array<[number, number]> => (q.length > p.length ? q : p);
  const ls = pick(side(a + k - 1), side(a + k));
  const rs = pick(side(b - k + 1), side(b - k));
  const open = (r: Array<[number, number]>): boolean => r.length >= 2 && r[0]![0] <= t + 0.25 * ch && r.at(-1)![1] >= u - 0.25 * ch;
  const tip = (r: Array<[number, number]>): boolean => r.length >= 1 && r[0]![1] - r[0]![0] < 0.4 * ch && r[0]![0] > t + 0.1 * ch;
  const mid = runsIn(img, Math.round((a + b) / 2), t, cu, thr).length;
  if (mid < 2) return null;
  const bar = barTop >= 0;
  // ⩾ and ⩽ (the forms Chinese fonts print): the bar is a third stroke along the lower arm,
  // three runs at the open side, two (tip and the bar's end) at the other.
  const sign = (opening: Array<[number, number]>, other: Array<[number, number]>, gt: boolean): Sign | null => {
    if (!open(opening) || !tip(other) || other.length > 2 || other.length >= opening.length) return null;
    if (opening.length >= 3 || bar) return gt ? '≥' : '≤';
    return other.length === 1 ? (gt ? '>' : '<') : null;
  };
  return sign(ls, rs, true) ?? sign(rs, ls, false);
}

/** A figure with what may stand before it, and the quantity after it (targets: 95%, 1个, 31万元). */
const FIGURE_START = /^([^\d\s（(【[〈《]{0,2}?)(\d[\d.,]*(?:%|‰|万元|亿元|元|万|个|次|人|天|家|项|份|篇|件|台|套|辆|户|小时|分钟|平方米|公里|米|吨|册|场|期|条|所|座|分|倍|以上|以内)?.*)$/u;
const QUANTITY = /^\d[\d.,]*(?:%|‰|万元|亿元|元|万|个|次|人|天|家|项|份|篇|件|台|套|辆|户|小时|分钟|平方米|公里|米|吨|册|场|期|条|所|座|分|倍)/u;

/**
 * Words that start a figure with a misread sign (`之95%`) or none where one is printed
 * (`1个` after a ≥ the engine dropped), corrected from the glyph before the digits. `img` is
 * the picture the words' boxes refer to.
 */
export function restoreSigns(words: readonly OcrWord[], img: GrayImage, thr: number): OcrWord[] {
  return words.map((w) => {
    const m = FIGURE_START.exec(w.text);
    if (!m || !QUANTITY.test(m[2]!)) return w;
    const prefix = m[1]!;
    const n = [...w.text].length;
    const per = w.width / Math.max(1, n);
    // (the sign is as tall as the digits, the word's box no shorter: a bracket before small
    // figures stands taller)
    const maxH = 1.1 * w.height;
    if (prefix) {
      if (/^[≥≤<>＜＞]$/u.test(prefix)) return w;
      // The prefix's glyph: the first part of the box, about as wide as its characters.
      const end = w.left + Math.max(per, 0.5 * w.height) * [...prefix].length;
      const s = signOf(img, w.left, end, w.top, w.top + w.height, thr, maxH);
      return s ? { ...w, text: s + m[2]! } : w;
    }
    // No prefix: a sign the engine dropped sits just before the word (only before a quantity
    // with its unit: QUANTITY).
    const s = signOf(img, w.left - 1.1 * w.height, w.left - 1, w.top, w.top + w.height, thr, maxH);
    return s ? { ...w, text: s + w.text, left: w.left - 0.9 * w.height, width: w.width + 0.9 * w.height } : w;
  });
}
