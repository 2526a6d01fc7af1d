// Gold folder + database → a score per document and a total, as plain text lines.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GoldSchema, type Gold } from '../core/schemas.ts';
import { YusuanError } from '../core/errors.ts';
import type { DB } from '../store/db.ts';
import { listDocuments, loadFacts, loadFindings } from '../store/repo.ts';
import { unbalancedContexts } from '../validate/balance.ts';
import { scoreByBalance, scoreDocument, totalScore, type BalanceGroup, type DocScore, type GroupCount, type ScoreOptions, type TotalScore } from './score.ts';

export function readGoldFolder(dir: string): Gold[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (err) {
    throw new YusuanError('E_USAGE', `cannot read the gold folder ${dir}: ${(err as Error).message}`, { cause: err });
  }
  return files.map((f) => {
    const parsed = GoldSchema.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    if (!parsed.success) throw new YusuanError('E_USAGE', `${join(dir, f)} is not a gold file: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
}

export interface EvalResult {
  readonly scores: DocScore[];
  readonly total: TotalScore;
  readonly unmatched: string[];
  /** Per document (in the order of `scores`), precision counts by whether its tables balance. */
  readonly balance: Array<Record<BalanceGroup, GroupCount>>;
}

export function evaluate(db: DB, golds: readonly Gold[], opts: ScoreOptions = {}): EvalResult {
  const docs = listDocuments(db);
  const scores: DocScore[] = [];
  const unmatched: string[] = [];
  const balance: Array<Record<BalanceGroup, GroupCount>> = [];
  for (const gold of golds) {
    const doc = docs.find((d) => d.file === gold.file);
    if (!doc) {
      unmatched.push(gold.file);
      scores.push(scoreDocument(gold, { unit: null, year: null, stage: null }, [], opts));
      balance.push(scoreByBalance(gold, { unit: null, year: null, stage: null }, [], new Set(), opts));
      continue;
    }
    const identity = { unit: doc.unit, year: doc.year, stage: doc.stage };
    const facts = loadFacts(db, doc);
    scores.push(scoreDocument(gold, identity, facts, opts));
    balance.push(scoreByBalance(gold, identity, facts, unbalancedContexts(loadFindings(db, doc)), opts));
  }
  return { scores, total: totalScore(scores), unmatched, balance };
}

const fmt = (x: number) => x.toFixed(3);

/** "tables that balance 0.950 (19/20), tables that do not 0.500 (2/4), text only 1.000 (3/3)". */
function balanceText(b: Record<BalanceGroup, GroupCount>): string {
  const one = (label: string, g: GroupCount) => `${label} ${g.counted ? fmt(g.truePositives / g.counted) : '-'} (${g.truePositives}/${g.counted})`;
  return `${one('tables that balance', b.balanced)}, ${one('tables that do not', b.unbalanced)}, ${one('text only', b.text)}`;
}

export function formatEval(r: EvalResult, opts: { details?: boolean; byBalance?: boolean } = {}): string {
  const lines: string[] = [];
  for (const [i, s] of r.scores.entries()) {
    lines.push(
      `${s.file}  precision ${fmt(s.precision)}  recall ${fmt(s.recall)}  (required ${s.requiredFound}/${s.requiredTotal}, wrong ${s.wrong.length}, missing ${s.missing.length}, extra ${s.extra.length})${s.identityOk ? '' : '  IDENTITY: ' + s.identityNote}`,
    );
    const b = r.balance?.[i];
    if (opts.byBalance && b) lines.push(`    precision by balance: ${balanceText(b)}`);
    if (r.unmatched.includes(s.file)) lines.push('    not in the database: ingest it first');
    if (opts.details ?? true) {
      for (const w of s.wrong) lines.push(`    wrong   ${w.key}: expected ${w.expected}, found ${w.found}`);
      for (const m of s.missing) lines.push(`    missing ${m.key}: expected ${m.expected}`);
      for (const e of s.extra) lines.push(`    extra   ${e.key}: ${e.found}`);
    }
  }
  const t = r.total;
  lines.push(`TOTAL ${t.documents} documents  precision ${fmt(t.precision)}  recall ${fmt(t.recall)}  (${t.truePositives}/${t.counted} found facts right, ${t.requiredFound}/${t.requiredTotal} required found)`);
  if (opts.byBalance && r.balance) {
    const sum = (g: BalanceGroup): GroupCount => ({
      truePositives: r.balance.reduce((n, b) => n + b[g].truePositives, 0),
      counted: r.balance.reduce((n, b) => n + b[g].counted, 0),
    });
    lines.push(`TOTAL precision by balance: ${balanceText({ balanced: sum('balanced'), unbalanced: sum('unbalanced'), text: sum('text') })}`);
  }
  return lines.join('\n');
}
