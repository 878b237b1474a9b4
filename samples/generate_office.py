#!/usr/bin/python3
"""Generate the five seed documents as other producers make them (issue #11).

Run:  /usr/bin/python3 samples/generate_office.py        (Debian's python3)

Every sample in samples/*.pdf is drawn by our own reportlab generator
(generate.py), which places each line itself.  Real documents come from
office software, which lays text out in tables: the ND 30/2020 header is a
borderless two-column table, the closing block ("Nơi nhận:" | signature) is
another, the plan's appendix is a bordered Word table with merged cells.
This script builds the same five documents, with the same text (it reuses
generate.py's seed parsing: nothing is invented), in two producers:

* LibreOffice Writer: a .docx written with python-docx, converted with
  `soffice --headless --convert-to pdf` -> samples/office/libreoffice/
* Chromium: an .html file printed with `chromium --headless --print-to-pdf`
  -> samples/office/chromium/

Layout as offices do it: header table (issuer + "Số: …" left; motto +
place/date right; "———" rules as text), title, justified body, closing table,
page number as a field (Word) / @page margin box (Chromium) at the top centre
from page 2, Liberation Serif (metric clone of Times New Roman) 14 pt.  For
seed 001 the appendix is a bordered table in a landscape section: six columns
with titles wrapped over several lines, header row repeated on every page,
section rows merged across all columns, and the "Đơn vị chủ trì" cell merged
vertically (Word vMerge / HTML rowspan) wherever consecutive task rows of one
section have the same lead agency in the seed.  Seed 002's two footnotes are
real Word footnotes in the .docx; HTML has no page footnotes, so Chromium's
copy has them at the end of the document, as Word's "save as web page" does.

The intermediate .docx/.html files are written to a temporary folder (pass
--keep DIR to keep them).  The PDFs are made deterministic afterwards: their
CreationDate/ModDate are set to the decision's date and qpdf rewrites them
with --deterministic-id (see normalize_pdf).
"""

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate as g  # noqa: E402  (the seed parsing of the reportlab generator)

OUT = HERE / "office"
NAMES = {
    "001": "001-quyet-dinh-1520",
    "000": "000-bao-cao",
    "002": "002-cong-van",
    "003": "003-thong-bao-ket-luan",
    "004": "004-cong-van",
}
FIXED_DATE = "D:20250821090000+07'00'"
FONT = "Liberation Serif"

# --------------------------------------------------------------------------
# A small document model shared by both producers
# --------------------------------------------------------------------------
#
# A document is a list of blocks (tuples):
#   ("header", issuer_lines, number_line, place_date_line)   ND 30/2020 header
#   ("p", style, runs)   runs: [(text, "b"/"i"/"bi"/"", footnote_label or None)]
#   ("lines", style, [line, ...])       one paragraph with line breaks
#   ("small_left", text)                004's trích yếu fragment
#   ("kinhgui", [addressee, ...])       "Kính gửi:" block of 004
#   ("closing", recipients or None, sign_titles, signer or None)
#   ("pagebreak",) ("landscape",)
#   ("appendix", header, rows)          rows as in 001-*.appendix.json
# styles: body, italic, heading, kind, center_bold, center, center_italic

def runs(text, fmt=""):
    return [(text, fmt, None)]


def lead_bold(text, sep):
    head, tail = text.split(sep, 1)
    return [(head + sep, "b", None), (tail, "", None)]


def body_blocks(body):
    """generate.body_story as blocks."""
    out = []
    for p in body:
        if re.match(r"^(\d+\.|[a-zđ]\))\s", p) and len(p) < 110 and not p.rstrip().endswith("."):
            out.append(("p", "heading" if p[0].isdigit() else "italic", runs(p)))
        else:
            out.append(("p", "body", runs(p)))
    return out


