// Identities inside one row of a table: 合计 = 基本 + 项目 (V06), 基本 = 人员 + 公用 (V06 for
// function rows, V09 for economic rows), the “三公” items (V10), procurement (X11), and a
// row's change against last year (V11 for tables, N05 for the text).
import Big from 'big.js';
import { report, stageCode, type ValidationContext } from '../context.ts';
import { keyLabel, measureLabel, rowLabel, whereText } from '../describe.ts';
import { close, formatAmount, yuanText } from '../amounts.ts';
import { parseExpKey, rowBase, type ExpKey } from '../facts.ts';
import { checkSumIdentity } from '../sum-check.ts';
import { compact } from '../../normalize/text.ts';
import { parseNumber } from '../../normalize/amount.ts';

export function checkRowIdentities(ctx: ValidationContext): void {
  const rows = new Map<string, ExpKey>();
  for (const key of ctx.facts.amountKeys()) {
    const k = parseExpKey(key);
    if (k) rows.set(`${rowBase(k)}|${k.suffix}`, k);
  }
  // a third bucket (单位预留机动经费) printed anywhere: a row without it may still have one
  const hasReserve = ctx.facts.keys(/\.reserve(?:_prior|_budget)?$/u).length > 0;
  // money of all funds that is neither 基本 nor 项目 (事业单位经营支出, 上缴上级支出, 对附属单位补助支出
  // in the 收支总表): the whole 合计 of all funds holds it too
  const otherBuckets = spendsOutsideBasicAndProject(ctx);
  for (const k of rows.values()) {
    const base = rowBase(k);
    const sfx = k.suffix;
    const total = `${base}.total${sfx}`;
    const basic = `${base}.basic${sfx}`;
    const subject = rowLabel(base, ctx.year) + suffixWord(sfx);
    const isBlank = (besideKey: string) => (p: string) => ctx.facts.isBlankBeside(p, besideKey);
    const reserve = `${base}.reserve${sfx}`;
    const extra = ctx.facts
      .fact(total)
      ?.sources.some((s) => ctx.tables.rowHasUnkeyedMoney(s));
    checkSumIdentity(ctx, {
      code: k.cls === 'econ' || k.cls === 'gecon' ? stageCode(ctx, 'V09', 'D06') : rowCode(ctx, k),
      subject,
      totalKey: total,
      partKeys: [basic, `${base}.project${sfx}`, ...(ctx.facts.has(reserve) ? [reserve] : [])],
      isBlank: isBlank(total),
      complete: !extra && (ctx.facts.has(reserve) || !hasReserve) && !(otherBuckets && k.scope === 'all' && k.cls === null),
      hint: (t, parts) => {
        // 合计 = one bucket while another holds money: that money was printed in the wrong row
        const equal = parts.find((p) => close(p, t));
        const other = parts.find((p) => p !== equal && !p.value.eq(0));
        return equal && other ? `Its 合计 equals its ${measureLabel(equal.key)}, so the ${measureLabel(other.key)} ${formatAmount(other.value, other)} looks misplaced` : undefined;
      },
    });
    // a table with no 基本支出 subtotal column (合计 | 人员经费 | 公用经费 | 项目支出): 合计 = all three
    if (!ctx.facts.has(basic) && ctx.facts.has(`${base}.personnel${sfx}`) && ctx.facts.has(`${base}.public${sfx}`)) {
      checkSumIdentity(ctx, {
        code: k.cls === 'econ' || k.cls === 'gecon' ? stageCode(ctx, 'V09', 'D06') : rowCode(ctx, k),
        subject,
        totalKey: total,
        partKeys: [`${base}.personnel${sfx}`, `${base}.public${sfx}`, `${base}.project${sfx}`, ...(ctx.facts.has(reserve) ? [reserve] : [])],
        isBlank: isBlank(total),
        complete: !extra && (ctx.facts.has(reserve) || !hasReserve) && !(otherBuckets && k.scope === 'all' && k.cls === null),
      });
    }
    checkSumIdentity(ctx, {
      code: k.cls === 'econ' || k.cls === 'gecon' ? stageCode(ctx, 'V09', 'D06') : rowCode(ctx, k),
      subject,
      totalKey: basic,
      partKeys: [`${base}.personnel${sfx}`, `${base}.public${sfx}`],
      isBlank: isBlank(basic),
    });
  }
}

const OTHER_BUCKET = /^(?:[\d一二三四五六七八九十]+[、.．])?(?:事业单位经营支出|上缴上级支出|对附属单位补助支出)$/u;

