// Amounts cut by a cell border: a figure printed wider than its column loses its last digit to
// the cell on its right ("244,895.0" | "2192,446.79" for 244,895.02 | 192,446.79), where the
// generator drew the digits one by one and the overflowing glyph sits across the rule. Told from
// the figures themselves: the left one is one decimal short of the table's usual two, and taking
// the right one's first digit makes both well formed. Each repair is counted in the grid's notes.
import type { RawRow } from './grid.ts';

const TWO_DECIMALS = /^-?\d{1,3}(?:,\d{3})*\.\d{2}$|^-?\d+\.\d{2}$/;
const ONE_DECIMAL = /^-?(?:\d{1,3}(?:,\d{3})*|\d+)\.\d$/;

/** Most amounts of the grid have two decimals (the precondition of a repair). */
function usesTwoDecimals(rows: readonly RawRow[]): boolean {
  let two = 0;
  let other = 0;
  for (const r of rows) {
    for (const c of r.cells) {
      const t = c.trim();
      if (TWO_DECIMALS.test(t)) two++;
      else if (/^-?[\d,]+(?:\.\d+)?$/.test(t) && /\./.test(t)) other++;
    }
  }
  return two >= 4 && two > 3 * other;
}

export function rejoinSplitAmounts(rows: readonly RawRow[]): { rows: RawRow[]; repaired: number } {
  if (!usesTwoDecimals(rows)) return { rows: [...rows], repaired: 0 };
  let repaired = 0;
  const out = rows.map((r) => {
    let cells: string[] | null = null;
    for (let c = 0; c + 1 < r.cells.length; c++) {
      const a = (cells ?? r.cells)[c]!.trim();
      const b = (cells ?? r.cells)[c + 1]!.trim();
      if (!ONE_DECIMAL.test(a) || !/^\d/.test(b)) continue;
      const rest = b.slice(1);
      if (!TWO_DECIMALS.test(a + b[0]) || !(rest === '' || TWO_DECIMALS.test(rest))) continue;
      cells ??= [...r.cells];
      cells[c] = a + b[0];
      cells[c + 1] = rest;
      repaired++;
    }
    return cells ? { ...r, cells } : r;
  });
  return { rows: out, repaired };
}
