// Issue 14: the distributed path against a real PostgreSQL server. The bundled samples go
// through `yusuan enqueue` and worker processes and come out as the same exports as an
// SQLite ingest of the same files; a worker killed with SIGKILL mid-document leaves no part
// of it and another worker finishes its job after the lease; the same file enqueued twice
// is stored once; a server restart in the middle of a run costs no document.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runCli, type CliRun } from './bulk-helpers.ts';
import { CAN_RESTART, describePg, freshDatabase, query, restartServer } from './pg-helpers.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const SAMPLES = ['samples/seed', 'samples/real'].map((d) => join(ROOT, d));
const BIG = join(ROOT, 'samples/real/renwu-xian__民政局_2026年部门预算.pdf'); // 84 pages, several seconds
const SEED = join(ROOT, 'samples/seed/fujian-12345-2026-budget.txt');
const FORMATS = [['facts'], ['findings'], ['csv'], ['csv', '--wide']] as const;

/** Short leases, sweeps and retry delays, so that the recoveries happen within a test. */
const FAST = ['--lease', '5', '--retry-delay', '1'];
const FAST_WORKER = ['--sweep', '1', '--poll', '0.2', '--jobs', '1'];

async function cli(args: readonly string[]): Promise<string> {
  const r = await runCli(args).exit;
  if (r.code !== 0) throw new Error(`yusuan ${args.join(' ')} exited ${r.code}\n${r.stderr.slice(-3000)}`);
  return r.stdout;
}

async function exportsOf(db: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of FORMATS) out[f.join(' ')] = await cli(['export', '--format', ...f, '--db', db]);
  return out;
}

async function enqueue(db: string, inputs: readonly string[], extra: readonly string[] = []): Promise<number> {
  const out = await cli(['enqueue', ...inputs, '--db', db, ...FAST, ...extra]);
  const m = /^run (\d+):/.exec(out);
  if (!m) throw new Error(`no run number in: ${out}`);
  return Number(m[1]);
}

function worker(db: string, run: number | undefined, extra: readonly string[] = []): CliRun {
  return runCli(['worker', '--db', db, ...FAST_WORKER, ...(run !== undefined ? ['--run', String(run)] : []), ...extra]);
}

async function settled(w: CliRun): Promise<void> {
  const r = await w.exit;
  if (r.code !== 0) throw new Error(`worker exited ${r.code} (${r.signal})\n${r.stderr.slice(-3000)}`);
}

async function runRow(db: string, run: number) {
  const [r] = await query<{ status: string; inputs: number; stored: number; failed: number; skipped: number }>(db, 'SELECT status, inputs, stored, failed, skipped FROM runs WHERE id = $1', [run]);
  return r!;
}

