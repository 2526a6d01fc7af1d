// Two-panel summary tables: 收支总表 (B1/F1) and 财政拨款收支总表 (B4/F4). Each panel is a
// label column with the amount columns to its right; the panel whose labels are revenue
// sources is the revenue side. Expenditure rows are 功能类 names (with or without codes)
// and the totals (本年支出合计, 结转下年, 支出总计).
import type { GridRow } from '../../core/types.ts';
import type { DocTable } from '../../segment/segment.ts';
import { scopeOf, type Scope } from '../../segment/table-kind.ts';
import { compact } from '../../normalize/text.ts';
import { parseNumber } from '../../normalize/amount.ts';
import { alternation, vocabulary } from '../../normalize/vocabulary.ts';
import { measureOfHeader, revenueConcept, summaryExpConcept } from '../../model/lexicon.ts';
import { addFinding, emitAmount, sourceAt, type InterpretContext, cellWhere } from '../context.ts';
import { buildFrame, headerOf, isNumericCell, type Frame } from '../../model/frame.ts';
import { lookupName, ParentTracker } from './rows.ts';
import { splitCodeAndName, parseCodeText } from '../../normalize/codes.ts';
import { tableMethod, tableUnit } from './common.ts';
import { tableContext } from '../../model/table-label.ts';

interface Panel {
  label: number;
  amounts: number[];
  side: 'rev' | 'exp';
}

function isLabelColumn(frame: Frame, c: number): boolean {
  const cells = frame.dataRows.map((r) => r.cells[c]?.text ?? '').filter((t) => t !== '');
  if (cells.length === 0) return /项目|名称|科目/u.test(headerOf(frame, c).path);
  return cells.filter((t) => /[\u4e00-\u9fff]/u.test(t)).length / cells.length >= 0.5;
}

function findPanels(frame: Frame): Panel[] {
  const panels: Panel[] = [];
  for (let c = 0; c < frame.columns; c++) {
    const header = headerOf(frame, c).path;
    if (/行次|栏次/u.test(header)) continue;
    if (isLabelColumn(frame, c)) panels.push({ label: c, amounts: [], side: 'exp' });
    else if (panels.length > 0) panels[panels.length - 1]!.amounts.push(c);
  }
  for (const p of panels) {
    const labels = frame.dataRows.map((r) => r.cells[p.label]?.text ?? '');
    const rev = labels.filter((l) => revenueConcept(l, true)).length;
    const exp = labels.filter((l) => summaryExpConcept(l) || /支出/u.test(l)).length;
    const head = headerOf(frame, p.label).path + p.amounts.map((a) => headerOf(frame, a).path).join('');
    p.side = /收入/u.test(head) && !/支出/u.test(head) ? 'rev' : /支出/u.test(head) && !/收入/u.test(head) ? 'exp' : rev > exp ? 'rev' : 'exp';
  }
  return panels.filter((p) => p.amounts.length > 0);
}

