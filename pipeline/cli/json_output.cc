#include "pipeline/cli/json_output.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>

#include "pipeline/base/strings.h"

namespace docpipe {
namespace {

// A small pretty-printing JSON writer (two-space indentation, one member or
// element per line), the same layout as the export's.
class Json {
 public:
  explicit Json(std::ostream* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view name) {
    Separate();
    *out_ << '"' << JsonEscape(name) << "\": ";
    after_key_ = true;
  }
  void String(std::string_view text) {
    Value();
    *out_ << '"' << JsonEscape(text) << '"';
  }
  void Null() {
    Value();
    *out_ << "null";
  }
  void Int(int64_t value) {
    Value();
    *out_ << value;
  }
  void Bool(bool value) {
    Value();
    *out_ << (value ? "true" : "false");
  }
  // Shortest round-trip form; NaN and infinities have no JSON form: null.
  void Number(double value) {
    Value();
    if (!std::isfinite(value)) {
      *out_ << "null";
      return;
    }
    if (value == 0) value = 0;  // no "-0"
    char buffer[64];
    std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), value);
    *out_ << std::string_view(buffer, static_cast<size_t>(result.ptr - buffer));
  }

  // Members: "" is written as null (an unknown value).
  void Text(std::string_view name, std::string_view text) {
    Key(name);
    if (text.empty()) {
      Null();
    } else {
      String(text);
    }
  }
  void Integer(std::string_view name, int64_t value) {
    Key(name);
    Int(value);
  }
  void Strings(std::string_view name, const std::vector<std::string>& values) {
    Key(name);
    BeginArray();
    for (const std::string& value : values) String(value);
    EndArray();
  }

 private:
  void Separate() {
    if (levels_.empty()) return;
    if (!levels_.back()) *out_ << ',';
    levels_.back() = false;
    *out_ << '\n' << std::string(2 * levels_.size(), ' ');
  }
  void Value() {
    if (after_key_) {
      after_key_ = false;
    } else {
      Separate();
    }
  }
  void Open(char bracket) {
    Value();
    *out_ << bracket;
    levels_.push_back(true);  // empty so far
  }
  void Close(char bracket) {
    bool empty = levels_.back();
    levels_.pop_back();
    if (!empty) *out_ << '\n' << std::string(2 * levels_.size(), ' ');
    *out_ << bracket;
  }

  std::ostream* out_;
  std::vector<bool> levels_;  // per open container: nothing written yet
  bool after_key_ = false;
};

// "page", "quote", "rule_id" of a fact: where it was read.
void WriteSource(Json* json, const docpipe::Provenance& where) {
  json->Key("provenance");
  json->BeginObject();
  json->Integer("page", where.page);
  json->Integer("begin", static_cast<int64_t>(where.span.begin));
  json->Integer("end", static_cast<int64_t>(where.span.end));
  json->Text("rule_id", where.rule_id);
  json->Text("quote", where.quote);
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
  json->Text("text", period.text);
  json->Text("start", period.start);
  json->Text("end", period.end);
  json->Text("granularity", period.granularity);
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
  json->Text("value", field.value);
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
    json.Text("sha256", d.sha256);
    json.Text("file", d.file);
    json.Text("kind", d.kind);
    json.Text("number", d.number);
    json.Text("date", d.date);
    json.Text("issuer", d.issuer);
    json.Text("title", d.title);
    json.Text("status", d.status);
    json.Text("ruleset_version", d.ruleset_version);
    json.Integer("page_count", d.page_count);
    Counts(&json, d);
    json.EndObject();
  }
  json.EndArray();
  json.Key("failures");
  json.BeginArray();
  for (const FailureRecord& f : failures) {
    json.BeginObject();
    json.Text("sha256", f.sha256);
    json.Text("file", f.file);
    json.Text("code", CodeName(f.code));
    json.Integer("code_number", static_cast<int64_t>(f.code));
    json.Text("reason", f.reason);
    json.Integer("attempts", f.attempts);
    json.Text("last_seen", f.last_seen);
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
  out << '\n';
}

