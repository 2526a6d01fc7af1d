// A table row cut by a page break. Spreadsheet printers (WPS 表格, Excel) break a tall row at
// the page's bottom margin: the label's first line stays on one page, the rest opens the next
// page as a row of its own (a 收支预算总表 with `八、社会保障和就` | `1,608.51` at the foot of one
// page and `业支出` at the head of the next; `当 年 收 入` / `小计` over the next break). The
// fragment goes back into the row it was cut from.
//
// All of these must hold:
// - the page ends with a ruled grid and the next page (the next number) starts with one;
// - the first grid's last row reaches into the bottom 30% of its page;
// - the second grid's columns start where the first grid's do (it may merge some of them);
// - the fragment row is not a repeated header (equal to one of the first grid's first rows);
// - each text piece of the fragment row lies under a text cell of the cut row whose last line
//   runs to the cell's right edge, or as far as its other lines (the label was still wrapping
//   when the page ended: a short centred label does not qualify), and does
//   not open an item of its own (`九、…`, `（一）…`, a code); numbers may only fill cells the
//   cut row left empty.

import type { Block, GridRow, Page, TableGrid } from '../../core/types.ts';
import { normalizeText } from '../../normalize/text.ts';
import { isCjk, isNumericText } from './items.ts';
import type { CellTail } from './grid.ts';
import { rowGeometry } from './layout.ts';

/** Text that opens a row of its own: list markers and classification codes. */
const OPENS_ITEM = /^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+\s*[.、．]\D|\d{3,}|其中)/u;
/** Column edges of the two parts of one table agree within this many points. */
const EDGE_TOL = 3;

/** Join rows split by page breaks (see above). Pages are returned anew where something moved. */
export function joinRowsSplitByPageBreak(pages: readonly Page[]): Page[] {
  const out = [...pages];
  for (let i = 0; i + 1 < out.length; i++) {
    const a = out[i]!;
    const b = out[i + 1]!;
    if (a.number === null || b.number !== a.number + 1) continue;
    const g1 = a.blocks[a.blocks.length - 1];
    const g2 = b.blocks[0];
    if (g1?.kind !== 'grid' || g2?.kind !== 'grid') continue;
    const joined = joinSplitRow(g1, g2);
    if (!joined) continue;
    out[i] = { ...a, blocks: [...a.blocks.slice(0, -1), joined.first] };
    const rest: Block[] = joined.second ? [joined.second, ...b.blocks.slice(1)] : b.blocks.slice(1);
    out[i + 1] = { ...b, blocks: rest };
  }
  return out;
}

/** The two grids with the cut row joined, or null when the second grid does not start with a fragment. */
export function joinSplitRow(g1: TableGrid, g2: TableGrid): { first: TableGrid; second: TableGrid | null } | null {
  if (g1.quality.method !== 'ruled' || g2.quality.method !== 'ruled') return null;
  const r1 = g1.rows[g1.rows.length - 1];
  const r2 = g2.rows[0];
  if (!r1 || !r2) return null;
  const geo = rowGeometry.get(r1);
  if (!geo || !r1.bbox || r1.bbox[3] < 0.7 * geo.pageH) return null;
  // Columns: every column of the second grid starts where one of the first grid's does.
  const left1 = r1.cells.map((c) => c.x0);
  const col = r2.cells.map((c) => left1.findIndex((x) => x !== undefined && c.x0 !== undefined && Math.abs(x - c.x0) <= EDGE_TOL));
  if (col.some((i) => i < 0)) return null;
  const right1 = r1.cells[r1.cells.length - 1]?.x1;
  const right2 = r2.cells[r2.cells.length - 1]?.x1;
  if (right1 === undefined || right2 === undefined || Math.abs(right1 - right2) > EDGE_TOL) return null;
  const key = (r: GridRow): string => r.cells.map((c) => c.text).join('|');
  const k2 = r2.cells.map((c) => c.text).filter(Boolean).join('|');
  if (g1.rows.slice(0, 3).some((r) => key(r).split('|').filter(Boolean).join('|') === k2)) return null;

  const cells = r1.cells.map((c) => ({ ...c }));
  let labels = 0;
  for (let j = 0; j < r2.cells.length; j++) {
    const frag = r2.cells[j]!;
    if (!frag.text) continue;
    const i = col[j]!;
    const cut = r1.cells[i]!;
    if (isNumericText(frag.text)) {
      if (cut.text) return null;
      cells[i] = { ...cut, text: frag.text, raw: frag.raw };
      continue;
    }
    if (!cut.text || isNumericText(cut.text) || OPENS_ITEM.test(frag.text)) return null;
    if (!stillWrapping(geo.tail[i])) return null;
    const sep = isCjk(cut.raw.slice(-1)) || isCjk(frag.raw.charAt(0)) ? '' : ' ';
    const raw = cut.raw + sep + frag.raw;
    cells[i] = { ...cut, raw, text: normalizeText(raw) };
    labels++;
  }
  if (labels === 0) return null;
  const note = 'a row cut by the page break joined again';
  const first = regrid(g1, [...g1.rows.slice(0, -1), { ...r1, cells }], note);
  const second = g2.rows.length > 1 ? regrid(g2, g2.rows.slice(1), note) : null;
  return { first, second };
}

/**
 * Did the cell's last line end because the cell was full? Within the cell's other lines' end
 * (and 1.5 em of its edge) for a wrapped cell; within half an em of the edge for a single line
 * (a short centred label leaves more room than that).
 */
function stillWrapping(tail: CellTail | null | undefined): boolean {
  if (!tail) return false;
  const room = tail.cellRight - tail.textRight;
  if (tail.lines > 1) return room <= 1.5 * tail.em && tail.textRight >= tail.othersRight - tail.em;
  return room <= Math.max(2, 0.5 * tail.em);
}

function regrid(g: TableGrid, rows: GridRow[], note: string): TableGrid {
  const columns = g.quality.columns;
  const total = rows.length * columns;
  const empty = rows.reduce((s, r) => s + r.cells.filter((c) => c.text.trim() === '').length, 0);
  return {
    ...g,
    rows,
    quality: { ...g.quality, rows: rows.length, emptyRatio: total ? Math.round((empty / total) * 1000) / 1000 : 0, notes: [...(g.quality.notes ?? []), note] },
  };
}
