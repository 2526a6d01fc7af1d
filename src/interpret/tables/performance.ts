// Performance target tables (绩效目标表): indicators (三级指标 → 指标值) become perf.<name>;
// the label/value cells of the form part (部门预算编码, and in a whole-unit table the
// 年度预算安排 block: 基本支出 / 项目支出) become unit.code and exp.all.*.
import type { GridRow } from '../../core/types.ts';
import type { DocTable } from '../../segment/segment.ts';
import { compact } from '../../normalize/text.ts';
import { isOrgName, stripLevel, unitKey } from '../../normalize/org.ts';
import { parseUnitCaption } from '../../normalize/amount.ts';
import { emitAmount, emitText, sourceAt, type InterpretContext } from '../context.ts';
import { isNumericCell } from '../../model/frame.ts';
import { tableMethod, tableUnit } from './common.ts';
import { tableContext } from '../../model/table-label.ts';

const CODE_LABEL = /^(?:部门|单位)?(?:预算)?(?:编码|代码)$|^部门预算编码$|^单位编码$/u;

function filled(row: GridRow): Array<{ i: number; text: string; raw: string }> {
  return row.cells.map((c, i) => ({ i, text: c.text, raw: c.raw })).filter((c) => c.text !== '');
}

export function interpretPerformance(table: DocTable, ctx: InterpretContext): void {
  const method = tableMethod(table, ctx);
  const whole = /整体/u.test(table.title);
  let indicatorCol = -1;
  let valueCol = -1;
  let blockUnit = tableUnit(table, ctx);
  let project: string | null = null;
  let implementer: string | null = null;
  const docKey = ctx.identity.unit ? unitKey(ctx.identity.unit) : null;
  const unitName = ctx.identity.unit ? compact(ctx.identity.unit) : null;
  for (const row of table.rows) {
    const cells = filled(row);
    const texts = cells.map((c) => compact(c.text));
    const src = (raw: string) => sourceAt(ctx, row, method, raw.trim(), tableContext(table));
    // header of the indicator part
    const hi = texts.findIndex((t) => /^三级指标/u.test(t));
    const hv = texts.findIndex((t) => /^指标值/u.test(t));
    if (hi >= 0 && hv >= 0) {
      indicatorCol = cells[hi]!.i;
      valueCol = cells[hv]!.i;
      continue;
    }
    // a new project's form (项目名称, 资金总额 …) ends the indicators of the one before
    if (indicatorCol >= 0 && texts.some((t) => /^(?:项目名称|主管部门|实施单位|年度目标|项目资金|.*资金总额[：:]?)$/u.test(t))) indicatorCol = -1;
    if (indicatorCol >= 0) {
      let name = compact(row.cells[indicatorCol]?.text ?? '');
      let value = row.cells[valueCol]?.text ?? '';
      if (!name || !value) {
        // merged cells shifted the row: the last two filled cells are indicator and value
        if (cells.length >= 2) [name, value] = [compact(cells[cells.length - 2]!.text), cells[cells.length - 1]!.text];
      }
      if (name && value && !/^(?:一级|二级|三级)指标$/u.test(name) && !/指标$/u.test(name) && !/^其中|资金|预算数|执行数/u.test(name)) {
        emitText(ctx, `perf.${name}`, compact(value), src(value));
      }
      continue;
    }
    // form part: a label cell followed by its value (the next filled cell of the row)
    for (let k = 0; k < cells.length - 1; k++) {
      const label = texts[k]!;
      const next = cells[k + 1]!;
      const u = parseUnitCaption(label);
      if (u) blockUnit = u;
      if (CODE_LABEL.test(label) && /^[0-9A-Za-z-]{3,}$/.test(next.text)) emitText(ctx, 'unit.code', next.text, src(next.raw));
      // (the cell beside the label when it names an organisation: a form whose cells slipped puts 实施期限 there)
      if (/^主管部门$/u.test(label) && next.text !== '' && compact(next.text) !== unitName && !isNumericCell(next.text) && isOrgName(compact(next.text))) {
        emitText(ctx, 'unit.parent', compact(next.text), src(next.raw));
      }
      if (/^项目名称$/u.test(label) && !isNumericCell(next.text)) [project, implementer] = [compact(next.text), null];
      // a project carried out by one of the department's units is that unit's (units.<name>.proj…)
      if (/^实施单位$/u.test(label) && next.text !== '') implementer = unitKey(next.text) === docKey ? null : stripLevel(next.text);
      if (!isNumericCell(next.text)) continue;
      if (whole) {
        if (/^基本支出$/u.test(label)) emitAmount(ctx, 'exp.all.basic', next.text, blockUnit, src(next.raw));
        else if (/^项目支出$/u.test(label)) emitAmount(ctx, 'exp.all.project', next.text, blockUnit, src(next.raw));
      } else if (project && /^(?:资金总额|项目资金总额|年度资金总额|年度预算资金总额|项目总额|总额|合计)[：:]?$/u.test(label)) {
        emitAmount(ctx, `${implementer ? `units.${implementer}.` : ''}proj.${project}.total`, next.text, blockUnit, src(next.raw));
        project = null; // one total per project block
      }
    }
  }
}
