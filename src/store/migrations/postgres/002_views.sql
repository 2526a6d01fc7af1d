-- PostgreSQL twin of ../002_views.sql: the same run columns and the same views with the
-- same columns. `amount` columns are numeric (exact), not floating point as in SQLite;
-- counts are integers; `latest` is 1 or 0 as there.
ALTER TABLE runs ADD COLUMN pid integer;
ALTER TABLE runs ADD COLUMN host text;
ALTER TABLE runs ADD COLUMN heartbeat_at timestamptz;
ALTER TABLE runs ADD COLUMN max_rss_mb integer;
CREATE INDEX runs_status ON runs(status);

-- a fact's value as a number, for amounts and counts only (text facts give null, never an error)
CREATE FUNCTION yusuan_amount(value_type text, value text) RETURNS numeric
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN value_type IN ('amount', 'count') AND value ~ '^-?[0-9]+(\.[0-9]+)?$' THEN value::numeric END $$;

CREATE VIEW v_unit_year AS
SELECT
  d.unit, d.year, d.stage, d.file, d.sha256 AS doc, d.kind, d.pages, d.ocr_pages, d.ingested_at,
  CASE WHEN (SELECT count(*) FROM documents o
     WHERE o.unit IS NOT DISTINCT FROM d.unit AND o.year IS NOT DISTINCT FROM d.year AND o.stage IS NOT DISTINCT FROM d.stage
       AND (o.ingested_at > d.ingested_at OR (o.ingested_at = d.ingested_at AND o.sha256 COLLATE "C" > d.sha256 COLLATE "C"))) = 0
    THEN 1 ELSE 0 END AS latest,
  (SELECT count(*) FROM facts f WHERE f.doc = d.sha256)::integer AS facts,
  (SELECT count(*) FROM findings x WHERE x.doc = d.sha256 AND x.severity = 'error')::integer AS finding_errors,
  (SELECT count(*) FROM findings x WHERE x.doc = d.sha256 AND x.severity = 'warning')::integer AS finding_warnings,
  (SELECT count(*) FROM findings x WHERE x.doc = d.sha256 AND x.severity = 'info')::integer AS finding_infos,
  (SELECT yusuan_amount(f.value_type, f.value) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'rev.total') AS revenue_total,
  (SELECT yusuan_amount(f.value_type, f.value) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'rev.current_total') AS revenue_current,
  (SELECT yusuan_amount(f.value_type, f.value) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'rev.fiscal') AS revenue_fiscal,
  (SELECT yusuan_amount(f.value_type, f.value) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'rev.gpb') AS revenue_gpb,
  (SELECT yusuan_amount(f.value_type, f.value) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'exp.total') AS expenditure_total,
  (SELECT yusuan_amount(f.value_type, f.value) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'exp.all.total') AS expenditure_all,
  (SELECT yusuan_amount(f.value_type, f.value) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'exp.all.basic') AS expenditure_basic,
  (SELECT yusuan_amount(f.value_type, f.value) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'exp.all.project') AS expenditure_project,
  (SELECT yusuan_amount(f.value_type, f.value) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'exp.gpb.total') AS expenditure_gpb,
  (SELECT yusuan_amount(f.value_type, f.value) FROM facts f WHERE f.doc = d.sha256 AND f.key IN ('tp.fiscal.total', 'tp.gpb.total')
     ORDER BY f.key = 'tp.fiscal.total' DESC LIMIT 1) AS three_public_total,
  (SELECT yusuan_amount(f.value_type, f.value) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'ops.total') AS operations_total,
  (SELECT yusuan_amount(f.value_type, f.value) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'proc.total') AS procurement_total
FROM documents d;

CREATE VIEW v_facts AS
SELECT
  d.unit, d.year, d.stage, f.key, f.value, f.value_type,
  yusuan_amount(f.value_type, f.value) AS amount,
  d.file, f.doc, s.page, s.line, s.method, s.text
