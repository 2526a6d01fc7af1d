// Words → concepts. The same labels name the same things in table rows, table headers and
// sentences ("一般公共预算拨款收入", "本年支出合计", "公用经费"), so both the table and the
// prose interpreters resolve labels here. Chinese words live in this file; keys are English.
import type { Scope } from '../segment/table-kind.ts';
import { compact } from '../normalize/text.ts';

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

/** Revenue sources, most specific first. */
const REVENUE: ReadonlyArray<[RegExp, RevField]> = [
  [/^(?:本年|当年)收入(?:合计|小计)?$|^收入小计$/u, 'current_total'],
  [/^(?:收入总计|收入合计|总收入|收入预算|收入总预算|收入预算总额|收入总额|收入总计数?)$/u, 'total'],
  [/使用非财政拨款结余|用事业基金弥补收支差额|使用非财政拨款结余和专用结余/u, 'surplus_used'],
  [/^(?:上年结转(?:结余)?(?:资金)?|上年结余结转|(?:上年|年初)(?:财政拨款|非财政拨款)?结转(?:和|与|及)?结余|结转结余|上年结转结余收入)$/u, 'carryover'],
  [/一般公共预算|公共财政(?:预算)?拨款|公共预算财政拨款/u, 'gpb'],
  [/政府性基金/u, 'gf'],
  [/国有资本经营/u, 'soe'],
  [/财政专户/u, 'special'],
  [/事业单位经营收入|^经营收入$/u, 'business'],
  [/^事业收入/u, 'operations'],
  [/上级补助收入/u, 'superior'],
  [/附属单位上缴收入/u, 'subsidiary'],
  [/^其他收入$|^其他资金收入$/u, 'other'],
  [/^财政拨款(?:补助)?(?:收入)?$|^财政拨款收入合计$/u, 'fiscal'],
];

/**
 * A revenue row or column label ("一、一般公共预算拨款收入", "上年结转结余"). Fund words
 * only count when the label is about revenue (收入/拨款), not a spending row.
 */
export function revenueConcept(label: string, inRevenuePanel = false): RevField | undefined {
  const s = labelKey(label);
  if (s === '' || /支出/u.test(s) && !/收入/u.test(s)) return undefined;
  if (inRevenuePanel && /^(?:总计|合计)$/u.test(s)) return 'total';
  for (const [re, field] of REVENUE) {
    if (!re.test(s)) continue;
    // in a sentence, "一般公共预算当年拨款" is the fund's spending; only 收入 makes it revenue
    if ((field === 'gpb' || field === 'gf' || field === 'soe') && !(inRevenuePanel ? /收入|拨款|资金|^(?:\d|[一二三]、)?(?:一般公共预算|政府性基金|国有资本经营)/u.test(s) : /收入/u.test(s))) continue;
    return field;
  }
  return undefined;
}

/** Expenditure totals of a summary table's right panel. */
export function summaryExpConcept(label: string): 'total' | 'current_total' | 'carry_next' | 'surplus_distribution' | undefined {
  const s = labelKey(label);
  if (/^(?:本年|当年)支出(?:合计|小计)?$|^支出小计$/u.test(s)) return 'current_total';
  if (/^(?:支出总计|支出合计|总支出|总计)$/u.test(s)) return 'total';
  if (/^(?:结转下年(?:支出|资金)?|年末结转和结余|年[末终]结转结余(?:资金)?|结转下年度)$/u.test(s)) return 'carry_next';
  if (/^结余分配$/u.test(s)) return 'surplus_distribution';
  return undefined;
}

/** A column header of an expenditure table → its measure (合计, 基本支出, 人员经费 …). */
export function measureOfHeader(header: string, final = false): ExpMeasure | 'prior' | 'change' | 'budget' | 'ignore' | undefined {
  const s = labelKey(header);
  if (s === '') return undefined;
  if (/增减|变动|增长|比上年/u.test(s)) return /率|%|幅/u.test(s) ? 'ignore' : 'change';
  if (/上年/u.test(s)) return 'prior';
  if (/人员经费|人员支出/u.test(s)) return 'personnel';
  if (/公用经费|公用支出/u.test(s)) return 'public';
  if (/基本支出/u.test(s)) return 'basic';
  if (/项目支出|专项业务经费|专项支出|项目经费/u.test(s)) return 'project';
  if (/预留机动|机动经费/u.test(s)) return 'reserve';
  if (/上缴上级|经营支出|对附属单位|附属单位补助|结转下年|结转和结余|结转结余|本年收入|专户|事业收入|其他资金|单位资金/u.test(s)) return 'ignore';
  if (/^(?:年初)?预算数$|^调整预算数?$|年初预算/u.test(s)) return final ? 'budget' : 'total';
  if (/^(?:合计|小计|总计|金额|预算数|本年预算数?|本年预算金额|全年预算|决算数|本年支出|支出合计|支出总计|本年支出合计|总额|预算金额|\d{4}年预算数?|\d{4}年预算金额)$/u.test(s)) return 'total';
  return undefined;
}

const TP: ReadonlyArray<[RegExp, TpField]> = [
  [/公务用车购置及运行|公务用车购置和运行|公务用车费/u, 'vehicle'],
  [/公务用车购置|车辆购置/u, 'vehicle_purchase'],
  [/公务用车运行|车辆运行|运行维护费|运行费$/u, 'vehicle_operation'],
  [/^购置费$/u, 'vehicle_purchase'],
  [/因公出国|出国（境）/u, 'travel'],
  [/公务接待/u, 'reception'],
  [/会议费/u, 'meeting'],
  [/培训费/u, 'training'],
  [/三公/u, 'total'],
];

export function threePublicConcept(label: string): TpField | undefined {
  const s = labelKey(label);
  for (const [re, f] of TP) if (re.test(s)) return f;
  if (/^(?:合计|总计|小计)$/u.test(s)) return 'total';
  return undefined;
}

export function procurementConcept(label: string): 'total' | 'goods' | 'works' | 'services' | undefined {
  const s = labelKey(label);
  if (/货物/u.test(s)) return 'goods';
  if (/工程/u.test(s)) return 'works';
  if (/服务/u.test(s) && !/政府采购预算总/u.test(s)) return 'services';
  if (/政府采购|^合计$|^总计$/u.test(s)) return 'total';
  return undefined;
}
