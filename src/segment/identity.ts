// Unit, year and stage read from the content, as weighed evidence: the cover and title lines
// (titles broken over two lines joined), labels (预算单位：…, 单位名称：… over each table),
// the first sentence of the 职责 section (XX局主要职责…), 单位名称 cells of tables, running
// headers and the PDF's own title. Never the file name alone: published files are often named
// with the wrong year or unit. Every candidate must look like a unit's name (org.ts,
// isUnitName); the weights add up per name, and the margin over the runner-up is the
// identity's confidence.
import type { DocIdentity, Stage, TextLine } from '../core/types.ts';
import { compact } from '../normalize/text.ts';
import { cleanUnitName, isUnitName, stripLevel } from '../normalize/org.ts';
import { alternation, vocabulary } from '../normalize/vocabulary.ts';
import type { SegmentedDoc } from './segment.ts';

/** Where a piece of evidence was read. */
export type EvidenceSource = 'cover' | 'cover-label' | 'title' | 'running' | 'metadata' | 'heading' | 'table-title' | 'caption' | 'duties' | 'table-cell' | 'mentions';

export interface UnitCandidate {
  readonly unit: string;
  readonly score: number;
  readonly from: readonly EvidenceSource[];
}

export interface IdentityReading extends DocIdentity {
  /** 0–1: how far the evidence for the unit outweighs the runner-up, and how much there is. */
  readonly confidence: number;
  /** The years the cover and titles give (headings left out), heaviest first, each with its weight and the first line that says it. */
  readonly years?: ReadonlyArray<{ readonly year: number; readonly weight: number; readonly line: TextLine; readonly onCover?: boolean }>;
  /** The names weighed, best first (at most five). */
  readonly candidates: readonly UnitCandidate[];
}

/** Weights per piece of evidence. A labelled cover unit all but settles it. */
const WEIGHT: Record<EvidenceSource, number> = {
  'cover-label': 8,
  cover: 5,
  title: 4,
  running: 3,
  duties: 3,
  metadata: 2,
  caption: 2,
  heading: 1,
  'table-cell': 1,
  'table-title': 0.5,
  mentions: 0,
};

/**
 * The year is weighed apart from the unit: a table's title dates its table as surely as a heading
 * dates its section, and the cover counts once however its lines are read (see offerTitle).
 */
const YEAR_WEIGHT: Partial<Record<EvidenceSource, number>> = { 'table-title': 1 };

/** What each mention of a candidate in the text adds (a name found some other way). */
const MENTION_WEIGHT = 0.3;

const LEVEL = '(?:区级|市级|省级|县级|本级|市本级|区本级)?';
const TITLE_A = new RegExp(`^(20\\d{2})\\s*年度?(.{2,40}?)${LEVEL}(?:单位|部门)?(?:综合)?(预算|决算)`, 'u');
const TITLE_B = new RegExp(`^(.{2,40}?)(20\\d{2})\\s*年度?${LEVEL}(?:单位|部门)?(?:综合)?(预算|决算)`, 'u');

