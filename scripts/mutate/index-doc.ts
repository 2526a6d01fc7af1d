// Where things are in an extracted document: each physical line and grid row by its page and
// line, each table row by its object, and the paragraphs of the text (joined PDF lines, then
// lines continued mid-sentence) with, for every character, the physical line it was printed
// on. Mutations edit physical blocks; checks speak of joined lines and paragraphs.
import type { ExtractedDoc, GridRow, TextLine, Disclosure } from '../../src/core/types.ts';
import type { ProseLine, SegmentedDoc } from '../../src/segment/segment.ts';
import type { BlockAt } from './edit.ts';

export interface Where {
  readonly page: number | null;
  readonly line: number | null;
}

export const whereKey = (w: Where): string => `${w.page ?? '-'}:${w.line ?? '-'}`;

/** A piece of a paragraph printed on one physical line. */
export interface Piece {
  readonly at: BlockAt;
  readonly line: TextLine;
  /** Offset of the piece's first character in the paragraph. */
  readonly start: number;
  /** The joined prose line it belongs to (its page and line are what checks cite). */
  readonly joined: TextLine;
  readonly prose: ProseLine;
}

export interface Paragraph {
  readonly text: string;
  /** Pieces in order; absent where a joined line could not be traced to its physical lines. */
  readonly pieces: readonly Piece[];
  readonly first: ProseLine;
}

export interface DocIndex {
  readonly doc: ExtractedDoc;
  readonly seg: SegmentedDoc;
  readonly base: Disclosure;
  readonly year: number | null;
  /** Physical line blocks by page:line. */
  readonly lines: ReadonlyMap<string, BlockAt>;
  /** Grid rows by object: the grid's block and the row's index in it. */
  readonly rows: ReadonlyMap<GridRow, { readonly at: BlockAt; readonly row: number }>;
  readonly paragraphs: readonly Paragraph[];
  /** The paragraph piece of each physical line (page:line). */
  readonly pieceOf: ReadonlyMap<string, { readonly para: Paragraph; readonly piece: Piece }>;
}

export function indexDoc(doc: ExtractedDoc, seg: SegmentedDoc, base: Disclosure): DocIndex {
  const lines = new Map<string, BlockAt>();
  const rows = new Map<GridRow, { at: BlockAt; row: number }>();
  const order: BlockAt[] = [];
  doc.pages.forEach((p, pageIndex) =>
    p.blocks.forEach((b, block) => {
      const at = { pageIndex, block };
      order.push(at);
      if (b.kind === 'line') lines.set(whereKey(b), at);
      else b.rows.forEach((r, row) => rows.set(r, { at, row }));
    }),
  );
  const position = new Map(order.map((at, i) => [`${at.pageIndex}/${at.block}`, i]));
  const blockOf = (at: BlockAt) => doc.pages[at.pageIndex]!.blocks[at.block]!;

  /** The physical lines a joined prose line was made of, or undefined when they cannot be traced. */
  const trace = (joined: TextLine): Array<{ at: BlockAt; line: TextLine; offset: number }> | undefined => {
    const first = lines.get(whereKey(joined));
    if (!first) return undefined;
    const out: Array<{ at: BlockAt; line: TextLine; offset: number }> = [];
    let acc = '';
    for (let i = position.get(`${first.pageIndex}/${first.block}`)!; i < order.length && acc.length < joined.text.length; i++) {
      const b = blockOf(order[i]!);
      if (b.kind !== 'line') return undefined;
      if (out.length > 0 && b.running) continue; // running headers leave the flow before lines are joined
      const sep = out.length > 0 && !joined.text.startsWith(acc + b.text) && joined.text.startsWith(acc + ' ' + b.text) ? ' ' : '';
      if (!joined.text.startsWith(acc + sep + b.text)) return undefined;
      out.push({ at: order[i]!, line: b, offset: acc.length + sep.length });
      acc += sep + b.text;
    }
    return acc === joined.text ? out : undefined;
  };

  // paragraphs as the prose checks read them: a line that does not end a sentence goes on in
  // the next prose line of the same section, unless that one opens a heading
  const paragraphs: Paragraph[] = [];
  let cur: { text: string; pieces: Piece[]; first: ProseLine; traced: boolean } | null = null;
  const flush = () => {
    if (cur) paragraphs.push({ text: cur.text, pieces: cur.traced ? cur.pieces : [], first: cur.first });
  };
  for (const p of seg.prose) {
    const continues = cur !== null && p.heading === null && !/[。！？!?]$/u.test(cur.text) && sameSection(cur.first, p);
    if (!continues) {
      flush();
      cur = { text: '', pieces: [], first: p, traced: true };
    }
    const start = cur!.text.length;
    const parts = trace(p.line);
    if (!parts) cur!.traced = false;
    else for (const part of parts) cur!.pieces.push({ at: part.at, line: part.line, start: start + part.offset, joined: p.line, prose: p });
    cur!.text += p.line.text;
  }
  flush();
  const pieceOf = new Map<string, { para: Paragraph; piece: Piece }>();
  for (const para of paragraphs) for (const piece of para.pieces) pieceOf.set(whereKey(piece.line), { para, piece });
  return { doc, seg, base, year: base.identity.year, lines, rows, paragraphs, pieceOf };
}

function sameSection(a: ProseLine, b: ProseLine): boolean {
  return a.headings.length === b.headings.length && a.headings.every((h, i) => h === b.headings[i]);
}

/** The physical piece holding paragraph characters [start, end), when one line holds them all. */
export function pieceFor(para: Paragraph, start: number, end: number): Piece | undefined {
  for (const piece of para.pieces) {
    if (start >= piece.start && end <= piece.start + piece.line.text.length) return piece;
  }
  return undefined;
}
