#include "tests/pdf/pdf_test_util.h"

#include <cstdint>
#include <string_view>

#include "pipeline/base/strings.h"
#include "tests/test_util.h"

namespace docpipe::testing {
namespace {

// A minimal JSON reader for the appendix file: objects, arrays, strings,
// and skipping of numbers/literals.
struct Json {
  enum Kind { kNull, kString, kArray, kObject } kind = kNull;
  std::string text;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;
  const Json* Get(std::string_view key) const {
    for (const auto& [name, value] : members) {
      if (name == key) return &value;
    }
    return nullptr;
  }
};

class Parser {
 public:
  explicit Parser(std::string_view in) : in_(in) {}
  bool Parse(Json* out) {
    Skip();
    if (pos_ >= in_.size()) return false;
    char c = in_[pos_];
    if (c == '"') {
      out->kind = Json::kString;
      return String(&out->text);
    }
    if (c == '[') {
      out->kind = Json::kArray;
      ++pos_;
      Skip();
      if (pos_ < in_.size() && in_[pos_] == ']') return ++pos_, true;
      for (;;) {
        out->items.emplace_back();
        if (!Parse(&out->items.back())) return false;
        Skip();
        if (pos_ >= in_.size()) return false;
        if (in_[pos_++] == ']') return true;
      }
    }
    if (c == '{') {
      out->kind = Json::kObject;
      ++pos_;
      Skip();
      if (pos_ < in_.size() && in_[pos_] == '}') return ++pos_, true;
      for (;;) {
        Skip();
        std::string key;
        if (!String(&key)) return false;
        Skip();
        if (pos_ >= in_.size() || in_[pos_++] != ':') return false;
        Json value;
        if (!Parse(&value)) return false;
        out->members.emplace_back(std::move(key), std::move(value));
        Skip();
        if (pos_ >= in_.size()) return false;
        if (in_[pos_++] == '}') return true;
      }
    }
    while (pos_ < in_.size() && std::string_view(",]} \n\t\r").find(in_[pos_]) == std::string_view::npos) {
      ++pos_;
    }
    return true;
  }

