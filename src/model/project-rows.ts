// The project rows of a 项目支出表 (B10) as printed: one row per project, its figure under
// 合计/总计, the unit it is listed under, and how the rows nest. Read by the interpreter
// (interpret/tables/projects.ts) and by the cross-table checks alike.
import type { DocTable } from '../segment/segment.ts';
import Big from 'big.js';
import { compact } from '../normalize/text.ts';
import { nestRows, type Nesting } from '../normalize/nesting.ts';
import type { GridRow } from '../core/types.ts';
import { parseNumber } from '../normalize/amount.ts';
import { isOrgName, isUnitName, stripLevel, unitKey } from '../normalize/org.ts';
import { measureOfHeader } from './lexicon.ts';
import { amountColumns, buildFrame, headerOf, isNumericCell, isTotalLabel } from './frame.ts';

/** One printed project row: its key, its figure as printed, and where. */
export interface ProjectRow {
  readonly key: string;
  readonly value: string;
  readonly digits: number;
  readonly row: GridRow;
  readonly raw: string;
}

/**
 * The project rows of a 项目支出表 in printed order, unit rows and totals left out. `docUnit`
 * is the document's unit: its projects are keyed `proj.…`, the other units' `units.<unit>.proj.…`.
 */
export function readProjectRows(table: DocTable, docUnit: string | null): ProjectRow[] {
  return readProjectTable(table, docUnit).rows;
}

/** The project rows and the table's own 合计 row (the first total printed), as printed. */
export function readProjectTable(table: DocTable, docUnit: string | null): { rows: ProjectRow[]; total: Omit<ProjectRow, 'key'> | null } {
  const frame = buildFrame(table.rows);
  const cols = [...Array(frame.columns).keys()];
  const nameCol = cols.find((c) => /项目名称|^项目$|支出项目/u.test(headerOf(frame, c).path)) ?? frame.nameColumn;
  const unitCol = cols.find((c) => (frame.headers[c] ?? []).some((h) => /^(?:单位名称|预算单位|单位|实施单位)$/u.test(h)));
  // money columns only: never the 序号 or the 单位编码 beside the names
  const money = amountColumns(frame).filter((c) => c !== nameCol);
  const amountCol = money.find((c) => measureOfHeader(headerOf(frame, c).leaf, table.kind.final) === 'total') ?? money.find((c) => frame.dataRows.some((r) => isNumericCell(r.cells[c]?.text ?? '')));
  if (nameCol === undefined || amountCol === undefined) return { rows: [], total: null };
  const docKey = docUnit ? unitKey(docUnit) : null;
  let sectionUnit: string | null = null;
  const out: ProjectRow[] = [];
  let total: Omit<ProjectRow, 'key'> | null = null;
  const codeCol = cols.find((c) => frame.roles[c] === 'id' && c !== nameCol && c !== unitCol);
  const hasCode = (r: (typeof frame.dataRows)[number]): boolean => {
    const t = codeCol === undefined ? '' : compact(r.cells[codeCol]?.text ?? '');
    return t !== '' && !isTotalLabel(t);
  };
  const named = frame.dataRows.filter((r) => compact(r.cells[nameCol]?.text ?? '') !== '' && !isTotalLabel(compact(r.cells[nameCol]?.text ?? '')));
  // the heads are the few (a table whose projects carry codes and whose unit rows do not is the other way)
  const coded = named.filter(hasCode).length;
  const codesMarkHeads = coded > 0 && 2 * coded < named.length;
  for (const row of frame.dataRows) {
    const name = compact(row.cells[nameCol]?.text ?? '');
    // the 合计 may sit in the first column, beside an empty name (合计 | | 8,490,507.50)
    if (!total && (isTotalLabel(name) || (!name && row.cells.some((c) => isTotalLabel(compact(c.text)))))) {
      const t = row.cells[amountCol];
      const v = t ? parseNumber(t.text) : undefined;
      if (t && v && !v.percent) total = { value: v.value, digits: v.digits, row, raw: t.raw.trim() };
    }
    if (!name || isTotalLabel(name)) continue;
    const rowUnit = unitCol !== undefined ? row.cells[unitCol]?.text ?? '' : '';
    // A unit's own row heads the projects below it ("某市某局（本级） | 1,313.80 …"). Where
    // only some rows carry a unit code ("263001 | 某市某局"), those are the heads
    // (units, or the 全额/差额 groups above them) whatever their names; elsewhere a unit's row is
    // told by its name (a project's name may end in an organisation's: "…博览会（…市某局）").
    const head = codesMarkHeads ? hasCode(row) : !rowUnit && isOrgName(name) && isUnitName(name);
    if (head) {
      if (isOrgName(name)) sectionUnit = unitKey(name) === docKey ? null : stripLevel(name);
      continue;
    }
    const owner = rowUnit ? (unitKey(rowUnit) === docKey ? null : stripLevel(rowUnit)) : sectionUnit;
    const cell = row.cells[amountCol];
    const n = cell ? parseNumber(cell.text) : undefined;
    if (!cell || !n || n.percent) continue;
    out.push({ key: `${owner ? `units.${owner}.` : ''}proj.${name}.total`, value: n.value, digits: n.digits, row, raw: cell.raw.trim() });
  }
  return { rows: out, total };
}

/** How the rows nest: which rows head the rows below them (normalize/nesting.ts). */
export function nestProjectRows(rows: readonly ProjectRow[]): Nesting {
  return nestRows(rows.map((p) => ({ value: new Big(p.value), half: new Big(10).pow(-p.digits).div(2) })));
}
