// Numbers for display: exact decimal text in yuan with thousands separators (no float on the
// way), and 万元 for chart labels (display only).
import type { FactValue } from '../core/types.ts';

/** "86959408.34" → "86,959,408.34"; "-1200" → "-1,200". */
export function groupDigits(decimal: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(decimal);
  if (!m) return decimal;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

export function displayValue(v: FactValue): string {
  if (v.type === 'amount') return `${groupDigits(v.yuan)} 元`;
  if (v.type === 'count') return String(v.value);
  return v.value;
}

/** Yuan as 万元 with two decimals, for a chart's labels. */
export function wan(yuan: string | number): string {
  const n = Number(yuan) / 10000;
  return `${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 万元`;
}
