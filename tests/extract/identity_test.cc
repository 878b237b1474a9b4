#include <string>

#include <catch2/catch.hpp>

#include "tests/extract/extract_test_util.h"

namespace docpipe {
namespace {

using testing::ExtractRules;
using testing::ExtractSeed;

TEST_CASE("Identity of seed 001 reads the decision's header and signature", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  Document document;
  Extraction extraction = ExtractSeed("001", &document);
  const Identity& identity = extraction.identity;
  CHECK(identity.kind.value == "Quyết định");
  CHECK(identity.number.value == "1520/QĐ-UBND");
  CHECK(identity.date.value == "2025-08-21");
  CHECK(identity.place.value == "Gia Lai");
  CHECK(identity.issuer.value == "Ủy ban nhân dân tỉnh Gia Lai");
  CHECK(identity.signer.value == "Phạm Anh Tuấn");
  CHECK(identity.capacity.value == "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH");
  CHECK(identity.title.value.rfind("VỀ BAN HÀNH KẾ HOẠCH THỰC HIỆN NGHỊ QUYẾT SỐ 153/NQ-CP", 0) == 0);
  // Provenance points at the printed number in the source text.
  CHECK(identity.number.where.rule_id == "identity.number");
  CHECK(identity.number.where.page == 1);
  CHECK(document.SpanText(identity.number.where.span) == "1520/QĐ-UBND");
  // Copies: "Nơi nhận" items without "Như Điều 2" and "Lưu".
  bool has_ministry = false;
  for (const Field& recipient : identity.recipients) {
    CHECK(recipient.value.rfind("Lưu", 0) != 0);
    if (recipient.value == "Bộ Ngoại giao") has_ministry = true;
  }
  CHECK(has_ministry);
}

TEST_CASE("Identity of seed 000 keeps the cut-off parts empty", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  Extraction extraction = ExtractSeed("000");
  const Identity& identity = extraction.identity;
  CHECK(identity.kind.value == "Báo cáo");
  CHECK(identity.number.value.empty());  // not printed: never guessed
  CHECK(identity.date.value.empty());
  CHECK(identity.signer.value == "Nguyễn Thị Thanh Lịch");
  CHECK(identity.capacity.value == "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH");
  CHECK(identity.title.value ==
        "Kết quả thực hiện Nghị quyết số 59-NQ/TW trong 06 tháng đầu năm 2026 của tỉnh Gia Lai");
  REQUIRE_FALSE(identity.recipients.empty());
  CHECK(identity.recipients[0].value == "Bộ Ngoại giao");
  CHECK(identity.recipients[0].where.rule_id == "identity.addressee");
}

TEST_CASE("Identity of seeds 002-004 with headers cut off", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  Extraction letter = ExtractSeed("002");
  CHECK(letter.identity.kind.value.empty());
  CHECK(letter.identity.number.value.empty());
  CHECK(letter.identity.signer.value == "Nguyễn Thị Thanh Lịch");

  Extraction conclusion = ExtractSeed("003");
  CHECK(conclusion.identity.kind.value == "Thông báo kết luận");
  CHECK(conclusion.identity.number.value.empty());
  CHECK(conclusion.identity.capacity.value == "TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG");
  CHECK(conclusion.identity.signer.value.empty());  // the name is not in the text

  Extraction tasks = ExtractSeed("004");
  CHECK(tasks.identity.signer.value == "Nguyễn Thị Thanh Lịch");
  CHECK(tasks.identity.capacity.value == "KT. CHỦ TỊCH PHÓ CHỦ TỊCH");
  // "Kính gửi: - Các Sở: Ngoại vụ, Công Thương, ..." expands the list.
  int departments = 0;
  for (const Field& recipient : tasks.identity.recipients) {
    if (recipient.where.rule_id == "identity.addressee" && recipient.value.rfind("Sở ", 0) == 0) {
      ++departments;
    }
  }
  CHECK(departments == 7);
}

}  // namespace
}  // namespace docpipe
