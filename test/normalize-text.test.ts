import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compact, foldKangxi, foldWidth, normalizeText, removeCjkSpaces } from '../src/normalize/text.ts';

const cjkChar = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c));
const cjkString = fc.array(cjkChar, { minLength: 1, maxLength: 20 }).map((a) => a.join(''));
const mixed = fc.array(
  fc.oneof(cjkChar, fc.constantFrom(' ', '\u3000', '１', '２', 'Ａ', '（', '）', '：', ':', '(', ')', '.', ',', '，', '5', '0', '⼀', '⽀', '\t', '−', '－')),
  { maxLength: 40 },
).map((a) => a.join(''));

describe('width folding', () => {
  it('folds full-width digits, letters and the ideographic space', () => {
    expect(foldWidth('２０２６年　ＡＢ１２．５')).toBe('2026年 AB12.5');
  });
  it('folds minus look-alikes', () => {
    expect(foldWidth('−12.3 －4 –5')).toBe('-12.3 -4 -5');
  });
  it('leaves Chinese characters alone (property)', () => {
    fc.assert(fc.property(cjkString, (s) => foldWidth(s) === s));
  });
});

describe('Kangxi radicals', () => {
  it('maps look-alikes to ideographs', () => {
    expect(foldKangxi('⼀般公共预算⽀出')).toBe('一般公共预算支出');
  });
});

describe('spaces between Chinese characters', () => {
  it('removes them, and between Chinese and numbers', () => {
    expect(removeCjkSpaces('卫 生 健 康 支 出')).toBe('卫生健康支出');
    expect(normalizeText('福建省 12345 政务服务')).toBe('福建省12345政务服务');
    expect(normalizeText('2210201-住房公积金 15.1 万元')).toBe('2210201-住房公积金15.1万元');
  });
  it('never joins two numbers', () => {
    expect(normalizeText('245.78 245.78')).toBe('245.78 245.78');
    expect(normalizeText('12 345')).toBe('12 345');
  });
});

describe('normalizeText', () => {
  it('is idempotent (property)', () => {
    fc.assert(fc.property(mixed, (s) => normalizeText(normalizeText(s)) === normalizeText(s)), { numRuns: 2000 });
  });
  it('compact is idempotent and has no white space (property)', () => {
    fc.assert(fc.property(mixed, (s) => compact(compact(s)) === compact(s) && !/\s/.test(compact(s))), { numRuns: 1000 });
  });
  it('unifies ASCII and Chinese brackets and colons', () => {
    expect(normalizeText('单位:万元')).toBe('单位：万元');
    expect(normalizeText('维修(护)费')).toBe('维修（护）费');
  });
});

describe('letter-spaced figures', () => {
  it('joins the spaces around a thousands comma or a decimal point (广州市司法局 p.48)', () => {
    expect(normalizeText('2026年本部门收入预算174 , 177 . 85万元，比上年')).toBe('2026年本部门收入预算174,177.85万元，比上年');
    expect(normalizeText('合计 1 , 234 . 50')).toBe('合计1,234.50');
  });
  it('keeps two figures apart, and a comma that is no thousands separator', () => {
    expect(normalizeText('100.00 200.00')).toBe('100.00 200.00');
    expect(normalizeText('12 , 3456')).toBe('12 , 3456');
  });
});
