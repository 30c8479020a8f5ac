"""How the ETL does on text it was not built from (a script, not a test).

Builds a fresh warehouse of ../shared/corpus (83 documents nobody on the project wrote) and
scores it with ../shared/tools/score_claims.py against each label file in benchmarks/gold/:

  corpus_news.jsonl      doc_001 … doc_020 (CCTV news items): labels only, no text (the
                         broadcaster's text must not be copied into the project)
  corpus_reports.jsonl   work reports doc_025, doc_047, doc_070: the errors found there were
                         used to find causes to fix, so they are not held out
  heldout_reports.jsonl  work reports doc_036, doc_063: held out in one session, their errors
                         used in the next
  heldout2_reports.jsonl work reports doc_038, doc_045, doc_055, doc_069, labelled before the
                         rule changes of the session that added them
  heldout3_reports.jsonl work reports doc_029, doc_042, doc_059, doc_078, labelled at the start
                         of the thirteenth session and scored once before its errors were used
  heldout4_reports.jsonl work reports doc_033, doc_050, doc_064, doc_081, labelled at the start
                         of the fourteenth session and scored once before its errors were used
  heldout5_reports.jsonl work reports doc_031, doc_049, doc_057, doc_077, labelled at the end
                         of the fourteenth session and scored once before its errors were used
  heldout6_reports.jsonl work reports doc_026, doc_044, doc_060, doc_073, labelled at the start
                         of the fifteenth session and scored once before its errors were used
  heldout7_reports.jsonl work reports doc_037, doc_054, doc_082, and heldout7_news.jsonl (labels
                         only) the news item doc_052, labelled at the start of the sixteenth
                         session and scored once before its errors were used
  heldout8_reports.jsonl work reports doc_021, doc_040, doc_066, doc_075, labelled in the middle
                         of the sixteenth session and scored once before its errors were used
  heldout9_reports.jsonl work reports doc_024, doc_030, doc_068, doc_083, labelled late in the
                         sixteenth session and scored once before its errors were used
  heldout10_reports.jsonl work reports doc_027, doc_035, doc_056, doc_067, labelled at the start
                         of the seventeenth session and scored once before its errors were used
  heldout11_reports.jsonl work reports doc_022, doc_039, doc_062, doc_074, labelled in the
                         seventeenth session and scored once before its errors were used
  heldout12_reports.jsonl work reports doc_023, doc_043, doc_065, doc_076, labelled late in the
                         seventeenth session and scored once before its errors were used
  heldout13_reports.jsonl work reports doc_041, doc_051, doc_071, doc_079, labelled late in the
                         seventeenth session and scored once before its errors were used
  heldout14_reports.jsonl work reports doc_032, doc_034, doc_058, doc_061, labelled at the end
                         of the seventeenth session and scored once before its errors were used
  heldout15_reports.jsonl work reports doc_046, doc_048, doc_053, doc_080, labelled at the end
                         of the seventeenth session and scored once before its errors were used
  heldout16_reports.jsonl work reports doc_028, doc_072 (the last two unlabelled), labelled at
                         the end of the seventeenth session and scored once before use

and, for each programme-only labelling in benchmarks/gold/programme/ (blind_sample_150.jsonl:
150 claims of reports outside the files above, each given a slug by a pass that saw only the
sentence and the spec), how often the warehouse's programme agrees.

See benchmarks/gold/README.md for how the labels were made.

    .venv/bin/python benchmarks/score_unseen.py [--warehouse W] [--show-errors N]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

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
        for sample in sorted((GOLD / "programme").glob("*.jsonl")):
            print(f"== programme/{sample.name}\n{programme_agreement(warehouse, sample)}\n")
    return 0


def programme_agreement(warehouse: Path, sample: Path) -> str:
    """Agreement with a programme-only labelling (doc, char_start, char_end, programme, sure,
    alternative): the annotator marks a label not sure when a second slug is as defensible."""
    labels = [json.loads(line) for line in sample.read_text(encoding="utf-8").splitlines() if line.strip()]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        got = {(d, s, e): p for d, s, e, p in con.execute("SELECT doc, char_start, char_end, programme FROM claims").fetchall()}
    found = [(g, got[(g["doc"], g["char_start"], g["char_end"])]) for g in labels
             if (g["doc"], g["char_start"], g["char_end"]) in got]
    sure = [(g, p) for g, p in found if g["sure"]]
    unsure = [(g, p) for g, p in found if not g["sure"]]
    agree = sum(p == g["programme"] for g, p in found)
    return (f"claims found {len(found)} of {len(labels)}; programme agrees on {agree} "
            f"({agree / max(len(found), 1):.3f}); on sure labels {sum(p == g['programme'] for g, p in sure)} of {len(sure)}; "
            f"unsure labels where the output is the label or its alternative "
            f"{sum(p in (g['programme'], g['alternative']) for g, p in unsure)} of {len(unsure)}")


if __name__ == "__main__":
    sys.exit(main())
