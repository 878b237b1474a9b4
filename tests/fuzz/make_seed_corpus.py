#!/usr/bin/python3
"""(Re)writes the seed corpora tests/fuzz/corpus/<target>/ from the repository.

Run:  /usr/bin/python3 tests/fuzz/make_seed_corpus.py   (needs poppler-utils)

Seeds are small (a few KB) real inputs: excerpts of the seed documents,
the number and date forms of pipeline/normalize/{numbers,dates}.h, legacy
TCVN3/VNI text layers, the rule files of rules/, positioned words of the
sample PDFs (pdftotext -bbox) in the tables fuzzer's format, and page models
encoded by docpipe itself (document_codec: pass databases written by
`docpipe ingest` as arguments; their page models, diagnostics and offset
maps are cut to a few KB).
Deterministic; files are named by content hash, so re-running only adds.
"""

import hashlib
import re
import struct
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = HERE / "corpus"


def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def seed_text(prefix):
    return next((ROOT / "samples" / "seeds").glob(prefix + "_*.txt")).read_text(encoding="utf-8")


def excerpts(text, size=1500, count=4):
    step = max(1, len(text) // count)
    out = []
    for k in range(count):
        chunk = text[k * step:k * step + size]
        out.append(chunk[chunk.find("\n") + 1:])
    return out


def pdftotext(pdf, *args):
    return subprocess.run(["pdftotext", *args, str(ROOT / "samples" / pdf), "-"],
                          check=True, capture_output=True).stdout.decode("utf-8", "replace")


NUMBERS = ["1.814,9", "18.492.346.000", "4,249 triệu", "9.600 triệu đồng", "02", "khoảng 2-3",
           "2 - 3", "13/13", "90/135", "8,51%", "1,500", "1.5", "1.000.5", "1520/QĐ-UBND",
           "21/8/2025", "9/2025", "21/8", "3 nghìn tỷ", "10km", "5 tỷ lệ", "1.000 ngàn", "0,5 tỉ"]
DATES = ["ngày 21 tháng 8 năm 2025", "ngày 21/8/2025", "21-8-2025", "21.8.2025",
         "tháng 9/2025", "tháng 9 năm 2025", "quý I/2026", "quý IV năm 2026", "quý 2/2026",
         "6 tháng đầu năm 2026", "9 tháng năm 2026", "năm 2026 - 2030", "giai đoạn 2026-2030",
         "hằng năm", "quý IV hằng năm", "ngày 15 tháng 11 hằng năm", "định kỳ 6 tháng",
         "thường xuyên", "trước ngày 30/9/2025", "chậm nhất là ngày 15/12/2025",
         "hạn chót: 31/12/2025", "trong tháng 10/2025", "từ ngày 1/1/2026 đến ngày 31/3/2026",
         "kể từ năm 2026", "Hẳng năm", "31/2/2026", "ngày tháng năm 2025"]


def table_words(pdf, first, last):
    """Pages of words in tables_fuzzer.cc's record format (byte 0 even: box mode)."""
    html = pdftotext(pdf, "-bbox", "-f", str(first), "-l", str(last))
    out = bytearray([0])
    for page_idx, page in enumerate(html.split("<page ")[1:]):
        if page_idx:
            out.append(0xFF)
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">([^<]*)</word>', page):
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            text = m.group(5).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            data = text.encode("utf-8")[:31]
            size = max(4, min(27, round(y1 - y0)))
            style = ((size - 4) << 2) | 1
            out += bytes([len(data)]) + struct.pack(">HH", int(x0 * 8), int(y0 * 8))
            out += bytes([max(0, min(255, int((x1 - x0 - 1) * 2))), style]) + data
    return bytes(out)


def main():
    for n in NUMBERS:
        put("numbers", n)
        put("numbers", n + " đồng, tăng")
    for d in DATES:
        put("dates", d)
        put("dates", d + ", các sở")
    texts = [seed_text(p) for p in ("000", "001", "002", "003", "004")]
    for text in texts:
        for chunk in excerpts(text, 1200, 2):
            put("normalizer", chunk)
            put("rule_engine", chunk)
            put("text_reader", chunk)
    put("text_reader", texts[2][:4000])                      # footnotes of 002
    app = texts[1][texts[1].find("PHỤ LỤC"):]
    put("text_reader", app[:4000])                            # the appendix table
    put("tables", b"\x01" + app[:3000].encode("utf-8"))       # text mode
    legacy = pdftotext("legacy-tcvn3-004-cong-van.pdf")[:1500]
    put("normalizer", legacy)
    put("rule_engine", legacy)
    put("normalizer", pdftotext("legacy-vni-003-thong-bao-ket-luan.pdf")[:1500])
    put("normalizer", "“Thỏa thuận” – hoà… 1520/QĐ-\nUBND\u00a0\u200b ngày 21/8/2025")
    for rules in sorted((ROOT / "rules").glob("*.rules")):
        put("rule_parser", rules.read_bytes()[:6000])
    put("tables", table_words("001-quyet-dinh-1520.pdf", 16, 17))
    put("tables", table_words("001-quyet-dinh-1520.pdf", 28, 29))
    put("tables", table_words("000-bao-cao.pdf", 1, 1))
    # document_codec: page models encoded by docpipe, if a database is given.
    for db in sys.argv[1:]:
        query = ("SELECT hex(model) FROM documents ORDER BY length(model) LIMIT 4; "
                 "SELECT hex(diagnostics) FROM documents WHERE length(diagnostics) > 8 LIMIT 3; "
                 "SELECT hex(substr(offset_map, 1, 3000)) FROM document_text LIMIT 3")
        rows = subprocess.run(["sqlite3", db, query],
                              check=True, capture_output=True, text=True).stdout.split()
        for row in rows:
            put("document_codec", bytes.fromhex(row))


if __name__ == "__main__":
    main()
