// Bytes of an input file → its SourceFile record (hash, kind by content, not by name).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { InputKind, SourceFile } from '../core/types.ts';
import { YusuanError } from '../core/errors.ts';

export const MAX_FILE_BYTES = 512 * 1024 * 1024;

/** The kind of a file, read from its first bytes. */
export function sniffKind(bytes: Uint8Array): InputKind | 'image' | 'binary' {
  const head = Buffer.from(bytes.subarray(0, 1024));
  const ascii = head.toString('latin1');
  if (ascii.includes('%PDF-')) return 'pdf';
  if (head[0] === 0x89 && ascii.startsWith('\x89PNG')) return 'image';
  if (head[0] === 0xff && head[1] === 0xd8) return 'image';
  if (/^\s*(?:<!doctype html|<html|<\?xml[^>]*>\s*<html)/i.test(ascii.replace(/^\uFEFF|^\xEF\xBB\xBF/, ''))) return 'html';
  if (/^(?:PK\x03\x04|\x7fELF|GIF8|BM|II\*\x00|MM\x00\*)/.test(ascii)) return 'binary';
  return 'text';
}

export function readInput(path: string): { file: SourceFile; bytes: Uint8Array } {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new YusuanError('E_UNREADABLE', `${path}: not a regular file`, { file: path });
    size = st.size;
  } catch (err) {
    if (err instanceof YusuanError) throw err;
    throw new YusuanError('E_UNREADABLE', `${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { file: path, cause: err });
  }
  if (size > MAX_FILE_BYTES) {
    throw new YusuanError('E_TOO_LARGE', `${path}: ${size} bytes is over the ${MAX_FILE_BYTES}-byte limit per file`, { file: path });
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new YusuanError('E_UNREADABLE', `${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { file: path, cause: err });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const sniffed = bytes.length === 0 ? 'text' : sniffKind(bytes);
  if (sniffed === 'image' || sniffed === 'binary') {
    throw new YusuanError('E_UNSUPPORTED', `${path}: the content is ${sniffed === 'image' ? 'an image' : 'a binary file'}, not a PDF, HTML page or text dump`, {
      file: path,
      hint: 'check that the file is what its name says',
    });
  }
  return { file: { path, name: basename(path), sha256, kind: sniffed, bytes: bytes.length }, bytes };
}
