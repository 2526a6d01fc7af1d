// Sentences → facts. Each number's label is the text of its clause before it; a comparison
// with last year belongs to the statement just before it in the sentence, or to the
// paragraph's main statement when it opens a sentence or says 整体. A sentence that says a
// thing is absent (没有…预算, 无…经费) states a zero.
import type { Candidate, Method } from '../../core/types.ts';
import type { SegmentedDoc, ProseLine } from '../../segment/segment.ts';
import { scopeOf, type Scope } from '../../segment/table-kind.ts';
import { compact } from '../../normalize/text.ts';
import { bracketDepth, splitSentences } from '../../normalize/sentences.ts';
import { isUnitName } from '../../normalize/org.ts';
import { alternation, vocabulary } from '../../normalize/vocabulary.ts';
import type { MoneyUnit } from '../../normalize/amount.ts';
import { addFinding, emitAmount, emitCount, sourceAt, type InterpretContext } from '../context.ts';
import { findComparisons, findQuantities, type Quantity } from '../../model/quantities.ts';
import { cleanLabel, resolveClassPath, resolveCount, resolveLabel, type ClassPath, type ProseContext } from './labels.ts';

const DELIM = /[，,；;：:、]/u;
const REASON_ALL = new RegExp(alternation(vocabulary().prose.reasons), 'gu');

function proseContext(p: ProseLine): ProseContext {
  const titles = p.headings.filter((h) => h !== p.heading).map((h) => h.title).reverse();
  let headingScope;
  for (const t of titles) {
    headingScope = scopeOf(t);
    if (headingScope) break;
  }
  let subject: ProseContext['subject'] = 'other';
  // the line's own heading names its subject first ("（一）收入预算：2026年…")
  const own = p.heading ? ownTitle(p.heading.title) : null;
  for (const t of own && own.length <= 16 ? [own, ...titles] : titles) {
    const s = compact(t);
    if (/收支/u.test(s)) subject = 'summary';
    else if (/收入/u.test(s)) subject = 'revenue';
    else if (/支出/u.test(s)) subject = 'expenditure';
    else continue;
    break;
  }
  return { headingScope, subject, headingTitles: titles };
}

/** A heading's own words, up to its first stop: "收入预算：2026年…" → "收入预算". */
/** Is the paragraph under a numbered item that states a figure of its own and is no key of the facts (a project, a fee)? */
function underItemHeading(p: ProseLine, pc: ProseContext, ctx: InterpretContext): boolean {
  const h = p.headings.at(-1);
  if (!h) return false;
  const title = compact(h.title);
  // (the heading's title, its marker "1." or "（一）" already taken off by the outline)
  const m = /^(?:\d{1,2}[.、．]|[（(]\d{1,2}[）)]|[①-⑳])?([^\d，。；]{2,30}?)\d[\d,]*(?:\.\d+)?万?元/u.exec(title);
  if (!m) return false;
  return resolveLabel(cleanLabel(m[1]!, null), pc, ctx) === undefined;
}

function ownTitle(title: string): string {
  return title.split(/[。，：；:]/u)[0] ?? title;
}


/**
 * Keys of headings that name one thing (三公 items, 机关运行经费 …): a figure with no label of
 * its own under them is that thing. The line's own heading ("（一）因公出国（境）费用。2026年
 * 预算数…") counts first, up to its first stop; a section heading (…情况说明) never does.
 */
function headingFallback(own: string | null, pc: ProseContext, ictx: InterpretContext): string | undefined {
  for (const title of [own, pc.headingTitles[0]]) {
    if (!title || title.length > 16 || /(?:说明|情况)$/u.test(title)) continue;
    const r = resolveLabel(cleanLabel(title, null), pc, ictx);
    // the line's own heading may name any total; an enclosing one only a single item
    if (r && 'key' in r && (title === own || /^(?:tp|ops|proc|commission)\./u.test(r.key))) return r.key;
  }
  return undefined;
}

