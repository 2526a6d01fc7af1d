-- Documents, facts with their sources, findings, runs. Amounts are exact decimal strings in yuan.
CREATE TABLE documents (
  sha256      TEXT PRIMARY KEY,
  file        TEXT NOT NULL,
  path        TEXT NOT NULL,
  kind        TEXT NOT NULL,
  bytes       INTEGER NOT NULL,
  unit        TEXT,
  year        INTEGER,
  stage       TEXT CHECK (stage IN ('budget', 'final') OR stage IS NULL),
  pages       INTEGER NOT NULL DEFAULT 0,
  ocr_pages   INTEGER NOT NULL DEFAULT 0,
  meta        TEXT NOT NULL DEFAULT '{}',
  ingested_at TEXT NOT NULL
);
CREATE INDEX documents_path ON documents(path);
CREATE INDEX documents_unit_year ON documents(unit, year, stage);

CREATE TABLE facts (
  doc        TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  key        TEXT NOT NULL,
  value_type TEXT NOT NULL CHECK (value_type IN ('amount', 'count', 'text')),
  value      TEXT NOT NULL,
  PRIMARY KEY (doc, key)
) WITHOUT ROWID;

CREATE TABLE fact_sources (
  doc     TEXT NOT NULL,
  key     TEXT NOT NULL,
  seq     INTEGER NOT NULL,
  page    INTEGER,
  line    INTEGER,
  bbox    TEXT,
  method  TEXT NOT NULL,
  text    TEXT NOT NULL,
  context TEXT,
  PRIMARY KEY (doc, key, seq),
  FOREIGN KEY (doc, key) REFERENCES facts(doc, key) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE findings (
  id       INTEGER PRIMARY KEY,
  doc      TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  code     TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
  message  TEXT NOT NULL,
  keys     TEXT NOT NULL DEFAULT '[]',
  sources  TEXT NOT NULL DEFAULT '[]',
  expected TEXT,
  found    TEXT
);
CREATE INDEX findings_doc ON findings(doc);

CREATE TABLE runs (
  id          INTEGER PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  args        TEXT NOT NULL DEFAULT '[]',
  status      TEXT NOT NULL DEFAULT 'running',
  inputs      INTEGER NOT NULL DEFAULT 0,
  stored      INTEGER NOT NULL DEFAULT 0,
  failed      INTEGER NOT NULL DEFAULT 0,
  skipped     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE run_items (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  path        TEXT NOT NULL,
  sha256      TEXT,
  status      TEXT NOT NULL CHECK (status IN ('stored', 'failed', 'skipped')),
  error_code  TEXT,
  message     TEXT,
  hint        TEXT,
  duration_ms INTEGER,
  pages       INTEGER,
  ocr_pages   INTEGER,
  PRIMARY KEY (run_id, path)
) WITHOUT ROWID;
