"""civic-claims ETL: ingest → segment → extract → resolve → load."""
from __future__ import annotations

import functools
import hashlib
import importlib.machinery
import json
import os
import sys
from pathlib import Path

__version__ = "0.1.0"

PACKAGE_DIR = Path(__file__).resolve().parent

# The modules that read text, in pipeline order. They decide every row (rules.rules_version
# hashes them with the rule data) and they are what scripts/build_native.py compiles with mypyc.
STAGE_MODULES = ("rules", "wordscan", "segment", "extract", "metrics", "resolve", "pipeline")

# scripts/build_native.py writes the compiled stages here (not in git, not in a wheel). They are
# used only while the manifest's source hashes match the .py files: a compiled module found
# next to its source would shadow every later edit of it, so they live apart and are put on
# the package's path only when fresh.
COMPILED_DIR = PACKAGE_DIR / "_compiled"
COMPILED_MANIFEST = COMPILED_DIR / "manifest.json"
PURE_PYTHON_ENV = "CIVIC_PURE_PYTHON"


@functools.lru_cache(maxsize=1)
def stage_source_hashes() -> dict[str, str]:
    """sha256 of each stage module's source, by module name (read once: rules.rules_version uses
    them too)."""
    return {m: hashlib.sha256((PACKAGE_DIR / f"{m}.py").read_bytes()).hexdigest() for m in STAGE_MODULES}


def _compiled_stages_status() -> tuple[bool, str]:
    """Whether the compiled stages can be used, and a line saying which stages run and why."""
    if os.environ.get(PURE_PYTHON_ENV, "") not in ("", "0"):
        return False, f"pure Python ({PURE_PYTHON_ENV} is set)"
    try:
        manifest = json.loads(COMPILED_MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False, "pure Python (compiled stages not built: run scripts/build_native.py for a faster build)"
    if manifest.get("cache_tag") != sys.implementation.cache_tag:
        return False, (f"pure Python (compiled stages were built for {manifest.get('cache_tag')}, this is "
                       f"{sys.implementation.cache_tag}: run scripts/build_native.py)")
    built = manifest.get("sources", {})
    stale = [m for m, digest in stage_source_hashes().items() if built.get(m) != digest]
    if stale:
        return False, (f"pure Python (etl/{stale[0]}.py changed since the stages were compiled: "
                       "run scripts/build_native.py)")
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    missing = [m for m in STAGE_MODULES if not (COMPILED_DIR / "etl" / f"{m}{suffix}").is_file()]
    if missing:
        return False, f"pure Python (the compiled etl/{missing[0]} is missing: run scripts/build_native.py)"
    return True, f"compiled with mypyc {manifest.get('mypyc', '?')}"


COMPILED_STAGES, STAGES_STATUS = _compiled_stages_status()
if COMPILED_STAGES:
    # the compiled modules first on the package's path; their shared library is a top-level module
    __path__.insert(0, str(COMPILED_DIR / "etl"))  # noqa: F821 - a package's __path__ is a module global
    sys.path.append(str(COMPILED_DIR))
