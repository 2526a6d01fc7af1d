// Numbers in a sentence: amounts with their money unit, counts (辆, 台（套）…), percentages,
// and the comparisons with last year ("比上年预算数743.73减少119.73万元", "与上年持平").
import type { MoneyUnit } from '../normalize/amount.ts';

export interface Quantity {
  readonly start: number;
  readonly end: number;
  readonly number: string; // as printed, e.g. "743.73", "1,085,203.63"
  readonly unit: MoneyUnit | 'count' | 'percent' | null;
  readonly countUnit?: string;
}

export interface Comparison {
  readonly start: number;
  readonly end: number;
  /** Last year's figure where printed. */
  readonly prior?: { number: string; unit: MoneyUnit | null };
  /** The signed change, or "0" for 持平; absent when only a percentage is given. */
  readonly change?: { number: string; unit: MoneyUnit | null; negative: boolean };
  readonly flat: boolean;
}

const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const COUNT_UNITS = String.raw`辆|台（套）|台\(套\)|台|套|个|人|名|批|次`;
const QUANTITY = new RegExp(String.raw`(${NUM})\s*(亿元|万元|千元|元|${COUNT_UNITS}|%|％)?`, 'gu');
/** A figure followed by one of these counts things: "比2025年增加1辆" is one more car, not money. */
const COUNTED = new RegExp(String.raw`^\s*(?:${COUNT_UNITS})`, 'u');

export function findQuantities(s: string): Quantity[] {
  const out: Quantity[] = [];
  for (const m of s.matchAll(QUANTITY)) {
    const start = m.index!;
    // a digit run glued to a preceding digit/letter or part of a date/year is not a quantity
    const before = s[start - 1] ?? '';
    if (/[\dA-Za-z.]/.test(before)) continue;
    const after = s.slice(start + m[0].length, start + m[0].length + 2);
    const u = m[2];
    if (!u && /^(?:年|月|日|号|〕|】|\]|）号)/u.test(after)) continue;
    let unit: Quantity['unit'] = null;
    let countUnit: string | undefined;
    if (u === '亿元' || u === '万元' || u === '千元' || u === '元') unit = u;
    else if (u === '%' || u === '％') unit = 'percent';
    else if (u) [unit, countUnit] = ['count', u];
    out.push({ start, end: start + m[0].length, number: m[1]!, unit, ...(countUnit ? { countUnit } : {}) });
  }
  return out;
}

const CMP = new RegExp(
  String.raw`(?:比|较|与|同比)(?:上年|上一年度?|上年度|去年|(?:20\d{2})年度?)(?:年初)?(?:预算数?|预算执行数|执行数|决算数|预算安排|安排|同期)?(?:为)?\s*(?:(${NUM})\s*(亿元|万元|千元|元)?)?\s*(?:相比|比较)?[，,]?\s*(?:[^，。；;\d]{0,20}?各?)(?:(持平)|(增加|减少|增长|下降|降低|上升|减|增|多|少)了?\s*(?:(${NUM})\s*(亿元|万元|千元|元|%|％)?)?)`,
  'gu',
);
const FLAT = /(?:与上年|和上年|比上年|同上年)(?:预算数?|度)?(?:相比)?(?:基本)?持平|(?:上年|去年)(?:预算数?)?持平/gu;

export function findComparisons(s: string): Comparison[] {
  const out: Comparison[] = [];
  for (const m of s.matchAll(CMP)) {
    const [, prior, priorUnit, flat, dir, chg, chgUnit] = m;
    const c: Comparison = {
      start: m.index!,
      end: m.index! + m[0].length,
      flat: Boolean(flat),
      ...(prior ? { prior: { number: prior, unit: (priorUnit as MoneyUnit) ?? null } } : {}),
      ...(flat
        ? { change: { number: '0', unit: null, negative: false } }
        : chg && chgUnit !== '%' && chgUnit !== '％' && !(chgUnit === undefined && COUNTED.test(s.slice(m.index! + m[0].length)))
          ? { change: { number: chg, unit: (chgUnit as MoneyUnit) ?? null, negative: /减少|下降|降低|减|少/u.test(dir ?? '') } }
          : {}),
    };
    out.push(c);
  }
  for (const m of s.matchAll(FLAT)) {
    if (out.some((c) => m.index! >= c.start && m.index! < c.end)) continue;
    out.push({ start: m.index!, end: m.index! + m[0].length, flat: true, change: { number: '0', unit: null, negative: false } });
  }
  return out.sort((a, b) => a.start - b.start);
}
