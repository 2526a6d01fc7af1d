// Changes against last year stated in the text (N05): "2025年执行数为1690.69万元，2026年预算
// 安排1434.89万元，比2025年预算执行数减少1.10%" — this year, last year and the rate must agree.
// And an item described twice with two figures (N02): "…购房补贴（03项）207万元。… 2026年预算
// 安排170.03万元". Rates are checked with interval arithmetic over the printed roundings.
import Big from 'big.js';
import { bracketDepth } from '../../normalize/sentences.ts';
import { formatAmount, yuanText } from '../amounts.ts';
import { lineSource, report, type ValidationContext } from '../context.ts';
import { keyLabel } from '../describe.ts';
import { lineAt, moneyIn, NUMBER_PATTERN, paragraphs, percent, sentences, type Money, type Paragraph, type Percent } from './paragraphs.ts';

const RATE = new RegExp(String.raw`(增加|减少|增长|下降|降低|上升|减|增)了?\s*(${NUMBER_PATTERN})\s*[%％]`, 'gu');
const CHANGE = new RegExp(String.raw`(增加|减少|增长|下降|降低|上升|减|增|多|少)了?\s*(${NUMBER_PATTERN})\s*(?:亿元|万元|千元|元)`, 'gu');
const NEGATIVE = /减少|下降|降低|减|少/u;
const COMPARED = /比|较|与[^，。；]{0,16}相比|同比/u;

export function checkProseChanges(ctx: ValidationContext): void {
  for (const p of paragraphs(ctx.seg)) {
    const all = moneyIn(p.text);
    const lead = itemLead(p, all);
    for (const s of sentences(p.text)) {
      for (const m of s.text.matchAll(RATE)) {
        const at = s.start + m.index!;
        const before = p.text.slice(s.start, at);
        if (!COMPARED.test(before) || /占[^，。；]{0,12}$/u.test(before)) continue;
        const stated = percent(m[2]!, at, at + m[0].length);
        const sign = NEGATIVE.test(m[1]!) ? -1 : 1;
        checkRate(ctx, p, s.start, at, before, all, lead, stated, sign, m[0]);
      }
    }
    for (const s of sentences(p.text)) checkAmountChanges(ctx, p, s.start, s.start + s.text.length, all);
    if (lead) checkItemRestated(ctx, p, all, lead);
  }
}

/**
 * "培训费预算支出102.32万元，较上年的40.11万元增加62.21万元": with this year, last year and the
 * change all stated in one sentence, the change is their difference, its word the right way.
 */
function checkAmountChanges(ctx: ValidationContext, p: Paragraph, start: number, end: number, all: readonly Money[]): void {
  const text = p.text.slice(start, end);
  const inSentence = all.filter((x) => x.start >= start && x.end <= end);
  const year = ctx.year;
  const priorLabel = new RegExp(`(?:上年|去年|上一年|${year ? `${year - 1}年` : '\\d{4}年'})(?:度)?(?:同期|预算数?|执行数?|的)?[的为是]?$`, 'u');
  for (const m of text.matchAll(CHANGE)) {
    const at = start + m.index!;
    const changeMoney = inSentence.find((x) => x.end === at + m[0].length);
    if (!changeMoney || !COMPARED.test(p.text.slice(start, at))) continue;
    const before = inSentence.filter((x) => x.end <= at);
    // last year's level, named right before its figure ("较上年的40.11万元", "比2025年预算数850万元")
    const prior = [...before].reverse().find((x) => priorLabel.test(p.text.slice(Math.max(start, x.start - 12), x.start).replace(/\s/gu, '')));
    if (!prior || !/^[\s，,]*(?:增加|减少|增长|下降|降低|上升|减|增|多|少)/u.test(p.text.slice(prior.end, changeMoney.start))) continue;
    const depth = bracketDepth(p.text, prior.start);
    const current = [...before].reverse().find((x) => x.end <= prior.start && bracketDepth(p.text, x.start) === depth);
    if (!current) continue;
    const sign = NEGATIVE.test(m[1]!) ? -1 : 1;
    const diff = current.yuan.minus(prior.yuan);
    const stated = changeMoney.yuan.times(sign);
    if (diff.minus(stated).abs().lte(current.half.plus(prior.half).plus(changeMoney.half))) continue;
    const line = lineAt(p, at);
    report(ctx, {
      code: 'N05',
      message: `p.${line.page ?? '?'}${line.line !== null ? ' line ' + line.line : ''}: ${current.printed} against last year's ${prior.printed} is a change of ${formatAmount(diff, { unitYuan: 10000, digits: 2 })}, but the text says ${m[0]}`,
      sources: [lineSource(ctx, line, 'prose', p.text.slice(current.start, changeMoney.end))],
      expected: yuanText(diff),
      found: yuanText(stated),
    });
  }
}

