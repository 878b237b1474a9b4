#include "pipeline/cli/messages.h"

#include "pipeline/base/file_util.h"
#include "pipeline/base/strings.h"

namespace docpipe {
namespace {

struct Entry {
  Msg id;
  const char* vi;
  const char* en;
};

// Keep the two languages side by side; review diacritics here.
constexpr Entry kMessages[] = {
    {Msg::kUsage,
     "docpipe — đọc văn bản hành chính (PDF), trích xuất thông tin và đối chiếu báo cáo với kế hoạch.\n"
     "\n"
     "Cách dùng: docpipe <lệnh> [tùy chọn] [tham số]\n"
     "\n"
     "Các lệnh:\n"
     "  ingest PATH...      nạp tệp PDF/TXT (hoặc thư mục) vào kho\n"
     "  list                liệt kê văn bản đã lưu và tệp bị cách ly\n"
     "  show DOC            xem một văn bản: định danh, trích dẫn, thời hạn, số liệu, nhiệm vụ\n"
     "  search QUERY        tìm kiếm không phân biệt dấu, kiểu bỏ dấu thanh\n"
     "  export --format json|csv|xlsx  xuất dữ liệu (JSON theo schema/export.schema.json; Excel)\n"
     "  reextract           trích xuất lại khi bộ quy tắc thay đổi\n"
     "  watch INBOX         theo dõi thư mục, tự nạp tệp mới, lưu trữ hoặc cách ly\n"
     "  check               đối chiếu với kế hoạch, liệt kê mâu thuẫn kèm trích dẫn\n"
     "  report --html FILE  ghi báo cáo HTML tự chứa (mở được khi không có mạng)\n"
     "  verify              kiểm tra toàn vẹn cơ sở dữ liệu và tệp lưu trữ\n"
     "\n"
     "Tùy chọn chung:\n"
     "  --db FILE       tệp cơ sở dữ liệu SQLite (mặc định ./docpipe.db)\n"
     "  --rules DIR     thư mục bộ quy tắc (mặc định: $DOCPIPE_RULES; bản cài đặt:\n"
     "                  ../share/docpipe/rules cạnh tệp chạy; bản mã nguồn: rules/ của dự án)\n"
     "  --lang vi|en    ngôn ngữ thông báo (mặc định vi)\n"
     "  -h, --help      trợ giúp; docpipe <lệnh> --help cho từng lệnh\n"
     "  --version       phiên bản docpipe, các thư viện, bộ quy tắc và bộ chuẩn hóa\n"
     "\n"
     "Mã thoát: 0 thành công; 1 (check) có mâu thuẫn; 2 lỗi (sai cú pháp, không mở được\n"
     "cơ sở dữ liệu hoặc bộ quy tắc); 3 hoàn tất nhưng có tệp bị cách ly hoặc có lỗi.\n",
     "docpipe — reads administrative documents (PDF), extracts what they say and checks reports "
     "against the plan.\n"
     "\n"
     "Usage: docpipe <command> [options] [arguments]\n"
     "\n"
     "Commands:\n"
     "  ingest PATH...      ingest PDF/TXT files (or folders) into the archive\n"
     "  list                list stored documents and quarantined files\n"
     "  show DOC            show a document: identity, references, deadlines, figures, tasks\n"
     "  search QUERY        search, insensitive to diacritics and tone-mark style\n"
     "  export --format json|csv|xlsx  export (JSON per schema/export.schema.json; Excel)\n"
     "  reextract           re-run extraction when the rules changed\n"
     "  watch INBOX         watch a folder, ingest new files, archive or quarantine them\n"
     "  check               cross-check against the plan; contradictions with quotes\n"
     "  report --html FILE  write a self-contained HTML report (works offline)\n"
     "  verify              check the database and the archived files for integrity\n"
     "\n"
     "Common options:\n"
     "  --db FILE       SQLite database file (default ./docpipe.db)\n"
     "  --rules DIR     rule-set folder (default: $DOCPIPE_RULES; installed: ../share/docpipe/rules\n"
     "                  beside the executable; a checkout: the project's rules/)\n"
     "  --lang vi|en    language of messages (default vi)\n"
     "  -h, --help      help; docpipe <command> --help for one command\n"
     "  --version       versions of docpipe, its libraries, the rule set and the normaliser\n"
     "\n"
     "Exit status: 0 success; 1 (check) contradictions found; 2 error (bad usage, database or\n"
     "rules cannot be opened); 3 finished, but some files were quarantined or had errors.\n"},
    {Msg::kHelpIngest,
     "docpipe ingest [--db FILE] [--jobs N] [--no-ocr] [--quarantine DIR] PATH...\n"
     "  Nạp tệp PDF hoặc TXT; thư mục được duyệt đệ quy. Tệp trùng nội dung (SHA-256) chỉ lưu một\n"
     "  lần; bản sao đổi tên được ghi nhận. Mỗi tệp đọc trong tiến trình con có giới hạn thời gian\n"
     "  và bộ nhớ; tệp hỏng được báo lỗi rõ ràng (và chép vào --quarantine kèm lý do nếu có).\n"
     "  --jobs N        số tệp đọc song song (mặc định 1); tệp vừa đọc được trích xuất và lưu\n"
     "                  trong khi tệp sau đang được đọc\n"
     "  --no-ocr        không nhận dạng ký tự trang ảnh quét\n"
     "  Mã thoát: 0 tất cả thành công; 3 có tệp lỗi; 2 không mở được kho hoặc bộ quy tắc.\n",
     "docpipe ingest [--db FILE] [--jobs N] [--no-ocr] [--quarantine DIR] PATH...\n"
     "  Ingests PDF or TXT files; folders are walked recursively. Files with the same content\n"
     "  (SHA-256) are stored once; renamed copies are recorded. Each file is read in a child\n"
     "  process with time and memory limits; bad files get a clear error (and are copied to\n"
     "  --quarantine with a reason file when given).\n"
     "  --jobs N        files read in parallel (default 1); a file just read is extracted and\n"
     "                  stored while the next one is read\n"
     "  --no-ocr        do not OCR scanned pages\n"
     "  Exit status: 0 all stored; 3 some files failed; 2 database or rules cannot be opened.\n"},
    {Msg::kHelpList,
     "docpipe list [--db FILE] [--json]\n  Liệt kê văn bản đã lưu (loại, số, ngày, cơ quan ban hành) và tệp bị lỗi.\n"
     "  --json          in JSON theo schema/cli-list.schema.json\n",
     "docpipe list [--db FILE] [--json]\n  Lists stored documents (kind, number, date, issuer) and failed files.\n"
     "  --json          print JSON per schema/cli-list.schema.json\n"},
    {Msg::kHelpShow,
     "docpipe show [--db FILE] [--json] DOC\n  DOC: số văn bản (1520/QĐ-UBND), mã số (id), đầu mã SHA-256 hoặc tên tệp.\n"
     "  Hiện định danh, văn bản được trích dẫn, thời hạn, số liệu, nhiệm vụ — mỗi mục kèm trích dẫn.\n"
     "  --json          in JSON theo schema/cli-show.schema.json\n",
     "docpipe show [--db FILE] [--json] DOC\n  DOC: document number (1520/QĐ-UBND), id, SHA-256 prefix or file name.\n"
     "  Shows identity, references, deadlines, figures, tasks — each with its quote.\n"
     "  --json          print JSON per schema/cli-show.schema.json\n"},
    {Msg::kHelpSearch,
     "docpipe search [--db FILE] [--limit N] [--json] QUERY\n  Tìm không phân biệt dấu và kiểu đặt dấu thanh (\"thoa thuan\" = \"thỏa thuận\" = \"thoả thuận\").\n"
     "  --json          in JSON theo schema/cli-search.schema.json\n",
     "docpipe search [--db FILE] [--limit N] [--json] QUERY\n  Search insensitive to diacritics and tone style (\"thoa thuan\" = \"thỏa thuận\" = \"thoả thuận\").\n"
     "  --json          print JSON per schema/cli-search.schema.json\n"},
    {Msg::kHelpExport,
     "docpipe export [--db FILE] --format json|csv|xlsx [--output FILE]\n"
     "  JSON theo hợp đồng schema/export.schema.json; CSV dạng UTF-8 có BOM để Excel hiển thị đúng tiếng Việt.\n"
     "  xlsx: sổ Excel (cần --output), các trang Văn bản, Nhiệm vụ kế hoạch, Số liệu, Thời hạn,\n"
     "  Phát hiện; ngày là kiểu ngày, số là kiểu số, dòng tiêu đề cố định, có bộ lọc.\n",
     "docpipe export [--db FILE] --format json|csv|xlsx [--output FILE]\n"
     "  JSON per the contract schema/export.schema.json; CSV in UTF-8 with BOM for Excel.\n"
     "  xlsx: an Excel workbook (needs --output) with sheets for documents, plan tasks, figures,\n"
     "  deadlines and findings; dates typed as dates, numbers as numbers, frozen header, filters.\n"},
    {Msg::kHelpReextract,
     "docpipe reextract [--db FILE] [--all] [--jobs N]\n"
     "  Trích xuất lại từ văn bản đã lưu (không đọc lại PDF) cho các văn bản lập theo bộ quy tắc cũ;\n"
     "  --all: tất cả văn bản.\n",
     "docpipe reextract [--db FILE] [--all] [--jobs N]\n"
     "  Re-runs extraction from the stored text (no PDF parsing) for documents made with older\n"
     "  rules; --all: every document.\n"},
    {Msg::kHelpWatch,
     "docpipe watch [--db FILE] [--archive DIR] [--quarantine DIR] [--once] INBOX\n"
     "  Theo dõi INBOX: tệp mới được nạp khi đã ghi xong, rồi chuyển vào thư mục lưu trữ\n"
     "  (năm/loại/số) hoặc thư mục cách ly kèm tệp lý do. Dừng bằng Ctrl+C (SIGINT/SIGTERM).\n"
     "  --once: xử lý những gì đang có rồi thoát.\n"
     "  Chỉ nhận PDF và .txt; không bao giờ lấy cơ sở dữ liệu, liên kết tượng trưng hay tệp đang ghi.\n"
     "  --incomplete-wait S: chờ tối đa S giây cho PDF chưa ghi xong (mặc định 120).\n",
     "docpipe watch [--db FILE] [--archive DIR] [--quarantine DIR] [--once] INBOX\n"
     "  Watches INBOX: new files are ingested once completely written, then moved to the archive\n"
     "  (year/kind/number) or to quarantine with a reason file. Stop with Ctrl+C (SIGINT/SIGTERM).\n"
     "  --once: process what is there and exit.\n"
     "  Takes only PDF and .txt files; never the database, symbolic links or files being written.\n"
     "  --incomplete-wait S: wait up to S seconds for an unfinished PDF (default 120).\n"},
    {Msg::kHelpCheck,
     "docpipe check [--db FILE] [--html FILE] [--json]\n"
     "  Đối chiếu báo cáo với kế hoạch và với nhau; in bảng tình hình thực hiện từng nhiệm vụ (tính đến\n"
     "  cuối kỳ của báo cáo mới nhất, kèm trích dẫn), danh sách cần đôn đốc theo đơn vị chủ trì và các\n"
     "  phát hiện theo nhóm kèm trích dẫn hai phía. --json: in kết quả dạng JSON. Mã thoát 1 nếu có mâu thuẫn.\n",
     "docpipe check [--db FILE] [--html FILE] [--json]\n"
     "  Cross-checks reports against the plan and each other; prints each task's status (as of the end\n"
     "  of the period the latest report covers, with a quote), a follow-up list per lead agency and\n"
     "  grouped findings with quotes from both sides. --json: print the result as JSON. Exit status 1\n"
     "  when contradictions are found.\n"},
    {Msg::kHelpReport, "docpipe report [--db FILE] --html FILE\n  Ghi báo cáo HTML tự chứa cho lãnh đạo.\n",
     "docpipe report [--db FILE] --html FILE\n  Writes the self-contained HTML report for officials.\n"},
    {Msg::kHelpVerify,
     "docpipe verify [--db FILE] [--archive DIR]\n"
     "  Kiểm tra toàn vẹn cơ sở dữ liệu (integrity_check, khóa ngoại, chỉ mục tìm kiếm) và đối chiếu\n"
     "  mỗi tệp trong thư mục lưu trữ với mã SHA-256 đã lưu. Mã thoát 0 nếu toàn vẹn, 3 nếu có lỗi.\n",
     "docpipe verify [--db FILE] [--archive DIR]\n"
     "  Checks the database (integrity_check, foreign keys, the search index) and that every\n"
     "  archived file exists with its stored SHA-256. Exit status 0 if intact, 3 on problems.\n"},
    {Msg::kUnknownCommand, "lệnh không hợp lệ: '$1' (xem docpipe --help)", "unknown command: '$1' (see docpipe --help)"},
    {Msg::kUnknownOption, "tùy chọn không hợp lệ: '$1' (xem docpipe $2 --help)", "unknown option: '$1' (see docpipe $2 --help)"},
    {Msg::kMissingValue, "tùy chọn '$1' cần một giá trị", "option '$1' needs a value"},
    {Msg::kBadValue, "giá trị không hợp lệ cho '$1': '$2'", "bad value for '$1': '$2'"},
    {Msg::kMissingArgument, "thiếu tham số: $1", "missing argument: $1"},
    {Msg::kError, "lỗi", "error"},
    {Msg::kWarning, "cảnh báo", "warning"},
    {Msg::kIngestStored, "[$1/$2] $3: đã lưu — $4", "[$1/$2] $3: stored — $4"},
    {Msg::kIngestDuplicate, "[$1/$2] $3: đã có trong kho (cùng nội dung với $4)", "[$1/$2] $3: already stored (same content as $4)"},
    {Msg::kIngestFailed, "[$1/$2] $3: lỗi — $4", "[$1/$2] $3: failed — $4"},
    {Msg::kIngestSummary, "Đã xử lý $1 tệp: $2 mới, $3 trùng, $4 lỗi.", "Processed $1 files: $2 new, $3 duplicates, $4 failed."},
    {Msg::kNoInputFiles, "không tìm thấy tệp PDF/TXT nào trong: $1", "no PDF/TXT files found in: $1"},
    {Msg::kListHeader, "Mã  Loại                 Số                    Ngày        Trang  Tệp",
     "Id  Kind                 Number                Date        Pages  File"},
    {Msg::kListEmpty, "Kho chưa có văn bản nào.", "The archive holds no documents."},
    {Msg::kListFailures, "Tệp bị lỗi (cách ly):", "Failed (quarantined) files:"},
    {Msg::kDocNotFound, "không tìm thấy văn bản: '$1'", "no such document: '$1'"},
    {Msg::kSearchNoHits, "Không tìm thấy kết quả cho \"$1\".", "No results for \"$1\"."},
    {Msg::kVersionRuntime, "thư viện đang chạy", "run time"},
    {Msg::kVersionCompileTime, "lúc biên dịch; thư viện không báo phiên bản khi chạy",
     "compile time; the library reports no version at run time"},
    {Msg::kVersionNotBuilt, "không có trong bản dựng này", "not in this build"},
    {Msg::kVersionRules, "Bộ quy tắc:     $1 ($2)", "Rule set:       $1 ($2)"},
    {Msg::kVersionRulesUnreadable, "Bộ quy tắc:     không đọc được $1: $2", "Rule set:       cannot read $1: $2"},
    {Msg::kVersionFormats, "Bộ chuẩn hóa:   phiên bản $1; lược đồ cơ sở dữ liệu $2; định dạng xuất JSON $3",
     "Normaliser:     version $1; database schema $2; JSON export format $3"},
    {Msg::kVersionLicense,
     "Giấy phép GPL phiên bản 2 trở lên (docpipe dùng Poppler). Không có bảo hành.",
     "License GPL version 2 or later (docpipe links Poppler). There is NO WARRANTY."},
    {Msg::kExportNeedsOutput, "định dạng '$1' cần --output FILE (không ghi tệp nhị phân ra màn hình)",
     "format '$1' needs --output FILE (binary output is not written to a terminal)"},
    {Msg::kReextractNothing, "Không có văn bản nào cần trích xuất lại (bộ quy tắc $1).", "Nothing to re-extract (rule set $1)."},
    {Msg::kReextractDone, "Đã trích xuất lại $1 văn bản theo bộ quy tắc $2.", "Re-extracted $1 documents with rule set $2."},
    {Msg::kProgress, "$1/$2 văn bản, còn khoảng $3 giây", "$1/$2 documents, about $3 s left"},
    {Msg::kWatchStarted, "Đang theo dõi $1 (Ctrl+C để dừng)…", "Watching $1 (Ctrl+C to stop)…"},
    {Msg::kWatchStopped, "Đã dừng theo dõi.", "Stopped watching."},
    {Msg::kWatchArchived, "$1 → $2", "$1 → $2"},
    {Msg::kWatchQuarantined, "$1 → cách ly: $2", "$1 → quarantine: $2"},
    {Msg::kWatchSkippedSymlink, "Bỏ qua $1: liên kết tượng trưng (không đi theo)", "Skipped $1: a symbolic link (not followed)"},
    {Msg::kWatchSkippedNotRegular, "Bỏ qua $1: không phải tệp thường", "Skipped $1: not a regular file"},
    {Msg::kWatchSkippedNotDocument, "Bỏ qua $1: không phải PDF hay .txt", "Skipped $1: neither a PDF nor a .txt file"},
    {Msg::kWatchWaiting, "Chờ $1 ghi xong (tối đa $2 giây): $3", "Waiting for $1 to be complete (up to $2 s): $3"},
    {Msg::kWatchRetry, "Giữ $1 trong hộp thư, thử lại sau $2 giây: $3", "Kept $1 in the inbox, retrying in $2 s: $3"},
    {Msg::kWatchKept, "Giữ $1 trong hộp thư: $2", "Kept $1 in the inbox: $2"},
    {Msg::kWatchMoveFailed, "Chưa chuyển được $1: $2", "Could not move $1: $2"},
    {Msg::kWatchVanished, "$1 đã rời hộp thư (tiến trình khác đã lấy?)", "$1 left the inbox (taken by another watcher?)"},
    {Msg::kVerifyOk, "Toàn vẹn: $1 văn bản, $2 tệp lưu trữ khớp SHA-256.", "Intact: $1 documents, $2 archived files match their SHA-256."},
    {Msg::kVerifyProblem, "Lỗi toàn vẹn: $1", "Integrity problem: $1"},
    {Msg::kCheckSummary, "Tổng cộng: $1 mâu thuẫn, $2 cảnh báo, $3 thông tin.", "Total: $1 contradictions, $2 warnings, $3 notes."},
    {Msg::kReportWritten, "Đã ghi báo cáo: $1", "Report written: $1"},
    {Msg::kTaskTableHeader, "Kế hoạch $1: tình hình thực hiện $2 nhiệm vụ tính đến $3 ($4)",
     "Plan $1: status of $2 tasks as of $3 ($4)"},
    {Msg::kTaskTableColumns, "STT  Đơn vị chủ trì                           Hạn (chu kỳ)             Trạng thái",
     "No.  Lead agency                              Due (cycle)              Status"},
    {Msg::kTaskCompletedOnTime, "đã hoàn thành đúng hạn", "completed on time"},
    {Msg::kTaskCompletedLate, "đã hoàn thành quá hạn", "completed late"},
    {Msg::kTaskCompleted, "đã hoàn thành", "completed"},
    {Msg::kTaskNotCompletedWithinTerm, "chưa hoàn thành, trong hạn", "not completed, within term"},
    {Msg::kTaskNotCompletedOverdue, "chưa hoàn thành, quá hạn", "not completed, overdue"},
    {Msg::kTaskNotCompleted, "chưa hoàn thành", "not completed"},
    {Msg::kTaskNoInformation, "chưa có thông tin", "no information"},
    {Msg::kTaskTargetMet, "đạt chỉ tiêu", "target met"},
    {Msg::kTaskTargetExceeded, "vượt chỉ tiêu", "target exceeded"},
    {Msg::kTaskTargetNotMet, "chưa đạt chỉ tiêu", "target not met"},
    {Msg::kTaskDaysLeft, "còn $1 ngày", "$1 days left"},
    {Msg::kTaskDaysOverdue, "quá $1 ngày", "$1 days overdue"},
    {Msg::kTaskNoDueDate, "không có hạn", "no due date"},
    {Msg::kTaskEvidence, "$1, trang $2", "$1, page $2"},
    {Msg::kTaskFollowUpHeader, "Cần đôn đốc, theo đơn vị chủ trì:", "Follow-up by lead agency:"},
    {Msg::kTaskStatusSummary, "Nhiệm vụ: $1 đã hoàn thành, $2 chưa hoàn thành ($3 quá hạn), $4 chưa có thông tin.",
     "Tasks: $1 completed, $2 not completed ($3 overdue), $4 no information."},
    {Msg::kCodeInvalidArgument, "tham số không hợp lệ", "invalid argument"},
    {Msg::kCodeNotFound, "không tìm thấy", "not found"},
    {Msg::kCodeIoError, "lỗi đọc/ghi tệp", "input/output error"},
    {Msg::kCodeBadInput, "tệp hỏng hoặc không phải văn bản hợp lệ", "corrupt or invalid document"},
    {Msg::kCodeUnsupported, "không hỗ trợ (ví dụ: PDF được mã hóa)", "unsupported (e.g. an encrypted PDF)"},
    {Msg::kCodeRuleError, "lỗi bộ quy tắc", "rule error"},
    {Msg::kCodeStoreError, "lỗi cơ sở dữ liệu", "database error"},
    {Msg::kCodeLimitExceeded, "vượt giới hạn thời gian hoặc bộ nhớ khi đọc tệp", "time or memory limit exceeded while reading"},
    {Msg::kCodeInternal, "lỗi nội bộ của docpipe", "internal docpipe error"},
};

struct FlagEntry {
  FlagMessage id;
  const char* vi;
  const char* en;
};

// The cross-check's sentences; placeholders as listed at model/flags.h
// FlagMessage. "gồm" stays Vietnamese in English: it is the word quoted.
constexpr FlagEntry kFlagMessages[] = {
    {FlagMessage::kCountVsListTotal,
     "Nêu tổng số $1 nhưng các phần liệt kê sau \"gồm\" cộng lại là $2.",
     "States a total of $1 but the parts listed after \"gồm\" add up to $2."},
    {FlagMessage::kCountVsListItems, "Nêu $1 mục nhưng danh sách liệt kê sau \"gồm\" có $2 mục.",
     "States $1 items but the list after \"gồm\" names $2."},
    {FlagMessage::kRepeatedPassage, "Đoạn văn bị lặp lại nguyên văn (trang $1 và trang $2).",
     "A passage is repeated word for word (page $1 and page $2)."},
    {FlagMessage::kPlaceholderNumber, "Văn bản để trống số (chỗ điền chưa được điền).",
     "The document leaves the number blank (an unfilled placeholder)."},
    {FlagMessage::kPlaceholderDate, "Văn bản để trống ngày (chỗ điền chưa được điền).",
     "The document leaves the date blank (an unfilled placeholder)."},
    {FlagMessage::kPlaceholderNumberAndDate,
     "Văn bản để trống số và ngày (chỗ điền chưa được điền).",
     "The document leaves the number and date blank (an unfilled placeholder)."},
    {FlagMessage::kSectionNumberTwice, "Hai mục cùng được đánh số $1.",
     "Two sections are both numbered $1."},
    {FlagMessage::kFigureUpdated, "Văn bản sau ($1) cập nhật \"$2\" ($3): $4 → $5 $6.",
     "A later document ($1) updates \"$2\" ($3): $4 -> $5 $6."},
    {FlagMessage::kFigureMismatchWithin,
     "Cùng chỉ tiêu \"$1\" ($2) nêu hai giá trị khác nhau trong cùng văn bản: $3 và $4 $5.",
     "The same metric \"$1\" ($2) has two values within one document: $3 and $4 $5."},
    {FlagMessage::kFigureMismatchBetween,
     "Cùng chỉ tiêu \"$1\" ($2) nêu hai giá trị khác nhau giữa hai văn bản: $3 và $4 $5.",
     "The same metric \"$1\" ($2) has two values between two documents: $3 and $4 $5."},
    {FlagMessage::kCumulativeDecrease, "Số lũy kế \"$1\" giảm khi kỳ dài hơn: $2 ($3) nhưng $4 ($5).",
     "Cumulative \"$1\" goes down over a longer period: $2 ($3) but $4 ($5)."},
    {FlagMessage::kPlanLeadCount,
     "Văn bản nêu $1 đơn vị được giao chủ trì theo $2, nhưng phụ lục kế hoạch giao chủ trì cho $3 "
     "đơn vị: $4.",
     "The document counts $1 lead agencies under $2, but the plan's appendix names $3 lead "
     "agencies: $4."},
    {FlagMessage::kPlanExistingPartner,
     "$1 là đối tác hiện có theo $2, nhưng văn bản này nêu việc thiết lập quan hệ với $1 như một "
     "việc còn phải làm.",
     "$1 is an existing partner in $2, but this document reports establishing relations with $1 "
     "as still to be done."},
    {FlagMessage::kListUpdatedCommunes,
     "Nhất quán (cập nhật): $1 liệt kê $2 xã, phường chưa thực hiện ($3); $4 sau đó nêu $5/$6 đã "
     "thực hiện, còn $7 — ít hơn danh sách trước $8.",
     "Consistent (an update): $1 lists $2 communes that had not acted; $4 later says $5/$6 have, "
     "leaving $7 ($8 fewer)."},
    {FlagMessage::kListUpdatedAgencies,
     "Nhất quán (cập nhật): $1 liệt kê $2 cơ quan, đơn vị chưa thực hiện ($3); $4 sau đó nêu $5/$6 "
     "đã thực hiện, còn $7 — ít hơn danh sách trước $8.",
     "Consistent (an update): $1 lists $2 agencies that had not acted; $4 later says $5/$6 have, "
     "leaving $7 ($8 fewer)."},
    {FlagMessage::kListContradictedCommunes,
     "Không nhất quán: $1 liệt kê $2 xã, phường chưa thực hiện ($3), nhưng $4 sau đó nêu $5/$6 đã "
     "thực hiện, tức còn $7 — nhiều hơn danh sách trước.",
     "Inconsistent: $1 lists $2 communes that had not acted, but $4 later says $5/$6 have, leaving "
     "$7 — more than the earlier list."},
    {FlagMessage::kListContradictedAgencies,
     "Không nhất quán: $1 liệt kê $2 cơ quan, đơn vị chưa thực hiện ($3), nhưng $4 sau đó nêu "
     "$5/$6 đã thực hiện, tức còn $7 — nhiều hơn danh sách trước.",
     "Inconsistent: $1 lists $2 agencies that had not acted, but $4 later says $5/$6 have, leaving "
     "$7 — more than the earlier list."},
    {FlagMessage::kDeadlineLate,
     "$1 yêu cầu trước $2; $3 được ban hành ngày $4, trễ $5 ngày so với hạn.",
     "$1 asked for it by $2; $3 was issued on $4, $5 days after the deadline."},
    {FlagMessage::kDeadlinePassed,
     "Đã quá hạn $1 nhưng không văn bản nào sau đó cho thấy việc đã được thực hiện.",
     "The deadline $1 has passed and no later document shows the work was done."},
    {FlagMessage::kDeadlinePassedAgency,
     "Đã quá hạn $1 ($2) nhưng không văn bản nào sau đó cho thấy việc đã được thực hiện.",
     "The deadline $1 ($2) has passed and no later document shows the work was done."},
    {FlagMessage::kDuplicateCopy,
     "$1 là một bản khác của $2 ($3 % nội dung trùng khớp); chỉ đối chiếu bản $2.",
     "$1 is another copy of $2 ($3 % of its content matches); only $2 is cross-checked."},
};

Msg CodeMessage(Code code) {
  switch (code) {
    case Code::kOk:
    case Code::kInternal: return Msg::kCodeInternal;
    case Code::kInvalidArgument: return Msg::kCodeInvalidArgument;
    case Code::kNotFound: return Msg::kCodeNotFound;
    case Code::kIoError: return Msg::kCodeIoError;
    case Code::kBadInput: return Msg::kCodeBadInput;
    case Code::kUnsupported: return Msg::kCodeUnsupported;
    case Code::kRuleError: return Msg::kCodeRuleError;
    case Code::kStoreError: return Msg::kCodeStoreError;
    case Code::kLimitExceeded: return Msg::kCodeLimitExceeded;
  }
  return Msg::kCodeInternal;
}

}  // namespace

std::string Message(Lang lang, Msg id, std::initializer_list<std::string_view> args) {
  for (const Entry& entry : kMessages) {
    if (entry.id == id) return Substitute(lang == Lang::kVi ? entry.vi : entry.en, args);
  }
  return "?";
}

std::string FlagText(Lang lang, const Flag& flag) {
  for (const FlagEntry& entry : kFlagMessages) {
    if (entry.id == flag.message) return Substitute(lang == Lang::kVi ? entry.vi : entry.en, flag.args);
  }
  return "";
}

void RenderFlagTexts(Flag* flag) {
  flag->message_vi = FlagText(Lang::kVi, *flag);
  flag->message_en = FlagText(Lang::kEn, *flag);
}

std::string RenderStatus(Lang lang, const Status& status) {
  const Location& where = status.where();
  std::string out;
  // File names and details may hold escape sequences or line breaks (a
  // hostile file name): never printed raw.
  if (!where.file.empty()) {
    out += EscapeForTerminal(where.file);
    if (where.line > 0) out += ":" + std::to_string(where.line);
    if (where.page > 0) out += lang == Lang::kVi ? ": trang " : ": page ";
    if (where.page > 0) out += std::to_string(where.page);
    out += ": ";
  }
  out += Message(lang, CodeMessage(status.code()));
  if (!status.detail().empty()) out += " (" + EscapeForTerminal(status.detail()) + ")";
  if (!where.line_text.empty()) {
    // Reuse the developer rendering for the caret lines.
    std::string dev = status.ToString();
    size_t nl = dev.find('\n');
    if (nl != std::string::npos) out += dev.substr(nl);
  }
  return out;
}

}  // namespace docpipe
