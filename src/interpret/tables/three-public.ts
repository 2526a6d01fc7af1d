// "三公"经费 tables (B7/F7), printed either as rows (合计 / 因公出国（境）费 / …) or as
// columns with one data row per year. Scope: the fund in the title; none named = 财政拨款.
import type { GridRow } from '../../core/types.ts';
import type { DocTable } from '../../segment/segment.ts';
import { measureOfHeader, threePublicConcept, type TpField } from '../../model/lexicon.ts';
import { emitAmount, sourceAt, type InterpretContext, cellWhere } from '../context.ts';
import { buildFrame, groupRows, headerOf, isNumericCell, isTotalLabel, type Frame } from '../../model/frame.ts';
import { isOrgName, stripLevel } from '../../normalize/org.ts';
import { tableMethod, tableUnit } from './common.ts';
import { tableContext } from '../../model/table-label.ts';
import { scopeOf } from '../../segment/table-kind.ts';

type Suffix = '' | '_prior' | '_change' | '_budget';

function suffixOf(header: string, final: boolean): Suffix | null {
  const m = measureOfHeader(header, final);
  if (m === 'prior') return '_prior';
  if (m === 'change') return '_change';
  if (m === 'ignore') return null;
  if (m === 'budget') return final ? '_budget' : '';
  if (/决算/u.test(header)) return '';
  return '';
}

/** A column's field: its leaf header, or its parent where the leaf is only 小计/合计. */
function columnField(frame: Frame, c: number): { field: TpField; path: string } | undefined {
  const h = frame.headers[c] ?? [];
  for (let i = h.length - 1; i >= 0; i--) {
    const f = threePublicConcept(h[i]!);
    if (f && !(f === 'total' && /^(?:小计|合计)$/u.test(h[i]!) && i > 0 && threePublicConcept(h.slice(0, i).join('')) !== undefined)) return { field: f, path: h.join('') };
    if (f) continue;
  }
  return undefined;
}

export function interpretThreePublic(table: DocTable, ctx: InterpretContext): void {
  const frame = buildFrame(table.rows);
  const unit = tableUnit(table, ctx);
  const method = tableMethod(table, ctx);
  const scope = table.kind.scope === 'all' ? 'fiscal' : table.kind.scope;
  // a column may be one fund's share (总计 / 一般公共预算 | 政府性基金预算 …)
  const columnScope = (col: number) => {
    for (const h of frame.headers[col] ?? []) {
      const s = scopeOf(h);
      if (s) return s;
    }
    return scope;
  };
  let prefix = '';
  const emit = (field: TpField, suffix: Suffix, row: GridRow, col: number) => {
    const cell = row.cells[col];
    if (cell) emitAmount(ctx, `${prefix}tp.${columnScope(col)}.${field}${suffix}`, cell.text, unit, sourceAt(ctx, cellWhere(row, cell), method, cell.raw.trim(), tableContext(table)));
  };
  const labelCol = frame.nameColumn ?? 0;
  const rowFields = frame.dataRows.map((r) => threePublicConcept(r.cells[labelCol]?.text ?? ''));
  if (rowFields.filter(Boolean).length >= 2) {
    // rows layout: amount columns by header (预算数 / 上年预算数 / 增减)
    for (let c = 0; c < frame.columns; c++) {
      if (c === labelCol) continue;
      if (!frame.dataRows.some((r) => isNumericCell(r.cells[c]?.text ?? ''))) continue;
      const suffix = suffixOf(headerOf(frame, c).path, table.kind.final);
      if (suffix === null) continue;
      frame.dataRows.forEach((r, i) => {
        const f = rowFields[i];
        if (f) emit(f, suffix, r, c);
      });
    }
    return;
  }
  // columns layout: one field per column; rows are years (本年/上年) or a single row
  const cols = [...Array(frame.columns).keys()].map((c) => ({ c, f: columnField(frame, c) })).filter((x) => x.f);
  const hasMeetingOrTraining = cols.some((x) => x.f!.field === 'meeting' || x.f!.field === 'training');
  const colsUsed = cols.filter((x) => !(hasMeetingOrTraining && x.f!.field === 'total' && !/三公/u.test(x.f!.path)));
  const year = ctx.identity.year;
  const docUnit = ctx.identity.unit ? stripLevel(ctx.identity.unit) : null;
  const hasTotalRow = frame.dataRows.some((r) => r.cells.some((c) => isTotalLabel(c.text)));
  const groups = groupRows(frame);
  for (const row of frame.dataRows) {
    // a department's row above its units repeats the 合计; without a 合计 it is the total
    if (groups.has(row) && hasTotalRow) continue;
    if (groups.has(row)) prefix = '';
    const label = row.cells.filter((c) => c.text !== '' && !isNumericCell(c.text)).map((c) => c.text).join(' ');
    // a table by unit: 合计 is the department's, each unit's row its own
    const org = groups.has(row) ? undefined : row.cells.find((c) => isOrgName(c.text));
    if (org && hasTotalRow) prefix = `units.${stripLevel(org.text)}.`;
    else if (org && docUnit && stripLevel(org.text) !== docUnit) prefix = `units.${stripLevel(org.text)}.`;
    else if (!org || isTotalLabel(label)) prefix = prefix && !isTotalLabel(label) ? prefix : '';
    // rows by year (2025年 / 2026年): last year's row is the prior figure
    const rowYear = /(20\d{2})年/u.exec(label)?.[1];
    if (rowYear && year && Number(rowYear) > year) continue;
    const suffix = /上年/u.test(label) || (rowYear && year && Number(rowYear) < year) ? '_prior' : /增减|比上年/u.test(label) ? '_change' : table.kind.final && /预算/u.test(label) ? '_budget' : '';
    for (const { c, f } of colsUsed) {
      // a column group may say which figure it holds (预算数 | 决算数, 上年 | 本年)
      const group = suffixOf(frame.headers[c]?.[0] ?? '', table.kind.final);
      if (group === null) continue;
      // column groups by year (2025年 | 2026年): last year's is the prior figure
      const colYear = /(20\d{2})年/u.exec((frame.headers[c] ?? []).join(''))?.[1];
      if (colYear && year && Number(colYear) > year) continue;
      if (colYear && year && Number(colYear) < year) {
        emit(f!.field, '_prior', row, c);
        continue;
      }
      emit(f!.field, (suffix || group) as Suffix, row, c);
    }
  }
}
