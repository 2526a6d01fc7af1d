// Every SQLite migration has its PostgreSQL twin (src/store/migrations/postgres/, same file
// name) and no twin is left without its SQLite original: the two stores cannot drift apart
// by a forgotten file. (Run without a server: this only reads the folders.) And migrations
// are applied by number, so that two written on two branches at once land in either order.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate, migrations } from '../src/store/db.ts';
import { pgMigrations } from '../src/store/pg/migrate.ts';

describe('migrations for both dialects', () => {
  it('every SQLite migration has a PostgreSQL twin, and the other way round', () => {
    const sqlite = migrations().map((m) => m.name);
    const postgres = pgMigrations().map((m) => m.name);
    expect(sqlite.length).toBeGreaterThan(0);
    expect(sqlite.filter((n) => !postgres.includes(n)), 'SQLite migrations without a twin in src/store/migrations/postgres/').toEqual([]);
    expect(postgres.filter((n) => !sqlite.includes(n)), 'PostgreSQL migrations without an SQLite original').toEqual([]);
  });

  it('SQLite: a migration numbered below one already applied is applied all the same', () => {
    const all = migrations();
    const late = all.find((m) => m.name === '003_reports.sql')!;
    const db = new Database(':memory:');
    try {
      // a database that had 004 (from one branch) before 003 (from another) was merged
      db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      for (const m of all.filter((x) => x !== late)) {
        db.exec(m.sql);
        db.prepare("INSERT INTO schema_migrations VALUES (?, ?, '2026-01-01T00:00:00Z')").run(m.version, m.name);
      }
      db.pragma(`user_version = ${all.at(-1)!.version}`);
      migrate(db);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'doc_reports'").get()).toBeDefined();
      expect((db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>).map((r) => r.version)).toEqual(all.map((m) => m.version));
      migrate(db); // and again: nothing left to apply
    } finally {
      db.close();
    }
  });
});
