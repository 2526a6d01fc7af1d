// What a PDF page holds besides its text, read from its operator list: where images are
// painted, how much of the page they cover, and which fonts lack a map to Unicode. The trust
// check (ocr/trust.ts) takes these as its second look at a page whose text is doubtful; the
// extractor records them while it has the operator list anyway, so the PDF is not opened again.

import type { PdfFontInfo, PdfPageInfo } from '../../core/types.ts';
import { mul } from './items.ts';
import type { PDFPageProxy } from './load.ts';
import { OP } from './rulings.ts';

/** An image painted on the page: its box in points (origin top-left) and its pixel size. */
export interface PlacedImage {
  readonly bbox: readonly [number, number, number, number];
  readonly width: number;
  readonly height: number;
}

/** Where images are painted on the page (points, origin top-left), from its operator list. */
export function placedImages(ops: { fnArray: ArrayLike<number>; argsArray: ArrayLike<unknown> }, viewport: readonly number[]): PlacedImage[] {
  const out: PlacedImage[] = [];
  const stack: number[][] = [];
  let ctm = [...viewport];
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const a = ops.argsArray[i] as unknown[] | null;
    switch (fn) {
      case OP.save:
        stack.push([...ctm]);
        break;
      case OP.restore:
        ctm = stack.pop() ?? ctm;
        break;
      case OP.transform:
        if (a && a.length >= 6) ctm = mul(ctm, a as number[]);
        break;
      case OP.paintFormXObjectBegin: {
        stack.push([...ctm]);
        const m = a?.[0] as ArrayLike<number> | null | undefined;
        if (m && m.length >= 6) ctm = mul(ctm, Array.from(m));
        break;
      }
      case OP.paintFormXObjectEnd:
        ctm = stack.pop() ?? ctm;
        break;
      case OP.paintImageXObject:
      case OP.paintInlineImageXObject:
      case OP.paintImageXObjectRepeat: {
        let pw = 0;
        let ph = 0;
        if (fn === OP.paintInlineImageXObject) {
          const d = a?.[0] as { width?: number; height?: number } | undefined;
          pw = d?.width ?? 0;
          ph = d?.height ?? 0;
        } else {
          pw = Number(a?.[1] ?? 0);
          ph = Number(a?.[2] ?? 0);
        }
        // The image fills the unit square of the current transform.
        const pts = [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ].map(([x, y]) => [ctm[0]! * x! + ctm[2]! * y! + ctm[4]!, ctm[1]! * x! + ctm[3]! * y! + ctm[5]!] as const);
        const xs = pts.map((p) => p[0]);
        const ys = pts.map((p) => p[1]);
        out.push({ bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], width: pw, height: ph });
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/**
 * Images and fonts of a page whose operator list is `ops` (fonts are looked up in the page's
 * common objects, which pdf.js fills while it builds the list).
 */
export function pageInfo(page: PDFPageProxy, ops: { fnArray: ArrayLike<number>; argsArray: ArrayLike<unknown> }, viewport: readonly number[], width: number, height: number): PdfPageInfo {
  const imgs = placedImages(ops, viewport);
  const area = width * height;
  let covered = 0;
  for (const im of imgs) {
    const w = Math.max(0, Math.min(width, im.bbox[2]) - Math.max(0, im.bbox[0]));
    const h = Math.max(0, Math.min(height, im.bbox[3]) - Math.max(0, im.bbox[1]));
    covered += w * h;
  }
  const fonts: PdfFontInfo[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < ops.fnArray.length; i++) {
    // setFont: args [loadedName, size]; the font object is in the page's commonObjs.
    if (ops.fnArray[i] !== OP.setFont) continue;
    const id = String((ops.argsArray[i] as unknown[] | null)?.[0] ?? '');
    if (!id || seen.has(id)) continue;
    seen.add(id);
    let f: Record<string, unknown> | null = null;
    try {
      f = page.commonObjs.get(id) as Record<string, unknown>;
    } catch {
      continue;
    }
    const tu = f?.['toUnicode'] as Record<string, unknown> | undefined;
    // pdf.js builds an identity map when the font gives no usable ToUnicode.
    const identity = !tu || ('firstChar' in tu && 'lastChar' in tu && !('_map' in tu));
    fonts.push({ name: String(f?.['name'] ?? id), composite: Boolean(f?.['composite']), noToUnicode: identity });
  }
  return { imageCoverage: area > 0 ? Math.min(1, covered / area) : 0, images: imgs.length, fonts };
}
