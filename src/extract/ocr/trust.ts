// Can a page's text layer be trusted, or must the page be read from its picture? Decided per
// page, not per file: one scanned page or one font without a Unicode map spoils only its own
// pages. The signals: how much text there is, glyphs that map to nothing (`(cid:N)`, U+FFFD,
// private-use code points), Chinese read through a Latin-charset font (GBK bytes shown as
// Latin-1 letters), Chinese characters far outside everyday use (glyph ids taken for code
// points), scripts a Chinese budget never mixes, and, where the PDF was inspected, images
// covering the page and CID fonts without a ToUnicode map.

import type { Page, PdfFontInfo, PdfPageInfo } from '../../core/types.ts';

export type { PdfFontInfo, PdfPageInfo };

export interface TrustVerdict {
  readonly needs: boolean;
  readonly reason: string;
  /** Not conclusive from the text alone: inspect the PDF page (images, fonts) and decide again. */
  readonly suspect?: boolean;
}

export interface TextStats {
  readonly chars: number;
  readonly unmapped: number;
  readonly cjk: number;
  readonly rareCjk: number;
  readonly latin1: number;
  readonly foreign: number;
}

const UNMAPPED_RE = /\(cid:\d+\)|[\ufffd\ue000-\uf8ff\u0000-\u0008\u000e-\u001f]/gu;
const CJK_RE = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
/** Latin-1 letters: what GBK bytes look like through a WinAnsi font (`Ô¤Ëã` for 预算). */
const LATIN1_RE = /[\u00c0-\u00ff]/u;
/** Scripts that do not occur in a Chinese budget: Latin Extended, Greek, Cyrillic … Arabic, Hangul, Thai. */
const FOREIGN_RE = /[\u0100-\u024f\u0370-\u03ff\u0400-\u052f\u0530-\u08ff\u0e00-\u0e7f\u1100-\u11ff\uac00-\ud7af]/u;

let common: Set<string> | null = null;

/**
 * The 6,763 characters of GB2312 (levels 1 and 2): everyday Chinese. Budget prose stays almost
 * entirely inside it; characters picked by glyph id land mostly outside. Built from the GBK
 * decoder Node ships, so no table is stored.
 */
export function isCommonHanzi(ch: string): boolean {
  if (!common) {
    common = new Set();
    const dec = new TextDecoder('gbk');
    for (let hi = 0xb0; hi <= 0xf7; hi++) {
      const bytes: number[] = [];
      for (let lo = 0xa1; lo <= 0xfe; lo++) bytes.push(hi, lo);
      for (const c of dec.decode(new Uint8Array(bytes))) if (CJK_RE.test(c)) common.add(c);
    }
  }
  return common.has(ch);
}

/** All text of a page (lines and grid cells), as extracted (raw, before normalisation). */
export function pageText(page: Page): string {
  const parts: string[] = [];
  for (const b of page.blocks) {
    if (b.kind === 'line') parts.push(b.raw);
    else for (const r of b.rows) for (const c of r.cells) parts.push(c.raw);
  }
  return parts.join('\n');
}

// Each BMP code unit's class, decided once by the regular expressions above: a page's text
// is then classified by table lookups, not five regex tests per character.
const SPACE = 1;
const CJK = 2;
const COMMON = 4;
const LATIN1 = 8;
const FOREIGN = 16;
let classes: Uint8Array | null = null;

function charClasses(): Uint8Array {
  if (classes) return classes;
  const t = new Uint8Array(0x10000);
  for (let u = 0; u < 0x10000; u++) {
    if (u >= 0xd800 && u <= 0xdfff) continue; // halves of a pair: classed as the pair, below
    const ch = String.fromCharCode(u);
    if (/\s/u.test(ch)) t[u] = SPACE;
    else if (CJK_RE.test(ch)) t[u] = CJK | (isCommonHanzi(ch) ? COMMON : 0);
    else if (LATIN1_RE.test(ch)) t[u] = LATIN1;
    else if (FOREIGN_RE.test(ch)) t[u] = FOREIGN;
  }
  return (classes = t);
}

