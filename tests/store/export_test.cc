#include "pipeline/store/export.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "pipeline/base/strings.h"
#include "tests/store/store_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::MakeDocument;
using testing::SampleExtraction;
using testing::SyntheticDocument;

const char kPlanText[] =
    "ỦY BAN NHÂN DÂN\nSố: 1520/QĐ-UBND\nGia Lai, ngày 21 tháng 8 năm 2025\nQUYẾT ĐỊNH\n"
    "Căn cứ Nghị quyết số 59-NQ/TW;\nKim ngạch ước đạt 1.200.000,5 USD.\f"
    "Ký kết 09 thỏa thuận quốc tế.\nTuyên truyền, phổ biến; gửi Sở Ngoại vụ trước ngày "
    "17/3/2026.\nSở Công Thương trình UBND tỉnh chậm nhất ngày 21/9/2025.\n";

struct Fixture {
  std::unique_ptr<Store> store;
  SyntheticDocument plan = MakeDocument(kPlanText);
  SyntheticDocument bare = MakeDocument("Một công văn không rõ số hiệu\n");
  int64_t plan_id = 0;

  Fixture() {
    Result<std::unique_ptr<Store>> opened = Store::Open(":memory:");
    REQUIRE(opened.ok());
    store = std::move(*opened);
    plan.extraction = SampleExtraction(plan.document);
    // The bare document is saved first but sorts last (no date).
    REQUIRE(store->SaveDocument(bare.Record("cong-van.txt")).ok());
    Result<int64_t> id = store->SaveDocument(plan.Record("QD-1520.pdf"));
    REQUIRE(id.ok());
    plan_id = *id;
    REQUIRE(store->SaveDocument(plan.Record("renamed.pdf")).ok());
    Flag flag;
    flag.kind = FlagKind::kDeadline;
    flag.severity = FlagSeverity::kWarning;
    flag.message_vi = "Nộp sau hạn";
    flag.message_en = "Submitted after the deadline";
    flag.evidence.push_back(
        Evidence{plan_id, "1520/QĐ-UBND", 2, Span{10, 20}, "trước ngày 17/3/2026"});
    flag.evidence.push_back(Evidence{0, "report.pdf", 1, Span{0, 5}, "30/4/2026"});
    REQUIRE(store->ReplaceFlags({flag}).ok());
  }
};

std::string Json(const Store& store) {
  std::ostringstream out;
  REQUIRE(ExportJson(store, out).ok());
  return out.str();
}

// Validates "json_text" against schema/export.schema.json with Debian's
// python3-jsonschema. Returns false (after a WARN) if it is not installed.
bool ValidateWithPython(const std::string& json_text, int* exit_status, std::string* output) {
  std::string probe;
  if (testing::RunCommand("/usr/bin/python3 -c 'import jsonschema' 2>&1", &probe) != 0) {
    testing::SkipOrFail("python3 module jsonschema not installed (apt-get install python3-jsonschema)");
    return false;
  }
  testing::TempDir dir;
  std::string path = dir.File("export.json");
  std::ofstream(path, std::ios::binary) << json_text;
  std::string command =
      "/usr/bin/python3 -c 'import json, sys, jsonschema; "
      "jsonschema.Draft7Validator(json.load(open(sys.argv[2]))).validate(json.load(open(sys.argv[1]"
      ")))' " +
      path + " " + testing::SourcePath("schema/export.schema.json") + " 2>&1";
  *exit_status = testing::RunCommand(command, output);
  return true;
}

