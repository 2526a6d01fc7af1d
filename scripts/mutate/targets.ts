// The places of a clean document where each kind of problem can be injected meaningfully,
// found from the document's own baseline reading (its facts, tables and paragraphs):
//   cell-amount      an amount cell of a standard table that was read into a fact, in a row
//                    that is a part of a total (a 类/款/项 row, an income or spending line)
//   sum-broken       the same, in a 合计/总计/小计 row
//   prose-figure     a figure of the text that the tables also give (a fact with both sources)
//   comparison-flip  增加↔减少, 增长↔下降, 大于↔小于, 持平→增加X, where the document gives
//                    what makes the word checkable (last year's figure, or the amount and the
//                    rate of the change side by side, or last year's figure in a table)
//   year-change      the disclosure's year in a table title, heading, sentence, cover or
//                    contents line, changed to the year before
//   table-drop       a table the document owes (the stage's standard set, or listed in its contents):
//                    its grids, its title, caption and note lines
// Sites whose tables already fail an identity in the clean document are left out: a problem
// injected there would be hidden by the one already reported.
import Big from 'big.js';
import type { Fact, GridRow, TextLine } from '../../src/core/types.ts';
import type { DocTable } from '../../src/segment/segment.ts';
import { parseNumber } from '../../src/normalize/amount.ts';
import type { Rng } from '../fuzz/rng.ts';
import { replaceAt, type BlockAt, type Edit } from './edit.ts';
import { pieceFor, whereKey, type DocIndex, type Paragraph, type Piece, type Where } from './index-doc.ts';
import { parsePrinted, shiftPrinted, someChange } from './numbers.ts';
import { isDocumentFinding } from './judge.ts';
import { STANDARD_TABLES, listedInContents } from '../../src/validate/checks/document.ts';

export const KINDS = ['cell-amount', 'sum-broken', 'prose-figure', 'comparison-flip', 'year-change', 'table-drop'] as const;
export type Kind = (typeof KINDS)[number];

/** Where a mutation is, in words a reader can find in the document. */
export interface Location {
  readonly page: number | null;
  readonly line: number | null;
  readonly pageIndex: number;
  readonly block: number;
  readonly row?: number;
  readonly cell?: number;
  /** Character offset of the change in the physical line. */
  readonly offset?: number;
  /** The table the site is in, or the table dropped (id and title). */
  readonly table?: string;
}

export interface Injected {
  readonly edit: Edit;
  /** The text changed: the fragment before and after (a cell, a word, a figure, a year; the table's title for a drop). */
  readonly old: string;
  readonly new: string;
  /** The whole line or cell before and after, for the report. */
  readonly context?: { readonly before: string; readonly after: string };
}

export interface Site {
  readonly kind: Kind;
  /** A finer class for the report and for stratified picking ("B3 类", "title", "rate+amount"). */
  readonly detail: string;
  /** Picks are spread over strata first, then over sites within one. */
  readonly stratum: string;
  readonly location: Location;
  /** Where a finding about it should point (the physical line, and the joined line it opens). */
  readonly anchors: readonly Where[];
  /** For a dropped table: a finding saying a table is missing is the report. */
  readonly expectsMissingTable?: boolean;
  readonly keys: readonly string[];
  readonly inject: (rng: Rng) => Injected | undefined;
}

export interface SiteReport {
  readonly sites: Site[];
  /** Per kind, why sites were left out (counts by reason). */
  readonly skipped: Record<string, Record<string, number>>;
}

const TOTAL_LABEL = /合\s*计|总\s*计|小\s*计/u;
const CJK = /[\u4e00-\u9fff]/u;

export function findSites(ix: DocIndex): SiteReport {
  const skipped: Record<string, Record<string, number>> = {};
  const skip = (kind: Kind, why: string) => {
    const k = (skipped[kind] ??= {});
    k[why] = (k[why] ?? 0) + 1;
  };
  const all: Site[] = [...cellSites(ix, skip), ...proseFigureSites(ix, skip), ...comparisonSites(ix, skip), ...yearSites(ix, skip), ...dropSites(ix, skip)];
  // a place the clean document's findings already point at: a problem injected there could
  // only change a finding that is already reported
  const reported = new Set(ix.base.findings.filter(isDocumentFinding).flatMap((f) => f.sources.map((s) => whereKey(s))));
  const sites = all.filter((s) => {
    if (!s.anchors.some((a) => reported.has(whereKey(a)))) return true;
    skip(s.kind, 'place already reported in the clean document');
    return false;
  });
  return { sites, skipped };
}

