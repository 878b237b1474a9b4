// Unit tests of the individual checks (pipeline/crosscheck/flags.h) on
// short texts, without the extractors: counts against lists, quality.

#include <catch2/catch.hpp>

#include <fstream>

#include "pipeline/cli/messages.h"
#include "pipeline/crosscheck/flags.h"
#include "pipeline/crosscheck/plan.h"
#include "pipeline/normalize/normalizer.h"
#include "tests/test_util.h"

namespace docpipe::crosscheck_internal {
namespace {

CorpusDocument MakeDoc(std::string text) {
  CorpusDocument doc;
  doc.id = 1;
  doc.label = "test";
  doc.stored.document.text = text;
  Page page;
  page.number = 1;
  page.span = Span{0, text.size()};
  doc.stored.document.pages.push_back(page);
  doc.stored.normalized = NormalizeText(text);
  return doc;
}

// rules/flag_words.tsv, loaded once.
const FlagVocabulary& Vocabulary() {
  static const FlagVocabulary* vocabulary = [] {
    Result<FlagVocabulary> loaded = LoadFlagVocabulary(testing::SourcePath("rules/flag_words.tsv"));
    REQUIRE(loaded.ok());
    return new FlagVocabulary(std::move(*loaded));
  }();
  return *vocabulary;
}

std::vector<Flag> Counts(const std::string& text) {
  CorpusDocument doc = MakeDoc(text);
  std::vector<Flag> flags;
  CheckCountsAgainstLists(doc, Vocabulary(), &flags);
  for (Flag& flag : flags) RenderFlagTexts(&flag);  // as the CLI does
  return flags;
}

TEST_CASE("CheckCountsAgainstLists flags a count the list does not match", "[crosscheck]") {
  std::vector<Flag> flags = Counts(
      "Trong lĩnh vực y tế, ngành Y tế đang theo dõi, quản lý 06 nội dung thỏa thuận quốc tế, "
      "chương trình, dự án hợp tác có yếu tố nước ngoài còn hiệu lực, gồm các dự án Quỹ Toàn cầu "
      "phòng chống lao giai đoạn 2024 - 2026, Dự án Hòa nhập II do USAID tài trợ thông qua CCRD, "
      "dự án nghiên cứu kho lưu trữ huyết thanh do CTM/OUCRU tài trợ, dự án Quỹ Toàn cầu phòng "
      "chống HIV/AIDS giai đoạn 2024 - 2026 và Dự án Sáng kiến khu vực ngăn chặn và loại trừ sốt "
      "rét kháng thuốc Artemisinin giai đoạn 2024 - 2026. Ngành Y tế đã phối hợp xây dựng nội "
      "dung với các tỉnh Nam Lào và Đông Bắc Campuchia, với tổng kinh phí 18.492.346.000 đồng.\n");
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].kind == FlagKind::kCountVsList);
  CHECK(flags[0].message == FlagMessage::kCountVsListItems);
  CHECK(flags[0].args == std::vector<std::string>{"6", "5"});
  CHECK(flags[0].message_vi.find("6 mục") != std::string::npos);
  CHECK(flags[0].message_vi.find("5 mục") != std::string::npos);
}

TEST_CASE("CheckCountsAgainstLists accepts counts that agree", "[crosscheck]") {
  CHECK(Counts("Tỉnh đã ký 09 thỏa thuận quốc tế cấp địa phương, gồm 07 bản ghi nhớ hợp tác với "
               "các tỉnh Nam Lào và Đông Bắc Campuchia, 01 biên bản ghi nhớ hợp tác với quận "
               "Yongsan, Hàn Quốc và 01 bản ghi nhớ hợp tác với Viện Khoa học.\n")
            .empty());
  CHECK(Counts("Ký kết với 04 tỉnh Nam Lào gồm Attapeu, Champasak, Salavan, Sekong và 03 tỉnh "
               "Đông Bắc Campuchia gồm Ratanakiri, Stung Treng, Preah Vihear vào ngày 29/3/2026.\n")
            .empty());
  CHECK(Counts("Theo dõi, quản lý 02 nhiệm vụ khoa học và công nghệ cấp tỉnh, gồm quản lý, khai "
               "thác và phát triển nhãn hiệu chứng nhận “Chanh dây Gia Lai” và tạo lập, quản lý, "
               "phát triển nhãn hiệu chứng nhận “Sầu riêng Gia Lai”.\n")
            .empty());
  CHECK(Counts("Danh mục dự kiến ký trong 6 tháng cuối năm 2026, gồm các thỏa thuận với đối tác "
               "Pháp và Nhật Bản.\n")
            .empty());
}

