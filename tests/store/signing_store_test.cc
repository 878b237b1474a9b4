// Signing records (schema/0004_signing.sql): saved with the facts, loaded
// back, replaced on re-extraction, and exported as "signing" with the
// attachment's parent as "attached_to".

#include <catch2/catch.hpp>
#include <memory>
#include <sstream>
#include <string>

#include "pipeline/store/export.h"
#include "pipeline/store/store.h"
#include "tests/store/store_test_util.h"

namespace docpipe {
namespace {

using testing::MakeDocument;
using testing::SyntheticDocument;

SyntheticDocument Signed() {
  SyntheticDocument doc =
      MakeDocument("Ký bởi: Sở Tư pháp\nThời gian ký: 25.02.2021 15:12:01\nSố: 687/STP-VB\n");
  Identity& id = doc.extraction.identity;
  id.number.value = "687/STP-VB";
  id.number.where = {1, {50, 60}, "identity.number", "687/STP-VB", false};
  id.number.where.uncertain = true;  // handwritten digits read with low confidence
  SigningRecord text;
  text.kind = "signature";
  text.signer = "Sở Tư pháp";
  text.time = "2021-02-25T15:12:01";
  text.source = "text";
  text.where = {
      1, {0, 49}, "identity.stamp", "Ký bởi: Sở Tư pháp Thời gian ký: 25.02.2021 15:12:01", false};
  SigningRecord layer;
  layer.kind = "copy";
  layer.organisation = "VĂN PHÒNG ỦY BAN NHÂN DÂN";
  layer.time = "2025-07-25T10:25:14+07:00";
  layer.source = "layer";
  layer.where = {1, {0, 0}, "identity.stamp", "SAO Y; VĂN PHÒNG ỦY BAN NHÂN DÂN", false};
  id.signing = {text, layer};
  id.attached_to.value = "Công văn 1043/BTP-QLXLVPHC&TDTHPL";
  id.attached_to.where = {1, {0, 10}, "identity.attachment", "(Ban hành kèm theo", false};
  return doc;
}

TEST_CASE("Store keeps signing records and the attachment's parent", "[store]") {
  Result<std::unique_ptr<Store>> store = Store::Open(":memory:");
  REQUIRE(store.ok());
  SyntheticDocument doc = Signed();
  Result<int64_t> id = (*store)->SaveDocument(doc.Record("a.pdf"));
  REQUIRE(id.ok());
  Result<Extraction> facts = (*store)->LoadExtraction(*id);
  REQUIRE(facts.ok());
  const Identity& loaded = facts->identity;
  REQUIRE(loaded.signing.size() == 2);
  CHECK(loaded.signing[0].kind == "signature");
  CHECK(loaded.signing[0].signer == "Sở Tư pháp");
  CHECK(loaded.signing[0].time == "2021-02-25T15:12:01");
  CHECK(loaded.signing[0].source == "text");
  CHECK(loaded.signing[0].where.span.end == 49);
  CHECK(loaded.signing[1].kind == "copy");
  CHECK(loaded.signing[1].organisation == "VĂN PHÒNG ỦY BAN NHÂN DÂN");
  CHECK(loaded.signing[1].source == "layer");
  CHECK(loaded.attached_to.value == "Công văn 1043/BTP-QLXLVPHC&TDTHPL");
  // The signing time is not the issue date.
  CHECK(loaded.date.value.empty());
  // A number from low-confidence OCR digits stays marked (schema 0006).
  CHECK(loaded.number.where.uncertain);

  std::ostringstream json;
  REQUIRE(ExportJson(**store, json).ok());
  CHECK(json.str().find("\"attached_to\": \"Công văn 1043/BTP-QLXLVPHC&TDTHPL\"") !=
        std::string::npos);
  CHECK(json.str().find("\"signing\": [") != std::string::npos);
  // provenance.uncertain: optional, written only where set (the number).
  size_t uncertain = json.str().find("\"uncertain\": true");
  CHECK(uncertain != std::string::npos);
  CHECK(json.str().find("\"uncertain\"", uncertain + 1) == std::string::npos);
  CHECK(json.str().find("\"time\": \"2025-07-25T10:25:14+07:00\"") != std::string::npos);

  // Re-extraction replaces them.
  Extraction replaced = doc.extraction;
  replaced.identity.signing.pop_back();
  REQUIRE((*store)->ReplaceExtraction(*id, replaced, Diagnostics(), "rules-v2").ok());
  Result<Extraction> again = (*store)->LoadExtraction(*id);
  REQUIRE(again.ok());
  CHECK(again->identity.signing.size() == 1);
}

}  // namespace
}  // namespace docpipe
