import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codeLevel, joinCodeParts, parentCode, parseCodeText, splitCodeAndName } from '../src/normalize/codes.ts';

describe('classification codes', () => {
  it('reads codes in one cell, with dashes or spaces', () => {
    expect(parseCodeText('2010350')).toBe('2010350');
    expect(parseCodeText('204-06-01')).toBe('2040601');
    expect(parseCodeText('204 06 01')).toBe('2040601');
    expect(parseCodeText('245.78')).toBeUndefined(); // an amount, not 245 / 78
    expect(parseCodeText('合计')).toBeUndefined();
  });
  it('joins 类|款|项 columns and pads lost leading zeros', () => {
    expect(joinCodeParts('201', '05', '07')).toBe('2010507');
    expect(joinCodeParts('301', '2')).toBe('30102');
    expect(joinCodeParts('201', '05', '')).toBe('20105');
    expect(joinCodeParts('201', '', '07')).toBeUndefined();
  });
  it('splits a code joined to its name', () => {
    expect(splitCodeAndName('2010601-行政运行')).toEqual({ code: '2010601', name: '行政运行' });
    expect(splitCodeAndName('2010350 事业运行')).toEqual({ code: '2010350', name: '事业运行' });
    expect(splitCodeAndName('2.12345热线运行')).toBeUndefined();
  });
  it("a code's parent is its prefix (property)", () => {
    const code = fc.tuple(fc.integer({ min: 200, max: 299 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 99 }))
      .map(([a, b, c]) => `${a}${String(b).padStart(2, '0')}${String(c).padStart(2, '0')}`);
    fc.assert(fc.property(code, (c) => parentCode(c) === c.slice(0, 5) && parentCode(c.slice(0, 5)) === c.slice(0, 3) && codeLevel(c) === 3));
  });
});

describe('codes in the dress of other layouts', () => {
  it('reads a code in brackets or with a trailing dash as the code', () => {
    expect(parseCodeText('[201]')).toBe('201');
    expect(parseCodeText('【20133】')).toBe('20133');
    expect(parseCodeText('（2010301）')).toBe('2010301');
    expect(parseCodeText('201-')).toBe('201');
    expect(parseCodeText('(12.50)')).toBeUndefined(); // a negative amount in brackets
    expect(splitCodeAndName('[2013301]行政运行')).toEqual({ code: '2013301', name: '行政运行' });
  });
});
