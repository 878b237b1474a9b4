#include "pipeline/store/statement.h"

#include <sqlite3.h>

#include <utility>

namespace docpipe {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string detail(what);
  detail += ": ";
  detail += sqlite3_errstr(rc);
  if (db != nullptr && sqlite3_errcode(db) == rc) {
    const char* message = sqlite3_errmsg(db);
    if (message != nullptr && std::string_view(message) != sqlite3_errstr(rc)) {
      detail += " (";
      detail += message;
      detail += ")";
    }
  }
  return Status::Error(Code::kStoreError, std::move(detail));
}

Status ExecSql(sqlite3* db, std::string_view sql) {
  std::string owned(sql);  // sqlite3_exec needs a NUL-terminated string
  char* message = nullptr;
  int rc = sqlite3_exec(db, owned.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return OkStatus();
  std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  std::string head(sql.substr(0, 60));
  return Status::Error(Code::kStoreError, "executing \"" + head + "...\": " + detail);
}

Result<Statement> Statement::Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteError(db, rc, "preparing \"" + std::string(sql.substr(0, 80)) + "\"");
  }
  if (stmt == nullptr) {
    return Status::Error(Code::kInternal, "empty SQL statement");
  }
  return Statement(db, stmt);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), bind_error_(other.bind_error_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
    bind_error_ = other.bind_error_;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

namespace {
void Keep(int rc, int* first_error) {
  if (rc != SQLITE_OK && *first_error == 0) *first_error = rc;
}
}  // namespace

Statement& Statement::Bind(int index, int64_t value) {
  Keep(sqlite3_bind_int64(stmt_, index, value), &bind_error_);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  Keep(sqlite3_bind_double(stmt_, index, value), &bind_error_);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  Keep(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
       &bind_error_);
  return *this;
}

Statement& Statement::Bind(int index, std::optional<double> value) {
  return value.has_value() ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  // A zero-length blob must still be a blob, not NULL: pass a valid pointer.
  static const char kEmpty = 0;
  Keep(sqlite3_bind_blob64(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(), bytes.size(),
                           SQLITE_TRANSIENT),
       &bind_error_);
  return *this;
}

Statement& Statement::BindNull(int index) {
  Keep(sqlite3_bind_null(stmt_, index), &bind_error_);
  return *this;
}

Result<bool> Statement::Step() {
  if (bind_error_ != 0) {
    int rc = std::exchange(bind_error_, 0);
    return SqliteError(db_, rc, "binding a parameter");
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, rc, std::string("running \"") + sqlite3_sql(stmt_) + "\"");
}

Status Statement::Run() {
  Result<bool> row = Step();
  Reset();
  if (!row.ok()) return row.status();
  return OkStatus();
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = 0;
}

int64_t Statement::ColumnInt(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::ColumnDouble(int column) const { return sqlite3_column_double(stmt_, column); }

bool Statement::ColumnIsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string Statement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  int size = sqlite3_column_bytes(stmt_, column);
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

std::string Statement::ColumnBlob(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  if (data == nullptr) return {};
  int size = sqlite3_column_bytes(stmt_, column);
  return std::string(static_cast<const char*>(data), static_cast<size_t>(size));
}

}  // namespace docpipe
