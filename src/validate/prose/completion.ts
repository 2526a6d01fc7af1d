// Final accounts compare each item's 年初预算 with its 决算数 (D09): "年初预算为5717.32万元，支出
// 决算为5757.63万元，完成年初预算的100.71%。决算数大于预算数的主要原因是…" — the percentage is
// 决算 / 预算 × 100, and the direction the reason speaks of matches the two figures.
import Big from 'big.js';
import { formatAmount } from '../amounts.ts';
import { lineSource, report, type ValidationContext } from '../context.ts';
import { lineAt, moneyIn, NUMBER_PATTERN, paragraphs, percent } from './paragraphs.ts';

const COMPLETION = new RegExp(String.raw`完成(?:年初)?预算(?:数)?的?\s*(${NUMBER_PATTERN})\s*[%％]`, 'gu');

export function checkCompletionRates(ctx: ValidationContext): void {
  for (const p of paragraphs(ctx.seg)) {
    const all = moneyIn(p.text);
    for (const m of p.text.matchAll(COMPLETION)) {
      const at = m.index!;
      const sentenceStart = Math.max(p.text.lastIndexOf('。', at) + 1, 0);
      const before = all.filter((x) => x.start >= sentenceStart && x.end <= at);
      const budget = before.find((x) => /年初预算(?:数)?为?$/u.test(p.text.slice(Math.max(sentenceStart, x.start - 8), x.start)));
      const actual = before.filter((x) => x !== budget && /决算(?:数)?为?$/u.test(p.text.slice(Math.max(sentenceStart, x.start - 8), x.start))).at(-1);
      if (!budget || !actual || budget.yuan.minus(budget.half).lte(0)) continue;
      const stated = percent(`${m[1]!}%`, at, at + m[0].length);
      const lo = actual.yuan.minus(actual.half).div(budget.yuan.plus(budget.half)).times(100);
      const hi = actual.yuan.plus(actual.half).div(budget.yuan.minus(budget.half)).times(100);
      if (stated.value.plus(stated.half).gte(lo) && stated.value.minus(stated.half).lte(hi)) continue;
      const line = lineAt(p, at);
      const computed = actual.yuan.div(budget.yuan).times(100);
      report(ctx, {
        code: 'D09',
        message: `p.${line.page ?? '?'}${line.line !== null ? ' line ' + line.line : ''}: 决算 ${actual.printed} of 年初预算 ${budget.printed} is ${computed.toFixed(2)}% of the budget, but the text says ${m[0]}`,
        sources: [lineSource(ctx, line, 'prose', p.text.slice(budget.start, at + m[0].length))],
        expected: `${computed.toFixed(2)}%`,
        found: stated.printed,
      });
    }
    // "决算数大于预算数的主要原因" (or 等于, 与预算数持平) after figures that say otherwise
    for (const m of p.text.matchAll(/决算数?(大于|小于|高于|低于|等于|持平于?)(?:年初)?预算数?|决算数?与(?:年初)?预算数?(持平|一致|相等|相同)/gu)) {
      const at = m.index!;
      const sentenceStart = Math.max(p.text.lastIndexOf('。', at - 2) + 1, 0);
      const prev = Math.max(p.text.lastIndexOf('。', sentenceStart - 2) + 1, 0);
      const before = all.filter((x) => x.start >= prev && x.end <= at);
      const budget = before.find((x) => /年初预算(?:数)?为?$/u.test(p.text.slice(Math.max(prev, x.start - 8), x.start)));
      const actual = before.filter((x) => x !== budget && /决算(?:数)?为?$/u.test(p.text.slice(Math.max(prev, x.start - 8), x.start))).at(-1);
      if (!budget || !actual) continue;
      const word = m[1] ?? m[2]!;
      const more = /大于|高于/u.test(word);
      const same = /等于|持平|一致|相等|相同/u.test(word);
      const diff = actual.yuan.minus(budget.yuan);
      const room = actual.half.plus(budget.half);
      const wrong = same ? diff.abs().gt(room) : more ? diff.lte(room.times(-1)) : diff.gte(room);
      if (!wrong) continue;
      const line = lineAt(p, at);
      report(ctx, {
        code: 'D09',
        message: `p.${line.page ?? '?'}${line.line !== null ? ' line ' + line.line : ''}: the text says ${m[0]}, but 决算 ${actual.printed} is ${diff.gt(0) ? 'more' : 'less'} than 年初预算 ${budget.printed} (by ${formatAmount(diff.abs(), { unitYuan: 10000, digits: 2 })})`,
        sources: [lineSource(ctx, line, 'prose', p.text.slice(budget.start, at + m[0].length))],
        expected: diff.abs().lte(room) ? '等于' : diff.gt(new Big(0)) ? '大于' : '小于',
        found: word,
      });
    }
  }
}
