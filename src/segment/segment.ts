// Pages of lines and grids → an outline of headings, typed tables (title, unit, kind,
// rows, notes) and prose lines that know their headings. Tables continued on the next page
// (a grid with no title of its own right after a table) are stitched to the table before.
import type { TextLine, ExtractedDoc } from '../core/types.ts';
import { parseMarker } from '../normalize/markers.ts';
import { compact } from '../normalize/text.ts';
import { OutlineBuilder, type Heading, type NumberingIssue } from './outline.ts';
import { classifyTable, looksLikeTableTitle } from './table-kind.ts';
import { joinPdfLines } from './join-lines.ts';
import { setAsideRunning } from './running.ts';
import { ContentsReader } from './contents.ts';
import { TableStitcher, type DocTable } from './stitch.ts';

export type { DocTable } from './stitch.ts';

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

/**
 * The document's blocks in reading order, each taken by the step it belongs to: running
 * headers set aside (running.ts), lines joined (join-lines.ts), the contents read out of the
 * flow (contents.ts), grids stitched into tables (stitch.ts), headings into the outline
 * (outline.ts); what is left is prose under its headings, and before the first heading, the cover.
 */
export function segment(doc: ExtractedDoc): SegmentedDoc {
  const outline = new OutlineBuilder();
  const contents = new ContentsReader();
  const stitcher = new TableStitcher();
  const prose: ProseLine[] = [];
  const cover: TextLine[] = [];
  let seenHeading = false;
  let awaitingTitleFor: Heading | null = null;

  const { pages: flow, running } = setAsideRunning(doc.pages);
  const pages = doc.file.kind === 'text' ? flow : joinPdfLines(flow);
  for (const page of pages) {
    for (const block of page.blocks) {
      if (block.kind === 'grid') {
        if (contents.grid(block)) stitcher.forgetTitle();
        else stitcher.grid(block, outline.path());
        continue;
      }
      const line = block;
      stitcher.line(line);
      if (stitcher.caption(line)) continue;
      if (stitcher.continued(line.text)) continue;
      stitcher.note(line);
      if (contents.entry(line)) continue;
      if (awaitingTitleFor && !parseMarker(line.text) && line.text.length <= 40) {
        // "第一部分" alone on its line takes the next line as its title
        const h = outline.retitle(line.text);
        awaitingTitleFor = null;
        prose.push({ line, headings: outline.path(), heading: h });
        continue;
      }
      awaitingTitleFor = null;
      // a table of contents without page numbers: its entries are not the document's headings
      if (contents.block(line)) continue;
      stitcher.candidate(line);
      const heading = headingOf(outline, line);
      if (heading) {
        seenHeading = true;
        if (heading.title === '') awaitingTitleFor = heading;
      }
      if (!seenHeading && !heading) cover.push(line);
      stitcher.titleOrText(line, heading);
      prose.push({ line, headings: outline.path(), heading });
    }
  }
  const { tocTitles, listedEmpty } = contents;
  return {
    doc,
    prose,
    tables: stitcher.tables.map((t) => withTocScope(t, prose, tocTitles)),
    numberingIssues: outline.issues,
    cover,
    tocTitles,
    contents: contents.contents,
    running,
    ...(listedEmpty.length ? { listedEmpty } : {}),
  };
}

/** The heading a line opens: a marked one (一、 （一） 1.), or an unmarked section title or list intro. */
function headingOf(outline: OutlineBuilder, line: TextLine): Heading | null {
  const heading = outline.offer(line);
  if (heading) return heading;
  if (isSectionTitle(line.text)) return outline.offerUnmarked(line, 'title');
  if (isIntro(line.text)) return outline.offerUnmarked(line, 'intro');
  return null;
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

