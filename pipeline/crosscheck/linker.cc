// pipeline/crosscheck/linker.cc: plan tasks -> result sentences of reports.
//
// 1. Reports: documents whose kind is a report_kind of rules/tracking.tsv.
// 2. Candidate sentences: in a part of results (headings classified by the
//    vocabulary; a heading without a known phrase keeps its parent's class),
//    at least six words, a result word or a figure, no order word, not
//    starting with a plan's content, not speaking of tasks in general.
// 3. Each sentence is indexed in an in-memory FTS5 table with two columns:
//    "topic" (its folded words, place and agency words replaced by a
//    filler) and "names" (the place and agency words).
// 4. Each task's content and expected result become an FTS5 query: its
//    topic word pairs and distinctive words, and its place and agency
//    phrases, ranked by bm25 with the names column weighted 0.2.
// 5. A hit's strength: each shared topic pair (or distinctive word) once,
//    weighted by its idf over the plan's tasks (a pair in many tasks --
//    "du lich", "an ninh" -- names a sector, not a task); a pair with a
//    generic word ("kế hoạch phát triển") weighs kGenericPair of that;
//    consecutive shared pairs count as one concept (its heaviest pair plus
//    half of the rest); a pair of the task's plan section title (its
//    sector) weighs half; a pair of the sentence's subject (an activity
//    noun or "Về ..." before its result word) weighs kSubject. The terms of
//    the paragraph's opening sentence that the sentence lacks add
//    kParagraphTopic of theirs (its topic carries over). Then: lowered for
//    a sentence about another agency's work (less for a coordinating
//    agency's) or listing many agencies; raised under a report heading that
//    matches the task's plan section, lowered under one that matches
//    another section; for a sentence whose subject is an activity, raised
//    when that is the task's own activity (its content's opening words),
//    lowered when the sentence names none of it.
// 6. A hit of kMinStrength becomes a link; links are assigned strongest
//    first, at most kMaxTasksPerSentence tasks per sentence (more for a
//    sentence that lists activities) and kMaxEvidencePerTask sentences per
//    task; the strongest hits not linked are kept as dropped, with why. The
//    reason string keeps the strength, the bm25 rank and the shared terms.

#include "pipeline/crosscheck/linker.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "pipeline/base/strings.h"
#include "pipeline/normalize/dates.h"
#include "pipeline/normalize/fold.h"

namespace docpipe::crosscheck_internal {
namespace {

// A word of normalised text: its place, its MatchKey (case-folded, tones
// kept: "giao" is not "giáo") and its folded form (for the FTS index).
struct Word {
  size_t begin = 0, end = 0;
  std::string key;
  std::string folded;
  bool distinctive = false;  // an acronym or a foreign word
  bool low = false;          // place or agency name: never part of a pair
  bool generic = false;      // a generic word ("hỗ trợ", "kế hoạch"): its pairs weigh little
  bool stop = false;         // a function word ("và", "của"): never part of a pair
};

bool IsWordCodePoint(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  }
  if (cp >= 0x2000 && cp <= 0x206F) return false;  // general punctuation: – “ ” …
  if (cp == 0xA0 || cp == 0xAB || cp == 0xBB || cp == 0xB7) return false;
  return cp >= 0xC0;
}

// Acronyms ("ICISE", "HACCP", "GlobalGAP") and words that cannot be
// Vietnamese syllables ("Halal", "Amazon"): a Vietnamese syllable never has
// f, j, w or z and ends in a vowel or c, ch, m, n, ng, nh, p, t.
bool IsDistinctive(std::string_view word) {
  int upper = 0;
  for (char c : word) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
    if (c >= 'A' && c <= 'Z') ++upper;
    if (c >= '0' && c <= '9') return false;
  }
  if (upper >= 2 && word.size() >= 3) {
    // Roman numerals ("III", "VII") are section numbers.
    return word.find_first_not_of("IVXLC") != std::string_view::npos;
  }
  if (upper != 1 || word.size() < 4 || word[0] < 'A' || word[0] > 'Z') return false;
  for (char c : word) {
    char l = static_cast<char>(c | 0x20);
    if (l == 'f' || l == 'j' || l == 'w' || l == 'z') return true;
  }
  char last = static_cast<char>(word.back() | 0x20);
  return std::string_view("bdklqrsvx").find(last) != std::string_view::npos ||
         (last == 'g' && (word.size() < 2 || (word[word.size() - 2] | 0x20) != 'n'));
}

std::vector<Word> Words(std::string_view text) {
  std::vector<Word> words;
  size_t pos = 0;
  size_t start = std::string_view::npos;
  auto flush = [&](size_t end) {
    if (start == std::string_view::npos) return;
    Word w;
    w.begin = start;
    w.end = end;
    std::string_view original = text.substr(start, end - start);
    w.key = MatchKey(original);
    for (char c : FoldKey(original)) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) w.folded.push_back(c);
    }
    w.distinctive = IsDistinctive(original);
    if (!w.folded.empty()) words.push_back(std::move(w));
    start = std::string_view::npos;
  };
  while (pos < text.size()) {
    size_t at = pos;
    char32_t cp = DecodeUtf8(text, &pos);
    if (pos == at) ++pos;
    if (IsWordCodePoint(cp)) {
      if (start == std::string_view::npos) start = at;
    } else {
      flush(at);
    }
  }
  flush(text.size());
  return words;
}

std::vector<std::string> Keys(std::string_view text) {
  std::vector<std::string> keys;
  for (Word& w : Words(text)) keys.push_back(std::move(w.key));
  return keys;
}

// Index of the first occurrence of "phrase" in "keys" at or after "from", or npos.
size_t Find(const std::vector<std::string>& keys, const std::vector<std::string>& phrase,
            size_t from = 0) {
  if (phrase.empty() || keys.size() < phrase.size()) return std::string::npos;
  for (size_t idx = from; idx + phrase.size() <= keys.size(); ++idx) {
    if (std::equal(phrase.begin(), phrase.end(), keys.begin() + static_cast<long>(idx))) return idx;
  }
  return std::string::npos;
}

