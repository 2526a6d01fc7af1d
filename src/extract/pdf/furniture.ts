// Page furniture: page numbers in the top or bottom margin (`— 11 —`, `- 2 -`, `第 3 页`,
// `3/21`, `-- 9 of 31 --`, bare centred numbers). Recognised and dropped from the text.
// Table footers such as `公开10表` are content and stay.

import type { Page, TextLine } from '../../core/types.ts';
import type { Line } from './items.ts';
import { joinRuns } from './items.ts';

const DASH = '\\-—–－―~～·•_';
const PAGE_NUMBER_PATTERNS: readonly RegExp[] = [
  new RegExp(`^[${DASH}\\s]*\\d{1,4}[${DASH}\\s]*$`, 'u'),
  /^第\s*\d{1,4}\s*页\s*([,，、/]?\s*共\s*\d{1,4}\s*页)?$/u,
  /^共\s*\d{1,4}\s*页\s*[,，、]?\s*第\s*\d{1,4}\s*页$/u,
  /^\d{1,4}\s*\/\s*\d{1,4}$/u,
  /^-{1,2}\s*\d{1,4}\s*of\s*\d{1,4}\s*-{1,2}$/iu,
  /^page\s*\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/iu,
  /^[(（]\s*\d{1,4}\s*[)）]$/u,
];

/** True for the text of a page number as printed. Full-width digits are folded first. */
export function isPageNumberText(text: string): boolean {
  const t = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).trim();
  if (!t) return false;
  return PAGE_NUMBER_PATTERNS.some((re) => re.test(t));
}

/**
 * Is this line page furniture? It must read as a page number and sit in the top 10% or the
 * bottom 14% of the page. A bare number (no dashes or 页) must also be roughly centred or at
 * an outer margin, so that a stray amount near the bottom of a page is not taken for one.
 */
export function isFurniture(line: Line, pageW: number, pageH: number): boolean {
  const inTop = line.bottom < pageH * 0.1;
  const inBottom = line.top > pageH * 0.86;
  if (!inTop && !inBottom) return false;
  const text = joinRuns(line.runs);
  if (!isPageNumberText(text)) return false;
  if (/^\d+$/.test(text.trim())) {
    const cx = (line.x0 + line.x1) / 2;
    const centred = Math.abs(cx - pageW / 2) < pageW * 0.12;
    const outer = cx < pageW * 0.2 || cx > pageW * 0.8;
    return centred || outer;
  }
  return true;
}

/** Split lines into content and furniture. */
export function dropFurniture(lines: readonly Line[], pageW: number, pageH: number): { kept: Line[]; dropped: Line[] } {
  const kept: Line[] = [];
  const dropped: Line[] = [];
  for (const l of lines) (isFurniture(l, pageW, pageH) ? dropped : kept).push(l);
  return { kept, dropped };
}

/** A line this close to the top or bottom edge (share of the page height) may be a running head. */
const RUNNING_MARGIN = 0.14;

/**
 * Mark running headers and footers: a text line in the top or bottom margin whose text comes
 * back at about the same height on at least three pages and a quarter of them. They are kept
 * (they often name the unit and year) but flagged, so that they neither break a table
 * continued across a page nor pass for a title.
 */
export function markRunningLines(pages: readonly Page[], pageHeights: ReadonlyMap<number, number>): Page[] {
  const seen = new Map<string, Set<number>>();
  const keyOf = (l: TextLine, h: number): string | undefined => {
    if (!l.bbox || l.page === null) return undefined;
    const top = l.bbox[1] < h * RUNNING_MARGIN;
    const bottom = l.bbox[3] > h * (1 - RUNNING_MARGIN);
    if (!top && !bottom) return undefined;
    // the same text, in the same band of the page (5-point bins)
    return `${top ? 'T' : 'B'}${Math.round((top ? l.bbox[1] : h - l.bbox[3]) / 5)}|${l.text.replace(/\s+/gu, '')}`;
  };
  for (const p of pages) {
    const h = pageHeights.get(p.number ?? -1);
    if (!h) continue;
    for (const b of p.blocks) {
      if (b.kind !== 'line') continue;
      const k = keyOf(b, h);
      if (k) seen.set(k, (seen.get(k) ?? new Set()).add(p.number!));
    }
  }
  const min = Math.max(3, Math.ceil(pages.length / 4));
  const running = new Set([...seen].filter(([, on]) => on.size >= min).map(([k]) => k));
  if (running.size === 0) return [...pages];
  return pages.map((p) => {
    const h = pageHeights.get(p.number ?? -1);
    if (!h) return p;
    let changed = false;
    const blocks = p.blocks.map((b) => {
      if (b.kind !== 'line') return b;
      const k = keyOf(b, h);
      if (!k || !running.has(k)) return b;
      changed = true;
      return { ...b, running: true };
    });
    return changed ? { ...p, blocks } : p;
  });
}
