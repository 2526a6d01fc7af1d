// CSV for dashboards, through papaparse: long form (one fact per row) or wide form (one
// unit-year per row, the headline keys as columns).
import Papa from 'papaparse';
import type { DB } from './db.ts';
import { listDocuments, loadFacts } from './repo.ts';
import { exportValue } from './export.ts';

export const WIDE_KEYS = [
  'rev.total', 'rev.current_total', 'rev.fiscal', 'rev.gpb', 'rev.gf', 'rev.soe', 'rev.carryover',
  'exp.total', 'exp.current_total', 'exp.all.total', 'exp.all.basic', 'exp.all.project',
  'exp.gpb.total', 'exp.gpb.basic', 'exp.gpb.project', 'exp.gpb.personnel', 'exp.gpb.public',
  'tp.fiscal.total', 'tp.gpb.total', 'ops.total', 'proc.total', 'assets.vehicles',
] as const;

export function exportCsv(db: DB, opts: { wide?: boolean } = {}): string {
  const docs = listDocuments(db);
  if (opts.wide) {
    const rows = docs.map((d) => {
      const facts = new Map(loadFacts(db, d).map((f) => [f.key, exportValue(f.value)]));
      const row: Record<string, string | number | null> = { unit: d.unit, year: d.year, stage: d.stage, file: d.file, doc: d.sha256 };
      for (const k of WIDE_KEYS) row[k] = facts.get(k) ?? null;
      return row;
    });
    return Papa.unparse(rows, { columns: ['unit', 'year', 'stage', 'file', 'doc', ...WIDE_KEYS] }) + '\n';
  }
  const rows: Array<Record<string, string | number | null>> = [];
  for (const d of docs) {
    for (const f of loadFacts(db, d)) {
      const s = f.sources[0];
      rows.push({
        unit: d.unit, year: d.year, stage: d.stage, key: f.key,
        value: f.value.type === 'amount' ? f.value.yuan : f.value.value,
        value_type: f.value.type, file: d.file, doc: d.sha256,
        page: s?.page ?? null, line: s?.line ?? null, method: s?.method ?? null, text: s?.text ?? null, sources: f.sources.length,
      });
    }
  }
  return Papa.unparse(rows, { columns: ['unit', 'year', 'stage', 'key', 'value', 'value_type', 'file', 'doc', 'page', 'line', 'method', 'text', 'sources'] }) + '\n';
}
