// Issue 14: PostgreSQL as a store, against a real server. The schema is the SQLite one (the
// same tables, views and columns), amounts are numeric and never floating point, and a
// document is stored once however many writers store it at the same moment.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type DB } from '../src/store/db.ts';
import { PgRepository } from '../src/store/pg/repository.ts';
import { SqliteRepository, type DocumentToStore } from '../src/store/repository.ts';
import { readInput } from '../src/pipeline/read-input.ts';
import { processDocument } from '../src/pipeline/process-document.ts';
import { exportFactsFrom } from '../src/store/export.ts';
import { csvChunksFrom } from '../src/store/csv.ts';
import { pgMigrations } from '../src/store/pg/migrate.ts';
import { recordVerdict } from '../src/store/reviews.ts';
import { describePg, freshDatabase, query } from './pg-helpers.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const SEEDS = ['samples/seed/fujian-12345-2026-budget.txt', 'samples/seed/haikou-12345-2026-budget.txt'].map((f) => join(ROOT, f));

async function toStore(path: string): Promise<DocumentToStore> {
  const { file, bytes } = readInput(path);
  const { doc, disclosure } = await processDocument(file, bytes);
  const outcome = { path, status: 'stored' as const, sha256: file.sha256, durationMs: 1, pages: doc.pages.length, ocrPages: 0 };
  return { file, doc, disclosure, outcome };
}

async function newRun(url: string, inputs: number): Promise<number> {
  const [r] = await query<{ id: number }>(url, "INSERT INTO runs (started_at, status, inputs) VALUES (now(), 'running', $1) RETURNING id", [inputs]);
  return r!.id;
}

