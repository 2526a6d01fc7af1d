// Debug view of how one document is read: identity, each table (page, title, kind, unit,
// columns as the frame sees them) with the facts it gave, then the facts from prose.
//   npx tsx scripts/explain.ts FILE [--table N] [--facts] [--rows]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createHash } from 'node:crypto';
import { sniffKind } from '../src/pipeline/read-input.ts';
import { extractDocument } from '../src/pipeline/process-document.ts';
import { segment } from '../src/segment/segment.ts';
import { detectIdentity } from '../src/segment/identity.ts';
import { interpretDocument } from '../src/interpret/index.ts';
import { buildFrame } from '../src/model/frame.ts';
import type { SourceFile, InputKind } from '../src/core/types.ts';

const args = process.argv.slice(2);
const path = args.find((a) => !a.startsWith('--'));
if (!path) {
  console.error('usage: npx tsx scripts/explain.ts FILE [--table N] [--facts] [--rows]');
  process.exit(2);
}
const only = args.includes('--table') ? Number(args[args.indexOf('--table') + 1]) : undefined;
const showFacts = args.includes('--facts');
const showRows = args.includes('--rows');
const bytes = new Uint8Array(readFileSync(path));
const file: SourceFile = { path, name: basename(path), sha256: createHash('sha256').update(bytes).digest('hex'), kind: sniffKind(bytes) as InputKind, bytes: bytes.length };
const doc = await extractDocument(file, bytes);
const seg = segment(doc);
const identity = detectIdentity(seg);
console.log('identity', JSON.stringify(identity));
console.log('cover', seg.cover.slice(0, 8).map((l) => l.text).join(' / '));
const d = interpretDocument(seg, file, identity);
const byContext = new Map<string, string[]>();
for (const f of d.facts) {
  for (const s of f.sources) {
    const k = s.method === 'prose' || s.method === 'ocr-prose' ? 'prose' : s.context ?? '?';
    byContext.set(k, [...(byContext.get(k) ?? []), `${f.key}=${f.value.type === 'amount' ? f.value.yuan : (f.value as { value: unknown }).value}`]);
  }
}
for (const t of seg.tables) {
  if (only !== undefined && t.index !== only) continue;
  const fr = buildFrame(t.rows);
  const ctx = `${t.kind.id} ${t.title}`.trim();
  const facts = byContext.get(ctx) ?? [];
  console.log(`\n#${t.index} p${t.rows[0]?.page} [${t.kind.id} ${t.kind.subject}/${t.kind.scope}/${t.kind.classification ?? '-'}${t.kind.basicOnly ? '/basic' : ''}] ${t.unit ?? '(no unit)'} "${t.title}" rows=${t.rows.length} data=${fr.dataRows.length} facts=${facts.length}`);
  console.log('   cols:', fr.headers.map((h, i) => `${i}<${fr.roles[i]}>:${h.join('/')}`).join(' | '));
  if (showRows) for (const r of t.rows.slice(0, 40)) console.log('   |', r.cells.map((c) => c.text).join(' | '));
  if (showFacts) for (const f of facts) console.log('     ', f);
}
if (only === undefined) {
  const p = byContext.get('prose') ?? [];
  console.log(`\nprose facts: ${p.length}`);
  if (showFacts) for (const f of p) console.log('     ', f);
}
console.log(`\nfacts ${d.facts.length}, findings ${d.findings.length}`);
