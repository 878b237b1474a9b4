// pipeline/model/span.h
//
// Byte spans and source references: the provenance every extracted fact keeps.
//
// Stage: model (plain data, std only).

#pragma once

#include <cstddef>
#include <cstdint>

namespace docpipe {

// Half-open byte range [begin, end) into a UTF-8 text.
struct Span {
  size_t begin = 0;
  size_t end = 0;
  size_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
  friend bool operator==(const Span&, const Span&) = default;
};

// Where a fact comes from: a document (the store's id; 0 before storing), a
// 1-based page, and a span of the document's source text (Document::text).
struct SourceRef {
  int64_t document_id = 0;
  int page = 0;
  Span span;
};

}  // namespace docpipe
