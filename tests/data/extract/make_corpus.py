#!/usr/bin/env python3
# Writes references.tsv and figures.tsv: the generalisation corpora of the
# extract tests. Sentences are composed from hand-written templates (forms
# seen in Vietnamese administrative documents of many provinces and
# ministries, not the seed lines) with numbers, dates and agencies drawn
# from a fixed seed, so the files are reproducible. Expected values are
# computed from the drawn parts, independently of the extractor.
#   python3 tests/data/extract/make_corpus.py   (from the repository root)
import random, os

rnd = random.Random(20260523)
here = os.path.dirname(os.path.abspath(__file__))

# (kind printed, expected kind, symbol template, issuer)
DOCS = [
    ("Nghị định", "Nghị định", "{n}/{y}/NĐ-CP", "Chính phủ"),
    ("Quyết định", "Quyết định", "{n}/QĐ-TTg", "Thủ tướng Chính phủ"),
    ("Quyết định", "Quyết định", "{n}/QĐ-UBND", "Ủy ban nhân dân tỉnh Quảng Ngãi"),
    ("Quyết định", "Quyết định", "{n}/QĐ-BYT", "Bộ Y tế"),
    ("Chỉ thị", "Chỉ thị", "{n}/CT-UBND", "Chủ tịch Ủy ban nhân dân tỉnh Đắk Lắk"),
    ("Chỉ thị", "Chỉ thị", "{n}/CT-TTg", "Thủ tướng Chính phủ"),
    ("Thông tư", "Thông tư", "{n}/{y}/TT-BTC", "Bộ Tài chính"),
    ("Thông tư", "Thông tư", "{n}/{y}/TT-BGDĐT", "Bộ Giáo dục và Đào tạo"),
    ("Thông tư liên tịch", "Thông tư liên tịch", "{n}/{y}/TTLT-BTP-BNV", "Bộ Tư pháp"),
    ("Thông tư liên tịch", "Thông tư liên tịch", "{n}/{y}/TTLT-BTC-BKHĐT", "Bộ Tài chính"),
    ("Hướng dẫn", "Hướng dẫn", "{n}-HD/BTGTW", "Ban Tuyên giáo Trung ương"),
    ("Kế hoạch", "Kế hoạch", "{n}-KH/TU", "Ban Thường vụ Tỉnh ủy Nghệ An"),
    ("Kế hoạch", "Kế hoạch", "{n}/KH-UBND", "Ủy ban nhân dân thành phố Hải Phòng"),
    ("Kế hoạch", "Kế hoạch", "{n}/KH-SGDĐT", "Sở Giáo dục và Đào tạo"),
    ("Nghị quyết", "Nghị quyết", "{n}/{y}/NQ-HĐND", "Hội đồng nhân dân tỉnh Lâm Đồng"),
    ("Nghị quyết", "Nghị quyết", "{n}-NQ/TW", "Bộ Chính trị"),
    ("Nghị quyết", "Nghị quyết", "{n}/NQ-CP", "Chính phủ"),
    ("Kết luận", "Kết luận", "{n}-KL/TW", "Ban Bí thư"),
    ("Công văn", "Công văn", "{n}/BNV-CQĐP", "Bộ Nội vụ"),
    ("Công văn", "Công văn", "{n}/UBND-KT", "Ủy ban nhân dân tỉnh Thanh Hóa"),
    ("Thông báo", "Thông báo", "{n}/TB-VPCP", "Văn phòng Chính phủ"),
    ("Thông báo", "Thông báo", "{n}-TB/TU", "Thường trực Tỉnh ủy"),
    ("Tờ trình", "Tờ trình", "{n}/TTr-STC", "Sở Tài chính"),
    ("Báo cáo", "Báo cáo", "{n}/BC-UBND", "Ủy ban nhân dân tỉnh Cà Mau"),
    ("Chương trình hành động", "Chương trình hành động", "{n}-CTr/TU", "Tỉnh ủy Hà Tĩnh"),
    ("Quyết định", "Quyết định", "{n}/QĐ-BNNMT", "Bộ Nông nghiệp và Môi trường"),
    ("Công điện", "Công điện", "{n}/CĐ-TTg", "Thủ tướng Chính phủ"),
    ("Quy định", "Quy định", "{n}-QĐ/TW", "Ban Chấp hành Trung ương"),
]
# Symbols cited through "Văn bản số" or a bare "số": kind from the symbol.
GENERIC = [
    ("{n}/TB-VPCP", "Thông báo"), ("{n}/QĐ-UBND", "Quyết định"), ("{n}/KH-UBND", "Kế hoạch"),
    ("{n}/BNG-CSĐN", "Công văn"), ("{n}/VPCP-KTTH", "Công văn"), ("{n}/BCT-XNK", "Công văn"),
    ("{n}/SNgV-LS", "Công văn"), ("{n}/UBND-VX", "Công văn"), ("{n}/BC-SCT", "Báo cáo"),
    ("{n}/{y}/NĐ-CP", "Nghị định"), ("{n}/QĐ-TTg", "Quyết định"), ("{n}/HD-SNV", "Hướng dẫn"),
]
TOPICS = ["về phát triển du lịch bền vững", "về cải cách hành chính", "về chuyển đổi số",
          "về phòng, chống thiên tai", "về hợp tác quốc tế", "về quản lý đầu tư công",
          "về bảo vệ môi trường", "về an toàn thực phẩm"]


