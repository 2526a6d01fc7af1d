// `yusuan report --coverage`: the coverage reports of a database's documents, one line each,
// then a summary of the whole corpus — how a user with 500 new files knows what to trust, and
// where the next failure is, without gold.
import type { DB } from '../store/db.ts';
import type { CoverageReport, GridReport } from './coverage.ts';

interface Row {
  readonly file: string;
  readonly unit: string | null;
  readonly year: number | null;
  readonly stage: string | null;
  readonly report: CoverageReport;
}

export interface CoverageCorpus {
  readonly documents: readonly Row[];
  /** Inputs of the latest run that failed, by error code. */
  readonly failed: ReadonlyArray<{ readonly code: string; readonly count: number }>;
}

export function loadCoverage(db: DB): CoverageCorpus {
  const hasReports = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'doc_reports'").get() !== undefined;
  const rows = hasReports
    ? (db.prepare('SELECT d.file, d.unit, d.year, d.stage, r.coverage FROM documents d JOIN doc_reports r ON r.doc = d.sha256 ORDER BY d.file').all() as Array<Omit<Row, 'report'> & { coverage: string }>)
    : [];
  const documents = rows.map(({ coverage, ...r }) => ({ ...r, report: JSON.parse(coverage) as CoverageReport }));
  const lastRun = db.prepare('SELECT max(id) AS id FROM runs').get() as { id: number | null };
  const failed = lastRun.id === null
    ? []
    : (db.prepare(`SELECT error_code AS code, count(*) AS count FROM run_items WHERE run_id = ? AND status = 'failed' GROUP BY error_code ORDER BY count DESC`).all(lastRun.id) as Array<{ code: string; count: number }>);
  return { documents, failed };
}

const pct = (a: number, b: number) => (b === 0 ? '-' : `${Math.round((100 * a) / b)}%`);

function tally(values: Iterable<string>): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** How the tables' grids were found, and what the grid builder repaired in them (reports stored before grids were kept have none). */
function gridLine(grids: readonly GridReport[]): string {
  const methods = tally(grids.map((g) => g.method)).map(([m, n]) => `${m} ${n}`).join(', ');
  // "3 run(s) overflowing a rule …" → the kind of repair, counted once per grid
  const repairs = tally(grids.flatMap((g) => [...new Set(g.notes.map((n) => n.replace(/^\d+\s+/, '')))]));
  return `  grids: ${grids.length}${methods ? ` (${methods})` : ''}; repaired: ${repairs.map(([k, n]) => `${k} in ${n}`).join('; ') || 'none'}`;
}

export function formatCoverage(c: CoverageCorpus, opts: { details?: boolean } = {}): string {
  const lines: string[] = [];
  if (opts.details ?? true) {
    for (const d of c.documents) {
      const s = d.report.summary;
      const conf = s.identityConfidence === null ? '-' : s.identityConfidence.toFixed(2);
      lines.push(
        `${d.file}: ${d.unit ?? '?'} ${d.year ?? '?'} ${d.stage ?? '?'} (identity ${conf}); tables ${s.tablesFound} found, ${s.tablesTyped} typed, ${s.tablesInterpreted} read, ${s.tablesBalanced} balanced; ` +
          `standard missing: ${s.standardMissing.join(' ') || 'none'}; headline missing: ${s.headlineMissing.join(' ') || 'none'}; rows unread ${s.rowsUnread}${s.unknownColumns ? `; ${s.unknownColumns} column(s) of unknown role` : ''}`,
      );
    }
  }
  const docs = c.documents;
  const sum = (f: (r: CoverageReport) => number) => docs.reduce((n, d) => n + f(d.report), 0);
  const found = sum((r) => r.summary.tablesFound);
  const typed = sum((r) => r.summary.tablesTyped);
  const read = sum((r) => r.summary.tablesInterpreted);
  const balanced = sum((r) => r.summary.tablesBalanced);
  const confidences = docs.map((d) => d.report.summary.identityConfidence).filter((x): x is number => x !== null);
  const weak = confidences.filter((x) => x < 0.5).length;
  const rows = sum((r) => r.tables.reduce((n, t) => n + t.rows, 0));
  const unread = sum((r) => r.summary.rowsUnread);
  const complete = docs.filter((d) => d.report.summary.standardMissing.length === 0).length;
  const noHeadlineGap = docs.filter((d) => d.report.summary.headlineMissing.length === 0).length;
  lines.push(
    `CORPUS ${docs.length} documents stored${c.failed.length ? `, ${c.failed.reduce((n, f) => n + f.count, 0)} inputs failed in the last run (${c.failed.map((f) => `${f.code} ${f.count}`).join(', ')})` : ''}`,
    `  identity: mean confidence ${confidences.length ? (confidences.reduce((a, b) => a + b, 0) / confidences.length).toFixed(2) : '-'}, ${weak} document(s) below 0.5`,
    `  tables: ${found} found, ${typed} typed (${pct(typed, found)}), ${read} read (${pct(read, typed)} of typed), ${balanced} balanced (${pct(balanced, read)} of read)`,
    `  standard tables all present in ${complete} of ${docs.length} documents; most often missing: ${tally(docs.flatMap((d) => d.report.summary.standardMissing)).slice(0, 9).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    `  headline keys all present in ${noHeadlineGap} of ${docs.length} documents; most often missing: ${tally(docs.flatMap((d) => d.report.summary.headlineMissing)).slice(0, 8).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    `  rows with figures: ${rows}, read ${rows - unread} (${pct(rows - unread, rows)}); unread by reason: ${tally(docs.flatMap((d) => d.report.tables.flatMap((t) => t.unread.flatMap((u) => Array<string>(u.count).fill(u.reason))))).map(([k, n]) => `${k} ${n}`).join('; ') || 'none'}`,
    `  columns of unknown role: ${sum((r) => r.summary.unknownColumns)}`,
    gridLine(docs.flatMap((d) => d.report.tables.flatMap((t) => t.grids ?? []))),
  );
  return lines.join('\n');
}
