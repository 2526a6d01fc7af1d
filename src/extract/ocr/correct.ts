// Corrections over a whole OCR'd document, once every page is read: words put back against
// known vocabularies (vocab.ts) and the organisation names the document itself repeats, years
// read with a digit too many (`20256年度`) put back against the years the document names, and
// unit captions with a misread separator (`单位；万元`). Only characters tesseract was unsure
// of are ever replaced, and never a digit of an amount.

import type { BBox, Block, Cell, ExtractedDoc, Page, TableGrid, TextLine } from '../../core/types.ts';
import { compact, normalizeText } from '../../normalize/text.ts';
import type { OcrPage } from './page.ts';
import type { OcrFinding } from './repair.ts';
import { budgetVocabulary, type Vocabulary } from './vocab.ts';
import { voteRepeatedAmounts } from './votes.ts';
import type { PageWord } from './words.ts';

/** A character read with at least this confidence (0–100) is taken as read. */
export const SURE = 85;

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff]/u;

/**
 * Each character's confidence in `text` (the text of a line or a cell inside `box`), from the
 * words tesseract read there; null when the words do not spell the text (then nothing is
 * corrected). Spaces get 100.
 */
export function charConfidences(text: string, box: BBox, words: readonly PageWord[]): number[] | null {
  const tol = 1;
  const inside = words.filter((w) => {
    const cx = (w.bbox[0] + w.bbox[2]) / 2;
    const cy = (w.bbox[1] + w.bbox[3]) / 2;
    return cx >= box[0] - tol && cx <= box[2] + tol && cy >= box[1] - tol && cy <= box[3] + tol;
  });
  if (inside.length === 0) return null;
  // Reading order: lines by their middle, then left to right.
  const sorted = [...inside].sort((a, b) => (a.bbox[1] + a.bbox[3]) / 2 - (b.bbox[1] + b.bbox[3]) / 2);
  const lines: PageWord[][] = [];
  for (const w of sorted) {
    const cy = (w.bbox[1] + w.bbox[3]) / 2;
    const l = lines[lines.length - 1];
    const h = w.bbox[3] - w.bbox[1];
    if (l && Math.abs((l[0]!.bbox[1] + l[0]!.bbox[3]) / 2 - cy) < 0.5 * Math.max(h, l[0]!.bbox[3] - l[0]!.bbox[1])) l.push(w);
    else lines.push([w]);
  }
  const confs: number[] = [];
  for (const l of lines) {
    l.sort((a, b) => a.bbox[0] - b.bbox[0]);
    for (const w of l) for (const _ of compact(normalizeText(w.text))) confs.push(w.conf);
  }
  const chars = [...text];
  const out: number[] = [];
  let k = 0;
  for (const ch of chars) {
    if (/\s/u.test(ch)) out.push(100);
    else out.push(confs[k++] ?? -1);
  }
  // The words must account for the text character for character (substitutions made by the
  // page's own repairs keep the count).
  return k === confs.length && !out.includes(-1) ? out : null;
}

/** Characters that end an organisation's name. */
const ORG_END = new Set([...'局厅会室心院所站队馆处委办社校署团园场台府']);

/**
 * The organisation names a document repeats: stretches of five to sixteen Chinese characters
 * ending in 局, 厅, 委员会 …, seen at least three times, each extended to the left while the
 * longer name is still seen at least half as often.
 */
export function repeatedNames(texts: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const t of texts) {
    const chars = [...compact(t)];
    const seen = new Set<string>();
    chars.forEach((ch, i) => {
      if (!ORG_END.has(ch)) return;
      for (let len = 3; len <= 16 && i - len + 1 >= 0; len++) {
        const s = chars.slice(i - len + 1, i + 1);
        if (!CJK.test(s[0]!)) break;
        const key = s.join('');
        if (seen.has(key)) continue;
        seen.add(key);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    });
  }
  const names = new Set<string>();
  for (const [s, c] of counts) {
    if (c < 3 || [...s].length !== 3) continue;
    // Grow from each three-character ending.
    let best = s;
    let bestCount = c;
    for (;;) {
      let grown: string | null = null;
      let grownCount = 0;
      for (const [t, tc] of counts) {
        if ([...t].length === [...best].length + 1 && t.endsWith(best) && tc > grownCount) {
          grown = t;
          grownCount = tc;
        }
      }
      if (!grown || grownCount < Math.max(3, 0.5 * bestCount)) break;
      best = grown;
      bestCount = grownCount;
    }
    if ([...best].length >= 5) names.add(best);
  }
  return [...names];
}

/** Years the document names (`2026年`), with how often. */
function yearCounts(texts: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of texts) for (const x of compact(t).matchAll(/(?<!\d)(20\d{2})年/gu)) m.set(x[1]!, (m.get(x[1]!) ?? 0) + 1);
  return m;
}

/**
 * A year read with one digit too many (`20256年度`): the year one dropped digit away that the
 * document names most often, when there is exactly one such.
 */
