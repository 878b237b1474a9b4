#include "pipeline/cli/json_output.h"

#include <string_view>

#include "pipeline/base/json_writer.h"
#include "pipeline/base/strings.h"
#include "pipeline/model/fact_fields.h"

namespace docpipe {
namespace {

// The JSON writer of the export (base/json_writer.h): the same layout.
using Json = JsonWriter;

// "page", "quote", "rule_id" of a fact: where it was read.
void WriteSource(Json* json, const docpipe::Provenance& where) {
  json->Key("provenance");
  json->BeginObject();
  json->Integer("page", where.page);
  json->Integer("begin", static_cast<int64_t>(where.span.begin));
  json->Integer("end", static_cast<int64_t>(where.span.end));
  json->Member("rule_id", where.rule_id);
  json->Member("quote", where.quote);
  json->Key("fuzzy");
  json->Bool(where.fuzzy);
  if (where.uncertain) {  // optional: present only when set
    json->Key("uncertain");
    json->Bool(true);
  }
  json->EndObject();
}

void WritePeriod(Json* json, std::string_view name, const docpipe::Period& period) {
  json->Key(name);
  if (period.text.empty() && period.start.empty() && period.end.empty()) {
    json->Null();
    return;
  }
  json->BeginObject();
  json->Member("text", period.text);
  json->Member("start", period.start);
  json->Member("end", period.end);
  json->Member("granularity", period.granularity);
  json->EndObject();
}

// An identity field: {"value", "source"} or null when not found.
void IdentityField(Json* json, std::string_view name, const Field& field) {
  json->Key(name);
  if (!field.present()) {
    json->Null();
    return;
  }
  json->BeginObject();
  json->Member("value", field.value);
  WriteSource(json, field.where);
  json->EndObject();
}

void Counts(Json* json, const DocumentSummary& d) {
  json->Key("counts");
  json->BeginObject();
  json->Integer("references", d.references);
  json->Integer("deadlines", d.deadlines);
  json->Integer("figures", d.figures);
  json->Integer("tasks", d.tasks);
  json->Integer("assignments", d.assignments);
  json->EndObject();
}

}  // namespace

void WriteListJson(const std::vector<DocumentSummary>& documents,
                   const std::vector<FailureRecord>& failures, std::ostream& out) {
  Json json(&out);
  json.BeginObject();
  json.Integer("format_version", kCliJsonFormatVersion);
  json.Key("documents");
  json.BeginArray();
  for (const DocumentSummary& d : documents) {
    json.BeginObject();
    json.Integer("id", d.id);
    json.Member("sha256", d.sha256);
    json.Member("file", d.file);
    json.Member("kind", d.kind);
    json.Member("number", d.number);
    json.Member("date", d.date);
    json.Member("issuer", d.issuer);
    json.Member("title", d.title);
    json.Member("status", d.status);
    json.Member("ruleset_version", d.ruleset_version);
    json.Integer("page_count", d.page_count);
    Counts(&json, d);
    json.EndObject();
  }
  json.EndArray();
  json.Key("failures");
  json.BeginArray();
  for (const FailureRecord& f : failures) {
    json.BeginObject();
    json.Member("sha256", f.sha256);
    json.Member("file", f.file);
    json.Member("code", CodeName(f.code));
    json.Integer("code_number", static_cast<int64_t>(f.code));
    json.Member("reason", f.reason);
    json.Integer("attempts", f.attempts);
    json.Member("last_seen", f.last_seen);
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
  out << '\n';
}

namespace {

// The parts of one document in `show --json`, in the order of
// schema/show.schema.json.
void ShowIdentity(Json* json, const Identity& id) {
  json->Key("identity");
  json->BeginObject();
  IdentityField(json, "kind", id.kind);
  IdentityField(json, "number", id.number);
  IdentityField(json, "place", id.place);
  IdentityField(json, "date", id.date);
  IdentityField(json, "issuer", id.issuer);
  IdentityField(json, "title", id.title);
  IdentityField(json, "signer", id.signer);
  IdentityField(json, "capacity", id.capacity);
  json->Key("recipients");
  json->BeginArray();
  for (const Field& recipient : id.recipients) json->String(recipient.value);
  json->EndArray();
  json->EndObject();
}

// The array "key" of facts whose fields are all text, driven by their field
// table (model/fact_fields.h), as the JSON export writes them but with the
// provenance flattened (WriteSource).
template <class Fact, size_t N>
void ShowTextFacts(Json* json, std::string_view key, const TextField<Fact> (&fields)[N],
                   const std::vector<Fact>& items) {
  WriteTextFactsJson(json, key, fields, items, WriteSource);
}

void ShowFigures(Json* json, const std::vector<Figure>& figures) {
  json->Key("figures");
  json->BeginArray();
  for (const Figure& f : figures) {
    json->BeginObject();
    WriteFigureMembers(json, f);
    WritePeriod(json, "period", f.period);
    WriteSource(json, f.where);
    json->EndObject();
  }
  json->EndArray();
}

void ShowTasks(Json* json, const std::vector<Task>& tasks) {
  json->Key("tasks");
  json->BeginArray();
  for (const Task& t : tasks) {
    json->BeginObject();
    json->Member("section", t.section);
    json->Member("section_title", t.section_title);
    json->Member("stt", t.stt);
    json->Member("content", t.content);
    json->Strings("lead", t.lead);
    json->Strings("coordinate", t.coordinate);
    WritePeriod(json, "timeframe", t.timeframe);
    json->Member("result", t.result);
    WriteTargetsJson(json, t.targets);
    WriteSource(json, t.where);
    json->EndObject();
  }
  json->EndArray();
}

void ShowAssignments(Json* json, const std::vector<Assignment>& assignments) {
  json->Key("assignments");
  json->BeginArray();
  for (const Assignment& a : assignments) {
    json->BeginObject();
    json->Member("agency", a.agency);
    json->Strings("coordinate", a.coordinate);
    json->Member("action", a.action);
    json->Member("deadline", a.deadline);
    WriteSource(json, a.where);
    json->EndObject();
  }
  json->EndArray();
}

}  // namespace

void WriteShowJson(const std::string& query, const std::vector<ShownDocument>& documents,
                   std::ostream& out) {
  Json json(&out);
  json.BeginObject();
  json.Integer("format_version", kCliJsonFormatVersion);
  json.Member("query", query);
  json.Key("documents");
  json.BeginArray();
  for (const ShownDocument& shown : documents) {
    const DocumentSummary& d = shown.summary;
    const Extraction& ex = shown.extraction;
    const Identity& id = ex.identity;
    json.BeginObject();
    json.Integer("id", d.id);
    json.Member("sha256", d.sha256);
    json.Member("file", d.file);
    json.Strings("files", shown.files);
    json.Member("status", d.status);
    json.Member("ruleset_version", d.ruleset_version);
    json.Integer("page_count", d.page_count);
    ShowIdentity(&json, id);
    ShowTextFacts(&json, "references", kReferenceFields, ex.references);
    ShowTextFacts(&json, "deadlines", kDeadlineFields, ex.deadlines);
    ShowFigures(&json, ex.figures);
    ShowTasks(&json, ex.tasks);
    ShowAssignments(&json, ex.assignments);
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
  out << '\n';
}

void WriteSearchJson(const std::string& query, int limit, const std::vector<SearchHit>& hits,
                     std::ostream& out) {
  Json json(&out);
  json.BeginObject();
  json.Integer("format_version", kCliJsonFormatVersion);
  json.Member("query", query);
  json.Integer("limit", limit);
  json.Key("hits");
  json.BeginArray();
  for (const SearchHit& h : hits) {
    json.BeginObject();
    json.Integer("id", h.doc_id);
    json.Member("document", h.document);
    json.Member("sha256", h.sha256);
    json.Integer("page", h.page);
    json.Member("snippet", h.snippet);
    json.Key("highlights");
    json.BeginArray();
    for (const Span& span : h.highlights) {
      json.BeginObject();
      json.Integer("begin", static_cast<int64_t>(span.begin));
      json.Integer("end", static_cast<int64_t>(span.end));
      json.EndObject();
    }
    json.EndArray();
    json.Key("score");
    json.Number(h.score);
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
  out << '\n';
}

}  // namespace docpipe
