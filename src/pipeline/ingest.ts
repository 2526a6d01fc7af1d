// A batch of inputs → stored / failed / skipped, one outcome per input, recorded as a run.
// A batch never throws for a bad document: inputs = stored + failed + skipped, always.
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { asYusuanError, YusuanError, type ErrorCode } from '../core/errors.ts';
import type { DB } from '../store/db.ts';
import { hasDocument, saveDisclosure } from '../store/repo.ts';
import { readInput } from './read-input.ts';
import { processDocument } from './process-document.ts';

export type OutcomeStatus = 'stored' | 'failed' | 'skipped';

export interface DocumentOutcome {
  readonly path: string;
  readonly status: OutcomeStatus;
  readonly sha256?: string;
  readonly errorCode?: ErrorCode;
  readonly message?: string;
  readonly hint?: string;
  readonly durationMs: number;
  readonly pages: number;
  readonly ocrPages: number;
  readonly facts?: number;
  readonly findings?: number;
  readonly unit?: string | null;
  readonly year?: number | null;
}

export interface RunReport {
  readonly runId: number;
  readonly inputs: number;
  readonly stored: number;
  readonly failed: number;
  readonly skipped: number;
  readonly outcomes: readonly DocumentOutcome[];
  readonly durationMs: number;
}

export interface IngestOptions {
  readonly force?: boolean;
  readonly maxPages?: number;
  readonly onEvent?: (event: Record<string, unknown>) => void;
}

const INPUT_EXT = /\.(?:pdf|txt|text|html?)$/i;

/**
 * Expand files and folders into input paths. Folders are walked recursively in name order;
 * hidden entries are skipped; a symlink loop is walked once. A path that does not exist is
 * kept so that it is reported as failed rather than lost.
 */
export function collectInputs(args: readonly string[]): string[] {
  const out: string[] = [];
  const seenDirs = new Set<string>();
  const walk = (dir: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      out.push(dir);
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      out.push(dir);
      return;
    }
    for (const e of entries) {
      if (e.startsWith('.')) continue;
      const p = join(dir, e);
      let st;
      try {
        st = statSync(p);
      } catch {
        // a dangling or looping symlink: report it as an input that failed
        if (lstatSync(p).isSymbolicLink() && INPUT_EXT.test(e)) out.push(p);
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && INPUT_EXT.test(e)) out.push(p);
    }
  };
  for (const a of args) {
    let st;
    try {
      st = statSync(a);
    } catch {
      out.push(a);
      continue;
    }
    if (st.isDirectory()) walk(a);
    else out.push(a);
  }
  return [...new Set(out.map((p) => resolve(p)))];
}

function startRun(db: DB, args: readonly string[]): number {
  const r = db.prepare("INSERT INTO runs (started_at, args) VALUES (?, ?)").run(new Date().toISOString(), JSON.stringify(args));
  return Number(r.lastInsertRowid);
}

function recordOutcome(db: DB, runId: number, o: DocumentOutcome): void {
  db.prepare(
    `INSERT OR REPLACE INTO run_items (run_id, path, sha256, status, error_code, message, hint, duration_ms, pages, ocr_pages)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(runId, o.path, o.sha256 ?? null, o.status, o.errorCode ?? null, o.message ?? null, o.hint ?? null, Math.round(o.durationMs), o.pages, o.ocrPages);
}

export async function ingestOne(db: DB, path: string, opts: IngestOptions): Promise<DocumentOutcome> {
  const t0 = performance.now();
  let sha256: string | undefined;
  try {
    const { file, bytes } = readInput(path);
    sha256 = file.sha256;
    if (!opts.force && hasDocument(db, file.sha256)) {
      return { path, status: 'skipped', sha256, message: 'unchanged since it was stored', durationMs: performance.now() - t0, pages: 0, ocrPages: 0 };
    }
    const { doc, disclosure } = await processDocument(file, bytes, opts.maxPages ? { maxPages: opts.maxPages } : {});
    if (!disclosure.identity.unit || !disclosure.identity.year || !disclosure.identity.stage) {
      throw new YusuanError('E_NO_CONTENT', `${file.name}: the unit, year or stage of the disclosure could not be read from its content`, {
        file: path,
        hint: 'the document may not be a budget or final-account disclosure, or its title page may be an image',
      });
    }
    const stored = saveDisclosure(db, file, doc, disclosure, { force: opts.force ?? false });
    return {
      path,
      status: stored ? 'stored' : 'skipped',
      sha256,
      durationMs: performance.now() - t0,
      pages: doc.pages.length,
      ocrPages: doc.pages.filter((p) => p.method === 'ocr').length,
      facts: disclosure.facts.length,
      findings: disclosure.findings.length,
      unit: disclosure.identity.unit,
      year: disclosure.identity.year,
      ...(stored ? {} : { message: 'stored meanwhile by another run' }),
    };
  } catch (err) {
    const e = asYusuanError(err, path);
    return {
      path,
      status: 'failed',
      ...(sha256 ? { sha256 } : {}),
      errorCode: e.code,
      message: e.message,
      ...(e.hint ? { hint: e.hint } : {}),
      durationMs: performance.now() - t0,
      pages: 0,
      ocrPages: 0,
    };
  }
}

export async function ingest(db: DB, args: readonly string[], opts: IngestOptions = {}): Promise<RunReport> {
  const t0 = performance.now();
  const inputs = collectInputs(args);
  const runId = startRun(db, args);
  const outcomes: DocumentOutcome[] = [];
  db.prepare('UPDATE runs SET inputs = ? WHERE id = ?').run(inputs.length, runId);
  for (const path of inputs) {
    opts.onEvent?.({ event: 'doc:start', path });
    const o = await ingestOne(db, path, opts);
    recordOutcome(db, runId, o);
    outcomes.push(o);
    opts.onEvent?.({ event: o.status === 'stored' ? 'doc:stored' : o.status === 'failed' ? 'doc:failed' : 'doc:skipped', ...o });
  }
  const count = (s: OutcomeStatus) => outcomes.filter((o) => o.status === s).length;
  const report: RunReport = { runId, inputs: inputs.length, stored: count('stored'), failed: count('failed'), skipped: count('skipped'), outcomes, durationMs: performance.now() - t0 };
  db.prepare("UPDATE runs SET finished_at = ?, status = 'done', stored = ?, failed = ?, skipped = ? WHERE id = ?").run(
    new Date().toISOString(),
    report.stored,
    report.failed,
    report.skipped,
    runId,
  );
  opts.onEvent?.({ event: 'run:done', runId, inputs: report.inputs, stored: report.stored, failed: report.failed, skipped: report.skipped });
  return report;
}
