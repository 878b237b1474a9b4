"""Writes split-row.pdf: a table whose row 2 is split by a page break.

Run:  /usr/bin/python3 tests/data/pdf/make_split_row.py   (Debian's python3-reportlab)

Geometry as Word sets it: a bold header with STT, ruled cells, row 2 starting
near the bottom of page 1 and going on at the top of page 2 (no repeated
header, an empty STT cell), the running number "2" at the top of page 2,
then row 3 and a paragraph after the table. Fonts: Liberation Serif (embedded
subsets, so the PDF stays small).
"""
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
pdfmetrics.registerFont(TTFont("Serif", str(FONT_DIR / "LiberationSerif-Regular.ttf")))
pdfmetrics.registerFont(TTFont("Serif-Bold", str(FONT_DIR / "LiberationSerif-Bold.ttf")))

OUT = Path(__file__).with_name("split-row.pdf")
WIDTH, HEIGHT = A4
COLS = [60, 100, 330, 470, 540]  # cell edges: STT, Nội dung, Cơ quan chủ trì, Thời gian
LEAD = 15


def rule(c, y):
    c.line(COLS[0], y, COLS[-1], y)


def cells(c, top, texts, font="Serif", bottom=None):
    """texts: one list of lines per column; returns the row's bottom y."""
    depth = max(len(lines) for lines in texts)
    y_bottom = top - depth * LEAD - 6 if bottom is None else bottom
    c.setFont(font, 12)
    for col, lines in enumerate(texts):
        for idx, line in enumerate(lines):
            c.drawString(COLS[col] + 4, top - 14 - idx * LEAD, line)
    for x in COLS:
        c.line(x, top, x, y_bottom)
    rule(c, y_bottom)
    return y_bottom


c = canvas.Canvas(str(OUT), pagesize=A4, pageCompression=1)
c.setFont("Serif", 12)
c.drawString(60, HEIGHT - 60, "Phụ lục: nhiệm vụ cụ thể của các cơ quan.")
top = HEIGHT - 90
rule(c, top)
top = cells(c, top, [["STT"], ["Nội dung"], ["Cơ quan chủ trì"], ["Thời gian"]], font="Serif-Bold")
top = cells(c, top, [["1."], ["Tổ chức quán triệt", "Nghị quyết 59-NQ/TW"], ["Sở Ngoại vụ"], ["Năm 2025"]])
# Fill the page so that row 2 starts near its bottom.
FILLERS = 29
for idx in range(FILLERS):
    top = cells(c, top, [[f"{idx + 10}."], [f"Nhiệm vụ thường xuyên số {idx + 10}"], ["Các sở"], ["Hằng năm"]])
top = cells(c, top, [[f"{FILLERS + 10}."], ["Xây dựng cơ sở dữ liệu về", "hội nhập quốc tế của"], ["Sở Khoa học và"]],
            bottom=40)
c.showPage()
c.setFont("Serif", 12)
c.drawCentredString(WIDTH / 2, HEIGHT - 30, "2")
top = HEIGHT - 50
rule(c, top)
top = cells(c, top, [[""], ["tỉnh, kết nối với các bộ", "ngành trung ương"], ["Công nghệ"], ["Quý IV/2025"]])
top = cells(c, top, [[f"{FILLERS + 11}."], ["Tổng kết, đánh giá"], ["Sở Ngoại vụ"], ["Năm 2030"]])
c.setFont("Serif", 12)
c.drawString(60, top - 40, "Các cơ quan báo cáo kết quả thực hiện về Sở Ngoại vụ.")
c.showPage()
c.save()