type Skip = (kind: Kind, why: string) => void;

const standard = (t: DocTable): boolean => /^[BF]\d+$/u.test(t.kind.id) && t.kind.subject !== 'other';
const contextOf = (t: DocTable): string => `${t.kind.id} ${t.title}`.trim();
const isTableSource = (m: string): boolean => m === 'table' || m === 'ocr-table';
const isProseSource = (m: string): boolean => m === 'prose' || m === 'ocr-prose';

function unbalanced(ix: DocIndex): Set<string> {
  return new Set(ix.base.findings.filter((f) => f.code === 'B01').map((f) => f.sources[0]?.context ?? '').filter((c) => c !== ''));
}

/** Facts by the page:line and printed text of their table sources. */
function factsAtCells(facts: readonly Fact[]): Map<string, Array<{ fact: Fact; box: Fact['sources'][number]['bbox'] }>> {
  const out = new Map<string, Array<{ fact: Fact; box: Fact['sources'][number]['bbox'] }>>();
  for (const f of facts) {
    if (f.value.type !== 'amount') continue;
    for (const s of f.sources) {
      if (!isTableSource(s.method)) continue;
      // by the cell's own box where the source has one (several cells of a row may print the
      // same figure: only the one read is the fact's), else by the row and the text
      const k = `${whereKey(s)}|${s.text}`;
      const list = out.get(k) ?? [];
      if (!list.some((x) => x.fact === f && x.box === s.bbox)) list.push({ fact: f, box: s.bbox });
      out.set(k, list);
    }
  }
  return out;
}

/** The level of a classified key ("exp.gpb.func.20805.total" → 款), or the kind of line it is. */
function levelOf(keys: readonly string[]): string {
  for (const k of keys) {
    const m = /\.(?:func|econ|gecon)\.(\d+)\./u.exec(k);
    if (m) return m[1]!.length === 3 ? '类' : m[1]!.length === 5 ? '款' : '项';
  }
  const k = keys[0] ?? '';
  if (k.startsWith('tp.')) return '三公';
  if (k.startsWith('proc.')) return '采购';
  if (k.startsWith('units.')) return 'unit row';
  return 'line item';
}

/** The label a cell's figure stands under in its row: the nearest cell to its left with words. */
function labelOf(row: GridRow, cell: number): string {
  for (let i = cell - 1; i >= 0; i--) {
    const t = row.cells[i]!.text;
    if (CJK.test(t)) return t;
  }
  return '';
}

function cellSites(ix: DocIndex, skip: Skip): Site[] {
  const out: Site[] = [];
  const marked = unbalanced(ix);
  const byCell = factsAtCells(ix.base.facts);
  for (const t of ix.seg.tables) {
    if (!standard(t)) continue;
    const ctx = contextOf(t);
    let read = 0;
    for (const r of t.rows) {
      const pos = ix.rows.get(r);
      if (!pos) continue;
      r.cells.forEach((c, ci) => {
        const p = parsePrinted(c.text);
        const n = parseNumber(c.text);
        if (!p || !n || n.percent) return;
        const atRow = byCell.get(`${whereKey(r)}|${c.text}`) ?? [];
        // a source boxed to one cell of this row names its cell; a source boxed to the row, any cell
        const rowWide = (b: (typeof atRow)[number]['box']) => !b || !r.bbox || (b[0] === r.bbox[0] && b[2] === r.bbox[2]);
        const facts = [...new Set(atRow.filter((x) => rowWide(x.box) || (x.box![0] === c.x0 && x.box![2] === c.x1)).map((x) => x.fact))];
        if (facts.length === 0) return; // not read into any fact: nothing to check it against
        read++;
        const label = labelOf(r, ci);
        const kind: Kind = TOTAL_LABEL.test(label) ? 'sum-broken' : 'cell-amount';
        if (p.value.eq(0)) return skip(kind, 'zero cell');
        if (marked.has(ctx)) return skip(kind, 'table fails an identity in the clean document');
        const keys = facts.map((f) => f.key);
        const level = levelOf(keys);
        out.push({
          kind,
          detail: kind === 'sum-broken' ? `${t.kind.id} ${label.replace(/\s/gu, '').slice(0, 12)}` : `${t.kind.id} ${level}`,
          stratum: kind === 'sum-broken' ? t.kind.id : level,
          location: { page: r.page, line: r.line, pageIndex: pos.at.pageIndex, block: pos.at.block, row: pos.row, cell: ci, table: ctx },
          anchors: [{ page: r.page, line: r.line }],
          keys,
          inject: (rng) => {
            const next = shiftPrinted(c.text, rng);
            if (!next) return undefined;
            const raw = c.raw.includes(c.text) ? c.raw.replace(c.text, next) : next;
            return {
              edit: { op: 'cell', at: pos.at, row: pos.row, cell: ci, text: next, raw },
              old: c.text,
              new: next,
              context: { before: r.cells.map((x) => x.text).join(' | '), after: r.cells.map((x, i) => (i === ci ? next : x.text)).join(' | ') },
            };
          },
        });
      });
    }
    if (read === 0) skip('cell-amount', `table with no cell read into a fact`);
  }
  return out;
}

