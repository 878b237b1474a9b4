#include "pipeline/cli/commands.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "pipeline/base/file_util.h"
#include "pipeline/base/strings.h"
#include "pipeline/cli/exit_codes.h"
#include "pipeline/cli/json_output.h"
#include "pipeline/jobs/ingest_job.h"
#include "pipeline/jobs/pipeline.h"
#include "pipeline/jobs/reextract_job.h"
#include "pipeline/jobs/watch_job.h"
#include "pipeline/normalize/numbers.h"
#include "pipeline/store/export.h"
#include "pipeline/store/export_xlsx.h"
#include "pipeline/store/store.h"

namespace docpipe {
namespace {

// The one table of commands: name, help message, options taking a value,
// flags, and the minimum number of positional arguments.
struct CommandSpec {
  const char* name;
  Msg help;
  std::vector<std::string> value_options;
  std::vector<std::string> flags;
  int min_args;
  const char* args_label;
};

const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> commands = {
      {"ingest", Msg::kHelpIngest, {"--jobs", "--quarantine"}, {"--no-ocr"}, 1, "PATH"},
      {"list", Msg::kHelpList, {}, {"--json"}, 0, ""},
      {"show", Msg::kHelpShow, {}, {"--json"}, 1, "DOC"},
      {"search", Msg::kHelpSearch, {"--limit"}, {"--json"}, 1, "QUERY"},
      {"export", Msg::kHelpExport, {"--format", "--output"}, {}, 0, ""},
      {"reextract", Msg::kHelpReextract, {"--jobs"}, {"--all"}, 0, ""},
      {"watch", Msg::kHelpWatch, {"--archive", "--quarantine", "--jobs", "--incomplete-wait"}, {"--once", "--no-ocr"}, 1, "INBOX"},
      {"check", Msg::kHelpCheck, {"--html"}, {"--json"}, 0, ""},
      {"report", Msg::kHelpReport, {"--html"}, {}, 0, ""},
      {"verify", Msg::kHelpVerify, {"--archive"}, {}, 0, ""},
  };
  return commands;
}

const CommandSpec* FindCommand(const std::string& name) {
  for (const CommandSpec& spec : Commands()) {
    if (name == spec.name) return &spec;
  }
  return nullptr;
}

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  for (const std::string& s : list) {
    if (s == item) return true;
  }
  return false;
}

void PrintError(Lang lang, const std::string& text) {
  std::cerr << "docpipe: " << Message(lang, Msg::kError) << ": " << text << "\n";
}

// Parses "args" into "inv"; on error prints it and returns false.
bool Parse(const std::vector<std::string>& args, Invocation* inv) {
  // --lang may appear anywhere; find it first so that errors use it.
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--lang") inv->lang = args[i + 1] == "en" ? Lang::kEn : Lang::kVi;
  }
  const std::vector<std::string> common_values = {"--db", "--rules", "--lang"};
  const CommandSpec* spec = nullptr;
  bool only_args = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (!only_args && (a == "-h" || a == "--help")) {
      inv->help = true;
      continue;
    }
    if (!only_args && a == "--") {
      only_args = true;
      continue;
    }
    if (!only_args && StartsWith(a, "--")) {
      std::string name = a, value;
      bool inline_value = false;
      size_t eq = a.find('=');
      if (eq != std::string::npos) {
        name = a.substr(0, eq);
        value = a.substr(eq + 1);
        inline_value = true;
      }
      bool takes_value = Contains(common_values, name) ||
                         (spec != nullptr && Contains(spec->value_options, name));
      bool is_flag = spec != nullptr && Contains(spec->flags, name);
      if (takes_value) {
        if (!inline_value) {
          if (i + 1 >= args.size()) {
            PrintError(inv->lang, Message(inv->lang, Msg::kMissingValue, {name}));
            return false;
          }
          value = args[++i];
        }
        inv->options[name] = value;
      } else if (is_flag && !inline_value) {
        inv->options[name] = "1";
      } else {
        PrintError(inv->lang, Message(inv->lang, Msg::kUnknownOption,
                                      {a, spec != nullptr ? spec->name : ""}));
        return false;
      }
      continue;
    }
    if (spec == nullptr) {
      spec = FindCommand(a);
      if (spec == nullptr) {
        PrintError(inv->lang, Message(inv->lang, Msg::kUnknownCommand, {a}));
        return false;
      }
      inv->command = a;
      continue;
    }
    inv->arguments.push_back(a);
  }
  return true;
}