describePg('PostgreSQL store', () => {
  let db: { url: string; drop: () => Promise<void> };
  let dir: string;
  let sqlite: DB;
  beforeAll(async () => {
    db = await freshDatabase('store');
    dir = mkdtempSync(join(tmpdir(), 'yusuan-pgstore-'));
    sqlite = openDb(join(dir, 's.db'));
  });
  afterAll(async () => {
    sqlite?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('migrates once when many open a new database at the same moment', async () => {
    const repos = await Promise.all([1, 2, 3, 4].map(() => PgRepository.open(db.url)));
    await Promise.all(repos.map((r) => r.close()));
    const applied = await query<{ version: number }>(db.url, 'SELECT version FROM yusuan_schema ORDER BY version');
    expect(applied.map((r) => r.version)).toEqual(pgMigrations().map((m) => m.version));
  });

  it('applies a migration numbered below one already applied (two branches landing in either order)', async () => {
    const late = await freshDatabase('late');
    try {
      const all = pgMigrations();
      const missing = all.find((m) => m.name === '003_reports.sql')!;
      await query(late.url, 'CREATE TABLE yusuan_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      for (const m of all.filter((x) => x !== missing)) {
        await query(late.url, m.sql);
        await query(late.url, 'INSERT INTO yusuan_schema (version, name) VALUES ($1, $2)', [m.version, m.name]);
      }
      await (await PgRepository.open(late.url)).close();
      const [t] = await query<{ t: string | null }>(late.url, "SELECT to_regclass('doc_reports')::text AS t");
      expect(t!.t).toBe('doc_reports');
      const applied = await query<{ version: number }>(late.url, 'SELECT version FROM yusuan_schema ORDER BY version');
      expect(applied.map((r) => r.version)).toEqual(all.map((m) => m.version));
    } finally {
      await late.drop();
    }
  }, 60_000);

  it('has the tables and views of SQLite, column for column', async () => {
    const sqliteCols = new Map<string, string[]>();
    // each store keeps its own record of the migrations applied (schema_migrations, yusuan_schema)
    const objects = sqlite.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'").all() as Array<{ name: string }>;
    for (const { name } of objects) sqliteCols.set(name, (sqlite.prepare(`PRAGMA table_info(${name})`).all() as Array<{ name: string }>).map((c) => c.name));
    const rows = await query<{ table_name: string; column_name: string }>(
      db.url,
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'yusuan_schema' ORDER BY table_name, ordinal_position",
    );
    const pgCols = new Map<string, string[]>();
    for (const r of rows) pgCols.set(r.table_name, [...(pgCols.get(r.table_name) ?? []), r.column_name]);
    expect([...pgCols.keys()].sort()).toEqual([...sqliteCols.keys()].sort());
    for (const [name, cols] of sqliteCols) expect(pgCols.get(name), name).toEqual(cols);
    for (const v of ['v_unit_year', 'v_items', 'v_facts', 'v_findings', 'v_runs', 'v_run_documents', 'v_reviews']) expect(pgCols.has(v), v).toBe(true);
    for (const t of ['doc_reports', 'reviews']) expect(pgCols.has(t), t).toBe(true);
  });

  it('keeps amounts exact: numeric in the views, no floating-point column anywhere', async () => {
    const floats = await query(db.url, "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('real', 'double precision')");
    expect(floats).toEqual([]);
    const amount = await query<{ table_name: string; data_type: string }>(db.url, "SELECT table_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND column_name IN ('amount', 'revenue_total')");
    expect(amount.length).toBeGreaterThanOrEqual(3);
    for (const a of amount) expect(a.data_type, a.table_name).toBe('numeric');
    // the text of an amount must be an exact decimal: the table refuses anything else
    await expect(query(db.url, "INSERT INTO documents (sha256, file, path, kind, bytes, ingested_at) VALUES ('x', 'x', 'x', 'text', 1, now()); INSERT INTO facts VALUES ('x', 'k', 'amount', '1.5e3')")).rejects.toThrow(/check constraint/);
  });

  it('stores one document when two writers store the same file at once', async () => {
    const x = await toStore(SEEDS[0]!);
    const a = await PgRepository.open(db.url);
    const b = await PgRepository.open(db.url);
    try {
      const run1 = await newRun(db.url, 1);
      const run2 = await newRun(db.url, 1);
      const outcomes = await Promise.all([a.storeDocument(run1, x), b.storeDocument(run2, x)]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['skipped', 'stored']);
      const [n] = await query<{ docs: number; facts: number }>(db.url, 'SELECT (SELECT count(*) FROM documents WHERE sha256 = $1)::int AS docs, (SELECT count(*) FROM facts WHERE doc = $1)::int AS facts', [x.file.sha256]);
      expect(n).toEqual({ docs: 1, facts: x.disclosure.facts.length });
      // both runs are complete, each with its one outcome
      const runs = await query<{ status: string; stored: number; skipped: number }>(db.url, 'SELECT status, stored, skipped FROM runs WHERE id IN ($1, $2) ORDER BY id', [run1, run2]);
      expect(runs.map((r) => r.status)).toEqual(['done', 'done']);
      expect(runs.reduce((s, r) => s + r.stored, 0)).toBe(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  }, 60_000);

  it('gives the same rows as SQLite in every view', async () => {
    const pgRepo = await PgRepository.open(db.url);
    const sqliteRepo = new SqliteRepository(sqlite);
    try {
      for (const path of SEEDS) {
        const x = await toStore(path);
        for (const repo of [pgRepo, sqliteRepo]) {
          const run = repo === pgRepo ? await newRun(db.url, 1) : Number(sqlite.prepare("INSERT INTO runs (started_at, inputs) VALUES ('2026-01-01T00:00:00Z', 1)").run().lastInsertRowid);
          await repo.storeDocument(run, x);
        }
      }
      // numbers compared as exact decimal text: SQLite's are floats, PostgreSQL's numeric
      const norm = (rows: Array<Record<string, unknown>>) =>
        rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : typeof v === 'number' || /^-?\d+(\.\d+)?$/.test(String(v)) ? Number(v) : v])))).sort();
      const cols: Record<string, string> = {
        v_items: 'unit, year, stage, sub_unit, scope, classification, code, level, measure, variant, value, amount, file, doc, key',
        v_facts: 'unit, year, stage, key, value, value_type, amount, file, doc, page, line, method, text',
        v_unit_year: 'unit, year, stage, file, doc, kind, pages, ocr_pages, latest, facts, finding_errors, finding_warnings, finding_infos, revenue_total, revenue_current, expenditure_total, expenditure_gpb, three_public_total',
        v_findings: 'unit, year, stage, file, doc, code, severity, message, expected, found',
      };
      for (const [view, c] of Object.entries(cols)) {
        const fromSqlite = sqlite.prepare(`SELECT ${c} FROM ${view}`).all() as Array<Record<string, unknown>>;
        const fromPg = await query(db.url, `SELECT ${c} FROM ${view}`);
        expect(fromSqlite.length, view).toBeGreaterThan(0);
        expect(norm(fromPg), view).toEqual(norm(fromSqlite));
      }
      // and the facts export is the same through the one repository interface
      const all = async (r: typeof pgRepo | typeof sqliteRepo) => {
        const out: string[] = [];
        for await (const f of exportFactsFrom(r)) out.push(JSON.stringify(f));
        return out;
      };
      expect(await all(pgRepo)).toEqual(await all(sqliteRepo));
    } finally {
      await pgRepo.close();
    }
  }, 120_000);

  it('exports the reviewers\' verdicts alike: review and review_value in facts and CSV, and v_reviews', async () => {
    // the documents stored by the test above, in both stores; the same verdicts given in each
    const pgRepo = await PgRepository.open(db.url);
    const sqliteRepo = new SqliteRepository(sqlite);
    try {
      const [doc] = await sqliteRepo.listDocuments();
      const facts = await sqliteRepo.loadFacts(doc!);
      const amount = facts.filter((f) => f.value.type === 'amount');
      expect(amount.length).toBeGreaterThan(2);
      const verdicts = [
        { doc: doc!.sha256, key: amount[0]!.key, verdict: 'confirmed' as const, reviewer: 'r1' },
        { doc: doc!.sha256, key: amount[1]!.key, verdict: 'confirmed' as const, reviewer: 'r1' },
        // a later verdict on the same value overrides: corrected, with the right value
        { doc: doc!.sha256, key: amount[1]!.key, verdict: 'wrong' as const, rightValue: '12.3万元', comment: '见第3页', reviewer: 'r2' },
        // a verdict on a value the fact no longer holds does not count
        { doc: doc!.sha256, key: amount[2]!.key, verdict: 'confirmed' as const, reviewer: 'r1' },
      ];
      const at = new Date('2026-03-01T08:00:00.000Z');
      for (const v of verdicts) {
        const r = recordVerdict(sqlite, v, at);
        await query(db.url, 'INSERT INTO reviews (doc, key, verdict, value_type, seen_value, right_value, comment, reviewer, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
          r.doc, r.key, r.verdict, r.valueType, r.seenValue, r.rightValue, r.comment, r.reviewer, r.at,
        ]);
      }
      sqlite.prepare("UPDATE reviews SET seen_value = '1' WHERE key = ?").run(amount[2]!.key);
      await query(db.url, "UPDATE reviews SET seen_value = '1' WHERE key = $1", [amount[2]!.key]);

      const facts2 = async (r: typeof pgRepo | typeof sqliteRepo) => {
        const out: string[] = [];
        for await (const f of exportFactsFrom(r)) out.push(JSON.stringify(f));
        return out;
      };
      const csv = async (r: typeof pgRepo | typeof sqliteRepo) => {
        let out = '';
        for await (const c of csvChunksFrom(r)) out += c;
        return out;
      };
      const fromPg = await facts2(pgRepo);
      expect(fromPg).toEqual(await facts2(sqliteRepo));
      expect(await csv(pgRepo)).toEqual(await csv(sqliteRepo));
      const byKey = new Map(fromPg.map((l) => JSON.parse(l) as { key: string; source: { doc: string }; review: string; review_value?: number }).filter((f) => f.source.doc === doc!.sha256).map((f) => [f.key, f]));
      expect(byKey.get(amount[0]!.key)).toMatchObject({ review: 'confirmed' });
      expect(byKey.get(amount[1]!.key)).toMatchObject({ review: 'corrected', review_value: 123000 });
      expect(byKey.get(amount[2]!.key)!.review).toBe('unreviewed');

      const c = 'unit, year, stage, file, doc, key, value, value_type, status, right_value, comment, reviewer, verdicts';
      const inSqlite = sqlite.prepare(`SELECT ${c} FROM v_reviews ORDER BY key`).all();
      expect(inSqlite).toHaveLength(2);
      expect(await query(db.url, `SELECT ${c} FROM v_reviews ORDER BY key COLLATE "C"`)).toEqual(inSqlite);
    } finally {
      await pgRepo.close();
    }
  }, 60_000);
});