bool ContainsAny(const std::vector<std::string>& keys,
                 const std::vector<std::vector<std::string>>& phrases) {
  for (const auto& phrase : phrases) {
    if (Find(keys, phrase) != std::string::npos) return true;
  }
  return false;
}

bool StartsWithAny(const std::vector<std::string>& keys,
                   const std::vector<std::vector<std::string>>& phrases) {
  for (const auto& phrase : phrases) {
    if (Find(keys, phrase) == 0) return true;
  }
  return false;
}

// Marks the words covered by any of "generic" as generic, those covered by
// any of "phrases" (places, agency names) as low-weight, and the function
// words of "stop" (compared with tones: "đồng" is not "động").
void MarkLow(std::vector<Word>* words, const std::vector<std::vector<std::string>>& generic,
             const std::vector<std::vector<std::string>>& phrases,
             const std::set<std::string>& stop,
             const std::vector<std::vector<std::string>>& compounds) {
  for (Word& w : *words) w.stop = stop.count(w.key) > 0;
  std::vector<std::string> keys;
  for (const Word& w : *words) keys.push_back(w.key);
  for (const auto& compound : compounds) {
    for (size_t at = Find(keys, compound); at != std::string::npos;
         at = Find(keys, compound, at + 1)) {
      for (size_t idx = at; idx < at + compound.size(); ++idx) (*words)[idx].stop = false;
    }
  }
  for (const auto& phrase : generic) {
    for (size_t at = Find(keys, phrase); at != std::string::npos; at = Find(keys, phrase, at + 1)) {
      for (size_t idx = at; idx < at + phrase.size(); ++idx) (*words)[idx].generic = true;
    }
  }
  for (const auto& phrase : phrases) {
    for (size_t at = Find(keys, phrase); at != std::string::npos; at = Find(keys, phrase, at + 1)) {
      for (size_t idx = at; idx < at + phrase.size(); ++idx) (*words)[idx].low = true;
    }
  }
}

bool IsDigitWord(const Word& w) {
  return !w.folded.empty() && w.folded[0] >= '0' && w.folded[0] <= '9';
}

// A numbered heading: "II. ĐÁNH GIÁ ...", "1.2. Về ...", short, no final stop.
bool IsHeading(std::string_view line) {
  line = Trim(line);
  if (line.empty() || line.size() > 250) return false;
  char last = line.back();
  if (last == '.' || last == ';' || last == ',') return false;
  size_t pos = 0;
  if (line[0] >= '0' && line[0] <= '9') {
    while (pos < line.size() && ((line[pos] >= '0' && line[pos] <= '9') || line[pos] == '.')) ++pos;
  } else {
    while (pos < line.size() && std::string_view("IVXL").find(line[pos]) != std::string_view::npos)
      ++pos;
    if (pos == 0 || pos >= line.size() || line[pos] != '.') return false;
    ++pos;
  }
  return pos > 0 && pos < line.size() && line[pos] == ' ' && line[pos - 1] == '.';
}

// Sentences(), with a sentence cut by a line break joined to its rest: a
// page break or a wrapped line inside a paragraph ("... tiêu thụ sản\n\nphẩm
// với ..."; "... Gia Lai 2026,\n\nHội nghị ..."). A piece is continued when
// it ends with a comma, or without a full stop and the next starts in
// lower case.
std::vector<Span> JoinedSentences(std::string_view text) {
  std::vector<Span> out;
  for (const Span& s : Sentences(text)) {
    if (!out.empty()) {
      Span& last = out.back();
      std::string_view gap = text.substr(last.end, s.begin - last.end);
      bool line_break = gap.find('\n') != std::string_view::npos &&
                        gap.find_first_not_of(" \t\r\n") == std::string_view::npos;
      char end = text[last.end - 1];
      bool open = end == ',' ||
                  (std::string_view(".!?;:").find(end) == std::string_view::npos &&
                   !IsUpperAt(text, s.begin) && !(text[s.begin] >= '0' && text[s.begin] <= '9') &&
                   !(text[s.begin] == '-' || text[s.begin] == '+'));
      if (line_break && open && !IsHeading(text.substr(s.begin, s.size()))) {
        last.end = s.end;
        continue;
      }
    }
    out.push_back(s);
  }
  return out;
}

struct Candidate {
  const CorpusDocument* doc = nullptr;
  const ReportPeriod* report = nullptr;
  Span span;
  std::vector<Word> words;
  std::set<std::string> topic_pairs;  // "xuc tien", "halal" (distinctive singles too)
  std::vector<const Figure*> figures;
  bool says_completed = false;
  std::string stated_date;
  std::set<std::string> agencies;  // the plan's agencies the sentence names (MatchKey)
  std::string aligned_section;     // the plan section its report heading matches, or ""
  size_t linked = 0;
  // kMaxTasksPerSentence, plus one per ';' clause and one per two commas: a
  // sentence that lists activities ("đẩy mạnh xúc tiến thương mại, hỗ trợ
  // doanh nghiệp tham gia hội chợ, ...; triển khai ... hiệp định thương mại
  // tự do, phát triển thương mại điện tử, quảng bá sản phẩm OCOP, ...";
  // "tham mưu 34 đoàn ...; đón 21 đoàn ...; tiếp 40 đoàn ...") reports on
  // about one task per item.
  size_t max_tasks = kMaxTasksPerSentence;
  // Words before the first result word of a sentence opening with an
  // activity noun: its subject ("Công tác theo dõi, rà soát, đôn đốc thực
  // hiện các thỏa thuận quốc tế | được quan tâm"), or 0.
  size_t subject_end = std::string::npos;
  bool activity_opening = false;  // opens with an activity_subject noun
  // The words of its paragraph's opening sentence when it is not that
  // sentence itself (a paragraph split by a page break is one paragraph).
  std::vector<Word> paragraph_words;
};

