// One fuzz run: make the inputs of a seed, ingest them as one batch through the real command,
// match each input to its outcome, keep every input that regressed as a case (its recipe,
// the bytes, and the command that makes it again), and sum up.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generate } from './generate.ts';
import { ingestFolder, type InputOutcome } from './ingest.ts';
import { loadSources, DEFAULT_SOURCES } from './sources.ts';
import { formatSummary, limitFor, regressions, type InputResult, type Limits, type Regression } from './summary.ts';

export interface FuzzOptions {
  readonly seed: number;
  readonly count: number;
  /** Only these input numbers (to replay cases); default all of 0 … count-1. */
  readonly only?: readonly number[];
  readonly sources?: readonly string[];
  /** Folder for inputs, database, cases and summary; default a new temporary folder. */
  readonly out?: string;
  readonly jobs?: number;
  /** The ingest's --timeout (default its own, 600 s: a document OCR'd whole takes minutes; a hang is stopped by --page-timeout). */
  readonly timeoutSeconds?: number;
  /** The ingest's --page-timeout (default its own). */
  readonly pageTimeoutSeconds?: number;
  readonly limits?: Partial<Limits>;
  readonly log?: (line: string) => void;
}

export interface FuzzResult {
  readonly out: string;
  readonly results: readonly InputResult[];
  readonly regressions: readonly Regression[];
  readonly peakRssMb: number;
  readonly summary: string;
}

export const DEFAULT_LIMITS: Limits = { maxMs: 30_000, ocrPageMs: 10_000, maxRssMb: 1200 };

export async function runFuzz(o: FuzzOptions): Promise<FuzzResult> {
  const log = o.log ?? (() => {});
  const limits: Limits = { ...DEFAULT_LIMITS, ...o.limits };
  const jobs = o.jobs ?? 2;
  const out = resolve(o.out ?? mkdtempSync(join(tmpdir(), `yusuan-fuzz-${o.seed}-`)));
  const inputs = join(out, 'inputs');
  mkdirSync(inputs, { recursive: true });
  const sources = loadSources(o.sources ?? DEFAULT_SOURCES);
  const indexes = o.only ?? Array.from({ length: o.count }, (_, i) => i);
  const made: Array<{ recipe: InputResult['recipe']; file: string }> = [];
  const t0 = performance.now();
  for (const i of indexes) {
    const g = generate(o.seed, i, sources);
    const file = join(inputs, g.name);
    writeFileSync(file, g.bytes);
    made.push({ recipe: g.recipe, file });
  }
  log(`made ${made.length} inputs from ${sources.length} sources in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${inputs}`);
  const run = await ingestFolder(inputs, join(out, 'fuzz.db'), {
    jobs,
    timeoutSeconds: o.timeoutSeconds ?? 600,
    ...(o.pageTimeoutSeconds !== undefined ? { pageTimeoutSeconds: o.pageTimeoutSeconds } : {}),
    onOutcome: (x: InputOutcome, done) => {
      if (x.code === 'E_INTERNAL' || x.code === 'E_TIMEOUT' || x.ms > limitFor(x, limits)) log(`  ${x.path.split('/').pop()}: ${x.code ?? x.status} ${x.ms} ms ${x.message?.slice(0, 200) ?? ''}`);
      if (done % 50 === 0) log(`  ${done}/${made.length} done`);
    },
  });
  const results: InputResult[] = made.map((m) => ({ recipe: m.recipe, file: m.file.split('/').pop()!, outcome: run.outcomes.get(m.file) }));
  const regs = regressions(results, run.peakRssMb, limits);
  if (run.exitCode !== 0 && run.exitCode !== 1) regs.push({ index: -1, why: `ingest exited with ${run.exitCode}: ${run.stderrTail.slice(-500)}` });
  const cases = join(out, 'cases');
  for (const g of regs) {
    if (g.index < 0) continue;
    const r = results.find((x) => x.recipe.index === g.index)!;
    mkdirSync(cases, { recursive: true });
    copyFileSync(join(inputs, r.file), join(cases, r.file));
    writeFileSync(join(cases, `${r.file}.json`), JSON.stringify({ why: g.why, replay: `npm run fuzz -- --seed ${o.seed} --only ${g.index}`, recipe: r.recipe, outcome: r.outcome ?? null }, null, 2) + '\n');
  }
  const summary = formatSummary(results, { seed: o.seed, jobs, ms: run.ms, peakRssMb: run.peakRssMb, exitCode: run.exitCode }, regs, limits);
  writeFileSync(join(out, 'summary.txt'), summary + '\n');
  writeFileSync(join(out, 'results.ndjson'), results.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return { out, results, regressions: regs, peakRssMb: run.peakRssMb, summary };
}
