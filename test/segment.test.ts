// Segmenting: tables continued on the next page are stitched (repeated headers dropped), a
// table's own unit caption wins, and the fund of a short title comes from the contents list.
import { describe, expect, it } from 'vitest';
import { doc, grid, line } from './doc-builders.ts';
import { segment } from '../src/segment/segment.ts';
import { buildFrame } from '../src/model/frame.ts';
import { classifyTable } from '../src/segment/table-kind.ts';
import { readLabelledUnit } from '../src/segment/identity.ts';


describe('segment', () => {
  it('stitches a table continued on the next page and drops its repeated header', () => {
    const header = ['科目编码', '科目名称', '合计', '基本支出', '项目支出'];
    const seg = segment(
      doc([
        [line('2026年一般公共预算支出表', 1), line('单位：元', 1), grid([header, ['201', '一般公共服务支出', '100', '60', '40']], 1)],
        [grid([header, ['20101', '人大事务', '100', '60', '40']], 2), grid([['合计', '', '100', '60', '40']], 2)],
      ]),
    );
    expect(seg.tables).toHaveLength(1);
    const t = seg.tables[0]!;
    expect(t).toMatchObject({ unit: '元', kind: { id: 'B5', scope: 'gpb', classification: 'func' } });
    expect(t.grids).toHaveLength(3);
    const frame = buildFrame(t.rows);
    expect(frame.dataRows.map((r) => r.cells[1]!.text)).toEqual(['一般公共服务支出', '人大事务', '']);
  });

  it('does not stitch across text: a grid after a paragraph is a new table', () => {
    const seg = segment(
      doc([[line('2026年收支总表', 1), grid([['项目', '预算数'], ['收入合计', '1']], 1), line('本表反映部门收支总体情况，具体如下。', 1), grid([['序号', '单位名称'], ['1', '某某局']], 1)]]),
    );
    expect(seg.tables.map((t) => t.kind.id)).toEqual(['B1', 'other']);
  });

  it('types tables by the words of their titles', () => {
    expect(classifyTable('2026年度财政拨款收支预算总表')).toMatchObject({ id: 'B4', scope: 'fiscal' });
    expect(classifyTable('部门收支总体情况表')).toMatchObject({ id: 'B1', scope: 'all' });
    expect(classifyTable('2026年预算单位一般公共预算基本支出部门预算经济分类预算表')).toMatchObject({ id: 'B6', classification: 'econ', basicOnly: true });
    expect(classifyTable('一般公共预算“三公”经费支出表')).toMatchObject({ subject: 'three-public', scope: 'gpb' });
    expect(classifyTable('政府性基金预算财政拨款支出决算表')).toMatchObject({ id: 'F8', final: true });
    expect(classifyTable('收入支出决算总表')).toMatchObject({ id: 'F1', final: true });
  });
});

describe('a unit named by a label', () => {
  it('reads the label with its colon, and a long label whose colon OCR lost', () => {
    expect(readLabelledUnit('预算单位：上海市普陀区司法局')).toBe('上海市普陀区司法局');
    expect(readLabelledUnit('预算单位上海市普陀区司法局')).toBe('上海市普陀区司法局');
    expect(readLabelledUnit('编制单位 福州市鼓楼生态环境局')).toBe('福州市鼓楼生态环境局');
  });
  it('does not take words after a label for a unit', () => {
    expect(readLabelledUnit('预算单位收支总表')).toBeUndefined();
    expect(readLabelledUnit('单位上海市普陀区司法局')).toBeUndefined();
  });
});