/** A label that is only a measure word: the figure belongs to the item named before it. */
const MEASURE_WORD = /^(?:年初预算|调整预算|全年预算|预算数|支出决算|决算数|决算|实际支出|执行数)$/u;

/** A class path named in a sentence with no figure right after it ("…（项）。" or "…（项）支出，"). */
function lastNamedPath(s: string, path: ClassPath, pc: ProseContext, ctx: InterpretContext): string | null {
  const m = /^(.*[（(](?:类|款|项|\d{2,3}[类款项])[）)])(?:支出)?(?:[。，：:；]|$)/u.exec(s);
  if (!m) return null;
  const probe: ClassPath = { ...path };
  const code = resolveClassPath(cleanLabel(m[1]!, null), probe, ctx);
  if (!code) return null;
  Object.assign(path, probe);
  return `exp.${scopeOf(m[1]!) ?? pc.headingScope ?? 'all'}.func.${code}.total`;
}

interface Subject {
  readonly keys: readonly string[];
  readonly unit: MoneyUnit;
}

/** "收入、支出预算总计" and "收、支总预算" name both sides at once: read them as 收支. */
function unifyPairs(text: string): string {
  return text.replace(/收入[、和与及]支出/gu, '收支').replace(/收[、和与]支/gu, '收支');
}

export function interpretProse(seg: SegmentedDoc, ctx: InterpretContext): void {
  const first = ctx.candidates.length;
  readSentences(seg, ctx);
  dropTotalsBeyondCarryOver(ctx, first);
  keyUnitSections(seg, ctx, first);
}

/**
 * A consolidated 部门 说明 gives each of its units a section ("一、某市某局（本级）",
 * "二、某市某局某中心") whose figures are that unit's: keyed `units.<name as printed>.`,
 * never the department's. One unit section alone is the document's own.
 */
function keyUnitSections(seg: SegmentedDoc, ctx: InterpretContext, from: number): void {
  // every paragraph carries its chain of headings: the same few titles, asked again and again
  const seen = new Map<string, string | undefined>();
  const unitOf = (title: string): string | undefined => {
    if (seen.has(title)) return seen.get(title);
    const u = unitOfTitle(title);
    seen.set(title, u);
    return u;
  };
  // a heading that is a unit's name, perhaps run on into its first sentence: the shortest name
  // it opens with, and the bracketed second name right after it
  const unitOfTitle = (title: string): string | undefined => {
    const t = compact(title);
    for (let i = 4; i <= Math.min(t.length, 40); i++) {
      const head = t.slice(0, i);
      if (!isUnitName(head)) continue;
      const bracket = /^[（(][^（）()]{1,30}[）)]/u.exec(t.slice(i))?.[0] ?? '';
      const rest = t.slice(i + bracket.length);
      // the name alone, or the name and then its first sentence (which names it again, or its year)
      if (rest === '' || /^[。：:，,]/u.test(rest) || rest.startsWith(head) || /^20\d{2}年/u.test(rest)) return head + bracket;
    }
    return undefined;
  };
  // the document's own name over its 说明 ("某市某局2026年部门预算情况说明") is no unit section
  const own = ctx.identity.unit ? compact(ctx.identity.unit) : null;
  const unitSection = (title: string) => {
    const u = unitOf(title);
    return u && u !== own ? u : undefined;
  };
  const names = new Set<string>();
  for (const p of seg.prose) for (const h of p.headings) if (unitSection(h.title)) names.add(unitSection(h.title)!);
  if (names.size < 2) return;
  const at = new Map<string, string>();
  for (const p of seg.prose) {
    const h = [...p.headings].reverse().find((x) => unitOf(x.title));
    const u = h ? unitSection(h.title) : undefined;
    if (u) at.set(`${p.line.page}|${p.line.line}`, u);
  }
  for (let i = from; i < ctx.candidates.length; i++) {
    const c = ctx.candidates[i]!;
    if (c.source.method !== 'prose' && c.source.method !== 'ocr-prose') continue;
    const unit = at.get(`${c.source.page}|${c.source.line}`);
    if (unit && !c.key.startsWith('unit')) ctx.candidates[i] = { ...c, key: `units.${unit}.${c.key}` };
  }
}