const CHANGE_BEFORE = /(?:增加|减少|增长|下降|降低|上升|减|增|多|少)了?\s*$/u;
const MONEY = /(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(亿元|万元|千元|元)/gu;

function lineText(ix: DocIndex, at: BlockAt): TextLine {
  return ix.doc.pages[at.pageIndex]!.blocks[at.block] as TextLine;
}

function anchorsOf(piece: Piece): Where[] {
  const a: Where[] = [{ page: piece.line.page, line: piece.line.line }];
  if (piece.joined.page !== piece.line.page || piece.joined.line !== piece.line.line) a.push({ page: piece.joined.page, line: piece.joined.line });
  return a;
}

/** A site changing paragraph characters [start, end) of `para` into `make(old)`. */
function textSite(ix: DocIndex, para: Paragraph, start: number, end: number, base: Omit<Site, 'location' | 'anchors' | 'inject'>, make: (old: string, rng: Rng) => string | undefined): Site | undefined {
  const piece = pieceFor(para, start, end);
  if (!piece) return undefined;
  const offset = start - piece.start;
  const line = lineText(ix, piece.at);
  const old = line.text.slice(offset, offset + (end - start));
  if (old !== para.text.slice(start, end)) return undefined;
  return {
    ...base,
    location: { page: line.page, line: line.line, pageIndex: piece.at.pageIndex, block: piece.at.block, offset },
    anchors: anchorsOf(piece),
    inject: (rng) => {
      const next = make(old, rng);
      if (next === undefined || next === old) return undefined;
      const r = replaceAt(line.text, line.raw, offset, old, next);
      return { edit: { op: 'line', at: piece.at, text: r.text, raw: r.raw }, old, new: next, context: { before: line.text, after: r.text } };
    },
  };
}

/** The paragraph holding a joined prose line (page:line), and the joined line's offset in it. */
function paragraphAt(ix: DocIndex, w: Where): { para: Paragraph; start: number; end: number } | undefined {
  const hit = ix.pieceOf.get(whereKey(w));
  if (!hit) return undefined;
  const pieces = hit.para.pieces.filter((p) => p.joined === hit.piece.joined);
  const start = pieces[0]!.start;
  return { para: hit.para, start, end: start + hit.piece.joined.text.length };
}

function proseFigureSites(ix: DocIndex, skip: Skip): Site[] {
  const out: Site[] = [];
  const seen = new Set<string>();
  for (const f of ix.base.facts) {
    if (f.value.type !== 'amount' || /_(?:change|prior)$/u.test(f.key)) continue;
    const prose = f.sources.filter((s) => isProseSource(s.method) && /\d/.test(s.text));
    if (prose.length === 0) continue;
    if (!f.sources.some((s) => isTableSource(s.method))) {
      skip('prose-figure', 'figure the tables do not give');
      continue;
    }
    if (new Big(f.value.yuan).eq(0)) {
      skip('prose-figure', 'zero figure');
      continue;
    }
    for (const s of prose) {
      const where = paragraphAt(ix, s);
      if (!where) {
        skip('prose-figure', 'line not traced to the page');
        continue;
      }
      const seg = where.para.text.slice(where.start, where.end);
      for (let i = seg.indexOf(s.text); i >= 0; i = seg.indexOf(s.text, i + 1)) {
        const at = where.start + i;
        if (CHANGE_BEFORE.test(where.para.text.slice(Math.max(0, at - 4), at))) continue; // the amount of a change
        // the number inside the printed text ("245.78万元", "预算安排57.8万元")
        const m = [...s.text.matchAll(MONEY)].at(-1);
        if (!m) continue;
        const numStart = at + m.index!;
        const numEnd = numStart + m[1]!.length;
        const id = `${numStart}@${whereKey(s)}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const site = textSite(ix, where.para, numStart, numEnd, { kind: 'prose-figure', detail: f.key.split('.')[0]!, stratum: f.key.split('.')[0]!, keys: [f.key] }, (old, rng) => shiftPrinted(old, rng));
        if (site) out.push(site);
        else skip('prose-figure', 'figure split over two printed lines');
      }
    }
  }
  return out;
}

const FLIPS: Readonly<Record<string, string>> = { 增加: '减少', 减少: '增加', 增长: '下降', 下降: '增长', 降低: '增长', 上升: '下降', 大于: '小于', 小于: '大于', 高于: '低于', 低于: '高于' };
const WORD = /增加|减少|增长|下降|降低|上升|大于|小于|高于|低于|持平/gu;
const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const AFTER_CHANGE = new RegExp(String.raw`^了?\s*(?:${NUM})\s*(?:亿元|万元|千元|元|[%％])`, 'u');
const AMOUNT_THEN_RATE = new RegExp(String.raw`^了?\s*(?:${NUM})\s*(?:亿元|万元|千元|元)[，,、\s]*(?:增加|减少|增长|下降|降低|上升|增|减)了?\s*(?:${NUM})\s*[%％]`, 'u');
const ZERO_AFTER = /^了?\s*0+(?:\.0+)?\s*(?:亿元|万元|千元|元|[%％])/u;
const RATE_AFTER_AMOUNT = new RegExp(String.raw`(?:增加|减少|增长|下降|降低|上升|增|减)了?\s*(?:${NUM})\s*(?:亿元|万元|千元|元)[，,、\s]*$`, 'u');

function comparisonSites(ix: DocIndex, skip: Skip): Site[] {
  const out: Site[] = [];
  const year = ix.year;
  // last year's figure, not last year's money carried over (上年结转, 上年结余)
  const priorLabel = new RegExp(`(?:上年|去年|上一年度?${year ? `|${year - 1}年度?` : ''})(?:年初|当年)?(?:预算|执行|决算|同期|实际|完成|数|的|为)|执行数`, 'u');
  // changes the document states of a key whose last-year figure it also gives (a 上年 column, a 上年 sentence)
  const keys = new Set(ix.base.facts.map((f) => f.key));
  const knownChange = new Map<string, string>();
  for (const f of ix.base.facts) {
    if (!f.key.endsWith('_change')) continue;
    const base = f.key.slice(0, -'_change'.length);
    const checkable = keys.has(`${base}_prior`) || f.sources.some((s) => isTableSource(s.method));
    for (const s of f.sources) if (isProseSource(s.method)) knownChange.set(`${whereKey(s)}|${s.text}`, checkable ? f.key : '');
  }
  for (const para of ix.paragraphs) {
    if (para.pieces.length === 0) continue;
    const text = para.text;
    for (const m of text.matchAll(WORD)) {
      const word = m[0];
      const at = m.index!;
      const sStart = Math.max(lastOf(text, /[。！？!?；;]/u, at), 0);
      const sEndRel = text.slice(at).search(/[。！？!?；;]/u);
      const sEnd = sEndRel < 0 ? text.length : at + sEndRel;
      const before = text.slice(sStart, at);
      const after = text.slice(at + word.length, sEnd);
      const clause = before.slice(lastOf(before, /[，,：:]/u, before.length));
      const compared = /比|较|与|同比|相比|上年|去年|上一年|执行数|预算数|决算数/u.test(clause);
      if (!compared) continue;
      if (word !== '持平' && !FLIPS[word]) continue;
      const isChange = !['大于', '小于', '高于', '低于', '持平'].includes(word);
      if (isChange && !AFTER_CHANGE.test(after)) continue; // "增加值", "增加了工作量": no figure follows
      if (isChange && ZERO_AFTER.test(after)) {
        skip('comparison-flip', `${word}: a change of 0 (增加0 and 减少0 say the same)`);
        continue;
      }
      // what makes the word checkable
      const figures = [...before.matchAll(MONEY)].map((x) => ({ at: x.index!, printed: x[0] }));
      const labelled = figures.filter((x) => priorLabel.test(before.slice(lastOf(before, /[，,；;：:]/u, x.at), x.at)) || /(?:比|较|与)(?:上年|去年|上一年度?|\d{4}年度?)[^，,]{0,12}$/u.test(before.slice(0, x.at)));
      const prior = labelled.length > 0 && figures.length >= 2;
      const pair = isChange && (AMOUNT_THEN_RATE.test(after) || (/^了?\s*[\d,.]+\s*[%％]/u.test(after) && RATE_AFTER_AMOUNT.test(before)));
      const stated = [...knownChange].some(([k, key]) => key !== '' && sameParagraphSource(ix, para, k, at));
      const why = prior ? 'last year stated' : pair ? 'amount and rate' : stated ? 'last year in the facts' : undefined;
      if (!why) {
        skip('comparison-flip', `${word}: nothing in the document to check it against`);
        continue;
      }
      const detail = `${word} (${why})`;
      let site: Site | undefined;
      if (word === '持平') {
        // "与上年持平" → "比上年增加X万元"
        const yu = before.lastIndexOf('与');
        const from = yu >= 0 && before.length - yu <= 20 ? sStart + yu : at;
        const current = figures.filter((x) => !labelled.includes(x)).at(-1) ?? figures.at(-1);
        const amount = current ? parsePrinted(current.printed.replace(/\s*(?:亿元|万元|千元|元)$/u, '')) : undefined;
        const unit = current ? /(亿元|万元|千元|元)$/u.exec(current.printed)![1]! : '万元';
        site = textSite(ix, para, from, at + word.length, { kind: 'comparison-flip', detail, stratum: word, keys: [] }, (old) => {
          const inner = old.startsWith('与') ? old.slice(1, -word.length).replace(/(?:相比|比较)?(?:基本|保持)?$/u, '') : '';
          const x = someChange(amount?.value, amount?.digits ?? 2);
          return old.startsWith('与') ? `比${inner}增加${x}${unit}` : `增加${x}${unit}`;
        });
      } else {
        site = textSite(ix, para, at, at + word.length, { kind: 'comparison-flip', detail, stratum: word, keys: [] }, () => FLIPS[word]);
      }
      if (site) out.push(site);
      else skip('comparison-flip', 'split over two printed lines');
    }
  }
  return out;
}

function sameParagraphSource(ix: DocIndex, para: Paragraph, key: string, at: number): boolean {
  const [where, text] = key.split('|') as [string, string];
  const hit = ix.pieceOf.get(where);
  if (!hit || hit.para !== para) return false;
  // the change's printed text ("比上年减少52.26万元") covers the word
  const start = para.text.indexOf(text, Math.max(0, at - text.length));
  return start >= 0 && start <= at && at < start + text.length;
}

function lastOf(text: string, re: RegExp, before: number): number {
  for (let i = before - 1; i >= 0; i--) if (re.test(text[i]!)) return i + 1;
  return 0;
}

function yearSites(ix: DocIndex, skip: Skip): Site[] {
  const out: Site[] = [];
  const year = ix.year;
  if (!year) {
    skip('year-change', 'document year unknown');
    return out;
  }
  const titles = new Set(ix.seg.tables.map((t) => t.titleLine).filter((l): l is TextLine => l !== null).map((l) => whereKey(l)));
  const cover = new Set(ix.seg.cover.map((l) => whereKey(l)));
  const re = new RegExp(`(?<!\\d)${year}(?=\\s*年)`, 'gu');
  ix.doc.pages.forEach((page, pageIndex) =>
    page.blocks.forEach((b, block) => {
      if (b.kind !== 'line') return;
      const key = whereKey(b);
      if (b.running && !titles.has(key)) return skip('year-change', 'running header or footer');
      const hit = ix.pieceOf.get(key);
      // a marked item that runs on as a sentence ("1.科学技术支出（类）…2026年预算数为…") is a sentence
      const heading = hit?.piece.prose.heading && !/[，,。；;]/u.test(hit.piece.joined.text);
      const where = titles.has(key) ? 'table title' : cover.has(key) ? 'cover' : hit ? (heading ? 'heading' : 'sentence') : 'contents or caption';
      for (const m of b.text.matchAll(re)) {
        const offset = m.index!;
        const anchors: Where[] = [{ page: b.page, line: b.line }];
        if (hit && (hit.piece.joined.page !== b.page || hit.piece.joined.line !== b.line)) anchors.push({ page: hit.piece.joined.page, line: hit.piece.joined.line });
        out.push({
          kind: 'year-change',
          detail: where,
          stratum: where,
          keys: [],
          location: { page: b.page, line: b.line, pageIndex, block, offset },
          anchors,
          inject: () => {
            const r = replaceAt(b.text, b.raw, offset, String(year), String(year - 1));
            return { edit: { op: 'line', at: { pageIndex, block }, text: r.text, raw: r.raw }, old: String(year), new: String(year - 1), context: { before: b.text, after: r.text } };
          },
        });
      }
    }),
  );
  return out;
}

const CAPTION = /^(?:编制|填报|预算|主管)?(?:部门|单位)(?:名称)?\s*[：:]|单位[：:]\s*(?:万元|元|千元|亿元)/u;

function dropSites(ix: DocIndex, skip: Skip): Site[] {
  const out: Site[] = [];
  for (const t of ix.seg.tables) {
    if (!standard(t)) {
      skip('table-drop', 'not a standard table');
      continue;
    }
    // a table no standard set of the stage asks for and no contents page lists (项目, 绩效, 采购 …)
    // may be left out of a disclosure: its absence is nothing a reader could call an error
    const stage = ix.base.identity.stage;
    const required = stage ? STANDARD_TABLES[stage].some(([id]) => id === t.kind.id) : false;
    if (!required && !listedInContents(ix.seg, t)) {
      skip('table-drop', 'a table neither the standard set nor the contents asks for');
      continue;
    }
    const blocks: BlockAt[] = [];
    const add = (at: BlockAt) => {
      if (!blocks.some((b) => b.pageIndex === at.pageIndex && b.block === at.block)) blocks.push(at);
    };
    for (const g of t.grids) {
      const first = g.rows[0] ? ix.rows.get(g.rows[0]) : undefined;
      if (first) add(first.at);
    }
    if (blocks.length === 0) {
      skip('table-drop', 'grid not found');
      continue;
    }
    const first = [...blocks].sort((a, b) => a.pageIndex - b.pageIndex || a.block - b.block)[0]!;
    if (t.titleLine) {
      const at = ix.lines.get(whereKey(t.titleLine));
      if (at) {
        add(at);
        // the caption lines between the title and the grid ("编制单位：…", "单位：万元")
        if (at.pageIndex === first.pageIndex) {
          for (let i = at.block + 1; i < first.block; i++) {
            const b = ix.doc.pages[at.pageIndex]!.blocks[i]!;
            if (b.kind === 'line' && b.text.length <= 60 && CAPTION.test(b.text)) add({ pageIndex: at.pageIndex, block: i });
          }
        }
      }
    }
    // the notes printed under it ("备注：本单位没有…") go with it
    const last = [...blocks].sort((a, b) => b.pageIndex - a.pageIndex || b.block - a.block)[0]!;
    for (const n of t.notes) {
      const at = ix.lines.get(whereKey(n));
      if (at && at.pageIndex === last.pageIndex && at.block > last.block && at.block - last.block <= 6) add(at);
    }
    const title = contextOf(t);
    out.push({
      kind: 'table-drop',
      detail: t.kind.id,
      stratum: t.kind.id,
      keys: [],
      location: { page: t.titleLine?.page ?? t.rows[0]?.page ?? null, line: t.titleLine?.line ?? null, pageIndex: first.pageIndex, block: first.block, table: title },
      anchors: [],
      expectsMissingTable: true,
      inject: () => ({ edit: { op: 'drop', blocks }, old: `${title} (${t.rows.length} rows, ${t.grids.length} grid${t.grids.length > 1 ? 's' : ''})`, new: '(dropped)' }),
    });
  }
  return out;
}
