// The command line: the only place that reads argv, writes to the terminal and exits.
// Data goes to stdout, progress and messages to stderr.
import { parseArgs } from 'node:util';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { YusuanError } from '../core/errors.ts';
import { openDb, type DB } from '../store/db.ts';
import { dbSpec, isPostgresUrl, redactUrl } from '../store/db-spec.ts';
import { exportTo, openForReading, reportOf } from './db-commands.ts';
import { ingest, type RunReport } from '../pipeline/ingest.ts';
import { DEFAULT_MAX_IMAGE_PIXELS, DEFAULT_MAX_PAGES, DEFAULT_PAGE_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS, DEFAULT_WORKER_MEMORY_MB, type IngestOptions } from '../pipeline/options.ts';
import { ndjsonSink, progressBar } from '../pipeline/progress.ts';
import { evaluate, formatEval, readGoldFolder } from '../eval/run-eval.ts';
import { formatCoverage, loadCoverage } from '../pipeline/coverage-report.ts';
import { isHeadlineKey } from '../eval/headline.ts';
import { formatIdentityEval, scoreIdentities } from '../eval/identity-eval.ts';
import { parseIdentityTable, type IdentityTable } from '../core/identity-table.ts';
import { resolveServeOptions } from '../serve/options.ts';

const HELP = `yusuan — Chinese budget and final-account disclosures to checked facts in SQLite (or PostgreSQL)

Usage:
  yusuan ingest <files or folders…> [--db FILE] [--force] [--jobs N] [--ocr-jobs N]
                [--max-pages N] [--max-pixels N] [--timeout S] [--page-timeout S] [--worker-memory MB]
                [--identity FILE]
                [--quiet] [--json]
      Read PDFs, HTML pages and text dumps; store facts and findings, one transaction per
      document. Unchanged files (same sha256) are skipped; --force redoes them. A run killed
      at any moment leaves whole documents only; running it again finishes the rest. One
      ingest at a time per database: a second one stops with E_LOCKED.
      --jobs N         documents read at once, in worker threads (default: the cores, ${defaultCores()})
      --ocr-jobs N     pages in OCR at once across the workers (default: the cores)
      --max-pages N    a document with more pages fails with E_TOO_LARGE (default ${DEFAULT_MAX_PAGES})
      --max-pixels N   a PDF with a larger image fails with E_TOO_LARGE (default ${DEFAULT_MAX_IMAGE_PIXELS})
      --timeout S      seconds per document before its worker is stopped: E_TIMEOUT (default ${DEFAULT_TIMEOUT_SECONDS})
      --page-timeout S seconds one page may take (a damaged page pdf.js loops on): E_TOO_LARGE
                       (default ${DEFAULT_PAGE_TIMEOUT_SECONDS})
      --worker-memory MB  heap per worker; more fails the document with E_TOO_LARGE (default ${DEFAULT_WORKER_MEMORY_MB})
      --identity FILE  what the crawl knows: a TSV or CSV with a header (file and/or sha256, unit,
                       alt_units, year, stage, kind). Its unit, year and stage win over the content
                       (a content that disagrees is finding I03); kind=notdisclosure files fail with
                       E_NOT_DISCLOSURE unread.
      Progress goes to stderr: a bar on a terminal, NDJSON events otherwise (--quiet: none).
      The summary goes to stdout (--json: the run report as JSON).
      Exit code: 0 all stored or skipped, 1 some failed, 2 usage or environment error,
      130/143 stopped by SIGINT/SIGTERM (the run is recorded as interrupted).
  yusuan export --format facts|findings|csv [--db FILE] [--out FILE] [--wide]
      facts: NDJSON in the contract of shared/spec/facts.md; findings: NDJSON findings;
      csv: one fact per row (--wide: one unit-year per row for the headline keys).
  yusuan eval [--gold <folder>] [--identity FILE] [--db FILE] [--headline] [--brief] [--by-balance]
      Precision and recall per document against gold files, with the wrong, missing and
      extra facts, then a total line. --headline scores only the headline key families
      (revenue lines, totals, 基本/项目, 类 rows, 三公, 机关运行经费, 政府采购). --by-balance adds
      precision for facts from tables that balance, from tables that do not, and from the text.
      --identity scores each file's stored unit, year and stage against a table (right, wrong,
      rightly rejected, disclosures rejected, non-disclosures stored).
  yusuan eval-corpus [--samples DIR | --bulk DIR] [--db FILE] [--brief] [--by-balance]
      Ingest the bundled samples (seed/, real/ against gold/) into a temporary database (or
      --db) and score them. --bulk DIR scores a crawl-shaped set instead: DIR/docs against the
      headline gold in DIR/gold and the identities in DIR/identity.tsv (../shared/corpus/bulk).
  yusuan report [--run ID] [--db FILE|URL] [--follow]
      Show a run again (the last one by default): each input's outcome, and each stored
      document's findings grouped by code. On PostgreSQL also the throughput per worker and
      each worker's health; --follow shows a running run's progress until it is done.
  yusuan report --coverage [--db FILE] [--brief]
      What was read, without gold: per document the tables found, typed, read and balanced,
      the standard tables and headline keys missing, rows left unread and identity
      confidence; then a summary of the corpus (--brief: the summary only). SQLite only.
  yusuan serve [--db FILE] [--port N] [--host ADDR] [--token T]
      A review page over the database: the documents, each one's pages with every fact's
      box drawn on them, findings, charts, and reviewers' verdicts (kept in their own table;
      \`export\` says confirmed / corrected / unreviewed). Prints its URL; Ctrl-C stops it.
      --port N     default 8130 (0: any free port)
      --host ADDR  default 127.0.0.1; any other address needs --token
      --token T    every request must carry it (the printed URL does, once); also $YUSUAN_TOKEN

Scaling out (PostgreSQL; see README "Scaling out"):
  yusuan enqueue <files or folders…> --db postgres://… [--force] [--lease S] [--retries N]
                 [--retry-delay S] [--identity FILE] [--wait] [--quiet] [--json]
      Record a run and queue one job per input (path and sha256) for any worker. The paths
      must name the same files on every worker's machine. --identity FILE: as for ingest
      (each job carries its file's row). --lease: seconds a job stays
      taken without its worker's heartbeat (default 60); --retries: tries after the first
      for transient failures (default 4), --retry-delay S the first wait, doubled after
      (default 10); --wait: follow the run and print its report when done.
  yusuan worker --db postgres://… [--jobs N] [--run ID] [--sweep S] [--grace S] [--poll S]
                [--ocr-jobs N] [--max-pages N] [--max-pixels N] [--timeout S] [--worker-memory MB] [--quiet]
      Take jobs and store their documents, on any number of machines. --run: stop when that
      run is done; --sweep: seconds between checks for expired leases (15); SIGTERM: no new
      jobs, those in hand finish within --grace seconds (25) or are released to the queue.
  yusuan ingest … --db postgres://…   enqueue, then work the run in this process until done.

Options:
  --db FILE|URL   the database: an SQLite file (default ./yusuan.db) or a postgres:// URL
                  (ingest, export, report, enqueue, worker); YUSUAN_DB when --db is not given
  -h, --help      this help
`;

