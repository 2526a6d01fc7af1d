// Issue 16: the mutation harness for validation (scripts/mutate). A small fixed-seed run over
// the two seeds and one small real PDF: every mutation is applied and judged, the clean
// documents read the same twice and as an untouched copy, and the share of injected problems
// reported at their place stays above a floor (seed 1, 48 mutations: 81% when the harness was
// written, 48/48 after the findings work of issue 16). `npm run mutate` runs it over the whole set.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../src/core/types.ts';
import { runMutations, type MutateRun } from '../scripts/mutate/run.ts';
import { KINDS } from '../scripts/mutate/targets.ts';
import { diffFindings, judge } from '../scripts/mutate/judge.ts';

const DOCS = 'seeds,samples/real/gbc__unit_budget.pdf';
const FLOOR = 0.9;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const finding = (code: string, at: Array<[number | null, number | null]>, message = 'm'): Finding => ({
  code,
  severity: 'warning',
  message,
  keys: [],
  sources: at.map(([page, line]) => ({ doc: 'd', file: 'f', page, line, bbox: null, method: 'table', text: '' })),
});

describe('mutation harness: the verdicts', () => {
  it('new findings at the mutated line are a detection, elsewhere a wrong source, none a miss', () => {
    const base = [finding('V07', [[3, 10]])];
    expect(judge(base, base, [{ page: 3, line: 12 }], false).decision).toBe('missed');
    expect(judge(base, [...base, finding('V07', [[3, 12], [3, 10]])], [{ page: 3, line: 12 }], false).decision).toBe('detected');
    const elsewhere = judge(base, [...base, finding('X02', [[5, 1]])], [{ page: 3, line: 12 }], false);
    expect(elsewhere.decision).toBe('wrong-source');
    expect(elsewhere.noise).toBe(1);
    // a finding about the reading (K02) or a marker (B01) is not a report of the problem
    expect(judge(base, [...base, finding('K02', [[3, 12]]), finding('B01', [[3, 1]])], [{ page: 3, line: 12 }], false).decision).toBe('missed');
    // a dropped table: a finding that says a table is missing, wherever it points
    const n08 = finding('N08', [[null, null]], 'the table of contents lists 2 tables not in this document: 三、支出总表');
    expect(judge([], [n08], [], true).decision).toBe('detected');
    // the same finding with another message is changed, not the same
    expect(diffFindings([finding('N08', [[null, null]], 'a')], [finding('N08', [[null, null]], 'b')])).toMatchObject([{ status: 'changed' }]);
  });
});

describe('mutation harness: a fixed-seed run', () => {
  let run: MutateRun;

  it('injects every kind into the seeds and a real PDF and judges each mutation', async () => {
    const out = mkdtempSync(join(tmpdir(), 'yusuan-mutate-test-'));
    dirs.push(out);
    run = await runMutations({ seed: 1, count: 48, docs: DOCS, out });
    expect(run.baselines.map((b) => b.error ?? 'ok')).toEqual(['ok', 'ok', 'ok']);
    // the untouched documents: the same findings twice, none new in a copy, none after the run
    for (const b of run.baselines) {
      expect(b.deterministic, b.doc).toBe(true);
      expect(b.untouchedNew, b.doc).toBe(0);
      expect(b.unchangedAfterRun, b.doc).toBe(true);
    }
    expect(run.results).toHaveLength(48);
    expect(new Set(run.results.map((r) => r.kind))).toEqual(new Set(KINDS));
    expect(new Set(run.results.map((r) => r.doc)).size).toBe(3);
    for (const r of run.results) {
      expect(r.decision, r.id).not.toBe('error');
      expect(r.old, r.id).not.toBe(r.new);
      expect(r.kind === 'table-drop' || r.anchors.length > 0, r.id).toBe(true);
    }
    const detected = run.results.filter((r) => r.decision === 'detected').length;
    expect(detected / run.results.length).toBeGreaterThanOrEqual(FLOOR);
    // every kind is reported nearly always
    for (const kind of KINDS) {
      const rs = run.results.filter((r) => r.kind === kind);
      expect(rs.filter((r) => r.decision === 'detected').length / rs.length, kind).toBeGreaterThanOrEqual(0.75);
    }
    // results and summary are written
    const lines = readFileSync(join(out, 'results.ndjson'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(48);
    expect(JSON.parse(lines[0]!)).toHaveProperty('location');
    expect(readFileSync(join(out, 'summary.txt'), 'utf8')).toMatch(/^mutate seed 1: 48 mutations over 3 documents/u);
  }, 180_000);

  it('makes the same mutations again from the same seed, and others from another', async () => {
    const a = await runMutations({ seed: 1, count: 12, docs: 'seeds', out: mkdtempSync(join(tmpdir(), 'yusuan-mutate-test-')) });
    const b = await runMutations({ seed: 1, count: 12, docs: 'seeds', out: mkdtempSync(join(tmpdir(), 'yusuan-mutate-test-')) });
    const c = await runMutations({ seed: 2, count: 12, docs: 'seeds', out: mkdtempSync(join(tmpdir(), 'yusuan-mutate-test-')) });
    dirs.push(a.out, b.out, c.out);
    const key = (r: MutateRun) => r.results.map((x) => `${x.id} ${x.location.line} ${x.location.cell ?? ''} ${x.old}→${x.new} ${x.decision}`);
    expect(key(a)).toEqual(key(b));
    expect(key(c)).not.toEqual(key(a));
  }, 120_000);
});
