// Pages of lines and grids → an outline of headings, typed tables (title, unit, kind,
// rows, notes) and prose lines that know their headings. Tables continued on the next page
// (a grid with no title of its own right after a table) are stitched to the table before.
import type { Block, GridRow, TableGrid, TextLine, ExtractedDoc } from '../core/types.ts';
import { parseNumber, parseUnitCaption, type MoneyUnit } from '../normalize/amount.ts';
import { parseCodeText } from '../normalize/codes.ts';
import { isTocEntry, parseMarker } from '../normalize/markers.ts';
import { compact } from '../normalize/text.ts';
import { OutlineBuilder, type Heading, type NumberingIssue } from './outline.ts';
import { classifyTable, looksLikeTableTitle, type TableKind } from './table-kind.ts';
import { joinPdfLines } from './join-lines.ts';

export interface DocTable {
  readonly index: number;
  readonly title: string;
  readonly titleLine: TextLine | null;
  readonly kind: TableKind;
  /** The money unit its caption declares; undefined when none was printed. */
  readonly unit: MoneyUnit | undefined;
  readonly rows: GridRow[];
  readonly grids: TableGrid[];
  readonly headings: readonly Heading[];
  /** 备注/注 lines printed under the table (empty-table notes and the like). */
  readonly notes: TextLine[];
}

export interface ProseLine {
  readonly line: TextLine;
  readonly headings: readonly Heading[];
  /** The line opens this heading (it is itself a marked heading or item). */
  readonly heading: Heading | null;
}

export interface SegmentedDoc {
  readonly doc: ExtractedDoc;
  readonly prose: readonly ProseLine[];
  readonly tables: readonly DocTable[];
  readonly numberingIssues: readonly NumberingIssue[];
  /** Lines before the first heading: the cover and title. */
  readonly cover: readonly TextLine[];
  /** Table titles listed in the table of contents. */
  readonly tocTitles: readonly string[];
  /** The lines of the table of contents (entries and section titles), out of the flow. */
  readonly contents?: readonly TextLine[];
  /** Running headers and footers (one of each text), out of the flow: evidence of identity. */
  readonly running: readonly TextLine[];
  /**
   * Tables a list of tables marks as empty with its reason ("表9 | …政府性基金收支表 | 是 | 不涉及"):
   * the title and the reason, the note an empty table owes.
   */
  readonly listedEmpty?: ReadonlyArray<{ readonly title: string; readonly reason: string }>;
}

const NOTE = /^(?:备注|注|说明)\s*[：:]|^注\s*\d*[：:.、]|本表为空|此表为空|本表无数据|无数据|空表/u;
const CONTINUED = /^续表|（续）$|\(续\)$/u;

/** A title cell in the first row of a grid (a title inside the ruled area). */
function titleInGrid(grid: TableGrid): string | undefined {
  const first = grid.rows[0];
  if (!first) return undefined;
  const filled = first.cells.filter((c) => c.text !== '');
  if (filled.length === 1 && looksLikeTableTitle(filled[0]!.text)) return filled[0]!.text;
  return undefined;
}

/** A grid listing the tables ("表1 | 2022年部门综合预算收支总表 | 是否空表 …"): a contents page without page numbers. */
function isTableListGrid(grid: TableGrid): boolean {
  const rows = grid.rows.filter((r) => r.cells.some((c) => c.text !== ''));
  const listed = rows.filter((r) => r.cells.some((c) => looksLikeTableTitle(c.text)));
  return rows.length >= 3 && listed.length / rows.length >= 0.6 && !rows.some((r) => r.cells.some((c) => /\d\.\d{2}$/.test(c.text)));
}

