// The benchmark (`npm run bench`), three sections, all in temporary folders (nothing is
// written into the repository):
//   1. bulk: the real corpus copied to a few hundred distinct documents, ingested by the CLI
//      (worker threads, as in a nightly run): documents/min, pages/s, OCR pages/min, peak RSS;
//      beside it pdftotext over the same PDFs with as many processes as --jobs.
//   2. text layer (issue 3): pages/s of the whole text-layer path (pdf.js text → facts stored
//      in SQLite, no OCR) over the corpus, beside bare pdf.js text extraction (getTextContent
//      on every page, the same pdfjs-dist, this process) and `pdftotext -layout`, as ratios
//      to the pdf.js baseline measured in this run.
//   3. OCR: scripts/bench-ocr.ts, when it exists, run as it is.
//   4. scale: scripts/bench-scale.ts, the bulk corpus through SQLite and through the
//      PostgreSQL queue with 1, 2 and 4 worker processes.
//   5. targets: the three ratios of the text path's targets, each on its own line: the text
//      path against bare pdf.js (from section 2, measured again when it did not run), and the
//      PDFs of --bulk ingested with --jobs against a one-process `pdftotext -layout` loop over
//      them in the same run, with that ingest's peak RSS.
//
//   npm run bench [-- --docs N] [--jobs N] [--corpus DIR] [--bulk DIR] [--only bulk|text|ocr|scale|targets]
import { execFile, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { basename, extname, join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import type { RunReport } from '../src/pipeline/ingest.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '256' },
    jobs: { type: 'string', default: String(availableParallelism()) },
    corpus: { type: 'string', default: join(ROOT, '../shared/corpus/real/docs') },
    bulk: { type: 'string', default: join(ROOT, '../shared/corpus/bulk/docs') },
    only: { type: 'string' },
  },
});

function wholeNumber(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`bench: ${flag} expects a whole number above 0, got '${v}'\n`);
    process.exit(2);
  }
  return n;
}
const DOCS = wholeNumber('--docs', values.docs);
const JOBS = wholeNumber('--jobs', values.jobs);
/** Rounds of each side of the text-layer comparison. */
const TEXT_ROUNDS = 3;
const CORPUS = values.corpus;
if (!existsSync(CORPUS)) {
  process.stderr.write(`bench: no corpus at ${CORPUS} (--corpus DIR)\n`);
  process.exit(2);
}
if (values.only && !['bulk', 'text', 'ocr', 'scale', 'targets'].includes(values.only)) {
  process.stderr.write(`bench: --only expects bulk, text, ocr, scale or targets, got '${values.only}'\n`);
  process.exit(2);
}
const run = (section: string): boolean => !values.only || values.only === section;

const PDFTOTEXT = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error ? null : 'pdftotext';
const execFileP = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'yusuan-bench-'));
const corpusFiles = readdirSync(CORPUS)
  .filter((f) => /\.(pdf|html?|txt)$/i.test(f))
  .sort()
  .map((f) => join(CORPUS, f));

const fmt = (n: number, d = 1): string => (Number.isFinite(n) ? n.toFixed(d) : '-');

function table(rows: ReadonlyArray<readonly string[]>): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  return rows.map((r, i) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ') + (i === 0 ? `\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : '')).join('\n');
}

/** Copy the corpus round-robin to `n` files with distinct content (a trailing comment each). */
function replicate(dir: string, n: number): string[] {
  mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const src = corpusFiles[i % corpusFiles.length]!;
    const ext = extname(src).toLowerCase();
    const dst = join(dir, `${String(i).padStart(4, '0')}-${basename(src)}`);
    if (i < corpusFiles.length) copyFileSync(src, dst);
    else {
      // after %%EOF (PDF) or at the end of a page (HTML), a comment changes the sha256 only
      const tail = ext === '.pdf' ? `\n% bench copy ${i}\n` : `\n<!-- bench copy ${i} -->\n`;
      writeFileSync(dst, Buffer.concat([readFileSync(src), Buffer.from(tail, 'latin1')]));
    }
    out.push(dst);
  }
  return out;
}

/** Run `pdftotext` over files with `jobs` processes at once; resolves with the wall time. */
async function pdftotextAll(files: readonly string[], jobs: number, layout: boolean): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < files.length) {
      const f = files[next++]!;
      // a file pdftotext cannot read (HTML saved as .pdf, in a crawl) counts as done, as it
      // does for yusuan, which fails it with a code
      await execFileP(PDFTOTEXT!, [...(layout ? ['-layout'] : []), '-q', f, '-'], { maxBuffer: 256 * 1024 * 1024 }).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: jobs }, one));
  return performance.now() - t0;
}