/** Title forms: "2026年度某某中心单位预算", "某某厅2017年度部门预算公开", "某某局2024年度部门决算". */
export function readTitle(text: string): { unit: string; year: number; stage: Stage } | undefined {
  const s = compact(text).replace(/[“”"]/gu, '');
  for (const [re, yi, ui] of [[TITLE_A, 1, 2], [TITLE_B, 2, 1]] as const) {
    const m = re.exec(s);
    if (!m) continue;
    const unit = cleanUnitName(m[ui]!);
    if (isUnitName(unit)) return { year: Number(m[yi]), unit, stage: m[3] === '决算' ? 'final' : 'budget' };
  }
  return undefined;
}

/** Year and stage of a title even when its unit is not a name ("2026年部门预算", "第一部分2026年度部门预算情况说明"). */
function readYearStage(text: string): { year: number; stage: Stage } | undefined {
  const m = /(20\d{2})\s*年度?(?:[^，。；\d]{0,30}?)(?:单位|部门)?(?:综合)?(预算|决算)/u.exec(compact(text));
  return m ? { year: Number(m[1]), stage: m[2] === '决算' ? 'final' : 'budget' } : undefined;
}

const V = vocabulary().unit;
const LABEL = new RegExp(`(?:^|[\\s，；])${alternation(V.labels)}\\s*[：:]\\s*([^，。；：:\\s]{3,40})`, 'u');
const LONG_LABEL = new RegExp(`^${alternation(V.labels.filter((l) => l.length >= 4))}([^，。；：:\\s]{3,40})$`, 'u');

/** "预算单位：某某区某某局", "部门名称：…": the unit named by a label. */
export function readLabelledUnit(text: string): string | undefined {
  const t = compact(text);
  const m = LABEL.exec(t) ?? LABEL.exec(` ${t}`);
  const u = m ? cleanUnitName(m[1]!) : undefined;
  if (u && isUnitName(u)) return u;
  // The colon lost (an OCR'd cover reads 预算单位某市…局): a long label directly before the
  // name of an organisation still names it.
  const bare = LONG_LABEL.exec(t);
  const b = bare ? cleanUnitName(bare[1]!) : undefined;
  return b && isUnitName(b) ? b : undefined;
}

const BARE_LABEL = new RegExp(`^${alternation(V.labels)}\\s*[：:]$`, 'u');

/** "部门：" on a line of its own, the name on the next ("某省某委员会办公厅"). */
function labelThenName(label: TextLine, next: TextLine | undefined): string | undefined {
  if (!next || !BARE_LABEL.test(compact(label.text))) return undefined;
  const u = cleanUnitName(next.text);
  return isUnitName(u) ? u : undefined;
}

const DUTY_PHRASE = new RegExp(alternation(V.dutyPhrases), 'gu');
const DUTY_HEADING = /职责|职能|基本情况|部门概况|单位概况|主要任务|机构设置/u;

/** The longest name a sentence opens with before a duty phrase: "某市人民政府某办公室主要职责包括：…". */
function nameBeforeDuties(sentence: string): string | undefined {
  const s = compact(sentence).replace(/^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．])+/u, '');
  let found: string | undefined;
  for (const m of s.matchAll(DUTY_PHRASE)) {
    if (m.index > 40) break;
    const u = cleanUnitName(s.slice(0, m.index));
    if (isUnitName(u)) found = u;
  }
  return found;
}

/** The units whose duties a 说明 opens with: the first sentence under each 职责 heading. */
function readDuties(seg: SegmentedDoc): string[] {
  const out: string[] = [];
  for (let i = 0; i < seg.prose.length; i++) {
    const p = seg.prose[i]!;
    if (p.heading || !p.headings.some((h) => DUTY_HEADING.test(h.title))) continue;
    const prev = seg.prose[i - 1];
    if (prev && !prev.heading && prev.headings.at(-1) === p.headings.at(-1)) continue;
    const u = nameBeforeDuties(p.line.text);
    if (u) out.push(u);
  }
  return out;
}

const UNIT_CELL_LABEL = /^(?:部门|单位|预算单位|主管部门)?(?:（单位）|（部门）)?名称$|^部门$|^单位$|^预算单位$/u;

/** The value cell after a 部门名称 / 单位名称 label in any table. */
function unitsInCells(seg: SegmentedDoc): string[] {
  const out: string[] = [];
  for (const t of seg.tables) {
    for (const row of t.rows) {
      const cells = row.cells.map((c) => compact(c.text)).filter((x) => x !== '');
      for (let i = 0; i < cells.length - 1; i++) {
        if (!UNIT_CELL_LABEL.test(cells[i]!)) continue;
        const u = cleanUnitName(cells[i + 1]!);
        if (isUnitName(u)) out.push(u);
      }
    }
  }
  return out;
}

