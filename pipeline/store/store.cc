#include "pipeline/store/store.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "pipeline/base/file_util.h"
#include "pipeline/base/strings.h"
#include "pipeline/model/document_codec.h"
#include "pipeline/model/fact_fields.h"
#include "pipeline/normalize/fold.h"
#include "pipeline/store/schema_sql.h"
#include "pipeline/store/statement.h"

namespace docpipe {
namespace {

// document_text.diagnostics (schema 3): the normaliser's diagnostics, an
// empty blob when there are none (most documents).
std::string EncodeNormalizerDiagnostics(const Diagnostics& diagnostics) {
  return diagnostics.empty() ? std::string() : EncodeDiagnostics(diagnostics);
}

// PRAGMA application_id of a docpipe database: 0x64706970, "dpip" (set by
// schema/0001_init.sql). A database with another id is refused.
constexpr int64_t kApplicationId = 0x64706970;
constexpr int kBusyTimeoutMs = 10000;
constexpr size_t kSnippetContext = 80;  // code points kept on each side of a hit

int MigrationNumber(std::string_view name) {
  int64_t number = 0;
  if (name.size() < 5 || name[4] != '_' || !ParseInt(name.substr(0, 4), &number)) return -1;
  return static_cast<int>(number);
}

// Resets a cached statement when the scope ends, so an early return never
// leaves it mid-iteration (which would keep a read transaction open).
class ResetOnExit {
 public:
  explicit ResetOnExit(Statement* stmt) : stmt_(stmt) {}
  ~ResetOnExit() { stmt_->Reset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  Statement* stmt_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back on destruction unless committed.
// IMMEDIATE takes the write lock at once, so a concurrent writer waits on
// busy_timeout instead of failing later with SQLITE_BUSY on lock upgrade.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  ~Transaction() {
    if (active_) static_cast<void>(ExecSql(db_, "ROLLBACK"));
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Begin() {
    Status status = ExecSql(db_, "BEGIN IMMEDIATE");
    active_ = status.ok();
    return status;
  }
  Status Commit() {
    Status status = ExecSql(db_, "COMMIT");
    if (status.ok()) active_ = false;
    return status;
  }

 private:
  sqlite3* db_;
  bool active_ = false;
};

Result<int64_t> QueryInt(sqlite3* db, const char* sql) {
  Result<Statement> stmt = Statement::Prepare(db, sql);
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  return *row ? stmt->ColumnInt(0) : int64_t{0};
}

std::string WorstSeverity(const Diagnostics* a, const Diagnostics* b) {
  auto count = [&](Severity severity) {
    return (a != nullptr ? a->Count(severity) : 0) + (b != nullptr ? b->Count(severity) : 0);
  };
  if (count(Severity::kError) > 0) return "error";
  if (count(Severity::kWarning) > 0) return "warning";
  return "ok";
}

// The lookup key of a document number: folded, spaces removed.
std::string NumberKey(std::string_view number) {
  std::string folded = FoldKey(number);
  folded.erase(std::remove(folded.begin(), folded.end(), ' '), folded.end());
  return folded;
}

// Agency lists are stored as JSON arrays of strings (nlohmann-json, Debian's
// nlohmann-json3-dev): one maintained reader and writer instead of our own.
std::string JsonStringArray(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump(-1, ' ', /*ensure_ascii=*/false,
                                     nlohmann::json::error_handler_t::replace);
}

// What JsonStringArray writes; anything else (a damaged cell) reads as no
// names, never as a crash.
std::vector<std::string> ParseJsonStringArray(std::string_view json) {
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> values;
  if (!parsed.is_array()) return values;
  for (const nlohmann::json& item : parsed) {
    if (item.is_string()) values.push_back(item.get<std::string>());
  }
  return values;
}

// Binds page, span_begin, span_end, rule_id, quote, fuzzy at "first".
void BindProvenance(Statement* stmt, int first, const Provenance& where) {
  stmt->Bind(first, where.page)
      .Bind(first + 1, static_cast<int64_t>(where.span.begin))
      .Bind(first + 2, static_cast<int64_t>(where.span.end))
      .Bind(first + 3, where.rule_id)
      .Bind(first + 4, where.quote)
      .Bind(first + 5, where.fuzzy ? 1 : 0);
}

Provenance ReadProvenance(const Statement& stmt, int first) {
  Provenance where;
  where.page = static_cast<int>(stmt.ColumnInt(first));
  where.span.begin = static_cast<size_t>(stmt.ColumnInt(first + 1));
  where.span.end = static_cast<size_t>(stmt.ColumnInt(first + 2));
  where.rule_id = stmt.ColumnText(first + 3);
  where.quote = stmt.ColumnText(first + 4);
  where.fuzzy = stmt.ColumnInt(first + 5) != 0;
  return where;
}

// The provenance columns that follow a fact's own (BindProvenance order).
constexpr const char* kProvenanceColumns = "page, span_begin, span_end, rule_id, quote, fuzzy";
constexpr int kProvenanceColumnCount = 6;

// "INSERT INTO <table>(doc_id, seq, <fields>, <provenance>) VALUES (?1, ...)"
// from a fact's field table (model/fact_fields.h).
template <class Fact, size_t N>
std::string InsertSql(std::string_view table, const TextField<Fact> (&fields)[N]) {
  std::string columns = "doc_id, seq";
  for (const TextField<Fact>& field : fields) columns += std::string(", ") + field.name;
  columns += std::string(", ") + kProvenanceColumns;
  std::string values;
  for (size_t n = 1; n <= 2 + N + kProvenanceColumnCount; ++n) {
    values += (n > 1 ? ", ?" : "?") + std::to_string(n);
  }
  return "INSERT INTO " + std::string(table) + "(" + columns + ") VALUES (" + values + ")";
}

// "SELECT <fields>, <provenance> FROM <table> WHERE doc_id = ?1 ORDER BY seq".
template <class Fact, size_t N>
std::string SelectSql(std::string_view table, const TextField<Fact> (&fields)[N]) {
  std::string columns;
  for (const TextField<Fact>& field : fields) columns += std::string(field.name) + ", ";
  return "SELECT " + columns + kProvenanceColumns + " FROM " + std::string(table) +
         " WHERE doc_id = ?1 ORDER BY seq";
}

// One row of a SelectSql query as a fact.
template <class Fact, size_t N>
Fact ReadTextFact(const Statement& stmt, const TextField<Fact> (&fields)[N]) {
  Fact item;
  for (size_t idx = 0; idx < N; ++idx) item.*fields[idx].member = stmt.ColumnText(static_cast<int>(idx));
  item.where = ReadProvenance(stmt, static_cast<int>(N));
  return item;
}

// The snippet of "body" around the first occurrence of one of "words"
// (folded), with the spans of every occurrence inside it. Folding is done one
// code point at a time so that each folded byte knows its original offset.
void MakeSnippet(std::string_view body, const std::vector<std::string>& words, SearchHit* hit) {
  Folded fold = FoldWithOffsets(body);
  const std::string& folded = fold.text;
  const std::vector<size_t>& origin = fold.origin;  // folded byte -> body byte offset
  std::vector<size_t> cp_offsets;                   // body offsets of code point starts
  for (size_t pos = 0; pos < body.size();) {
    cp_offsets.push_back(pos);
    DecodeUtf8(body, &pos);
  }
  cp_offsets.push_back(body.size());

  std::vector<Span> matches;  // in body offsets
  for (const std::string& word : words) {
    for (size_t found = folded.find(word); found != std::string::npos;
         found = folded.find(word, found + 1)) {
      size_t end = found + word.size();
      bool starts = found == 0 || !IsFoldedWordByte(folded[found - 1]);
      bool ends = end == folded.size() || !IsFoldedWordByte(folded[end]);
      if (!starts || !ends) continue;
      size_t body_end = end < origin.size() - 1 ? origin[end] : body.size();
      // Extend to the end of the code point that produced the last byte.
      auto next = std::upper_bound(cp_offsets.begin(), cp_offsets.end(), origin[end - 1]);
      if (next != cp_offsets.end()) body_end = *next;
      matches.push_back(Span{origin[found], body_end});
    }
  }
  std::sort(matches.begin(), matches.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });

