// The clean documents the harness mutates: the seeds, the real documents of samples/real and
// the crawled budgets of ../shared/corpus/bulk that have headline gold. Each is read and
// extracted once; its ExtractedDoc stays in memory and every mutation edits a copy of it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ExtractedDoc } from '../../src/core/types.ts';
import { extractDocument } from '../../src/pipeline/process-document.ts';
import { readInput } from '../../src/pipeline/read-input.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BULK = path.resolve(ROOT, '../shared/corpus/bulk');

/** Aliases accepted by --docs, besides files and folders. */
export const ALIASES: Readonly<Record<string, () => string[]>> = {
  seeds: () => listDir(path.join(ROOT, 'samples/seed'), ['.txt']),
  real: () => listDir(path.join(ROOT, 'samples/real'), ['.pdf']),
  // the bulk budgets with headline gold: read and checked by hand, their tables balance
  'bulk-gold': () =>
    existsSync(path.join(BULK, 'gold'))
      ? readdirSync(path.join(BULK, 'gold'))
          .filter((n) => n.endsWith('.json'))
          .sort()
          .map((n) => path.join(BULK, 'docs', n.replace(/\.json$/, '.pdf')))
          .filter((p) => existsSync(p))
      : [],
  bulk: () => listDir(path.join(BULK, 'docs'), ['.pdf', '.html', '.htm', '.txt']),
};

export const DEFAULT_DOCS = 'seeds,real,bulk-gold';

function listDir(dir: string, exts: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => exts.includes(path.extname(n).toLowerCase()))
    .sort()
    .map((n) => path.join(dir, n));
}

/** --docs LIST → file paths, in order, without duplicates. */
export function resolveDocs(list: string): string[] {
  const out: string[] = [];
  for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const alias = ALIASES[item];
    const paths = alias
      ? alias()
      : (() => {
          const p = path.resolve(item);
          if (!existsSync(p)) throw new Error(`--docs: ${item} is neither a file, a folder nor one of ${Object.keys(ALIASES).join(', ')}`);
          return statSync(p).isDirectory() ? listDir(p, ['.pdf', '.html', '.htm', '.txt']) : [p];
        })();
    for (const p of paths) if (!out.includes(p)) out.push(p);
  }
  return out;
}

export interface LoadedDoc {
  readonly path: string;
  /** A short name for reports: the file name without its extension. */
  readonly name: string;
  readonly doc: ExtractedDoc;
  readonly extractMs: number;
}

export async function loadDoc(p: string): Promise<LoadedDoc> {
  const input = readInput(p);
  const t = performance.now();
  const doc = await extractDocument(input.file, input.bytes);
  return { path: p, name: path.basename(p).replace(/\.(pdf|txt|html?)$/i, ''), doc, extractMs: performance.now() - t };
}