/**
 * "支出预算X万元" is the whole spending side (支出总计) and, when nothing is carried to next
 * year, also this year's spending of all funds. Where the document states a carry-over to next
 * year other than 0, X includes it: the all-funds reading of the same words goes.
 */
function dropTotalsBeyondCarryOver(ctx: InterpretContext, from: number): void {
  const carries = ctx.candidates.some((c) => c.key === 'exp.carry_next' && c.value.type === 'amount' && Number(c.value.yuan) !== 0);
  if (!carries) return;
  const lineOf = (c: Candidate) => `${c.source.page}|${c.source.line}`;
  const both = new Set(ctx.candidates.slice(from).filter((c) => c.key === 'exp.total').map(lineOf));
  for (let i = ctx.candidates.length - 1; i >= from; i--) {
    const c = ctx.candidates[i]!;
    if (c.source.method === 'table' || !both.has(lineOf(c))) continue;
    if (c.key === 'exp.all.total') ctx.candidates.splice(i, 1);
    else if (c.key.startsWith('exp.all.total_')) ctx.candidates[i] = { ...c, key: c.key.replace('exp.all.total_', 'exp.total_') };
  }
}

function readSentences(seg: SegmentedDoc, ctx: InterpretContext): void {
  const unitName = ctx.identity.unit ? compact(ctx.identity.unit) : null;
  const year = ctx.identity.year;
  let carry: { heading: unknown; subject: Subject } | null = null;
  let tpMemory: { headings: readonly unknown[]; scope: Scope } | null = null;
  for (const p of seg.prose) {
    const within = tpMemory !== null && tpMemory.headings.every((h, i) => p.headings[i] === h);
    if (!within) tpMemory = null;
    const pc: ProseContext = { ...proseContext(p), ...(tpMemory ? { tpScope: tpMemory.scope } : {}) };
    const method: Method = ctx.pageMethods.get(p.line.page ?? -1) === 'ocr' ? 'ocr-prose' : 'prose';
    const text = unifyPairs(p.heading && p.line.text.startsWith(p.heading.marker.text) ? p.line.text.slice(p.heading.marker.text.length) : p.line.text);
    const path: ClassPath = { lei: null, kuan: null };
    // a line that opens with a comparison continues the statement of the line before it
    let paragraphSubject: Subject | null = carry && carry.heading === (p.headings.at(-1) ?? null) && /^(?:与|比|较|同比)/u.test(text) ? carry.subject : null;
    const src = (raw: string) => sourceAt(ctx, p.line, method, raw, pc.headingTitles[0]);

    let pathKey: string | null = null;
    let prevSentence = '';
    for (const sentence of splitSentences(text).map((x) => ({ text: x.text, offset: x.start }))) {
      const s = sentence.text;
      const prevText = prevSentence;
      prevSentence = s;
      const openedWithYear = checkOpeningYear(s, year, ctx, src);
      const named = lastNamedPath(s, path, pc, ctx);
      if (named) pathKey = named;
      // "增加48.92万元，增长0.8%，与上年基本持平": the figures win over the word
      const found = findComparisons(s);
      const comparisons = found.some((c) => !c.flat && c.change) ? found.filter((c) => !c.flat) : found;
      const inComparison = (q: Quantity) => comparisons.some((c) => q.start >= c.start && q.start < c.end);
      const statements = findQuantities(s).filter((q) => !inComparison(q));
      let current: Subject | null = null;
      let skipRest = false;
      let procByFund = false;
      /** The last statement made outside brackets. */
      let outside: Subject | null = null;
      let lastEnd = 0;
      let pendingName: string | null = null;
      let list: { head: Subject | null; items: number; open: boolean } | null = null;
      let lastMoneyEnd = 0;
      /** What the last amount stated was read as (null: nothing the facts know). */
      let lastMoneySubject: Subject | null = null;
      // the reason a sentence gives ("…增加56.20万元，主要原因是…按批复额度89.60万元…") explains
      // a change by the changes of its parts ("主要是一般公共预算财政拨款增加10300.15万元"); a
      // level it states is a part or an approval along the way, not the level of what it names
      const reasons = reasonSpans(s);
      const inReason = (at: number) => reasons.some(([a, b]) => at >= a && at < b);
      const events = [
        ...statements.map((q) => ({ at: q.start, q })),
        ...comparisons.map((c) => ({ at: c.start, c })),
      ].sort((a, b) => a.at - b.at);

      for (const ev of events) {
        if ('c' in ev) {
          const c = ev.c;
          const before = s.slice(Math.max(0, c.start - 4), c.start);
          let named: Subject | null = null;
          let k = c.start;
          while (k > lastEnd && !DELIM.test(s[k - 1]!)) k--;
          const lead = cleanLabel(s.slice(k, c.start), unitName);
          // a comparison that names what it compares, in words the facts have no key for
          // ("二是住房保障支出专项经费较上年增加8亿元"), speaks of that thing, not of the last statement
          let namedElse = false;
          if (lead && !/整体|总体|合计/u.test(lead)) {
            const r = resolveLabel(lead, pc, ctx);
            if (r && 'key' in r) named = { keys: [r.key, ...(r.also ?? [])], unit: current?.unit ?? paragraphSubject?.unit ?? '万元' };
            else namedElse = /[\u4e00-\u9fff]{2,}(?:经费|费用|资金|收入|支出|项目|拨款)$/u.test(lead);
          }
          // right after a bracketed aside, the statement before the aside ("维护费74.1万元（…）比上年增加39.2万元")
          const afterAside = /[）)]\s*$/u.test(s.slice(0, c.start)) && outside !== null;
          // after a list of parts ("收入337,741.21万元，其中：…拨款324,638.50万元、上年结转13,102.70万元，
          // 较上年减少130,014.30万元") the change is the whole's, stated before 其中
          // (a whole the facts have no key for leaves the change unread rather than given to its last part)
          const afterList = list !== null && list.items >= 2 && list.open;
          // a sentence that opens with the comparison ("。与2025年年初预算持平，…") speaks of the last
          // statement before it, not of the paragraph's first
          // (after a sentence that listed the parts of its figure, 其中…, the comparison is the whole's)
          const opening = !current && /^\s*(?:与|比|较|同比)/u.test(s) && !/其中|包括/u.test(prevText) && carry?.heading === (p.headings.at(-1) ?? null) ? carry?.subject ?? null : null;
          const subject = named ?? (/整体|总体|合计/u.test(before) ? paragraphSubject : !current ? opening ?? paragraphSubject : afterAside ? outside : afterList ? list!.head : current);
          if (list) list.open = false;
          lastEnd = c.end;
          if (!subject || (namedElse && !named)) continue;
          const unit = c.change?.unit ?? c.prior?.unit ?? subject.unit;
          // a comparison speaks of the statement's own subject, not of the other names it has,
          // unless it says each ("收支预算总计各增加844.15万元")
          for (const key of /各/u.test(s.slice(c.start, c.end)) ? subject.keys : subject.keys.slice(0, 1)) {
            if (c.prior) emitAmount(ctx, `${key}_prior`, c.prior.number, c.prior.unit ?? unit, src(s.slice(c.start, c.end)));
            if (c.change) {
              const signed = c.change.negative ? `-${c.change.number}` : c.change.number;
              emitAmount(ctx, `${key}_change`, signed, c.change.unit ?? unit, src(s.slice(c.start, c.end)));
            }
          }
          continue;
        }
        const q = ev.q;
        if (q.unit !== null && q.unit !== 'percent') {
          // the words since the last figure: 其中 opens a list of parts, 、 goes on with it, a stop closes it
          const gap = s.slice(lastMoneyEnd, q.start);
          if (/其中/u.test(gap)) list = { head: lastMoneySubject, items: 1, open: true };
          else if (list?.open && /、/u.test(gap) && !/[，,；;。]/u.test(gap)) list.items++;
          else if (list) list.open = false;
          lastMoneyEnd = q.end;
          lastMoneySubject = null;
        }
        let from = Math.max(lastEnd, 0);
        for (let i = q.start - 1; i >= from; i--) {
          if (DELIM.test(s[i]!)) {
            // the words of the clause before, when it holds no number, may name a project
            const prevClause = s.slice(from, i);
            if (!findQuantities(prevClause).some((x) => x.unit !== null) && /项目$|经费$/u.test(compact(prevClause))) pendingName = compact(prevClause);
            from = i + 1;
            break;
          }
        }
        const rawLabel = s.slice(from, q.start);
        // a bare number ("12345热线") is part of the words, not the end of a statement
        if (q.unit === null) continue;
        // "涉及…项目24个，预算资金3274.33万元": what follows is the projects' money, not the document's
        // (the words since the last figure, past a bracketed note with stops inside it)
        if (/涉及/u.test(s.slice(lastEnd, q.start))) skipRest = true;
        lastEnd = q.end;
        if (skipRest || q.unit === 'percent') continue;
        // "增加基本支出844.15万元" and "一般公共预算收入减少31,847.8万元" state changes, not levels
        const cleaned = cleanLabel(rawLabel, unitName);
        const verb = /^(?:增加|增长|调增|多|减少|下降|降低|调减|压减|节约|少)/u.exec(cleaned) ?? /(?:增加|增长|调增|减少|下降|降低|调减|压减)(?:了)?$/u.exec(cleaned);
        const change: '+' | '-' | null = verb ? (/增加|增长|调增|^多/u.test(verb[0]) ? '+' : '-') : null;
        const label = verb ? (verb.index === 0 ? cleaned.slice(verb[0].length) : cleaned.slice(0, verb.index)) : cleaned;
        const raw = s.slice(q.start, q.end);
        if (q.unit === 'count') {
          // the whole clause, back to its delimiter, even past an earlier number ("单价100万元以上设备0台")
          let clauseStart = q.start;
          while (clauseStart > 0 && !DELIM.test(s[clauseStart - 1]!)) clauseStart--;
          let key = resolveCount(label, s.slice(clauseStart, q.end), q.countUnit ?? '', scopeOf(label) ?? pc.headingScope);
          // a paragraph about what will be bought ("2026年…安排购置车辆0辆…。单价100万元以上设备0台") is not about holdings
          const before = text.slice(0, sentence.offset + q.start);
          if (key?.startsWith('assets.') && /购置|购买|计划购|拟购/u.test(before) && !/截至|截止|现有|共有|实有|保有/u.test(s.slice(0, q.start))) key = undefined;
          if (key) emitCount(ctx, key, Number(q.number.replace(/,/g, '')), src(raw));
          continue;
        }
        const unit = q.unit;
        if (!openedWithYear) checkYear(rawLabel, year, ctx, src(rawLabel + raw));
        let key: string | undefined;
        let also: readonly string[] = [];
        const classCode = /[（(](?:类|款|项|\d{2,3}[类款项])[）)]/u.test(label) ? resolveClassPath(label, path, ctx) : undefined;
        const measureWord = MEASURE_WORD.exec(label);
        if (classCode) {
          key = `exp.${scopeOf(label) ?? pc.headingScope ?? 'all'}.func.${classCode}.total`;
        } else if (measureWord && pathKey) {
          // "…（项）。年初预算为X万元，支出决算为Y万元": the figures of the item just named
          key = pathKey;
        } else if (classCode === null) {
          addFinding(ctx, 'C02', 'warning', `the class path '${label}' names an item the catalogue does not know`, [src(rawLabel + raw)]);
        } else {
          const r = resolveLabel(label, pc, ctx);
          if (r && 'key' in r) [key, also] = [r.key, r.also ?? []];
          else if (r) key = `exp.${r.scope}.func.${r.classCode}.${r.measure}`;
          else if (pendingName && (label === '' || /^(?:预算|资金|项目资金|经费)$/u.test(label)) && /项目/u.test(pc.headingTitles.join(''))) key = `proj.${pendingName}.total`;
          else if (label === '') key = headingFallback(p.heading ? ownTitle(p.heading.title) : null, pc, ctx);
        }
        pendingName = null;
        // "（1）人员经费：①行政运行（2013201）1641.18万元…（2）公用经费：①行政运行（2013201）124.00万元":
        // items listed under a 人员经费/公用经费/专项业务经费 lead are that part of the item, not its whole
        if (key && /^exp\.\w+\.func\.\d+\.total$/u.test(key)) {
          const lead = /(人员经费|公用经费|专项业务经费|项目支出|基本支出)[：:]/u.exec(`${p.heading ? ownTitle(p.heading.title) : ''}|${s.slice(0, q.start)}`);
          const PART: Record<string, string> = { 人员经费: 'personnel', 公用经费: 'public', 专项业务经费: 'project', 项目支出: 'project', 基本支出: 'basic' };
          if (lead) key = key.replace(/\.total$/u, `.${PART[lead[1]!]}`);
        }
        // "（1）进修及培训（20508）102.32万元…具体为：人员经费0.00万元；公用经费28.32万元": the parts of
        // the item the paragraph is about, not of the whole budget
        const itemBase: string | undefined = (paragraphSubject as Subject | null)?.keys[0]?.match(/^(exp\.\w+\.func\.\d+)\.total$/u)?.[1];
        if (key && itemBase && p.heading && /^exp\.\w+\.(?:personnel|public|basic|project)$/u.test(key)) key = `${itemBase}.${key.split('.').at(-1)}`;
        // under an item heading with a figure of its own ("1.污水处理服务费58,368.95万元"), a fund's share
        // ("…预算总额76,152.44万元，…其中：一般公共预算58,368.95万元") is the item's, not the unit's
        if (key && !p.heading && /(?:^|\.)(?:exp\.\w+\.total|rev\.\w+)$/u.test(key) && underItemHeading(p, pc, ctx)) continue;
        // in a final account, 年初预算/调整预算 figures are the budget beside the 决算数
        if (key && ctx.identity.stage === 'final' && /^exp\./u.test(key) && /年初预算|调整预算|全年预算|预算数|预算为/u.test(rawLabel) && !/决算/u.test(rawLabel.replace(/^.*[（(](?:类|款|项)[）)]/u, ''))) key = `${key}_budget`;
        if (key?.startsWith('proc.') && scopeOf(label)) procByFund = true; // "其中一般公共预算拨款政府采购0万元：…"
        if (key?.startsWith('proc.') && procByFund) continue;
        if (!key) continue;
        if (!change && inReason(q.start)) continue;
        if (change) {
          // "增加基本支出844.15万元" states a change, not a level
          emitAmount(ctx, `${key}_change`, change === '-' ? `-${q.number}` : q.number, unit, src(raw));
          continue;
        }
        for (const k of [key, ...also]) emitAmount(ctx, k, q.number, unit, src(raw));
        // a "三公" figure that names its fund sets the fund of the parts listed after it
        const tpFund = key.startsWith('tp.') ? scopeOf(label) : undefined;
        if (tpFund) {
          tpMemory = { headings: p.headings, scope: tpFund };
          pc.tpScope = tpFund;
        }
        // a fund's spending named with its fund sets the fund of the parts the paragraph lists next
        const expFund = /^exp\.(?:gpb|gf|soe|fiscal)\.total$/u.test(key) ? scopeOf(label) : undefined;
        if (expFund) pc.statementScope = expFund;
        current = { keys: [key, ...also], unit };
        lastMoneySubject = current;
        if (bracketDepth(s, q.start) === 0) outside = current;
        paragraphSubject ??= current;
        carry = { heading: p.headings.at(-1) ?? null, subject: current };
      }
      statesZero(s, pc, ctx, unitName, src);
    }
  }
}

