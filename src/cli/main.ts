// The command line: the only place that reads argv, writes to the terminal and exits.
// Data goes to stdout, progress and messages to stderr.
import { parseArgs } from 'node:util';
import { createWriteStream, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { YusuanError } from '../core/errors.ts';
import { openDb } from '../store/db.ts';
import { exportFacts, exportFindings } from '../store/export.ts';
import { exportCsv } from '../store/csv.ts';
import { ingest, type RunReport } from '../pipeline/ingest.ts';
import { evaluate, formatEval, readGoldFolder } from '../eval/run-eval.ts';
import { formatReport, loadRunReport } from '../pipeline/report.ts';

const HELP = `yusuan — Chinese budget and final-account disclosures to checked facts in SQLite

Usage:
  yusuan ingest <files or folders…> [--db FILE] [--force] [--max-pages N] [--quiet] [--json]
      Read PDFs, HTML pages and text dumps; store facts and findings, one transaction per
      document. Unchanged files (same sha256) are skipped; --force redoes them.
      Exit code: 0 all stored or skipped, 1 some failed, 2 usage or environment error.
  yusuan export --format facts|findings|csv [--db FILE] [--out FILE] [--wide]
      facts: NDJSON in the contract of shared/spec/facts.md; findings: NDJSON findings;
      csv: one fact per row (--wide: one unit-year per row for the headline keys).
  yusuan eval --gold <folder> [--db FILE] [--brief]
      Precision and recall per document against gold files, with the wrong, missing and
      extra facts, then a total line.
  yusuan eval-corpus [--samples DIR]
      Ingest the bundled samples into a temporary database and score every gold folder.
  yusuan report [--run ID] [--db FILE]
      Show a run again (the last one by default) with each document's outcome.

Options:
  --db FILE       the database (default ./yusuan.db)
  -h, --help      this help
`;

function fail(message: string, code = 2): never {
  process.stderr.write(`yusuan: ${message}\n`);
  process.exit(code);
}

function writeOut(out: string | undefined): { write: (s: string) => void; close: () => Promise<void> } {
  if (!out) return { write: (s) => process.stdout.write(s), close: async () => {} };
  const stream = createWriteStream(out);
  return {
    write: (s) => stream.write(s),
    close: () => new Promise<void>((res, rej) => stream.end((err?: Error | null) => (err ? rej(err) : res()))),
  };
}

function summary(report: RunReport): string {
  const lines = [
    `run ${report.runId}: ${report.inputs} inputs = ${report.stored} stored + ${report.failed} failed + ${report.skipped} skipped (${(report.durationMs / 1000).toFixed(1)} s)`,
  ];
  for (const o of report.outcomes) {
    const name = o.path;
    if (o.status === 'stored') lines.push(`  stored   ${name}: ${o.unit} ${o.year}, ${o.facts} facts, ${o.findings} findings, ${o.pages} pages`);
    else if (o.status === 'failed') lines.push(`  FAILED   ${name}: [${o.errorCode}] ${o.message}${o.hint ? ` (hint: ${o.hint})` : ''}`);
    else lines.push(`  skipped  ${name}: ${o.message}`);
  }
  return lines.join('\n');
}

async function cmdIngest(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string', default: 'yusuan.db' },
      force: { type: 'boolean', default: false },
      'max-pages': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) fail('ingest needs at least one file or folder (see yusuan --help)');
  const maxPages = values['max-pages'] !== undefined ? Number(values['max-pages']) : undefined;
  if (maxPages !== undefined && !(Number.isInteger(maxPages) && maxPages > 0)) fail(`--max-pages expects a positive whole number, got '${values['max-pages']}'`);
  const db = openDb(values.db);
  try {
    const events = !values.quiet && !process.stderr.isTTY;
    const report = await ingest(db, positionals, {
      force: values.force,
      ...(maxPages ? { maxPages } : {}),
      ...(events ? { onEvent: (e) => process.stderr.write(JSON.stringify(e) + '\n') } : {}),
    });
    if (values.json) process.stdout.write(JSON.stringify(report) + '\n');
    else if (!values.quiet) process.stdout.write(summary(report) + '\n');
    return report.failed > 0 ? 1 : 0;
  } finally {
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
    if (values.format === 'facts') for (const f of exportFacts(db)) out.write(JSON.stringify(f) + '\n');
    else if (values.format === 'findings') for (const f of exportFindings(db)) out.write(JSON.stringify(f) + '\n');
    else out.write(exportCsv(db, { wide: values.wide }));
  } finally {
    await out.close();
    db.close();
  }
  return 0;
}

async function cmdEval(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string', default: 'yusuan.db' }, gold: { type: 'string' }, brief: { type: 'boolean', default: false } } });
  if (!values.gold) fail('eval needs --gold <folder>');
  if (!existsSync(values.db)) fail(`no database at ${values.db}: run yusuan ingest first`);
  const db = openDb(values.db, { readonly: true });
  try {
    const r = evaluate(db, readGoldFolder(values.gold));
    process.stdout.write(formatEval(r, { details: !values.brief }) + '\n');
    return 0;
  } finally {
    db.close();
  }
}

/** Ingest the bundled samples into a throw-away database and score every gold folder found. */
async function cmdEvalCorpus(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { samples: { type: 'string', default: 'samples' }, brief: { type: 'boolean', default: false } } });
  const root = resolve(values.samples);
  const dir = mkdtempSync(join(tmpdir(), 'yusuan-eval-'));
  const db = openDb(join(dir, 'eval.db'));
  try {
    // whole documents only: samples/pdf holds page extracts for unit tests
    const inputs = ['seed', 'real'].map((d) => join(root, d)).filter((d) => existsSync(d));
    const report = await ingest(db, inputs);
    process.stdout.write(`ingested ${report.inputs} inputs: ${report.stored} stored, ${report.failed} failed, ${report.skipped} skipped\n`);
    for (const o of report.outcomes) if (o.status === 'failed') process.stdout.write(`  FAILED ${o.path}: [${o.errorCode}] ${o.message}\n`);
    const golds = readGoldFolder(join(root, 'gold'));
    process.stdout.write(formatEval(evaluate(db, golds), { details: !values.brief }) + '\n');
    return report.failed > 0 ? 1 : 0;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function cmdReport(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string', default: 'yusuan.db' }, run: { type: 'string' } } });
  if (!existsSync(values.db)) fail(`no database at ${values.db}: run yusuan ingest first`);
  const db = openDb(values.db, { readonly: true });
  try {
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