bool ParsePositive(const Invocation& inv, const std::string& name, int fallback, int* out) {
  std::string text = inv.Option(name);
  if (text.empty()) {
    *out = fallback;
    return true;
  }
  int64_t value = 0;
  if (!ParseInt(text, &value) || value < 1 || value > 1000) {
    PrintError(inv.lang, Message(inv.lang, Msg::kBadValue, {name, text}));
    return false;
  }
  *out = static_cast<int>(value);
  return true;
}

// Opens the --db store; on failure prints why and returns nullptr. Before a
// command that writes ("writing"), PRAGMA quick_check must pass: writing
// into a damaged database would spread the damage.
std::unique_ptr<Store> OpenStore(const Invocation& inv, bool writing = false) {
  Result<std::unique_ptr<Store>> store = Store::Open(inv.Option("--db", "docpipe.db"));
  if (!store.ok()) {
    PrintError(inv.lang, RenderStatus(inv.lang, store.status()));
    return nullptr;
  }
  if (writing) {
    Status check = (*store)->QuickCheck();
    if (!check.ok()) {
      PrintError(inv.lang, RenderStatus(inv.lang, check));
      return nullptr;
    }
  }
  return std::move(store).value();
}

// Loads the --rules set; on failure prints why (file:line) and returns nullptr.
std::unique_ptr<Pipeline> LoadPipeline(const Invocation& inv) {
  Result<std::unique_ptr<Pipeline>> pipeline = Pipeline::Load(inv.Option("--rules", DefaultRulesDir()));
  if (!pipeline.ok()) {
    PrintError(inv.lang, RenderStatus(inv.lang, pipeline.status()));
    return nullptr;
  }
  return std::move(pipeline).value();
}

// Progress on a terminal: one rewritten line with a bar and ETA; otherwise
// plain log lines (one per item), so logs of cron jobs stay readable.
class ProgressLine {
 public:
  explicit ProgressLine(Lang lang) : lang_(lang), tty_(::isatty(STDERR_FILENO) != 0) {}
  bool tty() const { return tty_; }
  void Update(size_t done, size_t total) {
    if (!tty_ || total == 0) return;
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    double eta = done > 0 ? elapsed / static_cast<double>(done) * static_cast<double>(total - done) : 0;
    int width = 30;
    int filled = static_cast<int>(static_cast<double>(width) * static_cast<double>(done) /
                                  static_cast<double>(total));
    std::string bar(static_cast<size_t>(filled), '#');
    bar += std::string(static_cast<size_t>(width - filled), '.');
    std::cerr << "\r[" << bar << "] "
              << Message(lang_, Msg::kProgress,
                         {std::to_string(done), std::to_string(total),
                          std::to_string(static_cast<long>(eta + 0.5))})
              << "   " << std::flush;
    if (done == total) std::cerr << "\n";
  }
  // Prints a log line above the bar.
  void Log(const std::string& line) {
    if (tty_) std::cerr << "\r\033[K";
    std::cerr << line << "\n";
  }