function defaultCores(): number {
  return availableParallelism();
}

function fail(message: string, code = 2): never {
  process.stderr.write(`yusuan: ${message}\n`);
  process.exit(code);
}

/** stdout or a file; `write` waits when the stream's buffer is full, so memory stays flat. */
function writeOut(out: string | undefined): { write: (s: string) => Promise<void>; close: () => Promise<void> } {
  const stream = out ? createWriteStream(out) : process.stdout;
  return {
    write: (s) => (stream.write(s) ? Promise.resolve() : new Promise<void>((res) => stream.once('drain', () => res()))),
    close: () => (out ? new Promise<void>((res, rej) => (stream as ReturnType<typeof createWriteStream>).end((err?: Error | null) => (err ? rej(err) : res()))) : Promise.resolve()),
  };
}

function summary(report: RunReport): string {
  const head = report.status === 'interrupted' ? `run ${report.runId} INTERRUPTED after ${report.outcomes.length} of ${report.inputs} inputs: ` : `run ${report.runId}: ${report.inputs} inputs = `;
  const lines = [
    `${head}${report.stored} stored + ${report.failed} failed + ${report.skipped} skipped; ${report.pages} pages, ${report.ocrPages} OCR pages (${(report.durationMs / 1000).toFixed(1)} s, peak memory ${report.maxRssMb} MB)`,
  ];
  for (const o of report.outcomes) {
    const name = o.path;
    if (o.status === 'stored') lines.push(`  stored   ${name}: ${o.unit} ${o.year}, ${o.facts} facts, ${o.findings} findings, ${o.pages} pages`);
    else if (o.status === 'failed') lines.push(`  FAILED   ${name}: [${o.errorCode}] ${o.message}${o.hint ? ` (hint: ${o.hint})` : ''}`);
    else lines.push(`  skipped  ${name}: ${o.message}`);
  }
  return lines.join('\n');
}

