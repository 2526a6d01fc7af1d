// A document without page images shown as its lines, numbered as the facts' sources number
// them: a text dump line by line as in the file (a form feed starts a page), an HTML page as
// the lines and table rows the extractor read from it.
import type { SourceFile } from '../core/types.ts';
import { decodeText } from '../extract/decode.ts';
import { extractHtmlSync } from '../extract/html/index.ts';

export interface ViewLine {
  readonly page: number | null;
  readonly line: number;
  readonly text: string;
}

export function textDumpLines(bytes: Uint8Array, fileName: string): ViewLine[] {
  const { text } = decodeText(bytes, fileName);
  const physical = text.replace(/\r\n?/g, '\n').split('\n');
  const paged = text.includes('\f');
  const out: ViewLine[] = [];
  let page = 1;
  physical.forEach((l, i) => {
    const parts = l.split('\f');
    parts.forEach((part, k) => {
      if (k > 0) page++;
      // a line split by a form feed keeps its number on both pages, as the extractor numbers it
      if (k === 0 || part !== '') out.push({ page: paged ? page : null, line: i + 1, text: part });
    });
  });
  if (out.length > 0 && out.at(-1)!.text === '' && physical.at(-1) === '') out.pop();
  return out;
}

export function htmlLines(bytes: Uint8Array, file: SourceFile): ViewLine[] {
  const doc = extractHtmlSync(file, bytes);
  const out: ViewLine[] = [];
  for (const p of doc.pages) {
    for (const b of p.blocks) {
      if (b.kind === 'line') {
        if (b.line !== null) out.push({ page: b.page, line: b.line, text: b.raw });
      } else {
        for (const r of b.rows) if (r.line !== null) out.push({ page: r.page, line: r.line, text: r.cells.map((c) => c.raw).join(' │ ') });
      }
    }
  }
  return out;
}
