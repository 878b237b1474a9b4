#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "pipeline/base/strings.h"
#include "pipeline/jobs/pipeline.h"
#include "pipeline/normalize/normalizer.h"
#include "pipeline/pdf/ocr.h"
#include "tests/extract/extract_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::ExtractRules;
using testing::ExtractSeed;
using testing::OnePageDocument;
using testing::RunExtract;

Identity IdentityOf(std::string_view text) { return RunExtract(OnePageDocument(text)).identity; }

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
  CHECK(identity.title.value.rfind("VỀ BAN HÀNH KẾ HOẠCH THỰC HIỆN NGHỊ QUYẾT SỐ 153/NQ-CP", 0) ==
        0);
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
  CHECK(conclusion.identity.capacity.value ==
        "TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG");
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


// Header forms from real documents of several offices (corpus/real*): the
// texts are the reading-order text the reader gives, shortened.
TEST_CASE("A công văn is known by its V/v line and its subject is the title", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  // Quảng Ngãi 2025: the V/v block wraps; the place and date follow it.
  Identity letter = IdentityOf(
      "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 507 /UBND-KGVX\nV/v góp ý dự thảo Quyết định sửa\n"
      "đổi, bổ sung một số điều của\nQuyết định số 2269/QĐ-TTg về\n"
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
      "Quảng Ngãi, ngày 24 tháng 01 năm 2025\nKính gửi: Sở Thông tin và Truyền thông\n"
      "Thực hiện đề nghị của Bộ Thông tin và Truyền thông tại Công văn số 1/BTTTT ngày 2/1/2025");
  CHECK(letter.kind.value == "Công văn");
  CHECK(letter.number.value == "507/UBND-KGVX");
  CHECK(letter.date.value == "2025-01-24");
  CHECK(letter.title.value.rfind("góp ý dự thảo Quyết định sửa đổi, bổ sung", 0) == 0);
  // Bộ Nội vụ 2025.
  Identity ministry = IdentityOf(
      "BỘ NỘI VỤ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
      "Số: 8151 /BNV-CCHC\nHà Nội, ngày 18 tháng 9 năm 2025\n"
      "V/v lấy ý kiến góp ý dự thảo Báo cáo Sơ kết giai đoạn 2021 - 2025\nKính gửi:\n- Các bộ;");
  CHECK(ministry.kind.value == "Công văn");
  CHECK(ministry.number.value == "8151/BNV-CCHC");
  CHECK(ministry.date.value == "2025-09-18");
  // A decision with a V/v line under its kind line stays a decision.
  Identity decision = IdentityOf(
      "ỦY BAN NHÂN DÂN\nTHỊ TRẤN NGÃI GIAO\nSố: 142/QĐ-UBND\nNgãi Giao, ngày 29 tháng 3 năm 2024\n"
      "QUYẾT ĐỊNH\nV/v phân công nhiệm vụ");
  CHECK(decision.kind.value == "Quyết định");
  // Sở Tư pháp TP. Hồ Chí Minh 2021: the subject as "Về ..." right under the
  // number (handwritten, read as specks by OCR).
  Identity about = IdentityOf(
      "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSỞ TƯ PHÁP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
      "Độc lập - Tự do - Hạnh phúc\nSố: ÝƑ /STP-VB\nVề Chương trình hỗ trợ pháp lý liên\n"
      "ngành cho doanh nghiệp nhỏ và vừa\n\nThành phố Hồ Chí Minh, ngày 25 tháng 02 năm 2021\n"
      "Kính gửi:\n- Các Sở, ban ngành Thành phố;");
  CHECK(about.kind.value == "Công văn");
  CHECK(about.title.value == "Chương trình hỗ trợ pháp lý liên ngành cho doanh nghiệp nhỏ và vừa");
  CHECK(about.number.value.empty());
  CHECK(about.date.value == "2021-02-25");
}

