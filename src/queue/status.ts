// Reading a queued run back from the database, from any machine: its progress as the same
// events an in-process ingest emits (for the progress bar or NDJSON), each worker's health,
// and the run's throughput per worker for `yusuan report`.
import type pg from 'pg';
import type { ErrorCode } from '../core/errors.ts';
import type { RunEvent } from '../pipeline/events.ts';
import { formatDuration } from '../pipeline/progress.ts';
import type { RunItem } from '../store/repository.ts';
import { isTransient } from './transient.ts';

/** A heartbeat older than this: the worker is taken for dead (its leases expire too). */
export const WORKER_STALE_MS = 30_000;

/** An outcome with the time its transaction wrote it (the queue's own record of it). */
type ItemRow = RunItem & { finished_at: string | null };

function itemEvent(run: number, i: ItemRow): RunEvent {
  const base = { run, path: i.path, ...(i.sha256 ? { sha256: i.sha256 } : {}), ms: i.duration_ms ?? 0, pages: i.pages ?? 0, ocrPages: i.ocr_pages ?? 0 };
  if (i.status === 'failed') return { event: 'doc:failed', ...base, code: (i.error_code ?? 'E_INTERNAL') as ErrorCode, message: i.message ?? '', ...(i.hint ? { hint: i.hint } : {}) };
  return { event: i.status === 'stored' ? 'doc:stored' : 'doc:skipped', ...base, ...(i.message ? { message: i.message } : {}) };
}

/**
 * Follow a run until every input has its outcome (or `signal` aborts): `run:start`, one
 * `doc:*` event per outcome as it is recorded, `run:done`. Outcomes are read by the time
 * their transaction wrote them, with a minute's overlap, so none committed late is missed.
 */
export async function followRun(pool: pg.Pool, runId: number, onEvent: (e: RunEvent) => void, o: { pollMs?: number; signal?: AbortSignal } = {}): Promise<void> {
  const seen = new Set<string>();
  let since = '1970-01-01T00:00:00Z';
  let started = false;
  const t0 = performance.now();
  for (;;) {
    try {
      const run = (await pool.query<{ inputs: number; status: string; stored: number; failed: number; skipped: number; max_rss_mb: number | null }>('SELECT inputs, status, stored, failed, skipped, max_rss_mb FROM runs WHERE id = $1', [runId])).rows[0];
      if (!run) throw new Error(`no run ${runId}`);
      if (!started) {
        onEvent({ event: 'run:start', run: runId, inputs: run.inputs, jobs: 0, ocrJobs: 0 });
        started = true;
      }
      const { rows } = await pool.query<ItemRow>(
        `SELECT i.path, i.sha256, i.status, i.error_code, i.message, i.hint, i.duration_ms, i.pages, i.ocr_pages, o.finished_at
         FROM run_items i LEFT JOIN yusuan_queue.outcomes o ON o.run_id = i.run_id AND o.path = i.path
         WHERE i.run_id = $1 AND (o.finished_at IS NULL OR o.finished_at > $2::timestamptz - interval '60 seconds')
         ORDER BY o.finished_at NULLS FIRST`,
        [runId, since],
      );
      let pages = 0;
      let ocrPages = 0;
      for (const i of rows) {
        if (i.finished_at && i.finished_at > since) since = i.finished_at;
        if (seen.has(i.path)) continue;
        seen.add(i.path);
        onEvent(itemEvent(runId, i));
      }
      if (run.status !== 'running') {
        const totals = (await pool.query<{ pages: number; ocr_pages: number }>('SELECT pages, ocr_pages FROM v_runs WHERE run = $1', [runId])).rows[0];
        pages = totals?.pages ?? 0;
        ocrPages = totals?.ocr_pages ?? 0;
        const status = run.status === 'done' ? 'done' : 'interrupted';
        onEvent({ event: 'run:done', run: runId, status, inputs: run.inputs, stored: run.stored, failed: run.failed, skipped: run.skipped, pages, ocrPages, ms: Math.round(performance.now() - t0), maxRssMb: run.max_rss_mb ?? 0 });
        return;
      }
    } catch (err) {
      if (!isTransient(err)) throw err; // the server is away for a moment: ask again
    }
    if (o.signal?.aborted) return;
    await new Promise((res) => setTimeout(res, o.pollMs ?? 1000));
  }
}

interface WorkerRow {
  id: string;
  host: string;
  pid: number;
  jobs: number;
  status: string;
  heartbeat_at: string;
  started_at: string;
  docs_done: number;
  current: string[];
  max_rss_mb: number | null;
}

/** One line of a worker's health: alive or not, heartbeat, documents done, what it reads now. */
export function healthLine(w: WorkerRow, now = Date.now()): string {
  const age = now - Date.parse(w.heartbeat_at);
  const state = w.status === 'stopped' ? 'stopped' : age > WORKER_STALE_MS ? 'LOST (no heartbeat)' : w.status;
  const current = w.current.length ? `, now: ${w.current.join(', ')}` : '';
  return `${w.id} (${w.jobs} job${w.jobs === 1 ? '' : 's'}) ${state}, heartbeat ${formatDuration(age)} ago, ${w.docs_done} docs done${w.max_rss_mb ? `, peak ${w.max_rss_mb} MB` : ''}${current}`;
}

/** Health lines of the workers alive in the last hour, newest first. */
export async function workerHealth(pool: pg.Pool): Promise<string[]> {
  if (!(await hasQueueSchema(pool))) return [];
  const { rows } = await pool.query<WorkerRow>("SELECT * FROM yusuan_queue.workers WHERE status <> 'stopped' OR stopped_at > now() - interval '1 hour' ORDER BY started_at DESC");
  return rows.map((w) => healthLine(w));
}

async function hasQueueSchema(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ t: string | null }>("SELECT to_regclass('yusuan_queue.outcomes')::text AS t");
  return rows[0]?.t != null;
}

/** The run's throughput per worker: documents, pages and documents per minute of each. */
export async function workerThroughput(pool: pg.Pool, runId: number): Promise<string[]> {
  if (!(await hasQueueSchema(pool))) return [];
  const { rows } = await pool.query<{ worker_id: string; docs: number; stored: number; pages: number; first: string; last: string }>(
    `SELECT o.worker_id, count(*)::int AS docs, count(*) FILTER (WHERE i.status = 'stored')::int AS stored,
            coalesce(sum(i.pages), 0)::int AS pages, min(o.started_at) AS first, max(o.finished_at) AS last
     FROM yusuan_queue.outcomes o JOIN run_items i ON i.run_id = o.run_id AND i.path = o.path
     WHERE o.run_id = $1 GROUP BY o.worker_id ORDER BY o.worker_id COLLATE "C"`,
    [runId],
  );
  return rows.map((r) => {
    if (r.worker_id === 'enqueue') return `enqueue: ${r.docs} inputs settled without a job (unreadable, duplicates, stored already)`;
    const minutes = Math.max(1e-9, (Date.parse(r.last) - Date.parse(r.first)) / 60_000);
    return `${r.worker_id}: ${r.docs} inputs (${r.stored} stored), ${r.pages} pages in ${formatDuration(minutes * 60_000)}: ${(r.docs / minutes).toFixed(1)} docs/min`;
  });
}
