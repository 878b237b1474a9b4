#!/usr/bin/python3
"""Measures docpipe on a generated corpus and writes bench/RESULTS.md.

Called by bench/run.sh (which builds docpipe and docpipe_bench first):
    /usr/bin/python3 bench/run.py --docs N --build DIR

In one run, on the same files and the same cores:
  1. pdftotext -layout over every born-digital file, one process per file
     (what a user would otherwise run), serially and two at a time;
  2. docpipe ingest --jobs 1 and --jobs 2 into fresh databases;
  3. docpipe reextract --all --jobs 1 and --jobs 2 on the first database;
  4. docpipe ingest --jobs 2 of the first quarter and the first half of the
     corpus, and reextract --all --jobs 1 of those databases (peak memory at
     three corpus sizes: 1/4, 1/2, all; reextract forks no reader children,
     so its peak is the parent process alone);
  5. docpipe ingest of the scanned files (OCR), separately;
  6. database bytes per page; docpipe_bench (normalisation and rule MB/s).
Every command runs under /usr/bin/time -v: wall time and peak RSS (the
largest single process: docpipe or one of its per-file reader children).
Timed commands run twice, interleaved (A B A B), and the faster run counts,
because the machine may be shared; both runs are in bench/out/raw.tsv.
"""

import argparse
import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), capture_output=True, text=True, **kw)


def timed(name, argv, log, env=None):
    """Runs argv under /usr/bin/time -v; returns (wall s, peak RSS KiB, exit code)."""
    tfile = OUT / ("time-%s.txt" % name)
    with open(log, "w") as out:
        rc = subprocess.run(["/usr/bin/time", "-v", "-o", str(tfile)] + argv, stdout=out,
                            stderr=subprocess.STDOUT, env=env).returncode
    t = tfile.read_text()
    wall = t.split("Elapsed (wall clock) time (h:mm:ss or m:ss):")[1].split("\n")[0].strip()
    parts = [float(p) for p in wall.split(":")]
    seconds = parts[-1] + 60 * parts[-2] + (3600 * parts[-3] if len(parts) > 2 else 0)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", t).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", t).group(1))
    return {"wall": seconds, "rss": rss, "rc": rc, "cpu": user + system}


def machine():
    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = "?"
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            mem = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
    os_name = "?"
    if Path("/etc/debian_version").exists():
        os_name = "Debian " + Path("/etc/debian_version").read_text().strip()
    versions = {
        "pdftotext": (sh(["pdftotext", "-v"]).stderr.split("\n") or ["?"])[0],
        "g++": sh(["g++", "--version"]).stdout.split("\n")[0],
        "poppler-cpp": sh(["pkg-config", "--modversion", "poppler-cpp"]).stdout.strip(),
        "sqlite3": sh(["pkg-config", "--modversion", "sqlite3"]).stdout.strip(),
        "re2": sh(["dpkg-query", "-W", "-f", "${Version}", "libre2-dev"]).stdout.strip(),
        "tesseract": (sh(["tesseract", "--version"]).stdout.split("\n") or ["?"])[0],
    }
    return cpu, os.cpu_count(), mem, os_name, platform.release(), versions


def loadavg():
    return open("/proc/loadavg").read().split()[:3]


