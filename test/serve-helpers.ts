// Fixtures for the `yusuan serve` tests: a database made by ingesting real inputs (and one
// that fails, so the last run has a failed input), a document whose every text holds HTML and
// script, and an earlier year of one unit (for the year-on-year chart).
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../src/store/db.ts';
import { ingest, type RunReport } from '../src/pipeline/ingest.ts';
import { saveDisclosure } from '../src/store/repo.ts';
import type { Fact, Source, SourceFile } from '../src/core/types.ts';

export const ROOT = new URL('../', import.meta.url).pathname;

export interface Fixture {
  readonly dir: string;
  readonly dbPath: string;
  readonly report: RunReport;
  /** sha256 by role */
  readonly pdf: string;
  readonly text: string;
  readonly evil: string;
  readonly earlier: string;
}

/** Text that must reach the page as text only. */
export const EVIL_LINES = [
  '<script>window.__pwned = 1</script>',
  '某某中心<img src=x onerror="window.__pwned=2">',
  '一般公共预算支出100万元</textarea></script><b>bold</b>',
];
export const EVIL_UNIT = '<script>window.__pwned=3</script>测试中心';

function sha256(b: Uint8Array | string): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Store a hand-made disclosure whose unit, keys, source texts and findings hold markup. */
function storeEvil(dir: string, db: ReturnType<typeof openDb>): string {
  const path = join(dir, 'evil<b>name<i>.txt');
  const content = EVIL_LINES.join('\n') + '\n';
  writeFileSync(path, content);
  const file: SourceFile = { path, name: 'evil<b>name<i>.txt', sha256: sha256(content), kind: 'text', bytes: Buffer.byteLength(content) };
  const src = (line: number, text: string): Source => ({ doc: file.sha256, file: file.name, page: null, line, bbox: null, method: 'prose', text, context: '<b>ctx</b><script>window.__pwned=6</script>' });
  const facts: Fact[] = [
    { key: 'exp.total', value: { type: 'amount', yuan: '1000000' }, sources: [src(3, '100万元</script><script>window.__pwned=4</script>')] },
    { key: 'proj.<img src=x onerror=alert(1)>.total', value: { type: 'amount', yuan: '5' }, sources: [src(2, '<img src=x onerror="window.__pwned=7">')] },
    { key: 'perf.<i>目标</i>', value: { type: 'text', value: '<script>window.__pwned=8</script>' }, sources: [src(1, '<script>')] },
  ];
  saveDisclosure(db, file, { file, pages: [{ number: null, method: 'text', blocks: [] }], warnings: [], meta: { encoding: 'utf-8' } }, {
    identity: { unit: EVIL_UNIT, year: 2026, stage: 'budget' },
    facts,
    findings: [{ code: 'X01', severity: 'error', message: '<script>window.__pwned=5</script> does not add up', keys: ['exp.total'], sources: [src(3, '<svg onload=alert(1)>')] }],
  });
  return file.sha256;
}

/** An earlier year of the PDF's unit, with its function classes only (no file on disk). */
function storeEarlier(dir: string, db: ReturnType<typeof openDb>, unit: string): string {
  const name = 'earlier-year.txt';
  const sha = sha256(`earlier year of ${unit}`);
  const file: SourceFile = { path: join(dir, 'missing', name), name, sha256: sha, kind: 'text', bytes: 1 };
  const src: Source = { doc: sha, file: name, page: null, line: 1, bbox: null, method: 'table', text: '1' };
  const facts: Fact[] = [
    ['exp.all.func.204.total', '70000000'],
    ['exp.all.func.208.total', '2500000'],
    ['exp.all.func.221.total', '3500000'],
  ].map(([key, yuan]) => ({ key: key!, value: { type: 'amount', yuan: yuan! }, sources: [src] }));
  saveDisclosure(db, file, { file, pages: [], warnings: [], meta: {} }, { identity: { unit, year: 2025, stage: 'budget' }, facts, findings: [] });
  return sha;
}

/**
 * Ingest `pdf` (a real disclosure) and a text dump, with a corrupt PDF that fails, into a new
 * database; then the hand-made documents.
 */
export async function makeFixture(pdf: string, prefix = 'yusuan-serve-'): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dbPath = join(dir, 'serve.db');
  const db = openDb(dbPath);
  try {
    const report = await ingest(db, [join(ROOT, pdf), join(ROOT, 'samples/seed/fujian-12345-2026-budget.txt'), join(ROOT, 'test/fixtures/hostile/corrupt.pdf')], { jobs: 1 });
    const byName = (end: string): string => report.outcomes.find((o) => o.path.endsWith(end) && o.status === 'stored')?.sha256 ?? '';
    const pdfSha = byName(pdf.split('/').pop()!);
    const textSha = byName('fujian-12345-2026-budget.txt');
    if (!pdfSha || !textSha) throw new Error(`fixture: not stored: ${JSON.stringify(report.outcomes)}`);
    const unit = (db.prepare('SELECT unit FROM documents WHERE sha256 = ?').get(pdfSha) as { unit: string }).unit;
    return { dir, dbPath, report, pdf: pdfSha, text: textSha, evil: storeEvil(dir, db), earlier: storeEarlier(dir, db, unit) };
  } finally {
    db.close();
  }
}
