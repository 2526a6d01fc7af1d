// End to end on the two seed dumps: ingest into a fresh database, score against gold,
// ingest again (nothing changes), and export the contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type DB } from '../src/store/db.ts';
import { ingest } from '../src/pipeline/ingest.ts';
import { evaluate, readGoldFolder } from '../src/eval/run-eval.ts';
import { exportFacts } from '../src/store/export.ts';
import { ExportedFactSchema } from '../src/core/schemas.ts';

const samples = new URL('../samples/', import.meta.url).pathname;
// Each ingest starts a pool of worker threads (about a second each on an idle machine): on a
// loaded one a test that ingests twice takes well over vitest's 5 s default.
const INGEST_TIMEOUT = 60_000;
let dir: string;
let db: DB;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yusuan-seeds-'));
  db = openDb(join(dir, 't.db'));
  const report = await ingest(db, [join(samples, 'seed')]);
  expect(report).toMatchObject({ inputs: 2, stored: 2, failed: 0, skipped: 0 });
}, INGEST_TIMEOUT);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('seed disclosures', () => {
  it('give exactly their gold facts, with unit, year and stage right', () => {
    const r = evaluate(db, readGoldFolder(join(samples, 'gold')).filter((g) => g.file.endsWith('.txt')));
    for (const s of r.scores) {
      expect({ file: s.file, identity: s.identityNote, wrong: s.wrong, missing: s.missing, extra: s.extra }).toEqual({ file: s.file, identity: '', wrong: [], missing: [], extra: [] });
      expect(s.precision).toBe(1);
      expect(s.recall).toBe(1);
    }
    expect(r.scores).toHaveLength(2);
  });

  it('export every fact in the contract shape, with its source', () => {
    const facts = [...exportFacts(db)];
    expect(facts.length).toBeGreaterThan(200);
    for (const f of facts) ExportedFactSchema.parse(f);
    const f = facts.find((x) => x.key === 'exp.gpb.func.2010350.total' && x.unit === '福建省12345政务服务便民热线中心')!;
    expect(f).toMatchObject({ year: 2026, stage: 'budget', value: 2092800 });
    expect(f.sources.some((s) => s.method === 'table' && s.text === '209.28' && s.file === 'fujian-12345-2026-budget.txt')).toBe(true);
    const prose = facts.find((x) => x.key === 'proj.12345热线运行监督管理项目.total')!;
    expect(prose).toMatchObject({ value: 585100, source: { method: 'prose', text: '58.51万元' } });
  });

  it('ingesting the same files again changes nothing', { timeout: INGEST_TIMEOUT }, async () => {
    const before = [...exportFacts(db)];
    const again = await ingest(db, [join(samples, 'seed')]);
    expect(again).toMatchObject({ inputs: 2, stored: 0, skipped: 2, failed: 0 });
    expect([...exportFacts(db)]).toEqual(before);
  });

  it('a changed file replaces its facts', { timeout: INGEST_TIMEOUT }, async () => {
    const seed = readFileSync(join(samples, 'seed', 'haikou-12345-2026-budget.txt'), 'utf8');
    const copy = join(dir, 'haikou.txt');
    const staff = () =>
      db.prepare("SELECT f.value FROM facts f JOIN documents d ON d.sha256 = f.doc WHERE d.path = ? AND f.key = 'staff.authorized'").all(copy) as Array<{ value: string }>;
    writeFileSync(copy, seed + '\n附：本单位核定编制20人。\n');
    expect((await ingest(db, [copy])).stored).toBe(1);
    expect(staff()).toEqual([{ value: '20' }]);
    writeFileSync(copy, seed + '\n附：本单位核定编制25人。\n');
    expect((await ingest(db, [copy])).stored).toBe(1);
    expect(staff()).toEqual([{ value: '25' }]);
    expect((db.prepare('SELECT count(*) n FROM documents WHERE path = ?').get(copy) as { n: number }).n).toBe(1);
  });
});

describe('a disclosure published as two files', () => {
  it('exports one fact per key with the sources of both files', { timeout: INGEST_TIMEOUT }, async () => {
    const d = mkdtempSync(join(tmpdir(), 'yusuan-pair-'));
    const pairDb = openDb(join(d, 'p.db'));
    try {
      const seed = readFileSync(join(samples, 'seed', 'fujian-12345-2026-budget.txt'), 'utf8');
      const split = seed.lastIndexOf('第三部分');
      // the tables (第一、二部分) and the 说明 (第三部分 on) as two files of one unit and year
      writeFileSync(join(d, 'tables.txt'), seed.slice(0, split));
      writeFileSync(join(d, 'notes.txt'), seed.slice(0, seed.indexOf('第一部分')) + seed.slice(split));
      const r = await ingest(pairDb, [d]);
      expect(r.stored).toBe(2);
      const facts = [...exportFacts(pairDb)];
      const keys = facts.map((f) => f.key);
      expect(new Set(keys).size).toBe(keys.length);
      const gpb = facts.find((f) => f.key === 'exp.gpb.total')!;
      expect(gpb.value).toBe(2457800);
      expect(new Set(gpb.sources.map((s) => s.file))).toEqual(new Set(['tables.txt', 'notes.txt']));
    } finally {
      pairDb.close();
      rmSync(d, { recursive: true, force: true });
    }
  });
});
