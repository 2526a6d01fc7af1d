-- Per document, the parsing and coverage report (JSON): its tables with kind, scope, unit,
-- column roles and rows read or left unread (and why), the standard tables found or missing,
-- the headline keys missing, and how its identity was settled. Read by `report --coverage`
-- and the review page.
CREATE TABLE doc_reports (
  doc      TEXT PRIMARY KEY REFERENCES documents(sha256) ON DELETE CASCADE,
  coverage TEXT NOT NULL
);
