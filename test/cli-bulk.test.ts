// Issue 5, the parts around a bulk run: the options and their messages, skipping unchanged
// files and --force, the time limit, the run lock, the report grouped by finding code, the
// CSV export in long and wide form, the dashboard views, and the progress renderings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { openDb, type DB } from '../src/store/db.ts';
import { ingest } from '../src/pipeline/ingest.ts';
import { resolveIngestOptions } from '../src/pipeline/options.ts';
import { beginRun, isAlive, STALE_MS } from '../src/pipeline/runs.ts';
import { formatReport, groupFindings, loadRunReport } from '../src/pipeline/report.ts';
import { classifyError } from '../src/pipeline/classify-error.ts';
import { YusuanError } from '../src/core/errors.ts';
import { largestImage } from '../src/pipeline/limits.ts';
import { progressBar } from '../src/pipeline/progress.ts';
import type { RunEvent } from '../src/pipeline/events.ts';
import { listDocuments, loadFacts } from '../src/store/repo.ts';
import { LONG_COLUMNS, WIDE_COLUMNS } from '../src/store/csv.ts';
import { ROOT, runCli } from './bulk-helpers.ts';

let dir: string;
let dbPath: string;
let db: DB;
const events: RunEvent[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yusuan-cli-'));
  mkdirSync(join(dir, 'in'));
  for (const f of ['samples/seed/fujian-12345-2026-budget.txt', 'samples/seed/haikou-12345-2026-budget.txt', 'samples/pdf/gbc-unit-budget-p8-10.pdf', 'samples/pdf/xian-p7.pdf']) {
    copyFileSync(join(ROOT, f), join(dir, 'in', f.split('/').pop()!));
  }
  dbPath = join(dir, 'cli.db');
  db = openDb(dbPath);
  const report = await ingest(db, [join(dir, 'in')], { jobs: 2, onEvent: (e) => events.push(e) });
  expect(report).toMatchObject({ inputs: 4, stored: 3, failed: 1, skipped: 0, status: 'done' });
}, 60_000);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('options', () => {
  it('are checked up front, saying what was expected and what was got', () => {
    expect(() => resolveIngestOptions({ jobs: 0 })).toThrow('jobs (--jobs) expects a whole number from 1 to 64, got 0');
    expect(() => resolveIngestOptions({ timeoutSeconds: -1 })).toThrow('timeoutSeconds (--timeout) expects a number above 0 and at most 86400, got -1');
    expect(() => resolveIngestOptions({ maxPages: 1.5 })).toThrow('maxPages (--max-pages) expects a whole number from 1 to 1000000, got 1.5');
    const o = resolveIngestOptions({});
    expect(o.jobs).toBeGreaterThanOrEqual(1);
    expect(o).toMatchObject({ force: false, maxPages: 2000, maxImagePixels: 100_000_000, timeoutMs: 600_000 });
  });

  it('a wrong flag or value exits 2 with the message, before any document is read', async () => {
    const r = await runCli(['ingest', join(dir, 'in'), '--db', join(dir, 'other.db'), '--jobs', '0']).exit;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('yusuan: jobs (--jobs) expects a whole number from 1 to 64, got 0');
    const r2 = await runCli(['ingest', join(dir, 'in'), '--timeout', 'soon']).exit;
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain("--timeout expects a number, got 'soon'");
    const r3 = await runCli(['report', '--db', dbPath, '--run', 'last']).exit;
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain("--run expects a run number, got 'last'");
  }, 30_000);
});

