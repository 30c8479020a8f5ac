"""warehouse/examples.sql: every example question runs against the seed warehouse and returns
rows; where the seed pages print the answer, the query returns that figure."""
from __future__ import annotations

import re

import duckdb
import pytest

from seed_warehouse import REPO_ROOT, seed_warehouse

EXAMPLES = REPO_ROOT / "warehouse" / "examples.sql"


def parse_examples(text: str) -> dict[str, tuple[str, str]]:
    """name -> (question, sql) for every `-- name:` block."""
    parts = re.split(r"(?m)^-- name:[ \t]*(\S+)[ \t]*$", text)
    out: dict[str, tuple[str, str]] = {}
    for name, body in zip(parts[1::2], parts[2::2]):
        m = re.search(r"(?m)^-- question:[ \t]*(.+)$", body)
        assert m, f"{name} has no -- question: line"
        assert name not in out, f"duplicate example name {name}"
        out[name] = (m.group(1).strip(), body.strip())
    return out


EX = parse_examples(EXAMPLES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect(str(seed_warehouse()), read_only=True)
    yield c
    c.close()


def run(con, name):
    cur = con.execute(EX[name][1])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def test_there_are_at_least_ten_named_questions():
    assert len(EX) >= 10
    for name, (question, sql) in EX.items():
        assert re.fullmatch(r"[a-z0-9_]+", name), name
        assert question.endswith("?"), name
        assert re.search(r"(?im)^\s*(SELECT|WITH)\b", sql), name


@pytest.mark.parametrize("name", sorted(EX))
def test_every_example_returns_rows_on_the_seed_warehouse(con, name):
    assert run(con, name), f"{name} returned no rows"


def test_renovated_compounds_by_province(con):
    got = {(r["province"], r["year"]): r["compounds"] for r in run(con, "renovated_compounds_by_province")}
    # 003: 平城区（山西省大同市）改造老旧小区129个 (2023); 004: 鹤壁市完成改造181个 (page year 2022)
    assert got == {("山西省", 2023): 129, ("河南省", 2022): 181}


def test_elevator_retrofits_by_city(con):
    rows = run(con, "elevator_retrofits_by_city")
    # 002: 阳泉市 …该社区已加装8台电梯并投入使用
    assert [(r["province"], r["city"], r["elevators"]) for r in rows] == [("山西省", "阳泉市", 8)]


def test_started_vs_completed_renovation(con):
    rows = run(con, "started_vs_completed_renovation")
    # 004: 全市累计启动老旧小区改造211个，完成改造181个
    assert [(r["city"], r["started"], r["completed"], r["completed_pct"]) for r in rows] == [("鹤壁市", 211, 181, 85.8)]


def test_largest_money_amounts_are_in_yi_yuan(con):
    top = run(con, "largest_money_amounts")[0]
    assert (top["mention"], top["yi_yuan"], top["place"]) == ("13.6亿元", 13.6, "鹤壁市")


def test_area_figures_in_mu(con):
    rows = run(con, "area_figures_in_mu")
    # 004: 改造面积512万平方米 = 7680亩 = 512公顷
    r = next(r for r in rows if r["mention"] == "512万平方米")
    assert (r["square_metres"], r["mu"], r["hectares"]) == (5_120_000, 7680.0, 512.0)


def test_volunteer_activity_marks_lower_bounds(con):
    rows = {r["mention"]: r for r in run(con, "volunteer_activity_by_place")}
    assert rows["2000余场次"]["bound"] == "≥" and rows["2000余场次"]["activities"] == 2000
    assert rows["180余场"]["place"] == "团结小区社区"  # (the community of 呼和浩特市 the gold labels name)


def test_cumulative_figures_include_the_text_that_says_so(con):
    mentions = {r["mention"] for r in run(con, "cumulative_figures")}
    assert {"211个", "122个"} <= mentions  # 累计启动…211个, 累计合并楼院122个
