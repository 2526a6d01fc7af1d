// Identities across tables. Most cross-table equalities (B1 收入总计 = B2 合计, B4 = B5 per
// 类, B5 基本支出 = B6 合计, the text = the tables) are the same key read twice: merging
// makes them one fact and a disagreement is already a K01 finding. What remains are the
// relations between different keys: totals of different tables (X02), inequalities between
// fund scopes (X07, X08), a fund shown as 0 (X05), the “三公” table against the economic
// rows (X09), and projects against 项目支出 (X10).
import { atLeast, close, formatAmount, yuanText, type Amount } from '../amounts.ts';
import { report, stageCode, type ValidationContext } from '../context.ts';
import { keyLabel, whereText } from '../describe.ts';
import { parseExpKey } from '../facts.ts';
import Big from 'big.js';
import { nestProjectRows, readProjectTable } from '../../model/project-rows.ts';
import { tableContext } from '../../model/table-label.ts';
import { sourceFor } from '../../core/source.ts';
import type { DocTable } from '../../segment/segment.ts';

const MEASURES = ['total', 'basic', 'project', 'personnel', 'public'] as const;
const SCOPE_ORDER = ['gpb', 'fiscal', 'all'] as const;

export function checkCross(ctx: ValidationContext): void {
  checkSpendingTotals(ctx);
  checkScopes(ctx);
  checkZeroFunds(ctx);
  checkThreePublicAgainstEcon(ctx);
  checkProjects(ctx);
}

function differ(ctx: ValidationContext, code: Parameters<typeof report>[1]['code'], a: Amount, b: Amount, message: string): void {
  const keys = [a.key, b.key];
  report(ctx, { code, message: `${message} (${whereText(ctx.facts.sourcesFor(keys))})`, keys, expected: yuanText(a.value), found: yuanText(b.value) });
}

/** X02: 收支总表 本年支出合计 = 支出总表 合计 (or 支出总计 where the 支出总表 includes 结转下年). */
function checkSpendingTotals(ctx: ValidationContext): void {
  const b3 = ctx.facts.amount('exp.all.total');
  const cur = ctx.facts.amount('exp.current_total');
  if (!b3 || !cur || !ctx.facts.fromTable('exp.all.total') || !ctx.facts.fromTable('exp.current_total')) return;
  const grand = ctx.facts.amount('exp.total');
  if (close(b3, cur) || (grand && close(b3, grand))) return;
  differ(ctx, stageCode(ctx, 'X02', 'D08'), cur, b3, `收支总表 本年支出合计 ${formatAmount(cur.value, cur)} ≠ 支出总表 合计 ${formatAmount(b3.value, b3)}`);
}

/**
 * X07 (the totals rows) and X08 (each classification row): 一般公共预算 ≤ 财政拨款 ≤ all funds,
 * for every measure; equal when the document's money is all 一般公共预算.
 */
function checkScopes(ctx: ValidationContext): void {
  const f = ctx.facts;
  const allTotal = f.amount('exp.all.total');
  const gpbTotal = f.amount('exp.gpb.total');
  const onlyGpb = allTotal !== undefined && gpbTotal !== undefined && !allTotal.value.eq(0) && close(allTotal, gpbTotal);
  const rows = new Set<string>();
  for (const key of f.amountKeys()) {
    const k = parseExpKey(key);
    if (!k || k.prefix.startsWith('units.') || k.suffix === '_change' || !(MEASURES as readonly string[]).includes(k.measure)) continue;
    rows.add(k.cls ? `${k.cls}.${k.code}.${k.measure}${k.suffix}` : `${k.measure}${k.suffix}`);
  }
  for (const tail of rows) {
    const perRow = tail.includes('.');
    const code = ctx.stage === 'final' ? 'D08' : perRow ? 'X08' : 'X07';
    const present = SCOPE_ORDER.map((s) => f.amount(`exp.${s}.${tail}`)).filter((a): a is Amount => a !== undefined);
    for (let i = 0; i + 1 < present.length; i++) {
      const narrow = present[i]!;
      const wide = present[i + 1]!;
      if (f.fromTable(narrow.key) !== f.fromTable(wide.key)) continue;
      if (!atLeast(wide, narrow)) {
        differ(ctx, code, wide, narrow, `${keyLabel(wide.key, ctx.year)} ${formatAmount(wide.value, wide)} is less than ${keyLabel(narrow.key, ctx.year)} ${formatAmount(narrow.value, narrow)}, which it includes`);
      } else if (onlyGpb && !/_prior|_budget/u.test(tail) && !close(wide, narrow)) {
        differ(ctx, code, wide, narrow, `all money is 一般公共预算 (支出 ${formatAmount(allTotal.value, allTotal)}), yet ${keyLabel(wide.key, ctx.year)} ${formatAmount(wide.value, wide)} ≠ ${keyLabel(narrow.key, ctx.year)} ${formatAmount(narrow.value, narrow)}`);
      }
    }
  }
}

