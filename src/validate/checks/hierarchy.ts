// The classification hierarchy (V07): a 类 is the sum of its 款, a 款 the sum of its 项, and
// a table's 合计 the sum of its 类, for every amount column. Children exist when facts with
// the parent's code as prefix exist. Rows read from the text may list only some children,
// so a parent over prose children can only fail by being exceeded.
import { formatAmount } from '../amounts.ts';
import { stageCode, type ValidationContext } from '../context.ts';
import { rowLabel } from '../describe.ts';
import { parseExpKey } from '../facts.ts';
import { checkSumIdentity } from '../sum-check.ts';

export function checkHierarchy(ctx: ValidationContext): void {
  // (prefix, classification, measure+suffix) → codes present
  const groups = new Map<string, Set<string>>();
  // every key, contested ones too: a child whose figure is in doubt is an unknown term, not no term
  for (const key of ctx.facts.keys(/^(?:units\.[^.]+\.)?exp\./u)) {
    const k = parseExpKey(key);
    if (!k || !k.cls || !k.code) continue;
    const id = `${k.prefix}|${k.cls}|${k.measure}${k.suffix}`;
    let set = groups.get(id);
    if (!set) groups.set(id, (set = new Set()));
    set.add(k.code);
  }
  const code = ctx.stage === 'final' ? stageCode(ctx, 'V07', 'D05') : 'V07';
  for (const [id, codes] of groups) {
    const [prefix, cls, column] = id.split('|') as [string, string, string];
    const keyOf = (c: string) => `${prefix}.${cls}.${c}.${column}`;
    const fromTable = (c: string) => ctx.facts.fromCompleteTable(keyOf(c));
    const partLabel = (k: string) => k.split('.').at(-2) ?? k;
    for (const parent of codes) {
      if (parent.length >= 7) continue;
      const children = [...codes].filter((c) => c.length === parent.length + 2 && c.startsWith(parent)).sort();
      if (children.length === 0) continue;
      checkSumIdentity(ctx, {
        code,
        subject: rowLabel(`${prefix}.${cls}.${parent}`, ctx.year) + ` against its ${parent.length === 3 ? '款' : '项'} rows`,
        totalKey: keyOf(parent),
        partKeys: children.map(keyOf),
        complete: fromTable(parent) && children.every(fromTable),
        partLabel,
        hint: (total, parts) => {
          // a child printing its parent's figure while siblings also hold money: copied up a level
          const copy = parts.find((p) => p.value.eq(total.value) && parts.some((q) => q !== p && !q.value.eq(0)));
          return copy ? `Row ${partLabel(copy.key)} prints the same ${formatAmount(copy.value, copy)} as its parent: the parent's figure looks copied into it` : undefined;
        },
      });
    }
    // the table's 合计 row against its 类 rows
    const top = [...codes].filter((c) => c.length === 3).sort();
    if (top.length === 0) continue;
    checkSumIdentity(ctx, {
      code,
      subject: `${rowLabel(prefix, ctx.year)} against its ${cls === 'func' ? '功能' : '经济'}分类 类 rows`,
      totalKey: `${prefix}.${column}`,
      partKeys: top.map(keyOf),
      complete: ctx.facts.fromCompleteTable(`${prefix}.${column}`) && top.every(fromTable),
      partLabel,
    });
  }
}
