"""Compile the ETL's text stages (etl.STAGE_MODULES) to C extensions with mypyc.

The compiled stages give the same rows as the Python source about twice as fast (benchmarks/
bench_etl.py; tests/test_native.py checks the rows are identical). They are written to
etl/_compiled/ with a manifest of the sources' hashes, and etl/__init__.py uses them only while
those hashes match, so editing a stage falls back to Python until this runs again.

    .venv/bin/python scripts/build_native.py            # compile (about a minute)
    .venv/bin/python scripts/build_native.py --if-stale # only when missing or out of date
    .venv/bin/python scripts/build_native.py --remove   # back to pure Python

Needs a C compiler and Python's headers (Debian: gcc, python3-dev) and mypy (the `native` extra).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the shared library of the compiled group is a top-level module: a name no other package uses
GROUP_NAME = "civic_etl_stages"


def build(out_dir: Path) -> None:
    """Compile the stages into out_dir (etl/<module>.so and the group's shared library)."""
    import warnings

    from mypyc.build import mypycify
    from setuptools import setup

    # setup() here reads the project's pyproject.toml too, whose [tool.setuptools] it calls beta
    warnings.filterwarnings("ignore", message=".*tool.setuptools.*")

    from etl import STAGE_MODULES

    os.chdir(ROOT)  # mypycify names modules by their paths from here
    sources = [f"etl/{m}.py" for m in STAGE_MODULES]
    extensions = mypycify(sources, opt_level="3", group_name=GROUP_NAME)
    with tempfile.TemporaryDirectory(prefix="civic-native-") as tmp:
        setup(name="civic-etl-stages", ext_modules=extensions, script_args=[
            "--quiet", "build_ext", "--build-lib", str(out_dir), "--build-temp", str(Path(tmp) / "temp")])
    shutil.rmtree(ROOT / "build", ignore_errors=True)  # mypycify writes its C sources there


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--if-stale", action="store_true", help="do nothing when the compiled stages are current")
    ap.add_argument("--remove", action="store_true", help="delete the compiled stages")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    import etl

    if args.remove:
        shutil.rmtree(etl.COMPILED_DIR, ignore_errors=True)
        print(f"removed {etl.COMPILED_DIR}")
        return 0
    if args.if_stale and etl.COMPILED_STAGES:
        print(f"ETL stages: {etl.STAGES_STATUS}")
        return 0
    try:
        import mypyc  # noqa: F401
    except ImportError:
        print("mypyc is not installed: pip install -e '.[native]'", file=sys.stderr)
        return 2
    from mypy.version import __version__ as mypy_version

    before = etl.stage_source_hashes()
    started = time.perf_counter()
    staging = etl.COMPILED_DIR.with_name("_compiled.new")
    shutil.rmtree(staging, ignore_errors=True)
    print(f"compiling {len(before)} ETL stages with mypyc {mypy_version} …", flush=True)
    try:
        build(staging)
    except (Exception, SystemExit) as e:  # noqa: BLE001 - setuptools reports a compiler error as SystemExit
        shutil.rmtree(staging, ignore_errors=True)
        print(f"compiling failed: {e}", file=sys.stderr)
        return 1
    etl.stage_source_hashes.cache_clear()
    if etl.stage_source_hashes() != before:
        shutil.rmtree(staging, ignore_errors=True)
        print("a stage's source changed while it was being compiled; run again", file=sys.stderr)
        return 1
    # the manifest last: a half-written directory is never taken for a build
    (staging / "manifest.json").write_text(json.dumps(
        {"cache_tag": sys.implementation.cache_tag, "mypyc": mypy_version, "sources": before},
        indent=1), encoding="utf-8")
    shutil.rmtree(etl.COMPILED_DIR, ignore_errors=True)
    staging.rename(etl.COMPILED_DIR)
    print(f"compiled into {etl.COMPILED_DIR.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
