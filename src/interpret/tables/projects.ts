// 项目支出表 (B10): one row per project, its figure under 合计/总计. A project listed under one
// of the department's units (单位名称 column, or a unit row above it) is that unit's.
// (The rows themselves are read by model/project-rows.ts, which validation reads too.)
import type { DocTable } from '../../segment/segment.ts';
import type { Source } from '../../core/types.ts';
import { addDecimals } from '../../normalize/amount.ts';
import { nestProjectRows, readProjectRows } from '../../model/project-rows.ts';
import { tableContext } from '../../model/table-label.ts';
import { emitAmount, sourceAt, type InterpretContext } from '../context.ts';
import { tableMethod, tableUnit } from './common.ts';

export function interpretProjects(table: DocTable, ctx: InterpretContext): void {
  const unit = tableUnit(table, ctx);
  const method = tableMethod(table, ctx);
  const printed = readProjectRows(table, ctx.identity.unit);
  // A project's name again on a row it heads ("援藏资金 14,200,000" over "援藏资金 7,100,000" and
  // "援藏资金项目 7,100,000") is a detail of that project, not more of it.
  const { parent } = nestProjectRows(printed);
  const headedBySameName = (i: number): boolean => {
    for (let h = parent[i]; h !== null && h !== undefined; h = parent[h]) if (printed[h]!.key === printed[i]!.key) return true;
    return false;
  };
  // a project name on several rows (one per unit, the units unnamed): the whole is their sum
  const rows = new Map<string, Array<{ value: string; source: Source }>>();
  printed.forEach((p, i) => {
    if (headedBySameName(i)) return;
    const source = sourceAt(ctx, p.row, method, p.raw, tableContext(table));
    rows.set(p.key, [...(rows.get(p.key) ?? []), { value: p.value, source }]);
  });
  for (const [key, parts] of rows) {
    if (parts.length === 1) emitAmount(ctx, key, parts[0]!.value, unit, parts[0]!.source);
    else emitAmount(ctx, key, addDecimals(parts.map((p) => p.value)), unit, { ...parts[0]!.source, method: 'derived', text: parts.map((p) => p.source.text).join(' + ') });
  }
}
