// Unit, year and stage read from the content (cover, titles, headings), never from the
// file name: several published files are named with the wrong year or unit.
import type { DocIdentity, Stage, TextLine } from '../core/types.ts';
import { compact } from '../normalize/text.ts';
import { isOrgName } from '../normalize/org.ts';
import type { SegmentedDoc } from './segment.ts';

const ORG_SUFFIX = /(?:局|厅|中心|委员会|委|办公室|办|院|所|站|队|馆|处|部|会|社|室|校|司|署|团|站|园|场|台|库|组|政府|法院|检察院|街道办事处|办事处|分局|大队|支队|公司)$/u;
const DOC_WORDS = /(?:单位|部门)?(?:预算|决算)(?:公开|情况说明|说明|报告|文件|表|报表)?.*$/u;

interface Candidate {
  unit: string;
  year: number;
  stage: Stage;
  weight: number;
}

function cleanUnit(u: string): string {
  return u
    .replace(/^(?:关于|公开|附件\d*[：:]?)/u, '')
    .replace(/[（(](?:本级|汇总|部门|单位)[）)]$/u, '')
    .replace(/(?:单位|部门)$/u, '')
    .replace(/^[“”"《》]+|[“”"《》]+$/gu, '')
    .trim();
}

/** Words of table titles and boilerplate: a "unit" containing them was read from the wrong line. */
const NOT_A_UNIT = /一般公共|政府性基金|国有资本|财政拨款|收支|支出|收入|三公|预算表|决算表|^预算|^单位|^部门|情况说明|目录|绩效/u;

function plausibleUnit(u: string): boolean {
  return u.length >= 3 && u.length <= 40 && !NOT_A_UNIT.test(u);
}

const LEVEL = '(?:区级|市级|省级|县级|本级|市本级|区本级)?';