FROM facts f
JOIN documents d ON d.sha256 = f.doc
LEFT JOIN fact_sources s ON s.doc = f.doc AND s.key = f.key AND s.seq = 0;

-- SQLite's instr/substr spelled with strpos/substr; a length below 0 is taken as 0, as SQLite
-- does (PostgreSQL would raise an error instead).
CREATE VIEW v_items AS
WITH k AS (
  SELECT f.doc, f.key, f.value,
    CASE WHEN f.key LIKE 'units.%' THEN substr(f.key, 7, greatest(strpos(substr(f.key, 7), '.') - 1, 0)) END AS sub_unit,
    CASE WHEN f.key LIKE 'units.%' THEN substr(f.key, 7 + strpos(substr(f.key, 7), '.')) ELSE f.key END AS k
  FROM facts f
  WHERE f.value_type = 'amount' AND (f.key LIKE '%.func.%' OR f.key LIKE '%.econ.%' OR f.key LIKE '%.gecon.%')
),
a AS (SELECT *, substr(k, 5) AS r1 FROM k WHERE k LIKE 'exp.%'),
b AS (SELECT *, substr(r1, 1, greatest(strpos(r1, '.') - 1, 0)) AS scope, substr(r1, strpos(r1, '.') + 1) AS r2 FROM a),
c AS (SELECT *, substr(r2, 1, greatest(strpos(r2, '.') - 1, 0)) AS classification, substr(r2, strpos(r2, '.') + 1) AS r3 FROM b),
e AS (SELECT *, substr(r3, 1, greatest(strpos(r3, '.') - 1, 0)) AS code, substr(r3, strpos(r3, '.') + 1) AS m FROM c),
m AS (
  SELECT *,
    CASE
      WHEN m LIKE '%\_prior' ESCAPE '\' THEN 'prior'
      WHEN m LIKE '%\_change' ESCAPE '\' THEN 'change'
      WHEN m LIKE '%\_budget' ESCAPE '\' THEN 'budget'
      ELSE 'current'
    END AS variant
  FROM e
)
SELECT
  d.unit, d.year, d.stage, m.sub_unit, m.scope, m.classification, m.code,
  CASE WHEN length(m.code) <= 3 THEN 1 WHEN length(m.code) <= 5 THEN 2 ELSE 3 END AS level,
  CASE m.variant WHEN 'current' THEN m.m ELSE substr(m.m, 1, greatest(strpos(m.m, '_') - 1, 0)) END AS measure,
  m.variant, m.value, m.value::numeric AS amount, d.file, m.doc, m.key
FROM m
JOIN documents d ON d.sha256 = m.doc
WHERE m.classification IN ('func', 'econ', 'gecon') AND m.code <> '' AND m.code ~ '^[0-9]+$';

CREATE VIEW v_findings AS
SELECT d.unit, d.year, d.stage, d.file, x.doc, x.code, x.severity, x.message, x.keys, x.expected, x.found
FROM findings x
JOIN documents d ON d.sha256 = x.doc;

CREATE VIEW v_runs AS
SELECT
  r.id AS run, r.started_at, r.finished_at, r.status, r.inputs, r.stored, r.failed, r.skipped,
  round(extract(epoch FROM (r.finished_at - r.started_at))::numeric, 1) AS duration_s,
  (SELECT coalesce(sum(i.pages), 0) FROM run_items i WHERE i.run_id = r.id)::integer AS pages,
  (SELECT coalesce(sum(i.ocr_pages), 0) FROM run_items i WHERE i.run_id = r.id)::integer AS ocr_pages,
  r.max_rss_mb, r.pid, r.host, r.heartbeat_at
FROM runs r;

CREATE VIEW v_run_documents AS
SELECT
  i.run_id AS run, i.path, i.status, i.error_code, i.message, i.hint, i.duration_ms, i.pages, i.ocr_pages,
  i.sha256 AS doc, d.unit, d.year, d.stage
FROM run_items i
LEFT JOIN documents d ON d.sha256 = i.sha256;
