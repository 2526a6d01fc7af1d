// The text's classification items against the tables (N02):
// - a 类 or 款 named by a name not in force in the budget year ("医疗卫生与计划生育支出（210类）"
//   in a 2026 document, whose tables say 卫生健康支出);
// - a sentence the reader could not place (C02) whose figure is a different level's row:
//   "人大事务行政运行（项）支出10528.33万元" where 10,528.33 is the 类/款 total.
import type { Finding } from '../../core/types.ts';
import { Catalogue, nameKey } from '../../normalize/catalogue.ts';
import { formatAmount, yuanText } from '../amounts.ts';
import { lineSource, report, type ValidationContext } from '../context.ts';
import { codeName } from '../describe.ts';
import { parseExpKey } from '../facts.ts';
import { lineAt, moneyIn, paragraphs } from './paragraphs.ts';

const LEVEL_TAG = /([\u4e00-\u9fff“”]{2,30}?)[（(](\d{2,3})?([类款项])[）)]/gu;
const LEVEL_OF: Readonly<Record<string, number>> = { 类: 3, 款: 5, 项: 7 };

export function checkItemNames(ctx: ValidationContext): void {
  const year = ctx.year;
  if (!year) return;
  const cat = Catalogue.standard();
  const seen = new Set<string>();
  for (const p of paragraphs(ctx.seg)) {
    let lei: string | null = null;
    for (const m of p.text.matchAll(LEVEL_TAG)) {
      const name = m[1]!.replace(/^(?:用于|其中|包括|主要)/u, '');
      const level = m[3]!;
      const parent: string | null = level === '类' ? null : level === '款' ? lei : null;
      if (level === '款' && !parent) continue;
      if (level === '项') continue;
      const valid: { code: string } | undefined = cat.children('func', parent, year).find((e) => nameKey(e.name) === nameKey(name));
      if (valid) {
        if (level === '类') lei = valid.code;
        continue;
      }
      const other = cat.codeOf('func', name, parent, undefined);
      if (!other) continue;
      if (level === '类') lei = other.code;
      const current = cat.nameOf('func', other.code, year);
      if (!current || nameKey(current) === nameKey(name) || seen.has(`${other.code}|${name}`)) continue;
      seen.add(`${other.code}|${name}`);
      const line = lineAt(p, m.index!);
      report(ctx, {
        code: 'N02',
        message: `p.${line.page ?? '?'}${line.line !== null ? ' line ' + line.line : ''}: the text names ${level} ${other.code} '${name}', a name not in force in ${year}; that year's name is ${current}`,
        sources: [lineSource(ctx, line, 'prose', m[0])],
        expected: current,
        found: name,
      });
    }
  }
}

/**
 * A class path the reader could not resolve (C02) whose figure equals a table row of another
 * level: the sentence mislabels the level. Points at the row the words most likely mean.
 */
export function checkMislabelledLevels(ctx: ValidationContext, readingFindings: readonly Finding[]): void {
  const cat = Catalogue.standard();
  const year = ctx.year ?? undefined;
  for (const f of readingFindings) {
    if (f.code !== 'C02') continue;
    const src = f.sources[0];
    if (!src) continue;
    const money = moneyIn(src.text).at(-1);
    if (!money) continue;
    const label = src.text.slice(0, money.start);
    const tags = [...label.matchAll(/[（(](?:\d{2,3})?([类款项])[）)]/gu)];
    const level = LEVEL_OF[tags.at(-1)?.[1] ?? ''];
    if (!level) continue;
    // table rows with this figure
    const rows = ctx.facts
      .keys(/^exp\.[a-z]+\.func\.\d+\.total$/u)
      .filter((k) => ctx.facts.fromTable(k))
      .flatMap((k) => {
        // (a row whose value is not an amount, a misread cell, has no figure to compare)
        const a = ctx.facts.amount(k);
        const code = parseExpKey(k)?.code;
        return a && code ? [{ key: k, code, a }] : [];
      })
      .filter((r) => r.a.value.minus(money.yuan).abs().lte(r.a.half.plus(money.half)));
    const codes = [...new Set(rows.map((r) => r.code))].sort();
    if (codes.length === 0 || codes.some((c) => c.length === level)) continue;
    // the item the words mean: a 款 whose name starts the label, then the rest under it
    const words = nameKey(label.replace(/[（(](?:\d{2,3})?[类款项][）)]/gu, '').replace(/支出$/u, ''));
    let meant: { key: string; code: string } | undefined;
    for (const c of codes.filter((x) => x.length === 5)) {
      const parentName = nameKey(codeName('func', c, ctx.year));
      if (!parentName || !words.startsWith(parentName)) continue;
      const child = cat.codeOf('func', words.slice(parentName.length), c, year);
      if (!child) continue;
      const key = rows.find((r) => r.code === c)!.key.replace(`.func.${c}.`, `.func.${child.code}.`);
      if (ctx.facts.has(key)) meant = { key, code: child.code };
    }
    const where = codes.map((c) => `${c.length === 3 ? '类' : c.length === 5 ? '款' : '项'} ${c} ${codeName('func', c, ctx.year)}`).join(' / ');
    const meantAmount = meant ? ctx.facts.amount(meant.key) : undefined;
    report(ctx, {
      code: 'N02',
      message: `p.${src.page ?? '?'}: the text calls ${money.printed} the ${tags.at(-1)![1]} '${label.replace(/[（(].*$/u, '')}', but in the tables that is the figure of ${where}${
        meant && meantAmount ? `; ${'项'} ${meant.code} ${codeName('func', meant.code, ctx.year)} is ${formatAmount(meantAmount.value, meantAmount)}` : ''
      }`,
      keys: [...rows.map((r) => r.key), ...(meant ? [meant.key] : [])],
      sources: [src, ...ctx.facts.sourcesFor(rows.map((r) => r.key).slice(0, 2))],
      ...(meantAmount ? { expected: yuanText(meantAmount.value) } : {}),
      found: yuanText(money.yuan),
    });
  }
}