  size_t center = matches.empty() ? 0 : matches.front().begin;
  size_t cp_center = static_cast<size_t>(
      std::lower_bound(cp_offsets.begin(), cp_offsets.end(), center) - cp_offsets.begin());
  size_t cp_count = cp_offsets.size() - 1;
  size_t cp_first = cp_center > kSnippetContext ? cp_center - kSnippetContext : 0;
  size_t cp_last = std::min(cp_count, cp_center + 2 * kSnippetContext);
  size_t begin = cp_offsets[cp_first];
  size_t end = cp_offsets[cp_last];
  // Cut at spaces where possible so words stay whole.
  if (begin > 0) {
    size_t space = body.find(' ', begin);
    if (space != std::string_view::npos && space < center) begin = space + 1;
  }
  if (end < body.size()) {
    size_t space = body.rfind(' ', end);
    if (space != std::string_view::npos && space > center) end = space;
  }
  const std::string kEllipsis = "…";
  std::string prefix = begin > 0 ? kEllipsis : "";
  hit->snippet = prefix + std::string(body.substr(begin, end - begin));
  if (end < body.size()) hit->snippet += kEllipsis;
  for (const Span& match : matches) {
    if (match.begin < begin || match.end > end) continue;
    hit->highlights.push_back(
        Span{match.begin - begin + prefix.size(), match.end - begin + prefix.size()});
  }
}

}  // namespace

int StoreSchemaVersion() {
  int version = 0;
  for (const SchemaFile& file : SchemaFiles())
    version = std::max(version, MigrationNumber(file.name));
  return version;
}

struct Store::Impl {
  sqlite3* db = nullptr;
  int schema_version = 0;
  bool read_only = false;
  // Prepared once, reused: keyed by the SQL literal's address.
  std::unordered_map<const char*, Statement> statements;

  ~Impl() {
    statements.clear();  // finalize before closing
    sqlite3_close(db);
  }

  Result<Statement*> Get(const char* sql) {
    auto found = statements.find(sql);
    if (found != statements.end()) return &found->second;
    Result<Statement> stmt = Statement::Prepare(db, sql);
    if (!stmt.ok()) return stmt.status();
    return &statements.emplace(sql, std::move(*stmt)).first->second;
  }

  Status Migrate();
  Status WritePassages(int64_t doc_id, const std::vector<Page>& pages,
                       const NormalizedText& normalized);
  Status DeleteFacts(int64_t doc_id);
  Status WriteFacts(int64_t doc_id, const Extraction& extraction);
  Status WriteIdentityFacts(int64_t doc_id, const Extraction& extraction);
  Status WriteReferencesAndDeadlines(int64_t doc_id, const Extraction& extraction);
  // The rows of one fact type driven by its field table; "sql" is its
  // InsertSql, kept alive by the caller (statements are cached by pointer).
  template <class Fact, size_t N>
  Status WriteTextFacts(const std::string& sql, const TextField<Fact> (&fields)[N], int64_t doc_id,
                        const std::vector<Fact>& items) {
    Result<Statement*> stmt = Get(sql.c_str());
    if (!stmt.ok()) return stmt.status();
    for (size_t seq = 0; seq < items.size(); ++seq) {
      (*stmt)->Bind(1, doc_id).Bind(2, static_cast<int64_t>(seq));
      for (size_t idx = 0; idx < N; ++idx) {
        (*stmt)->Bind(static_cast<int>(3 + idx), items[seq].*fields[idx].member);
      }
      BindProvenance(*stmt, static_cast<int>(3 + N), items[seq].where);
      Status status = (*stmt)->Run();
      if (!status.ok()) return status;
    }
    return OkStatus();
  }
  Status WriteFigures(int64_t doc_id, const Extraction& extraction);
  Status WriteTasksAndAssignments(int64_t doc_id, const Extraction& extraction);
  Status WriteIdentityColumns(int64_t doc_id, const Identity& identity);
  Result<std::vector<Page>> LoadPages(int64_t doc_id);
};

Status Store::Impl::Migrate() {
  int target = StoreSchemaVersion();
  for (const SchemaFile& file : SchemaFiles()) {
    int number = MigrationNumber(file.name);
    if (number <= schema_version) continue;
    Transaction transaction(db);
    Status status = transaction.Begin();
    if (!status.ok()) return status;
    // Another process may have migrated while we waited for the lock.
    Result<int64_t> current = QueryInt(db, "PRAGMA user_version");
    if (!current.ok()) return current.status();
    if (*current >= number) {
      schema_version = static_cast<int>(*current);
      continue;
    }
    status = ExecSql(db, file.sql);
    if (!status.ok()) {
      return Status::Error(Code::kStoreError,
                           "migration " + std::string(file.name) + ": " + status.detail());
    }
    status = ExecSql(db, "PRAGMA user_version = " + std::to_string(number));
    if (!status.ok()) return status;
    status = transaction.Commit();
    if (!status.ok()) return status;
    schema_version = number;
  }
  if (schema_version != target) {
    return Status::Error(Code::kInternal, "schema migrations end at version " +
                                              std::to_string(schema_version) + ", expected " +
                                              std::to_string(target));
  }
  return OkStatus();
}

namespace {

// An existing database this user cannot write: the file, or the folder that
// would hold its -wal and -shm files, is not writable.
bool NotWritable(const std::string& path) {
  if (path.empty() || path == ":memory:" || ::access(path.c_str(), F_OK) != 0) return false;
  std::string folder = std::filesystem::path(path).parent_path().string();
  if (folder.empty()) folder = ".";
  return ::access(path.c_str(), W_OK) != 0 || ::access(folder.c_str(), W_OK) != 0;
}

// "file:<path>?immutable=1" with the characters URIs reserve escaped.
std::string ImmutableUri(const std::string& path) {
  std::string uri = "file:";
  for (unsigned char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      uri += buf;
    } else {
      uri += static_cast<char>(c);
    }
  }
  return uri + "?immutable=1";
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->read_only = NotWritable(path);
  int rc = impl->read_only
               ? sqlite3_open_v2(ImmutableUri(path).c_str(), &impl->db,
                                 SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr)
               : sqlite3_open_v2(path.c_str(), &impl->db,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) return SqliteError(impl->db, rc, "opening " + path);
  sqlite3_extended_result_codes(impl->db, 1);
  sqlite3_busy_timeout(impl->db, kBusyTimeoutMs);

  // Identify the file before changing anything in it.
  Result<int64_t> application_id = QueryInt(impl->db, "PRAGMA application_id");
  if (!application_id.ok()) {
    return Status::Error(Code::kStoreError, path + ": " + application_id.status().detail());
  }
  Result<int64_t> user_version = QueryInt(impl->db, "PRAGMA user_version");
  if (!user_version.ok()) return user_version.status();
  Result<int64_t> objects = QueryInt(impl->db, "SELECT count(*) FROM sqlite_schema");
  if (!objects.ok()) return objects.status();
  bool empty = *application_id == 0 && *user_version == 0 && *objects == 0;
  if (!empty && *application_id != kApplicationId) {
    return Status::Error(Code::kStoreError, path + ": not a docpipe database");
  }
  if (*user_version > StoreSchemaVersion()) {
    return Status::Error(Code::kStoreError,
                         path + ": database schema version " + std::to_string(*user_version) +
                             " is newer than this docpipe's (" +
                             std::to_string(StoreSchemaVersion()) + "); upgrade docpipe");
  }
  impl->schema_version = static_cast<int>(*user_version);
  if (impl->read_only) {
    if (*user_version != StoreSchemaVersion()) {
      return Status::Error(Code::kStoreError,
                           path + ": read-only database has schema version " +
                               std::to_string(*user_version) + ", this docpipe needs " +
                               std::to_string(StoreSchemaVersion()) +
                               "; open it once where it can be written");
    }
    return std::unique_ptr<Store>(new Store(std::move(impl)));
  }

