-- 0001_init.sql: the core store. Documents identified by the SHA-256 of their
-- bytes (ingest is idempotent by content), every file name they were seen
-- under, the page model as an encoded BLOB and the normalised text with its
-- offset map (so re-extraction needs no PDF parsing), the extracted facts with
-- their provenance, cross-check flags with evidence, and failed files.
-- Tables are STRICT (SQLite >= 3.37): a wrong type is an error, not a cast.
-- Spans are byte offsets into Document::text (source text); norm_* offsets are
-- into the normalised text. Empty strings mean "unknown" (NULL in the export).

PRAGMA application_id = 1685088624;  -- 0x64706970 'dpip': refuse foreign databases

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  file TEXT NOT NULL,                 -- the file name first seen
  byte_size INTEGER NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  number TEXT NOT NULL DEFAULT '',    -- canonical spacing: "1520/QĐ-UBND"
  number_key TEXT NOT NULL DEFAULT '',-- FoldKey(number) without spaces, for lookup
  place TEXT NOT NULL DEFAULT '',
  date TEXT NOT NULL DEFAULT '',      -- ISO YYYY-MM-DD
  issuer TEXT NOT NULL DEFAULT '',
  signer TEXT NOT NULL DEFAULT '',
  capacity TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,               -- ok | warning | error (worst diagnostic)
  ruleset_version TEXT NOT NULL,
  page_count INTEGER NOT NULL,
  from_pdf INTEGER NOT NULL,
  model BLOB NOT NULL,                -- EncodeDocument(): the page model
  reader_diagnostics BLOB NOT NULL,   -- EncodeDiagnostics(): reading the file
  diagnostics BLOB NOT NULL           -- EncodeDiagnostics(): normalising + extracting
) STRICT;
CREATE INDEX documents_number_key ON documents(number_key);

CREATE TABLE document_files (
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  file TEXT NOT NULL,
  first_seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  PRIMARY KEY (doc_id, file)
) STRICT;
CREATE INDEX document_files_file ON document_files(file);

CREATE TABLE document_text (
  doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  text TEXT NOT NULL,                 -- NormalizedText::text (NFC)
  offset_map TEXT NOT NULL,           -- OffsetMap::Serialize()
  encoding TEXT NOT NULL,
  encoding_confidence REAL NOT NULL
) STRICT;

CREATE TABLE pages (
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,            -- 1-based
  src_begin INTEGER NOT NULL,
  src_end INTEGER NOT NULL,
  ocr INTEGER NOT NULL,
  ocr_confidence REAL NOT NULL,
  PRIMARY KEY (doc_id, number)
) STRICT;

-- Identity fields with provenance; the values are also copied into documents.
-- field: kind, number, place, date, issuer, signer, capacity, title, recipient.
CREATE TABLE identity_fields (
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  seq INTEGER NOT NULL,
  value TEXT NOT NULL,
  page INTEGER NOT NULL, span_begin INTEGER NOT NULL, span_end INTEGER NOT NULL,
  rule_id TEXT NOT NULL, quote TEXT NOT NULL, fuzzy INTEGER NOT NULL,
  PRIMARY KEY (doc_id, field, seq)
) STRICT;

CREATE TABLE doc_references (
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL, number TEXT NOT NULL, date TEXT NOT NULL, issuer TEXT NOT NULL,
  date_from TEXT NOT NULL,
  page INTEGER NOT NULL, span_begin INTEGER NOT NULL, span_end INTEGER NOT NULL,
  rule_id TEXT NOT NULL, quote TEXT NOT NULL, fuzzy INTEGER NOT NULL,
  PRIMARY KEY (doc_id, seq)
) STRICT;

CREATE TABLE deadlines (
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  date TEXT NOT NULL, relation TEXT NOT NULL, agency TEXT NOT NULL, text TEXT NOT NULL,
  page INTEGER NOT NULL, span_begin INTEGER NOT NULL, span_end INTEGER NOT NULL,
  rule_id TEXT NOT NULL, quote TEXT NOT NULL, fuzzy INTEGER NOT NULL,
  PRIMARY KEY (doc_id, seq)
) STRICT;

CREATE TABLE figures (
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  value REAL NOT NULL, unit TEXT NOT NULL, qualifier TEXT NOT NULL,
  change_pct REAL,                    -- NULL = not stated
  subject TEXT NOT NULL, scope TEXT NOT NULL,
  period_text TEXT NOT NULL, period_start TEXT NOT NULL, period_end TEXT NOT NULL,
  period_granularity TEXT NOT NULL,
  page INTEGER NOT NULL, span_begin INTEGER NOT NULL, span_end INTEGER NOT NULL,
  rule_id TEXT NOT NULL, quote TEXT NOT NULL, fuzzy INTEGER NOT NULL,
  PRIMARY KEY (doc_id, seq)
) STRICT;

-- lead and coordinate: JSON arrays of canonical agency names (json_each works).
CREATE TABLE tasks (
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  section TEXT NOT NULL, section_title TEXT NOT NULL, stt TEXT NOT NULL, content TEXT NOT NULL,
  lead TEXT NOT NULL, coordinate TEXT NOT NULL,
  timeframe_text TEXT NOT NULL, timeframe_start TEXT NOT NULL, timeframe_end TEXT NOT NULL,
  timeframe_granularity TEXT NOT NULL,
  result TEXT NOT NULL,
  page INTEGER NOT NULL, span_begin INTEGER NOT NULL, span_end INTEGER NOT NULL,
  rule_id TEXT NOT NULL, quote TEXT NOT NULL, fuzzy INTEGER NOT NULL,
  PRIMARY KEY (doc_id, seq)
) STRICT;

CREATE TABLE task_targets (
  doc_id INTEGER NOT NULL,
  task_seq INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  value REAL NOT NULL, unit TEXT NOT NULL, qualifier TEXT NOT NULL, date TEXT NOT NULL,
  PRIMARY KEY (doc_id, task_seq, seq),
  FOREIGN KEY (doc_id, task_seq) REFERENCES tasks(doc_id, seq) ON DELETE CASCADE
) STRICT;

CREATE TABLE assignments (
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  agency TEXT NOT NULL,
  coordinate TEXT NOT NULL,           -- JSON array of canonical agency names
  action TEXT NOT NULL, deadline TEXT NOT NULL,
  page INTEGER NOT NULL, span_begin INTEGER NOT NULL, span_end INTEGER NOT NULL,
  rule_id TEXT NOT NULL, quote TEXT NOT NULL, fuzzy INTEGER NOT NULL,
  PRIMARY KEY (doc_id, seq)
) STRICT;

-- The cross-check's findings, replaced as a whole by each check run.
CREATE TABLE flags (
  seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  severity INTEGER NOT NULL,          -- FlagSeverity: 0 info, 1 warning, 2 contradiction
  message_vi TEXT NOT NULL,
  message_en TEXT NOT NULL
) STRICT;

CREATE TABLE flag_evidence (
  flag_seq INTEGER NOT NULL REFERENCES flags(seq) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  doc_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,  -- NULL = not stored
  document TEXT NOT NULL,
  page INTEGER NOT NULL, span_begin INTEGER NOT NULL, span_end INTEGER NOT NULL,
  quote TEXT NOT NULL,
  PRIMARY KEY (flag_seq, seq)
) STRICT;

-- Files that could not be ingested (kept until the same bytes ingest cleanly).
CREATE TABLE failures (
  sha256 TEXT PRIMARY KEY,
  file TEXT NOT NULL,
  code INTEGER NOT NULL,              -- docpipe::Code, stable numbers
  reason TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 1,
  last_seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