 private:
  Lang lang_;
  bool tty_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

std::string DescribeOutcome(Lang lang, const FileOutcome& o) {
  std::string what = o.kind_label.empty() ? (lang == Lang::kVi ? "không rõ loại" : "unknown kind")
                                          : o.kind_label;
  if (!o.number.empty()) what += " " + o.number;
  if (!o.date.empty()) what += ", " + o.date;
  what += lang == Lang::kVi ? ", " + std::to_string(o.pages) + " trang"
                            : ", " + std::to_string(o.pages) + " pages";
  return what;
}

class IngestPrinter : public IngestObserver {
 public:
  explicit IngestPrinter(Lang lang) : lang_(lang), progress_(lang) {}
  void OnFile(size_t done, size_t total, const FileOutcome& o) override {
    std::string n = std::to_string(done), t = std::to_string(total);
    std::string file = EscapeForTerminal(o.file);  // names may hold escape sequences
    switch (o.kind) {
      case OutcomeKind::kStored:
        progress_.Log(Message(lang_, Msg::kIngestStored, {n, t, file, DescribeOutcome(lang_, o)}));
        break;
      case OutcomeKind::kDuplicate:
        progress_.Log(Message(lang_, Msg::kIngestDuplicate, {n, t, file, "#" + std::to_string(o.doc_id)}));
        break;
      case OutcomeKind::kFailed: {
        // The line already names the file: render the reason without it.
        Location where = o.error.where();
        if (where.file == o.file) where.file.clear();
        std::string reason = RenderStatus(lang_, Status::Error(o.error.code(), o.error.detail(), where));
        if (!o.quarantined_to.empty()) reason += " → " + EscapeForTerminal(o.quarantined_to);
        if (!o.quarantine_error.ok()) reason += " (" + RenderStatus(lang_, o.quarantine_error) + ")";
        progress_.Log(Message(lang_, Msg::kIngestFailed, {n, t, file, reason}));
        break;
      }
    }
    progress_.Update(done, total);
  }