TEST_CASE("Laws, telegrams and older documents give kind, number and date", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  Identity law = IdentityOf(
      "QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
      "Luật số: 101/2015/QH13\nBỘ LUẬT\nTỐ TỤNG HÌNH SỰ\nCăn cứ Hiến pháp;\n"
      "Bộ luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIII, kỳ họp "
      "thứ 10 thông qua ngày 27 tháng 11 năm 2015.");
  CHECK(law.number.value == "101/2015/QH13");
  CHECK(law.kind.value == "Bộ luật");
  CHECK(law.date.value == "2015-11-27");
  CHECK(law.date.where.rule_id == "identity.passed_date");

  Identity telegram = IdentityOf(
      "VĂN PHÒNG CHÍNH PHỦ\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
      "Số: 58/CĐ-VPCP\nHà Nội, ngày 10 tháng 01 năm 2026\nCÔNG ĐIỆN\n"
      "Phiên họp lần thứ nhất Ban Chỉ đạo quốc gia về dữ liệu.");
  CHECK(telegram.kind.value == "Công điện");
  CHECK(telegram.number.value == "58/CĐ-VPCP");
  CHECK(telegram.date.value == "2026-01-10");

  // TCVN3 file of 2004 (mpi.gov.vn): the number only in the title line.
  Identity old = IdentityOf(
      "Quyết định\ncủa Thủ tướng Chính phủ số 115/2004/QĐ-TTg\nngày 25 tháng 6 năm 2004 về "
      "việc sửa đổi, bổ sung Quy chế\nban hành kèm theo Quyết định số 193/2001/QĐ-TTg\n"
      "ngày 20 tháng 12 năm 2001 của Thủ tướng Chính phủ");
  CHECK(old.kind.value == "Quyết định");
  CHECK(old.number.value == "115/2004/QĐ-TTg");
  CHECK(old.date.value == "2004-06-25");
  // The same in an all-caps (.VnTimeH) heading.
  Identity caps = IdentityOf(
      "QUYẾT ĐỊNH CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ 115/2004/QĐ-TTG NGÀY 25 THÁNG 6 NĂM 2004\n"
      "VỀ VIỆC SỬA ĐỔI, BỔ SUNG QUY CHẾ");
  CHECK(caps.kind.value == "Quyết định");
  CHECK(caps.number.value == "115/2004/QĐ-TTg");
  CHECK(caps.date.value == "2004-06-25");
  // A decree of 2004: "NGHỊ ĐỊNH CỦA CHÍNH PHỦ" is its kind line.
  Identity decree = IdentityOf(
      "CHÍNH PHỦ\nSố: 109/2004/NĐ-CP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
      "Hà nội, ngày 02 tháng 4 năm 2004\nNGHỊ ĐỊNH CỦA CHÍNH PHỦ\nVề đăng ký kinh doanh");
  CHECK(decree.kind.value == "Nghị định");
  CHECK(decree.number.value == "109/2004/NĐ-CP");
}