/** A numeric flag: its text must be a number; the range is checked with the other options. */
function numberFlag(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || Number.isNaN(n)) fail(`${flag} expects a number, got '${v}' (see yusuan --help)`);
  return n;
}

/** SIGINT/SIGTERM stop the run cleanly (recorded as interrupted); a second one exits at once. */
function stopOnSignals(controller: AbortController): { code: () => number | undefined; dispose: () => void } {
  let got: number | undefined;
  const handler = (sig: NodeJS.Signals): void => {
    if (got !== undefined) process.exit(got);
    got = sig === 'SIGINT' ? 130 : 143;
    process.stderr.write(`\nyusuan: ${sig}: finishing the documents being stored, then stopping (again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    code: () => got,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/** The value of --db in argv (before the command's own parsing), else YUSUAN_DB, else ./yusuan.db. */
function dbOf(argv: readonly string[]): string {
  let db: string | undefined;
  argv.forEach((a, i) => {
    if (a === '--db') db = argv[i + 1];
    else if (a.startsWith('--db=')) db = a.slice(5);
  });
  return dbSpec(db);
}

/** eval, eval-corpus and serve read an SQLite file (their queries are synchronous better-sqlite3). */
function sqliteOnly(cmd: string, db: string): void {
  if (isPostgresUrl(db)) fail(`${cmd} reads an SQLite database, not ${redactUrl(db)} (PostgreSQL serves ingest, export, report, enqueue and worker)`);
}

async function cmdIngest(argv: string[]): Promise<number> {
  // a PostgreSQL --db: the same documents through the queue (src/cli/queue-commands.ts)
  if (isPostgresUrl(dbOf(argv))) return (await import('./queue-commands.ts')).cmdIngestPostgres(argv);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      force: { type: 'boolean', default: false },
      jobs: { type: 'string' },
      'ocr-jobs': { type: 'string' },
      'max-pages': { type: 'string' },
      'max-pixels': { type: 'string' },
      timeout: { type: 'string' },
      'page-timeout': { type: 'string' },
      'worker-memory': { type: 'string' },
      identity: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) fail('ingest needs at least one file or folder (see yusuan --help)');
  const controller = new AbortController();
  const progress = values.quiet ? undefined : process.stderr.isTTY ? progressBar(process.stderr) : undefined;
  const onEvent = values.quiet ? undefined : (progress?.onEvent ?? ndjsonSink((s) => process.stderr.write(s)));
  const numbers = {
    jobs: numberFlag('--jobs', values.jobs),
    ocrJobs: numberFlag('--ocr-jobs', values['ocr-jobs']),
    maxPages: numberFlag('--max-pages', values['max-pages']),
    maxImagePixels: numberFlag('--max-pixels', values['max-pixels']),
    timeoutSeconds: numberFlag('--timeout', values.timeout),
    pageTimeoutSeconds: numberFlag('--page-timeout', values['page-timeout']),
    workerMemoryMb: numberFlag('--worker-memory', values['worker-memory']),
  };
  const opts: IngestOptions = {
    force: values.force,
    ...(values.identity ? { identities: readIdentityTable(values.identity) } : {}),
    signal: controller.signal,
    ...Object.fromEntries(Object.entries(numbers).filter(([, v]) => v !== undefined)),
    ...(onEvent ? { onEvent } : {}),
  };
  const db = openDb(dbSpec(values.db));
  const signals = stopOnSignals(controller);
  try {
    const report = await ingest(db, positionals, opts);
    progress?.close();
    if (values.json) process.stdout.write(JSON.stringify(report) + '\n');
    else if (!values.quiet) process.stdout.write(summary(report) + '\n');
    return signals.code() ?? (report.failed > 0 ? 1 : 0);
  } finally {
    progress?.close();
    signals.dispose();
    db.close();
  }
}

async function cmdExport(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { db: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, wide: { type: 'boolean', default: false } },
  });
  const format = values.format;
  if (format !== 'facts' && format !== 'findings' && format !== 'csv') fail(`export needs --format facts, findings or csv, got '${format ?? ''}'`);
  const repo = await openForReading(dbSpec(values.db));
  if (typeof repo === 'string') fail(repo);
  const out = writeOut(values.out);
  try {
    await exportTo(repo, format, out, { wide: values.wide });
  } finally {
    await out.close();
    await repo.close();
  }
  return 0;
}

/** The scores `eval` prints: gold facts (all keys, or the headline families) and, with a table, identities. */
function printScores(db: DB, o: { gold?: string; identity?: string; headline: boolean; brief: boolean; byBalance: boolean }): void {
  if (o.gold) {
    const r = evaluate(db, readGoldFolder(o.gold), o.headline ? { keys: isHeadlineKey } : {});
    if (o.headline) process.stdout.write('(headline key families only)\n');
    process.stdout.write(formatEval(r, { details: !o.brief, byBalance: o.byBalance }) + '\n');
  }
  if (o.identity) process.stdout.write(formatIdentityEval(scoreIdentities(db, readIdentityTable(o.identity)), { details: !o.brief }) + '\n');
}

function readIdentityTable(path: string): IdentityTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    fail(`cannot read the identity table ${path}: ${(err as Error).message}`);
  }
  return parseIdentityTable(text, path);
}

async function cmdEval(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: 'yusuan.db' },
      gold: { type: 'string' },
      identity: { type: 'string' },
      headline: { type: 'boolean', default: false },
      brief: { type: 'boolean', default: false },
      'by-balance': { type: 'boolean', default: false },
    },
  });
  if (!values.gold && !values.identity) fail('eval needs --gold <folder> or --identity <table>');
  sqliteOnly('eval', values.db);
  if (!existsSync(values.db)) fail(`no database at ${values.db}: run yusuan ingest first`);
  const db = openDb(values.db, { readonly: true });
  try {
    printScores(db, { gold: values.gold, identity: values.identity, headline: values.headline, brief: values.brief, byBalance: values['by-balance'] });
    return 0;
  } finally {
    db.close();
  }
}

/**
 * Ingest a corpus into a database (a throw-away one unless --db) and score it: the bundled
 * samples (seed/ and real/ against gold/), or with --bulk a crawl-shaped set (docs/ against
 * the headline gold in gold/ and the identities in identity.tsv).
 */
async function cmdEvalCorpus(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      samples: { type: 'string', default: 'samples' },
      bulk: { type: 'string' },
      db: { type: 'string' },
      brief: { type: 'boolean', default: false },
      'by-balance': { type: 'boolean', default: false },
    },
  });
  const bulk = values.bulk !== undefined ? resolve(values.bulk) : undefined;
  const root = bulk ?? resolve(values.samples);
  if (!existsSync(root)) fail(`no corpus at ${root}`);
  if (values.db) sqliteOnly('eval-corpus', values.db);
  const dir = values.db ? undefined : mkdtempSync(join(tmpdir(), 'yusuan-eval-'));
  const db = openDb(values.db ?? join(dir!, 'eval.db'));
  try {
    // samples: whole documents only (samples/pdf holds page extracts for unit tests)
    const inputs = (bulk ? ['docs'] : ['seed', 'real']).map((d) => join(root, d)).filter((d) => existsSync(d));
    const identity = bulk && existsSync(join(root, 'identity.tsv')) ? join(root, 'identity.tsv') : undefined;
    // the identity table is the answer here, never an input: identities come from the content
    const report = await ingest(db, inputs);
    process.stdout.write(`ingested ${report.inputs} inputs: ${report.stored} stored, ${report.failed} failed, ${report.skipped} skipped\n`);
    for (const o of report.outcomes) if (o.status === 'failed') process.stdout.write(`  FAILED ${o.path}: [${o.errorCode}] ${o.message}\n`);
    printScores(db, { gold: join(root, 'gold'), identity, headline: bulk !== undefined, brief: values.brief, byBalance: values['by-balance'] });
    return report.failed > 0 && !bulk ? 1 : 0;
  } finally {
    db.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** `report --coverage`: the stored coverage reports and the corpus summary (SQLite). */
function coverageReport(spec: string, brief: boolean): number {
  if (/^postgres(?:ql)?:\/\//u.test(spec)) fail('report --coverage reads an SQLite database only (give --db FILE)');
  if (!existsSync(spec)) fail(`no database at ${spec}: run yusuan ingest first`);
  const db = openDb(spec, { readonly: true });
  try {
    process.stdout.write(formatCoverage(loadCoverage(db), { details: !brief }) + '\n');
    return 0;
  } finally {
    db.close();
  }
}

async function cmdReport(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { db: { type: 'string' }, run: { type: 'string' }, follow: { type: 'boolean', default: false }, coverage: { type: 'boolean', default: false }, brief: { type: 'boolean', default: false } },
  });
  if (values.coverage) return coverageReport(dbSpec(values.db), values.brief);
  if (values.run !== undefined && !/^\d+$/.test(values.run)) fail(`--run expects a run number, got '${values.run}'`);
  const db = dbSpec(values.db);
  const repo = await openForReading(db);
  if (typeof repo === 'string') fail(repo);
  try {
    const text = await reportOf(repo, values.run !== undefined ? Number(values.run) : undefined, { follow: values.follow });
    if (text === undefined) fail(values.run ? `no run ${values.run} in ${repo.name}` : `no run in ${repo.name} yet`);
    process.stdout.write(text + '\n');
    return 0;
  } finally {
    await repo.close();
  }
}

async function cmdServe(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { db: { type: 'string', default: 'yusuan.db' }, port: { type: 'string' }, host: { type: 'string' }, token: { type: 'string' } },
  });
  sqliteOnly('serve', values.db);
  const token = values.token ?? process.env['YUSUAN_TOKEN'];
  const o = resolveServeOptions({ db: values.db, ...(values.host !== undefined ? { host: values.host } : {}), ...(values.port !== undefined ? { port: values.port } : {}), ...(token ? { token } : {}) });
  const { startServer } = await import('../serve/server.ts'); // loaded only by this command
  const server = await startServer(o);
  process.stdout.write(`yusuan serve: ${server.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '-h' || cmd === '--help' || cmd === 'help') {
    process.stdout.write(HELP);
    return cmd ? 0 : 2;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    process.stdout.write(HELP);
    return 0;
  }
  try {
    switch (cmd) {
      case 'ingest':
        return await cmdIngest(rest);
      case 'export':
        return await cmdExport(rest);
      case 'eval':
        return await cmdEval(rest);
      case 'eval-corpus':
        return await cmdEvalCorpus(rest);
      case 'report':
        return await cmdReport(rest);
      case 'serve':
        return await cmdServe(rest);
      case 'enqueue':
        return await (await import('./queue-commands.ts')).cmdEnqueue(rest);
      case 'worker':
        return await (await import('./queue-commands.ts')).cmdWorker(rest);
      default:
        fail(`unknown command '${cmd}' (see yusuan --help)`);
    }
  } catch (err) {
    if (err instanceof YusuanError) fail(`${err.message}${err.hint ? ` (hint: ${err.hint})` : ''}`, 2);
    if (err instanceof TypeError && /ERR_PARSE_ARGS/.test(String((err as NodeJS.ErrnoException).code))) fail(`${err.message} (see yusuan --help)`, 2);
    throw err;
  }
}