def date():
    y = rnd.randint(2015, 2026)
    m = rnd.randint(1, 12)
    d = rnd.randint(1, 28)
    return d, m, y


def iso(d, m, y):
    return "%04d-%02d-%02d" % (y, m, d)


def number(tmpl, y):
    n = rnd.choice([rnd.randint(1, 99), rnd.randint(100, 999), rnd.randint(1000, 9999)])
    return tmpl.format(n=n, y=y)


def styled_date(d, m, y, style):
    if style == 0:
        return "ngày %d tháng %d năm %d" % (d, m, y)
    if style == 1:
        return "ngày %d/%d/%d" % (d, m, y)
    if style == 2:
        return "ngày %02d/%02d/%d" % (d, m, y)
    return "ngày %02d tháng %02d năm %d" % (d, m, y)


def wrap(num):
    # "1520/QĐ-UBND" -> "1520/QĐ-\nUBND" (a line break after the last hyphen)
    cut = num.rfind("-")
    if cut <= 0 or cut < num.find("/"):
        return num
    return num[:cut + 1] + "\\n" + num[cut + 1:]


ref_rows = []
for i in range(215):
    kind, expected_kind, tmpl, issuer = rnd.choice(DOCS)
    d, m, y = date()
    num = number(tmpl, y)
    style = rnd.randint(0, 3)
    t = rnd.randint(0, 9)
    topic = rnd.choice(TOPICS)
    exp = ["%s|%s|%s" % (num, expected_kind, iso(d, m, y))]
    if t == 0:
        s = "Căn cứ %s số %s %s của %s %s;" % (kind, num, styled_date(d, m, y, style), issuer, topic)
    elif t == 1:
        s = "Thực hiện %s số %s %s của %s, Sở Nội vụ hướng dẫn các cơ quan, đơn vị triển khai như sau:" % (
            kind, num, styled_date(d, m, y, style), issuer)
    elif t == 2:
        s = "Thực hiện %s số %s %s của %s %s;" % (kind, wrap(num), styled_date(d, m, y, style), issuer, topic)
    elif t == 3:
        s = ("VỀ VIỆC TRIỂN KHAI THỰC HIỆN %s SỐ %s NGÀY %d THÁNG %d NĂM %d CỦA %s" % (
            kind.upper(), num, d, m, y, issuer.upper()))
    elif t == 4:
        s = "Theo %s %s %s, các địa phương hoàn thành việc rà soát." % (kind, num, styled_date(d, m, y, style))
    elif t == 5:
        # two citations, the first without a date
        kind2, expected_kind2, tmpl2, issuer2 = rnd.choice(DOCS)
        num2 = number(tmpl2, rnd.randint(2015, 2026))
        if num2 == num:
            continue
        s = "Triển khai %s số %s của %s và %s số %s %s của %s %s." % (
            kind2, num2, issuer2, kind, num, styled_date(d, m, y, style), issuer, topic)
        exp = ["%s|%s|" % (num2, expected_kind2)] + exp
    elif t == 6:
        s = "(%s số %s %s của %s)" % (kind, num, styled_date(d, m, y, 1), issuer)
    elif t == 7:
        s = "Ngày %d/%d/%d, %s đã ban hành %s số %s %s." % (
            rnd.randint(1, 28), rnd.randint(1, 12), y, issuer, kind, num, topic)
        exp = ["%s|%s|" % (num, expected_kind)]
    elif t == 8:
        # space after the first hyphen, as extracted text often has
        if "-" in num.split("/")[0]:
            spaced = num.replace("-", "- ", 1)
        else:
            spaced = num
        s = "quán triệt %s số %s %s của %s đến cán bộ, đảng viên." % (kind, spaced, styled_date(d, m, y, style), issuer)
    else:
        s = "%s số %s ngày %d-%d-%d của %s %s đã được triển khai kịp thời." % (kind, num, d, m, y, issuer, topic)
    ref_rows.append((s, ";".join(exp)))