/** Where the sentence gives reasons: from each reason word to the next ； outside brackets (or the end). */
function reasonSpans(s: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of s.matchAll(REASON_ALL)) {
    let end = m.index! + m[0].length;
    let depth = bracketDepth(s, end);
    for (; end < s.length; end++) {
      const ch = s[end]!;
      if (ch === '（' || ch === '(') depth++;
      else if ((ch === '）' || ch === ')') && depth > 0) depth--;
      else if ((ch === '；' || ch === ';') && depth === 0) break;
    }
    out.push([m.index!, end]);
  }
  return out;
}

/** "没有使用政府性基金预算拨款安排的支出", "无机关运行经费", "没有政府采购预算" → the thing is 0. */
function statesZero(s: string, pc: ProseContext, ctx: InterpretContext, unitName: string | null, src: (raw: string) => ReturnType<typeof sourceAt>): void {
  // (无 opening a place name — 无锡市, 无为市, 无棣县 — is no negation)
  for (const m of s.matchAll(/(?:没有|无(?![\u4e00-\u9fff]{1,2}(?:市|县|区|镇)))(?:使用)?([^，。；：,;:]{2,30})/gu)) {
    // the thing said to be absent ends where the sentence goes on ("无公务车购置需求及根据…增加公务用车运行")
    const thing = m[1]!.split(/及|以及|和|与|但|并|而|或|等/u)[0]!;
    let label = cleanLabel(thing, unitName).replace(/(?:安排的?)?(?:支出|情况)?$/u, '');
    // "无2020年结转的“三公”经费支出" speaks of a part (the carry-over), not the whole
    if (/表|说明|机构|设置|此项|相关|需要|其他|结转|结余|以前年度|上年/u.test(m[1]!) || label.length < 2) continue;
    label = label.replace(/的$/u, '');
    const r = resolveLabel(label, pc, ctx) ?? resolveLabel(label + '支出', pc, ctx);
    if (!r || !('key' in r)) continue;
    if (!/^(?:tp\.|ops\.|proc\.total|commission\.|exp\.(?:gf|soe)\.total)/u.test(r.key)) continue;
    emitAmount(ctx, r.key, '0', '万元', src(m[0]));
  }
}

