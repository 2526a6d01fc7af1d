// CSV for dashboards, through papaparse: long form (one fact per row) or wide form (one
// document — a unit, year and stage — per row, the headline keys as columns). Written a
// document at a time, so that memory does not grow with the database. Amounts are the exact
// decimal text in yuan, never a float: a spreadsheet parses them as it likes.
import Papa from 'papaparse';
import type { Fact, FactValue } from '../core/types.ts';
import type { DB } from './db.ts';
import { listDocuments, loadFacts, type StoredDocument } from './repo.ts';
import type { Repository } from './repository.ts';
import { statusOf, verdictInForce, verdictsOf, type DocVerdicts } from './reviews.ts';

export const WIDE_KEYS = [
  'rev.total', 'rev.current_total', 'rev.fiscal', 'rev.gpb', 'rev.gf', 'rev.soe', 'rev.carryover',
  'exp.total', 'exp.current_total', 'exp.all.total', 'exp.all.basic', 'exp.all.project',
  'exp.gpb.total', 'exp.gpb.basic', 'exp.gpb.project', 'exp.gpb.personnel', 'exp.gpb.public',
  'tp.fiscal.total', 'tp.gpb.total', 'ops.total', 'proc.total', 'assets.vehicles',
] as const;

export const LONG_COLUMNS = ['unit', 'year', 'stage', 'key', 'value', 'value_type', 'file', 'doc', 'page', 'line', 'method', 'text', 'sources', 'review', 'review_value'] as const;
export const WIDE_COLUMNS = ['unit', 'year', 'stage', 'file', 'doc', ...WIDE_KEYS] as const;

type Row = Record<string, string | number | null>;

/**
 * A cell a spreadsheet would run as a formula (`=…`, `@…`, `+…` or `-…` not followed by a
 * digit) gets a leading quote; negative amounts (`-1200.5`) stay numbers.
 */
const FORMULA = /^(?:[=@\t\r]|[+-](?![\d.]))/;

function unparse(rows: readonly Row[], columns: readonly string[], header: boolean): string {
  if (rows.length === 0) return header ? Papa.unparse({ fields: [...columns], data: [] }) + '\r\n' : '';
  return Papa.unparse(rows as Row[], { columns: [...columns], header, escapeFormulae: FORMULA }) + '\r\n';
}

function exact(v: FactValue): string | number {
  return v.type === 'amount' ? v.yuan : v.value;
}

/** The CSV in chunks (the header, then one chunk per document). */
export function* csvChunks(db: DB, opts: { wide?: boolean } = {}): Generator<string> {
  yield unparse([], columnsOf(opts), true);
  // the wide form has no review columns: verdicts are read for the long form only
  for (const d of listDocuments(db)) yield documentChunk(d, loadFacts(db, d), opts.wide ? NO_VERDICTS : verdictsOf(db, d.sha256), opts);
}

/** csvChunks through the repository interface (SQLite or PostgreSQL): the same bytes. */
export async function* csvChunksFrom(repo: Repository, opts: { wide?: boolean } = {}): AsyncGenerator<string> {
  yield unparse([], columnsOf(opts), true);
  for (const d of await repo.listDocuments()) yield documentChunk(d, await repo.loadFacts(d), opts.wide ? NO_VERDICTS : await repo.loadVerdicts(d.sha256), opts);
}

const NO_VERDICTS: DocVerdicts = new Map();

function columnsOf(opts: { wide?: boolean }): readonly string[] {
  return opts.wide ? WIDE_COLUMNS : LONG_COLUMNS;
}

/** One document's rows: one per fact with its review, or (wide) one with the headline keys as columns. */
function documentChunk(d: StoredDocument, facts: readonly Fact[], verdicts: DocVerdicts, opts: { wide?: boolean }): string {
  const columns = columnsOf(opts);
  if (opts.wide) {
    const byKey = new Map(facts.map((f) => [f.key, exact(f.value)]));
    const row: Row = { unit: d.unit, year: d.year, stage: d.stage, file: d.file, doc: d.sha256 };
    for (const k of WIDE_KEYS) row[k] = byKey.get(k) ?? null;
    return unparse([row], columns, false);
  }
  const rows: Row[] = facts.map((f) => {
    const s = f.sources[0];
    const v = verdictInForce(f, verdicts.get(f.key));
    return {
      unit: d.unit, year: d.year, stage: d.stage, key: f.key,
      value: exact(f.value),
      value_type: f.value.type, file: d.file, doc: d.sha256,
      page: s?.page ?? null, line: s?.line ?? null, method: s?.method ?? null, text: s?.text ?? null, sources: f.sources.length,
      review: statusOf(v), review_value: v?.rightValue ?? null,
    };
  });
  return unparse(rows, columns, false);
}

export function exportCsv(db: DB, opts: { wide?: boolean } = {}): string {
  return [...csvChunks(db, opts)].join('');
}
