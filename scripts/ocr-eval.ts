// Iterate on the OCR of scanned twins without the database: OCR each twin (or only some of its
// pages), cache the OCR'd document as JSON, interpret it and score it against its gold file.
//
//   npx tsx scripts/ocr-eval.ts [TWIN.pdf…] [--gold samples/scanned/gold] [--cache /tmp/yusuan-ocr-cache]
//        [--pages 3-5]   re-OCR only these pages (the rest from the cache)
//        [--fresh]       re-OCR every page
//        [--dump 3-5]    print these pages' blocks (lines and grids) as read
//        [--list]        print the wrong, missing and extra facts
//        [--raw]         without the corrections over the whole document (correct.ts)
//        [--cells]       compare each OCR'd grid cell with the original's (samples/real/<name>;
//                        with --pages, on those pages only)
//        [--originals D] where --cells finds the originals (default samples/real)
//        [--headline]    score only the headline key families (as eval --headline)
//
// Without TWIN arguments: every PDF in samples/scanned. The cache is keyed by file name only:
// use --fresh after changing the OCR.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Block, ExtractedDoc, SourceFile } from '../src/core/types.ts';
import { GoldSchema } from '../src/core/schemas.ts';
import { scoreDocument, totalScore, type DocScore } from '../src/eval/score.ts';
import { isHeadlineKey } from '../src/eval/headline.ts';
import { closeOcr, correctOcrDocument, ocrUntrustedPages, type OcrPage } from '../src/extract/ocr/index.ts';
import { ocrPages } from '../src/extract/ocr/index.ts';
import { extractPdf } from '../src/extract/pdf/index.ts';
import { interpretExtracted } from '../src/pipeline/process-document.ts';
import { parsePages } from './lib/pages.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    gold: { type: 'string', default: 'samples/scanned/gold' },
    cache: { type: 'string', default: '/tmp/yusuan-ocr-cache' },
    pages: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    dump: { type: 'string' },
    list: { type: 'boolean', default: false },
    cells: { type: 'boolean', default: false },
    raw: { type: 'boolean', default: false },
    headline: { type: 'boolean', default: false },
    originals: { type: 'string', default: 'samples/real' },
  },
});

function printBlock(b: Block): void {
  if (b.kind === 'line') {
    console.log(`  L ${b.text}`);
    return;
  }
  console.log(`  ┌ GRID ${b.quality.method} ${b.quality.rows}×${b.quality.columns}`);
  for (const r of b.rows) console.log(`  │ ${r.cells.map((c) => c.text).join(' | ')}`);
  console.log('  └');
}

const NUM = /^-?[\d,]+(?:\.\d+)?$/u;
const tally: Record<'code' | 'amount' | 'text', [number, number]> = { code: [0, 0], amount: [0, 0], text: [0, 0] };
/** Cells of grids of the same shape on the same page, compared one to one. */
async function compareCells(doc: ExtractedDoc, original: string, only?: ReadonlySet<number>): Promise<void> {
  if (!existsSync(original)) return;
  const bytes = new Uint8Array(readFileSync(original));
  const file: SourceFile = { path: original, name: path.basename(original), sha256: '', kind: 'pdf', bytes: bytes.length };
  const orig = await extractPdf(file, bytes);
  const norm = (t: string): string => t.replace(/\s+/gu, '');
  for (const op of orig.pages) {
    if (only && !only.has(op.number ?? 0)) continue;
    const p = doc.pages.find((q) => q.number === op.number);
    if (!p) continue;
    const og = op.blocks.filter((b) => b.kind === 'grid');
    const pg = p.blocks.filter((b) => b.kind === 'grid');
    og.forEach((g, k) => {
      const h = pg[k];
      if (!h || g.kind !== 'grid' || h.kind !== 'grid') return;
      if (g.rows.length !== h.rows.length || g.rows[0]?.cells.length !== h.rows[0]?.cells.length) {
        console.log(`  cells: page ${op.number} grid ${k}: shape ${g.rows.length}x${g.rows[0]?.cells.length} vs ${h.rows.length}x${h.rows[0]?.cells.length}`);
        return;
      }
      g.rows.forEach((r, i) =>
        r.cells.forEach((c, j) => {
          const want = norm(c.text);
          const got = norm(h.rows[i]!.cells[j]?.text ?? '');
          if (!want && !got) return;
          const kind = /^\d{1,9}$/u.test(want) ? 'code' : NUM.test(want) ? 'amount' : 'text';
          tally[kind][1]++;
          // Amounts by value: a separator more or less does not change the figure.
          if (want === got || (kind === 'amount' && want.replace(/,/g, '') === got.replace(/,/g, ''))) tally[kind][0]++;
          else if (kind !== 'text' || values.list) console.log(`  cell p${op.number} r${i} c${j} ${kind}: '${got}' for '${want}'`);
        }),
      );
    });
  }
}

