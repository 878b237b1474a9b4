-- 0003_normalizer_version.sql: re-extraction without re-normalising.
-- document_text.normalizer_version is the kNormalizerVersion
-- (pipeline/normalize/normalizer.h) that produced the stored text and offset
-- map; re-extraction reuses the stored text when it equals the running
-- build's version and normalises the page model again otherwise. Rows stored
-- before this migration get 0 ("unknown"): they are re-normalised (and
-- re-extracted by `docpipe reextract`) once.
-- document_text.diagnostics holds what the normaliser reported for that text
-- (EncodeDiagnostics(); empty blob = none), so reusing the text also
-- reproduces its diagnostics.

ALTER TABLE document_text ADD COLUMN normalizer_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE document_text ADD COLUMN diagnostics BLOB NOT NULL DEFAULT x'';
