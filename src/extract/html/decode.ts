// Bytes of an HTML page → text. The charset comes from a byte-order mark, else from the
// page's own <meta charset> / <meta http-equiv="Content-Type">, else from the bytes (UTF-8 when
// they are valid UTF-8, GB18030 otherwise). Chinese government sites mislabel pages both ways
// (UTF-8 bytes under charset=gb2312 and the reverse), so a declaration the bytes contradict
// loses to the bytes, with a warning.

import { YusuanError } from '../../core/errors.ts';

export interface DecodedHtml {
  readonly text: string;
  /** The WHATWG encoding name used. */
  readonly encoding: string;
  /** Where the encoding came from. */
  readonly from: 'bom' | 'meta' | 'bytes';
  readonly warnings: readonly string[];
}

/** Labels for the GB family: GB18030 is a superset of GBK and GB2312. */
const GB_LABELS = /^(?:gb2312|gbk|gb18030|x-gbk|cp936|ms936|windows-936|euc-cn|csgb2312|chinese|iso-ir-58)$/i;

/** The encoding name TextDecoder should use for a charset label, or null when unknown. */
export function encodingForLabel(label: string): string | null {
  const l = label.trim().toLowerCase();
  if (!l) return null;
  if (GB_LABELS.test(l)) return 'gb18030';
  if (l === 'utf8' || l === 'utf-8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return null; // a label TextDecoder does not know
  }
}

/** The charset a page declares in its first 4 KiB (the HTML prescan window, more or less). */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  for (const m of head.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = m[0];
    const direct = /\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(tag);
    if (direct) return direct[1]!;
  }
  return null;
}

function tryDecode(bytes: Uint8Array, encoding: string): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined; // not valid in this encoding: the caller tries another
  }
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

export function decodeHtml(bytes: Uint8Array, fileName: string): DecodedHtml {
  if (bytes.length === 0) throw new YusuanError('E_EMPTY', `${fileName}: the file is empty`, { file: fileName });
  const warnings: string[] = [];
  const done = (text: string, encoding: string, from: DecodedHtml['from']): DecodedHtml => ({
    text: text.replace(/^\uFEFF/, ''),
    encoding,
    from,
    warnings,
  });
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return done(new TextDecoder('utf-8').decode(bytes), 'utf-8', 'bom');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return done(new TextDecoder('utf-16le').decode(bytes), 'utf-16le', 'bom');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return done(new TextDecoder('utf-16be').decode(bytes), 'utf-16be', 'bom');

  const label = declaredCharset(bytes);
  const declared = label ? encodingForLabel(label) : null;
  if (label && !declared) warnings.push(`unknown charset "${label}" declared; decoded from the bytes`);
  const utf8 = hasNonAscii(bytes) ? tryDecode(bytes, 'utf-8') : new TextDecoder('utf-8').decode(bytes);
  if (declared === 'utf-8' || (declared && /^utf-16/.test(declared))) {
    // A UTF-16 label on a page read as bytes means nothing (the page would have needed a BOM).
    if (utf8 !== undefined) return done(utf8, 'utf-8', 'meta');
    const gb = tryDecode(bytes, 'gb18030');
    if (gb !== undefined) {
      warnings.push(`declared ${label} but the bytes are not UTF-8; read as GB18030`);
      return done(gb, 'gb18030', 'bytes');
    }
    warnings.push(`declared ${label} but the bytes are not valid UTF-8; invalid sequences replaced`);
    return done(new TextDecoder('utf-8').decode(bytes), 'utf-8', 'meta');
  }
  if (declared) {
    // Valid UTF-8 with multi-byte characters is almost never GBK text by chance.
    if (declared === 'gb18030' && utf8 !== undefined && hasNonAscii(bytes)) {
      warnings.push(`declared ${label} but the bytes are UTF-8; read as UTF-8`);
      return done(utf8, 'utf-8', 'bytes');
    }
    const t = tryDecode(bytes, declared);
    if (t !== undefined) return done(t, declared, 'meta');
    if (utf8 !== undefined) {
      warnings.push(`declared ${label} but the bytes are not valid in it; read as UTF-8`);
      return done(utf8, 'utf-8', 'bytes');
    }
    warnings.push(`declared ${label} but the bytes are not valid in it; invalid sequences replaced`);
    return done(new TextDecoder(declared).decode(bytes), declared, 'meta');
  }
  if (utf8 !== undefined) return done(utf8, 'utf-8', 'bytes');
  const gb = tryDecode(bytes, 'gb18030');
  if (gb !== undefined) return done(gb, 'gb18030', 'bytes');
  throw new YusuanError('E_NOT_TEXT', `${fileName}: the HTML is neither UTF-8 nor GB18030 and declares no charset`, {
    file: fileName,
    hint: 'save the page with its charset declared in a <meta charset> tag',
  });
}
