#include "pipeline/base/status.h"

#include <catch2/catch.hpp>

#include "pipeline/base/result.h"

namespace docpipe {
namespace {

TEST_CASE("Status renders file, line and a caret under the column", "[base]") {
  Location where;
  where.file = "rules/identity.rules";
  where.line = 5;
  where.column = 13;
  where.line_text = "  pattern = Số(";
  Status s = Status::Error(Code::kRuleError, "missing ): Số(", where);
  CHECK(s.ToString() ==
        "rules/identity.rules:5: rule error: missing ): Số(\n"
        "    pattern = Số(\n"
        "              ^ near here");
}

TEST_CASE("Result holds a value or the error that replaced it", "[base]") {
  Result<int> good = 42;
  REQUIRE(good.ok());
  CHECK(*good == 42);
  Result<int> bad = Status::Error(Code::kNotFound, "no such file", Location{"a.pdf"});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == Code::kNotFound);
  CHECK(bad.status().ToString() == "a.pdf: not found: no such file");
}

}  // namespace
}  // namespace docpipe
