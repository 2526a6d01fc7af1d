// Running headers and footers (the furniture check marked them `running`) leave the flow, so
// that a table continued on the next page stays one; one line of each text is kept, as
// evidence of the document's identity. A table's title or caption repeated over each page
// stays: it says the table goes on.
import type { Block, Page, TextLine } from '../core/types.ts';
import { looksLikeTableTitle } from './table-kind.ts';

const leaves = (b: Block): b is TextLine => b.kind === 'line' && b.running === true && !looksLikeTableTitle(b.text) && !/[：:]/u.test(b.text);

export function setAsideRunning(pages: readonly Page[]): { pages: Page[]; running: TextLine[] } {
  const running: TextLine[] = [];
  const flow = pages.map((p) => {
    if (!p.blocks.some(leaves)) return p;
    for (const b of p.blocks) if (leaves(b) && !running.some((r) => r.text === b.text)) running.push(b);
    return { ...p, blocks: p.blocks.filter((b) => !leaves(b)) };
  });
  return { pages: flow, running };
}
