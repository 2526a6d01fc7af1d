// Bytes of an input file → its SourceFile record (hash, kind by content, not by name), and the
// file-system failures on the way, each as a typed error naming the file.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync, type Stats } from 'node:fs';
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
  const start = ascii.replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  if (/^\s*(?:<!doctype html|<html|<\?xml[^>]*>\s*<html)/i.test(start)) return 'html';
  // a fragment saved without its <html> ("<meta charset=…><div style=…>"): markup from the first byte
  if (/^\s*(?:<!--[\s\S]*?-->\s*)?<(?:head|body|meta|title|div|table|p|span|style|link|script)\b/i.test(start)) return 'html';
  if (/^(?:PK\x03\x04|\x7fELF|GIF8|BM|II\*\x00|MM\x00\*)/.test(ascii)) return 'binary';
  return 'text';
}

/** What the content is, in words, for a message about a file whose name says otherwise. */
export function describeContent(bytes: Uint8Array): string {
  const ascii = Buffer.from(bytes.subarray(0, 16)).toString('latin1');
  if (ascii.startsWith('\x89PNG')) return 'a PNG image';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'a JPEG image';
  if (ascii.startsWith('GIF8')) return 'a GIF image';
  if (ascii.startsWith('PK\x03\x04')) return 'a ZIP archive (or an Office document)';
  const kind = sniffKind(bytes);
  if (kind === 'html') return 'an HTML page';
  return `not a PDF (no "%PDF-" header; it starts with "${ascii.replace(/[^\x20-\x7e]/g, '.')}")`;
}

/** A failed stat/open/read → E_UNREADABLE with the reason in words. */
export function fsError(path: string, err: unknown): YusuanError {
  if (err instanceof YusuanError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const why =
    code === 'ELOOP' ? 'a symbolic link loop'
    : code === 'ENOENT' ? 'no such file (or a broken symbolic link)'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'a folder, not a file'
    : `cannot be read (${code ?? String(err)})`;
  const hint =
    code === 'ELOOP' || code === 'ENOENT' ? 'fix or remove the link, or check the path'
    : code === 'EACCES' || code === 'EPERM' ? 'give the user running yusuan read permission on the file'
    : 'check the path and the disk';
  return new YusuanError('E_UNREADABLE', `${path}: ${why}`, { file: path, cause: err, hint });
}

function kindOfNode(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Stat a path that should be a readable, non-empty regular file of a bounded size. */
function statInput(path: string): Stats {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (err) {
    throw fsError(path, err);
  }
  // never open a FIFO or a device: reading one can block for ever
  if (!st.isFile()) throw new YusuanError('E_UNREADABLE', `${path}: ${kindOfNode(st)}, not a file`, { file: path, hint: 'only regular files are read: save the content to a file first' });
  if (st.size === 0) throw new YusuanError('E_EMPTY', `${path}: the file is empty`, { file: path, hint: 'download it again' });
  if (st.size > MAX_FILE_BYTES) {
    throw new YusuanError('E_TOO_LARGE', `${path}: ${st.size} bytes is over the ${MAX_FILE_BYTES}-byte limit per file`, { file: path, hint: 'split the document, or check that it is the right file' });
  }
  return st;
}

/**
 * The sha256 and size of a file, read as a stream (memory stays small whatever the size).
 * The main thread uses it to skip unchanged files before any worker is asked.
 */
export async function fingerprint(path: string): Promise<{ sha256: string; size: number }> {
  const st = statInput(path);
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (err) {
    throw fsError(path, err);
  }
  return { sha256: hash.digest('hex'), size: st.size };
}

export function readInput(path: string): { file: SourceFile; bytes: Uint8Array } {
  statInput(path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw fsError(path, err);
  }
  const name = basename(path);
  if (bytes.length === 0) throw new YusuanError('E_EMPTY', `${path}: the file is empty`, { file: path, hint: 'download it again' });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const sniffed = sniffKind(bytes);
  // A name that promises a PDF is checked against the content: a saved error page or an
  // image under a .pdf name is the publisher's or the crawler's mistake, and says so.
  if (/\.pdf$/i.test(name) && sniffed !== 'pdf') {
    throw new YusuanError('E_NOT_PDF', `${path}: named .pdf but the content is ${describeContent(bytes)}`, {
      file: path,
      hint: 'download it again; the site may have served an error page or an image instead of the PDF',
    });
  }
  if (sniffed === 'image' || sniffed === 'binary') {
    throw new YusuanError('E_UNSUPPORTED', `${path}: the content is ${sniffed === 'image' ? 'an image' : 'a binary file'}, not a PDF, HTML page or text dump`, {
      file: path,
      hint: 'check that the file is what its name says',
    });
  }
  return { file: { path, name, sha256, kind: sniffed, bytes: bytes.length }, bytes };
}