/** The CLI over a folder, as a child process; its JSON report and the wall time. */
function ingestCli(dir: string, db: string, jobs: number): Promise<{ report: RunReport; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    // as the README advises for bulk runs (glibc's per-thread arenas otherwise keep their peaks)
    const env = { ...process.env, MALLOC_ARENA_MAX: process.env['MALLOC_ARENA_MAX'] ?? '2' };
    const child = spawn(process.execPath, [join(ROOT, 'bin/yusuan.mjs'), 'ingest', dir, '--db', db, '--jobs', String(jobs), '--quiet', '--json'], { stdio: ['ignore', 'pipe', 'inherit'], env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0 && code !== 1) return reject(new Error(`ingest exited with code ${code}`));
      resolve({ report: JSON.parse(out) as RunReport, ms });
    });
  });
}

async function bulk(): Promise<string> {
  const files = replicate(join(tmp, 'bulk'), DOCS);
  const pdfs = files.filter((f) => f.toLowerCase().endsWith('.pdf'));
  process.stderr.write(`bench: ingesting ${files.length} documents with --jobs ${JOBS}…\n`);
  const { report, ms } = await ingestCli(join(tmp, 'bulk'), join(tmp, 'bulk.db'), JOBS);
  const min = ms / 60000;
  const pdfPages = report.outcomes.filter((o) => o.path.toLowerCase().endsWith('.pdf')).reduce((s, o) => s + o.pages, 0);
  const rows: string[][] = [
    ['bulk', 'docs', 'pages', 'wall s', 'docs/min', 'pages/s', 'OCR pages/min', 'peak RSS MB'],
    ['yusuan ingest', String(report.inputs), String(report.pages), fmt(ms / 1000), fmt(report.inputs / min), fmt(report.pages / (ms / 1000)), fmt(report.ocrPages / min), String(report.maxRssMb)],
  ];
  if (PDFTOTEXT) {
    process.stderr.write(`bench: pdftotext over the ${pdfs.length} PDFs with ${JOBS} processes…\n`);
    const pms = await pdftotextAll(pdfs, JOBS, false);
    rows.push([`pdftotext (${JOBS} procs)`, String(pdfs.length), String(pdfPages), fmt(pms / 1000), fmt(pdfs.length / (pms / 60000)), fmt(pdfPages / (pms / 1000)), '-', '-']);
  } else rows.push(['pdftotext', 'not installed (apt-get install poppler-utils)', '', '', '', '', '', '']);
  const failures = report.outcomes.filter((o) => o.status === 'failed');
  const byCode = new Map<string, number>();
  for (const f of failures) byCode.set(f.errorCode ?? '?', (byCode.get(f.errorCode ?? '?') ?? 0) + 1);
  const note = `outcomes: ${report.stored} stored, ${report.failed} failed${failures.length ? ` (${[...byCode].map(([c, n]) => `${n} ${c}`).join(', ')})` : ''}, ${report.skipped} skipped; ${report.ocrPages} OCR pages`;
  return `${table(rows)}\n${note}`;
}

/** The text-layer table, and the text path's pages/s as a share of bare pdf.js's. */
async function textLayer(): Promise<{ table: string; ratio: number }> {
  // imported here so that the bulk section's numbers are not paid for by this process
  const { extractPdf } = await import('../src/extract/pdf/index.ts');
  const { withPdf } = await import('../src/extract/pdf/load.ts');
  const { interpretExtracted } = await import('../src/pipeline/process-document.ts');
  const { readInput } = await import('../src/pipeline/read-input.ts');
  const { openDb } = await import('../src/store/db.ts');
  const { saveDisclosure } = await import('../src/store/repo.ts');
  const pdfs = corpusFiles.filter((f) => f.toLowerCase().endsWith('.pdf'));
  const db = openDb(join(tmp, 'text.db'));

  const bare = async (f: string): Promise<number> =>
    withPdf(readFileSync(f), async (doc) => {
      for (let p = 1; p <= doc.numPages; p++) {
        const page = await doc.getPage(p);
        await page.getTextContent();
        page.cleanup();
      }
      return doc.numPages;
    });
  const whole = async (f: string): Promise<number> => {
    const { file, bytes } = readInput(f);
    const doc = await extractPdf(file, bytes);
    let disclosure;
    try {
      disclosure = interpretExtracted(doc);
    } catch {
      return doc.pages.length; // a document the interpreter rejects still had its pages read
    }
    saveDisclosure(db, file, doc, disclosure, { force: true });
    return doc.pages.length;
  };
  const time = async (fn: (f: string) => Promise<number>): Promise<{ pages: number; ms: number }> => {
    const t0 = performance.now();
    let pages = 0;
    for (const f of pdfs) pages += await fn(f);
    return { pages, ms: performance.now() - t0 };
  };
  process.stderr.write(`bench: text layer over ${pdfs.length} PDFs, ${TEXT_ROUNDS} rounds of each side in turn (warm-up first)…\n`);
  await bare(pdfs[0]!);
  await whole(pdfs[0]!);
  // One pass over the corpus takes a few seconds, within the machine's drift: the two sides
  // take turns (bare first, then ours first, …), and each side's median round is compared.
  const bs: Array<{ pages: number; ms: number }> = [];
  const ws: Array<{ pages: number; ms: number }> = [];
  for (let r = 0; r < TEXT_ROUNDS; r++) {
    // in turn, the order flipped each round, so that a steady drift favours neither side
    if (r % 2 === 0) {
      bs.push(await time(bare));
      ws.push(await time(whole));
    } else {
      ws.push(await time(whole));
      bs.push(await time(bare));
    }
  }
  db.close();
  const median = (xs: Array<{ pages: number; ms: number }>) => [...xs].sort((a, b) => a.ms - b.ms)[xs.length >> 1]!;
  const b = median(bs);
  const w = median(ws);
  const base = b.pages / (b.ms / 1000);
  const ratio = w.pages / (w.ms / 1000) / base;
  const rounds = (xs: Array<{ ms: number }>) => xs.map((x) => fmt(x.ms / 1000, 2)).join(' ');
  const rows: string[][] = [['text layer (1 thread, median round)', 'pages', 'wall s', 'pages/s', '× pdf.js', 'rounds, s']];
  rows.push(['pdf.js getTextContent (baseline)', String(b.pages), fmt(b.ms / 1000, 2), fmt(base), '1.00', rounds(bs)]);
  rows.push(['yusuan text path → stored facts', String(w.pages), fmt(w.ms / 1000, 2), fmt(w.pages / (w.ms / 1000)), fmt(ratio, 2), rounds(ws)]);
  if (PDFTOTEXT) {
    const pms = await pdftotextAll(pdfs, 1, true);
    rows.push(['pdftotext -layout', String(b.pages), fmt(pms / 1000, 2), fmt(b.pages / (pms / 1000)), fmt(b.pages / (pms / 1000) / base, 2), '']);
  }
  return { table: table(rows), ratio };
}