/** Does a 收支总表 print money spent outside 基本支出 and 项目支出? */
function spendsOutsideBasicAndProject(ctx: ValidationContext): boolean {
  return ctx.seg.tables.some(
    (t) =>
      t.kind.subject === 'summary' &&
      t.rows.some((r) =>
        r.cells.some((c, i) => {
          if (!OTHER_BUCKET.test(compact(c.text))) return false;
          const n = parseNumber(r.cells[i + 1]?.text ?? '');
          return n !== null && n !== undefined && !/^0(?:\.0+)?$/u.test(n.value);
        }),
      ),
  );
}

/** V06 for the all-funds 支出总表 and the fund tables; final accounts: D03 (支出决算表) and D05 (一般公共预算). */
function rowCode(ctx: ValidationContext, k: ExpKey) {
  if (ctx.stage !== 'final') return 'V06' as const;
  return k.scope === 'all' ? ('D03' as const) : ('D05' as const);
}

function suffixWord(sfx: string): string {
  return sfx === '_prior' ? ' (last year’s column)' : sfx === '_budget' ? ' (预算数 column)' : sfx === '_change' ? ' (增减 column)' : '';
}

/** “三公”: 合计 = 出国 + 接待 + 公车; 公车 = 购置 + 运行 — for each column (本年, 上年, 预算数). */
export function checkThreePublic(ctx: ValidationContext): void {
  const heads = new Set<string>();
  for (const key of ctx.facts.keys(/^tp\.[a-z]+\.[a-z_]+$/u)) {
    const m = /^(tp\.[a-z]+)\.(?:total|travel|reception|vehicle|vehicle_purchase|vehicle_operation)(_prior|_budget|_change)?$/u.exec(key);
    if (m) heads.add(`${m[1]}|${m[2] ?? ''}`);
  }
  for (const h of heads) {
    const [prefix, sfx] = h.split('|') as [string, string];
    const code = stageCode(ctx, 'V10', 'D07');
    const scope = prefix.split('.')[1]!;
    const subject = `“三公”经费 (${scope === 'fiscal' ? '财政拨款' : scope === 'gpb' ? '一般公共预算' : scope})${suffixWord(sfx)}`;
    const k = (f: string) => `${prefix}.${f}${sfx}`;
    checkSumIdentity(ctx, { code, subject, totalKey: k('total'), partKeys: [k('travel'), k('reception'), k('vehicle')] });
    checkSumIdentity(ctx, { code, subject, totalKey: k('vehicle'), partKeys: [k('vehicle_purchase'), k('vehicle_operation')] });
  }
}

/** 政府采购: 合计 = 货物 + 工程 + 服务. */
export function checkProcurement(ctx: ValidationContext): void {
  checkSumIdentity(ctx, { code: 'X11', subject: '政府采购预算', totalKey: 'proc.total', partKeys: ['proc.goods', 'proc.works', 'proc.services'] });
}

/**
 * A figure, last year's and the stated change: this year − last year = change (V11 where a
 * table prints the 增减 column, N05 where the text states it).
 */
export function checkChanges(ctx: ValidationContext): void {
  for (const changeKey of ctx.facts.keys(/_change$/u)) {
    const key = changeKey.replace(/_change$/u, '');
    const cur = ctx.facts.amount(key);
    const prior = ctx.facts.amount(`${key}_prior`);
    const change = ctx.facts.amount(changeKey);
    if (!cur || !prior || !change) continue;
    const expected = cur.value.minus(prior.value);
    const tolerance = cur.half.plus(prior.half).plus(change.half);
    if (expected.minus(change.value).abs().lte(tolerance)) continue;
    const fromText = ctx.facts.fact(changeKey)!.sources.every((s) => s.method === 'prose' || s.method === 'ocr-prose');
    const keys = [key, `${key}_prior`, changeKey];
    report(ctx, {
      code: fromText ? 'N05' : 'V11',
      message: `${keyLabel(key, ctx.year)}: this year ${formatAmount(cur.value, cur)} − last year ${formatAmount(prior.value, prior)} = ${formatAmount(expected, cur)}, but the stated change is ${formatAmount(change.value, change)} (${whereText(ctx.facts.sourcesFor(keys))})`,
      keys,
      expected: yuanText(expected),
      found: yuanText(change.value),
    });
  }
}

/**
 * 人员经费 and 公用经费 that together are all the economic 类, split another way than 301 + 303 |
 * the rest (a local rule counting 福利费 or 303 with the other side): the document adds up, it only
 * draws the line elsewhere. Said once, as information, with the amount moved; true when so.
 */
