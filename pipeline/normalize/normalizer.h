// pipeline/normalize/normalizer.h
//
// One canonical text for everything downstream: legacy 8-bit encodings
// (TCVN3, VNI) converted to Unicode, NFC (ICU), every kind of space mapped to
// U+0020 (runs collapsed), zero-width characters dropped, quotes, dashes and
// ellipses mapped to canonical forms, tokens broken at line ends repaired
// ("1520/QĐ-\nUBND" -> "1520/QĐ-UBND"). Line breaks are kept: readers emit one
// paragraph or one table cell per line and later stages rely on it. Tone-mark
// placement is NOT changed in the canonical text (quotes must read as
// printed); matching uses fold.h.
//
// Stage: [normalize] between pdf/ and rules/. ICU is used only in normalize/*.cc.

#pragma once

#include <string>
#include <string_view>

#include "pipeline/base/diagnostics.h"
#include "pipeline/model/page_model.h"
#include "pipeline/normalize/offset_map.h"

namespace docpipe {

// The version of the normaliser's output. The store keeps it with each
// document's normalised text, and re-extraction reuses the stored text (no
// re-normalising) when it equals this constant.
//
// RULE: bump it by hand (+1) in the same change as anything that can alter
// the output of Normalize/NormalizeText for some input: the text, the offset
// map, the encoding fields or the diagnostics (this file, normalizer.cc,
// legacy_encoding.*, the character tables, ICU's version). Forgetting the
// bump leaves stored documents with stale normalised text after an upgrade.
// tests/normalize/normalizer_version_test.cc hashes the normalised seeds and
// fails when they change without a bump (then bump this and update the hash
// and the version recorded in that test).
inline constexpr int kNormalizerVersion = 2;

struct NormalizedText {
  std::string text;  // NFC UTF-8
  OffsetMap map;     // text offsets -> Document::text offsets
  std::string encoding = "unicode";  // "unicode", "tcvn3", "vni", "mixed"
  double encoding_confidence = 1.0;  // 0..1, of the detection
  // kNormalizerVersion when made by Normalize/NormalizeText; 0 = unknown (a
  // text built by hand, or stored before schema 3): never reused as is.
  int normalizer_version = 0;
  // What Normalize added to its "diagnostics" argument for this text, kept
  // so that re-extraction from the stored text reports the same diagnostics.
  Diagnostics diagnostics;
};

// Normalises the document's source text, converting the legacy runs the
// reader marked (and any detected statistically) to Unicode. Never fails:
// undecodable bytes become U+FFFD and a diagnostic. Thread-safe.
NormalizedText Normalize(const Document& document, Diagnostics* diagnostics);

// The same for a bare string (tests, rule examples, queries): no font runs,
// so only lines that are statistically TCVN3 or VNI (legacy_encoding.h) are
// converted; ordinary Unicode text is never touched by that step.
NormalizedText NormalizeText(std::string_view source);

}  // namespace docpipe
