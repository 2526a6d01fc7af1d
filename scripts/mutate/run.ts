// The mutation run: extract each document once, read it clean (twice, for determinism, and
// once more as an untouched copy), find its sites, pick mutations from the seed, inject each
// one alone into a copy, read the copy and judge its findings against the clean ones.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Disclosure, ExtractedDoc } from '../../src/core/types.ts';
import { interpretExtracted } from '../../src/pipeline/process-document.ts';
import { segment } from '../../src/segment/segment.ts';
import { forInput, type Rng } from '../fuzz/rng.ts';
import { loadDoc, resolveDocs, DEFAULT_DOCS, type LoadedDoc } from './docs.ts';
import { applyEdit } from './edit.ts';
import { indexDoc } from './index-doc.ts';
import { diffFindings, judge, type Verdict } from './judge.ts';
import { findSites, KINDS, type Injected, type Kind, type Site } from './targets.ts';
import { summarize } from './summary.ts';

export interface MutateOptions {
  readonly seed: number;
  /** Mutations in all (spread over the kinds, then over the documents). */
  readonly count: number;
  readonly docs?: string;
  readonly kinds?: readonly Kind[];
  readonly out?: string;
  /** Only the mutations with these ids (as printed in the results). */
  readonly only?: readonly string[];
  readonly log?: (line: string) => void;
}

export interface DocBaseline {
  readonly doc: string;
  readonly path: string;
  readonly pages: number;
  readonly extractMs: number;
  readonly interpretMs: number;
  readonly findings: number;
  readonly byCode: Record<string, number>;
  readonly deterministic: boolean;
  /** New or changed findings of an untouched copy of the document (should be 0). */
  readonly untouchedNew: number;
  /** The clean document read after all its mutations gives its baseline findings again. */
  readonly unchangedAfterRun?: boolean;
  readonly tables: number;
  readonly unbalancedTables: number;
  readonly sites: Record<string, number>;
  readonly skipped: Record<string, Record<string, number>>;
  readonly error?: string;
}

export interface MutationResult {
  readonly id: string;
  readonly seed: number;
  readonly kind: Kind;
  readonly detail: string;
  readonly doc: string;
  readonly location: Site['location'];
  readonly anchors: Site['anchors'];
  readonly keys: readonly string[];
  readonly old: string;
  readonly new: string;
  readonly context?: Injected['context'];
  readonly decision: Verdict['decision'];
  readonly noise: number;
  readonly readingOnly: boolean;
  readonly findings: Verdict['findings'];
  readonly identityChanged?: string;
  readonly error?: string;
  readonly ms: number;
}

export interface MutateRun {
  readonly out: string;
  readonly baselines: readonly DocBaseline[];
  readonly results: readonly MutationResult[];
  readonly summary: string;
  readonly ms: number;
}

/** Did the edit change the document where it says, and leave the clean document alone? */
function changed(clean: ExtractedDoc, mutated: ExtractedDoc, inj: Injected): boolean {
  const e = inj.edit;
  if (e.op === 'none') return false;
  if (clean.pages === mutated.pages) return false;
  if (e.op === 'drop') return e.blocks.every((b) => clean.pages[b.pageIndex]!.blocks.length > mutated.pages[b.pageIndex]!.blocks.length);
  const before = clean.pages[e.at.pageIndex]!.blocks[e.at.block]!;
  const after = mutated.pages[e.at.pageIndex]!.blocks[e.at.block]!;
  if (e.op === 'line') return before.kind === 'line' && after.kind === 'line' && before.text !== after.text && after.text === e.text;
  return before.kind === 'grid' && after.kind === 'grid' && before.rows[e.row]!.cells[e.cell]!.text === inj.old && after.rows[e.row]!.cells[e.cell]!.text === inj.new;
}

/** A small string hash (FNV-1a), for streams per document and kind. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Sites of one kind in one document in picking order: strata in turn, sites shuffled within each. */
function pickingOrder(sites: readonly Site[], rng: Rng): Site[] {
  const strata = new Map<string, Site[]>();
  for (const s of sites) strata.set(s.stratum, [...(strata.get(s.stratum) ?? []), s]);
  const queues = shuffle([...strata.keys()].sort(), rng).map((k) => shuffle(strata.get(k)!, rng));
  const out: Site[] = [];
  while (queues.some((q) => q.length)) for (const q of queues) if (q.length) out.push(q.shift()!);
  return out;
}

