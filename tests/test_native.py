"""The compiled ETL stages (scripts/build_native.py, mypyc) against the Python source.

The stages must stay compilable (mypy finds no type error in them) and, compiled, give exactly
the rows the source gives on every bundled page. Compiled modules are used only while they
match the source: a stale, missing or disabled build leaves the source in charge.

The row comparison needs the compiled stages; without them (no C compiler) it is skipped,
unless CIVIC_NATIVE_REQUIRED=1 (CI), where that is a failure.
"""
from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etl_helpers import PYTHON, REPO

import etl

CORPUS = REPO.parent / "shared" / "corpus"

# Every row a document adds (documents, articles, claim_records), as JSON lines per document.
_DUMP_ROWS = """
import json, sys
from pathlib import Path
import etl
from etl.ingest import SourceFile, read_document
from etl.load import document_batches
from etl.pipeline import process_document
print(json.dumps({"status": etl.STAGES_STATUS, "compiled": etl.COMPILED_STAGES,
                  "pipeline_file": sys.modules["etl.pipeline"].__file__}))
for name in sys.argv[1:]:
    p = Path(name)
    st = p.stat()
    dec = read_document(SourceFile(p.name, str(p), st.st_size, st.st_mtime_ns))
    batches = document_batches(dec.doc_id, p.name, dec, process_document(dec.text, dec.doc_id), None, "v")
    rows = [batch.drop_columns([c for c in ("loaded_at",) if c in batch.schema.names]).to_pylist()
            for batch in batches]
    print(json.dumps(rows, ensure_ascii=False, default=str))
"""


def _dump(paths: list[Path], pure: bool) -> tuple[dict, list[str]]:
    env = {**os.environ, etl.PURE_PYTHON_ENV: "1" if pure else "0"}
    out = subprocess.run([str(PYTHON), "-c", _DUMP_ROWS, *map(str, paths)], capture_output=True, text=True,
                         env=env, cwd=str(REPO), timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    header, *rows = out.stdout.splitlines()
    return json.loads(header), rows


def _require_compiled() -> None:
    if etl.COMPILED_STAGES:
        return
    reason = f"compiled stages unavailable: {etl.STAGES_STATUS}"
    if os.environ.get("CIVIC_NATIVE_REQUIRED") == "1":
        pytest.fail(f"{reason} (CIVIC_NATIVE_REQUIRED=1, so this is a failure, not a skip)")
    pytest.skip(reason)


def test_stage_modules_pass_the_type_check_mypyc_compiles_them_with():
    from mypy import api

    stdout, stderr, status = api.run([*(str(REPO / "etl" / f"{m}.py") for m in etl.STAGE_MODULES),
                                      "--no-incremental", "--cache-dir", os.devnull])
    assert status == 0, stdout + stderr


def test_compiled_stages_give_the_rows_of_the_source_on_every_bundled_page():
    _require_compiled()
    pages = sorted((REPO / "seeds").glob("*.txt")) + sorted(CORPUS.glob("*.txt"))
    assert len(pages) >= 80, "the shared corpus is missing"
    compiled_header, compiled_rows = _dump(pages, pure=False)
    pure_header, pure_rows = _dump(pages, pure=True)
    assert compiled_header["compiled"] and compiled_header["pipeline_file"].endswith(".so"), compiled_header
    assert not pure_header["compiled"] and pure_header["pipeline_file"].endswith("pipeline.py"), pure_header
    assert sum(len(json.loads(r)[2]) for r in pure_rows) > 8000  # claims compared
    for page, compiled, pure in zip(pages, compiled_rows, pure_rows, strict=True):
        assert compiled == pure, f"compiled and source rows differ on {page.name}"


def _package_copy(tmp_path: Path, manifest: dict | None, modules: tuple[str, ...] = etl.STAGE_MODULES) -> Path:
    """A copy of the etl package's sources with the given compiled manifest and, for each of
    modules, an empty file where its compiled module goes (found, never imported)."""
    root = tmp_path / "pkg"
    shutil.copytree(REPO / "etl", root / "etl", ignore=shutil.ignore_patterns("_compiled*", "__pycache__"))
    if manifest is not None:
        compiled = root / "etl" / "_compiled"
        (compiled / "etl").mkdir(parents=True)
        (compiled / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        for m in modules:
            (compiled / "etl" / f"{m}{importlib.machinery.EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    return root


def _status_in(root: Path, import_stages: bool = True, **env: str) -> list:
    code = "import etl; print(etl.COMPILED_STAGES); print(etl.STAGES_STATUS)"
    if import_stages:
        code += "; import etl.pipeline; print(etl.pipeline.__file__)"
    out = subprocess.run([str(PYTHON), "-c", code], capture_output=True, text=True, cwd=str(root),
                         env={**{k: v for k, v in os.environ.items() if k != etl.PURE_PYTHON_ENV}, **env,
                              "PYTHONPATH": str(root)}, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()


def test_a_stage_edited_after_compiling_runs_from_its_source(tmp_path):
    manifest = {"cache_tag": sys.implementation.cache_tag, "mypyc": "x", "sources": etl.stage_source_hashes()}
    root = _package_copy(tmp_path, manifest)
    assert _status_in(root, import_stages=False) == ["True", "compiled with mypyc x"]
    resolve = root / "etl" / "resolve.py"
    resolve.write_text(resolve.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    compiled, status, pipeline_file = _status_in(root)
    assert compiled == "False"
    assert "etl/resolve.py changed since the stages were compiled" in status and "build_native" in status
    assert pipeline_file == str(root / "etl" / "pipeline.py")


def test_compiled_stages_of_another_python_or_none_at_all_leave_the_source_in_charge(tmp_path):
    other = _package_copy(tmp_path / "a", {"cache_tag": "cpython-39", "sources": etl.stage_source_hashes()})
    compiled, status, _ = _status_in(other)
    assert compiled == "False" and "built for cpython-39" in status
    missing = _package_copy(tmp_path / "b", None)
    compiled, status, _ = _status_in(missing)
    assert compiled == "False" and "not built" in status
    manifest = {"cache_tag": sys.implementation.cache_tag, "sources": etl.stage_source_hashes()}
    incomplete = _package_copy(tmp_path / "c", manifest, modules=etl.STAGE_MODULES[:-1])
    compiled, status, _ = _status_in(incomplete)
    assert compiled == "False" and f"etl/{etl.STAGE_MODULES[-1]} is missing" in status


def test_the_pure_python_switch_disables_current_compiled_stages(tmp_path):
    manifest = {"cache_tag": sys.implementation.cache_tag, "mypyc": "x", "sources": etl.stage_source_hashes()}
    root = _package_copy(tmp_path, manifest)
    compiled, status, pipeline_file = _status_in(root, **{etl.PURE_PYTHON_ENV: "1"})
    assert compiled == "False" and etl.PURE_PYTHON_ENV in status
    assert pipeline_file.endswith("pipeline.py")