// Minimum strength of a link: about two task-specific concepts (a term of
// one task only weighs 1). Chosen on
// the seeds (tests/data/crosscheck/seed_report_evidence.tsv) as the best
// balance of precision and recall; see the test's printout.
constexpr double kMinStrength = 1.9;
// Hits of at least this share of kMinStrength are kept as dropped
// candidates (TaskLinks::dropped), for diagnostics.
constexpr double kDroppedShare = 0.5;
// A run of shared pairs is one concept. A phrase of three syllables or more
// ("hội nghị xúc tiến đầu tư", "nhãn hiệu chứng nhận", "Năm Du lịch quốc
// gia"; Hà Tĩnh: "vùng trồng dược liệu") names the task's object: its
// heaviest pair plus kPhraseRest of the others (a quarter before: the seeds'
// named objects fell short of kMinStrength).
constexpr double kPhraseRest = 0.5;
// A sentence whose subject is an activity (it opens with an activity_subject
// noun of rules/tracking.tsv) and whose predicate says what came of it: the
// subject names what the sentence reports on ("Công tác phối hợp bảo đảm an
// ninh trong hoạt động đối ngoại ... | tiếp tục được thực hiện chặt chẽ";
// "Việc chuyển đổi số tại các sở, ngành | được triển khai đồng bộ" in
// tests/data/crosscheck/s4_bao_cao_75.txt). A pair of a subject of at most
// kMaxSubjectWords syllables weighs kSubject.
constexpr size_t kMaxSubjectWords = 20;
constexpr double kSubject = 1.4;
// A pair of the task's plan section title (its sector) weighs this much.
constexpr double kSectorWord = 0.5;
// A report heading is aligned with a plan section when they share words of
// at least this idf weight; a link under an aligned heading is multiplied
// by kSameSection or kOtherSection.
constexpr double kMinAlignment = 1.0;
constexpr double kSameSection = 1.3;
constexpr double kOtherSection = 0.7;
// A pair with a generic word ("kế hoạch phát triển", "đổi mới sáng tạo")
// weighs this much of its idf: generic words say little alone, but a rare
// phrase of them ("lồng ghép ... vào kế hoạch phát triển kinh tế - xã hội")
// still says what the task is about.
constexpr double kGenericPair = 0.35;
// A sentence about the work of an agency that only coordinates the task
// ("ngành Y tế" for a task led by Sở Nội vụ): it reports on that agency's
// own work more often than on the task.
constexpr double kCoordinatingAgencyFactor = 0.6;
// A sentence whose subject is an activity ("Công tác theo dõi, rà soát ...")
// that is the task's own activity (its content's opening words, "Theo
// dõi, ..."): multiplied by kActivityMatch. One that names no pair of the
// task's activity at all ("Công tác tuyên truyền, thông tin đối ngoại ..."
// for "Rà soát chuẩn hóa nội dung thông tin đối ngoại"): by kActivityMissing.
constexpr double kActivityMatch = 1.3;
constexpr double kActivityMissing = 0.6;
// The terms a sentence shares with the task only through its paragraph's
// opening sentence count this much: the paragraph's topic, not the
// sentence's own statement.
constexpr double kParagraphTopic = 0.5;
// A sentence about another agency's work: its strength is multiplied by this.
constexpr double kOtherAgencyFactor = 0.35;
// A sentence naming this many of the plan's agencies is a list of them.
constexpr size_t kManyAgencies = 4;

std::string FtsQuote(const std::string& phrase) { return "\"" + phrase + "\""; }

// The topic pair starting at word "idx" ("xuc tien"), or "" when either word
// is low-weight, a stop word, a number or a single letter.
std::string PairAt(const std::vector<Word>& words, size_t idx) {
  if (idx + 1 >= words.size()) return "";
  const Word& w = words[idx];
  const Word& next = words[idx + 1];
  if (w.low || next.low || IsDigitWord(w) || IsDigitWord(next)) return "";
  if (w.stop || next.stop) return "";
  if (w.folded.size() < 2 || next.folded.size() < 2) return "";
  return w.folded + " " + next.folded;
}

// Index of the first occurrence of the folded words "phrase" among the
// first "limit" words, or npos.
size_t FindFolded(const std::vector<Word>& words, const std::vector<std::string>& phrase,
                  size_t limit) {
  limit = std::min(limit, words.size());
  for (size_t at = 0; at + phrase.size() <= limit; ++at) {
    size_t n = 0;
    while (n < phrase.size() && words[at + n].folded == phrase[n]) ++n;
    if (n == phrase.size()) return at;
  }
  return std::string::npos;
}

// Whether two consecutive words of "phrase" occur together in "words".
bool SharesPair(const std::vector<Word>& words, const std::vector<std::string>& phrase) {
  for (size_t idx = 0; idx + 1 < phrase.size(); ++idx) {
    std::vector<std::string> pair = {phrase[idx], phrase[idx + 1]};
    if (FindFolded(words, pair, words.size()) != std::string::npos) return true;
  }
  return false;
}

// A task's activity: the opening words of its content up to a comma, a
// function word or a generic or low-weight word ("Theo dõi", "Rà soát
// chuẩn hóa", "Phối hợp xử lý"), folded; empty when shorter than a pair
// ("Tổ chức ...", "Hỗ trợ ...": generic).
std::vector<std::string> ActivityOf(std::string_view content, const std::vector<Word>& words) {
  std::vector<std::string> out;
  for (size_t idx = 0; idx < words.size(); ++idx) {
    const Word& w = words[idx];
    if (w.stop || w.low || w.generic || IsDigitWord(w)) break;
    out.push_back(w.folded);
    if (idx + 1 < words.size() &&
        content.substr(w.end, words[idx + 1].begin - w.end).find_first_of(",;.") !=
            std::string_view::npos) {
      break;
    }
  }
  if (out.size() < 2) out.clear();
  return out;
}

