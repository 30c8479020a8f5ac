"""A warehouse built from seeds/ once per test session, shared by the issue-5 test modules
(test_metrics, test_duplicates, test_examples_sql, test_export). Read it; never write to it."""
from __future__ import annotations

import atexit
import functools
import shutil
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
SEEDS = REPO_ROOT / "seeds"


@functools.lru_cache(maxsize=None)
def seed_warehouse() -> Path:
    from etl.load import build

    tmp = Path(tempfile.mkdtemp(prefix="civic-seed-"))
    atexit.register(shutil.rmtree, tmp, True)
    path = tmp / "seed.duckdb"
    summary = build(str(SEEDS), str(path))
    assert summary.published and summary.claims > 0
    return path


def build_warehouse(input_dir: Path, out_dir: Path) -> Path:
    """Build a warehouse from a folder of test pages (for hand-written fixtures)."""
    from etl.load import build

    path = out_dir / "w.duckdb"
    summary = build(str(input_dir), str(path))
    assert summary.published
    return path
