// Edits of an extracted document, applied as copies: only the pages an edit touches are copied
// (their blocks array, the edited block, row and cells); every other page is shared with the
// clean document, which is never changed.
import type { Block, Cell, ExtractedDoc, GridRow, Page, TableGrid, TextLine } from '../../src/core/types.ts';

/** Where a block is: the index of its page in doc.pages and its index in that page's blocks. */
export interface BlockAt {
  readonly pageIndex: number;
  readonly block: number;
}

export type Edit =
  | { readonly op: 'line'; readonly at: BlockAt; readonly text: string; readonly raw: string }
  | { readonly op: 'cell'; readonly at: BlockAt; readonly row: number; readonly cell: number; readonly text: string; readonly raw: string }
  | { readonly op: 'drop'; readonly blocks: readonly BlockAt[] }
  | { readonly op: 'none' };

export function applyEdit(doc: ExtractedDoc, edit: Edit): ExtractedDoc {
  if (edit.op === 'none') return { ...doc, pages: doc.pages.map((p) => ({ ...p, blocks: [...p.blocks] })) };
  const pages = [...doc.pages];
  const copied = new Set<number>();
  const page = (i: number): Page & { blocks: Block[] } => {
    if (!copied.has(i)) {
      pages[i] = { ...pages[i]!, blocks: [...pages[i]!.blocks] };
      copied.add(i);
    }
    return pages[i] as Page & { blocks: Block[] };
  };
  switch (edit.op) {
    case 'line': {
      const p = page(edit.at.pageIndex);
      const b = p.blocks[edit.at.block];
      if (b?.kind !== 'line') throw new Error(`edit: block ${edit.at.block} of page index ${edit.at.pageIndex} is not a line`);
      p.blocks[edit.at.block] = { ...b, text: edit.text, raw: edit.raw } satisfies TextLine;
      break;
    }
    case 'cell': {
      const p = page(edit.at.pageIndex);
      const g = p.blocks[edit.at.block];
      if (g?.kind !== 'grid') throw new Error(`edit: block ${edit.at.block} of page index ${edit.at.pageIndex} is not a grid`);
      const rows = [...g.rows];
      const row = rows[edit.row];
      if (!row?.cells[edit.cell]) throw new Error(`edit: no cell ${edit.cell} in row ${edit.row}`);
      const cells: Cell[] = [...row.cells];
      cells[edit.cell] = { ...cells[edit.cell]!, text: edit.text, raw: edit.raw };
      rows[edit.row] = { ...row, cells } satisfies GridRow;
      p.blocks[edit.at.block] = { ...g, rows } satisfies TableGrid;
      break;
    }
    case 'drop': {
      // remove from the end so the indices of the others stay right
      const sorted = [...edit.blocks].sort((a, b) => a.pageIndex - b.pageIndex || b.block - a.block);
      for (const at of sorted) page(at.pageIndex).blocks.splice(at.block, 1);
      break;
    }
  }
  return { ...doc, pages };
}

/** Replace the one occurrence of `old` at `offset` of `text`; the same in `raw` when it holds `old` once at a findable place. */
export function replaceAt(text: string, raw: string, offset: number, old: string, replacement: string): { text: string; raw: string } {
  if (text.slice(offset, offset + old.length) !== old) throw new Error(`replaceAt: '${old}' is not at ${offset} of '${text}'`);
  const next = text.slice(0, offset) + replacement + text.slice(offset + old.length);
  if (raw === text) return { text: next, raw: next };
  // the raw text differs (spacing, width): replace the occurrence of the same rank there
  const rank = countBefore(text, old, offset);
  const at = nthIndex(raw, old, rank);
  return { text: next, raw: at < 0 ? next : raw.slice(0, at) + replacement + raw.slice(at + old.length) };
}

function countBefore(s: string, sub: string, before: number): number {
  let n = 0;
  for (let i = s.indexOf(sub); i >= 0 && i < before; i = s.indexOf(sub, i + 1)) n++;
  return n;
}

function nthIndex(s: string, sub: string, n: number): number {
  let i = s.indexOf(sub);
  while (i >= 0 && n-- > 0) i = s.indexOf(sub, i + 1);
  return i;
}
