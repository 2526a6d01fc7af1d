// Amounts as exact decimals. Money never passes through a binary float: the printed text is
// parsed into a big.js decimal, scaled to yuan by shifting the decimal point, and kept as a
// canonical string. Only the export turns it into a JSON number.
import Big from 'big.js';
import { foldWidth } from './text.ts';

export type MoneyUnit = '元' | '万元' | '亿元' | '千元';

/** Size of one unit in yuan, as a power of ten. */
export const UNIT_EXPONENT: Readonly<Record<MoneyUnit, number>> = { 元: 0, 千元: 3, 万元: 4, 亿元: 8 };

export interface ParsedNumber {
  /** Exact decimal as printed (not scaled), canonical: no leading '+', no trailing zeros. */
  readonly value: string;
  /** Number of decimals printed, for the rounding tolerance ("245.78" → 2). */
  readonly digits: number;
  readonly negative: boolean;
  readonly percent: boolean;
}

/** "No value" markers seen in tables: a blank cell, dashes, 无. */
const NO_VALUE = /^(?:|-+|—+|－+|–+|\/|无|\*|×|x)$/u;

// One number: optional sign, digits with optional thousands separators, optional decimals;
// or an accounting negative in brackets.
const NUMBER = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * Parse one numeric cell or token. Returns null for "no value" (blank, dashes) and undefined
 * for text that is not a number at all. Thousands separators, spaces between digits, full-width
 * digits, minus look-alikes, `（12.3）` negatives and a trailing `%` are accepted.
 */
export function parseNumber(text: string): ParsedNumber | null | undefined {
  let s = foldWidth(text).trim();
  if (NO_VALUE.test(s)) return null;
  let percent = false;
  if (/[%％]$/.test(s)) {
    percent = true;
    s = s.slice(0, -1).trim();
  }
  let bracketNegative = false;
  const br = /^[（(]\s*(.+?)\s*[）)]$/u.exec(s);
  if (br) {
    bracketNegative = true;
    s = br[1]!;
  }
  // spaces and thin spaces are only removed between digits
  s = s.replace(/(?<=[\d,.])[ \u00a0\u2009]+(?=[\d,.])/g, '');
  if (s.startsWith('+')) s = s.slice(1);
  const m = NUMBER.exec(s);
  if (!m) return undefined;
  if (bracketNegative && m[1]) return undefined; // "（-12）" is not a number we understand
  const intPart = m[2]!.replace(/,/g, '');
  const frac = m[3] ?? '';
  const negative = bracketNegative || m[1] === '-';
  const value = canonical(new Big(`${negative ? '-' : ''}${intPart}${frac ? '.' + frac : ''}`));
  return { value, digits: frac.length, negative: negative && value !== '0', percent };
}

/** Canonical decimal string: no exponent, no trailing zeros, "-0" → "0". */
export function canonical(b: Big): string {
  const s = b.toFixed();
  if (!s.includes('.')) return s === '-0' ? '0' : s;
  const t = s.replace(/0+$/, '').replace(/\.$/, '');
  return t === '-0' ? '0' : t;
}

/** Scale a printed amount in `unit` to yuan, exactly. */
export function toYuan(value: string, unit: MoneyUnit): string {
  return canonical(new Big(value).times(new Big(10).pow(UNIT_EXPONENT[unit])));
}

/** A money unit named in text: 单位：万元, 金额单位：元, （万元）. */
export function parseUnitCaption(text: string): MoneyUnit | undefined {
  const s = foldWidth(text).replace(/\s+/g, '');
  const m = /(?:金额)?单位[：:]?(?:人民币)?(亿元|万元|千元|元)/u.exec(s) ?? /[（(](亿元|万元|千元|元)[）)]/u.exec(s);
  return m ? (m[1] as MoneyUnit) : undefined;
}

export function addDecimals(values: readonly string[]): string {
  return canonical(values.reduce((acc, v) => acc.plus(v), new Big(0)));
}

export function subDecimals(a: string, b: string): string {
  return canonical(new Big(a).minus(b));
}

export function absDecimal(a: string): string {
  return canonical(new Big(a).abs());
}

/** Compare two decimals: -1, 0, 1. */
export function cmpDecimals(a: string, b: string): number {
  return new Big(a).cmp(b);
}

export function negate(a: string): string {
  return canonical(new Big(a).times(-1));
}

/** The exact decimal as a JSON number for export (the contract asks for numbers). */
export function toJsonNumber(a: string): number {
  return Number(a);
}
