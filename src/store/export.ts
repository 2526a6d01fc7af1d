// Stored disclosures → the NDJSON fact contract, and the findings export.
import type { Fact, FactValue } from '../core/types.ts';
import type { ExportedFact } from '../core/schemas.ts';
import { toJsonNumber } from '../normalize/amount.ts';
import type { DB } from './db.ts';
import { listDocuments, loadFacts, loadFindings, type StoredDocument } from './repo.ts';

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

export function* exportFacts(db: DB): Generator<ExportedFact> {
  for (const doc of listDocuments(db)) for (const f of loadFacts(db, doc)) yield toExported(doc, f);
}

export function* exportFindings(db: DB): Generator<Record<string, unknown>> {
  for (const doc of listDocuments(db)) {
    for (const f of loadFindings(db, doc)) {
      yield { unit: doc.unit, year: doc.year, stage: doc.stage, file: doc.file, doc: doc.sha256, code: f.code, severity: f.severity, message: f.message, keys: f.keys, sources: f.sources, ...(f.expected !== undefined ? { expected: f.expected } : {}), ...(f.found !== undefined ? { found: f.found } : {}) };
    }
  }
}