/** The figure an item paragraph opens with ("1、公共安全支出（204类）…（01项）1434.89万元"). */
function itemLead(p: Paragraph, all: readonly Money[]): Money | undefined {
  const first = all[0];
  if (!first) return undefined;
  return /[（(](?:\d{2,3})?[类款项][）)]/u.test(p.text.slice(0, first.start)) ? first : undefined;
}

function checkRate(ctx: ValidationContext, p: Paragraph, sentenceStart: number, at: number, before: string, all: readonly Money[], lead: Money | undefined, stated: Percent, sign: number, printed: string): void {
  const inSentence = all.filter((x) => x.start >= sentenceStart && x.end <= at);
  // "增加844.15万元，增长6.59%": the rate belongs to the amount of change just before it
  let change: { money: Money; sign: number } | undefined;
  for (const m of before.matchAll(CHANGE)) {
    const end = sentenceStart + m.index! + m[0].length;
    if (/^[，,、\s]*$/u.test(p.text.slice(end, at))) {
      const money = inSentence.find((x) => x.end === end);
      if (money) change = { money, sign: NEGATIVE.test(m[1]!) ? -1 : 1 };
    }
  }
  const year = ctx.year;
  const priorLabel = new RegExp(`上年|去年|上一年|执行数${year ? `|${year - 1}年` : ''}`, 'u');
  const labelOf = (x: Money) => p.text.slice(Math.max(sentenceStart, lastDelimiter(p.text, x.start)), x.start);
  // last year's level, not another change ("…比上年减少166,286.17万元；支出预算…比上年减少166,286.17万元，下降14.1%")
  const isChange = (x: Money) => /(?:增加|减少|增长|下降|降低|上升|减|增|多|少)了?\s*$/u.test(p.text.slice(Math.max(0, x.start - 4), x.start));
  // ("比上年增加了产业类专项资金16,861.78万元" names a change of something else, not last year's level)
  // ("上年结转13,102.70万元" is this year's revenue carried over from last year, not last year's level)
  const carried = /上年(?:结转|结余|[^，。；、]{0,4}余额)/u;
  const prior = inSentence.filter((x) => x !== change?.money && !isChange(x) && priorLabel.test(labelOf(x)) && !carried.test(labelOf(x)) && !/比|较|增加|减少|增长|下降/u.test(labelOf(x))).at(-1);
  let candidates: Array<{ lo: Big; hi: Big; mid: Big; describe: string }> = [];
  if (change) {
    const c = { value: change.money.yuan.times(change.sign), half: change.money.half };
    if (prior) {
      candidates = [{ ...ratio(c, rounded(prior)), describe: `${change.money.printed} against ${prior.printed}` }];
    } else {
      // this year's figure: the amount stated before the change, in this sentence or the paragraph
      // (outside any bracketed aside: "维护费614.01万元（…73.74万元。）比上年增加5.74万元" speaks of 614.01)
      const depth = bracketDepth(p.text, change.money.start);
      const current = [...all.filter((x) => x.end <= change!.money.start && x !== change!.money && bracketDepth(p.text, x.start) === depth)].at(-1) ?? lead;
      if (!current) return;
      // after a list ("收入337,741.21万元，其中：…、上年结转13,102.70万元，较上年减少…") the change may
      // speak of the sentence's main figure: either reading that fits is no finding
      const main = inSentence.find((x) => x !== change!.money && x.end <= change!.money.start && bracketDepth(p.text, x.start) === depth);
      const readings = [current, ...(main && main !== current ? [main] : [])].map((cur) => ({ cur, base: { value: cur.yuan.minus(c.value), half: cur.half.plus(c.half) } }));
      // a change that would leave last year below nothing ("0.00万元，较上年增加1.20万元，下降100%")
      // is no reading at all
      const possible = readings.filter((r) => r.base.value.plus(r.base.half).gte(0));
      if (possible.length === 0) {
        const line = lineAt(p, at);
        const r = readings[0]!;
        report(ctx, {
          code: 'N05',
          message: `p.${line.page ?? '?'}${line.line !== null ? ' line ' + line.line : ''}: ${r.cur.printed} after a change of ${change.sign > 0 ? '+' : '-'}${change.money.printed} puts last year at ${formatAmount(r.base.value, { unitYuan: 10000, digits: 2 })}, below nothing, and the text says ${printed}`,
          sources: [lineSource(ctx, line, 'prose', p.text.slice(Math.max(0, at - 60), at + printed.length))],
          expected: 'a change that leaves last year at 0 or more',
          found: yuanText(r.base.value),
        });
        return;
      }
      candidates = possible.map(({ cur, base }) => ({ ...ratio(c, base), describe: `${change!.money.printed} against ${formatAmount(base.value, { unitYuan: 10000, digits: 2 })} (${cur.printed} minus the change)` }));
    }
  } else {
    if (!prior) return;
    const current = [...inSentence.filter((x) => x.start > prior.end)].at(-1) ?? [...inSentence.filter((x) => x.end <= prior.start)].at(-1);
    const currents = [lead, current].filter((x): x is Money => x !== undefined && x !== prior && x.start < at);
    const distinct = currents.filter((x, i) => currents.findIndex((y) => y.yuan.eq(x.yuan)) === i);
    candidates = distinct.map((x) => {
      const diff = { value: x.yuan.minus(prior.yuan), half: x.half.plus(prior.half) };
      return { ...ratio(diff, rounded(prior)), describe: `${x.printed} against ${prior.printed}` };
    });
  }
  if (candidates.length === 0) return;
  const s = stated.value.times(sign);
  const fits = candidates.some((c) => s.plus(stated.half).gte(c.lo) && s.minus(stated.half).lte(c.hi));
  if (fits) return;
  const mids = candidates.map((c) => c.mid);
  const line = lineAt(p, at);
  const computed = candidates.map((c, i) => `${c.describe} is a change of ${mids[i]!.gte(0) ? '+' : ''}${mids[i]!.toFixed(2)}%`).join(', and ');
  report(ctx, {
    code: 'N05',
    message: `p.${line.page ?? '?'}${line.line !== null ? ' line ' + line.line : ''}: ${computed}, but the text says ${printed}`,
    sources: [lineSource(ctx, line, 'prose', p.text.slice(Math.max(0, at - 60), at + printed.length))],
    expected: mids.map((m) => `${m.toFixed(2)}%`).join(', '),
    found: `${s.toFixed()}%`,
  });
}

