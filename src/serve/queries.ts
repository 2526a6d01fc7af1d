// What the review pages read from the database: read-only SQL, every value bound, every
// column and order chosen from fixed lists. Tables added by later migrations (doc_reports,
// reviews) are read only where they exist.
import type { DB } from '../store/db.ts';
import type { StoredDocument } from '../store/repo.ts';
import type { Finding, Severity, Source } from '../core/types.ts';
import { unitKey } from '../normalize/org.ts';

export interface DocRow extends StoredDocument {
  readonly ingested_at: string;
  readonly meta: string;
}

export interface ListRow extends Omit<StoredDocument, 'path'> {
  readonly facts: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly confidence: number | null;
  readonly tables_found: number | null;
  readonly tables_interpreted: number | null;
  readonly tables_balanced: number | null;
  readonly headline_missing: number | null;
  readonly rows_unread: number | null;
  readonly reviewed: number;
}

export interface ListQuery {
  readonly q?: string;
  readonly stage?: 'budget' | 'final';
  readonly year?: number;
  readonly code?: string;
  readonly severity?: Severity;
  readonly sort?: SortKey;
  readonly dir?: 'asc' | 'desc';
}

/** Sortable columns → their SQL (aliases of the list's select). */
export const SORTS = {
  unit: 'unit', year: 'year', stage: 'stage', file: 'file', pages: 'pages', facts: 'facts', errors: 'errors',
  warnings: 'warnings', infos: 'infos', confidence: 'confidence', coverage: 'coverage', reviewed: 'reviewed', ingested: 'ingested_at',
} as const;
export type SortKey = keyof typeof SORTS;

