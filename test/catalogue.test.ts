import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Catalogue, nameKey, parentCode, type ClassKind } from '../src/normalize/catalogue.ts';

const cat = Catalogue.standard();
const code = (kind: ClassKind, name: string, parent: string | null, year?: number): string | undefined =>
  cat.codeOf(kind, name, parent, year)?.code;

describe('nameKey', () => {
  it('folds the spellings documents use', () => {
    expect(nameKey('一般公共服务支出')).toBe(nameKey('一般公共服务'));
    expect(nameKey('政府办公厅(室)及相关机构事务')).toBe('政府办公厅（室）及相关机构事务');
    expect(nameKey(' 卫 生 健 康 支 出 ')).toBe('卫生健康');
    expect(nameKey('一般公共服务（类）')).toBe('一般公共服务');
    expect(nameKey('医疗卫生与计划生育支出（210类）')).toBe('医疗卫生与计划生育');
    expect(nameKey('行政单位医疗（01项）')).toBe('行政单位医疗');
    expect(nameKey('“三西”农业建设专项补助')).toBe('三西农业建设专项补助');
    expect(nameKey('一、一般公共服务支出')).toBe('一般公共服务');
    expect(nameKey('其它工资福利支出')).toBe('其他工资福利');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (s) => nameKey(nameKey(s)) === nameKey(s)));
    // Strings made of the pieces the folding rules act on, where one removal can expose another.
    const piece = fc.constantFrom('支出', '（', '）', '(', ')', '类', '210', '款', '一', '、', '.', '“', '”', '其它', '其', '它', ' ', '\u3000', 'Ａ', '行政运行');
    const tricky = fc.array(piece, { maxLength: 12 }).map((a) => a.join(''));
    fc.assert(fc.property(tricky, (s) => nameKey(nameKey(s)) === nameKey(s)), { numRuns: 2000 });
    for (const s of ['支出', '其他支出', '一般公共服务（类）支出', '（一）行政运行']) expect(nameKey(nameKey(s))).toBe(nameKey(s));
  });
});