describePg('the PostgreSQL queue', () => {
  let dir: string;
  let reference: Record<string, string>;
  const dbs: Array<{ drop: () => Promise<void> }> = [];
  const fresh = async (label: string): Promise<string> => {
    const d = await freshDatabase(label);
    dbs.push(d);
    return d.url;
  };
  const workers: CliRun[] = [];
  const start = (db: string, run: number | undefined, extra: readonly string[] = []): CliRun => {
    const w = worker(db, run, extra);
    workers.push(w);
    return w;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yusuan-pgq-'));
    // the reference: the same files through the default path, SQLite and worker threads
    const sqlite = join(dir, 'reference.db');
    await cli(['ingest', ...SAMPLES, '--db', sqlite, '--quiet']);
    reference = await exportsOf(sqlite);
  }, 300_000);
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    for (const d of dbs) await d.drop().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('enqueue + three worker processes export the same facts, findings and CSV as an SQLite ingest', async () => {
    const db = await fresh('corpus');
    const run = await enqueue(db, SAMPLES);
    const three = [start(db, run), start(db, run), start(db, run)];
    await Promise.all(three.map(settled));
    const r = await runRow(db, run);
    expect(r).toMatchObject({ status: 'done', inputs: 8, stored: 8, failed: 0, skipped: 0 });
    expect(await exportsOf(db)).toEqual(reference);
    // every input has exactly one outcome, and report names the workers that gave them
    const report = await cli(['report', '--db', db]);
    expect(report).toMatch(/8 inputs = 8 stored \+ 0 failed \+ 0 skipped/);
    expect(report).toMatch(/throughput per worker:/);
    expect((report.match(/docs\/min/g) ?? []).length).toBeGreaterThanOrEqual(1);
  }, 400_000);

  it('a worker killed mid-document leaves no part of it, and another finishes its job after the lease', async () => {
    const db = await fresh('kill');
    const run = await enqueue(db, [BIG, SEED]);
    const a = start(db, undefined);
    await a.waitFor((e) => e['event'] === 'doc:start' && e['path'] === BIG);
    await new Promise((res) => setTimeout(res, 1500)); // well inside the document's extraction
    a.child.kill('SIGKILL');
    await a.exit;
    const bigSha = (await query<{ sha256: string }>(db, "SELECT data->>'sha256' AS sha256 FROM pgboss.job WHERE data->>'path' = $1 LIMIT 1", [BIG]))[0]!.sha256;
    const partial = await query<{ n: number }>(db, 'SELECT (SELECT count(*) FROM documents WHERE sha256 = $1) + (SELECT count(*) FROM facts WHERE doc = $1) + (SELECT count(*) FROM run_items WHERE run_id = $2 AND path = $3) AS n', [bigSha, run, BIG]);
    expect(Number(partial[0]!.n)).toBe(0);

    const b = start(db, run);
    await settled(b);
    expect(await runRow(db, run)).toMatchObject({ status: 'done', inputs: 2, stored: 2, failed: 0 });
    const [who] = await query<{ worker_id: string; attempt: number }>(db, 'SELECT worker_id, attempt FROM yusuan_queue.outcomes WHERE run_id = $1 AND path = $2', [run, BIG]);
    expect(who!.attempt).toBeGreaterThanOrEqual(1); // taken again after the first attempt's lease expired
    expect(b.events.some((e) => e['event'] === 'worker:start' && e['worker'] === who!.worker_id)).toBe(true);
    const [docs] = await query<{ n: number; facts: number }>(db, 'SELECT count(*)::int AS n, (SELECT count(*) FROM facts WHERE doc = $1)::int AS facts FROM documents', [bigSha]);
    expect(docs!.n).toBe(2);
    const ref = reference['facts']!.split('\n').filter((l) => l.includes(`"doc":"${bigSha}"`) && l.includes('"source"'));
    expect(docs!.facts).toBeGreaterThan(100);
    expect(ref.length).toBeGreaterThan(0);
  }, 300_000);

  it('SIGTERM: the job in hand is finished within the grace period, or released at its end and done by another', async () => {
    const db = await fresh('sigterm');
    // finished: the default grace is longer than the document
    const run1 = await enqueue(db, [BIG]);
    const a = start(db, undefined);
    await a.waitFor((e) => e['event'] === 'doc:start' && e['path'] === BIG);
    a.child.kill('SIGTERM');
    const ea = await a.exit;
    expect(ea.code).toBe(143);
    expect(await runRow(db, run1)).toMatchObject({ status: 'done', stored: 1 });
    // released: no grace, so the job goes back to the queue at once, and another worker does it
    const run2 = await enqueue(db, [BIG], ['--force']);
    const b = start(db, undefined, ['--grace', '0']);
    await b.waitFor((e) => e['event'] === 'doc:start' && e['path'] === BIG);
    b.child.kill('SIGTERM');
    const eb = await b.exit;
    expect(eb.code).toBe(143);
    expect(b.events.find((e) => e['event'] === 'worker:stop')).toMatchObject({ docs: 0, released: 1 });
    expect((await runRow(db, run2)).status).toBe('running');
    await settled(start(db, run2));
    expect(await runRow(db, run2)).toMatchObject({ status: 'done', stored: 1, failed: 0 });
  }, 300_000);

  it('enqueue --identity: a file the table marks as not a disclosure fails unread, a known unit wins over the content', async () => {
    const db = await fresh('identity');
    const haikou = join(ROOT, 'samples/seed/haikou-12345-2026-budget.txt');
    const table = join(dir, 'identity.tsv');
    writeFileSync(table, `file\tunit\tyear\tstage\tkind\n${basename(SEED)}\t测试单位\t2026\tbudget\t\n${basename(haikou)}\t\t\t\tnotdisclosure\n`);
    const out = await runCli(['enqueue', SEED, haikou, '--db', db, ...FAST, '--identity', table]).exit;
    expect(out.code).toBe(1); // an input failed at once
    const run = Number(/^run (\d+):/.exec(out.stdout)![1]);
    expect(out.stdout).toMatch(/1 queued for workers, 0 skipped, 1 failed at once/);
    await settled(start(db, run));
    expect(await runRow(db, run)).toMatchObject({ status: 'done', inputs: 2, stored: 1, failed: 1 });
    const items = await query<{ path: string; error_code: string | null }>(db, 'SELECT path, error_code FROM run_items WHERE run_id = $1 ORDER BY path', [run]);
    expect(items).toEqual([{ path: SEED, error_code: null }, { path: haikou, error_code: 'E_NOT_DISCLOSURE' }]);
    const docs = await query<{ unit: string; from: string }>(db, "SELECT unit, meta::jsonb->'identity'->>'from' AS from FROM documents");
    expect(docs).toEqual([{ unit: '测试单位', from: 'table' }]);
  }, 200_000);

  it('stores the same file enqueued twice once', async () => {
    const db = await fresh('twice');
    const copies = join(dir, 'copies');
    mkdirSync(copies, { recursive: true });
    const copy = join(copies, `copy-of-${basename(SEED)}`);
    copyFileSync(SEED, copy);
    // within one run: the same path twice and a copy under another name
    const run1 = await enqueue(db, [SEED, SEED, copy]);
    // and across runs: the same file again before any worker took the first
    const run2 = await enqueue(db, [SEED]);
    await Promise.all([start(db, run1), start(db, run2)].map(settled));
    const r1 = await runRow(db, run1);
    const r2 = await runRow(db, run2);
    // whichever run's job was taken first stored it; the other's was skipped as stored meanwhile
    expect(r1).toMatchObject({ status: 'done', inputs: 2, failed: 0 });
    expect(r2).toMatchObject({ status: 'done', inputs: 1, failed: 0 });
    expect(r1.stored + r2.stored).toBe(1);
    expect(r1.skipped + r2.skipped).toBe(2);
    const [n] = await query<{ n: number }>(db, 'SELECT count(*)::int AS n FROM documents');
    expect(n!.n).toBe(1);
    // a third time, with the document stored: settled at enqueue, no job at all
    const run3 = await enqueue(db, [SEED]);
    expect(await runRow(db, run3)).toMatchObject({ status: 'done', inputs: 1, skipped: 1 });
  }, 200_000);

  it.skipIf(!CAN_RESTART)('a server restart during a run costs no document', async () => {
    const db = await fresh('restart');
    const run = await enqueue(db, SAMPLES);
    const two = [start(db, run), start(db, run)];
    // (a worker that exits first ends its wait: settled() below says why)
    await Promise.race(two.map((w) => w.waitFor((e) => e['event'] === 'doc:stored').catch(() => undefined)));
    expect((await runRow(db, run)).status).toBe('running');
    restartServer();
    await Promise.all(two.map(settled));
    expect(await runRow(db, run)).toMatchObject({ status: 'done', inputs: 8, stored: 8, failed: 0, skipped: 0 });
    expect(await exportsOf(db)).toEqual(reference);
  }, 400_000);
});
