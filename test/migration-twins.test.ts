// Every SQLite migration has its PostgreSQL twin (src/store/migrations/postgres/, same file
// name) and no twin is left without its SQLite original: the two stores cannot drift apart
// by a forgotten file. (Run without a server: this only reads the folders.)
import { describe, expect, it } from 'vitest';
import { migrations } from '../src/store/db.ts';
import { pgMigrations } from '../src/store/pg/migrate.ts';

describe('migrations for both dialects', () => {
  it('every SQLite migration has a PostgreSQL twin, and the other way round', () => {
    const sqlite = migrations().map((m) => m.name);
    const postgres = pgMigrations().map((m) => m.name);
    expect(sqlite.length).toBeGreaterThan(0);
    expect(sqlite.filter((n) => !postgres.includes(n)), 'SQLite migrations without a twin in src/store/migrations/postgres/').toEqual([]);
    expect(postgres.filter((n) => !sqlite.includes(n)), 'PostgreSQL migrations without an SQLite original').toEqual([]);
  });
});
