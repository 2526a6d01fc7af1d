// One additive identity, total ≈ Σ parts, checked on the merged facts and reported in plain
// words. Every within-table identity is one of these; the rules for absent figures live here:
// no total or no part printed → not applicable; a part whose column the table has but whose
// cell is blank → 0; a part the table has no column for → unknown, so only an overshoot fails.
import type { Severity, Source } from '../core/types.ts';
import { blankAmount, checkSum, formatAmount, mixedPrecision, yuanText, type Amount } from './amounts.ts';
import type { FindingCode } from './codes.ts';
import { report, type ValidationContext } from './context.ts';
import { measureLabel, whereText } from './describe.ts';
import { isTableSource } from './facts.ts';

export interface SumSpec {
  readonly code: FindingCode;
  readonly severity?: Severity;
  /** What the identity is about, for the message ("一般公共预算 项 2040601 行政运行"). */
  readonly subject: string;
  readonly totalKey: string;
  readonly partKeys: readonly string[];
  /** A part whose fact is absent but whose cell is blank in the total's table: it is 0. */
  readonly isBlank?: (partKey: string) => boolean;
  /** False when terms exist that no key holds (an extra column, a third bucket). */
  readonly complete?: boolean;
  /** Label a part in the message (default: its measure, "基本支出"). */
  readonly partLabel?: (partKey: string) => string;
  /** A sentence added to a failure's message (a likely cause). */
  readonly hint?: (total: Amount, parts: readonly Amount[]) => string | undefined;
}

export type Outcome = 'na' | 'ok' | 'fail';

export function checkSumIdentity(ctx: ValidationContext, spec: SumSpec): Outcome {
  const total = ctx.facts.amount(spec.totalKey);
  if (!total) return 'na';
  const parts: Amount[] = [];
  const printed: Amount[] = [];
  let missing = false;
  for (const k of spec.partKeys) {
    const a = ctx.facts.amount(k);
    if (a) {
      parts.push(a);
      printed.push(a);
    } else if (spec.isBlank?.(k)) parts.push(blankAmount(k));
    else missing = true;
  }
  if (printed.length === 0) return 'na';
  // a table's identity is checked on figures read from tables, the text's on figures read from
  // the text: a sentence's figure set against table figures may be a misreading of the sentence
  // (an increase read as an amount, a fund taken for another), which K01 covers when keys meet
  const fromTable = [total, ...printed].map((a) => ctx.facts.fromTable(a.key));
  if (fromTable.some(Boolean) && !fromTable.every(Boolean)) return 'na';
  // a change may be negative: with a term unknown, nothing can be concluded
  const signed = /_change$/u.test(spec.totalKey);
  if (signed && (missing || spec.complete === false)) return 'na';
  const verdict = checkSum(total, parts, !missing && spec.complete !== false);
  const keys = [spec.totalKey, ...printed.map((p) => p.key)];
  if (verdict.status === 'ok') {
    if (!verdict.diff.eq(0) && mixedPrecision([total, ...printed])) {
      report(ctx, {
        code: 'R01',
        severity: 'info',
        message: `${spec.subject}: ${measureLabel(spec.totalKey)} ${formatAmount(total.value, total)} and ${partsText(spec, printed)} = ${formatAmount(sumOf(parts), total)} differ by ${formatAmount(verdict.diff.abs(), { unitYuan: 1, digits: 2 })}, within the rounding of figures printed to different decimals (${whereText(sourcesOf(ctx, keys))})`,
        keys,
        expected: yuanText(sumOf(parts)),
        found: yuanText(total.value),
      });
    }
    return 'ok';
  }
  if (verdict.status === 'na') return 'na';
  const hint = spec.hint?.(total, printed);
  report(ctx, {
    code: spec.code,
    severity: spec.severity ?? 'warning',
    message: `${spec.subject}: ${measureLabel(spec.totalKey)} ${formatAmount(total.value, total)} ≠ ${partsText(spec, printed)} = ${formatAmount(verdict.sum, total)} (off by ${formatAmount(verdict.diff.abs(), total)}; ${whereText(sourcesOf(ctx, keys))})${hint ? '. ' + hint : ''}`,
    keys,
    expected: yuanText(verdict.sum),
    found: yuanText(total.value),
  });
  return 'fail';
}

function sumOf(parts: readonly Amount[]) {
  return parts.reduce((s, p) => s.plus(p.value), parts[0]!.value.times(0));
}

function partsText(spec: SumSpec, printed: readonly Amount[]): string {
  const label = spec.partLabel ?? measureLabel;
  if (printed.length > 6) return `the ${printed.length} rows under it`;
  return printed.map((p) => `${label(p.key)} ${formatAmount(p.value, p)}`).join(' + ');
}

function sourcesOf(ctx: ValidationContext, keys: readonly string[]): Source[] {
  const all = ctx.facts.sourcesFor(keys);
  const tables = all.filter(isTableSource);
  return tables.length > 0 ? tables : all;
}
