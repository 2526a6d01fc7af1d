// The PostgreSQL schema: the twins of the SQLite migrations (../migrations/postgres/NNN_name.sql,
// one for each ../migrations/NNN_name.sql), applied in order. yusuan_schema holds every version
// applied, by number (PostgreSQL has no user_version): a migration missing from it is applied
// even when a higher one already was, as SQLite's schema_migrations does. An advisory lock
// makes many workers starting at once migrate once.
import type pg from 'pg';
import { readdirSync, readFileSync } from 'node:fs';
import { YusuanError } from '../../core/errors.ts';
import { checkout } from './connect.ts';

const PG_MIGRATIONS_DIR = new URL('../migrations/postgres/', import.meta.url);
/** An arbitrary constant key for pg_advisory_xact_lock: "yusuan migrate". */
const MIGRATE_LOCK = 0x79757375;

export function pgMigrations(): Array<{ version: number; name: string; sql: string }> {
  return readdirSync(PG_MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(new URL(f, PG_MIGRATIONS_DIR), 'utf8') }));
}

export async function migratePg(pool: pg.Pool): Promise<void> {
  const all = pgMigrations();
  const latest = all.at(-1)?.version ?? 0;
  const { c, release } = await checkout(pool);
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
    await c.query('CREATE TABLE IF NOT EXISTS yusuan_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await c.query<{ version: number }>('SELECT version FROM yusuan_schema');
    const applied = new Set(rows.map((r) => r.version));
    const current = Math.max(0, ...applied);
    if (current > latest) {
      throw new YusuanError('E_USAGE', `the database has schema version ${current}, newer than this yusuan knows (${latest})`, { hint: 'upgrade yusuan' });
    }
    // by number, not only the highest: migrations written on two branches at once may land in
    // either order, and one numbered below a migration already applied is applied all the same
    for (const m of all) {
      if (applied.has(m.version)) continue;
      await c.query(m.sql);
      await c.query('INSERT INTO yusuan_schema (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    await c.query('COMMIT');
  } catch (err) {
    // the connection may be gone, and the server has rolled back for us then
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    release();
  }
}

/** The schema version of a database opened read-only (0: no yusuan schema yet). */
export async function pgSchemaVersion(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ t: string | null }>("SELECT to_regclass('yusuan_schema')::text AS t");
  if (!rows[0]?.t) return 0;
  const v = await pool.query<{ v: number | null }>('SELECT max(version) AS v FROM yusuan_schema');
  return v.rows[0]?.v ?? 0;
}
