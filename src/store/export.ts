// Stored disclosures → the NDJSON fact contract, and the findings export.
import type { Fact, FactValue, Finding } from '../core/types.ts';
import type { ExportedFact } from '../core/schemas.ts';
import { toJsonNumber } from '../normalize/amount.ts';
import { unitKey } from '../normalize/org.ts';
import type { DB } from './db.ts';
import { listDocuments, loadFacts, loadFindings, type StoredDocument } from './repo.ts';
import type { Repository } from './repository.ts';

export function exportValue(v: FactValue): number | string {
  return v.type === 'amount' ? toJsonNumber(v.yuan) : v.value;
}

export function toExported(doc: StoredDocument, f: Fact): ExportedFact {
  return {
    unit: doc.unit,
    year: doc.year,
    stage: doc.stage,
    key: f.key,
    value: exportValue(f.value),
    source: f.sources[0]!,
    sources: [...f.sources],
  };
}

/**
 * One disclosure is one unit, year and stage, even when it was published as two files (a
 * 情况说明 and its 报表): their facts are exported together, one fact per key with the sources
 * of every file. Where the files disagree, the value read from a table stands first.
 */
export function* exportFacts(db: DB): Generator<ExportedFact> {
  for (const docs of disclosureGroups(listDocuments(db))) yield* mergeGroup(docs, docs.map((d) => loadFacts(db, d)));
}

/** exportFacts through the repository interface (SQLite or PostgreSQL): the same facts in the same order. */
export async function* exportFactsFrom(repo: Repository): AsyncGenerator<ExportedFact> {
  for (const docs of disclosureGroups(await repo.listDocuments())) {
    const facts: Fact[][] = [];
    for (const d of docs) facts.push(await repo.loadFacts(d));
    yield* mergeGroup(docs, facts);
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

/** The exported facts of one disclosure, from the facts of each of its documents. */
function mergeGroup(docs: readonly StoredDocument[], facts: readonly Fact[][]): ExportedFact[] {
  if (docs.length === 1) return facts[0]!.map((f) => toExported(docs[0]!, f));
  // the fullest name the files give ("中共江苏省委办公厅" over "江苏省委办公厅")
  const named = [...docs].sort((a, b) => (b.unit?.length ?? 0) - (a.unit?.length ?? 0))[0]!;
  const byKey = new Map<string, Fact[]>();
  for (const list of facts) for (const f of list) byKey.set(f.key, [...(byKey.get(f.key) ?? []), f]);
  return [...byKey]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, list]) => {
      const ranked = [...list].sort((a, b) => tableFirst(a) - tableFirst(b));
      return toExported(named, { key, value: ranked[0]!.value, sources: ranked.flatMap((f) => f.sources) });
    });
}

function tableFirst(f: Fact): number {
  return f.sources[0]?.method === 'table' ? 0 : 1;
}

function findingRecord(doc: StoredDocument, f: Finding): Record<string, unknown> {
  return { unit: doc.unit, year: doc.year, stage: doc.stage, file: doc.file, doc: doc.sha256, code: f.code, severity: f.severity, message: f.message, keys: f.keys, sources: f.sources, ...(f.expected !== undefined ? { expected: f.expected } : {}), ...(f.found !== undefined ? { found: f.found } : {}) };
}

export function* exportFindings(db: DB): Generator<Record<string, unknown>> {
  for (const doc of listDocuments(db)) for (const f of loadFindings(db, doc)) yield findingRecord(doc, f);
}

export async function* exportFindingsFrom(repo: Repository): AsyncGenerator<Record<string, unknown>> {
  for (const doc of await repo.listDocuments()) for (const f of await repo.loadFindings(doc)) yield findingRecord(doc, f);
}