export function tableExists(db: DB, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** `%` and `_` taken literally in a LIKE pattern (ESCAPE '\'). */
function likeText(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const JSON_NUM = (col: string, path: string): string => `CASE WHEN json_valid(${col}) THEN json_extract(${col}, '${path}') END`;

/** meta.identity.confidence, whether `identity` is stored as an object or as JSON text in a string. */
const IDENTITY_CONFIDENCE = `CASE WHEN json_valid(d.meta) THEN
  CASE WHEN json_valid(json_extract(d.meta, '$.identity')) THEN json_extract(json_extract(d.meta, '$.identity'), '$.confidence') END END`;

export function listDocuments(db: DB, q: ListQuery, limit: number): { rows: ListRow[]; total: number } {
  const reports = tableExists(db, 'doc_reports');
  const reviews = tableExists(db, 'reviews');
  const cov = (path: string): string => (reports ? JSON_NUM('r.coverage', `$.summary.${path}`) : 'NULL');
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (q.q) {
    where.push("(d.unit LIKE @q ESCAPE '\\' OR d.file LIKE @q ESCAPE '\\' OR d.sha256 LIKE @q ESCAPE '\\')");
    params['q'] = likeText(q.q);
  }
  if (q.stage) {
    where.push('d.stage = @stage');
    params['stage'] = q.stage;
  }
  if (q.year !== undefined) {
    where.push('d.year = @year');
    params['year'] = q.year;
  }
  if (q.code) {
    where.push('EXISTS (SELECT 1 FROM findings x WHERE x.doc = d.sha256 AND x.code = @code)');
    params['code'] = q.code;
  }
  if (q.severity) {
    where.push('EXISTS (SELECT 1 FROM findings x WHERE x.doc = d.sha256 AND x.severity = @severity)');
    params['severity'] = q.severity;
  }
  const sort = SORTS[q.sort ?? 'unit'] ?? 'unit';
  const dir = q.dir === 'desc' ? 'DESC' : 'ASC';
  const sql = `
    SELECT d.sha256, d.file, d.kind, d.unit, d.year, d.stage, d.pages, d.ocr_pages, d.ingested_at,
      (SELECT count(*) FROM facts f WHERE f.doc = d.sha256) AS facts,
      coalesce(s.errors, 0) AS errors, coalesce(s.warnings, 0) AS warnings, coalesce(s.infos, 0) AS infos,
      ${IDENTITY_CONFIDENCE} AS confidence,
      ${cov('tablesFound')} AS tables_found, ${cov('tablesInterpreted')} AS tables_interpreted,
      ${cov('tablesBalanced')} AS tables_balanced, ${reports ? `CASE WHEN json_valid(r.coverage) THEN json_array_length(r.coverage, '$.summary.headlineMissing') END` : 'NULL'} AS headline_missing,
      ${cov('rowsUnread')} AS rows_unread,
      ${reports ? `CAST(${cov('tablesInterpreted')} AS REAL) / nullif(${cov('tablesFound')}, 0)` : 'NULL'} AS coverage,
      ${reviews ? '(SELECT count(DISTINCT v.key) FROM reviews v JOIN facts f ON f.doc = v.doc AND f.key = v.key AND f.value = v.seen_value WHERE v.doc = d.sha256)' : '0'} AS reviewed
    FROM documents d
    LEFT JOIN (SELECT doc, sum(severity = 'error') AS errors, sum(severity = 'warning') AS warnings, sum(severity = 'info') AS infos
               FROM findings GROUP BY doc) s ON s.doc = d.sha256
    ${reports ? 'LEFT JOIN doc_reports r ON r.doc = d.sha256' : ''}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${sort} ${dir} NULLS LAST, d.unit ASC, d.year DESC, d.file ASC
    LIMIT @limit`;
  const rows = db.prepare(sql).all({ ...params, limit }) as ListRow[];
  const total = (db.prepare(`SELECT count(*) AS n FROM documents d ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`).get(params) as { n: number }).n;
  return { rows, total };
}

export function filterChoices(db: DB): { codes: string[]; years: number[] } {
  return {
    codes: (db.prepare('SELECT DISTINCT code FROM findings ORDER BY code').all() as Array<{ code: string }>).map((r) => r.code),
    years: (db.prepare('SELECT DISTINCT year FROM documents WHERE year IS NOT NULL ORDER BY year DESC').all() as Array<{ year: number }>).map((r) => r.year),
  };
}

export interface FailedInput {
  readonly path: string;
  readonly error_code: string | null;
  readonly message: string | null;
  readonly hint: string | null;
}

/** The last run and the inputs it failed on. */
export function lastRunFailures(db: DB): { run: number; startedAt: string; status: string; failed: FailedInput[] } | null {
  const run = db.prepare('SELECT id, started_at, status FROM runs ORDER BY id DESC LIMIT 1').get() as { id: number; started_at: string; status: string } | undefined;
  if (!run) return null;
  const failed = db.prepare("SELECT path, error_code, message, hint FROM run_items WHERE run_id = ? AND status = 'failed' ORDER BY path").all(run.id) as FailedInput[];
  return { run: run.id, startedAt: run.started_at, status: run.status, failed };
}

export function getDocument(db: DB, sha256: string): DocRow | undefined {
  return db.prepare('SELECT sha256, file, path, kind, unit, year, stage, pages, ocr_pages, ingested_at, meta FROM documents WHERE sha256 = ?').get(sha256) as DocRow | undefined;
}

export interface IdentityInfo {
  readonly confidence: number | null;
  readonly candidates: ReadonlyArray<{ unit: string; score: number | null; from: string }>;
}

/** `meta.identity` as the identity stage records it, where it does (else nulls). */
export function identityOf(doc: DocRow): IdentityInfo {
  try {
    const meta = JSON.parse(doc.meta) as { identity?: unknown };
    const id = (typeof meta.identity === 'string' ? JSON.parse(meta.identity) : meta.identity) as { confidence?: unknown; candidates?: unknown } | undefined;
    const confidence = typeof id?.confidence === 'number' && Number.isFinite(id.confidence) ? id.confidence : null;
    const candidates = Array.isArray(id?.candidates)
      ? (id.candidates as Array<Record<string, unknown>>).filter((c) => c && typeof c === 'object').map((c) => ({ unit: String(c['unit'] ?? ''), score: typeof c['score'] === 'number' ? c['score'] : null, from: String(c['from'] ?? '') }))
      : [];
    return { confidence, candidates };
  } catch {
    return { confidence: null, candidates: [] };
  }
}

export interface Coverage {
  readonly summary: Record<string, unknown>;
}

/** The coverage report of a document, where the doc_reports table exists and holds one. */
export function coverageOf(db: DB, sha256: string): Coverage | null {
  if (!tableExists(db, 'doc_reports')) return null;
  const row = db.prepare('SELECT coverage FROM doc_reports WHERE doc = ?').get(sha256) as { coverage: string } | undefined;
  if (!row) return null;
  try {
    const c = JSON.parse(row.coverage) as { summary?: unknown };
    return c && typeof c.summary === 'object' && c.summary !== null ? { summary: c.summary as Record<string, unknown> } : null;
  } catch {
    return null;
  }
}

export interface StoredFinding extends Finding {
  readonly id: number;
}

export function findingsOf(db: DB, sha256: string): StoredFinding[] {
  const rows = db.prepare('SELECT id, code, severity, message, keys, sources, expected, found FROM findings WHERE doc = ? ORDER BY id').all(sha256) as Array<{
    id: number; code: string; severity: Severity; message: string; keys: string; sources: string; expected: string | null; found: string | null;
  }>;
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    severity: r.severity,
    message: r.message,
    keys: parseArray<string>(r.keys),
    sources: parseArray<Source>(r.sources),
    ...(r.expected !== null ? { expected: r.expected } : {}),
    ...(r.found !== null ? { found: r.found } : {}),
  }));
}

