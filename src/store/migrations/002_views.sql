-- Bulk runs and dashboards.
--
-- A run that is writing holds the database: its row has status 'running', the pid and host
-- of its process and a heartbeat it refreshes every few seconds. A second ingest that finds
-- such a row alive stops with E_LOCKED; a row whose process is gone (killed, crashed) or whose
-- heartbeat is stale is marked 'interrupted' and the new run goes on (src/pipeline/runs.ts).
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN host TEXT;
ALTER TABLE runs ADD COLUMN heartbeat_at TEXT;
ALTER TABLE runs ADD COLUMN max_rss_mb INTEGER;
CREATE INDEX runs_status ON runs(status);

-- Views a dashboard reads directly. Amounts are in yuan; `value` is the exact decimal text and
-- `amount` the same as a number for charts (sums of `amount` are floating point: for exact
-- totals sum the text with a decimal type, or use the stated totals).

-- One row per stored document: who, which year, which stage, and the headline figures.
-- `latest` is 1 for the most recently ingested document of its unit, year and stage.
CREATE VIEW v_unit_year AS
SELECT
  d.unit, d.year, d.stage, d.file, d.sha256 AS doc, d.kind, d.pages, d.ocr_pages, d.ingested_at,
  (SELECT count(*) FROM documents o
     WHERE o.unit IS d.unit AND o.year IS d.year AND o.stage IS d.stage
       AND (o.ingested_at > d.ingested_at OR (o.ingested_at = d.ingested_at AND o.sha256 > d.sha256))) = 0 AS latest,
  (SELECT count(*) FROM facts f WHERE f.doc = d.sha256) AS facts,
  (SELECT count(*) FROM findings x WHERE x.doc = d.sha256 AND x.severity = 'error') AS finding_errors,
  (SELECT count(*) FROM findings x WHERE x.doc = d.sha256 AND x.severity = 'warning') AS finding_warnings,
  (SELECT count(*) FROM findings x WHERE x.doc = d.sha256 AND x.severity = 'info') AS finding_infos,
  (SELECT CAST(f.value AS REAL) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'rev.total') AS revenue_total,
  (SELECT CAST(f.value AS REAL) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'rev.current_total') AS revenue_current,
  (SELECT CAST(f.value AS REAL) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'rev.fiscal') AS revenue_fiscal,
  (SELECT CAST(f.value AS REAL) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'rev.gpb') AS revenue_gpb,
  (SELECT CAST(f.value AS REAL) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'exp.total') AS expenditure_total,
  (SELECT CAST(f.value AS REAL) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'exp.all.total') AS expenditure_all,
  (SELECT CAST(f.value AS REAL) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'exp.all.basic') AS expenditure_basic,
  (SELECT CAST(f.value AS REAL) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'exp.all.project') AS expenditure_project,
  (SELECT CAST(f.value AS REAL) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'exp.gpb.total') AS expenditure_gpb,
  (SELECT CAST(f.value AS REAL) FROM facts f WHERE f.doc = d.sha256 AND f.key IN ('tp.fiscal.total', 'tp.gpb.total')
     ORDER BY f.key = 'tp.fiscal.total' DESC LIMIT 1) AS three_public_total,
  (SELECT CAST(f.value AS REAL) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'ops.total') AS operations_total,
  (SELECT CAST(f.value AS REAL) FROM facts f WHERE f.doc = d.sha256 AND f.key = 'proc.total') AS procurement_total
FROM documents d;

-- Every fact in long form, with its first source.
CREATE VIEW v_facts AS
SELECT
  d.unit, d.year, d.stage, f.key, f.value, f.value_type,
  CASE WHEN f.value_type IN ('amount', 'count') THEN CAST(f.value AS REAL) END AS amount,
  d.file, f.doc, s.page, s.line, s.method, s.text
FROM facts f
JOIN documents d ON d.sha256 = f.doc
LEFT JOIN fact_sources s ON s.doc = f.doc AND s.key = f.key AND s.seq = 0;

-- Rows of the classified expenditure tables: exp.<scope>.<classification>.<code>.<measure>,
-- also under units.<unit>. (the row of one unit of a consolidated disclosure: sub_unit).
CREATE VIEW v_items AS
WITH k AS (
  SELECT f.doc, f.key, f.value,
    CASE WHEN f.key LIKE 'units.%' THEN substr(f.key, 7, instr(substr(f.key, 7), '.') - 1) END AS sub_unit,
    CASE WHEN f.key LIKE 'units.%' THEN substr(f.key, 7 + instr(substr(f.key, 7), '.')) ELSE f.key END AS k
  FROM facts f
  WHERE f.value_type = 'amount' AND (f.key LIKE '%.func.%' OR f.key LIKE '%.econ.%' OR f.key LIKE '%.gecon.%')
),
a AS (SELECT *, substr(k, 5) AS r1 FROM k WHERE k LIKE 'exp.%'),
b AS (SELECT *, substr(r1, 1, instr(r1, '.') - 1) AS scope, substr(r1, instr(r1, '.') + 1) AS r2 FROM a),
c AS (SELECT *, substr(r2, 1, instr(r2, '.') - 1) AS classification, substr(r2, instr(r2, '.') + 1) AS r3 FROM b),
e AS (SELECT *, substr(r3, 1, instr(r3, '.') - 1) AS code, substr(r3, instr(r3, '.') + 1) AS m FROM c),
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
  CASE m.variant WHEN 'current' THEN m.m ELSE substr(m.m, 1, instr(m.m, '_') - 1) END AS measure,
  m.variant, m.value, CAST(m.value AS REAL) AS amount, d.file, m.doc, m.key
FROM m
JOIN documents d ON d.sha256 = m.doc
WHERE m.classification IN ('func', 'econ', 'gecon') AND m.code <> '' AND m.code NOT GLOB '*[^0-9]*';

-- Findings of the validator, one row each.
CREATE VIEW v_findings AS
SELECT d.unit, d.year, d.stage, d.file, x.doc, x.code, x.severity, x.message, x.keys, x.expected, x.found
FROM findings x
JOIN documents d ON d.sha256 = x.doc;

-- Runs, one row each, with their page counts and duration.
CREATE VIEW v_runs AS
SELECT
  r.id AS run, r.started_at, r.finished_at, r.status, r.inputs, r.stored, r.failed, r.skipped,
  round((julianday(r.finished_at) - julianday(r.started_at)) * 86400, 1) AS duration_s,
  (SELECT coalesce(sum(i.pages), 0) FROM run_items i WHERE i.run_id = r.id) AS pages,
  (SELECT coalesce(sum(i.ocr_pages), 0) FROM run_items i WHERE i.run_id = r.id) AS ocr_pages,
  r.max_rss_mb, r.pid, r.host, r.heartbeat_at
FROM runs r;

-- Each input of each run with its outcome (and what it is, when it was stored).
CREATE VIEW v_run_documents AS
SELECT
  i.run_id AS run, i.path, i.status, i.error_code, i.message, i.hint, i.duration_ms, i.pages, i.ocr_pages,
  i.sha256 AS doc, d.unit, d.year, d.stage
FROM run_items i
LEFT JOIN documents d ON d.sha256 = i.sha256;