// The FTS query terms of a word sequence: topic pairs, distinctive words,
// and runs of low-weight words.
void Terms(const std::vector<Word>& words, std::set<std::string>* topic,
           std::set<std::string>* names) {
  std::string run;
  for (size_t idx = 0; idx < words.size(); ++idx) {
    const Word& w = words[idx];
    if (w.low) {
      if (!w.stop) run += (run.empty() ? "" : " ") + w.folded;
      continue;
    }
    if (!run.empty() && names != nullptr) names->insert(run);
    run.clear();
    if (w.distinctive && !w.generic && !IsDigitWord(w)) topic->insert(w.folded);
    std::string pair = PairAt(words, idx);
    if (!pair.empty()) topic->insert(std::move(pair));
  }
  if (!run.empty() && names != nullptr) names->insert(run);
}

// "topic" column text: folded words, low-weight and stop words as a filler
// so that no pair forms across them; "names" column: the low-weight words.
void ColumnTexts(const std::vector<Word>& words, std::string* topic, std::string* names) {
  for (const Word& w : words) {
    *topic += (w.low ? std::string("zq") : w.folded) + " ";
    *names += (w.low ? w.folded : std::string("zq")) + " ";
  }
}

class Database {
 public:
  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database() {
    if (db_ != nullptr) sqlite3_close(db_);
  }
  Status Open() {
    if (sqlite3_open(":memory:", &db_) != SQLITE_OK) return Error("open");
    return Exec("CREATE VIRTUAL TABLE s USING fts5(topic, names, tokenize = 'unicode61')");
  }
  Status Exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return Error(sql);
    return Status();
  }
  Status Insert(int64_t rowid, const std::string& topic, const std::string& names) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, "INSERT INTO s(rowid, topic, names) VALUES (?, ?, ?)", -1, &stmt,
                           nullptr) != SQLITE_OK) {
      return Error("prepare insert");
    }
    sqlite3_bind_int64(stmt, 1, rowid);
    sqlite3_bind_text(stmt, 2, topic.data(), static_cast<int>(topic.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 3, names.data(), static_cast<int>(names.size()), SQLITE_TRANSIENT);
    int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? Status() : Error("insert");
  }
  // (rowid, -bm25) of every row matching "query", best first.
  Result<std::vector<std::pair<int64_t, double>>> Search(const std::string& query) {
    std::vector<std::pair<int64_t, double>> hits;
    sqlite3_stmt* stmt = nullptr;
    const char* sql = "SELECT rowid, bm25(s, 1.0, 0.2) FROM s WHERE s MATCH ? ORDER BY 2";
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK)
      return Error("prepare search");
    sqlite3_bind_text(stmt, 1, query.data(), static_cast<int>(query.size()), SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      hits.push_back({sqlite3_column_int64(stmt, 0), -sqlite3_column_double(stmt, 1)});
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return Error("search");
    return hits;
  }

 private:
  Status Error(const std::string& what) {
    return Status::Error(Code::kStoreError, "task linker FTS5 " + what + ": " +
                                                (db_ ? sqlite3_errmsg(db_) : "no memory"));
  }
  sqlite3* db_ = nullptr;
};

// The first day date printed in "text" ("vào ngày 29/3/2026"), ISO, or "".
std::string FirstDayDate(std::string_view text) {
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if (pos > 0 && text[pos - 1] != ' ') continue;
    Result<DateInterval> date = ParseVnDate(text.substr(pos));
    if (date.ok() && date->granularity == Granularity::kDay && date->start.year != 0) {
      return date->start.Iso();
    }
  }
  return "";
}

}  // namespace

Result<Vocabulary> LoadVocabulary(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(Code::kNotFound, "cannot read " + path, Location{path});
  Vocabulary v;
  std::string line;
  int line_no = 0;
  bool header = true;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (Trim(line).empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    size_t tab = line.find('\t');
    Location where{path, line_no};
    if (tab == std::string::npos) {
      return Status::Error(Code::kRuleError, "expected class<TAB>phrase", where);
    }
    std::string cls(Trim(std::string_view(line).substr(0, tab)));
    std::string_view phrase = Trim(std::string_view(line).substr(tab + 1));
    std::vector<std::string> keys = Keys(phrase);
    if (keys.empty()) return Status::Error(Code::kRuleError, "empty phrase", where);
    using Section = Vocabulary::Section;
    if (cls == "report_kind") {
      v.report_kinds.push_back(MatchKey(phrase));
    } else if (cls == "section_result") {
      v.sections.push_back({keys, Section::kResult});
    } else if (cls == "section_context") {
      v.sections.push_back({keys, Section::kContext});
    } else if (cls == "section_problem") {
      v.sections.push_back({keys, Section::kProblem});
    } else if (cls == "section_plan") {
      v.sections.push_back({keys, Section::kPlan});
    } else if (cls == "order") {
      v.order.push_back(keys);
    } else if (cls == "order_start") {
      v.order_start.push_back(keys);
    } else if (cls == "activity_subject") {
      v.activity_subject.push_back(keys);
    } else if (cls == "topic_subject") {
      v.topic_subject.push_back(keys);
    } else if (cls == "compound") {
      v.compound.push_back(keys);
    } else if (cls == "abbreviation") {
      size_t eq = phrase.find('=');
      if (eq == std::string_view::npos) {
        return Status::Error(Code::kRuleError, "expected SHORT = spelled-out form", where);
      }
      std::string short_form(Trim(phrase.substr(0, eq)));
      std::string long_form(Trim(phrase.substr(eq + 1)));
      if (short_form.empty() || long_form.empty()) {
        return Status::Error(Code::kRuleError, "expected SHORT = spelled-out form", where);
      }
      v.abbreviations.push_back({std::move(short_form), std::move(long_form)});
    } else if (cls == "plan_subject") {
      v.plan_subject.push_back(keys);
    } else if (cls == "generic_sentence") {
      v.generic_sentence.push_back(keys);
    } else if (cls == "result") {
      v.result.push_back(keys);
    } else if (cls == "completed") {
      v.completed.push_back(keys);
    } else if (cls == "stop") {
      for (std::string& key : keys) v.stop.insert(std::move(key));
    } else if (cls == "generic") {
      v.generic.push_back(keys);
    } else if (cls == "place" || cls == "agency_word" || cls == "quantity") {
      v.low_weight.push_back(keys);
    } else {
      return Status::Error(Code::kRuleError, "unknown class '" + cls + "'", where);
    }
  }
  // Longest phrases first, so that "hội nhập quốc tế" is marked as one run.
  for (auto* list : {&v.low_weight, &v.generic}) {
    std::stable_sort(list->begin(), list->end(),
                     [](const auto& a, const auto& b) { return a.size() > b.size(); });
  }
  return v;
}

