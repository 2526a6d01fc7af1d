// Small tables with one figure per row or per column: 政府采购 (B12: 合计 / 货物 / 工程 /
// 服务) and 机关运行经费 (B13: its 合计).
import type { GridRow } from '../../core/types.ts';
import type { DocTable } from '../../segment/segment.ts';
import { compact } from '../../normalize/text.ts';
import { procurementConcept } from '../../model/lexicon.ts';
import { emitAmount, sourceAt, type InterpretContext, cellWhere } from '../context.ts';
import { buildFrame, headerOf, isNumericCell, isTotalLabel } from '../../model/frame.ts';
import { tableMethod, tableUnit } from './common.ts';
import { tableContext } from '../../model/table-label.ts';

/** The column holding a row's figure: the one headed 合计/总计/金额, else the last numeric one. */
function amountColumn(row: GridRow, preferred: number | undefined): number | undefined {
  if (preferred !== undefined && isNumericCell(row.cells[preferred]?.text ?? '')) return preferred;
  for (let i = row.cells.length - 1; i >= 0; i--) if (isNumericCell(row.cells[i]!.text)) return i;
  return undefined;
}

export function interpretProcurement(table: DocTable, ctx: InterpretContext): void {
  const frame = buildFrame(table.rows);
  const unit = tableUnit(table, ctx);
  const method = tableMethod(table, ctx);
  const emit = (key: string, row: GridRow, col: number) =>
    emitAmount(ctx, key, row.cells[col]!.text, unit, sourceAt(ctx, cellWhere(row, row.cells[col]), method, row.cells[col]!.raw.trim(), tableContext(table)));
  // columns layout: 货物 | 工程 | 服务 | 合计 over the rows
  const cols = [...Array(frame.columns).keys()].map((c) => ({ c, f: procurementConcept(headerOf(frame, c).leaf) })).filter((x) => x.f && x.f !== 'total' || /^(?:合计|总计)$/u.test(headerOf(frame, x.c).leaf));
  if (cols.filter((x) => x.f !== 'total').length >= 2) {
    const total = frame.dataRows.find((r) => r.cells.some((c) => isTotalLabel(c.text))) ?? (frame.dataRows.length === 1 ? frame.dataRows[0] : undefined);
    if (total) for (const x of cols) if (isNumericCell(total.cells[x.c]?.text ?? '')) emit(`proc.${x.f ?? 'total'}`, total, x.c);
    return;
  }
  const preferred = [...Array(frame.columns).keys()].find((c) => /^(?:合计|总计|金额|预算金额|采购预算|预算数)$/u.test(headerOf(frame, c).leaf));
  for (const row of frame.dataRows) {
    const label = compact(row.cells.find((c) => c.text !== '')?.text ?? '');
    // only the top rows: 合计 and the categories (一、货物 …), not the items under them
    if (!(isTotalLabel(label) || /^[一二三四五六七八九十]+、/u.test(label) || /^(?:货物|工程|服务)/u.test(label))) continue;
    const f = isTotalLabel(label) ? 'total' : procurementConcept(label);
    const col = amountColumn(row, preferred);
    if (f && col !== undefined) emit(`proc.${f}`, row, col);
  }
}

export function interpretOps(table: DocTable, ctx: InterpretContext): void {
  const frame = buildFrame(table.rows);
  const unit = tableUnit(table, ctx);
  const method = tableMethod(table, ctx);
  const total = frame.dataRows.find((r) => r.cells.some((c) => isTotalLabel(c.text)));
  if (!total) return;
  const col = amountColumn(total, undefined);
  if (col !== undefined) emitAmount(ctx, 'ops.total', total.cells[col]!.text, unit, sourceAt(ctx, cellWhere(total, total.cells[col]), method, total.cells[col]!.raw.trim(), tableContext(table)));
}
