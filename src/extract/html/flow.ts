// Ordinary HTML: paragraphs and <table>s in document order. Block elements and <br> end a
// line; a data table (two or more rows and columns, no table inside) becomes a grid whose
// rows have one cell per column: a cell spanning columns or rows (colspan/rowspan) is given to
// its top-left slot and leaves the others empty, as a merged cell of a ruled PDF table is.
// Title and unit rows at the top of a table and note rows at its foot come out as text lines
// (where a PDF prints them), layout tables as the flow of their cells.

import type { Block, Cell, GridRow, TableGrid, TextLine } from '../../core/types.ts';
import { normalizeText } from '../../normalize/text.ts';
import { isCjk } from '../pdf/items.ts';
import { INVISIBLE, hiddenBy, type HElement, type StyleSheet } from './dom.ts';

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'html', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'ul', 'caption',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th',
]);

/** A row's cells span no more than this many columns or rows (a guard against colspan="9999"). */
const MAX_SPAN = 200;

interface Emit {
  line(raw: string): void;
  grid(rows: string[][]): void;
}

/** Blocks of an element's content, numbered from 1 in document order. */
export function readFlow(container: HElement, sheet: StyleSheet, page: number | null, lead: readonly string[] = []): Block[] {
  const blocks: Block[] = [];
  let n = 0;
  const emit: Emit = {
    line(raw) {
      const text = normalizeText(raw);
      if (!text) return;
      const tl: TextLine = { kind: 'line', text, raw, page, line: ++n, bbox: null };
      blocks.push(tl);
    },
    grid(rows) {
      const gridRows: GridRow[] = rows.map((r) => ({ cells: r.map((raw): Cell => ({ text: normalizeText(raw), raw })), page, line: ++n, bbox: null }));
      const columns = rows[0]?.length ?? 0;
      const empty = rows.reduce((s, r) => s + r.filter((c) => normalizeText(c) === '').length, 0);
      const total = rows.length * columns;
      const grid: TableGrid = {
        kind: 'grid',
        rows: gridRows,
        quality: { method: 'ruled', rows: rows.length, columns, emptyRatio: total ? Math.round((empty / total) * 1000) / 1000 : 0, notes: ['HTML table'] },
        page,
      };
      blocks.push(grid);
    },
  };
  for (const l of lead) emit.line(l);
  new FlowWalker(sheet, emit).run(container);
  return blocks;
}

class FlowWalker {
  private buf = '';

  constructor(
    private readonly sheet: StyleSheet,
    private readonly emit: Emit,
  ) {}

  run(el: HElement): void {
    this.children(el, false);
    this.flush();
  }

  private flush(): void {
    const raw = this.buf.replace(/^[ \t\n\r\f]+|[ \t\n\r\f]+$/g, '');
    this.buf = '';
    if (raw) this.emit.line(raw);
  }

  private children(el: HElement, pre: boolean): void {
    for (const c of el.children) {
      if (typeof c === 'string') this.text(c, pre);
      else this.element(c, pre);
    }
  }

  private text(s: string, pre: boolean): void {
    if (!pre) {
      this.buf += s.replace(/[ \t\n\r\f]+/g, ' ');
      return;
    }
    const parts = s.split(/\r\n?|\n/);
    parts.forEach((p, k) => {
      if (k > 0) this.flush();
      this.buf += p;
    });
  }

  private element(el: HElement, pre: boolean): void {
    if (INVISIBLE.has(el.tag)) return;
    const decls = this.sheet.declarationsFor(el);
    if (hiddenBy(decls)) return;
    if (el.tag === 'br') {
      this.flush();
      return;
    }
    if (el.tag === 'table') {
      this.flush();
      this.table(el, pre);
      return;
    }
    const display = (decls.get('display') ?? '').toLowerCase();
    const block = display ? /^(block|flex|grid|list-item|table)/.test(display) : BLOCK_TAGS.has(el.tag);
    const ws = decls.get('white-space');
    const isPre = el.tag === 'pre' || el.tag === 'textarea' || (ws ? /^pre/i.test(ws) : pre);
    if (block) this.flush();
    else if (/^(td|th)$/.test(el.tag)) this.buf += ' ';
    this.children(el, isPre);
    if (block) this.flush();
  }

  private table(table: HElement, pre: boolean): void {
    const trs = tableRows(table);
    const cellEls = trs.flatMap((tr) => tr.children.filter((c): c is HElement => typeof c !== 'string' && (c.tag === 'td' || c.tag === 'th')));
    // A table holding tables lays out the page: read its cells as flow.
    const layout = cellEls.some((c) => hasDescendant(c, 'table'));
    const caption = table.children.find((c): c is HElement => typeof c !== 'string' && c.tag === 'caption');
    if (caption) {
      this.children(caption, pre);
      this.flush();
    }
    if (!layout) {
      const g = spanGrid(trs, (el) => cellText(el, this.sheet));
      if (g.rows.length >= 2 && g.columns >= 2) {
        this.dataTable(g);
        return;
      }
    }
    for (const tr of trs) {
      for (const c of tr.children) {
        if (typeof c === 'string') continue;
        if (c.tag === 'td' || c.tag === 'th') {
          this.children(c, pre);
          this.flush();
        }
      }
    }
  }