describe('a run', () => {
  it('emits events from run:start to run:done, one outcome event per input', () => {
    expect(events[0]).toMatchObject({ event: 'run:start', inputs: 4 });
    expect(events.at(-1)).toMatchObject({ event: 'run:done', inputs: 4, stored: 3, failed: 1, skipped: 0, status: 'done' });
    expect(events.filter((e) => e.event === 'doc:start')).toHaveLength(4);
    expect(events.filter((e) => e.event === 'doc:stored' || e.event === 'doc:failed' || e.event === 'doc:skipped')).toHaveLength(4);
    expect(events.find((e) => e.event === 'doc:failed')).toMatchObject({ code: 'E_NOT_DISCLOSURE', path: join(dir, 'in', 'xian-p7.pdf') });
  });

  it('skips unchanged files the next time, and --force redoes them', async () => {
    const again = await ingest(db, [join(dir, 'in', 'fujian-12345-2026-budget.txt')], { jobs: 1 });
    expect(again).toMatchObject({ inputs: 1, stored: 0, skipped: 1 });
    expect(again.outcomes[0]!.message).toBe('unchanged since it was stored');
    const forced = await ingest(db, [join(dir, 'in', 'fujian-12345-2026-budget.txt')], { jobs: 1, force: true });
    expect(forced).toMatchObject({ inputs: 1, stored: 1, skipped: 0 });
  }, 30_000);

  it('skips a second copy of the same content in one run', async () => {
    const copy = join(dir, 'copy.txt');
    copyFileSync(join(dir, 'in', 'haikou-12345-2026-budget.txt'), copy);
    const r = await ingest(db, [join(dir, 'in', 'haikou-12345-2026-budget.txt'), copy], { jobs: 2, force: true });
    expect(r).toMatchObject({ inputs: 2, stored: 1, skipped: 1 });
    expect(r.outcomes.find((o) => o.status === 'skipped')!.message).toMatch(/^same content as .*haikou-12345-2026-budget\.txt, earlier in this run$/);
  }, 30_000);

  it('refuses a PDF of more pages than --max-pages, read as it is opened', async () => {
    const r = await ingest(db, [join(dir, 'in', 'gbc-unit-budget-p8-10.pdf')], { jobs: 1, force: true, maxPages: 2 });
    expect(r).toMatchObject({ inputs: 1, stored: 0, failed: 1 });
    expect(r.outcomes[0]).toMatchObject({ errorCode: 'E_TOO_LARGE' });
    expect(r.outcomes[0]!.message).toMatch(/gbc-unit-budget-p8-10\.pdf: 3 pages is over the limit of 2 pages per document$/);
    const ok = await ingest(db, [join(dir, 'in', 'gbc-unit-budget-p8-10.pdf')], { jobs: 1, force: true, maxPages: 3 });
    expect(ok).toMatchObject({ inputs: 1, stored: 1 });
  }, 60_000);

  it('fails a document over its time limit with E_TIMEOUT and goes on (exit 1)', async () => {
    const r = await runCli(['ingest', join(dir, 'in', 'gbc-unit-budget-p8-10.pdf'), '--db', join(dir, 'timeout.db'), '--timeout', '0.05', '--json']).exit;
    expect(r.code, `signal ${r.signal}; stderr:\n${r.stderr.slice(-3000)}`).toBe(1);
    const report = JSON.parse(r.stdout) as { outcomes: Array<{ errorCode: string; message: string }> };
    expect(report.outcomes[0]).toMatchObject({ errorCode: 'E_TIMEOUT' });
    expect(report.outcomes[0]!.message).toMatch(/gbc-unit-budget-p8-10\.pdf: not read within the limit of 0\.05 s; its worker was stopped/);
  }, 30_000);
});

describe('the writer lock', () => {
  const row = (over: Partial<{ pid: number | null; host: string | null; heartbeat_at: string | null }>) => ({
    id: 1, started_at: new Date().toISOString(), pid: process.pid, host: hostname(), heartbeat_at: new Date().toISOString(), ...over,
  });

  it('holds while its process lives and beats; a gone process or a stale beat releases it', () => {
    expect(isAlive(row({}))).toBe(true);
    expect(isAlive(row({ pid: 2 ** 22 + 17 }))).toBe(false); // above pid_max: no such process
    expect(isAlive(row({ heartbeat_at: new Date(Date.now() - STALE_MS - 1000).toISOString() }))).toBe(false);
    expect(isAlive(row({ host: 'elsewhere', pid: 2 ** 22 + 17 }))).toBe(true); // only the beat tells
    expect(isAlive(row({ pid: null, heartbeat_at: null }))).toBe(false);
  });

  it('refuses a second run beside a live one and takes over from a dead one', () => {
    const t = openDb(join(dir, 'lock.db'));
    try {
      const now = new Date().toISOString();
      t.prepare("INSERT INTO runs (id, started_at, status, pid, host, heartbeat_at) VALUES (1, ?, 'running', ?, ?, ?)").run(now, process.pid, hostname(), now);
      expect(() => beginRun(t, ['x'])).toThrow(/lock\.db: run 1 \(pid \d+ on .+\) is still writing to this database/);
      t.prepare('UPDATE runs SET pid = ? WHERE id = 1').run(2 ** 22 + 17);
      const id = beginRun(t, ['x']);
      expect(id).toBe(2);
      expect(t.prepare('SELECT id, status FROM runs ORDER BY id').all()).toEqual([{ id: 1, status: 'interrupted' }, { id: 2, status: 'running' }]);
    } finally {
      t.close();
    }
  });
});

