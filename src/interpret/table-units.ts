// The unit of a table whose caption is missing or unreadable ("单位：" with its 元 lost to OCR,
// or never printed): taken from the text, which states the same totals with their units
// ("收入预算8695.94万元" beside a table cell 86,959,408.34 says the table is in 元). A table
// decided this way says so in a finding; one the text does not decide keeps the document's
// prevailing unit.

import Big from 'big.js';
import { parseNumber, type MoneyUnit } from '../normalize/amount.ts';
import { foldWidth } from '../normalize/text.ts';
import type { DocTable, SegmentedDoc } from '../segment/segment.ts';

const YUAN_PER: Readonly<Record<'元' | '万元', number>> = { 元: 1, 万元: 10_000 };

/** An amount the text states, in 元, with the half of its last printed digit as tolerance. */
interface Stated {
  readonly yuan: Big;
  readonly tol: Big;
}

/** Amounts the text states in 万元 or 元, at least 1 万元 (small figures match by chance). */
export function statedAmounts(lines: readonly string[]): Stated[] {
  const out: Stated[] = [];
  for (const line of lines) {
    for (const m of foldWidth(line).matchAll(/(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万元|元)/gu)) {
      const digits = m[2]?.length ?? 0;
      const unit = m[3] === '万元' ? 10_000 : 1;
      const yuan = new Big(`${m[1]!.replace(/,/g, '')}${digits ? '.' + m[2] : ''}`).times(unit);
      if (yuan.lt(10_000)) continue;
      const tol = new Big(unit).times(new Big(10).pow(-digits)).div(2);
      // a round figure ("2万元", ±5,000 元) matches any cell near it: only precise ones decide
      if (tol.gt(yuan.times(0.001))) continue;
      out.push({ yuan, tol });
    }
  }
  return out;
}

/** The amounts of a table's cells (codes and counts, bare integers of few digits, left out). */
function cellAmounts(table: DocTable): Big[] {
  const out: Big[] = [];
  for (const r of table.rows) {
    for (const c of r.cells) {
      if (!/[.,]/u.test(c.text)) continue;
      const n = parseNumber(c.text);
      if (n && !n.percent && n.value !== '0') out.push(new Big(n.value).abs());
    }
  }
  return out;
}

/**
 * The unit the text gives a table without one: 元 or 万元, whichever makes at least two of
 * its figures equal to amounts the text states (within the text's rounding), and more of them
 * than the other does. Undefined when the text does not tell.
 */
export function unitFromText(table: DocTable, stated: readonly Stated[]): MoneyUnit | undefined {
  if (stated.length === 0) return undefined;
  const cells = cellAmounts(table);
  const score = (unit: '元' | '万元'): number => {
    let n = 0;
    for (const v of cells) {
      const yuan = v.times(YUAN_PER[unit]);
      if (stated.some((s) => yuan.minus(s.yuan).abs().lte(s.tol))) n++;
    }
    return n;
  };
  const yuan = score('元');
  const wan = score('万元');
  if (yuan >= 2 && yuan > wan) return '元';
  if (wan >= 2 && wan > yuan) return '万元';
  return undefined;
}

/**
 * The units the text gives the document's tables that print none, and the OCR'd tables whose
 * caption it contradicts (an OCR'd `单位：万元` can come out `单位元`; a caption printed in the
 * text layer is the document's word and stands).
 */
export function inferTableUnits(seg: SegmentedDoc): Map<DocTable, MoneyUnit> {
  const out = new Map<DocTable, MoneyUnit>();
  const ocrPages = new Set(seg.doc.pages.filter((p) => p.method === 'ocr').map((p) => p.number));
  const open = seg.tables.filter((t) => t.unit === undefined || ocrPages.has(t.rows[0]?.page ?? null));
  if (open.length === 0) return out;
  const stated = statedAmounts(seg.prose.map((p) => p.line.text));
  for (const t of open) {
    const u = unitFromText(t, stated);
    if (u && u !== t.unit) out.set(t, u);
  }
  return out;
}
