import { describe, expect, it } from 'vitest';
import { chineseNumeral, parseMarker } from '../src/normalize/markers.ts';
import { OutlineBuilder } from '../src/segment/outline.ts';
import type { TextLine } from '../src/core/types.ts';

const line = (text: string, n: number): TextLine => ({ kind: 'line', text, raw: text, page: null, line: n, bbox: null });

describe('section markers', () => {
  it('reads every style', () => {
    expect(parseMarker('第一部分 单位概况')).toMatchObject({ style: 'part', value: 1, rest: '单位概况' });
    expect(parseMarker('第1部分海口')).toMatchObject({ style: 'part', value: 1 });
    expect(parseMarker('十一、“三公”经费')).toMatchObject({ style: 'cn-dun', value: 11 });
    expect(parseMarker('（七）协助推进')).toMatchObject({ style: 'cn-paren', value: 7 });
    expect(parseMarker('(二) 公务接待费')).toMatchObject({ style: 'cn-paren', value: 2 });
    expect(parseMarker('1.综合事务项目')).toMatchObject({ style: 'num-dot', value: 1 });
    expect(parseMarker('4．2025年')).toMatchObject({ style: 'num-dot', value: 4 });
    expect(parseMarker('6、 国有资本')).toMatchObject({ style: 'num-dot', value: 6 });
    expect(parseMarker('（8）完成')).toMatchObject({ style: 'num-paren', value: 8 });
    expect(parseMarker('③ 其他')).toMatchObject({ style: 'circled', value: 3 });
  });
  it('does not read amounts or years as markers', () => {
    expect(parseMarker('15.1万元')).toBeNull();
    expect(parseMarker('2026年预算')).toBeNull();
    expect(parseMarker('245.78')).toBeNull();
  });
  it('flags a marker followed by digits', () => {
    expect(parseMarker('2.12345热线运行监督管理项目')).toMatchObject({ value: 2, beforeDigit: true, rest: '12345热线运行监督管理项目' });
  });
  it('reads Chinese numerals', () => {
    expect(chineseNumeral('二十六')).toBe(26);
    expect(chineseNumeral('十')).toBe(10);
    expect(chineseNumeral('一百零五')).toBe(105);
  });
});

describe('outline', () => {
  it('survives broken numbering and reports it (the Haikou seed)', () => {
    const o = new OutlineBuilder();
    const texts = ['第三部分 情况说明', '一、甲', '二、乙', '（一）子', '（七）子', '（8）完成', '三、丙', '1.项', '2.项', '四、丁', '五、戊', '6、 国有资本经营', '七、收支'];
    const heads = texts.map((t, i) => o.offer(line(t, i + 1)));
    expect(heads.every(Boolean)).toBe(true);
    // （8） continues （七） at the same depth; 6、 continues 五、
    expect(heads[5]!.depth).toBe(heads[4]!.depth);
    expect(heads[11]!.depth).toBe(heads[10]!.depth);
    expect(heads[12]!.depth).toBe(heads[1]!.depth);
    expect(o.issues.map((i) => i.marker.text)).toEqual(['（七）', '（8）', '6、']);
  });
  it('accepts a digit-led item only where the numbering expects it', () => {
    const o = new OutlineBuilder();
    expect(o.offer(line('一、重点项目', 1))).not.toBeNull();
    expect(o.offer(line('1.综合事务项目，预算安排155万元', 2))).not.toBeNull();
    expect(o.offer(line('2.12345热线运行监督管理项目，预算安排58.51万元', 3))?.title).toBe('12345热线运行监督管理项目，预算安排58.51万元');
    expect(o.offer(line('7.5万元用于', 4))).toBeNull();
  });
});
