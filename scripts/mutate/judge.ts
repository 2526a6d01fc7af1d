// Findings of a mutated document against the clean document's, and the verdict on one
// mutation. A finding is the same as a baseline one when its code, the page:line of its
// sources and its keys agree; the same but with another message (other figures, another list
// of missing tables) is "changed"; the rest are new. Only findings about the document count:
// findings about the reading (K02, C01, T01, U02, I0x, ocr-*) and the B01 marker say nothing
// of the document's own consistency (K01, a figure printed twice with two values, does).
import type { Finding } from '../../src/core/types.ts';
import { FINDING_CODES, isFindingCode } from '../../src/validate/codes.ts';
import type { Where } from './index-doc.ts';

export type Decision = 'detected' | 'wrong-source' | 'missed' | 'error';

export interface FindingBrief {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly at: readonly string[];
  readonly status: 'new' | 'changed';
  readonly onTarget: boolean;
  /** A finding about the reading or a marker: not counted for the decision. */
  readonly reading: boolean;
}

export interface Verdict {
  readonly decision: Decision;
  readonly findings: readonly FindingBrief[];
  /** New or changed document findings that do not point at the mutation. */
  readonly noise: number;
  /** New findings about the reading that point at the mutation while no document finding does. */
  readonly readingOnly: boolean;
}

const at = (f: Finding): string[] => [...new Set(f.sources.map((s) => `${s.page ?? '-'}:${s.line ?? '-'}`))].sort();
const fingerprint = (f: Finding): string => `${f.code}|${at(f).join(',')}|${[...f.keys].sort().join(',')}`;
const exact = (f: Finding): string => `${fingerprint(f)}|${f.message}`;

export function isDocumentFinding(f: Pick<Finding, 'code'>): boolean {
  if (f.code === 'K01') return true;
  if (!isFindingCode(f.code)) return true; // a code added since: counted
  const family = FINDING_CODES[f.code].family;
  return family !== 'reading' && family !== 'marker';
}

/** A finding saying a standard table is missing from the document. */
export function isMissingTable(f: Finding): boolean {
  if (f.code === 'N08') return true;
  const m = f.message;
  return /\btables?\b[^.;]*\b(?:missing|absent|not (?:present|found|in (?:this|the) document)|lacks?)\b|\b(?:missing|absent|lacks?)\b[^.;]*\btables?\b/iu.test(m) || /缺少|缺失|未公开|未列示/u.test(m);
}

/** The findings of `after` that the clean document did not have, as new or changed ones. */
export function diffFindings(before: readonly Finding[], after: readonly Finding[]): Array<{ finding: Finding; status: 'new' | 'changed' }> {
  const exactLeft = new Map<string, number>();
  for (const f of before) exactLeft.set(exact(f), (exactLeft.get(exact(f)) ?? 0) + 1);
  const rest: Finding[] = [];
  for (const f of after) {
    const n = exactLeft.get(exact(f)) ?? 0;
    if (n > 0) exactLeft.set(exact(f), n - 1);
    else rest.push(f);
  }
  // baseline findings not matched exactly, by fingerprint: a finding there with another message is changed
  const fpLeft = new Map<string, number>();
  for (const f of before) {
    const n = exactLeft.get(exact(f)) ?? 0;
    if (n > 0) {
      exactLeft.set(exact(f), n - 1);
      fpLeft.set(fingerprint(f), (fpLeft.get(fingerprint(f)) ?? 0) + 1);
    }
  }
  return rest.map((f) => {
    const n = fpLeft.get(fingerprint(f)) ?? 0;
    if (n > 0) {
      fpLeft.set(fingerprint(f), n - 1);
      return { finding: f, status: 'changed' as const };
    }
    return { finding: f, status: 'new' as const };
  });
}

export function judge(before: readonly Finding[], after: readonly Finding[], anchors: readonly Where[], expectsMissingTable: boolean): Verdict {
  const diff = diffFindings(before, after);
  const points = (f: Finding) =>
    expectsMissingTable ? isMissingTable(f) : f.sources.some((s) => anchors.some((a) => a.page === s.page && a.line === s.line));
  const findings: FindingBrief[] = diff.map(({ finding: f, status }) => ({
    code: f.code,
    severity: f.severity,
    message: f.message,
    at: at(f),
    status,
    onTarget: points(f),
    reading: !isDocumentFinding(f),
  }));
  const doc = findings.filter((f) => !f.reading);
  const decision: Decision = doc.some((f) => f.onTarget) ? 'detected' : doc.length > 0 ? 'wrong-source' : 'missed';
  return {
    decision,
    findings,
    noise: doc.filter((f) => !f.onTarget).length,
    readingOnly: decision !== 'detected' && findings.some((f) => f.reading && f.onTarget),
  };
}
