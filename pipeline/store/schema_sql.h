// pipeline/store/schema_sql.h
//
// The schema migrations, embedded from schema/NNNN_*.sql at build time
// (embed_schema.cmake). The store applies those numbered above
// PRAGMA user_version, one transaction each.
//
// Stage: store.

#pragma once

#include <string_view>
#include <vector>

namespace docpipe {

struct SchemaFile {
  std::string_view name;  // "0001_init.sql"; its number is the version it sets
  std::string_view sql;
};

// In file-name order.
const std::vector<SchemaFile>& SchemaFiles();

}  // namespace docpipe
