// The bytes of a stored document, read from the path the database recorded at ingest (never a
// path from a request), and only while they still hash to the document's sha256: a file
// changed or replaced since is not shown as if it were the one the facts came from.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { YusuanError } from '../core/errors.ts';

export interface StoredRef {
  readonly sha256: string;
  readonly path: string;
  readonly file: string;
}

/** Files checked already, by sha256 → the size and mtime they had then (checked again when they change). */
const verified = new Map<string, { path: string; size: number; mtimeMs: number }>();

export function readStoredFile(doc: StoredRef): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(doc.sha256)) throw new YusuanError('E_USAGE', `not a sha256: ${doc.sha256}`);
  let st;
  try {
    st = statSync(doc.path);
  } catch {
    throw new YusuanError('E_UNREADABLE', `${doc.file}: the file is no longer at ${doc.path}`, { hint: 'put it back, or ingest it again from where it is now' });
  }
  if (!st.isFile()) throw new YusuanError('E_UNREADABLE', `${doc.file}: ${doc.path} is not a regular file`);
  const bytes = readFileSync(doc.path);
  const seen = verified.get(doc.sha256);
  if (seen && seen.path === doc.path && seen.size === st.size && seen.mtimeMs === st.mtimeMs && bytes.length === st.size) return bytes;
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== doc.sha256) {
    verified.delete(doc.sha256);
    throw new YusuanError('E_UNREADABLE', `${doc.file}: the file at ${doc.path} has changed since it was ingested`, { hint: 'ingest it again to review the new version' });
  }
  verified.set(doc.sha256, { path: doc.path, size: st.size, mtimeMs: st.mtimeMs });
  return bytes;
}
