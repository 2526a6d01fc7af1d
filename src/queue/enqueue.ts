// `yusuan enqueue`: a run and one job per input, in one transaction. Inputs are walked and
// hashed here (in the order given, as ingest does), so that what needs no worker is settled
// at once: an unreadable path fails, a second copy in the same run and content stored
// already are skipped, a file the --identity table marks as not a disclosure fails. The rest
// become jobs {run, path, sha256, and the identity table's row} for any worker; the paths
// must name the same files on every worker's machine (shared storage).
import { hostname } from 'node:os';
import { basename } from 'node:path';
import type PgBoss from 'pg-boss';
import type pg from 'pg';
import { asYusuanError } from '../core/errors.ts';
import { collectInputs } from '../pipeline/collect.ts';
import { fingerprint } from '../pipeline/read-input.ts';
import { failedOutcome, notDisclosure, SAME_AS_EARLIER, skippedOutcome, UNCHANGED } from '../pipeline/outcome.ts';
import type { IdentityTable } from '../core/identity-table.ts';
import type { DocumentOutcome } from '../pipeline/runs.ts';
import { inTransaction } from '../store/pg/connect.ts';
import type { PgRepository } from '../store/pg/repository.ts';
import { recordOutcomePg } from '../store/pg/write.ts';
import { DEAD_QUEUE, QUEUE, txDb, type DocJob, type QueuePolicy } from './boss.ts';

export interface EnqueueOptions {
  readonly force?: boolean;
  /** What the crawl knows (`--identity FILE`), as for ingest: each job carries its file's row. */
  readonly identities?: IdentityTable;
  readonly policy: QueuePolicy;
  /** The command line, kept in the run's row. */
  readonly args: readonly string[];
}

export interface EnqueueResult {
  readonly runId: number;
  readonly inputs: number;
  readonly jobs: number;
  /** Inputs given their outcome at once (failed or skipped), without a job. */
  readonly settled: readonly DocumentOutcome[];
}

/** Jobs and outcomes are inserted this many at a time (one statement each). */
const BATCH = 500;

export async function enqueue(repo: PgRepository, boss: PgBoss, inputsArgs: readonly string[], o: EnqueueOptions): Promise<EnqueueResult> {
  const inputs = collectInputs(inputsArgs);
  const seen = new Map<string, string>();
  const settled: DocumentOutcome[] = [];
  const jobs: Array<Omit<DocJob, 'run'>> = [];
  for (const input of inputs) {
    const t0 = performance.now();
    const ms = (): number => performance.now() - t0;
    if (input.error) {
      settled.push(failedOutcome(input.path, input.error, { durationMs: ms() }));
      continue;
    }
    let sha256: string;
    try {
      sha256 = (await fingerprint(input.path)).sha256;
    } catch (err) {
      settled.push(failedOutcome(input.path, asYusuanError(err, input.path), { durationMs: ms() }));
      continue;
    }
    const first = seen.get(sha256);
    if (first !== undefined) {
      settled.push(skippedOutcome(input.path, SAME_AS_EARLIER(first), { sha256, durationMs: ms() }));
      continue;
    }
    seen.set(sha256, input.path);
    if (!o.force && (await repo.hasDocument(sha256))) {
      settled.push(skippedOutcome(input.path, UNCHANGED, { sha256, durationMs: ms() }));
      continue;
    }
    const known = o.identities?.lookup(sha256, basename(input.path));
    if (known && !known.disclosure) {
      settled.push(failedOutcome(input.path, notDisclosure(input.path, known), { sha256, durationMs: ms() }));
      continue;
    }
    jobs.push({ path: input.path, sha256, force: o.force ?? false, ...(known ? { known } : {}) });
  }

  const runId = await inTransaction(repo.pool, async (c) => {
    const { rows } = await c.query<{ id: number }>(
      `INSERT INTO runs (started_at, args, status, inputs, pid, host, heartbeat_at, finished_at)
       VALUES (clock_timestamp(), $1, CASE WHEN $2::int = 0 THEN 'done' ELSE 'running' END, $2, $3, $4, clock_timestamp(), CASE WHEN $2::int = 0 THEN clock_timestamp() END)
       RETURNING id`,
      [JSON.stringify(o.args), inputs.length, process.pid, hostname()],
    );
    const id = rows[0]!.id;
    for (const x of settled) await recordSettled(c, id, x);
    for (let i = 0; i < jobs.length; i += BATCH) {
      await boss.insert(
        jobs.slice(i, i + BATCH).map((j) => ({
          name: QUEUE,
          data: { run: id, ...j } satisfies DocJob,
          expireInSeconds: o.policy.leaseSeconds,
          retryLimit: o.policy.retries,
          retryDelay: o.policy.retryDelaySeconds,
          retryBackoff: true,
          deadLetter: DEAD_QUEUE,
        })),
        { db: txDb(c) },
      );
    }
    return id;
  });
  return { runId, inputs: inputs.length, jobs: jobs.length, settled };
}

async function recordSettled(c: pg.PoolClient, runId: number, x: DocumentOutcome): Promise<void> {
  if (!(await recordOutcomePg(c, runId, x))) return;
  await c.query(`INSERT INTO yusuan_queue.outcomes (run_id, path, worker_id, started_at) VALUES ($1, $2, 'enqueue', clock_timestamp()) ON CONFLICT DO NOTHING`, [runId, x.path]);
}