export function textStats(text: string): TextStats {
  const t = charClasses();
  let chars = 0;
  let cjk = 0;
  let rareCjk = 0;
  let latin1 = 0;
  let foreign = 0;
  const unmapped = text.match(UNMAPPED_RE)?.length ?? 0;
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    // a character beyond the BMP (a surrogate pair) is in none of the classes: one character
    if (u >= 0xd800 && u <= 0xdbff && i + 1 < text.length) {
      const v = text.charCodeAt(i + 1);
      if (v >= 0xdc00 && v <= 0xdfff) i++;
    }
    const c = t[u]!;
    if (c & SPACE) continue;
    chars++;
    if (c & CJK) {
      cjk++;
      if (!(c & COMMON)) rareCjk++;
    } else if (c & LATIN1) latin1++;
    else if (c & FOREIGN) foreign++;
  }
  return { chars, unmapped, cjk, rareCjk, latin1, foreign };
}

/** Fewer non-space characters than this: little or no text layer. */
const FEW_CHARS = 20;
/** A page with less text than this may be a picture with a caption: look at its images. */
const SPARSE_CHARS = 200;

/**
 * Decide whether a page goes to OCR. Without `info` the decision rests on the text; a page
 * that looks odd but not conclusively so comes back with `suspect` for a second look with
 * `info` (the caller then reads the page's images and fonts from the PDF).
 */
export function pageNeedsOcr(page: Page, info?: PdfPageInfo): TrustVerdict {
  if (page.method === 'ocr') return { needs: false, reason: 'already read by OCR' };
  const warnings = page.warnings ?? [];
  if (warnings.includes('image-only page')) return { needs: true, reason: 'image-only page' };
  if (warnings.some((w) => w.startsWith('unreadable page'))) return { needs: true, reason: 'text layer unreadable' };
  const s = textStats(pageText(page));
  if (s.chars === 0) return { needs: true, reason: 'no text layer' };
  const pct = (n: number, d: number): string => `${Math.round((n / d) * 100)}%`;
  if (s.unmapped / s.chars > 0.05) return { needs: true, reason: `unmapped glyphs: ${pct(s.unmapped, s.chars)} of characters` };
  if (s.latin1 >= 10 && s.latin1 / s.chars > 0.2) return { needs: true, reason: `Chinese through a Latin-charset font: ${pct(s.latin1, s.chars)} Latin-1 letters` };
  if (s.foreign >= 10 && s.foreign / s.chars > 0.2) return { needs: true, reason: `garbled script mixture: ${pct(s.foreign, s.chars)} foreign-script characters` };
  if (s.cjk >= 20 && s.rareCjk / s.cjk > 0.3) return { needs: true, reason: `garbled Chinese: ${pct(s.rareCjk, s.cjk)} of characters outside everyday use` };
  if (info) {
    if (s.chars < SPARSE_CHARS && info.imageCoverage >= 0.5) {
      return { needs: true, reason: `image over ${pct(info.imageCoverage, 1)} of the page with ${s.chars} characters of text` };
    }
    const noMap = info.fonts.filter((f) => f.composite && f.noToUnicode);
    const odd = s.unmapped > 0 || (s.cjk >= 5 && s.rareCjk / s.cjk > 0.1) || s.foreign / s.chars > 0.05 || s.latin1 / s.chars > 0.05;
    if (noMap.length && odd) return { needs: true, reason: `CID font without ToUnicode (${noMap.map((f) => f.name).join(', ')}) and odd text` };
    return { needs: false, reason: 'text layer looks sound' };
  }
  const suspect =
    s.chars < SPARSE_CHARS || s.unmapped > 0 || s.latin1 > 0 || s.foreign / s.chars > 0.02 || (s.cjk >= 5 && s.rareCjk / s.cjk > 0.05);
  if (s.chars < FEW_CHARS) return { needs: false, reason: `only ${s.chars} characters of text`, suspect };
  return { needs: false, reason: 'text layer looks sound', ...(suspect ? { suspect } : {}) };
}
