// The command line: the only place that reads argv, writes to the terminal and exits.
// Data goes to stdout, progress and messages to stderr.
import { parseArgs } from 'node:util';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { YusuanError } from '../core/errors.ts';
import { openDb, type DB } from '../store/db.ts';
import { exportFacts, exportFindings } from '../store/export.ts';
import { csvChunks } from '../store/csv.ts';
import { ingest, type RunReport } from '../pipeline/ingest.ts';
import { DEFAULT_MAX_IMAGE_PIXELS, DEFAULT_MAX_PAGES, DEFAULT_PAGE_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS, DEFAULT_WORKER_MEMORY_MB, type IngestOptions } from '../pipeline/options.ts';
import { ndjsonSink, progressBar } from '../pipeline/progress.ts';
import { evaluate, formatEval, readGoldFolder } from '../eval/run-eval.ts';
import { formatReport, loadRunReport } from '../pipeline/report.ts';
import { isHeadlineKey } from '../eval/headline.ts';
import { formatIdentityEval, scoreIdentities } from '../eval/identity-eval.ts';
import { parseIdentityTable, type IdentityTable } from '../core/identity-table.ts';

const HELP = `yusuan — Chinese budget and final-account disclosures to checked facts in SQLite

Usage:
  yusuan ingest <files or folders…> [--db FILE] [--force] [--jobs N] [--ocr-jobs N]
                [--max-pages N] [--max-pixels N] [--timeout S] [--page-timeout S] [--worker-memory MB]
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
      Progress goes to stderr: a bar on a terminal, NDJSON events otherwise (--quiet: none).
      The summary goes to stdout (--json: the run report as JSON).
      Exit code: 0 all stored or skipped, 1 some failed, 2 usage or environment error,
      130/143 stopped by SIGINT/SIGTERM (the run is recorded as interrupted).
  yusuan export --format facts|findings|csv [--db FILE] [--out FILE] [--wide]
      facts: NDJSON in the contract of shared/spec/facts.md; findings: NDJSON findings;
      csv: one fact per row (--wide: one unit-year per row for the headline keys).
  yusuan eval --gold <folder> [--db FILE] [--brief] [--by-balance]
      Precision and recall per document against gold files, with the wrong, missing and
      extra facts, then a total line. --by-balance adds precision for facts from tables that
      balance, from tables that do not, and from the text.
  yusuan eval-corpus [--samples DIR] [--brief] [--by-balance]
      Ingest the bundled samples into a temporary database and score every gold folder.
  yusuan report [--run ID] [--db FILE]
      Show a run again (the last one by default): each input's outcome, and each stored
      document's findings grouped by code.

Options:
  --db FILE       the database (default ./yusuan.db)
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

async function cmdIngest(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string', default: 'yusuan.db' },
      force: { type: 'boolean', default: false },
      jobs: { type: 'string' },
      'ocr-jobs': { type: 'string' },
      'max-pages': { type: 'string' },
      'max-pixels': { type: 'string' },
      timeout: { type: 'string' },
      'page-timeout': { type: 'string' },
      'worker-memory': { type: 'string' },
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
    signal: controller.signal,
    ...Object.fromEntries(Object.entries(numbers).filter(([, v]) => v !== undefined)),
    ...(onEvent ? { onEvent } : {}),
  };
  const db = openDb(values.db);
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
    options: { db: { type: 'string', default: 'yusuan.db' }, format: { type: 'string' }, out: { type: 'string' }, wide: { type: 'boolean', default: false } },
  });
  if (!values.format || !['facts', 'findings', 'csv'].includes(values.format)) fail(`export needs --format facts, findings or csv, got '${values.format ?? ''}'`);
  if (!existsSync(values.db)) fail(`no database at ${values.db}: run yusuan ingest first`);
  const db = openDb(values.db, { readonly: true });
  const out = writeOut(values.out);
  try {
    if (values.format === 'facts') for (const f of exportFacts(db)) await out.write(JSON.stringify(f) + '\n');
    else if (values.format === 'findings') for (const f of exportFindings(db)) await out.write(JSON.stringify(f) + '\n');
    else for (const chunk of csvChunks(db, { wide: values.wide })) await out.write(chunk);
  } finally {
    await out.close();
    db.close();
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

async function cmdReport(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string', default: 'yusuan.db' }, run: { type: 'string' } } });
  if (!existsSync(values.db)) fail(`no database at ${values.db}: run yusuan ingest first`);
  const db = openDb(values.db, { readonly: true });
  try {
    if (values.run !== undefined && !/^\d+$/.test(values.run)) fail(`--run expects a run number, got '${values.run}'`);
    const r = loadRunReport(db, values.run !== undefined ? Number(values.run) : undefined);
    if (!r) fail(values.run ? `no run ${values.run} in ${values.db}` : `no run in ${values.db} yet`);
    process.stdout.write(formatReport(db, r) + '\n');
    return 0;
  } finally {
    db.close();
  }
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
      default:
        fail(`unknown command '${cmd}' (see yusuan --help)`);
    }
  } catch (err) {
    if (err instanceof YusuanError) fail(`${err.message}${err.hint ? ` (hint: ${err.hint})` : ''}`, 2);
    if (err instanceof TypeError && /ERR_PARSE_ARGS/.test(String((err as NodeJS.ErrnoException).code))) fail(`${err.message} (see yusuan --help)`, 2);
    throw err;
  }
}
