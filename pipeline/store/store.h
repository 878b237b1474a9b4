// pipeline/store/store.h
//
// The SQLite store: documents identified by the SHA-256 of their bytes, the
// page model and normalised text (so re-extraction needs no PDF parsing), the
// extracted facts with provenance, cross-check flags, failed files, and a
// diacritic- and tone-style-insensitive full-text index. The schema lives in
// schema/NNNN_*.sql (embedded at build time) and is migrated by
// PRAGMA user_version, one transaction per migration.
//
// Durability: WAL journal, synchronous=NORMAL, foreign_keys=ON. Every write
// operation below is ONE transaction: after a kill -9 at any moment the
// database is consistent and a document is either fully stored or absent. In
// WAL mode synchronous=NORMAL loses no committed transaction on a process
// crash; only an OS crash or power loss may roll back the last commits
// (never corrupting the file).
//
// Stage: extract -> [store] -> crosscheck, jobs. SQLite is used only in
// pipeline/store/*.cc.

#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/diagnostics.h"
#include "pipeline/base/result.h"
#include "pipeline/model/facts.h"
#include "pipeline/model/flags.h"
#include "pipeline/model/page_model.h"
#include "pipeline/model/task_tracking.h"
#include "pipeline/normalize/normalizer.h"

namespace docpipe {

// The schema version this build creates and understands (the highest
// schema/NNNN_*.sql number).
int StoreSchemaVersion();

// Everything one ingest writes, in one transaction.
struct IngestRecord {
  std::string sha256;  // lower-case hex of the file's bytes
  std::string file;    // as the user named it
  int64_t byte_size = 0;
  const Document* document = nullptr;               // REQUIRES: non-null
  const NormalizedText* normalized = nullptr;       // REQUIRES: non-null
  const Diagnostics* reader_diagnostics = nullptr;  // reading the file; may be null
  const Diagnostics* diagnostics = nullptr;         // normalise + extract; may be null
  const Extraction* extraction = nullptr;           // REQUIRES: non-null
  std::string ruleset_version;                      // RuleEngine::version()
  // When not null, set to true if the bytes were already stored (by another
  // process since the caller last looked) and only the file name was added.
  bool* already_stored = nullptr;
};

struct StoredDocument {
  int64_t id = 0;
  std::string sha256;
  std::string file;                // first name seen
  std::vector<std::string> files;  // every name seen, in order of first sight
  int64_t byte_size = 0;
  std::string ruleset_version;
  Document document;
  NormalizedText normalized;
  Diagnostics reader_diagnostics;
  Diagnostics diagnostics;
};

struct DocumentSummary {
  int64_t id = 0;
  std::string sha256, file, kind, number, date, issuer, title;
  std::string status;  // "ok", "warning", "error": the worst stored diagnostic
  std::string ruleset_version;
  int page_count = 0;
  int references = 0, deadlines = 0, figures = 0, tasks = 0, assignments = 0;
};

struct FailureRecord {
  std::string sha256, file;
  Code code = Code::kOk;
  std::string reason;
  int attempts = 0;
  std::string last_seen;  // UTC, "2026-05-01T10:00:00Z"
};

struct SearchHit {
  int64_t doc_id = 0;
  std::string document;  // number as printed, or the file name if none
  std::string sha256;
  int page = 0;
  std::string snippet;           // original text (diacritics as printed) around the hit
  std::vector<Span> highlights;  // byte spans of matched words within "snippet"
  double score = 0;              // bm25: lower is better
};

// One connection. Not thread-safe: use one Store per thread (SQLite's
// busy_timeout lets several processes share a database file).
class Store {
 public:
  // Opens or creates the database at "path" (":memory:" for tests), applies
  // pending migrations, sets WAL, foreign_keys, busy_timeout and
  // synchronous=NORMAL. kStoreError if the file is not a docpipe database,
  // if its schema is newer than this build (never downgraded), or if SQLite
  // fails; no partial migration is ever left behind.
  // A database that exists but that this user cannot write (the file or its
  // folder is read-only) is opened read-only and immutable (no -wal/-shm
  // needed; reads work, writes fail with kStoreError); it is never migrated.
  static Result<std::unique_ptr<Store>> Open(const std::string& path);

  // Not copyable or movable: prepared statements point at the connection.
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store();

  int schema_version() const;  // PRAGMA user_version after Open

  // SQLite's integrity_check, foreign_key_check and the FTS index's own
  // check. kStoreError naming the first problem found.
  Status CheckIntegrity() const;

  // PRAGMA quick_check (cheaper than CheckIntegrity). kStoreError naming the
  // first problem; the CLI runs it before commands that write.
  Status QuickCheck() const;

  // True if Open fell back to a read-only, immutable connection.
  bool read_only() const;