/** `textRatio`: from the text section when it ran in this process, else measured here. */
async function targets(textRatio: number | undefined): Promise<string> {
  const dir = values.bulk;
  if (!existsSync(dir)) return `targets: no bulk corpus at ${dir} (--bulk DIR), section skipped`;
  if (!PDFTOTEXT) return 'targets: pdftotext not installed (apt-get install poppler-utils), section skipped';
  textRatio ??= (await textLayer()).ratio;
  const pdfs = readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.pdf'))
    .sort()
    .map((f) => join(dir, f));
  // only the PDFs, so that both sides read the same files; under their own names (a name
  // can be evidence of the unit)
  const into = join(tmp, 'targets');
  mkdirSync(into);
  for (const f of pdfs) copyFileSync(f, join(into, basename(f)));
  process.stderr.write(`bench: targets: ${pdfs.length} PDFs of ${dir} ingested with --jobs ${JOBS}, then pdftotext -layout one after another…\n`);
  const { report, ms } = await ingestCli(into, join(tmp, 'targets.db'), JOBS);
  const pms = await pdftotextAll(pdfs, 1, true);
  return [
    `targets (${pdfs.length} PDFs of ${dir}; ingest --jobs ${JOBS}: ${fmt(ms / 1000)} s, ${report.stored} stored, ${report.failed} failed; pdftotext -layout loop: ${fmt(pms / 1000)} s)`,
    `text path ÷ bare pdf.js getTextContent, pages/s, 1 thread: ${fmt(textRatio, 2)} (target ≥ 0.85)`,
    `bulk ingest wall ÷ one-process pdftotext -layout loop: ${fmt(ms / pms, 1)}× (target ≤ 5)`,
    `bulk ingest peak RSS: ${report.maxRssMb} MB (target ≤ 800)`,
  ].join('\n');
}

/** A bench script of its own (OCR, scale) in its own process, its output as it printed it. */
function script(name: string): string | null {
  const script = join(ROOT, 'scripts', name);
  if (!existsSync(script)) return null;
  process.stderr.write(`bench: scripts/${name}…\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  return (r.stdout ?? '').trimEnd() + (r.status !== 0 ? `\n(${name} exited with code ${r.status})` : '');
}

try {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const out: string[] = [`yusuan bench — ${availableParallelism()} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, corpus ${corpusFiles.length} files`];
  if (run('bulk')) out.push('', await bulk());
  const text = run('text') ? await textLayer() : undefined;
  if (text) out.push('', text.table);
  if (run('ocr')) {
    const o = script('bench-ocr.ts');
    out.push('', o === null ? 'OCR: scripts/bench-ocr.ts not found, section skipped' : `OCR (scripts/bench-ocr.ts)\n${o}`);
  }
  if (run('scale')) out.push('', `scale (scripts/bench-scale.ts)\n${script('bench-scale.ts') ?? ''}`);
  if (run('targets')) out.push('', await targets(text?.ratio));
  process.stdout.write(out.join('\n') + '\n');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