 private:
  Lang lang_;
  ProgressLine progress_;
};

int CmdIngest(const Invocation& inv) {
  IngestOptions options;
  if (!ParsePositive(inv, "--jobs", 1, &options.jobs)) return kExitError;
  options.read.ocr = !inv.Flag("--no-ocr");
  std::vector<std::string> missing;
  std::vector<std::string> files = CollectInputFiles(inv.arguments, &missing);
  for (const std::string& m : missing) {
    PrintError(inv.lang, RenderStatus(inv.lang, Status::Error(Code::kNotFound, "", Location{m})));
  }
  if (files.empty()) {
    PrintError(inv.lang, Message(inv.lang, Msg::kNoInputFiles,
                                 {EscapeForTerminal(Join(inv.arguments, " "))}));
    return kExitError;
  }
  std::unique_ptr<Pipeline> pipeline = LoadPipeline(inv);
  if (pipeline == nullptr) return kExitError;
  std::unique_ptr<Store> store = OpenStore(inv, /*writing=*/true);
  if (store == nullptr) return kExitError;
  options.quarantine = inv.Option("--quarantine");
  options.link_archive = true;
  IngestPrinter printer(inv.lang);
  IngestSummary summary = RunIngest(store.get(), *pipeline, files, options, &printer);
  if (!summary.archive_status.ok()) PrintError(inv.lang, RenderStatus(inv.lang, summary.archive_status));
  std::cerr << Message(inv.lang, Msg::kIngestSummary,
                       {std::to_string(files.size()), std::to_string(summary.stored),
                        std::to_string(summary.duplicates), std::to_string(summary.failed)})
            << "\n";
  return summary.failed > 0 || !missing.empty() ? kExitPartial : kExitOk;
}

std::string Pad(const std::string& text, size_t width) {
  size_t len = Utf8Length(text);
  return len >= width ? text : text + std::string(width - len, ' ');
}

int CmdList(const Invocation& inv) {
  std::unique_ptr<Store> store = OpenStore(inv);
  if (store == nullptr) return kExitError;
  Result<std::vector<DocumentSummary>> docs = store->ListDocuments();
  if (!docs.ok()) {
    PrintError(inv.lang, RenderStatus(inv.lang, docs.status()));
    return kExitError;
  }
  if (inv.Flag("--json")) {
    Result<std::vector<FailureRecord>> failures = store->ListFailures();
    if (!failures.ok()) {
      PrintError(inv.lang, RenderStatus(inv.lang, failures.status()));
      return kExitError;
    }
    WriteListJson(*docs, *failures, std::cout);
    return kExitOk;
  }
  if (docs->empty()) {
    std::cout << Message(inv.lang, Msg::kListEmpty) << "\n";
  } else {
    std::cout << Message(inv.lang, Msg::kListHeader) << "\n";
    for (const DocumentSummary& d : *docs) {
      std::cout << Pad(std::to_string(d.id), 4) << Pad(d.kind.empty() ? "-" : d.kind, 21)
                << Pad(d.number.empty() ? "-" : d.number, 22) << Pad(d.date.empty() ? "-" : d.date, 12)
                << Pad(std::to_string(d.page_count), 7) << EscapeForTerminal(d.file);
      if (d.tasks > 0) {
        std::cout << (inv.lang == Lang::kVi ? "  [" : "  [") << d.tasks
                  << (inv.lang == Lang::kVi ? " nhiệm vụ]" : " tasks]");
      }
      std::cout << "\n";
    }
  }
  Result<std::vector<FailureRecord>> failures = store->ListFailures();
  if (failures.ok() && !failures->empty()) {
    std::cout << "\n" << Message(inv.lang, Msg::kListFailures) << "\n";
    for (const FailureRecord& f : *failures) {
      std::cout << "  " << EscapeForTerminal(f.file) << ": "
                << RenderStatus(inv.lang, Status::Error(f.code, f.reason)) << "\n";
    }
  }
  return kExitOk;
}

// "before" -> "trước ngày": how a deadline binds, for users.
std::string RelationLabel(Lang lang, const std::string& relation) {
  bool vi = lang == Lang::kVi;
  if (relation == "before") return vi ? "trước ngày" : "before";
  if (relation == "by") return vi ? "chậm nhất ngày" : "by";
  if (relation == "within") return vi ? "trong thời hạn đến" : "within, until";
  if (relation == "from") return vi ? "từ ngày" : "from";
  if (relation == "on") return vi ? "sự kiện ngày" : "event on";
  return relation;
}

std::string FormatEnNumber(double value) {
  std::ostringstream v;
  v.precision(15);
  v << value;
  return v.str();
}

void PrintQuote(const std::string& label, int page, const std::string& quote) {
  std::string q = quote;
  for (char& c : q) {
    if (c == '\n') c = ' ';
  }
  q = Ellipsize(q, 160, 157);
  std::cout << "    " << label << " [tr." << page << "] «" << q << "»\n";
}

int CmdShow(const Invocation& inv) {
  std::unique_ptr<Store> store = OpenStore(inv);
  if (store == nullptr) return kExitError;
  const std::string& key = inv.arguments[0];
  Result<std::vector<DocumentSummary>> found = store->FindDocuments(key);
  if (!found.ok() || found->empty()) {
    PrintError(inv.lang, Message(inv.lang, Msg::kDocNotFound, {key}));
    return kExitError;
  }
  if (inv.Flag("--json")) {
    std::vector<ShownDocument> shown;
    for (const DocumentSummary& d : *found) {
      Result<Extraction> ex = store->LoadExtraction(d.id);
      Result<std::vector<std::string>> files = store->FileNames(d.id);
      if (!ex.ok() || !files.ok()) {
        PrintError(inv.lang, RenderStatus(inv.lang, !ex.ok() ? ex.status() : files.status()));
        return kExitError;
      }
      shown.push_back({d, std::move(files).value(), std::move(ex).value()});
    }
    WriteShowJson(key, shown, std::cout);
    return kExitOk;
  }
  bool vi = inv.lang == Lang::kVi;
  for (const DocumentSummary& d : *found) {
    Result<Extraction> ex = store->LoadExtraction(d.id);
    if (!ex.ok()) {
      PrintError(inv.lang, RenderStatus(inv.lang, ex.status()));
      return kExitError;
    }
    const Identity& id = ex->identity;
    std::cout << "#" << d.id << "  " << EscapeForTerminal(d.file) << "  sha256 " << d.sha256.substr(0, 16) << "\n";
    auto field = [&](const char* vi_label, const char* en_label, const Field& f) {
      if (!f.present()) return;
      std::cout << "  " << (vi ? vi_label : en_label) << ": " << f.value;
      if (f.where.uncertain) {
        std::cout << (vi ? " (chưa chắc chắn: chữ số OCR đọc với độ tin cậy thấp)"
                         : " (uncertain: digits read by OCR with low confidence)");
      }
      std::cout << "\n";
      if (!f.where.quote.empty()) PrintQuote("", f.where.page, f.where.quote);
    };
    field("Loại", "Kind", id.kind);
    field("Số, ký hiệu", "Number", id.number);
    field("Nơi ban hành", "Place", id.place);
    field("Ngày ban hành", "Date", id.date);
    field("Cơ quan ban hành", "Issuer", id.issuer);
    field("Trích yếu", "Subject", id.title);
    field("Người ký", "Signer", id.signer);
    field("Thẩm quyền ký", "Capacity", id.capacity);
    if (!ex->references.empty()) {
      std::cout << "  " << (vi ? "Văn bản được dẫn chiếu" : "References") << " (" << ex->references.size() << "):\n";
      for (const Reference& r : ex->references) {
        std::cout << "   - " << r.kind << " " << r.number << (r.date.empty() ? "" : " (" + r.date + ")")
                  << (r.issuer.empty() ? "" : " — " + r.issuer) << "\n";
      }
    }
    if (!ex->deadlines.empty()) {
      std::cout << "  " << (vi ? "Thời hạn và mốc thời gian" : "Deadlines and dated events") << " (" << ex->deadlines.size() << "):\n";
      for (const Deadline& dl : ex->deadlines) {
        std::cout << "   - " << RelationLabel(inv.lang, dl.relation) << " " << dl.date
                  << (dl.agency.empty() ? "" : " — " + dl.agency) << "\n";
        PrintQuote("", dl.where.page, dl.where.quote);
      }
    }
    if (!ex->figures.empty()) {
      std::cout << "  " << (vi ? "Số liệu" : "Figures") << " (" << ex->figures.size() << "):\n";
      for (const Figure& f : ex->figures) {
        // Ratios keep their denominator in the qualifier ("13/13 sở": "/13").
        bool ratio = StartsWith(f.qualifier, "/");
        std::string value = vi ? FormatVnNumber(f.value, 4) : FormatEnNumber(f.value);
        if (ratio) value += f.qualifier;
        std::cout << "   - " << (f.qualifier.empty() || ratio ? "" : f.qualifier + " ") << value << " " << f.unit
                  << (f.subject.empty() ? "" : " — " + f.subject)
                  << (f.period.text.empty() ? "" : " [" + f.period.text + "]") << "\n";
        PrintQuote("", f.where.page, f.where.quote);
      }
    }
    if (!ex->tasks.empty()) {
      std::cout << "  " << (vi ? "Nhiệm vụ" : "Tasks") << " (" << ex->tasks.size() << "):\n";
      for (const Task& t : ex->tasks) {
        std::string content = Ellipsize(t.content, 90, 87);
        std::cout << "   " << t.section << "." << t.stt << " " << content << "\n      "
                  << (vi ? "chủ trì: " : "lead: ") << Join(t.lead, ", ") << "; "
                  << (vi ? "thời gian: " : "timeframe: ") << t.timeframe.text << "\n";
      }
    }
    if (!ex->assignments.empty()) {
      std::cout << "  " << (vi ? "Giao nhiệm vụ" : "Assignments") << " (" << ex->assignments.size() << "):\n";
      for (const Assignment& a : ex->assignments) {
        std::cout << "   - " << a.agency << (a.deadline.empty() ? "" : " (" + a.deadline + ")") << ": " << a.action << "\n";
      }
    }
    std::cout << "\n";
  }
  return kExitOk;
}

int CmdSearch(const Invocation& inv) {
  int limit = 20;
  if (!ParsePositive(inv, "--limit", 20, &limit)) return kExitError;
  std::unique_ptr<Store> store = OpenStore(inv);
  if (store == nullptr) return kExitError;
  std::string query = Join(inv.arguments, " ");
  Result<std::vector<SearchHit>> hits = store->Search(query, limit);
  if (!hits.ok()) {
    PrintError(inv.lang, RenderStatus(inv.lang, hits.status()));
    return kExitError;
  }
  if (inv.Flag("--json")) {
    WriteSearchJson(query, limit, *hits, std::cout);
    return kExitOk;
  }
  if (hits->empty()) {
    std::cout << Message(inv.lang, Msg::kSearchNoHits, {query}) << "\n";
    return kExitOk;
  }
  for (const SearchHit& h : *hits) {
    std::cout << h.document << (inv.lang == Lang::kVi ? ", trang " : ", page ") << h.page << ":\n    "
              << h.snippet << "\n";
  }
  return kExitOk;
}

// export --format xlsx: to --output, or to stdout when it is not a terminal
// (through a temporary file: libxlsxwriter writes files only).
int ExportXlsxTo(const Invocation& inv, const Store& store, const std::string& output) {
  std::string path = output;
  if (output.empty()) {
    if (::isatty(STDOUT_FILENO) != 0) {
      PrintError(inv.lang, Message(inv.lang, Msg::kExportNeedsOutput, {"xlsx"}));
      return kExitError;
    }
    std::error_code ec;
    std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
    path = (tmp / ("docpipe-export-" + std::to_string(::getpid()) + ".xlsx")).string();
  }
  Status status = ExportXlsx(store, path);
  if (status.ok() && output.empty()) {
    std::ifstream in(path, std::ios::binary);
    std::cout << in.rdbuf() << std::flush;
    if (!std::cout) status = Status::Error(Code::kIoError, "writing to stdout failed");
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  if (!status.ok()) {
    PrintError(inv.lang, RenderStatus(inv.lang, status));
    return kExitError;
  }
  return kExitOk;
}

int CmdExport(const Invocation& inv) {
  std::string format = inv.Option("--format", "json");
  if (format != "json" && format != "csv" && format != "xlsx") {
    PrintError(inv.lang, Message(inv.lang, Msg::kBadValue, {"--format", format}));
    return kExitError;
  }
  std::unique_ptr<Store> store = OpenStore(inv);
  if (store == nullptr) return kExitError;
  std::string output = inv.Option("--output");
  if (format == "xlsx") return ExportXlsxTo(inv, *store, output);
  Status status;
  if (format == "csv") {
    if (output.empty()) {
      status = ExportCsv(*store, CsvTable::kDocuments, std::cout);
    } else {
      status = ExportCsvFolder(*store, output);
    }
  } else if (output.empty()) {
    status = ExportJson(*store, std::cout);
  } else {
    std::ofstream out(output, std::ios::binary);
    status = ExportJson(*store, out);
    out.close();
    if (status.ok() && !out) status = Status::Error(Code::kIoError, "write failed", Location{output});
  }
  if (!status.ok()) {
    PrintError(inv.lang, RenderStatus(inv.lang, status));
    return kExitError;
  }
  return kExitOk;
}

class ReextractPrinter : public ReextractObserver {
 public:
  explicit ReextractPrinter(Lang lang) : lang_(lang), progress_(lang) {}
  void OnDocument(size_t done, size_t total, int64_t doc_id, const Status& status) override {
    if (!status.ok()) {
      progress_.Log("#" + std::to_string(doc_id) + ": " + RenderStatus(lang_, status));
    } else if (!progress_.tty()) {
      progress_.Log("[" + std::to_string(done) + "/" + std::to_string(total) + "] #" + std::to_string(doc_id));
    }
    progress_.Update(done, total);
  }

 private:
  Lang lang_;
  ProgressLine progress_;
};

int CmdReextract(const Invocation& inv) {
  ReextractOptions options;
  options.all = inv.Flag("--all");
  if (!ParsePositive(inv, "--jobs", 1, &options.jobs)) return kExitError;
  std::unique_ptr<Pipeline> pipeline = LoadPipeline(inv);
  if (pipeline == nullptr) return kExitError;
  std::unique_ptr<Store> store = OpenStore(inv, /*writing=*/true);
  if (store == nullptr) return kExitError;
  options.link_archive = true;
  ReextractPrinter printer(inv.lang);
  Result<ReextractSummary> summary = RunReextract(store.get(), *pipeline, options, &printer);
  if (!summary.ok()) {
    PrintError(inv.lang, RenderStatus(inv.lang, summary.status()));
    return kExitError;
  }
  if (!summary->archive_status.ok()) PrintError(inv.lang, RenderStatus(inv.lang, summary->archive_status));
  if (summary->total == 0) {
    std::cerr << Message(inv.lang, Msg::kReextractNothing, {pipeline->version()}) << "\n";
  } else {
    std::cerr << Message(inv.lang, Msg::kReextractDone,
                         {std::to_string(summary->done - summary->failed), pipeline->version()})
              << "\n";
  }
  return summary->failed > 0 ? kExitPartial : kExitOk;
}

std::atomic<bool> g_stop{false};
extern "C" void OnStopSignal(int) { g_stop.store(true); }

class WatchPrinter : public WatchObserver {
 public:
  explicit WatchPrinter(Lang lang) : lang_(lang) {}
  void OnStarted(const WatchOptions& options) override {
    std::cerr << Message(lang_, Msg::kWatchStarted, {EscapeForTerminal(options.inbox)}) << std::endl;
  }
  void OnFile(const FileOutcome& o, const std::string& destination) override {
    std::string file = EscapeForTerminal(o.file);  // names may hold escape sequences
    if (o.kind == OutcomeKind::kFailed) {
      ++failed_;
      std::cerr << Message(lang_, Msg::kWatchQuarantined,
                           {file, RenderStatus(lang_, o.error)})
                << std::endl;
    } else {
      std::cerr << Message(lang_, Msg::kWatchArchived, {file, EscapeForTerminal(destination)})
                << std::endl;
    }
  }
  void OnNote(WatchNote note, const std::string& path, const Status& why,
              int retry_seconds) override {
    std::string file = EscapeForTerminal(path);
    std::string reason = why.ok() ? "" : RenderStatus(lang_, why);
    std::string seconds = std::to_string(retry_seconds);
    switch (note) {
      case WatchNote::kSkippedSymlink:
        std::cerr << Message(lang_, Msg::kWatchSkippedSymlink, {file}) << std::endl;
        break;
      case WatchNote::kSkippedNotRegular:
        std::cerr << Message(lang_, Msg::kWatchSkippedNotRegular, {file}) << std::endl;
        break;
      case WatchNote::kSkippedNotDocument:
        std::cerr << Message(lang_, Msg::kWatchSkippedNotDocument, {file}) << std::endl;
        break;
      case WatchNote::kWaitingIncomplete:
        // Not an error yet: only what is missing (English detail, as elsewhere).
        std::cerr << Message(lang_, Msg::kWatchWaiting, {file, seconds, EscapeForTerminal(why.detail())})
                  << std::endl;
        break;
      case WatchNote::kRetryLater:
        ++kept_;
        std::cerr << (retry_seconds > 0 ? Message(lang_, Msg::kWatchRetry, {file, seconds, reason})
                                        : Message(lang_, Msg::kWatchKept, {file, reason}))
                  << std::endl;
        break;
      case WatchNote::kMoveFailed:
        ++kept_;
        std::cerr << (retry_seconds > 0 ? Message(lang_, Msg::kWatchRetry, {file, seconds, reason})
                                        : Message(lang_, Msg::kWatchMoveFailed, {file, reason}))
                  << std::endl;
        break;
      case WatchNote::kVanished:
        std::cerr << Message(lang_, Msg::kWatchVanished, {file}) << std::endl;
        break;
    }
  }
  size_t kept() const { return kept_; }
  size_t failed() const { return failed_; }

 private:
  Lang lang_;
  size_t failed_ = 0;
  size_t kept_ = 0;  // files left in the inbox (or not moved) for a transient reason
};

int CmdWatch(const Invocation& inv) {
  WatchOptions options;
  options.inbox = inv.arguments[0];
  // INBOX/.. of the real folder: for `watch .` that is the parent of the
  // current folder, not a subfolder of the inbox.
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::weakly_canonical(options.inbox, ec).parent_path();
  if (ec || parent.empty()) parent = std::filesystem::path(options.inbox).lexically_normal().parent_path();
  if (parent.empty()) parent = ".";
  options.archive = inv.Option("--archive", (parent / "archive").string());
  options.quarantine = inv.Option("--quarantine", (parent / "quarantine").string());
  options.once = inv.Flag("--once");
  options.ingest.read.ocr = !inv.Flag("--no-ocr");
  if (!ParsePositive(inv, "--jobs", 1, &options.ingest.jobs)) return kExitError;
  if (!ParsePositive(inv, "--incomplete-wait", options.incomplete_wait_seconds,
                     &options.incomplete_wait_seconds)) {
    return kExitError;
  }
  // The database may sit in the inbox (`watch .` with ./docpipe.db).
  options.exclude.push_back(inv.Option("--db", "docpipe.db"));
  std::unique_ptr<Pipeline> pipeline = LoadPipeline(inv);
  if (pipeline == nullptr) return kExitError;
  std::unique_ptr<Store> store = OpenStore(inv, /*writing=*/true);
  if (store == nullptr) return kExitError;
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  WatchPrinter printer(inv.lang);
  Status status = RunWatch(store.get(), *pipeline, options, &g_stop, &printer);
  if (!status.ok()) {
    PrintError(inv.lang, RenderStatus(inv.lang, status));
    return kExitError;
  }
  std::cerr << Message(inv.lang, Msg::kWatchStopped) << std::endl;
  return printer.failed() > 0 || printer.kept() > 0 ? kExitPartial : kExitOk;
}

int CmdVerify(const Invocation& inv) {
  std::unique_ptr<Store> store = OpenStore(inv);
  if (store == nullptr) return kExitError;
  Result<Store::VerifyReport> report = store->Verify(inv.Option("--archive"));
  if (!report.ok()) {
    PrintError(inv.lang, RenderStatus(inv.lang, report.status()));
    return kExitError;
  }
  for (const std::string& problem : report->problems) {
    std::cout << Message(inv.lang, Msg::kVerifyProblem, {EscapeForTerminal(problem)}) << "\n";
  }
  if (!report->problems.empty()) return kExitPartial;
  std::cout << Message(inv.lang, Msg::kVerifyOk,
                       {std::to_string(report->documents), std::to_string(report->archived_files)})
            << "\n";
  return kExitOk;
}

}  // namespace

int RunCheckCommand(const Invocation& inv);  // check_command.cc

int Run(const std::vector<std::string>& args) {
  Invocation inv;
  if (!Parse(args, &inv)) return kExitError;
  if (inv.command.empty()) {
    std::cout << Message(inv.lang, Msg::kUsage);
    return inv.help || args.empty() ? kExitOk : kExitError;
  }
  const CommandSpec* spec = FindCommand(inv.command);
  if (inv.help) {
    std::cout << Message(inv.lang, spec->help);
    return kExitOk;
  }
  if (static_cast<int>(inv.arguments.size()) < spec->min_args) {
    PrintError(inv.lang, Message(inv.lang, Msg::kMissingArgument, {spec->args_label}));
    std::cerr << Message(inv.lang, spec->help);
    return kExitError;
  }
  if (inv.command == "ingest") return CmdIngest(inv);
  if (inv.command == "list") return CmdList(inv);
  if (inv.command == "show") return CmdShow(inv);
  if (inv.command == "search") return CmdSearch(inv);
  if (inv.command == "export") return CmdExport(inv);
  if (inv.command == "reextract") return CmdReextract(inv);
  if (inv.command == "watch") return CmdWatch(inv);
  if (inv.command == "verify") return CmdVerify(inv);
  return RunCheckCommand(inv);  // check, report
}

}  // namespace docpipe