describe('report', () => {
  it("groups each stored document's findings by code", () => {
    const groups = groupFindings([
      { code: 'K01', severity: 'warning', message: 'a', keys: [], sources: [] },
      { code: 'S01', severity: 'info', message: 'b', keys: [], sources: [] },
      { code: 'K01', severity: 'error', message: 'c', keys: [], sources: [] },
      { code: 'C01', severity: 'warning', message: 'd', keys: [], sources: [] },
    ]);
    expect(groups).toEqual([
      { code: 'K01', severity: 'error', count: 2, example: 'a' },
      { code: 'C01', severity: 'warning', count: 1, example: 'd' },
      { code: 'S01', severity: 'info', count: 1, example: 'b' },
    ]);
    const first = loadRunReport(db, 1)!;
    const text = formatReport(db, first);
    expect(text).toMatch(/^run 1 \(done\) started .*\n4 inputs = 3 stored \+ 1 failed \+ 0 skipped; \d+ pages, 0 OCR pages/);
    expect(text).toContain(`FAILED   ${join(dir, 'in', 'xian-p7.pdf')}: [E_NOT_DISCLOSURE]`);
    const haikou = db.prepare("SELECT code, count(*) n FROM findings f JOIN documents d ON d.sha256 = f.doc WHERE d.file LIKE 'haikou%' GROUP BY code").all() as Array<{ code: string; n: number }>;
    expect(haikou.length).toBeGreaterThan(0);
    for (const h of haikou) expect(text).toMatch(new RegExp(`\\n +${h.n} × ${h.code} \\((?:error|warning|info)\\): `));
  });

  it('`yusuan report` prints the last run, or the one asked for', async () => {
    const r = await runCli(['report', '--db', dbPath, '--run', '1']).exit;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 inputs = 3 stored + 1 failed + 0 skipped');
    const none = await runCli(['report', '--db', dbPath, '--run', '999']).exit;
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no run 999 in');
  }, 30_000);
});

