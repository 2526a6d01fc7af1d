// `export` and `report` through the repository interface, so that both read SQLite or
// PostgreSQL alike (`--db FILE` or `--db postgres://…`, or YUSUAN_DB).
import { existsSync } from 'node:fs';
import { csvChunksFrom } from '../store/csv.ts';
import { isPostgresUrl } from '../store/db-spec.ts';
import { exportFactsFrom, exportFindingsFrom } from '../store/export.ts';
import { openRepository, type Repository } from '../store/repository.ts';
import type { PgRepository } from '../store/pg/repository.ts';
import { formatReportFrom } from '../pipeline/report.ts';
import { ndjsonSink, progressBar } from '../pipeline/progress.ts';

export interface Out {
  readonly write: (s: string) => Promise<void>;
  readonly close: () => Promise<void>;
}

/** Open `db` for reading; an SQLite file must exist. Returns a message instead when it cannot. */
export async function openForReading(db: string): Promise<Repository | string> {
  if (!isPostgresUrl(db) && !existsSync(db)) return `no database at ${db}: run yusuan ingest first`;
  return openRepository(db, { readonly: true });
}

export async function exportTo(repo: Repository, format: 'facts' | 'findings' | 'csv', out: Out, o: { wide: boolean }): Promise<void> {
  if (format === 'facts') for await (const f of exportFactsFrom(repo)) await out.write(JSON.stringify(f) + '\n');
  else if (format === 'findings') for await (const f of exportFindingsFrom(repo)) await out.write(JSON.stringify(f) + '\n');
  else for await (const chunk of csvChunksFrom(repo, { wide: o.wide })) await out.write(chunk);
}

/**
 * The report of a run (the last by default). On PostgreSQL it adds the run's throughput per
 * worker and the health of the workers; with `follow`, it first shows the run's progress
 * until every input has its outcome.
 */
export async function reportOf(repo: Repository, runId: number | undefined, o: { follow: boolean }): Promise<string | undefined> {
  let run = await repo.loadRun(runId);
  if (!run) return undefined;
  if (repo.kind !== 'postgres') return formatReportFrom(repo, run);
  const { followRun, workerHealth, workerThroughput } = await import('../queue/status.ts');
  const pool = (repo as PgRepository).pool;
  if (o.follow && run.status === 'running') {
    const bar = process.stderr.isTTY ? progressBar(process.stderr) : undefined;
    await followRun(pool, run.id, bar?.onEvent ?? ndjsonSink((s) => process.stderr.write(s)));
    bar?.close();
    run = (await repo.loadRun(run.id))!;
  }
  const lines = [await formatReportFrom(repo, run)];
  const through = await workerThroughput(pool, run.id);
  if (through.length) lines.push('throughput per worker:', ...through.map((l) => `  ${l}`));
  const health = await workerHealth(pool);
  if (health.length) lines.push('workers (last hour):', ...health.map((l) => `  ${l}`));
  return lines.join('\n');
}
