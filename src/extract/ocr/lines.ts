// Ruling lines found in a page image: long thin runs of ink, horizontal and vertical. They
// give the grid of a ruled table (the same lattice code as the text layer reads from the
// PDF's drawing operators), and are erased before OCR: tesseract reads rules as `|`, `一`
// and `1`, the main source of stray characters in table cells.

import type { GrayImage } from './image.ts';

export interface ImageSeg {
  /** Horizontal: y of the centre line, x0..x1; vertical: x of the centre line, y0..y1 (pixels). */
  readonly at: number;
  readonly from: number;
  readonly to: number;
  readonly thickness: number;
}

export interface ImageRulings {
  readonly h: ImageSeg[];
  readonly v: ImageSeg[];
}

interface Run {
  from: number;
  to: number;
}

/** Stack runs of consecutive scan lines that overlap into segments no thicker than `maxThick`. */
function stack(perLine: Run[][], maxThick: number): ImageSeg[] {
  interface Open {
    first: number;
    last: number;
    from: number;
    to: number;
  }
  const out: ImageSeg[] = [];
  let open: Open[] = [];
  const close = (o: Open): void => {
    const thick = o.last - o.first + 1;
    if (thick <= maxThick) out.push({ at: (o.first + o.last) / 2, from: o.from, to: o.to, thickness: thick });
  };
  for (let k = 0; k < perLine.length; k++) {
    const next: Open[] = [];
    const used = new Set<Open>();
    for (const r of perLine[k]!) {
      const o = open.find((q) => !used.has(q) && Math.min(q.to, r.to) - Math.max(q.from, r.from) > 0.5 * Math.min(q.to - q.from, r.to - r.from));
      if (o) {
        used.add(o);
        o.last = k;
        o.from = Math.min(o.from, r.from);
        o.to = Math.max(o.to, r.to);
        next.push(o);
      } else next.push({ first: k, last: k, from: r.from, to: r.to });
    }
    for (const o of open) if (!used.has(o)) close(o);
    open = next;
  }
  for (const o of open) close(o);
  return out;
}

/**
 * Find ruling lines at `dpi`: horizontal and vertical runs at least a quarter inch long and
 * at most about 1 mm thick. `thr`: pixels at or below it are ink.
 */
export function findImageRulings(img: GrayImage, dpi: number, thr: number): ImageRulings {
  const { width: w, height: h, data } = img;
  const minLen = Math.round(dpi * 0.25);
  const maxThick = Math.max(3, Math.round(dpi * 0.04));
  const gap = Math.max(1, Math.round(dpi / 150));
  // One pass over the rows in memory order; the columns' runs are followed with a start and
  // a last-ink row per column (the same runs runsOf finds, without striding down columns).
  const rows: Run[][] = [];
  const cols: Run[][] = Array.from({ length: w }, () => []);
  const cStart = new Int32Array(w).fill(-1);
  const cLast = new Int32Array(w).fill(-1);
  for (let y = 0; y < h; y++) {
    const base = y * w;
    const row: Run[] = [];
    let start = -1;
    let last = -1;
    for (let x = 0; x < w; x++) {
      if (data[base + x]! > thr) continue;
      if (start >= 0 && x - last <= gap + 1) last = x;
      else {
        if (start >= 0 && last - start + 1 >= minLen) row.push({ from: start, to: last });
        start = x;
        last = x;
      }
      const cs = cStart[x]!;
      if (cs >= 0 && y - cLast[x]! <= gap + 1) cLast[x] = y;
      else {
        if (cs >= 0 && cLast[x]! - cs + 1 >= minLen) cols[x]!.push({ from: cs, to: cLast[x]! });
        cStart[x] = y;
        cLast[x] = y;
      }
    }
    if (start >= 0 && last - start + 1 >= minLen) row.push({ from: start, to: last });
    rows.push(row);
  }
  for (let x = 0; x < w; x++) if (cStart[x]! >= 0 && cLast[x]! - cStart[x]! + 1 >= minLen) cols[x]!.push({ from: cStart[x]!, to: cLast[x]! });
  return { h: joinStairs(stack(rows, maxThick), gap), v: joinStairs(stack(cols, maxThick), gap) };
}