std::vector<ReportPeriod> FindReports(const std::vector<CorpusDocument>& corpus,
                                      const Vocabulary& vocabulary) {
  std::vector<ReportPeriod> reports;
  for (const CorpusDocument& doc : corpus) {
    std::string kind = MatchKey(doc.kind);
    bool is_report = false;
    for (const std::string& k : vocabulary.report_kinds) is_report = is_report || kind == k;
    if (!is_report) continue;
    ReportPeriod report;
    report.doc = &doc;
    // The period in the title ("... trong 06 tháng đầu năm 2026 ..."), else
    // at the head of the text (a title the identity extractor missed).
    std::string head = doc.extraction.identity.title.value + "\n" +
                       std::string(doc.text().substr(0, std::min<size_t>(doc.text().size(), 600)));
    for (size_t pos = 0; pos < head.size() && report.end.empty(); ++pos) {
      if (pos > 0 && head[pos - 1] != ' ' && head[pos - 1] != '\n') continue;
      Result<DateInterval> period = ParseVnDate(std::string_view(head).substr(pos));
      if (!period.ok() || period->start.year == 0 || period->end.year == 0) continue;
      Granularity g = period->granularity;
      if (g == Granularity::kDay) continue;
      report.text = Collapse(std::string_view(head).substr(pos, period->length));
      report.start = period->start.Iso();
      report.end = period->end.Iso();
    }
    if (report.end.empty()) {
      report.text = !doc.date.empty() ? doc.date : doc.date_floor;
      report.end = report.text;
    }
    reports.push_back(std::move(report));
  }
  return reports;
}

