// Score the OCR of a scanned twin against its own original's text layer, for documents with no
// gold file: the facts yusuan reads from the text PDF are taken as the answer, and the twin's
// facts (every page read by OCR) are compared with them key by key.
//
//   npx tsx scripts/twin-vs-text.ts ORIGINAL.pdf TWIN.pdf [--list N]
//
// Make the twin first: npx tsx scripts/make-scanned-twin.ts ORIGINAL.pdf --out /tmp/twins
// (the text layer is no gold: its own misreadings count against the twin too).

import { parseArgs } from 'node:util';
import { closeOcr } from '../src/extract/ocr/index.ts';
import { processDocument } from '../src/pipeline/process-document.ts';
import { readInput } from '../src/pipeline/read-input.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { list: { type: 'string', default: '40' } } });
if (positionals.length !== 2) {
  console.error('usage: npx tsx scripts/twin-vs-text.ts ORIGINAL.pdf TWIN.pdf [--list N]');
  process.exit(2);
}
const [original, twin] = positionals as [string, string];

async function factsOf(path: string): Promise<{ identity: unknown; facts: Map<string, string> }> {
  const { file, bytes } = readInput(path);
  const { disclosure } = await processDocument(file, bytes);
  return { identity: disclosure.identity, facts: new Map(disclosure.facts.map((f) => [f.key, f.value.type === 'amount' ? f.value.yuan : String(f.value.value)])) };
}

try {
  const a = await factsOf(original);
  const b = await factsOf(twin);
  let same = 0;
  let wrong = 0;
  let extra = 0;
  const lines: string[] = [];
  for (const [k, v] of a.facts) {
    const w = b.facts.get(k);
    if (w === undefined) lines.push(`missing ${k} = ${v}`);
    else if (w === v) same++;
    else {
      wrong++;
      lines.push(`wrong   ${k} = ${w} (text layer ${v})`);
    }
  }
  for (const [k, v] of b.facts) {
    if (a.facts.has(k)) continue;
    extra++;
    lines.push(`extra   ${k} = ${v}`);
  }
  console.log(`identity: twin ${JSON.stringify(b.identity)}, text layer ${JSON.stringify(a.identity)}`);
  console.log(`precision ${(same / Math.max(1, same + wrong + extra)).toFixed(3)}  recall ${(same / Math.max(1, a.facts.size)).toFixed(3)}  (same ${same}, wrong ${wrong}, missing ${a.facts.size - same - wrong}, extra ${extra})`);
  for (const l of lines.slice(0, Number(values.list))) console.log(`  ${l}`);
} finally {
  await closeOcr();
}
