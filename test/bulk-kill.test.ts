// Issue 5: a bulk ingest killed with SIGKILL at random points, several times, then run to
// the end: every document is stored exactly once, whole, and nothing else is in the
// database. On the way, a second ingest started beside a running one stops with E_LOCKED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readInput } from '../src/pipeline/read-input.ts';
import { processDocument } from '../src/pipeline/process-document.ts';
import { makeBatch, runCli, seeded, type BatchFamily } from './bulk-helpers.ts';

let dir: string;
let families: BatchFamily[];
let dbPath: string;
const SEED = 20261122;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yusuan-kill-'));
  families = makeBatch(join(dir, 'in'), { text: 14, pdf: 4 });
  dbPath = join(dir, 'kill.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a bulk ingest killed at random points', () => {
  it('stores every document exactly once after a rerun, and nothing else', async () => {
    const rand = seeded(SEED);
    const inputs = families.reduce((s, f) => s + f.files.length, 0);
    const kills: string[] = [];
    let lockChecked = false;
    // Kill 1 lands during start-up; kills 2–5 after a few new documents, at a random delay.
    for (let k = 0; k < 5; k++) {
      const run = runCli(['ingest', join(dir, 'in'), '--db', dbPath, '--jobs', '2']);
      if (k === 0) await sleep(100 + rand() * 400);
      else {
        const target = 1 + Math.floor(rand() * 4);
        let seen = 0;
        await run.waitFor((e) => e['event'] === 'doc:stored' && ++seen >= target);
        if (!lockChecked) {
          // a second ingest on the same database while this one writes: a clear refusal
          const second = await runCli(['ingest', join(dir, 'in'), '--db', dbPath]).exit;
          expect(second.code).toBe(2);
          expect(second.stderr).toMatch(/kill\.db: run \d+ \(pid \d+ on .+, started .+\) is still writing to this database \(hint: wait for it to finish/);
          lockChecked = true;
        }
        await sleep(rand() * 60);
      }
      run.child.kill('SIGKILL');
      const exit = await run.exit;
      kills.push(`kill ${k + 1}: ${exit.signal ?? `exit ${exit.code}`} after ${run.events.filter((e) => e['event'] === 'doc:stored').length} stored`);
    }
    expect(lockChecked).toBe(true);

    const last = await runCli(['ingest', join(dir, 'in'), '--db', dbPath, '--jobs', '2', '--json']).exit;
    expect(last.code, `${kills.join('\n')}\n${last.stderr.slice(-3000)}`).toBe(0);
    const report = JSON.parse(last.stdout) as { inputs: number; stored: number; failed: number; skipped: number; status: string };
    expect(report).toMatchObject({ inputs, failed: 0, status: 'done' });
    expect(report.stored + report.skipped).toBe(inputs);

    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const count = (sql: string, ...p: unknown[]) => (db.prepare(sql).get(...p) as { n: number }).n;
      // nothing half-written or left over
      expect(count('SELECT count(*) n FROM facts WHERE doc NOT IN (SELECT sha256 FROM documents)')).toBe(0);
      expect(count('SELECT count(*) n FROM fact_sources s WHERE NOT EXISTS (SELECT 1 FROM facts f WHERE f.doc = s.doc AND f.key = s.key)')).toBe(0);
      expect(count('SELECT count(*) n FROM findings WHERE doc NOT IN (SELECT sha256 FROM documents)')).toBe(0);

      // every document once, with exactly the facts, sources and findings of its source
      const stored = new Set((db.prepare('SELECT sha256 FROM documents').all() as Array<{ sha256: string }>).map((r) => r.sha256));
      const expected = new Set<string>();
      for (const fam of families) {
        const { file, bytes } = readInput(fam.first);
        const { disclosure } = await processDocument(file, bytes);
        const want = {
          facts: disclosure.facts.length,
          sources: disclosure.facts.reduce((s, f) => s + f.sources.length, 0),
          findings: disclosure.findings.length,
        };
        expect(want.facts).toBeGreaterThan(10);
        for (const path of fam.files) {
          const sha = readInput(path).file.sha256;
          expected.add(sha);
          const got = {
            facts: count('SELECT count(*) n FROM facts WHERE doc = ?', sha),
            sources: count('SELECT count(*) n FROM fact_sources WHERE doc = ?', sha),
            findings: count('SELECT count(*) n FROM findings WHERE doc = ?', sha),
          };
          expect(got, path).toEqual(want);
        }
      }
      expect(expected.size).toBe(inputs);
      expect([...stored].sort()).toEqual([...expected].sort());

      // each document was recorded as stored by exactly one run: the one whose transaction held it
      const storedRows = db.prepare("SELECT sha256, count(*) n FROM run_items WHERE status = 'stored' GROUP BY sha256").all() as Array<{ sha256: string; n: number }>;
      expect(storedRows.map((r) => r.sha256).sort()).toEqual([...expected].sort());
      expect(storedRows.every((r) => r.n === 1)).toBe(true);

      // the killed runs were found dead and marked so by the next run; the last one is done
      // (the first kill may land before its run was recorded at all)
      const runs = (db.prepare('SELECT status FROM runs ORDER BY id').all() as Array<{ status: string }>).map((r) => r.status);
      expect(runs.length).toBeGreaterThanOrEqual(5);
      expect(runs).toEqual([...runs.slice(0, -1).map(() => 'interrupted'), 'done']);
    } finally {
      db.close();
    }
  }, 120_000);
});

describe('a bulk ingest stopped with SIGINT', () => {
  it('finishes the documents being stored, records the run as interrupted and exits 130', async () => {
    const db = join(dir, 'sigint.db');
    const run = runCli(['ingest', join(dir, 'in'), '--db', db, '--jobs', '2', '--json']);
    await run.waitFor((e) => e['event'] === 'doc:stored');
    run.child.kill('SIGINT');
    const exit = await run.exit;
    expect(exit.code, exit.stderr.slice(-2000)).toBe(130);
    const report = JSON.parse(exit.stdout) as { status: string; inputs: number; stored: number; outcomes: unknown[] };
    expect(report.status).toBe('interrupted');
    expect(report.outcomes.length).toBeLessThan(report.inputs);
    const conn = new Database(db, { readonly: true });
    try {
      expect(conn.prepare('SELECT status, stored FROM runs').all()).toEqual([{ status: 'interrupted', stored: report.stored }]);
      expect((conn.prepare('SELECT count(*) n FROM documents').get() as { n: number }).n).toBe(report.stored);
    } finally {
      conn.close();
    }
  }, 60_000);
});
