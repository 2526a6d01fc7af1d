// The dark borders a scanner leaves: the lid's shadow or the platen's edge along one or more
// sides of the page, solid ink a few millimetres wide. Left in, a border is a block of ink
// to tesseract's layout analysis and a "rule" to the table finder. Each side is cleared
// inward while its rows (or columns) are mostly ink, and a little beyond, no deeper than a
// twentieth of the page: no printed page has text that close to its edge in solid rows.

import type { GrayImage } from './image.ts';

/** A row or column this share inked is border, not print (a rule is thin, text sparse). */
const SOLID = 0.5;

/** Paint the borders white, in place; returns how deep each side was cleared (pixels: top, right, bottom, left). */
export function clearBorders(img: GrayImage, thr: number): [number, number, number, number] {
  const { width: w, height: h, data } = img;
  const rowInk = (y: number): number => {
    let n = 0;
    for (let x = 0; x < w; x += 2) if (data[y * w + x]! <= thr) n++;
    return n / Math.ceil(w / 2);
  };
  const colInk = (x: number): number => {
    let n = 0;
    for (let y = 0; y < h; y += 2) if (data[y * w + x]! <= thr) n++;
    return n / Math.ceil(h / 2);
  };
  // From the edge inward: solid lines, then the border's ragged inner edge (lines still
  // inked well beyond what print makes), then a margin of two pixels.
  const depth = (n: number, ink: (i: number) => number): number => {
    const max = Math.floor(n / 20);
    let d = 0;
    while (d < max && ink(d) >= SOLID) d++;
    if (d === 0) return 0;
    while (d < max && ink(d) >= 0.15) d++;
    return Math.min(max, d + 2);
  };
  const top = depth(h, rowInk);
  const bottom = depth(h, (i) => rowInk(h - 1 - i));
  const left = depth(w, colInk);
  const right = depth(w, (i) => colInk(w - 1 - i));
  for (let y = 0; y < top; y++) data.fill(255, y * w, (y + 1) * w);
  for (let y = h - bottom; y < h; y++) data.fill(255, y * w, (y + 1) * w);
  if (left || right) {
    for (let y = 0; y < h; y++) {
      if (left) data.fill(255, y * w, y * w + left);
      if (right) data.fill(255, (y + 1) * w - right, (y + 1) * w);
    }
  }
  return [top, right, bottom, left];
}
