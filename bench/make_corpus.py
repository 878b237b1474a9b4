#!/usr/bin/python3
"""Generate a realistic benchmark corpus of Vietnamese administrative PDFs.

Run:  /usr/bin/python3 bench/make_corpus.py [--docs N] [--seed S] [--out DIR]

Default: 200 documents (about 2 000 pages) into bench/corpus/N<docs>-s<seed>/.
The full archive-scale corpus of the issue (2 000 documents, about 20 000
pages) is `--docs 2000` (about 10x the time; run with --workers 2).

The documents are built from the sample templates of samples/generate.py
(imported, not modified: same fonts, page layout after Nghị định
30/2020/NĐ-CP, header block, signature block, bordered appendix tables with a
repeated header row) and from the paragraphs of the five seed documents, with
varied kinds (quyết định, kế hoạch, báo cáo, công văn, thông báo), issuers
and agencies from rules/agencies.tsv, document numbers, dates, figures,
table lengths (0-90 rows) and body lengths (1-30 pages).  About 2% of the
documents are "scanned": a short born-digital document rendered to grey JPEG
pages without a text layer (samples/generate.py's make_scanned).  Born-digital
files go to DIR/digital/, scans to DIR/scanned/.  DIR/manifest.tsv lists every
file with its page count.

Deterministic: the same --docs and --seed give byte-identical files (each
document has its own random generator seeded from (seed, index)), so
documents 0..199 of a 2 000 corpus equal those of a 200 corpus.
"""

import argparse
import multiprocessing
import os
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "samples"))
sys.dont_write_bytecode = True  # no samples/__pycache__ in the source tree

import generate as g  # noqa: E402  (samples/generate.py; importing runs no generation)

from reportlab.platypus import NextPageTemplate, PageBreak, Paragraph, Spacer  # noqa: E402

SCANNED_EVERY = 50  # one document in 50 is scanned (2%)

KINDS = [
    # (kind title, number code, weight)
    ("QUYẾT ĐỊNH", "QĐ", 3),
    ("KẾ HOẠCH", "KH", 2),
    ("BÁO CÁO", "BC", 3),
    ("CÔNG VĂN", "", 3),
    ("THÔNG BÁO", "TB", 1),
]

