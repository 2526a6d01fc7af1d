// Decode the bytes of a text dump: UTF-8 (with or without BOM), UTF-16 by its BOM, or
// GB18030/GBK. The encoding is detected from the bytes, never guessed from the file name.
import { YusuanError } from '../core/errors.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncoding;
}

function tryDecode(bytes: Uint8Array, encoding: TextEncoding): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined; // not valid in this encoding: the caller tries the next one
  }
}

/** Share of characters that are control characters other than tab, newline, CR and form feed. */
function controlRatio(text: string): number {
  if (text.length === 0) return 0;
  let bad = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) bad++;
  }
  return bad / text.length;
}

export function decodeText(bytes: Uint8Array, fileName: string): DecodedText {
  if (bytes.length === 0) throw new YusuanError('E_EMPTY', `${fileName}: the file is empty`, { file: fileName });
  let result: DecodedText | undefined;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const t = tryDecode(bytes, 'utf-8');
    if (t !== undefined) result = { text: t, encoding: 'utf-8' };
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const t = tryDecode(bytes, 'utf-16le');
    if (t !== undefined) result = { text: t, encoding: 'utf-16le' };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const t = tryDecode(bytes, 'utf-16be');
    if (t !== undefined) result = { text: t, encoding: 'utf-16be' };
  }
  if (!result && !bytes.includes(0)) {
    const utf8 = tryDecode(bytes, 'utf-8');
    if (utf8 !== undefined) result = { text: utf8, encoding: 'utf-8' };
    else {
      const gb = tryDecode(bytes, 'gb18030');
      if (gb !== undefined) result = { text: gb, encoding: 'gb18030' };
    }
  }
  if (!result || controlRatio(result.text) > 0.01) {
    throw new YusuanError('E_NOT_TEXT', `${fileName}: not readable as UTF-8, UTF-16 (with BOM) or GB18030 text`, {
      file: fileName,
      hint: 'text dumps must be plain text; a binary file with a .txt name is not one',
    });
  }
  const text = result.text.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new YusuanError('E_EMPTY', `${fileName}: the file holds only white space`, { file: fileName });
  return { text, encoding: result.encoding };
}
