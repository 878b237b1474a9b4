#!/usr/bin/python3
"""Generate the sample PDFs of docpipe from the seed texts in samples/seeds/.

Run:  /usr/bin/python3 samples/generate.py        (Debian's python3, see README.md)

What it makes (all files are (re)written in samples/, deterministically):

* Born-digital PDFs, one per seed, laid out like a Vietnamese administrative
  document (Nghị định 30/2020/NĐ-CP): issuer block top-left, national motto
  top-right, "Số: ..." and place/date on one baseline, document kind and
  trích yếu centred in bold, justified body, "Nơi nhận:" bottom-left and the
  signature block bottom-right, page numbers at the top centre of pages 2+.
  Font: Liberation Serif (metric clone of Times New Roman), with a real
  Unicode text layer (reportlab adds a ToUnicode map).
    - 001-quyet-dinh-1520.pdf: decision + plan + the appendix as a bordered
      table (landscape pages, header row repeated on every page).  The exact
      cell texts are also written to 001-quyet-dinh-1520.appendix.json.
    - 002-cong-van.pdf: footnotes at the bottom of the page where their
      superscript marker is drawn (layout is iterated until stable).
* scanned-003-thong-bao-ket-luan.pdf: the pages of the born-digital 003
  rendered at 300 dpi grayscale (slightly rotated, blurred, speckled), stored
  as JPEG images; the PDF has no text layer at all.
* legacy-tcvn3-004-cong-van.pdf and legacy-vni-003-thong-bao-ket-luan.pdf:
  what PDFs typed with the old 8-bit Vietnamese fonts look like.  The text
  layer holds TCVN3 (ABC) resp. VNI bytes, the fonts are named ".VnTime" /
  ".VnTimeH" resp. "VNI-Times", are TrueType fonts built here with fontTools
  from Liberation Serif (cmap: byte code -> Vietnamese glyph), embedded with
  WinAnsiEncoding and without a ToUnicode map, so pdftotext prints the same
  kind of garbage as real legacy PDFs ("ñy ban nh©n d©n") while the page
  renders as correct Vietnamese.  These are written by a tiny PDF writer
  (reportlab always adds a ToUnicode map).

Why: docpipe must read such documents (text layer, tables, footnotes, scans,
legacy encodings); the seeds are real documents, so the samples carry real
content while being reproducible from this script alone.

The seeds are text layers extracted from the original PDFs: this script keeps
their text (reflowing hard-wrapped lines, dropping the site banner, running
page numbers and the "HIỆU LỰC VĂN BẢN" trailer of the source web site) and
invents nothing: where a seed's header was cut off, the sample has no header.
"""

import hashlib
import io
import json
import logging
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zlib
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame,
                                KeepTogether, NextPageTemplate, PageBreak,
                                PageTemplate, Paragraph, Spacer, Table,
                                TableStyle)

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "seeds"
SHARED_SEEDS = HERE.parent.parent / "shared" / "seeds"
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")

SEED_FILES = {
    "000": "000_729a70b798036c47.txt",
    "001": "001_8f201c8aa43b6edd.txt",
    "002": "002_fd07b40862721a3b.txt",
    "003": "003_9f9ef193a630adb0.txt",
    "004": "004_d1f46362df7dd19b.txt",
}

# --------------------------------------------------------------------------
# Fonts and styles
# --------------------------------------------------------------------------

SERIF = "LiberationSerif"
for _suffix, _file in (("", "Regular"), ("-Bold", "Bold"),
                       ("-Italic", "Italic"), ("-BoldItalic", "BoldItalic")):
    pdfmetrics.registerFont(TTFont(SERIF + _suffix, str(FONT_DIR / f"LiberationSerif-{_file}.ttf")))
pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF + "-Bold",
                              italic=SERIF + "-Italic", boldItalic=SERIF + "-BoldItalic")

BODY_SIZE = 14
BODY = ParagraphStyle("body", fontName=SERIF, fontSize=BODY_SIZE, leading=18,
                      alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=5)
BODY_ITALIC = ParagraphStyle("body-i", BODY, fontName=SERIF + "-Italic")
HEADING = ParagraphStyle("heading", BODY, fontName=SERIF + "-Bold")
CENTER_BOLD = ParagraphStyle("center-b", BODY, fontName=SERIF + "-Bold", alignment=TA_CENTER,
                             firstLineIndent=0, spaceAfter=2)
CENTER = ParagraphStyle("center", BODY, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=2)
CENTER_ITALIC = ParagraphStyle("center-i", CENTER, fontName=SERIF + "-Italic")
KIND = ParagraphStyle("kind", CENTER_BOLD, spaceBefore=10, spaceAfter=2)
RECIP_LABEL = ParagraphStyle("recip-label", fontName=SERIF + "-BoldItalic", fontSize=12, leading=14)
RECIP_ITEM = ParagraphStyle("recip-item", fontName=SERIF, fontSize=11, leading=13)
SIGN = ParagraphStyle("sign", fontName=SERIF + "-Bold", fontSize=14, leading=17, alignment=TA_CENTER)
FOOTNOTE = ParagraphStyle("footnote", fontName=SERIF, fontSize=11, leading=13, alignment=TA_JUSTIFY)
CELL = ParagraphStyle("cell", fontName=SERIF, fontSize=12, leading=14, alignment=TA_LEFT)
CELL_CENTER = ParagraphStyle("cell-c", CELL, alignment=TA_CENTER)
CELL_HEAD = ParagraphStyle("cell-h", CELL, fontName=SERIF + "-Bold", alignment=TA_CENTER)
CELL_SECTION = ParagraphStyle("cell-s", CELL, fontName=SERIF + "-Bold")


