// pipeline/normalize/offset_map.h
//
// Maps byte offsets of the normalised text back to byte offsets of the source
// text (Document::text), so that every fact found in normalised text can quote
// and point at its exact source span. Built by the normaliser as a sequence of
// aligned segments; lookups are O(log n).
//
// Stage: normalize (std only in this header).

#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/result.h"
#include "pipeline/model/span.h"

namespace docpipe {

// Thread-compatible: const methods may be called concurrently.
class OffsetMap {
 public:
  // Appends a segment: normalised bytes [norm_begin, norm_end) came from
  // source bytes [src_begin, src_end). REQUIRES: segments are appended in
  // increasing, non-overlapping order on both sides, except that consecutive
  // segments may share one source range (one source character that became
  // several, as "…" -> "...": each "." maps to the whole "…"). A segment
  // breaking this is ignored. Contiguous equal-length segments are merged.
  void Add(size_t norm_begin, size_t norm_end, size_t src_begin, size_t src_end);

  // The source offset of normalised offset "offset": inside a segment of equal
  // length the exact byte, otherwise the segment's start (or its end for the
  // end of a span). Offsets past the end map to the end of the source.
  size_t ToSource(size_t offset) const;

  // The smallest source span covering normalised "span".
  Span ToSource(Span span) const;

  // Compact text form stored in SQLite, and its inverse. Deserialize returns
  // kBadInput on malformed data.
  std::string Serialize() const;
  static Result<OffsetMap> Deserialize(std::string_view data);

  size_t segment_count() const { return segments_.size(); }

 private:
  struct Segment {
    size_t norm_begin, norm_end, src_begin, src_end;
  };
  std::vector<Segment> segments_;
};

}  // namespace docpipe
