// The scale bench (`npm run bench -- --only scale`): the crawl-shaped corpus
// (../shared/corpus/bulk/docs, read in place, never written) ingested the default way
// (SQLite, worker threads in one process) and through the PostgreSQL queue with 1, 2 and 4
// worker processes (one document at a time each), in the same run on the same machine.
// Prints documents per minute for each, wall time from the first command to the run's last
// outcome (process start-up included, as a user pays it), and whether the PostgreSQL
// exports are the same as the SQLite ones.
//
//   node --import tsx scripts/bench-scale.ts [--corpus DIR] [--procs 1,2,4]
//
// PostgreSQL: YUSUAN_TEST_PG when set, else a throw-away cluster (scripts/pg-test-cluster.sh).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const ROOT = new URL('../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/yusuan.mjs');
const { values } = parseArgs({ options: { corpus: { type: 'string', default: join(ROOT, '../shared/corpus/bulk/docs') }, procs: { type: 'string', default: '1,2,4' } } });
const CORPUS = values.corpus;
const PROCS = values.procs.split(',').map(Number);

function yusuan(args: readonly string[]): Promise<{ code: number | null; stdout: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 && code !== 1) return reject(new Error(`yusuan ${args[0]} exited with ${code}\n${stderr.slice(-2000)}`));
      resolve({ code, stdout, ms: performance.now() - t0 });
    });
  });
}

function startCluster(): { url: string; stop: () => void } {
  const env = execFileSync('bash', [join(ROOT, 'scripts/pg-test-cluster.sh'), 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const vars = Object.fromEntries([...env.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  return { url: vars['YUSUAN_TEST_PG']!, stop: () => execFileSync('bash', [join(ROOT, 'scripts/pg-test-cluster.sh'), 'stop', vars['YUSUAN_TEST_PG_DATA']!], { stdio: 'inherit' }) };
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

const fmt = (n: number, d = 1): string => (Number.isFinite(n) ? n.toFixed(d) : '-');

function table(rows: ReadonlyArray<readonly string[]>): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  return rows.map((r, i) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ') + (i === 0 ? `\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : '')).join('\n');
}

async function exportFacts(db: string): Promise<string> {
  return (await yusuan(['export', '--format', 'facts', '--db', db])).stdout;
}

const files = readdirSync(CORPUS).filter((f) => /\.(pdf|html?|txt)$/i.test(f));
const tmp = mkdtempSync(join(tmpdir(), 'yusuan-scale-'));
const own = process.env['YUSUAN_TEST_PG'] ? undefined : startCluster();
const server = process.env['YUSUAN_TEST_PG'] ?? own!.url;
try {
  const rows: string[][] = [['scale', 'processes × threads', 'docs', 'stored', 'failed', 'wall s', 'docs/min', '× SQLite']];
  process.stderr.write(`bench-scale: SQLite ingest of ${files.length} documents (--jobs ${availableParallelism()})…\n`);
  const sqliteDb = join(tmp, 'scale.db');
  const s = await yusuan(['ingest', CORPUS, '--db', sqliteDb, '--quiet', '--json']);
  const report = JSON.parse(s.stdout) as { inputs: number; stored: number; failed: number };
  const base = report.inputs / (s.ms / 60_000);
  rows.push(['SQLite ingest (default path)', `1 × ${availableParallelism()}`, String(report.inputs), String(report.stored), String(report.failed), fmt(s.ms / 1000), fmt(base), '1.00']);
  const reference = await exportFacts(sqliteDb);
  const notes: string[] = [];
  for (const n of PROCS) {
    const name = `yusuan_scale_${n}_${Date.now().toString(36)}`;
    await sql(server, `CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
    const u = new URL(server);
    u.pathname = `/${name}`;
    const db = u.toString();
    try {
      process.stderr.write(`bench-scale: enqueue + ${n} worker process${n > 1 ? 'es' : ''}…\n`);
      const t0 = performance.now();
      const q = await yusuan(['enqueue', CORPUS, '--db', db, '--quiet', '--json']);
      const run = (JSON.parse(q.stdout) as { runId: number }).runId;
      await Promise.all(Array.from({ length: n }, () => yusuan(['worker', '--db', db, '--jobs', '1', '--run', String(run), '--quiet'])));
      const ms = performance.now() - t0;
      const [r] = await sql<{ inputs: number; stored: number; failed: number }>(db, 'SELECT inputs, stored, failed FROM runs WHERE id = $1', [run]);
      const rate = r!.inputs / (ms / 60_000);
      rows.push([`PostgreSQL queue, ${n} worker${n > 1 ? 's' : ''}`, `${n} × 1`, String(r!.inputs), String(r!.stored), String(r!.failed), fmt(ms / 1000), fmt(rate), fmt(rate / base, 2)]);
      const same = (await exportFacts(db)) === reference;
      notes.push(`${n} worker${n > 1 ? 's' : ''}: facts export ${same ? 'identical to' : 'DIFFERENT from'} SQLite's`);
    } finally {
      await sql(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(`${table(rows)}\n${availableParallelism()} cores (${cpu}); ${notes.join('; ')}\n`);
} finally {
  own?.stop();
  rmSync(tmp, { recursive: true, force: true });
}
