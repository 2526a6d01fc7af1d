import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseNumber, parseUnitCaption, toYuan, addDecimals } from '../src/normalize/amount.ts';

describe('parseNumber', () => {
  it('reads the forms seen in disclosures', () => {
    expect(parseNumber('245.78')).toMatchObject({ value: '245.78', digits: 2, negative: false });
    expect(parseNumber('27,664.22')?.value).toBe('27664.22');
    expect(parseNumber('189,767,551')?.value).toBe('189767551');
    expect(parseNumber('－12.3')?.value).toBe('-12.3');
    expect(parseNumber('−12.3')?.value).toBe('-12.3');
    expect(parseNumber('（12.3）')?.value).toBe('-12.3');
    expect(parseNumber('(12.3)')?.value).toBe('-12.3');
    expect(parseNumber('４.０４ %')).toMatchObject({ value: '4.04', percent: true });
    expect(parseNumber('0.00')).toMatchObject({ value: '0', digits: 2 });
    expect(parseNumber('15.10')?.value).toBe('15.1');
  });
  it('gives null for "no value" and undefined for text', () => {
    for (const blank of ['', ' ', '-', '—', '－', '——', '无']) expect(parseNumber(blank)).toBeNull();
    for (const text of ['合计', '1.2.3', '12,34', 'abc', '2010350-事业运行']) expect(parseNumber(text)).toBeUndefined();
  });
  it('round-trips exact decimals through every printed form (property)', () => {
    const decimal = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 0, max: 4 }), fc.boolean());
    fc.assert(
      fc.property(decimal, fc.constantFrom('plain', 'thousands', 'fullwidth', 'brackets'), ([units, scale, neg], form) => {
        const digits = units.toString().padStart(scale + 1, '0');
        const int = digits.slice(0, digits.length - scale);
        const frac = digits.slice(digits.length - scale);
        const canonicalInt = BigInt(int).toString();
        const fracTrim = frac.replace(/0+$/, '');
        const expected = (canonicalInt === '0' && fracTrim === '') ? '0' : `${neg ? '-' : ''}${canonicalInt}${fracTrim ? '.' + fracTrim : ''}`;
        let printedInt = canonicalInt;
        if (form === 'thousands') printedInt = canonicalInt.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
        let printed = `${printedInt}${scale ? '.' + frac : ''}`;
        if (form === 'fullwidth') printed = [...printed].map((c) => (/\d/.test(c) ? String.fromCodePoint(c.charCodeAt(0) + 0xfee0) : c)).join('');
        printed = neg ? (form === 'brackets' ? `（${printed}）` : `-${printed}`) : printed;
        const parsed = parseNumber(printed);
        return parsed?.value === expected && parsed.digits === scale;
      }),
      { numRuns: 3000 },
    );
  });
});

describe('toYuan', () => {
  it('scales exactly, never through a float', () => {
    expect(toYuan('245.78', '万元')).toBe('2457800');
    expect(toYuan('0.1', '万元')).toBe('1000');
    expect(toYuan('86959408.34', '元')).toBe('86959408.34');
    expect(toYuan('1.23456789', '亿元')).toBe('123456789');
    // 0.1 + 0.2 in binary floats is 0.30000000000000004
    expect(addDecimals(['0.1', '0.2'])).toBe('0.3');
  });
  it('is exact for any 万元 amount with 2 decimals (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), (fen) => {
        const s = `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;
        return BigInt(toYuan(s, '万元')) === fen * 100n;
      }),
    );
  });
});

describe('parseUnitCaption', () => {
  it('reads captions in their variants', () => {
    expect(parseUnitCaption('单位：万元')).toBe('万元');
    expect(parseUnitCaption('单位:元')).toBe('元');
    expect(parseUnitCaption('金额单位：万元')).toBe('万元');
    expect(parseUnitCaption('年度预算安排（万元）')).toBe('万元');
    expect(parseUnitCaption('合计')).toBeUndefined();
  });
});