namespace {

// The agency names of the plans: low-weight phrases (with the vocabulary's
// places and agency words), longest first, and each agency's forms.
struct AgencyNames {
  std::vector<std::vector<std::string>> low;
  // MatchKey name -> the words of its forms: the plan's name, and for a
  // department ("Sở Y tế") the sector form reports use for it ("ngành Y tế").
  std::map<std::string, std::vector<std::vector<std::string>>> forms;
};

AgencyNames CollectAgencies(const std::vector<PlanModel>& plans, const Vocabulary& vocabulary) {
  AgencyNames out;
  out.low = vocabulary.low_weight;
  for (const PlanModel& plan : plans) {
    for (const Task& task : plan.document->extraction.tasks) {
      for (const auto* names : {&task.lead, &task.coordinate}) {
        for (const std::string& name : *names) {
          std::vector<std::string> keys = Keys(name);
          if (keys.empty()) continue;
          out.low.push_back(keys);
          if (IsAgencyGroup(name)) continue;
          std::vector<std::vector<std::string>>& forms = out.forms[MatchKey(name)];
          if (!forms.empty()) continue;
          forms.push_back(keys);
          if (keys.size() >= 3 && keys[0] == MatchKey("Sở")) {
            std::vector<std::string> sector = keys;
            sector[0] = MatchKey("ngành");
            out.low.push_back(sector);
            forms.push_back(std::move(sector));
          }
        }
      }
    }
  }
  std::stable_sort(out.low.begin(), out.low.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return out;
}

// The agencies of "agencies" named in "keys" (MatchKey names).
void NamedAgencies(const std::vector<std::string>& keys, const AgencyNames& agencies,
                   std::set<std::string>* out) {
  for (const auto& [name, forms] : agencies.forms) {
    for (const auto& words : forms) {
      if (Find(keys, words) != std::string::npos) out->insert(name);
    }
  }
}

// The plan's sections ("IV" -> words of "Hội nhập quốc tế về khoa học,
// công nghệ ..."): reports often follow the plan's structure, so a report
// heading is aligned with the section whose title it shares the rarest
// words with.
class SectionAligner {
 public:
  SectionAligner(const std::vector<PlanModel>& plans, const Vocabulary& vocabulary) {
    for (const PlanModel& plan : plans) {
      for (const Task& task : plan.document->extraction.tasks) {
        if (task.section.empty() || section_words_.count(task.section) > 0) continue;
        std::set<std::string>& words = section_words_[task.section];
        for (const Word& w : Words(task.section_title)) {
          if (vocabulary.stop.count(w.key) == 0 && !IsDigitWord(w)) words.insert(w.folded);
        }
      }
    }
    for (const auto& [section, words] : section_words_) {
      for (const std::string& w : words) ++frequency_[w];
    }
  }
  // The plan section "heading" matches, or "" (none, or a tie).
  std::string Align(std::string_view heading) const {
    std::set<std::string> words;
    for (const Word& w : Words(heading)) words.insert(w.folded);
    std::string best;
    double best_score = 0;
    bool tie = false;
    for (const auto& [section, title_words] : section_words_) {
      double score = 0;
      for (const std::string& w : title_words) {
        if (words.count(w) > 0) {
          score += std::log((section_words_.size() + 1.0) / frequency_.at(w));
        }
      }
      if (score > best_score + 1e-9) {
        best = section;
        best_score = score;
        tie = false;
      } else if (score > 0 && std::abs(score - best_score) <= 1e-9) {
        tie = true;
      }
    }
    return tie || best_score < kMinAlignment ? std::string() : best;
  }

 private:
  std::map<std::string, std::set<std::string>> section_words_;
  std::map<std::string, int> frequency_;
};

// Where a sentence of a report stands: its line, the plan section its
// heading matches, and its paragraph's opening sentence.
struct SentencePlace {
  const ReportPeriod* report = nullptr;
  std::string_view text;
  size_t line_begin = 0;
  std::string aligned_section;
  Span paragraph;
};

// The candidate for sentence "s", or false when it states no result: too
// short, an order, a plan's content, tasks in general, or neither a result
// word nor a figure.
bool MakeCandidate(const SentencePlace& place, const Span& s, const Vocabulary& vocabulary,
                   const AgencyNames& agencies, Candidate* c) {
  const CorpusDocument& doc = *place.report->doc;
  std::string_view sentence = place.text.substr(s.begin, s.size());
  c->doc = &doc;
  c->report = place.report;
  c->aligned_section = place.aligned_section;
  c->span = s;
  c->words = Words(sentence);
  if (c->words.size() < 6) return false;
  std::vector<std::string> keys;
  bool has_figure = false;
  for (const Word& w : c->words) {
    keys.push_back(w.key);
    has_figure = has_figure || IsDigitWord(w);
  }
  if (ContainsAny(keys, vocabulary.order)) return false;
  if (StartsWithAny(keys, vocabulary.order_start)) return false;
  if (StartsWithAny(keys, vocabulary.plan_subject)) return false;
  if (ContainsAny(keys, vocabulary.generic_sentence)) return false;
  if (!has_figure && !ContainsAny(keys, vocabulary.result)) return false;
  c->says_completed = ContainsAny(keys, vocabulary.completed);
  c->activity_opening = StartsWithAny(keys, vocabulary.activity_subject);
  for (const auto& phrase : vocabulary.result) {
    c->subject_end = std::min(c->subject_end, Find(keys, phrase));
  }
  if (c->subject_end > kMaxSubjectWords ||
      !(c->activity_opening || StartsWithAny(keys, vocabulary.topic_subject))) {
    c->subject_end = 0;
  }
  c->max_tasks += static_cast<size_t>(std::count(sentence.begin(), sentence.end(), ';')) +
                  static_cast<size_t>(std::count(sentence.begin(), sentence.end(), ',')) / 2;
  c->stated_date = FirstDayDate(sentence);
  NamedAgencies(keys, agencies, &c->agencies);
  if (c->agencies.empty() && s.begin > place.line_begin) {
    // The subject carries over within a paragraph ("Sở Khoa học và
    // Công nghệ đã ... Đồng thời, tiếp tục ...").
    NamedAgencies(Keys(place.text.substr(place.line_begin, s.begin - place.line_begin)), agencies,
                  &c->agencies);
  }
  MarkLow(&c->words, vocabulary.generic, agencies.low, vocabulary.stop, vocabulary.compound);
  if (!place.paragraph.empty() && place.paragraph.begin != s.begin) {
    c->paragraph_words = Words(place.text.substr(place.paragraph.begin, place.paragraph.size()));
    MarkLow(&c->paragraph_words, vocabulary.generic, agencies.low, vocabulary.stop,
            vocabulary.compound);
  }
  Terms(c->words, &c->topic_pairs, nullptr);
  for (const Figure& figure : doc.extraction.figures) {
    size_t at = doc.SourceToNormalized(figure.where.span.begin);
    if (at >= s.begin && at < s.end) c->figures.push_back(&figure);
  }
  return true;
}

// The section a heading line starts, "section" when it names none (a
// numbered sub-heading keeps its parent's class; a new lettered part
// without a known phrase is results).
Vocabulary::Section SectionOf(std::string_view line, const Vocabulary& vocabulary,
                              Vocabulary::Section section) {
  std::vector<std::string> keys = Keys(line);
  size_t best = std::string::npos;
  for (const auto& [phrase, kind] : vocabulary.sections) {
    size_t at = Find(keys, phrase);
    if (at < best) {
      best = at;
      section = kind;
    }
  }
  if (best == std::string::npos && !line.empty() && !(line[0] >= '0' && line[0] <= '9')) {
    section = Vocabulary::Section::kResult;
  }
  return section;
}

// The candidate sentences of one report: those of its parts of results.
void CollectCandidates(const ReportPeriod& report, const Vocabulary& vocabulary,
                       const AgencyNames& agencies, const SectionAligner& aligner,
                       std::vector<Candidate>* out) {
  SentencePlace place;
  place.report = &report;
  place.text = report.doc->text();
  std::string_view text = place.text;
  std::vector<Span> sentences = JoinedSentences(text);
  size_t sentence_idx = 0;
  // Before the first heading: the title, "Kính gửi", the opening -- not
  // results when the report has a part of results under a heading.
  Vocabulary::Section section = Vocabulary::Section::kResult;
  for (std::string_view line : SplitLines(text)) {
    if (!IsHeading(line)) continue;
    std::vector<std::string> keys = Keys(line);
    for (const auto& [phrase, kind] : vocabulary.sections) {
      if (kind == Vocabulary::Section::kResult && Find(keys, phrase) != std::string::npos) {
        section = Vocabulary::Section::kContext;
      }
    }
  }
  size_t line_begin = 0;
  while (line_begin <= text.size()) {
    size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_begin, line_end - line_begin);
    bool heading = IsHeading(line);
    if (heading) {
      place.aligned_section = aligner.Align(line);
      section = SectionOf(line, vocabulary, section);
    }
    place.line_begin = line_begin;
    for (; sentence_idx < sentences.size() && sentences[sentence_idx].begin < line_end;
         ++sentence_idx) {
      const Span& s = sentences[sentence_idx];
      if (s.begin == line_begin) place.paragraph = s;
      if (s.begin < line_begin || section != Vocabulary::Section::kResult || heading) continue;
      Candidate c;
      if (MakeCandidate(place, s, vocabulary, agencies, &c)) out->push_back(std::move(c));
    }
    if (line_end == text.size()) break;
    line_begin = line_end + 1;
  }
}

// What a task is about, as terms.
struct TaskProfile {
  std::set<std::string> topic;  // topic pairs and distinctive words
  std::set<std::string> names;  // runs of low-weight words
  // The topic pairs of its plan section title ("du lich", "van hoa" of "V.
  // ... văn hóa, xã hội, du lịch ..."): they name the sector every task of
  // the section shares, not the task.
  std::set<std::string> sector;
  std::vector<std::string> activity;  // ActivityOf its content
};

TaskProfile ProfileOf(const Task& task, const Vocabulary& vocabulary, const AgencyNames& agencies) {
  TaskProfile profile;
  std::string task_text = task.content + " . " + task.result;
  // Abbreviations both ways: the plan writes "FTA", the report "hiệp định
  // thương mại tự do" (or the reverse).
  std::string task_key = " " + FoldKey(task_text) + " ";
  for (const auto& [short_form, long_form] : vocabulary.abbreviations) {
    for (const Word& w : Words(task_text)) {
      if (w.key == MatchKey(short_form)) {
        task_text += " . " + long_form;
        break;
      }
    }
    if (task_key.find(" " + FoldKey(long_form) + " ") != std::string::npos) {
      task_text += " . " + short_form;
    }
  }
  auto marked = [&](std::string_view text) {
    std::vector<Word> words = Words(text);
    MarkLow(&words, vocabulary.generic, agencies.low, vocabulary.stop, vocabulary.compound);
    return words;
  };
  Terms(marked(task_text), &profile.topic, &profile.names);
  profile.activity = ActivityOf(task.content, marked(task.content));
  Terms(marked(task.section_title), &profile.sector, nullptr);
  return profile;
}

// How strongly candidate "c" is about the task of "profile"; "reason" gets
// the shared terms and the factors applied. "weight" is a term's idf over
// the plan's tasks.
template <typename Weight>
double Strength(const Candidate& c, const TaskProfile& profile, const Task& task,
                const Weight& weight, std::string* reason) {
  // Per run of consecutive matched pairs in the sentence, the heaviest
  // pair plus half of the others (the pairs of one long phrase are one
  // concept); each distinctive word once.
  std::vector<std::string> shared;
  std::set<std::string> seen;
  auto strength_of = [&](const std::vector<Word>& words, size_t subject_end, bool generic) {
    double sum = 0;
    double run_max = 0, run_sum = 0;
    for (size_t idx = 0; idx <= words.size(); ++idx) {
      std::string pair = idx < words.size() ? PairAt(words, idx) : "";
      bool matched = !pair.empty() && profile.topic.count(pair) > 0 &&
                     (generic || !(words[idx].generic || words[idx + 1].generic));
      if (matched) {
        double w = seen.count(pair) > 0 ? 0.0 : weight(pair);
        if (words[idx].generic || words[idx + 1].generic) w *= kGenericPair;
        if (profile.sector.count(pair) > 0) w *= kSectorWord;
        if (idx + 1 < subject_end) w *= kSubject;
        run_max = std::max(run_max, w);
        run_sum += w;
        if (seen.insert(pair).second) shared.push_back(pair);
      } else if (run_sum > 0) {
        sum += run_max + kPhraseRest * (run_sum - run_max);
        run_max = run_sum = 0;
      }
      if (idx < words.size() && words[idx].distinctive && !words[idx].low &&
          !words[idx].generic && profile.topic.count(words[idx].folded) > 0 &&
          seen.insert(words[idx].folded).second) {
        sum += weight(words[idx].folded);
        shared.push_back(words[idx].folded);
      }
    }
    return sum;
  };
  double strength = strength_of(c.words, c.subject_end, true);
  // The paragraph's opening sentence states what the paragraph is about
  // ("Trong lĩnh vực nông nghiệp, tỉnh tập trung phát triển vùng nguyên
  // liệu ..." before "Ngoài ra, tỉnh hiện có 08 doanh nghiệp được chứng
  // nhận Halal ..."): its terms not in the sentence, generic pairs aside,
  // count at kParagraphTopic.
  if (!c.paragraph_words.empty()) {
    size_t own = shared.size();
    strength += kParagraphTopic * strength_of(c.paragraph_words, 0, false);
    for (size_t idx = own; idx < shared.size(); ++idx) shared[idx] += " (paragraph)";
  }
  // A sentence under a report heading that matches the task's plan
  // section, or another one.
  if (!c.aligned_section.empty()) {
    strength *= c.aligned_section == task.section ? kSameSection : kOtherSection;
  }
  // A sentence about another agency's work, or a list of many agencies,
  // says little about this task.
  std::string note;
  if (c.agencies.size() >= kManyAgencies) {
    strength *= 0.5;
    note = " (list of agencies)";
  } else if (!c.agencies.empty()) {
    bool lead = false, coordinating = false;
    for (const std::string& name : task.lead) lead = lead || c.agencies.count(MatchKey(name)) > 0;
    for (const std::string& name : task.coordinate)
      coordinating = coordinating || c.agencies.count(MatchKey(name)) > 0;
    if (!lead && coordinating) {
      strength *= kCoordinatingAgencyFactor;
      note = " (a coordinating agency)";
    } else if (!lead) {
      strength *= kOtherAgencyFactor;
      note = " (another agency)";
    }
  }
  // A sentence whose subject is an activity, and the task's own activity
  // (the opening words of its content): named in the subject, the sentence
  // reports on it; absent from the whole sentence, on another activity.
  if (c.activity_opening && !profile.activity.empty()) {
    size_t limit = c.subject_end > 0 ? c.subject_end : kMaxSubjectWords;
    if (FindFolded(c.words, profile.activity, limit) != std::string::npos) {
      strength *= kActivityMatch;
      note += " (its activity is the subject)";
    } else if (!SharesPair(c.words, profile.activity)) {
      strength *= kActivityMissing;
      note += " (another activity)";
    }
  }
  for (size_t idx = 0; idx < shared.size() && idx < 6; ++idx) *reason += " '" + shared[idx] + "'";
  *reason += note;
  return strength;
}

struct Hit {
  size_t task_idx;
  size_t candidate_idx;
  double score;
  std::string reason;
};

SentenceLink LinkOf(const Candidate& c, double score, std::string reason) {
  SentenceLink link;
  link.report = c.report;
  link.span = c.span;
  link.score = score;
  link.reason = std::move(reason);
  link.figures = c.figures;
  link.says_completed = c.says_completed;
  link.stated_date = c.stated_date;
  return link;
}

// Links hits strongest first: a hit of kMinStrength, while its sentence
// backs fewer than its max_tasks and its task has fewer than
// kMaxEvidencePerTask links; the others are kept as dropped, with why.
void Assign(std::vector<Hit> hits, std::vector<Candidate>* candidates,
            std::vector<TaskLinks>* out) {
  std::stable_sort(hits.begin(), hits.end(),
                   [](const Hit& a, const Hit& b) { return a.score > b.score; });
  for (Hit& hit : hits) {
    Candidate& c = (*candidates)[hit.candidate_idx];
    TaskLinks& links = (*out)[hit.task_idx];
    if (links.links.size() >= kMaxEvidencePerTask) continue;
    std::string dropped;
    if (hit.score < kMinStrength) {
      dropped = " -- dropped: below the minimum strength";
    } else if (c.linked >= c.max_tasks) {
      dropped = " -- dropped: the sentence already backs " + std::to_string(c.linked) + " tasks";
    }
    if (dropped.empty()) {
      ++c.linked;
      links.links.push_back(LinkOf(c, hit.score, std::move(hit.reason)));
    } else if (links.dropped.size() < kMaxDropped) {
      SentenceLink link = LinkOf(c, hit.score, hit.reason + dropped);
      link.figures.clear();
      links.dropped.push_back(std::move(link));
    }
  }
}

}  // namespace

