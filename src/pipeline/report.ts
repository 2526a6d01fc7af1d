// A stored run → the summary the ingest printed, with each stored document's findings
// grouped by code (how many, the severity, the first message as an example).
import type { Finding } from '../core/types.ts';
import type { DB } from '../store/db.ts';
import { loadFindings, type StoredDocument } from '../store/repo.ts';
import type { Repository, RunItem, StoredRun } from '../store/repository.ts';

export type { StoredRun } from '../store/repository.ts';

export interface FindingGroup {
  readonly code: string;
  readonly severity: Finding['severity'];
  readonly count: number;
  readonly example: string;
}

export function loadRunReport(db: DB, id?: number): StoredRun | undefined {
  const sql = id === undefined ? 'SELECT * FROM runs ORDER BY id DESC LIMIT 1' : 'SELECT * FROM runs WHERE id = ?';
  return (id === undefined ? db.prepare(sql).get() : db.prepare(sql).get(id)) as StoredRun | undefined;
}

const SEVERITY_RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** Findings by code, most severe first, then most frequent. */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, { code: string; severity: Finding['severity']; count: number; example: string }>();
  for (const f of findings) {
    const g = groups.get(f.code);
    if (!g) groups.set(f.code, { code: f.code, severity: f.severity, count: 1, example: f.message });
    else {
      g.count++;
      if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[g.severity]) g.severity = f.severity;
    }
  }
  return [...groups.values()].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.count - a.count || a.code.localeCompare(b.code));
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function formatReport(db: DB, run: StoredRun): string {
  const items = db.prepare('SELECT * FROM run_items WHERE run_id = ? ORDER BY path').all(run.id) as RunItem[];
  const docOf = db.prepare('SELECT sha256, file, path, kind, unit, year, stage, pages, ocr_pages FROM documents WHERE sha256 = ?');
  const docs = new Map<string, StoredDocument>();
  const findings = new Map<string, Finding[]>();
  for (const i of items) {
    const doc = i.sha256 ? (docOf.get(i.sha256) as StoredDocument | undefined) : undefined;
    if (!doc) continue;
    docs.set(doc.sha256, doc);
    if (i.status === 'stored') findings.set(doc.sha256, loadFindings(db, doc));
  }
  return renderReport(run, items, docs, findings);
}

/** formatReport through the repository interface (SQLite or PostgreSQL). */
export async function formatReportFrom(repo: Repository, run: StoredRun): Promise<string> {
  const items = await repo.runItems(run.id);
  const docs = new Map<string, StoredDocument>();
  const findings = new Map<string, Finding[]>();
  for (const i of items) {
    const doc = i.sha256 ? await repo.getDocument(i.sha256) : undefined;
    if (!doc) continue;
    docs.set(doc.sha256, doc);
    if (i.status === 'stored') findings.set(doc.sha256, await repo.loadFindings(doc));
  }
  return renderReport(run, items, docs, findings);
}

function renderReport(run: StoredRun, items: readonly RunItem[], docs: ReadonlyMap<string, StoredDocument>, findings: ReadonlyMap<string, readonly Finding[]>): string {
  const pages = items.reduce((s, i) => s + (i.pages ?? 0), 0);
  const ocr = items.reduce((s, i) => s + (i.ocr_pages ?? 0), 0);
  const lines = [
    `run ${run.id} (${run.status}) started ${run.started_at}${run.finished_at ? `, finished ${run.finished_at}` : ''}`,
    `${run.inputs} inputs = ${run.stored} stored + ${run.failed} failed + ${run.skipped} skipped; ${pages} pages, ${ocr} OCR pages${run.max_rss_mb ? `; peak memory ${run.max_rss_mb} MB` : ''}`,
  ];
  if (run.status !== 'done' && items.length < run.inputs) {
    lines.push(`  (${run.inputs - items.length} inputs have no outcome${run.status === 'running' ? ' yet: the run is going on' : ': the run did not finish'})`);
  }
  for (const i of items) {
    if (i.status === 'failed') {
      lines.push(`  FAILED   ${i.path}: [${i.error_code}] ${i.message}${i.hint ? ` (hint: ${i.hint})` : ''}`);
      continue;
    }
    const doc = i.sha256 ? docs.get(i.sha256) : undefined;
    const what = doc ? `${doc.unit ?? '?'} ${doc.year ?? '?'} ${doc.stage ?? '?'}` : 'no longer stored';
    if (i.status === 'skipped') {
      lines.push(`  skipped  ${i.path}: ${i.message ?? ''}`);
      continue;
    }
    const groups = doc ? groupFindings(findings.get(doc.sha256) ?? []) : [];
    const ocrNote = i.ocr_pages ? ` (${i.ocr_pages} by OCR)` : '';
    lines.push(`  stored   ${i.path}: ${what}, ${i.pages ?? 0} pages${ocrNote}, ${i.duration_ms ?? 0} ms, ${groups.length ? `findings:` : 'no findings'}`);
    for (const g of groups) lines.push(`             ${String(g.count).padStart(3)} × ${g.code} (${g.severity}): ${clip(g.example, 100)}`);
  }
  return lines.join('\n');
}
