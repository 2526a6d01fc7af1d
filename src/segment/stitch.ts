// Grids → tables. A grid opens a table under the title it was printed with (inside the
// ruled area, the title line over it, a short line that names a table without 表), or
// continues the table before it: the same title printed again on the next page, a grid
// right after a table with no text between, or one at the top of a later page that starts
// with data rows as wide as the table before. The lines seen since the last grid are what
// a grid's title and unit are taken from; this class keeps them.
import type { GridRow, TableGrid, TextLine } from '../core/types.ts';
import { parseNumber, parseUnitCaption, type MoneyUnit } from '../normalize/amount.ts';
import { parseCodeText } from '../normalize/codes.ts';
import { parseMarker } from '../normalize/markers.ts';
import { compact } from '../normalize/text.ts';
import type { Heading } from './outline.ts';
import { classifyTable, looksLikeTableTitle, type TableKind } from './table-kind.ts';

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

export class TableStitcher {
  readonly tables: DocTable[] = [];
  #last: DocTable | null = null;
  /** The line that titles the next grid. */
  #pendingTitle: TextLine | null = null;
  #pendingUnit: MoneyUnit | undefined;
  /** Text seen since the last table: a grid after text is not a continuation. */
  #textSinceTable = false;
  /** The text lines since the last grid (a page's header or footer between two parts of a table). */
  #linesSinceTable: TextLine[] = [];
  /** The last short line without sentence punctuation since the last grid: a title candidate. */
  #lastShort: TextLine | null = null;

  get lastTable(): DocTable | null {
    return this.#last;
  }

  /** A grid of the body: a table of its own, or more of the one before. `headings`: where it stands. */
  grid(block: TableGrid, headings: readonly Heading[]): void {
    const inner = titleInGrid(block);
    const last = this.#last;
    const pending = this.#pendingTitle;
    if (inner) {
      this.#open({ ...block, rows: block.rows.slice(1) }, inner, null, headings);
    } else if (pending && last && sameTable(last, pending.text, block)) {
      // the title printed again on the next page: a continuation, not a new table
      this.#extend(last, block);
      this.#pendingTitle = null;
      this.#textSinceTable = false;
    } else if (pending) {
      this.#open(block, pending.text, pending, headings);
    } else if (this.#lastShort && classifyTable(this.#lastShort.text).subject !== 'other') {
      // a title printed without 表 ("“三公”经费、会议费、培训费支出预算") just above the grid
      this.#open(block, this.#lastShort.text, this.#lastShort, headings);
    } else if (last && (!this.#textSinceTable || continuesOnNextPage(last, block, this.#linesSinceTable))) {
      this.#extend(last, block);
    } else {
      this.#open(block, '', null, headings);
    }
    this.#linesSinceTable = [];
  }

  /** A line of text in the flow (before anything else is decided about it). */
  line(line: TextLine): void {
    this.#linesSinceTable.push(line);
  }

  /**
   * A unit caption ("单位：万元") on its line: true, and the next table's unit taken. It may
   * share its line with the title ("2026年收支总表 单位：万元").
   */
  caption(line: TextLine): boolean {
    const unit = parseUnitCaption(line.text);
    if (!unit || line.text.length > 30 || !/单位/u.test(line.text)) return false;
    this.#pendingUnit = unit;
    const rest = line.text.replace(/(?:金额)?单位[：:].*$/u, '').trim();
    if (rest && looksLikeTableTitle(rest)) this.#pendingTitle = { ...line, text: rest };
    return true;
  }

  /** No title carries over (a list of tables was read: the line over it titles no table). */
  forgetTitle(): void {
    this.#pendingTitle = null;
  }

  /** Whether a line says the table before goes on ("续表"): it is then no text of the body. */
  continued(text: string): boolean {
    return this.#last !== null && CONTINUED.test(compact(text));
  }

  /** A 备注/注 line goes with the table above it. */
  note(line: TextLine): void {
    if (this.#last && NOTE.test(line.text) && !parseMarker(line.text)) this.#last.notes.push(line);
  }

  /** A line of the body, before the outline sees it: a short line naming a table is a title candidate; a sentence ends the candidacy. */
  candidate(line: TextLine): void {
    const text = line.text;
    if (/[。；]/u.test(text)) this.#lastShort = null;
    else if (text.length <= 40 && !/[，：]/u.test(text) && !parseMarker(text) && classifyTable(text).subject !== 'other') this.#lastShort = line;
  }

  /** After the outline has seen the line: a table title, or text between tables. */
  titleOrText(line: TextLine, heading: Heading | null): void {
    const text = line.text;
    // (a table's number before its title, "表3：" or as OCR may read it "表：9", is no sentence)
    if (looksLikeTableTitle(text) && !/[，。；：]/u.test(text.replace(/^表\s*[：:.．]?\s*[一二三四五六七八九十\d]+\s*[：:、.．]?/u, ''))) {
      // "收入支出决算总表" then "公开01表": keep the title that says what the table is
      const pending = this.#pendingTitle;
      if (!pending || classifyTable(text).subject !== 'other' || classifyTable(pending.text).subject === 'other') this.#pendingTitle = line;
      // a heading that names a table ("一、收支预算总表") is a title too, but a fuller one may follow
    } else if (!heading || heading.title.length > 40) {
      this.#textSinceTable = true;
    }
    if (heading && looksLikeTableTitle(heading.title)) this.#pendingTitle = { ...line, text: heading.title };
  }

  #open(grid: TableGrid, title: string, titleLine: TextLine | null, headings: readonly Heading[]): void {
    const t: DocTable = {
      index: this.tables.length,
      title,
      titleLine,
      kind: classifyTable(title),
      unit: this.#pendingUnit ?? unitInGrid(grid),
      rows: [...grid.rows],
      grids: [grid],
      headings,
      notes: [],
    };
    this.tables.push(t);
    this.#last = t;
    this.#pendingTitle = null;
    this.#pendingUnit = undefined;
    this.#textSinceTable = false;
    this.#lastShort = null;
  }

  #extend(t: DocTable, grid: TableGrid): void {
    t.rows.push(...grid.rows);
    t.grids.push(grid);
  }
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
