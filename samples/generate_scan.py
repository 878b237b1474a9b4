#!/usr/bin/python3
"""A signed scan of Decision 1520/QĐ-UBND, made the way offices make one (#12).

Run:  /usr/bin/python3 samples/generate_scan.py     (after generate_office.py)

Offices print the signed paper, scan it, and sign the scan digitally: the
signing software (the Ban Cơ yếu Chính phủ / VGCA tools) adds a small text
box on page 1 with the signer, the agency and the signing time.  So the PDF
is image-only except for that stamp, and the stamp's time is not the issue
date printed in the document.  This script does the same:

1. renders pages 1-2 of the LibreOffice copy of 001 (the decision: header,
   body, closing block with the signer; samples/office/libreoffice/) with
   `pdftoppm -gray` at 200 dpi;
2. degrades them a little, deterministically (rotation, blur, dust specks,
   grey paper tone) and stores them as JPEG images in an image-only PDF;
3. draws the signature stamp with reportlab as real text (Liberation Serif,
   with a ToUnicode map) in a box near the top right of page 1:
       Ký bởi: Ủy ban nhân dân tỉnh Gia Lai
       Cơ quan: Tỉnh Gia Lai
       Thời gian ký: 22.08.2025 09:15:31 +07:00
   (the decision is dated 21/8/2025), and lays it over page 1 with
   `qpdf --overlay`;
4. fixes the dates and the /ID (generate_office.normalize_pdf).

Output: samples/office/scan/001-quyet-dinh-1520-signed-scan.pdf
"""

import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate as g  # noqa: E402  (registers Liberation Serif with reportlab)
from generate_office import normalize_pdf  # noqa: E402

from reportlab.lib.colors import Color  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfgen import canvas as rl_canvas  # noqa: E402

SOURCE = HERE / "office" / "libreoffice" / "001-quyet-dinh-1520.pdf"
OUT = HERE / "office" / "scan" / "001-quyet-dinh-1520-signed-scan.pdf"
PAGES = (1, 2)
DPI = 200
QUALITY = 50
STAMP = ["Ký bởi: Ủy ban nhân dân tỉnh Gia Lai",
         "Cơ quan: Tỉnh Gia Lai",
         "Thời gian ký: 22.08.2025 09:15:31 +07:00"]


def scan(src, out, tmp):
    from PIL import Image, ImageFilter
    rnd = random.Random(20250822)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-f", str(PAGES[0]), "-l",
                    str(PAGES[-1]), str(src), f"{tmp}/p"], check=True)
    pages = sorted(Path(tmp).glob("p-*.pgm"))
    assert len(pages) == len(PAGES), pages
    c = rl_canvas.Canvas(str(out), pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle("Quyết định 1520/QĐ-UBND (signed scan sample)")
    c.setAuthor("docpipe samples")
    c.setCreator("docpipe samples/generate_scan.py")
    for k, pgm in enumerate(pages):
        img = Image.open(pgm).convert("L")
        img = img.rotate(0.3 if k % 2 == 0 else -0.2, resample=Image.BICUBIC, expand=False,
                         fillcolor=255)
        img = img.filter(ImageFilter.GaussianBlur(0.5))
        px = img.load()
        w, h = img.size
        for _ in range(900):                   # dust specks
            x, y = rnd.randrange(1, w - 1), rnd.randrange(1, h - 1)
            v = rnd.randrange(60, 200)
            px[x, y] = v
            px[x + 1, y] = v
        for _ in range(20000):                 # light sensor noise
            x, y = rnd.randrange(0, w), rnd.randrange(0, h)
            px[x, y] = max(0, min(255, px[x, y] + rnd.randrange(-40, 41)))
        img = img.point(lambda v: int(v * 0.92 + 8))
        jpg = Path(tmp) / f"page{k}.jpg"
        img.save(jpg, "JPEG", quality=QUALITY, optimize=True, dpi=(DPI, DPI))
        # a relative image name keeps the output independent of the temp path
        import os
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            c.drawImage(jpg.name, 0, 0, A4[0], A4[1])
        finally:
            os.chdir(cwd)
        c.showPage()
    c.save()


def stamp(out):
    """One A4 page with the signature box near the top right."""
    c = rl_canvas.Canvas(str(out), pagesize=A4, invariant=1, pageCompression=1)
    c.setCreator("docpipe samples/generate_scan.py")
    blue = Color(0.05, 0.2, 0.65)
    size, leading = 7.5, 9.5
    width = max(c.stringWidth(s, g.SERIF, size) for s in STAMP) + 8
    height = leading * len(STAMP) + 6
    x = A4[0] - 8 * mm - width
    y = A4[1] - 5 * mm - height
    c.setStrokeColor(blue)
    c.setFillColor(blue)
    c.setLineWidth(0.8)
    c.rect(x, y, width, height, stroke=1, fill=0)
    c.setFont(g.SERIF, size)
    for k, line in enumerate(STAMP):
        c.drawString(x + 4, y + height - 3 - size - k * leading, line)
    c.showPage()
    c.save()


def main():
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        image_pdf = Path(tmp) / "scan.pdf"
        scan(SOURCE, image_pdf, tmp)
        stamp_pdf = Path(tmp) / "stamp.pdf"
        stamp(stamp_pdf)
        signed = Path(tmp) / "signed.pdf"
        subprocess.run(["qpdf", str(image_pdf), "--overlay", str(stamp_pdf), "--to=1", "--",
                        str(signed)], check=True)
        normalize_pdf(signed, OUT, tmp)
    print("%-50s %8d bytes" % (OUT.relative_to(HERE), OUT.stat().st_size))


if __name__ == "__main__":
    main()
