// Small helpers every table interpreter uses: its unit and its method (its context label is
// model/table-label.ts, which validation reads too).
import type { Method } from '../../core/types.ts';
import type { MoneyUnit } from '../../normalize/amount.ts';
import type { DocTable } from '../../segment/segment.ts';
import type { InterpretContext } from '../context.ts';

/** The table's own caption wins; a table without one takes the document's prevailing unit. */
export function tableUnit(table: DocTable, ctx: InterpretContext): MoneyUnit {
  return ctx.tableUnits?.get(table) ?? table.unit ?? ctx.defaultUnit;
}

/** Tables read from OCR'd pages carry `ocr-table`. */
export function tableMethod(table: DocTable, ctx: InterpretContext): Method {
  const page = table.rows[0]?.page;
  const p = ctx.pageMethods.get(page ?? -1);
  return p === 'ocr' ? 'ocr-table' : 'table';
}
