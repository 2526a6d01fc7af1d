// The SQLite store: opening with WAL and foreign keys, and numbered SQL migrations applied
// in order (PRAGMA user_version holds the last one applied).
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { YusuanError } from '../core/errors.ts';

export type DB = Database.Database;

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

export function migrations(): Array<{ version: number; name: string; sql: string }> {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(new URL(f, MIGRATIONS_DIR), 'utf8') }));
}

export function openDb(path: string, opts: { readonly?: boolean } = {}): DB {
  let db: DB;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (err) {
    throw new YusuanError('E_USAGE', `cannot open the database ${path}: ${(err as Error).message}`, {
      hint: opts.readonly ? 'run `yusuan ingest` first to create it' : 'check the path and its permissions',
      cause: err,
    });
  }
  db.pragma('busy_timeout = 10000');
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  if (!opts.readonly) migrate(db);
  else {
    const v = db.pragma('user_version', { simple: true }) as number;
    if (v === 0) throw new YusuanError('E_USAGE', `${path} is not a yusuan database (no schema)`, { hint: 'run `yusuan ingest` first' });
  }
  return db;
}

/**
 * Apply every migration not applied yet, in order. Which ones were applied is recorded by
 * number (schema_migrations), not only as the highest one (user_version): migrations written
 * on two branches at once may land in either order, and none is skipped for it. A database
 * from before the record was kept counts every number up to its user_version as applied.
 */
export function migrate(db: DB): void {
  const all = migrations();
  const latest = all.at(-1)?.version ?? 0;
  // checked and applied under one write lock, so two runs starting together migrate once
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > latest) {
      throw new YusuanError('E_USAGE', `the database has schema version ${current}, newer than this yusuan knows (${latest})`, { hint: 'upgrade yusuan' });
    }
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const recorded = db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>;
    const applied = new Set(recorded.map((r) => r.version));
    if (applied.size === 0) for (const m of all) if (m.version <= current) applied.add(m.version);
    const record = db.prepare('INSERT OR IGNORE INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const now = new Date().toISOString();
    for (const m of all) {
      if (!applied.has(m.version)) db.exec(m.sql);
      record.run(m.version, m.name, now);
    }
    db.pragma(`user_version = ${latest}`);
  }).immediate();
}
