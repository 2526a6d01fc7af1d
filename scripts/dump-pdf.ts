// Debug view of the PDF extractor: each page's text lines and table grids.
//   npx tsx scripts/dump-pdf.ts FILE [--pages 3-5|7|2,4,9-10] [--no-pad] [--bbox] [--indent] [--max-width N]
// --indent prefixes each cell with its text's indent in points (<6>), --bbox prints boxes.
// Grids print as `|`-separated rows (columns padded to line up; CJK counts double width),
// preceded by their quality line.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Block, SourceFile } from '../src/core/types.ts';
import { extractPdf } from '../src/extract/pdf/index.ts';

function usage(msg?: string): never {
  if (msg) console.error(msg);
  console.error('usage: npx tsx scripts/dump-pdf.ts FILE [--pages 3-5] [--no-pad] [--bbox] [--indent] [--max-width N]');
  process.exit(2);
}

function parsePages(spec: string): Set<number> {
  const out = new Set<number>();
  for (const part of spec.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) usage(`bad --pages: ${spec}`);
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    for (let p = a; p <= b; p++) out.add(p);
  }
  return out;
}

/** Display width: wide (CJK, full-width) characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) ? 2 : 1;
  }
  return w;
}
function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}
function clip(s: string, w: number): string {
  if (width(s) <= w) return s;
  let out = '';
  for (const ch of s) {
    if (width(out + ch) > w - 1) break;
    out += ch;
  }
  return out + '…';
}

const args = process.argv.slice(2);
let file: string | undefined;
let pages: Set<number> | null = null;
let padCols = true;
let showBbox = false;
let maxWidth = 28;
let showIndent = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--pages') pages = parsePages(args[++i] ?? usage('--pages needs a value'));
  else if (a.startsWith('--pages=')) pages = parsePages(a.slice(8));
  else if (a === '--no-pad') padCols = false;
  else if (a === '--bbox') showBbox = true;
  else if (a === '--indent') showIndent = true;
  else if (a === '--max-width') maxWidth = Number(args[++i] ?? usage('--max-width needs a value'));
  else if (a === '-h' || a === '--help') usage();
  else if (!file) file = a;
  else usage(`unexpected argument: ${a}`);
}
if (!file) usage();

const bytes = new Uint8Array(readFileSync(file));
const src: SourceFile = {
  path: path.resolve(file),
  name: path.basename(file),
  sha256: createHash('sha256').update(bytes).digest('hex'),
  kind: 'pdf',
  bytes: bytes.length,
};
const maxPage = pages ? Math.max(...pages) : undefined;
const t0 = performance.now();
const doc = await extractPdf(src, bytes, maxPage ? { maxPages: maxPage } : {});
const ms = performance.now() - t0;

console.log(`# ${src.name}  ${doc.pages.length} page(s) in ${ms.toFixed(0)} ms`);
console.log(`# meta ${JSON.stringify(doc.meta)}`);
for (const w of doc.warnings) console.log(`# warning: ${w}`);

function printBlock(b: Block): void {
  if (b.kind === 'line') {
    const box = showBbox && b.bbox ? ` [${b.bbox.join(',')}]` : '';
    console.log(`  L${String(b.line).padStart(3)}${box}  ${b.text}`);
    return;
  }
  const q = b.quality;
  console.log(`  ┌ GRID ${q.method} ${q.rows}×${q.columns} empty=${q.emptyRatio}${q.notes?.length ? '  (' + q.notes.join('; ') + ')' : ''}`);
  const show = (c: { text: string; indent?: number }): string => (showIndent && c.indent !== undefined ? `<${Math.round(c.indent)}>` : '') + c.text;
  const widths: number[] = [];
  if (padCols) {
    for (const r of b.rows) r.cells.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, Math.min(maxWidth, width(show(c))))));
  }
  for (const r of b.rows) {
    const cells = r.cells.map((c, i) => (padCols ? pad(clip(show(c), maxWidth), widths[i] ?? 0) : show(c)));
    const box = showBbox && r.bbox ? ` [${r.bbox.join(',')}]` : '';
    console.log(`  │${String(r.line).padStart(3)}${box} | ${cells.join(' | ')} |`);
  }
  console.log('  └');
}

for (const p of doc.pages) {
  if (pages && p.number !== null && !pages.has(p.number)) continue;
  const grids = p.blocks.filter((b) => b.kind === 'grid').length;
  console.log(`\n=== page ${p.number}  (${p.blocks.length - grids} lines, ${grids} grids)${p.warnings?.length ? '  ! ' + p.warnings.join('; ') : ''}`);
  for (const b of p.blocks) printBlock(b);
}
