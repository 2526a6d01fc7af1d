// `yusuan worker`: takes jobs from the queue and runs the same per-document pipeline as
// ingest (the worker-thread pool with its limits: read → extract → interpret → validate),
// then stores the result in one transaction that also records the input's outcome, the
// worker's bookkeeping and the job's completion. Any number of these run on any number of
// machines against one database.
//
// What can go wrong, and what becomes of the job:
// - the document is bad (a typed error: corrupt, too large, timed out, …): that is its
//   outcome, recorded once; never retried;
// - the database is away (restart, network): the store is retried here for about half a
//   minute, then the job is failed back to the queue, which retries it with backoff;
// - this process dies: its leases stop being renewed, the sweep of any other worker fails
//   the job after the lease, and another worker takes it again (nothing was written: the
//   document's transaction never committed);
// - SIGTERM: no new jobs; those in hand are finished within the grace period, or released
//   back to the queue at its end (or at once on a second signal).
import { hostname } from 'node:os';
import type PgBoss from 'pg-boss';
import type pg from 'pg';
import { asYusuanError, YusuanError } from '../core/errors.ts';
import { outcomeEvent } from '../pipeline/ingest.ts';
import { enginesPerWorker } from '../pipeline/ocr-gate.ts';
import { resolveIngestOptions, type IngestOptions } from '../pipeline/options.ts';
import { extractedDoc, failedOutcome, skippedOutcome, storedOutcome, UNCHANGED } from '../pipeline/outcome.ts';
import type { DocResult, DocTask } from '../pipeline/read-document.ts';
import { fingerprint } from '../pipeline/read-input.ts';
import type { DocumentOutcome } from '../pipeline/runs.ts';
import { WorkerPool } from '../pipeline/worker-pool.ts';
import { PgRepository, type AlsoInTransaction } from '../store/pg/repository.ts';
import { DEAD_QUEUE, QUEUE, renewLeases, startBoss, txDb, type DocJob } from './boss.ts';
import type { WorkerEvent } from './events.ts';
import { ensureQueueSchema } from './schema.ts';
import { isTransient, withRetry } from './transient.ts';

const WORKER_SCRIPT = new URL('../pipeline/worker.ts', import.meta.url);

export interface QueueWorkerOptions extends Pick<IngestOptions, 'jobs' | 'ocrJobs' | 'maxPages' | 'maxImagePixels' | 'timeoutSeconds' | 'workerMemoryMb' | 'recycleAfter'> {
  /** How often an idle slot asks for a job, in ms. Default 1000. */
  readonly pollMs?: number;
  /** Seconds between sweeps for expired leases (pg-boss maintenance). Default 15. */
  readonly sweepSeconds?: number;
  /** Seconds the jobs in hand get to finish after a stop, before they are released. Default 25. */
  readonly graceSeconds?: number;
  /** Stop taking jobs; finish or (after the grace) release those in hand. */
  readonly signal?: AbortSignal;
  /** Release the jobs in hand now and stop. */
  readonly release?: AbortSignal;
  /** Stop once this run has an outcome for every input (ingest --db postgres://). */
  readonly untilRunDone?: number;
  /** A health line every this many ms. Default 30000. */
  readonly healthEveryMs?: number;
  readonly onEvent?: (e: WorkerEvent) => void;
}

export interface WorkerSummary {
  readonly worker: string;
  readonly docs: number;
  readonly released: number;
}

interface Held {
  readonly job: PgBoss.JobWithMetadata<DocJob>;
  readonly queue: string;
  readonly startedAt: string;
  released: boolean;
}

/** Thrown where a released job's work is cut short: nothing more is to be done with it. */
class Released extends Error {}

const sleep = (ms: number, wake: AbortSignal): Promise<void> =>
  new Promise((res) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      wake.removeEventListener('abort', done);
      res();
    }
    wake.addEventListener('abort', done, { once: true });
  });