TEST_CASE("ExportJson writes the documented shape with nulls and empty lists", "[store]") {
  Fixture fixture;
  std::string json = Json(*fixture.store);
  CHECK(StartsWith(json, "{\n  \"format_version\": 1,\n  \"documents\": [\n"));
  // Dated documents first; the bare one has nulls and empty lists.
  size_t plan = json.find("\"number\": \"1520/QĐ-UBND\"");
  size_t bare = json.find("\"file\": \"cong-van.txt\"");
  REQUIRE(plan != std::string::npos);
  REQUIRE(bare != std::string::npos);
  CHECK(plan < bare);
  CHECK(json.find("\"files\": [\n        \"QD-1520.pdf\",\n        \"renamed.pdf\"\n      ]") !=
        std::string::npos);
  CHECK(json.find("\"date\": \"2025-08-21\"") != std::string::npos);
  CHECK(json.find("\"value\": 1200000.5") != std::string::npos);  // a JSON number
  CHECK(json.find("\"change_pct\": 4.1") != std::string::npos);
  CHECK(json.find("\"change_pct\": null") != std::string::npos);
  CHECK(json.find("\"number\": null") != std::string::npos);  // the bare document
  CHECK(json.find("\"tasks\": []") != std::string::npos);
  CHECK(json.find("\"lead\": [\n") != std::string::npos);
  CHECK(json.find("\"content\": \"Tuyên truyền, \\\"phổ biến\\\" Nghị quyết, kế hoạch\"") !=
        std::string::npos);
  CHECK(json.find("\"rule_id\": \"table.task\"") != std::string::npos);
  CHECK(json.find("\"severity\": \"warning\"") != std::string::npos);
  CHECK(json.find("\"sha256\": \"" + fixture.plan.sha256 + "\",\n          \"page\": 2") !=
        std::string::npos);  // evidence resolved to the stored document
  CHECK(json.find("\"sha256\": null") != std::string::npos);  // evidence from outside the store
  CHECK(EndsWith(json, "}\n"));
}

TEST_CASE("ExportJson validates against schema/export.schema.json", "[store]") {
  Fixture fixture;
  std::string json = Json(*fixture.store);
  int exit_status = 0;
  std::string output;
  if (!ValidateWithPython(json, &exit_status, &output)) return;
  INFO(output);
  CHECK(exit_status == 0);

  // The validator is not vacuous: a date as printed, not ISO, is rejected.
  std::string broken = json;
  size_t date = broken.find("\"2025-08-21\"");
  REQUIRE(date != std::string::npos);
  broken.replace(date, 12, "\"21/08/2025\"");
  ValidateWithPython(broken, &exit_status, &output);
  CHECK(exit_status != 0);
}

TEST_CASE("ExportJson is byte-identical across runs and an unchanged reextract", "[store]") {
  Fixture fixture;
  std::string before = Json(*fixture.store);
  CHECK(Json(*fixture.store) == before);
  Result<StoredDocument> stored = fixture.store->LoadDocument(fixture.plan_id);
  REQUIRE(stored.ok());
  Result<Extraction> facts = fixture.store->LoadExtraction(fixture.plan_id);
  REQUIRE(facts.ok());
  REQUIRE(fixture.store
              ->ReplaceExtraction(fixture.plan_id, *facts, stored->diagnostics,
                                  stored->ruleset_version, &stored->normalized)
              .ok());
  CHECK(Json(*fixture.store) == before);

  // A changed fact does change the export.
  facts->figures[0].value = 7;
  REQUIRE(
      fixture.store
          ->ReplaceExtraction(fixture.plan_id, *facts, stored->diagnostics, stored->ruleset_version)
          .ok());
  CHECK(Json(*fixture.store) != before);
}