/** A printed figure and its rounding room, in yuan. */
interface Rounded {
  readonly value: Big;
  readonly half: Big;
}

function rounded(m: Money): Rounded {
  return { value: m.yuan, half: m.half };
}

/**
 * num / den × 100 and the interval it may lie in given the roundings of both: the quotient is
 * monotonic in each term, so its extremes are at the corners. A denominator that may be 0
 * allows any rate.
 */
function ratio(num: Rounded, den: Rounded): { lo: Big; hi: Big; mid: Big } {
  if (den.value.minus(den.half).lte(0)) return { lo: new Big(-1e9), hi: new Big(1e9), mid: new Big(0) };
  const corners = [num.value.minus(num.half), num.value.plus(num.half)].flatMap((n) => [den.value.minus(den.half), den.value.plus(den.half)].map((d) => n.div(d).times(100)));
  return { lo: corners.reduce((a, b) => (a.lt(b) ? a : b)), hi: corners.reduce((a, b) => (a.gt(b) ? a : b)), mid: num.value.div(den.value).times(100) };
}

function lastDelimiter(text: string, before: number): number {
  for (let i = before - 1; i >= 0; i--) if (/[，,；;：:。]/u.test(text[i]!)) return i + 1;
  return 0;
}

/**
 * An item paragraph that restates its figure differently: "…购房补贴（03项）207万元。…
 * 2026年预算安排170.03万元". The opening figure is the one read into the item's fact.
 */
function checkItemRestated(ctx: ValidationContext, p: Paragraph, all: readonly Money[], lead: Money): void {
  const year = ctx.year;
  const label = new RegExp(`(?:${year ?? '\\d{4}'}年度?|本年|今年)[^，。；：]{0,8}?(?:预算安排|安排|预算数为|预算为|预算数)$`, 'u');
  for (const x of all) {
    if (x === lead || x.start < lead.end) continue;
    // another item named in between ("其中事业运行（项）…"): the figures after it are its own
    if (/[（(](?:\d{2,3})?[类款项][）)]/u.test(p.text.slice(lead.end, x.start))) break;
    const text = p.text.slice(lastDelimiter(p.text, x.start), x.start);
    if (!label.test(text) || /执行|上年|去年/u.test(text)) continue;
    if (x.yuan.minus(lead.yuan).abs().lte(x.half.plus(lead.half))) continue;
    const line = lineAt(p, lead.start);
    const key = ctx.facts.facts.find((f) => f.sources.some((s) => s.page === line.page && s.line === line.line && s.text === lead.printed))?.key;
    const table = key ? ctx.facts.amount(key) : undefined;
    const tableText = table && key && ctx.facts.fromTable(key) ? ` (the table: ${formatAmount(table.value, table)})` : '';
    report(ctx, {
      code: 'N02',
      message: `p.${line.page ?? '?'}${line.line !== null ? ' line ' + line.line : ''}: ${key ? keyLabel(key, ctx.year) : 'an item'} is given as ${lead.printed}${tableText} and, in the same paragraph, as ${text}${x.printed}`,
      keys: key ? [key] : [],
      sources: [lineSource(ctx, line, 'prose', p.text.slice(0, lead.end)), lineSource(ctx, lineAt(p, x.start), 'prose', text + x.printed)],
      expected: yuanText(table?.value ?? lead.yuan),
      found: yuanText(x.yuan),
    });
  }
}