export async function runWorker(url: string, options: QueueWorkerOptions = {}): Promise<WorkerSummary> {
  const o = resolveIngestOptions(options);
  const emit = (e: WorkerEvent): void => {
    try {
      options.onEvent?.(e);
    } catch (err) {
      process.emitWarning(`worker event not shown: ${(err as Error).message}`);
    }
  };
  const warn = (m: string): void => emit({ event: 'worker:warning', worker: id, message: m });
  const id = `${hostname()}:${process.pid}:${Date.now().toString(36)}`;
  const repo = await PgRepository.open(url, { max: o.jobs + 3, applicationName: 'yusuan-worker' });
  let boss: PgBoss | undefined;
  const pool = new WorkerPool<DocTask, DocResult>({ script: WORKER_SCRIPT, size: o.jobs, ocrSlots: o.ocrJobs, timeoutMs: o.timeoutMs, memoryMb: o.workerMemoryMb, recycleAfter: o.recycleAfter });
  const held = new Map<string, Held>();
  const stop = new AbortController();
  let docs = 0;
  let released = 0;
  const timers: NodeJS.Timeout[] = [];
  try {
    await ensureQueueSchema(repo.pool);
    boss = await startBoss(url, { supervise: true, sweepSeconds: options.sweepSeconds ?? 15, onError: (err) => warn(`queue: ${err.message}`) });
    await repo.pool.query('INSERT INTO yusuan_queue.workers (id, host, pid, jobs) VALUES ($1, $2, $3, $4)', [id, hostname(), process.pid, o.jobs]);
    emit({ event: 'worker:start', worker: id, jobs: o.jobs, db: repo.name });

    const b = boss;
    const health = () => ({ event: 'worker:health' as const, worker: id, docs, current: [...held.values()].map((h) => h.job.data.path), rssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
    // heartbeat: the leases of the jobs in hand and the worker's row, a third of the shortest lease or 5 s
    let lastBeat = Date.now();
    timers.push(
      setInterval(() => {
        const lease = Math.min(60, ...[...held.values()].map((h) => Number(h.job.expireInSeconds) || 60));
        if (Date.now() - lastBeat < Math.min(5000, (lease * 1000) / 3)) return;
        lastBeat = Date.now();
        const h = health();
        void Promise.all([
          renewLeases(repo.pool, [...held.values()].filter((x) => x.queue === QUEUE && !x.released).map((x) => x.job.id)),
          repo.pool.query('UPDATE yusuan_queue.workers SET heartbeat_at = clock_timestamp(), current = $2, max_rss_mb = $3 WHERE id = $1', [id, h.current, h.rssMb]),
        ]).catch((err: Error) => warn(`heartbeat not written (${err.message})`));
      }, 500),
      setInterval(() => emit(health()), options.healthEveryMs ?? 30_000),
    );
    for (const t of timers) t.unref();

    const releaseAll = async (): Promise<void> => {
      for (const h of held.values()) {
        if (h.released) continue;
        h.released = true;
        released++;
        try {
          await b.fail(h.queue, h.job.id, { code: 'E_RELEASED', message: `released by worker ${id} on stopping` });
        } catch (err) {
          // the lease will expire instead, and the sweep will fail it just the same
          warn(`${h.job.data.path}: not released (${(err as Error).message}); it will be taken again when its lease expires`);
        }
      }
      await pool.close();
    };
    let grace: NodeJS.Timeout | undefined;
    const onStop = (): void => {
      if (stop.signal.aborted) return;
      stop.abort();
      emit({ event: 'worker:stopping', worker: id, inHand: held.size });
      void repo.pool.query("UPDATE yusuan_queue.workers SET status = 'stopping' WHERE id = $1", [id]).catch(() => undefined);
      grace = setTimeout(() => void releaseAll(), (options.graceSeconds ?? 25) * 1000);
    };
    const onRelease = (): void => {
      onStop();
      void releaseAll();
    };
    if (options.signal?.aborted) onStop();
    options.signal?.addEventListener('abort', onStop, { once: true });
    options.release?.addEventListener('abort', onRelease, { once: true });

    const cx: JobContext = { repo, boss: b, pool, workerId: id, o, emit, warn };
    const slot = async (): Promise<void> => {
      while (!stop.signal.aborted) {
        const job = await fetchNext(b);
        if (!job) {
          if (options.untilRunDone !== undefined && (await runDone(repo.pool, options.untilRunDone))) onStop();
          else await sleep(options.pollMs ?? 1000, stop.signal);
          continue;
        }
        const h: Held = { job: job.job, queue: job.queue, startedAt: new Date().toISOString(), released: false };
        held.set(job.job.id, h);
        try {
          if (await handle(cx, h)) docs++;
        } finally {
          held.delete(job.job.id);
        }
        // the queue is shared: a worker for one run stops when that run is done, not when the queue is empty
        if (options.untilRunDone !== undefined && (await runDone(repo.pool, options.untilRunDone))) onStop();
      }
    };
    await Promise.all(Array.from({ length: o.jobs }, slot));
    clearTimeout(grace);
    options.signal?.removeEventListener('abort', onStop);
    options.release?.removeEventListener('abort', onRelease);
  } finally {
    for (const t of timers) clearInterval(t);
    await pool.close();
    await repo.pool
      .query("UPDATE yusuan_queue.workers SET status = 'stopped', stopped_at = clock_timestamp(), current = '{}', max_rss_mb = $2 WHERE id = $1", [id, Math.round(process.resourceUsage().maxRSS / 1024)])
      .catch((err: Error) => warn(`worker row not closed (${err.message})`));
    await boss?.stop({ graceful: false, wait: true }).catch((err: Error) => warn(`queue not stopped cleanly (${err.message})`));
    await repo.close();
  }
  emit({ event: 'worker:stop', worker: id, docs, released });
  return { worker: id, docs, released };
}

interface JobContext {
  readonly repo: PgRepository;
  readonly boss: PgBoss;
  readonly pool: WorkerPool<DocTask, DocResult>;
  readonly workerId: string;
  readonly o: ReturnType<typeof resolveIngestOptions>;
  readonly emit: (e: WorkerEvent) => void;
  readonly warn: (m: string) => void;
}

/** The next job: the documents' queue first, then the dead letters (spent jobs to settle). */
async function fetchNext(boss: PgBoss): Promise<{ job: PgBoss.JobWithMetadata<DocJob>; queue: string } | undefined> {
  for (const queue of [QUEUE, DEAD_QUEUE]) {
    const [job] = await boss.fetch<DocJob>(queue, { batchSize: 1, includeMetadata: true });
    if (job) return { job, queue };
  }
  return undefined;
}

async function runDone(pool: pg.Pool, runId: number): Promise<boolean> {
  try {
    const { rows } = await pool.query<{ status: string }>('SELECT status FROM runs WHERE id = $1', [runId]);
    return rows[0]?.status !== 'running';
  } catch (err) {
    if (isTransient(err)) return false; // the server is away: ask again on the next poll
    throw err;
  }
}

/** One job to its end. Returns whether this worker recorded the input's outcome. */
async function handle(cx: JobContext, h: Held): Promise<boolean> {
  const { run, path } = h.job.data;
  cx.emit({ event: 'doc:start', run, path, worker: cx.workerId, attempt: h.job.retryCount });
  try {
    const outcome = h.queue === DEAD_QUEUE ? await settleDead(cx, h) : await processJob(cx, h);
    if (outcome) cx.emit({ ...outcomeEvent(run, outcome), worker: cx.workerId });
    return outcome !== undefined;
  } catch (err) {
    if (err instanceof Released || h.released) return false;
    const e = asYusuanError(err, path);
    if (isTransient(err)) {
      // the database is away: back to the queue, which retries it with backoff
      cx.warn(`${path}: ${e.message}; back to the queue for a retry`);
      await cx.boss.fail(h.queue, h.job.id, { code: 'E_STORE', message: e.message }).catch((x: Error) => cx.warn(`${path}: not failed back (${x.message}); its lease will expire`));
      return false;
    }
    // a bug in yusuan rather than the document: its outcome says so, instead of a retry that would fail the same way
    const outcome = failedOutcome(path, new YusuanError('E_INTERNAL', `${path}: ${e.message}`, { hint: 'this is a bug in yusuan: please report it with the file' }), { sha256: h.job.data.sha256, durationMs: 0 });
    try {
      await cx.repo.recordOutcome(run, outcome, bookkeeping(cx, h));
      cx.emit({ ...outcomeEvent(run, outcome), worker: cx.workerId });
      return true;
    } catch (x) {
      cx.warn(`${path}: outcome not recorded (${(x as Error).message}); back to the queue`);
      await cx.boss.fail(h.queue, h.job.id, { code: e.code, message: e.message }).catch(() => undefined);
      return false;
    }
  }
}

/** In the outcome's own transaction: who recorded it, the worker's count, the job's completion. */
function bookkeeping(cx: JobContext, h: Held): AlsoInTransaction {
  return async (c, outcome, recorded) => {
    if (recorded) {
      await c.query('INSERT INTO yusuan_queue.outcomes (run_id, path, worker_id, attempt, started_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
        h.job.data.run,
        h.job.data.path,
        cx.workerId,
        h.job.retryCount,
        h.startedAt,
      ]);
      await c.query('UPDATE yusuan_queue.workers SET docs_done = docs_done + 1 WHERE id = $1', [cx.workerId]);
    }
    await cx.boss.complete(h.queue, h.job.id, { status: outcome.status }, { db: txDb(c) });
  };
}

async function hasOutcome(pool: pg.Pool, run: number, path: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM run_items WHERE run_id = $1 AND path = $2', [run, path]);
  return (rowCount ?? 0) > 0;
}

const retrying = (cx: JobContext, path: string) => ({
  onRetry: (err: unknown, attempt: number) => cx.warn(`${path}: database unavailable (${(err as Error).message}); retry ${attempt}`),
});

async function processJob(cx: JobContext, h: Held): Promise<DocumentOutcome | undefined> {
  const { run, path, sha256, force, known } = h.job.data;
  // a document's duration is its own work, as in ingest: the checks, then from the moment a thread takes it
  let t0 = performance.now();
  const ms = (): number => performance.now() - t0;
  const also = bookkeeping(cx, h);
  const record = async (outcome: DocumentOutcome): Promise<DocumentOutcome> => {
    await withRetry(() => cx.repo.recordOutcome(run, outcome, also), retrying(cx, path));
    return outcome;
  };
  // taken again after a worker died having stored it: only the job is left to complete
  if (await hasOutcome(cx.repo.pool, run, path)) {
    await cx.boss.complete(h.queue, h.job.id);
    return undefined;
  }
  // the file is read from shared storage: it must still be the content that was queued
  let actual: string;
  try {
    actual = (await fingerprint(path)).sha256;
  } catch (err) {
    return record(failedOutcome(path, asYusuanError(err, path), { durationMs: ms() }));
  }
  if (actual !== sha256) return record(failedOutcome(path, changed(path), { sha256: actual, durationMs: ms() }));
  if (!force && (await cx.repo.hasDocument(sha256))) return record(skippedOutcome(path, UNCHANGED, { sha256, durationMs: ms() }));

  const task: DocTask = { path, limits: { maxPages: cx.o.maxPages, maxImagePixels: cx.o.maxImagePixels }, ocrEngines: enginesPerWorker(cx.o.ocrJobs, cx.o.jobs), ...(known ? { known } : {}) };
  let r: DocResult;
  const checksMs = ms();
  try {
    r = await cx.pool.run(task, path, {
      onStart: () => (t0 = performance.now() - checksMs),
      onPage: (page, method) => method === 'ocr' && cx.emit({ event: 'page:ocr', run, path, page }),
    });
  } catch (err) {
    if (h.released) throw new Released();
    // over the time limit, out of memory, a crashed worker thread: the document's outcome
    return record(failedOutcome(path, asYusuanError(err, path), { sha256, durationMs: ms() }));
  }
  if (h.released) throw new Released();
  if (!r.ok) {
    const e = new YusuanError(r.error.code, r.error.message, r.error.hint ? { hint: r.error.hint } : {});
    return record(failedOutcome(path, e, { sha256: r.sha256 ?? sha256, durationMs: ms(), pages: r.pages, ocrPages: r.ocrPages }));
  }
  if (r.file.sha256 !== sha256) return record(failedOutcome(path, changed(path), { sha256: r.file.sha256, durationMs: ms() }));
  const x = { file: r.file, doc: extractedDoc(r), disclosure: r.disclosure, outcome: storedOutcome(path, r, ms()), force };
  return withRetry(() => cx.repo.storeDocument(run, x, also), retrying(cx, path));
}

function changed(path: string): YusuanError {
  return new YusuanError('E_CHANGED', `${path}: the file changed after it was queued (its sha256 is not the one enqueued)`, {
    file: path,
    hint: 'enqueue it again; files must not change while a run reads them',
  });
}

/** A job whose attempts are spent (dead letter): its input fails, saying why. */
async function settleDead(cx: JobContext, h: Held): Promise<DocumentOutcome | undefined> {
  const { run, path, sha256 } = h.job.data;
  if (await hasOutcome(cx.repo.pool, run, path)) {
    await cx.boss.complete(h.queue, h.job.id);
    return undefined;
  }
  const out = (h.job.output ?? {}) as { code?: string; message?: string; value?: { message?: string } };
  const last = out.message ?? out.value?.message ?? 'no error was recorded';
  const lost = /timeout in active state/.test(last);
  const e = lost
    ? new YusuanError('E_INTERNAL', `${path}: given up: the worker reading it stopped answering on every attempt (its lease expired)`, {
        file: path,
        hint: 'the document may bring its worker down (memory?): try it alone with `yusuan ingest`',
      })
    : new YusuanError(out.code === 'E_STORE' ? 'E_STORE' : 'E_INTERNAL', `${path}: given up after every retry (${last})`, {
        file: path,
        hint: 'check the database and the workers, then enqueue it again',
      });
  const outcome = failedOutcome(path, e, { sha256, durationMs: 0 });
  await withRetry(() => cx.repo.recordOutcome(run, outcome, bookkeeping(cx, h)), retrying(cx, path));
  return outcome;
}