/** X05: a fund whose total is 0 has no spending rows with money. */
function checkZeroFunds(ctx: ValidationContext): void {
  for (const fund of ['gf', 'soe'] as const) {
    const total = ctx.facts.amount(`exp.${fund}.total`);
    if (!total || !total.value.eq(0)) continue;
    for (const key of ctx.facts.keys(new RegExp(`^exp\\.${fund}\\.func\\.\\d{3}\\.total$`, 'u'))) {
      const row = ctx.facts.amount(key);
      if (!row || row.value.abs().lte(row.half)) continue;
      differ(ctx, stageCode(ctx, 'X05', 'D08'), total, row, `${keyLabel(total.key, ctx.year)} is 0 but ${keyLabel(key, ctx.year)} is ${formatAmount(row.value, row)}`);
    }
  }
}

/**
 * X09: the economic rows 30217 公务接待费 and 30231 公务用车运行维护费 are part of the “三公”
 * figures (which also cover 项目支出), so they cannot exceed them.
 */
function checkThreePublicAgainstEcon(ctx: ValidationContext): void {
  const pairs = [
    ['30217', 'reception'],
    ['30231', 'vehicle_operation'],
  ] as const;
  for (const [econ, tp] of pairs) {
    const three = ['fiscal', 'gpb'].map((s) => ctx.facts.amount(`tp.${s}.${tp}`)).find((a) => a !== undefined);
    if (!three) continue;
    for (const scope of ['gpb', 'fiscal']) {
      const row = ctx.facts.amount(`exp.${scope}.econ.${econ}.basic`) ?? ctx.facts.amount(`exp.${scope}.econ.${econ}.total`);
      if (!row || atLeast(three, row)) continue;
      differ(ctx, stageCode(ctx, 'X09', 'D08'), three, row, `${keyLabel(row.key, ctx.year)} ${formatAmount(row.value, row)} exceeds the “三公” table's ${keyLabel(three.key, ctx.year)} ${formatAmount(three.value, three)}, which includes it`);
      break;
    }
  }
}

/**
 * X10: the projects listed in a 项目支出表 add up to no more than the table's own 合计, or, where
 * it prints none, than 项目支出. Read from the table's rows in printed order, so that a
 * category's row heading its projects is counted once. The 合计 comes first because tables
 * differ in scope from the 支出总表 (a 上年结转 column, other funds) while their rows never do.
 */
function checkProjects(ctx: ValidationContext): void {
  const byContext = new Map<string, DocTable[]>();
  for (const t of ctx.seg.tables.filter((x) => x.kind.id === 'B10')) byContext.set(tableContext(t), [...(byContext.get(tableContext(t)) ?? []), t]);
  const spending = ctx.facts.amount('exp.all.project') ?? ctx.facts.amount('exp.fiscal.project') ?? ctx.facts.amount('exp.gpb.project');
  for (const [context, tables] of byContext) {
    const read = tables.map((t) => readProjectTable(t, ctx.unit));
    const printedTotal = read.find((r) => r.total)?.total ?? null;
    const all = read.flatMap((r) => r.rows);
    // against the table's 合计 every row counts (the table is what it is, a contested fact or
    // not); against 项目支出 the document's own projects, as read
    const rows = printedTotal ? all : all.filter((r) => r.key.startsWith('proj.') && ctx.facts.amount(r.key));
    if (rows.length === 0 || (!printedTotal && !spending)) continue;
    // the table's printed unit, from a row read into a fact of its own figure
    const scale = rows.find((r) => !new Big(r.value).eq(0) && ctx.facts.amount(r.key) && rows.filter((x) => x.key === r.key).length === 1);
    if (!scale) continue;
    const unitYuan = ctx.facts.amount(scale.key)!.value.div(scale.value).round(0);
    const sum = nestProjectRows(rows).topSum.times(unitYuan);
    const keys = [...new Set(rows.map((r) => r.key))].filter((k) => ctx.facts.amount(k));
    const rowsRoom = rows.reduce((t, r) => t.plus(unitYuan.times(new Big(10).pow(-r.digits)).div(2)), new Big(0));
    if (printedTotal) {
      const total = new Big(printedTotal.value).times(unitYuan);
      const half = unitYuan.times(new Big(10).pow(-printedTotal.digits)).div(2);
      if (sum.minus(total).lte(rowsRoom.plus(half))) continue;
      const where = sourceFor(ctx.file, printedTotal.row, 'table', printedTotal.raw, context);
      const like = { unitYuan: unitYuan.toNumber(), digits: printedTotal.digits };
      report(ctx, {
        code: 'X10',
        message: `the ${keys.length} projects of the ${context.replace(/^B10 /u, '')} (a row that is the sum of the rows below it counted once) add up to ${formatAmount(sum, like)}, more than its 合计 ${formatAmount(total, like)} (${whereText([where, ...ctx.facts.sourcesFor(keys, { contexts: new Set([context]) })])})`,
        keys,
        sources: [where, ...ctx.facts.sourcesFor(keys, { contexts: new Set([context]) })],
        expected: yuanText(total),
        found: yuanText(sum),
      });
      continue;
    }
    const project = spending!;
    if (sum.minus(project.value).lte(rowsRoom.plus(project.half))) continue;
    report(ctx, {
      code: 'X10',
      message: `the ${keys.length} projects of the 项目支出表 (a row that is the sum of the rows below it counted once) add up to ${formatAmount(sum, project)}, more than 项目支出 ${formatAmount(project.value, project)} (${whereText(ctx.facts.sourcesFor([project.key, ...keys]))})`,
      keys: [project.key, ...keys],
      expected: yuanText(project.value),
      found: yuanText(sum),
    });
  }
}
