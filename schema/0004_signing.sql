-- 0004_signing.sql: signing records. The stamps a signing or copying office
-- puts on a file (digital-signature box "Ký bởi / Cơ quan / Thời gian ký",
-- the publisher's stamp, "SAO Y" copy certifications, inbox stamps) are
-- metadata of the copy, kept apart from the document's identity: their time
-- is never the issue date (pipeline/model/facts.h, SigningRecord).
-- source: 'layer' = the page's unused text layer (Page::layer_text; no span),
-- 'text' = lines of the document text (span into Document::text).
-- kind: signature | copy | inbox. time: ISO date or date-time, '' = unknown.
-- An attachment's parent ("Ban hành kèm theo Công văn số ...") is stored in
-- identity_fields with field 'attached_to' (no schema change needed).

CREATE TABLE signing_records (
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  signer TEXT NOT NULL,
  organisation TEXT NOT NULL,
  time TEXT NOT NULL,
  source TEXT NOT NULL,
  page INTEGER NOT NULL, span_begin INTEGER NOT NULL, span_end INTEGER NOT NULL,
  rule_id TEXT NOT NULL, quote TEXT NOT NULL, fuzzy INTEGER NOT NULL,
  PRIMARY KEY (doc_id, seq)
) STRICT;
