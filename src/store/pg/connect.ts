// Connecting to PostgreSQL: a pool whose values come back as the SQLite path gives them
// (bigint counts as numbers, timestamps as ISO text, numeric as exact decimal text, never a
// float), and transactions on one client.
import pg from 'pg';
import { YusuanError } from '../../core/errors.ts';
import { redactUrl } from '../db-spec.ts';

const INT8 = 20;
const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;

// int8 (count(*), bigint ids, bytes) stay well below 2^53 here; numeric (1700) keeps pg's default: text
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (v: string) => Number(v);
    if (oid === TIMESTAMPTZ || oid === TIMESTAMP) return (v: string) => new Date(v).toISOString();
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as unknown as pg.CustomTypesConfig;

export interface PgPoolOptions {
  readonly max?: number;
  readonly applicationName?: string;
}

export function createPool(url: string, o: PgPoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: o.max ?? 4,
    types,
    application_name: o.applicationName ?? 'yusuan',
    connectionTimeoutMillis: 10_000,
    // a server restart leaves idle clients broken: they are dropped and replaced
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  });
  // an idle client whose server went away emits 'error' on the pool: not fatal, the next query reconnects
  pool.on('error', (err) => process.emitWarning(`PostgreSQL connection lost (${err.message}); reconnecting on the next query`));
  return pool;
}

/** A usage error for a database we cannot reach, naming it without its password. */
export function connectError(url: string, err: unknown): YusuanError {
  return new YusuanError('E_USAGE', `cannot connect to ${redactUrl(url)}: ${(err as Error).message}`, {
    hint: 'check that the server is running, the URL (user, host, port, database) and pg_hba.conf',
    cause: err,
  });
}

/**
 * A client taken from the pool, with an 'error' listener while it is out: pg emits a lost
 * connection on a checked-out client that has no query running as an 'error' event, which
 * would end the process unheard (the pool listens only to idle clients). Its next query
 * fails instead, with an error that isTransient knows.
 */
export async function checkout(pool: pg.Pool): Promise<{ c: pg.PoolClient; release: (broken?: boolean) => void }> {
  const c = await pool.connect();
  let lost: Error | undefined;
  const onError = (err: Error): void => {
    lost = err;
  };
  c.on('error', onError);
  return {
    c,
    release: (broken = false) => {
      c.off('error', onError);
      c.release(broken || lost !== undefined);
    },
  };
}

/** Run `fn` in one transaction on one client; rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const { c, release } = await checkout(pool);
  let broken = false;
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (err) {
    try {
      await c.query('ROLLBACK');
    } catch {
      broken = true; // the connection is gone: the server rolled back for us
    }
    throw err;
  } finally {
    release(broken);
  }
}
