"""How the ETL does on the blind-labelled pages of other genres (a script, not a test).

Builds a fresh warehouse of each `benchmarks/genres_heldout*` folder and scores every label file
in its `labels/` with ../shared/tools/score_claims.py, one line per file: detection F1, province,
year and programme accuracy on matched claims, and strict F1. Each folder's README says when its
labels were made and what they scored before their errors were used.

    .venv/bin/python benchmarks/score_genres.py
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "tools" / "score_claims.py"
FIELDS = {"detection": r"detection .*F1 ([0-9.]+)", "province": r"province\s+accuracy on matched ([0-9.]+)",
          "year": r"year\s+accuracy on matched ([0-9.]+)", "programme": r"programme\s+accuracy on matched ([0-9.]+)",
          "strict": r"strict F1 ([0-9.]+)"}


def score_folder(folder: Path, workdir: Path) -> list[tuple[str, dict[str, str]]]:
    warehouse = workdir / f"{folder.name}.duckdb"
    subprocess.run([sys.executable, "-m", "etl.cli", "build", "--quiet", "--input", str(folder),
                    "--warehouse", str(warehouse)], cwd=ROOT, check=True, capture_output=True)
    rows = []
    for labels in sorted((folder / "labels").glob("*.jsonl")):
        out = subprocess.run([sys.executable, str(SCORER), "--gold", str(labels), "--warehouse", str(warehouse),
                              "--docs", str(folder)], cwd=ROOT, check=True, capture_output=True, text=True).stdout
        rows.append((f"{folder.name}/{labels.name}",
                     {k: (m.group(1) if (m := re.search(p, out)) else "-") for k, p in FIELDS.items()}))
    return rows


def main() -> int:
    if not SCORER.exists():
        print(f"the gold scorer is not at {SCORER}", file=sys.stderr)
        return 2
    folders = sorted(p for p in (ROOT / "benchmarks").glob("genres_heldout*") if (p / "labels").is_dir())
    print(f"{'label file':<44} " + " ".join(f"{k:>9}" for k in FIELDS))
    with tempfile.TemporaryDirectory() as tmp:
        for folder in folders:
            for name, scores in score_folder(folder, Path(tmp)):
                print(f"{name:<44} " + " ".join(f"{scores[k]:>9}" for k in FIELDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
