#include "pipeline/normalize/offset_map.h"

#include <algorithm>
#include <charconv>
#include <limits>

#include "pipeline/base/status.h"

namespace docpipe {
namespace {

// Serialized form, version 1: "om1:" then one "a,b,c,d;" per segment, where
// a = norm_begin - previous norm_end, b = norm length, c = src_begin -
// previous src_begin, d = src length (all decimal, non-negative). Deltas keep
// the text short: most segments are "0,N,M,N;" or "0,1,3,3;".
constexpr std::string_view kMagic = "om1:";

// Parses a decimal size_t at "*pos" followed by "delimiter"; false on
// anything else (empty number, overflow, missing delimiter).
bool ParseField(std::string_view data, size_t* pos, char delimiter, size_t* value) {
  const char* begin = data.data() + *pos;
  const char* end = data.data() + data.size();
  auto [ptr, ec] = std::from_chars(begin, end, *value);
  if (ec != std::errc() || ptr == begin || ptr == end || *ptr != delimiter) return false;
  *pos = static_cast<size_t>(ptr - data.data()) + 1;
  return true;
}

bool AddOverflows(size_t a, size_t b) { return a > std::numeric_limits<size_t>::max() - b; }

}  // namespace

void OffsetMap::Add(size_t norm_begin, size_t norm_end, size_t src_begin, size_t src_end) {
  // The REQUIRES clause is the caller's; a violating segment is ignored rather
  // than corrupting the binary-search invariant.
  if (norm_end < norm_begin || src_end < src_begin) return;
  if (!segments_.empty()) {
    const Segment& last = segments_.back();
    bool shares_source = src_begin == last.src_begin && src_end == last.src_end;
    if (norm_begin < last.norm_end || (src_begin < last.src_end && !shares_source)) return;
    // Merge with the previous segment when both are byte-exact (equal
    // lengths) and contiguous on both sides: the mapping stays exact.
    if (norm_begin == last.norm_end && src_begin == last.src_end &&
        last.norm_end - last.norm_begin == last.src_end - last.src_begin &&
        norm_end - norm_begin == src_end - src_begin && norm_end > norm_begin &&
        last.norm_end > last.norm_begin) {
      segments_.back().norm_end = norm_end;
      segments_.back().src_end = src_end;
      return;
    }
  }
  segments_.push_back({norm_begin, norm_end, src_begin, src_end});
}

size_t OffsetMap::ToSource(size_t offset) const {
  if (segments_.empty()) return offset;
  // The first segment ending after "offset" (norm_end is non-decreasing).
  auto it = std::partition_point(segments_.begin(), segments_.end(),
                                 [offset](const Segment& s) { return s.norm_end <= offset; });
  if (it == segments_.end()) return segments_.back().src_end;  // past the end
  if (it->norm_begin > offset) return it->src_begin;            // in a gap
  if (it->norm_end - it->norm_begin == it->src_end - it->src_begin) {
    return it->src_begin + (offset - it->norm_begin);
  }
  return it->src_begin;
}

Span OffsetMap::ToSource(Span span) const {
  if (span.end < span.begin) span.end = span.begin;
  size_t begin = ToSource(span.begin);
  if (span.empty() || segments_.empty()) return {begin, segments_.empty() ? span.end : begin};
  // The end is resolved from the span's last byte, so that a span ending
  // inside or at the end of a segment takes the whole segment's source.
  size_t last = span.end - 1;
  auto it = std::partition_point(segments_.begin(), segments_.end(),
                                 [last](const Segment& s) { return s.norm_end <= last; });
  size_t end;
  if (it == segments_.end()) {
    end = segments_.back().src_end;
  } else if (it->norm_begin > last) {
    end = it->src_begin;
  } else if (it->norm_end - it->norm_begin == it->src_end - it->src_begin) {
    end = it->src_begin + (span.end - it->norm_begin);
  } else {
    end = it->src_end;
  }
  if (end < begin) end = begin;
  return {begin, end};
}

std::string OffsetMap::Serialize() const {
  std::string out(kMagic);
  size_t prev_norm = 0, prev_src = 0;
  for (const Segment& s : segments_) {
    out += std::to_string(s.norm_begin - prev_norm);
    out += ',';
    out += std::to_string(s.norm_end - s.norm_begin);
    out += ',';
    out += std::to_string(s.src_begin - prev_src);
    out += ',';
    out += std::to_string(s.src_end - s.src_begin);
    out += ';';
    prev_norm = s.norm_end;
    prev_src = s.src_begin;
  }
  return out;
}

Result<OffsetMap> OffsetMap::Deserialize(std::string_view data) {
  if (data.substr(0, kMagic.size()) != kMagic) {
    return Status::Error(Code::kBadInput, "offset map: missing 'om1:' header");
  }
  OffsetMap map;
  size_t pos = kMagic.size();
  size_t prev_norm = 0, prev_src = 0;
  while (pos < data.size()) {
    size_t fields[4];
    if (!ParseField(data, &pos, ',', &fields[0]) || !ParseField(data, &pos, ',', &fields[1]) ||
        !ParseField(data, &pos, ',', &fields[2]) || !ParseField(data, &pos, ';', &fields[3])) {
      return Status::Error(Code::kBadInput,
                           "offset map: malformed segment at byte " + std::to_string(pos));
    }
    if (AddOverflows(prev_norm, fields[0]) || AddOverflows(prev_norm + fields[0], fields[1]) ||
        AddOverflows(prev_src, fields[2]) || AddOverflows(prev_src + fields[2], fields[3])) {
      return Status::Error(Code::kBadInput, "offset map: offset overflow");
    }
    Segment s{prev_norm + fields[0], prev_norm + fields[0] + fields[1], prev_src + fields[2],
              prev_src + fields[2] + fields[3]};
    if (!map.segments_.empty()) {
      const Segment& last = map.segments_.back();
      bool shares_source = s.src_begin == last.src_begin && s.src_end == last.src_end;
      if (s.src_begin < last.src_end && !shares_source) {
        return Status::Error(Code::kBadInput, "offset map: overlapping source ranges at byte " +
                                                  std::to_string(pos));
      }
    }
    // Stored exactly as serialized (no merging), so Serialize round-trips.
    map.segments_.push_back(s);
    prev_norm = s.norm_end;
    prev_src = s.src_begin;
  }
  return map;
}

}  // namespace docpipe