describe('functional classification: the Haikou 2026 names', () => {
  it('maps 类, 款 and 项 names within their parent', () => {
    expect(cat.codeOf('func', '一般公共服务', null)).toEqual({ code: '201', via: 'exact' });
    expect(code('func', '一般公共服务（类）', null, 2026)).toBe('201');
    expect(code('func', '政府办公厅（室）及相关机构事务', '201')).toBe('20103');
    expect(code('func', '其他政府办公厅（室）及相关机构事务支出', '20103')).toBe('2010399');
    expect(code('func', '事业运行', '20103')).toBe('2010350');
    expect(code('func', '行政事业单位养老支出', '208', 2026)).toBe('20805');
    expect(code('func', '机关事业单位基本养老保险缴费支出', '20805')).toBe('2080505');
    expect(code('func', '机关事业单位职业年金缴费支出', '20805')).toBe('2080506');
    expect(code('func', '卫生健康支出', null, 2026)).toBe('210');
    expect(code('func', '事业单位医疗', '21011')).toBe('2101102');
    expect(code('func', '其他行政事业单位医疗支出', '21011')).toBe('2101199');
    expect(code('func', '住房保障支出', null)).toBe('221');
    expect(code('func', '住房公积金', '22102')).toBe('2210201');
    expect(code('func', '节能环保（类）', null)).toBe('211');
    expect(code('func', '核电站乏燃料处理处置基金支出', '206')).toBe('20610');
    expect(code('func', '乏燃料运输', '20610')).toBe('2061001');
    expect(code('func', '乏燃料离堆贮存', '20610')).toBe('2061002');
  });

  it('knows renamed names by their years, and falls back to them when unique', () => {
    expect(cat.codeOf('func', '医疗卫生与计划生育支出', null, 2017)).toEqual({ code: '210', via: 'exact' });
    expect(cat.codeOf('func', '医疗卫生与计划生育支出', null, 2026)).toEqual({ code: '210', via: 'alias' });
    expect(code('func', '文化体育与传媒支出', null)).toBe('207');
    expect(code('func', '文化体育与传媒支出', null, 2026)).toBe('207');
    expect(code('func', '国土海洋气象等支出', null, 2018)).toBe('220');
    expect(code('func', '资源勘探信息等支出', null, 2019)).toBe('215');
    expect(code('func', '行政事业单位离退休', '208', 2024)).toBe('20805');
    expect(code('func', '归口管理的行政单位离退休', '20805', 2024)).toBe('2080501');
  });

  it('gives names for codes by edition', () => {
    expect(cat.nameOf('func', '210', 2017)).toBe('医疗卫生与计划生育支出');
    expect(cat.nameOf('func', '210', 2026)).toBe('卫生健康支出');
    expect(cat.nameOf('func', '210')).toBe('卫生健康支出');
    expect(cat.nameOf('func', '20805', 2018)).toBe('行政事业单位离退休');
    expect(cat.nameOf('func', '2010350')).toBe('事业运行');
    expect(cat.nameOf('func', '999')).toBeUndefined();
  });

  it('completes any 款 with the standard 项 suffixes, but never over a listed code', () => {
    // 21508 支持中小企业发展和管理支出 lists no 项: 行政运行 etc. come from the suffix rule.
    expect(cat.codeOf('func', '行政运行', '21508')).toEqual({ code: '2150801', via: 'suffix' });
    expect(cat.codeOf('func', '事业运行', '21508')).toEqual({ code: '2150850', via: 'suffix' });
    expect(code('func', '行政运行', '21206')).toBeUndefined(); // 2120601 is 建设市场管理与监督
    expect(code('func', '事业运行', '21301')).toBe('2130104'); // 农业农村 lists 事业运行 at 04
    expect(code('func', '行政运行', '20502')).toBeUndefined(); // 2050201 is 学前教育
    expect(cat.codeOf('func', '其他退役军人事务管理支出', '20828')).toEqual({ code: '2082899', via: 'suffix' });
    expect(cat.codeOf('func', '其他超长期特别国债安排的支出', '21398')).toEqual({ code: '2139899', via: 'suffix' });
    expect(code('func', '其他社会保障和就业支出', '20899')).toBe('2089999');
    expect(code('func', '其他教育支出', '20101')).toBeUndefined(); // not 人大事务's own name
    expect(cat.nameOf('func', '2150801')).toBe('行政运行');
    expect(cat.nameOf('func', '2150899')).toBe('其他支持中小企业发展和管理支出');
  });

  it('returns undefined for unknown names, wrong parents and ambiguity', () => {
    expect(code('func', '星际航行支出', null)).toBeUndefined();
    expect(code('func', '星际航行', '20103')).toBeUndefined();
    expect(code('func', '事业单位医疗', '22102')).toBeUndefined();
    expect(code('func', '行政运行', null)).toBeUndefined();
    expect(code('func', '行政运行', '2010301')).toBeUndefined();
  });
});

describe('learned pairs', () => {
  it('override the standard data and are tried first', () => {
    const doc = cat.withLearned([
      { kind: 'func', code: '2010398', name: '事业运行' },
      { kind: 'func', code: '21399', name: '特色农业' },
      { kind: 'econ', code: '3021101', name: '差旅费' },
    ]);
    expect(doc.codeOf('func', '事业运行', '20103')).toEqual({ code: '2010398', via: 'learned' });
    expect(doc.codeOf('func', '特色农业', '213')).toEqual({ code: '21399', via: 'learned' });
    expect(doc.nameOf('func', '21399')).toBe('特色农业');
    expect(doc.codeOf('econ', '差旅费', '30211')).toEqual({ code: '3021101', via: 'learned' });
    expect(doc.children('func', '213').some((e) => e.code === '21399' && e.source === 'learned')).toBe(true);
    // the standard catalogue is untouched
    expect(code('func', '事业运行', '20103')).toBe('2010350');
  });

  it('skip malformed codes and refuse a document that names two codes alike', () => {
    const doc = cat.withLearned([
      { kind: 'func', code: '2O1', name: '一般公共服务' },
      { kind: 'func', code: '20198', name: '甲' },
      { kind: 'func', code: '20197', name: '甲' },
    ]);
    expect(doc.nameOf('func', '2O1')).toBeUndefined();
    expect(doc.codeOf('func', '甲', '201')).toBeUndefined();
  });
});

