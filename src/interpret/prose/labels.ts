// The words before a number in a sentence → the key they name. A label is cleaned of the
// unit's own name, years and filler ("2026年…预算数为"), then resolved: a 类/款/项 path,
// a printed code, a 功能类 name, or one of the concepts of the lexicon, in the scope the
// sentence or its headings name.
import { compact } from '../../normalize/text.ts';
import { splitCodeAndName } from '../../normalize/codes.ts';
import { scopeOf, type Scope } from '../../segment/table-kind.ts';
import { revenueConcept, summaryExpConcept, lastThreePublicConcept, procurementConcept } from '../../model/lexicon.ts';
import type { InterpretContext } from '../context.ts';

export interface ProseContext {
  /** Fund scope named by the enclosing headings (innermost first), if any. */
  readonly headingScope: Scope | undefined;
  /** What the enclosing section is about: the 收支 summary, revenue, expenditure … */
  readonly subject: 'summary' | 'revenue' | 'expenditure' | 'other';
  readonly headingTitles: readonly string[];
  /**
   * The fund of the "三公" statement this section opened with ("一般公共预算拨款安排的“三公”经费
   * 6.4万元…其中，因公出国（境）费0万元"): its parts that name no fund are that fund's.
   */
  tpScope?: Scope;
  /**
   * The fund of the spending statement this paragraph made ("一般公共预算财政拨款支出128148.56万元
   * …其中：基本支出33325.21万元"): its parts that name no fund are that fund's.
   */
  statementScope?: Scope;
}

/** The class path a paragraph is inside, so that "其中事业运行（项）" finds its 款. */
export interface ClassPath {
  lei: string | null;
  kuan: string | null;
}

export type Resolved =
  | { readonly key: string; readonly also?: readonly string[] }
  | { readonly classCode: string; readonly scope: Scope; readonly measure: string };

const FILLER_START = /^(?:其中|包括|含|主要是|主要有|相应安排|安排|全年|共计|合计|另|此外|同时|以及|和|及|为|是|：|:)+/u;
const FILLER_END = /(?:的)?(?:预算数|预算安排数?|安排数?|预算总额|总额|共计|合计|金额|数|为|是|达|约|了)+$/u;