def model_001():
    text, idx = g.split_001(g.seed_lines("001"))
    decision = g.blank_paragraphs(text[:idx["Nơi nhận:"]])
    recipients_end = next(i for i, l in enumerate(text) if l.strip() == "TM. ỦY BAN NHÂN DÂN")
    recipients = g.blank_paragraphs(text[idx["Nơi nhận:"] + 1:recipients_end])
    plan = g.blank_paragraphs(text[idx["KẾ HOẠCH"]:idx["PHỤ LỤC"]])
    app_lines = text[idx["PHỤ LỤC"]:idx["HIỆU LỰC VĂN BẢN"]]
    assert decision[:6] == ["ỦY BAN NHÂN DÂN", "TỈNH GIA LAI", "-------",
                            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                            "---------------"], decision[:6]
    blocks = [("header", ["ỦY BAN NHÂN DÂN", "TỈNH GIA LAI"], decision[6], decision[7])]
    rest = decision[8:]
    blocks += [("p", "kind", runs(rest[0])), ("p", "center_bold", runs(rest[1])),
               ("p", "kind", runs(rest[2]))]
    for p in rest[3:]:
        if p.startswith("Căn cứ") or p.startswith("Theo đề nghị"):
            blocks.append(("p", "italic", runs(p)))
        elif p == "QUYẾT ĐỊNH:":
            blocks.append(("p", "kind", runs(p)))
        elif re.match(r"^Điều \d+\.", p):
            blocks.append(("p", "body", lead_bold(p, ".")))
        else:
            blocks.append(("p", "body", runs(p)))
    blocks.append(("closing", recipients, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Phạm Anh Tuấn"))
    blocks.append(("pagebreak",))
    blocks += [("p", "kind", runs(plan[0])), ("p", "center_bold", runs(plan[1])),
               ("p", "center_italic", runs(plan[2]))]
    for p in plan[3:]:
        numbered = re.match(r"^([IVX]+|\d+)\. ", p)
        if numbered and ":" in p[:150]:
            blocks.append(("p", "body", lead_bold(p, ":")))
        elif numbered:
            blocks.append(("p", "heading", runs(p)))
        elif p.startswith("(") and p.endswith(")"):
            blocks.append(("p", "italic", runs(p)))
        else:
            blocks.append(("p", "body", runs(p)))
    i_stt = app_lines.index("STT")
    header, rows = g.parse_appendix(app_lines[i_stt:])
    truth = json.loads((HERE / "001-quyet-dinh-1520.appendix.json").read_text(encoding="utf-8"))
    assert truth["rows"] == rows and truth["header"] == header, "appendix.json is stale"
    app_head = g.blank_paragraphs(app_lines[:i_stt])
    blocks += [("landscape",), ("p", "kind", runs(app_head[0])),
               ("p", "center_bold", runs(app_head[1])), ("p", "center_italic", runs(app_head[2])),
               ("appendix", header, rows)]
    return blocks, {}


def model_000():
    lines = [l.replace("**", "") for l in g.seed_lines("000")]
    i_recip = next(i for i, l in enumerate(lines) if l.strip() == "Nơi nhận:")
    i_sign = next(i for i, l in enumerate(lines) if l.strip() == "TM. ỦY BAN NHÂN DÂN")
    head = [l.strip() for l in lines[:8] if l.strip()]
    body = g.blank_paragraphs(lines[lines.index("Kính gửi: Bộ Ngoại giao") + 1:i_recip])
    recipients = g.blank_paragraphs(lines[i_recip + 1:i_sign])
    sign = [l.strip() for l in lines[i_sign:] if l.strip()]
    blocks = [("p", "kind", runs(head[0])), ("lines", "center_bold", head[1:3]),
              ("p", "center", runs(head[3]))]
    for p in body:
        if re.match(r"^([IVX]+|\d+(\.\d+)*)\. ", p) and len(p) < 200:
            blocks.append(("p", "heading", runs(p)))
        else:
            blocks.append(("p", "body", runs(p)))
    blocks.append(("closing", recipients, sign[:-1], sign[-1]))
    return blocks, {}


def model_002():
    body, recipients, signer, footnotes = g.parts_002()
    blocks = []
    for p in body:
        parts = [(p, "", None)]
        for label, word in (("1", "thực hiện"), ("2", "kế hoạch")):
            key = word + label + ","
            new = []
            for text, fmt, fn in parts:
                if fn is None and key in text:
                    a, b = text.split(key, 1)
                    new += [(a + word, fmt, None), ("", "", label), ("," + b, fmt, None)]
                else:
                    new.append((text, fmt, fn))
            parts = new
        blocks.append(("p", "body", [r for r in parts if r[0] or r[2]]))
    blocks.append(("closing", recipients, [], signer))
    return blocks, footnotes


def model_003():
    subject, body, recipients, sign = g.parts_003()
    return [("lines", "center_bold", subject)] + body_blocks(body) + [
        ("closing", recipients, sign, None)], {}


def model_004():
    fragment, addressees, body, recipients, sign = g.parts_004()
    return [("small_left", fragment), ("kinhgui", addressees)] + body_blocks(body) + [
        ("closing", recipients, sign[:-1], sign[-1])], {}


MODELS = {"001": model_001, "000": model_000, "002": model_002, "003": model_003,
          "004": model_004}
TITLES = {
    "001": "Quyết định 1520/QĐ-UBND (sample)",
    "000": "Báo cáo kết quả thực hiện Nghị quyết 59-NQ/TW (sample)",
    "002": "Công văn triển khai Kế hoạch 34-KH/TU (sample)",
    "003": "Thông báo kết luận cuộc họp 12/9/2025 (sample)",
    "004": "Công văn về ngoại giao kinh tế (sample)",
}


def lead_runs(rows):
    """For each task row index: how many rows its lead cell spans (0 = covered
    by the cell above).  Only consecutive task rows of one section with the
    same lead text in the seed are merged."""
    span = {}
    start = None
    for k, r in enumerate(rows):
        if r["kind"] != "task":
            start = None
            continue
        if start is not None and rows[start]["cells"][2] == r["cells"][2]:
            span[start] += 1
            span[k] = 0
        else:
            start = k
            span[k] = 1
    return span


# --------------------------------------------------------------------------
# LibreOffice Writer via .docx
# --------------------------------------------------------------------------

def write_docx(blocks, footnotes, path, title):
    import datetime
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Mm, Pt

    doc = Document()
    cp = doc.core_properties
    cp.title, cp.author = title, "docpipe samples"
    cp.created = cp.modified = datetime.datetime(2025, 8, 21, 2, 0, 0)
    cp.last_modified_by = "docpipe samples"
    cp.revision = 1

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.0

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    sec.left_margin, sec.right_margin = Mm(30), Mm(15)
    sec.header_distance = Mm(10)
    sec.different_first_page_header_footer = True      # no number on page 1
    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(hp, "PAGE", Pt(13), OxmlElement, qn)

    def para(container, style, parts, size=None):
        p = container.add_paragraph()
        f = p.paragraph_format
        if style in ("body", "italic", "heading"):
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            f.first_line_indent = Mm(10)
            f.space_after = Pt(6)
            f.line_spacing = Pt(18)
        elif style in ("kind", "center_bold", "center", "center_italic"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            f.space_before = Pt(6) if style == "kind" else Pt(0)
            f.space_after = Pt(3)
        for text, fmt, fn in parts:
            if fn is not None:
                add_footnote_ref(p, fn, OxmlElement, qn)
                continue
            r = p.add_run(text)
            r.bold = "b" in fmt or style in ("heading", "kind", "center_bold")
            r.italic = "i" in fmt or style in ("italic", "center_italic")
            if size:
                r.font.size = size
        return p

    def borderless(table):
        tbl_pr = table._tbl.tblPr
        borders = parse_xml(r'<w:tblBorders %s>%s</w:tblBorders>' % (nsdecls("w"), "".join(
            '<w:%s w:val="nil"/>' % b for b in ("top", "left", "bottom", "right",
                                                "insideH", "insideV"))))
        tbl_pr.append(borders)

    def set_widths(table, widths):
        table.autofit = False
        for k, w in enumerate(widths):
            table.columns[k].width = w
            for cell in table.columns[k].cells:
                cell.width = w

    def cell_lines(cell, items):
        """items: [(text, bold, italic, size_pt)]; the first uses the cell's
        empty paragraph."""
        first = True
        for text, bold, italic, size in items:
            p = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(text)
            r.bold, r.italic, r.font.size = bold, italic, Pt(size)

    content_width = Mm(165)
    for block in blocks:
        kind = block[0]
        if kind == "header":
            _, issuer, number, place_date = block
            t = doc.add_table(rows=1, cols=2)
            borderless(t)
            set_widths(t, [Mm(62), Mm(103)])
            left, right = t.rows[0].cells
            cell_lines(left, [(s, True, False, 13) for s in issuer] + [("———", True, False, 13),
                                                                        (number, False, False, 13)])
            cell_lines(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False, 13),
                               ("Độc lập - Tự do - Hạnh phúc", True, False, 14),
                               ("———————", True, False, 13),
                               (place_date, False, True, 14)])
            doc.add_paragraph()
        elif kind == "p":
            para(doc, block[1], block[2])
        elif kind == "lines":
            p = para(doc, block[1], [])
            for k, line in enumerate(block[2]):
                r = p.add_run(line)
                r.bold = True
                if k + 1 < len(block[2]):
                    r.add_break()
            p.paragraph_format.space_after = Pt(12)
        elif kind == "small_left":
            t = doc.add_table(rows=1, cols=2)
            borderless(t)
            set_widths(t, [Mm(70), Mm(95)])
            cell_lines(t.rows[0].cells[0], [(block[1], False, False, 12)])
            doc.add_paragraph()
        elif kind == "kinhgui":
            t = doc.add_table(rows=1, cols=2)
            borderless(t)
            set_widths(t, [Mm(50), Mm(115)])
            a, b = t.rows[0].cells
            a.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            a.paragraphs[0].add_run("Kính gửi:")
            for k, line in enumerate(block[1]):
                p = b.paragraphs[0] if k == 0 else b.add_paragraph()
                p.add_run(line)
            doc.add_paragraph()
        elif kind == "closing":
            _, recipients, titles, signer = block
            doc.add_paragraph()
            t = doc.add_table(rows=1, cols=2)
            borderless(t)
            set_widths(t, [Mm(75), Mm(90)])
            left, right = t.rows[0].cells
            if recipients is not None:
                p = left.paragraphs[0]
                r = p.add_run("Nơi nhận:")
                r.bold, r.italic, r.font.size = True, True, Pt(12)
                for item in recipients:
                    r = left.add_paragraph().add_run(item)
                    r.font.size = Pt(11)
            items = [(s, True, False, 14) for s in titles]
            if signer:
                items += [("", False, False, 14)] * 4 + [(signer, True, False, 14)]
            cell_lines(right, items)
            # keep the closing block on one page
            for row in t.rows:
                tr_pr = row._tr.get_or_add_trPr()
                tr_pr.append(OxmlElement("w:cantSplit"))
        elif kind == "pagebreak":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "landscape":
            s = doc.add_section(WD_SECTION.NEW_PAGE)
            s.orientation = WD_ORIENT.LANDSCAPE
            s.page_width, s.page_height = Mm(297), Mm(210)
            s.top_margin, s.bottom_margin = Mm(20), Mm(15)
            s.left_margin, s.right_margin = Mm(20), Mm(15)
            s.different_first_page_header_footer = False
            content_width = Mm(262)
        elif kind == "appendix":
            _, header, rows = block
            widths = [Mm(w) for w in (12, 78, 25, 60, 24, 63)]
            assert sum(widths) <= content_width + Mm(0.5)
            t = doc.add_table(rows=1 + len(rows), cols=6)
            t.style = doc.styles["Table Grid"]
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            set_widths(t, widths)
            head = t.rows[0]
            head._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            for k, h in enumerate(header):
                c = head.cells[k]
                c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                cell_lines(c, [(h, True, False, 12)])
            span = lead_runs(rows)
            for k, r in enumerate(rows):
                row = t.rows[k + 1]
                if r["kind"] == "section":
                    c = row.cells[0].merge(row.cells[5])
                    p = c.paragraphs[0]
                    run = p.add_run(r["text"])
                    run.bold, run.font.size = True, Pt(12)
                    continue
                for col, text in enumerate(r["cells"]):
                    if col == 2 and span[k] == 0:
                        continue
                    c = row.cells[col]
                    for n, line in enumerate(text.split("\n") if text else []):
                        p = c.paragraphs[0] if n == 0 else c.add_paragraph()
                        if col in (0, 4):
                            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                        run = p.add_run(line)
                        run.font.size = Pt(12)
            for k, r in enumerate(rows):
                if r["kind"] == "task" and span[k] > 1:
                    top = t.rows[k + 1].cells[2]
                    merged = top.merge(t.rows[k + span[k]].cells[2])
                    while len(merged.paragraphs) > 1 and not merged.paragraphs[-1].text:
                        p = merged.paragraphs[-1]._p
                        p.getparent().remove(p)
                    assert merged.text == r["cells"][2], (merged.text, r["cells"][2])
        else:
            raise ValueError(kind)

    if footnotes:
        xml = ['<w:footnotes %s>' % nsdecls("w"),
               '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
               '</w:footnote>',
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
               '<w:continuationSeparator/></w:r></w:p></w:footnote>']
        for label, text in sorted(footnotes.items()):
            xml.append(
                '<w:footnote w:id="%s"><w:p><w:pPr><w:jc w:val="both"/></w:pPr>'
                '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="22"/></w:rPr>'
                '<w:footnoteRef/></w:r><w:r><w:rPr><w:sz w:val="22"/></w:rPr>'
                '<w:t xml:space="preserve"> %s</w:t></w:r></w:p></w:footnote>'
                % (label, html.escape(text, quote=False)))
        xml.append("</w:footnotes>")
        part = Part(PackURI("/word/footnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                    "".join(xml).encode("utf-8"), doc.part.package)
        doc.part.relate_to(part, RT.FOOTNOTES)
    doc.save(str(path))


def add_field(paragraph, instr, size, OxmlElement, qn):
    """A Word field (PAGE) as begin / instrText / separate / "1" / end runs."""
    def run(child):
        r = paragraph.add_run()
        r.font.size = size
        r._r.append(child)
        return r
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run(begin)
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = " %s " % instr
    run(it)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run(sep)
    r = paragraph.add_run("1")
    r.font.size = size
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run(end)


def add_footnote_ref(paragraph, label, OxmlElement, qn):
    r = paragraph.add_run()
    rpr = r._r.get_or_add_rPr()
    va = OxmlElement("w:vertAlign")
    va.set(qn("w:val"), "superscript")
    rpr.append(va)
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), label)
    r._r.append(ref)


# --------------------------------------------------------------------------
# Chromium via HTML
# --------------------------------------------------------------------------

CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm;
        @top-center { content: counter(page); font: 13pt "Liberation Serif"; } }
