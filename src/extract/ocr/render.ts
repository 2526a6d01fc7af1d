// PDF page → grayscale image, fully offline: pdf.js draws into an @napi-rs/canvas (the copy
// pdfjs-dist itself depends on; another major version beside it breaks rendering). Also reads
// from the operator list where images sit on the page, to render a scan at its own resolution.

import { pdfCall } from '../pdf/errors.ts';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pdfjs, type PDFDocumentProxy, type PDFPageProxy } from '../pdf/load.ts';
import { mul } from '../pdf/items.ts';
import { OP } from '../pdf/rulings.ts';
import type { GrayImage } from './image.ts';
import { placedImages, type PlacedImage } from '../pdf/page-info.ts';

export { placedImages, type PlacedImage };


let assetDirs: { cMapUrl: string; standardFontDataUrl: string } | null = null;

/** pdfjs-dist's CMaps and standard fonts as plain paths (pdf.js in Node reads them with fs). */
function assets(): { cMapUrl: string; standardFontDataUrl: string } {
  if (assetDirs) return assetDirs;
  const require = createRequire(import.meta.url);
  const pkg = path.dirname(require.resolve('pdfjs-dist/package.json'));
  assetDirs = { cMapUrl: path.join(pkg, 'cmaps') + path.sep, standardFontDataUrl: path.join(pkg, 'standard_fonts') + path.sep };
  return assetDirs;
}

/**
 * Open a PDF for rendering and inspection, run `fn`, destroy the document whatever happens.
 * `fontExtraProperties` makes pdf.js hand each font's encoding details to this side, which the
 * trust check reads (a CID font whose text maps to nothing). The bytes are copied: pdf.js
 * detaches the buffer it is given.
 */
export async function withRenderablePdf<T>(bytes: Uint8Array, fn: (doc: PDFDocumentProxy) => Promise<T>): Promise<T> {
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    ...assets(),
    cMapPacked: true,
    isEvalSupported: false,
    useSystemFonts: false,
    // No FontFace in Node: glyphs are drawn as paths, which is what a raster needs anyway.
    disableFontFace: true,
    fontExtraProperties: true,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    const doc = await pdfCall({ stage: 'open' }, () => task.promise);
    return await fn(doc);
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

interface CanvasLike {
  width: number;
  height: number;
}
interface ContextLike {
  fillStyle: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray; width: number; height: number };
}
interface CanvasFactoryLike {
  create(w: number, h: number): { canvas: CanvasLike; context: ContextLike };
  destroy(c: { canvas: CanvasLike; context: ContextLike }): void;
}

/** Rendering beyond this many pixels is refused: a poster-sized page would exhaust memory. */
const MAX_PIXELS = 60e6;

/**
 * Render a page at `dpi` on white and return its luminance. The canvas comes from the
 * document's own canvas factory, so pdf.js and this code share one @napi-rs/canvas.
 */
export async function renderGray(doc: PDFDocumentProxy, page: PDFPageProxy, dpi: number): Promise<GrayImage> {
  const vp = page.getViewport({ scale: dpi / 72 });
  const w = Math.ceil(vp.width);
  const h = Math.ceil(vp.height);
  if (w * h > MAX_PIXELS) throw new Error(`page too large to render at ${dpi} dpi (${w}×${h} pixels)`);
  return drawPage(doc, page, dpi / 72, (cc) => {
    const img = cc.context.getImageData(0, 0, w, h);
    return { width: w, height: h, data: toGray(img.data, w * h) };
  });
}

/**
 * Draw a page at `scale` (pixels per point) on white on a canvas of the document's own canvas
 * factory, hand the canvas to `use`, and free it. (The review page encodes it as PNG.)
 */