TEST_CASE("Scanned headers: columns read as one line, numbers apart from symbols", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  // OCR of Thủ tướng Chính phủ 2025: number, place and date on one line.
  Identity scan = IdentityOf(
      "THỦ TƯỚNG CHÍNH PHỦ CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
      "Số: 1360/QĐ-TTg Hà Nội, ngày 26 tháng 6 năm 2025\nQUYẾT ĐỊNH\nVề việc công nhận");
  CHECK(scan.number.value == "1360/QĐ-TTg");
  CHECK(scan.date.value == "2025-06-26");
  CHECK(scan.place.value == "Hà Nội");
  // The issuer is the part of the joined line before the motto.
  CHECK(scan.issuer.value == "Thủ tướng Chính phủ");
  // A drawn rule under the issuer, as a text layer may give it (Kon Tum 2020),
  // is not part of the name.
  Identity ruled = IdentityOf(
      "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nẰẰẰẰẰẰẰẰẰ\nSố: 435/QĐ-UBND\n"
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nKon Tum, ngày 04 tháng 5 năm 2020\nQUYẾT ĐỊNH\nVề việc");
  CHECK(ruled.issuer.value == "Ủy ban nhân dân tỉnh Kon Tum");
  // Sở Nội vụ Lâm Đồng 2025: a wide gap for the handwritten number.
  Identity gap = IdentityOf(
      "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 181\n\n/BC-SNV\n\nLâm Đồng, ngày 05 tháng 11 năm 2025\n"
      "BÁO CÁO\nTổng kết");
  CHECK(gap.number.value == "181/BC-SNV");
  CHECK(gap.kind.value == "Báo cáo");
}

TEST_CASE("Digits from low-confidence OCR words mark the number or date uncertain", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  // Thủ tướng Chính phủ 2025 (real2 QD-932): the handwritten "932" read
  // "332" with confident digits (95.2) but a word confidence of 66.6; the
  // printed date read with 96-99.
  const char* text =
      "THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
      "Số: 332/QĐ-TTg\nHà Nội, ngày 15 tháng 5 năm 2025\nQUYẾT ĐỊNH\nVề việc phê duyệt";
  Document scan = OnePageDocument(text);
  scan.pages[0].ocr = true;
  scan.pages[0].digit_words = {{"332/QĐ-TTg", 66.6, 95.2}, {"15", 96.6, 99.5}, {"2025", 96.4, 99.5}};
  Identity read = RunExtract(scan).identity;
  CHECK(read.number.value == "332/QĐ-TTg");
  CHECK(read.number.where.uncertain);
  CHECK(read.date.value == "2025-05-15");
  CHECK_FALSE(read.date.where.uncertain);
  // A handwritten day (Trường ĐH Công Thương 2026): the date is uncertain,
  // the printed number is not; the same digits elsewhere on the page ("23"
  // in the body) do not count.
  Document day = OnePageDocument(
      "BỘ CÔNG THƯƠNG\nSố: 753/KH-DCT\nThành phố Hồ Chí Minh, ngày 23 tháng 6 năm 2026\n"
      "KẾ HOẠCH\nKhảo sát năm 2026\nĐiều 23 quy định");
  day.pages[0].ocr = true;
  day.pages[0].digit_words = {{"753/KH-DCT", 96, 98}, {"23", 60, 41}};
  Identity dated = RunExtract(day).identity;
  CHECK(dated.date.value == "2026-06-23");
  CHECK(dated.date.where.uncertain);
  CHECK_FALSE(dated.number.where.uncertain);
  // Without uncertain words nothing is marked.
  Identity plain = IdentityOf(text);
  CHECK_FALSE(plain.number.where.uncertain);
  CHECK_FALSE(plain.date.where.uncertain);
}

TEST_CASE("An attachment takes its parent's kind, number and date, marked", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  Identity list = IdentityOf(
      "DANH MỤC\nVĂN BẢN QUY PHẠM PHÁP LUẬT CÓ NỘI DUNG LIÊN QUAN\n"
      "(Ban hành kèm theo Công văn số 1043/BTP-QLXLVPHC&TDTHPL ngày 9/4/2021)\n"
      "STT\nTên văn bản\n1\nLuật Đất đai (số 45/2013/QH13 ngày 29/11/2013)");
  CHECK(list.kind.value == "Công văn");
  CHECK(list.number.value == "1043/BTP-QLXLVPHC&TDTHPL");
  CHECK(list.date.value == "2021-04-09");
  CHECK(list.attached_to.value == "Công văn 1043/BTP-QLXLVPHC&TDTHPL");
  CHECK(list.number.where.rule_id == "identity.attachment");
  // A document with its own number is not an attachment.
  Identity own = IdentityOf(
      "ỦY BAN NHÂN DÂN\nSố: 12/KH-UBND\nGia Lai, ngày 1 tháng 2 năm 2025\nKẾ HOẠCH\n"
      "(Kèm theo Quyết định số 2858/QĐ-UBND ngày 10/6/2025)");
  CHECK(own.number.value == "12/KH-UBND");
  CHECK(own.attached_to.value.empty());
}

TEST_CASE("OCR slips in a symbol are repaired against known abbreviations", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  struct Case {
    const char* line;
    const char* number;
  };
  const Case cases[] = {
      {"Sô: 1629/QĐĐ-UBND", "1629/QĐ-UBND"},    // Lai Châu 2025, OCR
      {"Số: 2605/QD-BGDĐT", "2605/QĐ-BGDĐT"},   // hcmut scans, OCR
      {"Số: 37/2025/ND-CP", "37/2025/NĐ-CP"},
      {"Số: 142/QÐ-UBND", "142/QĐ-UBND"},       // U+00D0
      {"Só: 84/QĐ-UBNND", "84/QĐ-UBND"},
      {"Số: 07/HD-UBND", "07/HD-UBND"},         // Hướng dẫn: HD is right
      {"Số: 1043/BTP-QLXLVPHC&TDTHPL", "1043/BTP-QLXLVPHC&TDTHPL"},  // unknown parts kept
      {"Số: 5/XYZZ-ABC", "5/XYZZ-ABC"},
  };
  for (const Case& item : cases) {
    INFO(item.line);
    Identity identity = IdentityOf(std::string("ỦY BAN NHÂN DÂN\n") + item.line +
                                   "\nHà Nội, ngày 1 tháng 2 năm 2025\nQUYẾT ĐỊNH\nVề việc");
    CHECK(identity.number.value == item.number);
  }
}

TEST_CASE("Signature stamps become signing records, never the issue date", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  // A scan signed after scanning (Quảng Ngãi 2024): the stamp lines precede
  // the OCRed header; its time is not the date, its office not the issuer.
  Identity signed_scan = IdentityOf(
      "TRUNG TÂM CÔNG\nKý bởi: Ủy ban nhân dân tỉnh Quảng Ngãi\nCơ quan: Tỉnh Quảng Ngãi\n"
      "BÁO VÀ TIN HỌC\nThời gian ký: 26/11/2024 10:40:48\nỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\n"
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 280/BC-UBND\n"
      "Quảng Ngãi, ngày 25 tháng 11 năm 2024\nBÁO CÁO\nTình hình");
  CHECK(signed_scan.number.value == "280/BC-UBND");
  CHECK(signed_scan.date.value == "2024-11-25");
  CHECK(signed_scan.kind.value == "Báo cáo");
  REQUIRE(signed_scan.signing.size() == 1);
  const SigningRecord& stamp = signed_scan.signing[0];
  CHECK(stamp.kind == "signature");
  CHECK(stamp.signer == "Ủy ban nhân dân tỉnh Quảng Ngãi");
  CHECK(stamp.organisation == "Tỉnh Quảng Ngãi");
  CHECK(stamp.time == "2024-11-26T10:40:48");
  CHECK(stamp.source == "text");

  // The publisher's stamp above a born-digital header (Quảng Ngãi 2025).
  Identity published = IdentityOf(
      "TRUNG TÂM CÔNG\nBÁO VÀ TIN HỌC\nttcbth@quangngai.gov.vn\n24.01.2025 20:01:14\n+07:00\n"
      "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
      "Số: 11 /TB-UBND\nQuảng Ngãi, ngày 08 tháng 01 năm 2025\nTHÔNG BÁO\nKết luận");
  REQUIRE(published.signing.size() == 1);
  CHECK(published.signing[0].organisation == "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC");
  CHECK(published.signing[0].time == "2025-01-24T20:01:14+07:00");
  CHECK(published.issuer.value.find("TRUNG TÂM") == std::string::npos);
  CHECK(published.date.value == "2025-01-08");

  // A copy certification (Hà Nội 2025) and a wrapped signer (Lâm Đồng 2025).
  Identity copy = IdentityOf("SAO Y; VĂN PHÒNG ỦY BAN NHÂN DÂN; 25/07/2025 10:25:14 +07:00\n"
                             "Ký bởi: ỦY BAN NHÂN\nDÂN TỈNH LÂM ĐỒNG\nCơ quan: ỦY BAN NHÂN\n"
                             "DÂN TỈNH LÂM ĐỒNG\nThời gian ký: 13/11/2025\n15:53:50\n");
  REQUIRE(copy.signing.size() == 2);
  CHECK(copy.signing[0].kind == "copy");
  CHECK(copy.signing[0].organisation == "VĂN PHÒNG ỦY BAN NHÂN DÂN");
  CHECK(copy.signing[0].time == "2025-07-25T10:25:14+07:00");
  CHECK(copy.signing[1].kind == "signature");
  CHECK(copy.signing[1].signer == "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG");
  CHECK(copy.signing[1].organisation == "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG");
  CHECK(copy.signing[1].time == "2025-11-13T15:53:50");
  CHECK(copy.date.value.empty());
}

TEST_CASE("A page's unused text layer gives signing records", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  Document document = OnePageDocument(
      "THỦ TƯỚNG CHÍNH PHỦ\nSố: 1360/QĐ-TTg\nHà Nội, ngày 26 tháng 6 năm 2025\nQUYẾT ĐỊNH\nVề");
  document.pages[0].layer_text =
      "Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ\nEmail: thongtinchinhphu@chinhphu.vn\n"
      "Cơ quan: VĂN PHÒNG CHÍNH PHỦ\nThời gian ký: 27.06.2025 17:00:11 +07:00\n";
  Identity identity = RunExtract(document).identity;
  CHECK(identity.date.value == "2025-06-26");
  REQUIRE(identity.signing.size() == 1);
  CHECK(identity.signing[0].source == "layer");
  CHECK(identity.signing[0].signer == "CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ");
  CHECK(identity.signing[0].organisation == "VĂN PHÒNG CHÍNH PHỦ");
  CHECK(identity.signing[0].time == "2025-06-27T17:00:11+07:00");
  CHECK(identity.signing[0].where.page == 1);

  // Two stamps one above the other (Quảng Ngãi 2024): the publisher's and
  // the signature box.
  document.pages[0].layer_text =
      "TRUNG TÂM CÔNG\nBÁO VÀ TIN HỌC\nttcbth@quangngai.gov.vn\n26.11.2024 13:45:56\n+07:00\n\n"
      "Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi\nCơ quan: Tỉnh Quảng Ngãi\n"
      "Thời gian ký: 26/11/2024 10:40:48\n";
  Identity two = RunExtract(document).identity;
  REQUIRE(two.signing.size() == 2);
  CHECK(two.signing[0].organisation == "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC");
  CHECK(two.signing[0].time == "2024-11-26T13:45:56+07:00");
  CHECK(two.signing[1].signer == "Ủy ban nhân dân tỉnh Quảng Ngãi");
  CHECK(two.signing[1].organisation == "Tỉnh Quảng Ngãi");
  CHECK(two.signing[1].time == "2024-11-26T10:40:48");

  // A layer whose lines the signing software spread out (Quảng Ngãi 2021).
  document.pages[0].layer_text =
      "Người ký: Trung tâm\nCông báo và Tin học\nEmail:\nttcbth@quangngai.gov.vnCơ quan: Văn "
      "phòng Ủy\nban Nhân dân, Tỉnh\nQuảng Ngãi\n\nỦy ban nhân dân tỉnh\nQuảng Ngãi\n"
      "Tỉnh Quảng Ngãi\n27/12/2021 17:22:11\n";
  Identity spread = RunExtract(document).identity;
  REQUIRE(spread.signing.size() == 1);
  CHECK(spread.signing[0].signer.rfind("Trung tâm", 0) == 0);
  CHECK(spread.signing[0].organisation.rfind("Văn phòng Ủy", 0) == 0);
  CHECK(spread.signing[0].time == "2021-12-27T17:22:11");

  // The publisher's e-mail wrapped (Quảng Ngãi 2025).
  document.pages[0].layer_text =
      "TRUNG TÂM CÔNG\nBÁO VÀ TIN HỌC\nttcbth@quangngai.gov.\nvn\n03.02.2025 14:00:35\n+07:00\n";
  Identity wrapped = RunExtract(document).identity;
  REQUIRE(wrapped.signing.size() == 1);
  CHECK(wrapped.signing[0].organisation == "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC");
  CHECK(wrapped.signing[0].time == "2025-02-03T14:00:35+07:00");
}


// ---- Real documents (corpus/real, corpus/real2), as far as this branch reads them.

// The share of words with a non-ASCII letter: Vietnamese text has about
// half; a garbage OCR layer ("uY BAN NgAN nAN") or a stamp in capitals few.
double VietnameseWordShare(std::string_view text) {
  int words = 0, vietnamese = 0;
  bool in_word = false, marked = false;
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = DecodeUtf8(text, &pos);
    bool letter = (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') || cp >= 0xC0;
    if (letter) {
      if (!in_word) marked = false;
      in_word = true;
      marked |= cp >= 0xC0;
    } else if (in_word) {
      ++words;
      vietnamese += marked ? 1 : 0;
      in_word = false;
    }
  }
  if (in_word) {
    ++words;
    vietnamese += marked ? 1 : 0;
  }
  return words == 0 ? 0 : static_cast<double>(vietnamese) / words;
}

// Reads "pdf" through the pipeline, then stands in for the reader's per-page
// decision (another branch): page 1 whose text layer is missing, a stamp
// only or garbage is OCRed here (header zone at 400 dpi, the rest at 200)
// and its layer kept as Page::layer_text.
Processed ReadAsDecided(const Pipeline& pipeline, const std::string& pdf, bool* ocred) {
  ReadOptions read;
  Result<Processed> processed = pipeline.ProcessFile(pdf, read, Limits{}, nullptr);
  REQUIRE(processed.ok());
  *ocred = false;
  Document& document = processed->document;
  if (document.pages.empty() || !OcrAvailable("vie")) return std::move(*processed);
  Page& first = document.pages[0];
  std::string layer = document.SpanText(first.span);
  std::string normalized = NormalizeText(layer).text;
  bool usable =
      first.ocr || (Utf8Length(normalized) >= 400 && VietnameseWordShare(normalized) > 0.3);
  if (usable) return std::move(*processed);
  testing::TempDir dir;
  std::string output;
  REQUIRE(testing::RunCommand("pdftoppm -gray -r 400 -singlefile -f 1 -l 1 '" + pdf + "' '" +
                                  dir.File("page") + "'",
                              &output) == 0);
  std::string data = testing::ReadAll(dir.File("page.pgm"));
  std::istringstream in(data);
  std::string magic;
  int width = 0, height = 0, maxval = 0;
  in >> magic >> width >> height >> maxval;
  in.get();
  size_t start = static_cast<size_t>(in.tellg());
  REQUIRE(data.size() >= start + static_cast<size_t>(width) * static_cast<size_t>(height));
  OcrOptions options;
  options.body_dpi = 200;
  Result<OcrPage> page = OcrImage(reinterpret_cast<const uint8_t*>(data.data() + start), width,
                                  height, width, 400, options);
  REQUIRE(page.ok());
  std::string ocr_text;
  for (const OcrLine& line : page->lines) ocr_text += line.text + "\n";
  // Rebuild the text: OCR for page 1, the other pages as read.
  Document rebuilt;
  rebuilt.file = document.file;
  rebuilt.from_pdf = true;
  for (size_t page_idx = 0; page_idx < document.pages.size(); ++page_idx) {
    Page copy = document.pages[page_idx];
    std::string text = page_idx == 0 ? ocr_text : document.SpanText(copy.span);
    if (page_idx == 0) {
      copy.layer_text = layer;
      copy.ocr = true;
      copy.source = TextSource::kOcr;
      copy.source_reason = "test_layer_unusable";
    }
    copy.span = {rebuilt.text.size(), rebuilt.text.size() + text.size()};
    rebuilt.text += text;
    rebuilt.pages.push_back(std::move(copy));
  }
  Processed out;
  out.file = processed->file;
  out.document = std::move(rebuilt);
  pipeline.Reprocess(&out);
  *ocred = true;
  return out;
}

// Prints kind, number and date of every PDF of corpus/real and real2 (file
// names carry the expected number: compare by eye or with the table in
// the report). Slow: OCR. Run by hand:
//   OMP_THREAD_LIMIT=1 build/tests/docpipe_tests "[corpus-identity]"
TEST_CASE("Identity of the real corpora", "[.][corpus-identity]") {
  std::string shared = testing::SharedPath("corpus");
  if (shared.empty()) return;
  Result<std::unique_ptr<Pipeline>> pipeline = Pipeline::Load(testing::SourcePath("rules"));
  REQUIRE(pipeline.ok());
  std::vector<std::string> pdfs;
  for (const char* folder : {"real", "real2"}) {
    std::error_code ec;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(shared + "/" + folder, ec)) {
      if (entry.path().extension() == ".pdf") pdfs.push_back(entry.path().string());
    }
  }
  std::sort(pdfs.begin(), pdfs.end());
  for (const std::string& pdf : pdfs) {
    bool ocred = false;
    Processed processed = ReadAsDecided(**pipeline, pdf, &ocred);
    const Identity& id = processed.extraction.identity;
    std::cout << pdf.substr(shared.size() + 1) << "\t" << (ocred ? "ocr1" : "-") << "\t"
              << (id.kind.value.empty() ? "-" : id.kind.value) << "\t"
              << (id.number.value.empty() ? "-" : id.number.value) << "\t"
              << (id.date.value.empty() ? "-" : id.date.value) << "\t"
              << id.signing.size() << " stamp(s)";
    for (const SigningRecord& stamp : id.signing) {
      std::cout << " [" << stamp.kind << " " << stamp.source << " " << stamp.time << " "
                << stamp.organisation << "]";
    }
    std::cout << std::endl;
  }
}

}  // namespace
}  // namespace docpipe