export function fixYears(text: string, years: ReadonlyMap<string, number>): string {
  return text.replace(/(?<!\d)(20\d{3})(?=\s*年)/gu, (m) => {
    const options = new Map<string, number>();
    for (let i = 0; i < m.length; i++) {
      const y = m.slice(0, i) + m.slice(i + 1);
      if (/^20\d{2}$/u.test(y) && (years.get(y) ?? 0) >= 2) options.set(y, years.get(y)!);
    }
    const ranked = [...options].sort((a, b) => b[1] - a[1]);
    if (ranked.length === 0 || (ranked.length > 1 && ranked[1]![1] * 2 > ranked[0]![1])) return m;
    return ranked[0]![0];
  });
}

/** `单位；万元`, `单信，元`, `单位：：元`: a unit caption with its separator or its 位 misread. */
export function fixCaption(text: string): string {
  return text.replace(/^((?:金额)?)单[位信仁]\s*[：:；;，,.．、]*\s*((?:人民币)?(?:亿元|万元|千元|元))$/u, '$1单位：$2');
}

/**
 * Brackets read as their look-alikes: `〈204类）`, `《05项）`, `（含〉`. A bracket closed by the
 * other kind, within a few characters, is the round one.
 */
export function fixBrackets(text: string): string {
  return text.replace(/[〈《<](?=[^（）〈〉《》<>]{1,16}）)/gu, '（').replace(/（([^（）〈〉《》<>]{1,16})[〉》>]/gu, '（$1）');
}

/** `一\一般公共服务支出`, `十八|住房保障支出`: the enumerator's 、 read as a stroke; `-、`, `=、`: the numeral read as one. */
export function fixEnumerator(text: string): string {
  return (
    text
      // a stroke read before the numeral (`=三、国防支出`): the numeral and its 、 are whole
      .replace(/^[=＝\-—–_]+(?=[一二三四五六七八九十]{1,3}、)/u, '')
      .replace(/^([一二三四五六七八九十]{1,3})[\\/|]/u, '$1、')
      // 一, 二 and 三 read as dashes and equals signs before their 、 (`-、社会保障和就业支出`):
      // the strokes alone cannot tell 一 from a 二 that lost one, but any numeral marks the row.
      .replace(/^[-—–_－]、/u, '一、')
      .replace(/^[=＝]、/u, '二、')
      .replace(/^≡、/u, '三、')
  );
}

/**
 * The quotes of “三公”, the one quoted term of every disclosure, put back where OCR lost or
 * misread one of them (`“三公经费`, `三公?”经费`, `三公”经费`): the term then reads as the
 * vocabulary knows it, and is never "corrected" into another word (办公经费).
 */
