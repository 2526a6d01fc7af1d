// Identity as weighed evidence (issue 11): what can be a unit's name, where the name is read
// from, how sure the reading is, the crawl's identity table, and documents that are not
// disclosures at all.
import { describe, expect, it } from 'vitest';
import { doc, grid, line } from './doc-builders.ts';
import { cleanUnitName, isUnitName } from '../src/normalize/org.ts';
import { segment } from '../src/segment/segment.ts';
import { detectIdentity, readTitle } from '../src/segment/identity.ts';
import { settleIdentity, unitFromFileName } from '../src/segment/settle-identity.ts';
import { interpretExtracted } from '../src/pipeline/process-document.ts';
import { parseIdentityTable } from '../src/core/identity-table.ts';
import { YusuanError } from '../src/core/errors.ts';

const TABLE = (page: number) => [
  line('收支总表', page),
  line('单位：万元', page),
  grid([['项目', '预算数', '项目', '预算数'], ['一般公共预算拨款收入', '100.00', '一般公共服务支出', '100.00'], ['收入总计', '100.00', '支出总计', '100.00']], page),
];

describe('a unit name must look like one', () => {
  it('refuses table words, sentence fragments, dates, self-references and bare places', () => {
    for (const bad of ['政府采购', '因公出国（境）费用。', '根据保密审查要求本单位', '上海市普陀区', '我中心', '本局', '收支总表', '2026年部门预算']) {
      expect(isUnitName(cleanUnitName(bad)), bad).toBe(false);
    }
  });
  it('keeps district and county names whole, and tidies what a line glued on', () => {
    expect(isUnitName('上海市普陀区商务委员会')).toBe(true);
    expect(cleanUnitName('.长春市信访局')).toBe('长春市信访局');
    expect(cleanUnitName('长春市信访局2026年1月')).toBe('长春市信访局');
    expect(cleanUnitName('深圳市交通运输局（本级）')).toBe('深圳市交通运输局');
    expect(isUnitName('福建省12345政务服务便民热线中心')).toBe(true);
    expect(isUnitName('苏州市信息中心（苏州市数字城市运营管理中心）')).toBe(true);
  });
  it('reads titles only when their subject is a name', () => {
    expect(readTitle('上海市普陀区商务委员会2026年区级单位预算')).toEqual({ unit: '上海市普陀区商务委员会', year: 2026, stage: 'budget' });
    expect(readTitle('（一）因公出国（境）费用。2026年预算数为0万元')).toBeUndefined();
    expect(readTitle('政府采购2026年预算情况')).toBeUndefined();
  });
});

describe('identity from the content', () => {
  it('joins a title broken over two lines', () => {
    const seg = segment(doc([[line('上海市普陀区', 1), line('商务委员会2026年单位预算', 1), ...TABLE(2)]]));
    expect(detectIdentity(seg)).toMatchObject({ unit: '上海市普陀区商务委员会', year: 2026, stage: 'budget' });
  });
  it('a labelled unit on the cover outweighs the department named in the title', () => {
    const seg = segment(doc([[line('上海市某某局2026年单位预算', 1), line('预算单位：上海市某某局信息中心', 1), ...TABLE(2)]]));
    const r = detectIdentity(seg);
    expect(r.unit).toBe('上海市某某局信息中心');
    expect(r.confidence).toBeGreaterThan(0.5);
    expect(r.candidates.map((c) => c.unit)).toContain('上海市某某局');
  });
  it('a stale cover is one witness: the year every table title and heading gives wins, and the cover is cited', () => {
    const titled = (t: string, page: number) => [line(t, page), line('单位：万元', page), grid([['项目', '预算数'], ['一般公共服务支出', '100.00'], ['合计', '100.00']], page)];
    const seg = segment(
      doc([
        [line('北京市某某局', 1), line('2025年度部门预算', 1)],
        [line('第一部分2026年部门预算情况说明', 2), line('一、2026年收入预算情况', 2), line('2026年收入预算100万元。', 2)],
        ...['2026年收支总表', '2026年收入总表', '2026年支出总表', '2026年财政拨款收支总表'].map((t, i) => titled(t, i + 3)),
      ]),
    );
    const r = detectIdentity(seg);
    expect(r.year).toBe(2026);
    const s = settleIdentity(r, { path: 'x.pdf', name: 'x.pdf', sha256: 'x', kind: 'pdf', bytes: 1 });
    const y04 = s.notes.find((n) => n.code === 'Y04');
    expect(y04?.lines?.map((l) => l.text)).toContain('2025年度部门预算');
  });
  it('a stale cover over a text that states the year throughout is cited even where no table title is dated', () => {
    const seg = segment(
      doc([
        [line('2025年深圳市某某局', 1), line('部门预算', 1)],
        [line('一、收支预算情况', 2), ...['收入', '支出', '基本支出', '项目支出', '“三公”经费', '政府采购', '机关运行经费', '因公出国（境）费', '公务接待费', '公务用车运行维护费', '会议费', '培训费', '一般公共预算拨款'].map((w, i) => line(`2026年${w}预算${i + 10}万元。`, 2))],
        ...[3, 4].map((p) => TABLE(p)),
      ]),
    );
    const r = detectIdentity(seg);
    expect(r.year).toBe(2026);
    const y04 = settleIdentity(r, { path: 'x.pdf', name: 'x.pdf', sha256: 'x', kind: 'pdf', bytes: 1 }).notes.find((n) => n.code === 'Y04');
    expect(y04?.lines?.[0]?.text).toBe('2025年深圳市某某局');
  });
  it('reads a label on a line of its own with the name on the next', () => {
    const seg = segment(doc([[line('“三公”经费支出表', 1), line('部门：', 1), line('江苏省某某厅', 1), ...TABLE(1)]]));
    expect(detectIdentity(seg).unit).toBe('江苏省某某厅');
  });
  it('a prose-only 说明 whose cover is an image: the 职责 sentence names the unit', () => {
    const seg = segment(
      doc([[line('第一部分2026年度部门预算情况说明', 1), line('一、部门情况说明', 1), line('（一）本部门职责情况', 1), line('北京市某某局主要职责包括：负责全市某某工作。', 1), line('二、收入预算情况说明', 1), line('2026年收入预算100万元。', 1)]]),
    );
    expect(detectIdentity(seg)).toMatchObject({ unit: '北京市某某局', year: 2026, stage: 'budget' });
  });
  it('captions over each table name the unit of a document without a cover', () => {
    const pages = [1, 2, 3].map((p) => [line('单位名称：广州市某某局', p), ...TABLE(p)]);
    expect(detectIdentity(segment(doc(pages))).unit).toBe('广州市某某局');
  });
  it('a running header counts as evidence', () => {
    const pages = [1, 2, 3, 4].map((p) => [{ ...line('苏州市某某局2026年度部门预算公开', p), running: true }, ...TABLE(p)]);
    expect(detectIdentity(segment(doc(pages)))).toMatchObject({ unit: '苏州市某某局', year: 2026 });
  });
});