interface Prepared {
  readonly loaded: LoadedDoc;
  readonly base: Disclosure;
  readonly sites: ReadonlyMap<Kind, Site[]>;
}

const interpret = (doc: ExtractedDoc): { d: Disclosure; ms: number } => {
  const t = performance.now();
  const d = interpretExtracted(doc);
  return { d, ms: performance.now() - t };
};

export async function runMutations(opts: MutateOptions): Promise<MutateRun> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const kinds = opts.kinds ?? KINDS;
  const out = opts.out ?? mkdtempSync(path.join(tmpdir(), 'yusuan-mutate-'));
  mkdirSync(out, { recursive: true });
  const baselines: DocBaseline[] = [];
  const prepared: Prepared[] = [];

  for (const p of resolveDocs(opts.docs ?? DEFAULT_DOCS)) {
    let loaded: LoadedDoc;
    try {
      loaded = await loadDoc(p);
    } catch (err) {
      baselines.push({ doc: path.basename(p), path: p, pages: 0, extractMs: 0, interpretMs: 0, findings: 0, byCode: {}, deterministic: false, untouchedNew: 0, tables: 0, unbalancedTables: 0, sites: {}, skipped: {}, error: (err as Error).message });
      log(`skip ${path.basename(p)}: ${(err as Error).message}`);
      continue;
    }
    try {
      const first = interpret(loaded.doc);
      const again = interpret(loaded.doc);
      const untouched = interpret(applyEdit(loaded.doc, { op: 'none' }));
      const deterministic = JSON.stringify(first.d.findings) === JSON.stringify(again.d.findings) && JSON.stringify(first.d.facts) === JSON.stringify(again.d.facts);
      const untouchedNew = diffFindings(first.d.findings, untouched.d.findings).length + diffFindings(untouched.d.findings, first.d.findings).length;
      const seg = segment(loaded.doc);
      const report = findSites(indexDoc(loaded.doc, seg, first.d));
      const sites = new Map<Kind, Site[]>();
      for (const k of kinds) sites.set(k, report.sites.filter((s) => s.kind === k));
      const byCode: Record<string, number> = {};
      for (const f of first.d.findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
      const standardTables = seg.tables.filter((t) => /^[BF]\d+$/u.test(t.kind.id));
      baselines.push({
        doc: loaded.name,
        path: p,
        pages: loaded.doc.pages.length,
        extractMs: Math.round(loaded.extractMs),
        interpretMs: Math.round(first.ms),
        findings: first.d.findings.length,
        byCode,
        deterministic,
        untouchedNew,
        tables: standardTables.length,
        unbalancedTables: first.d.findings.filter((f) => f.code === 'B01').length,
        sites: Object.fromEntries(kinds.map((k) => [k, sites.get(k)!.length])),
        skipped: report.skipped,
      });
      prepared.push({ loaded, base: first.d, sites });
      log(`${loaded.name}: ${loaded.doc.pages.length} pages, extract ${Math.round(loaded.extractMs)} ms, read ${Math.round(first.ms)} ms, ${first.d.findings.length} findings, sites ${kinds.map((k) => `${k} ${sites.get(k)!.length}`).join(', ')}`);
    } catch (err) {
      baselines.push({ doc: loaded.name, path: p, pages: loaded.doc.pages.length, extractMs: Math.round(loaded.extractMs), interpretMs: 0, findings: 0, byCode: {}, deterministic: false, untouchedNew: 0, tables: 0, unbalancedTables: 0, sites: {}, skipped: {}, error: (err as Error).message });
      log(`skip ${loaded.name}: ${(err as Error).message}`);
    }
  }

  // the plan: a share of the count per kind, spread over the documents in turn; a kind with
  // fewer sites than its share leaves the rest to the others
  const queues = new Map<string, Site[]>();
  for (const pr of prepared) for (const k of kinds) queues.set(`${k}|${pr.loaded.name}`, pickingOrder(pr.sites.get(k)!, forInput(opts.seed, hash(`${pr.loaded.name}|${k}`))));
  const available = (k: Kind) => prepared.reduce((n, pr) => n + queues.get(`${k}|${pr.loaded.name}`)!.length, 0);
  const quota = new Map<Kind, number>(kinds.map((k) => [k, 0]));
  let left = opts.count;
  while (left > 0) {
    const open = kinds.filter((k) => quota.get(k)! < available(k));
    if (open.length === 0) break;
    for (const k of open) {
      if (left === 0) break;
      quota.set(k, quota.get(k)! + 1);
      left--;
    }
  }
  const plan: Array<{ pr: Prepared; site: Site; n: number }> = [];
  for (const k of kinds) {
    let want = quota.get(k)!;
    const taken = new Map<string, number>();
    while (want > 0) {
      let progressed = false;
      for (const pr of prepared) {
        if (want === 0) break;
        const q = queues.get(`${k}|${pr.loaded.name}`)!;
        if (!q.length) continue;
        const n = taken.get(pr.loaded.name) ?? 0;
        taken.set(pr.loaded.name, n + 1);
        plan.push({ pr, site: q.shift()!, n });
        want--;
        progressed = true;
      }
      if (!progressed) break;
    }
  }

  const results: MutationResult[] = [];
  const lines: string[] = [];
  let i = 0;
  for (const { pr, site, n } of plan) {
    const id = `${site.kind}/${pr.loaded.name}/${n}`;
    if (opts.only && !opts.only.includes(id)) continue;
    const rng = forInput(opts.seed, hash(id));
    const inj = site.inject(rng);
    if (!inj) continue;
    const t = performance.now();
    let r: MutationResult;
    const common = { id, seed: opts.seed, kind: site.kind, detail: site.detail, doc: pr.loaded.name, location: site.location, anchors: site.anchors, keys: site.keys, old: inj.old, new: inj.new, ...(inj.context ? { context: inj.context } : {}) };
    try {
      const mutated = applyEdit(pr.loaded.doc, inj.edit);
      if (!changed(pr.loaded.doc, mutated, inj)) throw new Error('the edit left the document as it was');
      const d = interpretExtracted(mutated);
      const v = judge(pr.base.findings, d.findings, site.anchors, site.expectsMissingTable ?? false);
      const idBefore = `${pr.base.identity.unit}/${pr.base.identity.year}/${pr.base.identity.stage}`;
      const idAfter = `${d.identity.unit}/${d.identity.year}/${d.identity.stage}`;
      r = { ...common, decision: v.decision, noise: v.noise, readingOnly: v.readingOnly, findings: v.findings, ...(idAfter !== idBefore ? { identityChanged: `${idBefore} → ${idAfter}` } : {}), ms: Math.round(performance.now() - t) };
    } catch (err) {
      r = { ...common, decision: 'error', noise: 0, readingOnly: false, findings: [], error: (err as Error).message, ms: Math.round(performance.now() - t) };
    }
    results.push(r);
    lines.push(JSON.stringify(r));
    if (++i % 25 === 0) log(`${i}/${plan.length} mutations judged`);
  }

  // the clean documents read again after all the mutations: the edits were copies
  for (const pr of prepared) {
    const b = baselines.findIndex((x) => x.doc === pr.loaded.name);
    const again = interpretExtracted(pr.loaded.doc);
    baselines[b] = { ...baselines[b]!, unchangedAfterRun: JSON.stringify(again.findings) === JSON.stringify(pr.base.findings) };
  }

  writeFileSync(path.join(out, 'results.ndjson'), lines.join('\n') + (lines.length ? '\n' : ''));
  writeFileSync(path.join(out, 'baselines.ndjson'), baselines.map((b) => JSON.stringify(b)).join('\n') + '\n');
  const ms = performance.now() - t0;
  const summary = summarize(opts.seed, baselines, results, kinds, ms);
  writeFileSync(path.join(out, 'summary.txt'), summary + '\n');
  return { out, baselines, results, summary, ms };
}

