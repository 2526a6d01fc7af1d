// Identity against a table of known identities (eval --identity): for every row, was the file
// stored under the right unit, year and stage, stored under a wrong one, rightly rejected (not a
// disclosure), wrongly rejected (a disclosure that failed), or never ingested.
import { basename } from 'node:path';
import type { IdentityTable, KnownIdentity } from '../core/identity-table.ts';
import { compact } from '../normalize/text.ts';
import type { DB } from '../store/db.ts';
import { listDocuments } from '../store/repo.ts';

export type IdentityVerdict = 'right' | 'wrong' | 'rejected' | 'rejected-wrongly' | 'stored-nondisclosure' | 'not-ingested';

export interface IdentityOutcome {
  readonly file: string;
  readonly verdict: IdentityVerdict;
  readonly expected: string;
  readonly found: string;
}

const describe = (u: string | null | undefined, y: number | null | undefined, s: string | null | undefined) => `${u ?? '?'} ${y ?? '?'} ${s ?? '?'}`;

export function scoreIdentities(db: DB, table: IdentityTable): IdentityOutcome[] {
  const docs = listDocuments(db);
  // the latest outcome of each input path that failed and was never stored
  const failures = db
    .prepare(`SELECT path, sha256, error_code, message FROM run_items WHERE status = 'failed' ORDER BY run_id`)
    .all() as Array<{ path: string; sha256: string | null; error_code: string; message: string }>;
  const failedBy = new Map<string, { code: string; message: string }>();
  for (const f of failures) {
    failedBy.set(basename(f.path), { code: f.error_code, message: f.message });
    if (f.sha256) failedBy.set(f.sha256, { code: f.error_code, message: f.message });
  }
  return table.rows.map((row: KnownIdentity) => {
    const file = row.file ?? row.sha256 ?? `line ${row.row}`;
    const expected = row.disclosure ? describe(row.unit, row.year, row.stage) : 'not a disclosure';
    const doc = docs.find((d) => (row.sha256 && d.sha256 === row.sha256) || (row.file && d.file === row.file));
    if (doc) {
      const found = describe(doc.unit, doc.year, doc.stage);
      if (!row.disclosure) return { file, verdict: 'stored-nondisclosure', expected, found };
      const names = [row.unit, ...row.altUnits].filter((u): u is string => Boolean(u)).map(compact);
      const unitOk = !row.unit || (doc.unit !== null && names.includes(compact(doc.unit)));
      const ok = unitOk && (row.year === undefined || doc.year === row.year) && (row.stage === undefined || doc.stage === row.stage);
      return { file, verdict: ok ? 'right' : 'wrong', expected, found };
    }
    const failed = (row.sha256 && failedBy.get(row.sha256)) || (row.file && failedBy.get(row.file)) || undefined;
    if (failed) return { file, verdict: row.disclosure ? 'rejected-wrongly' : 'rejected', expected, found: `failed [${failed.code}]` };
    return { file, verdict: 'not-ingested', expected, found: 'not in the database' };
  });
}

export function formatIdentityEval(outcomes: readonly IdentityOutcome[], opts: { details?: boolean } = {}): string {
  const count = (v: IdentityVerdict) => outcomes.filter((o) => o.verdict === v).length;
  const lines: string[] = [];
  if (opts.details ?? true) {
    for (const o of outcomes) if (o.verdict !== 'right' && o.verdict !== 'rejected') lines.push(`  ${o.verdict.padEnd(20)} ${o.file}: expected ${o.expected}, found ${o.found}`);
  }
  const good = count('right') + count('rejected');
  lines.push(
    `IDENTITY ${good}/${outcomes.length} right (${count('right')} stored right, ${count('rejected')} rightly rejected); ` +
      `${count('wrong')} wrong, ${count('rejected-wrongly')} disclosures rejected, ${count('stored-nondisclosure')} non-disclosures stored, ${count('not-ingested')} not ingested`,
  );
  return lines.join('\n');
}