void WriteShowJson(const std::string& query, const std::vector<ShownDocument>& documents,
                   std::ostream& out) {
  Json json(&out);
  json.BeginObject();
  json.Integer("format_version", kCliJsonFormatVersion);
  json.Text("query", query);
  json.Key("documents");
  json.BeginArray();
  for (const ShownDocument& shown : documents) {
    const DocumentSummary& d = shown.summary;
    const Extraction& ex = shown.extraction;
    const Identity& id = ex.identity;
    json.BeginObject();
    json.Integer("id", d.id);
    json.Text("sha256", d.sha256);
    json.Text("file", d.file);
    json.Strings("files", shown.files);
    json.Text("status", d.status);
    json.Text("ruleset_version", d.ruleset_version);
    json.Integer("page_count", d.page_count);
    json.Key("identity");
    json.BeginObject();
    IdentityField(&json, "kind", id.kind);
    IdentityField(&json, "number", id.number);
    IdentityField(&json, "place", id.place);
    IdentityField(&json, "date", id.date);
    IdentityField(&json, "issuer", id.issuer);
    IdentityField(&json, "title", id.title);
    IdentityField(&json, "signer", id.signer);
    IdentityField(&json, "capacity", id.capacity);
    json.Key("recipients");
    json.BeginArray();
    for (const Field& recipient : id.recipients) json.String(recipient.value);
    json.EndArray();
    json.EndObject();

    json.Key("references");
    json.BeginArray();
    for (const Reference& r : ex.references) {
      json.BeginObject();
      json.Text("kind", r.kind);
      json.Text("number", r.number);
      json.Text("date", r.date);
      json.Text("issuer", r.issuer);
      json.Text("date_from", r.date_from);
      WriteSource(&json, r.where);
      json.EndObject();
    }
    json.EndArray();

    json.Key("deadlines");
    json.BeginArray();
    for (const Deadline& dl : ex.deadlines) {
      json.BeginObject();
      json.Text("date", dl.date);
      json.Text("relation", dl.relation);
      json.Text("agency", dl.agency);
      json.Text("text", dl.text);
      WriteSource(&json, dl.where);
      json.EndObject();
    }
    json.EndArray();

    json.Key("figures");
    json.BeginArray();
    for (const Figure& f : ex.figures) {
      json.BeginObject();
      json.Key("value");
      json.Number(f.value);
      json.Text("unit", f.unit);
      json.Text("qualifier", f.qualifier);
      json.Key("change_pct");
      if (f.change_pct.has_value()) {
        json.Number(*f.change_pct);
      } else {
        json.Null();
      }
      json.Text("subject", f.subject);
      json.Text("scope", f.scope);
      WritePeriod(&json, "period", f.period);
      WriteSource(&json, f.where);
      json.EndObject();
    }
    json.EndArray();

    json.Key("tasks");
    json.BeginArray();
    for (const Task& t : ex.tasks) {
      json.BeginObject();
      json.Text("section", t.section);
      json.Text("section_title", t.section_title);
      json.Text("stt", t.stt);
      json.Text("content", t.content);
      json.Strings("lead", t.lead);
      json.Strings("coordinate", t.coordinate);
      WritePeriod(&json, "timeframe", t.timeframe);
      json.Text("result", t.result);
      json.Key("targets");
      json.BeginArray();
      for (const Target& target : t.targets) {
        json.BeginObject();
        json.Key("value");
        json.Number(target.value);
        json.Text("unit", target.unit);
        json.Text("qualifier", target.qualifier);
        json.Text("date", target.date);
        json.EndObject();
      }
      json.EndArray();
      WriteSource(&json, t.where);
      json.EndObject();
    }
    json.EndArray();

    json.Key("assignments");
    json.BeginArray();
    for (const Assignment& a : ex.assignments) {
      json.BeginObject();
      json.Text("agency", a.agency);
      json.Strings("coordinate", a.coordinate);
      json.Text("action", a.action);
      json.Text("deadline", a.deadline);
      WriteSource(&json, a.where);
      json.EndObject();
    }
    json.EndArray();
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
  json.Text("query", query);
  json.Integer("limit", limit);
  json.Key("hits");
  json.BeginArray();
  for (const SearchHit& h : hits) {
    json.BeginObject();
    json.Integer("id", h.doc_id);
    json.Text("document", h.document);
    json.Text("sha256", h.sha256);
    json.Integer("page", h.page);
    json.Text("snippet", h.snippet);
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
