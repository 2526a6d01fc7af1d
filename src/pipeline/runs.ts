// Runs as records, and the one-writer rule. A running run's row is the database's write
// lock: pid + host + a heartbeat. A second ingest that finds a live one stops with E_LOCKED
// (two runs over one database would read the same files twice for nothing); a dead one
// (its process gone after SIGKILL, or its heartbeat stale) is marked 'interrupted' and the
// new run goes on. Even without the lock no document is written twice: saveDisclosure checks
// the sha256 inside its own write transaction.
import { hostname } from 'node:os';
import { YusuanError, type ErrorCode } from '../core/errors.ts';
import type { DB } from '../store/db.ts';

export const HEARTBEAT_MS = 5_000;
/** A heartbeat older than this means the run is gone (six missed beats). */
export const STALE_MS = 30_000;

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
  readonly stage?: string | null;
}

interface RunRow {
  id: number;
  started_at: string;
  pid: number | null;
  host: string | null;
  heartbeat_at: string | null;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Is the run of this row still writing? */
export function isAlive(row: RunRow, now: number = Date.now()): boolean {
  if (row.pid === null || row.heartbeat_at === null) return false; // written before pids were recorded
  if (now - Date.parse(row.heartbeat_at) > STALE_MS) return false;
  if (row.host !== hostname()) return true; // only the heartbeat can tell for another machine
  return processExists(row.pid);
}

/**
 * Start a run: refuse when another live run holds the database, mark dead ones interrupted,
 * and insert this run's row — all in one IMMEDIATE transaction, so two runs starting at the
 * same moment cannot both get in.
 */
export function beginRun(db: DB, args: readonly string[]): number {
  return db
    .transaction(() => {
      const running = db.prepare("SELECT id, started_at, pid, host, heartbeat_at FROM runs WHERE status = 'running'").all() as RunRow[];
      for (const r of running) {
        if (isAlive(r)) {
          throw new YusuanError(
            'E_LOCKED',
            `${db.name}: run ${r.id} (pid ${r.pid} on ${r.host}, started ${r.started_at}) is still writing to this database`,
            { hint: 'wait for it to finish (yusuan report shows it when done), or ingest into another --db' },
          );
        }
        db.prepare("UPDATE runs SET status = 'interrupted', finished_at = coalesce(heartbeat_at, started_at) WHERE id = ?").run(r.id);
      }
      const at = new Date().toISOString();
      const res = db
        .prepare("INSERT INTO runs (started_at, args, status, pid, host, heartbeat_at) VALUES (?, ?, 'running', ?, ?, ?)")
        .run(at, JSON.stringify(args), process.pid, hostname(), at);
      return Number(res.lastInsertRowid);
    })
    .immediate();
}

/** Refresh the heartbeat every HEARTBEAT_MS; returns the function that stops it. */
export function startHeartbeat(db: DB, runId: number): () => void {
  const beat = db.prepare('UPDATE runs SET heartbeat_at = ? WHERE id = ?');
  const timer = setInterval(() => {
    try {
      beat.run(new Date().toISOString(), runId);
    } catch (err) {
      // a busy database delays one beat; six in a row would be needed to look stale
      process.emitWarning(`run ${runId}: heartbeat not written (${(err as Error).message})`);
    }
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

export function setInputs(db: DB, runId: number, inputs: number): void {
  db.prepare('UPDATE runs SET inputs = ? WHERE id = ?').run(inputs, runId);
}

/** Record one input's outcome. Called inside the document's transaction when it is stored. */
export function recordOutcome(db: DB, runId: number, o: DocumentOutcome): void {
  db.prepare(
    `INSERT OR REPLACE INTO run_items (run_id, path, sha256, status, error_code, message, hint, duration_ms, pages, ocr_pages)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(runId, o.path, o.sha256 ?? null, o.status, o.errorCode ?? null, o.message ?? null, o.hint ?? null, Math.round(o.durationMs), o.pages, o.ocrPages);
}

export function finishRun(
  db: DB,
  runId: number,
  r: { status: 'done' | 'interrupted'; stored: number; failed: number; skipped: number; maxRssMb: number },
): void {
  db.prepare('UPDATE runs SET finished_at = ?, heartbeat_at = ?, status = ?, stored = ?, failed = ?, skipped = ?, max_rss_mb = ? WHERE id = ?').run(
    new Date().toISOString(),
    new Date().toISOString(),
    r.status,
    r.stored,
    r.failed,
    r.skipped,
    r.maxRssMb,
    runId,
  );
}