describe('settling the identity', () => {
  const seg = segment(doc([[line('某市甲局2026年部门预算', 1), ...TABLE(1)]]));
  const reading = detectIdentity(seg);
  const file = { path: 'f.pdf', name: 'f.pdf', sha256: 's', kind: 'pdf' as const, bytes: 1 };
  it('the identity table wins, and a content that disagrees is a finding', () => {
    const table = parseIdentityTable('file\tunit\tyear\tstage\nf.pdf\t某市乙局\t2026\tbudget\n', 'ids.tsv');
    const s = settleIdentity(reading, file, table.lookup('s', 'f.pdf'));
    expect(s.identity).toEqual({ unit: '某市乙局', year: 2026, stage: 'budget' });
    expect(s.info.from).toBe('table');
    expect(s.notes.map((x) => x.code)).toEqual(['I03']);
  });
  it('a table that agrees leaves no note', () => {
    const table = parseIdentityTable('file,unit,alt_units,year,stage\nf.pdf,某市甲局（本级）,,2026,预算\n', 'ids.csv');
    expect(settleIdentity(reading, file, table.lookup('s', 'f.pdf')).notes).toEqual([]);
  });
  it('a disclosure whose text never names its unit takes the file name, and says so', () => {
    expect(unitFromFileName('预算数据_005_广州_2026年广州市某某局部门预算.pdf')).toBe('广州市某某局');
    const bare = detectIdentity(segment(doc([[line('2026年部门预算', 1), ...TABLE(1)]])));
    const s = settleIdentity(bare, { ...file, name: '预算数据_005_广州_2026年广州市某某局部门预算.pdf' });
    expect(s.identity.unit).toBe('广州市某某局');
    expect(s.notes.map((x) => x.code)).toEqual(['I02']);
  });
  it('rejects an identity table without a file or sha256 column, or with a bad year', () => {
    expect(() => parseIdentityTable('unit\tyear\nX局\t2026\n', 't.tsv')).toThrow(/file' or 'sha256/);
    expect(() => parseIdentityTable('file\tunit\tyear\nf.pdf\tX局\t26\n', 't.tsv')).toThrow(/line 2: year/);
  });
});

describe('documents that are not disclosures', () => {
  it('a page of links with a budget title and no figure fails with E_NOT_DISCLOSURE', () => {
    const d = doc([[line('重庆市某某局2026年部门预算情况说明', 1), line('附件下载：重庆市某某局2026年部门预算情况说明.pdf', 1), line('扫一扫在手机打开当前页', 1)]]);
    expect(() => interpretExtracted(d, { requireBudgetContent: true })).toThrow(YusuanError);
    try {
      interpretExtracted(d, { requireBudgetContent: true });
    } catch (e) {
      expect((e as YusuanError).code).toBe('E_NOT_DISCLOSURE');
    }
  });
  it('stores the identity confidence and a coverage report with the disclosure', () => {
    const d = interpretExtracted(doc([[line('某市甲局2026年部门预算', 1), ...TABLE(1)]]), { requireBudgetContent: true });
    expect(d.identity.unit).toBe('某市甲局');
    expect(d.identityInfo?.confidence).toBeGreaterThan(0);
    expect(d.coverage).toMatchObject({ summary: { tablesFound: 1, tablesTyped: 1 } });
  });
});
