// pipeline/crosscheck/plan.h
//
// Private to pipeline/crosscheck/. The corpus the cross-check works on (every
// stored document with its extraction, a best-known date, and helpers that
// turn spans of the normalised text into Evidence), text helpers shared by
// the checks (diacritic-folded text with offsets back to the normalised
// text, sentences, content words), and the plan model: every document with a
// task appendix is a plan; its lead agencies and the partners it lists as
// existing are derived from the tasks and the text.
//
// Stage: crosscheck (reads model types; no third-party library).

#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/crosscheck/crosscheck.h"
#include "pipeline/model/facts.h"
#include "pipeline/model/flags.h"
#include "pipeline/normalize/fold.h"

namespace docpipe::crosscheck_internal {

// Folded text with offsets, words and the fold itself: normalize/fold.h.

// Sentences of "text": split at line ends, and at ". ", "! ", "? " followed
// by an upper-case letter or a digit (not after a number or a one- or
// two-letter abbreviation such as "TP."). Spans exclude surrounding spaces.
std::vector<Span> Sentences(std::string_view text);
// The sentence containing "offset" (the whole line if none).
Span SentenceAt(std::string_view text, size_t offset);
// The line (paragraph) containing "offset", without its '\n'.
Span LineAt(std::string_view text, size_t offset);

// Folded words minus the function words "stop_words" (folded: "va", "cac",
// "cua", ...; FlagVocabulary::stop_words), as a set.
std::set<std::string> ContentWords(std::string_view text, const std::set<std::string>& stop_words);
// Folded word bigrams ("ban hanh", "ke hoach") of content-bearing words.
std::set<std::string> ContentBigrams(std::string_view text, const std::set<std::string>& stop_words);

// Whitespace collapsed to single spaces, ends trimmed.
std::string Collapse(std::string_view text);
// True if the code point at "pos" is an upper-case letter.
bool IsUpperAt(std::string_view text, size_t pos);

struct CorpusDocument {
  int64_t id = 0;
  std::string label;       // document number, else the file name
  std::string kind;        // identity kind ("Báo cáo"), may be ""
  std::string date;        // printed issue date (ISO) or ""
  std::string date_floor;  // date, else the latest cited date: issued not before
  CorpusEntry stored;  // the document as the store keeps it
  Extraction extraction;

  std::string_view text() const { return stored.normalized.text; }
  // Evidence for a span of the normalised text (mapped to the source).
  Evidence EvidenceAt(Span normalized_span) const;
  // Evidence for a provenance (already a source span).
  Evidence EvidenceFor(const Provenance& where) const;
  // The normalised offset of source offset "source" (smallest offset that
  // maps at or after it).
  size_t SourceToNormalized(size_t source) const;
  // Whether normalised "offset" lies in a table cell.
  bool InTable(size_t offset) const;
};

// The documents of "corpus" with their labels and dates (same order).
std::vector<CorpusDocument> PrepareCorpus(const Corpus& corpus);

// The same document stored more than once in different forms (a born-digital
// PDF and its scan, a legacy-font copy, the text layer as .txt): its content
// is compared once. Copies are found by word 5-gram shingles: a document
// whose shingles are at least 70 % contained in another's is a copy of it.
// The kept copy is the best reading: a born-digital Unicode PDF over a text
// file over OCR or legacy text, then the longer text, then the lower id. The
// dropped copies are removed from "corpus" and reported as info flags
// ("duplicate_copy") with the first line of each side as evidence.
void DropCopies(std::vector<CorpusDocument>* corpus, std::vector<Flag>* flags);

struct PlanModel {
  const CorpusDocument* document = nullptr;
  std::string number;  // identity number, else the label
  std::vector<std::string> lead_agencies;  // distinct named leads (no groups), plan order
  std::vector<const Task*> lead_rows;      // first row per lead agency
  struct Partner {
    std::string name;   // "Izumisano"
    Span span;          // in the plan's normalised text
  };
  std::vector<Partner> existing_partners;
};

// A plan for every document with at least one extracted task.
// "place_prefixes": folded words that open a place name and are not part of
// it ("tinh", "thanh pho"; FlagVocabulary::place_prefixes).
std::vector<PlanModel> BuildPlans(const std::vector<CorpusDocument>& corpus,
                                  const std::vector<std::string>& place_prefixes);

// True if "name" is a group of agencies ("Các cơ quan, đơn vị, địa phương").
bool IsAgencyGroup(std::string_view name);

}  // namespace docpipe::crosscheck_internal
