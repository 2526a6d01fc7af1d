// One repository interface over both stores: SQLite (a file path, the default) and
// PostgreSQL (a postgres:// URL). The SQLite implementation wraps the synchronous functions
// of repo.ts and runs.ts unchanged; the PostgreSQL one (pg/repository.ts) is loaded only
// when a postgres:// URL is given, so the default path never touches the pg driver.
import type { Disclosure, ExtractedDoc, Fact, Finding, SourceFile } from '../core/types.ts';
import type { DocumentOutcome } from '../pipeline/runs.ts';
import { recordOutcome } from '../pipeline/runs.ts';
import { openDb, type DB } from './db.ts';
import { hasDocument, listDocuments, loadFacts, loadFindings, saveDisclosure, type StoredDocument } from './repo.ts';
import { isPostgresUrl } from './db-spec.ts';
import { verdictsOf, type DocVerdicts } from './reviews.ts';

export { dbSpec } from './db-spec.ts';

export type { DocumentOutcome, StoredDocument };

export interface StoredRun {
  id: number;
  started_at: string;
  finished_at: string | null;
  status: string;
  inputs: number;
  stored: number;
  failed: number;
  skipped: number;
  max_rss_mb: number | null;
}

export interface RunItem {
  path: string;
  sha256: string | null;
  status: 'stored' | 'failed' | 'skipped';
  error_code: string | null;
  message: string | null;
  hint: string | null;
  duration_ms: number | null;
  pages: number | null;
  ocr_pages: number | null;
}

/** A document read and ready to store, with the outcome its input gets when it is stored. */
export interface DocumentToStore {
  readonly file: SourceFile;
  readonly doc: ExtractedDoc;
  readonly disclosure: Disclosure;
  /** The input's outcome as `stored`; it becomes `skipped` when the content was stored meanwhile. */
  readonly outcome: DocumentOutcome;
  readonly force?: boolean;
}

export interface Repository {
  readonly kind: 'sqlite' | 'postgres';
  /** The database as it may be printed (a URL without its password). */
  readonly name: string;
  listDocuments(): Promise<StoredDocument[]>;
  getDocument(sha256: string): Promise<StoredDocument | undefined>;
  hasDocument(sha256: string): Promise<boolean>;
  loadFacts(doc: StoredDocument): Promise<Fact[]>;
  loadFindings(doc: StoredDocument): Promise<Finding[]>;
  /** The reviewers' verdicts on a document's facts, by key, oldest first (none without the reviews table). */
  loadVerdicts(sha256: string): Promise<DocVerdicts>;
  /** A run (the last one when no id is given). */
  loadRun(id?: number): Promise<StoredRun | undefined>;
  runItems(runId: number): Promise<RunItem[]>;
  /** One transaction: the document (unless stored already) and its input's outcome. Returns the outcome recorded. */
  storeDocument(runId: number, x: DocumentToStore): Promise<DocumentOutcome>;
  recordOutcome(runId: number, outcome: DocumentOutcome): Promise<void>;
  close(): Promise<void>;
}

export function skippedMeanwhile(o: DocumentOutcome): DocumentOutcome {
  return { ...o, status: 'skipped', message: 'stored meanwhile by another run' };
}

export class SqliteRepository implements Repository {
  readonly kind = 'sqlite' as const;
  readonly name: string;
  constructor(readonly db: DB) {
    this.name = db.name;
  }
  async listDocuments(): Promise<StoredDocument[]> {
    return listDocuments(this.db);
  }
  async getDocument(sha256: string): Promise<StoredDocument | undefined> {
    return this.db.prepare('SELECT sha256, file, path, kind, unit, year, stage, pages, ocr_pages FROM documents WHERE sha256 = ?').get(sha256) as StoredDocument | undefined;
  }
  async hasDocument(sha256: string): Promise<boolean> {
    return hasDocument(this.db, sha256);
  }
  async loadFacts(doc: StoredDocument): Promise<Fact[]> {
    return loadFacts(this.db, doc);
  }
  async loadFindings(doc: StoredDocument): Promise<Finding[]> {
    return loadFindings(this.db, doc);
  }
  async loadVerdicts(sha256: string): Promise<DocVerdicts> {
    return verdictsOf(this.db, sha256);
  }
  async loadRun(id?: number): Promise<StoredRun | undefined> {
    const sql = id === undefined ? 'SELECT * FROM runs ORDER BY id DESC LIMIT 1' : 'SELECT * FROM runs WHERE id = ?';
    return (id === undefined ? this.db.prepare(sql).get() : this.db.prepare(sql).get(id)) as StoredRun | undefined;
  }
  async runItems(runId: number): Promise<RunItem[]> {
    return this.db.prepare('SELECT * FROM run_items WHERE run_id = ? ORDER BY path').all(runId) as RunItem[];
  }
  async storeDocument(runId: number, x: DocumentToStore): Promise<DocumentOutcome> {
    return this.db
      .transaction(() => {
        const stored = saveDisclosure(this.db, x.file, x.doc, x.disclosure, { force: x.force ?? false });
        const outcome = stored ? x.outcome : skippedMeanwhile(x.outcome);
        recordOutcome(this.db, runId, outcome);
        return outcome;
      })
      .immediate();
  }
  async recordOutcome(runId: number, outcome: DocumentOutcome): Promise<void> {
    recordOutcome(this.db, runId, outcome);
  }
  async close(): Promise<void> {
    this.db.close();
  }
}

/** Open the database `--db` names: a postgres:// URL, or else an SQLite file. */
export async function openRepository(spec: string, opts: { readonly?: boolean } = {}): Promise<Repository> {
  if (isPostgresUrl(spec)) {
    const { PgRepository } = await import('./pg/repository.ts');
    return PgRepository.open(spec, opts);
  }
  return new SqliteRepository(openDb(spec, opts));
}
