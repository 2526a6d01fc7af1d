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

// An amount wrapped inside its cell: a figure too wide for a narrow column continues on the next
// line ("144,177.8" over "8" for 144,177.88). Told from the pieces: the first is an amount cut
// short (a comma group or the decimals unfinished), the second only digits, and together they
// make one well-formed amount of at most two decimals.
const CUT_SHORT = /^-?(?:\d{1,3}(?:,\d{3})*,\d{0,2}|\d{1,3}(?:,\d{3})*\.\d?|\d+\.\d?)$/;
const WELL_FORMED = /^-?(?:\d{1,3}(?:,\d{3})*|\d+)(?:\.\d{1,2})?$/;

/** `a` then `b` on the next line of one cell are one amount wrapped. */
export function wrapsAmount(a: string, b: string): boolean {
  const x = a.trim();
  const y = b.trim();
  return CUT_SHORT.test(x) && /^\d{1,3}$/.test(y) && WELL_FORMED.test(x + y);
}