describe('economic classifications', () => {
  it('maps 部门预算支出经济分类 names by edition', () => {
    expect(code('econ', '工资福利支出', null)).toBe('301');
    expect(code('econ', '基本工资', '301')).toBe('30101');
    expect(code('econ', '其他社会保障缴费', '301', 2026)).toBe('30112');
    expect(code('econ', '其他社会保障缴费', '301', 2017)).toBe('30104');
    expect(code('econ', '其他社会保障缴费', '301')).toBeUndefined(); // no year: two editions disagree
    expect(code('econ', '住房公积金', '301', 2026)).toBe('30113');
    expect(code('econ', '住房公积金', '303', 2017)).toBe('30311');
    expect(code('econ', '维修(护)费', '302')).toBe('30213');
    expect(cat.codeOf('econ', '对个人和家庭补助', null, 2026)).toEqual({ code: '303', via: 'alias' });
    expect(code('econ', '其它工资福利支出', '301')).toBe('30199');
    expect(cat.nameOf('econ', '30311', 2017)).toBe('住房公积金');
    expect(cat.nameOf('econ', '30311', 2026)).toBe('代缴社会保险费');
    expect(cat.nameOf('econ', '30150')).toBeUndefined(); // no suffix rule outside the functional classification
  });

  it('maps 政府预算支出经济分类 names', () => {
    expect(code('gecon', '机关工资福利支出', null, 2026)).toBe('501');
    expect(code('gecon', '工资奖金津补贴', '501', 2026)).toBe('50101');
    expect(code('gecon', '工资福利支出', '505', 2026)).toBe('50501');
    expect(cat.nameOf('gecon', '50306')).toBe('设备购置');
  });
});

describe('the data files', () => {
  const kinds: ClassKind[] = ['func', 'econ', 'gecon'];
  const FILE = { func: 'function.tsv', econ: 'economic.tsv', gecon: 'gov-economic.tsv' } as const;
  const rows = (kind: ClassKind): { code: string; name: string; from?: number; to?: number; line: string }[] =>
    readFileSync(new URL(`../data/catalogue/${FILE[kind]}`, import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [code = '', name = '', from = '', to = ''] = line.split('\t');
        return { code, name, line, ...(from ? { from: Number(from) } : {}), ...(to ? { to: Number(to) } : {}) };
      });

  it('hang every code under its prefix: a 5-digit code needs its 3-digit prefix, a 7-digit code its 5-digit prefix', () => {
    for (const kind of kinds) {
      const listed = rows(kind);
      expect(listed.length).toBeGreaterThan(50);
      const codes = new Set(listed.map((r) => r.code));
      for (const r of listed) {
        expect(r.code, r.line).toMatch(/^\d{3}(\d{2}){0,2}$/);
        expect(r.name, r.line).not.toBe('');
        if (r.from !== undefined && r.to !== undefined) expect(r.from, r.line).toBeLessThanOrEqual(r.to);
        const parent = parentCode(r.code);
        if (parent !== null) expect(codes.has(parent), `parent of ${r.line}`).toBe(true);
      }
      // and children() walks the same tree
      const walk = (parent: string | null): void => {
        for (const e of cat.children(kind, parent)) {
          expect(parentCode(e.code)).toBe(parent);
          walk(e.code);
        }
      };
      walk(null);
    }
  });

  it('cover every 类 of the current functional list', () => {
    const current = '201 202 203 204 205 206 207 208 209 210 211 212 213 214 215 216 217 219 220 221 222 223 224 227 229 230 231 232 233 234'.split(' ');
    expect(cat.children('func', null, 2025).map((e) => e.code)).toEqual(current);
  });

  it('resolve every listed name back to its code within its parent, in its own years', () => {
    for (const kind of kinds) {
      for (const r of rows(kind)) {
        const year = r.from ?? r.to;
        expect(cat.codeOf(kind, r.name, parentCode(r.code), year)?.code, r.line).toBe(r.code);
        expect(nameKey(cat.nameOf(kind, r.code, year) ?? ''), r.line).toBe(nameKey(r.name));
      }
    }
  });
});
