// pipeline/store/statement.h
//
// RAII wrappers over SQLite for the store: a Statement owns one prepared
// sqlite3_stmt (finalized on destruction) with typed Bind and Column calls;
// the store prepares each statement once and reuses it (Reset). Internal to
// the store stage: only pipeline/store/*.cc include this header, and SQLite's
// own header is included only in the .cc files.
//
// Stage: [store]. Not thread-safe (like the connection it belongs to).

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/base/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace docpipe {

// kStoreError with SQLite's message for "rc" on "db" and "what" as context.
Status SqliteError(sqlite3* db, int rc, std::string_view what);

// Runs one or more SQL statements without results (DDL, PRAGMA, BEGIN).
Status ExecSql(sqlite3* db, std::string_view sql);

class Statement {
 public:
  // Prepares "sql" (one statement) on "db", which must outlive the Statement.
  // kStoreError if SQLite rejects it.
  static Result<Statement> Prepare(sqlite3* db, std::string_view sql);

  // Movable; not copyable: owns the sqlite3_stmt.
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds parameter "index" (1-based). Text and blobs are copied by SQLite
  // (SQLITE_TRANSIENT), so the arguments need not outlive the call. Binding
  // errors are kept and returned by the next Step().
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, std::optional<double> value);
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);

  // Advances: true if a row is available, false when done; kStoreError on
  // failure (including an earlier binding error). After false or an error the
  // statement must be Reset() before it is used again.
  Result<bool> Step();

  // Step() expecting no rows (INSERT, UPDATE, DELETE), then Reset().
  Status Run();

  // Resets the statement and clears its bindings; ready for the next use.
  void Reset();

  // Columns of the current row (0-based). REQUIRES: the last Step() was true.
  int64_t ColumnInt(int column) const;
  double ColumnDouble(int column) const;
  bool ColumnIsNull(int column) const;
  std::string ColumnText(int column) const;  // "" for NULL
  std::string ColumnBlob(int column) const;  // bytes; "" for NULL

 private:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int bind_error_ = 0;  // first failing sqlite3_bind_* result, 0 = none
};

}  // namespace docpipe