export function interpretSummary(table: DocTable, ctx: InterpretContext): void {
  const frame = buildFrame(table.rows);
  const unit = tableUnit(table, ctx);
  const method = tableMethod(table, ctx);
  const fiscal = table.kind.scope !== 'all';
  const emit = (key: string, row: GridRow, col: number) => {
    const cell = row.cells[col];
    if (cell) emitAmount(ctx, key, cell.text, unit, sourceAt(ctx, cellWhere(row, cell), method, cell.raw.trim(), tableContext(table)));
  };
  for (const panel of findPanels(frame)) {
    if (panel.side === 'rev') {
      // revenue: only the first amount column is "this year" (others: 上年, 增减)
      const col = panel.amounts.find((a) => {
        const m = measureOfHeader(headerOf(frame, a).leaf, table.kind.final);
        return m === undefined || m === 'total';
      });
      if (col === undefined) continue;
      // fund rows under 上年结转 are carry-over by fund, not this year's appropriations
      let underCarry = false;
      for (const row of frame.dataRows) {
        const label = row.cells[panel.label]?.text ?? '';
        const field = revenueConcept(label, true);
        if (!field) {
          // an income line of no known kind (上年实户资金余额): the panel's sums cannot be checked as read
          const n = parseNumber(row.cells[col]?.text ?? '');
          if (label && !/^(?:收入|项目|栏次)$/u.test(compact(label)) && n && !n.percent && Number(n.value) !== 0 && !summaryExpConcept(label)) {
            addFinding(ctx, 'C01', 'info', `income line '${compact(label)}' of '${table.title}' is no revenue line the contract knows; it is not read`, [sourceAt(ctx, row, method, compact(label), tableContext(table))]);
          }
          continue;
        }
        if (field === 'carryover') underCarry = true;
        else if (field === 'total' || field === 'current_total') underCarry = false;
        else if (underCarry && (field === 'gpb' || field === 'gf' || field === 'soe')) continue;
        // a fiscal summary's totals and carry-over are fiscal only, not the document's: its
        // 本年收入 is the 财政拨款 revenue (rev.fiscal) where nothing is carried over; with a
        // carry-over, publishers differ on whether their fund revenue includes it, so none is read
        if (fiscal && field === 'current_total' && table.kind.scope === 'fiscal') {
          if (!carriesOver(frame, panel.label, col)) emit('rev.fiscal', row, col);
          continue;
        }
        if (fiscal && !(field === 'gpb' || field === 'gf' || field === 'soe')) continue;
        if (fiscal && ctx.fundLinesIncludeCarryOver && carriesOver(frame, panel.label, col)) continue;
        emit(`rev.${field}`, row, col);
      }
      continue;
    }
    const columns = expColumns(frame, panel, table.kind.scope, table.kind.final);
    const hasCurrent = frame.dataRows.some((r) => summaryExpConcept(r.cells[panel.label]?.text ?? '') === 'current_total');
    const tracker = new ParentTracker();
    for (const row of frame.dataRows) {
      const label = row.cells[panel.label]?.text ?? '';
      if (!label) continue;
      // in the spending panel a bare 合计/总计 is its total (支出总计), as in the income panel
      const total = summaryExpConcept(label) ?? (/^(?:合计|总计)$/u.test(compact(label)) ? 'total' : undefined);
      // a 支出用途 panel: 基本支出 / 项目支出 / 单位预留机动经费 rows
      const use = useConcept(label);
      if (use) {
        for (const c of columns) if (c.measure === 'total') emit(`exp.${fiscal ? c.scope : 'all'}.${use}`, row, c.col);
        continue;
      }
      if (total) {
        // a total whose own cells are empty may print its figure in the next panel's column
        const own = columns.some((c) => isNumericCell(row.cells[c.col]?.text ?? ''));
        if (!own) {
          const right = row.cells.findIndex((cell, i) => i > panel.label && isNumericCell(cell.text) && !/行次|栏次/u.test(headerOf(frame, i).path));
          if (right >= 0 && columns[0]) {
            if (!fiscal) emit(`exp.${total}`, row, right);
            else if (total === 'current_total' || (total === 'total' && !hasCurrent)) emit(`exp.${columns[0].scope}.total`, row, right);
          }
          continue;
        }
        for (const c of columns) {
          if (!fiscal) {
            if (c.measure === 'total') emit(`exp.${total}`, row, c.col);
            else if (total === 'current_total' || total === 'total') emit(`exp.all.${c.measure}`, row, c.col);
          } else if (total === 'current_total' || (total === 'total' && !hasCurrent)) {
            emit(`exp.${c.scope}.${c.measure}`, row, c.col);
          }
        }
        continue;
      }
      const code = classCode(label, tracker, ctx);
      if (!code) continue;
      for (const c of columns) emit(`exp.${c.scope}.func.${code}.${c.measure}`, row, c.col);
    }
  }
}

const USES = (['basic', 'project', 'reserve'] as const).map((k) => [k, new RegExp(alternation(vocabulary().labels[k]), 'u')] as const);

/** A 支出用途 row: 基本支出 / 项目支出 / 单位预留机动经费, or their regional names (人员经费和公用经费支出, 专项业务经费支出). */
/** Does the revenue panel show a carry-over (上年结转) other than blank or 0? */
function carriesOver(frame: Frame, labelCol: number, col: number): boolean {
  let under = false;
  for (const r of frame.dataRows) {
    const f = revenueConcept(r.cells[labelCol]?.text ?? '', true);
    if (f === 'carryover') under = true;
    else if (f === 'total' || f === 'current_total') under = false;
    if ((f === 'carryover' || under) && Number(parseNumber(r.cells[col]?.text ?? '')?.value ?? 0) !== 0) return true;
  }
  return false;
}

function useConcept(label: string): 'basic' | 'project' | 'reserve' | undefined {
  const s = compact(label).replace(/^[一二三四五六七八九十]+、|^\d+[.、．]/u, '');
  return USES.find(([, re]) => re.test(s))?.[0];
}

/** A 功能类 row: "一、一般公共服务支出", "201 一般公共服务支出", or a code cell. */
function classCode(label: string, tracker: ParentTracker, ctx: InterpretContext): string | undefined {
  const printed = splitCodeAndName(label);
  if (printed) return printed.code;
  const code = parseCodeText(label);
  if (code) return code;
  const id = lookupName(label, 'func', tracker, ctx);
  return id.kind === 'code' && id.code.length === 3 ? id.code : undefined;
}

/** The expenditure panel's amount columns: a measure (合计/基本/项目…) and a fund scope each. */
function expColumns(frame: Frame, panel: Panel, tableScope: Scope, final: boolean): Array<{ col: number; measure: string; scope: Scope }> {
  const out: Array<{ col: number; measure: string; scope: Scope }> = [];
  for (const c of panel.amounts) {
    const { leaf, path } = headerOf(frame, c);
    const fund = scopeOf(leaf);
    const m = measureOfHeader(leaf, final) ?? measureOfHeader(path, final);
    if (m === 'prior' || m === 'change' || m === 'ignore' || m === 'budget') continue;
    if (fund) out.push({ col: c, measure: 'total', scope: fund });
    else if (m) out.push({ col: c, measure: m, scope: tableScope });
    else if (out.length === 0 && frame.dataRows.some((r) => isNumericCell(r.cells[c]?.text ?? ''))) out.push({ col: c, measure: 'total', scope: tableScope });
  }
  // a column headed by its fund only once (一般公共预算 | 政府性基金 …) under a 合计 that is the fiscal total
  return out.filter((x, i) => out.findIndex((y) => y.measure === x.measure && y.scope === x.scope) === i || compact(headerOf(frame, x.col).leaf) === '');
}
