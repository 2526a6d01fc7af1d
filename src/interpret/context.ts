// What the interpreters share while reading one document: where facts come from, the
// catalogue (with the codes this document taught it), and the lists they append to.
import type { Candidate, DocIdentity, Finding, Method, Severity, Source, SourceFile } from '../core/types.ts';
import { sourceFor, type Where } from '../core/source.ts';
import { parseNumber, toYuan, type MoneyUnit, UNIT_EXPONENT } from '../normalize/amount.ts';
import type { Catalogue } from '../normalize/catalogue.ts';
import type { DocTable } from '../segment/segment.ts';

export interface InterpretContext {
  readonly file: SourceFile;
  readonly identity: DocIdentity;
  catalogue: Catalogue;
  readonly candidates: Candidate[];
  readonly findings: Finding[];
  /** The unit most tables of this document print in, for a table whose caption is missing. */
  defaultUnit: MoneyUnit;
  /** Units the text gives tables that print none (table-units.ts). */
  readonly tableUnits?: ReadonlyMap<DocTable, MoneyUnit>;
  /** Page number → how the page was read ('text' or 'ocr'). */
  readonly pageMethods: ReadonlyMap<number, 'text' | 'ocr'>;
  /**
   * The 收支总表 shows no carry-over line: its fund lines hold each fund's carry-over too
   * ("结转金额已纳入相应性质的资金收入中"), so a 财政拨款收支总表's this-year fund rows are no
   * match for them and are not read as the fund's revenue.
   */
  readonly fundLinesIncludeCarryOver?: boolean;
}

export type { Where } from '../core/source.ts';

/**
 * Where one cell of a row is: the row's line with the cell's own box (its column's extent over the
 * row's height) where the grid knows its columns, so that a figure is shown and found in its cell.
 */
export function cellWhere(row: Where, cell: { readonly x0?: number; readonly x1?: number } | undefined): Where {
  if (!cell || cell.x0 === undefined || cell.x1 === undefined || !row.bbox) return row;
  return { page: row.page, line: row.line, bbox: [cell.x0, row.bbox[1], cell.x1, row.bbox[3]] };
}

export function sourceAt(ctx: InterpretContext, where: Where, method: Method, text: string, context?: string): Source {
  return sourceFor(ctx.file, where, method, text, context);
}

/** Emit an amount printed as `printed` in `unit`. Blank and dashes give nothing; text that is not a number gives nothing. */
export function emitAmount(ctx: InterpretContext, key: string, printed: string, unit: MoneyUnit, source: Source): boolean {
  const n = parseNumber(printed);
  if (!n || n.percent) return false;
  ctx.candidates.push({
    key,
    value: { type: 'amount', yuan: toYuan(n.value, unit) },
    source,
    precision: { digits: n.digits, unitYuan: 10 ** UNIT_EXPONENT[unit] },
  });
  return true;
}

export function emitCount(ctx: InterpretContext, key: string, value: number, source: Source): void {
  ctx.candidates.push({ key, value: { type: 'count', value }, source });
}

export function emitText(ctx: InterpretContext, key: string, value: string, source: Source): void {
  ctx.candidates.push({ key, value: { type: 'text', value }, source });
}

export function addFinding(
  ctx: InterpretContext,
  code: string,
  severity: Severity,
  message: string,
  sources: readonly Source[],
  extra: { keys?: readonly string[]; expected?: string; found?: string } = {},
): void {
  ctx.findings.push({ code, severity, message, keys: extra.keys ?? [], sources, ...(extra.expected !== undefined ? { expected: extra.expected } : {}), ...(extra.found !== undefined ? { found: extra.found } : {}) });
}
