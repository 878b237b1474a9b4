#!/usr/bin/python3
"""Generates the hostile PDF inputs of tests/pdf/isolated_reader_test.cc.

Each file is named by what it is (qpdf's convention for bad inputs). Run from
anywhere with Debian's python3 and qpdf installed:

    tests/data/hostile/make_hostile.py

The output is deterministic (no dates, no random ids), so re-running it leaves
the committed files unchanged. Everything stays small (well under 200 KB in
all); the large structures are compressed streams.
"""

import os
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))


def build_pdf(objects, root=1):
    """objects: list of bytes, object i+1 is objects[i]. Returns a PDF with a
    correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(out)


def stream(data, extra=b"", filters=0):
    """A stream object; filters = how many times to FlateDecode it."""
    for _ in range(filters):
        data = zlib.compress(data, 9)
    names = b" ".join([b"/FlateDecode"] * filters)
    filter_entry = b" /Filter [%s]" % names if filters else b""
    return (b"<< /Length %d%s%s >>\nstream\n" % (len(data), filter_entry, extra) + data +
            b"\nendstream")


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def text_page_pdf(lines):
    content = b"BT /F1 12 Tf 72 770 Td 14 TL " + b" ".join(
        b"(%s) '" % line.encode("ascii") for line in lines) + b" ET"
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(content),
        FONT,
    ])


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def qpdf(*args, id_option="--deterministic-id"):
    # qpdf exits 3 for "succeeded with warnings"; that is fine here.
    result = subprocess.run(["qpdf", id_option, *args])
    if result.returncode not in (0, 3):
        sys.exit("qpdf failed: %r" % (args,))


def main():
    # An empty file.
    write("zero-bytes.pdf", b"")

    # A real sample cut in half: header and early objects, no xref, no trailer.
    with open(os.path.join(ROOT, "samples", "002-cong-van.pdf"), "rb") as f:
        sample = f.read()
    write("truncated.pdf", sample[:len(sample) // 2])

    # Encrypted with a user password (AES-256): we cannot open it.
    with tempfile.TemporaryDirectory() as tmp:
        plain = os.path.join(tmp, "plain.pdf")
        with open(plain, "wb") as f:
            f.write(text_page_pdf(["Encrypted test page"]))
        # --deterministic-id does not work with encryption; qpdf's testing
        # options --static-id and --static-aes-iv keep the output fixed.
        qpdf("--static-aes-iv", "--encrypt", "user", "owner", "256", "--", plain,
             os.path.join(HERE, "encrypted.pdf"), id_option="--static-id")

    # A PNG (1x1, grey) named .pdf.
    png = (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
           b"\x08\x00\x00\x00\x00:~\x9bU" + b"\x00\x00\x00\nIDATx\x9cc\xf8\x0f\x00\x01\x01"
           b"\x01\x00\x18\xdd\x8d\xb0" + b"\x00\x00\x00\x00IEND\xaeB`\x82")
    write("not-a-pdf.pdf", png)

    # 5000 empty pages (ReadOptions::max_pages is 2000), compressed with
    # object streams so that the file stays small.
    count = 5000
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
                   b" ".join(b"%d 0 R" % (3 + i) for i in range(count)), count)]
    for _ in range(count):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "raw.pdf")
        with open(raw, "wb") as f:
            f.write(build_pdf(objects))
        qpdf("--object-streams=generate", "--compress-streams=y", raw,
             os.path.join(HERE, "thousands-of-pages.pdf"))

    # Arrays nested 5000 deep in the page dictionary, dictionaries nested
    # 100000 deep in the (compressed) content stream, after a line of text.
    nested_array = b"[" * 5000 + b"]" * 5000
    nested_content = (b"BT /F1 12 Tf 72 770 Td (Nested) Tj ET\n" + b"<< /A " * 100000 +
                      b">> " * 100000 + b" pop\n")
    write("deeply-nested.pdf", build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Nest " + nested_array +
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(nested_content, filters=1),
        FONT,
    ]))

    # A page tree whose intermediate node lists the root as its kid.
    write("loop-page-tree.pdf", build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ]))

    # A Form XObject that draws itself.
    write("loop-self-drawing-xobject.pdf", build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 6 0 R >> /XObject << /X0 5 0 R >> >> /Contents 4 0 R >>",
        stream(b"BT /F1 12 Tf 72 770 Td (Page text) Tj ET /X0 Do"),
        stream(b"BT /F1 12 Tf 72 700 Td (Form text) Tj ET /X0 Do",
               extra=b" /Type /XObject /Subtype /Form /BBox [0 0 595 842]"
                     b" /Resources << /Font << /F1 6 0 R >> /XObject << /X0 5 0 R >> >>"),
        FONT,
    ]))

    # A page 200 km square (the PDF maximum is 14400 units of user space;
    # UserUnit scales it) with no text layer: rendering it for OCR at any
    # resolution would need terabytes.
    write("huge-dimensions.pdf", build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /UserUnit 40000"
        b" /Contents 4 0 R >>",
        stream(b"0 0 m 14400 14400 l S"),
    ]))

    # A decompression bomb: 256 MiB of path operators compressed twice with
    # Flate to a few KB. Interpreting it exhausts CPU or memory.
    chunk = b"0 0 m 1 1 l " * 8192
    compressor = zlib.compressobj(9)
    inner = bytearray()
    for _ in range((256 << 20) // len(chunk)):
        inner += compressor.compress(chunk)
    inner += compressor.flush()
    outer = zlib.compress(bytes(inner), 9)
    write("decompression-bomb.pdf", build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(outer) +
        outer + b"\nendstream",
    ]))


if __name__ == "__main__":
    main()
