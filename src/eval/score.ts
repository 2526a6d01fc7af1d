// Scores a document's facts against a gold file (../shared/spec/facts.md, "Gold files"):
// precision and recall of (key, value) pairs over required + optional facts. A found fact
// in neither list counts against precision unless its value is 0 or it is only derived.
import Big from 'big.js';
import type { DocIdentity, Fact } from '../core/types.ts';
import type { Gold } from '../core/schemas.ts';
import { compact } from '../normalize/text.ts';

export interface Mismatch {
  readonly key: string;
  readonly expected?: number | string;
  readonly found?: number | string;
}

export interface DocScore {
  readonly file: string;
  readonly identityOk: boolean;
  readonly identityNote: string;
  readonly truePositives: number;
  readonly wrong: readonly Mismatch[];
  readonly missing: readonly Mismatch[];
  readonly extra: readonly Mismatch[];
  readonly requiredFound: number;
  readonly requiredTotal: number;
  readonly precision: number;
  readonly recall: number;
}

function factValue(f: Fact): number | string {
  return f.value.type === 'amount' ? Number(f.value.yuan) : f.value.value;
}

export function sameValue(gold: number | string, f: Fact): boolean {
  if (f.value.type === 'text') return typeof gold === 'string' && compact(gold) === compact(f.value.value);
  if (typeof gold !== 'number') return false;
  const found = f.value.type === 'amount' ? f.value.yuan : String(f.value.value);
  return new Big(String(gold)).eq(found);
}

function isZero(f: Fact): boolean {
  return f.value.type !== 'text' && new Big(f.value.type === 'amount' ? f.value.yuan : String(f.value.value)).eq(0);
}

/** The document's unit is the gold's, or one of the other names the gold accepts. */
export function unitMatches(gold: Pick<Gold, 'unit' | 'alt_units'>, unit: string | null): boolean {
  if (!unit) return false;
  const u = compact(unit);
  return [gold.unit, ...(gold.alt_units ?? [])].some((g) => compact(g) === u);
}

export interface ScoreOptions {
  /** Score only the keys this accepts (eval --headline). */
  readonly keys?: (key: string) => boolean;
}

function restrict(gold: Gold, keep: ((key: string) => boolean) | undefined): Gold {
  if (!keep) return gold;
  const pick = (r: Record<string, number | string>) => Object.fromEntries(Object.entries(r).filter(([k]) => keep(k)));
  return { ...gold, required: pick(gold.required), optional: pick(gold.optional) };
}

export function scoreDocument(fullGold: Gold, identity: DocIdentity, allFacts: readonly Fact[], opts: ScoreOptions = {}): DocScore {
  const gold = restrict(fullGold, opts.keys);
  const facts = opts.keys ? allFacts.filter((f) => opts.keys!(f.key)) : allFacts;
  const notes: string[] = [];
  if (!unitMatches(gold, identity.unit)) notes.push(`unit '${identity.unit}' ≠ '${gold.unit}'`);
  if (identity.year !== gold.year) notes.push(`year ${identity.year} ≠ ${gold.year}`);
  if (identity.stage !== gold.stage) notes.push(`stage ${identity.stage} ≠ ${gold.stage}`);
  const identityOk = notes.length === 0;
  const byKey = new Map(facts.map((f) => [f.key, f]));
  const wrong: Mismatch[] = [];
  const missing: Mismatch[] = [];
  const extra: Mismatch[] = [];
  let tp = 0;
  let requiredFound = 0;
  const requiredKeys = Object.keys(gold.required);
  for (const [key, expected] of Object.entries(gold.required)) {
    const f = byKey.get(key);
    if (!f) missing.push({ key, expected });
    else if (identityOk && sameValue(expected, f)) {
      tp++;
      requiredFound++;
    } else wrong.push({ key, expected, found: factValue(f) });
  }
  for (const [key, expected] of Object.entries(gold.optional)) {
    if (key in gold.required) continue;
    const f = byKey.get(key);
    if (!f) continue;
    if (identityOk && sameValue(expected, f)) tp++;
    else wrong.push({ key, expected, found: factValue(f) });
  }
  for (const f of facts) {
    if (f.key in gold.required || f.key in gold.optional) continue;
    if (isZero(f) || f.sources.every((s) => s.method === 'derived')) continue;
    extra.push({ key: f.key, found: factValue(f) });
  }
  const counted = tp + wrong.length + extra.length;
  return {
    file: gold.file,
    identityOk,
    identityNote: notes.join('; '),
    truePositives: tp,
    wrong,
    missing,
    extra,
    requiredFound,
    requiredTotal: requiredKeys.length,
    precision: counted === 0 ? (identityOk ? 1 : 0) : tp / counted,
    recall: requiredKeys.length === 0 ? 1 : requiredFound / requiredKeys.length,
  };
}

export interface TotalScore {
  readonly documents: number;
  readonly precision: number;
  readonly recall: number;
  readonly truePositives: number;
  readonly counted: number;
  readonly requiredFound: number;
  readonly requiredTotal: number;
}

export function totalScore(scores: readonly DocScore[]): TotalScore {
  const tp = scores.reduce((n, s) => n + s.truePositives, 0);
  const counted = scores.reduce((n, s) => n + s.truePositives + s.wrong.length + s.extra.length, 0);
  const rf = scores.reduce((n, s) => n + s.requiredFound, 0);
  const rt = scores.reduce((n, s) => n + s.requiredTotal, 0);
  return { documents: scores.length, precision: counted ? tp / counted : 0, recall: rt ? rf / rt : 0, truePositives: tp, counted, requiredFound: rf, requiredTotal: rt };
}

/** Precision counts of one group of found facts. */
export interface GroupCount {
  readonly truePositives: number;
  readonly counted: number;
}

export type BalanceGroup = 'balanced' | 'unbalanced' | 'text';

/**
 * Precision split by where the found facts were read: tables whose own identities hold,
 * tables marked as not balancing (B01 findings name them by `context`), and the text only.
 * Each found fact counts as in scoreDocument: right, wrong, or extra (zeros and derived
 * facts outside the gold are not counted).
 */
export function scoreByBalance(fullGold: Gold, identity: DocIdentity, allFacts: readonly Fact[], unbalanced: ReadonlySet<string>, opts: ScoreOptions = {}): Record<BalanceGroup, GroupCount> {
  const gold = restrict(fullGold, opts.keys);
  const facts = opts.keys ? allFacts.filter((f) => opts.keys!(f.key)) : allFacts;
  const identityOk = unitMatches(gold, identity.unit) && identity.year === gold.year && identity.stage === gold.stage;
  const out: Record<BalanceGroup, { truePositives: number; counted: number }> = {
    balanced: { truePositives: 0, counted: 0 },
    unbalanced: { truePositives: 0, counted: 0 },
    text: { truePositives: 0, counted: 0 },
  };
  for (const f of facts) {
    const tables = f.sources.filter((s) => s.method === 'table' || s.method === 'ocr-table');
    const group: BalanceGroup = tables.some((s) => unbalanced.has(s.context ?? '')) ? 'unbalanced' : tables.length > 0 ? 'balanced' : 'text';
    const expected = f.key in gold.required ? gold.required[f.key] : f.key in gold.optional ? gold.optional[f.key] : undefined;
    if (expected === undefined) {
      if (isZero(f) || f.sources.every((s) => s.method === 'derived')) continue;
      out[group].counted++;
    } else {
      out[group].counted++;
      if (identityOk && sameValue(expected, f)) out[group].truePositives++;
    }
  }
  return out;
}
