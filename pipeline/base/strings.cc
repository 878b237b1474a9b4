#include "pipeline/base/strings.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define DOCPIPE_SHA_NI 1
#endif

namespace docpipe {

namespace {

std::string SubstituteArgs(std::string_view format, const std::string_view* argv, size_t argc) {
  std::string out;
  out.reserve(format.size() + 16);
  for (size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c == '$' && i + 1 < format.size()) {
      char next = format[i + 1];
      if (next == '$') {
        out += '$';
        ++i;
        continue;
      }
      if (next >= '1' && next <= '9') {
        size_t index = static_cast<size_t>(next - '1');
        if (index < argc) {
          out.append(argv[index]);
          ++i;
          continue;
        }
      }
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string Substitute(std::string_view format, std::initializer_list<std::string_view> args) {
  return SubstituteArgs(format, args.begin(), args.size());
}

std::string Substitute(std::string_view format, const std::vector<std::string>& args) {
  std::vector<std::string_view> views(args.begin(), args.end());
  return SubstituteArgs(format, views.data(), views.size());
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

std::vector<std::string_view> Split(std::string_view text, std::string_view sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t pos = text.find(sep, start);
    if (pos == std::string_view::npos) {
      parts.push_back(text.substr(start));
      break;
    }
    parts.push_back(text.substr(start, pos - start));
    start = pos + sep.size();
  }
  return parts;
}

std::string_view Trim(std::string_view text) {
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.append(sep);
    out += parts[i];
  }
  return out;
}

char32_t DecodeUtf8Sequence(std::string_view text, size_t* pos) {
  const size_t i = *pos;
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) {
    *pos = i + 1;
    return c;
  }
  int len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, cp = c & 0x07, min = 0x10000;
  } else {
    *pos = i + 1;
    return 0xFFFD;
  }
  if (i + len > text.size()) {
    *pos = i + 1;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    unsigned char cc = byte(i + k);
    if ((cc & 0xC0) != 0x80) {
      *pos = i + 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    *pos = i + 1;
    return 0xFFFD;
  }
  *pos = i + len;
  return cp;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

size_t Utf8Length(std::string_view text) {
  size_t n = 0;
  for (size_t pos = 0; pos < text.size(); ++n) DecodeUtf8(text, &pos);
  return n;
}

std::string Ellipsize(std::string_view text, size_t max_chars, size_t keep_chars) {
  if (Utf8Length(text) <= max_chars) return std::string(text);
  size_t pos = 0;
  for (size_t n = 0; n < keep_chars && pos < text.size(); ++n) DecodeUtf8(text, &pos);
  return std::string(text.substr(0, pos)) + "\u2026";
}

bool IsRomanNumeral(std::string_view token) {
  return !token.empty() && token.find_first_not_of("IVXL") == std::string_view::npos;
}

int RomanNumeralValue(std::string_view token) {
  if (!IsRomanNumeral(token)) return 0;
  int total = 0;
  int prev = 0;
  for (size_t idx = token.size(); idx > 0; --idx) {
    char c = token[idx - 1];
    int v = c == 'I' ? 1 : c == 'V' ? 5 : c == 'X' ? 10 : 50;
    total += v < prev ? -v : v;
    prev = std::max(prev, v);
  }
  return total;
}

bool StartsWithRomanMarker(std::string_view text) {
  size_t end = text.find_first_not_of("IVXL");
  return end != std::string_view::npos && end > 0 && end + 1 < text.size() && text[end] == '.' &&
         text[end + 1] == ' ';
}

std::string ReplaceEthWithDStroke(std::string_view text) {
  std::string out(text);
  for (size_t at = out.find("\xC3\x90"); at != std::string::npos; at = out.find("\xC3\x90", at)) {
    out.replace(at, 2, "\xC4\x90");
  }
  return out;
}

Status TsvLine::Error(std::string_view at, std::string detail) const {
  Location where;
  where.file = std::string(file);
  where.line = number;
  where.line_text = std::string(text);
  bool inside = at.data() >= text.data() && at.data() <= text.data() + text.size();
  where.column = inside ? static_cast<int>(at.data() - text.data()) + 1 : 1;
  return Status::Error(Code::kRuleError, std::move(detail), std::move(where));
}

std::vector<TsvLine> TsvLines(std::string_view file_name, std::string_view tsv) {
  std::vector<TsvLine> out;
  std::vector<std::string_view> lines = SplitLines(tsv);
  for (size_t line_idx = 0; line_idx < lines.size(); ++line_idx) {
    std::string_view line = lines[line_idx];
    if (line_idx == 0 && StartsWith(line, "\xEF\xBB\xBF")) line.remove_prefix(3);
    if (Trim(line).empty() || line[0] == '#') continue;
    out.push_back(TsvLine{file_name, static_cast<int>(line_idx) + 1, line, Split(line, "\t")});
  }
  return out;
}

std::string JsonEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp = DecodeUtf8(text, &pos);
    switch (cp) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (cp < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
          out += buf;
        } else {
          AppendUtf8(cp, &out);
        }
    }
  }
  return out;
}

