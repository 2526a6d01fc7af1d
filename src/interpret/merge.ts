// Candidates → facts. The same key read in several places is one fact with every source.
// A value that differs only by the rounding of a less precise statement (prose in whole
// 万元, a table in 元) gives way to the more precise one; other differences are a finding,
// and the table's value stands over the prose's.
import Big from 'big.js';
import type { Candidate, Fact, Finding, Method } from '../core/types.ts';

const METHOD_RANK: Readonly<Record<Method, number>> = { table: 0, 'ocr-table': 1, prose: 2, 'ocr-prose': 3, derived: 4 };

/** Half of the last printed digit, in yuan: the room rounding leaves a printed amount. */
function halfStep(c: Candidate): Big {
  const p = c.precision;
  if (!p) return new Big(0);
  return new Big(p.unitYuan).div(new Big(10).pow(p.digits)).div(2);
}

function stepOf(c: Candidate): Big {
  return halfStep(c).times(2);
}

function valueText(c: Candidate): string {
  const v = c.value;
  return v.type === 'amount' ? v.yuan : String(v.value);
}

/** Both read from the same table (its cells, not the text or another table). */
function sameTable(a: Candidate, b: Candidate): boolean {
  const t = (c: Candidate) => c.source.method === 'table' || c.source.method === 'ocr-table';
  return t(a) && t(b) && a.source.context !== undefined && a.source.context === b.source.context;
}

/** Rows next to each other on one page (within three lines). */
function sideBySide(a: Candidate, b: Candidate): boolean {
  return a.source.page !== null && a.source.page === b.source.page && a.source.line !== null && b.source.line !== null && Math.abs(a.source.line - b.source.line) <= 3;
}

export function mergeCandidates(candidates: readonly Candidate[]): { facts: Fact[]; findings: Finding[] } {
  const byKey = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = byKey.get(c.key);
    if (list) list.push(c);
    else byKey.set(c.key, [c]);
  }
  const facts: Fact[] = [];
  const findings: Finding[] = [];
  const dropped = new Set<Candidate>();
  for (const [key, list] of byKey) {
    // the most trustworthy first: tables before prose, then the most precise
    const ranked = [...list].sort((a, b) => METHOD_RANK[a.source.method] - METHOD_RANK[b.source.method] || stepOf(a).cmp(stepOf(b)));
    const best = ranked[0]!;
    const conflicts: Candidate[] = [];
    const misread: Candidate[] = [];
    for (const c of ranked.slice(1)) {
      if (valueText(c) === valueText(best)) continue;
      if (c.value.type === 'amount' && best.value.type === 'amount') {
        const diff = new Big(c.value.yuan).minus(best.value.yuan).abs();
        // rounding, or a figure cut rather than rounded at its last digit (5620.6054 printed 5620.60): not a conflict
        if (diff.lte(halfStep(c).plus(halfStep(best))) || diff.lt(stepOf(c).gt(stepOf(best)) ? stepOf(c) : stepOf(best))) continue;
      }
      // a sum we made that disagrees with a printed figure: the printed one stands, nothing to report
      if (c.source.method === 'derived') {
        dropped.add(c);
        continue;
      }
      // two cells of one table in one key, or one indicator name over several projects: our
      // reading does not tell them apart, which says nothing about the document
      // (a performance table that gives one indicator two targets in rows side by side does say two
      // things: that stays about the document)
      if (key.startsWith('perf.') ? !sideBySide(c, best) : sameTable(c, best)) misread.push(c);
      else conflicts.push(c);
    }
    // a more precise statement of the same value wins even if it came from prose
    const precise = ranked.filter((c) => !conflicts.includes(c) && !misread.includes(c) && !dropped.has(c)).sort((a, b) => stepOf(a).cmp(stepOf(b)))[0]!;
    facts.push({ key, value: precise.value, sources: [precise.source, ...ranked.filter((c) => c !== precise && !dropped.has(c)).map((c) => c.source)], ...(precise.precision ? { precision: precise.precision } : {}) });
    if (misread.length > 0) {
      findings.push({
        code: 'K02',
        severity: 'info',
        message: `${key} was read as ${valueText(precise)} and as ${misread.map(valueText).join(', ')} from ${sameTable(misread[0]!, precise) ? `one table (${precise.source.context ?? 'untitled'})` : 'several places that the key does not tell apart'}: a reading to check, not a fault of the document`,
        keys: [key],
        sources: [precise.source, ...misread.map((c) => c.source)],
        expected: valueText(precise),
        found: misread.map(valueText).join(', '),
      });
    }
    if (conflicts.length > 0) {
      findings.push({
        code: 'K01',
        severity: 'warning',
        message: `${key} is stated as ${valueText(precise)} (${precise.source.method}${precise.source.page ? ', p.' + precise.source.page : ''}) and as ${conflicts.map((c) => `${valueText(c)} (${c.source.method}${c.source.page ? ', p.' + c.source.page : ''})`).join(', ')}`,
        keys: [key],
        sources: [precise.source, ...conflicts.map((c) => c.source)],
        expected: valueText(precise),
        found: conflicts.map(valueText).join(', '),
      });
    }
  }
  facts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { facts, findings };
}
