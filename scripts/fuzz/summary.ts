// A fuzz run's results → what went wrong (regressions) and a summary a person reads.
import type { Recipe } from './generate.ts';
import type { InputOutcome } from './ingest.ts';

export interface Limits {
  /** A document that took longer is a regression (plus `ocrPageMs` per page it read by OCR). */
  readonly maxMs: number;
  /**
   * Time allowed per page read by OCR on top of `maxMs`: a page whose text layer is garbled
   * but whose drawing is intact is read by OCR, seconds a page, as a scan is. That is work,
   * not a hang (the pool's time limit per page still bounds each page).
   */
  readonly ocrPageMs: number;
  /** A run whose peak resident memory was higher is a regression. */
  readonly maxRssMb: number;
}

export interface InputResult {
  readonly recipe: Recipe;
  readonly file: string;
  /** Undefined when the input got no outcome: a regression in itself. */
  readonly outcome: InputOutcome | undefined;
}

export interface Regression {
  readonly index: number;
  readonly why: string;
}

export function limitFor(o: InputOutcome, limits: Limits): number {
  return limits.maxMs + o.ocrPages * limits.ocrPageMs;
}

/** The regressions of a run: inputs without an outcome, internal errors, hangs, slow documents. */
export function regressions(results: readonly InputResult[], peakRssMb: number, limits: Limits): Regression[] {
  const out: Regression[] = [];
  for (const r of results) {
    const o = r.outcome;
    if (!o) out.push({ index: r.recipe.index, why: 'no outcome' });
    else if (o.code === 'E_INTERNAL') out.push({ index: r.recipe.index, why: `E_INTERNAL: ${o.message ?? ''}` });
    else if (o.code === 'E_TIMEOUT') out.push({ index: r.recipe.index, why: `E_TIMEOUT after ${o.ms} ms` });
    else if (o.ms > limitFor(o, limits)) out.push({ index: r.recipe.index, why: `took ${o.ms} ms (limit ${limitFor(o, limits)}${o.ocrPages ? ` with ${o.ocrPages} OCR pages` : ''})` });
  }
  if (peakRssMb > limits.maxRssMb) out.push({ index: -1, why: `peak RSS ${peakRssMb} MB over the limit of ${limits.maxRssMb} MB` });
  return out;
}

function count<T>(items: readonly T[], key: (t: T) => string): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const pct = (xs: readonly number[], p: number): number => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))]! : 0);

export interface RunFacts {
  readonly seed: number;
  readonly jobs: number;
  readonly ms: number;
  readonly peakRssMb: number;
  readonly exitCode: number | null;
}

export function formatSummary(results: readonly InputResult[], facts: RunFacts, regs: readonly Regression[], limits: Limits): string {
  const lines: string[] = [];
  const outcome = (r: InputResult): string => (r.outcome ? (r.outcome.status === 'failed' ? (r.outcome.code ?? 'failed') : r.outcome.status) : 'MISSING');
  lines.push(`fuzz seed ${facts.seed}: ${results.length} inputs (${count(results, (r) => r.recipe.kind).map(([k, n]) => `${k} ${n}`).join(', ')}), ${(facts.ms / 1000).toFixed(0)} s with ${facts.jobs} jobs, exit ${facts.exitCode}`);
  const statuses = count(results, (r) => r.outcome?.status ?? 'missing');
  lines.push(`outcomes: ${statuses.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const failed = results.filter((r) => r.outcome?.status === 'failed');
  lines.push(`failed by code: ${count(failed, (r) => r.outcome!.code ?? '?').map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  const ms = results.flatMap((r) => (r.outcome ? [r.outcome.ms] : [])).sort((a, b) => a - b);
  const slowest = results.filter((r) => r.outcome).sort((a, b) => b.outcome!.ms - a.outcome!.ms)[0];
  lines.push(`time per input: median ${pct(ms, 0.5)} ms, p95 ${pct(ms, 0.95)} ms, max ${pct(ms, 1)} ms${slowest ? ` (${slowest.file}${slowest.outcome!.ocrPages ? `, ${slowest.outcome!.ocrPages} OCR pages` : ''})` : ''}; limit ${limits.maxMs} ms + ${limits.ocrPageMs} ms per OCR page`);
  const plain = results.filter((r) => r.outcome && r.outcome.ocrPages === 0).map((r) => r.outcome!.ms);
  const ocred = results.filter((r) => r.outcome && r.outcome.ocrPages > 0);
  lines.push(`  without OCR: max ${Math.max(0, ...plain)} ms over ${plain.length} inputs; with OCR: ${ocred.length} inputs, ${ocred.reduce((s, r) => s + r.outcome!.ocrPages, 0)} pages, max ${Math.max(0, ...ocred.map((r) => r.outcome!.ms))} ms`);
  lines.push(`peak RSS: ${facts.peakRssMb} MB (limit ${limits.maxRssMb} MB)`);
  lines.push('by mutation:');
  const byName = new Map<string, InputResult[]>();
  for (const r of results) {
    const k = r.recipe.mutations[0]!.name;
    byName.set(k, [...(byName.get(k) ?? []), r]);
  }
  for (const [name, rs] of [...byName.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const max = Math.max(0, ...rs.map((r) => r.outcome?.ms ?? 0));
    lines.push(`  ${name.padEnd(16)} ${String(rs.length).padStart(4)}  ${count(rs, outcome).map(([k, n]) => `${k} ${n}`).join(', ')}; max ${max} ms`);
  }
  lines.push(regs.length ? `REGRESSIONS (${regs.length}):` : 'regressions: none');
  for (const g of regs) lines.push(`  ${g.index >= 0 ? `input ${g.index}` : 'run'}: ${g.why.slice(0, 300)}`);
  return lines.join('\n');
}
