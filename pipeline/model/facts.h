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
  // The value's digits come from OCR words read with low digit confidence
  // (Page::digit_words): shown and exported as uncertain, never as read.
  bool uncertain = false;
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

// A stamp that the signing or copying office put on the file, not part of
// the document as issued: the digital-signature box ("Ký bởi: ...", "Cơ
// quan: ...", "Thời gian ký: 26/11/2024 10:40:48"), the publishing office's
// stamp ("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC / 24.01.2025 20:01:14 +07:00"), a
// copy certification ("SAO Y; VĂN PHÒNG ...; 25/07/2025 ...") or an inbox
// stamp ("ĐẾN Số: ... Ngày: ..."). Its time is never the issue date.
struct SigningRecord {
  std::string kind;          // DO NOT rename (stored): "signature", "copy", "inbox"
  std::string signer;        // "Ký bởi" / "Người ký" as printed, or ""
  std::string organisation;  // "Cơ quan", the copying office, or the stamp's office; or ""
  std::string time;          // ISO "2024-11-26T10:40:48+07:00", "2024-11-26T10:40:48", "2024-11-26" or ""
  std::string source;        // DO NOT rename (stored): "layer" (Page::layer_text) or "text"
  // Page and quote always; the span only for source "text" (the layer is not
  // part of Document::text).
  Provenance where;
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
  // Set when the document is an attachment identified only by its "(Ban
  // hành kèm theo Công văn số 1043/BTP-... ngày 9/4/2021)" line: the parent's
  // kind and number ("Công văn 1043/BTP-..."). kind, number and date then
  // are the parent's, with rule id "identity.attachment".
  Field attached_to;
  std::vector<SigningRecord> signing;  // in order of page, then position
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
