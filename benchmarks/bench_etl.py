"""ETL throughput and memory benchmark (a script, not a test).

Builds a corpus of at least --mb megabytes by repeating the seed pages and the shared
corpus under new names (each copy gets a distinct last line, so content hashes differ and
nothing is skipped as a duplicate), then measures in the same run:

  bare   read + decode every file and scan it with a bare regex for numbers (fastest of 3)
  build  `civic-etl build` of a fresh warehouse over the same files (subprocess, so its
         peak RSS is measured on its own)

and prints characters per second for both, their ratio, and the peak memory of builds over
corpora of different sizes (memory must not grow with corpus size).

    .venv/bin/python benchmarks/bench_etl.py --mb 20
    CIVIC_PURE_PYTHON=1 .venv/bin/python benchmarks/bench_etl.py --mb 20   # stages as Python, not compiled
    .venv/bin/python benchmarks/bench_etl.py --summaries W.duckdb   # the summary tables alone
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "seeds", ROOT.parent / "shared" / "corpus"]
BARE_NUMBER = re.compile(r"[0-9０-９]+(?:[.．][0-9]+)?|[零〇一二两三四五六七八九十百千万亿]+")


def make_corpus(dest: Path, megabytes: float) -> tuple[int, int]:
    originals = [p for src in SOURCES if src.is_dir() for p in sorted(src.glob("*.txt"))]
    if not originals:
        sys.exit("no source documents found (seeds/ and ../shared/corpus/)")
    texts = [(p.stem, p.read_text(encoding="utf-8-sig")) for p in originals]
    target = int(megabytes * 1024 * 1024)
    written = files = copy = 0
    dest.mkdir(parents=True, exist_ok=True)
    while written < target:
        copy += 1
        sub = dest / f"copy{copy:04d}"
        sub.mkdir()
        for stem, text in texts:
            data = (text + f"\n（第{copy}份副本）\n").encode("utf-8")
            (sub / f"{stem}.txt").write_bytes(data)
            written += len(data)
            files += 1
    return files, written


def bare_pass(folder: Path, repeats: int = 3) -> tuple[float, int, int]:
    """The fastest of `repeats` scans: one scan takes a fraction of a second, so a single one
    on a shared machine varied by 1.7x between runs, and the ratio with it."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        chars = numbers = 0
        for p in sorted(folder.rglob("*.txt")):
            text = p.read_bytes().decode("utf-8")
            chars += len(text)
            numbers += sum(1 for _ in BARE_NUMBER.finditer(text))
        best = min(best, time.perf_counter() - t0)
    return best, chars, numbers


# Runs one build and reports that build's own peak RSS: RUSAGE_CHILDREN of this script keeps the
# largest child it ever waited for, so a second, smaller build would show the first one's peak.
_PEAK_WRAPPER = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
                 "print('peak_kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
                 "sys.exit(r.returncode)")


def build_pass(folder: Path, warehouse: Path) -> tuple[float, float, str]:
    """Seconds and peak RSS (MB, the largest process of the build's tree) of one build."""
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _PEAK_WRAPPER, str(ROOT / ".venv" / "bin" / "civic-etl"), "build",
                          "--input", str(folder), "--warehouse", str(warehouse), "--quiet"],
                         capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if out.returncode not in (0, 3):
        sys.exit(f"build failed ({out.returncode}): {out.stderr[-2000:]}")
    peak_kb = int(out.stderr.strip().splitlines()[-1].split()[1])
    lines = out.stdout.strip().splitlines()
    reported = [ln for ln in lines if ln.startswith(("claims ", "seconds ", "stages "))]
    return seconds, peak_kb / 1024, "\n    ".join(reported)


def make_many_files(dest: Path, n_files: int, distinct: int = 1000, empty: bool = False) -> None:
    """n_files one-sentence pages, 1,000 to a folder, carrying `distinct` different texts: the
    listing grows with n_files while the documents to extract stay the same. empty: every file
    is empty instead, so every one is rejected."""
    for i in range(n_files):
        folder = dest / f"d{i // 1000:05d}"
        if i % 1000 == 0:
            folder.mkdir(parents=True)
        k = i % distinct
        (folder / f"郑州市新闻稿{i:07d}.txt").write_text(
            "" if empty else f"郑州市今年新建口袋公园{k + 3}个，完成投资{k % 13 + 1}.5亿元。\n", encoding="utf-8")


