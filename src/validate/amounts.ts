// Exact arithmetic for identities, with the rounding room each printed figure leaves.
// A figure printed as 245.78 万元 may stand for anything within ±0.005 万元, so a sum of
// n printed terms may miss its printed total by up to the half-steps of all of them
// (domain.md §3: half a display unit per term). Nothing here knows about keys or tables.
import Big from 'big.js';
import type { Fact } from '../core/types.ts';
import { canonical } from '../normalize/amount.ts';

export interface Amount {
  readonly key: string;
  readonly value: Big;
  /** Half of the last printed digit, in yuan: the rounding room of this figure. */
  readonly half: Big;
  /** Decimals printed, in the printed unit; undefined when not known. */
  readonly digits: number | undefined;
  /** Size of the printed unit in yuan (1 for 元, 10000 for 万元). */
  readonly unitYuan: number;
}

export function amountOfFact(f: Fact): Amount | undefined {
  if (f.value.type !== 'amount') return undefined;
  const p = f.precision;
  return {
    key: f.key,
    value: new Big(f.value.yuan),
    half: p ? new Big(p.unitYuan).div(new Big(10).pow(p.digits)).div(2) : new Big(0),
    digits: p?.digits,
    unitYuan: p?.unitYuan ?? 1,
  };
}

/** An amount that is known to be zero because its cell is blank (no rounding room). */
export function blankAmount(key: string): Amount {
  return { key, value: new Big(0), half: new Big(0), digits: undefined, unitYuan: 1 };
}

export type Verdict =
  | { readonly status: 'na' }
  | { readonly status: 'ok'; readonly diff: Big; readonly tolerance: Big }
  | { readonly status: 'fail'; readonly diff: Big; readonly tolerance: Big; readonly sum: Big };

export function sumOf(parts: readonly Amount[]): Big {
  return parts.reduce((s, p) => s.plus(p.value), new Big(0));
}

/**
 * total ≈ Σ parts. `complete` says whether the parts are all there is: when some term may be
 * missing (a column this table does not have, a row not read) only a sum that overshoots
 * the total can fail, since the missing terms are not negative.
 */
export function checkSum(total: Amount | undefined, parts: readonly Amount[], complete: boolean): Verdict {
  if (!total || parts.length === 0) return { status: 'na' };
  const sum = sumOf(parts);
  const tolerance = parts.reduce((t, p) => t.plus(p.half), total.half);
  const diff = total.value.minus(sum);
  if (diff.abs().lte(tolerance)) return { status: 'ok', diff, tolerance };
  if (!complete && diff.gt(0)) return { status: 'na' };
  return { status: 'fail', diff, tolerance, sum };
}

/** a ≥ b within rounding. */
export function atLeast(a: Amount, b: Amount): boolean {
  return a.value.plus(a.half).plus(b.half).gte(b.value);
}

/** a ≈ b within rounding. */
export function close(a: Amount, b: Amount): boolean {
  return a.value.minus(b.value).abs().lte(a.half.plus(b.half));
}

/**
 * The terms were printed with different numbers of decimals (a total without cents over
 * rows with cents): a nonzero difference within tolerance is then the publisher's rounding
 * made visible, worth an 'info' (R01). Equal precision with a small difference is ordinary.
 */
export function mixedPrecision(terms: readonly Amount[]): boolean {
  const steps = new Set(terms.filter((t) => t.digits !== undefined).map((t) => t.half.toString()));
  return steps.size > 1;
}

const GROUP = /\B(?=(\d{3})+(?!\d))/g;

/** Thousands separators on the integer part of a decimal string. */
function group(s: string): string {
  const [i, f] = s.split('.');
  return (i ?? '').replace(GROUP, ',') + (f !== undefined ? '.' + f : '');
}

/**
 * A yuan figure the way a reader meets it: in 万元 with its printed decimals when the figure
 * was printed in 万元, else in 元 ("1,269.68万元", "14,348,853.34元").
 */
export function formatAmount(value: Big, like?: Pick<Amount, 'unitYuan' | 'digits'>): string {
  const unitYuan = like?.unitYuan ?? 1;
  const unit = unitYuan === 10000 ? '万元' : unitYuan === 100000000 ? '亿元' : unitYuan === 1000 ? '千元' : '元';
  const scaled = value.div(unitYuan);
  const digits = Math.max(like?.digits ?? 2, decimalsNeeded(scaled));
  return `${group(scaled.toFixed(Math.min(digits, 6)))}${unit}`;
}

function decimalsNeeded(b: Big): number {
  const s = b.abs().toFixed();
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** Plain yuan string for `expected` / `found` fields (machine-readable, exact). */
export function yuanText(b: Big): string {
  return canonical(b);
}
