// The commands of the distributed path, all against a PostgreSQL --db: `enqueue` (a run and
// its jobs), `worker` (take jobs and store their documents, on any number of machines), and
// `ingest --db postgres://…` (enqueue, then work the run in this process until it is done).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseIdentityTable, type IdentityTable } from '../core/identity-table.ts';
import { YusuanError } from '../core/errors.ts';
import { ndjsonSink, progressBar } from '../pipeline/progress.ts';
import { dbSpec, isPostgresUrl, redactUrl } from '../store/db-spec.ts';
import { PgRepository } from '../store/pg/repository.ts';
import { formatReportFrom } from '../pipeline/report.ts';
import { DEFAULT_POLICY, startBoss, type QueuePolicy } from '../queue/boss.ts';
import { enqueue, type EnqueueResult } from '../queue/enqueue.ts';
import type { WorkerEvent } from '../queue/events.ts';
import { ensureQueueSchema } from '../queue/schema.ts';
import { followRun, workerThroughput } from '../queue/status.ts';
import { runWorker, type QueueWorkerOptions } from '../queue/worker.ts';

function usage(message: string): never {
  throw new YusuanError('E_USAGE', `${message} (see yusuan --help)`);
}

function postgresDb(flag: string | undefined, cmd: string): string {
  const db = dbSpec(flag);
  if (!isPostgresUrl(db)) usage(`${cmd} needs --db postgres://… (or YUSUAN_DB): the queue lives in PostgreSQL, got '${db}'`);
  return db;
}

function num(flag: string, v: string | undefined, o: { min: number; integer?: boolean }): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < o.min || (o.integer && !Number.isInteger(n))) usage(`${flag} expects ${o.integer ? 'a whole number' : 'a number'} of at least ${o.min}, got '${v}'`);
  return n;
}

const LIMIT_FLAGS = {
  jobs: { type: 'string' },
  'ocr-jobs': { type: 'string' },
  'max-pages': { type: 'string' },
  'max-pixels': { type: 'string' },
  timeout: { type: 'string' },
  'worker-memory': { type: 'string' },
} as const;

const POLICY_FLAGS = {
  lease: { type: 'string' },
  retries: { type: 'string' },
  'retry-delay': { type: 'string' },
} as const;

const WORKER_FLAGS = {
  sweep: { type: 'string' },
  grace: { type: 'string' },
  poll: { type: 'string' },
} as const;

type Values = Record<string, string | boolean | undefined>;
const str = (v: Values, k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

function limits(v: Values): QueueWorkerOptions {
  const pick = {
    jobs: num('--jobs', str(v, 'jobs'), { min: 1, integer: true }),
    ocrJobs: num('--ocr-jobs', str(v, 'ocr-jobs'), { min: 1, integer: true }),
    maxPages: num('--max-pages', str(v, 'max-pages'), { min: 1, integer: true }),
    maxImagePixels: num('--max-pixels', str(v, 'max-pixels'), { min: 1, integer: true }),
    timeoutSeconds: num('--timeout', str(v, 'timeout'), { min: 0.001 }),
    workerMemoryMb: num('--worker-memory', str(v, 'worker-memory'), { min: 64, integer: true }),
    sweepSeconds: num('--sweep', str(v, 'sweep'), { min: 1, integer: true }),
    graceSeconds: num('--grace', str(v, 'grace'), { min: 0 }),
    pollMs: num('--poll', str(v, 'poll'), { min: 0.05 }),
  };
  if (pick.pollMs !== undefined) pick.pollMs *= 1000;
  return Object.fromEntries(Object.entries(pick).filter(([, x]) => x !== undefined)) as QueueWorkerOptions;
}

/** `--identity FILE`: the crawl's table of identities, as for ingest. */
function identities(path: string | undefined): { identities?: IdentityTable } {
  if (path === undefined) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new YusuanError('E_USAGE', `cannot read the identity table ${path}: ${(err as Error).message}`);
  }
  return { identities: parseIdentityTable(text, path) };
}

