// 项目支出表 (B10): one row per project, its figure under 合计/总计. A project listed under one
// of the department's units (单位名称 column, or a unit row above it) is that unit's.
import type { DocTable } from '../../segment/segment.ts';
import { compact } from '../../normalize/text.ts';
import { addDecimals, parseNumber } from '../../normalize/amount.ts';
import { isOrgName, stripLevel, unitKey } from '../../normalize/org.ts';
import { measureOfHeader } from '../lexicon.ts';
import { emitAmount, sourceAt, type InterpretContext } from '../context.ts';
import { amountColumns, buildFrame, headerOf, isNumericCell, isTotalLabel } from './frame.ts';
import { tableContext, tableMethod, tableUnit } from './common.ts';

export function interpretProjects(table: DocTable, ctx: InterpretContext): void {
  const frame = buildFrame(table.rows);
  const unit = tableUnit(table, ctx);
  const method = tableMethod(table, ctx);
  const cols = [...Array(frame.columns).keys()];
  const nameCol = cols.find((c) => /项目名称|^项目$|支出项目/u.test(headerOf(frame, c).path)) ?? frame.nameColumn;
  const unitCol = cols.find((c) => (frame.headers[c] ?? []).some((h) => /^(?:单位名称|预算单位|单位|实施单位)$/u.test(h)));
  // money columns only: never the 序号 or the 单位编码 beside the names
  const money = amountColumns(frame).filter((c) => c !== nameCol);
  const amountCol = money.find((c) => measureOfHeader(headerOf(frame, c).leaf, table.kind.final) === 'total') ?? money.find((c) => frame.dataRows.some((r) => isNumericCell(r.cells[c]?.text ?? '')));
  if (nameCol === undefined || amountCol === undefined) return;
  const docKey = ctx.identity.unit ? unitKey(ctx.identity.unit) : null;
  let sectionUnit: string | null = null;
  // a project name on several rows (one per unit, the units unnamed): the whole is their sum
  const rows = new Map<string, Array<{ value: string; source: ReturnType<typeof sourceAt> }>>();
  for (const row of frame.dataRows) {
    const name = compact(row.cells[nameCol]?.text ?? '');
    if (!name || isTotalLabel(name)) continue;
    const rowUnit = unitCol !== undefined ? row.cells[unitCol]?.text ?? '' : '';
    // a unit's own row heads the projects below it ("深圳市统计局（本级） | 1,313.80 …")
    if (isOrgName(name) && !rowUnit) {
      sectionUnit = unitKey(name) === docKey ? null : stripLevel(name);
      continue;
    }
    const owner = rowUnit ? (unitKey(rowUnit) === docKey ? null : stripLevel(rowUnit)) : sectionUnit;
    const cell = row.cells[amountCol];
    const n = cell ? parseNumber(cell.text) : undefined;
    if (!cell || !n || n.percent) continue;
    const key = `${owner ? `units.${owner}.` : ''}proj.${name}.total`;
    rows.set(key, [...(rows.get(key) ?? []), { value: n.value, source: sourceAt(ctx, row, method, cell.raw.trim(), tableContext(table)) }]);
  }
  for (const [key, parts] of rows) {
    if (parts.length === 1) emitAmount(ctx, key, parts[0]!.value, unit, parts[0]!.source);
    else emitAmount(ctx, key, addDecimals(parts.map((p) => p.value)), unit, { ...parts[0]!.source, method: 'derived', text: parts.map((p) => p.source.text).join(' + ') });
  }
}
