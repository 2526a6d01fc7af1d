// A batch of inputs → stored / failed / skipped, one outcome per input, recorded as a run.
//
// Stages: in the main thread each input is hashed as a stream and skipped when its sha256 is
// stored already (or seen earlier in this run); the rest go to a pool of worker threads that
// read, extract, interpret and validate; the result comes back to the main thread, which is
// the only writer: one synchronous transaction per document holds its facts, findings and
// its run_items row, so a run killed at any moment leaves whole documents or none, and the
// next run skips exactly those. A batch never throws for a bad document:
// inputs = stored + failed + skipped for every run that was not interrupted.
import { basename } from 'node:path';
import PQueue from 'p-queue';
import { asYusuanError, YusuanError } from '../core/errors.ts';
import type { DB } from '../store/db.ts';
import { hasDocument, saveDisclosure } from '../store/repo.ts';
import { collectInputs, type InputRef } from './collect.ts';
import type { RunEvent, RunTotals } from './events.ts';
import { resolveIngestOptions, type IngestOptions, type ResolvedIngestOptions } from './options.ts';
import { fingerprint } from './read-input.ts';
import type { DocResult, DocTask } from './read-document.ts';
import { beginRun, finishRun, recordOutcome, setInputs, startHeartbeat, type DocumentOutcome, type OutcomeStatus } from './runs.ts';
import { WorkerPool } from './worker-pool.ts';
import { enginesPerWorker } from './ocr-gate.ts';
import { extractedDoc, notDisclosure, storedOutcome } from './outcome.ts';
import { skippedMeanwhile } from '../store/repository.ts';

export { collectInputs } from './collect.ts';
export type { IngestOptions } from './options.ts';
export type { DocumentOutcome, OutcomeStatus } from './runs.ts';

export interface RunReport extends RunTotals {
  readonly runId: number;
  readonly outcomes: readonly DocumentOutcome[];
  readonly durationMs: number;
  /** Peak resident memory of the whole process (main thread and workers), in MB. */
  readonly maxRssMb: number;
}

const WORKER_SCRIPT = new URL('./worker.ts', import.meta.url);

interface RunContext {
  readonly db: DB;
  readonly runId: number;
  readonly o: ResolvedIngestOptions;
  readonly pool: WorkerPool<DocTask, DocResult>;
  /** sha256 → the first path with that content in this run */
  readonly seen: Map<string, string>;
  /**
   * Inputs are fingerprinted one after another in the order they were given, so that of two
   * copies the one given first is the one read (and the other the one skipped), every time.
   */
  hashed: Promise<unknown>;
  readonly emit: (e: RunEvent) => void;
}