def esc(text):
    """Escape text for reportlab's paragraph mini-markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text, style=BODY):
    return Paragraph(esc(text), style)


# --------------------------------------------------------------------------
# Reading and cleaning the seeds
# --------------------------------------------------------------------------

def refresh_seeds():
    """Refresh samples/seeds from ../shared/seeds when that exists (optional)."""
    if SHARED_SEEDS.is_dir():
        SEEDS.mkdir(exist_ok=True)
        for name in SEED_FILES.values():
            src = SHARED_SEEDS / name
            if src.exists() and (not (SEEDS / name).exists()
                                 or (SEEDS / name).read_bytes() != src.read_bytes()):
                shutil.copyfile(src, SEEDS / name)


def seed_lines(key):
    text = (SEEDS / SEED_FILES[key]).read_text(encoding="utf-8")
    return unicodedata.normalize("NFC", text).split("\n")


def blank_paragraphs(lines):
    """Seeds 000/001 hold one paragraph per line, separated by blank lines.
    Paragraphs broken by the extraction (ending in a comma, or continued by
    a lowercase word / "- lowercase") are joined again."""
    paras = []
    for line in lines:
        s = line.strip()
        if not s:
            continue
        cont = paras and (paras[-1].endswith(",") or s[0].islower()
                          or re.match(r"- [a-zà-ỹđ]", s))
        if cont:
            paras[-1] += " " + s
        else:
            paras.append(s)
    return paras


_PARA_START = re.compile(r"(\d+(\.\d+)*\.\s|[a-zđ]\)\s|- [A-ZÀ-ỸĐ\"“]|[IVX]+\.\s)")


def reflow(lines):
    """Join the hard-wrapped lines of seeds 002/003/004 into paragraphs.

    A new paragraph starts at an enumeration ("1. ", "a) ", "- Xxx"), at a
    line indented by the extraction (" Xxx"), or after a line ending in
    '.', ':' or ';' or a short heading-like line when the next line starts
    with a capital.  A line ending in "-" right after a word ("1520/QĐ-")
    is joined without a space."""
    paras = []
    prev_raw = ""
    for raw in lines:
        s = raw.strip()
        if not s:
            continue
        upper = s[0].isupper() or s[0] in "\"“("
        new = (not paras or _PARA_START.match(s)
               or (raw.startswith(" ") and upper)
               or (upper and re.search(r"[.:]\s*$", prev_raw))
               or (upper and len(prev_raw.strip()) < 50))
        if new:
            paras.append(s)
        elif paras[-1].endswith("-") and not paras[-1].endswith(" -"):
            paras[-1] += s
        else:
            paras[-1] += " " + s
        prev_raw = raw
    return paras


# --------------------------------------------------------------------------
# Page furniture
# --------------------------------------------------------------------------

class DrawBlock(Flowable):
    """A fixed-height flowable that draws itself with a callback."""

    def __init__(self, height, draw):
        super().__init__()
        self.height = height
        self._draw = draw

    def wrap(self, avail_w, avail_h):
        self.width = avail_w
        return avail_w, self.height

    def draw(self):
        self._draw(self.canv, self.width)


def header_block(issuer=None, number=None, place_date=None, motto=True):
    """Issuer (bold, short rule under it) top-left, national motto top-right,
    then "Số: ..." left and the italic place/date right on one baseline."""
    issuer = issuer or []
    rows = max(len(issuer), 2 if motto else 0)
    height = rows * 16 + 10 + (26 if (number or place_date) else 0)

    def draw(c, width):
        left_c, right_c = width * 0.20, width * 0.66
        top = height - 13
        for i, line in enumerate(issuer):
            c.setFont(SERIF + "-Bold", 13)
            c.drawCentredString(left_c, top - i * 16, line)
        if issuer:
            y = top - (len(issuer) - 1) * 16 - 7
            c.setLineWidth(0.6)
            c.line(left_c - 14 * mm, y, left_c + 14 * mm, y)
        if motto:
            c.setFont(SERIF + "-Bold", 12.5)
            c.drawCentredString(right_c, top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
            c.setFont(SERIF + "-Bold", 13.5)
            m = "Độc lập - Tự do - Hạnh phúc"
            c.drawCentredString(right_c, top - 16, m)
            w = pdfmetrics.stringWidth(m, SERIF + "-Bold", 13.5)
            c.setLineWidth(0.6)
            c.line(right_c - w / 2, top - 16 - 7, right_c + w / 2, top - 16 - 7)
        y = 4
        if number:
            c.setFont(SERIF, 13)
            c.drawCentredString(left_c, y, number)
        if place_date:
            c.setFont(SERIF + "-Italic", 14)
            c.drawCentredString(right_c, y, place_date)

    return DrawBlock(height, draw)


def recipients_and_signature(recipients, sign_titles, signer=None, recip_label="Nơi nhận:"):
    """Nơi nhận block bottom-left, signature block bottom-right."""
    left = []
    if recipients is not None:
        left.append(Paragraph(esc(recip_label), RECIP_LABEL))
        left += [para(r, RECIP_ITEM) for r in recipients]
    right = [Paragraph("<br/>".join(esc(t) for t in sign_titles), SIGN)] if sign_titles else []
    if signer:
        right += [Spacer(1, 22 * mm), Paragraph(esc(signer), SIGN)]
    t = Table([[left, right]], colWidths=["45%", "55%"])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([Spacer(1, 6), t])


PORTRAIT_MARGINS = dict(left=30 * mm, right=15 * mm, top=20 * mm, bottom=20 * mm)
LANDSCAPE_MARGINS = dict(left=20 * mm, right=15 * mm, top=20 * mm, bottom=15 * mm)


def draw_page_number(c, doc):
    """Page numbers at the top centre of pages 2+ (Nghị định 30/2020)."""
    if doc.page >= 2:
        w, h = c._pagesize
        c.setFont(SERIF, 13)
        c.drawCentredString(w / 2, h - 12 * mm, str(doc.page))


def make_frame(pagesize, m, footnote_height=0.0, fid="normal"):
    w, h = pagesize
    return Frame(m["left"], m["bottom"] + footnote_height, w - m["left"] - m["right"],
                 h - m["top"] - m["bottom"] - footnote_height, id=fid,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)


class GovDocTemplate(BaseDocTemplate):
    """A4 portrait pages (plus landscape pages on demand), page numbers from
    page 2, and footnotes drawn at the bottom of the page where their marker
    (an <onDraw name="fnmark" label="N"/> tag) is drawn."""

    def __init__(self, filename, title, footnotes=None, footnote_pages=None, **kw):
        super().__init__(filename, pagesize=A4, title=title, author="docpipe samples",
                         subject="docpipe sample document", creator="docpipe samples/generate.py",
                         invariant=1, **kw)
        self.footnotes = footnotes or {}
        self.footnote_pages = dict(footnote_pages or {})   # from the previous pass
        self.footnotes_seen = {}                           # label -> page, this pass
        self.addPageTemplates([
            PageTemplate("portrait", [make_frame(A4, PORTRAIT_MARGINS)],
                         onPage=draw_page_number, pagesize=A4),
            PageTemplate("landscape", [make_frame(landscape(A4), LANDSCAPE_MARGINS)],
                         onPage=draw_page_number, pagesize=landscape(A4)),
        ])

    # -- footnotes --------------------------------------------------------
    def _footnote_flowables(self, labels, width):
        out = []
        for label in labels:
            text = '<super rise="4" size="8">%s</super> %s' % (label, esc(self.footnotes[label]))
            out.append(Paragraph(text, FOOTNOTE))
        return out

    def _footnote_height(self, labels, width):
        if not labels:
            return 0.0
        h = 14.0  # rule and gap
        for p in self._footnote_flowables(labels, width):
            h += p.wrap(width, 10000)[1] + 2
        return h

    def beforeDocument(self):
        self.canv.fnmark = self._fnmark

    def _fnmark(self, canv, kind, label):
        self.footnotes_seen[label] = canv.getPageNumber()

    def handle_pageBegin(self):
        page = self.page + 1
        labels = [l for l, p in self.footnote_pages.items() if p == page]
        if self.footnotes and self.pageTemplate.id == "portrait":
            height = self._footnote_height(labels, A4[0] - 45 * mm)
            self.pageTemplate.frames = [make_frame(A4, PORTRAIT_MARGINS, height)]
        super().handle_pageBegin()

    def afterPage(self):
        labels = [l for l, p in self.footnotes_seen.items() if p == self.page]
        if not labels:
            return
        c = self.canv
        m = PORTRAIT_MARGINS
        width = A4[0] - m["left"] - m["right"]
        flows = self._footnote_flowables(sorted(labels), width)
        heights = [f.wrap(width, 10000)[1] for f in flows]
        y = m["bottom"] + sum(heights) + 2 * len(flows)
        c.saveState()
        c.setLineWidth(0.5)
        c.line(m["left"], y + 8, m["left"] + 50 * mm, y + 8)
        for f, h in zip(flows, heights):
            y -= h
            f.drawOn(c, m["left"], y)
            y -= 2
        c.restoreState()


def build_pdf(path, title, story_fn, footnotes=None):
    """Build a PDF.  With footnotes, story_fn(breaks) is laid out repeatedly
    until every footnote is reserved on the page where its marker is drawn.
    If reserving a footnote's space pushes its marker to the next page while
    without the reservation it fits on the previous one (the layout would
    oscillate), the paragraph holding that marker starts a new page (labels
    in `breaks`), as the original document does."""
    if not footnotes:
        GovDocTemplate(str(path), title).build(story_fn())
        return
    pages, breaks = {}, set()
    for _ in range(10):
        doc = GovDocTemplate(str(path), title, footnotes=footnotes, footnote_pages=pages)
        doc.build(story_fn(breaks))
        seen = doc.footnotes_seen
        if seen == pages:
            return
        new = {}
        for label, page in seen.items():
            if label in pages and pages[label] > page:
                breaks.add(label)
                new[label] = pages[label]
            else:
                new[label] = page
        pages = new
    raise RuntimeError("footnote layout of %s did not converge" % path)


# --------------------------------------------------------------------------
# 001: Quyết định 1520/QĐ-UBND + Kế hoạch + Phụ lục (table)
# --------------------------------------------------------------------------

APPENDIX_COLS = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp",
                 "Thời gian thực hiện", "Kết quả"]


def parse_appendix(lines):
    """Parse the appendix of seed 001: one cell per blank-separated paragraph,
    " " is an empty cell.  Returns (header, rows); a row is
    {"kind": "section", "text": ...} or {"kind": "task", "cells": [6 strings]}.
    Cells made of several paragraphs keep them separated by "\\n".  The
    irregular rows of the seed are resolved explicitly below."""
    paras = []      # paragraphs, "" for an empty cell
    cur = None
    for line in lines:
        if line == "":
            if cur is not None:
                paras.append(cur)
                cur = None
            continue
        s = "" if line.strip() == "" else line.strip()
        cur = s if cur is None else cur + " " + s
    if cur is not None:
        paras.append(cur)
    header, paras = paras[:6], paras[6:]
    assert header == APPENDIX_COLS, header
    rows, i = [], 0
    while i < len(paras):
        p = paras[i]
        if re.match(r"^[IVX]+\. ", p):
            rows.append({"kind": "section", "text": p})
            i += 1
            continue
        m = re.match(r"^(\d+)\.$", p)
        if not m:
            if p == "":            # stray empty paragraph after a row (task 12)
                i += 1
                continue
            raise ValueError("unexpected paragraph in appendix: %r" % p)
        j = i + 1
        while j < len(paras) and not re.match(r"^(\d+\.|[IVX]+\. )", paras[j]):
            j += 1
        body = paras[i + 1:j]
        while len(body) > 5 and body[-1] == "":
            body.pop()
        n = int(m.group(1))
        if n in (36, 37):          # "Sở Khoa học và" / "Công nghệ": one cell
            body = [body[0], body[1] + " " + body[2]] + body[3:]
        if n == 15:                # "Năm 2026" + "(Sau đó, ...)" is the time cell
            body = body[:3] + [body[3] + "\n" + body[4]] + body[5:]
        if len(body) > 5:          # several paragraphs in the result cell
            body = body[:4] + ["\n".join(body[4:])]
        assert len(body) == 5, (n, body)
        rows.append({"kind": "task", "cells": [p] + body})
        i = j
    tasks = [r for r in rows if r["kind"] == "task"]
    assert [r["cells"][0] for r in tasks] == ["%d." % k for k in range(1, 69)]
    return header, rows


def split_001(lines):
    text = [l for l in lines if l.strip() != "Hệ thống pháp luật"]
    idx = {k: next(i for i, l in enumerate(text) if l.strip() == k)
           for k in ("KẾ HOẠCH", "PHỤ LỤC", "HIỆU LỰC VĂN BẢN", "Nơi nhận:")}
    return text, idx


def story_001():
    text, idx = split_001(seed_lines("001"))
    decision = blank_paragraphs(text[:idx["Nơi nhận:"]])
    recipients_end = next(i for i, l in enumerate(text) if l.strip() == "TM. ỦY BAN NHÂN DÂN")
    recipients = blank_paragraphs(text[idx["Nơi nhận:"] + 1:recipients_end])
    plan = blank_paragraphs(text[idx["KẾ HOẠCH"]:idx["PHỤ LỤC"]])
    app_lines = text[idx["PHỤ LỤC"]:idx["HIỆU LỰC VĂN BẢN"]]

    # decision part
    story = []
    assert decision[:7] == ["ỦY BAN NHÂN DÂN", "TỈNH GIA LAI", "-------",
                            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                            "---------------", "Số: 1520/QĐ-UBND"], decision[:7]
    story.append(header_block(["ỦY BAN NHÂN DÂN", "TỈNH GIA LAI"], decision[6], decision[7]))
    rest = decision[8:]
    story.append(para(rest[0], KIND))                      # QUYẾT ĐỊNH
    story.append(para(rest[1], CENTER_BOLD))               # VỀ BAN HÀNH ...
    story.append(Spacer(1, 8))
    story.append(para(rest[2], KIND))                      # ỦY BAN NHÂN DÂN TỈNH
    story.append(Spacer(1, 6))
    for p in rest[3:]:
        if p.startswith("Căn cứ") or p.startswith("Theo đề nghị"):
            story.append(para(p, BODY_ITALIC))
        elif p == "QUYẾT ĐỊNH:":
            story.append(para(p, KIND))
            story.append(Spacer(1, 4))
        elif re.match(r"^Điều \d+\.", p):
            head, tail = p.split(".", 1)
            story.append(Paragraph("<b>%s.</b>%s" % (esc(head), esc(tail)), BODY))
        else:
            story.append(para(p))
    story.append(recipients_and_signature(recipients, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
                                          "Phạm Anh Tuấn"))

    # plan part
    story.append(PageBreak())
    story.append(para(plan[0], KIND))                      # KẾ HOẠCH
    story.append(para(plan[1], CENTER_BOLD))
    story.append(para(plan[2], CENTER_ITALIC))
    story.append(Spacer(1, 8))
    for p in plan[3:]:
        numbered = re.match(r"^([IVX]+|\d+)\. ", p)
        if numbered and ":" in p[:150]:            # "3. Sở Tài chính: Trên cơ sở ..."
            head, tail = p.split(":", 1)
            story.append(Paragraph("<b>%s:</b>%s" % (esc(head), esc(tail)), BODY))
        elif numbered:
            story.append(para(p, HEADING))
        elif p.startswith("(") and p.endswith(")"):
            story.append(para(p, BODY_ITALIC))
        else:
            story.append(para(p))

    # appendix
    i_stt = app_lines.index("STT")
    header, rows = parse_appendix(app_lines[i_stt:])
    app_head = blank_paragraphs(app_lines[:i_stt])
    story.append(NextPageTemplate("landscape"))
    story.append(PageBreak())
    story.append(para(app_head[0], KIND))                  # PHỤ LỤC
    story.append(para(app_head[1], CENTER_BOLD))
    story.append(para(app_head[2], CENTER_ITALIC))
    story.append(Spacer(1, 8))
    story.append(appendix_table(header, rows))
    return story


def cell_paragraphs(text, style):
    return [Paragraph(esc(t), style) for t in text.split("\n")] if text else ""


def appendix_table(header, rows):
    width = landscape(A4)[0] - LANDSCAPE_MARGINS["left"] - LANDSCAPE_MARGINS["right"]
    fractions = [0.055, 0.26, 0.15, 0.19, 0.115, 0.23]
    col_widths = [width * f for f in fractions]
    data = [[Paragraph(esc(h), CELL_HEAD) for h in header]]
    style = [("GRID", (0, 0), (-1, -1), 0.6, colors.black),
             ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
             ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5)]
    for r in rows:
        n = len(data)
        if r["kind"] == "section":
            data.append([Paragraph(esc(r["text"]), CELL_SECTION), "", "", "", "", ""])
            style.append(("SPAN", (0, n), (-1, n)))
        else:
            c = r["cells"]
            data.append([cell_paragraphs(c[0], CELL_CENTER)] +
                        [cell_paragraphs(c[k], CELL) for k in (1, 2, 3)] +
                        [cell_paragraphs(c[4], CELL_CENTER), cell_paragraphs(c[5], CELL)])
    t = Table(data, colWidths=col_widths, repeatRows=1)
    t.setStyle(TableStyle(style))
    return t


def write_appendix_json(path):
    text, idx = split_001(seed_lines("001"))
    app_lines = text[idx["PHỤ LỤC"]:idx["HIỆU LỰC VĂN BẢN"]]
    header, rows = parse_appendix(app_lines[app_lines.index("STT"):])
    data = {"source": "samples/seeds/" + SEED_FILES["001"],
            "pdf": "samples/001-quyet-dinh-1520.pdf",
            "note": "Cells of the appendix table exactly as drawn; a cell made of several "
                    "paragraphs joins them with \\n; section rows span all six columns.",
            "header": header, "rows": rows}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------
# 000: Báo cáo (the seed has no issuer/number/date header)
# --------------------------------------------------------------------------

def story_000():
    lines = [l.replace("**", "") for l in seed_lines("000")]
    i_recip = next(i for i, l in enumerate(lines) if l.strip() == "Nơi nhận:")
    i_sign = next(i for i, l in enumerate(lines) if l.strip() == "TM. ỦY BAN NHÂN DÂN")
    head = [l.strip() for l in lines[:8] if l.strip()]
    assert head[0] == "BÁO CÁO" and head[3].startswith("Kính gửi"), head
    body = blank_paragraphs(lines[lines.index("Kính gửi: Bộ Ngoại giao") + 1:i_recip])
    recipients = blank_paragraphs(lines[i_recip + 1:i_sign])
    sign = [l.strip() for l in lines[i_sign:] if l.strip()]
    story = [para(head[0], KIND),
             Paragraph("<br/>".join(esc(h) for h in head[1:3]), CENTER_BOLD),
             Spacer(1, 10), para(head[3], CENTER), Spacer(1, 10)]
    for p in body:
        if re.match(r"^([IVX]+|\d+(\.\d+)*)\. ", p) and len(p) < 200:
            story.append(para(p, HEADING))
        else:
            story.append(para(p))
    story.append(recipients_and_signature(recipients, sign[:-1], sign[-1]))
    return story


# --------------------------------------------------------------------------
# 002: Công văn with footnotes (header cut off in the seed)
# --------------------------------------------------------------------------

def parts_002():
    lines = seed_lines("002")
    i_fn1 = next(i for i, l in enumerate(lines) if l.startswith("1 Sở Văn hoá"))
    i_recip = next(i for i, l in enumerate(lines) if l.strip() == "Nơi nhận:")
    i_signer = next(i for i, l in enumerate(lines) if l.strip() == "Nguyễn Thị Thanh Lịch")
    i_fn2 = next(i for i, l in enumerate(lines) if l.startswith("2 Phường Quy Nhơn Tây"))
    footnotes = {"1": lines[i_fn1][2:].strip(),
                 "2": " ".join(l.strip() for l in lines[i_fn2:] if l.strip())[2:]}
    body = reflow(lines[:i_fn1] + lines[i_fn1 + 1:i_recip])
    recipients = [l.strip() for l in lines[i_recip + 1:i_signer] if l.strip()]
    return body, recipients, lines[i_signer].strip(), footnotes


def story_002(breaks=()):
    body, recipients, signer, _ = parts_002()
    story = []
    for p in body:
        markup = esc(p)
        if any("%s%s," % (w, l) in p for l, w in (("1", "thực hiện"), ("2", "kế hoạch"))
               if l in breaks):
            story.append(PageBreak())
        for label, word in (("1", "thực hiện"), ("2", "kế hoạch")):
            markup = markup.replace(word + label + ",",
                                    '%s<super rise="5" size="9">%s</super>'
                                    '<onDraw name="fnmark" label="%s"/>,' % (word, label, label), 1)
        story.append(Paragraph(markup, BODY))
    story.append(recipients_and_signature(recipients, [], signer))
    return story


# --------------------------------------------------------------------------
# 003: Thông báo kết luận (title and header cut off in the seed)
# --------------------------------------------------------------------------

def parts_003():
    lines = [l for l in seed_lines("003") if l.strip() != "3"]   # running page number
    subject = [l.strip() for l in lines[:7] if l.strip()]
    i_body = next(i for i, l in enumerate(lines) if l.strip().startswith("Sáng ngày 12/9/2025"))
    i_recip = next(i for i, l in enumerate(lines) if l.strip() == "Nơi nhận:")
    i_sign = next(i for i, l in enumerate(lines) if l.strip() == "TL. CHỦ TỊCH")
    body = reflow(lines[i_body:i_recip])
    recipients = []
    for l in lines[i_recip + 1:i_sign]:
        s = l.strip()
        if not s:
            continue
        if s.startswith("- ") or not recipients:
            recipients.append(s)
        else:
            recipients[-1] += " " + s
    sign = [l.strip() for l in lines[i_sign:] if l.strip()]
    return subject, body, recipients, sign


def body_story(body):
    out = []
    for p in body:
        if re.match(r"^(\d+\.|[a-zđ]\))\s", p) and len(p) < 110 and not p.rstrip().endswith("."):
            out.append(para(p, HEADING if p[0].isdigit() else BODY_ITALIC))
        else:
            out.append(para(p))
    return out


def story_003():
    subject, body, recipients, sign = parts_003()
    story = [Paragraph("<br/>".join(esc(s) for s in subject), CENTER_BOLD), Spacer(1, 12)]
    story += body_story(body)
    story.append(recipients_and_signature(recipients, sign))
    return story


# --------------------------------------------------------------------------
# 004: Công văn (header cut off: only the tail of the trích yếu survives)
# --------------------------------------------------------------------------

def parts_004():
    lines = seed_lines("004")
    fragment = lines[0].strip()                     # "Thủ tướng Chính phủ về công tác"
    i_kg = next(i for i, l in enumerate(lines) if l.strip() == "Kính gửi:")
    i_body = next(i for i, l in enumerate(lines) if l.startswith("Thực hiện Văn bản số 65"))
    i_recip = next(i for i, l in enumerate(lines) if l.strip() == "Nơi nhận:")
    i_sign = next(i for i, l in enumerate(lines) if l.strip() == "KT. CHỦ TỊCH")
    addressees = []
    for l in lines[i_kg + 1:i_body]:
        s = l.strip()
        if not s:
            continue
        if s.startswith("- ") or not addressees:
            addressees.append(s)
        else:
            addressees[-1] += " " + s
    body = reflow(lines[i_body:i_recip])
    recipients = [l.strip() for l in lines[i_recip + 1:i_sign] if l.strip()]
    sign = [l.strip() for l in lines[i_sign:] if l.strip()]
    return fragment, addressees, body, recipients, sign


def story_004():
    fragment, addressees, body, recipients, sign = parts_004()
    left = ParagraphStyle("v/v", CENTER, fontSize=12, leading=14)
    story = [Table([[Paragraph(esc(fragment), left), ""]], colWidths=["42%", "58%"],
                   style=[("LEFTPADDING", (0, 0), (-1, -1), 0)]),
             Spacer(1, 10)]
    kg = Table([[Paragraph("Kính gửi:", CENTER), [para(a, ParagraphStyle(
        "kg", BODY, firstLineIndent=0, spaceAfter=1)) for a in addressees]]],
        colWidths=["30%", "58%"], style=[("VALIGN", (0, 0), (-1, -1), "TOP"),
                                         ("ALIGN", (0, 0), (0, 0), "RIGHT")])
    story += [kg, Spacer(1, 10)]
    story += body_story(body)
    story.append(recipients_and_signature(recipients, sign[:-1], sign[-1]))
    return story


# --------------------------------------------------------------------------
# Scanned variant
# --------------------------------------------------------------------------

def make_scanned(src_pdf, out_pdf, dpi=300, angle=0.35, quality=35):
    """Render src_pdf at `dpi` grayscale, degrade it a little like a scanner
    (rotation, blur, specks; deterministic) and store the pages as JPEG
    images in a PDF without any text layer."""
    from PIL import Image, ImageFilter
    rnd = random.Random(20250821)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(src_pdf), f"{tmp}/p"], check=True)
        pages = sorted(Path(tmp).glob("p-*.pgm"))
        c = rl_canvas.Canvas(str(out_pdf), pagesize=A4, invariant=1, pageCompression=1)
        c.setTitle("scanned sample (no text layer)")
        c.setAuthor("docpipe samples")
        c.setCreator("docpipe samples/generate.py")
        for k, pgm in enumerate(pages):
            img = Image.open(pgm).convert("L")
            img = img.rotate(angle if k % 2 == 0 else -angle * 0.6,
                             resample=Image.BICUBIC, expand=False, fillcolor=255)
            img = img.filter(ImageFilter.GaussianBlur(0.6))
            px = img.load()
            w, h = img.size
            for _ in range(1500):              # dust specks
                x, y = rnd.randrange(1, w - 1), rnd.randrange(1, h - 1)
                v = rnd.randrange(60, 200)
                px[x, y] = v
                px[x + 1, y] = v
            # a faint grey paper tone
            img = img.point(lambda v: int(v * 0.93 + 6))
            jpg = Path(tmp) / f"page{k}.jpg"
            img.save(jpg, "JPEG", quality=quality, optimize=True, dpi=(dpi, dpi))
            # reportlab names the image after its file name: use a relative
            # name so that the output does not depend on the temporary path
            cwd = os.getcwd()
            os.chdir(tmp)
            try:
                c.drawImage(jpg.name, 0, 0, A4[0], A4[1])
            finally:
                os.chdir(cwd)
            c.showPage()
        c.save()


# --------------------------------------------------------------------------
# Legacy 8-bit Vietnamese fonts (TCVN3 / VNI) and a tiny PDF writer
# --------------------------------------------------------------------------

CHARSETS = HERE.parent.parent / "shared" / "corpus" / "real" / "charsets"

# TCVN3 (ABC) single-byte codes of the .VnTime fonts: lowercase Vietnamese
# letters plus the untoned capitals Ă Â Ê Ô Ơ Ư Đ (from glibc's TCVN5712-1
# charmap, bytes 0xA1-0xFF).  Toned capitals have no code in the fonts, so
# they are drawn with the .VnTimeH font, whose lowercase codes are capitals.
TCVN3_LOWER = ("ăâêôơưđ" "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")
TCVN3_BYTES = [0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBB, 0xBC,
               0xBD, 0xBE, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1, 0xD2,
               0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4,
               0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF, 0xF1, 0xF2, 0xF3,
               0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE]
TCVN3_CAPS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}


def tcvn3_table():
    """Unicode letter -> TCVN3 byte, from the glibc charmap when available
    (checked against the built-in table above)."""
    table = dict(zip(TCVN3_LOWER, TCVN3_BYTES))
    table.update(TCVN3_CAPS)
    charmap = CHARSETS / "glibc-2.36_TCVN5712-1.charmap.txt"
    if charmap.exists():
        for line in charmap.read_text(encoding="latin-1").splitlines():
            m = re.match(r"<U([0-9A-F]{4})>\s+/x([0-9a-f]{2})\s", line)
            if m:
                ch, b = chr(int(m.group(1), 16)), int(m.group(2), 16)
                if ch in table:
                    assert table[ch] == b, (ch, hex(b), hex(table[ch]))
    return table


TONES = {"\u0300": "grave", "\u0301": "acute", "\u0309": "hook", "\u0303": "tilde", "\u0323": "dot"}


def split_letter(ch):
    """'ấ' -> ('â', 'acute'); 'a' -> ('a', None)."""
    d = unicodedata.normalize("NFD", ch)
    tone = next((TONES[c] for c in d if c in TONES), None)
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
    return base, tone


# VNI (VNI-Times): base letter + a following mark byte (lowercase / uppercase set).
VNI_MARK_LOWER = {("", "acute"): 0xF9, ("", "grave"): 0xF8, ("", "hook"): 0xFB, ("", "tilde"): 0xF5,
                  ("", "dot"): 0xEF,
                  ("circ", None): 0xE2, ("circ", "acute"): 0xE1, ("circ", "grave"): 0xE0,
                  ("circ", "hook"): 0xE5, ("circ", "tilde"): 0xE3, ("circ", "dot"): 0xE4,
                  ("breve", None): 0xEA, ("breve", "acute"): 0xE9, ("breve", "grave"): 0xE8,
                  ("breve", "hook"): 0xFA, ("breve", "tilde"): 0xFC, ("breve", "dot"): 0xEB}
VNI_MARK_UPPER = {("", "acute"): 0xD9, ("", "grave"): 0xD8, ("", "hook"): 0xDB, ("", "tilde"): 0xD5,
                  ("", "dot"): 0xCF,
                  ("circ", None): 0xC2, ("circ", "acute"): 0xC1, ("circ", "grave"): 0xC0,
                  ("circ", "hook"): 0xC5, ("circ", "tilde"): 0xC3, ("circ", "dot"): 0xC4,
                  ("breve", None): 0xCA, ("breve", "acute"): 0xC9, ("breve", "grave"): 0xC8,
                  ("breve", "hook"): 0xDA, ("breve", "tilde"): 0xDC, ("breve", "dot"): 0xCB}
VNI_SINGLE = {"đ": 0xF1, "Đ": 0xD1, "ơ": 0xF4, "Ơ": 0xD4, "ư": 0xF6, "Ư": 0xD6,
              "ì": 0xEC, "í": 0xED, "ỉ": 0xE6, "ĩ": 0xF3, "ị": 0xF2, "ỵ": 0xEE,
              "Ì": 0xCC, "Í": 0xCD, "Ỉ": 0xC6, "Ĩ": 0xD3, "Ị": 0xD2, "Ỵ": 0xCE}
VNI_BASE = {"â": ("a", "circ"), "ă": ("a", "breve"), "ê": ("e", "circ"), "ô": ("o", "circ"),
            "Â": ("A", "circ"), "Ă": ("A", "breve"), "Ê": ("E", "circ"), "Ô": ("O", "circ")}


def vni_encode_char(ch):
    """One Unicode letter -> VNI bytes (1 or 2 bytes)."""
    if ord(ch) < 0x7F:
        return bytes([ord(ch)])
    if ch in VNI_SINGLE:
        return bytes([VNI_SINGLE[ch]])
    base, tone = split_letter(ch)
    marks = VNI_MARK_UPPER if base.isupper() else VNI_MARK_LOWER
    if base in VNI_SINGLE:                       # ơ ư đ + tone
        return bytes([VNI_SINGLE[base], marks[("", tone)]])
    letter, kind = VNI_BASE.get(base, (base, ""))
    if not (letter.isascii() and letter.isalpha()):
        raise ValueError("no VNI code for %r" % ch)
    if kind == "" and tone is None:
        return letter.encode()
    return letter.encode() + bytes([marks[(kind, tone)]])


# Punctuation outside Latin-1 that the old fonts took from Windows-1252.
CP1252_PUNCT = {"“": 0x93, "”": 0x94, "–": 0x96, "—": 0x97, "…": 0x85, "‘": 0x91, "’": 0x92}


class LegacyFont:
    """A TrueType font built from Liberation Serif whose cmap maps single byte
    codes (read as Windows-1252/Latin-1 characters, as the old Vietnamese
    fonts did) to the glyphs of Vietnamese letters."""

    def __init__(self, pdf_name, src_ttf, byte_glyphs, mark_glyphs=None):
        from fontTools.ttLib import TTFont as FTFont
        from fontTools import subset
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        from fontTools.ttLib.tables._c_m_a_p import cmap_format_0, cmap_format_4
        from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent
        font = FTFont(str(src_ttf), recalcTimestamp=False)
        glyf, hmtx = font["glyf"], font["hmtx"]
        order = list(font.getGlyphOrder())
        best = font.getBestCmap()
        # zero-width mark glyphs (VNI): a precomposed glyph minus its base letter
        for name, (composed, base) in (mark_glyphs or {}).items():
            src = glyf[best[ord(composed)]]
            base_name = best[ord(base)]
            adv = hmtx[base_name][0]
            g = Glyph()
            g.numberOfContours = -1
            g.components = []
            for comp in src.components:
                if comp.glyphName == base_name:
                    continue
                c = GlyphComponent()
                c.glyphName, c.x, c.y = comp.glyphName, comp.x - adv, comp.y
                c.flags = comp.flags & ~0x0200    # not USE_MY_METRICS
                if hasattr(comp, "transform"):
                    c.transform = comp.transform
                g.components.append(c)
            order.append(name)
            font.setGlyphOrder(order)
            glyf.glyphOrder = order
            glyf[name] = g
            g.recalcBounds(glyf)
            hmtx[name] = (0, g.xMin)
        code_to_glyph = {}
        for code, target in byte_glyphs.items():
            code_to_glyph[code] = target if target in glyf.keys() else best[ord(target)]
        opts = subset.Options()
        opts.glyph_names = True
        opts.hinting = False
        opts.notdef_outline = True
        opts.name_IDs = ["*"]
        opts.layout_features = []
        sub = subset.Subsetter(opts)
        sub.populate(glyphs=sorted(set(code_to_glyph.values())))
        sub.subset(font)
        for t in ("GSUB", "GPOS", "GDEF", "kern", "DSIG"):
            if t in font:
                del font[t]
        # the cmap: byte code -> glyph.  A (3,0) "symbol" cmap (0xF000 + code) and
        # a (1,0) Macintosh table; the PDF font is flagged symbolic, so viewers
        # draw glyphs by byte code, while text extraction goes through
        # WinAnsiEncoding (there is no ToUnicode map), as with the old fonts.
        t4 = cmap_format_4(4)
        t4.platformID, t4.platEncID, t4.language = 3, 0, 0
        t4.cmap = {0xF000 + c: g for c, g in code_to_glyph.items()}
        t0 = cmap_format_0(0)
        t0.platformID, t0.platEncID, t0.language = 1, 0, 0
        t0.cmap = {c: code_to_glyph.get(c, ".notdef") for c in range(256)}
        font["cmap"].tables = [t0, t4]
        for rec in font["name"].names:
            if rec.nameID in (1, 4, 6):
                rec.string = pdf_name.replace(",", "-") if rec.nameID == 6 else pdf_name
        font["head"].created = font["head"].modified = 3786825600   # 2024-01-01, fixed
        buf = io.BytesIO()
        font.save(buf)
        self.data = buf.getvalue()
        self.pdf_name = pdf_name
        scale = 1000.0 / font["head"].unitsPerEm
        self.widths = {c: int(round(font["hmtx"][g][0] * scale)) for c, g in code_to_glyph.items()}
        head, os2, hhea = font["head"], font["OS/2"], font["hhea"]
        self.bbox = [int(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)]
        self.ascent = int(hhea.ascent * scale)
        self.descent = int(hhea.descent * scale)
        self.cap_height = int(getattr(os2, "sCapHeight", 650) * scale)
        self.italic = "Italic" in pdf_name

    def width(self, data, size):
        return sum(self.widths.get(b, 0) for b in data) * size / 1000.0


def tcvn3_fonts():
    """The .VnTime family (lowercase + untoned capitals) and the .VnTimeH
    family (every lowercase code drawn as the capital letter)."""
    table = tcvn3_table()
    fonts = {}
    for style, file in (("", "Regular"), (",Bold", "Bold"), (",Italic", "Italic")):
        ttf = FONT_DIR / f"LiberationSerif-{file}.ttf"
        normal = {c: chr(c) for c in range(0x20, 0x7F)}
        capital = {c: chr(c).upper() for c in range(0x20, 0x7F)}
        for ch, b in table.items():
            normal[b] = ch
            capital[b] = ch.upper()
        for ch, b in CP1252_PUNCT.items():
            normal[b] = capital[b] = ch
        fonts["VnTime" + style] = LegacyFont(".VnTime" + style, ttf, normal)
        fonts["VnTimeH" + style] = LegacyFont(".VnTimeH" + style, ttf, capital)
    return fonts, table


def vni_fonts():
    marks = {}
    glyph_for = {}
    for (kind, tone), b in list(VNI_MARK_LOWER.items()) + list(VNI_MARK_UPPER.items()):
        upper = (kind, tone) in VNI_MARK_UPPER and VNI_MARK_UPPER[(kind, tone)] == b
        base = "A" if upper else "a"
        letter = {"": base, "circ": "Â" if upper else "â", "breve": "Ă" if upper else "ă"}[kind]
        composed = unicodedata.normalize("NFC", unicodedata.normalize("NFD", letter) +
                                         ({v: k for k, v in TONES.items()}[tone] if tone else ""))
        name = "vnimark%02X" % b
        marks[name] = (composed, base)
        glyph_for[b] = name
    fonts = {}
    for style, file in (("", "Regular"), (",Bold", "Bold"), (",Italic", "Italic")):
        ttf = FONT_DIR / f"LiberationSerif-{file}.ttf"
        codes = {c: chr(c) for c in range(0x20, 0x7F)}
        for ch, b in VNI_SINGLE.items():
            codes[b] = ch
        codes.update(glyph_for)
        for ch, b in CP1252_PUNCT.items():
            codes[b] = ch
        fonts["VNI" + style] = LegacyFont("VNI-Times" + style, ttf, codes, marks)
    return fonts


class LegacyEncoder:
    """Turns Unicode text into runs of (font key, bytes)."""

    def __init__(self, kind, table=None):
        self.kind, self.table = kind, table

    def runs(self, text, style="", caps_font=False):
        text = unicodedata.normalize("NFC", text)
        out = []
        for ch in text:
            if self.kind == "vni":
                key = "VNI" + style
                if ch in CP1252_PUNCT:
                    data = bytes([CP1252_PUNCT[ch]])
                elif ch == "\u00a0":
                    data = b" "
                else:
                    data = vni_encode_char(ch)
            else:
                key, data = self._tcvn3(ch, style, caps_font)
            if out and out[-1][0] == key:
                out[-1] = (key, out[-1][1] + data)
            else:
                out.append((key, data))
        return out

    def _tcvn3(self, ch, style, caps_font):
        if ch == "\u00a0":
            ch = " "
        if ch in CP1252_PUNCT:
            return ("VnTimeH" if caps_font else "VnTime") + style, bytes([CP1252_PUNCT[ch]])
        if caps_font:          # headings: the whole line in .VnTimeH, lowercase codes
            low = ch.lower()
            code = ord(low) if ord(low) < 0x7F else self.table[low]
            return "VnTimeH" + style, bytes([code])
        if ord(ch) < 0x7F:
            return "VnTime" + style, bytes([ord(ch)])
        if ch in self.table:
            return "VnTime" + style, bytes([self.table[ch]])
        if ch.lower() in self.table:   # toned capital: the capital from .VnTimeH
            return "VnTimeH" + style, bytes([self.table[ch.lower()]])
        raise ValueError("no TCVN3 code for %r" % ch)


def pdf_string(data):
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


class LegacyPDF:
    """A minimal PDF writer: A4 pages of single-byte text in embedded
    TrueType fonts, WinAnsiEncoding, no ToUnicode maps."""

    W, H = A4
    LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 15 * mm, 20 * mm, 20 * mm

    def __init__(self, fonts, encoder, title):
        self.fonts, self.enc, self.title = fonts, encoder, title
        self.font_ids = {k: "F%d" % (i + 1) for i, k in enumerate(sorted(fonts))}
        self.used = set()
        self.pages = []
        self.new_page()

    # -- drawing ------------------------------------------------------------
    def new_page(self):
        self.ops = []
        self.pages.append(self.ops)
        self.y = self.H - self.TOP
        if len(self.pages) >= 2:
            self.text_line(self.enc.runs(str(len(self.pages))), 13, self.W / 2, self.H - 12 * mm,
                           align="center")

    def run_width(self, runs, size):
        return sum(self.fonts[k].width(d, size) for k, d in runs)

    def text_line(self, runs, size, x, y, align="left", word_space=0.0, width=None):
        w = self.run_width(runs, size) + word_space * sum(d.count(b" ") for _, d in runs)
        if align == "center":
            x -= w / 2
        elif align == "right":
            x -= w
        ops = [b"BT", b"%.2f Tw" % word_space, b"1 0 0 1 %.2f %.2f Tm" % (x, y)]
        for key, data in runs:
            self.used.add(key)
            ops.append(b"/%s %.1f Tf %s Tj" % (self.font_ids[key].encode(), size, pdf_string(data)))
        ops.append(b"ET")
        self.ops.append(b" ".join(ops))
        return w

    def rule(self, x0, x1, y, width=0.6):
        self.ops.append(b"%.2f w %.2f %.2f m %.2f %.2f l S" % (width, x0, y, x1, y))

    # -- line breaking ---------------------------------------------------------
    def wrap(self, text, size, width, style="", caps=False):
        """Greedy line breaking; returns lists of runs per line."""
        words = text.split()
        lines, cur = [], []
        for word in words:
            trial = cur + [word]
            if cur and self.run_width(self.enc.runs(" ".join(trial), style, caps), size) > width:
                lines.append(cur)
                cur = [word]
            else:
                cur = trial
        if cur:
            lines.append(cur)
        return [" ".join(l) for l in lines]

    def paragraph(self, text, size=14, style="", indent=10 * mm, align="justify", leading=None,
                  caps=False, space_after=5, x0=None, width=None):
        leading = leading or size * 1.3
        x0 = self.LEFT if x0 is None else x0
        width = (self.W - self.LEFT - self.RIGHT) if width is None else width
        first = True
        lines = self.wrap(text, size, width - indent, style, caps)
        # rewrap the rest at full width
        if len(lines) > 1 and indent:
            rest = self.wrap(text[len(lines[0]):].strip(), size, width, style, caps)
            lines = [lines[0]] + rest
        for i, line in enumerate(lines):
            if self.y - leading < self.BOTTOM:
                self.new_page()
            self.y -= leading
            runs = self.enc.runs(line, style, caps)
            ind = indent if first else 0
            last = i == len(lines) - 1
            if align == "center":
                self.text_line(runs, size, x0 + width / 2, self.y, align="center")
            elif align == "justify" and not last and line.count(" "):
                natural = self.run_width(runs, size)
                ws = (width - ind - natural) / line.count(" ")
                self.text_line(runs, size, x0 + ind, self.y, word_space=ws)
            else:
                self.text_line(runs, size, x0 + ind, self.y)
            first = False
        self.y -= space_after

    def block_height(self, items, width):
        h = 0
        for text, size, style, caps in items:
            h += len(self.wrap(text, size, width, style, caps)) * size * 1.25
        return h

    def recipients_and_signature(self, recipients, sign_lines, signer=None):
        width = self.W - self.LEFT - self.RIGHT
        lw, rw = width * 0.45, width * 0.55
        left = [("Nơi nhận:", 12, ",Bold", False)] + [(r, 11, "", False) for r in recipients]
        right = [(t, 14, ",Bold", True) for t in sign_lines]
        hl = self.block_height(left, lw)
        hr = self.block_height(right, rw) + (70 + 18 if signer else 0)
        if self.y - max(hl, hr) - 10 < self.BOTTOM:
            self.new_page()
        top = self.y - 6
        self.y = top
        for text, size, style, caps in left:
            self.paragraph(text, size, style, indent=0, align="left", leading=size * 1.2,
                           space_after=0, width=lw)
        y_left = self.y
        self.y = top
        for text, size, style, caps in right:
            self.paragraph(text, size, style, indent=0, align="center", caps=caps,
                           leading=size * 1.25, space_after=0, x0=self.LEFT + lw, width=rw)
        if signer:
            self.y -= 70
            self.paragraph(signer, 14, ",Bold", indent=0, align="center", space_after=0,
                           x0=self.LEFT + lw, width=rw)
        self.y = min(self.y, y_left)

    # -- output --------------------------------------------------------------
    def save(self, path):
        objs = []                      # object bodies, index = id - 1

        def add(body):
            objs.append(body)
            return len(objs)

        def stream(data, extra=b""):
            comp = zlib.compress(data, 9)
            return (b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(comp), extra)
                    + comp + b"\nendstream")

        catalog = add(None)
        pages_id = add(None)
        font_refs = {}
        for key in sorted(self.used):
            f = self.fonts[key]
            tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(f.data).digest()[:6])
            name = "%s+%s" % (tag, f.pdf_name)
            ff = add(stream(f.data, b"/Length1 %d " % len(f.data)))
            flags = 4 + (64 if f.italic else 0)        # symbolic
            desc = add(("<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%s] "
                        "/ItalicAngle %d /Ascent %d /Descent %d /CapHeight %d /StemV 80 "
                        "/FontFile2 %d 0 R >>" % (name, flags, " ".join(map(str, f.bbox)),
                                                  -12 if f.italic else 0, f.ascent, f.descent,
                                                  f.cap_height, ff)).encode())
            widths = " ".join(str(f.widths.get(c, 0)) for c in range(32, 256))
            font_refs[key] = add(("<< /Type /Font /Subtype /TrueType /BaseFont /%s "
                                  "/FirstChar 32 /LastChar 255 /Widths [%s] "
                                  "/Encoding /WinAnsiEncoding /FontDescriptor %d 0 R >>"
                                  % (name, widths, desc)).encode())
        resources = "<< /Font << %s >> >>" % " ".join(
            "/%s %d 0 R" % (self.font_ids[k], r) for k, r in font_refs.items())
        page_ids = []
        for ops in self.pages:
            content = add(stream(b"\n".join(ops)))
            page_ids.append(add(("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] "
                                 "/Resources %s /Contents %d 0 R >>"
                                 % (pages_id, self.W, self.H, resources, content)).encode()))
        objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
        objs[pages_id - 1] = ("<< /Type /Pages /Kids [%s] /Count %d >>" % (
            " ".join("%d 0 R" % p for p in page_ids), len(page_ids))).encode()
        info = add(("<< /Title (%s) /Producer (docpipe samples/generate.py) "
                    "/CreationDate (D:20000101000000+00'00') /ModDate (D:20000101000000+00'00') >>"
                    % self.title).encode())
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(objs):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
        for off in offsets:
            out += b"%010d 00000 n \n" % off
        file_id = hashlib.md5(bytes(out)).hexdigest()
        out += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\n"
                b"startxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, info,
                                               file_id.encode(), file_id.encode(), xref))
        Path(path).write_bytes(bytes(out))


def legacy_body(pdf, body):
    for p in body:
        if re.match(r"^(\d+\.|[a-zđ]\))\s", p) and len(p) < 110 and not p.rstrip().endswith("."):
            pdf.paragraph(p, style=",Bold" if p[0].isdigit() else ",Italic")
        else:
            pdf.paragraph(p)


def write_legacy_samples(out_dir, parts_003, parts_004):
    # TCVN3 variant of 004
    fonts, table = tcvn3_fonts()
    pdf = LegacyPDF(fonts, LegacyEncoder("tcvn3", table), "Cong van 004 (TCVN3 legacy sample)")
    fragment, addressees, body, recipients, sign = parts_004
    width = pdf.W - pdf.LEFT - pdf.RIGHT
    pdf.paragraph(fragment, 12, indent=0, align="center", width=width * 0.42, space_after=12)
    top = pdf.y
    pdf.paragraph("Kính gửi:", 14, indent=0, align="left", x0=pdf.LEFT + width * 0.18,
                  space_after=0)
    pdf.y = top
    for a in addressees:
        pdf.paragraph(a, 14, indent=0, align="left", x0=pdf.LEFT + width * 0.38,
                      width=width * 0.55, space_after=1)
    pdf.y -= 10
    legacy_body(pdf, body)
    pdf.recipients_and_signature(recipients, sign[:-1], sign[-1])
    pdf.save(out_dir / "legacy-tcvn3-004-cong-van.pdf")

    # VNI variant of 003: the first two pages' worth of text
    pdf = LegacyPDF(vni_fonts(), LegacyEncoder("vni"), "Thong bao ket luan 003 (VNI legacy sample)")
    subject, body, recipients, sign = parts_003
    for s in subject:
        pdf.paragraph(s, 14, ",Bold", indent=0, align="center", space_after=0)
    pdf.y -= 12
    for p in body:
        if len(pdf.pages) > 2:
            break
        legacy_body(pdf, [p])
    if len(pdf.pages) > 2:              # keep it short: drop the third page
        pdf.pages.pop()
    pdf.save(out_dir / "legacy-vni-003-thong-bao-ket-luan.pdf")


# --------------------------------------------------------------------------

def main():
    refresh_seeds()
    out = {}
    out["001"] = HERE / "001-quyet-dinh-1520.pdf"
    build_pdf(out["001"], "Quyết định 1520/QĐ-UBND (sample)", story_001)
    write_appendix_json(HERE / "001-quyet-dinh-1520.appendix.json")
    out["000"] = HERE / "000-bao-cao.pdf"
    build_pdf(out["000"], "Báo cáo kết quả thực hiện Nghị quyết 59-NQ/TW (sample)", story_000)
    out["002"] = HERE / "002-cong-van.pdf"
    build_pdf(out["002"], "Công văn triển khai Kế hoạch 34-KH/TU (sample)", story_002,
              footnotes=parts_002()[3])
    out["003"] = HERE / "003-thong-bao-ket-luan.pdf"
    build_pdf(out["003"], "Thông báo kết luận cuộc họp 12/9/2025 (sample)", story_003)
    out["004"] = HERE / "004-cong-van.pdf"
    build_pdf(out["004"], "Công văn về ngoại giao kinh tế (sample)", story_004)
    make_scanned(out["003"], HERE / "scanned-003-thong-bao-ket-luan.pdf")
    write_legacy_samples(HERE, parts_003=parts_003(), parts_004=parts_004())
    for p in sorted(HERE.glob("*.pdf")):
        print("%-45s %8d bytes  sha256 %s" % (p.name, p.stat().st_size,
                                              hashlib.sha256(p.read_bytes()).hexdigest()[:16]))


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
