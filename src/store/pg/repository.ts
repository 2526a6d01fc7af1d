// The repository over PostgreSQL: the same reads as repo.ts over the twin schema, ordered as
// SQLite orders them (COLLATE "C" is byte order, as SQLite's BINARY), so that exports from
// either store are the same bytes.
import type pg from 'pg';
import { YusuanError } from '../../core/errors.ts';
import type { Fact, Finding, Source } from '../../core/types.ts';
import { redactUrl } from '../db-spec.ts';
import { groupVerdicts, REVIEW_COLUMNS, type DocVerdicts, type ReviewRow } from '../reviews.ts';
import { skippedMeanwhile, type DocumentOutcome, type DocumentToStore, type Repository, type RunItem, type StoredDocument, type StoredRun } from '../repository.ts';
import { connectError, createPool, inTransaction } from './connect.ts';
import { migratePg, pgSchemaVersion } from './migrate.ts';
import { hasDocumentPg, recordOutcomePg, saveDisclosurePg } from './write.ts';

/** More work in a document's own transaction; `recorded` is false when the input had its outcome already. */
export type AlsoInTransaction = (c: pg.PoolClient, outcome: DocumentOutcome, recorded: boolean) => Promise<void>;

const DOC_COLUMNS = 'sha256, file, path, kind, unit, year, stage, pages, ocr_pages';

interface FactRow {
  key: string;
  value_type: 'amount' | 'count' | 'text';
  value: string;
}
interface SourceRow {
  key: string;
  page: number | null;
  line: number | null;
  bbox: [number, number, number, number] | null;
  method: Source['method'];
  text: string;
  context: string | null;
}

export class PgRepository implements Repository {
  readonly kind = 'postgres' as const;
  readonly name: string;

  /** Whether the reviews table exists (a database opened read-only may be of an older schema). */
  private reviews: Promise<boolean> | undefined;

  private constructor(readonly pool: pg.Pool, url: string) {
    this.name = redactUrl(url);
  }

  /** Connect, check the server, and migrate (or, read-only, check that a schema exists). */
  static async open(url: string, opts: { readonly?: boolean; max?: number; applicationName?: string } = {}): Promise<PgRepository> {
    const pool = createPool(url, { ...(opts.max ? { max: opts.max } : {}), ...(opts.applicationName ? { applicationName: opts.applicationName } : {}) });
    const repo = new PgRepository(pool, url);
    try {
      const { rows } = await pool.query<{ server_encoding: string }>('SHOW server_encoding');
      if (rows[0]?.server_encoding !== 'UTF8') {
        throw new YusuanError('E_USAGE', `${repo.name}: the database's encoding is ${rows[0]?.server_encoding}, not UTF8`, { hint: 'create the database with ENCODING \'UTF8\'' });
      }
      if (opts.readonly) {
        if ((await pgSchemaVersion(pool)) === 0) throw new YusuanError('E_USAGE', `${repo.name} is not a yusuan database (no schema)`, { hint: 'run `yusuan enqueue` or `yusuan ingest` against it first' });
      } else await migratePg(pool);
    } catch (err) {
      await pool.end();
      throw err instanceof YusuanError ? err : connectError(url, err);
    }
    return repo;
  }

  async listDocuments(): Promise<StoredDocument[]> {
    return (await this.pool.query<StoredDocument>(`SELECT ${DOC_COLUMNS} FROM documents ORDER BY file COLLATE "C", sha256`)).rows;
  }
  async getDocument(sha256: string): Promise<StoredDocument | undefined> {
    return (await this.pool.query<StoredDocument>(`SELECT ${DOC_COLUMNS} FROM documents WHERE sha256 = $1`, [sha256])).rows[0];
  }
  async hasDocument(sha256: string): Promise<boolean> {
    return hasDocumentPg(this.pool, sha256);
  }

  async loadFacts(doc: StoredDocument): Promise<Fact[]> {
    const [facts, sources] = await Promise.all([
      this.pool.query<FactRow>('SELECT key, value_type, value FROM facts WHERE doc = $1 ORDER BY key COLLATE "C"', [doc.sha256]),
      this.pool.query<SourceRow>('SELECT key, page, line, bbox, method, text, context FROM fact_sources WHERE doc = $1 ORDER BY key COLLATE "C", seq', [doc.sha256]),
    ]);
    const byKey = new Map<string, Source[]>();
    for (const s of sources.rows) {
      const list = byKey.get(s.key) ?? [];
      list.push({ doc: doc.sha256, file: doc.file, page: s.page, line: s.line, bbox: s.bbox, method: s.method, text: s.text, ...(s.context ? { context: s.context } : {}) });
      byKey.set(s.key, list);
    }
    return facts.rows.map((f) => ({
      key: f.key,
      value: f.value_type === 'amount' ? { type: 'amount', yuan: f.value } : f.value_type === 'count' ? { type: 'count', value: Number(f.value) } : { type: 'text', value: f.value },
      sources: byKey.get(f.key) ?? [],
    }));
  }

  async loadFindings(doc: StoredDocument): Promise<Finding[]> {
    const { rows } = await this.pool.query<{ code: string; severity: Finding['severity']; message: string; keys: string[]; sources: Source[]; expected: string | null; found: string | null }>(
      'SELECT code, severity, message, keys, sources, expected, found FROM findings WHERE doc = $1 ORDER BY id',
      [doc.sha256],
    );
    return rows.map((r) => ({
      code: r.code,
      severity: r.severity,
      message: r.message,
      keys: r.keys,
      sources: r.sources,
      ...(r.expected !== null ? { expected: r.expected } : {}),
      ...(r.found !== null ? { found: r.found } : {}),
    }));
  }

  async loadVerdicts(sha256: string): Promise<DocVerdicts> {
    this.reviews ??= this.pool.query<{ t: string | null }>("SELECT to_regclass('reviews')::text AS t").then((r) => r.rows[0]?.t != null);
    if (!(await this.reviews)) return new Map();
    const { rows } = await this.pool.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE doc = $1 ORDER BY key COLLATE "C", id`, [sha256]);
    return groupVerdicts(rows);
  }

  async loadRun(id?: number): Promise<StoredRun | undefined> {
    const { rows } = id === undefined ? await this.pool.query<StoredRun>('SELECT * FROM runs ORDER BY id DESC LIMIT 1') : await this.pool.query<StoredRun>('SELECT * FROM runs WHERE id = $1', [id]);
    return rows[0];
  }
  async runItems(runId: number): Promise<RunItem[]> {
    return (await this.pool.query<RunItem>('SELECT * FROM run_items WHERE run_id = $1 ORDER BY path COLLATE "C"', [runId])).rows;
  }

  /**
   * One transaction: the document unless its content is stored already, the input's outcome,
   * and whatever `also` adds in the same transaction (the queue's bookkeeping and the job's
   * completion), so that a crash at any point leaves all of it or none.
   */
  async storeDocument(runId: number, x: DocumentToStore, also?: AlsoInTransaction): Promise<DocumentOutcome> {
    return inTransaction(this.pool, async (c) => {
      const stored = await saveDisclosurePg(c, x.file, x.doc, x.disclosure, { force: x.force ?? false });
      const outcome = stored ? x.outcome : skippedMeanwhile(x.outcome);
      const recorded = await recordOutcomePg(c, runId, outcome);
      await also?.(c, outcome, recorded);
      return outcome;
    });
  }

  async recordOutcome(runId: number, outcome: DocumentOutcome, also?: AlsoInTransaction): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      const recorded = await recordOutcomePg(c, runId, outcome);
      await also?.(c, outcome, recorded);
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
