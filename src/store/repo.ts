// Reading and writing disclosures. A document is written in one synchronous transaction:
// either all of its facts, sources and findings are there, or none are.
import type { Disclosure, ExtractedDoc, Fact, FactValue, Finding, Source, SourceFile } from '../core/types.ts';
import type { DB } from './db.ts';

export interface StoredDocument {
  readonly sha256: string;
  readonly file: string;
  readonly path: string;
  readonly kind: string;
  readonly unit: string | null;
  readonly year: number | null;
  readonly stage: 'budget' | 'final' | null;
  readonly pages: number;
  readonly ocr_pages: number;
}

export function hasDocument(db: DB, sha256: string): boolean {
  return db.prepare('SELECT 1 FROM documents WHERE sha256 = ?').get(sha256) !== undefined;
}

function valueColumns(v: FactValue): [string, string] {
  return v.type === 'amount' ? ['amount', v.yuan] : [v.type, String(v.value)];
}

/**
 * Store one disclosure, replacing any earlier version of the same file (same sha256, or a
 * changed file at the same path). Returns false when the same content is already stored.
 */
export function saveDisclosure(db: DB, file: SourceFile, doc: ExtractedDoc, d: Disclosure, opts: { force?: boolean } = {}): boolean {
  const tx = db.transaction(() => {
    if (!opts.force && hasDocument(db, file.sha256)) return false;
    db.prepare('DELETE FROM documents WHERE sha256 = ? OR path = ?').run(file.sha256, file.path);
    db.prepare(
      `INSERT INTO documents (sha256, file, path, kind, bytes, unit, year, stage, pages, ocr_pages, meta, ingested_at)
       VALUES (@sha256, @file, @path, @kind, @bytes, @unit, @year, @stage, @pages, @ocr_pages, @meta, @at)`,
    ).run({
      sha256: file.sha256,
      file: file.name,
      path: file.path,
      kind: file.kind,
      bytes: file.bytes,
      unit: d.identity.unit,
      year: d.identity.year,
      stage: d.identity.stage,
      pages: doc.pages.length,
      ocr_pages: doc.pages.filter((p) => p.method === 'ocr').length,
      // how the identity was settled travels with the document (review page, coverage report)
      meta: JSON.stringify(d.identityInfo ? { ...doc.meta, identity: d.identityInfo } : doc.meta),
      at: new Date().toISOString(),
    });
    const insFact = db.prepare('INSERT INTO facts (doc, key, value_type, value) VALUES (?, ?, ?, ?)');
    const insSrc = db.prepare(
      'INSERT INTO fact_sources (doc, key, seq, page, line, bbox, method, text, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const f of d.facts) {
      const [type, value] = valueColumns(f.value);
      insFact.run(file.sha256, f.key, type, value);
      f.sources.forEach((s, i) => {
        insSrc.run(file.sha256, f.key, i, s.page, s.line, s.bbox ? JSON.stringify(s.bbox) : null, s.method, s.text, s.context ?? null);
      });
    }
    if (d.coverage) db.prepare('INSERT INTO doc_reports (doc, coverage) VALUES (?, ?)').run(file.sha256, JSON.stringify(d.coverage));
    const insFinding = db.prepare(
      'INSERT INTO findings (doc, code, severity, message, keys, sources, expected, found) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const f of d.findings) {
      insFinding.run(file.sha256, f.code, f.severity, f.message, JSON.stringify(f.keys), JSON.stringify(f.sources), f.expected ?? null, f.found ?? null);
    }
    return true;
  });
  return tx.immediate();
}

export function listDocuments(db: DB): StoredDocument[] {
  return db.prepare('SELECT sha256, file, path, kind, unit, year, stage, pages, ocr_pages FROM documents ORDER BY file').all() as StoredDocument[];
}

interface FactRow {
  key: string;
  value_type: 'amount' | 'count' | 'text';
  value: string;
}
interface SourceRow {
  key: string;
  page: number | null;
  line: number | null;
  bbox: string | null;
  method: Source['method'];
  text: string;
  context: string | null;
}

export function loadFacts(db: DB, doc: StoredDocument): Fact[] {
  const facts = db.prepare('SELECT key, value_type, value FROM facts WHERE doc = ? ORDER BY key').all(doc.sha256) as FactRow[];
  const sources = db.prepare('SELECT key, page, line, bbox, method, text, context FROM fact_sources WHERE doc = ? ORDER BY key, seq').all(doc.sha256) as SourceRow[];
  const byKey = new Map<string, Source[]>();
  for (const s of sources) {
    const list = byKey.get(s.key) ?? [];
    list.push({
      doc: doc.sha256,
      file: doc.file,
      page: s.page,
      line: s.line,
      bbox: s.bbox ? (JSON.parse(s.bbox) as [number, number, number, number]) : null,
      method: s.method,
      text: s.text,
      ...(s.context ? { context: s.context } : {}),
    });
    byKey.set(s.key, list);
  }
  return facts.map((f) => ({
    key: f.key,
    value: f.value_type === 'amount' ? { type: 'amount', yuan: f.value } : f.value_type === 'count' ? { type: 'count', value: Number(f.value) } : { type: 'text', value: f.value },
    sources: byKey.get(f.key) ?? [],
  }));
}

export function loadFindings(db: DB, doc: StoredDocument): Finding[] {
  const rows = db.prepare('SELECT code, severity, message, keys, sources, expected, found FROM findings WHERE doc = ? ORDER BY id').all(doc.sha256) as Array<{
    code: string;
    severity: Finding['severity'];
    message: string;
    keys: string;
    sources: string;
    expected: string | null;
    found: string | null;
  }>;
  return rows.map((r) => ({
    code: r.code,
    severity: r.severity,
    message: r.message,
    keys: JSON.parse(r.keys) as string[],
    sources: JSON.parse(r.sources) as Source[],
    ...(r.expected !== null ? { expected: r.expected } : {}),
    ...(r.found !== null ? { found: r.found } : {}),
  }));
}
