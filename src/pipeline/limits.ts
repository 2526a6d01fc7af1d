// Limits checked before a PDF is read: its page count, the size of its largest image, and
// streams that inflate past a limit (compression bombs, inflate-check.ts).
// A PDF of a hundred thousand blank pages or one 40000×40000 image is a few kilobytes on
// disk but hours or gigabytes in pdf.js, so both are refused up front with E_TOO_LARGE.
import { findCompressionBomb } from '../extract/pdf/inflate-check.ts';
import { YusuanError } from '../core/errors.ts';

export interface PdfLimits {
  readonly maxPages: number;
  readonly maxImagePixels: number;
}

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** How far around an `/Image` name its object's /Width and /Height are looked for. */
const WINDOW = 4096;

/**
 * The largest image XObject declared in the file, from the raw bytes. Image XObjects are
 * streams, and a stream's dictionary is never compressed (not even inside an object stream,
 * where streams may not go), so scanning the bytes finds every one of them. Inline images
 * hide inside content streams but are small by definition. An indirect /Width is not followed.
 * An image with a soft mask or a mask of other dimensions is decoded by pdf.js at the larger
 * of each (its width × the mask's height, for one declared a million pixels wide and one
 * high over a mask of ordinary size), so that is the size it counts for.
 */
export function largestImage(bytes: Uint8Array): ImageSize | null {
  const images = declaredImages(bytes);
  const byNum = new Map<number, ImageSize>();
  for (const img of images) {
    if (img.num === null) continue;
    const had = byNum.get(img.num);
    // an object updated in place keeps the larger of its versions: either may be the one read
    byNum.set(img.num, had ? { width: Math.max(had.width, img.width), height: Math.max(had.height, img.height) } : img);
  }
  let best: ImageSize | null = null;
  for (const img of images) {
    const masks = img.masks.map((n) => byNum.get(n)).filter((m): m is ImageSize => m !== undefined);
    const size = { width: Math.max(img.width, ...masks.map((m) => m.width)), height: Math.max(img.height, ...masks.map((m) => m.height)) };
    if (!best || size.width * size.height > best.width * best.height) best = size;
  }
  return best;
}

interface DeclaredImage extends ImageSize {
  /** Its object number, when its `N G obj` header is in reach. */
  readonly num: number | null;
  /** The object numbers of its /SMask and /Mask (when a mask is a stream, not an array). */
  readonly masks: readonly number[];
}

function declaredImages(bytes: Uint8Array): DeclaredImage[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: DeclaredImage[] = [];
  for (let i = buf.indexOf('/Image', 0, 'latin1'); i >= 0; i = buf.indexOf('/Image', i + 6, 'latin1')) {
    const from = Math.max(0, i - WINDOW);
    const before = buf.toString('latin1', from, i);
    const objStart = before.lastIndexOf(' obj');
    const after = buf.toString('latin1', i, Math.min(buf.length, i + WINDOW));
    const ends = [after.indexOf('stream'), after.indexOf('endobj')].filter((k) => k >= 0);
    const dict = (objStart >= 0 ? before.slice(objStart) : before) + (ends.length ? after.slice(0, Math.min(...ends)) : after);
    if (!/\/Subtype\s*\/Image\b/.test(dict)) continue;
    const w = /\/Width\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    const h = /\/Height\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    if (!w || !h) continue;
    const header = objStart >= 0 ? /(\d+)\s+\d+$/.exec(before.slice(0, objStart)) : null;
    const masks = [...dict.matchAll(/\/S?Mask\s+(\d+)\s+\d+\s+R/g)].map((m) => Number(m[1]));
    out.push({ width: Number(w[1]), height: Number(h[1]), num: header ? Number(header[1]) : null, masks });
  }
  return out;
}

/**
 * Throw E_TOO_LARGE for too large an image or a compression bomb, before pdf.js sees the file.
 * The page count is the extractor's to check as it opens the file (refuseOverMaxPages).
 */
export function checkPdfLimits(bytes: Uint8Array, path: string, limits: PdfLimits): void {
  const img = largestImage(bytes);
  if (img && img.width * img.height > limits.maxImagePixels) {
    throw new YusuanError(
      'E_TOO_LARGE',
      `${path}: an image of ${img.width}×${img.height} pixels (${((img.width * img.height) / 1e6).toFixed(0)} million) is over the limit of ${(limits.maxImagePixels / 1e6).toFixed(0)} million per image`,
      { file: path, hint: 'raise --max-pixels if the file is trusted' },
    );
  }
  const bomb = findCompressionBomb(bytes);
  if (bomb) {
    throw new YusuanError(
      'E_TOO_LARGE',
      `${path}: a stream of ${bomb.compressed} bytes at byte ${bomb.offset} inflates to more than ${bomb.limit / 1024 / 1024} MB (a compression bomb, or a damaged file)`,
      { file: path, hint: 'check the file; no disclosure needs a stream this large' },
    );
  }
}
