// The table of contents, out of the flow: entries with page numbers ("一、部门职责……3"),
// a block under 目录 without them, and grids that list the tables ("表1 | …收支总表 | 是否空表").
// Its entries are not the document's headings; its table titles say which tables the
// document owes, and a list of tables marks the empty ones with their reason.
import type { TableGrid, TextLine } from '../core/types.ts';
import { isTocEntry } from '../normalize/markers.ts';
import { compact } from '../normalize/text.ts';
import { looksLikeTableTitle } from './table-kind.ts';

export class ContentsReader {
  /** Table titles listed in the contents. */
  readonly tocTitles: string[] = [];
  /** The lines of the contents (entries and section titles). */
  readonly contents: TextLine[] = [];
  readonly listedEmpty: Array<{ title: string; reason: string }> = [];
  #inToc = false;
  readonly #seen = new Set<string>();

  /** A grid that is the contents or a list of tables: read, and true (it is no table). */
  grid(block: TableGrid): boolean {
    if (!isTocGrid(block) && !isTableListGrid(block)) return false;
    // the list itself: what follows it is the body (its titles are titles)
    this.#inToc = false;
    for (const r of block.rows) {
      const cells = r.cells.map((c) => compact(c.text));
      const title = cells.find((c) => looksLikeTableTitle(c));
      const yes = cells.findIndex((c) => c === '是');
      const reason = yes >= 0 ? cells.slice(yes + 1).find((c) => c !== '') : undefined;
      if (title && reason) this.listedEmpty.push({ title, reason });
    }
    for (const r of block.rows) {
      const t = r.cells.find((c) => c.text !== '')?.text ?? '';
      if (looksLikeTableTitle(t)) this.tocTitles.push(t);
    }
    return true;
  }

  /** An entry with its page number: taken, and true. */
  entry(line: TextLine): boolean {
    if (!isTocEntry(line.text)) return false;
    this.contents.push(line);
    const t = line.text.replace(/[.·…\s\d]+$/u, '');
    if (looksLikeTableTitle(t)) this.tocTitles.push(t);
    return true;
  }

  /**
   * 目录 alone on its line, or a line of the block under it (short, no sentence punctuation,
   * not seen before): taken, and true. The first line that is neither ends the block.
   */
  block(line: TextLine): boolean {
    const text = line.text;
    if (text.replace(/\s/g, '') === '目录') {
      this.#inToc = true;
      return true;
    }
    if (!this.#inToc) return false;
    const key = compact(text);
    if (text.length <= 40 && !/[，。；]/u.test(text) && !this.#seen.has(key)) {
      this.#seen.add(key);
      this.contents.push(line);
      if (looksLikeTableTitle(text.replace(/^[\d.、．]+/u, ''))) this.tocTitles.push(text);
      return true;
    }
    this.#inToc = false;
    return false;
  }
}

/** A grid listing the tables ("表1 | 2022年部门综合预算收支总表 | 是否空表 …"): a contents page without page numbers. */
export function isTableListGrid(grid: TableGrid): boolean {
  const rows = grid.rows.filter((r) => r.cells.some((c) => c.text !== ''));
  const listed = rows.filter((r) => r.cells.some((c) => looksLikeTableTitle(c.text)));
  return rows.length >= 3 && listed.length / rows.length >= 0.6 && !rows.some((r) => r.cells.some((c) => /\d\.\d{2}$/.test(c.text)));
}

export function isTocGrid(grid: TableGrid): boolean {
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