Result<std::vector<TaskLinks>> LinkTasks(const std::vector<PlanModel>& plans,
                                         const std::vector<ReportPeriod>& reports,
                                         const Vocabulary& vocabulary,
                                         std::vector<Evidence>* unlinked) {
  AgencyNames agencies = CollectAgencies(plans, vocabulary);
  SectionAligner aligner(plans, vocabulary);
  std::vector<Candidate> candidates;
  for (const ReportPeriod& report : reports) {
    CollectCandidates(report, vocabulary, agencies, aligner, &candidates);
  }

  Database db;
  Status opened = db.Open();
  if (!opened.ok()) return opened;
  for (size_t idx = 0; idx < candidates.size(); ++idx) {
    std::string topic, names;
    ColumnTexts(candidates[idx].words, &topic, &names);
    Status inserted = db.Insert(static_cast<int64_t>(idx), topic, names);
    if (!inserted.ok()) return inserted;
  }

  // Each task's terms; a term found in many tasks ("du lich", "an ninh":
  // a sector, not a task) weighs less, as idf over the plan's tasks.
  std::vector<TaskLinks> out;
  std::vector<TaskProfile> profiles;
  std::map<std::string, int> task_frequency;
  for (const PlanModel& plan : plans) {
    for (const Task& task : plan.document->extraction.tasks) {
      TaskLinks links;
      links.plan = &plan;
      links.task = &task;
      out.push_back(std::move(links));
      profiles.push_back(ProfileOf(task, vocabulary, agencies));
      for (const std::string& term : profiles.back().topic) ++task_frequency[term];
    }
  }
  const double task_count = static_cast<double>(out.size());
  // Normalised so that a term of one task only weighs 1 whatever the size
  // of the plan.
  auto weight = [&](const std::string& term) {
    auto found = task_frequency.find(term);
    int n = found == task_frequency.end() ? 1 : std::max(1, found->second);
    return std::log((task_count + 1.0) / n) / std::log(task_count + 1.0);
  };

  std::vector<Hit> hits;
  for (size_t task_idx = 0; task_idx < out.size(); ++task_idx) {
    const TaskProfile& profile = profiles[task_idx];
    if (profile.topic.empty()) continue;
    std::string query;
    for (const std::string& term : profile.topic)
      query += (query.empty() ? "" : " OR ") + FtsQuote(term);
    for (const std::string& term : profile.names) query += " OR " + FtsQuote(term);
    Result<std::vector<std::pair<int64_t, double>>> found = db.Search(query);
    if (!found.ok()) return found.status();
    for (const auto& [rowid, score] : *found) {
      const Candidate& c = candidates[static_cast<size_t>(rowid)];
      std::string shared;
      double strength = Strength(c, profile, *out[task_idx].task, weight, &shared);
      if (strength < kMinStrength * kDroppedShare) continue;
      char number[64];
      std::snprintf(number, sizeof number, "strength %.2f, bm25 %.1f:", strength, score);
      hits.push_back({task_idx, static_cast<size_t>(rowid), strength, number + shared});
    }
  }
  Assign(std::move(hits), &candidates, &out);
  if (unlinked != nullptr) {
    for (const Candidate& c : candidates) {
      if (c.linked == 0 && !c.figures.empty()) unlinked->push_back(c.doc->EvidenceAt(c.span));
    }
  }
  return out;
}

}  // namespace docpipe::crosscheck_internal