function countOf(text: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

function best<K>(m: Map<K, number>): K | undefined {
  let bestK: K | undefined;
  let bestV = -Infinity;
  for (const [k, v] of m) if (v > bestV) [bestK, bestV] = [k, v];
  return bestK;
}

/** The document's own title from its metadata, where the producer kept one. */
export interface IdentityInputs {
  readonly metadataTitle?: string;
}

export function detectIdentity(seg: SegmentedDoc, inputs: IdentityInputs = {}): IdentityReading {
  const units = new Map<string, { score: number; from: Set<EvidenceSource> }>();
  const years = new Map<number, number>();
  const stages = new Map<Stage, number>();
  const offerUnit = (u: string, from: EvidenceSource, times = 1) => {
    const key = stripLevel(u);
    const e = units.get(key) ?? { score: 0, from: new Set<EvidenceSource>() };
    e.score += WEIGHT[from] * times;
    e.from.add(from);
    units.set(key, e);
  };
  const yearLines = new Map<number, TextLine>();
  const coverYears = new Map<number, number>();
  const titleYears = new Map<number, number>();
  const offerTitle = (text: string, from: EvidenceSource, line?: TextLine) => {
    const t = readTitle(text);
    const ys = t ?? readYearStage(text);
    if (ys) {
      // the cover is one witness however many ways its lines are read (each line, two or three
      // joined): its heaviest reading counts, so a stale cover cannot outvote every title inside
      const w = YEAR_WEIGHT[from] ?? WEIGHT[from];
      if (from === 'cover' || from === 'title') coverYears.set(ys.year, Math.max(coverYears.get(ys.year) ?? 0, w));
      else years.set(ys.year, (years.get(ys.year) ?? 0) + w);
      // titles (not headings, which compare with last year) are what must agree on the year
      if (line && from !== 'heading') {
        if (from !== 'cover' && from !== 'title') titleYears.set(ys.year, (titleYears.get(ys.year) ?? 0) + (YEAR_WEIGHT[from] ?? WEIGHT[from]));
        if (!yearLines.has(ys.year)) yearLines.set(ys.year, line);
      }
      stages.set(ys.stage, (stages.get(ys.stage) ?? 0) + WEIGHT[from]);
    }
    if (t) offerUnit(t.unit, from);
  };

  // the cover, line by line and as titles broken over two or three lines
  const cover = seg.cover.slice(0, 12);
  // a line that ends a title broken over two ("某市某区" / "某委员会2026年单位预算") gives
  // the whole name, not its tail
  const tails = new Set<number>();
  for (let i = 0; i + 1 < cover.length; i++) {
    const whole = readTitle(cover[i]!.text + cover[i + 1]!.text);
    const tail = readTitle(cover[i + 1]!.text);
    if (whole && tail && !readTitle(cover[i]!.text) && whole.unit !== tail.unit && whole.unit.endsWith(tail.unit)) {
      offerTitle(cover[i]!.text + cover[i + 1]!.text, 'cover', cover[i]);
      tails.add(i + 1);
    }
  }
  cover.forEach((l, i) => {
    if (!tails.has(i)) offerTitle(l.text, 'cover', l);
  });
  for (let i = 0; i + 1 < cover.length; i++) {
    const two = cover[i]!.text + cover[i + 1]!.text;
    if (!readTitle(cover[i]!.text) && !readTitle(cover[i + 1]!.text)) offerTitle(two, 'title', cover[i]);
    if (i + 2 < cover.length && !readTitle(two)) {
      const three = two + cover[i + 2]!.text;
      if (three.length <= 60) offerTitle(three, 'title', cover[i]);
    }
  }
  cover.forEach((l, i) => {
    const u = readLabelledUnit(l.text) ?? labelThenName(l, cover[i + 1]);
    if (u) offerUnit(u, 'cover-label');
  });
  for (const l of seg.running) offerTitle(l.text, 'running', l);
  if (inputs.metadataTitle) offerTitle(inputs.metadataTitle, 'metadata');
  for (const p of seg.prose) {
    if (!p.heading) continue;
    // (a numbered paragraph taken for a heading, "1.因公出国（境）费用。2026年预算数…较2025年年初预算…",
    // gives its first clause only: its years are the comparisons it makes)
    // a heading's own title, not the sentence it runs into ("机关政务保障199.55万元，…较2025年年初预算减少…"),
    // and not a title about another year on purpose
    const own = compact(p.heading.title).split(/[。；，,;]/u)[0]!;
    if (/较|比|与.{0,12}(?:相比|持平)|上年|年初|执行|结转/u.test(own)) continue;
    offerTitle(own, 'heading', p.line);
  }
  for (const t of seg.tables) {
    if (!t.titleLine) continue;
    // a table's title dates the table ("2026年收支总表") even without the stage word
    const dated = /(20\d{2})年度?/u.exec(compact(t.titleLine.text));
    if (dated && !readYearStage(t.titleLine.text) && !readTitle(t.titleLine.text)) {
      if (/上年|结转|执行/u.test(t.titleLine.text)) continue;
      const y = Number(dated[1]);
      years.set(y, (years.get(y) ?? 0) + YEAR_WEIGHT['table-title']!);
      titleYears.set(y, (titleYears.get(y) ?? 0) + YEAR_WEIGHT['table-title']!);
      if (!yearLines.has(y)) yearLines.set(y, t.titleLine);
    } else offerTitle(t.titleLine.text, 'table-title', t.titleLine);
  }
  // captions over tables and labels in the text ("单位名称：中国共产党某市委员会某部"), counted up to five
  const captions = new Map<string, number>();
  for (const [i, p] of seg.prose.entries()) {
    if (seg.cover.includes(p.line)) continue;
    const u = readLabelledUnit(p.line.text) ?? labelThenName(p.line, seg.prose[i + 1]?.line);
    if (u) captions.set(u, (captions.get(u) ?? 0) + 1);
  }
  for (const [u, n] of captions) offerUnit(u, 'caption', Math.min(n, 5));
  for (const u of readDuties(seg)) offerUnit(u, 'duties');
  const cells = new Map<string, number>();
  for (const u of unitsInCells(seg)) cells.set(u, (cells.get(u) ?? 0) + 1);
  for (const [u, n] of cells) offerUnit(u, 'table-cell', Math.min(n, 3));

  // the text's own mentions raise a name it keeps repeating (up to ten of them count)
  const allText = seg.prose.map((p) => compact(p.line.text)).join('\n');
  const names = [...units.keys()];
  const scored = [...units].map(([unit, e]) => {
    // a department's name inside its sub-unit's name ("某市某局" in "某市某局某中心") is not a mention of it
    const longer = names.filter((n) => n !== unit && n.includes(unit)).reduce((k, n) => k + countOf(allText, n), 0);
    const mentions = Math.min(Math.max(0, countOf(allText, unit) - longer), 10);
    return { unit, score: e.score + MENTION_WEIGHT * mentions, from: mentions ? [...e.from, 'mentions' as const] : [...e.from] };
  });
  scored.sort((a, b) => b.score - a.score);

  // the body dates the document too: its statements of the year's money ("2026年本部门收入预算…")
  // and its title-like lines out of the cover ("（2026年度）", "2026年部门综合预算公开报表"), a few
  // of each counted, so that one stale cover or heading does not outvote the whole text
  const inCover = new Set(seg.cover);
  const stated = new Map<number, number>();
  for (const p of seg.prose) {
    if (inCover.has(p.line)) continue;
    // a heading's own title is weighed above; the sentence it runs into ("因公出国（境）费用。2026年
    // 预算数69.78万元") is the body's
    const t = p.heading ? compact(p.line.text).split(/[。；，,;]/u).slice(1).join('，') : compact(p.line.text);
    if (!t) continue;
    const short = t.length <= 40 && !/[，。；,;]/u.test(t);
    for (const m of t.matchAll(/(20\d{2})年度?(?!\d{1,2}月)/gu)) {
      const before = t.slice(Math.max(0, m.index! - 6), m.index!);
      const after = t.slice(m.index! + m[0].length, m.index! + m[0].length + 16);
      if (/比|较|与|同|上|截[至止]|以前|至/u.test(before) || /执行|结转|年初|完成|以来|底|末/u.test(after)) continue;
      const bare = short && /^[（(]?20\d{2}年度?[）)]?$/u.test(t);
      if (!bare && !/预算|决算|安排|收入|支出|公开/u.test(after)) continue;
      const y = Number(m[1]);
      stated.set(y, (stated.get(y) ?? 0) + (short ? 1 : 0.5));
      break;
    }
  }
  for (const [y, w] of stated) years.set(y, (years.get(y) ?? 0) + Math.min(w, 6));
  for (const [y, w] of coverYears) {
    years.set(y, (years.get(y) ?? 0) + w);
    titleYears.set(y, (titleYears.get(y) ?? 0) + w);
  }
  if (years.size === 0) {
    for (const t of seg.tables) for (const m of t.title.matchAll(/(20\d{2})年度?/gu)) years.set(Number(m[1]), (years.get(Number(m[1])) ?? 0) + 1);
    for (const p of seg.prose) {
      const m = /^[（(](20\d{2})年度?[）)]$/u.exec(compact(p.line.text));
      if (m) years.set(Number(m[1]), (years.get(Number(m[1])) ?? 0) + 1);
    }
  }
  const year = best(years) ?? yearFromText(allText);
  if (stages.size === 0) {
    // no title: the table titles (预算01表…, …决算表) say which stage this is
    for (const t of seg.tables) {
      const c = compact(t.title);
      if (/决算/u.test(c)) stages.set('final', (stages.get('final') ?? 0) + 1);
      else if (/预算/u.test(c)) stages.set('budget', (stages.get('budget') ?? 0) + 1);
    }
  }
  // a final account always calls itself 决算; a document with a year and no stage word anywhere
  // (a 项目支出绩效目标表 on its own) is a budget
  const everything = [allText, ...seg.cover.map((l) => l.text), ...seg.tables.map((t) => t.title)].join('\n');
  const stage = best(stages) ?? (/决算/u.test(everything) && !/预算/u.test(everything) ? 'final' : year !== null ? 'budget' : null);

  const top = scored[0];
  const runnerUp = scored.find((c) => top && c.unit !== top.unit && !related(c.unit, top.unit));
  const confidence = top ? (top.score / (top.score + (runnerUp?.score ?? 0))) * (1 - Math.exp(-top.score / 4)) : 0;
  return {
    years: [...titleYears]
      .filter(([y]) => yearLines.has(y))
      .sort((a, b) => b[1] - a[1])
      .map(([y, weight]) => ({ year: y, weight: Math.round(weight * 10) / 10, line: yearLines.get(y)!, ...(coverYears.has(y) ? { onCover: true } : {}) })),
    unit: top?.unit ?? null,
    year,
    stage,
    confidence: Math.round(confidence * 100) / 100,
    candidates: scored.slice(0, 5).map((c) => ({ unit: c.unit, score: Math.round(c.score * 10) / 10, from: c.from })),
  };
}

/** Two names of one unit: the same after 中共/中国共产党 and level tags. */
function related(a: string, b: string): boolean {
  const k = (x: string) => stripLevel(x).replace(/^(?:中共|中国共产党)/u, '');
  return k(a) === k(b);
}

/** Fallback: the most frequent "20xx年" in budget phrases. */
function yearFromText(text: string): number | null {
  const counts = new Map<number, number>();
  for (const m of text.matchAll(/(20\d{2})年度?(?:单位|部门)?(?:预算|决算)/gu)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  return best(counts) ?? null;
}
