// Tables whose rows are classification items: 支出总表 (B3), the fund 支出表 (B5, B8, B9),
// the economic tables (B6), and their final-account twins. A row gives
// exp.<scope>.<func|econ|gecon>.<code>.<measure>; the 合计 row gives exp.<scope>.<measure>.
import type { DocTable } from '../../segment/segment.ts';
import type { ClassKind } from '../../normalize/catalogue.ts';
import { measureOfHeader, type ExpMeasure } from '../../model/lexicon.ts';
import { addFinding, emitAmount, sourceAt, type InterpretContext, cellWhere } from '../context.ts';
import { amountColumns, buildFrame, groupRows, headerOf, type Frame } from '../../model/frame.ts';
import { identifyRow, ParentTracker } from './rows.ts';
import { tableMethod, tableUnit } from './common.ts';
import { tableContext } from '../../model/table-label.ts';
import { stripLevel } from '../../normalize/org.ts';
import { addDecimals, parseNumber } from '../../normalize/amount.ts';

type ColumnMeasure = { col: number; measure: ExpMeasure; suffix: '' | '_prior' | '_change' | '_budget' };

export function columnMeasures(frame: Frame, table: DocTable, ctx: InterpretContext): ColumnMeasure[] {
  const out: ColumnMeasure[] = [];
  const skip = new Set([...frame.codeColumns, ...(frame.nameColumn !== undefined ? [frame.nameColumn] : [])]);
  for (let c = 0; c < frame.columns; c++) {
    // only money columns: never a code, an id, a share or a text column, whatever its header
    if (skip.has(c) || frame.roles[c] !== 'amount') continue;
    const { leaf, path, parent } = headerOf(frame, c);
    let m = measureOfHeader(leaf, table.kind.final) ?? measureOfHeader(path, table.kind.final);
    // "基本支出 / 小计": a generic leaf takes its parent's measure
    const parentMeasure = parent ? measureOfHeader(frame.headers[c]!.at(-2) ?? '', table.kind.final) : undefined;
    // under a measure it is that measure (基本支出 / 小计); under anything else it stays a total,
    // and a later total column (2026年政府采购 / 小计) gives way to the first below
    if (/^(?:小计|合计)$/u.test(leaf) && parentMeasure && parentMeasure !== 'total') m = parentMeasure;
    let suffix: ColumnMeasure['suffix'] = '';
    // "上年预算 | 合计" style: the parent says which year, the leaf which measure
    const p = parent ? measureOfHeader(parent, table.kind.final) : undefined;
    if (p === 'prior' || p === 'change' || p === 'budget') {
      suffix = p === 'prior' ? '_prior' : p === 'change' ? '_change' : '_budget';
      const leafM = measureOfHeader(leaf, table.kind.final);
      m = leafM && leafM !== 'prior' && leafM !== 'change' && leafM !== 'budget' && leafM !== 'ignore' ? leafM : 'total';
    }
    const headedYear = /(20\d{2})年/u.exec(path)?.[1];
    if (headedYear && ctx.identity.year && Number(headedYear) < ctx.identity.year && (m === 'total' || m === undefined)) m = 'prior';
    if (m === 'prior') [m, suffix] = ['total', '_prior'];
    else if (m === 'change') [m, suffix] = ['total', '_change'];
    else if (m === 'budget') [m, suffix] = table.kind.final ? ['total', '_budget'] : ['total', ''];
    if (!m || m === 'ignore') continue;
    // a 基本支出 (项目支出) table's single amount column is 基本支出 (项目支出)
    if (table.kind.basicOnly && m === 'total') m = 'basic';
    if (table.kind.projectOnly && m === 'total') m = 'project';
    out.push({ col: c, measure: m, suffix });
    // a panel headed 人员经费 / 公用经费 over its one amount column says which part it is
    const group = measureOfHeader(frame.headers[c]?.[0] ?? '', table.kind.final);
    if ((m === 'basic' || m === 'total') && (group === 'personnel' || group === 'public')) out.push({ col: c, measure: group, suffix });
  }
  // two columns of one measure (项目支出总数 | 扣除基建项目后预算数): the first is the measure
  const firsts = out.filter((m, i) => out.findIndex((x) => x.measure === m.measure && x.suffix === m.suffix) === i);
  out.length = 0;
  out.push(...firsts);
  // one unlabeled amount column in a single-measure table: it is the total
  if (out.length === 0) {
    const amountCols = amountColumns(frame).filter((c) => !skip.has(c) && frame.dataRows.some((r) => /\d/.test(r.cells[c]?.text ?? '')));
    if (amountCols.length === 1) out.push({ col: amountCols[0]!, measure: table.kind.basicOnly ? 'basic' : table.kind.projectOnly ? 'project' : 'total', suffix: '' });
  }
  return out;
}

/**
 * Side-by-side panels (决算 F6: 人员经费 code|name|决算数 | 公用经费 code|name|决算数 | …): each
 * panel starts at a code column. Returns the column ranges, or one range for an ordinary table.
 */
function panels(frame: ReturnType<typeof buildFrame>): Array<[number, number]> {
  const starts = [...Array(frame.columns).keys()].filter((c) => /^(?:科目代码|科目编码|功能分类科目编码|经济分类科目编码|编码|代码)$/u.test(frame.headers[c]?.at(-1) ?? ''));
  if (starts.length < 2) return [[0, frame.columns]];
  return starts.map((s, i) => [s, starts[i + 1] ?? frame.columns]);
}

export function interpretClassified(table: DocTable, ctx: InterpretContext): void {
  const whole = buildFrame(table.rows);
  const ranges = panels(whole);
  if (ranges.length > 1) {
    // interpret each panel as a table of its own (its header cells travel with its columns)
    for (const [a, b] of ranges) {
      const rows = table.rows.map((r) => ({ ...r, cells: r.cells.slice(a, b) }));
      interpretPanel({ ...table, rows }, ctx);
    }
    return;
  }
  interpretPanel(table, ctx);
}