function parseArray<T>(s: string): T[] {
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

export interface YearTotals {
  readonly sha256: string;
  readonly year: number;
  /** 3-digit function class → exact yuan, from one scope. */
  readonly classes: ReadonlyMap<string, string>;
  readonly scope: string;
}

const CLASS_TOTAL = /^exp\.(all|fiscal|gpb)\.func\.(\d{3})\.total$/;
const SCOPE_PREFERENCE = ['all', 'fiscal', 'gpb'];

/** A document's expenditure by function class (类), from the widest scope it gives. */
export function classTotals(rows: ReadonlyArray<{ key: string; value: string }>): { scope: string; classes: Map<string, string> } | null {
  const byScope = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const m = CLASS_TOTAL.exec(r.key);
    if (!m) continue;
    const s = byScope.get(m[1]!) ?? new Map<string, string>();
    s.set(m[2]!, r.value);
    byScope.set(m[1]!, s);
  }
  for (const scope of SCOPE_PREFERENCE) {
    const c = byScope.get(scope);
    if (c && c.size > 0) return { scope, classes: c };
  }
  return null;
}

/**
 * The same unit's documents of the same stage, one per year (the latest ingested), with their
 * class totals in the scope of this document's chart: for the year-on-year chart.
 */
export function sameUnitYears(db: DB, doc: DocRow, scope: string): YearTotals[] {
  if (!doc.unit || !doc.stage) return [];
  const key = unitKey(doc.unit);
  const docs = (db.prepare('SELECT sha256, unit, year FROM documents WHERE stage = ? AND year IS NOT NULL AND unit IS NOT NULL ORDER BY ingested_at DESC, sha256').all(doc.stage) as Array<{ sha256: string; unit: string; year: number }>)
    .filter((d) => unitKey(d.unit) === key);
  const perYear = new Map<number, string>();
  for (const d of docs) if (!perYear.has(d.year) || d.sha256 === doc.sha256) perYear.set(d.year, d.sha256);
  if (perYear.size < 2) return [];
  const facts = db.prepare("SELECT key, value FROM facts WHERE doc = ? AND key GLOB ?");
  const out: YearTotals[] = [];
  for (const [year, sha256] of [...perYear].sort((a, b) => a[0] - b[0])) {
    const rows = facts.all(sha256, `exp.${scope}.func.[0-9][0-9][0-9].total`) as Array<{ key: string; value: string }>;
    const t = classTotals(rows);
    if (t) out.push({ sha256, year, classes: t.classes, scope });
  }
  return out.length >= 2 ? out : [];
}
