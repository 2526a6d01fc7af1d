// Writing a document and an input's outcome to PostgreSQL, inside a transaction the caller
// holds. Idempotent by sha256 under any number of concurrent writers: the document's sha256
// (and its path) are taken under transaction-scoped advisory locks, so two workers storing
// the same file at once end with one document, the second seeing it stored.
import type pg from 'pg';
import type { Disclosure, ExtractedDoc, FactValue, SourceFile } from '../../core/types.ts';
import type { DocumentOutcome } from '../repository.ts';

/** Advisory lock classes (the first key of pg_advisory_xact_lock(int, int)). */
const LOCK_SHA = 0x7973_0001;
const LOCK_PATH = 0x7973_0002;

function valueColumns(v: FactValue): [string, string] {
  return v.type === 'amount' ? ['amount', v.yuan] : [v.type, String(v.value)];
}

export async function hasDocumentPg(c: pg.Pool | pg.PoolClient, sha256: string): Promise<boolean> {
  const { rowCount } = await c.query('SELECT 1 FROM documents WHERE sha256 = $1', [sha256]);
  return (rowCount ?? 0) > 0;
}

/**
 * Store one disclosure in the caller's transaction, replacing any earlier version of the
 * same file (same sha256 with force, or a changed file at the same path). Returns false when
 * the same content is stored already (by this run, another run or a concurrent worker).
 */
export async function saveDisclosurePg(c: pg.PoolClient, file: SourceFile, doc: ExtractedDoc, d: Disclosure, opts: { force?: boolean } = {}): Promise<boolean> {
  // always sha first, then path: one order for every writer, so the locks cannot deadlock
  await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2)), pg_advisory_xact_lock($3, hashtext($4))', [LOCK_SHA, file.sha256, LOCK_PATH, file.path]);
  if (!opts.force && (await hasDocumentPg(c, file.sha256))) return false;
  await c.query('DELETE FROM documents WHERE sha256 = $1 OR path = $2', [file.sha256, file.path]);
  // how the identity was settled travels with the document, as in SQLite (repo.ts)
  await c.query(
    `INSERT INTO documents (sha256, file, path, kind, bytes, unit, year, stage, pages, ocr_pages, meta, ingested_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, clock_timestamp())`,
    [file.sha256, file.name, file.path, file.kind, file.bytes, d.identity.unit, d.identity.year, d.identity.stage, doc.pages.length, doc.pages.filter((p) => p.method === 'ocr').length, JSON.stringify(d.identityInfo ? { ...doc.meta, identity: d.identityInfo } : doc.meta)],
  );
  // one statement per table: arrays unnested server-side, not a round trip per row
  const keys: string[] = [];
  const types: string[] = [];
  const values: string[] = [];
  const src = { key: [] as string[], seq: [] as number[], page: [] as Array<number | null>, line: [] as Array<number | null>, bbox: [] as Array<string | null>, method: [] as string[], text: [] as string[], context: [] as Array<string | null> };
  for (const f of d.facts) {
    const [type, value] = valueColumns(f.value);
    keys.push(f.key);
    types.push(type);
    values.push(value);
    f.sources.forEach((s, i) => {
      src.key.push(f.key);
      src.seq.push(i);
      src.page.push(s.page);
      src.line.push(s.line);
      src.bbox.push(s.bbox ? JSON.stringify(s.bbox) : null);
      src.method.push(s.method);
      src.text.push(s.text);
      src.context.push(s.context ?? null);
    });
  }
  if (keys.length) {
    await c.query('INSERT INTO facts (doc, key, value_type, value) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])', [file.sha256, keys, types, values]);
  }
  if (src.key.length) {
    await c.query(
      `INSERT INTO fact_sources (doc, key, seq, page, line, bbox, method, text, context)
       SELECT $1, k, s, p, l, b::json, m, t, x FROM unnest($2::text[], $3::int[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[]) AS u(k, s, p, l, b, m, t, x)`,
      [file.sha256, src.key, src.seq, src.page, src.line, src.bbox, src.method, src.text, src.context],
    );
  }
  if (d.findings.length) {
    const f = d.findings;
    await c.query(
      `INSERT INTO findings (doc, code, severity, message, keys, sources, expected, found)
       SELECT $1, c, s, m, k::json, x::json, e, o FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY AS u(c, s, m, k, x, e, o, n) ORDER BY n`,
      [file.sha256, f.map((x) => x.code), f.map((x) => x.severity), f.map((x) => x.message), f.map((x) => JSON.stringify(x.keys)), f.map((x) => JSON.stringify(x.sources)), f.map((x) => x.expected ?? null), f.map((x) => x.found ?? null)],
    );
  }
  return true;
}

/**
 * Record one input's outcome in the caller's transaction, once: a second outcome for the same
 * run and path (a job taken again after its worker died just after storing) is ignored.
 * Returns whether this call recorded it. The run's counters move with it, and the outcome
 * that completes the run marks it done (the run's row lock orders concurrent writers).
 */
export async function recordOutcomePg(c: pg.PoolClient, runId: number, o: DocumentOutcome): Promise<boolean> {
  const ins = await c.query(
    `INSERT INTO run_items (run_id, path, sha256, status, error_code, message, hint, duration_ms, pages, ocr_pages)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (run_id, path) DO NOTHING`,
    [runId, o.path, o.sha256 ?? null, o.status, o.errorCode ?? null, o.message ?? null, o.hint ?? null, Math.round(o.durationMs), o.pages, o.ocrPages],
  );
  if ((ins.rowCount ?? 0) === 0) return false;
  const n = (s: DocumentOutcome['status']): number => (o.status === s ? 1 : 0);
  await c.query(
    `UPDATE runs SET stored = stored + $2, failed = failed + $3, skipped = skipped + $4, heartbeat_at = clock_timestamp(),
       status = CASE WHEN status = 'running' AND stored + failed + skipped + 1 >= inputs THEN 'done' ELSE status END,
       finished_at = CASE WHEN status = 'running' AND stored + failed + skipped + 1 >= inputs THEN clock_timestamp() ELSE finished_at END
     WHERE id = $1`,
    [runId, n('stored'), n('failed'), n('skipped')],
  );
  return true;
}