function isTocGrid(grid: TableGrid): boolean {
  const rows = grid.rows.filter((r) => r.cells.some((c) => c.text !== ''));
  if (rows.length === 0) return false;
  const toc = rows.filter((r) => {
    const filled = r.cells.filter((c) => c.text !== '');
    const last = filled[filled.length - 1]?.text ?? '';
    return filled.length === 2 && /^\d{1,3}$/.test(last) && /[\u4e00-\u9fff]/u.test(filled[0]!.text);
  });
  if (toc.length / rows.length <= 0.8 || toc.length < 3) return false;
  // page numbers never go down and take several values; amounts in a two-column table need not
  const pages = toc.map((r) => Number(r.cells.filter((c) => c.text !== '').at(-1)!.text));
  return pages.every((p, i) => i === 0 || p >= pages[i - 1]!) && new Set(pages).size >= 2;
}

export function segment(doc: ExtractedDoc): SegmentedDoc {
  const outline = new OutlineBuilder();
  const prose: ProseLine[] = [];
  const tables: DocTable[] = [];
  const cover: TextLine[] = [];
  const tocTitles: string[] = [];
  const contents: TextLine[] = [];
  const listedEmpty: Array<{ title: string; reason: string }> = [];
  let seenHeading = false;
  let pendingTitle: TextLine | null = null;
  let pendingUnit: MoneyUnit | undefined;
  let lastTable: DocTable | null = null;
  /** Text seen since the last table: a grid after text is not a continuation. */
  let textSinceTable = false;
  /** The text lines since the last grid (a page's header or footer between two parts of a table). */
  let linesSinceTable: TextLine[] = [];
  let awaitingTitleFor: Heading | null = null;
  let inToc = false;
  const tocSeen = new Set<string>();
  /** The last short line without sentence punctuation since the last grid: a title candidate. */
  let lastShort: TextLine | null = null;

  const openTable = (grid: TableGrid, title: string, titleLine: TextLine | null) => {
    const unit = pendingUnit ?? unitInGrid(grid);
    const t: DocTable = {
      index: tables.length,
      title,
      titleLine,
      kind: classifyTable(title),
      unit,
      rows: [...grid.rows],
      grids: [grid],
      headings: outline.path(),
      notes: [],
    };
    tables.push(t);
    lastTable = t;
    pendingTitle = null;
    pendingUnit = undefined;
    textSinceTable = false;
    lastShort = null;
  };

  // running headers and footers leave the flow: a table continued on the next page stays one
  // (a table's title or caption repeated over each page stays: it says the table goes on)
  const running: TextLine[] = [];
  const leaves = (b: Block): b is TextLine => b.kind === 'line' && b.running === true && !looksLikeTableTitle(b.text) && !/[：:]/u.test(b.text);
  const flow = doc.pages.map((p) => {
    if (!p.blocks.some(leaves)) return p;
    for (const b of p.blocks) if (leaves(b) && !running.some((r) => r.text === b.text)) running.push(b);
    return { ...p, blocks: p.blocks.filter((b) => !leaves(b)) };
  });
  const pages = doc.file.kind === 'text' ? flow : joinPdfLines(flow);
  for (const page of pages) {
    for (const block of page.blocks) {
      if (block.kind === 'grid') {
        if (isTocGrid(block) || isTableListGrid(block)) {
          // the list of tables itself: what follows it is the body (its titles are titles), and
          // the line over it ("2026年部门综合预算公开报表") titles no table
          inToc = false;
          pendingTitle = null;
          for (const r of block.rows) {
            const cells = r.cells.map((c) => compact(c.text));
            const title = cells.find((c) => looksLikeTableTitle(c));
            const yes = cells.findIndex((c) => c === '是');
            const reason = yes >= 0 ? cells.slice(yes + 1).find((c) => c !== '') : undefined;
            if (title && reason) listedEmpty.push({ title, reason });
          }
          for (const r of block.rows) {
            const t = r.cells.find((c) => c.text !== '')?.text ?? '';
            if (looksLikeTableTitle(t)) tocTitles.push(t);
          }
          continue;
        }
        const inner = titleInGrid(block);
        if (inner) {
          openTable({ ...block, rows: block.rows.slice(1) }, inner, null);
        } else if (pendingTitle && lastTable && sameTable(lastTable, pendingTitle.text, block)) {
          // the title printed again on the next page: a continuation, not a new table
          const lt: DocTable = lastTable;
          lt.rows.push(...block.rows);
          lt.grids.push(block);
          pendingTitle = null;
          textSinceTable = false;
        } else if (pendingTitle) {
          openTable(block, pendingTitle.text, pendingTitle);
        } else if (lastShort && classifyTable(lastShort.text).subject !== 'other') {
          // a title printed without 表 ("“三公”经费、会议费、培训费支出预算") just above the grid
          openTable(block, lastShort.text, lastShort);
        } else if (lastTable && (!textSinceTable || continuesOnNextPage(lastTable, block, linesSinceTable))) {
          const lt: DocTable = lastTable;
          lt.rows.push(...block.rows);
          lt.grids.push(block);
        } else {
          openTable(block, '', null);
        }
        linesSinceTable = [];
        continue;
      }
      const line = block;
      linesSinceTable.push(line);
      const text = line.text;
      const unit = parseUnitCaption(text);
      if (unit && text.length <= 30 && /单位/u.test(text)) {
        // a caption may share its line with the title ("2026年收支总表 单位：万元")
        pendingUnit = unit;
        const rest = text.replace(/(?:金额)?单位[：:].*$/u, '').trim();
        if (rest && looksLikeTableTitle(rest)) pendingTitle = { ...line, text: rest };
        continue;
      }
      if (CONTINUED.test(compact(text)) && lastTable) continue;
      if (lastTable && NOTE.test(text) && !parseMarker(text)) {
        (lastTable as DocTable).notes.push(line);
      }
      if (isTocEntry(text)) {
        contents.push(line);
        const t = text.replace(/[.·…\s\d]+$/u, '');
        if (looksLikeTableTitle(t)) tocTitles.push(t);
        continue;
      }
      if (awaitingTitleFor && !parseMarker(text) && text.length <= 40) {
        // "第一部分" alone on its line takes the next line as its title
        const h = outline.retitle(text);
        awaitingTitleFor = null;
        prose.push({ line, headings: outline.path(), heading: h });
        continue;
      }
      awaitingTitleFor = null;
      // a table of contents without page numbers: its entries are not the document's headings
      if (text.replace(/\s/g, '') === '目录') {
        inToc = true;
        continue;
      }
      if (inToc) {
        const key = compact(text);
        if (text.length <= 40 && !/[，。；]/u.test(text) && !tocSeen.has(key)) {
          tocSeen.add(key);
          contents.push(line);
          if (looksLikeTableTitle(text.replace(/^[\d.、．]+/u, ''))) tocTitles.push(text);
          continue;
        }
        inToc = false;
      }
      if (/[。；]/u.test(text)) lastShort = null;
      else if (text.length <= 40 && !/[，：]/u.test(text) && !parseMarker(text) && classifyTable(text).subject !== 'other') lastShort = line;
      let heading = outline.offer(line);
      if (!heading && isSectionTitle(text)) heading = outline.offerUnmarked(line, 'title');
      else if (!heading && isIntro(text)) heading = outline.offerUnmarked(line, 'intro');
      if (heading) {
        seenHeading = true;
        if (heading.title === '') awaitingTitleFor = heading;
      }
      if (!seenHeading && !heading) cover.push(line);
      // (a table's number before its title, "表3：" or as OCR may read it "表：9", is no sentence)
      if (looksLikeTableTitle(text) && !/[，。；：]/u.test(text.replace(/^表\s*[：:.．]?\s*[一二三四五六七八九十\d]+\s*[：:、.．]?/u, ''))) {
        // "收入支出决算总表" then "公开01表": keep the title that says what the table is
        if (!pendingTitle || classifyTable(text).subject !== 'other' || classifyTable(pendingTitle.text).subject === 'other') pendingTitle = line;
        // a heading that names a table ("一、收支预算总表") is a title too, but a fuller one may follow
      } else if (!heading || heading.title.length > 40) {
        textSinceTable = true;
      }
      if (heading && looksLikeTableTitle(heading.title)) pendingTitle = { ...line, text: heading.title };
      prose.push({ line, headings: outline.path(), heading });
    }
  }
  return { doc, prose, tables: tables.map((t) => withTocScope(t, prose, tocTitles)), numberingIssues: outline.issues, cover, tocTitles, contents, running, ...(listedEmpty.length ? { listedEmpty } : {}) };
}

