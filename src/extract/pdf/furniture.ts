// Page furniture: page numbers in the top or bottom margin (`— 11 —`, `- 2 -`, `第 3 页`,
// `3/21`, `-- 9 of 31 --`, bare centred numbers). Recognised and dropped from the text.
// Table footers such as `公开10表` are content and stay.

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
