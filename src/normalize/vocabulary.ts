// The Chinese vocabulary the pipeline recognises by meaning, read once from
// data/vocabulary/vocabulary.json (see its README): each entry is a regular expression
// source, a list is an alternation. Modules ask for compiled patterns by section.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Terms = z.array(z.string().min(1)).min(1);
/** An ordered list of concepts, each with its patterns: the first whose pattern matches wins. */
const Concepts = z.array(z.object({ concept: z.string().min(1), patterns: Terms })).min(1);

const VocabularySchema = z.object({
  unit: z.object({
    orgSuffixes: Terms,
    levelTags: Terms,
    labels: Terms,
    parentLabels: Terms,
    notInName: Terms,
    dutyPhrases: Terms,
    selfReferences: Terms,
  }),
  columns: z.object({
    codeHeaders: Terms,
    nameHeaders: Terms,
    idHeaders: Terms,
    ordinalHeaders: Terms,
    quantityHeaders: Terms,
    textHeaders: Terms,
  }),
  tables: z.object({
    /** Checked in this order: the first subject whose words a title holds is its subject. */
    subjects: z.object({
      carryover: Terms,
      'three-public': Terms,
      performance: Terms,
      procurement: Terms,
      ops: Terms,
      project: Terms,
      units: Terms,
      summary: Terms,
      revenue: Terms,
      expenditure: Terms,
    }),
    /** The three funds first, then 财政拨款 (which a fund's title may also name). */
    scopes: z.object({ gpb: Terms, gf: Terms, soe: Terms, fiscal: Terms }),
    basicOnly: Terms,
    govEconomic: Terms,
    economic: Terms,
    functional: Terms,
    final: Terms,
  }),
  /** Row labels of a 支出用途 panel: what a spending row is (基本支出, 项目支出 and their regional names). */
  labels: z.object({ basic: Terms, project: Terms, reserve: Terms }),
  /** Revenue sources (rows and columns of 收入 tables and the income panel), most specific first. */
  revenue: Concepts,
  /** The totals of a summary's spending panel (支出总计, 本年支出合计, 结转下年 …). */
  spendingTotals: Concepts,
  /** Column headers of spending tables → their measure (合计, 基本支出, 上年, 增减 …). */
  measures: Concepts,
  /** "三公" rows and columns. */
  threePublic: Concepts,
  /** 政府采购 rows and columns. */
  procurement: Concepts,
  /** Words of the text: what opens a reason ("主要原因是…"). */
  prose: z.object({ reasons: Terms }),
});

export type Vocabulary = z.infer<typeof VocabularySchema>;

let cached: Vocabulary | undefined;

export function vocabulary(): Vocabulary {
  if (!cached) {
    const url = new URL('../../data/vocabulary/vocabulary.json', import.meta.url);
    const parsed = VocabularySchema.safeParse(JSON.parse(readFileSync(url, 'utf8')));
    if (!parsed.success) throw new Error(`data/vocabulary/vocabulary.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    cached = parsed.data;
  }
  return cached;
}

/** One alternation of a list's entries, longest first (so 委员会 is tried before 委). */
export function alternation(terms: readonly string[]): string {
  return `(?:${[...terms].sort((a, b) => b.length - a.length).join('|')})`;
}

/** A concept list compiled: the first concept one of whose patterns matches. */
export function conceptMatcher<C extends string>(list: ReadonlyArray<{ concept: string; patterns: readonly string[] }>): (text: string) => C | undefined {
  const compiled = list.map((e) => ({ concept: e.concept as C, re: new RegExp(e.patterns.join('|'), 'u') }));
  return (text) => compiled.find((e) => e.re.test(text))?.concept;
}

/** Every concept a list matches, in its order (for a caller that filters them further). */
export function conceptMatches<C extends string>(list: ReadonlyArray<{ concept: string; patterns: readonly string[] }>): (text: string) => C[] {
  const compiled = list.map((e) => ({ concept: e.concept as C, re: new RegExp(e.patterns.join('|'), 'u') }));
  return (text) => compiled.filter((e) => e.re.test(text)).map((e) => e.concept);
}
