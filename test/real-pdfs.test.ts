// The real PDFs bundled in samples/real: scored against their gold files, and read for their
// identity from the content (one is named with the wrong year, one has no cover at all).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type DB } from '../src/store/db.ts';
import { ingest, type RunReport } from '../src/pipeline/ingest.ts';
import { evaluate, readGoldFolder } from '../src/eval/run-eval.ts';
import { listDocuments } from '../src/store/repo.ts';

const samples = new URL('../samples/', import.meta.url).pathname;
let dir: string;
let db: DB;
let report: RunReport;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yusuan-real-'));
  db = openDb(join(dir, 't.db'));
  report = await ingest(db, [join(samples, 'real')]);
}, 120_000);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('real PDF disclosures', () => {
  it('are all stored', () => {
    expect(report.outcomes.filter((o) => o.status !== 'stored').map((o) => `${o.path}: ${o.message}`)).toEqual([]);
  });

  it('score precision ≥ 0.98 and recall ≥ 0.95 over the gold documents, each ≥ 0.95 / 0.90', () => {
    const golds = readGoldFolder(join(samples, 'gold')).filter((g) => g.file.endsWith('.pdf'));
    const r = evaluate(db, golds);
    expect(r.scores).toHaveLength(3);
    for (const s of r.scores) {
      expect(s.identityOk, `${s.file}: ${s.identityNote}`).toBe(true);
      expect(s.precision, s.file).toBeGreaterThanOrEqual(0.95);
      expect(s.recall, s.file).toBeGreaterThanOrEqual(0.9);
    }
    expect(r.total.precision).toBeGreaterThanOrEqual(0.98);
    expect(r.total.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('read unit and year from the content, not the file name', () => {
    const docs = listDocuments(db);
    const xian = docs.find((d) => d.file.startsWith('renwu-xian'))!;
    expect(xian).toMatchObject({ unit: '西安市民政局', year: 2021, stage: 'budget' }); // the file says 2026
    const tablesOnly = docs.find((d) => d.file === 'renwu-beijing__财政局_2026年部门预算.pdf')!;
    expect(tablesOnly).toMatchObject({ unit: '北京市财政局', year: 2026, stage: 'budget' });
  });

  it("keep each table's own unit: a 元 table and a 万元 table in one document", () => {
    const row = (key: string) => db.prepare("SELECT f.value, s.text FROM facts f JOIN fact_sources s ON s.doc = f.doc AND s.key = f.key AND s.seq = 0 JOIN documents d ON d.sha256 = f.doc WHERE d.file = 'gbc__unit_budget.pdf' AND f.key = ?").get(key) as { value: string; text: string };
    // 一般公共预算支出功能分类预算表 prints 元 with cents
    expect(row('exp.gpb.func.2040601.total')).toMatchObject({ value: '14348853.34' });
    // the 三公 table prints 万元
    expect(row('tp.fiscal.vehicle')).toMatchObject({ value: '99800', text: '9.98' });
  });
});
