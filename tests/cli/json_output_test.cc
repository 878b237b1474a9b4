// End-to-end tests of `list --json`, `show --json` and `search --json` (issue
// #16): the real binary on samples/, each output parsed and checked against
// its documented schema (schema/cli-*.schema.json), exit statuses as without
// --json.

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::DocpipeBinary;
using testing::RunCommand;
using testing::SourcePath;
using testing::TempDir;

std::string Quote(const std::string& s) { return "'" + s + "'"; }

// Runs docpipe with "args"; stdout goes to "*out" alone (stderr to "*err").
int DocpipeStdout(const TempDir& dir, const std::string& args, std::string* out, std::string* err) {
  std::string out_path = dir.File("stdout.txt");
  std::string err_path = dir.File("stderr.txt");
  std::string ignored;
  // The group keeps RunCommand's trailing 2>&1 from undoing "2>".
  int status = RunCommand("{ " + Quote(DocpipeBinary()) + " " + args + " >" + Quote(out_path) + " 2>" +
                              Quote(err_path) + "; }",
                          &ignored);
  *out = testing::ReadAll(out_path);
  *err = testing::ReadAll(err_path);
  return status;
}

// Checks "json_text" against schema/<schema> with Debian's python3-jsonschema;
// WARNs and passes when it is not installed.
void CheckSchema(const TempDir& dir, const std::string& json_text, const std::string& schema) {
  std::string probe;
  if (RunCommand("/usr/bin/python3 -c 'import jsonschema'", &probe) != 0) {
    WARN("python3-jsonschema not installed: " << schema << " not checked");
    return;
  }
  std::string path = dir.File("output.json");
  std::ofstream(path, std::ios::binary) << json_text;
  std::string output;
  int status = RunCommand(
      "/usr/bin/python3 -c 'import json, sys, jsonschema; "
      "jsonschema.Draft7Validator(json.load(open(sys.argv[2]))).validate(json.load(open(sys.argv[1])))' " +
          Quote(path) + " " + Quote(SourcePath("schema/" + schema)),
      &output);
  INFO(schema << ": " << output);
  CHECK(status == 0);
}

// One database of the plan, a report and a letter, shared by the cases.
const std::string& SampleDatabase() {
  static TempDir* dir = new TempDir();  // lives for the whole run
  static std::string db = [] {
    std::string path = dir->File("samples.db");
    std::string out;
    int status = RunCommand(Quote(DocpipeBinary()) + " ingest --no-ocr --db " + Quote(path) + " " +
                                Quote(SourcePath("samples/001-quyet-dinh-1520.pdf")) + " " +
                                Quote(SourcePath("samples/000-bao-cao.pdf")) + " " +
                                Quote(SourcePath("samples/002-cong-van.pdf")),
                            &out);
    INFO(out);
    REQUIRE(status == 0);
    return path;
  }();
  return db;
}

TEST_CASE("list --json prints every document with the documented keys", "[cli]") {
  TempDir dir;
  std::string out, err;
  REQUIRE(DocpipeStdout(dir, "list --json --db " + Quote(SampleDatabase()), &out, &err) == 0);
  nlohmann::json json = nlohmann::json::parse(out);
  CHECK(json["format_version"] == 1);
  REQUIRE(json["documents"].size() == 3);
  CHECK(json["failures"].is_array());
  bool found_plan = false;
  for (const nlohmann::json& d : json["documents"]) {
    if (d["number"] != "1520/QĐ-UBND") continue;
    found_plan = true;
    CHECK(d["kind"] == "Quyết định");
    CHECK(d["date"] == "2025-08-21");
    CHECK(d["counts"]["tasks"] == 68);
    CHECK(d["sha256"].get<std::string>().size() == 64);
    CHECK(d["id"].is_number_integer());
  }
  CHECK(found_plan);
  CheckSchema(dir, out, "cli-list.schema.json");

  // An empty database: empty lists, not the "no documents" sentence.
  REQUIRE(DocpipeStdout(dir, "list --json --db " + Quote(dir.File("empty.db")), &out, &err) == 0);
  CHECK(out == "{\n  \"format_version\": 1,\n  \"documents\": [],\n  \"failures\": []\n}\n");
  CheckSchema(dir, out, "cli-list.schema.json");
}

TEST_CASE("show --json prints the facts with their provenance, and a missing DOC still exits 2",
          "[cli]") {
  TempDir dir;
  std::string out, err;
  REQUIRE(DocpipeStdout(dir, "show --json --db " + Quote(SampleDatabase()) + " 1520/qđ-ubnd", &out, &err) == 0);
  nlohmann::json json = nlohmann::json::parse(out);
  CHECK(json["query"] == "1520/qđ-ubnd");
  REQUIRE(json["documents"].size() == 1);
  const nlohmann::json& d = json["documents"][0];
  CHECK(d["identity"]["number"]["value"] == "1520/QĐ-UBND");
  CHECK(d["identity"]["signer"]["value"] == "Phạm Anh Tuấn");
  CHECK(d["identity"]["signer"]["provenance"]["page"].get<int>() >= 1);
  CHECK(d["tasks"].size() == 68);
  CHECK(d["tasks"][0]["lead"].is_array());
  CHECK(d["tasks"][0]["provenance"]["rule_id"].is_string());
  CheckSchema(dir, out, "cli-show.schema.json");

  // Unchanged exit status and message; nothing on stdout to mistake for JSON.
  CHECK(DocpipeStdout(dir, "show --json --db " + Quote(SampleDatabase()) + " 9999/XX", &out, &err) == 2);
  CHECK(out.empty());
  CHECK_THAT(err, Catch::Contains("không tìm thấy văn bản: '9999/XX'"));
}

TEST_CASE("search --json prints hits with snippets and highlight spans", "[cli]") {
  TempDir dir;
  std::string out, err;
  REQUIRE(DocpipeStdout(dir, "search --json --limit 3 --db " + Quote(SampleDatabase()) + " thoa thuan", &out,
                        &err) == 0);
  nlohmann::json json = nlohmann::json::parse(out);
  CHECK(json["query"] == "thoa thuan");
  CHECK(json["limit"] == 3);
  REQUIRE(!json["hits"].empty());
  CHECK(json["hits"].size() <= 3);
  const nlohmann::json& hit = json["hits"][0];
  std::string snippet = hit["snippet"];
  REQUIRE(!hit["highlights"].empty());
  size_t begin = hit["highlights"][0]["begin"];
  size_t end = hit["highlights"][0]["end"];
  REQUIRE(end <= snippet.size());
  CHECK(snippet.substr(begin, end - begin) == "thỏa");
  CheckSchema(dir, out, "cli-search.schema.json");

  // No hit: an empty list and exit 0, as the text output.
  REQUIRE(DocpipeStdout(dir, "search --json --db " + Quote(SampleDatabase()) + " khongcotu", &out, &err) == 0);
  CHECK(nlohmann::json::parse(out)["hits"].empty());
  CheckSchema(dir, out, "cli-search.schema.json");
}

}  // namespace
}  // namespace docpipe
