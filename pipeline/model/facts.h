// pipeline/model/facts.h
//
// What the extractors find in one document, each fact with its provenance
// (page, source span, rule id, quote). The store persists these types; the
// cross-check reads them back. Dates are ISO "YYYY-MM-DD" strings ("" = none)
// so that partially known dates never pretend to be exact.
//
// Stage: model (plain data, std only).

#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pipeline/model/span.h"

namespace docpipe {

struct Provenance {
  int page = 0;         // 1-based
  Span span;            // in Document::text (the source text)
  std::string rule_id;  // "identity.number", "table.task", ...
  std::string quote;    // the normalised text of the span, for display
  bool fuzzy = false;   // a value resolved by edit distance, not exactly
};

// A normalised time interval with its granularity, e.g. "quý I/2026" ->
// 2026-01-01..2026-03-31, "quarter". Both ends inclusive.
struct Period {
  std::string text;         // as printed
  std::string start;        // ISO date or ""
  std::string end;          // ISO date or ""
  std::string granularity;  // day, month, quarter, half, year, years, recurring, ongoing, ""
};

struct Field {
  std::string value;
  Provenance where;
  bool present() const { return !value.empty(); }
};

struct Identity {
  Field kind;      // "Quyết định", "Báo cáo", ...
  Field number;    // "1520/QĐ-UBND" with canonical spacing
  Field place;     // "Gia Lai"
  Field date;      // ISO
  Field issuer;    // "UBND tỉnh Gia Lai" (canonical agency name when resolved)
  Field signer;    // "Phạm Anh Tuấn"
  Field capacity;  // "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"
  Field title;     // trích yếu
  std::vector<Field> recipients;
};

struct Reference {
  std::string kind;    // "Nghị quyết"
  std::string number;  // "59-NQ/TW"
  std::string date;    // ISO or ""
  std::string issuer;  // "Bộ Chính trị" or ""
  // Where the date came from when this document does not print it: the
  // sha256 of the archive document that does. "" = printed here.
  std::string date_from;
  Provenance where;
};

struct Deadline {
  std::string date;      // ISO
  std::string relation;  // "before" (trước ngày), "by" (chậm nhất, hạn), "within" (trong tháng)
  std::string agency;    // canonical agency the deadline binds, or ""
  std::string text;      // the clause it belongs to
  Provenance where;
};

struct Figure {
  double value = 0;           // in base units: đồng, USD, people, percent points...
  std::string unit;           // "USD", "đồng", "lượt khách", "%", "thỏa thuận", ...
  std::string qualifier;      // ước, khoảng, ít nhất, tối thiểu, hơn, trên, đạt, ""
  std::optional<double> change_pct;  // "tăng 4,1% so với cùng kỳ" -> 4.1
  std::string subject;        // "kim ngạch xuất khẩu"
  std::string scope;          // "toàn tỉnh", an agency, a sector, or ""
  Period period;
  Provenance where;
};

struct Target {
  double value = 0;
  std::string unit;
  std::string qualifier;
  std::string date;  // ISO or ""
};

struct Task {
  std::string section;  // "I", "II", ...
  std::string section_title;
  std::string stt;      // "1", "12"
  std::string content;
  std::vector<std::string> lead;        // canonical agency names
  std::vector<std::string> coordinate;  // canonical agency names
  Period timeframe;
  std::string result;
  std::vector<Target> targets;
  Provenance where;  // the row
};

struct Assignment {
  std::string agency;                   // canonical
  std::vector<std::string> coordinate;  // canonical
  std::string action;
  std::string deadline;  // ISO or ""
  Provenance where;
};

struct Extraction {
  Identity identity;
  std::vector<Reference> references;
  std::vector<Deadline> deadlines;
  std::vector<Figure> figures;
  std::vector<Task> tasks;
  std::vector<Assignment> assignments;
};

}  // namespace docpipe