/**
 * A sentence that opens with the year it speaks of ("2025年，本中心收入预算3,942万元…", "2025年某办
 * 所有项目支出预算纳入…") in another year's budget; not one that compares two years or tells of
 * last year's execution. True when reported (the sentence's figures need no second finding).
 */
function checkOpeningYear(s: string, year: number | null, ctx: InterpretContext, src: (raw: string) => ReturnType<typeof sourceAt>): boolean {
  if (!year) return false;
  const m = /^\s*(20\d{2})\s*年度?[，,]?/u.exec(s);
  if (!m || Number(m[1]) === year || s.includes(`${year}年`)) return false;
  // a title-like line ("2021年部门预算专项业务经费绩效目标表") is the document check's (Y03)
  if (s.trim().length <= 50 && !/[，,；;。：:]/u.test(s)) return false;
  const clause = s.slice(m[0].length).split(/[，,；;。：:]/u)[0]!;
  if (!/预算|安排/u.test(clause) || /上年|去年|执行|决算|实际|完成|截至|截止|比|较|以来/u.test(clause)) return false;
  addFinding(ctx, 'Y01', 'warning', `a sentence gives the budget year as ${m[1]} in a ${year} disclosure`, [src(s.slice(0, 60))], { expected: String(year), found: m[1]! });
  return true;
}

/** A budget figure stated for a year other than the budget year is a finding. */
function checkYear(rawLabel: string, year: number | null, ctx: InterpretContext, source: ReturnType<typeof sourceAt>): void {
  if (!year) return;
  const m = /(20\d{2})年度?(?!\d{1,2}月)/u.exec(rawLabel);
  if (!m || Number(m[1]) === year) return;
  if (/上年|去年|执行|决算|实际|截至|截止|比|较/u.test(rawLabel)) return;
  if (!/预算|安排|支出|拨款/u.test(rawLabel.slice(m.index))) return;
  addFinding(ctx, 'Y01', 'warning', `a sentence gives the budget year as ${m[1]} in a ${year} disclosure`, [source], { expected: String(year), found: m[1]! });
}