export function fixQuotes(text: string): string {
  return text
    .replace(/三公[?？'’"]+”/gu, '三公”')
    .replace(/“三公(?![”"])/gu, '“三公”')
    .replace(/(?<![“"])三公”/gu, '“三公”');
}

/**
 * 一, a single stroke, read as a dash before the character it leads (`-般公共预算`, `—次性`):
 * a lone dash that starts a word and is followed by a Chinese character. A dash between
 * figures (2024-2025), a minus before a figure and the Chinese dash `——` stay.
 */
export function fixDashOne(text: string): string {
  return text.replace(/(^|[\s（(：:，,、；;“"])[-—–_－](?![-—–_－])(?=[\u4e00-\u9fff])/gu, '$1一');
}

/**
 * A percentage of change whose percent sign was read as digits (`减少1.109%`, `增加17.629%5`,
 * `减少2.2798。`): changes are printed with two decimals, so digits and percent signs after the
 * second decimal, up to the sentence's punctuation or its next clause, are a misread `%`.
 */
export function fixPercent(text: string): string {
  return text.replace(/((?:增加|减少|增长|下降|降低|提高|上升)了?)(\d+\.\d{2})[\d%]{1,3}(?=[。，；,;]|主要|$)/gu, '$1$2%');
}

/** A line that reads as a document's title: a year, then a few words, no sentence. */
const DOC_TITLE = /^20\d{2}年度?[^，。；：:]{2,40}$/u;

/** A line that reads as a table's title: short, no sentence punctuation, ending in 表. */
const TITLE = /^[^，。；]{3,40}表(?:[（(][^）)]{1,8}[)）])?$/u;

/** A document's title cut into its year, its subject (the unit's name) and its stage words. */
const TITLE_PARTS = /^(20\d{2}年度?)(.{3,30}?)((?:单位|部门)?(?:综合)?(?:预算|决算).*)$/u;

/**
 * A title's words corrected, its subject as a whole: the unit's name ends where the stage
 * words begin (…办公打部门预算 is …办公厅 + 部门预算), which the document's own names need
 * to have an end corrected (vocab.ts: a name's ends change only at a boundary).
 */
function correctTitle(t: string, vocab: Vocabulary): string {
  const m = TITLE_PARTS.exec(t);
  if (m) {
    const subject = vocab.correct(m[2]!, true).text;
    if (subject !== m[2]) t = m[1]! + subject + m[3]!;
  }
  return vocab.correct(t, false).text;
}

interface Fixer {
  readonly vocab: Vocabulary;
  readonly years: ReadonlyMap<string, number>;
}

function fixText(text: string, box: BBox | null, words: readonly PageWord[], f: Fixer, whole: boolean): string {
  let t = fixPercent(fixQuotes(fixDashOne(fixEnumerator(fixBrackets(fixCaption(fixYears(text, f.years)))))));
  if (!CJK.test(t) || !box) return t;
  // A table title is made of few words, and a misread one loses the whole table; a document's
  // title (2026年…部门预算) names the disclosure: their words are corrected however sure
  // tesseract was (收文预算总表 read with 95, 部门巴算).
  if (!whole && (TITLE.test(t) || DOC_TITLE.test(t))) return correctTitle(t, f.vocab);
  const confs = charConfidences(t, box, words);
  if (!confs) return t;
  t = f.vocab.correct(t, whole, confs, SURE).text;
  return t;
}

function cellBox(row: TableGrid['rows'][number], cell: Cell): BBox | null {
  if (!row.bbox || cell.x0 === undefined || cell.x1 === undefined) return null;
  return [cell.x0, row.bbox[1], cell.x1, row.bbox[3]];
}

/** All text of a page, lines and cells. */
function textsOf(p: Page): string[] {
  const out: string[] = [];
  for (const b of p.blocks) {
    if (b.kind === 'line') out.push(b.text);
    else for (const r of b.rows) for (const c of r.cells) if (c.text) out.push(c.text);
  }
  return out;
}

/** Correct the OCR'd pages of a document (text-layer pages are left as they are). */
export function correctOcrDocument(doc: ExtractedDoc): ExtractedDoc {
  if (!doc.pages.some((p) => p.method === 'ocr')) return doc;
  const texts = doc.pages.flatMap(textsOf);
  const f: Fixer = { vocab: budgetVocabulary().with(repeatedNames(texts)), years: yearCounts(texts) };
  const pages = doc.pages.map((p): Page => {
    const op = p as OcrPage;
    if (p.method !== 'ocr' || !op.ocr) return p;
    const words = op.ocr.words;
    const findings: OcrFinding[] = [];
    const note = (from: string, to: string, bbox: BBox | null): void => {
      if (from !== to) findings.push({ code: 'ocr-corrected', severity: 'info', page: p.number ?? 0, bbox, message: `OCR read "${from}"; corrected to "${to}" (known words and the document's own names)`, found: from, expected: to });
    };
    // A title wrapped before its last characters (…部门预 / 算) is corrected whole, then cut
    // where it was: its tail alone is too short for any known phrase.
    const wrapped = new Map<number, string>();
    p.blocks.forEach((b, i) => {
      const next = p.blocks[i + 1];
      if (b.kind !== 'line' || next?.kind !== 'line' || [...next.text].length > 3 || !DOC_TITLE.test(b.text + next.text)) return;
      const both = correctTitle(b.text + next.text, f.vocab);
      const n = [...b.text].length;
      if (both !== b.text + next.text && [...both].length === n + [...next.text].length) {
        wrapped.set(i, [...both].slice(0, n).join(''));
        wrapped.set(i + 1, [...both].slice(n).join(''));
      }
    });
    const blocks = p.blocks.map((b, i): Block => {
      if (b.kind === 'line' && wrapped.has(i)) {
        const text = fixText(wrapped.get(i)!, b.bbox, words, f, false);
        note(b.text, text, b.bbox);
        return text === b.text ? b : ({ ...b, text } satisfies TextLine);
      }
      if (b.kind === 'line') {
        const text = fixText(b.text, b.bbox, words, f, false);
        note(b.text, text, b.bbox);
        return text === b.text ? b : ({ ...b, text } satisfies TextLine);
      }
      let changed = false;
      const rows = b.rows.map((r) => {
        const cells = r.cells.map((c) => {
          if (!c.text || !CJK.test(c.text)) return c;
          const text = fixText(c.text, cellBox(r, c), words, f, true);
          if (text === c.text) return c;
          changed = true;
          note(c.text, text, cellBox(r, c));
          return { ...c, text };
        });
        return cells.some((c, i) => c !== r.cells[i]) ? { ...r, cells } : r;
      });
      return changed ? { ...b, rows } : b;
    });
    // A text read with low confidence that is, as read or as corrected, a known phrase (a
    // catalogue name, a table word) is not in doubt any more: its warning goes.
    const corrected = new Map(findings.map((x) => [x.found, x.expected ?? x.found]));
    const before = op.ocr.findings ?? [];
    const bare = (t: string): string => compact(t).replace(/^(?:[一二三四五六七八九十]{1,3}|\d{1,2})[、.．]/u, '').replace(/^\d{4}年度?/u, '');
    const kept = before.filter((x) => x.code !== 'ocr-low-confidence' || !f.vocab.has(bare(corrected.get(x.found) ?? x.found)));
    if (findings.length === 0 && kept.length === before.length) return p;
    return { ...op, blocks, ocr: { ...op.ocr, findings: [...kept, ...findings] } } as OcrPage;
  });
  // Figures the document prints several times outvote a reading of one a digit off.
  return voteRepeatedAmounts({ ...doc, pages });
}