/**
 * A thin rule on a straightened page is a staircase: the turn moves it a pixel sideways
 * every hundred pixels or so, and a rule one or two pixels wide comes apart into pieces that
 * do not overlap (a 0.5° turn broke the thin rules between a table's sub-columns into pieces
 * half an inch long, and the table lost half its columns). Pieces that continue one another
 * (ends within a few pixels, a pixel or two apart sideways) are one rule again.
 */
function joinStairs(segs: ImageSeg[], gap: number): ImageSeg[] {
  const sorted = [...segs].sort((a, b) => a.from - b.from);
  const out: { at: number; from: number; to: number; thickness: number; n: number }[] = [];
  for (const s of sorted) {
    const prev = out.find((o) => Math.abs(o.at - s.at) <= Math.max(2, o.thickness) && s.from - o.to <= gap + 3 && s.from > o.from);
    if (prev) {
      const len0 = prev.to - prev.from;
      const len1 = s.to - s.from;
      prev.at = (prev.at * len0 + s.at * len1) / Math.max(1, len0 + len1);
      prev.to = Math.max(prev.to, s.to);
      prev.thickness = Math.max(prev.thickness, s.thickness);
    } else out.push({ at: s.at, from: s.from, to: s.to, thickness: s.thickness, n: 1 });
  }
  return out.map((o) => ({ at: o.at, from: o.from, to: o.to, thickness: o.thickness }));
}

/**
 * Paint the rulings white (in place), one pixel wider on each side to take the anti-aliased
 * edge. The rulings were found on a straightened copy; `deg` is the angle that copy was
 * turned by (see image.ts `rotate`), so each rule is painted along its slant in this image.
 * Characters crossing a rule lose the pixels under it, which costs less than the rule: with
 * the rules gone tesseract also reads a table page in about half the time. With `thr` (ink
 * at or below it), a vertical rule's margin stays where a glyph comes up to it.
 */
export function eraseRulings(img: GrayImage, r: ImageRulings, deg = 0, thr?: number): void {
  const { width: w, height: h, data } = img;
  const a = (deg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const cx = w / 2;
  const cy = h / 2;
  // Straightened frame → this image: the inverse of rotate()'s mapping is rotate()'s source map.
  const src = (x: number, y: number): [number, number] => [cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c];
  for (const seg of r.h) {
    const half = seg.thickness / 2 + 1;
    for (let x = seg.from - 1; x <= seg.to + 1; x++) {
      const [sx, sy] = src(x, seg.at);
      const px = Math.round(sx);
      if (px < 0 || px >= w) continue;
      for (let y = Math.max(0, Math.floor(sy - half)); y <= Math.min(h - 1, Math.ceil(sy + half)); y++) data[y * w + px] = 255;
    }
  }
  const ink = (x: number, y: number): boolean => x >= 0 && x < w && y >= 0 && y < h && data[y * w + x]! <= thr!;
  for (const seg of r.v) {
    const half = seg.thickness / 2 + 1;
    const kept: [number, number][] = [];
    for (let y = seg.from - 1; y <= seg.to + 1; y++) {
      const [sx, sy] = src(seg.at, y);
      const py = Math.round(sy);
      if (py < 0 || py >= h) continue;
      const x0 = Math.max(0, Math.floor(sx - half));
      const x1 = Math.min(w - 1, Math.ceil(sx + half));
      for (let x = x0; x <= x1; x++) {
        // The rule's margin (beyond its own width) inked beside a glyph is the glyph's: an
        // amount's last digit printed over the cell's border (`133.99|`) keeps that stroke,
        // where erasing it took a third of the 9 and eng read the figure a digit short.
        const margin = Math.abs(x - sx) > seg.thickness / 2;
        if (margin && thr !== undefined && data[py * w + x]! <= thr) {
          const out = x < sx ? -1 : 1;
          let near = false;
          for (let k = 1; k <= 4 && !near; k++) {
            const nx = (out < 0 ? x0 : x1) + out * k;
            near = ink(nx, py) || ink(nx, py - 1) || ink(nx, py + 1);
          }
          if (near) kept.push([x, py]);
        }
        data[py * w + x] = 255;
      }
    }
    for (const [x, y] of kept) data[y * w + x] = 0;
  }
}
