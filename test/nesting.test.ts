// Rows heading the rows below them, told only by the figures (normalize/nesting.ts).
import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { nestRows } from '../src/normalize/nesting.ts';

const rows = (values: readonly string[]) => values.map((v) => ({ value: new Big(v.replace(/,/g, '')), half: new Big('0.005') }));

describe('nestRows', () => {
  // 西安市人民政府办公厅 2026 部门综合预算专项业务经费支出表 (元), p.30: 合计 27,502,600.00
  const names = [
    '通用项目', '大型活动', '督查、值班、参事培训', '大宗印刷项目', '文件、刊物、公报印制', '委托咨询业务', '档案整理', '法律顾问服务', '政府网站内容', '政务公开及网站监管',
    '宣传片拍摄制作项目', '职转营商宣传片', '专用项目', '离退休干部、参事、馆员活动', '离退休干部、参事馆员活动', '援藏资金', '援藏资金', '援藏资金项目', '政府驻外办保障', '政府驻外办保障',
  ];
  const values = [
    '5,706,100.00', '200,000.00', '200,000.00', '1,980,000.00', '1,980,000.00', '3,496,100.00', '289,100.00', '50,000.00', '1,061,200.00', '2,095,800.00',
    '30,000.00', '30,000.00', '21,796,500.00', '635,500.00', '635,500.00', '14,200,000.00', '7,100,000.00', '7,100,000.00', '6,961,000.00', '6,961,000.00',
  ];
  const n = nestRows(rows(values));
  const headOf = (i: number) => (n.parent[i] === null ? null : names[n.parent[i]!]);

  it('counts each figure once: the top rows add up to the table’s 合计', () => expect(n.topSum.toFixed(2)).toBe('27502600.00'));
  it('puts categories at the top and chains of equal figures under one another', () => {
    expect([0, 12].map(headOf)).toEqual([null, null]);
    expect(headOf(1)).toBe('通用项目');
    expect(headOf(2)).toBe('大型活动');
    expect([6, 7, 8, 9].map(headOf)).toEqual(Array(4).fill('委托咨询业务'));
  });
  it('takes apart a chain read too eagerly when a head above needs its rows side by side', () => {
    // 援藏资金 14,200,000 = 援藏资金 7,100,000 + 援藏资金项目 7,100,000
    expect([16, 17].map((i) => n.parent[i])).toEqual([15, 15]);
    expect([13, 15, 18].map(headOf)).toEqual(['专用项目', '专用项目', '专用项目']);
  });
  it('reads figures that are no sums as rows side by side', () => {
    const flat = nestRows(rows(['300.00', '250.00', '100.00']));
    expect(flat.parent).toEqual([null, null, null]);
    expect(flat.topSum.toFixed(2)).toBe('650.00');
  });
  it('stays quick on a long table of equal figures (a search over readings would not end)', () => {
    const n2 = nestRows(rows(Array(3000).fill('10.00')));
    // each row heads the one below it: one chain, one top row
    expect(n2.topSum.toFixed(2)).toBe('10.00');
  });
});
