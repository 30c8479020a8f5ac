"""How the ETL does on text it was not built from (a script, not a test).

Builds a fresh warehouse of ../shared/corpus (83 documents nobody on the project wrote) and
scores it with ../shared/tools/score_claims.py against each label file in benchmarks/gold/:

  corpus_news.jsonl      doc_001 … doc_020 (CCTV news items): labels only, no text (the
                         broadcaster's text must not be copied into the project)
  corpus_reports.jsonl   work reports doc_025, doc_047, doc_070: the errors found there were
                         used to find causes to fix, so they are not held out
  heldout_reports.jsonl  work reports labelled after the last rule change and not looked at
                         before it: the honest figure

See benchmarks/gold/README.md for how the labels were made.

    .venv/bin/python benchmarks/score_unseen.py [--warehouse W] [--show-errors N]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "benchmarks" / "gold"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--warehouse", type=Path, help="score this warehouse instead of building one of ../shared/corpus")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N", help="list up to N misses and wrong fields per file")
    args = ap.parse_args()
    scorer = SHARED / "tools" / "score_claims.py"
    if not scorer.exists() or not (SHARED / "corpus").is_dir():
        sys.exit(f"needs {scorer} and {SHARED / 'corpus'}")
    with tempfile.TemporaryDirectory(prefix="civic-unseen-") as work:
        warehouse = args.warehouse
        if warehouse is None:
            warehouse = Path(work) / "corpus.duckdb"
            build = subprocess.run([str(ROOT / ".venv" / "bin" / "civic-etl"), "build", "--quiet",
                                    "--input", str(SHARED / "corpus"), "--warehouse", str(warehouse)],
                                   capture_output=True, text=True)
            if build.returncode not in (0, 3):
                sys.exit(f"build failed ({build.returncode}): {build.stderr[-2000:]}")
        for gold in sorted(GOLD.glob("*.jsonl")):
            out = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--warehouse", str(warehouse),
                                  "--docs", str(SHARED / "corpus"), "--show-errors", str(args.show_errors)],
                                 capture_output=True, text=True)
            if out.returncode:
                sys.exit(f"scoring {gold.name} failed: {out.stderr[-2000:]}")
            print(f"== {gold.name}\n{out.stdout.rstrip()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
