// A stored run → the same summary the ingest printed, with findings counted per document.
import type { DB } from '../store/db.ts';

export interface StoredRun {
  id: number;
  started_at: string;
  finished_at: string | null;
  status: string;
  inputs: number;
  stored: number;
  failed: number;
  skipped: number;
}

export function loadRunReport(db: DB, id?: number): StoredRun | undefined {
  const sql = id === undefined ? 'SELECT * FROM runs ORDER BY id DESC LIMIT 1' : 'SELECT * FROM runs WHERE id = ?';
  return (id === undefined ? db.prepare(sql).get() : db.prepare(sql).get(id)) as StoredRun | undefined;
}

export function formatReport(db: DB, run: StoredRun): string {
  const items = db.prepare('SELECT * FROM run_items WHERE run_id = ? ORDER BY path').all(run.id) as Array<{
    path: string; sha256: string | null; status: string; error_code: string | null; message: string | null; hint: string | null; duration_ms: number; pages: number | null;
  }>;
  const findingsOf = db.prepare('SELECT severity, count(*) n FROM findings WHERE doc = ? GROUP BY severity');
  const lines = [
    `run ${run.id} (${run.status}) started ${run.started_at}${run.finished_at ? `, finished ${run.finished_at}` : ''}`,
    `${run.inputs} inputs = ${run.stored} stored + ${run.failed} failed + ${run.skipped} skipped`,
  ];
  for (const i of items) {
    if (i.status === 'failed') lines.push(`  FAILED   ${i.path}: [${i.error_code}] ${i.message}${i.hint ? ` (hint: ${i.hint})` : ''}`);
    else {
      const f = i.sha256 ? (findingsOf.all(i.sha256) as Array<{ severity: string; n: number }>) : [];
      const fs = f.map((x) => `${x.n} ${x.severity}`).join(', ') || 'no findings';
      lines.push(`  ${i.status.padEnd(8)} ${i.path}: ${i.pages ?? 0} pages, ${i.duration_ms} ms, ${fs}`);
    }
  }
  return lines.join('\n');
}
