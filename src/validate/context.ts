// What every check shares while validating one disclosure, and the one way checks report.
// A check that finds its rows or columns absent reports nothing ("not applicable"); a
// failure becomes a finding pointing at the sources of the facts it used.
import { sourceFor, type Where } from '../core/source.ts';
import type { Finding, Severity, Source, SourceFile, Stage } from '../core/types.ts';
import type { SegmentedDoc } from '../segment/segment.ts';
import type { FindingCode } from './codes.ts';
import { marksTable } from './codes.ts';
import type { FactIndex } from './facts.ts';
import type { TableLookup } from './table-lookup.ts';

export interface ValidationContext {
  readonly facts: FactIndex;
  readonly seg: SegmentedDoc;
  readonly tables: TableLookup;
  readonly stage: Stage | null;
  readonly year: number | null;
  /** The document's unit, as identified. */
  readonly unit: string | null;
  readonly file: SourceFile;
  readonly findings: Finding[];
  /** For each within-table failure, the tables (contexts) it was read from: B01 marks them. */
  readonly marks: Array<{ readonly code: string; readonly contexts: readonly string[] }>;
}

export interface Report {
  readonly code: FindingCode;
  readonly severity?: Severity;
  readonly message: string;
  readonly keys?: readonly string[];
  /** Sources to cite; by default the sources of `keys`' facts. */
  readonly sources?: readonly Source[];
  readonly expected?: string;
  readonly found?: string;
}

export function report(ctx: ValidationContext, r: Report): void {
  const keys = r.keys ?? [];
  const sources = r.sources ?? ctx.facts.sourcesFor(keys);
  ctx.findings.push({
    code: r.code,
    severity: r.severity ?? 'warning',
    message: r.message,
    keys,
    sources,
    ...(r.expected !== undefined ? { expected: r.expected } : {}),
    ...(r.found !== undefined ? { found: r.found } : {}),
  });
  if (marksTable(r.code) && (r.severity ?? 'warning') !== 'info') {
    const contexts = identityTables(ctx.facts, keys);
    if (contexts.length > 0) ctx.marks.push({ code: r.code, contexts });
  }
}

/**
 * The tables an identity over these keys was read in: those every table-read key shares
 * (the table the row sits in), or, when the keys were merged from different tables, all.
 */
export function identityTables(facts: FactIndex, keys: readonly string[]): string[] {
  const sets = keys.map((k) => facts.tableContexts(k)).filter((s) => s.length > 0);
  if (sets.length === 0) return [];
  const common = sets.reduce((acc, s) => acc.filter((c) => s.includes(c)));
  return common.length > 0 ? common : [...new Set(sets.flat())];
}

/** Final accounts use the D codes of domain.md §3.4 for the identities they share with budgets. */
export function stageCode<B extends FindingCode, F extends FindingCode>(ctx: ValidationContext, budget: B, final: F): B | F {
  return ctx.stage === 'final' ? final : budget;
}

/** A source pointing at a line of the document (prose, a note, a table title). */
export function lineSource(ctx: ValidationContext, where: Where, method: Source['method'], text: string, context?: string): Source {
  return sourceFor(ctx.file, where, method, text, context);
}
