// Building extracted documents in memory for tests: text lines, ruled grids and pages, numbered
// as an extractor numbers them (one line counter for text lines and grid rows).
import type { Block, ExtractedDoc, GridRow, Page, TableGrid, TextLine } from '../src/core/types.ts';

let n = 0;

export const line = (text: string, page: number): TextLine => ({ kind: 'line', text, raw: text, page, line: ++n, bbox: null });

export const grid = (rows: string[][], page: number): TableGrid => ({
  kind: 'grid',
  page,
  rows: rows.map((r): GridRow => ({ cells: r.map((t) => ({ text: t, raw: t })), page, line: ++n, bbox: null })),
  quality: { method: 'ruled', rows: rows.length, columns: rows[0]!.length, emptyRatio: 0 },
});

/** A PDF-like document of these pages (1-based page numbers). */
export const doc = (pages: Block[][], name = 'x.pdf', meta: Record<string, string> = {}): ExtractedDoc => ({
  file: { path: name, name, sha256: 'x', kind: 'pdf', bytes: 1 },
  pages: pages.map((blocks, i): Page => ({ number: i + 1, method: 'text', blocks })),
  warnings: [],
  meta,
});

/** An OCR'd grid of these rows: columns 100 points wide, rows 20 high, as the OCR cell reader boxes them. */
export function ocrGrid(rows: string[][]): TableGrid {
  const gr: GridRow[] = rows.map((cells, r) => ({
    cells: cells.map((t, c) => ({ text: t, raw: t, x0: c * 100, x1: c * 100 + 100 })),
    page: 1,
    line: r + 1,
    bbox: [0, r * 20, cells.length * 100, r * 20 + 20],
  }));
  return { kind: 'grid', rows: gr, page: 1, quality: { method: 'ocr', rows: rows.length, columns: rows[0]!.length, emptyRatio: 0 } };
}
