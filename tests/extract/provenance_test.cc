// Issue #4, acceptance 2: for every fact extracted from the seeds, the source
// text at the fact's span, normalised, reads as the fact's quote. This pins
// the whole offset chain: reader -> Document::text -> normaliser's OffsetMap
// -> Provenance::span.

#include <catch2/catch.hpp>

#include <iostream>

#include <string>
#include <vector>

#include "pipeline/normalize/normalizer.h"
#include "tests/extract/extract_test_util.h"

namespace docpipe {
namespace {

std::string Collapsed(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::vector<const Provenance*> AllProvenance(const Extraction& e) {
  std::vector<const Provenance*> out;
  const Identity& id = e.identity;
  for (const Field* f : {&id.kind, &id.number, &id.place, &id.date, &id.issuer, &id.signer,
                         &id.capacity, &id.title}) {
    if (f->present()) out.push_back(&f->where);
  }
  for (const Field& f : id.recipients) out.push_back(&f.where);
  for (const Reference& r : e.references) out.push_back(&r.where);
  for (const Deadline& d : e.deadlines) out.push_back(&d.where);
  for (const Figure& f : e.figures) out.push_back(&f.where);
  for (const Task& t : e.tasks) out.push_back(&t.where);
  for (const Assignment& a : e.assignments) out.push_back(&a.where);
  return out;
}

TEST_CASE("Every fact of every seed quotes the source text at its span", "[extract]") {
  size_t checked = 0;
  for (const char* prefix : {"000", "001", "002", "003", "004"}) {
    Document document;
    Extraction extraction = testing::ExtractSeed(prefix, &document);
    std::vector<const Provenance*> facts = AllProvenance(extraction);
    CHECK(facts.size() >= 5);
    for (const Provenance* p : facts) {
      INFO("seed " << prefix << ", rule " << p->rule_id << ", quote «" << p->quote << "»");
      REQUIRE_FALSE(p->quote.empty());
      REQUIRE(p->span.begin < p->span.end);
      REQUIRE(p->span.end <= document.text.size());
      std::string source = document.SpanText(p->span);
      CHECK(Collapsed(NormalizeText(source).text) == Collapsed(p->quote));
      CHECK(p->page == document.PageAt(p->span.begin));
      ++checked;
    }
  }
  std::cout << "provenance: " << checked << " facts of the five seeds checked\n";
  CHECK(checked >= 250);
}

}  // namespace
}  // namespace docpipe
