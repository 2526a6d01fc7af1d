// Words → concepts. The same labels name the same things in table rows, table headers and
// sentences ("一般公共预算拨款收入", "本年支出合计", "公用经费"), so both the table and the
// prose interpreters resolve labels here. The words are in data/vocabulary (revenue,
// spendingTotals, measures, threePublic, procurement); keys are English.
import type { Scope } from '../segment/table-kind.ts';
import { compact } from '../normalize/text.ts';
import { conceptMatcher, conceptMatches, vocabulary } from '../normalize/vocabulary.ts';

/** What a label names, before a scope and a classification row are attached. */
export type Concept =
  | { kind: 'rev'; field: RevField }
  | { kind: 'exp-doc'; field: 'total' | 'current_total' | 'carry_next' | 'surplus_distribution' }
  | { kind: 'exp'; measure: ExpMeasure; scope?: Scope }
  | { kind: 'tp'; field: TpField; scope?: Scope }
  | { kind: 'ops' }
  | { kind: 'proc'; field: 'total' | 'goods' | 'works' | 'services' }
  | { kind: 'commission' }
  | { kind: 'budget-total'; scope?: Scope }; // 收支总预算: revenue and expenditure totals at once

export type RevField =
  | 'total' | 'current_total' | 'fiscal' | 'gpb' | 'gf' | 'soe' | 'special' | 'operations' | 'business'
  | 'superior' | 'subsidiary' | 'other' | 'carryover' | 'surplus_used';
export type ExpMeasure = 'total' | 'basic' | 'project' | 'personnel' | 'public' | 'reserve';
export type TpField = 'total' | 'travel' | 'reception' | 'vehicle' | 'vehicle_purchase' | 'vehicle_operation' | 'meeting' | 'training';

/** Remove quotes and the level tags that decorate names; keep the words. */
export function labelKey(text: string): string {
  return compact(text)
    .replace(/[“”"'‘’《》]/gu, '')
    .replace(/^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d)|[①-⑳]|其中[：:]?|其中|包括[：:]?|含[：:]?)+/u, '')
    // "上年结余、结转": a list mark between the words of one label
    .replace(/(?<=[\u4e00-\u9fff])、(?=[\u4e00-\u9fff])/gu, '');
}

const VOC = vocabulary();
/** Revenue sources, most specific first (data/vocabulary: revenue). */
const revenueMatches = conceptMatches<RevField>(VOC.revenue);
const spendingTotal = conceptMatcher<'total' | 'current_total' | 'carry_next' | 'surplus_distribution'>(VOC.spendingTotals);
const measureOf = conceptMatcher<ExpMeasure | 'prior' | 'change' | 'budget' | 'ignore'>(VOC.measures);
const tpOf = conceptMatcher<TpField>(VOC.threePublic);
const procurementOf = conceptMatcher<'total' | 'goods' | 'works' | 'services'>(VOC.procurement);

/**
 * A revenue row or column label ("一、一般公共预算拨款收入", "上年结转结余"). Fund words
 * only count when the label is about revenue (收入/拨款), not a spending row.
 */
export function revenueConcept(label: string, inRevenuePanel = false): RevField | undefined {
  const s = labelKey(label);
  if (s === '' || /支出/u.test(s) && !/收入/u.test(s)) return undefined;
  if (inRevenuePanel && /^(?:总计|合计)$/u.test(s)) return 'total';
  for (const field of revenueMatches(s)) {
    // in a sentence, "一般公共预算当年拨款" is the fund's spending; only 收入 makes it revenue
    if ((field === 'gpb' || field === 'gf' || field === 'soe') && !(inRevenuePanel ? /收入|拨款|资金|^(?:\d|[一二三]、)?(?:一般公共预算|政府性基金|国有资本经营)/u.test(s) : /收入/u.test(s))) continue;
    return field;
  }
  return undefined;
}

/** Expenditure totals of a summary table's right panel. */
export function summaryExpConcept(label: string): 'total' | 'current_total' | 'carry_next' | 'surplus_distribution' | undefined {
  return spendingTotal(labelKey(label));
}

/** A column header of an expenditure table → its measure (合计, 基本支出, 人员经费 …); 年初预算数 is the budget beside a final account's 决算数. */
export function measureOfHeader(header: string, final = false): ExpMeasure | 'prior' | 'change' | 'budget' | 'ignore' | undefined {
  const s = labelKey(header);
  if (s === '') return undefined;
  const m = measureOf(s);
  return m === 'budget' && !final ? 'total' : m;
}

export function threePublicConcept(label: string): TpField | undefined {
  return tpOf(labelKey(label));
}

const TP_PATTERNS = VOC.threePublic.map((e) => ({ concept: e.concept as TpField, re: new RegExp(e.patterns.join('|'), 'gu') }));

/**
 * The "三公" item a sentence's words name last, just before its figure: "…培训费支出预算情况说明
 * 某局2026年度…安排的“三公”经费支出预算14.93万元" is the 三公 total, not 培训费. Among items
 * named at the same place the list's order decides (公务用车购置及运行 before 公务用车购置).
 */
export function lastThreePublicConcept(label: string): TpField | undefined {
  const s = labelKey(label);
  const found: Array<{ concept: TpField; start: number; end: number; rank: number }> = [];
  TP_PATTERNS.forEach(({ concept, re }, rank) => {
    for (const m of s.matchAll(re)) found.push({ concept, start: m.index, end: m.index + m[0].length, rank });
  });
  // a mention inside a longer one is part of it ("运行费" in "公务用车购置及运行费")
  const whole = found.filter((a) => !found.some((b) => b !== a && b.end - b.start > a.end - a.start && b.start < a.end && a.start < b.end));
  whole.sort((a, b) => b.start - a.start || a.rank - b.rank);
  return whole[0]?.concept;
}

export function procurementConcept(label: string): 'total' | 'goods' | 'works' | 'services' | undefined {
  return procurementOf(labelKey(label));
}
