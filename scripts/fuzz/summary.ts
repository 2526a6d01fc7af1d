// A fuzz run's results → what went wrong (regressions) and a summary a person reads.
import type { Recipe } from './generate.ts';
import type { InputOutcome } from './ingest.ts';

export interface Limits {
  /** A document that took longer is a regression. */
  readonly maxMs: number;
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

/** The regressions of a run: inputs without an outcome, internal errors, hangs, slow documents. */
export function regressions(results: readonly InputResult[], peakRssMb: number, limits: Limits): Regression[] {
  const out: Regression[] = [];
  for (const r of results) {
    const o = r.outcome;
    if (!o) out.push({ index: r.recipe.index, why: 'no outcome' });
    else if (o.code === 'E_INTERNAL') out.push({ index: r.recipe.index, why: `E_INTERNAL: ${o.message ?? ''}` });
    else if (o.code === 'E_TIMEOUT') out.push({ index: r.recipe.index, why: `E_TIMEOUT after ${o.ms} ms` });
    else if (o.ms > limits.maxMs) out.push({ index: r.recipe.index, why: `took ${o.ms} ms (limit ${limits.maxMs})` });
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
  lines.push(`time per input: median ${pct(ms, 0.5)} ms, p95 ${pct(ms, 0.95)} ms, max ${pct(ms, 1)} ms${slowest ? ` (${slowest.file})` : ''}; limit ${limits.maxMs} ms`);
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
