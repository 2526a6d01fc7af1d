// Are facts and findings the same before and after a change? Ingests the same inputs with a
// base commit (checked out in a temporary worktree that borrows this checkout's node_modules)
// and with the working tree, exports both databases (`export --format facts` and `findings`)
// and compares them line by line. Exit 0 when they are identical, 1 when they differ (each
// document's changes are printed), 2 on a usage error. A refactor that should change nothing
// is checked with it over the bulk corpus and the gold documents:
//   npm run compare-exports [-- --base REF] [--inputs dir,dir] [--keep]
//   npm run compare-exports -- --a A.db --b B.db      (two databases already ingested)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { scriptOptions } from './lib/args.ts';

const ROOT = resolve(new URL('../', import.meta.url).pathname);
const DEFAULT_INPUTS = ['../shared/corpus/bulk/docs', '../shared/corpus/real/docs', 'samples/seed', 'samples/real', 'samples/pdf'];

interface Diff {
  readonly doc: string;
  readonly only: 'base' | 'head';
  readonly line: string;
}

function ingest(checkout: string, inputs: readonly string[], db: string): void {
  const r = spawnSync(process.execPath, [join(checkout, 'bin/yusuan.mjs'), 'ingest', ...inputs, '--db', db, '--quiet'], { cwd: checkout, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  // 1 is "some inputs failed", as the corpus's non-disclosures do
  if (r.status !== 0 && r.status !== 1) throw new Error(`ingest in ${checkout} exited with ${r.status}: ${r.stderr.slice(-500)}`);
}

function exported(db: string, format: 'facts' | 'findings'): string[] {
  const out = execFileSync(process.execPath, [join(ROOT, 'bin/yusuan.mjs'), 'export', '--format', format, '--db', db], { cwd: ROOT, maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '');
}

/** Lines in one export and not the other (as multisets), by the file they come from. */
function compare(base: readonly string[], head: readonly string[]): Diff[] {
  const count = new Map<string, number>();
  for (const l of base) count.set(l, (count.get(l) ?? 0) + 1);
  const onlyHead: string[] = [];
  for (const l of head) {
    const n = count.get(l) ?? 0;
    if (n > 0) count.set(l, n - 1);
    else onlyHead.push(l);
  }
  const fileOf = (l: string): string => {
    const o = JSON.parse(l) as { file?: string; source?: { file?: string } };
    return o.file ?? o.source?.file ?? '?';
  };
  const diffs: Diff[] = [];
  for (const [l, n] of count) for (let i = 0; i < n; i++) diffs.push({ doc: fileOf(l), only: 'base', line: l });
  for (const l of onlyHead) diffs.push({ doc: fileOf(l), only: 'head', line: l });
  return diffs.sort((a, b) => a.doc.localeCompare(b.doc) || a.only.localeCompare(b.only));
}

function report(kind: string, diffs: readonly Diff[], total: number): string {
  if (diffs.length === 0) return `${kind}: ${total} lines, identical`;
  const byDoc = new Map<string, Diff[]>();
  for (const d of diffs) byDoc.set(d.doc, [...(byDoc.get(d.doc) ?? []), d]);
  const lines = [`${kind}: ${diffs.length} lines differ in ${byDoc.size} documents`];
  for (const [doc, ds] of byDoc) {
    lines.push(`  ${doc}`);
    for (const d of ds.slice(0, 6)) lines.push(`    ${d.only === 'base' ? '-' : '+'} ${d.line.slice(0, 300)}`);
    if (ds.length > 6) lines.push(`    … ${ds.length - 6} more`);
  }
  return lines.join('\n');
}

function main(): number {
  const a = scriptOptions(process.argv.slice(2), ['base', 'inputs', 'a', 'b'], ['keep']);
  let baseDb = a['a'] as string | undefined;
  let headDb = a['b'] as string | undefined;
  if ((baseDb === undefined) !== (headDb === undefined)) throw new Error('--a and --b go together');
  const tmp = mkdtempSync(join(tmpdir(), 'yusuan-compare-'));
  try {
    if (baseDb === undefined || headDb === undefined) {
      const inputs = ((a['inputs'] as string | undefined)?.split(',') ?? DEFAULT_INPUTS).map((p) => resolve(ROOT, p)).filter((p) => existsSync(p));
      if (inputs.length === 0) throw new Error('none of the inputs exists');
      const ref = (a['base'] as string | undefined) ?? 'HEAD';
      const wt = join(tmp, 'base');
      execFileSync('git', ['worktree', 'add', '--detach', '--quiet', wt, ref], { cwd: ROOT, stdio: 'inherit' });
      symlinkSync(join(ROOT, 'node_modules'), join(wt, 'node_modules'));
      baseDb = join(tmp, 'base.db');
      headDb = join(tmp, 'head.db');
      process.stderr.write(`compare-exports: ingesting ${inputs.length} folders with ${ref} and with the working tree…\n`);
      try {
        ingest(wt, inputs, baseDb);
      } finally {
        execFileSync('git', ['worktree', 'remove', '--force', wt], { cwd: ROOT });
      }
      ingest(ROOT, inputs, headDb);
    }
    let differ = false;
    for (const format of ['facts', 'findings'] as const) {
      const base = exported(baseDb, format);
      const head = exported(headDb, format);
      const diffs = compare(base, head);
      differ ||= diffs.length > 0;
      process.stdout.write(report(format, diffs, head.length) + '\n');
    }
    if (a['keep']) process.stderr.write(`databases kept: ${baseDb} ${headDb}\n`);
    return differ ? 1 : 0;
  } finally {
    if (!a['keep']) rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main();
} catch (err) {
  process.stderr.write(`compare-exports: ${(err as Error).message}\n`);
  process.exitCode = 2;
}
