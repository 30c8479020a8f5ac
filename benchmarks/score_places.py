"""How often the place a claim is given agrees with the labels (a script, not a test).

../shared/tools/score_claims.py scores the province of each matched claim, not the place itself:
the most specific place the claim is about, as written (鹤壁市, 平城区, 田村, 金五区社区). This
script compares claims.place with the label's place for every claim the warehouse and a label
file share (same document and offsets), and lists the commonest disagreements.

    .venv/bin/civic-etl build --input seeds --warehouse /tmp/w.duckdb
    .venv/bin/python benchmarks/score_places.py --warehouse /tmp/w.duckdb --gold ../shared/gold/seed_claims.jsonl

Label files that leave place empty (benchmarks/gold/corpus_news.jsonl) have nothing to compare.
A label may write the official name (泾阳县) where the text and the warehouse write 泾阳: that
counts as a disagreement here, as it would for a reader comparing the two.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

import duckdb


def place_agreement(warehouse: Path, gold: Path) -> tuple[int, int, collections.Counter]:
    """(agreeing, compared, Counter of (label place, warehouse place) disagreements)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("SELECT doc, char_start, char_end, place FROM claims").fetchall()
    finally:
        con.close()
    # documents are named by their path in the warehouse and by their file name in the labels
    by_span = {(doc.rsplit("/", 1)[-1], start, end): place for doc, start, end, place in rows}
    agree = compared = 0
    wrong: collections.Counter = collections.Counter()
    for line in gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        label = json.loads(line)
        key = (label["doc"].rsplit("/", 1)[-1], label["char_start"], label["char_end"])
        if key not in by_span or not label.get("place"):
            continue
        compared += 1
        if by_span[key] == label["place"]:
            agree += 1
        else:
            wrong[(label["place"], by_span[key])] += 1
    return agree, compared, wrong


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--warehouse", type=Path, required=True)
    ap.add_argument("--gold", type=Path, nargs="+", required=True, help="label files (JSON lines)")
    ap.add_argument("--show", type=int, default=10, help="disagreements listed per file (default 10)")
    args = ap.parse_args()
    for gold in args.gold:
        agree, compared, wrong = place_agreement(args.warehouse, gold)
        if not compared:
            print(f"{gold.name}: no labelled place to compare")
            continue
        print(f"{gold.name}: place agrees on {agree} of {compared} matched claims ({agree / compared:.3f})")
        for (label, got), n in wrong.most_common(args.show):
            print(f"  {n:>4}  label {label}  warehouse {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
