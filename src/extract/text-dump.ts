// A plain-text dump of a disclosure → pages of text lines and tab-separated grids.
// Form feeds are page breaks; lines broken in the middle of a sentence are joined back,
// never across a section marker, a table row or a table title.
import type { Block, Cell, ExtractedDoc, GridRow, Page, SourceFile, TableGrid, TextLine } from '../core/types.ts';
import { normalizeText } from '../normalize/text.ts';
import { decodeText } from './decode.ts';
import { YusuanError } from '../core/errors.ts';
import { joinableLines } from './line-join.ts';

interface RawLine {
  readonly text: string; // raw, without the line break
  readonly line: number; // 1-based in the file
}

/**
 * A dump with more lines or pages than this fails with E_TOO_LARGE: the longest disclosure of
 * the corpus is some 10,000 lines over 187 pages, and the stages after this one take time in
 * more than the number of lines (a dump of 400,000 table rows took minutes).
 */
export const MAX_DUMP_LINES = 100_000;
export const MAX_DUMP_PAGES = 5_000;

function tooLarge(file: SourceFile, what: string): YusuanError {
  return new YusuanError('E_TOO_LARGE', `${file.name}: ${what}`, { file: file.path, hint: 'split the dump, or check that it is the right file' });
}

export function extractTextDump(file: SourceFile, bytes: Uint8Array): ExtractedDoc {
  const { text, encoding } = decodeText(bytes, file.name);
  let breaks = 0;
  for (let i = text.indexOf('\n'); i >= 0 && breaks <= MAX_DUMP_LINES; i = text.indexOf('\n', i + 1)) breaks++;
  if (breaks > MAX_DUMP_LINES) throw tooLarge(file, `more than ${MAX_DUMP_LINES} lines (the limit per text dump)`);
  let feeds = 0;
  for (let i = text.indexOf('\f'); i >= 0 && feeds <= MAX_DUMP_PAGES; i = text.indexOf('\f', i + 1)) feeds++;
  if (feeds > MAX_DUMP_PAGES) throw tooLarge(file, `more than ${MAX_DUMP_PAGES} pages (form feeds; the limit per text dump)`);
  // Number lines in the file; a form feed inside a line starts a new page there.
  const pageLines: RawLine[][] = [[]];
  text.replace(/\r\n?/g, '\n').split('\n').forEach((physical, i) => {
    const parts = physical.split('\f');
    parts.forEach((part, k) => {
      if (k > 0) pageLines.push([]);
      pageLines[pageLines.length - 1]!.push({ text: part, line: i + 1 });
    });
  });
  const paged = pageLines.length > 1;
  const pages: Page[] = pageLines.map((lines, i) => ({
    number: paged ? i + 1 : null,
    method: 'text',
    blocks: toBlocks(lines, paged ? i + 1 : null),
  }));
  return { file, pages, warnings: [], meta: { encoding } };
}

function isTabRow(raw: string): boolean {
  if (!raw.includes('\t')) return false;
  return raw.split('\t').filter((c) => c.trim() !== '').length >= 1;
}

function toCells(raw: string): Cell[] {
  return raw.split('\t').map((c) => ({ raw: c, text: normalizeText(c) }));
}

function toBlocks(lines: readonly RawLine[], page: number | null): Block[] {
  const blocks: Block[] = [];
  let grid: GridRow[] = [];
  let pendingText: { raw: string; line: number; afterBlank: boolean } | null = null;
  let blankSince = false;

  const flushGrid = () => {
    if (grid.length === 0) return;
    blocks.push(makeGrid(grid, page));
    grid = [];
  };
  const flushText = () => {
    if (!pendingText) return;
    const t: TextLine = {
      kind: 'line',
      raw: pendingText.raw,
      text: normalizeText(pendingText.raw),
      page,
      line: pendingText.line,
      bbox: null,
      afterBlank: pendingText.afterBlank,
    };
    if (t.text !== '') blocks.push(t);
    pendingText = null;
  };

  for (const l of lines) {
    if (l.text.trim() === '') {
      flushGrid();
      blankSince = true;
      continue;
    }
    if (isTabRow(l.text)) {
      flushText();
      grid.push({ cells: toCells(l.text), page, line: l.line, bbox: null });
      blankSince = false;
      continue;
    }
    flushGrid();
    const next = normalizeText(l.text);
    if (pendingText && joinableLines(normalizeText(pendingText.raw), next, blankSince)) {
      pendingText = { raw: pendingText.raw.trimEnd() + joinSeparator(pendingText.raw, l.text) + l.text.trimStart(), line: pendingText.line, afterBlank: pendingText.afterBlank };
    } else {
      flushText();
      pendingText = { raw: l.text, line: l.line, afterBlank: blankSince };
    }
    blankSince = false;
  }
  flushText();
  flushGrid();
  return blocks;
}

/** Latin words keep a space when joined; Chinese text joins without one. */
function joinSeparator(a: string, b: string): string {
  return /[A-Za-z0-9]$/.test(a.trimEnd()) && /^[A-Za-z0-9]/.test(b.trimStart()) ? ' ' : '';
}

function makeGrid(rows: GridRow[], page: number | null): TableGrid {
  const columns = Math.max(...rows.map((r) => r.cells.length));
  const padded = rows.map((r) => ({
    ...r,
    cells: [...r.cells, ...Array.from({ length: columns - r.cells.length }, () => ({ raw: '', text: '' }))],
  }));
  const total = padded.length * columns;
  const empty = padded.reduce((n, r) => n + r.cells.filter((c) => c.text === '').length, 0);
  return {
    kind: 'grid',
    rows: padded,
    page,
    quality: { method: 'tsv', rows: padded.length, columns, emptyRatio: total ? empty / total : 0 },
  };
}