const files = positionals.length
  ? positionals
  : readdirSync('samples/scanned')
      .filter((f) => f.endsWith('.pdf'))
      .sort()
      .map((f) => path.join('samples/scanned', f));
mkdirSync(values.cache, { recursive: true });
const t0 = performance.now();
let ocrPageCount = 0;
const scores: DocScore[] = [];
for (const f of files) {
  const bytes = new Uint8Array(readFileSync(f));
  const name = path.basename(f);
  const file: SourceFile = { path: path.resolve(f), name, sha256: createHash('sha256').update(bytes).digest('hex'), kind: 'pdf', bytes: bytes.length };
  const cacheFile = path.join(values.cache, name.replace(/\.pdf$/i, '.json'));
  let doc: ExtractedDoc;
  if (!values.fresh && existsSync(cacheFile)) {
    doc = JSON.parse(readFileSync(cacheFile, 'utf8')) as ExtractedDoc;
    if (values.pages) {
      const want = parsePages(values.pages).filter((n) => n <= doc.pages.length);
      const got = await ocrPages(file, bytes, want);
      ocrPageCount += got.length;
      const by = new Map(got.map((p) => [p.number, p]));
      doc = { ...doc, pages: doc.pages.map((p) => (by.has(p.number) ? { ...by.get(p.number)!, warnings: p.warnings ?? [] } : p)) };
      writeFileSync(cacheFile, JSON.stringify(doc));
    }
  } else {
    doc = await ocrUntrustedPages(await extractPdf(file, bytes), bytes, { noCorrect: true });
    ocrPageCount += doc.pages.filter((p) => p.method === 'ocr').length;
    writeFileSync(cacheFile, JSON.stringify(doc));
  }
  // The cache holds the pages as read; the corrections over the document are made here.
  if (!values.raw) doc = correctOcrDocument(doc);
  if (values.dump) {
    for (const n of parsePages(values.dump)) {
      const p = doc.pages.find((q) => q.number === n) as OcrPage | undefined;
      if (!p) continue;
      console.log(`=== ${name} page ${n}${p.ocr ? ` (conf ${p.ocr.confidence}, skew ${p.ocr.skew}, ${p.ocr.ms} ms)` : ''}`);
      for (const b of p.blocks) printBlock(b);
    }
  }
  if (values.cells) await compareCells(doc, path.join(values.originals, name), values.pages ? new Set(parsePages(values.pages)) : undefined);
  const goldFile = path.join(values.gold, name.replace(/\.pdf$/i, '.json'));
  if (!existsSync(goldFile)) continue;
  const gold = GoldSchema.parse(JSON.parse(readFileSync(goldFile, 'utf8')));
  let line: string;
  try {
    const d = interpretExtracted(doc);
    const s = scoreDocument(gold, d.identity, d.facts, values.headline ? { keys: isHeadlineKey } : {});
    scores.push(s);
    line = `${name}: P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)}  tp ${s.truePositives} wrong ${s.wrong.length} missing ${s.missing.length} extra ${s.extra.length}${s.identityOk ? '' : `  identity: ${s.identityNote}`}`;
    console.log(line);
    if (values.list) {
      for (const m of s.wrong) console.log(`  wrong   ${m.key} = ${m.found} (gold ${m.expected})`);
      for (const m of s.missing) console.log(`  missing ${m.key} (gold ${m.expected})`);
      for (const m of s.extra) console.log(`  extra   ${m.key} = ${m.found}`);
    }
  } catch (err) {
    console.log(`${name}: FAILED ${(err as Error).message}`);
    scores.push(scoreDocument(gold, { unit: null, year: null, stage: null }, [], values.headline ? { keys: isHeadlineKey } : {}));
  }
}
if (scores.length > 1) {
  const t = totalScore(scores);
  const ids = scores.filter((s) => s.identityOk).length;
  console.log(`TOTAL ${t.documents} documents  precision ${t.precision.toFixed(3)}  recall ${t.recall.toFixed(3)}  (${t.truePositives}/${t.counted} right, ${t.requiredFound}/${t.requiredTotal} required found); identity ${ids}/${scores.length}`);
}
if (values.cells) for (const [k, [ok, n]] of Object.entries(tally)) console.log(`cells ${k}: ${ok}/${n} exact (${((100 * ok) / Math.max(1, n)).toFixed(1)}%)`);
if (ocrPageCount) console.log(`OCR: ${ocrPageCount} pages in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
await closeOcr();