  // WAL + synchronous=NORMAL: a commit survives a process kill; readers do
  // not block the writer. (":memory:" stays in "memory" journal mode.)
  Status status = ExecSql(impl->db,
                          "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                          "PRAGMA foreign_keys = ON;");
  if (!status.ok()) return status;
  status = impl->Migrate();
  if (!status.ok()) return status;
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

int Store::schema_version() const { return impl_->schema_version; }

bool Store::read_only() const { return impl_->read_only; }

Status Store::QuickCheck() const {
  Result<Statement> check = Statement::Prepare(impl_->db, "PRAGMA quick_check");
  if (!check.ok()) return check.status();
  Result<bool> row = check->Step();
  if (!row.ok()) return row.status();
  if (!*row || check->ColumnText(0) != "ok") {
    return Status::Error(Code::kStoreError,
                         "quick check: " + (*row ? check->ColumnText(0) : std::string("no answer")) +
                             " (run docpipe verify)");
  }
  return OkStatus();
}

Result<Store::VerifyReport> Store::Verify(const std::string& archive_root) const {
  VerifyReport report;
  // The FTS check of CheckIntegrity is an INSERT: a read-only database gets
  // SQLite's own checks only.
  Status integrity = OkStatus();
  if (impl_->read_only) {
    integrity = QuickCheck();
    for (const char* sql : {"PRAGMA integrity_check", "PRAGMA foreign_key_check"}) {
      if (!integrity.ok()) break;
      Result<Statement> check = Statement::Prepare(impl_->db, sql);
      if (!check.ok()) return check.status();
      Result<bool> row = check->Step();
      if (!row.ok()) return row.status();
      bool integrity_sql = std::string_view(sql) == "PRAGMA integrity_check";
      if (integrity_sql ? (!*row || check->ColumnText(0) != "ok") : *row) {
        integrity = Status::Error(Code::kStoreError,
                                  std::string(integrity_sql ? "integrity check: "
                                                            : "foreign key check: ") +
                                      (*row ? check->ColumnText(0) : std::string("no answer")));
      }
    }
  } else {
    integrity = CheckIntegrity();
  }
  if (!integrity.ok()) report.problems.push_back(integrity.detail());
  Result<Statement> docs = Statement::Prepare(impl_->db, "SELECT id, sha256 FROM documents ORDER BY id");
  if (!docs.ok()) return docs.status();
  std::error_code ec;
  std::filesystem::path root;
  if (!archive_root.empty()) root = std::filesystem::weakly_canonical(archive_root, ec);
  for (;;) {
    Result<bool> row = docs->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ++report.documents;
    int64_t doc_id = docs->ColumnInt(0);
    std::string sha = docs->ColumnText(1);
    if (root.empty()) continue;
    Result<std::vector<std::string>> files = FileNames(doc_id);
    if (!files.ok()) return files.status();
    for (const std::string& file : *files) {
      std::filesystem::path canonical = std::filesystem::weakly_canonical(file, ec);
      if (ec) continue;
      auto [root_end, unused] = std::mismatch(root.begin(), root.end(), canonical.begin(),
                                              canonical.end());
      (void)unused;
      if (root_end != root.end()) continue;  // not under the archive
      ++report.archived_files;
      Result<std::string> bytes = ReadFileToString(file);
      if (!bytes.ok()) {
        report.problems.push_back("document " + std::to_string(doc_id) + ": archived file " +
                                  file + " is missing or unreadable (" + bytes.status().detail() +
                                  ")");
      } else if (Sha256Hex(*bytes) != sha) {
        report.problems.push_back("document " + std::to_string(doc_id) + ": archived file " +
                                  file + " does not match the stored SHA-256");
      }
    }
  }
  return report;
}

Status Store::CheckIntegrity() const {
  Result<Statement> integrity = Statement::Prepare(impl_->db, "PRAGMA integrity_check");
  if (!integrity.ok()) return integrity.status();
  Result<bool> row = integrity->Step();
  if (!row.ok()) return row.status();
  if (!*row || integrity->ColumnText(0) != "ok") {
    return Status::Error(Code::kStoreError, "integrity check: " + integrity->ColumnText(0));
  }
  Result<Statement> keys = Statement::Prepare(impl_->db, "PRAGMA foreign_key_check");
  if (!keys.ok()) return keys.status();
  row = keys->Step();
  if (!row.ok()) return row.status();
  if (*row) {
    return Status::Error(Code::kStoreError, "foreign key check: a row of " + keys->ColumnText(0) +
                                                " points at a missing " + keys->ColumnText(2));
  }
  // FTS5's own consistency check against the external content table.
  return ExecSql(impl_->db,
                 "INSERT INTO passage_fts(passage_fts, rank) VALUES ('integrity-check', 1)");
}

Result<std::optional<int64_t>> Store::FindBySha256(std::string_view sha256) {
  Result<Statement*> stmt = impl_->Get("SELECT id FROM documents WHERE sha256 = ?1");
  if (!stmt.ok()) return stmt.status();
  ResetOnExit reset(*stmt);
  (*stmt)->Bind(1, sha256);
  Result<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<int64_t>();
  return std::optional<int64_t>((*stmt)->ColumnInt(0));
}

Result<bool> Store::RecordFileName(int64_t doc_id, std::string_view file) {
  Result<Statement*> exists = impl_->Get("SELECT 1 FROM documents WHERE id = ?1");
  if (!exists.ok()) return exists.status();
  {
    ResetOnExit reset(*exists);
    (*exists)->Bind(1, doc_id);
    Result<bool> row = (*exists)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Error(Code::kNotFound, "no document " + std::to_string(doc_id));
  }
  Result<Statement*> stmt = impl_->Get(
      "INSERT INTO document_files(doc_id, file) VALUES (?1, ?2) "
      "ON CONFLICT(doc_id, file) DO NOTHING");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->Bind(1, doc_id).Bind(2, file);
  Status status = (*stmt)->Run();
  if (!status.ok()) return status;
  return sqlite3_changes(impl_->db) > 0;
}

namespace {

// The number of passages WritePassages makes of "text": its non-blank lines.
int64_t PassageCount(std::string_view text) {
  int64_t count = 0;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    if (!Trim(text.substr(begin, end - begin)).empty()) ++count;
    begin = end + 1;
  }
  return count;
}

}  // namespace

Status Store::Impl::WritePassages(int64_t doc_id, const std::vector<Page>& pages,
                                  const NormalizedText& normalized) {
  Result<Statement*> stmt =
      Get("INSERT INTO passages(doc_id, page, norm_begin, norm_end, body, folded) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt.ok()) return stmt.status();
  std::string_view text = normalized.text;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    if (!Trim(line).empty()) {
      size_t source = normalized.map.ToSource(begin);
      int page = pages.empty() ? 0 : pages.back().number;
      for (const Page& candidate : pages) {
        if (source >= candidate.span.begin && source < candidate.span.end) {
          page = candidate.number;
          break;
        }
      }
      (*stmt)
          ->Bind(1, doc_id)
          .Bind(2, page)
          .Bind(3, static_cast<int64_t>(begin))
          .Bind(4, static_cast<int64_t>(end))
          .Bind(5, line)
          .Bind(6, FoldKey(line));
      Status status = (*stmt)->Run();
      if (!status.ok()) return status;
    }
    begin = end + 1;
  }
  // One statement for the whole document: see schema/0002_fts.sql.
  Result<Statement*> index = Get(
      "INSERT INTO passage_fts(rowid, folded) SELECT id, folded FROM passages WHERE doc_id = ?1");
  if (!index.ok()) return index.status();
  (*index)->Bind(1, doc_id);
  return (*index)->Run();
}

Status Store::Impl::DeleteFacts(int64_t doc_id) {
  static const char* const kDeletes[] = {
      "DELETE FROM identity_fields WHERE doc_id = ?1",
      "DELETE FROM doc_references WHERE doc_id = ?1",
      "DELETE FROM deadlines WHERE doc_id = ?1",
      "DELETE FROM figures WHERE doc_id = ?1",
      "DELETE FROM task_targets WHERE doc_id = ?1",
      "DELETE FROM tasks WHERE doc_id = ?1",
      "DELETE FROM assignments WHERE doc_id = ?1",
      "DELETE FROM signing_records WHERE doc_id = ?1",
  };
  for (const char* sql : kDeletes) {
    Result<Statement*> stmt = Get(sql);
    if (!stmt.ok()) return stmt.status();
    (*stmt)->Bind(1, doc_id);
    Status status = (*stmt)->Run();
    if (!status.ok()) return status;
  }
  return OkStatus();
}

Status Store::Impl::WriteIdentityColumns(int64_t doc_id, const Identity& identity) {
  Result<Statement*> stmt =
      Get("UPDATE documents SET kind = ?2, number = ?3, number_key = ?4, place = ?5, date = ?6, "
          "issuer = ?7, signer = ?8, capacity = ?9, title = ?10 WHERE id = ?1");
  if (!stmt.ok()) return stmt.status();
  (*stmt)
      ->Bind(1, doc_id)
      .Bind(2, identity.kind.value)
      .Bind(3, identity.number.value)
      .Bind(4, NumberKey(identity.number.value))
      .Bind(5, identity.place.value)
      .Bind(6, identity.date.value)
      .Bind(7, identity.issuer.value)
      .Bind(8, identity.signer.value)
      .Bind(9, identity.capacity.value)
      .Bind(10, identity.title.value);
  return (*stmt)->Run();
}

// Identity fields (one row per field, recipients numbered) and signing records.
Status Store::Impl::WriteIdentityFacts(int64_t doc_id, const Extraction& extraction) {
  Status status;
  Result<Statement*> identity =
      Get("INSERT INTO identity_fields(doc_id, field, seq, value, page, span_begin, span_end, "
          "rule_id, quote, fuzzy, uncertain) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  if (!identity.ok()) return identity.status();
  const Identity& id = extraction.identity;
  const std::pair<const char*, const Field*> fields[] = {
      {"kind", &id.kind},         {"number", &id.number}, {"place", &id.place},
      {"date", &id.date},         {"issuer", &id.issuer}, {"signer", &id.signer},
      {"capacity", &id.capacity}, {"title", &id.title}, {"attached_to", &id.attached_to},
  };
  auto write_field = [&](const char* name, int seq, const Field& field) {
    (*identity)->Bind(1, doc_id).Bind(2, name).Bind(3, seq).Bind(4, field.value);
    BindProvenance(*identity, 5, field.where);
    (*identity)->Bind(11, field.where.uncertain ? 1 : 0);
    return (*identity)->Run();
  };
  for (const auto& [name, field] : fields) {
    if (!field->present()) continue;
    status = write_field(name, 0, *field);
    if (!status.ok()) return status;
  }
  for (size_t seq = 0; seq < id.recipients.size(); ++seq) {
    status = write_field("recipient", static_cast<int>(seq), id.recipients[seq]);
    if (!status.ok()) return status;
  }
  static const std::string kSigning = InsertSql("signing_records", kSigningFields);
  return WriteTextFacts(kSigning, kSigningFields, doc_id, id.signing);
}

// References to other documents and deadlines.
Status Store::Impl::WriteReferencesAndDeadlines(int64_t doc_id, const Extraction& extraction) {
  static const std::string kReferences = InsertSql("doc_references", kReferenceFields);
  static const std::string kDeadlines = InsertSql("deadlines", kDeadlineFields);
  Status status = WriteTextFacts(kReferences, kReferenceFields, doc_id, extraction.references);
  if (!status.ok()) return status;
  return WriteTextFacts(kDeadlines, kDeadlineFields, doc_id, extraction.deadlines);
}

// Figures with their periods.
Status Store::Impl::WriteFigures(int64_t doc_id, const Extraction& extraction) {
  Status status;
  // A NaN value binds as NULL and violates NOT NULL: refused, never stored.
  Result<Statement*> figure =
      Get("INSERT INTO figures(doc_id, seq, value, unit, qualifier, change_pct, subject, scope, "
          "period_text, period_start, period_end, period_granularity, page, span_begin, span_end, "
          "rule_id, quote, fuzzy) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
          "?14, ?15, ?16, ?17, ?18)");
  if (!figure.ok()) return figure.status();
  for (size_t seq = 0; seq < extraction.figures.size(); ++seq) {
    const Figure& item = extraction.figures[seq];
    (*figure)
        ->Bind(1, doc_id)
        .Bind(2, static_cast<int64_t>(seq))
        .Bind(3, item.value)
        .Bind(4, item.unit)
        .Bind(5, item.qualifier)
        .Bind(6, item.change_pct)
        .Bind(7, item.subject)
        .Bind(8, item.scope)
        .Bind(9, item.period.text)
        .Bind(10, item.period.start)
        .Bind(11, item.period.end)
        .Bind(12, item.period.granularity);
    BindProvenance(*figure, 13, item.where);
    status = (*figure)->Run();
    if (!status.ok()) return status;
  }
  return OkStatus();
}

// Plan tasks with their targets, and assignments.
Status Store::Impl::WriteTasksAndAssignments(int64_t doc_id, const Extraction& extraction) {
  Status status;
  Result<Statement*> task =
      Get("INSERT INTO tasks(doc_id, seq, section, section_title, stt, content, lead, coordinate, "
          "timeframe_text, timeframe_start, timeframe_end, timeframe_granularity, result, page, "
          "span_begin, span_end, rule_id, quote, fuzzy) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
          "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
  if (!task.ok()) return task.status();
  Result<Statement*> target =
      Get("INSERT INTO task_targets(doc_id, task_seq, seq, value, unit, qualifier, date) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!target.ok()) return target.status();
  for (size_t seq = 0; seq < extraction.tasks.size(); ++seq) {
    const Task& item = extraction.tasks[seq];
    (*task)
        ->Bind(1, doc_id)
        .Bind(2, static_cast<int64_t>(seq))
        .Bind(3, item.section)
        .Bind(4, item.section_title)
        .Bind(5, item.stt)
        .Bind(6, item.content)
        .Bind(7, JsonStringArray(item.lead))
        .Bind(8, JsonStringArray(item.coordinate))
        .Bind(9, item.timeframe.text)
        .Bind(10, item.timeframe.start)
        .Bind(11, item.timeframe.end)
        .Bind(12, item.timeframe.granularity)
        .Bind(13, item.result);
    BindProvenance(*task, 14, item.where);
    status = (*task)->Run();
    if (!status.ok()) return status;
    for (size_t target_idx = 0; target_idx < item.targets.size(); ++target_idx) {
      const Target& value = item.targets[target_idx];
      (*target)
          ->Bind(1, doc_id)
          .Bind(2, static_cast<int64_t>(seq))
          .Bind(3, static_cast<int64_t>(target_idx))
          .Bind(4, value.value)
          .Bind(5, value.unit)
          .Bind(6, value.qualifier)
          .Bind(7, value.date);
      status = (*target)->Run();
      if (!status.ok()) return status;
    }
  }

  Result<Statement*> assignment =
      Get("INSERT INTO assignments(doc_id, seq, agency, coordinate, action, deadline, page, "
          "span_begin, span_end, rule_id, quote, fuzzy) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  if (!assignment.ok()) return assignment.status();
  for (size_t seq = 0; seq < extraction.assignments.size(); ++seq) {
    const Assignment& item = extraction.assignments[seq];
    (*assignment)
        ->Bind(1, doc_id)
        .Bind(2, static_cast<int64_t>(seq))
        .Bind(3, item.agency)
        .Bind(4, JsonStringArray(item.coordinate))
        .Bind(5, item.action)
        .Bind(6, item.deadline);
    BindProvenance(*assignment, 7, item.where);
    status = (*assignment)->Run();
    if (!status.ok()) return status;
  }
  return OkStatus();
}

Status Store::Impl::WriteFacts(int64_t doc_id, const Extraction& extraction) {
  Status status = WriteIdentityColumns(doc_id, extraction.identity);
  if (status.ok()) status = WriteIdentityFacts(doc_id, extraction);
  if (status.ok()) status = WriteReferencesAndDeadlines(doc_id, extraction);
  if (status.ok()) status = WriteFigures(doc_id, extraction);
  if (status.ok()) status = WriteTasksAndAssignments(doc_id, extraction);
  return status;
}

Result<std::vector<Page>> Store::Impl::LoadPages(int64_t doc_id) {
  Result<Statement*> stmt =
      Get("SELECT number, src_begin, src_end, ocr, ocr_confidence FROM pages WHERE doc_id = ?1 "
          "ORDER BY number");
  if (!stmt.ok()) return stmt.status();
  ResetOnExit reset(*stmt);
  (*stmt)->Bind(1, doc_id);
  std::vector<Page> pages;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Page page;
    page.number = static_cast<int>((*stmt)->ColumnInt(0));
    page.span.begin = static_cast<size_t>((*stmt)->ColumnInt(1));
    page.span.end = static_cast<size_t>((*stmt)->ColumnInt(2));
    page.ocr = (*stmt)->ColumnInt(3) != 0;
    page.ocr_confidence = (*stmt)->ColumnDouble(4);
    pages.push_back(std::move(page));
  }
  return pages;
}

Result<int64_t> Store::SaveDocument(const IngestRecord& record) {
  if (record.document == nullptr || record.normalized == nullptr || record.extraction == nullptr ||
      record.sha256.empty()) {
    return Status::Error(Code::kInvalidArgument,
                         "SaveDocument needs sha256, document, normalized text and extraction");
  }
  Transaction transaction(impl_->db);
  Status status = transaction.Begin();
  if (!status.ok()) return status;

  Result<std::optional<int64_t>> existing = FindBySha256(record.sha256);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    if (record.already_stored != nullptr) *record.already_stored = true;
    Result<bool> recorded = RecordFileName(**existing, record.file);
    if (!recorded.ok()) return recorded.status();
    status = transaction.Commit();
    if (!status.ok()) return status;
    return **existing;
  }

  Diagnostics no_diagnostics;
  const Diagnostics& reader =
      record.reader_diagnostics != nullptr ? *record.reader_diagnostics : no_diagnostics;
  const Diagnostics& later = record.diagnostics != nullptr ? *record.diagnostics : no_diagnostics;
  Result<Statement*> insert = impl_->Get(
      "INSERT INTO documents(sha256, file, byte_size, status, ruleset_version, page_count, "
      "from_pdf, model, reader_diagnostics, diagnostics) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id");
  if (!insert.ok()) return insert.status();
  int64_t doc_id = 0;
  {
    ResetOnExit reset(*insert);
    (*insert)
        ->Bind(1, record.sha256)
        .Bind(2, record.file)
        .Bind(3, record.byte_size)
        .Bind(4, WorstSeverity(&reader, &later))
        .Bind(5, record.ruleset_version)
        .Bind(6, static_cast<int64_t>(record.document->pages.size()))
        .Bind(7, record.document->from_pdf ? 1 : 0)
        .BindBlob(8, EncodeDocument(*record.document))
        .BindBlob(9, EncodeDiagnostics(reader))
        .BindBlob(10, EncodeDiagnostics(later));
    Result<bool> row = (*insert)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Error(Code::kInternal, "INSERT ... RETURNING gave no row");
    doc_id = (*insert)->ColumnInt(0);
  }

  Result<bool> recorded = RecordFileName(doc_id, record.file);
  if (!recorded.ok()) return recorded.status();

  Result<Statement*> text = impl_->Get(
      "INSERT INTO document_text(doc_id, text, offset_map, encoding, encoding_confidence, "
      "normalizer_version, diagnostics) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!text.ok()) return text.status();
  const NormalizedText& normalized = *record.normalized;
  (*text)
      ->Bind(1, doc_id)
      .Bind(2, normalized.text)
      .Bind(3, normalized.map.Serialize())
      .Bind(4, normalized.encoding)
      .Bind(5, normalized.encoding_confidence)
      .Bind(6, static_cast<int64_t>(normalized.normalizer_version))
      .BindBlob(7, EncodeNormalizerDiagnostics(normalized.diagnostics));
  status = (*text)->Run();
  if (!status.ok()) return status;

  Result<Statement*> page = impl_->Get(
      "INSERT INTO pages(doc_id, number, src_begin, src_end, ocr, ocr_confidence) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!page.ok()) return page.status();
  for (const Page& item : record.document->pages) {
    (*page)
        ->Bind(1, doc_id)
        .Bind(2, item.number)
        .Bind(3, static_cast<int64_t>(item.span.begin))
        .Bind(4, static_cast<int64_t>(item.span.end))
        .Bind(5, item.ocr ? 1 : 0)
        .Bind(6, item.ocr_confidence);
    status = (*page)->Run();
    if (!status.ok()) return status;
  }

  status = impl_->WritePassages(doc_id, record.document->pages, normalized);
  if (!status.ok()) return status;
  status = impl_->WriteFacts(doc_id, *record.extraction);
  if (!status.ok()) return status;

  Result<Statement*> clear = impl_->Get("DELETE FROM failures WHERE sha256 = ?1");
  if (!clear.ok()) return clear.status();
  (*clear)->Bind(1, record.sha256);
  status = (*clear)->Run();
  if (!status.ok()) return status;

  status = transaction.Commit();
  if (!status.ok()) return status;
  return doc_id;
}

Status Store::UpdateReferenceDates(const std::vector<ReferenceDates>& updates) {
  Transaction transaction(impl_->db);
  Status status = transaction.Begin();
  if (!status.ok()) return status;
  Result<Statement*> update = impl_->Get(
      "UPDATE doc_references SET date = ?3, date_from = ?4 WHERE doc_id = ?1 AND seq = ?2");
  if (!update.ok()) return update.status();
  for (const ReferenceDates& doc : updates) {
    if (doc.references == nullptr) return Status::Error(Code::kInvalidArgument, "null references");
    for (size_t seq = 0; seq < doc.references->size(); ++seq) {
      const Reference& ref = (*doc.references)[seq];
      (*update)
          ->Bind(1, doc.doc_id)
          .Bind(2, static_cast<int64_t>(seq))
          .Bind(3, ref.date)
          .Bind(4, ref.date_from);
      status = (*update)->Run();
      if (!status.ok()) return status;
      if (sqlite3_changes(impl_->db) != 1) {
        return Status::Error(Code::kNotFound, "no reference " + std::to_string(seq) +
                                                  " of document " + std::to_string(doc.doc_id));
      }
    }
  }
  return transaction.Commit();
}

Status Store::ReplaceExtraction(int64_t doc_id, const Extraction& extraction,
                                const Diagnostics& diagnostics, std::string_view ruleset_version,
                                const NormalizedText* normalized) {
  Transaction transaction(impl_->db);
  Status status = transaction.Begin();
  if (!status.ok()) return status;

  Result<Statement*> read = impl_->Get("SELECT reader_diagnostics FROM documents WHERE id = ?1");
  if (!read.ok()) return read.status();
  Result<Diagnostics> reader = Diagnostics();
  {
    ResetOnExit reset(*read);
    (*read)->Bind(1, doc_id);
    Result<bool> row = (*read)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Error(Code::kNotFound, "no document " + std::to_string(doc_id));
    reader = DecodeDiagnostics((*read)->ColumnBlob(0));
    if (!reader.ok()) return reader.status();
  }

  status = impl_->DeleteFacts(doc_id);
  if (!status.ok()) return status;
  status = impl_->WriteFacts(doc_id, extraction);
  if (!status.ok()) return status;

  Result<Statement*> update = impl_->Get(
      "UPDATE documents SET status = ?2, ruleset_version = ?3, diagnostics = ?4 WHERE id = ?1");
  if (!update.ok()) return update.status();
  (*update)
      ->Bind(1, doc_id)
      .Bind(2, WorstSeverity(&*reader, &diagnostics))
      .Bind(3, ruleset_version)
      .BindBlob(4, EncodeDiagnostics(diagnostics));
  status = (*update)->Run();
  if (!status.ok()) return status;

  std::string offset_map;
  if (normalized != nullptr) {
    // Re-extraction with the same normaliser reproduces the stored text and
    // offset map byte for byte: then the text, the passages (a function of
    // text, map and the unchanged pages) and their FTS index are already what
    // would be written, and rewriting them was most of re-extraction's disk
    // writes. Compared in full, so any difference still rewrites everything;
    // so does a passage count that differs (a database migrated to schema 2
    // has no passages until its documents are re-extracted).
    // The normaliser version and diagnostics (schema 3) are compared too; if
    // only they differ (a database migrated to schema 3), only they are
    // written.
    offset_map = normalized->map.Serialize();
    std::string normalizer_diagnostics = EncodeNormalizerDiagnostics(normalized->diagnostics);
    Result<Statement*> stored = impl_->Get(
        "SELECT text, offset_map, encoding, encoding_confidence, "
        "(SELECT count(*) FROM passages WHERE doc_id = ?1), normalizer_version, diagnostics "
        "FROM document_text WHERE doc_id = ?1");
    if (!stored.ok()) return stored.status();
    bool same_meta = false;
    {
      ResetOnExit reset(*stored);
      (*stored)->Bind(1, doc_id);
      Result<bool> row = (*stored)->Step();
      if (!row.ok()) return row.status();
      if (*row && (*stored)->ColumnText(0) == normalized->text &&
          (*stored)->ColumnText(1) == offset_map &&
          (*stored)->ColumnText(2) == normalized->encoding &&
          (*stored)->ColumnDouble(3) == normalized->encoding_confidence &&
          (*stored)->ColumnInt(4) == PassageCount(normalized->text)) {
        same_meta = (*stored)->ColumnInt(5) == normalized->normalizer_version &&
                    (*stored)->ColumnBlob(6) == normalizer_diagnostics;
        if (!same_meta) {
          Result<Statement*> meta = impl_->Get(
              "UPDATE document_text SET normalizer_version = ?2, diagnostics = ?3 "
              "WHERE doc_id = ?1");
          if (!meta.ok()) return meta.status();
          (*meta)
              ->Bind(1, doc_id)
              .Bind(2, static_cast<int64_t>(normalized->normalizer_version))
              .BindBlob(3, normalizer_diagnostics);
          status = (*meta)->Run();
          if (!status.ok()) return status;
        }
        normalized = nullptr;
      }
    }
  }
  if (normalized != nullptr) {
    Result<Statement*> text = impl_->Get(
        "UPDATE document_text SET text = ?2, offset_map = ?3, encoding = ?4, "
        "encoding_confidence = ?5, normalizer_version = ?6, diagnostics = ?7 WHERE doc_id = ?1");
    if (!text.ok()) return text.status();
    (*text)
        ->Bind(1, doc_id)
        .Bind(2, normalized->text)
        .Bind(3, offset_map)
        .Bind(4, normalized->encoding)
        .Bind(5, normalized->encoding_confidence)
        .Bind(6, static_cast<int64_t>(normalized->normalizer_version))
        .BindBlob(7, EncodeNormalizerDiagnostics(normalized->diagnostics));
    status = (*text)->Run();
    if (!status.ok()) return status;
    Result<Statement*> drop = impl_->Get("DELETE FROM passages WHERE doc_id = ?1");
    if (!drop.ok()) return drop.status();
    (*drop)->Bind(1, doc_id);
    status = (*drop)->Run();
    if (!status.ok()) return status;
    Result<std::vector<Page>> pages = impl_->LoadPages(doc_id);
    if (!pages.ok()) return pages.status();
    status = impl_->WritePassages(doc_id, *pages, *normalized);
    if (!status.ok()) return status;
  }
  return transaction.Commit();
}

Status Store::RecordFailure(std::string_view sha256, std::string_view file, Code code,
                            std::string_view reason) {
  Result<Statement*> stmt = impl_->Get(
      "INSERT INTO failures(sha256, file, code, reason) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT(sha256) DO UPDATE SET file = excluded.file, code = excluded.code, "
      "reason = excluded.reason, attempts = attempts + 1, last_seen = excluded.last_seen");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->Bind(1, sha256).Bind(2, file).Bind(3, static_cast<int64_t>(code)).Bind(4, reason);
  return (*stmt)->Run();
}

Result<std::vector<FailureRecord>> Store::ListFailures() const {
  Result<Statement*> stmt = impl_->Get(
      "SELECT sha256, file, code, reason, attempts, last_seen FROM failures ORDER BY file, sha256");
  if (!stmt.ok()) return stmt.status();
  ResetOnExit reset(*stmt);
  std::vector<FailureRecord> failures;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    FailureRecord failure;
    failure.sha256 = (*stmt)->ColumnText(0);
    failure.file = (*stmt)->ColumnText(1);
    failure.code = static_cast<Code>((*stmt)->ColumnInt(2));
    failure.reason = (*stmt)->ColumnText(3);
    failure.attempts = static_cast<int>((*stmt)->ColumnInt(4));
    failure.last_seen = (*stmt)->ColumnText(5);
    failures.push_back(std::move(failure));
  }
  return failures;
}

Result<std::vector<std::string>> Store::FileNames(int64_t doc_id) const {
  Result<Statement*> stmt =
      impl_->Get("SELECT file FROM document_files WHERE doc_id = ?1 ORDER BY rowid");
  if (!stmt.ok()) return stmt.status();
  ResetOnExit reset(*stmt);
  (*stmt)->Bind(1, doc_id);
  std::vector<std::string> files;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    files.push_back((*stmt)->ColumnText(0));
  }
  return files;
}

Result<StoredDocument> Store::LoadDocument(int64_t doc_id) const {
  Result<Statement*> stmt = impl_->Get(
      "SELECT d.sha256, d.file, d.byte_size, d.ruleset_version, d.model, d.reader_diagnostics, "
      "d.diagnostics, t.text, t.offset_map, t.encoding, t.encoding_confidence, "
      "t.normalizer_version, t.diagnostics "
      "FROM documents d JOIN document_text t ON t.doc_id = d.id WHERE d.id = ?1");
  if (!stmt.ok()) return stmt.status();
  StoredDocument stored;
  {
    ResetOnExit reset(*stmt);
    (*stmt)->Bind(1, doc_id);
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Error(Code::kNotFound, "no document " + std::to_string(doc_id));
    const Statement& s = **stmt;
    stored.id = doc_id;
    stored.sha256 = s.ColumnText(0);
    stored.file = s.ColumnText(1);
    stored.byte_size = s.ColumnInt(2);
    stored.ruleset_version = s.ColumnText(3);
    Result<Document> document = DecodeDocument(s.ColumnBlob(4));
    if (!document.ok()) return document.status();
    stored.document = std::move(*document);
    Result<Diagnostics> reader = DecodeDiagnostics(s.ColumnBlob(5));
    if (!reader.ok()) return reader.status();
    stored.reader_diagnostics = std::move(*reader);
    Result<Diagnostics> later = DecodeDiagnostics(s.ColumnBlob(6));
    if (!later.ok()) return later.status();
    stored.diagnostics = std::move(*later);
    stored.normalized.text = s.ColumnText(7);
    Result<OffsetMap> map = OffsetMap::Deserialize(s.ColumnText(8));
    if (!map.ok()) return map.status();
    stored.normalized.map = std::move(*map);
    stored.normalized.encoding = s.ColumnText(9);
    stored.normalized.encoding_confidence = s.ColumnDouble(10);
    stored.normalized.normalizer_version = static_cast<int>(s.ColumnInt(11));
    std::string normalizer_diagnostics = s.ColumnBlob(12);
    if (!normalizer_diagnostics.empty()) {
      Result<Diagnostics> decoded = DecodeDiagnostics(normalizer_diagnostics);
      if (!decoded.ok()) return decoded.status();
      stored.normalized.diagnostics = std::move(*decoded);
    }
  }
  Result<std::vector<std::string>> files = FileNames(doc_id);
  if (!files.ok()) return files.status();
  stored.files = std::move(*files);
  return stored;
}

// Identity fields and signing records. "each_row" runs a query with ?1 = the document id
// (LoadExtraction).
template <typename EachRow>
Status LoadIdentityFacts(EachRow& each_row, Extraction* out) {
  Extraction& extraction = *out;
  Status status;
  Identity& id = extraction.identity;
  status = each_row(
      "SELECT field, value, page, span_begin, span_end, rule_id, quote, fuzzy, uncertain "
      "FROM identity_fields WHERE doc_id = ?1 ORDER BY field, seq",
      [&](const Statement& s) {
        Field field{s.ColumnText(1), ReadProvenance(s, 2)};
        field.where.uncertain = s.ColumnInt(8) != 0;
        std::string name = s.ColumnText(0);
        if (name == "recipient") {
          id.recipients.push_back(std::move(field));
          return;
        }
        Field* target = name == "kind"       ? &id.kind
                        : name == "number"   ? &id.number
                        : name == "place"    ? &id.place
                        : name == "date"     ? &id.date
                        : name == "issuer"   ? &id.issuer
                        : name == "signer"   ? &id.signer
                        : name == "capacity" ? &id.capacity
                        : name == "title"    ? &id.title
                        : name == "attached_to" ? &id.attached_to
                                             : nullptr;
        if (target != nullptr) *target = std::move(field);
      });
  if (!status.ok()) return status;

  static const std::string kSigning = SelectSql("signing_records", kSigningFields);
  return each_row(kSigning.c_str(), [&](const Statement& s) {
    id.signing.push_back(ReadTextFact(s, kSigningFields));
  });
}

// References and deadlines. "each_row" runs a query with ?1 = the document id
// (LoadExtraction).
template <typename EachRow>
Status LoadReferencesAndDeadlines(EachRow& each_row, Extraction* out) {
  static const std::string kReferences = SelectSql("doc_references", kReferenceFields);
  static const std::string kDeadlines = SelectSql("deadlines", kDeadlineFields);
  Status status = each_row(kReferences.c_str(), [&](const Statement& s) {
    out->references.push_back(ReadTextFact(s, kReferenceFields));
  });
  if (!status.ok()) return status;
  return each_row(kDeadlines.c_str(), [&](const Statement& s) {
    out->deadlines.push_back(ReadTextFact(s, kDeadlineFields));
  });
}

// Figures. "each_row" runs a query with ?1 = the document id
// (LoadExtraction).
template <typename EachRow>
Status LoadFigures(EachRow& each_row, Extraction* out) {
  Extraction& extraction = *out;
  Status status;
  status = each_row(
      "SELECT value, unit, qualifier, change_pct, subject, scope, period_text, period_start, "
      "period_end, period_granularity, page, span_begin, span_end, rule_id, quote, fuzzy "
      "FROM figures WHERE doc_id = ?1 ORDER BY seq",
      [&](const Statement& s) {
        Figure item;
        item.value = s.ColumnDouble(0);
        item.unit = s.ColumnText(1);
        item.qualifier = s.ColumnText(2);
        if (!s.ColumnIsNull(3)) item.change_pct = s.ColumnDouble(3);
        item.subject = s.ColumnText(4);
        item.scope = s.ColumnText(5);
        item.period = Period{s.ColumnText(6), s.ColumnText(7), s.ColumnText(8), s.ColumnText(9)};
        item.where = ReadProvenance(s, 10);
        extraction.figures.push_back(std::move(item));
      });
  if (!status.ok()) return status;
  return status;
}

// Tasks, their targets, and assignments. "each_row" runs a query with ?1 = the document id
// (LoadExtraction).
template <typename EachRow>
Status LoadTasksAndAssignments(EachRow& each_row, Extraction* out) {
  Extraction& extraction = *out;
  Status status;
  status = each_row(
      "SELECT section, section_title, stt, content, lead, coordinate, timeframe_text, "
      "timeframe_start, timeframe_end, timeframe_granularity, result, page, span_begin, "
      "span_end, rule_id, quote, fuzzy FROM tasks WHERE doc_id = ?1 ORDER BY seq",
      [&](const Statement& s) {
        Task item;
        item.section = s.ColumnText(0);
        item.section_title = s.ColumnText(1);
        item.stt = s.ColumnText(2);
        item.content = s.ColumnText(3);
        item.lead = ParseJsonStringArray(s.ColumnText(4));
        item.coordinate = ParseJsonStringArray(s.ColumnText(5));
        item.timeframe = Period{s.ColumnText(6), s.ColumnText(7), s.ColumnText(8), s.ColumnText(9)};
        item.result = s.ColumnText(10);
        item.where = ReadProvenance(s, 11);
        extraction.tasks.push_back(std::move(item));
      });
  if (!status.ok()) return status;

  status = each_row(
      "SELECT task_seq, value, unit, qualifier, date FROM task_targets WHERE doc_id = ?1 "
      "ORDER BY task_seq, seq",
      [&](const Statement& s) {
        size_t task_seq = static_cast<size_t>(s.ColumnInt(0));
        if (task_seq >= extraction.tasks.size()) return;
        extraction.tasks[task_seq].targets.push_back(
            Target{s.ColumnDouble(1), s.ColumnText(2), s.ColumnText(3), s.ColumnText(4)});
      });
  if (!status.ok()) return status;

  status = each_row(
      "SELECT agency, coordinate, action, deadline, page, span_begin, span_end, rule_id, quote, "
      "fuzzy FROM assignments WHERE doc_id = ?1 ORDER BY seq",
      [&](const Statement& s) {
        Assignment item;
        item.agency = s.ColumnText(0);
        item.coordinate = ParseJsonStringArray(s.ColumnText(1));
        item.action = s.ColumnText(2);
        item.deadline = s.ColumnText(3);
        item.where = ReadProvenance(s, 4);
        extraction.assignments.push_back(std::move(item));
      });
  if (!status.ok()) return status;
  return status;
}

Result<Extraction> Store::LoadExtraction(int64_t doc_id) const {
  Result<Statement*> exists = impl_->Get("SELECT 1 FROM documents WHERE id = ?1");
  if (!exists.ok()) return exists.status();
  {
    ResetOnExit reset(*exists);
    (*exists)->Bind(1, doc_id);
    Result<bool> row = (*exists)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Error(Code::kNotFound, "no document " + std::to_string(doc_id));
  }
  Extraction extraction;
  // Runs "sql" with ?1 = doc_id and calls "read" on each row.
  auto each_row = [&](const char* sql, auto read) -> Status {
    Result<Statement*> stmt = impl_->Get(sql);
    if (!stmt.ok()) return stmt.status();
    ResetOnExit reset(*stmt);
    (*stmt)->Bind(1, doc_id);
    for (;;) {
      Result<bool> row = (*stmt)->Step();
      if (!row.ok()) return row.status();
      if (!*row) return OkStatus();
      read(**stmt);
    }
  };

  Status status = LoadIdentityFacts(each_row, &extraction);
  if (status.ok()) status = LoadReferencesAndDeadlines(each_row, &extraction);
  if (status.ok()) status = LoadFigures(each_row, &extraction);
  if (status.ok()) status = LoadTasksAndAssignments(each_row, &extraction);
  if (!status.ok()) return status;
  return extraction;
}

Result<std::vector<DocumentSummary>> Store::ListDocuments() const {
  Result<Statement*> stmt = impl_->Get(
      "SELECT d.id, d.sha256, d.file, d.kind, d.number, d.date, d.issuer, d.title, d.status, "
      "d.ruleset_version, d.page_count, "
      "(SELECT count(*) FROM doc_references x WHERE x.doc_id = d.id), "
      "(SELECT count(*) FROM deadlines x WHERE x.doc_id = d.id), "
      "(SELECT count(*) FROM figures x WHERE x.doc_id = d.id), "
      "(SELECT count(*) FROM tasks x WHERE x.doc_id = d.id), "
      "(SELECT count(*) FROM assignments x WHERE x.doc_id = d.id) "
      "FROM documents d ORDER BY d.date = '', d.date, d.number, d.sha256");
  if (!stmt.ok()) return stmt.status();
  ResetOnExit reset(*stmt);
  std::vector<DocumentSummary> documents;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const Statement& s = **stmt;
    DocumentSummary summary;
    summary.id = s.ColumnInt(0);
    summary.sha256 = s.ColumnText(1);
    summary.file = s.ColumnText(2);
    summary.kind = s.ColumnText(3);
    summary.number = s.ColumnText(4);
    summary.date = s.ColumnText(5);
    summary.issuer = s.ColumnText(6);
    summary.title = s.ColumnText(7);
    summary.status = s.ColumnText(8);
    summary.ruleset_version = s.ColumnText(9);
    summary.page_count = static_cast<int>(s.ColumnInt(10));
    summary.references = static_cast<int>(s.ColumnInt(11));
    summary.deadlines = static_cast<int>(s.ColumnInt(12));
    summary.figures = static_cast<int>(s.ColumnInt(13));
    summary.tasks = static_cast<int>(s.ColumnInt(14));
    summary.assignments = static_cast<int>(s.ColumnInt(15));
    documents.push_back(std::move(summary));
  }
  return documents;
}

Result<std::vector<int64_t>> Store::StaleDocuments(std::string_view current_version) const {
  Result<Statement*> stmt =
      impl_->Get("SELECT id FROM documents WHERE ruleset_version <> ?1 ORDER BY id");
  if (!stmt.ok()) return stmt.status();
  ResetOnExit reset(*stmt);
  (*stmt)->Bind(1, current_version);
  std::vector<int64_t> ids;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ids.push_back((*stmt)->ColumnInt(0));
  }
  return ids;
}

Result<std::vector<int64_t>> Store::StaleDocuments(std::string_view current_version,
                                                   int normalizer_version) const {
  Result<Statement*> stmt = impl_->Get(
      "SELECT d.id FROM documents d LEFT JOIN document_text t ON t.doc_id = d.id "
      "WHERE d.ruleset_version <> ?1 OR t.normalizer_version IS NOT ?2 ORDER BY d.id");
  if (!stmt.ok()) return stmt.status();
  ResetOnExit reset(*stmt);
  (*stmt)->Bind(1, current_version).Bind(2, static_cast<int64_t>(normalizer_version));
  std::vector<int64_t> ids;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ids.push_back((*stmt)->ColumnInt(0));
  }
  return ids;
}

Result<std::vector<DocumentSummary>> Store::FindDocuments(std::string_view key) const {
  key = Trim(key);
  Result<std::vector<DocumentSummary>> all = ListDocuments();
  if (!all.ok()) return all.status();
  if (key.empty()) return std::vector<DocumentSummary>();
  auto pick = [&](auto matches) {
    std::vector<DocumentSummary> found;
    for (const DocumentSummary& summary : *all) {
      if (matches(summary)) found.push_back(summary);
    }
    return found;
  };

  int64_t id = 0;
  if (ParseInt(key, &id)) {
    std::vector<DocumentSummary> found =
        pick([&](const DocumentSummary& summary) { return summary.id == id; });
    if (!found.empty()) return found;
  }

  std::string number_key = NumberKey(key);
  std::vector<DocumentSummary> found = pick([&](const DocumentSummary& summary) {
    return !summary.number.empty() && NumberKey(summary.number) == number_key;
  });
  if (!found.empty()) return found;

  auto base_name = [](std::string_view path) {
    size_t slash = path.find_last_of('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
  };
  Result<Statement*> files = impl_->Get("SELECT doc_id, file FROM document_files");
  if (!files.ok()) return files.status();
  std::set<int64_t> file_ids;
  {
    ResetOnExit reset(*files);
    for (;;) {
      Result<bool> row = (*files)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      std::string file = (*files)->ColumnText(1);
      if (file == key || base_name(file) == key) file_ids.insert((*files)->ColumnInt(0));
    }
  }
  found = pick([&](const DocumentSummary& summary) { return file_ids.count(summary.id) > 0; });
  if (!found.empty()) return found;

  bool hex = key.size() >= 6 && key.size() <= 64 && std::all_of(key.begin(), key.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
             });
  if (hex) {
    std::string prefix(key);
    std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                   [](char c) { return (c >= 'A' && c <= 'F') ? static_cast<char>(c + 32) : c; });
    return pick([&](const DocumentSummary& summary) { return StartsWith(summary.sha256, prefix); });
  }
  return std::vector<DocumentSummary>();
}

