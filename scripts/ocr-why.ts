// Why a scanned twin's headline fact is wrong or missing: for each headline key the text
// layer reads and the twin does not (or reads otherwise), the page and printed text the text
// layer read it from, and the OCR'd blocks of that page that hold the text or the figure.
// Works on the caches of scripts/ocr-eval.ts (one for the originals, one for the twins).
//
//   npx tsx scripts/ocr-why.ts NAME.pdf --text /tmp/cache-text --ocr /tmp/cache-ocr [--all]

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ExtractedDoc, Fact } from '../src/core/types.ts';
import { isHeadlineKey } from '../src/eval/headline.ts';
import { correctOcrDocument } from '../src/extract/ocr/index.ts';
import { interpretExtracted } from '../src/pipeline/process-document.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { text: { type: 'string' }, ocr: { type: 'string' }, all: { type: 'boolean', default: false } } });
const load = (dir: string, name: string): ExtractedDoc => JSON.parse(readFileSync(path.join(dir, name.replace(/\.pdf$/iu, '.json')), 'utf8')) as ExtractedDoc;
const value = (f: Fact): string => (f.value.type === 'amount' ? f.value.yuan : String(f.value.value));

for (const name of positionals.map((p) => path.basename(p))) {
  const text = load(values.text!, name);
  const ocr = correctOcrDocument(load(values.ocr!, name));
  const a = interpretExtracted(text);
  const b = interpretExtracted(ocr);
  const bk = new Map(b.facts.map((f) => [f.key, f]));
  const ak = new Map(a.facts.map((f) => [f.key, f]));
  console.log(`== ${name}: identity ${JSON.stringify(a.identity)} / ${JSON.stringify(b.identity)}`);
  for (const f of a.facts) {
    if (!values.all && !isHeadlineKey(f.key)) continue;
    const g = bk.get(f.key);
    if (g && value(g) === value(f)) continue;
    const src = f.sources[0]!;
    console.log(`${g ? 'WRONG' : 'MISSING'} ${f.key} = ${value(f)}${g ? ` (ocr ${value(g)} from p${g.sources[0]?.page} "${g.sources[0]?.text}")` : ''}  text p${src.page} ${src.method} "${src.text}"`);
    const page = ocr.pages.find((p) => p.number === src.page);
    const needle = src.text.replace(/,/gu, '');
    for (const blk of page?.blocks ?? []) {
      if (blk.kind === 'line') {
        if (blk.text.replace(/,/gu, '').includes(needle.slice(0, 6))) console.log(`    L ${blk.text}`);
      } else {
        for (const r of blk.rows) {
          const t = r.cells.map((c) => c.text).join(' | ');
          if (t.replace(/,/gu, '').includes(needle.slice(0, 6))) console.log(`    R[${blk.quality.method}] ${t}`);
        }
      }
    }
  }
  for (const g of b.facts) if ((values.all || isHeadlineKey(g.key)) && !ak.has(g.key)) console.log(`EXTRA ${g.key} = ${value(g)} p${g.sources[0]?.page} "${g.sources[0]?.text}"`);
}
