// A figure printed several times over a document outvotes an OCR reading one confusion off:
// a digit changed, a last decimal lost, or a digit read in (the totals of a department's
// summary table read `217,900.73` beside four readings of `27,900.73`).

import { describe, expect, it } from 'vitest';
import type { ExtractedDoc, GridRow, TableGrid } from '../src/core/types.ts';
import { voteRepeatedAmounts } from '../src/extract/ocr/votes.ts';

const row = (...texts: string[]): GridRow => ({ cells: texts.map((text) => ({ text })), page: 1, line: null, bbox: [0, 0, 100, 10] }) as unknown as GridRow;
const grid = (rows: GridRow[]): TableGrid => ({ kind: 'grid', rows, quality: { method: 'ocr', rows: rows.length, columns: 2 } as TableGrid['quality'], page: 1 });
const doc = (cells: string[][]): ExtractedDoc =>
  ({
    file: { path: 'x.pdf', name: 'x.pdf', sha256: 'x', kind: 'pdf', bytes: 1 },
    pages: cells.map((rows, i) => ({ number: i + 1, method: 'ocr', blocks: [grid(rows.map((t) => row('合计', t)))], ocr: { dpi: 200, skew: 0, words: [], confidence: 90, ms: 1 } })),
    warnings: [],
    meta: {},
  }) as unknown as ExtractedDoc;
const texts = (d: ExtractedDoc): string[] => d.pages.flatMap((p) => p.blocks.flatMap((b) => (b.kind === 'grid' ? b.rows.map((r) => r.cells[1]!.text) : [])));

describe('figures the document prints several times', () => {
  it('outvote a reading with a digit read in, changed or lost', () => {
    const d = doc([['27,900.73', '27,900.73'], ['217,900.73', '217,900.73'], ['27,900.73', '27,900.73', '21,900.73'], ['2790073.00', '2790073.00', '27900073.00', '3,297,400.72', '3,297,400.72', '3,207,400.72']]);
    expect(texts(voteRepeatedAmounts(d))).toEqual(['27,900.73', '27,900.73', '27,900.73', '27,900.73', '27,900.73', '27,900.73', '27,900.73', '2790073.00', '2790073.00', '2790073.00', '3,297,400.72', '3,297,400.72', '3,297,400.72']);
  });
  it('leave figures alone that no two readings outvote twice over', () => {
    const d = doc([['27,900.73', '27,900.73'], ['217,900.73', '217,900.73', '1,027,900.73']]);
    expect(texts(voteRepeatedAmounts(d))).toEqual(['27,900.73', '27,900.73', '217,900.73', '217,900.73', '1,027,900.73']);
  });
});
