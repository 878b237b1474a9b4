-- 0002_fts.sql: full-text search that ignores diacritics and tone-mark style.
-- One passage per line of the normalised text (readers emit one paragraph or
-- table cell per line). "folded" holds FoldKey(body) (lower case, no
-- diacritics, đ -> d), so "thỏa thuận", "thoả thuận" and "thoa thuan" share
-- tokens; the query is folded the same way. The FTS5 index is an external
-- content table over passages.folded; snippets are cut from "body", which
-- keeps the original diacritics.
-- Inserts are NOT mirrored by a trigger: FTS5 flushes its pending terms at
-- every statement's savepoint, so a per-row trigger wrote one tiny segment per
-- line (measured: 70% of ingest time). The store inserts a document's
-- passages, then indexes them with one INSERT ... SELECT. Deletes and updates
-- are mirrored by triggers (a delete of a document's passages is one statement).

CREATE TABLE passages (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  page INTEGER NOT NULL,
  norm_begin INTEGER NOT NULL,        -- byte span in document_text.text
  norm_end INTEGER NOT NULL,
  body TEXT NOT NULL,                 -- the normalised line as printed
  folded TEXT NOT NULL                -- FoldKey(body)
) STRICT;
CREATE INDEX passages_doc ON passages(doc_id);

CREATE VIRTUAL TABLE passage_fts USING fts5(
  folded, content = 'passages', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
  INSERT INTO passage_fts(passage_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
END;
CREATE TRIGGER passages_au AFTER UPDATE ON passages BEGIN
  INSERT INTO passage_fts(passage_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
  INSERT INTO passage_fts(rowid, folded) VALUES (new.id, new.folded);
END;
