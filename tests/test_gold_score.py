"""The product on the hand-labelled seeds, measured by the shared scorer (not a copy of it)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score_claims.py"
GOLD = SHARED / "gold" / "seed_claims.jsonl"


@pytest.fixture(scope="module")
def seed_warehouse(tmp_path_factory):
    if not SCORER.exists():
        pytest.fail(f"the shared scorer is missing at {SCORER}")
    wh = tmp_path_factory.mktemp("gold") / "w.duckdb"
    from etl.load import build
    build(str(ROOT / "seeds"), str(wh))
    return wh


def test_seed_gold_scores(seed_warehouse):
    out = subprocess.run([sys.executable, str(SCORER), "--gold", str(GOLD), "--warehouse", str(seed_warehouse),
                          "--json"], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert result["f1"] >= 0.97, result
    assert result["strict_f1"] >= 0.85, result
