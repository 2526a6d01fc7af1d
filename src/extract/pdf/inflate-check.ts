// Compression bombs, found in the PDF's bytes before pdf.js sees them: a content stream, font
// or other flate-encoded stream that inflates to far more than any real disclosure holds.
// pdf.js inflates such a stream whole into one buffer outside the JavaScript heap (a worker's
// heap limit does not see it) and then parses all of it, twice for a page's content (its text
// and its drawing are read apart). Clean documents of the corpus hold at most a 4.4 MB font
// program and a 0.9 MB content stream. Images are left out: pdf.js reads no more of an image's
// data than its declared size, which the pixel limit bounds.
import { constants, inflateSync } from 'node:zlib';

/** A font program may inflate to this much (full CJK fonts are embedded whole at times). */
export const MAX_INFLATED_FONT_BYTES = 32 * 1024 * 1024;
/** Any other stream (content, forms, CMaps, object streams) to this much. */
export const MAX_INFLATED_STREAM_BYTES = 8 * 1024 * 1024;

const FONT_PROGRAM = /\/Length[123]\b|\/Subtype\s*\/(?:Type1C|CIDFontType0C|OpenType)\b/;

export interface Bomb {
  /** Byte offset of the stream's data in the file. */
  readonly offset: number;
  readonly compressed: number;
  /** Stages of flate that went over the limit (1 or 2, for /Filter [/FlateDecode /FlateDecode]). */
  readonly stage: number;
  /** The limit it went over. */
  readonly limit: number;
}

/**
 * Deflate's largest possible ratio (a 258-byte match in under 2 bits, plus block overhead):
 * data shorter than the limit over this cannot inflate past the limit, and is not inflated.
 */
const MAX_DEFLATE_RATIO = 1032;

/** At most this many bytes of the file are searched back from `stream` for its dictionary. */
const DICT_WINDOW = 4096;

/** Inflate at most `max` bytes of output; null when over, the bytes otherwise (as much as decodes). */
function inflateAtMost(data: Uint8Array, max: number): Buffer | null {
  try {
    // Z_SYNC_FLUSH: a stream cut short gives what it holds instead of an error
    return inflateSync(data, { maxOutputLength: max, finishFlush: constants.Z_SYNC_FLUSH });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return null;
    return Buffer.alloc(0); // not flate data after all: pdf.js will say so (damage), not a bomb
  }
}

/** The first stream that inflates past `max` bytes, or null. */
export function findCompressionBomb(bytes: Uint8Array): Bomb | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = buf.indexOf('stream', 0, 'latin1'); at >= 0; at = buf.indexOf('stream', at + 6, 'latin1')) {
    if (at >= 3 && buf.toString('latin1', at - 3, at) === 'end') continue;
    const before = buf.toString('latin1', Math.max(0, at - DICT_WINDOW), at);
    const open = before.lastIndexOf(' obj');
    const dict = open >= 0 ? before.slice(open) : before;
    if (!/>>\s*$/.test(dict)) continue;
    const filters = /\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(dict)?.[1] ?? '';
    const flates = filters.match(/\/(?:FlateDecode|Fl)\b/g)?.length ?? 0;
    if (flates === 0 || /\/Subtype\s*\/Image\b/.test(dict)) continue;
    let start = at + 6;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    const len = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    let end = len ? start + Number(len[1]) : -1;
    if (end < start || end > buf.length || buf.indexOf('endstream', end, 'latin1') - end > 16) end = buf.indexOf('endstream', start, 'latin1');
    if (end < 0) end = buf.length;
    // the leading flate stages only: a filter after them (DCT, a predictor) does not multiply much
    const max = FONT_PROGRAM.test(dict) ? MAX_INFLATED_FONT_BYTES : MAX_INFLATED_STREAM_BYTES;
    let data: Buffer | null = buf.subarray(start, end);
    const leading = (/^\[?\s*((?:\/(?:FlateDecode|Fl)\b\s*)+)/.exec(filters)?.[1]?.match(/\/\w+/g)?.length ?? 0);
    for (let stage = 1; stage <= leading && data && data.length; stage++) {
      // only the last stage's size can be bounded without inflating: an earlier one is read
      if (stage === leading && data.length * MAX_DEFLATE_RATIO < max) break;
      data = inflateAtMost(data, max);
      if (data === null) return { offset: start, compressed: end - start, stage, limit: max };
    }
    at = Math.max(at, end);
  }
  return null;
}
