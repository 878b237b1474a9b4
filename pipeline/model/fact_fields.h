// pipeline/model/fact_fields.h
//
// One field table per fact type: each entry names a text field of the fact,
// and that name is the column of its SQL table (schema/), its key in
// `export --format json` and `show --json`, and its CSV column. The store
// (SQL binding and loading), store/export.cc (JSON and CSV) and
// cli/json_output.cc (show) walk the table, so adding a text field to one of
// these facts is one entry here plus a schema migration. Provenance (page,
// span, rule id, quote, fuzzy) follows the fields everywhere.
//
// The pattern so far covers the facts whose fields are all text: Reference,
// Deadline and SigningRecord. Figure, Task and Assignment (numbers, periods, lists) are
// still written field by field (issue #14).
//
// Stage: model (plain data, std only).

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/json_writer.h"
#include "pipeline/model/facts.h"

namespace docpipe {

template <class Fact>
struct TextField {
  const char* name;           // SQL column, JSON key, CSV column
  std::string Fact::*member;  // the value
  bool in_csv;                // the CSV export carries it (its columns are fixed by schema/)
};

// DO NOT reorder: the order is that of the JSON export and the CSV columns.
inline constexpr TextField<Reference> kReferenceFields[] = {
    {"kind", &Reference::kind, true},
    {"number", &Reference::number, true},
    {"date", &Reference::date, true},
    {"issuer", &Reference::issuer, true},
    {"date_from", &Reference::date_from, false},
};

// The CSV export has no table of signing records.
inline constexpr TextField<SigningRecord> kSigningFields[] = {
    {"kind", &SigningRecord::kind, false},
    {"signer", &SigningRecord::signer, false},
    {"organisation", &SigningRecord::organisation, false},
    {"time", &SigningRecord::time, false},
    {"source", &SigningRecord::source, false},
};

inline constexpr TextField<Deadline> kDeadlineFields[] = {
    {"date", &Deadline::date, true},
    {"relation", &Deadline::relation, true},
    {"agency", &Deadline::agency, true},
    {"text", &Deadline::text, true},
};

// The members of a figure before its period and provenance, in the order of
// the export and `show --json`: value, unit, qualifier, change_pct (null when
// not stated), subject, scope. Figure is not yet table-driven (a number, an
// optional number and a period among its fields).
inline void WriteFigureMembers(JsonWriter* json, const Figure& figure) {
  json->Key("value");
  json->Number(figure.value);
  json->Member("unit", figure.unit);
  json->Member("qualifier", figure.qualifier);
  json->Key("change_pct");
  if (figure.change_pct.has_value()) {
    json->Number(*figure.change_pct);
  } else {
    json->Null();
  }
  json->Member("subject", figure.subject);
  json->Member("scope", figure.scope);
}

// A task's targets as the JSON array "targets" (value, unit, qualifier,
// date per target), in the export and `show --json` alike.
inline void WriteTargetsJson(JsonWriter* json, const std::vector<Target>& targets) {
  json->Key("targets");
  json->BeginArray();
  for (const Target& target : targets) {
    json->BeginObject();
    json->Key("value");
    json->Number(target.value);
    json->Member("unit", target.unit);
    json->Member("qualifier", target.qualifier);
    json->Member("date", target.date);
    json->EndObject();
  }
  json->EndArray();
}

// The JSON array "key" of "items": per item an object of its fields in table
// order, then what "write_where(json, item.where)" writes (the export and
// `show --json` write provenance differently). Used by store/export.cc and
// cli/json_output.cc.
template <class Fact, size_t N, class WriteWhere>
void WriteTextFactsJson(JsonWriter* json, std::string_view key, const TextField<Fact> (&fields)[N],
                        const std::vector<Fact>& items, WriteWhere write_where) {
  json->Key(key);
  json->BeginArray();
  for (const Fact& item : items) {
    json->BeginObject();
    for (const TextField<Fact>& field : fields) json->Member(field.name, item.*field.member);
    write_where(json, item.where);
    json->EndObject();
  }
  json->EndArray();
}

}  // namespace docpipe
