// Facts + the segmented document → findings: the accounting identities of domain.md §3 inside
// tables (V, D), across tables (X), the text against the tables and itself (N), the document
// as a whole (tables of contents, empty-table notes, placeholders), and a B01 mark on every
// table that does not balance. Each check reports only what fails; one whose rows or columns
// are absent says nothing. Findings raised while reading (K01, C01, C02, S01, Y01, T01) are
// kept, K01 reworded for a reader.
import type { Disclosure, Finding } from '../core/types.ts';
import type { SegmentedDoc } from '../segment/segment.ts';
import { markUnbalancedTables } from './balance.ts';
import { checkCross } from './checks/cross.ts';
import { checkEmptyTables, checkTableOfContents, checkTitleYears, checkTextYears, checkStandardTables, checkUnitList } from './checks/document.ts';
import { checkHierarchy } from './checks/hierarchy.ts';
import { checkChanges, checkEconomicSplit, checkProcurement, checkRowIdentities, checkThreePublic } from './checks/rows.ts';
import { checkSummary } from './checks/summary.ts';
import { rewordConflict } from './conflicts.ts';
import type { ValidationContext } from './context.ts';
import { FactIndex } from './facts.ts';
import { checkProseChanges } from './prose/changes.ts';
import { checkPlaceholders, checkStatedEqualities } from './prose/claims.ts';
import { checkCompletionRates } from './prose/completion.ts';
import { checkItemNames, checkMislabelledLevels } from './prose/names.ts';
import { checkShares } from './prose/shares.ts';
import { TableLookup } from './table-lookup.ts';

export { FINDING_CODES, describeCode, type FindingCode, type CodedFinding } from './codes.ts';

const CHECKS: ReadonlyArray<(ctx: ValidationContext) => void> = [
  // inside one table
  checkSummary,
  checkRowIdentities,
  checkEconomicSplit,
  checkHierarchy,
  checkThreePublic,
  checkProcurement,
  checkChanges,
  // across tables
  checkCross,
  // the text
  checkProseChanges,
  checkShares,
  checkCompletionRates,
  checkItemNames,
  checkStatedEqualities,
  checkPlaceholders,
  // the document
  checkTableOfContents,
  checkEmptyTables,
  checkUnitList,
  checkTitleYears,
  checkTextYears,
  checkStandardTables,
];

export function validateDisclosure(d: Disclosure, seg: SegmentedDoc): Disclosure {
  const ctx: ValidationContext = {
    facts: new FactIndex(
      d.facts,
      new Set(d.findings.filter((f) => f.code === 'K01' || f.code === 'K02').flatMap((f) => f.keys)),
      new Set(d.findings.filter((f) => f.code === 'C01').flatMap((f) => f.sources.map((s) => s.context ?? ''))),
    ),
    seg,
    tables: new TableLookup(seg),
    stage: d.identity.stage,
    year: d.identity.year,
    unit: d.identity.unit,
    file: seg.doc.file,
    findings: [],
    marks: [],
  };
  for (const check of CHECKS) check(ctx);
  checkMislabelledLevels(ctx, d.findings);
  const reading = d.findings.map((f) => rewordConflict(f, d.identity.year));
  return { ...d, findings: dedupe([...reading, ...ctx.findings, ...markUnbalancedTables(ctx)]) };
}

/** The same finding reached twice (two checks, or a row printed in two tables) is kept once. */
function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const id = `${f.code}|${f.message}|${f.sources.map((s) => `${s.page}:${s.line}`).join(',')}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
