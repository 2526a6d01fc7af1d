// Stated shares (N06): "基本支出7666.68万元，占56.17%；项目支出5853.96万元，占42.89%…".
// A run of shares in one sentence is a breakdown of a whole: the figure the sentence opens
// with ("本年支出合计2940.05万元，其中：…"), or, failing that, the sum of the parts. A share
// fits when item / whole × 100 rounds to it; shares that fit neither are reported once per
// run, with the whole they imply (JS 2017: shares of 三公 + 会议费 + 培训费, not of 三公).
import Big from 'big.js';
import { formatAmount } from '../amounts.ts';
import { lineSource, report, type ValidationContext } from '../context.ts';
import { lineAt, moneyIn, NUMBER_PATTERN, paragraphs, percent, sentences, type Money, type Percent } from './paragraphs.ts';

const SHARE = new RegExp(String.raw`占(?:比)?[^，。；%％\d]{0,24}?(${NUMBER_PATTERN})\s*[%％]`, 'gu');

interface Share {
  readonly item: Money;
  readonly share: Percent;
}

export function checkShares(ctx: ValidationContext): void {
  for (const p of paragraphs(ctx.seg)) {
    const all = moneyIn(p.text);
    for (const s of sentences(p.text)) {
      const shares: Share[] = [];
      let from = s.start;
      for (const m of s.text.matchAll(SHARE)) {
        const at = s.start + m.index!;
        // the item: the last amount between the previous share and this one
        const item = all.filter((x) => x.start >= from && x.end <= at).at(-1);
        from = at + m[0].length;
        if (!item || /[。；]/u.test(p.text.slice(item.end, at))) continue;
        shares.push({ item, share: percent(`${m[1]!}%`, at, at + m[0].length) });
      }
      if (shares.length === 0) continue;
      const firstItem = shares[0]!.item;
      // the whole: the amount the sentence opens with ("合计2940.05万元，其中：…"), the sum of
      // the parts, or — for shares of something said earlier ("占政府采购支出总额的", "其中：…占
      // 授予中小企业合同金额的") — any amount stated before the item in the paragraph
      const lead = all.filter((x) => x.start >= s.start && x.end <= firstItem.start).at(-1);
      const wholes: Array<{ value: Big; half: Big; label: string }> = [];
      if (lead) wholes.push({ value: lead.yuan, half: lead.half, label: lead.printed });
      if (shares.length >= 2) {
        const sum = shares.reduce((a, x) => a.plus(x.item.yuan), new Big(0));
        const half = shares.reduce((a, x) => a.plus(x.item.half), new Big(0));
        wholes.push({ value: sum, half, label: `their sum ${formatAmount(sum, { unitYuan: 10000, digits: 2 })}` });
      }
      const usable = wholes.filter((w) => w.value.minus(w.half).gt(0));
      const earlier = (x: Share) => all.filter((y) => y.end <= x.item.start).map((y) => ({ value: y.yuan, half: y.half, label: y.printed }));
      const bad = shares.filter((x) => !usable.some((w) => fits(x, w)) && !earlier(x).some((w) => w.value.gt(0) && fits(x, w)));
      if (bad.length === 0 || usable.length === 0) continue;
      // a share of 100% of itself, or any share whose item is the whole, is trivially right
      const whole = usable[0]!;
      const line = lineAt(p, bad[0]!.share.start);
      const implied = bad.map((x) => x.item.yuan.div(x.share.value).times(100));
      const impliedText = bad.every((x) => !x.share.value.eq(0))
        ? `; they imply a whole of about ${formatAmount(implied.reduce((a, b) => a.plus(b), new Big(0)).div(implied.length).div(100).round(0).times(100), { unitYuan: 10000, digits: 2 })}`
        : '';
      const sumShares = shares.reduce((a, x) => a.plus(x.share.value), new Big(0));
      // publishers nudge a rounded share by one digit so that a breakdown adds to 100%
      const nudged =
        shares.length >= 2 &&
        sumShares.minus(100).abs().lte(shares.reduce((a, x) => a.plus(x.share.half), new Big(0))) &&
        bad.every((x) => x.item.yuan.div(whole.value).times(100).minus(x.share.value).abs().lte(x.share.half.times(3)));
      report(ctx, {
        code: 'N06',
        ...(nudged ? { severity: 'info' as const } : {}),
        message: `p.${line.page ?? '?'}${line.line !== null ? ' line ' + line.line : ''}: stated shares ${bad.map((x) => `${x.item.printed} ${x.share.printed}`).join(', ')} do not match ${whole.label} (${bad
          .map((x) => x.item.yuan.div(whole.value).times(100).toFixed(2) + '%')
          .join(', ')})${impliedText}${shares.length >= 2 ? `; the ${shares.length} shares add to ${sumShares.toFixed()}%` : ''}${nudged ? ' (a share rounded off by one digit so that they add to 100%)' : ''}`,
        sources: [lineSource(ctx, line, 'prose', p.text.slice(Math.max(s.start, bad[0]!.item.start - 30), bad.at(-1)!.share.end))],
        expected: bad.map((x) => x.item.yuan.div(whole.value).times(100).toFixed(2) + '%').join(', '),
        found: bad.map((x) => x.share.printed).join(', '),
      });
    }
  }
}

function fits(x: Share, whole: { value: Big; half: Big }): boolean {
  if (x.item.yuan.eq(0) && x.share.value.eq(0)) return true;
  const lo = x.item.yuan.minus(x.item.half).div(whole.value.plus(whole.half)).times(100);
  const hi = x.item.yuan.plus(x.item.half).div(whole.value.minus(whole.half)).times(100);
  return x.share.value.plus(x.share.half).gte(lo) && x.share.value.minus(x.share.half).lte(hi);
}