function policy(v: Values): QueuePolicy {
  return {
    leaseSeconds: num('--lease', str(v, 'lease'), { min: 3, integer: true }) ?? DEFAULT_POLICY.leaseSeconds,
    retries: num('--retries', str(v, 'retries'), { min: 0, integer: true }) ?? DEFAULT_POLICY.retries,
    retryDelaySeconds: num('--retry-delay', str(v, 'retry-delay'), { min: 0, integer: true }) ?? DEFAULT_POLICY.retryDelaySeconds,
  };
}

/**
 * SIGTERM/SIGINT stop a worker: no new jobs, those in hand finish within the grace period or
 * are released; a second signal releases them at once.
 */
function workerSignals(): { stop: AbortSignal; release: AbortSignal; code: () => number | undefined; dispose: () => void } {
  const stop = new AbortController();
  const release = new AbortController();
  let got: number | undefined;
  const handler = (sig: NodeJS.Signals): void => {
    if (got !== undefined) {
      process.stderr.write(`yusuan: ${sig} again: releasing the jobs in hand\n`);
      release.abort();
      return;
    }
    got = sig === 'SIGINT' ? 130 : 143;
    process.stderr.write(`yusuan: ${sig}: finishing the jobs in hand, then stopping (again to release them at once)\n`);
    stop.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    stop: stop.signal,
    release: release.signal,
    code: () => got,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/** Worker events on stderr: NDJSON, or on a terminal one readable line each. */
function workerSink(quiet: boolean): ((e: WorkerEvent) => void) | undefined {
  if (quiet) return undefined;
  if (!process.stderr.isTTY) return (e) => process.stderr.write(JSON.stringify({ ...e, at: new Date().toISOString() }) + '\n');
  return (e) => {
    const line =
      e.event === 'worker:health' ? `health ${e.worker}: ${e.docs} docs done, ${e.rssMb} MB${e.current.length ? `, now: ${e.current.join(', ')}` : ''}`
      : e.event === 'worker:start' ? `worker ${e.worker}: ${e.jobs} jobs at once on ${e.db}`
      : e.event === 'worker:warning' ? `warning: ${e.message}`
      : e.event === 'worker:stopping' ? `stopping: ${e.inHand} jobs in hand`
      : e.event === 'worker:stop' ? `stopped: ${e.docs} docs done, ${e.released} released`
      : e.event === 'doc:stored' || e.event === 'doc:skipped' ? `${e.event.slice(4)} ${e.path}${e.message ? `: ${e.message}` : ''} (${e.ms} ms)`
      : e.event === 'doc:failed' ? `FAILED ${e.path}: [${e.code}] ${e.message}`
      : undefined;
    if (line) process.stderr.write(line + '\n');
  };
}

async function openQueue(db: string): Promise<{ repo: PgRepository; boss: Awaited<ReturnType<typeof startBoss>> }> {
  const repo = await PgRepository.open(db, { applicationName: 'yusuan-enqueue' });
  try {
    await ensureQueueSchema(repo.pool);
    const boss = await startBoss(db, { supervise: false, onError: (err) => process.emitWarning(`queue: ${err.message}`) });
    return { repo, boss };
  } catch (err) {
    await repo.close();
    throw err;
  }
}

function enqueued(r: EnqueueResult, db: string): string {
  const failed = r.settled.filter((x) => x.status === 'failed');
  const lines = [`run ${r.runId}: ${r.inputs} inputs: ${r.jobs} queued for workers, ${r.settled.length - failed.length} skipped, ${failed.length} failed at once (${redactUrl(db)})`];
  for (const x of r.settled) lines.push(x.status === 'failed' ? `  FAILED   ${x.path}: [${x.errorCode}] ${x.message}` : `  skipped  ${x.path}: ${x.message}`);
  return lines.join('\n');
}

export async function cmdEnqueue(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { db: { type: 'string' }, force: { type: 'boolean', default: false }, identity: { type: 'string' }, wait: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, ...POLICY_FLAGS },
  });
  const db = postgresDb(values.db, 'enqueue');
  if (positionals.length === 0) usage('enqueue needs at least one file or folder');
  const p = policy(values);
  const known = identities(values.identity);
  const { repo, boss } = await openQueue(db);
  try {
    const r = await enqueue(repo, boss, positionals, { force: values.force, ...known, policy: p, args: ['enqueue', ...positionals] });
    if (values.json && !values.wait) process.stdout.write(JSON.stringify(r) + '\n');
    else if (!values.quiet) process.stdout.write(enqueued(r, db) + '\n');
    if (!values.wait) return r.settled.some((x) => x.status === 'failed') ? 1 : 0;
    await boss.stop({ graceful: false });
    return await waitAndReport(repo, r.runId, { quiet: values.quiet });
  } finally {
    await boss.stop({ graceful: false }).catch(() => undefined);
    await repo.close();
  }
}