  struct VerifyReport {
    int64_t documents = 0;
    int64_t archived_files = 0;         // recorded names under the archive, checked
    std::vector<std::string> problems;  // English, one line each
  };
  // `docpipe verify`: CheckIntegrity, then every recorded file name under
  // "archive_root" ("" = skip) must exist and hash to its document's SHA-256.
  // Problems are listed in the report; the Status is an error only if the
  // checks could not run.
  Result<VerifyReport> Verify(const std::string& archive_root) const;

  // --- Ingest ---
  // The id of the document with these bytes, or nullopt.
  Result<std::optional<int64_t>> FindBySha256(std::string_view sha256);

  // Records that "doc_id" was also seen as "file" (a renamed copy). True if
  // the name is new for that document. kNotFound for an unknown id.
  Result<bool> RecordFileName(int64_t doc_id, std::string_view file);

  // Stores a new document with everything in "record", in one transaction,
  // and clears any failure recorded for its sha256. Idempotent by content:
  // if the sha256 is already stored, nothing is rewritten; the file name is
  // recorded (RecordFileName) and the existing id returned. The pointers in
  // "record" are only read during the call. kInvalidArgument for a missing
  // pointer or sha256; kStoreError (and nothing written) on failure.
  Result<int64_t> SaveDocument(const IngestRecord& record);

  // Atomically replaces a document's facts, its normalise/extract
  // diagnostics and its ruleset version (re-extraction). If "normalized" is
  // non-null the stored normalised text, offset map and search passages are
  // replaced too. On any error nothing changes. kNotFound for an unknown id.
  Status ReplaceExtraction(int64_t doc_id, const Extraction& extraction,
                           const Diagnostics& diagnostics, std::string_view ruleset_version,
                           const NormalizedText* normalized = nullptr);

  // Sets the date and date_from of stored references (matched by their
  // position in Extraction::references, as LoadExtraction returns them) for
  // every document in "updates", in one transaction. Used by the archive pass
  // that fills a cited document's date from another document
  // (extract/citations.h). kNotFound if a reference does not exist.
  struct ReferenceDates {
    int64_t doc_id = 0;
    const std::vector<Reference>* references = nullptr;  // REQUIRES: non-null
  };
  Status UpdateReferenceDates(const std::vector<ReferenceDates>& updates);

  // Remembers a file that could not be ingested (upsert by sha256; attempts
  // counts). Cleared when the same bytes are saved.
  Status RecordFailure(std::string_view sha256, std::string_view file, Code code,
                       std::string_view reason);
  Result<std::vector<FailureRecord>> ListFailures() const;

  // --- Reading ---
  // kNotFound for an unknown id; kBadInput if a stored blob does not decode.
  Result<StoredDocument> LoadDocument(int64_t doc_id) const;
  Result<Extraction> LoadExtraction(int64_t doc_id) const;

  // Every document, ordered by date (unknown last), number, sha256.
  Result<std::vector<DocumentSummary>> ListDocuments() const;

  // Every file name "doc_id" was seen under, in order of first sight
  // (empty for an unknown id).
  Result<std::vector<std::string>> FileNames(int64_t doc_id) const;

  // Ids of documents extracted with another ruleset version, ascending.
  Result<std::vector<int64_t>> StaleDocuments(std::string_view current_version) const;
  // The same, plus documents whose normalised text was made by another
  // normaliser version (NormalizedText::normalizer_version; 0 = unknown,
  // e.g. stored before schema 3), ascending.
  Result<std::vector<int64_t>> StaleDocuments(std::string_view current_version,
                                              int normalizer_version) const;

  // Documents matching "key", tried in this order, the first kind that
  // matches wins: a decimal id; a document number ("1520/QĐ-UBND", compared
  // by FoldKey without spaces: case, diacritics and spacing are ignored); a
  // file name (as recorded, or its last path component); a sha256 prefix of
  // at least 6 hex digits. Empty vector if none; more than one = ambiguous.
  Result<std::vector<DocumentSummary>> FindDocuments(std::string_view key) const;

  // Full-text search, insensitive to case, diacritics and tone-mark
  // placement: "thoa thuan", "thỏa thuận" and "thoả thuận" find the same
  // passages. A passage (one line of normalised text) matches if it holds
  // every word of "query"; a query in double quotes must match as a phrase.
  // Best first (bm25), at most "limit" hits. An empty query gives no hits.
  Result<std::vector<SearchHit>> Search(std::string_view query, int limit) const;

  // --- Cross-check ---
  // Replaces every stored flag by "flags" (kept in this order), atomically.
  Status ReplaceFlags(const std::vector<Flag>& flags);
  Result<std::vector<Flag>> LoadFlags() const;
  // Replaces every stored task status by "statuses", atomically (schema
  // 0005). kStoreError if a status names a task that is not stored.
  Status ReplaceTaskTracking(const std::vector<TaskTracking>& statuses);
  // Every stored task status, by plan document id and task index; evidence
  // best first. Empty before the first check.
  Result<std::vector<TaskTracking>> LoadTaskTracking() const;

 private:
  struct Impl;  // the sqlite3 connection and the prepared statements
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace docpipe
