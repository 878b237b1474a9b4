// ParseText (declared in reader.h): plain text, such as the seeds (text
// layers copied from PDFs), through the same paragraph, footnote and table
// logic as PDFs, as far as text allows: no geometry, so paragraphs come from
// blank lines and from how lines start and end, tables from the "one cell
// per line" shape of text layers, footnotes from "<n> text" after a blank
// line with "<n>" glued to a word before it.

#include "pipeline/pdf/reader.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "pipeline/base/strings.h"
#include "pipeline/pdf/footnotes.h"
#include "pipeline/pdf/layout.h"
#include "pipeline/pdf/tables.h"

namespace docpipe {
namespace {

// Site banners and trailers of the legal-text web sites the seeds were
// copied from: furniture, not content.
constexpr std::string_view kBanners[] = {
    "H\xE1\xBB\x87 th\xE1\xBB\x91ng ph\xC3\xA1p lu\xE1\xBA\xADt",        // Hệ thống pháp luật
    "Th\xC6\xB0 vi\xE1\xBB\x87n ph\xC3\xA1p lu\xE1\xBA\xADt",            // Thư viện pháp luật
    "TH\xC6\xAF VI\xE1\xBB\x86N PH\xC3\x81P LU\xE1\xBA\xACT",            // THƯ VIỆN PHÁP LUẬT
    "LuatVietnam",
};
constexpr std::string_view kTrailer = "HI\xE1\xBB\x86U L\xE1\xBB\xB0" "C V\xC4\x82N B\xE1\xBA\xA2N";
constexpr std::string_view kTrailerField = "S\xE1\xBB\x91 hi\xE1\xBB\x87u:";  // "Số hiệu:"

// Only white space, NBSP (U+00A0) and other Unicode spaces.
bool IsBlankText(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = DecodeUtf8(text, &pos);
    bool space = cp == ' ' || cp == '\t' || cp == '\r' || cp == 0xA0 || cp == 0x2002 ||
                 cp == 0x2003 || cp == 0x2009 || cp == 0x200B || cp == 0x3000 || cp == 0xFEFF;
    if (!space) return false;
  }
  return true;
}

// Trims ASCII space and NBSP from both ends.
std::string_view TrimAll(std::string_view text) {
  for (;;) {
    std::string_view before = text;
    text = Trim(text);
    if (StartsWith(text, "\xC2\xA0")) text.remove_prefix(2);
    if (EndsWith(text, "\xC2\xA0")) text.remove_suffix(2);
    if (text == before) return text;
  }
}

bool StartsLowerText(std::string_view text) {
  if (text.empty()) return false;
  size_t pos = 0;
  char32_t cp = DecodeUtf8(text, &pos);
  if (cp < 0x80) return std::islower(static_cast<int>(cp)) != 0;
  if (cp == 0x111 || cp == 0x103 || cp == 0x1A1 || cp == 0x1B0 || cp == 0x129 || cp == 0x169) {
    return true;
  }
  if (cp >= 0xDF && cp <= 0xFF) return true;
  return cp >= 0x1EA0 && cp <= 0x1EF9 && cp % 2 == 1;
}

bool StartsUpperText(std::string_view text) {
  if (text.empty()) return false;
  if (text[0] == '"' || StartsWith(text, "\xE2\x80\x9C") || text[0] == '(') return true;
  size_t pos = 0;
  char32_t cp = DecodeUtf8(text, &pos);
  if (cp < 0x80) return std::isupper(static_cast<int>(cp)) != 0;
  return !StartsLowerText(text) && (cp == 0x110 || (cp >= 0xC0 && cp <= 0xDE) ||
                                    (cp >= 0x100 && cp <= 0x1B0) || (cp >= 0x1EA0 && cp <= 0x1EF9));
}

// "1. X", "1.2. X", "a) X", "- X" (capital after the dash), "I. X", "Điều 1."
bool StartsParagraph(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size() && (std::isdigit(static_cast<unsigned char>(text[pos])) ||
                               (pos > 0 && text[pos] == '.'))) {
    ++pos;
  }
  if (pos > 0 && text[pos - 1] == '.' && pos < text.size() && text[pos] == ' ') return true;
  if (text.size() > 2 && std::islower(static_cast<unsigned char>(text[0])) && text[1] == ')') {
    return true;
  }
  if ((StartsWith(text, "- ") || StartsWith(text, "+ ")) && StartsUpperText(text.substr(2))) {
    return true;
  }
  if (StartsWithRomanMarker(text)) return true;
  return StartsWith(text, "\xC4\x90i\xE1\xBB\x81u ");  // "Điều "
}

bool IsBareNumber(std::string_view text) {
  if (text.empty() || text.size() > 3) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

struct Item {
  std::string text;  // trimmed
  bool blank = false;
  bool indented = false;     // the raw line started with a space
  bool empty_before = false; // one or more empty lines before it
  int page = 1;
  size_t line = 0;           // 1-based source line
};

}  // namespace