for i in range(80):
    tmpl, expected_kind = rnd.choice(GENERIC)
    d, m, y = date()
    num = number(tmpl, y)
    t = rnd.randint(0, 3)
    if t == 0:
        s = "Theo đề nghị của Sở Ngoại vụ tại Văn bản số %s %s." % (num, styled_date(d, m, y, 1))
        exp = ["%s|%s|%s" % (num, expected_kind, iso(d, m, y))]
    elif t == 1:
        tmpl2, kind2 = rnd.choice(GENERIC)
        d2, m2, y2 = date()
        num2 = number(tmpl2, y2)
        if num2 == num:
            continue
        s = "theo chỉ đạo tại các văn bản số %s %s, số %s %s của Bộ Công Thương;" % (
            num, styled_date(d, m, y, 1), num2, styled_date(d2, m2, y2, 2))
        exp = ["%s|%s|%s" % (num, expected_kind, iso(d, m, y)), "%s|%s|%s" % (num2, kind2, iso(d2, m2, y2))]
    elif t == 2:
        s = "Thực hiện Văn bản số %s %s về việc báo cáo kết quả, Sở Tài chính báo cáo như sau:" % (
            num, styled_date(d, m, y, 0))
        exp = ["%s|%s|%s" % (num, expected_kind, iso(d, m, y))]
    else:
        s = "Phúc đáp Công văn số %s %s của Quý cơ quan, Sở Xây dựng có ý kiến như sau:" % (
            num, styled_date(d, m, y, 2))
        exp = ["%s|%s|%s" % (num, "Công văn", iso(d, m, y))]
    ref_rows.append((s, ";".join(exp)))

NEGATIVE = [
    "Số lượng đơn vị sự nghiệp công lập giảm 12 đơn vị so với năm 2024.",
    "Khoản 2 Điều 5 Nghị định này quy định chi tiết về thẩm quyền.",
    "Quốc lộ 19 đoạn qua thị xã An Khê được nâng cấp trong năm 2025.",
    "Ngày 15/3/2026, Sở Y tế tổ chức hội nghị tổng kết.",
    "Tổng số 24/24 xã đã hoàn thành kế hoạch năm.",
    "Quyết định này có hiệu lực kể từ ngày ký.",
    "Kế hoạch này được triển khai đến các cơ quan, đơn vị trong tỉnh.",
    "Điện thoại liên hệ: 0269.3824.567, số nhà 12/4 đường Lê Lợi.",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%, tăng 2,1% so với cùng kỳ.",
    "Hội nghị lần thứ 12 Ban Chấp hành Trung ương khóa XIII đã thảo luận.",
    "Giai đoạn 2021-2025, tỉnh đã thu hút 15 dự án FDI.",
]
for s in NEGATIVE:
    ref_rows.append((s, ""))

with open(os.path.join(here, "references.tsv"), "w") as f:
    f.write("# Generalisation corpus of reference extraction (made by make_corpus.py).\n")
    f.write("# sentence (\\n = line break) <TAB> expected references number|kind|date, ';'-separated\n")
    f.write("sentence\texpected\n")
    for s, e in ref_rows:
        f.write("%s\t%s\n" % (s, e))

# ---------------- figures ----------------
SUBJECTS = ["kim ngạch xuất khẩu", "kim ngạch nhập khẩu", "tổng vốn đầu tư", "doanh thu du lịch",
            "giá trị sản xuất công nghiệp", "thu ngân sách nhà nước", "vốn FDI đăng ký"]


def vn_int(n):
    s = "{:,}".format(n).replace(",", ".")
    return s


def vn_dec(x, places):
    whole = int(x)
    frac = round((x - whole) * 10 ** places)
    if frac == 10 ** places:
        whole, frac = whole + 1, 0
    return "%s,%0*d" % (vn_int(whole), places, frac), whole + frac / 10 ** places