Result<std::vector<SearchHit>> Store::Search(std::string_view query, int limit) const {
  std::string_view trimmed = Trim(query);
  bool phrase = trimmed.size() >= 2 && trimmed.front() == '"' && trimmed.back() == '"';
  std::vector<std::string> words = FoldedWords(trimmed);
  std::vector<SearchHit> hits;
  if (words.empty() || limit <= 0) return hits;
  // Each word is quoted, so FTS5 operators in the query are taken literally.
  std::string match;
  if (phrase) {
    match = "\"" + Join(words, " ") + "\"";
  } else {
    for (const std::string& word : words) match += (match.empty() ? "\"" : " \"") + word + "\"";
  }

  Result<Statement*> stmt = impl_->Get(
      "SELECT p.doc_id, p.page, p.body, bm25(passage_fts) AS score, d.number, d.file, d.sha256 "
      "FROM passage_fts JOIN passages p ON p.id = passage_fts.rowid "
      "JOIN documents d ON d.id = p.doc_id "
      "WHERE passage_fts MATCH ?1 ORDER BY score, p.id LIMIT ?2");
  if (!stmt.ok()) return stmt.status();
  ResetOnExit reset(*stmt);
  (*stmt)->Bind(1, match).Bind(2, limit);
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const Statement& s = **stmt;
    SearchHit hit;
    hit.doc_id = s.ColumnInt(0);
    hit.page = static_cast<int>(s.ColumnInt(1));
    hit.score = s.ColumnDouble(3);
    hit.document = s.ColumnText(4);
    if (hit.document.empty()) hit.document = s.ColumnText(5);
    hit.sha256 = s.ColumnText(6);
    MakeSnippet(s.ColumnText(2), words, &hit);
    hits.push_back(std::move(hit));
  }
  return hits;
}

