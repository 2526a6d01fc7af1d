// What a table is, read from its title: the subject (收支总表, 收入, 支出, 三公 …), the fund
// scope it covers, the classification its rows use, and whether it is a final account.
// Built from the words of the title rather than a list of whole titles, so that the many
// regional spellings (收支预算总表, 财务收支预算总表, 部门收支总体情况表 …) type alike.
import { compact } from '../normalize/text.ts';
import { alternation, vocabulary } from '../normalize/vocabulary.ts';

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
  | 'carryover' // 上年结转资金支出表: spending of last year's money, no key of the contract
  | 'other';

export interface TableKind {
  readonly subject: TableSubject;
  readonly scope: Scope;
  /** Row classification: functional (2xx), departmental economic (3xx), government economic (5xx). */
  readonly classification: 'func' | 'econ' | 'gecon' | null;
  /** A table of 基本支出 only (its single amount column is 基本支出). */
  readonly basicOnly: boolean;
  /** A table of 项目支出 by class (its single amount column is 项目支出, its rows classes, not projects). */
  readonly projectOnly: boolean;
  readonly final: boolean;
  /** The B1…B13 / F1…F9 id of domain.md, for reports. */
  readonly id: string;
}

const TV = vocabulary().tables;
const re = (terms: readonly string[]) => new RegExp(alternation(terms), 'u');
const SCOPES: ReadonlyArray<[Scope, RegExp]> = (['gpb', 'gf', 'soe', 'fiscal'] as const).map((k) => [k, re(TV.scopes[k])]);
const SUBJECTS: ReadonlyArray<[TableSubject, RegExp]> = (Object.keys(TV.subjects) as Array<keyof typeof TV.subjects>).map((k) => [k, re(TV.subjects[k])]);
const BASIC = re(TV.basicOnly);
const GOV_ECONOMIC = re(TV.govEconomic);
const ECONOMIC = re(TV.economic);
const FUNCTIONAL = re(TV.functional);
const FINAL = re(TV.final);

/** The fund a title or a heading names, if any. 财政拨款 is checked after the three funds. */
export function scopeOf(text: string): Scope | undefined {
  const s = compact(text);
  for (const [scope, words] of SCOPES) if (words.test(s)) return scope;
  return undefined;
}

const TITLE_END = /(?:表|表[（(][^（）()]{1,30}[)）])$/u;

/** Does this line read as a table title? (Not a TOC entry, not a sentence.) */
export function looksLikeTableTitle(text: string): boolean {
  const s = compact(text).replace(/^(?:\d{4}年度?|[一二三四五六七八九十]+、|\d{1,2}[.、．]|表[一二三四五六七八九十\d]+[：:、]?|[（(]?\d{1,2}[)）])/u, '');
  if (s.length < 3 || s.length > 80) return false;
  if (/[，。；]/u.test(s)) return false;
  return TITLE_END.test(s) || /(?:预算|决算)公开\d+表$/u.test(s);
}

export function classifyTable(title: string): TableKind {
  const s = compact(title).replace(/[“”"']/gu, '');
  const final = FINAL.test(s);
  let subject: TableSubject = SUBJECTS.find(([, words]) => words.test(s))?.[0] ?? 'other';
  // "基本支出和项目支出…" is a spending table, not a list of projects
  if (subject === 'project' && BASIC.test(s)) subject = SUBJECTS.slice(SUBJECTS.findIndex(([k]) => k === 'project') + 1).find(([, w]) => w.test(s))?.[0] ?? 'other';
  // 项目支出 by economic or functional class: a spending table whose one measure is 项目支出
  const projectOnly = subject === 'project' && (ECONOMIC.test(s) || GOV_ECONOMIC.test(s) || FUNCTIONAL.test(s));
  if (projectOnly) subject = 'expenditure';

  const fund = scopeOf(s);
  // a fund's own "收入支出决算表" (F8, F9) lists spending rows by code, with carry-overs beside
  if (subject === 'summary' && (fund === 'gf' || fund === 'soe') && !/总表/u.test(s)) subject = 'expenditure';
  // "财政拨款收入支出决算总表" is a summary of 财政拨款; a fund named in a 支出 title is the fund.
  const scope: Scope = fund ?? 'all';
  const classification = GOV_ECONOMIC.test(s)
    ? 'gecon'
    : ECONOMIC.test(s) && !FUNCTIONAL.test(s)
      ? 'econ'
      : subject === 'expenditure' || subject === 'revenue'
        ? 'func'
        : null;
  const basicOnly = BASIC.test(s) && subject === 'expenditure' && !projectOnly;
  return { subject, scope, classification, basicOnly, projectOnly, final, id: tableId(subject, scope, classification, basicOnly, final) };
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