def pdf_pages(path):
    out = sh(["pdfinfo", str(path)]).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def born_digital(path):
    """Every page has a text layer (40 characters or more, as docpipe's reader
    requires before it trusts one): a file with a scanned page (QD-1629 of
    Lai Châu has two) is OCR work, measured apart from this comparison."""
    if "scan" in path.name or "badocr" in path.name:
        return False
    for page in range(1, pdf_pages(path) + 1):
        text = sh(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"]).stdout
        if len("".join(text.split())) < 40:
            return False
    return True


def other_producers():
    """Born-digital PDFs that our reportlab generator did not draw: the
    LibreOffice and Chromium copies of the samples, and, when ../shared is
    beside the checkout, the real plans and letters of other offices (scans,
    whose time is OCR, are left out)."""
    files = sorted(p for p in (ROOT / "samples" / "office").rglob("*.pdf") if born_digital(p))
    sources = ["samples/office"]
    shared = ROOT.parent / "shared" / "corpus"
    for sub in ("plans", "real2", "real/vietlexibot"):
        found = sorted(p for p in (shared / sub).glob("*.pdf") if born_digital(p))
        if found:
            files += found
            sources.append("shared/corpus/" + sub)
    return [str(f) for f in files], sum(pdf_pages(f) for f in files), ", ".join(sources)


def scanned_extra():
    """Scanned PDFs besides the corpus's own scans, for the OCR figure:
    samples/*scan*.pdf and, when ../shared is beside the checkout, the real
    scans (corpus/real/hcmut-scans, and the *scan* files of
    corpus/real/vietlexibot and corpus/real2)."""
    files = sorted((ROOT / "samples").glob("*scan*.pdf"))
    sources = ["samples"]
    shared = ROOT.parent / "shared" / "corpus"
    for sub, pattern in (("real/hcmut-scans", "*.pdf"), ("real/vietlexibot", "*scan*.pdf"),
                         ("real2", "*scan*.pdf")):
        found = sorted((shared / sub).glob(pattern))
        if found:
            files += found
            sources.append("shared/corpus/" + sub)
    return [(f, pdf_pages(f)) for f in files], ", ".join(sources)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--build", default=str(ROOT / "build-bench"))
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--results", default=str(HERE / "RESULTS.md"))
    a = ap.parse_args()

    docpipe = Path(a.build) / "pipeline" / "cli" / "docpipe"
    bench = Path(a.build) / "bench" / "docpipe_bench"
    corpus = HERE / "corpus" / ("N%d-s%d" % (a.docs, a.seed))
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    manifest = [l.split("\t") for l in (corpus / "manifest.tsv").read_text().splitlines()[1:]]
    digital = [(corpus / f, int(n)) for f, n in manifest if f.startswith("digital/")]
    scanned = [(corpus / f, int(n)) for f, n in manifest if f.startswith("scanned/")]
    d_files = [str(f) for f, _ in digital]
    d_pages = sum(n for _, n in digital)
    half = d_files[:len(d_files) // 2]
    half_pages = sum(n for _, n in digital[:len(digital) // 2])
    quarter = d_files[:len(d_files) // 4]
    quarter_pages = sum(n for _, n in digital[:len(digital) // 4])
    d_bytes = sum(f.stat().st_size for f, _ in digital)
    o_files, o_pages, o_sources = other_producers()
    load_before = loadavg()
    raw = []

    def run(name, argv, db=None):
        if db and Path(db).exists():
            Path(db).unlink()
        r = timed(name, argv, OUT / ("%s.log" % name))
        r["name"] = name
        raw.append(r)
        print("%-28s %8.2f s  %8d KiB  cpu %8.2f s  rc %d" % (name, r["wall"], r["rss"], r["cpu"],
                                                              r["rc"]), flush=True)
        return r

    txt = OUT / "pdftotext.txt"
    loop1 = 'for f in "$@"; do pdftotext -layout "$f" %s || exit 1; done' % txt
    loop2 = 'printf "%s\\0" "$@" | xargs -0 -P2 -I{} pdftotext -layout {} /dev/null'
    best = {}
    for rep in range(a.repeat):
        for name, argv, db in [
            ("pdftotext_j1", ["sh", "-c", loop1, "sh"] + d_files, None),
            ("ingest_j1", [str(docpipe), "ingest", "--db", str(OUT / "j1.db"), "--jobs", "1"] + d_files,
             OUT / "j1.db"),
            ("pdftotext_j2", ["sh", "-c", loop2, "sh"] + d_files, None),
            ("ingest_j2", [str(docpipe), "ingest", "--db", str(OUT / "j2.db"), "--jobs", "2"] + d_files,
             OUT / "j2.db"),
            ("reextract_j1", [str(docpipe), "reextract", "--db", str(OUT / "j1.db"), "--all", "--jobs", "1"],
             None),
            ("reextract_j2", [str(docpipe), "reextract", "--db", str(OUT / "j1.db"), "--all", "--jobs", "2"],
             None),
        ] + ([
            ("pdftotext_office_j1", ["sh", "-c", loop1, "sh"] + o_files, None),
            ("ingest_office_j1", [str(docpipe), "ingest", "--db", str(OUT / "office.db"), "--jobs",
                                  "1"] + o_files, OUT / "office.db"),
        ] if o_files else []):
            r = run("%s_r%d" % (name, rep), argv, db)
            if name not in best or r["wall"] < best[name]["wall"]:
                best[name] = r
    best["ingest_half_j2"] = run("ingest_half_j2", [str(docpipe), "ingest", "--db", str(OUT / "half.db"),
                                                    "--jobs", "2"] + half, OUT / "half.db")
    best["ingest_quarter_j2"] = run("ingest_quarter_j2",
                                    [str(docpipe), "ingest", "--db", str(OUT / "quarter.db"),
                                     "--jobs", "2"] + quarter, OUT / "quarter.db")
    for size in ("quarter", "half"):
        best["reextract_%s_j1" % size] = run("reextract_%s_j1" % size,
                                             [str(docpipe), "reextract", "--db",
                                              str(OUT / ("%s.db" % size)), "--all", "--jobs", "1"])
    # OCR: the corpus's scans, then also the sample and real scans. Pages per
    # CPU second (user + system of docpipe and its reader children) is the
    # per-core figure: it does not depend on how many cores were free.
    extra, extra_sources = scanned_extra()
    scanned_all = scanned + extra
    s_files = [str(f) for f, _ in scanned]
    s_pages = sum(n for _, n in scanned)
    a_files = [str(f) for f, _ in scanned_all]
    a_pages = sum(n for _, n in scanned_all)
    if s_files:
        best["ingest_scanned_j2"] = run("ingest_scanned_j2",
                                        [str(docpipe), "ingest", "--db", str(OUT / "scanned.db"),
                                         "--jobs", "2"] + s_files, OUT / "scanned.db")
    if a_files:
        best["ingest_scanned_all_j2"] = run("ingest_scanned_all_j2",
                                            [str(docpipe), "ingest", "--db",
                                             str(OUT / "scanned-all.db"), "--jobs", "2"] + a_files,
                                            OUT / "scanned-all.db")
        r = best["ingest_scanned_all_j2"]
        print("OCR: %d pages in %.2f CPU s = %.2f pages per CPU second (per core)"
              % (a_pages, r["cpu"], a_pages / r["cpu"] if r["cpu"] > 0 else 0), flush=True)
    load_after = loadavg()

    # Checks: every born-digital document stored, none failed.
    listed = sh([str(docpipe), "list", "--db", str(OUT / "j1.db")]).stdout
    stored = sh(["sqlite3", str(OUT / "j1.db"), "SELECT count(*) FROM documents"]).stdout.strip()
    failures = sh(["sqlite3", str(OUT / "j1.db"), "SELECT count(*) FROM failures"]).stdout.strip()
    db_size = (OUT / "j1.db").stat().st_size
    wal = OUT / "j1.db-wal"
    if wal.exists():
        db_size += wal.stat().st_size
    bench_out = ""
    if bench.exists():
        legacy = OUT / "legacy-tcvn3.txt"
        legacy.write_text(sh(["pdftotext", str(ROOT / "samples" / "legacy-tcvn3-004-cong-van.pdf"),
                              "-"]).stdout)
        bench_out = sh([str(bench), "--seconds", "3", str(legacy)]).stdout

    with open(OUT / "raw.tsv", "w") as f:
        f.write("name\twall_s\tcpu_s\tpeak_rss_kib\texit\n")
        for r in raw:
            f.write("%s\t%.2f\t%.2f\t%d\t%d\n" % (r["name"], r["wall"], r["cpu"], r["rss"], r["rc"]))

    # ---- RESULTS.md ----
    cpu, ncpu, mem, os_name, kernel, versions = machine()
    b = best
    pps = lambda r, pages: pages / r["wall"] if r["wall"] > 0 else 0  # noqa: E731
    ratio_ingest = b["ingest_j1"]["wall"] / b["pdftotext_j1"]["wall"]
    ratio_ingest2 = b["ingest_j2"]["wall"] / b["pdftotext_j2"]["wall"]
    ratio_cpu = b["ingest_j1"]["cpu"] / b["pdftotext_j1"]["cpu"]
    n_docs = len(d_files)
    reex_speedup = b["ingest_j1"]["wall"] / b["reextract_j1"]["wall"]
    reex_speedup2 = b["ingest_j2"]["wall"] / b["reextract_j2"]["wall"]
    scaling_ingest = b["ingest_j1"]["wall"] / b["ingest_j2"]["wall"]
    scaling_reex = b["reextract_j1"]["wall"] / b["reextract_j2"]["wall"]
    rss_full, rss_half = b["ingest_j2"]["rss"], b["ingest_half_j2"]["rss"]
    rss_quarter = b["ingest_quarter_j2"]["rss"]
    mem_growth = rss_full / rss_half if rss_half else 0
    rex_full, rex_half, rex_quarter = (b["reextract_j1"]["rss"], b["reextract_half_j1"]["rss"],
                                       b["reextract_quarter_j1"]["rss"])
    rex_growth = rex_full / rex_half if rex_half else 0

    def levels_off(quarter_kib, half_kib, full_kib):
        # Flat, or converging to a plateau: the second doubling of the corpus
        # adds at most half of what the first one added (linear growth adds
        # twice as much, logarithmic growth the same).
        first, second = half_kib - quarter_kib, full_kib - half_kib
        return full_kib <= 1.05 * half_kib or second <= 0.5 * max(first, 0)

    mem_flat = (levels_off(rss_quarter, rss_half, rss_full) and
                levels_off(rex_quarter, rex_half, rex_full))

    def verdict(ok):
        return "**holds**" if ok else "**does not hold**"

    L = []
    L.append("# docpipe benchmark results")
    L.append("")
    L.append("Written by `bench/run.sh --docs %d` on %s. Re-run that command to reproduce; "
             "the raw timings of every run are in `bench/out/raw.tsv`, the logs in `bench/out/`."
             % (a.docs, datetime.date.today().isoformat()))
    L.append("")
    L.append("## Machine")
    L.append("")
    L.append("| | |")
    L.append("|---|---|")
    L.append("| CPU | %s, %d logical cores (`nproc`) |" % (cpu, ncpu))
    L.append("| memory | %s |" % mem)
    L.append("| OS | %s, Linux %s |" % (os_name, kernel))
    for k, v in versions.items():
        L.append("| %s | %s |" % (k, v))
    L.append("| build | `%s`, CMAKE_BUILD_TYPE=RelWithDebInfo (-O2 -g) |" % os.path.relpath(a.build, ROOT))
    L.append("| load average (1/5/15 min) | before %s, after %s |" % (" ".join(load_before),
                                                                      " ".join(load_after)))
    L.append("")
    L.append("The machine is shared (other builds may run at the same time): every timed command "
             "ran %d times, interleaved with the command it is compared with, and the faster run is "
             "reported. Ratios of commands run side by side are more trustworthy than absolute "
             "rates." % a.repeat)
    L.append("")
    L.append("## Corpus")
    L.append("")
    L.append("`bench/make_corpus.py --docs %d --seed %d`: %d born-digital PDFs, %d pages, %.1f MB "
             "(%.1f pages per document); %d scanned PDFs, %d pages (image only, measured separately)."
             % (a.docs, a.seed, n_docs, d_pages, d_bytes / 1e6, d_pages / max(1, n_docs),
                len(s_files), s_pages))
    L.append("Stored after `ingest --jobs 1`: %s documents, %s failures." % (stored, failures))
    L.append("")
    L.append("## Times (born-digital files)")
    L.append("")
    L.append("| command | wall s | CPU s | pages/s | documents/s | peak RSS MiB |")
    L.append("|---|---:|---:|---:|---:|---:|")
    rows = [("pdftotext -layout, one process per file", "pdftotext_j1", d_pages),
            ("pdftotext -layout, 2 at a time (xargs -P2)", "pdftotext_j2", d_pages),
            ("docpipe ingest --jobs 1", "ingest_j1", d_pages),
            ("docpipe ingest --jobs 2", "ingest_j2", d_pages),
            ("docpipe reextract --all --jobs 1", "reextract_j1", d_pages),
            ("docpipe reextract --all --jobs 2", "reextract_j2", d_pages),
            ("docpipe ingest --jobs 2, first half of the corpus", "ingest_half_j2", half_pages),
            ("docpipe ingest --jobs 2, first quarter of the corpus", "ingest_quarter_j2",
             quarter_pages),
            ("docpipe reextract --all --jobs 1, first half", "reextract_half_j1", half_pages),
            ("docpipe reextract --all --jobs 1, first quarter", "reextract_quarter_j1",
             quarter_pages)]
    for label, key, pages in rows:
        r = b[key]
        docs = {d_pages: n_docs, half_pages: len(half), quarter_pages: len(quarter)}[pages]
        L.append("| %s | %.2f | %.2f | %.1f | %.2f | %.1f |" % (label, r["wall"], r["cpu"],
                                                               pps(r, pages), docs / r["wall"],
                                                               r["rss"] / 1024))
    if s_files:
        r = b["ingest_scanned_j2"]
        L.append("| docpipe ingest --jobs 2, scanned files (OCR) | %.2f | %.2f | %.2f | %.3f | %.1f |"
                 % (r["wall"], r["cpu"], s_pages / r["wall"], len(s_files) / r["wall"], r["rss"] / 1024))
    if a_files:
        r = b["ingest_scanned_all_j2"]
        L.append("| docpipe ingest --jobs 2, scanned files with the sample and real scans (OCR) "
                 "| %.2f | %.2f | %.2f | %.3f | %.1f |"
                 % (r["wall"], r["cpu"], a_pages / r["wall"], len(a_files) / r["wall"], r["rss"] / 1024))
    L.append("")
    L.append("Database: %.1f MB for %d pages = **%.0f bytes per page** (`ingest --jobs 1`, "
             "SQLite file plus WAL)." % (db_size / 1e6, d_pages, db_size / max(1, d_pages)))
    L.append("")
    if bench_out:
        L.append("## Text stages in memory (`docpipe_bench`)")
        L.append("")
        L.append("| stage | MB | s | MB/s |")
        L.append("|---|---:|---:|---:|")
        for line in bench_out.strip().split("\n"):
            L.append("| " + " | ".join(line.split("\t")) + " |")
        L.append("")
        L.append("normalize/unicode: NormalizeText on the seed texts (Unicode); normalize/legacy: the "
                 "TCVN3 text layer of `samples/legacy-tcvn3-004-cong-van.pdf` (detection and "
                 "conversion); rules/match: RuleEngine::Match of all of `rules/` on normalised text.")
        L.append("")
    L.append("## Targets")
    L.append("")
    L.append("| target | measured | verdict |")
    L.append("|---|---|---|")
    L.append("| ingest of born-digital PDFs within 1.5x the time of `pdftotext -layout` | "
             "ingest/pdftotext wall time = **%.2fx** (--jobs 1 vs serial), %.2fx (--jobs 2 vs xargs -P2); "
             "CPU time %.2fx | %s |"
             % (ratio_ingest, ratio_ingest2, ratio_cpu, verdict(max(ratio_ingest, ratio_cpu) <= 1.5)))
    if o_files:
        ratio_office = b["ingest_office_j1"]["wall"] / b["pdftotext_office_j1"]["wall"]
        ratio_office_cpu = b["ingest_office_j1"]["cpu"] / b["pdftotext_office_j1"]["cpu"]
        L.append("| the same on documents of other producers (%d PDFs, %d pages: %s) | "
                 "ingest/pdftotext wall time = **%.2fx** (--jobs 1 vs serial); CPU time %.2fx | %s |"
                 % (len(o_files), o_pages, o_sources, ratio_office, ratio_office_cpu,
                    verdict(max(ratio_office, ratio_office_cpu) <= 1.5)))
    if a_files:
        r = b["ingest_scanned_all_j2"]
        per_core = a_pages / r["cpu"] if r["cpu"] > 0 else 0
        L.append("| OCR at least 1 page/s per core | **%.2f pages per CPU second** (%d scanned PDFs, "
                 "%d pages: bench corpus, %s; ingest --jobs 2, CPU of docpipe and its readers) | %s |"
                 % (per_core, len(a_files), a_pages, extra_sources, verdict(per_core >= 1)))
    L.append("| re-extraction at least 10x faster than ingest | reextract is **%.1fx** faster "
             "(--jobs 1), %.1fx (--jobs 2) | %s |" % (reex_speedup, reex_speedup2,
                                                      verdict(reex_speedup >= 10)))
    L.append("| memory flat in corpus size | ingest --jobs 2 peak RSS %.1f / %.1f / %.1f MiB for "
             "%d / %d / %d docs (x%.2f from 1/2 to all; +%.1f then +%.1f MiB per doubling); "
             "reextract (parent process only) %.1f / %.1f / %.1f MiB (x%.2f; +%.1f then +%.1f) "
             "| %s |"
             % (rss_quarter / 1024, rss_half / 1024, rss_full / 1024, len(quarter), len(half),
                n_docs, mem_growth, (rss_half - rss_quarter) / 1024, (rss_full - rss_half) / 1024,
                rex_quarter / 1024, rex_half / 1024, rex_full / 1024, rex_growth,
                (rex_half - rex_quarter) / 1024, (rex_full - rex_half) / 1024, verdict(mem_flat)))

    L.append("| scaling --jobs 1 -> 2 (information) | ingest x%.2f, reextract x%.2f | |"
             % (scaling_ingest, scaling_reex))
    L.append("")
    L.append("Memory verdict: flat (x1.05 at most from 1/2 to all) or levelling off (the second "
             "doubling adds at most half of what the first added), for ingest and for reextract.")
    L.append("")
    analysis = HERE / "ANALYSIS.md"  # hand-written profile notes, kept across runs
    if analysis.exists():
        L.append(analysis.read_text(encoding="utf-8").rstrip("\n"))
    (Path(a.results)).write_text("\n".join(L) + "\n", encoding="utf-8")
    print("\n".join(L))
    _ = listed
    return 0


if __name__ == "__main__":
    sys.exit(main())