Status Store::ReplaceFlags(const std::vector<Flag>& flags) {
  Transaction transaction(impl_->db);
  Status status = transaction.Begin();
  if (!status.ok()) return status;
  status = ExecSql(impl_->db, "DELETE FROM flag_evidence; DELETE FROM flags;");
  if (!status.ok()) return status;
  Result<Statement*> flag = impl_->Get(
      "INSERT INTO flags(seq, kind, severity, message_vi, message_en) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!flag.ok()) return flag.status();
  Result<Statement*> evidence = impl_->Get(
      "INSERT INTO flag_evidence(flag_seq, seq, doc_id, document, page, span_begin, span_end, "
      "quote) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!evidence.ok()) return evidence.status();
  for (size_t seq = 0; seq < flags.size(); ++seq) {
    const Flag& item = flags[seq];
    (*flag)
        ->Bind(1, static_cast<int64_t>(seq))
        .Bind(2, std::string(FlagKindKey(item.kind)))
        .Bind(3, static_cast<int64_t>(item.severity))
        .Bind(4, item.message_vi)
        .Bind(5, item.message_en);
    status = (*flag)->Run();
    if (!status.ok()) return status;
    for (size_t evidence_idx = 0; evidence_idx < item.evidence.size(); ++evidence_idx) {
      const Evidence& source = item.evidence[evidence_idx];
      (*evidence)->Bind(1, static_cast<int64_t>(seq)).Bind(2, static_cast<int64_t>(evidence_idx));
      if (source.document_id != 0) {
        (*evidence)->Bind(3, source.document_id);
      } else {
        (*evidence)->BindNull(3);
      }
      (*evidence)
          ->Bind(4, source.document)
          .Bind(5, source.page)
          .Bind(6, static_cast<int64_t>(source.span.begin))
          .Bind(7, static_cast<int64_t>(source.span.end))
          .Bind(8, source.quote);
      status = (*evidence)->Run();
      if (!status.ok()) return status;
    }
  }
  return transaction.Commit();
}

Status Store::ReplaceTaskTracking(const std::vector<TaskTracking>& statuses) {
  Transaction transaction(impl_->db);
  Status status = transaction.Begin();
  if (!status.ok()) return status;
  status = ExecSql(impl_->db, "DELETE FROM task_evidence; DELETE FROM task_status;");
  if (!status.ok()) return status;
  Result<Statement*> row = impl_->Get(
      "INSERT INTO task_status(doc_id, task_seq, completion, timeliness, attainment, "
      "attainment_reason, as_of, as_of_source, cycle, cycle_start, due, completed_on, days_left) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  if (!row.ok()) return row.status();
  Result<Statement*> evidence = impl_->Get(
      "INSERT INTO task_evidence(doc_id, task_seq, seq, evidence_doc_id, document, page, "
      "span_begin, span_end, quote, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!evidence.ok()) return evidence.status();
  for (const TaskTracking& item : statuses) {
    (*row)
        ->Bind(1, item.plan_document_id)
        .Bind(2, static_cast<int64_t>(item.task_seq))
        .Bind(3, item.completion)
        .Bind(4, item.timeliness)
        .Bind(5, item.attainment)
        .Bind(6, item.attainment_reason)
        .Bind(7, item.as_of)
        .Bind(8, item.as_of_source)
        .Bind(9, item.cycle)
        .Bind(10, item.cycle_start)
        .Bind(11, item.due)
        .Bind(12, item.completed_on);
    if (item.days_left.has_value()) {
      (*row)->Bind(13, static_cast<int64_t>(*item.days_left));
    } else {
      (*row)->BindNull(13);
    }
    status = (*row)->Run();
    if (!status.ok()) return status;
    for (size_t idx = 0; idx < item.evidence.size(); ++idx) {
      const Evidence& source = item.evidence[idx].evidence;
      (*evidence)
          ->Bind(1, item.plan_document_id)
          .Bind(2, static_cast<int64_t>(item.task_seq))
          .Bind(3, static_cast<int64_t>(idx));
      if (source.document_id != 0) {
        (*evidence)->Bind(4, source.document_id);
      } else {
        (*evidence)->BindNull(4);
      }
      (*evidence)
          ->Bind(5, source.document)
          .Bind(6, source.page)
          .Bind(7, static_cast<int64_t>(source.span.begin))
          .Bind(8, static_cast<int64_t>(source.span.end))
          .Bind(9, source.quote)
          .Bind(10, item.evidence[idx].reason);
      status = (*evidence)->Run();
      if (!status.ok()) return status;
    }
  }
  return transaction.Commit();
}

Result<std::vector<TaskTracking>> Store::LoadTaskTracking() const {
  std::vector<TaskTracking> statuses;
  std::map<std::pair<int64_t, int64_t>, size_t> index;
  {
    Result<Statement*> stmt = impl_->Get(
        "SELECT doc_id, task_seq, completion, timeliness, attainment, attainment_reason, as_of, "
        "as_of_source, cycle, cycle_start, due, completed_on, days_left FROM task_status "
        "ORDER BY doc_id, task_seq");
    if (!stmt.ok()) return stmt.status();
    ResetOnExit reset(*stmt);
    for (;;) {
      Result<bool> row = (*stmt)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      const Statement& s = **stmt;
      TaskTracking item;
      item.plan_document_id = s.ColumnInt(0);
      item.task_seq = static_cast<int>(s.ColumnInt(1));
      item.completion = s.ColumnText(2);
      item.timeliness = s.ColumnText(3);
      item.attainment = s.ColumnText(4);
      item.attainment_reason = s.ColumnText(5);
      item.as_of = s.ColumnText(6);
      item.as_of_source = s.ColumnText(7);
      item.cycle = s.ColumnText(8);
      item.cycle_start = s.ColumnText(9);
      item.due = s.ColumnText(10);
      item.completed_on = s.ColumnText(11);
      if (!s.ColumnIsNull(12)) item.days_left = static_cast<int>(s.ColumnInt(12));
      index[{item.plan_document_id, item.task_seq}] = statuses.size();
      statuses.push_back(std::move(item));
    }
  }
  Result<Statement*> stmt = impl_->Get(
      "SELECT doc_id, task_seq, evidence_doc_id, document, page, span_begin, span_end, quote, reason "
      "FROM task_evidence ORDER BY doc_id, task_seq, seq");
  if (!stmt.ok()) return stmt.status();
  ResetOnExit reset(*stmt);
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const Statement& s = **stmt;
    auto found = index.find({s.ColumnInt(0), s.ColumnInt(1)});
    if (found == index.end()) continue;
    TrackedEvidence item;
    item.evidence.document_id = s.ColumnIsNull(2) ? 0 : s.ColumnInt(2);
    item.evidence.document = s.ColumnText(3);
    item.evidence.page = static_cast<int>(s.ColumnInt(4));
    item.evidence.span = Span{static_cast<size_t>(s.ColumnInt(5)), static_cast<size_t>(s.ColumnInt(6))};
    item.evidence.quote = s.ColumnText(7);
    item.reason = s.ColumnText(8);
    statuses[found->second].evidence.push_back(std::move(item));
  }
  return statuses;
}

Result<std::vector<Flag>> Store::LoadFlags() const {
  std::vector<Flag> flags;
  {
    Result<Statement*> stmt =
        impl_->Get("SELECT kind, severity, message_vi, message_en FROM flags ORDER BY seq");
    if (!stmt.ok()) return stmt.status();
    ResetOnExit reset(*stmt);
    for (;;) {
      Result<bool> row = (*stmt)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      Flag flag;
      std::string key = (*stmt)->ColumnText(0);
      std::optional<FlagKind> kind = ParseFlagKind(key);
      if (!kind) return Status::Error(Code::kStoreError, "flags: unknown kind '" + key + "'");
      flag.kind = *kind;
      flag.severity = static_cast<FlagSeverity>((*stmt)->ColumnInt(1));
      flag.message_vi = (*stmt)->ColumnText(2);
      flag.message_en = (*stmt)->ColumnText(3);
      flags.push_back(std::move(flag));
    }
  }
  Result<Statement*> stmt = impl_->Get(
      "SELECT flag_seq, doc_id, document, page, span_begin, span_end, quote FROM flag_evidence "
      "ORDER BY flag_seq, seq");
  if (!stmt.ok()) return stmt.status();
  ResetOnExit reset(*stmt);
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const Statement& s = **stmt;
    size_t flag_seq = static_cast<size_t>(s.ColumnInt(0));
    if (flag_seq >= flags.size()) continue;
    Evidence evidence;
    evidence.document_id = s.ColumnIsNull(1) ? 0 : s.ColumnInt(1);
    evidence.document = s.ColumnText(2);
    evidence.page = static_cast<int>(s.ColumnInt(3));
    evidence.span = Span{static_cast<size_t>(s.ColumnInt(4)), static_cast<size_t>(s.ColumnInt(5))};
    evidence.quote = s.ColumnText(6);
    flags[flag_seq].evidence.push_back(std::move(evidence));
  }
  return flags;
}

}  // namespace docpipe
