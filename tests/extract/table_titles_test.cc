// rules/table_titles.tsv and its loader: every title form of the plans we
// have read maps to its task field, whatever the case, wrapping or word
// order the reader gives; a bad line is an error naming its file and line.

#include <string>

#include <catch2/catch.hpp>

#include "pipeline/extract/table_titles.h"
#include "tests/extract/extract_test_util.h"

namespace docpipe {
namespace {

TEST_CASE("Table titles: the forms of our samples and of other issuers' plans", "[extract]") {
  const TableTitles* titles = testing::ExtractTableTitles();
  REQUIRE(titles != nullptr);
  struct Case {
    const char* title;
    TaskColumn column;
  };
  const Case cases[] = {
      {"STT", TaskColumn::kStt},
      {"TT", TaskColumn::kStt},
      {"Số TT", TaskColumn::kStt},
      {"Nội dung", TaskColumn::kContent},
      {"Nội dung nhiệm vụ", TaskColumn::kContent},
      {"Nội dung công việc", TaskColumn::kContent},
      {"Nhiệm vụ", TaskColumn::kContent},
      {"Tên nhiệm vụ", TaskColumn::kContent},
      {"Tên đề án", TaskColumn::kContent},
      {"Cơ quan chủ trì", TaskColumn::kLead},
      {"Đơn vị chủ trì", TaskColumn::kLead},
      {"Chủ trì", TaskColumn::kLead},
      {"Cơ quan thực hiện", TaskColumn::kLead},
      {"Đơn vị thực hiện Chủ trì", TaskColumn::kLead},
      {"Cơ quan phối hợp", TaskColumn::kCoordinate},
      {"Đơn vị phối hợp", TaskColumn::kCoordinate},
      {"Phối hợp", TaskColumn::kCoordinate},
      {"Đơn vị thực hiện Phối hợp", TaskColumn::kCoordinate},
      {"Thời gian thực hiện", TaskColumn::kTime},
      {"Thời gian", TaskColumn::kTime},
      {"Thời gian trình", TaskColumn::kTime},
      {"Thời hạn hoàn thành", TaskColumn::kTime},
      {"Tiến độ", TaskColumn::kTime},
      {"Sản phẩm", TaskColumn::kResult},
      {"Kết quả", TaskColumn::kResult},
      {"Kết quả dự kiến", TaskColumn::kResult},
      {"Sản phẩm dự kiến", TaskColumn::kResult},
      {"Hình thức văn bản", TaskColumn::kResult},
      {"Ghi chú", TaskColumn::kNote},
      // Wrapped over lines, capitals, words out of order.
      {"THỜI GIAN\nTHỰC HIỆN", TaskColumn::kTime},
      {"thực hiện Thời gian", TaskColumn::kTime},
      {"chủ trì Cơ quan", TaskColumn::kLead},
      {"Co quan chu tri", TaskColumn::kLead},
      // Not task fields.
      {"Theo NQ 01", TaskColumn::kNone},
      {"Cấp trình Chính phủ", TaskColumn::kNone},
  };
  for (const Case& c : cases) {
    INFO(c.title);
    CHECK(titles->Classify(c.title) == c.column);
  }
}

TEST_CASE("Table titles: errors name the file and line", "[extract]") {
  Result<TableTitles> bad_field =
      TableTitles::Parse("t.tsv", "# comment\nfield\ttitle\nlaed\tChủ trì\n");
  REQUIRE_FALSE(bad_field.ok());
  CHECK(bad_field.status().code() == Code::kRuleError);
  CHECK(bad_field.status().where().line == 3);
  CHECK(bad_field.status().detail().find("unknown field 'laed'") != std::string::npos);
  Result<TableTitles> bad_header = TableTitles::Parse("t.tsv", "kind\ttitle\n");
  REQUIRE_FALSE(bad_header.ok());
  CHECK(bad_header.status().where().line == 1);
  Result<TableTitles> no_letters = TableTitles::Parse("t.tsv", "field\ttitle\nlead\t--\n");
  REQUIRE_FALSE(no_letters.ok());
  CHECK(no_letters.status().where().line == 2);
  Result<TableTitles> good = TableTitles::Parse("t.tsv", "field\ttitle\tsource\nlead\tChủ trì\tp03\n");
  REQUIRE(good.ok());
  CHECK(good->Classify("Đơn vị chủ trì") == TaskColumn::kLead);
}

}  // namespace
}  // namespace docpipe
