// pipeline/model/document_codec.h
//
// A compact, versioned binary form of the page model, for the pipe of the
// isolated reader and for the store (re-extraction needs no PDF parsing).
// This is the one piece of logic in model/: both pdf/ and store/ need the
// format and neither may depend on the other.
//
// Stage: model (std + base).

#pragma once

#include <string>
#include <string_view>

#include "pipeline/base/diagnostics.h"
#include "pipeline/base/result.h"
#include "pipeline/model/page_model.h"

namespace docpipe {

// DO NOT change without bumping kDocumentCodecVersion: stored in SQLite.
std::string EncodeDocument(const Document& document);
std::string EncodeDiagnostics(const Diagnostics& diagnostics);

// kBadInput on truncated or malformed data (never reads out of bounds).
Result<Document> DecodeDocument(std::string_view data);
Result<Diagnostics> DecodeDiagnostics(std::string_view data);

}  // namespace docpipe
