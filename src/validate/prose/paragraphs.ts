// The text of a document as paragraphs, for the checks that read sentences (changes,
// shares, stated equalities, placeholders). A PDF line or dump line that stops mid-sentence
// ("主要用于：" / "支付养老保险。…") continues in the next line unless that line opens a
// heading; each paragraph remembers which line every character came from, for sources.
import { splitSentences } from '../../normalize/sentences.ts';
import type { TextLine } from '../../core/types.ts';
import { toYuan, type MoneyUnit, UNIT_EXPONENT } from '../../normalize/amount.ts';
import type { ProseLine, SegmentedDoc } from '../../segment/segment.ts';
import { findQuantities } from '../../model/quantities.ts';
import Big from 'big.js';

export interface Paragraph {
  readonly text: string;
  readonly lines: ReadonlyArray<{ readonly line: TextLine; readonly start: number }>;
  /** The prose line that opened it (its headings, its heading). */
  readonly first: ProseLine;
}

const cache = new WeakMap<SegmentedDoc, Paragraph[]>();

/** The paragraphs of a document (computed once per document; several checks read them). */
export function paragraphs(seg: SegmentedDoc): Paragraph[] {
  let out = cache.get(seg);
  if (!out) cache.set(seg, (out = build(seg)));
  return out;
}

function build(seg: SegmentedDoc): Paragraph[] {
  const out: Paragraph[] = [];
  let cur: { text: string; lines: Array<{ line: TextLine; start: number }>; first: ProseLine } | null = null;
  for (const p of seg.prose) {
    const continues = cur !== null && p.heading === null && !/[。！？!?]$/u.test(cur.text) && sameSection(cur.first, p);
    if (continues) {
      cur!.lines.push({ line: p.line, start: cur!.text.length });
      cur!.text += p.line.text;
      continue;
    }
    if (cur) out.push(cur);
    cur = { text: p.line.text, lines: [{ line: p.line, start: 0 }], first: p };
  }
  if (cur) out.push(cur);
  return out;
}

function sameSection(a: ProseLine, b: ProseLine): boolean {
  return a.headings.length === b.headings.length && a.headings.every((h, i) => h === b.headings[i]);
}

/** The line a character offset of the paragraph came from. */
export function lineAt(p: Paragraph, offset: number): TextLine {
  let at = p.lines[0]!.line;
  for (const l of p.lines) if (l.start <= offset) at = l.line;
  return at;
}

export interface Money {
  readonly start: number;
  readonly end: number;
  /** As printed, with its unit ("1690.69万元"). */
  readonly printed: string;
  readonly yuan: Big;
  /** Half of the last printed digit, in yuan. */
  readonly half: Big;
}

/** Money amounts of a text, in order, scaled to yuan. */
export function moneyIn(text: string): Money[] {
  const out: Money[] = [];
  for (const q of findQuantities(text)) {
    if (q.unit !== '元' && q.unit !== '万元' && q.unit !== '亿元' && q.unit !== '千元') continue;
    // the tail of a figure the page broke apart ("174 , 177.85万元", its glyphs set on lines of
    // their own), or a paragraph that opens with a figure, cut from the line before: not a figure
    // that can be checked
    if (q.start === 0 || /\d\s*[,.，]\s*$|\d\s+$/u.test(text.slice(Math.max(0, q.start - 4), q.start))) continue;
    const unit: MoneyUnit = q.unit;
    const plain = q.number.replace(/,/g, '');
    const digits = plain.includes('.') ? plain.length - plain.indexOf('.') - 1 : 0;
    out.push({
      start: q.start,
      end: q.end,
      printed: text.slice(q.start, q.end),
      yuan: new Big(toYuan(plain, unit)),
      half: new Big(10).pow(UNIT_EXPONENT[unit] - digits).div(2),
    });
  }
  return out;
}

export interface Percent {
  readonly start: number;
  readonly end: number;
  readonly value: Big;
  readonly half: Big;
  readonly printed: string;
}

const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;

export function percent(printed: string, start: number, end: number): Percent {
  const plain = printed.replace(/[,\s%％]/gu, '');
  const digits = plain.includes('.') ? plain.length - plain.indexOf('.') - 1 : 0;
  return { start, end, value: new Big(plain), half: new Big(10).pow(-digits).div(2), printed };
}

export const NUMBER_PATTERN = NUM;

/** Sentences of a paragraph with their offsets (a sentence ends at 。！？). */
export function sentences(text: string): Array<{ text: string; start: number }> {
  return splitSentences(text);
}