/**
 * A table printed under a short title ("“三公”经费、会议费、培训费支出预算表") is often listed
 * with its fund in the table of contents ("十一、一般公共预算“三公”经费…"): take the fund from
 * there when every such mention agrees.
 */
function withTocScope(t: DocTable, prose: readonly ProseLine[], tocTitles: readonly string[]): DocTable {
  if (t.kind.scope !== 'all' || !t.title) return t;
  const core = compact(t.title).replace(/[“”"]/gu, '').replace(/^\d{4}年度?/u, '').replace(/(?:预算)?表$/u, '');
  if (core.length < 8) return t;
  const probe = core.slice(0, 10);
  const scopes = new Set<string>();
  for (const text of [...tocTitles, ...prose.map((p) => p.line.text)]) {
    const c = compact(text).replace(/[“”"]/gu, '');
    if (!c.includes(probe) || c.length > core.length + 20) continue;
    const k = classifyTable(text);
    if (k.scope !== 'all') scopes.add(k.scope);
  }
  if (scopes.size !== 1) return t;
  const kind = classifyTable(`${[...scopes][0] === 'gpb' ? '一般公共预算' : [...scopes][0] === 'gf' ? '政府性基金' : [...scopes][0] === 'soe' ? '国有资本经营' : '财政拨款'}${t.title}`);
  return { ...t, kind };
}

/**
 * A grid at the top of a later page that starts with data rows, as wide as the table before
 * it, with at most a few short lines between (a page header the furniture check did not
 * know, a page number): the rest of that table, not a table of its own.
 */
function continuesOnNextPage(t: DocTable, grid: TableGrid, between: readonly TextLine[]): boolean {
  const last = t.grids[t.grids.length - 1]!;
  if (grid.page === null || last.page === null || grid.page <= last.page) return false;
  if (between.length > 3 || between.some((l) => l.text.length > 40 || /[。；]/u.test(l.text) || parseMarker(l.text))) return false;
  if (grid.quality.columns !== last.quality.columns) return false;
  const first = grid.rows.find((r) => r.cells.some((c) => c.text !== ''));
  return first !== undefined && first.cells.some((c) => parseCodeText(c.text) !== undefined || (parseNumber(c.text) ?? undefined) !== undefined && !/^\d{1,2}$/.test(c.text));
}

function sameTable(t: DocTable, title: string, grid: TableGrid): boolean {
  const norm = (x: string) => compact(x).replace(/[（(]续[）)]|续表/gu, '');
  return norm(t.title) === norm(title) && t.grids[0]!.quality.columns === grid.quality.columns;
}

/** An unmarked section title: short, no sentence punctuation, ending with a section word. */
function isSectionTitle(text: string): boolean {
  const s = compact(text);
  return s.length >= 4 && s.length <= 30 && !/[，。；：:、]/u.test(s) && !looksLikeTableTitle(s) && /(?:说明|情况|概况|职能|职责|设置|解释|构成|任务|目标|依据)$/u.test(s);
}

/** A line that introduces a list: "财政拨款支出主要内容如下：". */
function isIntro(text: string): boolean {
  const s = compact(text);
  return s.length <= 40 && /(?:如下|包括|情况)[：:]$/u.test(s) && !/\d/.test(s);
}

function unitInGrid(grid: TableGrid): MoneyUnit | undefined {
  for (const r of grid.rows.slice(0, 3)) {
    for (const c of r.cells) {
      if (/单位/u.test(c.text)) {
        const u = parseUnitCaption(c.text);
        if (u) return u;
      }
    }
  }
  return undefined;
}