/** Title forms: "2026年度某某中心单位预算", "某某厅2017年度部门预算公开", "某某局2024年度部门决算". */
export function readTitle(text: string): Omit<Candidate, 'weight'> | undefined {
  const s = compact(text).replace(/[“”"]/gu, '');
  let m = new RegExp(`^(20\\d{2})\\s*年度?(.{2,40}?)${LEVEL}(?:单位|部门)?(?:综合)?(预算|决算)`, 'u').exec(s);
  if (m) {
    const unit = cleanUnit(m[2]!);
    if (plausibleUnit(unit)) return { year: Number(m[1]), unit, stage: m[3] === '决算' ? 'final' : 'budget' };
  }
  m = new RegExp(`^(.{2,40}?)(20\\d{2})\\s*年度?${LEVEL}(?:单位|部门)?(?:综合)?(预算|决算)`, 'u').exec(s);
  if (m) {
    const unit = cleanUnit(m[1]!);
    if (plausibleUnit(unit)) return { year: Number(m[2]), unit, stage: m[3] === '决算' ? 'final' : 'budget' };
  }
  return undefined;
}

/** "预算单位：某某区某某局", "部门名称：…": the unit named by a label. */
export function readLabelledUnit(text: string): string | undefined {
  const t = compact(text);
  const m = /(?:预算单位|单位名称|部门名称|部门（单位）名称|单位（部门）名称|填报单位|编制单位|公开单位|^部门|^单位)[：:]([^，。；\s]{3,40})/u.exec(t);
  const u = m ? cleanUnit(m[1]!) : undefined;
  if (u && plausibleUnit(u)) return u;
  // The colon lost (an OCR'd cover reads 预算单位上海市…局): a long label directly before the
  // name of an organisation still names it.
  const bare = /^(?:预算单位|单位名称|部门名称|填报单位|编制单位|公开单位)([^，。；：:\s]{3,40})$/u.exec(t);
  const b = bare ? cleanUnit(bare[1]!) : undefined;
  return b && isOrgName(b) && plausibleUnit(b) ? b : undefined;
}

export function detectIdentity(seg: SegmentedDoc): DocIdentity {
  const candidates: Candidate[] = [];
  const offer = (line: TextLine | undefined, weight: number) => {
    if (!line) return;
    const c = readTitle(line.text);
    if (c) candidates.push({ ...c, weight });
  };
  // The cover counts most; a whole cover joined into one line also counts.
  seg.cover.forEach((l) => offer(l, 5));
  const labelled = seg.cover.map((l) => readLabelledUnit(l.text)).find(Boolean);
  if (seg.cover.length > 1) offer({ ...seg.cover[0]!, text: seg.cover.map((l) => l.text).join('') }, 3);
  for (const p of seg.prose) if (p.heading) offer({ ...p.line, text: p.heading.title }, 1);
  for (const t of seg.tables) if (t.titleLine) offer(t.titleLine, 0.5);
  const allText = seg.prose.map((p) => compact(p.line.text)).join('\n');

  const unitScore = new Map<string, number>();
  const yearScore = new Map<number, number>();
  const stageScore = new Map<Stage, number>();
  for (const c of candidates) {
    const mentions = countOf(allText, c.unit);
    const org = ORG_SUFFIX.test(c.unit) ? 2 : 0.5;
    unitScore.set(c.unit, (unitScore.get(c.unit) ?? 0) + c.weight * org * (1 + Math.min(mentions, 10) / 5));
    yearScore.set(c.year, (yearScore.get(c.year) ?? 0) + c.weight);
    stageScore.set(c.stage, (stageScore.get(c.stage) ?? 0) + c.weight);
  }
  // a table-only document: the unit from a labelled cell (部门名称 | 北京市某局), the year from titles
  if (unitScore.size === 0) {
    const fromCells = labelledUnitInGrids(seg);
    if (fromCells) unitScore.set(fromCells, 1);
  }
  if (yearScore.size === 0) {
    for (const t of seg.tables) for (const m of `${t.title}`.matchAll(/(20\d{2})年度?/gu)) yearScore.set(Number(m[1]), (yearScore.get(Number(m[1])) ?? 0) + 1);
    for (const p of seg.prose) {
      const m = /^[（(](20\d{2})年度?[）)]$/u.exec(compact(p.line.text));
      if (m) yearScore.set(Number(m[1]), (yearScore.get(Number(m[1])) ?? 0) + 1);
    }
  }
  const year = best(yearScore) ?? yearFromText(allText);
  if (stageScore.size === 0) {
    // no title: the table titles (预算01表…, …决算表) say which stage this is
    for (const t of seg.tables) {
      const c = compact(t.title);
      if (/决算/u.test(c)) stageScore.set('final', (stageScore.get('final') ?? 0) + 1);
      else if (/预算/u.test(c)) stageScore.set('budget', (stageScore.get('budget') ?? 0) + 1);
    }
  }
  const stage = best(stageScore) ?? (/决算/u.test(allText) && !/预算/u.test(allText) ? 'final' : /预算/u.test(allText) ? 'budget' : null);
  if (labelled) unitScore.set(labelled, (unitScore.get(labelled) ?? 0) + 100);
  let unit = best(unitScore) ?? null;
  if (unit) unit = unit.replace(DOC_WORDS, '') || unit;
  return { unit, year, stage };
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

/** Fallback: the most frequent "20xx年" in budget phrases. */
function yearFromText(text: string): number | null {
  const counts = new Map<number, number>();
  for (const m of text.matchAll(/(20\d{2})年度?(?:单位|部门)?(?:预算|决算)/gu)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  return best(counts) ?? null;
}

const UNIT_LABEL = /^(?:部门|单位|预算单位|主管部门)?(?:（单位）|（部门）)?名称$|^部门$|^单位$|^预算单位$/u;

/** The value cell after a 部门名称 / 单位名称 label in any table, the most frequent one. */
function labelledUnitInGrids(seg: SegmentedDoc): string | undefined {
  const counts = new Map<string, number>();
  for (const t of seg.tables) {
    for (const row of t.rows) {
      const cells = row.cells.map((c) => compact(c.text)).filter((x) => x !== '');
      for (let i = 0; i < cells.length - 1; i++) {
        if (!UNIT_LABEL.test(cells[i]!)) continue;
        const u = cleanUnit(cells[i + 1]!);
        if (plausibleUnit(u) && ORG_SUFFIX.test(u)) counts.set(u, (counts.get(u) ?? 0) + 1);
      }
    }
  }
  return best(counts);
}
