-- Reviewers' verdicts on facts (`yusuan serve`). A verdict is a row of its own: facts are never
-- changed by a review. Each row says which value the reviewer saw (`seen_value`), so that a
-- verdict on a value that a later ingest changed no longer counts for the new value. There is
-- no foreign key to documents: verdicts outlive a re-ingest of their document (--force).
-- (003 is left to the coverage reports.)
CREATE TABLE reviews (
  id          INTEGER PRIMARY KEY,
  doc         TEXT NOT NULL,
  key         TEXT NOT NULL,
  verdict     TEXT NOT NULL CHECK (verdict IN ('confirmed', 'wrong')),
  value_type  TEXT NOT NULL CHECK (value_type IN ('amount', 'count', 'text')),
  seen_value  TEXT NOT NULL,
  -- for 'wrong': the right value, exact decimal text in yuan for an amount
  right_value TEXT,
  comment     TEXT NOT NULL DEFAULT '',
  reviewer    TEXT NOT NULL,
  at          TEXT NOT NULL,
  CHECK (verdict = 'confirmed' OR right_value IS NOT NULL)
);
CREATE INDEX reviews_doc_key ON reviews(doc, key, id);

-- The verdict in force for each fact that has one: the latest on the value stored now.
-- `status` is 'confirmed' or 'corrected' (then `right_value` holds the right value).
CREATE VIEW v_reviews AS
SELECT d.unit, d.year, d.stage, d.file, r.doc, r.key, f.value, f.value_type,
       CASE r.verdict WHEN 'confirmed' THEN 'confirmed' ELSE 'corrected' END AS status,
       r.right_value, r.comment, r.reviewer, r.at,
       (SELECT count(*) FROM reviews a WHERE a.doc = r.doc AND a.key = r.key) AS verdicts
FROM reviews r
JOIN facts f ON f.doc = r.doc AND f.key = r.key AND f.value = r.seen_value
JOIN documents d ON d.sha256 = r.doc
WHERE r.id = (SELECT max(b.id) FROM reviews b WHERE b.doc = r.doc AND b.key = r.key AND b.value_type = f.value_type AND b.seen_value = f.value);
