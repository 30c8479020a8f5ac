"""dashboard/queries.py against the fixture warehouse: filters, sums, drill-down, claim detail."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from dashboard_fixture import SCRIPT_TEXT, build_fixture_warehouse, fixture_claim_count, fixture_claims
from dashboard import queries as q
from dashboard.warehouse import WarehouseHandle, open_read_only


@pytest.fixture(scope="module")
def handle(tmp_path_factory: pytest.TempPathFactory) -> WarehouseHandle:
    path = build_fixture_warehouse(tmp_path_factory.mktemp("wh") / "civic.duckdb")
    opened = open_read_only(path)
    yield opened
    opened.connection.close()


ALL = q.ClaimFilter()
HOUSING_COUNT = q.MetricGroup(None, "housing_renovation", "count:个", "个")
HOUSING_MONEY = q.MetricGroup(None, "housing_renovation", "money", "元")


def test_coverage_counts_match_the_fixture(handle: WarehouseHandle) -> None:
    coverage = handle.run(q.coverage, ALL)
    claims = fixture_claims()
    assert coverage["n_claims"] == fixture_claim_count() == len(claims)
    assert coverage["n_documents"] == 4
    assert coverage["n_articles"] == 5
    assert coverage["n_provinces"] == 4
    assert (coverage["year_min"], coverage["year_max"]) == (2022, 2024)
    assert coverage["n_without_province"] == sum(c.province is None for c in claims) == 2
    assert coverage["n_without_year"] == sum(c.year is None for c in claims) == 2
    assert coverage["n_unplaced"] == sum(c.province is None or c.year is None for c in claims) == 3
    assert coverage["sources_exact"] is True


def test_cube_and_claim_records_agree(handle: WarehouseHandle) -> None:
    """Charts without search read claim_cube; with search they scan claim_records. Same numbers."""
    from_cube = handle.run(q.aggregate, ("province",), ALL)
    # every fixture sentence ends with 。: a search that matches all claims forces the claim_records path
    scanned = handle.run(q.aggregate, ("province",), q.ClaimFilter(search="。"))
    assert from_cube["n_claims"].sum() == 15  # 17 claims, 2 without a province
    merged = from_cube.merge(scanned, on="province", suffixes=("_cube", "_scan"))
    assert len(merged) == len(from_cube)
    assert (merged["n_claims_cube"] == merged["n_claims_scan"]).all()
    assert "total" not in from_cube and "total" not in scanned  # a count of claims in several units has no sum
    # unfiltered document/article counts come from claim_sources, filtered ones from a scan
    summary, scanned_counts = handle.run(q.coverage, ALL), handle.run(q.coverage, q.ClaimFilter(search="。"))
    for key in ("n_claims", "n_documents", "n_articles", "n_provinces", "n_unplaced"):
        assert summary[key] == scanned_counts[key], key


def test_filters_combine(handle: WarehouseHandle) -> None:
    narrowed = q.ClaimFilter(provinces=("北京市", "河南省"), programmes=("housing_renovation",), year_range=(2023, 2023))
    rows = handle.run(q.claim_rows, narrowed)
    assert set(rows["province"]) == {"北京市", "河南省"}
    assert set(rows["programme"]) == {"housing_renovation"}
    assert set(rows["year"]) == {2023}
    assert sorted(rows["mention"]) == sorted(["12个", "13.6亿元", "5.3万户", "35个", "1.6万余平方米"])


def test_year_range_excludes_unknown_years_but_no_range_keeps_them(handle: WarehouseHandle) -> None:
    assert handle.run(q.coverage, q.ClaimFilter(year_range=(2022, 2024)))["n_without_year"] == 0
    assert handle.run(q.coverage, ALL)["n_without_year"] == 2


def test_search_covers_sentence_and_metric_literally(handle: WarehouseHandle) -> None:
    by_sentence = handle.run(q.claim_rows, q.ClaimFilter(search="留言板"))
    assert by_sentence["mention"].tolist() == ["36条"]
    by_metric_only = handle.run(q.claim_rows, q.ClaimFilter(search="日均服务老年人"))
    assert "超过2000人次" in by_metric_only["mention"].tolist()
    # % and _ are not wildcards, and a quote cannot break out of the parameter
    assert handle.run(q.coverage, q.ClaimFilter(search="%"))["n_claims"] == 1  # only 90.2%
    assert handle.run(q.coverage, q.ClaimFilter(search="_"))["n_claims"] == 0
    assert handle.run(q.coverage, q.ClaimFilter(search="' OR 1=1 --"))["n_claims"] == 0
    assert handle.run(q.claim_rows, q.ClaimFilter(search=SCRIPT_TEXT))["mention"].tolist() == ["36条"]


def test_values_travel_as_parameters_not_sql(handle: WarehouseHandle) -> None:
    hostile = "北京市') OR TRUE OR ('"
    assert handle.run(q.coverage, q.ClaimFilter(provinces=(hostile,)))["n_claims"] == 0
    assert handle.run(q.claim_rows, ALL, q.Drill(province=hostile)).empty
    with pytest.raises(ValueError):
        handle.run(q.aggregate, ("province; DROP TABLE claims",), ALL)


def test_metric_groups_offer_only_comparable_metrics(handle: WarehouseHandle) -> None:
    """A programme's claims in one unit are many different things: without a metric key nothing
    is offered for summing (the fixture has no keys), though such a group still filters claims."""
    assert handle.run(q.metric_groups).empty
    assert handle.run(q.coverage, q.ClaimFilter(metric=HOUSING_COUNT))["n_claims"] == 3  # 12个, 35个, 28个


def test_metric_key_is_used_when_present(tmp_path: Path) -> None:
    import duckdb

    path = build_fixture_warehouse(tmp_path / "keyed.duckdb")
    con = duckdb.connect(str(path))
    con.execute("UPDATE claim_records SET metric_key = '老旧小区|改造|count:个' WHERE unit = '个'")
    con.close()
    keyed = open_read_only(path)
    try:
        groups = keyed.run(q.metric_groups)
        row = groups[groups["metric_key"] == "老旧小区|改造|count:个"]
        assert int(row["n_claims"].iloc[0]) == 3 and row["programme"].isna().all()
        assert groups[groups["unit_family"] == "count:个"]["metric_key"].notna().all()
        metric = q.MetricGroup("老旧小区|改造|count:个", None, "count:个", "个")
        by_province = keyed.run(q.aggregate, ("province",), q.ClaimFilter(metric=metric))
        assert dict(zip(by_province["province"], by_province["total"])) == {"北京市": 12, "河南省": 35, "广东省": 28}
    finally:
        keyed.connection.close()


def test_sum_within_one_metric_never_mixes_units(handle: WarehouseHandle) -> None:
    money = handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=HOUSING_MONEY))
    assert dict(zip(money["province"], money["total"])) == {"北京市": 1_360_000_000}
    counts = handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=HOUSING_COUNT))
    assert dict(zip(counts["province"], counts["total"])) == {"北京市": 12, "河南省": 35, "广东省": 28}
    # 户 and 元 claims of the same programme stay out of each other's sums
    households = handle.run(q.coverage, q.ClaimFilter(metric=q.MetricGroup(None, "housing_renovation", "count:户", "户")))
    assert households["n_claims"] == 1


def test_lower_bounds_are_counted(handle: WarehouseHandle) -> None:
    money = q.MetricGroup(None, "urban_renewal", "money", "元")
    row = handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=money)).iloc[0]
    assert (row["province"], row["total"], row["n_lower_bound"]) == ("河南省", 3_400_000, 1)  # 超340万元


def test_drill_rows_are_that_province_only(handle: WarehouseHandle) -> None:
    rows = handle.run(q.claim_rows, ALL, q.Drill(province="北京市"))
    assert len(rows) == 7 and set(rows["province"]) == {"北京市"}
    assert rows["year"].tolist() == sorted(rows["year"].tolist(), reverse=True)
    assert rows["article_title"].notna().all() and rows["doc"].notna().all()
    year_programme = handle.run(q.claim_rows, ALL, q.Drill(year=2023, programme="housing_renovation"))
    assert set(year_programme["year"]) == {2023} and set(year_programme["programme"]) == {"housing_renovation"}


def test_unplaced_claims_carry_the_reason(handle: WarehouseHandle) -> None:
    unplaced = handle.run(q.unplaced_claims, ALL)
    by_mention = unplaced.set_index("mention")
    assert set(by_mention.index) == {"120张", "28个", "500万元"}
    assert by_mention.loc["120张", "place_note"].startswith("新城区：可能是")
    assert "近年来" in by_mention.loc["28个", "year_note"]


def test_claim_detail_offsets_point_at_the_mention(handle: WarehouseHandle) -> None:
    for claim_id in handle.run(q.claim_rows, ALL)["claim_id"]:
        detail = handle.run(q.claim_detail, claim_id)
        start = detail["article_start"]
        text = detail["article_text"]
        assert text[detail["char_start"] - start:detail["char_end"] - start] == detail["mention"]
        assert text[detail["sentence_start"] - start:detail["sentence_end"] - start] == detail["sentence"]
    assert handle.run(q.claim_detail, "no-such-claim") is None


def test_latest_run_and_rejections(handle: WarehouseHandle) -> None:
    run = handle.run(q.latest_run)
    assert run["run_id"] == 2 and run["docs_rejected"] == 1 and run["docs_changed"] == 1
    rejected = handle.run(q.rejected_files, 2)
    assert rejected["path"].tolist() == ["scans/page7.pdf"]


def test_export_has_every_claims_view_column(handle: WarehouseHandle) -> None:
    exported = handle.run(q.export_rows, ALL, q.Drill(province="河南省"))
    view_columns = [r[0] for r in handle.connection.execute("DESCRIBE claims").fetchall()]
    assert exported.column_names == view_columns
    assert set(exported["province"].to_pylist()) == {"河南省"} and exported.num_rows == 5
    # the warehouse's types travel with the rows into the download
    types = dict(handle.connection.execute("SELECT column_name, column_type FROM (DESCRIBE claims)").fetchall())
    assert types["year"] == "INTEGER" and exported.schema.field("year").type == pa.int32()
    assert types["value"] == "DOUBLE" and exported.schema.field("value").type == pa.float64()


@pytest.mark.parametrize("limit", range(1, 18))
def test_order_cutoff_returns_the_same_first_rows(handle: WarehouseHandle, limit: int) -> None:
    """With few rows allowed, the cube narrows the sort to the leading groups; same rows as a full sort."""
    everything = handle.run(q.claim_rows, ALL)
    assert handle.run(q.claim_rows, ALL, None, limit)["claim_id"].tolist() == everything["claim_id"].head(limit).tolist()
    unplaced = handle.run(q.unplaced_claims, ALL)
    assert handle.run(q.unplaced_claims, ALL, limit)["claim_id"].tolist() == unplaced["claim_id"].head(limit).tolist()
    # the search path never uses the cube: it is the reference order
    searched = handle.run(q.claim_rows, q.ClaimFilter(search="。"), None, limit)
    assert searched["claim_id"].tolist() == everything["claim_id"].head(limit).tolist()