namespace {

constexpr std::array<uint32_t, 64> kSha256K = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

uint32_t Rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

void Sha256Block(const unsigned char* block, std::array<uint32_t, 8>* h) {
  uint32_t w[64];
  for (int t = 0; t < 16; ++t) {
    w[t] = (uint32_t{block[t * 4]} << 24) | (uint32_t{block[t * 4 + 1]} << 16) |
           (uint32_t{block[t * 4 + 2]} << 8) | uint32_t{block[t * 4 + 3]};
  }
  for (int t = 16; t < 64; ++t) {
    uint32_t s0 = Rotr(w[t - 15], 7) ^ Rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    uint32_t s1 = Rotr(w[t - 2], 17) ^ Rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  uint32_t a = (*h)[0], b = (*h)[1], c = (*h)[2], d = (*h)[3];
  uint32_t e = (*h)[4], f = (*h)[5], g = (*h)[6], hh = (*h)[7];
  for (int t = 0; t < 64; ++t) {
    uint32_t s1 = Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25);
    uint32_t ch = (e & f) ^ (~e & g);
    uint32_t t1 = hh + s1 + ch + kSha256K[t] + w[t];
    uint32_t s0 = Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22);
    uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
    uint32_t t2 = s0 + maj;
    hh = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
  }
  (*h)[0] += a, (*h)[1] += b, (*h)[2] += c, (*h)[3] += d;
  (*h)[4] += e, (*h)[5] += f, (*h)[6] += g, (*h)[7] += hh;
}

#if defined(DOCPIPE_SHA_NI)
// The same compression with the x86 SHA extensions (Intel SHA-NI, AMD Zen
// and later): about 5x the portable code above. Ingest hashes every file it
// reads (13 MB of PDFs: 4% of its CPU with the portable code). The state is
// kept as ABEF/CDGH, the order the sha256rnds2 instruction works in; each
// iteration does four rounds and extends the message schedule by four words.
__attribute__((target("sha,sse4.1,ssse3"))) void Sha256BlocksShaNi(const unsigned char* data,
                                                                   size_t blocks,
                                                                   std::array<uint32_t, 8>* h) {
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i cdab = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h->data())), 0xB1);
  __m128i efgh = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h->data() + 4)), 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
  for (; blocks > 0; --blocks, data += 64) {
    const __m128i abef_start = abef, cdgh_start = cdgh;
    __m128i w[4];  // message words 4i..4i+3 in w[i % 4]
    for (int i = 0; i < 4; ++i) {
      w[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * i)),
                              byte_swap);
    }
    for (int i = 0; i < 16; ++i) {
      __m128i wk = _mm_add_epi32(
          w[i & 3], _mm_loadu_si128(reinterpret_cast<const __m128i*>(kSha256K.data() + 4 * i)));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
      if (i < 12) {  // words 4(i+4).. from words 4i..4i+15
        __m128i next = _mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]);
        next = _mm_add_epi32(next, _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4));
        w[i & 3] = _mm_sha256msg2_epu32(next, w[(i + 3) & 3]);
      }
    }
    abef = _mm_add_epi32(abef, abef_start);
    cdgh = _mm_add_epi32(cdgh, cdgh_start);
  }
  __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(h->data()), _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(h->data() + 4), _mm_alignr_epi8(dchg, feba, 8));
}

bool CpuHasShaNi() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) == 0) return false;
  bool sse = (c & bit_SSSE3) != 0 && (c & bit_SSE4_1) != 0;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) return false;
  return sse && (b & bit_SHA) != 0;
}
#endif

void Sha256Blocks(const unsigned char* data, size_t blocks, std::array<uint32_t, 8>* h) {
#if defined(DOCPIPE_SHA_NI)
  static const bool sha_ni = CpuHasShaNi();
  if (sha_ni) {
    Sha256BlocksShaNi(data, blocks, h);
    return;
  }
#endif
  for (size_t i = 0; i < blocks; ++i) Sha256Block(data + i * 64, h);
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  std::array<uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  size_t full = data.size() / 64;
  Sha256Blocks(bytes, full, &h);
  unsigned char tail[128] = {};
  size_t rest = data.size() - full * 64;
  for (size_t i = 0; i < rest; ++i) tail[i] = bytes[full * 64 + i];
  tail[rest] = 0x80;
  size_t tail_len = rest + 1 + 8 <= 64 ? 64 : 128;
  uint64_t bits = static_cast<uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; ++i) tail[tail_len - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
  Sha256Blocks(tail, tail_len / 64, &h);
  std::string out;
  char buf[9];
  for (uint32_t word : h) {
    std::snprintf(buf, sizeof buf, "%08x", word);
    out += buf;
  }
  return out;
}

int ByteEditDistance(std::string_view a, std::string_view b) {
  std::vector<int> row(b.size() + 1);
  for (size_t col = 0; col <= b.size(); ++col) row[col] = static_cast<int>(col);
  for (size_t a_idx = 1; a_idx <= a.size(); ++a_idx) {
    int diagonal = row[0];
    row[0] = static_cast<int>(a_idx);
    for (size_t b_idx = 1; b_idx <= b.size(); ++b_idx) {
      int above = row[b_idx];
      int cost = a[a_idx - 1] == b[b_idx - 1] ? 0 : 1;
      row[b_idx] = std::min({row[b_idx] + 1, row[b_idx - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool ParseInt(std::string_view text, int64_t* value) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace docpipe
