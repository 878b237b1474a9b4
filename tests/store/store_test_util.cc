#include "tests/store/store_test_util.h"

#include "pipeline/base/strings.h"

namespace docpipe::testing {

IngestRecord SyntheticDocument::Record(std::string file, std::string ruleset) const {
  IngestRecord record;
  record.sha256 = sha256;
  record.file = std::move(file);
  record.byte_size = static_cast<int64_t>(document.text.size());
  record.document = &document;
  record.normalized = &normalized;
  record.diagnostics = &diagnostics;
  record.extraction = &extraction;
  record.ruleset_version = std::move(ruleset);
  return record;
}

SyntheticDocument MakeDocument(std::string_view text) {
  SyntheticDocument result;
  result.sha256 = Sha256Hex(text);
  int number = 0;
  for (std::string_view page_text : Split(text, "\f")) {
    Page page;
    page.number = ++number;
    page.span.begin = result.document.text.size();
    result.document.text += page_text;
    // Readers end every page with a line break; the passages rely on it.
    if (!EndsWith(page_text, "\n")) result.document.text += '\n';
    page.span.end = result.document.text.size();
    result.document.pages.push_back(page);
  }
  result.document.file = "synthetic.txt";
  result.normalized = NormalizeText(result.document.text);
  return result;
}

namespace {
Provenance At(const Document& document, std::string_view quote, std::string rule_id) {
  Provenance where;
  size_t begin = document.text.find(quote);
  if (begin == std::string::npos) begin = 0;
  where.span = Span{begin, begin + quote.size()};
  where.page = document.PageAt(begin);
  where.rule_id = std::move(rule_id);
  where.quote = std::string(quote);
  return where;
}
}  // namespace

Extraction SampleExtraction(const Document& document) {
  Extraction extraction;
  Identity& id = extraction.identity;
  id.kind = Field{"Quyết định", At(document, "QUYẾT ĐỊNH", "identity.kind")};
  id.number = Field{"1520/QĐ-UBND", At(document, "1520/QĐ-UBND", "identity.number")};
  id.date = Field{"2025-08-21", At(document, "ngày 21 tháng 8 năm 2025", "identity.date")};
  id.issuer = Field{"UBND tỉnh Gia Lai", At(document, "ỦY BAN NHÂN DÂN", "identity.issuer")};
  id.recipients.push_back(Field{"Sở Ngoại vụ", At(document, "Sở Ngoại vụ", "identity.recipient")});

  Reference reference;
  reference.kind = "Nghị quyết";
  reference.number = "59-NQ/TW";
  reference.date = "2025-01-24";
  reference.issuer = "Bộ Chính trị";
  reference.where = At(document, "59-NQ/TW", "references.number");
  extraction.references.push_back(reference);

  Deadline deadline;
  deadline.date = "2026-03-17";
  deadline.relation = "before";
  deadline.agency = "Sở Ngoại vụ";
  deadline.text = "gửi trước ngày 17/3/2026";
  deadline.where = At(document, "trước ngày 17/3/2026", "deadlines.before");
  extraction.deadlines.push_back(deadline);

  Figure figure;
  figure.value = 1200000.5;
  figure.unit = "USD";
  figure.qualifier = "ước";
  figure.change_pct = 4.1;
  figure.subject = "kim ngạch xuất khẩu";
  figure.period = Period{"6 tháng đầu năm 2026", "2026-01-01", "2026-06-30", "half"};
  figure.where = At(document, "1.200.000,5 USD", "figures.money");
  extraction.figures.push_back(figure);
  Figure count;
  count.value = 9;
  count.unit = "thỏa thuận";
  count.where = At(document, "09 thỏa thuận", "figures.count");
  extraction.figures.push_back(count);  // no change_pct, no period: nulls

  Task task;
  task.section = "I";
  task.section_title = "NHIỆM VỤ CHUNG";
  task.stt = "1";
  task.content = "Tuyên truyền, \"phổ biến\" Nghị quyết, kế hoạch";
  task.lead = {"Sở Ngoại vụ"};
  task.coordinate = {"Sở Tư pháp", "UBND các xã, phường"};
  task.timeframe = Period{"Quý IV/2025", "2025-10-01", "2025-12-31", "quarter"};
  task.result = "Kế hoạch";
  task.targets.push_back(Target{100, "%", "đạt", "2025-12-31"});
  task.where = At(document, "Tuyên truyền", "table.task");
  extraction.tasks.push_back(task);

  Assignment assignment;
  assignment.agency = "Sở Công Thương";
  assignment.coordinate = {"Sở Tài chính"};
  assignment.action = "trình UBND tỉnh";
  assignment.deadline = "2025-09-21";
  assignment.where = At(document, "chậm nhất ngày 21/9/2025", "assignments.deadline");
  extraction.assignments.push_back(assignment);
  return extraction;
}

}  // namespace docpipe::testing
