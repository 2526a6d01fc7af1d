// Reviewers' verdicts on facts (migration 004): recorded as rows of their own, never written
// into the facts. A verdict counts for a fact only while the fact still holds the value the
// reviewer saw; a later ingest that changes the value leaves the fact unreviewed again.
import type { Fact, FactValue } from '../core/types.ts';
import { YusuanError } from '../core/errors.ts';
import { canonical, parseNumber, toYuan, type MoneyUnit } from '../normalize/amount.ts';
import Big from 'big.js';
import type { DB } from './db.ts';

export type Verdict = 'confirmed' | 'wrong';
/** What the export says of a fact: the verdict in force, or none. */
export type ReviewStatus = 'confirmed' | 'corrected' | 'unreviewed';

export interface StoredVerdict {
  readonly id: number;
  readonly doc: string;
  readonly key: string;
  readonly verdict: Verdict;
  readonly valueType: FactValue['type'];
  /** The fact's value as stored when the verdict was given (exact text). */
  readonly seenValue: string;
  /** For 'wrong': the right value (exact decimal yuan for an amount, else as typed). */
  readonly rightValue: string | null;
  readonly comment: string;
  readonly reviewer: string;
  readonly at: string;
}

export interface VerdictInput {
  readonly doc: string;
  readonly key: string;
  readonly verdict: Verdict;
  /** The right value as typed (`1,234.5`, `12.3万元`); required for 'wrong'. */
  readonly rightValue?: string;
  readonly comment?: string;
  readonly reviewer: string;
}

export const REVIEW_LIMITS = { reviewer: 80, comment: 2000, value: 500 } as const;

/** True when the database has the reviews table (a database last opened by an older yusuan may not). */
export function hasReviews(db: DB): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reviews'").get() !== undefined;
}

/** The stored text of a fact's value, as in the facts table. */
export function storedValue(v: FactValue): string {
  return v.type === 'amount' ? v.yuan : String(v.value);
}

/**
 * A right value as typed → its exact stored text: an amount in yuan (a trailing 元, 万元 or 亿元
 * scales it; at most 2 decimals in yuan), a count as an integer, a text trimmed.
 */
export function parseRightValue(type: FactValue['type'], typed: string): string {
  const s = typed.trim();
  if (s === '') throw new YusuanError('E_USAGE', 'the right value is empty', { hint: 'type the value the document prints, in yuan' });
  if (s.length > REVIEW_LIMITS.value) throw new YusuanError('E_USAGE', `the right value is longer than ${REVIEW_LIMITS.value} characters`);
  if (type === 'text') return s;
  const m = /^(.*?)\s*(亿元|万元|千元|元)?$/u.exec(s)!;
  const n = parseNumber(m[1]!);
  if (!n || n.percent) throw new YusuanError('E_USAGE', `'${s}' is not a number`, { hint: type === 'amount' ? 'an amount in yuan, e.g. 1234.56 or 12.3万元' : 'a whole number' });
  if (type === 'count') {
    if (m[2] || !/^-?\d+$/.test(n.value)) throw new YusuanError('E_USAGE', `'${s}' is not a whole number`);
    return n.value;
  }
  const yuan = toYuan(n.value, (m[2] ?? '元') as MoneyUnit);
  if (new Big(yuan).times(100).mod(1).cmp(0) !== 0) throw new YusuanError('E_USAGE', `'${s}' has more than 2 decimals in yuan`);
  return canonical(new Big(yuan));
}

/** Record a verdict on a stored fact. Throws E_USAGE for an unknown fact or a bad value. */
export function recordVerdict(db: DB, v: VerdictInput, now = new Date()): StoredVerdict {
  const reviewer = v.reviewer.trim();
  const comment = (v.comment ?? '').trim();
  if (reviewer === '' || reviewer.length > REVIEW_LIMITS.reviewer) throw new YusuanError('E_USAGE', `a reviewer's name of 1 to ${REVIEW_LIMITS.reviewer} characters is needed`);
  if (comment.length > REVIEW_LIMITS.comment) throw new YusuanError('E_USAGE', `the comment is longer than ${REVIEW_LIMITS.comment} characters`);
  if (v.verdict !== 'confirmed' && v.verdict !== 'wrong') throw new YusuanError('E_USAGE', `a verdict is 'confirmed' or 'wrong', not '${String(v.verdict)}'`);
  return db.transaction((): StoredVerdict => {
    const fact = db.prepare('SELECT value_type, value FROM facts WHERE doc = ? AND key = ?').get(v.doc, v.key) as { value_type: FactValue['type']; value: string } | undefined;
    if (!fact) throw new YusuanError('E_USAGE', `no fact ${v.key} in document ${v.doc}`);
    const right = v.verdict === 'wrong' ? parseRightValue(fact.value_type, v.rightValue ?? '') : null;
    const at = now.toISOString();
    const r = db
      .prepare('INSERT INTO reviews (doc, key, verdict, value_type, seen_value, right_value, comment, reviewer, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(v.doc, v.key, v.verdict, fact.value_type, fact.value, right, comment, reviewer, at);
    return { id: Number(r.lastInsertRowid), doc: v.doc, key: v.key, verdict: v.verdict, valueType: fact.value_type, seenValue: fact.value, rightValue: right, comment, reviewer, at };
  }).immediate();
}

/** A document's verdicts by key, oldest first (what `verdictsOf` and `Repository.loadVerdicts` give). */
export type DocVerdicts = Map<string, StoredVerdict[]>;

/** The columns of a reviews row, as both stores give them (ids as numbers, `at` as ISO text). */
export const REVIEW_COLUMNS = 'id, doc, key, verdict, value_type, seen_value, right_value, comment, reviewer, at';

export interface ReviewRow {
  id: number;
  doc: string;
  key: string;
  verdict: Verdict;
  value_type: FactValue['type'];
  seen_value: string;
  right_value: string | null;
  comment: string;
  reviewer: string;
  at: string;
}

function fromRow(r: ReviewRow): StoredVerdict {
  return { id: r.id, doc: r.doc, key: r.key, verdict: r.verdict, valueType: r.value_type, seenValue: r.seen_value, rightValue: r.right_value, comment: r.comment, reviewer: r.reviewer, at: r.at };
}

/** Every verdict on a document's facts, oldest first, by key. Empty without the reviews table. */
export function verdictsOf(db: DB, doc: string): DocVerdicts {
  if (!hasReviews(db)) return new Map();
  return groupVerdicts(db.prepare(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE doc = ? ORDER BY key, id`).all(doc) as ReviewRow[]);
}

/** Rows of the reviews table (ordered by key, then id) → the verdicts by key, oldest first. */
export function groupVerdicts(rows: readonly ReviewRow[]): DocVerdicts {
  const out: DocVerdicts = new Map();
  for (const r of rows) {
    const list = out.get(r.key) ?? [];
    list.push(fromRow(r));
    out.set(r.key, list);
  }
  return out;
}

/** The verdict in force for a fact: the latest one given on the value it holds now. */
export function verdictInForce(fact: Pick<Fact, 'value'>, verdicts: readonly StoredVerdict[] | undefined): StoredVerdict | undefined {
  if (!verdicts) return undefined;
  const now = storedValue(fact.value);
  for (let i = verdicts.length - 1; i >= 0; i--) {
    const v = verdicts[i]!;
    if (v.valueType === fact.value.type && v.seenValue === now) return v;
  }
  return undefined;
}

export function statusOf(v: StoredVerdict | undefined): ReviewStatus {
  return !v ? 'unreviewed' : v.verdict === 'confirmed' ? 'confirmed' : 'corrected';
}