function movedBetweenParts(ctx: ValidationContext, prefix: string, people: readonly string[], other: readonly string[], complete: boolean): boolean {
  const f = ctx.facts;
  const pers = f.amount(`${prefix}.personnel`);
  const pub = f.amount(`${prefix}.public`);
  if (!complete || !pers || !pub || people.length === 0 || other.length === 0) return false;
  const parts = [...people, ...other].map((k) => f.amount(k));
  if (parts.some((x) => x === undefined)) return false;
  const sum = (xs: typeof parts) => xs.reduce((a, x) => a.plus(x!.value), new Big(0));
  const half = (xs: typeof parts) => xs.reduce((a, x) => a.plus(x!.half), new Big(0));
  const peopleParts = people.map((k) => f.amount(k));
  const moved = pers.value.minus(sum(peopleParts));
  const tolerance = pers.half.plus(pub.half).plus(half(parts));
  const whole = pers.value.plus(pub.value).minus(sum(parts)).abs();
  if (moved.abs().lte(tolerance) || whole.gt(tolerance)) return false;
  report(ctx, {
    code: stageCode(ctx, 'V09', 'D06'),
    severity: 'info',
    message: `${rowLabel(prefix, ctx.year).replace(/ 合计行$/u, '')}: 人员经费 ${formatAmount(pers.value, pers)} and 公用经费 ${formatAmount(pub.value, pub)} add up to the economic 类, but split them another way than 301 + 303 | the rest: ${formatAmount(moved.abs(), pers)} of ${moved.gt(0) ? 'the other 类 is counted as 人员经费' : '301 + 303 is counted as 公用经费'} (a local rule, not an error) (${whereText(f.sourcesFor([`${prefix}.personnel`, `${prefix}.public`]))})`,
    keys: [`${prefix}.personnel`, `${prefix}.public`],
    expected: yuanText(sum(peopleParts)),
    found: yuanText(pers.value),
  });
  return true;
}

/**
 * A table that splits its economic rows itself (工资福利支出 91,906.90 = 人员经费 91,809.93 + 公用经费
 * 96.97): the convention 301 + 303 | the rest is not its rule, and its own columns are checked row by row.
 */
function splitsItsOwnRows(ctx: ValidationContext, prefix: string, people: readonly string[], other: readonly string[]): boolean {
  const nonZero = (k: string) => {
    const a = ctx.facts.amount(k);
    return a !== undefined && !a.value.eq(0);
  };
  return people.some((k) => nonZero(k.replace(/\.basic$/u, '.public'))) || other.some((k) => nonZero(k.replace(/\.basic$/u, '.personnel')));
}

/**
 * V09 (D06): by convention the 人员经费 of 基本支出 are the economic 类 301 and 303, and the 公用经费
 * the other 类 (302, 310 …). A deviation (福利费 counted as 人员经费) is a warning, not an error.
 */
export function checkEconomicSplit(ctx: ValidationContext): void {
  const byPrefix = new Map<string, string[]>();
  for (const key of ctx.facts.keys(/^(?:units\.[^.]+\.)?exp\.[a-z]+\.econ\.\d{3}\.basic$/u)) {
    const k = parseExpKey(key)!;
    byPrefix.set(k.prefix, [...(byPrefix.get(k.prefix) ?? []), key]);
  }
  const code = stageCode(ctx, 'V09', 'D06');
  for (const [prefix, keys] of byPrefix) {
    const complete = keys.every((k) => ctx.facts.fromCompleteTable(k));
    const people = keys.filter((k) => /\.econ\.30[13]\.basic$/u.test(k));
    const other = keys.filter((k) => !people.includes(k));
    const label = (k: string) => k.split('.').at(-2) ?? k;
    if (movedBetweenParts(ctx, prefix, people, other, complete) || splitsItsOwnRows(ctx, prefix, people, other)) continue;
    if (people.length > 0) checkSumIdentity(ctx, { code, subject: `${rowLabel(prefix, ctx.year).replace(/ 合计行$/u, '')} 人员经费 against economic 类 301 + 303`, totalKey: `${prefix}.personnel`, partKeys: people, complete, partLabel: label });
    if (other.length > 0) checkSumIdentity(ctx, { code, subject: `${rowLabel(prefix, ctx.year).replace(/ 合计行$/u, '')} 公用经费 against the other economic 类`, totalKey: `${prefix}.public`, partKeys: other, complete, partLabel: label });
  }
}