 private:
  void Skip() {
    while (pos_ < in_.size() && std::string_view(" \n\t\r").find(in_[pos_]) != std::string_view::npos) {
      ++pos_;
    }
  }
  bool String(std::string* out) {
    if (pos_ >= in_.size() || in_[pos_] != '"') return false;
    ++pos_;
    while (pos_ < in_.size() && in_[pos_] != '"') {
      char c = in_[pos_++];
      if (c != '\\') {
        *out += c;
        continue;
      }
      if (pos_ >= in_.size()) return false;
      char e = in_[pos_++];
      switch (e) {
        case 'n': *out += '\n'; break;
        case 't': *out += '\t'; break;
        case 'u': {
          if (pos_ + 4 > in_.size()) return false;
          uint32_t cp = static_cast<uint32_t>(std::stoul(std::string(in_.substr(pos_, 4)), nullptr, 16));
          pos_ += 4;
          AppendUtf8(static_cast<char32_t>(cp), out);
          break;
        }
        default: *out += e;
      }
    }
    ++pos_;
    return true;
  }
  std::string_view in_;
  size_t pos_ = 0;
};

bool IsSpace(char32_t cp) {
  return cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' || cp == 0xA0 || cp == 0x2009 ||
         cp == 0x200B;
}

}  // namespace

std::vector<TruthRow> LoadAppendixTruth(const std::string& path, std::vector<std::string>* header) {
  std::string data = ReadAll(path);
  Json root;
  std::vector<TruthRow> rows;
  if (data.empty() || !Parser(data).Parse(&root) || root.kind != Json::kObject) return rows;
  if (const Json* head = root.Get("header"); head != nullptr && header != nullptr) {
    for (const Json& item : head->items) header->push_back(item.text);
  }
  const Json* list = root.Get("rows");
  if (list == nullptr) return rows;
  for (const Json& item : list->items) {
    TruthRow row;
    const Json* kind = item.Get("kind");
    row.section = kind != nullptr && kind->text == "section";
    if (row.section) {
      if (const Json* text = item.Get("text")) row.cells.push_back(text->text);
    } else if (const Json* cells = item.Get("cells")) {
      for (const Json& cell : cells->items) row.cells.push_back(cell.text);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string NoSpace(const std::string& text) {
  std::string out;
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp = DecodeUtf8(text, &pos);
    if (!IsSpace(cp)) AppendUtf8(cp, &out);
  }
  return out;
}

std::string OneSpace(const std::string& text) {
  std::string out;
  bool space = false;
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp = DecodeUtf8(text, &pos);
    if (IsSpace(cp)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    AppendUtf8(cp, &out);
  }
  return out;
}

std::string CheckInvariants(const Document& doc) {
  size_t expected = 0;
  for (size_t idx = 0; idx < doc.pages.size(); ++idx) {
    const Page& page = doc.pages[idx];
    if (page.number != static_cast<int>(idx) + 1) return "page numbers out of order";
    if (page.span.begin != expected || page.span.end < page.span.begin) {
      return Substitute("page $1 does not continue the previous one", {std::to_string(page.number)});
    }
    expected = page.span.end;
  }
  if (expected != doc.text.size()) return "pages do not cover the whole text";
  auto inside = [&](Span span, int page) {
    if (page < 1 || page > static_cast<int>(doc.pages.size())) return false;
    const Span& limit = doc.pages[static_cast<size_t>(page) - 1].span;
    return span.begin >= limit.begin && span.end <= limit.end && span.begin <= span.end;
  };
  for (const Table& table : doc.tables) {
    for (const Row& row : table.rows) {
      for (const Cell& cell : row.cells) {
        if (!inside(cell.span, cell.page)) return "a cell lies outside its page";
        std::string text = doc.SpanText(cell.span);
        if (text != Trim(text) || text.find('\n') != std::string::npos) {
          return "a cell span is not one trimmed line: " + text;
        }
      }
    }
  }
  for (const Footnote& note : doc.footnotes) {
    if (!inside(note.body, note.page)) return "a footnote lies outside its page";
  }
  return "";
}

int CompareRows(const Document& doc, const Table& table, const std::vector<TruthRow>& truth,
                std::string* report, int* exact) {
  std::vector<const Row*> rows;
  for (const Row& row : table.rows) {
    if (row.kind != RowKind::kHeader) rows.push_back(&row);
  }
  int bad = 0;
  if (exact != nullptr) *exact = 0;
  if (rows.size() != truth.size()) {
    *report += Substitute("$1 rows, expected $2\n", {std::to_string(rows.size()),
                                                      std::to_string(truth.size())});
  }
  for (size_t idx = 0; idx < std::min(rows.size(), truth.size()); ++idx) {
    const Row& row = *rows[idx];
    const TruthRow& want = truth[idx];
    bool ok = (row.kind == RowKind::kSection) == want.section && row.cells.size() == want.cells.size();
    bool same = ok;
    for (size_t cell_idx = 0; ok && cell_idx < want.cells.size(); ++cell_idx) {
      std::string got = doc.SpanText(row.cells[cell_idx].span);
      ok = NoSpace(got) == NoSpace(want.cells[cell_idx]);
      same = ok && same && OneSpace(got) == OneSpace(want.cells[cell_idx]);
    }
    if (same && exact != nullptr) ++*exact;
    if (!ok) {
      ++bad;
      if (bad <= 3) {
        *report += "row " + std::to_string(idx) + " differs: ";
        for (const Cell& cell : row.cells) *report += doc.SpanText(cell.span) + " | ";
        *report += "\n";
      }
    }
  }
  return bad + static_cast<int>(std::max(rows.size(), truth.size()) - std::min(rows.size(), truth.size()));
}

}  // namespace docpipe::testing