ISSUERS = [
    (["ỦY BAN NHÂN DÂN", "TỈNH GIA LAI"], "UBND"),
    (["ỦY BAN NHÂN DÂN", "TỈNH BÌNH ĐỊNH"], "UBND"),
    (["UBND TỈNH GIA LAI", "SỞ NGOẠI VỤ"], "SNgV"),
    (["UBND TỈNH GIA LAI", "SỞ TÀI CHÍNH"], "STC"),
    (["UBND TỈNH GIA LAI", "SỞ CÔNG THƯƠNG"], "SCT"),
    (["UBND TỈNH GIA LAI", "SỞ Y TẾ"], "SYT"),
    (["UBND TỈNH GIA LAI", "SỞ NỘI VỤ"], "SNV"),
    (["UBND TỈNH GIA LAI", "SỞ XÂY DỰNG"], "SXD"),
    (["UBND TỈNH GIA LAI", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"], "SGDĐT"),
    (["UBND TỈNH GIA LAI", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"], "SKHCN"),
]

PLACES = ["Gia Lai", "Quy Nhơn", "Pleiku"]
SIGNERS = ["Phạm Anh Tuấn", "Nguyễn Tự Công Hoàng", "Nguyễn Thị Thanh Lịch", "Lâm Hải Giang",
           "Dương Mah Tiệp", "Trần Văn Bình", "Lê Thị Thu Hà", "Võ Minh Khang"]


def load_agencies():
    names = []
    for line in (ROOT / "rules" / "agencies.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("canonical\t"):
            continue
        cols = line.split("\t")
        if len(cols) >= 2 and cols[1] in ("department", "province", "other", "commune"):
            names.append(cols[0])
    return names


def load_material():
    """Body paragraphs of the seeds and the task rows of the 001 appendix."""
    paras = []
    lines000 = [l.replace("**", "") for l in g.seed_lines("000")]
    i_recip = next(i for i, l in enumerate(lines000) if l.strip() == "Nơi nhận:")
    paras += g.blank_paragraphs(lines000[8:i_recip])
    paras += g.parts_002()[0]
    paras += g.parts_003()[1]
    paras += g.parts_004()[2]
    text, idx = g.split_001(g.seed_lines("001"))
    paras += g.blank_paragraphs(text[idx["KẾ HOẠCH"] + 3:idx["PHỤ LỤC"]])
    app_lines = text[idx["PHỤ LỤC"]:idx["HIỆU LỰC VĂN BẢN"]]
    _, rows = g.parse_appendix(app_lines[app_lines.index("STT"):])
    paras = [p for p in paras if len(p) > 40]
    sections = [r["text"] for r in rows if r["kind"] == "section"]
    tasks = [r["cells"] for r in rows if r["kind"] == "task"]
    return paras, sections, tasks


_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_NUMBER = re.compile(r"\b\d{1,3}(\.\d{3})+(,\d+)?\b|\b\d+,\d+\b")
_DOCNO = re.compile(r"\b(\d{1,4})(/[A-ZĐ]{1,6}-)")


def strip_numeral(section):
    return re.sub(r"^[IVX]+\.\s*", "", section)


def random_date(rnd, year_lo=2024, year_hi=2027):
    y = rnd.randint(year_lo, year_hi)
    m = rnd.randint(1, 12)
    d = rnd.randint(1, 28)
    return d, m, y


def vn_number(rnd):
    """A number written the Vietnamese way: "18.492.346", "1.814,9", "8,51"."""
    kind = rnd.random()
    if kind < 0.4:
        v = rnd.randint(1000, 99_999_999)
        return "{:,}".format(v).replace(",", ".")
    if kind < 0.7:
        v = rnd.randint(1000, 9999)
        return "{:,}".format(v).replace(",", ".") + "," + str(rnd.randint(1, 9))
    return "%d,%02d" % (rnd.randint(0, 99), rnd.randint(0, 99))


def vary(text, rnd):
    """Replaces the dates, figures and document numbers of a seed paragraph."""
    text = _DATE.sub(lambda m: "%d/%d/%d" % random_date(rnd), text)
    text = _NUMBER.sub(lambda m: vn_number(rnd), text)
    text = _DOCNO.sub(lambda m: str(rnd.randint(1, 3999)) + m.group(2), text)
    return text


def document_story(index, seed, material, agencies, max_pages):
    """The flowables of document "index" and its short title."""
    paras, sections, tasks = material
    rnd = random.Random(seed * 1_000_003 + index)
    kinds = [k for k in KINDS for _ in range(k[2])]
    kind, code, _ = rnd.choice(kinds)
    issuer, abbr = rnd.choice(ISSUERS)
    d, m, y = random_date(rnd, 2024, 2026)
    number = rnd.randint(1, 3999)
    symbol = "%d/%s-%s" % (number, code, abbr) if code else "%d/%s-VP" % (number, abbr)
    place = rnd.choice(PLACES)
    subject = vary(rnd.choice(paras), rnd)[:160].rsplit(" ", 1)[0]
    story = [g.header_block(issuer, "Số: " + symbol,
                            "%s, ngày %02d tháng %02d năm %d" % (place, d, m, y))]
    if kind == "CÔNG VĂN":
        story.append(g.para("V/v " + subject[:90].rsplit(" ", 1)[0], g.CENTER))
        story.append(g.para("Kính gửi: " + rnd.choice(agencies), g.CENTER))
    else:
        story.append(g.para(kind, g.KIND))
        story.append(g.para(subject, g.CENTER_BOLD))
    story.append(Spacer(1, 8))
    # Body length: most documents are short, some long (1-30 pages; ~10 on average).
    pages = min(max_pages, max(1, int(rnd.lognormvariate(2.0, 0.7))))
    n_paras = max(2, pages * 4 + rnd.randint(-1, 2))
    heading = 0
    for k in range(n_paras):
        if k % 6 == 0:
            heading += 1
            story.append(g.para("%s. %s" % (["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
                                              "X"][(heading - 1) % 10],
                                             strip_numeral(rnd.choice(sections))), g.HEADING))
        p = vary(rnd.choice(paras), rnd)
        if rnd.random() < 0.3:
            p = "%s chủ trì, phối hợp với %s %s" % (rnd.choice(agencies), rnd.choice(agencies),
                                                     p[0].lower() + p[1:])
        if rnd.random() < 0.2:
            dd, mm, yy = random_date(rnd, 2025, 2027)
            p += " Thời gian hoàn thành: trước ngày %d/%d/%d." % (dd, mm, yy)
        story.append(g.para(p))
    recipients = ["- Như trên;"] + ["- %s;" % rnd.choice(agencies) for _ in range(rnd.randint(1, 5))] + \
                 ["- Lưu: VT."]
    titles = {"UBND": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]}.get(abbr, ["GIÁM ĐỐC"])
    story.append(g.recipients_and_signature(recipients, titles, rnd.choice(SIGNERS)))
    # An appendix table after the signature in about 40% of the documents, 3-90 rows.
    if kind in ("QUYẾT ĐỊNH", "KẾ HOẠCH", "BÁO CÁO") and rnd.random() < 0.55:
        n_rows = min(90, max(3, int(rnd.lognormvariate(2.7, 0.8))))
        rows, stt = [], 0
        for r in range(n_rows):
            if r % 12 == 0:
                rows.append({"kind": "section", "text": "%s. %s" % (
                    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][(r // 12) % 8],
                    strip_numeral(rnd.choice(sections)))})
            stt += 1
            cells = list(rnd.choice(tasks))
            cells[0] = "%d." % stt
            cells[2] = rnd.choice(agencies)
            if rnd.random() < 0.5:
                dd, mm, yy = random_date(rnd, 2025, 2027)
                cells[4] = rnd.choice(["Năm %d" % yy, "Quý %s/%d" % (rnd.choice("I II III IV".split()), yy),
                                       "Trước ngày %d/%d/%d" % (dd, mm, yy), "Thường xuyên",
                                       "Tháng %d/%d" % (mm, yy)])
            cells[5] = vary(cells[5], rnd)
            rows.append({"kind": "task", "cells": cells})
        story.append(NextPageTemplate("landscape"))
        story.append(PageBreak())
        story.append(g.para("PHỤ LỤC", g.KIND))
        story.append(g.para(subject, g.CENTER_BOLD))
        story.append(Spacer(1, 8))
        story.append(g.appendix_table(g.APPENDIX_COLS, rows))
    return story, "%s %s" % (kind.title(), symbol)


def build_one(args):
    index, seed, out, material, agencies = args
    scanned = index % SCANNED_EVERY == SCANNED_EVERY - 1
    sub = "scanned" if scanned else "digital"
    path = Path(out) / sub / ("doc-%05d.pdf" % index)
    if path.exists():
        return str(path), count_pages(path)
    tmp = path.with_suffix(".tmp.pdf")
    story, title = document_story(index, seed, material, agencies, max_pages=2 if scanned else 30)
    if scanned:
        born = path.with_suffix(".born.pdf")
        g.GovDocTemplate(str(born), title).build(story)
        g.make_scanned(born, tmp, dpi=200)
        born.unlink()
    else:
        g.GovDocTemplate(str(tmp), title).build(story)
    os.replace(tmp, path)
    return str(path), count_pages(path)


def count_pages(path):
    # reportlab writes "/Type /Page\n" once per page (and "/Type /Pages" once).
    data = Path(path).read_bytes()
    return len(re.findall(rb"/Type /Page[^s]", data))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=None, help="default: bench/corpus/N<docs>-s<seed>")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    out = Path(a.out or HERE / "corpus" / ("N%d-s%d" % (a.docs, a.seed)))
    (out / "digital").mkdir(parents=True, exist_ok=True)
    (out / "scanned").mkdir(parents=True, exist_ok=True)
    material, agencies = load_material(), load_agencies()
    jobs = [(i, a.seed, str(out), material, agencies) for i in range(a.docs)]
    if a.workers > 1:
        with multiprocessing.Pool(a.workers) as pool:
            results = pool.map(build_one, jobs, chunksize=4)
    else:
        results = [build_one(j) for j in jobs]
    lines = ["file\tpages"] + ["%s\t%d" % (os.path.relpath(p, out), n) for p, n in results]
    (out / "manifest.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    digital = sum(n for p, n in results if "/digital/" in p)
    scanned = sum(n for p, n in results if "/scanned/" in p)
    print("%s: %d documents, %d born-digital pages, %d scanned pages" % (out, len(results), digital,
                                                                        scanned))


if __name__ == "__main__":
    main()