export async function ingest(db: DB, args: readonly string[], options: IngestOptions = {}): Promise<RunReport> {
  const o = resolveIngestOptions(options);
  const t0 = performance.now();
  const inputs = collectInputs(args);
  const pool = new WorkerPool<DocTask, DocResult>({
    script: WORKER_SCRIPT,
    size: o.jobs,
    ocrSlots: o.ocrJobs,
    timeoutMs: o.timeoutMs,
    pageTimeoutMs: o.pageTimeoutMs,
    memoryMb: o.workerMemoryMb,
    recycleAfter: o.recycleAfter,
  });
  const emit = (e: RunEvent): void => {
    try {
      o.onEvent(e);
    } catch (err) {
      // a broken progress display must not lose documents
      process.emitWarning(`progress event not shown: ${(err as Error).message}`);
    }
  };
  // from here the run holds the database: whatever happens, its row is closed in `finally`
  const runId = beginRun(db, args);
  const stopHeartbeat = startHeartbeat(db, runId);
  let finished = false;
  const cx: RunContext = { db, runId, o, pool, seen: new Map(), hashed: Promise.resolve(), emit };
  const outcomes: Array<DocumentOutcome | undefined> = new Array<DocumentOutcome | undefined>(inputs.length);
  // A few more documents in flight than workers: the next ones are hashed (and perhaps
  // skipped) while the workers read. Inputs are queued as room frees up, so that memory
  // stays flat however long the list.
  const queue = new PQueue({ concurrency: o.jobs + 2 });
  const onAbort = (): void => {
    queue.clear();
    void pool.close();
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    setInputs(db, runId, inputs.length);
    emit({ event: 'run:start', run: runId, inputs: inputs.length, jobs: o.jobs, ocrJobs: o.ocrJobs });
    for (const [i, input] of inputs.entries()) {
      await queue.onSizeLessThan(o.jobs * 2);
      if (o.signal?.aborted) break;
      void queue.add(async () => {
        if (o.signal?.aborted) return;
        emit({ event: 'doc:start', run: runId, path: input.path });
        let outcome: DocumentOutcome | undefined;
        try {
          outcome = await ingestOne(cx, input);
        } catch (err) {
          // ingestOne turns every failure into an outcome; this is the net under that net
          const e = asYusuanError(err, input.path);
          outcome = { path: input.path, status: 'failed', errorCode: e.code, message: e.message, durationMs: 0, pages: 0, ocrPages: 0 };
          recordSafely(db, runId, outcome);
        }
        if (!outcome) return; // stopped half-way: no outcome, nothing written
        outcomes[i] = outcome;
        emit(outcomeEvent(runId, outcome));
      });
    }
    await queue.onIdle();
    finished = true;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    stopHeartbeat();
    await pool.close();
    if (!finished) {
      // an error escaped the batch (a bug, or the database gone): release the lock at least
      const n = (s: OutcomeStatus): number => outcomes.filter((x) => x?.status === s).length;
      try {
        finishRun(db, runId, { status: 'interrupted', stored: n('stored'), failed: n('failed'), skipped: n('skipped'), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
      } catch (err) {
        process.emitWarning(`run ${runId}: not closed (${(err as Error).message}); the next run will take it for dead`);
      }
    }
  }
  const done = outcomes.filter((x): x is DocumentOutcome => x !== undefined);
  const count = (s: OutcomeStatus): number => done.filter((x) => x.status === s).length;
  const report: RunReport = {
    runId,
    status: done.length === inputs.length ? 'done' : 'interrupted',
    inputs: inputs.length,
    stored: count('stored'),
    failed: count('failed'),
    skipped: count('skipped'),
    pages: done.reduce((s, x) => s + x.pages, 0),
    ocrPages: done.reduce((s, x) => s + x.ocrPages, 0),
    outcomes: done,
    durationMs: performance.now() - t0,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  finishRun(db, runId, report);
  emit({
    event: 'run:done',
    run: runId,
    status: report.status,
    inputs: report.inputs,
    stored: report.stored,
    failed: report.failed,
    skipped: report.skipped,
    pages: report.pages,
    ocrPages: report.ocrPages,
    ms: Math.round(report.durationMs),
    maxRssMb: report.maxRssMb,
  });
  return report;
}

export function outcomeEvent(run: number, x: DocumentOutcome): RunEvent {
  const base = { run, path: x.path, ...(x.sha256 ? { sha256: x.sha256 } : {}), ms: Math.round(x.durationMs), pages: x.pages, ocrPages: x.ocrPages };
  if (x.status === 'failed') return { event: 'doc:failed', ...base, code: x.errorCode ?? 'E_INTERNAL', message: x.message ?? '', ...(x.hint ? { hint: x.hint } : {}) };
  return {
    event: x.status === 'stored' ? 'doc:stored' : 'doc:skipped',
    ...base,
    ...(x.message ? { message: x.message } : {}),
    ...(x.facts !== undefined ? { facts: x.facts } : {}),
    ...(x.findings !== undefined ? { findings: x.findings } : {}),
  };
}

/** One input to its outcome, recorded. Undefined when the run was stopped before it ended. */
async function ingestOne(cx: RunContext, input: InputRef): Promise<DocumentOutcome | undefined> {
  const { db, runId, o, pool, seen, emit } = cx;
  const path = input.path;
  // a document's duration is its own work: hashing, then from the moment a worker takes it
  let t0 = performance.now();
  let sha256: string | undefined;
  const finish = (x: Omit<DocumentOutcome, 'path' | 'durationMs'>): DocumentOutcome => {
    const outcome: DocumentOutcome = { path, durationMs: performance.now() - t0, ...(sha256 ? { sha256 } : {}), ...x };
    recordSafely(db, runId, outcome);
    return outcome;
  };
  const failed = (e: YusuanError, pages = 0, ocrPages = 0): DocumentOutcome =>
    finish({ status: 'failed', errorCode: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}), pages, ocrPages });
  try {
    if (input.error) return failed(input.error);
    const mine = cx.hashed.then(() => fingerprint(path));
    cx.hashed = mine.catch(() => undefined);
    sha256 = (await mine).sha256;
    const first = seen.get(sha256);
    if (first !== undefined) return finish({ status: 'skipped', message: `same content as ${first}, earlier in this run`, pages: 0, ocrPages: 0 });
    seen.set(sha256, path);
    if (!o.force && hasDocument(db, sha256)) return finish({ status: 'skipped', message: 'unchanged since it was stored', pages: 0, ocrPages: 0 });

    const known = o.identities?.lookup(sha256, basename(path));
    if (known && !known.disclosure) {
      return failed(notDisclosure(path, known));
    }
    const task: DocTask = { path, limits: { maxPages: o.maxPages, maxImagePixels: o.maxImagePixels }, ocrEngines: enginesPerWorker(o.ocrJobs, o.jobs), ...(known ? { known } : {}) };
    const hashMs = performance.now() - t0;
    const r = await pool.run(task, path, {
      onStart: () => (t0 = performance.now() - hashMs),
      onPage: (page, method) => {
        if (method === 'ocr') emit({ event: 'page:ocr', run: runId, path, page });
      },
    });
    if (!r.ok) {
      if (r.sha256) sha256 = r.sha256;
      return failed(new YusuanError(r.error.code, r.error.message, r.error.hint ? { hint: r.error.hint } : {}), r.pages, r.ocrPages);
    }
    return store(cx, path, t0, r);
  } catch (err) {
    if (o.signal?.aborted) return undefined;
    return failed(asYusuanError(err, path));
  }
}

/**
 * Write a document and its run_items row in one transaction. saveDisclosure checks the
 * sha256 again inside it: a document stored meanwhile (by a run that got in through another
 * path, or an earlier duplicate) is skipped, never written twice.
 */
function store(cx: RunContext, path: string, t0: number, r: Extract<DocResult, { ok: true }>): DocumentOutcome {
  const { db, runId, o } = cx;
  const doc = extractedDoc(r);
  const pages = doc.pages;
  const ocrPages = pages.filter((p) => p.method === 'ocr').length;
  try {
    return db.transaction(() => {
      const stored = saveDisclosure(db, r.file, doc, r.disclosure, { force: o.force });
      const done = storedOutcome(path, r, performance.now() - t0);
      const outcome = stored ? done : skippedMeanwhile(done);
      recordOutcome(db, runId, outcome);
      return outcome;
    }).immediate();
  } catch (err) {
    const e = new YusuanError('E_STORE', `${path}: could not be written to the database (${(err as Error).message})`, {
      file: path,
      cause: err,
      hint: 'check the disk space and that no other program holds the database',
    });
    const outcome: DocumentOutcome = { path, status: 'failed', sha256: r.file.sha256, errorCode: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}), durationMs: performance.now() - t0, pages: pages.length, ocrPages };
    recordSafely(db, runId, outcome);
    return outcome;
  }
}

function recordSafely(db: DB, runId: number, outcome: DocumentOutcome): void {
  try {
    recordOutcome(db, runId, outcome);
  } catch (err) {
    // the database refuses writes: the outcome is still in the report and the events
    process.emitWarning(`${outcome.path}: outcome not recorded in run ${runId} (${(err as Error).message})`);
  }
}
