// pg-boss, the job queue on the same PostgreSQL: one queue of documents and its dead-letter
// queue. A job is one input of a run (path and sha256); its lease is pg-boss's expiration
// (`expire_in` from the moment it was taken), renewed by the worker's heartbeat, so a job
// whose worker died is failed by the sweep (pg-boss maintenance) and retried elsewhere with
// backoff, and one whose retries are spent lands in the dead-letter queue, where a worker
// gives it its `failed` outcome.
import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { KnownIdentity } from '../core/identity-table.ts';

export const QUEUE = 'yusuan-docs';
export const DEAD_QUEUE = 'yusuan-docs-dead';
export const BOSS_SCHEMA = 'pgboss';

export interface DocJob {
  readonly run: number;
  readonly path: string;
  readonly sha256: string;
  readonly force: boolean;
  /** The file's row of the --identity table given to enqueue, if any: it wins over the content. */
  readonly known?: KnownIdentity;
}

export interface QueuePolicy {
  /** Seconds a taken job stays leased without a heartbeat from its worker. */
  readonly leaseSeconds: number;
  /** Attempts after the first, for transient failures and expired leases. */
  readonly retries: number;
  /** Seconds before the first retry; doubled (with jitter) for each one after. */
  readonly retryDelaySeconds: number;
}

export const DEFAULT_POLICY: QueuePolicy = { leaseSeconds: 60, retries: 4, retryDelaySeconds: 10 };

export interface BossOptions {
  /** Run pg-boss's maintenance (expiring leases) in this process: workers do, enqueue does not. */
  readonly supervise: boolean;
  /** Seconds between sweeps for expired leases, across all workers (one sweeps at a time). */
  readonly sweepSeconds?: number;
  readonly onError: (err: Error) => void;
}

export async function startBoss(url: string, o: BossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: BOSS_SCHEMA,
    max: 3,
    application_name: 'yusuan-queue',
    supervise: o.supervise,
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: o.sweepSeconds ?? 15,
    // finished jobs are kept a week for inspection, then dropped (the outcomes are in run_items)
    deleteAfterDays: 7,
  });
  boss.on('error', o.onError);
  await boss.start();
  await boss.createQueue(DEAD_QUEUE, { name: DEAD_QUEUE, policy: 'standard', retryLimit: 3, retryDelay: 5, retryBackoff: true });
  await boss.createQueue(QUEUE, { name: QUEUE, policy: 'standard', deadLetter: DEAD_QUEUE });
  return boss;
}

/** pg-boss's executor over one of our clients, so a job is inserted or completed in our transaction. */
export function txDb(c: pg.PoolClient): PgBoss.Db {
  return { executeSql: (text, values) => c.query(text, values) };
}

/**
 * Renew the leases of jobs this worker holds. pg-boss 10 has no heartbeat of its own: its
 * sweep fails an active job once `started_on + expire_in` has passed, so moving `started_on`
 * forward is the renewal (pg-boss is pinned exactly because this reaches into its table).
 */
export async function renewLeases(pool: pg.Pool, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await pool.query(`UPDATE ${BOSS_SCHEMA}.job SET started_on = now() WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'active'`, [QUEUE, ids]);
}