export function cleanLabel(raw: string, unitName: string | null): string {
  let s = compact(raw).replace(/[“”"‘’《》]/gu, '');
  if (unitName) s = s.split(unitName).join('');
  s = s
    .replace(/20\d{2}年度?/gu, '')
    .replace(/^(?:本单位|我单位|本部门|我部门|我中心|本中心|我局|本局|我委|本委|我厅|本厅|我院|本院|我办|本办)(?=[\u4e00-\u9fff])/u, '')
    .replace(/^[，,。；;、\s]+/u, '');
  for (let i = 0; i < 3; i++) s = s.replace(FILLER_START, '').replace(FILLER_END, '');
  return s;
}

const CLASS_TAG = /[（(](类|款|项|\d{3}类|\d{2}款|\d{2}项)[）)]/gu;

/** "一般公共服务（类）政府办公厅（室）及相关机构事务（款）" → the deepest code, via the catalogue. */
export function resolveClassPath(label: string, path: ClassPath, ctx: InterpretContext): string | null | undefined {
  const parts: Array<{ name: string; level: 1 | 2 | 3; code?: string }> = [];
  let last = 0;
  for (const m of label.matchAll(CLASS_TAG)) {
    const name = label.slice(last, m.index).replace(/^[，,、：:]*(?:其中|包括)?[：:]?/u, '').replace(/^\d{1,2}[.、．]/u, '');
    last = m.index! + m[0].length;
    const tag = m[1]!;
    const level = tag.endsWith('类') ? 1 : tag.endsWith('款') ? 2 : 3;
    const digits = /^\d+/.exec(tag)?.[0];
    parts.push({ name, level, ...(digits ? { code: digits } : {}) });
  }
  if (parts.length === 0) return undefined;
  const year = ctx.identity.year ?? undefined;
  let lei = path.lei;
  let kuan = path.kuan;
  let deepest: string | null = null;
  for (const p of parts) {
    const parent = p.level === 1 ? null : p.level === 2 ? lei : kuan;
    let code: string | undefined;
    if (p.code) code = p.level === 1 ? p.code : parent ? parent + p.code.padStart(2, '0') : undefined;
    if (!code) code = ctx.catalogue.codeOf('func', p.name, parent, year)?.code;
    // a path that starts below 类 ("党委办公厅（室）及相关机构事务（款）…"): a name found under exactly one 类
    if (!code && p.level === 2 && !parent) code = uniqueUnderAnyClass(p.name, ctx, year);
    if (!code) return null; // a name the catalogue does not know: never guess
    if (p.level === 1) [lei, kuan] = [code, null];
    else if (p.level === 2) kuan = code;
    deepest = code;
  }
  path.lei = lei;
  path.kuan = kuan;
  return deepest;
}

function uniqueUnderAnyClass(name: string, ctx: InterpretContext, year: number | undefined): string | undefined {
  const hits = new Set<string>();
  for (const lei of ctx.catalogue.children('func', null, year)) {
    const m = ctx.catalogue.codeOf('func', name, lei.code, year);
    if (m && m.via !== 'suffix') hits.add(m.code);
  }
  return hits.size === 1 ? [...hits][0] : undefined;
}

/** The fund a label names, else its paragraph's statement's, else the headings' fund. */
function scopeFor(label: string, ctx: ProseContext, fallback: Scope): Scope {
  return scopeOf(label) ?? ctx.statementScope ?? ctx.headingScope ?? fallback;
}

/** Resolve a cleaned label to a key (or a class row to be keyed by the caller). */
export function resolveLabel(label: string, pc: ProseContext, ictx: InterpretContext): Resolved | undefined {
  const s = label;
  if (!s) return undefined;
  // a code printed after the name: "进修及培训（20508）"
  const after = /^(.{2,30}?)[（(](2\d{2}(?:\d{2}){0,2})[）)]$/u.exec(s);
  if (after) return { classCode: after[2]!, scope: scopeFor(s, pc, 'all'), measure: 'total' };
  // a printed code: "2010350-事业运行"
  const printed = splitCodeAndName(s);
  if (printed && printed.code.startsWith('2')) return { classCode: printed.code, scope: scopeFor(s, pc, 'all'), measure: 'total' };
  // three-public items; scope defaults to 财政拨款 (the national definition)
  if (/三公|因公出国|公务接待|公务用车/u.test(s)) {
    const f = lastThreePublicConcept(s.replace(/经费$/u, '费'));
    if (f) return { key: `tp.${scopeOf(s) ?? pc.tpScope ?? pc.headingScope ?? 'fiscal'}.${f}` };
  }
  // "机关运行经费", and "一般公共预算财政拨款运行经费" where the fund words stand for 机关
  if (/机关运行经费/u.test(s) || /^(?:一般公共预算)?(?:财政拨款)?(?:安排的?)?运行经费$/u.test(s)) return { key: 'ops.total' };
  if (/政府采购/u.test(s)) {
    const f = procurementConcept(s);
    if (f) return { key: `proc.${f}` };
  }
  if (/委托业务费/u.test(s)) return { key: 'commission.total' };
  if (/^专项业务经费$|^专项经费$/u.test(s)) return { key: `exp.${scopeFor(s, pc, 'all')}.project` };
  // the whole 人员经费 / 公用经费, not a qualified part of it (在职人员经费, 离退休人员经费)
  const part = basicPart(s);
  if (part) return { key: `exp.${scopeFor(s, pc, 'all')}.${part}` };
  // 基本支出 / 项目支出 as a whole, not a project's own spending ("…评审项目支出304.16万元")
  const use = /^(?:一般公共预算|政府性基金(?:预算)?|国有资本经营(?:预算)?|财政拨款)?(?:拨款)?(?:安排的?)?(基本支出|项目支出)(?:预算)?$/u.exec(s);
  if (use) return { key: `exp.${scopeFor(s, pc, 'all')}.${use[1] === '基本支出' ? 'basic' : 'project'}` };
  if (/收支总预算|收支预算总额|收支总额|收支预算总计|收支总计|收入支出总计|收入支出预算总计/u.test(s)) {
    const fund = scopeOf(s);
    return fund ? { key: `exp.${fund}.total` } : { key: 'rev.total', also: ['exp.total'] };
  }
  // under a revenue heading, fund words name revenue ("其中：一般公共预算拨款12,672.73万元")
  const rev = revenueConcept(s, pc.subject === 'revenue' && !/支出/u.test(s)) ?? (/^(?:收入|收入预算|预算收入|总收入|收入总预算)$/u.test(s) ? 'total' : undefined);
  // "上年结转结余的一般公共预算收入0万元": a fund's share of the carry-over, not its revenue of the year
  if ((rev === 'gpb' || rev === 'gf' || rev === 'soe' || rev === 'special' || rev === 'fiscal') && /^(?:上年|年初)?结转(?:结余|和结余)?的?/u.test(s)) return undefined;
  // "上年结转122.31万元" in a project's description is part of that project's money
  if (rev === 'carryover' && (pc.subject === 'expenditure' || /项目/u.test(pc.headingTitles.join('')))) return undefined;
  if (rev) return { key: `rev.${rev}` };
  const sum = summaryExpConcept(s);
  if (sum) return { key: `exp.${sum}` };
  // a fund's whole spending: "一般公共预算当年拨款", "政府性基金预算拨款支出"
  const fund = /^(一般公共预算|政府性基金(?:预算)?|国有资本经营(?:预算)?|财政拨款)(?:当年|本年)?(?:财政)?(?:拨款)?(?:安排的?)?(?:支出)?(?:预算)?$/u.exec(s);
  if (fund) return { key: `exp.${scopeOf(fund[1]!)!}.total` };
  // the whole spending budget, as 收入预算 is the whole revenue (收支总计); a fund's under its heading
  // (and the document's spending of all funds, unless a carry-over to next year sits between: see interpretProse)
  if (/^(?:支出|支出预算|预算支出|支出总预算|总支出)$/u.test(s)) {
    if (pc.headingScope) return { key: `exp.${pc.headingScope}.total` };
    return pc.subject === 'summary' ? { key: 'exp.total' } : { key: 'exp.all.total', also: ['exp.total'] };
  }
  if (/^(?:本年支出|当年支出)$/u.test(s)) return { key: `exp.${pc.headingScope ?? 'all'}.total` };
  // a 功能类 name alone ("一般公共服务支出"), as in "支出包括一般公共服务支出505.61万元"
  if (/支出$/u.test(s)) {
    const m = ictx.catalogue.codeOf('func', s, null, ictx.identity.year ?? undefined);
    if (m && m.code.length === 3) return { classCode: m.code, scope: pc.headingScope ?? 'all', measure: 'total' };
  }
  return undefined;
}

/** 人员经费 or 公用经费 as a whole: the label is the word itself, after its fund and its parent. */
function basicPart(s: string): 'personnel' | 'public' | undefined {
  const bare = s.replace(/^(?:一般公共预算|政府性基金(?:预算)?|国有资本经营(?:预算)?|财政拨款)?(?:拨款)?(?:安排的?)?(?:基本支出)?(?:中的?|其中)?/u, '');
  if (/^人员经费(?:支出)?$|^人员支出$/u.test(bare)) return 'personnel';
  if (/^公用经费(?:支出)?$|^日常公用经费$/u.test(bare)) return 'public';
  return undefined;
}

/** Counts: vehicles held, equipment worth ≥ 1 million, staff. */
export function resolveCount(label: string, clause: string, countUnit: string, scope?: Scope): string | undefined {
  const s = compact(label);
  const c = compact(clause);
  // a fund's own "三公" paragraph (政府性基金) repeats the template's vehicle count: not the unit's fleet
  if (countUnit === '辆' && scope !== 'gf' && scope !== 'soe' && /车辆|保有量|实有.*车|共有.*车/u.test(s) && !/购置|购买|更新|新增|计划/u.test(c)) return 'assets.vehicles';
  if (/台|套/u.test(countUnit) && /设备/u.test(s) && /100万元|一百万元|百万元/u.test(c) && !/购置|购买|新增|计划|拟/u.test(c)) return 'assets.equipment_1m';
  // the unit's whole establishment, not its parts (其中行政编制…)
  if (/人|名/u.test(countUnit) && /^(?:核定)?编制(?:人数|数)?$|^(?:人员)?编制(?:总数|总额)$/u.test(s)) return 'staff.authorized';
  if (/人|名/u.test(countUnit) && /实有(?:人员|人数)?$|实际在编(?:在职)?(?:人员|人数)?$|在职在编(?:人员|人数)?$/u.test(s)) return 'staff.actual';
  return undefined;
}
