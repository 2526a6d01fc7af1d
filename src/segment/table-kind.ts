// What a table is, read from its title: the subject (收支总表, 收入, 支出, 三公 …), the fund
// scope it covers, the classification its rows use, and whether it is a final account.
// Built from the words of the title rather than a list of whole titles, so that the many
// regional spellings (收支预算总表, 财务收支预算总表, 部门收支总体情况表 …) type alike.
import { compact } from '../normalize/text.ts';

export type Scope = 'all' | 'fiscal' | 'gpb' | 'gf' | 'soe';
export type TableSubject =
  | 'summary' // 收支总表 (two panels: revenue | expenditure)
  | 'revenue' // 收入总表
  | 'expenditure' // 支出总表 and the fund-specific 支出表
  | 'three-public' // “三公”经费
  | 'project' // 项目支出表
  | 'performance' // 绩效目标表
  | 'procurement' // 政府采购
  | 'ops' // 机关运行经费
  | 'units' // 预算单位构成
  | 'other';

export interface TableKind {
  readonly subject: TableSubject;
  readonly scope: Scope;
  /** Row classification: functional (2xx), departmental economic (3xx), government economic (5xx). */
  readonly classification: 'func' | 'econ' | 'gecon' | null;
  /** A table of 基本支出 only (its single amount column is 基本支出). */
  readonly basicOnly: boolean;
  readonly final: boolean;
  /** The B1…B13 / F1…F9 id of domain.md, for reports. */
  readonly id: string;
}

/** The fund a title or a heading names, if any. 财政拨款 is checked after the three funds. */
export function scopeOf(text: string): Scope | undefined {
  const s = compact(text);
  if (/一般公共预算|公共财政预算|公共预算/u.test(s)) return 'gpb';
  if (/政府性基金/u.test(s)) return 'gf';
  if (/国有资本经营/u.test(s)) return 'soe';
  if (/财政拨款|财政补助/u.test(s)) return 'fiscal';
  return undefined;
}

const TITLE_END = /(?:表|表[（(].{1,8}[)）])$/u;

/** Does this line read as a table title? (Not a TOC entry, not a sentence.) */
export function looksLikeTableTitle(text: string): boolean {
  const s = compact(text).replace(/^(?:\d{4}年度?|[一二三四五六七八九十]+、|\d{1,2}[.、．]|表[一二三四五六七八九十\d]+[：:、]?|[（(]?\d{1,2}[)）])/u, '');
  if (s.length < 3 || s.length > 60) return false;
  if (/[，。；]/u.test(s)) return false;
  return TITLE_END.test(s) || /(?:预算|决算)公开\d+表$/u.test(s);
}

export function classifyTable(title: string): TableKind {
  const s = compact(title).replace(/[“”"']/gu, '');
  const final = /决算/u.test(s);
  let subject: TableSubject = 'other';
  if (/三公/u.test(s)) subject = 'three-public';
  else if (/绩效/u.test(s)) subject = 'performance';
  else if (/政府采购/u.test(s)) subject = 'procurement';
  else if (/机关运行经费/u.test(s)) subject = 'ops';
  else if (/项目支出|项目表|项目明细/u.test(s) && !/基本支出/u.test(s)) subject = 'project';
  else if (/预算单位构成|单位构成/u.test(s)) subject = 'units';
  else if (/收支|收入支出/u.test(s)) subject = 'summary';
  else if (/收入/u.test(s)) subject = 'revenue';
  else if (/支出/u.test(s)) subject = 'expenditure';

  const fund = scopeOf(s);
  // a fund's own "收入支出决算表" (F8, F9) lists spending rows by code, with carry-overs beside
  if (subject === 'summary' && (fund === 'gf' || fund === 'soe') && !/总表/u.test(s)) subject = 'expenditure';
  // "财政拨款收入支出决算总表" is a summary of 财政拨款; a fund named in a 支出 title is the fund.
  const scope: Scope = fund ?? 'all';
  const classification = /政府预算(?:支出)?经济分类|政府经济分类/u.test(s)
    ? 'gecon'
    : /经济分类|经济科目|基本支出/u.test(s) && !/功能/u.test(s)
      ? 'econ'
      : subject === 'expenditure' || subject === 'revenue'
        ? 'func'
        : null;
  const basicOnly = /基本支出/u.test(s) && subject === 'expenditure';
  return { subject, scope, classification, basicOnly, final, id: tableId(subject, scope, classification, basicOnly, final) };
}

function tableId(subject: TableSubject, scope: Scope, cls: TableKind['classification'], basic: boolean, final: boolean): string {
  const p = final ? 'F' : 'B';
  switch (subject) {
    case 'summary':
      return scope === 'all' ? `${p}1` : scope === 'fiscal' ? `${p}4` : final && scope === 'gf' ? 'F8' : `${p}4`;
    case 'revenue':
      return `${p}2`;
    case 'expenditure':
      if (scope === 'all') return `${p}3`;
      if (scope === 'gf') return final ? 'F8' : 'B8';
      if (scope === 'soe') return final ? 'F9' : 'B9';
      if (cls === 'econ' || basic) return `${p}6`;
      return `${p}5`;
    case 'three-public':
      return final ? 'F7' : 'B7';
    case 'project':
      return 'B10';
    case 'performance':
      return 'B11';
    case 'procurement':
      return 'B12';
    case 'ops':
      return 'B13';
    default:
      return 'other';
  }
}