function interpretPanel(table: DocTable, ctx: InterpretContext): void {
  const frame = buildFrame(table.rows);
  const kind: ClassKind = table.kind.classification === 'econ' ? 'econ' : table.kind.classification === 'gecon' ? 'gecon' : 'func';
  const scope = table.kind.scope;
  const unit = tableUnit(table, ctx);
  const method = tableMethod(table, ctx);
  const measures = columnMeasures(frame, table, ctx);
  if (measures.length === 0) {
    addFinding(ctx, 'T01', 'info', `table '${table.title}' has no amount column that could be read`, [sourceAt(ctx, table.rows[0] ?? { page: null, line: null, bbox: null }, method, table.title, tableContext(table))]);
    return;
  }
  // A cross-classification (功能 × 经济, 部门经济 × 政府经济 per row) prints a code once per
  // class of the other classification: a code printed once is its own figure, one printed on
  // several rows is their sum (derived), like a code repeated over unnamed units.
  const repeated = repeatedCodes(frame, table, ctx, kind);
  const sums = new Map<string, Array<{ value: string; source: ReturnType<typeof sourceAt> }>>();
  const tracker = new ParentTracker();
  const docUnit = ctx.identity.unit ? stripLevel(ctx.identity.unit) : null;
  // rows under a unit other than the document's own belong to that unit (units.<name>.exp…)
  let prefix = '';
  let emittedPlain = false;
  const groups = groupRows(frame);
  const hasTotal = frame.dataRows.some((r) => !groups.has(r) && identifyRow(frame, r, kind, new ParentTracker(), ctx).kind === 'total');
  for (const row of frame.dataRows) {
    // a department's row above its units (by unit id) repeats the 合计; without one it is the total
    if (groups.has(row) && hasTotal) continue;
    const id = groups.has(row) ? ({ kind: 'total', label: '' } as const) : identifyRow(frame, row, kind, tracker, ctx);
    let base: string;
    if (id.kind === 'unit') {
      prefix = id.name === docUnit && !emittedPlain ? '' : `units.${id.name}.`;
      base = `${prefix}exp.${scope}`;
    } else if (id.kind === 'total') base = `exp.${scope}`;
    else if (id.kind === 'code') base = `${prefix}exp.${scope}.${id.system}.${id.code}`;
    else {
      // the standard summary rows of an economic table: 人员经费合计 / 公用经费合计 are the
      // two parts of 基本支出, read as exp.<scope>.personnel / .public from its amount column
      const part = basicPartRow(id.label);
      if (part) {
        const m = measures.find((x) => (x.measure === 'total' || x.measure === 'basic') && x.suffix === '') ?? measures[0];
        const cell = m ? row.cells[m.col] : undefined;
        if (cell) emitAmount(ctx, `${prefix}exp.${scope}.${part}`, cell.text, unit, sourceAt(ctx, cellWhere(row, cell), method, cell.raw.trim(), tableContext(table)));
        continue;
      }
      if (id.label && measures.some((m) => /\d/.test(row.cells[m.col]?.text ?? ''))) {
        addFinding(ctx, 'C01', 'info', `row '${id.label}' of '${table.title}' has no code and its name is not in the catalogue`, [sourceAt(ctx, row, method, id.label, tableContext(table))]);
      }
      continue;
    }
    for (const m of measures) {
      const cell = row.cells[m.col];
      if (!cell) continue;
      const key = `${base}.${m.measure}${m.suffix}`;
      const source = sourceAt(ctx, cellWhere(row, cell), method, cell.raw.trim(), tableContext(table));
      if (id.kind === 'code' && repeated.has(base)) {
        // the same code in several rows (one per unit, the units unnamed): the whole is their sum
        const n = parseNumber(cell.text);
        if (n && !n.percent) sums.set(key, [...(sums.get(key) ?? []), { value: n.value, source }]);
        continue;
      }
      if (emitAmount(ctx, key, cell.text, unit, source) && !base.startsWith('units.')) emittedPlain = true;
    }
  }
  for (const [key, parts] of sums) {
    const total = addDecimals(parts.map((p) => p.value));
    emitAmount(ctx, key, total, unit, { ...parts[0]!.source, method: 'derived', text: parts.map((p) => p.source.text).join(' + ') });
  }
}

/** "人员经费合计", "公用经费合计" (and 人员支出, 日常公用经费): a row naming one part of 基本支出 as a whole. */
function basicPartRow(label: string): 'personnel' | 'public' | undefined {
  const s = label.replace(/\s/gu, '').replace(/^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十\d]+[）)]/u, '');
  if (/^(?:人员经费|人员支出)(?:合计|小计)?$/u.test(s)) return 'personnel';
  if (/^(?:公用经费|公用支出|日常公用经费|日常公用支出)(?:合计|小计)?$/u.test(s)) return 'public';
  return undefined;
}

/** Codes printed on more than one row of a table that names no units. */
function repeatedCodes(frame: ReturnType<typeof buildFrame>, table: DocTable, ctx: InterpretContext, kind: ClassKind): Set<string> {
  const seen = new Map<string, number>();
  const tracker = new ParentTracker();
  for (const row of frame.dataRows) {
    const id = identifyRow(frame, row, kind, tracker, ctx);
    if (id.kind === 'unit') return new Set();
    if (id.kind === 'code') {
      const base = `exp.${table.kind.scope}.${id.system}.${id.code}`;
      seen.set(base, (seen.get(base) ?? 0) + 1);
    }
  }
  return new Set([...seen].filter(([, n]) => n > 1).map(([b]) => b));
}
