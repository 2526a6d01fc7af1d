-- PostgreSQL twin of ../003_reports.sql: per document, the parsing and coverage report. The
-- report is `json` (kept as written, as the other JSON columns: jsonb would reorder its keys).
CREATE TABLE doc_reports (
  doc      text PRIMARY KEY REFERENCES documents(sha256) ON DELETE CASCADE,
  coverage json NOT NULL
);