export async function drawPage<T>(doc: PDFDocumentProxy, page: PDFPageProxy, scale: number, use: (cc: { canvas: CanvasLike; context: ContextLike; width: number; height: number }) => T | Promise<T>): Promise<T> {
  const vp = page.getViewport({ scale });
  const w = Math.ceil(vp.width);
  const h = Math.ceil(vp.height);
  const factory = (doc as unknown as { canvasFactory: CanvasFactoryLike }).canvasFactory;
  const cc = factory.create(w, h);
  try {
    cc.context.fillStyle = '#ffffff';
    cc.context.fillRect(0, 0, w, h);
    await page.render({ canvas: cc.canvas, canvasContext: cc.context, viewport: vp, background: '#ffffff' } as never).promise;
    return await use({ ...cc, width: w, height: h });
  } finally {
    factory.destroy(cc);
  }
}

/**
 * One colour pixel → grey for OCR: its luminance (Rec. 601 weights in integers), except that
 * clearly red pixels go white. Official seals are stamped in red across tables and titles;
 * left dark, a seal's ring is taken for rules and its star for characters, and a table under
 * it falls apart. Black print under a seal stays dark (where the two overlap, red is gone).
 */
export function grayOf(r: number, g: number, b: number): number {
  if (r >= 120 && r - (g > b ? g : b) >= 60) return 255;
  return (r * 77 + g * 150 + b * 29) >> 8;
}

/** RGBA → grey (grayOf). */
export function toGray(rgba: Uint8ClampedArray, n: number): Uint8Array {
  const g = new Uint8Array(n);
  for (let i = 0, j = 0; j < n; i += 4, j++) g[j] = grayOf(rgba[i]!, rgba[i + 1]!, rgba[i + 2]!);
  return g;
}

/** The long side of A4 paper in inches: what a page of a disclosure is printed on. */
const A4_LONG_IN = 11.69;
/** The resolutions scanners save at. */
const SCANNER_DPI = [150, 200, 240, 300, 400, 600];
/** No disclosure page is this large (inches, long side; A3 is 16.5), unless a scanner's resolution says so. */
const MAX_PAGE_IN = 17;

/**
 * The resolution to OCR a page at: a scan's own (OCR at the scan's resolution: upscaling a
 * 200 dpi scan makes it worse), else `fallback`. Clamped to what tesseract reads well and
 * memory allows. A scan whose file declares no resolution, or a wrong one, makes a page of
 * 36 inches (3509 pixels at 96 dpi): a page that large is taken for A4 and the scan's
 * resolution worked out from that (`assumed`); its own image is then read as it is.
 */
export function ocrDpi(images: readonly PlacedImage[], pageW: number, pageH: number, fallback = 300): { dpi: number; native: number | null; assumed?: boolean } {
  const big = images
    .filter((im) => im.width > 0 && (im.bbox[2] - im.bbox[0]) * (im.bbox[3] - im.bbox[1]) > 0.5 * pageW * pageH)
    .sort((a, b) => b.width * b.height - a.width * a.height)[0];
  if (!big) return { dpi: fallback, native: null };
  // A page wider than any paper whose scan sits at a scanner's resolution (a table printed
  // on a long sheet, 20 inches at 200 dpi) is as large as it says; one at a screen's
  // resolution (96 or 72 dpi) is a scan whose file misdeclares it.
  const declared = big.width / ((big.bbox[2] - big.bbox[0]) / 72);
  const scannerDpi = SCANNER_DPI.some((d) => Math.abs(declared - d) <= 0.02 * d);
  if (Math.max(pageW, pageH) / 72 > MAX_PAGE_IN && !scannerDpi) {
    const native = Math.max(big.width, big.height) / A4_LONG_IN;
    return { dpi: Math.round(Math.min(600, Math.max(150, native))), native: Math.round(native), assumed: true };
  }
  const native = big.width / ((big.bbox[2] - big.bbox[0]) / 72);
  return { dpi: Math.round(Math.min(400, Math.max(150, native))), native: Math.round(native) };
}

