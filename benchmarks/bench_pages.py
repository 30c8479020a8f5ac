"""Server time of a whole page run, per interaction (a script, not a test).

bench_dashboard.py times each query; a click costs the whole page script: its queries, the
charts it builds and the tables it sends. This runs dashboard/app.py in Streamlit's AppTest
(the same script the server runs, without a browser) over a warehouse and prints, per page,
the median and worst of:

  again     the same view run again (what selecting a row in the table below a chart costs)
  keyword   a new keyword each run (new rows for every chart and table: nothing cached)

    .venv/bin/python benchmarks/bench_pages.py                        # the corpus, built into a temp file
    .venv/bin/python benchmarks/bench_pages.py --warehouse W.duckdb --runs 12
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
PAGES = ("overview.py", "region.py", "programme.py", "year.py", "claims.py")


def keywords(warehouse: Path, n: int) -> list[str]:
    """n two-character words that start metrics, most frequent first: each matches some claims."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return [r[0] for r in con.execute(
            "SELECT substr(metric, 1, 2) AS w FROM claims WHERE length(metric) >= 2 "
            "GROUP BY w ORDER BY count(*) DESC, w LIMIT ?", [n]).fetchall()]
    finally:
        con.close()


def timed_runs(at, runs: int, change=None) -> list[float]:
    times = []
    for i in range(runs):
        if change is not None:
            change(at, i)
        started = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - started) * 1000)
        if at.exception:
            sys.exit(f"the page failed: {at.exception[0].value}")
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--warehouse", type=Path, help="default: build ../shared/corpus into a temporary file")
    ap.add_argument("--runs", type=int, default=8)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="civic-pages-") as work:
        warehouse = args.warehouse
        if warehouse is None:
            warehouse = Path(work) / "corpus.duckdb"
            subprocess.run([str(ROOT / ".venv" / "bin" / "civic-etl"), "build", "--input",
                            str(ROOT.parent / "shared" / "corpus"), "--warehouse", str(warehouse), "--quiet"],
                           check=True, stdout=subprocess.DEVNULL)
        os.environ["CIVIC_WAREHOUSE"] = str(warehouse)
        from dashboard_fixture import new_app_test, open_page

        words = keywords(warehouse, args.runs * len(PAGES))
        at = new_app_test().run()
        print(f"{'page':<14} {'again ms (median / worst)':>26} {'new keyword ms (median / worst)':>32}")
        for k, page in enumerate(PAGES):
            at.text_input(key="q").set_value("")
            open_page(at, page)
            again = timed_runs(at, args.runs)
            mine = words[k * args.runs:(k + 1) * args.runs]
            fresh = timed_runs(at, len(mine), lambda app, i: app.text_input(key="q").set_value(mine[i]))
            print(f"{page:<14} {statistics.median(again):>17.0f} / {max(again):>4.0f} "
                  f"{statistics.median(fresh):>23.0f} / {max(fresh):>4.0f}")
        print(f"warehouse {warehouse}; runs {args.runs}; AppTest (no browser), Streamlit script time per run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
