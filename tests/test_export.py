"""civic-etl export: Parquet partitioned by year and province, readable by DuckDB and pyarrow/pandas
with the same names; CSV that Excel opens with Chinese intact; the warehouse is only read."""
from __future__ import annotations

import csv
import hashlib
import io
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from seed_warehouse import seed_warehouse
from etl.cli import main
from etl.export import NULL_PARTITION, ExportError, export
from etl.schema import apply_schema

HIVE = ds.partitioning(pa.schema([("year", pa.int64()), ("province", pa.string())]), flavor="hive")


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def seed():
    return seed_warehouse()


@pytest.fixture(scope="module")
def seed_counts(seed):
    con = duckdb.connect(str(seed), read_only=True)
    try:
        return dict(
            claims=con.execute("SELECT count(*) FROM claims").fetchone()[0],
            by_part=sorted(con.execute("SELECT year, province, count(*) FROM claims GROUP BY ALL").fetchall(),
                           key=str),
            figures=con.execute("SELECT count(*) FROM figures").fetchone()[0],
        )
    finally:
        con.close()


def test_parquet_is_partitioned_by_year_and_province(seed, seed_counts, tmp_path):
    before = sha(seed)
    r = export(seed, tmp_path, "parquet")
    assert sha(seed) == before  # read-only
    assert r.path == tmp_path / "claims" and r.rows == seed_counts["claims"]
    dirs = {p.relative_to(r.path).as_posix() for p in r.path.glob("year=*/province=*")}
    assert "year=2022/province=河南省" in dirs  # plain UTF-8 names, not %E6%B2%B3…
    assert not any("%" in d for d in dirs)
    assert r.files == len(list(r.path.rglob("*.parquet"))) == len(dirs)

    con = duckdb.connect()
    got = con.execute(f"SELECT year, province, count(*) FROM read_parquet('{r.path}/**/*.parquet', "
                      "hive_partitioning = true) GROUP BY ALL").fetchall()
    assert sorted(got, key=str) == seed_counts["by_part"]
    cols = [c[0] for c in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{r.path}/**/*.parquet', "
                                      "hive_partitioning = true)").fetchall()]
    assert {"claim_id", "figure_id", "metric_key", "base_value", "sentence", "province_code"} <= set(cols)

    table = ds.dataset(r.path, format="parquet", partitioning=HIVE).to_table()
    assert table.num_rows == seed_counts["claims"]
    df = table.to_pandas()
    assert sorted(df.groupby(["year", "province"]).size().items(), key=str) == sorted(
        (((y, p), n) for y, p, n in seed_counts["by_part"]), key=str)
    assert "鹤壁市住建局局长常文君介绍说" in " ".join(df["sentence"])


def test_null_year_and_province_use_the_hive_default_partition(tmp_path):
    wh = tmp_path / "w.duckdb"
    con = duckdb.connect(str(wh))
    apply_schema(con)
    con.execute("INSERT INTO documents VALUES ('d', 'd.txt', 'h', 'x', 1, 'utf-8', NULL, NULL, NULL, NULL, NULL, "
                "NULL, NULL, 'r', ?)", [datetime(2024, 1, 1)])
    for i, (province, year) in enumerate([("河南省", 2023), (None, 2023), ("河南省", None), (None, None)]):
        con.execute("INSERT INTO claim_records (claim_id, doc_id, article_no, char_start, char_end, mention, value, "
                    "unit, unit_family, qualifier, kind, province, year, programme, sentence, sentence_start, "
                    "sentence_end) VALUES (?, 'd', 1, ?, ?, '1个', 1, '个', 'count:个', 'exact', 'count', ?, ?, "
                    "'other', 's', 0, 1)", [f"c{i}", i, i + 1, province, year])
    con.close()
    r = export(wh, tmp_path / "out", "parquet")
    dirs = {p.relative_to(r.path).as_posix() for p in r.path.glob("year=*/province=*")}
    assert dirs == {"year=2023/province=河南省", f"year=2023/province={NULL_PARTITION}",
                    f"year={NULL_PARTITION}/province=河南省", f"year={NULL_PARTITION}/province={NULL_PARTITION}"}
    got = duckdb.connect().execute(f"SELECT claim_id, year, province FROM read_parquet('{r.path}/**/*.parquet', "
                                   "hive_partitioning = true) ORDER BY claim_id").fetchall()
    assert got == [("c0", 2023, "河南省"), ("c1", 2023, None), ("c2", None, "河南省"), ("c3", None, None)]
    rows = ds.dataset(r.path, format="parquet", partitioning=HIVE).to_table().sort_by("claim_id").to_pylist()
    assert [(x["year"], x["province"]) for x in rows] == [(2023, "河南省"), (2023, None), (None, "河南省"), (None, None)]


def test_csv_has_a_bom_and_chinese_intact(seed, seed_counts, tmp_path):
    r = export(seed, tmp_path, "csv")
    raw = r.path.read_bytes()
    assert r.path.name == "claims.csv" and raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == r.rows == seed_counts["claims"]
    row = next(x for x in rows if x["mention"] == "13.6亿元")
    assert row["province"] == "河南省" and row["city"] == "鹤壁市" and float(row["base_value"]) == 1.36e9
    assert "完成投资13.6亿元" in row["sentence"]
    assert next(x for x in rows if x["mention"] == "129个")["metric_key"] == "老旧小区|完成|count:个"


def test_figures_can_be_exported_too(seed, seed_counts, tmp_path):
    r = export(seed, tmp_path, "csv", table="figures")
    assert r.path.name == "figures.csv" and r.rows == seed_counts["figures"]
    r = export(seed, tmp_path, "parquet", table="figures")
    assert ds.dataset(r.path, format="parquet", partitioning=HIVE).to_table().num_rows == seed_counts["figures"]


def test_a_second_export_replaces_the_first(seed, tmp_path):
    first = export(seed, tmp_path, "parquet")
    stale = first.path / "year=1999" / "province=河南省"
    stale.mkdir(parents=True)
    (stale / "data_0.parquet").write_bytes(b"old")
    second = export(seed, tmp_path, "parquet")
    assert not stale.exists() and second.files == first.files
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_export_refuses_to_replace_a_folder_it_did_not_write(seed, tmp_path):
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "notes.txt").write_text("keep me")
    with pytest.raises(ExportError):
        export(seed, tmp_path, "parquet")
    assert (tmp_path / "claims" / "notes.txt").read_text() == "keep me"


def test_cli(seed, tmp_path, capsys):
    assert main(["export", "--format", "csv", "--warehouse", str(seed), str(tmp_path)]) == 0
    assert "claims rows" in capsys.readouterr().out
    assert (tmp_path / "claims.csv").exists()
    assert main(["export", "--format", "parquet", "--warehouse", str(tmp_path / "missing.duckdb"), str(tmp_path)]) == 2
    with pytest.raises(SystemExit):
        main(["export", "--format", "xlsx", str(tmp_path)])