  private dataTable(g: SpanGrid): void {
    // Columns with no text in any row are spacing columns (Word exports them).
    const keep: number[] = [];
    for (let c = 0; c < g.columns; c++) if (g.rows.some((r) => r[c]!.text.trim() !== '')) keep.push(c);
    const rows = g.rows.filter((r) => r.some((c) => c.text.trim() !== ''));
    const nC = keep.length;
    const isCaptionRow = (r: SpanCell[]): boolean => {
      const filled = keep.map((c) => r[c]!).filter((c) => c.text.trim() !== '');
      if (filled.length === 0) return false;
      if (filled.every((c) => CAPTION_RE.test(normalizeText(c.text)))) return true;
      return filled.length === 1 && nC >= 2 && filled[0]!.span >= g.columns - 1 && !/\d[\d,]*\.\d/.test(filled[0]!.text);
    };
    const isNoteRow = (r: SpanCell[]): boolean => {
      const filled = keep.map((c) => r[c]!).filter((c) => c.text.trim() !== '');
      return filled.length === 1 && filled[0]!.span >= g.columns - 1 && NOTE_RE.test(normalizeText(filled[0]!.text));
    };
    let first = 0;
    while (first < rows.length - 1 && isCaptionRow(rows[first]!)) first++;
    let last = rows.length - 1;
    while (last > first && isNoteRow(rows[last]!)) last--;
    for (let i = 0; i < first; i++) for (const c of keep) if (rows[i]![c]!.text.trim()) this.emit.line(rows[i]![c]!.text);
    const body = rows.slice(first, last + 1);
    if (nC >= 2 && body.length >= 1) this.emit.grid(body.map((r) => keep.map((c) => r[c]!.text)));
    else for (const r of body) this.emit.line(keep.map((c) => r[c]!.text).filter((t) => t.trim()).join(' '));
    for (let i = last + 1; i < rows.length; i++) for (const c of keep) if (rows[i]![c]!.text.trim()) this.emit.line(rows[i]![c]!.text);
  }
}

/** Rows that are captions of a table, not part of it: `单位：万元`, `编制单位：…`, `公开表1`. */
const CAPTION_RE = /^(?:(?:金额|计量|编制|填报|预算|部门|主管)?(?:单位|部门)(?:名称)?[（(]?[^：:]{0,8}[)）]?[：:]|公开表\s*\d+$|附表\s*\d+|表\s*\d+$)/u;
const NOTE_RE = /^(?:注|备注|说明)\s*\d*\s*[：:.、]|本表|此表/u;

/** The <tr> rows of a table, not those of tables inside it. */
export function tableRows(table: HElement): HElement[] {
  const out: HElement[] = [];
  for (const c of table.children) {
    if (typeof c === 'string') continue;
    if (c.tag === 'tr') out.push(c);
    else if (c.tag === 'thead' || c.tag === 'tbody' || c.tag === 'tfoot') {
      for (const r of c.children) if (typeof r !== 'string' && r.tag === 'tr') out.push(r);
    }
  }
  return out;
}

function hasDescendant(el: HElement, tag: string): boolean {
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    if (c.tag === tag || hasDescendant(c, tag)) return true;
  }
  return false;
}

interface SpanCell {
  readonly text: string;
  /** Columns the cell spans (1 for the empty slots a span covers). */
  readonly span: number;
}
interface SpanGrid {
  readonly rows: SpanCell[][];
  readonly columns: number;
}

/**
 * Lay the cells of rows out on a grid of columns (the HTML table model): each cell takes the
 * first free slot of its row, spans colspan × rowspan slots, and its text goes to the top-left
 * one.
 */
export function spanGrid(trs: readonly HElement[], textOf: (cell: HElement) => string): SpanGrid {
  const occupied: boolean[][] = [];
  const slots: (SpanCell | undefined)[][] = [];
  let columns = 0;
  trs.forEach((tr, r) => {
    occupied[r] ??= [];
    slots[r] ??= [];
    let c = 0;
    for (const cell of tr.children) {
      if (typeof cell === 'string' || (cell.tag !== 'td' && cell.tag !== 'th')) continue;
      while (occupied[r]![c]) c++;
      const colspan = clampSpan(cell.attrs['colspan']);
      let rowspan = clampSpan(cell.attrs['rowspan']);
      if (cell.attrs['rowspan'] !== undefined && Number(cell.attrs['rowspan']) === 0) rowspan = Math.max(1, trs.length - r);
      rowspan = Math.min(rowspan, trs.length - r);
      for (let dr = 0; dr < rowspan; dr++) {
        occupied[r + dr] ??= [];
        slots[r + dr] ??= [];
        for (let dc = 0; dc < colspan; dc++) {
          occupied[r + dr]![c + dc] = true;
          slots[r + dr]![c + dc] = dr === 0 && dc === 0 ? { text: textOf(cell), span: colspan } : { text: '', span: 1 };
        }
      }
      c += colspan;
      columns = Math.max(columns, c);
    }
  });
  const rows = trs.map((_, r) => Array.from({ length: columns }, (_, c) => slots[r]?.[c] ?? { text: '', span: 1 }));
  return { rows, columns };
}

function clampSpan(v: string | undefined): number {
  const n = Math.floor(Number(v ?? 1));
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_SPAN) : 1;
}

/** A cell's text: its lines joined, without a space where Chinese text meets (as a wrapped PDF cell). */
export function cellText(cell: HElement, sheet: StyleSheet): string {
  const lines: string[] = [];
  new FlowWalker(sheet, { line: (raw) => lines.push(raw), grid: (rows) => rows.forEach((r) => lines.push(r.filter(Boolean).join(' '))) }).run(cell);
  let out = '';
  for (const l of lines) {
    const t = l.trim();
    if (!t) continue;
    if (out) {
      const a = out.slice(-1);
      const b = t.charAt(0);
      out += isCjk(a) || isCjk(b) || a === '-' ? '' : ' ';
    }
    out += t;
  }
  return out;
}
