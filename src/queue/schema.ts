// Applying the queue's schema.sql, under an advisory lock so that workers starting together
// do not race on CREATE … IF NOT EXISTS (which is not safe concurrently in PostgreSQL).
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { inTransaction } from '../store/pg/connect.ts';

const SCHEMA_SQL = new URL('./schema.sql', import.meta.url);
const QUEUE_SCHEMA_LOCK = 0x79757376;

export async function ensureQueueSchema(pool: pg.Pool): Promise<void> {
  const sql = readFileSync(SCHEMA_SQL, 'utf8');
  await inTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [QUEUE_SCHEMA_LOCK]);
    await c.query(sql);
  });
}
