#include "pipeline/rules/gazetteer.h"

#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/test_util.h"

namespace docpipe {
namespace {

const Gazetteer& Agencies() {
  static const Gazetteer* gazetteer = [] {
    Result<Gazetteer> loaded = Gazetteer::Load(testing::SourcePath("rules/agencies.tsv"));
    if (!loaded.ok()) FAIL(loaded.status().ToString());
    return new Gazetteer(std::move(loaded).value());
  }();
  return *gazetteer;
}

std::string NameOf(int agency) {
  return agency < 0 ? "(unknown)" : Agencies().agencies()[static_cast<size_t>(agency)].canonical;
}

// "canonical@quoted text" for every mention, "~" marking fuzzy ones.
std::vector<std::string> Find(const std::string& text) {
  std::vector<std::string> out;
  for (const AgencyMention& m : Agencies().FindAll(text)) {
    out.push_back(NameOf(m.agency) + (m.fuzzy ? "~" : "") + "@" +
                  text.substr(m.span.begin, m.span.size()));
  }
  return out;
}

TEST_CASE("Gazetteer resolves names, aliases and abbreviations", "[rules]") {
  CHECK(NameOf(Agencies().Resolve("Sở Văn hóa, Thể thao và Du lịch")) == "Sở Văn hóa, Thể thao và Du lịch");
  CHECK(NameOf(Agencies().Resolve("Sở Văn hoá - Thể thao và Du lịch")) == "Sở Văn hóa, Thể thao và Du lịch");
  CHECK(NameOf(Agencies().Resolve("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH")) == "Sở Văn hóa, Thể thao và Du lịch");
  CHECK(NameOf(Agencies().Resolve("Sở VHTT&DL")) == "Sở Văn hóa, Thể thao và Du lịch");
  CHECK(NameOf(Agencies().Resolve("Sở VHTTDL")) == "Sở Văn hóa, Thể thao và Du lịch");
  CHECK(NameOf(Agencies().Resolve("Sở KH&CN")) == "Sở Khoa học và Công nghệ");
  CHECK(NameOf(Agencies().Resolve("Sở KH & CN")) == "Sở Khoa học và Công nghệ");
  CHECK(NameOf(Agencies().Resolve("Sở GD&ĐT")) == "Sở Giáo dục và Đào tạo");
  CHECK(NameOf(Agencies().Resolve("Sở Giáo dục & Đào tạo")) == "Sở Giáo dục và Đào tạo");
  CHECK(NameOf(Agencies().Resolve("Sở NN&MT")) == "Sở Nông nghiệp và Môi trường");
  CHECK(NameOf(Agencies().Resolve("UBND tỉnh")) == "Ủy ban nhân dân tỉnh");
  CHECK(NameOf(Agencies().Resolve("Uỷ ban nhân dân tỉnh")) == "Ủy ban nhân dân tỉnh");
  CHECK(NameOf(Agencies().Resolve("BCH Quân sự tỉnh")) == "Bộ Chỉ huy Quân sự tỉnh");
  CHECK(NameOf(Agencies().Resolve("Bộ Chỉ huy quân sự tỉnh")) == "Bộ Chỉ huy Quân sự tỉnh");
  CHECK(NameOf(Agencies().Resolve("Văn phòng UBND tỉnh")) == "Văn phòng Ủy ban nhân dân tỉnh");
  CHECK(NameOf(Agencies().Resolve("UBND các xã, phường")) == "Ủy ban nhân dân các xã, phường");
  CHECK(NameOf(Agencies().Resolve("Thủ tướng Chính phủ")) == "Thủ tướng Chính phủ");
  CHECK(NameOf(Agencies().Resolve("Bộ Ngoại giao")) == "Bộ Ngoại giao");
  const Agency& department = Agencies().agencies()[static_cast<size_t>(Agencies().Resolve("Sở Ngoại vụ"))];
  CHECK(department.level == "department");
  const Agency& old = Agencies().agencies()[static_cast<size_t>(Agencies().Resolve("Sở Kế hoạch và Đầu tư"))];
  CHECK(old.valid_to == "2025-02-28");
}

TEST_CASE("Gazetteer marks fuzzy matches and does not force unknown names", "[rules]") {
  bool fuzzy = false;
  CHECK(NameOf(Agencies().Resolve("Sở Tài chánh", &fuzzy)) == "Sở Tài chính");
  CHECK(fuzzy);
  CHECK(NameOf(Agencies().Resolve("Sở Tài chính", &fuzzy)) == "Sở Tài chính");
  CHECK_FALSE(fuzzy);
  // Other agencies, or one word short or long, are not an agency.
  CHECK(Agencies().Resolve("Sở Ngoại thương") == -1);
  CHECK(Agencies().Resolve("Sở Giao thông công chính") == -1);
  CHECK(Agencies().Resolve("Ngoại vụ") == -1);  // a list item needs its head
  CHECK(Agencies().Resolve("Sở") == -1);
  CHECK(Agencies().Resolve("Sở Ngoại vụ tỉnh Kon Tum") == -1);
  CHECK(Agencies().Resolve("") == -1);
  // "Nội vụ" and "Ngoại vụ" differ by more than one edit in a short word.
  CHECK(NameOf(Agencies().Resolve("Sở Nội vụ")) == "Sở Nội vụ");
  CHECK(Find("Sở Du lịch và Sở Giao thông công chính").empty());
  CHECK(Find("Sở Tài chánh chủ trì") == std::vector<std::string>{"Sở Tài chính~@Sở Tài chánh"});
}

TEST_CASE("Gazetteer expands lists that share a head word", "[rules]") {
  CHECK(Find("Các Sở: Ngoại vụ, Công Thương, Tài chính") ==
        std::vector<std::string>{"Sở Ngoại vụ@Ngoại vụ", "Sở Công Thương@Công Thương",
                                 "Sở Tài chính@Tài chính"});
  CHECK(Find("giao các sở Ngoại vụ, Tài chính phối hợp") ==
        std::vector<std::string>{"Sở Ngoại vụ@sở Ngoại vụ", "Sở Tài chính@Tài chính"});
  CHECK(Find("Sở Tài chính, Công Thương") ==
        std::vector<std::string>{"Sở Tài chính@Sở Tài chính", "Sở Công Thương@Công Thương"});
  CHECK(Find("Sở Tài chính và Công Thương") ==
        std::vector<std::string>{"Sở Tài chính@Sở Tài chính", "Sở Công Thương@Công Thương"});
  // Seed 004's addressees, wrapped as extracted.
  CHECK(Find("- Các Sở: Ngoại vụ, Công Thương, Tài chính, \n\nKhoa học và Công nghệ, Nông "
             "nghiệp và Môi \n\ntrường, Văn hóa, Thể thao và Du lịch, Xây \n\ndựng; \n\n- Ban "
             "Quản lý Khu kinh tế tỉnh; \n\n- UBND các xã, phường.") ==
        std::vector<std::string>{
            "Sở Ngoại vụ@Ngoại vụ", "Sở Công Thương@Công Thương", "Sở Tài chính@Tài chính",
            "Sở Khoa học và Công nghệ@Khoa học và Công nghệ",
            "Sở Nông nghiệp và Môi trường@Nông nghiệp và Môi \n\ntrường",
            "Sở Văn hóa, Thể thao và Du lịch@Văn hóa, Thể thao và Du lịch",
            "Sở Xây dựng@Xây \n\ndựng", "Ban Quản lý Khu kinh tế tỉnh@Ban Quản lý Khu kinh tế tỉnh",
            "Ủy ban nhân dân các xã, phường@UBND các xã, phường"});
  // Seed 003: a head with "ngành" and items separated by ";", some of them full names.
  CHECK(Find("đại diện lãnh đạo các Sở, ngành: Ngoại vụ; Tài chính; Văn hóa, Thể thao và Du "
             "lịch; Văn phòng UBND tỉnh; Ban Quản lý Khu kinh tế; Công an tỉnh.") ==
        std::vector<std::string>{
            "Sở Ngoại vụ@Ngoại vụ", "Sở Tài chính@Tài chính",
            "Sở Văn hóa, Thể thao và Du lịch@Văn hóa, Thể thao và Du lịch",
            "Văn phòng Ủy ban nhân dân tỉnh@Văn phòng UBND tỉnh",
            "Ban Quản lý Khu kinh tế tỉnh@Ban Quản lý Khu kinh tế", "Công an tỉnh@Công an tỉnh"});
  // A list ends at the first item that is no agency; a sentence is no list.
  CHECK(Find("Sở Ngoại vụ, các cơ quan, đơn vị liên quan") ==
        std::vector<std::string>{"Sở Ngoại vụ@Sở Ngoại vụ"});
  CHECK(Find("Giao Sở Ngoại vụ chủ trì, Tài chính công") ==
        std::vector<std::string>{"Sở Ngoại vụ@Sở Ngoại vụ"});
  CHECK(Find("các sở, ban, ngành liên quan").empty());
}

TEST_CASE("Gazetteer prefers the longest name", "[rules]") {
  CHECK(Find("Văn phòng UBND tỉnh và UBND tỉnh Gia Lai") ==
        std::vector<std::string>{"Văn phòng Ủy ban nhân dân tỉnh@Văn phòng UBND tỉnh",
                                 "Ủy ban nhân dân tỉnh@UBND tỉnh"});
  CHECK(Find("Ban Thường vụ Tỉnh ủy") ==
        std::vector<std::string>{"Ban Thường vụ Tỉnh ủy@Ban Thường vụ Tỉnh ủy"});
  CHECK(Find("Chủ tịch UBND tỉnh") ==
        std::vector<std::string>{"Chủ tịch Ủy ban nhân dân tỉnh@Chủ tịch UBND tỉnh"});
}

// Seed 001's appendix ("Đơn vị chủ trì" column; samples/001-quyet-dinh-1520.
// appendix.json). Its distinct lead-agency cells, read by hand: eleven
// departments (Công Thương, Dân tộc và Tôn giáo, Giáo dục và Đào tạo, Khoa
// học và Công nghệ, Ngoại vụ, Nông nghiệp và Môi trường, Nội vụ, Tài chính,
// Văn hóa, Thể thao và Du lịch, Xây dựng, Y tế), the Economic Zone Authority
// (only as co-lead with Sở Tài chính) and the provincial police: 13
// department-level lead agencies, the "13/13 sở, ban, ngành" of report 000.
// The press agency appears once as co-lead and is not department level;
// the cells "Các cơ quan, đơn vị, địa phương ..." name no agency.
TEST_CASE("Gazetteer resolves the 13 department-level lead agencies of the plan", "[rules]") {
  const std::vector<std::string> cells = {
      "Các cơ quan, đơn vị, địa phương",
      "Các cơ quan, đơn vị, địa phương trong tỉnh",
      "Các sở, ngành, địa phương chủ trì",
      "Các sở, ngành, địa phương trong tỉnh",
      "Công an tỉnh",
      "Sở Công Thương",
      "Sở Dân tộc và Tôn giáo",
      "Sở Giáo dục và Đào tạo",
      "Sở Khoa học và Công nghệ",
      "Sở Ngoại vụ",
      "Sở Nông nghiệp và Môi trường",
      "Sở Nội vụ",
      "Sở Tài chính",
      "Sở Tài chính, Ban Quản lý Khu kinh tế",
      "Sở Văn hóa, Thể thao và Du lịch",
      "Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh, Truyền hình Gia Lai và các cơ quan, "
      "đơn vị, địa phương trong tỉnh",
      "Sở Xây dựng",
      "Sở Y tế",
  };
  std::set<std::string> departments;
  std::set<std::string> others;
  for (const std::string& cell : cells) {
    for (const AgencyMention& m : Agencies().FindAll(cell)) {
      CHECK_FALSE(m.fuzzy);
      const Agency& agency = Agencies().agencies()[static_cast<size_t>(m.agency)];
      (agency.level == "department" ? departments : others).insert(agency.canonical);
    }
  }
  CHECK(departments == std::set<std::string>{
                           "Ban Quản lý Khu kinh tế tỉnh", "Công an tỉnh", "Sở Công Thương",
                           "Sở Dân tộc và Tôn giáo", "Sở Giáo dục và Đào tạo",
                           "Sở Khoa học và Công nghệ", "Sở Ngoại vụ",
                           "Sở Nông nghiệp và Môi trường", "Sở Nội vụ", "Sở Tài chính",
                           "Sở Văn hóa, Thể thao và Du lịch", "Sở Xây dựng", "Sở Y tế"});
  CHECK(departments.size() == 13);
  CHECK(others == std::set<std::string>{"Báo và Phát thanh, Truyền hình tỉnh"});
}

TEST_CASE("Gazetteer reports TSV errors with file, line and caret", "[rules]") {
  const std::string header = "canonical\tlevel\taliases\tvalid_from\tvalid_to\n";
  auto error = [](const std::string& tsv) {
    Result<Gazetteer> g = Gazetteer::Parse("agencies.tsv", tsv);
    return g.ok() ? std::string() : g.status().ToString();
  };
  CHECK(error("name\tlevel\n") ==
        "agencies.tsv:1: rule error: expected the header line "
        "'canonical<TAB>level<TAB>aliases<TAB>valid_from<TAB>valid_to'\n"
        "  name\tlevel\n"
        "  ^ near here");
  CHECK(error(header + "# c\nSở A\tdepartmant\t\n") ==
        "agencies.tsv:3: rule error: unknown level 'departmant' (use central, ministry, "
        "province, department, commune, other)\n"
        "  Sở A\tdepartmant\t\n"
        "       ^ near here");
  CHECK(error(header + "Sở A\tdepartment\tSở B\n\nSở B\tdepartment\t\n") ==
        "agencies.tsv:4: rule error: 'Sở B' already names 'Sở A' (line 2)\n"
        "  Sở B\tdepartment\t\n"
        "  ^ near here");
  CHECK(error(header + "Sở A\tdepartment\t\t2025-3-1\n") ==
        "agencies.tsv:2: rule error: bad date '2025-3-1' (use YYYY-MM-DD)\n"
        "  Sở A\tdepartment\t\t2025-3-1\n"
        "                   ^ near here");
  CHECK(error(header + "Sở A\n") ==
        "agencies.tsv:2: rule error: expected 2 to 5 tab-separated columns (canonical, level, "
        "aliases, valid_from, valid_to), got 1\n"
        "  Sở A\n"
        "  ^ near here");
  // Spelling variants of one agency are fine.
  CHECK(error(header + "Sở A\tdepartment\tSỞ A|Sở  A|\n") == "");
  Result<Gazetteer> missing = Gazetteer::Load("/nonexistent/agencies.tsv");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == Code::kNotFound);
}

}  // namespace
}  // namespace docpipe
