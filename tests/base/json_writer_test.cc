#include "pipeline/base/json_writer.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

namespace docpipe {
namespace {

TEST_CASE("JsonWriter writes the layout of the export and the --json commands", "[base]") {
  std::ostringstream out;
  JsonWriter json(&out);
  json.BeginObject();
  json.Integer("id", 7);
  json.Member("number", "1520/QĐ-UBND");
  json.Member("issuer", "");
  json.Key("value");
  json.Number(-0.0);
  json.Key("ratio");
  json.Number(std::nan(""));
  json.Strings("lead", {"Sở Tài chính"});
  json.Strings("none", {});
  json.Key("empty");
  json.BeginObject();
  json.EndObject();
  json.EndObject();
  CHECK(out.str() ==
        "{\n"
        "  \"id\": 7,\n"
        "  \"number\": \"1520/QĐ-UBND\",\n"
        "  \"issuer\": null,\n"
        "  \"value\": 0,\n"
        "  \"ratio\": null,\n"
        "  \"lead\": [\n"
        "    \"Sở Tài chính\"\n"
        "  ],\n"
        "  \"none\": [],\n"
        "  \"empty\": {}\n"
        "}");
}

}  // namespace
}  // namespace docpipe
