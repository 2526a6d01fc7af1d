// Gold folder + database → a score per document and a total, as plain text lines.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GoldSchema, type Gold } from '../core/schemas.ts';
import { YusuanError } from '../core/errors.ts';
import type { DB } from '../store/db.ts';
import { listDocuments, loadFacts } from '../store/repo.ts';
import { scoreDocument, totalScore, type DocScore, type TotalScore } from './score.ts';

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
}

export function evaluate(db: DB, golds: readonly Gold[]): EvalResult {
  const docs = listDocuments(db);
  const scores: DocScore[] = [];
  const unmatched: string[] = [];
  for (const gold of golds) {
    const doc = docs.find((d) => d.file === gold.file);
    if (!doc) {
      unmatched.push(gold.file);
      scores.push(scoreDocument(gold, { unit: null, year: null, stage: null }, []));
      continue;
    }
    scores.push(scoreDocument(gold, { unit: doc.unit, year: doc.year, stage: doc.stage }, loadFacts(db, doc)));
  }
  return { scores, total: totalScore(scores), unmatched };
}

const fmt = (x: number) => x.toFixed(3);

export function formatEval(r: EvalResult, opts: { details?: boolean } = {}): string {
  const lines: string[] = [];
  for (const s of r.scores) {
    lines.push(
      `${s.file}  precision ${fmt(s.precision)}  recall ${fmt(s.recall)}  (required ${s.requiredFound}/${s.requiredTotal}, wrong ${s.wrong.length}, missing ${s.missing.length}, extra ${s.extra.length})${s.identityOk ? '' : '  IDENTITY: ' + s.identityNote}`,
    );
    if (r.unmatched.includes(s.file)) lines.push('    not in the database: ingest it first');
    if (opts.details ?? true) {
      for (const w of s.wrong) lines.push(`    wrong   ${w.key}: expected ${w.expected}, found ${w.found}`);
      for (const m of s.missing) lines.push(`    missing ${m.key}: expected ${m.expected}`);
      for (const e of s.extra) lines.push(`    extra   ${e.key}: ${e.found}`);
    }
  }
  const t = r.total;
  lines.push(`TOTAL ${t.documents} documents  precision ${fmt(t.precision)}  recall ${fmt(t.recall)}  (${t.truePositives}/${t.counted} found facts right, ${t.requiredFound}/${t.requiredTotal} required found)`);
  return lines.join('\n');
}
