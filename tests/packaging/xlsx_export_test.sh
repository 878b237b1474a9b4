#!/usr/bin/env bash
# export --format xlsx on the samples opens with openpyxl (Debian's
# python3-openpyxl): the five Vietnamese sheets, their header rows, the 68
# tasks of plan 1520/QĐ-UBND, dates typed as dates, numbers as numbers, a
# frozen header and an autofilter; a text "=1+1" stays text, never a formula.
source "$(dirname "$0")/common.sh"
python="$(debian_python)"
if ! "$python" -c 'import openpyxl' 2>/dev/null; then
  require_tool /nonexistent/openpyxl python3-openpyxl
fi

db="$SCRATCH/samples.db"
"$DOCPIPE_BIN" ingest --db "$db" --no-ocr --jobs 2 \
  "$DOCPIPE_SOURCE_DIR/samples/001-quyet-dinh-1520.pdf" "$DOCPIPE_SOURCE_DIR/samples/000-bao-cao.pdf" \
  "$DOCPIPE_SOURCE_DIR/samples/002-cong-van.pdf" "$DOCPIPE_SOURCE_DIR/samples/003-thong-bao-ket-luan.pdf" \
  "$DOCPIPE_SOURCE_DIR/samples/004-cong-van.pdf" >"$SCRATCH/ingest.log" 2>&1 ||
  { cat "$SCRATCH/ingest.log" >&2; fail "ingest of the samples"; }
"$DOCPIPE_BIN" check --db "$db" >/dev/null 2>&1 || true  # stores the findings (exit 1 = found some)

# A formula-looking text in the data: the first task's content becomes "=1+1".
"$python" - "$db" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("UPDATE tasks SET content = '=1+1' WHERE rowid = (SELECT min(rowid) FROM tasks)")
con.commit()
PY

"$DOCPIPE_BIN" export --db "$db" --format xlsx --output "$SCRATCH/kho.xlsx" || fail "export --format xlsx exited $?"
# Without --output to a pipe: the same workbook on stdout.
"$DOCPIPE_BIN" export --db "$db" --format xlsx | cat >"$SCRATCH/stdout.xlsx" || fail "xlsx to stdout"
"$python" -c 'import openpyxl, sys; assert len(openpyxl.load_workbook(sys.argv[1]).sheetnames) == 5' \
  "$SCRATCH/stdout.xlsx" || fail "the workbook written to stdout does not open"

"$python" - "$SCRATCH/kho.xlsx" <<'PY' || fail "the workbook"
import datetime, sys, zipfile
import openpyxl

path = sys.argv[1]
wb = openpyxl.load_workbook(path)
want = ["Văn bản", "Nhiệm vụ kế hoạch", "Số liệu", "Thời hạn", "Phát hiện"]
assert wb.sheetnames == want, wb.sheetnames

def headers(ws):
    return [c.value for c in ws[1]]

for ws in wb.worksheets:
    assert ws.freeze_panes == "A2", (ws.title, ws.freeze_panes)
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), (ws.title, ws.auto_filter.ref)
    assert all(h for h in headers(ws)), (ws.title, headers(ws))

docs = wb["Văn bản"]
h = headers(docs)
assert h[:4] == ["Mã", "Loại văn bản", "Số, ký hiệu", "Ngày ban hành"], h
rows = list(docs.iter_rows(min_row=2, values_only=True))
assert len(rows) == 5, len(rows)
plan = [r for r in rows if r[2] == "1520/QĐ-UBND"]
assert len(plan) == 1, rows
plan = plan[0]
assert isinstance(plan[3], datetime.datetime) and plan[3].date() == datetime.date(2025, 8, 21), plan[3]
assert docs.cell(row=rows.index(plan) + 2, column=4).number_format == "dd/mm/yyyy"
assert isinstance(plan[h.index("Số trang")], int), plan
assert plan[h.index("Số nhiệm vụ")] == 68, plan

tasks = wb["Nhiệm vụ kế hoạch"]
th = headers(tasks)
for name in ["Số văn bản", "STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Từ ngày", "Đến ngày", "Tình trạng", "Trang"]:
    assert name in th, (name, th)
task_rows = [r for r in tasks.iter_rows(min_row=2, values_only=True) if r[0] == "1520/QĐ-UBND"]
assert len(task_rows) == 68, len(task_rows)
dated = [r[th.index("Đến ngày")] for r in task_rows if r[th.index("Đến ngày")] is not None]
assert dated and all(isinstance(d, datetime.datetime) for d in dated), dated[:3]
assert all(isinstance(r[th.index("Trang")], int) for r in task_rows)
# Every task carries the status `docpipe check` stored, in the report's words.
statuses = [r[th.index("Tình trạng")] for r in task_rows]
labels = ("Đã hoàn thành", "Chưa hoàn thành", "Chưa có thông tin")
assert all(s and s.startswith(labels) for s in statuses), [s for s in statuses if not s or not s.startswith(labels)][:3]
assert any(s.startswith("Chưa hoàn thành") or s.startswith("Đã hoàn thành") for s in statuses), statuses[:3]

# "=1+1" is a text cell: a shared or inline string, never a formula.
cells = [c for row in tasks.iter_rows(min_row=2) for c in row if c.value == "=1+1"]
assert len(cells) == 1, "the =1+1 task content is missing"
assert cells[0].data_type in ("s", "inlineStr"), cells[0].data_type
with zipfile.ZipFile(path) as z:
    for name in z.namelist():
        if name.startswith("xl/worksheets/"):
            assert b"<f>" not in z.read(name), name + " holds a formula"

figures = wb["Số liệu"]
fh = headers(figures)
values = [r[fh.index("Giá trị")] for r in figures.iter_rows(min_row=2, values_only=True)]
assert values and all(isinstance(v, (int, float)) for v in values), values[:5]

deadlines = wb["Thời hạn"]
dh = headers(deadlines)
dates = [r[dh.index("Ngày")] for r in deadlines.iter_rows(min_row=2, values_only=True)]
assert dates and all(isinstance(d, datetime.datetime) for d in dates), dates[:5]

flags = wb["Phát hiện"]
assert headers(flags)[:4] == ["STT", "Mức độ", "Loại", "Nội dung"], headers(flags)
print("xlsx: %d documents, %d plan tasks, %d figures, %d deadlines, %d finding rows" %
      (len(rows), len(task_rows), len(values), len(dates), flags.max_row - 1))
PY

# CSV: a cell "=1+1" must not run as a formula in a spreadsheet.
"$DOCPIPE_BIN" export --db "$db" --format csv --output "$SCRATCH" || fail "export --format csv"
grep -q "=1+1" "$SCRATCH/tasks.csv" || fail "the =1+1 task content is missing from tasks.csv"
if grep -Eq '(^|,)"?=1\+1' "$SCRATCH/tasks.csv"; then
  fail "CSV export writes =1+1 as a formula"
fi
echo "CSV export neutralises =1+1: $(grep -o '[^,]*=1+1[^,]*' "$SCRATCH/tasks.csv" | head -1)"
echo "xlsx export: OK"