@page :first { @top-center { content: none; } }
@page land { size: A4 landscape; margin: 20mm 15mm 15mm 20mm; }
body { font: 14pt/1.3 "Liberation Serif", serif; margin: 0; }
p { margin: 0; }
.body, .italic, .heading { text-align: justify; text-indent: 10mm; margin-bottom: 6pt; }
.italic, .center_italic { font-style: italic; }
.heading, .kind, .center_bold { font-weight: bold; }
.kind, .center_bold, .center, .center_italic { text-align: center; margin-bottom: 3pt; }
.kind { margin-top: 6pt; }
table.plain { border-collapse: collapse; width: 100%; }
table.plain td { vertical-align: top; padding: 0 3pt; }
.hdr td { text-align: center; font-size: 13pt; }
.closing { break-inside: avoid; margin-top: 12pt; }
.recip { font-size: 11pt; }
.recip b { font-size: 12pt; font-style: italic; }
.sign { text-align: center; font-weight: bold; }
.pagebreak { break-after: page; }
.land { page: land; }
table.grid { border-collapse: collapse; width: 100%; font-size: 12pt; line-height: 1.2; }
table.grid th, table.grid td { border: 0.75pt solid black; padding: 2pt 4pt; vertical-align: top; }
table.grid th { vertical-align: middle; }
table.grid td.c { text-align: center; }
table.grid td.s { font-weight: bold; }
table.grid thead { display: table-header-group; }
.fn { font-size: 11pt; text-align: justify; }
hr.fn { width: 50mm; margin: 12pt 0 4pt 0; border: 0; border-top: 0.5pt solid black; }
"""


def write_html(blocks, footnotes, path, title):
    e = lambda s: html.escape(s, quote=False)   # noqa: E731
    out = ['<!DOCTYPE html>', '<html lang="vi"><head><meta charset="utf-8">',
           '<title>%s</title><style>%s</style></head><body>' % (e(title), CSS)]
    in_land = False
    for block in blocks:
        kind = block[0]
        if kind == "header":
            _, issuer, number, place_date = block
            left = "".join("<b>%s</b><br>" % e(s) for s in issuer) + "<b>———</b><br>" + e(number)
            right = ('<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br>'
                     '<b style="font-size:14pt">Độc lập - Tự do - Hạnh phúc</b><br>'
                     '<b>———————</b><br><i style="font-size:14pt">%s</i>' % e(place_date))
            out.append('<table class="plain hdr"><tr><td style="width:38%%">%s</td>'
                       '<td>%s</td></tr></table><p>&nbsp;</p>' % (left, right))
        elif kind == "p":
            inner = []
            for text, fmt, fn in block[2]:
                if fn is not None:
                    inner.append('<sup>%s</sup>' % fn)
                    continue
                s = e(text)
                if "b" in fmt:
                    s = "<b>%s</b>" % s
                if "i" in fmt:
                    s = "<i>%s</i>" % s
                inner.append(s)
            out.append('<p class="%s">%s</p>' % (block[1], "".join(inner)))
        elif kind == "lines":
            out.append('<p class="%s" style="margin-bottom:12pt">%s</p>'
                       % (block[1], "<br>".join(e(s) for s in block[2])))
        elif kind == "small_left":
            out.append('<table class="plain"><tr><td style="width:42%%;text-align:center;'
                       'font-size:12pt">%s</td><td></td></tr></table><p>&nbsp;</p>' % e(block[1]))
        elif kind == "kinhgui":
            out.append('<table class="plain"><tr><td style="width:30%%;text-align:right">'
                       'Kính gửi:</td><td>%s</td></tr></table><p>&nbsp;</p>'
                       % "<br>".join(e(s) for s in block[1]))
        elif kind == "closing":
            _, recipients, titles, signer = block
            left = ""
            if recipients is not None:
                left = "<b>Nơi nhận:</b><br>" + "<br>".join(e(s) for s in recipients)
            right = "<br>".join(e(s) for s in titles)
            if signer:
                right += "<br><br><br><br><br>" + e(signer)
            out.append('<table class="plain closing"><tr><td class="recip" style="width:45%%">'
                       '%s</td><td class="sign">%s</td></tr></table>' % (left, right))
        elif kind == "pagebreak":
            out.append('<div class="pagebreak"></div>')
        elif kind == "landscape":
            out.append('<div class="land">')
            in_land = True
        elif kind == "appendix":
            _, header, rows = block
            widths = (12, 78, 25, 60, 24, 63)
            out.append('<table class="grid"><colgroup>%s</colgroup><thead><tr>%s</tr></thead>'
                       '<tbody>' % ("".join('<col style="width:%dmm">' % w for w in widths),
                                    "".join("<th>%s</th>" % e(h) for h in header)))
            span = lead_runs(rows)
            for k, r in enumerate(rows):
                if r["kind"] == "section":
                    out.append('<tr><td class="s" colspan="6">%s</td></tr>' % e(r["text"]))
                    continue
                tds = []
                for col, text in enumerate(r["cells"]):
                    attrs = ' class="c"' if col in (0, 4) else ""
                    if col == 2:
                        if span[k] == 0:
                            continue
                        if span[k] > 1:
                            attrs += ' rowspan="%d"' % span[k]
                    tds.append("<td%s>%s</td>" % (attrs, "<br>".join(
                        e(t) for t in text.split("\n"))))
                out.append("<tr>%s</tr>" % "".join(tds))
            out.append("</tbody></table>")
        else:
            raise ValueError(kind)
    if in_land:
        out.append("</div>")
    if footnotes:
        out.append('<hr class="fn">')
        for label, text in sorted(footnotes.items()):
            out.append('<p class="fn"><sup>%s</sup> %s</p>' % (label, e(text)))
    out.append("</body></html>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------
# Converters and determinism
# --------------------------------------------------------------------------

def soffice_pdf(docx, out_dir, tmp):
    profile = Path(tmp) / "lo-profile"
    subprocess.run(["soffice", "-env:UserInstallation=file://%s" % profile, "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
                   check=True, stdout=subprocess.DEVNULL, timeout=600)
    return Path(out_dir) / (docx.stem + ".pdf")


def chromium_pdf(html_file, pdf, tmp):
    profile = tempfile.mkdtemp(dir=tmp)
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile,
                    "--print-to-pdf=" + str(pdf), "--no-pdf-header-footer",
                    html_file.as_uri()], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=600)
    return pdf


def normalize_pdf(src, dst, tmp):
    """Fixed CreationDate/ModDate, no /DocChecksum, deterministic /ID (qpdf),
    compressed."""
    qdf = Path(tmp) / "n.qdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(src), str(qdf)], check=True)
    data = qdf.read_bytes()
    data = re.sub(rb"/(CreationDate|ModDate) *\((D:[^)]*)\)",
                  lambda m: b"/" + m.group(1) + b" (" + FIXED_DATE.encode() + b")", data)
    data = re.sub(rb"<xmp:(CreateDate|ModifyDate|MetadataDate)>[^<]*<",
                  lambda m: b"<xmp:" + m.group(1) + b">2025-08-21T09:00:00+07:00<", data)
    # LibreOffice's /DocChecksum and the producers' /ID hash the creation
    # time; qpdf --deterministic-id keeps an existing first /ID element.
    data = re.sub(rb"\n *(/DocChecksum /[0-9A-F]+|/ID \[<[0-9a-fA-F]*> *<[0-9a-fA-F]*>\])", b"", data)
    qdf.write_bytes(data)
    fixed = Path(tmp) / "f.qdf"
    subprocess.run(["fix-qdf", str(qdf)], check=True, stdout=open(fixed, "wb"))
    subprocess.run(["qpdf", "--deterministic-id", "--object-streams=generate",
                    "--compress-streams=y", "--recompress-flate", str(fixed), str(dst)],
                   check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keep", help="keep the .docx/.html files in this folder")
    ap.add_argument("--only", help="comma-separated seed keys (default: all)")
    ap.add_argument("--producers", default="libreoffice,chromium")
    args = ap.parse_args()
    keys = args.only.split(",") if args.only else list(NAMES)
    producers = args.producers.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        src_dir = Path(args.keep) if args.keep else Path(tmp) / "src"
        src_dir.mkdir(parents=True, exist_ok=True)
        for key in keys:
            blocks, footnotes = MODELS[key]()
            name = NAMES[key]
            if "libreoffice" in producers:
                docx = src_dir / (name + ".docx")
                write_docx(blocks, footnotes, docx, TITLES[key])
                raw = soffice_pdf(docx, Path(tmp) / "lo", tmp)
                dst = OUT / "libreoffice" / (name + ".pdf")
                dst.parent.mkdir(parents=True, exist_ok=True)
                normalize_pdf(raw, dst, tmp)
                print("%-50s %8d bytes" % (dst.relative_to(HERE), dst.stat().st_size))
            if "chromium" in producers:
                page = src_dir / (name + ".html")
                write_html(blocks, footnotes, page, TITLES[key])
                raw = chromium_pdf(page, Path(tmp) / (name + ".chromium.pdf"), tmp)
                dst = OUT / "chromium" / (name + ".pdf")
                dst.parent.mkdir(parents=True, exist_ok=True)
                normalize_pdf(raw, dst, tmp)
                print("%-50s %8d bytes" % (dst.relative_to(HERE), dst.stat().st_size))


if __name__ == "__main__":
    main()