TEST_CASE("ExportCsv writes UTF-8 with BOM, CRLF and RFC 4180 quoting", "[store]") {
  Fixture fixture;
  for (CsvTable table : AllCsvTables()) {
    INFO(CsvTableName(table));
    std::ostringstream out;
    REQUIRE(ExportCsv(*fixture.store, table, out).ok());
    std::string csv = out.str();
    CHECK(StartsWith(csv, "\xEF\xBB\xBF"));
    CHECK(EndsWith(csv, "\r\n"));
    // Every line feed ends a CRLF record (no field here holds a line break).
    size_t bare_lf = 0;
    for (size_t pos = 0; pos < csv.size(); ++pos) {
      if (csv[pos] == '\n' && (pos == 0 || csv[pos - 1] != '\r')) ++bare_lf;
    }
    CHECK(bare_lf == 0);
  }
  std::ostringstream tasks;
  REQUIRE(ExportCsv(*fixture.store, CsvTable::kTasks, tasks).ok());
  CHECK(tasks.str().find("\"Tuyên truyền, \"\"phổ biến\"\" Nghị quyết, kế hoạch\"") !=
        std::string::npos);
  CHECK(tasks.str().find(",Sở Tư pháp; UBND các xã, phường,") == std::string::npos);
  CHECK(tasks.str().find(",\"Sở Tư pháp; UBND các xã, phường\",") != std::string::npos);

  std::ostringstream documents;
  REQUIRE(ExportCsv(*fixture.store, CsvTable::kDocuments, documents).ok());
  std::string documents_csv = documents.str();
  std::vector<std::string_view> lines = SplitLines(documents_csv);
  REQUIRE(lines.size() == 3);  // header + two documents
  CHECK(lines[0] ==
        "\xEF\xBB\xBFsha256,file,kind,number,date,issuer,signer,title,status,ruleset_version,"
        "page_count,references,deadlines,figures,tasks,assignments");
  CHECK(StartsWith(lines[1], fixture.plan.sha256 + ",QD-1520.pdf,Quyết định,1520/QĐ-UBND,"
                                                   "2025-08-21,"));

  std::ostringstream figures;
  REQUIRE(ExportCsv(*fixture.store, CsvTable::kFigures, figures).ok());
  CHECK(figures.str().find(",1200000.5,USD,ước,4.1,") != std::string::npos);
}

TEST_CASE("ExportCsvFolder writes one file per table", "[store]") {
  Fixture fixture;
  testing::TempDir dir;
  REQUIRE(ExportCsvFolder(*fixture.store, dir.path()).ok());
  for (CsvTable table : AllCsvTables()) {
    std::string text = testing::ReadAll(dir.File(std::string(CsvTableName(table)) + ".csv"));
    CHECK(StartsWith(text, "\xEF\xBB\xBF"));
  }
  CHECK(ExportCsvFolder(*fixture.store, dir.File("missing/folder")).code() == Code::kIoError);
}

}  // namespace
}  // namespace docpipe

namespace docpipe {
namespace {

TEST_CASE("ExportCsv prefixes cells that a spreadsheet would run as formulas", "[store]") {
  // Regression: #15, cells starting with = + - @ were written as they were.
  Fixture fixture;
  Result<StoredDocument> stored = fixture.store->LoadDocument(fixture.plan_id);
  REQUIRE(stored.ok());
  Result<Extraction> facts = fixture.store->LoadExtraction(fixture.plan_id);
  REQUIRE(facts.ok());
  REQUIRE(!facts->tasks.empty());
  while (facts->tasks.size() < 4) facts->tasks.push_back(facts->tasks[0]);
  facts->tasks[0].content = "=HYPERLINK(\"http://x\",\"bấm\")";
  facts->tasks[1].content = "@SUM(A1)";
  facts->tasks[2].content = "-2+3";
  facts->tasks[3].content = "\tTab";
  facts->tasks[0].stt = "-5";  // a plain signed number stays a number
  REQUIRE(fixture.store
              ->ReplaceExtraction(fixture.plan_id, *facts, stored->diagnostics,
                                  stored->ruleset_version)
              .ok());
  std::ostringstream tasks;
  REQUIRE(ExportCsv(*fixture.store, CsvTable::kTasks, tasks).ok());
  std::string csv = tasks.str();
  CHECK(csv.find(",\"'=HYPERLINK(\"\"http://x\"\",\"\"bấm\"\")\",") != std::string::npos);
  CHECK(csv.find(",'@SUM(A1),") != std::string::npos);
  CHECK(csv.find(",'-2+3,") != std::string::npos);
  CHECK(csv.find(",'\tTab,") != std::string::npos);
  CHECK(csv.find(",-5,") != std::string::npos);
  CHECK(csv.find(",=HYPERLINK") == std::string::npos);
}

}  // namespace
}  // namespace docpipe
