#include "pipeline/store/export.h"

#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>
#include <utility>

#include "pipeline/base/file_util.h"
#include "pipeline/base/json_writer.h"
#include "pipeline/base/strings.h"
#include "pipeline/model/fact_fields.h"

namespace docpipe {
namespace {

struct ExportedDocument {
  DocumentSummary summary;
  std::vector<std::string> files;
  Extraction extraction;
  // Per task (parallel to extraction.tasks): the status the last check
  // stored, or none; evidence_sha256 parallel to each status's evidence.
  std::vector<std::optional<TaskTracking>> tracking;
  std::vector<std::vector<std::string>> evidence_sha256;
};

Result<std::vector<ExportedDocument>> LoadAll(const Store& store) {
  Result<std::vector<DocumentSummary>> summaries = store.ListDocuments();
  if (!summaries.ok()) return summaries.status();
  std::vector<ExportedDocument> documents;
  documents.reserve(summaries->size());
  for (DocumentSummary& summary : *summaries) {
    ExportedDocument document;
    Result<std::vector<std::string>> files = store.FileNames(summary.id);
    if (!files.ok()) return files.status();
    Result<Extraction> extraction = store.LoadExtraction(summary.id);
    if (!extraction.ok()) return extraction.status();
    document.summary = std::move(summary);
    document.files = std::move(*files);
    document.extraction = std::move(*extraction);
    document.tracking.resize(document.extraction.tasks.size());
    document.evidence_sha256.resize(document.extraction.tasks.size());
    documents.push_back(std::move(document));
  }
  Result<std::vector<TaskTracking>> tracking = store.LoadTaskTracking();
  if (!tracking.ok()) return tracking.status();
  std::map<int64_t, size_t> index_by_id;
  for (size_t idx = 0; idx < documents.size(); ++idx) index_by_id[documents[idx].summary.id] = idx;
  for (TaskTracking& item : *tracking) {
    auto plan = index_by_id.find(item.plan_document_id);
    if (plan == index_by_id.end()) continue;
    ExportedDocument& document = documents[plan->second];
    if (item.task_seq < 0 || static_cast<size_t>(item.task_seq) >= document.tracking.size()) continue;
    std::vector<std::string>& shas = document.evidence_sha256[static_cast<size_t>(item.task_seq)];
    for (const TrackedEvidence& e : item.evidence) {
      auto source = index_by_id.find(e.evidence.document_id);
      shas.push_back(source != index_by_id.end() ? documents[source->second].summary.sha256 : "");
    }
    document.tracking[static_cast<size_t>(item.task_seq)] = std::move(item);
  }
  return documents;
}

// Shortest round-trip form (std::to_chars); NaN and infinities have no JSON
// form and are written as null / empty.
std::optional<std::string> FormatNumber(double value) {
  if (!std::isfinite(value)) return std::nullopt;
  if (value == 0) return std::string("0");  // also turns -0 into 0
  char buffer[64];
  std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

const char* SeverityKey(FlagSeverity severity) {
  switch (severity) {
    case FlagSeverity::kInfo:
      return "info";
    case FlagSeverity::kWarning:
      return "warning";
    case FlagSeverity::kContradiction:
      return "contradiction";
  }
  return "warning";
}

void WriteProvenance(JsonWriter* json, const Provenance& where) {
  json->BeginObject();
  json->Key("page");
  json->Int(where.page);
  json->Key("begin");
  json->Int(static_cast<int64_t>(where.span.begin));
  json->Key("end");
  json->Int(static_cast<int64_t>(where.span.end));
  json->Member("rule_id", where.rule_id);
  json->Member("quote", where.quote);
  json->Key("fuzzy");
  json->Bool(where.fuzzy);
  if (where.uncertain) {  // optional: present only when set (schema/export.schema.json)
    json->Key("uncertain");
    json->Bool(true);
  }
  json->EndObject();
}

void WritePeriod(JsonWriter* json, const Period& period) {
  json->BeginObject();
  json->Member("text", period.text);
  json->Member("start", period.start);
  json->Member("end", period.end);
  json->Member("granularity", period.granularity);
  json->EndObject();
}

// tasks[].status and tasks[].evidence (issue #13): null and [] before the
// first `docpipe check`.
void WriteTaskTracking(JsonWriter* json, const ExportedDocument& document, size_t task_idx) {
  const std::optional<TaskTracking>& tracking =
      task_idx < document.tracking.size() ? document.tracking[task_idx] : std::nullopt;
  json->Key("status");
  if (!tracking.has_value()) {
    json->Null();
  } else {
    json->BeginObject();
    json->Member("completion", tracking->completion);
    json->Member("timeliness", tracking->timeliness);
    json->Member("attainment", tracking->attainment);
    json->Member("attainment_reason", tracking->attainment_reason);
    json->Member("as_of", tracking->as_of);
    json->Member("as_of_source", tracking->as_of_source);
    json->Member("cycle", tracking->cycle);
    json->Member("cycle_start", tracking->cycle_start);
    json->Member("due", tracking->due);
    json->Member("completed_on", tracking->completed_on);
    json->Key("days_left");
    if (tracking->days_left.has_value()) {
      json->Int(*tracking->days_left);
    } else {
      json->Null();
    }
    json->EndObject();
  }
  json->Key("evidence");
  json->BeginArray();
  if (tracking.has_value()) {
    const std::vector<std::string>& shas = document.evidence_sha256[task_idx];
    for (size_t idx = 0; idx < tracking->evidence.size(); ++idx) {
      const TrackedEvidence& e = tracking->evidence[idx];
      json->BeginObject();
      json->Member("document", e.evidence.document);
      json->Member("sha256", idx < shas.size() ? std::string_view(shas[idx]) : "");
      json->Key("page");
      json->Int(e.evidence.page);
      json->Key("begin");
      json->Int(static_cast<int64_t>(e.evidence.span.begin));
      json->Key("end");
      json->Int(static_cast<int64_t>(e.evidence.span.end));
      json->Member("quote", e.evidence.quote);
      json->Member("reason", e.reason);
      json->EndObject();
    }
  }
  json->EndArray();
}

// The array "key" of facts whose fields are all text, driven by their field
// table (model/fact_fields.h): the fields in order, then "provenance".
template <class Fact, size_t N>
void WriteTextFacts(JsonWriter* json, std::string_view key, const TextField<Fact> (&fields)[N],
                    const std::vector<Fact>& items) {
  WriteTextFactsJson(json, key, fields, items, [](JsonWriter* out, const Provenance& where) {
    out->Key("provenance");
    WriteProvenance(out, where);
  });
}

// The members before the facts: file names, identity, status, identity provenance.
void WriteDocumentIdentity(JsonWriter* json, const ExportedDocument& document) {
  const DocumentSummary& summary = document.summary;
  const Extraction& facts = document.extraction;
  const Identity& identity = facts.identity;
  json->Member("sha256", summary.sha256);
  json->Member("file", summary.file);
  json->Key("files");
  json->StringArray(document.files);
  json->Member("kind", identity.kind.value);
  json->Member("number", identity.number.value);
  json->Member("date", identity.date.value);
  json->Member("place", identity.place.value);
  json->Member("issuer", identity.issuer.value);
  json->Member("signer", identity.signer.value);
  json->Member("capacity", identity.capacity.value);
  json->Member("title", identity.title.value);
  json->Key("recipients");
  json->BeginArray();
  for (const Field& recipient : identity.recipients) json->String(recipient.value);
  json->EndArray();
  json->Member("attached_to", identity.attached_to.value);
  WriteTextFacts(json, "signing", kSigningFields, identity.signing);
  json->Member("status", summary.status);
  json->Member("ruleset_version", summary.ruleset_version);
  json->Key("page_count");
  json->Int(summary.page_count);

  json->Key("identity_provenance");
  json->BeginObject();
  const std::pair<const char*, const Field*> fields[] = {
      {"kind", &identity.kind},         {"number", &identity.number}, {"date", &identity.date},
      {"place", &identity.place},       {"issuer", &identity.issuer}, {"signer", &identity.signer},
      {"capacity", &identity.capacity}, {"title", &identity.title},
  };
  for (const auto& [name, field] : fields) {
    json->Key(name);
    if (field->present()) {
      WriteProvenance(json, field->where);
    } else {
      json->Null();
    }
  }
  json->EndObject();
}

// "references" and "deadlines".
void WriteReferencesAndDeadlines(JsonWriter* json, const ExportedDocument& document) {
  WriteTextFacts(json, "references", kReferenceFields, document.extraction.references);
  WriteTextFacts(json, "deadlines", kDeadlineFields, document.extraction.deadlines);
}

// "figures".
void WriteFigures(JsonWriter* json, const ExportedDocument& document) {
  const Extraction& facts = document.extraction;
  json->Key("figures");
  json->BeginArray();
  for (const Figure& item : facts.figures) {
    json->BeginObject();
    WriteFigureMembers(json, item);
    json->Key("period");
    WritePeriod(json, item.period);
    json->Key("page");
    json->Int(item.where.page);
    json->Member("quote", item.where.quote);
    json->Key("provenance");
    WriteProvenance(json, item.where);
    json->EndObject();
  }
  json->EndArray();
}

// "tasks" (with targets) and "assignments".
void WriteTasksAndAssignments(JsonWriter* json, const ExportedDocument& document) {
  const Extraction& facts = document.extraction;
  json->Key("tasks");
  json->BeginArray();
  for (size_t task_idx = 0; task_idx < facts.tasks.size(); ++task_idx) {
    const Task& item = facts.tasks[task_idx];
    json->BeginObject();
    json->Member("section", item.section);
    json->Member("section_title", item.section_title);
    json->Member("stt", item.stt);
    json->Member("content", item.content);
    json->Key("lead");
    json->StringArray(item.lead);
    json->Key("coordinate");
    json->StringArray(item.coordinate);
    json->Key("timeframe");
    WritePeriod(json, item.timeframe);
    json->Member("result", item.result);
    WriteTargetsJson(json, item.targets);
    json->Key("provenance");
    WriteProvenance(json, item.where);
    WriteTaskTracking(json, document, task_idx);
    json->EndObject();
  }
  json->EndArray();

  json->Key("assignments");
  json->BeginArray();
  for (const Assignment& item : facts.assignments) {
    json->BeginObject();
    json->Member("agency", item.agency);
    json->Key("coordinate");
    json->StringArray(item.coordinate);
    json->Member("action", item.action);
    json->Member("deadline", item.deadline);
    json->Key("provenance");
    WriteProvenance(json, item.where);
    json->EndObject();
  }
  json->EndArray();
}

void WriteDocument(JsonWriter* json, const ExportedDocument& document) {
  json->BeginObject();
  WriteDocumentIdentity(json, document);
  WriteReferencesAndDeadlines(json, document);
  WriteFigures(json, document);
  WriteTasksAndAssignments(json, document);
  json->EndObject();
}

// --- CSV ---

// Spreadsheets run a cell that starts with = + - @ (or tab, CR) as a formula
// (OWASP "CSV injection"): such text gets a leading apostrophe, which Excel
// and LibreOffice show as a text marker. Plain signed numbers ("-2.5") stay
// numbers.
bool IsSignedNumber(std::string_view text) {
  if (text.size() < 2 || (text[0] != '-' && text[0] != '+')) return false;
  for (char c : text.substr(1)) {
    if ((c < '0' || c > '9') && c != '.' && c != ',') return false;
  }
  return true;
}

std::string NeutraliseFormula(std::string_view text) {
  if (text.empty()) return std::string(text);
  char first = text.front();
  bool risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
               first == '\r';
  if (!risky || IsSignedNumber(text)) return std::string(text);
  return "'" + std::string(text);
}

std::string CsvField(std::string_view raw) {
  std::string neutral = NeutraliseFormula(raw);
  std::string_view text = neutral;
  bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

class CsvWriter {
 public:
  explicit CsvWriter(std::ostream* out) : out_(out) { *out_ << "\xEF\xBB\xBF"; }
  void Row(const std::vector<std::string>& fields) {
    for (size_t index = 0; index < fields.size(); ++index) {
      if (index > 0) *out_ << ',';
      *out_ << CsvField(fields[index]);
    }
    *out_ << "\r\n";
  }

 private:
  std::ostream* out_;
};

// A CSV table of facts whose fields are all text, driven by their field table
// (model/fact_fields.h): the document's sha256 and number, the fields the CSV
// carries, then page, quote and rule id.
template <class Fact, size_t N>
void WriteCsvTextFacts(CsvWriter* csv, const std::vector<ExportedDocument>& documents,
                       const TextField<Fact> (&fields)[N],
                       std::vector<Fact> Extraction::*facts) {
  std::vector<std::string> header = {"document_sha256", "document_number"};
  for (const TextField<Fact>& field : fields) {
    if (field.in_csv) header.push_back(field.name);
  }
  header.insert(header.end(), {"page", "quote", "rule_id"});
  csv->Row(header);
  for (const ExportedDocument& document : documents) {
    for (const Fact& item : document.extraction.*facts) {
      std::vector<std::string> row = {document.summary.sha256,
                                      document.extraction.identity.number.value};
      for (const TextField<Fact>& field : fields) {
        if (field.in_csv) row.push_back(item.*field.member);
      }
      row.insert(row.end(), {std::to_string(item.where.page), item.where.quote, item.where.rule_id});
      csv->Row(row);
    }
  }
}

std::string CsvNumber(double value) { return FormatNumber(value).value_or(""); }

std::string TargetsText(const std::vector<Target>& targets) {
  std::vector<std::string> parts;
  for (const Target& target : targets) {
    std::string part = target.qualifier.empty() ? "" : target.qualifier + " ";
    part += CsvNumber(target.value);
    if (!target.unit.empty()) part += " " + target.unit;
    if (!target.date.empty()) part += " (" + target.date + ")";
    parts.push_back(std::move(part));
  }
  return Join(parts, "; ");
}

void WriteCsvTable(const std::vector<ExportedDocument>& documents, const std::vector<Flag>& flags,
                   CsvTable table, CsvWriter* csv) {
  auto prefix = [](const ExportedDocument& document, std::vector<std::string> rest) {
    rest.insert(rest.begin(), {document.summary.sha256, document.extraction.identity.number.value});
    return rest;
  };
  switch (table) {
    case CsvTable::kDocuments:
      csv->Row({"sha256", "file", "kind", "number", "date", "issuer", "signer", "title", "status",
                "ruleset_version", "page_count", "references", "deadlines", "figures", "tasks",
                "assignments"});
      for (const ExportedDocument& document : documents) {
        const DocumentSummary& s = document.summary;
        const Identity& id = document.extraction.identity;
        csv->Row({s.sha256, s.file, id.kind.value, id.number.value, id.date.value, id.issuer.value,
                  id.signer.value, id.title.value, s.status, s.ruleset_version,
                  std::to_string(s.page_count), std::to_string(s.references),
                  std::to_string(s.deadlines), std::to_string(s.figures), std::to_string(s.tasks),
                  std::to_string(s.assignments)});
      }
      return;
    case CsvTable::kReferences:
      WriteCsvTextFacts(csv, documents, kReferenceFields, &Extraction::references);
      return;
    case CsvTable::kDeadlines:
      WriteCsvTextFacts(csv, documents, kDeadlineFields, &Extraction::deadlines);
      return;
    case CsvTable::kFigures:
      csv->Row({"document_sha256", "document_number", "value", "unit", "qualifier", "change_pct",
                "subject", "scope", "period", "period_start", "period_end", "page", "quote",
                "rule_id"});
      for (const ExportedDocument& document : documents) {
        for (const Figure& item : document.extraction.figures) {
          csv->Row(prefix(document, {CsvNumber(item.value), item.unit, item.qualifier,
                                     item.change_pct.has_value() ? CsvNumber(*item.change_pct) : "",
                                     item.subject, item.scope, item.period.text, item.period.start,
                                     item.period.end, std::to_string(item.where.page),
                                     item.where.quote, item.where.rule_id}));
        }
      }
      return;
    case CsvTable::kTasks:
      csv->Row({"document_sha256", "document_number", "section", "stt", "content", "lead",
                "coordinate", "timeframe", "timeframe_start", "timeframe_end", "result", "targets",
                "page", "quote", "rule_id", "status_completion", "status_timeliness",
                "status_attainment", "status_as_of", "status_cycle", "status_due", "status_days_left",
                "evidence_document", "evidence_page", "evidence_quote", "evidence_count"});
      for (const ExportedDocument& document : documents) {
        for (size_t task_idx = 0; task_idx < document.extraction.tasks.size(); ++task_idx) {
          const Task& item = document.extraction.tasks[task_idx];
          std::vector<std::string> fields = {
              item.section, item.stt, item.content, Join(item.lead, "; "),
              Join(item.coordinate, "; "), item.timeframe.text, item.timeframe.start,
              item.timeframe.end, item.result, TargetsText(item.targets),
              std::to_string(item.where.page), item.where.quote, item.where.rule_id};
          const std::optional<TaskTracking>& t = document.tracking[task_idx];
          if (t.has_value()) {
            const TrackedEvidence* best = t->evidence.empty() ? nullptr : &t->evidence.front();
            for (std::string value :
                 {t->completion, t->timeliness, t->attainment, t->as_of, t->cycle, t->due,
                  t->days_left.has_value() ? std::to_string(*t->days_left) : std::string(),
                  best ? best->evidence.document : std::string(),
                  best ? std::to_string(best->evidence.page) : std::string(),
                  best ? best->evidence.quote : std::string(), std::to_string(t->evidence.size())}) {
              fields.push_back(std::move(value));
            }
          } else {
            fields.resize(fields.size() + 11);
          }
          csv->Row(prefix(document, std::move(fields)));
        }
      }
      return;
    case CsvTable::kAssignments:
      csv->Row({"document_sha256", "document_number", "agency", "coordinate", "action", "deadline",
                "page", "quote", "rule_id"});
      for (const ExportedDocument& document : documents) {
        for (const Assignment& item : document.extraction.assignments) {
          csv->Row(prefix(document,
                          {item.agency, Join(item.coordinate, "; "), item.action, item.deadline,
                           std::to_string(item.where.page), item.where.quote, item.where.rule_id}));
        }
      }
      return;
    case CsvTable::kFlags:
      // One row per piece of evidence; "flag" numbers the flags from 1.
      csv->Row({"flag", "kind", "severity", "message", "message_en", "evidence_document",
                "evidence_page", "evidence_quote"});
      for (size_t flag_idx = 0; flag_idx < flags.size(); ++flag_idx) {
        const Flag& flag = flags[flag_idx];
        std::vector<std::string> head = {std::to_string(flag_idx + 1), FlagKindKey(flag.kind),
                                         SeverityKey(flag.severity), flag.message_vi,
                                         flag.message_en};
        if (flag.evidence.empty()) {
          head.insert(head.end(), {"", "", ""});
          csv->Row(head);
        }
        for (const Evidence& evidence : flag.evidence) {
          std::vector<std::string> row = head;
          row.insert(row.end(), {evidence.document, std::to_string(evidence.page), evidence.quote});
          csv->Row(row);
        }
      }
      return;
  }
}

Status StreamStatus(const std::ostream& out) {
  if (out) return OkStatus();
  return Status::Error(Code::kIoError, "writing the export failed");
}

}  // namespace

Status ExportJson(const Store& store, std::ostream& out) {
  Result<std::vector<ExportedDocument>> documents = LoadAll(store);
  if (!documents.ok()) return documents.status();
  Result<std::vector<Flag>> flags = store.LoadFlags();
  if (!flags.ok()) return flags.status();
  std::map<int64_t, std::string> sha_by_id;
  for (const ExportedDocument& document : *documents) {
    sha_by_id[document.summary.id] = document.summary.sha256;
  }

  JsonWriter json(&out);
  json.BeginObject();
  json.Key("format_version");
  json.Int(kExportFormatVersion);
  json.Key("documents");
  json.BeginArray();
  for (const ExportedDocument& document : *documents) WriteDocument(&json, document);
  json.EndArray();
  json.Key("flags");
  json.BeginArray();
  for (const Flag& flag : *flags) {
    json.BeginObject();
    json.Member("kind", FlagKindKey(flag.kind));
    json.Member("severity", SeverityKey(flag.severity));
    json.Member("message", flag.message_vi);
    json.Member("message_en", flag.message_en);
    json.Key("evidence");
    json.BeginArray();
    for (const Evidence& evidence : flag.evidence) {
      json.BeginObject();
      json.Member("document", evidence.document);
      auto sha = sha_by_id.find(evidence.document_id);
      json.Member("sha256", sha != sha_by_id.end() ? std::string_view(sha->second) : "");
      json.Key("page");
      json.Int(evidence.page);
      json.Key("begin");
      json.Int(static_cast<int64_t>(evidence.span.begin));
      json.Key("end");
      json.Int(static_cast<int64_t>(evidence.span.end));
      json.Member("quote", evidence.quote);
      json.EndObject();
    }
    json.EndArray();
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
  out << '\n';
  return StreamStatus(out);
}

const std::vector<CsvTable>& AllCsvTables() {
  static const std::vector<CsvTable> tables = {
      CsvTable::kDocuments, CsvTable::kReferences,  CsvTable::kDeadlines, CsvTable::kFigures,
      CsvTable::kTasks,     CsvTable::kAssignments, CsvTable::kFlags,
  };
  return tables;
}

const char* CsvTableName(CsvTable table) {
  switch (table) {
    case CsvTable::kDocuments:
      return "documents";
    case CsvTable::kReferences:
      return "references";
    case CsvTable::kDeadlines:
      return "deadlines";
    case CsvTable::kFigures:
      return "figures";
    case CsvTable::kTasks:
      return "tasks";
    case CsvTable::kAssignments:
      return "assignments";
    case CsvTable::kFlags:
      return "flags";
  }
  return "unknown";
}

Status ExportCsv(const Store& store, CsvTable table, std::ostream& out) {
  Result<std::vector<ExportedDocument>> documents = LoadAll(store);
  if (!documents.ok()) return documents.status();
  Result<std::vector<Flag>> flags = store.LoadFlags();
  if (!flags.ok()) return flags.status();
  CsvWriter csv(&out);
  WriteCsvTable(*documents, *flags, table, &csv);
  return StreamStatus(out);
}

Status ExportCsvFolder(const Store& store, const std::string& folder) {
  Result<std::vector<ExportedDocument>> documents = LoadAll(store);
  if (!documents.ok()) return documents.status();
  Result<std::vector<Flag>> flags = store.LoadFlags();
  if (!flags.ok()) return flags.status();
  for (CsvTable table : AllCsvTables()) {
    std::ostringstream out;
    CsvWriter csv(&out);
    WriteCsvTable(*documents, *flags, table, &csv);
    Status status = WriteFileAtomically(folder + "/" + CsvTableName(table) + ".csv", out.str());
    if (!status.ok()) return status;
  }
  return OkStatus();
}

}  // namespace docpipe
