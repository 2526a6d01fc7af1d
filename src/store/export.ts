// Stored disclosures → the NDJSON fact contract, and the findings export.
import type { Fact, FactValue, Finding } from '../core/types.ts';
import type { ExportedFact } from '../core/schemas.ts';
import { toJsonNumber } from '../normalize/amount.ts';
import { unitKey } from '../normalize/org.ts';
import type { DB } from './db.ts';
import { listDocuments, loadFacts, loadFindings, type StoredDocument } from './repo.ts';
import type { Repository } from './repository.ts';
import { aboutOf } from '../core/finding-about.ts';
import { statusOf, verdictInForce, verdictsOf, type DocVerdicts, type StoredVerdict } from './reviews.ts';

export function exportValue(v: FactValue): number | string {
  return v.type === 'amount' ? toJsonNumber(v.yuan) : v.value;
}

/**
 * One fact in the contract's shape, with `review` (confirmed / corrected / unreviewed) from the
 * verdict in force, and `review_value` (the right value) for a corrected one.
 */
export function toExported(doc: StoredDocument, f: Fact, verdict?: StoredVerdict): ExportedFact {
  return {
    unit: doc.unit,
    year: doc.year,
    stage: doc.stage,
    key: f.key,
    value: exportValue(f.value),
    source: f.sources[0]!,
    sources: [...f.sources],
    review: statusOf(verdict),
    ...(verdict?.rightValue != null ? { review_value: exportValue(rightValueOf(f.value, verdict.rightValue)) } : {}),
  };
}

function rightValueOf(v: FactValue, right: string): FactValue {
  return v.type === 'amount' ? { type: 'amount', yuan: right } : v.type === 'count' ? { type: 'count', value: Number(right) } : { type: 'text', value: right };
}

/** The verdict in force for a fact of one of a disclosure's files (the latest, where several files give it). */
function latestVerdict(docsFacts: ReadonlyArray<{ fact: Fact; verdicts: DocVerdicts }>): StoredVerdict | undefined {
  let best: StoredVerdict | undefined;
  for (const { fact, verdicts } of docsFacts) {
    const v = verdictInForce(fact, verdicts.get(fact.key));
    if (v && (!best || v.id > best.id)) best = v;
  }
  return best;
}

/** What one stored document contributes to the export: its facts and the verdicts on them. */
interface DocumentFacts {
  readonly facts: readonly Fact[];
  readonly verdicts: DocVerdicts;
}

/**
 * One disclosure is one unit, year and stage, even when it was published as two files (a
 * 情况说明 and its 报表): their facts are exported together, one fact per key with the sources
 * of every file. Where the files disagree, the value read from a table stands first.
 */
export function* exportFacts(db: DB): Generator<ExportedFact> {
  for (const docs of disclosureGroups(listDocuments(db))) yield* mergeGroup(docs, docs.map((d) => ({ facts: loadFacts(db, d), verdicts: verdictsOf(db, d.sha256) })));
}

/** exportFacts through the repository interface (SQLite or PostgreSQL): the same facts in the same order. */
export async function* exportFactsFrom(repo: Repository): AsyncGenerator<ExportedFact> {
  for (const docs of disclosureGroups(await repo.listDocuments())) {
    const parts: DocumentFacts[] = [];
    for (const d of docs) parts.push({ facts: await repo.loadFacts(d), verdicts: await repo.loadVerdicts(d.sha256) });
    yield* mergeGroup(docs, parts);
  }
}

/** The stored documents of each disclosure, in the order of the documents. */
function disclosureGroups(documents: readonly StoredDocument[]): StoredDocument[][] {
  const groups = new Map<string, StoredDocument[]>();
  for (const doc of documents) {
    const id = doc.unit && doc.year && doc.stage ? `${unitKey(doc.unit)}|${doc.year}|${doc.stage}` : `doc:${doc.sha256}`;
    groups.set(id, [...(groups.get(id) ?? []), doc]);
  }
  return [...groups.values()];
}

/** The exported facts of one disclosure, from the facts (and verdicts) of each of its documents. */
function mergeGroup(docs: readonly StoredDocument[], parts: readonly DocumentFacts[]): ExportedFact[] {
  if (docs.length === 1) {
    const { facts, verdicts } = parts[0]!;
    return facts.map((f) => toExported(docs[0]!, f, verdictInForce(f, verdicts.get(f.key))));
  }
  // the fullest name the files give ("中共某省委办公厅" over "某省委办公厅")
  const named = [...docs].sort((a, b) => (b.unit?.length ?? 0) - (a.unit?.length ?? 0))[0]!;
  const byKey = new Map<string, Array<{ fact: Fact; verdicts: DocVerdicts }>>();
  for (const { facts, verdicts } of parts) for (const f of facts) byKey.set(f.key, [...(byKey.get(f.key) ?? []), { fact: f, verdicts }]);
  return [...byKey]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, list]) => {
      const ranked = [...list].sort((a, b) => tableFirst(a.fact) - tableFirst(b.fact));
      const value = ranked[0]!.fact.value;
      // a verdict counts for the value exported: one given on the other file's differing value does not
      const verdict = latestVerdict(ranked.filter((r) => sameValue(r.fact.value, value)));
      return toExported(named, { key, value, sources: ranked.flatMap((r) => r.fact.sources) }, verdict);
    });
}

function sameValue(a: FactValue, b: FactValue): boolean {
  return a.type === b.type && exportValue(a) === exportValue(b);
}

function tableFirst(f: Fact): number {
  return f.sources[0]?.method === 'table' ? 0 : 1;
}

function findingRecord(doc: StoredDocument, f: Finding): Record<string, unknown> {
  return { unit: doc.unit, year: doc.year, stage: doc.stage, file: doc.file, doc: doc.sha256, code: f.code, severity: f.severity, about: aboutOf(f.code), message: f.message, keys: f.keys, sources: f.sources, ...(f.expected !== undefined ? { expected: f.expected } : {}), ...(f.found !== undefined ? { found: f.found } : {}) };
}

export function* exportFindings(db: DB): Generator<Record<string, unknown>> {
  for (const doc of listDocuments(db)) for (const f of loadFindings(db, doc)) yield findingRecord(doc, f);
}

export async function* exportFindingsFrom(repo: Repository): AsyncGenerator<Record<string, unknown>> {
  for (const doc of await repo.listDocuments()) for (const f of await repo.loadFindings(doc)) yield findingRecord(doc, f);
}
