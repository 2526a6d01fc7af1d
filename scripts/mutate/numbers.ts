// Printed amounts changed in their own dress: the same decimals, thousands separators when the
// original had them. A change is always far outside any rounding tolerance (at least 5% and at
// least 100 units of the last printed digit), so a check that misses it misses a real error.
import Big from 'big.js';
import type { Rng } from '../fuzz/rng.ts';

const NUMBER = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

export interface Printed {
  readonly value: Big;
  readonly digits: number;
  readonly grouped: boolean;
}

export function parsePrinted(text: string): Printed | undefined {
  const m = NUMBER.exec(text.trim());
  if (!m) return undefined;
  const int = m[2]!.replace(/,/g, '');
  return { value: new Big(`${m[1] ?? ''}${int}${m[3] ? '.' + m[3] : ''}`), digits: m[3]?.length ?? 0, grouped: m[2]!.includes(',') };
}

export function formatPrinted(value: Big, like: Printed): string {
  const fixed = value.abs().toFixed(like.digits);
  const [int, frac] = fixed.split('.') as [string, string | undefined];
  const g = like.grouped ? int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : int;
  return `${value.lt(0) ? '-' : ''}${g}${frac !== undefined ? '.' + frac : ''}`;
}

/** The printed number changed by 5–40% (at least 100 units of its last digit), up or down. */
export function shiftPrinted(text: string, rng: Rng): string | undefined {
  const p = parsePrinted(text);
  if (!p) return undefined;
  const unit = new Big(10).pow(-p.digits);
  const share = 0.05 + rng.next() * 0.35;
  let delta = p.value.abs().times(share.toFixed(4)).div(unit).round(0, Big.roundHalfUp).times(unit);
  const floor = unit.times(100);
  if (delta.lt(floor)) delta = floor;
  const down = rng.chance(0.5) && p.value.minus(delta).gt(0);
  const next = down ? p.value.minus(delta) : p.value.plus(delta);
  const out = formatPrinted(next, p);
  return out === text ? undefined : out;
}

/** An amount printed for a change stated in words (持平 → 增加X万元): a tenth of a figure, at least 1. */
export function someChange(base: Big | undefined, digits: number): string {
  const v = base && base.gt(0) ? base.div(10) : new Big(10);
  const r = v.lt(1) ? new Big(1) : v;
  return r.toFixed(digits);
}
