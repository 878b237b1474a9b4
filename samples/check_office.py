#!/usr/bin/python3
"""Check the PDFs of generate_office.py / generate_scan.py with poppler-utils.

Run:  /usr/bin/python3 samples/check_office.py [--ocr]

For every copy (samples/*.pdf, samples/office/libreoffice/, .../chromium/):
* `pdftotext -layout`: every header and closing line the seed has is on one
  line (spaces collapsed), e.g. "Số: 1520/QĐ-UBND" and "Gia Lai, ngày 21
  tháng 8 năm 2025" on page 1 of 001;
* for 001, every cell of 001-quyet-dinh-1520.appendix.json: in `pdftotext
  -raw` order (white space removed) the cell is present as a whole, or split
  over a page break (prefix at the end of a page, rest at the top of the next
  after the repeated header row); a lead cell merged over several rows is
  printed once; and every word of the cells appears in `pdftotext -layout`
  as often as the cells need it (words broken at a hyphen by the line
  wrap, "2026-" + "2030", are listed, not counted as failures).
* the signed scan: the only text is the stamp; with --ocr, tesseract (vie,
  300 dpi) finds the number, the date and the signer on its pages.
Exits 1 if anything is missing.
"""

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_office import NAMES, lead_runs  # noqa: E402

LINES = {
    "001": ["ỦY BAN NHÂN DÂN", "TỈNH GIA LAI", "Số: 1520/QĐ-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
            "Gia Lai, ngày 21 tháng 8 năm 2025", "QUYẾT ĐỊNH", "Nơi nhận:",
            "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Anh Tuấn", "PHỤ LỤC"],
    "000": ["BÁO CÁO", "Kết quả thực hiện Nghị quyết số 59-NQ/TW", "Kính gửi: Bộ Ngoại giao",
            "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
            "Nguyễn Thị Thanh Lịch"],
    "002": ["Nơi nhận:", "Nguyễn Thị Thanh Lịch", "1 Sở Văn hoá, Thể thao và Du lịch"],
    "003": ["Kết luận của đồng chí Phạm Anh Tuấn, Chủ tịch UBND tỉnh", "Nơi nhận:",
            "TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"],
    "004": ["Thủ tướng Chính phủ về công tác", "Kính gửi:", "Nơi nhận:", "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH", "Nguyễn Thị Thanh Lịch"],
}
SCAN = HERE / "office" / "scan" / "001-quyet-dinh-1520-signed-scan.pdf"
STAMP = ["Ký bởi: Ủy ban nhân dân tỉnh Gia Lai", "Cơ quan: Tỉnh Gia Lai",
         "Thời gian ký: 22.08.2025 09:15:31 +07:00"]


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def ns(s):
    return re.sub(r"\s+", "", s)


def one_space(s):
    return re.sub(r"\s+", " ", s).strip()


def page_count(pdf):
    return int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdf))).group(1))


def check_lines(pdf, key):
    layout = run("pdftotext", "-layout", str(pdf), "-")
    text = "\n".join(one_space(l) for l in layout.splitlines())
    return [l for l in LINES[key] if l not in text]


def check_cells(pdf, truth, merged):
    head = ns("".join(truth["header"]))
    pages = []
    for pg in range(1, page_count(pdf) + 1):
        lines = run("pdftotext", "-raw", "-f", str(pg), "-l", str(pg), str(pdf), "-").splitlines()
        if lines and lines[0].strip() == str(pg):        # running page number
            lines = lines[1:]
        t = ns("\n".join(lines))
        if "PHỤLỤC" not in t:                            # repeated header row
            t = t.replace(head, "", 1)
        pages.append(t)
    whole = "".join(pages)

    def split_ok(cell):
        for a, b in zip(pages, pages[1:]):
            for k in range(1, len(cell)):
                if a.endswith(cell[:k]) and b.startswith(cell[k:]):
                    return True
                if cell[:k] in a and cell[k:] in b[:len(cell) + 400]:
                    return True
        return False

    span = lead_runs(truth["rows"])
    cells = list(truth["header"])
    for i, r in enumerate(truth["rows"]):
        if r["kind"] == "section":
            cells.append(r["text"])
        else:
            cells += [c for k, c in enumerate(r["cells"])
                      if not (merged and k == 2 and span[i] == 0)]
    missing = [c for c in cells if ns(c) not in whole and not split_ok(ns(c))]
    words = Counter(run("pdftotext", "-layout", str(pdf), "-").split())
    need = Counter(w for c in cells for w in c.split())
    short = sorted(w for w, n in need.items() if words[w] < n)
    wrapped = [w for w in short if re.search(r"\w-\w", w)]
    return len(cells), missing, [w for w in short if w not in wrapped], wrapped


def main():
    ok = True
    truth = json.loads((HERE / "001-quyet-dinh-1520.appendix.json").read_text(encoding="utf-8"))
    for producer, folder in (("reportlab", HERE), ("libreoffice", HERE / "office" / "libreoffice"),
                             ("chromium", HERE / "office" / "chromium")):
        for key, name in NAMES.items():
            pdf = folder / (name + ".pdf")
            lost = check_lines(pdf, key)
            report = "%-11s %-30s %2d pages  lines missing: %s" % (
                producer, pdf.name, page_count(pdf), lost or "none")
            ok &= not lost
            if key == "001":
                n, missing, short, wrapped = check_cells(pdf, truth, producer != "reportlab")
                report += "  cells %d, missing: %s, layout words short: %s%s" % (
                    n, missing or "none", short or "none",
                    "  (wrapped at a hyphen: %s)" % " ".join(wrapped) if wrapped else "")
                ok &= not missing and not short
            print(report)
    text = run("pdftotext", "-layout", str(SCAN), "-")
    lines = [one_space(l) for l in text.splitlines() if l.strip()]
    print("scan %s: text layer %s" % (SCAN.name, lines))
    ok &= lines == STAMP
    if "--ocr" in sys.argv:
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["pdftoppm", "-r", "300", "-gray", str(SCAN), tmp + "/p"], check=True)
            ocr = "".join(run("tesseract", str(p), "-", "-l", "vie")
                          for p in sorted(Path(tmp).glob("p-*.pgm")))
        ocr = one_space(ocr)
        for want in ("1520/QĐ-UBND", "Gia Lai, ngày 21 tháng 8 năm 2025", "Phạm Anh Tuấn",
                     "QUYẾT ĐỊNH", "22.08.2025 09:15:31"):
            found = want in ocr
            print("scan OCR %-40s %s" % (want, "found" if found else "MISSING"))
            ok &= found
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
