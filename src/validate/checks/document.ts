// The document's tables as a whole, read from the segmented document rather than the facts:
// tables the table of contents promises (N08), empty tables and their notes (V12), the units
// the budget says it covers against the 收入总表 by unit (U01), and years in table titles (Y02).
import Big from 'big.js';
import type { TextLine } from '../../core/types.ts';
import { parseNumber } from '../../normalize/amount.ts';
import { compact } from '../../normalize/text.ts';
import type { DocTable, SegmentedDoc } from '../../segment/segment.ts';
import { tableContext } from '../../model/table-label.ts';
import { lineSource, report, type ValidationContext } from '../context.ts';

/** A title reduced to its words: no numbering, year, quotes, 预算01表 prefix or 单位 caption. */
export function titleCore(title: string): string {
  return compact(title)
    .replace(/[“”"'‘’《》]/gu, '')
    .replace(/^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[.、．]|[（(]\d{1,2}[)）]|表[一二三四五六七八九十\d]+[：:、.]?|(?:预算|决算|公开)\d{1,2}表)+/u, '')
    .replace(/(?:金额)?单位[：:].*$/u, '')
    .replace(/^\d{4}年度?/u, '')
    .replace(/\d{4}年度?/gu, '')
    .replace(/[（(]续[）)]$/u, '');
}

/**
 * Section names that end in 表 but are not tables ("第二部分 2026年度单位预算表", "公开报表",
 * "四、2026年某市某局预算公开表"): no word that names what a table holds.
 */
function isSectionTitle(title: string): boolean {
  const c = titleCore(title);
  if (/^第[一二三四五六七八九十\d]+部分/u.test(compact(title)) || c.length < 4) return true;
  return /(?:预算|决算|公开|报)表$/u.test(c) && !/收支|收入|支出|三公|采购|绩效|项目|运行经费|分类|资产|结转|拨款/u.test(c);
}

function loose(core: string): string {
  return core.replace(/支出|预算|情况|明细|总体/gu, '');
}

/** Is this table one the table of contents lists (by the loosest of N08's matches)? */
export function listedInContents(seg: SegmentedDoc, t: DocTable): boolean {
  const core = titleCore(t.title);
  if (core.length < 4) return false;
  return seg.tocTitles.filter((x) => !isSectionTitle(x)).some((x) => {
    const c = titleCore(x);
    return c === core || (c.length >= 4 && (c.includes(core) || core.includes(c))) || loose(c) === loose(core);
  });
}

/** N08: every table the table of contents lists is in the document. */
export function checkTableOfContents(ctx: ValidationContext): void {
  const promised = ctx.seg.tocTitles.filter((t) => !isSectionTitle(t));
  if (promised.length === 0) return;
  const tables = ctx.seg.tables.filter((t) => t.title !== '');
  const used = new Set<DocTable>();
  const missing: string[] = [];
  // three passes, strictest first, so that a loose match never takes a table an exact one needs:
  // the same words; one title inside the other (a fund named only in the contents); the same
  // words but for 支出/预算/情况 (政府采购支出预算表 = 政府采购预算表)
  const passes: Array<(a: string, b: string) => boolean> = [
    (a, b) => a === b,
    (a, b) => b.length >= 4 && (a.includes(b) || b.includes(a)),
    (a, b) => loose(a) === loose(b),
  ];
  const open = new Set(promised);
  for (const same of passes) {
    for (const title of promised) {
      if (!open.has(title)) continue;
      const core = titleCore(title);
      const pick = tables.find((t) => !used.has(t) && same(core, titleCore(t.title)));
      if (!pick) continue;
      open.delete(title);
      // a table continued on later pages under the same title is one table
      for (const t of tables) if (titleCore(t.title) === titleCore(pick.title)) used.add(t);
    }
  }
  missing.push(...promised.filter((t) => open.has(t)));
  if (missing.length === 0) return;
  const src = lineSource(ctx, { page: null, line: null, bbox: null }, 'table', missing.join('；'));
  if (missing.length === promised.length) {
    report(ctx, {
      code: 'N08',
      severity: 'info',
      message: `none of the ${promised.length} tables the table of contents lists is in this document (they may be published as a separate file): ${missing.join('；')}`,
      sources: [src],
      expected: String(promised.length),
      found: '0',
    });
    return;
  }
  for (const title of missing) {
    report(ctx, {
      code: 'N08',
      message: `the table of contents lists '${title}', but no such table is in the document`,
      sources: [lineSource(ctx, { page: null, line: null, bbox: null }, 'table', title)],
      expected: title,
    });
  }
}

const EMPTY_NOTE = /空表|此表为空|本表为空|无数据|不涉及|无发生额|(?:没有|无|未)[^，。；]{0,30}(?:预算|支出|安排|经费|收支|资金)/u;
const FUNDS: ReadonlyArray<[string, RegExp]> = [
  ['gf', /政府性基金/u],
  ['soe', /国有资本经营/u],
  ['gpb', /一般公共预算/u],
];

/** V12: an empty fund table or “三公” table says why; a table with figures says nothing of the kind; the note names the table's own fund. */
export function checkEmptyTables(ctx: ValidationContext): void {
  const tables = ctx.seg.tables;
  tables.forEach((t, i) => {
    const fundTable = t.kind.subject === 'expenditure' && (t.kind.scope === 'gf' || t.kind.scope === 'soe');
    if (!fundTable && t.kind.subject !== 'three-public') return;
    const notes = notesOf(ctx, t, tables[i + 1]).filter((n) => EMPTY_NOTE.test(compact(n.text)));
    // a list of tables may give the reason instead ("是否空表 是 | 表格为空的理由 不涉及")
    const listed = (ctx.seg.listedEmpty ?? []).some((x) => titleCore(x.title) === titleCore(t.title));
    const empty = isEmpty(ctx, t);
    if (empty && listed) return;
    const where = { page: t.titleLine?.page ?? t.rows[0]?.page ?? null, line: t.titleLine?.line ?? t.rows[0]?.line ?? null, bbox: null };
    const title = t.title || tableContext(t);
    if (empty && notes.length === 0) {
      report(ctx, { code: 'V12', message: `'${title}' (p.${where.page ?? '?'}) has no figures and no note saying why it is empty`, sources: [lineSource(ctx, where, 'table', title, tableContext(t))] });
      return;
    }
    if (!empty && notes.length > 0 && notes.some((n) => /空表|此表为空|本表为空|无数据/u.test(n.text))) {
      report(ctx, {
        code: 'V12',
        message: `'${title}' (p.${where.page ?? '?'}) has figures but carries the note '${notes[0]!.text}'`,
        sources: [lineSource(ctx, notes[0]!, 'table', notes[0]!.text, tableContext(t))],
      });
    }
    if (!fundTable) return;
    for (const n of notes) {
      const named = FUNDS.filter(([, re]) => re.test(n.text)).map(([f]) => f);
      if (named.length === 0 || named.includes(t.kind.scope)) continue;
      report(ctx, {
        code: 'V12',
        message: `the note under '${title}' (a ${t.kind.scope === 'gf' ? '政府性基金' : '国有资本经营'} table) names another fund: '${n.text}'`,
        sources: [lineSource(ctx, n, 'table', n.text, tableContext(t))],
      });
    }
  });
}

/** A table is empty when none of its data cells holds a number other than 0. */
function isEmpty(ctx: ValidationContext, t: DocTable): boolean {
  const frame = ctx.tables.frame(t);
  return !frame.dataRows.some((r) =>
    r.cells.some((c) => {
      const p = parseNumber(c.text);
      return p !== null && p !== undefined && !p.percent && !new Big(p.value).eq(0) && !/^\d{1,2}$/u.test(c.text.trim());
    }),
  );
}

/**
 * The notes that belong to a table: those the segmenter attached, and the lines printed
 * between the table and the next one on its pages (a note without 注： in front).
 */
function notesOf(ctx: ValidationContext, t: DocTable, next: DocTable | undefined): TextLine[] {
  const last = t.rows.at(-1);
  if (!last) return [...t.notes];
  const nextFirst = next?.titleLine ?? next?.rows[0];
  const after = ctx.seg.prose
    .map((p) => p.line)
    .filter((l) => isAfter(l, last) && (!nextFirst || isAfter(nextFirst, l)) && (l.page === null || last.page === null || l.page - last.page <= 1));
  return [...new Set([...t.notes, ...after.slice(0, 4)])];
}

function isAfter(a: { page: number | null; line: number | null }, b: { page: number | null; line: number | null }): boolean {
  if (a.page !== null && b.page !== null && a.page !== b.page) return a.page > b.page;
  return (a.line ?? 0) > (b.line ?? 0);
}

/**
 * U01: the units a 单位构成 list says are in the budget all have a row in the 收入总表 when that
 * table is indexed by 单位名称 (a district bureau listing three units with one row for itself).
 */
export function checkUnitList(ctx: ValidationContext): void {
  const listed = listedUnits(ctx);
  if (listed.length < 2) return;
  const revenue = ctx.seg.tables.find((t) => t.kind.subject === 'revenue' && ctx.tables.frame(t).headers[0]?.some((h) => /单位名称/u.test(h)));
  if (!revenue) return;
  const frame = ctx.tables.frame(revenue);
  const rows = frame.dataRows.map((r) => compact(r.cells[0]?.text ?? '')).filter((n) => n !== '' && !/合计|总计/u.test(n));
  const missing = listed.filter((u) => !rows.some((r) => r === u || r.includes(u) || u.includes(r)));
  if (missing.length === 0) return;
  const where = { page: revenue.titleLine?.page ?? revenue.rows[0]?.page ?? null, line: revenue.titleLine?.line ?? null, bbox: null };
  report(ctx, {
    code: 'U01',
    message: `the budget says it covers ${listed.length} units (${listed.join('、')}), but '${revenue.title}' (p.${where.page ?? '?'}), indexed by 单位名称, has no row for ${missing.join('、')}`,
    sources: [lineSource(ctx, where, 'table', revenue.title, tableContext(revenue))],
    expected: listed.join('、'),
    found: rows.join('、'),
  });
}

/** Unit names of a table headed 单位名称 that holds no amounts (the 预算单位构成 list). */
function listedUnits(ctx: ValidationContext): string[] {
  for (const t of ctx.seg.tables) {
    if (t.kind.subject !== 'other' && t.kind.subject !== 'units') continue;
    const col = t.rows.findIndex((r) => r.cells.some((c) => compact(c.text) === '单位名称'));
    if (col < 0) continue;
    const at = t.rows[col]!.cells.findIndex((c) => compact(c.text) === '单位名称');
    const names = t.rows
      .slice(col + 1)
      .map((r) => compact(r.cells[at]?.text ?? ''))
      .filter((n) => /[\u4e00-\u9fff]/u.test(n) && !/合计|小计/u.test(n));
    const hasMoney = t.rows.slice(col + 1).some((r) => r.cells.some((c, i) => i !== at && /\d+\.\d{2}/u.test(c.text)));
    if (names.length > 0 && !hasMoney) return names;
  }
  return [];
}

/**
 * The year a title-like line gives the disclosure itself, or null: a cover line, heading, contents
 * entry or caption that opens with or names the year of the document ("第三部分 2023年度部门决算情况说明",
 * "某市某局2025年度部门预算信息公开", "7.2025年预算单位…预算表", "三、2025年主要工作目标", "（2025年度）"),
 * not a sentence and not a line about another year on purpose (上年, 执行, 结转, 比…, 截至…).
 */
export function yearOfTitleLine(text: string, isHeading: boolean, stageWord: '预算' | '决算'): { year: string; title: string } | null {
  // a heading's own title, before the sentence it may run into
  const title = (isHeading ? text.split(/[。；，]/u)[0]! : text).replace(/^第[一二三四五六七八九十\d]+部分/u, '').replace(/^(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|表\s*\d{1,2}[.、．：:\s]?)/u, '');
  if (!isHeading && (title.length > 50 || /[，。；;]./u.test(title))) return null;
  if (/上年|去年|以前年度|执行|结转|结余|年初|完成|截至|截止|比|较|与.{0,12}相比|对比|同期/u.test(title)) return null;
  // a figure makes it a statement (left to the sentences' own check), not a title
  if (/\d(?:[\d,]*\.?\d*)\s*(?:万元|元|%|％)/u.test(title)) return null;
  const otherStage = stageWord === '预算' ? '决算' : '预算';
  const bare = /^[（(]?(20\d{2})年度?[）)]?$/u.exec(title);
  if (bare) return { year: bare[1]!, title };
  const m = new RegExp(`^(?:[^\\d]{0,30}?)(20\\d{2})年度?(?!\\d{1,2}月)[^，。；、]{0,30}?(?:${stageWord}|工作目标|工作任务|主要任务|收支|收入|支出|绩效目标|公开)`, 'u').exec(title);
  if (!m) return null;
  // "2024年度部门决算" named in a budget is another document, not this one's year
  if (title.includes(otherStage) && !title.includes(stageWord)) return null;
  return { year: m[1]!, title };
}

/** Y02: a table title dated another year than the disclosure's (a stale template). */
export function checkTitleYears(ctx: ValidationContext): void {
  if (!ctx.year) return;
  const seen = new Set<string>();
  for (const t of ctx.seg.tables) {
    const m = /(20\d{2})年/u.exec(compact(t.title));
    if (!m || Number(m[1]) === ctx.year || /上年|结转|执行/u.test(t.title) || seen.has(t.title)) continue;
    seen.add(t.title);
    const where = { page: t.titleLine?.page ?? t.rows[0]?.page ?? null, line: t.titleLine?.line ?? null, bbox: null };
    report(ctx, {
      code: 'Y02',
      message: `the table '${t.title}' (p.${where.page ?? '?'}) is dated ${m[1]} in a ${ctx.year} disclosure`,
      sources: [lineSource(ctx, where, 'table', t.title, tableContext(t))],
      expected: String(ctx.year),
      found: m[1]!,
    });
  }
}

/**
 * Years in the text that speak of the disclosure itself (Y03): a heading that names the
 * document's own stage with another year ("第三部分 2023年度部门决算情况说明" in a 2024 决算), and
 * a date of holdings that cannot be the disclosure's ("截至2023年12月31日" in a 2024 决算, where the
 * figures stand at the end of 2024; a budget states them at the end of the year before).
 */
export function checkTextYears(ctx: ValidationContext): void {
  const year = ctx.year;
  if (!year || !ctx.stage) return;
  const stageWord = ctx.stage === 'final' ? '决算' : '预算';
  const seen = new Set<string>();
  const tableTitles = new Set(ctx.seg.tables.map((t) => t.titleLine).filter((l) => l !== undefined && l !== null));
  // a table's title repeated over its continued pages is the table's (Y02), not a line of its own
  const titleTexts = new Set(ctx.seg.tables.map((t) => compact(t.title)).filter((t) => t !== ''));
  // the contents page's entries are titles too ("第三部分2025年部门预算情况说明……5")
  const entries = (ctx.seg.contents ?? []).map((line) => ({ line, headings: [], heading: null }));
  for (const p of [...entries, ...ctx.seg.prose]) {
    const text = compact(p.line.text).replace(/[.·…\d]+$/u, (tail) => (/^[.·…]/u.test(tail) ? '' : tail));
    const named = tableTitles.has(p.line) || titleTexts.has(text) ? null : yearOfTitleLine(text, p.heading !== null, stageWord);
    if (named && Number(named.year) !== year && !seen.has(named.title)) {
      seen.add(named.title);
      report(ctx, {
        code: 'Y03',
        message: `the ${p.heading ? 'heading' : 'line'} '${named.title.slice(0, 40)}' (p.${p.line.page ?? '?'}) dates the ${stageWord} ${named.year} in a ${year} disclosure`,
        sources: [lineSource(ctx, p.line, 'prose', named.title.slice(0, 60))],
        expected: String(year),
        found: named.year,
      });
    }
    for (const m of text.matchAll(/截[至止](20\d{2})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?(?:底|末)?/gu)) {
      const y = Number(m[1]);
      const expectedYear: number = ctx.stage === 'final' ? year : year - 1;
      // a budget may also speak of a date early in its own year ("截至2026年2月")
      const ok = y === expectedYear || (ctx.stage === 'budget' && y === year);
      if (ok || seen.has(m[0])) continue;
      seen.add(m[0]);
      report(ctx, {
        code: 'Y03',
        message: `p.${p.line.page ?? '?'}: '${m[0]}' dates the holdings of a ${year} ${stageWord} ${y < expectedYear ? 'too early' : 'too late'}; they stand at the end of ${expectedYear}`,
        sources: [lineSource(ctx, p.line, 'prose', m[0])],
        expected: String(expectedYear),
        found: m[1]!,
      });
    }
  }
}

/** The standard tables of a disclosure: the national nine of a 部门决算, the eight a 部门预算 publishes everywhere (国有资本经营 only where a province asks). */
export const STANDARD_TABLES: Record<'budget' | 'final', ReadonlyArray<[string, string]>> = {
  budget: [
    ['B1', '收支总表'], ['B2', '收入总表'], ['B3', '支出总表'], ['B4', '财政拨款收支总表'],
    ['B5', '一般公共预算支出表'], ['B6', '一般公共预算基本支出表'], ['B7', '“三公”经费支出表'], ['B8', '政府性基金预算支出表'],
  ],
  final: [
    ['F1', '收入支出决算总表'], ['F2', '收入决算表'], ['F3', '支出决算表'], ['F4', '财政拨款收入支出决算总表'],
    ['F5', '一般公共预算财政拨款支出决算表'], ['F6', '一般公共预算财政拨款基本支出决算表'], ['F7', '“三公”经费支出决算表'],
    ['F8', '政府性基金预算财政拨款收入支出决算表'], ['F9', '国有资本经营预算财政拨款支出决算表'],
  ],
};

/**
 * Completeness (N09): each standard table of the document's stage that is not in it, whether
 * or not a table of contents lists it (the contents' own promises are N08). A file with none
 * of them (a 情况说明 whose tables are a separate attachment) gets one finding, not nine.
 */
export function checkStandardTables(ctx: ValidationContext): void {
  if (!ctx.stage) return;
  const present = new Set(ctx.seg.tables.map((t) => t.kind.id));
  const missing = STANDARD_TABLES[ctx.stage].filter(([id]) => !present.has(id));
  if (missing.length === 0) return;
  const where = { page: null, line: null, bbox: null };
  if (missing.length === STANDARD_TABLES[ctx.stage].length) {
    report(ctx, {
      code: 'N09',
      severity: 'info',
      message: `this file holds none of the standard tables of a ${ctx.stage === 'final' ? '决算' : '预算'} (they may be published as a separate file)`,
      sources: [lineSource(ctx, where, 'table', missing.map(([, name]) => name).join('；'))],
      expected: String(missing.length),
      found: '0',
    });
    return;
  }
  for (const [id, name] of missing) {
    report(ctx, {
      code: 'N09',
      message: `the standard table ${name} (${id}) is not in this document`,
      sources: [lineSource(ctx, where, 'table', name)],
      expected: id,
      found: 'missing',
    });
  }
}