Result<Document> ParseText(std::string_view file_name, std::string_view text,
                           Diagnostics* diagnostics) {
  Diagnostics local;
  if (diagnostics == nullptr) diagnostics = &local;
  if (StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  size_t bad = 0, nul = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t before = pos;
    char32_t cp = DecodeUtf8(text, &pos);
    if (cp == 0xFFFD && pos == before + 1) ++bad;
    if (cp == 0) ++nul;
  }
  if (nul > 0 || (!text.empty() && bad * 20 > text.size())) {
    return Status::Error(Code::kBadInput, "not text (NUL bytes or invalid UTF-8)",
                         {std::string(file_name)});
  }
  if (bad > 0) {
    diagnostics->Warn(Code::kBadInput, Substitute("$1 invalid UTF-8 bytes", {std::to_string(bad)}));
  }

  // 1. Lines -> items, furniture out, pages at form feeds and page numbers.
  // Item::page is the ordinal of the page in the text (1, 2, ...);
  // page_numbers holds the printed number of each. Text layers of Word PDFs
  // print no number on page 1 and "N" at the top of page N >= 2. A bare
  // number line k on page number p starts page k when p < k <= p + 2 (one
  // printed number may have been lost, e.g. cut off with a header: seed 003
  // shows "3" as its first number, and its page 2 is then empty because its
  // text cannot be told from page 1's); any other bare number is text. After a
  // form feed, a bare number equal to the new page's number is its running
  // number, not another page.
  std::vector<Item> items;
  std::vector<std::vector<std::string>> furniture(1);
  std::vector<int> page_numbers = {1};
  int page = 1;
  bool page_has_items = false;
  bool empty_before = false;
  std::vector<std::string_view> lines = SplitLines(text);
  size_t non_empty = 0, followed_by_empty = 0;
  for (size_t idx = 0; idx < lines.size(); ++idx) {
    if (Trim(lines[idx]).empty()) continue;
    ++non_empty;
    if (idx + 1 < lines.size() && Trim(lines[idx + 1]).empty()) ++followed_by_empty;
  }
  // Text layers of blank-separated paragraphs (one paragraph per line) or
  // of hard-wrapped lines: the seeds have both.
  bool paragraph_per_line = non_empty > 0 && followed_by_empty * 10 >= non_empty * 6;
  for (size_t idx = 0; idx < lines.size(); ++idx) {
    std::string_view raw = lines[idx];
    while (!raw.empty() && raw.front() == '\f') {
      raw.remove_prefix(1);
      ++page;
      page_numbers.push_back(page_numbers.back() + 1);
      page_has_items = false;
      furniture.emplace_back();
    }
    std::string_view trimmed = TrimAll(raw);
    if (raw.empty()) {
      empty_before = true;
      continue;
    }
    if (std::find(std::begin(kBanners), std::end(kBanners), trimmed) != std::end(kBanners)) {
      furniture.back().push_back(std::string(trimmed));
      continue;
    }
    if (trimmed == kTrailer) {
      bool trailer = false;
      for (size_t ahead = idx + 1; ahead < lines.size() && ahead <= idx + 4; ++ahead) {
        if (lines[ahead].find(kTrailerField) != std::string_view::npos) trailer = true;
      }
      if (trailer) {
        for (; idx < lines.size(); ++idx) {
          if (!TrimAll(lines[idx]).empty()) furniture.back().push_back(std::string(TrimAll(lines[idx])));
        }
        break;
      }
    }
    if (IsBareNumber(trimmed)) {
      int printed = 0;
      for (char c : trimmed) printed = printed * 10 + (c - '0');
      int current = page_numbers.back();
      if (printed == current && page > 1 && !page_has_items) {
        furniture.back().push_back(std::string(trimmed));  // after a form feed
        continue;
      }
      if (printed > current && printed <= current + 2) {
        // A running page number: the next page starts here. A lost number
        // gets an empty page, so that pages stay numbered 1, 2, 3, ... and
        // the pages after it carry their printed numbers.
        if (printed == current + 2) {
          ++page;
          page_numbers.push_back(current + 1);
          furniture.emplace_back();
        }
        ++page;
        page_numbers.push_back(printed);
        page_has_items = false;
        furniture.emplace_back();
        furniture.back().push_back(std::string(trimmed));
        continue;
      }
    }
    Item item;
    item.text = std::string(trimmed);
    item.blank = IsBlankText(raw);
    item.indented = raw.front() == ' ';
    item.empty_before = empty_before;
    item.page = page;
    item.line = idx + 1;
    empty_before = false;
    page_has_items = true;
    items.push_back(std::move(item));
  }

  // 2. Tables.
  std::vector<TextItem> table_items;
  for (const Item& item : items) table_items.push_back({item.text, item.blank});
  std::vector<TextTable> tables = FindTextTables(table_items);
  std::vector<int> table_of(items.size(), -1);
  for (size_t table_idx = 0; table_idx < tables.size(); ++table_idx) {
    for (size_t idx = tables[table_idx].begin; idx < tables[table_idx].end; ++idx) {
      table_of[idx] = static_cast<int>(table_idx);
    }
    if (tables[table_idx].irregular_rows > 0) {
      diagnostics->Note(Substitute("table at line $1: $2 cell lines merged or padded",
                                   {std::to_string(items[tables[table_idx].begin].line),
                                    std::to_string(tables[table_idx].irregular_rows)}));
    }
  }

  // 3. Footnotes: "<n> text" after a blank line, marker glued before it.
  std::vector<int> footnote_of(items.size(), -1);  // index of the footnote's first item
  std::string seen;
  for (size_t idx = 0; idx < items.size(); ++idx) {
    const Item& item = items[idx];
    std::string marker, rest;
    bool after_blank = idx > 0 && (items[idx - 1].blank || item.empty_before);
    if (table_of[idx] < 0 && !item.indented && after_blank &&
        SplitFootnoteLine(item.text, &marker, &rest) && HasGluedMarker(seen, marker)) {
      footnote_of[idx] = static_cast<int>(idx);
      size_t next = idx + 1;
      while (next < items.size() && !items[next].blank && !items[next].empty_before &&
             !items[next].indented && !StartsParagraph(items[next].text) &&
             table_of[next] < 0 && items[next].page == item.page) {
        footnote_of[next] = static_cast<int>(idx);
        ++next;
      }
      idx = next - 1;
      continue;
    }
    seen += item.text;
    seen += '\n';
  }

  // 4. Paragraphs, written page by page with tables and footnotes.
  std::vector<size_t> long_lines;
  for (const Item& item : items) long_lines.push_back(item.text.size());
  std::sort(long_lines.begin(), long_lines.end());
  size_t full = long_lines.empty() ? 0 : long_lines[long_lines.size() * 9 / 10];

  DocumentBuilder builder(file_name, /*from_pdf=*/false);
  int current_page = 0;
  auto ensure_page = [&](int wanted) {
    while (current_page < wanted) {
      ++current_page;
      builder.BeginPage(page_numbers[static_cast<size_t>(current_page) - 1], 0, 0);
      builder.page().source = TextSource::kPlainText;
      builder.page().source_reason = "plain_text";
      if (static_cast<size_t>(current_page) <= furniture.size()) {
        builder.page().furniture = furniture[static_cast<size_t>(current_page) - 1];
      }
    }
  };
  ensure_page(1);
  Paragraph current;
  const Item* prev = nullptr;
  auto flush = [&] {
    if (!current.text.empty()) builder.AddParagraph(current);
    current = Paragraph();
    prev = nullptr;
  };
  size_t idx = 0;
  while (idx < items.size()) {
    const Item& item = items[idx];
    if (table_of[idx] >= 0) {
      flush();
      const TextTable& table = tables[static_cast<size_t>(table_of[idx])];
      ensure_page(item.page);
      size_t table_idx = builder.StartTable(table.header);
      // Rows are written on the page of their first line.
      for (size_t row_idx = 0; row_idx < table.rows.size(); ++row_idx) {
        ensure_page(items[table.row_begin[row_idx]].page);
        const RowDraft& row = table.rows[row_idx];
        builder.AddRow(table_idx, row.kind, row.cells);
      }
      idx = table.end;
      continue;
    }
    if (footnote_of[idx] >= 0) {
      ensure_page(item.page);
      size_t first = idx;
      std::string body;
      std::string marker, rest;
      SplitFootnoteLine(item.text, &marker, &rest);
      body = rest;
      ++idx;
      while (idx < items.size() && footnote_of[idx] == static_cast<int>(first)) {
        AppendJoined(&body, items[idx].text);
        ++idx;
      }
      builder.AddFootnote(marker, body);
      continue;
    }
    if (item.page != current_page) {
      // A page break inside a paragraph keeps the paragraph together; it is
      // written on the page where it started.
      if (prev == nullptr) ensure_page(item.page);
    }
    if (item.blank) {
      flush();
      ++idx;
      continue;
    }
    bool new_paragraph = prev == nullptr;
    if (!new_paragraph) {
      if (paragraph_per_line) {
        bool joined = EndsWith(prev->text, ",") || StartsLowerText(item.text) ||
                      (StartsWith(item.text, "- ") && StartsLowerText(item.text.substr(2)));
        new_paragraph = !joined;
      } else {
        bool upper = StartsUpperText(item.text);
        bool prev_short = prev->text.size() * 10 < full * 6;
        bool prev_closed = EndsWith(prev->text, ".") || EndsWith(prev->text, ":") ||
                           EndsWith(prev->text, ";");
        new_paragraph = StartsParagraph(item.text) || (item.indented && upper) ||
                        (upper && (prev_closed || prev_short));
      }
    }
    if (new_paragraph) {
      flush();
      ensure_page(item.page);
    }
    AppendJoined(&current.text, item.text);
    prev = &item;
    ++idx;
  }
  flush();
  ensure_page(page);
  return builder.Finish();
}

}  // namespace docpipe