TEST_CASE("CheckCountsAgainstLists checks breakdowns and bullet lists", "[crosscheck]") {
  std::vector<Flag> sum = Counts("Năm nay đã tổ chức 12 đoàn công tác, gồm 05 đoàn ra, 04 đoàn vào "
                                 "và 02 đoàn hội thảo.\n");
  REQUIRE(sum.size() == 1);
  CHECK(sum[0].message == FlagMessage::kCountVsListTotal);
  CHECK(sum[0].message_vi.find("11") != std::string::npos);
  CHECK(sum[0].message_en == "States a total of 12 but the parts listed after \"gồm\" add up to 11.");
  std::vector<Flag> bullets = Counts("Có 03 nhiệm vụ trọng tâm gồm:\n- Nhiệm vụ thứ nhất;\n"
                                     "- Nhiệm vụ thứ hai.\nĐoạn sau.\n");
  REQUIRE(bullets.size() == 1);
}

TEST_CASE("CheckQuality finds repeats, placeholders and duplicate section numbers", "[crosscheck]") {
  std::string repeated = "Đến tháng 6/2026, mười ba sở, ban, ngành được giao chủ trì nhiệm vụ đã ban "
                         "hành kế hoạch triển khai thực hiện đầy đủ.";
  CorpusDocument doc = MakeDoc("I. MỤC ĐÍCH\n" + repeated + " Câu khác.\nII. NỘI DUNG\n" + repeated +
                               "\n(Kèm theo Quyết định số    /QĐ-UBND ngày    tháng    năm 2025)\n"
                               "III. TỔ CHỨC\nIII. KINH PHÍ\nI. Phụ lục\nII. Mục hai\n");
  std::vector<Flag> flags;
  CheckQuality(doc, &flags);
  int repeats = 0, placeholders = 0, sections = 0;
  for (const Flag& f : flags) {
    repeats += f.kind == FlagKind::kQualityRepeat;
    placeholders += f.kind == FlagKind::kQualityPlaceholder;
    sections += f.kind == FlagKind::kQualitySectionNumber;
    CHECK(!f.evidence.empty());
  }
  CHECK(repeats == 1);
  CHECK(placeholders == 1);
  CHECK(sections == 1);
}

TEST_CASE("CheckQuality accepts a filled header and restarted numbering", "[crosscheck]") {
  CorpusDocument doc = MakeDoc("Số: 1520/QĐ-UBND\nGia Lai, ngày 21 tháng 8 năm 2025\nI. A\nII. B\n"
                               "I. Phụ lục\nII. C\n");
  std::vector<Flag> flags;
  CheckQuality(doc, &flags);
  CHECK(flags.empty());
}

}  // namespace
}  // namespace docpipe::crosscheck_internal

namespace docpipe::crosscheck_internal {
namespace {

TEST_CASE("LoadFlagVocabulary folds phrases and names file:line for a bad class", "[crosscheck]") {
  testing::TempDir dir;
  std::string path = dir.File("crosscheck.tsv");
  {
    std::ofstream out(path);
    out << "# comment\nclass\tphrase\ncount_prefix\tĐiều\ncommune_prefix\tThị trấn\n";
  }
  Result<FlagVocabulary> vocabulary = LoadFlagVocabulary(path);
  REQUIRE(vocabulary.ok());
  CHECK(vocabulary->count_prefixes == std::vector<std::string>{"dieu"});
  CHECK(vocabulary->commune_prefixes == std::vector<std::string>{"thi tran"});
  {
    std::ofstream out(path, std::ios::app);
    out << "colour\tđỏ\n";
  }
  Result<FlagVocabulary> bad = LoadFlagVocabulary(path);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == Code::kRuleError);
  CHECK(bad.status().where().line == 5);
}

TEST_CASE("text_words.tsv gives the stop words and place prefixes the cross-check reads",
          "[crosscheck]") {
  FlagVocabulary vocabulary;
  REQUIRE(LoadFlagVocabularyInto(testing::SourcePath("rules/crosscheck/text_words.tsv"), &vocabulary)
              .ok());
  CHECK(vocabulary.stop_words.count("va") == 1);
  CHECK(vocabulary.stop_words.count("ubnd") == 1);
  CHECK(vocabulary.stop_words.count("ke") == 0);
  REQUIRE(vocabulary.place_prefixes.size() >= 2);
  CHECK(vocabulary.place_prefixes[0] == "cac tinh");  // before "cac", which it starts with
  CHECK(vocabulary.place_prefixes.back() == "cac");
  // Only the stop words count as words without a topic.
  CHECK(ContentWords("Các đơn vị và ban ngành của tỉnh", vocabulary.stop_words) ==
        std::set<std::string>{"don", "vi", "ban", "nganh"});
}

}  // namespace
}  // namespace docpipe::crosscheck_internal