describe('export --format csv', () => {
  it('writes one fact per row in long form, amounts as exact text', async () => {
    const r = await runCli(['export', '--format', 'csv', '--db', dbPath]).exit;
    expect(r.code).toBe(0);
    const parsed = Papa.parse<Record<string, string>>(r.stdout, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([...LONG_COLUMNS]);
    const facts = listDocuments(db).reduce((s, d) => s + loadFacts(db, d).length, 0);
    expect(parsed.data).toHaveLength(facts);
    const row = parsed.data.find((x) => x['key'] === 'exp.gpb.func.2010350.total' && x['unit'] === '福建省12345政务服务便民热线中心')!;
    expect(row).toMatchObject({ value: '2092800', value_type: 'amount', year: '2026', stage: 'budget', method: 'table', text: '209.28' });
  }, 30_000);

  it('writes one document per row in wide form', async () => {
    const r = await runCli(['export', '--format', 'csv', '--wide', '--db', dbPath]).exit;
    const parsed = Papa.parse<Record<string, string>>(r.stdout, { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([...WIDE_COLUMNS]);
    expect(parsed.data).toHaveLength(listDocuments(db).length);
    expect(parsed.data.every((d) => d['unit'] && d['doc']!.length === 64)).toBe(true);
  }, 30_000);
});

describe('dashboard views', () => {
  it('v_unit_year: one row per document with its headline figures', () => {
    const rows = db.prepare('SELECT * FROM v_unit_year ORDER BY file').all() as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(3);
    const fj = rows.find((r) => String(r['file']).startsWith('fujian'))!;
    expect(fj).toMatchObject({ unit: '福建省12345政务服务便民热线中心', year: 2026, stage: 'budget', latest: 1 });
    const revTotal = db.prepare("SELECT value FROM facts WHERE doc = ? AND key = 'rev.total'").get(fj['doc']) as { value: string };
    expect(fj['revenue_total']).toBe(Number(revTotal.value));
    expect(fj['facts']).toBeGreaterThan(100);
  });

  it('v_items: classified rows split into scope, classification, code, level, measure and variant', () => {
    const r = db.prepare("SELECT * FROM v_items WHERE key = 'exp.gpb.func.2010350.total' AND unit = '福建省12345政务服务便民热线中心'").get() as Record<string, unknown>;
    expect(r).toMatchObject({ scope: 'gpb', classification: 'func', code: '2010350', level: 3, measure: 'total', variant: 'current', value: '2092800', amount: 2092800 });
    const all = db.prepare('SELECT classification, variant, count(*) n FROM v_items GROUP BY 1, 2').all() as Array<{ classification: string; variant: string }>;
    expect(all.some((x) => x.classification === 'econ')).toBe(true);
    expect(all.some((x) => x.variant === 'prior')).toBe(true);
  });

  it('v_facts, v_findings, v_runs and v_run_documents', () => {
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(n('SELECT count(*) n FROM v_facts')).toBe(n('SELECT count(*) n FROM facts'));
    expect(n('SELECT count(*) n FROM v_findings')).toBe(n('SELECT count(*) n FROM findings'));
    const run = db.prepare('SELECT * FROM v_runs WHERE run = 1').get() as Record<string, unknown>;
    expect(run).toMatchObject({ status: 'done', inputs: 4, stored: 3, failed: 1, skipped: 0 });
    expect(run['pages']).toBeGreaterThan(0);
    expect(run['duration_s']).toBeGreaterThan(0);
    const failed = db.prepare("SELECT * FROM v_run_documents WHERE run = 1 AND status = 'failed'").all();
    expect(failed).toEqual([expect.objectContaining({ error_code: 'E_NOT_DISCLOSURE', unit: null })]);
  });
});

describe('pieces', () => {
  it('types errors by where they were raised, never by their wording', () => {
    // a typed error keeps its code and hint, named after the file
    expect(classifyError(new YusuanError('E_PDF_ENCRYPTED', 'password-protected PDF', { hint: 'h' }), '/x/a.pdf')).toEqual({ code: 'E_PDF_ENCRYPTED', message: '/x/a.pdf: password-protected PDF', hint: 'h' });
    // an untyped error is ours, whatever it says
    expect(classifyError(new Error('corrupt PDF: bad XRef entry'), '/x/a.pdf').code).toBe('E_INTERNAL');
    expect(classifyError(new TypeError('x is undefined'), '/x/a.pdf')).toMatchObject({ code: 'E_INTERNAL', message: '/x/a.pdf: TypeError: x is undefined' });
  });

  it('finds the largest image in the raw bytes of a PDF', () => {
    const pdf = Buffer.from('1 0 obj\n<< /Type /XObject /Subtype /Image /Width 30000 /Height 20000 /BitsPerComponent 1 >>\nstream\nxx\nendstream\nendobj\n2 0 obj << /Subtype /Image /Width 10 /Height 10 >> stream', 'latin1');
    expect(largestImage(pdf)).toEqual({ width: 30000, height: 20000 });
    expect(largestImage(Buffer.from('%PDF-1.7 /ProcSet [/PDF /ImageB] /Width 9 0 R', 'latin1'))).toBeNull();
  });

  it('draws a progress bar with documents, pages, OCR pages, failures and an ETA', () => {
    let out = '';
    let t = 0;
    const bar = progressBar({ write: (s: string) => (out += s), columns: 100 }, () => t);
    bar.onEvent({ event: 'run:start', run: 1, inputs: 4, jobs: 2, ocrJobs: 2 });
    t = 1000;
    bar.onEvent({ event: 'doc:stored', run: 1, path: 'a', ms: 1, pages: 10, ocrPages: 0 });
    bar.onEvent({ event: 'page:ocr', run: 1, path: 'b', page: 3 });
    t = 2000;
    bar.onEvent({ event: 'doc:failed', run: 1, path: 'b.pdf', code: 'E_PDF_CORRUPT', message: 'b.pdf: corrupt PDF', ms: 1, pages: 0, ocrPages: 0 });
    const last = out.split('\r\x1b[K').at(-1)!;
    expect(out).toContain('FAILED b.pdf: [E_PDF_CORRUPT] b.pdf: corrupt PDF\n');
    expect(last).toMatch(/^\[#+-+\] 2\/4 docs · 10 pages · 1 OCR · 1 failed · ETA 2s$/);
    bar.close();
    expect(out.endsWith('\r\x1b[K')).toBe(true);
  });
});
