#include "pipeline/extract/table_titles.h"

#include <algorithm>
#include <utility>

#include "pipeline/base/file_util.h"
#include "pipeline/base/status.h"
#include "pipeline/base/strings.h"
#include "pipeline/normalize/fold.h"

namespace docpipe {
namespace {

struct FieldName {
  std::string_view name;
  TaskColumn column;
};
constexpr FieldName kFields[] = {
    {"stt", TaskColumn::kStt},           {"content", TaskColumn::kContent},
    {"lead", TaskColumn::kLead},         {"coordinate", TaskColumn::kCoordinate},
    {"time", TaskColumn::kTime},         {"result", TaskColumn::kResult},
    {"note", TaskColumn::kNote},
};

}  // namespace

std::vector<std::string> TableTitles::Words(std::string_view text) {
  std::string folded = FoldKey(text);
  std::vector<std::string> words;
  std::string word;
  for (char c : folded) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                (static_cast<unsigned char>(c) >= 0x80);
    if (keep) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

Result<TableTitles> TableTitles::Load(const std::string& path) {
  Result<std::string> bytes = ReadFileToString(path);
  if (!bytes.ok()) return bytes.status();
  return Parse(path, *bytes);
}

Result<TableTitles> TableTitles::Parse(std::string_view file_name, std::string_view tsv) {
  TableTitles titles;
  bool header_seen = false;
  for (const TsvLine& tsv_line : TsvLines(file_name, tsv)) {
    std::string_view line = tsv_line.text;
    auto error = [&](std::string_view at, std::string detail) {
      return tsv_line.Error(at, std::move(detail));
    };
    const std::vector<std::string_view>& fields = tsv_line.fields;
    if (!header_seen) {
      header_seen = true;
      if (fields.size() < 2 || fields[0] != "field" || fields[1] != "title") {
        return error(line, "expected the header line 'field<TAB>title<TAB>source'");
      }
      continue;
    }
    if (fields.size() < 2 || fields.size() > 3) {
      return error(line, "expected 2 or 3 tab-separated columns (field, title, source), got " +
                             std::to_string(fields.size()));
    }
    std::string_view name = Trim(fields[0]);
    const FieldName* known = std::find_if(std::begin(kFields), std::end(kFields),
                                          [name](const FieldName& f) { return f.name == name; });
    if (known == std::end(kFields)) {
      return error(fields[0], "unknown field '" + std::string(name) +
                                  "' (use stt, content, lead, coordinate, time, result, note)");
    }
    Entry entry;
    entry.column = known->column;
    entry.words = Words(fields[1]);
    if (entry.words.empty()) return error(fields[1], "title without letters");
    titles.entries_.push_back(std::move(entry));
  }
  if (!header_seen) {
    return Status::Error(Code::kRuleError, "no header line", Location{std::string(file_name)});
  }
  return titles;
}

TaskColumn TableTitles::Classify(std::string_view title) const {
  std::vector<std::string> words = Words(title);
  for (const Entry& entry : entries_) {
    bool all = std::all_of(entry.words.begin(), entry.words.end(), [&words](const std::string& w) {
      return std::find(words.begin(), words.end(), w) != words.end();
    });
    if (all) return entry.column;
  }
  return TaskColumn::kNone;
}

}  // namespace docpipe