fig_rows = []
for i in range(230):
    t = rnd.randint(0, 11)
    exp = []
    if t == 0:
        txt, v = vn_dec(rnd.uniform(10, 3000), 1)
        p, pv = vn_dec(rnd.uniform(0.5, 40), 1)
        s = "Trong 9 tháng đầu năm 2025, %s ước đạt %s triệu USD, tăng %s%% so với cùng kỳ." % (
            rnd.choice(SUBJECTS[:2]), txt, p)
        exp = ["%s|USD|ước" % repr(round(v * 1e6, 3))]
    elif t == 1:
        n = rnd.randint(12, 9000)
        s = "Toàn tỉnh hiện có %s doanh nghiệp đang hoạt động, tập trung chủ yếu ở khu vực đô thị." % vn_int(n)
        exp = ["%d|doanh nghiệp|" % n]
    elif t == 2:
        n = rnd.randint(1000, 900000)
        q = rnd.choice(["khoảng", "hơn", "trên", "gần"])
        s = "Năm 2024, các khu du lịch đã đón %s %s lượt khách, trong đó chủ yếu là khách nội địa." % (q, vn_int(n))
        exp = ["%d|lượt khách|%s" % (n, q)]
    elif t == 3:
        txt, v = vn_dec(rnd.uniform(1, 950), 2)
        s = "Tổng vốn đầu tư toàn xã hội đạt %s tỷ đồng, bằng 96%% kế hoạch." % txt
        exp = ["%s|đồng|đạt" % repr(round(v * 1e9, 3)), "96|%|"]
    elif t == 4:
        txt, v = vn_dec(rnd.uniform(100, 90000), 2)
        s = "Diện tích cây ăn quả của tỉnh là %s ha, tăng so với năm trước." % txt
        exp = ["%s|ha|" % repr(round(v, 2))]
    elif t == 5:
        p, pv = vn_dec(rnd.uniform(50, 99.9), 2)
        s = "Tỷ lệ hồ sơ được giải quyết đúng hạn đạt %s%%." % p
        exp = ["%s|%%|đạt" % repr(round(pv, 2))]
    elif t == 6:
        n = rnd.randint(2, 30)
        q = rnd.choice(["ít nhất", "tối thiểu"])
        s = "Mỗi năm tổ chức %s %02d lớp tập huấn cho cán bộ làm công tác đối ngoại." % (q, n)
        exp = ["%d|lớp|%s" % (n, q)]
    elif t == 7:
        a = rnd.randint(5, 120)
        b = rnd.randint(a, 130)
        s = "Đến nay, %d/%d xã đã ban hành kế hoạch thực hiện." % (a, b)
        exp = ["%d|xã|/%d" % (a, b)]
    elif t == 8:
        txt, v = vn_dec(rnd.uniform(1, 9), 1)
        s = "Sản lượng thủy sản khai thác đạt %s nghìn tấn, giảm 3,2%% so với cùng kỳ." % txt
        exp = ["%s|tấn|đạt" % repr(round(v * 1000, 3))]
    elif t == 9:
        n = rnd.randint(2, 60)
        m = rnd.randint(20, 900)
        s = "Trong quý II/2025, tỉnh đã cử %02d đoàn với %d lượt người đi công tác nước ngoài." % (n, m)
        exp = ["%d|đoàn|" % n, "%d|lượt người|" % m]
    elif t == 10:
        n = rnd.randint(100, 5000)
        s = "Sở Lao động đã tư vấn cho hơn %s người lao động có nhu cầu làm việc ở nước ngoài." % vn_int(n)
        exp = ["%d|người lao động|hơn" % n]
    else:
        txt, v = vn_dec(rnd.uniform(1, 20), 3)
        s = "Năm 2025, toàn tỉnh đón %s triệu lượt khách du lịch, tăng 11%% so với năm 2024." % txt
        exp = ["%s|lượt khách|" % repr(round(v * 1e6, 3))]
    fig_rows.append((s, ";".join(exp)))

FIG_NEGATIVE = [
    "Nghị quyết số 59-NQ/TW ngày 24/01/2025 của Bộ Chính trị về hội nhập quốc tế.",
    "Giai đoạn 2021-2025 và tầm nhìn đến năm 2030.",
    "Hội nghị lần thứ 8 Ban Chấp hành Đảng bộ tỉnh khóa XX.",
    "Điều 3. Chánh Văn phòng UBND tỉnh chịu trách nhiệm thi hành Quyết định này.",
    "Phương châm 6 rõ: rõ người, rõ việc, rõ thời gian.",
    "Trong 6 tháng đầu năm 2026, tình hình kinh tế tiếp tục phục hồi.",
]
for s in FIG_NEGATIVE:
    fig_rows.append((s, ""))

with open(os.path.join(here, "figures.tsv"), "w") as f:
    f.write("# Generalisation corpus of figure extraction (made by make_corpus.py).\n")
    f.write("# sentence <TAB> expected figures value|unit|qualifier, ';'-separated (value in base units)\n")
    f.write("sentence\texpected\n")
    for s, e in fig_rows:
        f.write("%s\t%s\n" % (s, e))
print(len(ref_rows), sum(len(e.split(";")) for _, e in ref_rows if e), len(fig_rows),
      sum(len(e.split(";")) for _, e in fig_rows if e))