/** Follow a run's progress from the database until it is done, then print its report. */
async function waitAndReport(repo: PgRepository, runId: number, o: { quiet: boolean; signal?: AbortSignal }): Promise<number> {
  const bar = o.quiet ? undefined : process.stderr.isTTY ? progressBar(process.stderr) : undefined;
  const onEvent = o.quiet ? () => {} : (bar?.onEvent ?? ndjsonSink((s) => process.stderr.write(s)));
  await followRun(repo.pool, runId, onEvent, o.signal ? { signal: o.signal } : {});
  bar?.close();
  const run = await repo.loadRun(runId);
  if (!run) return 2;
  if (!o.quiet) {
    const through = await workerThroughput(repo.pool, runId);
    process.stdout.write([await formatReportFrom(repo, run), ...(through.length ? ['throughput per worker:', ...through.map((l) => `  ${l}`)] : [])].join('\n') + '\n');
  }
  return run.failed > 0 ? 1 : 0;
}

export async function cmdWorker(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { db: { type: 'string' }, run: { type: 'string' }, quiet: { type: 'boolean', default: false }, ...LIMIT_FLAGS, ...WORKER_FLAGS },
  });
  const db = postgresDb(values.db, 'worker');
  const o = limits(values);
  const run = num('--run', values.run, { min: 1, integer: true });
  const signals = workerSignals();
  const onEvent = workerSink(values.quiet);
  try {
    await runWorker(db, { ...o, signal: signals.stop, release: signals.release, ...(run !== undefined ? { untilRunDone: run } : {}), ...(onEvent ? { onEvent } : {}) });
    return signals.code() ?? 0;
  } finally {
    signals.dispose();
  }
}

/** `ingest --db postgres://…`: enqueue the inputs, then work the run here until it is done. */
export async function cmdIngestPostgres(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { db: { type: 'string' }, force: { type: 'boolean', default: false }, identity: { type: 'string' }, quiet: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, ...LIMIT_FLAGS, ...POLICY_FLAGS, ...WORKER_FLAGS },
  });
  const db = postgresDb(values.db, 'ingest');
  if (positionals.length === 0) usage('ingest needs at least one file or folder');
  const o = limits(values);
  const p = policy(values);
  const known = identities(values.identity);
  const { repo, boss } = await openQueue(db);
  const signals = workerSignals();
  try {
    const r = await enqueue(repo, boss, positionals, { force: values.force, ...known, policy: p, args: ['ingest', ...positionals] });
    await boss.stop({ graceful: false });
    const worker = runWorker(db, { ...o, signal: signals.stop, release: signals.release, untilRunDone: r.runId });
    const follow = new AbortController();
    const code = waitAndReport(repo, r.runId, { quiet: values.quiet || values.json, signal: follow.signal });
    await worker;
    // stopped by a signal before the run was done: the rest stays queued for any worker
    follow.abort();
    const exit = await code;
    if (values.json) {
      const run = await repo.loadRun(r.runId);
      process.stdout.write(JSON.stringify({ ...run, items: await repo.runItems(r.runId) }) + '\n');
    }
    return signals.code() ?? exit;
  } finally {
    signals.dispose();
    await boss.stop({ graceful: false }).catch(() => undefined);
    await repo.close();
  }
}
