// What the text claims about itself: a stated equality that does not hold (N04: "机关运行经费
// … 与《…基本支出预算表》的“商品和服务支出”支出数一致" while the figures differ), and template
// text left unfinished (P01: "主要原因是。", "XX", "待填写").
import { close, formatAmount, yuanText } from '../amounts.ts';
import { lineSource, report, type ValidationContext } from '../context.ts';
import { whereText } from '../describe.ts';
import { lineAt, paragraphs } from './paragraphs.ts';

export function checkStatedEqualities(ctx: ValidationContext): void {
  const ops = ctx.facts.amount('ops.total');
  if (!ops) return;
  // the 商品和服务支出 (302) of the 基本支出 economic table
  const goods = ['gpb', 'fiscal', 'all']
    .flatMap((s) => [`exp.${s}.econ.302.basic`, `exp.${s}.econ.302.public`, `exp.${s}.econ.302.total`])
    .map((k) => ctx.facts.amount(k))
    .find((a) => a !== undefined);
  if (!goods) return;
  for (const p of paragraphs(ctx.seg)) {
    // the claim may name 机关运行经费 in the sentence before ("…机关运行经费支出预算表情况说明。财政拨款支出安排数与…一致")
    const m = /(?:与|和)[^。]{0,40}?[“"]?商品和服务支出[”"]?[^。]{0,12}?一致/u.exec(p.text);
    if (!m || !/机关运行经费/u.test(p.text.slice(0, m.index + m[0].length)) || close(ops, goods)) continue;
    const line = lineAt(p, m.index);
    report(ctx, {
      code: 'N04',
      message: `p.${line.page ?? '?'}: the text says 机关运行经费 equals the 商品和服务支出 of the 基本支出 table (${formatAmount(goods.value, goods)}), but 机关运行经费 is ${formatAmount(ops.value, ops)} (${whereText(ctx.facts.sourcesFor([ops.key, goods.key]))})`,
      keys: [ops.key, goods.key],
      sources: [lineSource(ctx, line, 'prose', m[0]), ...ctx.facts.sourcesFor([ops.key, goods.key])],
      expected: yuanText(goods.value),
      found: yuanText(ops.value),
    });
  }
}

const PLACEHOLDERS: ReadonlyArray<[RegExp, string]> = [
  [/(?:主要)?原因(?:是|为)[：:]?\s*(?=[。；;]|$)/u, 'a reason left empty'],
  [/[XＸ×]{2,}/u, 'a placeholder'],
  [/待填写|待补充|此处填写|[{｛][^}｝]{1,12}[}｝]/u, 'a placeholder'],
];

export function checkPlaceholders(ctx: ValidationContext): void {
  for (const p of paragraphs(ctx.seg)) {
    for (const [re, what] of PLACEHOLDERS) {
      const m = re.exec(p.text);
      if (!m) continue;
      const line = lineAt(p, m.index);
      const excerpt = p.text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 1);
      report(ctx, {
        code: 'P01',
        message: `p.${line.page ?? '?'}${line.line !== null ? ' line ' + line.line : ''}: ${what} in the text: '${excerpt}'`,
        sources: [lineSource(ctx, line, 'prose', excerpt)],
      });
    }
  }
}
