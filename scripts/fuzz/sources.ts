// The files mutations start from: the corpus and the project's own samples and fixtures,
// sorted, so that a seed means the same inputs as long as the sources are the same (each
// case file names its source and that source's sha256).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { SourceKind } from './mutators/index.ts';

export const ROOT = new URL('../../', import.meta.url).pathname;

export const DEFAULT_SOURCES = ['../shared/corpus/real/docs', '../shared/corpus/bulk/docs', 'samples', 'test/fixtures'];

/** Sources larger than this are left out: a mutation of them would take the time of many. */
const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

export interface Source {
  /** Relative to the repository root. */
  readonly path: string;
  readonly kind: SourceKind;
  readonly ext: string;
  readonly bytes: Buffer;
}

function kindOf(bytes: Buffer): SourceKind {
  const head = bytes.subarray(0, 1024).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  if (/^\s*(?:\xef\xbb\xbf)?\s*</.test(head)) return 'html';
  return 'text';
}

function walk(dir: string, out: string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return; // a source folder that is not there (the corpus on another machine) gives nothing
  }
  for (const e of entries) {
    if (e.startsWith('.')) continue;
    const p = join(dir, e);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (/\.(?:pdf|html?|txt)$/i.test(e) && st.size > 0 && st.size <= MAX_SOURCE_BYTES) out.push(p);
  }
}

export function loadSources(dirs: readonly string[] = DEFAULT_SOURCES): Source[] {
  const files: string[] = [];
  for (const d of dirs) walk(join(ROOT, d), files);
  const seen = new Set<string>();
  const out: Source[] = [];
  for (const f of files) {
    const bytes = readFileSync(f);
    const sha = sha256(bytes);
    if (seen.has(sha)) continue;
    seen.add(sha);
    out.push({ path: relative(ROOT, f), kind: kindOf(bytes), ext: extname(f).toLowerCase(), bytes });
  }
  return out;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
