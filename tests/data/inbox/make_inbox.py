#!/usr/bin/python3
"""Generates the inputs of tests/jobs/inbox_test.cc (issue #15).

    tests/data/inbox/make_inbox.py

blank-2000-pages.pdf: 2000 blank pages (no text layer, so every page is a
candidate for OCR) in about 18 KB, with object streams made by qpdf. The
reader's limit is 2000 pages, so the file is read, not refused: what bounds
the work is the child's CPU and wall-clock limits, which the OCR program
must share. Deterministic output (qpdf --deterministic-id).
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "hostile"))
from make_hostile import build_pdf  # noqa: E402


def main():
    count = 2000
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
                   b" ".join(b"%d 0 R" % (3 + i) for i in range(count)), count)]
    for _ in range(count):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "raw.pdf")
        with open(raw, "wb") as f:
            f.write(build_pdf(objects))
        result = subprocess.run(["qpdf", "--deterministic-id", "--object-streams=generate",
                                 "--compress-streams=y", raw,
                                 os.path.join(HERE, "blank-2000-pages.pdf")])
        if result.returncode not in (0, 3):
            sys.exit("qpdf failed")


if __name__ == "__main__":
    main()
