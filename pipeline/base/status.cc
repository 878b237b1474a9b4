#include "pipeline/base/status.h"

#include <utility>

namespace docpipe {

const char* CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kInvalidArgument: return "invalid argument";
    case Code::kNotFound: return "not found";
    case Code::kIoError: return "i/o error";
    case Code::kBadInput: return "bad input";
    case Code::kUnsupported: return "unsupported";
    case Code::kRuleError: return "rule error";
    case Code::kStoreError: return "store error";
    case Code::kLimitExceeded: return "limit exceeded";
    case Code::kInternal: return "internal error";
  }
  return "unknown";
}

Status Status::Error(Code code, std::string detail, Location where) {
  Status status;
  status.code_ = code;
  status.detail_ = std::move(detail);
  status.where_ = std::move(where);
  return status;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out;
  if (!where_.file.empty()) {
    out += where_.file;
    if (where_.line > 0) out += ":" + std::to_string(where_.line);
    if (where_.page > 0) out += ": page " + std::to_string(where_.page);
    out += ": ";
  }
  out += CodeName(code_);
  out += ": ";
  out += detail_;
  if (!where_.line_text.empty()) {
    // Appended piecewise: GCC 12 warns falsely (-Wrestrict) on the chained form.
    out += "\n  ";
    out += where_.line_text;
    out += "\n  ";
    // Place the caret under the byte column; multi-byte characters before the
    // column count once each so the caret lines up on a UTF-8 terminal.
    int col = where_.column > 0 ? where_.column - 1 : 0;
    int shown = 0;
    for (int i = 0; i < col && i < static_cast<int>(where_.line_text.size()); ++i) {
      unsigned char c = static_cast<unsigned char>(where_.line_text[i]);
      if ((c & 0xC0) != 0x80) ++shown;
    }
    out += std::string(shown, ' ') + "^ near here";
  }
  return out;
}

}  // namespace docpipe
