// Helpers for the tests against a real PostgreSQL server: the server `.ci/run` started
// (scripts/pg-test-cluster.sh exports YUSUAN_TEST_PG and where its data and binaries are),
// a fresh database per test file, and restarting the server under a running test.
//
// Without YUSUAN_TEST_PG the PostgreSQL tests are skipped with the reason printed; in CI
// (CI set) they fail instead, so that a CI without its server cannot pass in silence.
import { execFileSync } from 'node:child_process';
import { describe } from 'vitest';
import pg from 'pg';

export const PG_URL = process.env['YUSUAN_TEST_PG'];

const REASON = 'YUSUAN_TEST_PG is not set: no PostgreSQL server for these tests. Start one with `eval "$(bash scripts/pg-test-cluster.sh start)"` (or run `npm run test:pg`); .ci/run does this.';

if (!PG_URL) {
  if (process.env['CI']) throw new Error(`PostgreSQL tests cannot run in CI: ${REASON}`);
  process.stderr.write(`\n*** PostgreSQL tests SKIPPED: ${REASON}\n\n`);
}

/** `describe` when a server is there, else `describe.skip` (the reason was printed above). */
export const describePg = PG_URL ? describe : describe.skip;

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** A new empty database on the test server; `drop` removes it. */
export async function freshDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `yusuan_${label}_${process.pid}_${Date.now().toString(36)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(PG_URL!, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Run SQL against a test database with a short-lived client. */
export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** Can this test restart the server (it knows the cluster's data folder and binaries)? */
export const CAN_RESTART = Boolean(process.env['YUSUAN_TEST_PG_DATA'] && process.env['YUSUAN_TEST_PG_BIN']);

/** Restart the test server (fast shutdown: sessions are cut, as in a real restart). */
export function restartServer(): void {
  const bin = process.env['YUSUAN_TEST_PG_BIN']!;
  const data = process.env['YUSUAN_TEST_PG_DATA']!;
  // -l: the server's own output goes to its log, never to a pipe of ours that it would hold open
  const cmd = [`${bin}/pg_ctl`, '-D', data, '-l', `${data}/../server.log`, '-m', 'fast', '-w', '-t', '60', 'restart'];
  // the cluster belongs to `postgres` when the tests run as root (initdb refuses root)
  const argv = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...cmd] : cmd;
  execFileSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
}