/** Operators a page that is only a scan may hold besides the image: state, no drawing. */
const HARMLESS = new Set<number>([OP.save, OP.restore, OP.transform, OP.setGState, 1 /* dependency */, 0 /* none */]);

/**
 * A page that is one scanned image and nothing else, as the image itself in grey at its own
 * resolution: pdf.js decoded it for the operator list already, and drawing it onto a canvas
 * again only to read it back costs more than all the rest of a page's preparation. Null when
 * the page holds anything else (text, paths, more images), or the image is turned, flipped,
 * or in a pixel format other than 1-bit grey, RGB or RGBA; then the page is rendered.
 */
export async function embeddedScan(page: PDFPageProxy, ops: { fnArray: ArrayLike<number>; argsArray: ArrayLike<unknown> }, viewport: readonly number[], pageW: number, pageH: number): Promise<{ image: GrayImage; dpi: number } | null> {
  let imageAt = -1;
  const stack: number[][] = [];
  let ctm = [...viewport];
  let imgCtm: number[] | null = null;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i]!;
    const a = ops.argsArray[i] as unknown[] | null;
    if (fn === OP.paintImageXObject) {
      if (imageAt >= 0) return null;
      imageAt = i;
      imgCtm = [...ctm];
    } else if (fn === OP.save) stack.push([...ctm]);
    else if (fn === OP.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OP.transform) {
      if (a && a.length >= 6) ctm = mul(ctm, a as number[]);
    } else if (!HARMLESS.has(fn)) return null;
  }
  if (imageAt < 0 || !imgCtm) return null;
  // Upright and unflipped in the viewport (origin top-left): x grows right, the image's first
  // row at the top (the unit square's y runs up, the viewport's down).
  const [a, b, c, d, e, f] = imgCtm as [number, number, number, number, number, number];
  if (Math.abs(b) > 1e-6 || Math.abs(c) > 1e-6 || a <= 0 || d >= 0) return null;
  const x0 = e;
  const y0 = f + d;
  const w = a;
  const h = -d;
  if (x0 < -1 || y0 < -1 || x0 + w > pageW + 1 || y0 + h > pageH + 1 || w * h < 0.95 * pageW * pageH) return null;
  const id = String((ops.argsArray[imageAt] as unknown[])[0]);
  interface ImageObj {
    width?: number;
    height?: number;
    kind?: number;
    data?: Uint8Array | Uint8ClampedArray;
  }
  // Some images (CCITT, JBIG2) are decoded after the operator list is done: wait for them,
  // a little.
  const obj = await new Promise<ImageObj | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 10_000);
    try {
      page.objs.get(id, (o: unknown) => {
        clearTimeout(timer);
        resolve(o as ImageObj | null);
      });
    } catch {
      clearTimeout(timer);
      resolve(null);
    }
  });
  if (!obj?.data || !obj.width || !obj.height) return null;
  const n = obj.width * obj.height;
  const src = obj.data;
  const dpi = Math.round((obj.width / w) * 72);
  if (obj.kind === 1) {
    // 1-bit grey (a fax-style scan): rows of whole bytes, first pixel in the top bit, 1 white.
    const W = obj.width;
    const rowBytes = (W + 7) >> 3;
    if (src.length < rowBytes * obj.height) return null;
    const gray = new Uint8Array(n);
    for (let y = 0; y < obj.height; y++) {
      const r = y * rowBytes;
      const o = y * W;
      for (let x = 0; x < W; x++) gray[o + x] = (src[r + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 255 : 0;
    }
    return { image: { width: W, height: obj.height, data: gray }, dpi };
  }
  const step = obj.kind === 2 ? 3 : obj.kind === 3 ? 4 : 0;
  if (!step || src.length < n * step) return null;
  const gray = new Uint8Array(n);
  for (let i = 0, j = 0; j < n; i += step, j++) gray[j] = grayOf(src[i]!, src[i + 1]!, src[i + 2]!);
  return { image: { width: obj.width, height: obj.height, data: gray }, dpi };
}
