// Dump every page's blocks of every PDF (and HTML) in a folder to one text file per document,
// for before/after diffs of extractor changes.
//   npx tsx scripts/dump-grids.ts DIR OUTDIR
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ExtractedDoc, SourceFile } from '../src/core/types.ts';
import { extractPdf } from '../src/extract/pdf/index.ts';

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  console.error('usage: npx tsx scripts/dump-grids.ts DIR OUTDIR');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
let pages = 0;
const t0 = performance.now();
for (const name of readdirSync(dir).sort()) {
  const ext = path.extname(name).toLowerCase();
  if (ext !== '.pdf' && ext !== '.html' && ext !== '.htm') continue;
  const bytes = new Uint8Array(readFileSync(path.join(dir, name)));
  const file: SourceFile = { path: path.join(dir, name), name, sha256: createHash('sha256').update(bytes).digest('hex'), kind: ext === '.pdf' ? 'pdf' : 'html', bytes: bytes.length };
  let doc: ExtractedDoc;
  const t = performance.now();
  if (ext === '.pdf') doc = await extractPdf(file, bytes);
  else {
    const mod = (await import('../src/extract/html/index.ts').catch(() => null)) as { extractHtml?: (f: SourceFile, b: Uint8Array) => Promise<ExtractedDoc> | ExtractedDoc } | null;
    if (!mod?.extractHtml) continue;
    doc = await mod.extractHtml(file, bytes);
  }
  if (ext === '.pdf') pages += doc.pages.length;
  const lines: string[] = [];
  for (const p of doc.pages) {
    lines.push(`=== page ${p.number}${p.warnings?.length ? ' ! ' + p.warnings.join('; ') : ''}`);
    for (const b of p.blocks) {
      if (b.kind === 'line') lines.push(`L ${b.text}`);
      else {
        lines.push(`GRID ${b.quality.method} ${b.quality.rows}x${b.quality.columns}`);
        for (const r of b.rows) lines.push(`| ${r.cells.map((c) => c.text).join(' | ')} |`);
      }
    }
  }
  writeFileSync(path.join(out, name + '.txt'), lines.join('\n') + '\n');
  console.log(`${name}: ${doc.pages.length} pages, ${(performance.now() - t).toFixed(0)} ms`);
}
const s = (performance.now() - t0) / 1000;
console.log(`PDF pages ${pages} in ${s.toFixed(1)} s: ${(pages / s).toFixed(1)} pages/s`);
