// Running text from a PDF comes one printed line at a time. A line that runs to the right
// edge of the text block, or that plainly continues (an open bracket, a clause cut short),
// is joined with the next one, across a page break too; headings, titles and marked items
// stay lines of their own. Text dumps are joined when they are read.
import type { Block, Page, TextLine } from '../core/types.ts';
import { joinableLines, isTitleLike } from '../extract/line-join.ts';
import { parseMarker, isTocEntry } from '../normalize/markers.ts';
import { classifyTable, looksLikeTableTitle } from './table-kind.ts';

function rightEdge(lines: readonly TextLine[]): number | undefined {
  const xs = lines.map((l) => l.bbox?.[2]).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  if (xs.length < 5) return undefined; // a cover or a short page has no reliable right edge
  return xs[Math.floor(xs.length * 0.9)]!;
}

function runsToEdge(l: TextLine, edge: number | undefined): boolean {
  if (!l.bbox || edge === undefined) return false;
  const em = Math.max(6, (l.bbox[3] - l.bbox[1]) * 0.9);
  return l.bbox[2] >= edge - 2 * em;
}

/** A table's caption label ("部门：", "单位：万元", "编制单位："): a line of its own, never a continuation. */
const CAPTION = /^(?:编制|填报|预算|主管)?(?:部门|单位)(?:名称)?\s*[：:；;]/u;

function continues(a: TextLine, b: TextLine, edgeA: number | undefined): boolean {
  // a caption ("预算单位：…", "单位：万元") is a line of its own, before and after
  if (CAPTION.test(b.text) || CAPTION.test(a.text)) return false;
  // a title wrapped before its last characters ("…支出预算" / "表"), not a title of its own ("收支总表")
  if (b.text.length <= 4 && !looksLikeTableTitle(a.text) && classifyTable(b.text).subject === 'other' && looksLikeTableTitle(a.text + b.text)) return true;
  if (parseMarker(b.text) || isTitleLike(b.text) || isTitleLike(a.text) || isTocEntry(a.text) || isTocEntry(b.text)) return false;
  if (/[。！？!?：:]$/u.test(a.text)) return false;
  if (runsToEdge(a, edgeA) && a.text.length >= 15) return true;
  return joinableLines(a.text, b.text, false) && !/[；;]$/u.test(a.text) && a.text.length >= 20;
}

function merge(a: TextLine, b: TextLine): TextLine {
  const sep = /[A-Za-z0-9]$/.test(a.text) && /^[A-Za-z0-9]/.test(b.text) ? ' ' : '';
  return { ...a, text: a.text + sep + b.text, raw: a.raw + sep + b.raw };
}

export function joinPdfLines(pages: readonly Page[]): Page[] {
  const out: Page[] = [];
  let carry: { page: number; index: number } | null = null; // last line of the previous page, still open
  for (const page of pages) {
    const lines = page.blocks.filter((b): b is TextLine => b.kind === 'line');
    const edge = rightEdge(lines);
    const blocks: Block[] = [];
    for (const block of page.blocks) {
      const prev = blocks[blocks.length - 1];
      if (block.kind === 'line' && prev?.kind === 'line' && continues(prev, block, edge)) {
        blocks[blocks.length - 1] = merge(prev, block);
        continue;
      }
      if (block.kind === 'line' && blocks.length === 0 && carry) {
        const prevPage = out[carry.page]!;
        const last = prevPage.blocks[carry.index];
        if (last?.kind === 'line' && continues(last, block, rightEdge(prevPage.blocks.filter((b): b is TextLine => b.kind === 'line')))) {
          const merged = [...prevPage.blocks];
          merged[carry.index] = merge(last, block);
          out[carry.page] = { ...prevPage, blocks: merged };
          continue;
        }
      }
      blocks.push(block);
    }
    out.push({ ...page, blocks });
    const lastIdx = blocks.length - 1;
    carry = lastIdx >= 0 && blocks[lastIdx]!.kind === 'line' ? { page: out.length - 1, index: lastIdx } : null;
  }
  return out;
}