def files_series(counts: list[int], work: Path, empty: bool = False) -> None:
    """Peak RSS of a fresh build and of an unchanged rebuild as the number of files grows."""
    print(f"{'files':>9} {'build s':>8} {'peak RSS MB':>12} {'rebuild s':>10} {'peak RSS MB':>12}")
    for n in counts:
        folder = work / f"files_{n}"
        make_many_files(folder, n, empty=empty)
        warehouse = work / f"files_{n}.duckdb"
        first_s, first_mb, _ = build_pass(folder, warehouse)
        again_s, again_mb, _ = build_pass(folder, warehouse)
        print(f"{n:>9,} {first_s:>8.1f} {first_mb:>12.0f} {again_s:>10.1f} {again_mb:>12.0f}", flush=True)
        shutil.rmtree(folder, ignore_errors=True)


def summaries_pass(warehouse: Path, work: Path) -> None:
    """Rebuild every summary table of a copy of `warehouse` (a subprocess: its own peak RSS),
    under the build's memory limit, printing each phase as it ends."""
    copy = work / "summaries.duckdb"
    shutil.copyfile(warehouse, copy)
    script = ("import sys, duckdb; from etl.load import BUILD_MEMORY_LIMIT; "
              "from etl.summaries import refresh_summaries; "
              "con = duckdb.connect(sys.argv[1], config={'memory_limit': BUILD_MEMORY_LIMIT}); "
              "refresh_summaries(con, force=True, verbose=True); con.execute('CHECKPOINT'); con.close()")
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _PEAK_WRAPPER, sys.executable, "-c", script, str(copy)],
                         cwd=str(ROOT))
    if out.returncode:
        sys.exit(f"summaries failed ({out.returncode})")
    print(f"summaries of {warehouse}: {time.perf_counter() - t0:.1f} s "
          "(each phase and the rebuild's peak_kb above, on stderr)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0, help="size of the big corpus (default 20)")
    ap.add_argument("--small-mb", type=float, default=5.0, help="size of the small corpus for the memory check")
    ap.add_argument("--files", type=int, nargs="+", metavar="N",
                    help="instead: peak memory over folders of N small files each (e.g. --files 40000 200000)")
    ap.add_argument("--empty", action="store_true", help="with --files: every file empty, so every one is rejected")
    ap.add_argument("--summaries", type=Path, metavar="WAREHOUSE",
                    help="instead: rebuild the summary tables of a copy of WAREHOUSE, with each phase's time")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="civic-bench-"))
    try:
        if args.files:
            files_series(args.files, work, args.empty)
            return 0
        if args.summaries:
            summaries_pass(args.summaries, work)
            return 0
        rows = []
        for mb in (args.small_mb, args.mb):
            folder = work / f"corpus_{mb:g}mb"
            files, size = make_corpus(folder, mb)
            bare_s, chars, numbers = bare_pass(folder)
            build_s, peak_mb, claims_line = build_pass(folder, work / f"w_{mb:g}.duckdb")
            rows.append((mb, files, size, chars, numbers, bare_s, build_s, peak_mb, claims_line))
        print(f"{'corpus':>8} {'files':>6} {'MB':>7} {'chars':>11} {'bare s':>7} {'bare chars/s':>13} "
              f"{'build s':>8} {'build chars/s':>14} {'ratio':>6} {'peak RSS MB':>12}")
        for mb, files, size, chars, numbers, bare_s, build_s, peak_mb, _ in rows:
            print(f"{mb:>7g}M {files:>6} {size / 1048576:>7.1f} {chars:>11,} {bare_s:>7.2f} {chars / bare_s:>13,.0f} "
                  f"{build_s:>8.2f} {chars / build_s:>14,.0f} {build_s / bare_s:>6.1f} {peak_mb:>12.0f}")
        for mb, *_, claims_line in rows:
            print(f"{mb:g} MB build: {claims_line}")
        print(f"cores: {os.cpu_count()}; bare pass = read + UTF-8 decode + regex scan for numbers; "
              f"build = full civic-etl build (ingest, segment, extract, resolve, load) of a fresh warehouse")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
