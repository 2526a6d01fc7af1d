// 收入总表 (B2/F2): columns are revenue sources. Its 合计 row gives the document's rev.*;
// in a consolidated 部门 table, a row per unit gives units.<unit name>.rev.*. Rows by
// functional code have no key of their own in the contract.
import type { DocTable } from '../../segment/segment.ts';
import { compact } from '../../normalize/text.ts';
import { parseNumber } from '../../normalize/amount.ts';
import { isOrgName, stripLevel } from '../../normalize/org.ts';
import { parseCodeText, splitCodeAndName } from '../../normalize/codes.ts';
import { revenueConcept, type RevField } from '../../model/lexicon.ts';
import { emitAmount, sourceAt, type InterpretContext, cellWhere } from '../context.ts';
import { buildFrame, groupRows, headerOf, isTotalLabel } from '../../model/frame.ts';
import { tableMethod, tableUnit } from './common.ts';
import { tableContext } from '../../model/table-label.ts';

export function interpretRevenue(table: DocTable, ctx: InterpretContext): void {
  const frame = buildFrame(table.rows);
  const unit = tableUnit(table, ctx);
  const method = tableMethod(table, ctx);
  const cols: Array<{ col: number; field: RevField }> = [];
  for (let c = 0; c < frame.columns; c++) {
    if (c === frame.nameColumn || frame.codeColumns.includes(c)) continue;
    const { leaf, path, parent } = headerOf(frame, c);
    if (/上年|增减/u.test(path) && !/结转/u.test(path)) continue;
    if (/^其中/u.test(leaf)) continue; // "其中：专项资金…" is part of the column before it
    // "一般公共预算拨款 / 小计": a generic leaf is its parent's source
    const generic = /^(?:合计|小计|总计|收入合计|收入总计)$/u.test(leaf);
    const fromParent = generic && parent ? revenueConcept(frame.headers[c]!.at(-2) ?? '', true) : undefined;
    const field = fromParent ?? (generic ? 'total' : revenueConcept(leaf, true) ?? revenueConcept(path, true));
    // the first column of a source is the source (总计 before 部门预算/合计)
    if (field && !cols.some((x) => x.field === field)) cols.push({ col: c, field });
  }
  // 合计 includes the carry-over only when the table has a carry-over column
  const hasCarry = cols.some((c) => c.field === 'carryover');
  const resolved = cols.map((c) => (c.field === 'total' && !hasCarry ? { ...c, field: 'current_total' as RevField } : c));
  const unitName = ctx.identity.unit ? stripLevel(ctx.identity.unit) : null;
  // the 合计 row, its label in the name column or in the code column before it ("合计 | | 64,090.74")
  const labelOf = (r: (typeof frame.dataRows)[number]) => [frame.nameColumn ?? 0, ...frame.codeColumns, 0].map((c) => r.cells[c]?.text ?? '').find((t) => t !== '') ?? '';
  const totalRow = frame.dataRows.find((r) => isTotalLabel(labelOf(r)));
  // blank and 0.00 are the same figure here
  const num = (t: string | undefined) => parseNumber(t ?? '')?.value ?? '0';
  const sameAsTotal = (row: typeof totalRow) => resolved.every((c) => num(row?.cells[c.col]?.text) === num(totalRow?.cells[c.col]?.text));
  const groups = groupRows(frame);
  for (const row of frame.dataRows) {
    // a department's row above its units (by unit id) repeats the 合计
    if (groups.has(row) && totalRow) continue;
    const name = frame.nameColumn !== undefined ? row.cells[frame.nameColumn]?.text ?? '' : row.cells[0]?.text ?? '';
    const codeCell = frame.codeColumns.length ? row.cells[frame.codeColumns[0]!]?.text ?? '' : '';
    let prefix: string;
    if (row === totalRow || isTotalLabel(name) || (!name && isTotalLabel(codeCell))) prefix = 'rev';
    else if (parseCodeText(codeCell) || splitCodeAndName(name) || /^\d{3,}/.test(codeCell)) continue;
    else if (unitName && stripLevel(name) === unitName) {
      // the unit's own row: the same as 合计 in a single-unit table (nothing new), or its
      // own part (本级) beside the department's 合计 — or beside the department's own row, the
      // total where no 合计 is printed ("某市某局" above "某市某局（本级）")
      if (totalRow && sameAsTotal(row)) continue;
      const tagged = compact(name) !== unitName;
      const departmentRow = frame.dataRows.some((r) => r !== row && compact(labelOf(r)) === unitName);
      prefix = totalRow ? `units.${unitName}.rev` : tagged && departmentRow ? `units.${compact(name)}.rev` : 'rev';
    }
    else if (isOrgName(name)) prefix = `units.${stripLevel(name)}.rev`;
    else continue;
    for (const c of resolved) {
      const cell = row.cells[c.col];
      if (cell) emitAmount(ctx, `${prefix}.${c.field}`, cell.text, unit, sourceAt(ctx, cellWhere(row, cell), method, cell.raw.trim(), tableContext(table)));
    }
  }
}
