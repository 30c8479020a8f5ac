"""Benchmark every dashboard query (dashboard/queries.py) over synthetic warehouses.

    .venv/bin/python benchmarks/bench_dashboard.py                 # 1M and 10M claims
    .venv/bin/python benchmarks/bench_dashboard.py --sizes 1000000 --repeat 10

The warehouses are generated in SQL from etl/schema.sql (31 provinces with a skewed
distribution, 25 programmes, years 2015–2025, ~5 % without province and ~8 % without year,
money/count/area/percent claims, sentences of 60–140 characters) and cached in
benchmarks/out/ (gitignored). Each query runs the way the app runs it: a cursor on the
:memory: + ATTACH READ_ONLY handle, result converted to pandas. Reported: server-side time
per call, p50 and p95 over --repeat runs after one warm-up. Target: p95 ≤ 150 ms at 10M.
Layouts of the same rows:
- etl (default): what etl/load.py publishes at any size: claim_records in load order (documents
  one after another, as the ETL writes them; it no longer re-sorts them) plus the summary tables
  etl.summaries.refresh_summaries builds at publish (claim_cube, claim_sources, claims_ordered,
  claim_search_grams), built here by that same function under the ETL's memory limit
  (etl.load.BUILD_MEMORY_LIMIT); the build time and table sizes are reported;
- load: the same file without the summary tables (a warehouse published before them), where the
  dashboard falls back to scanning claim_records and building the cube in memory;
- sorted: claim_records itself ORDER BY province, programme, year, doc_id, char_start, no
  summaries (the earlier proposal, kept for comparison).
Results: benchmarks/out/bench_<size>_<layout>.json and a printed table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from dashboard import queries as q  # noqa: E402
from dashboard.views.common import csv_bytes  # noqa: E402
from dashboard.warehouse import open_read_only  # noqa: E402
from etl.schema import apply_schema  # noqa: E402

OUT_DIR = REPO_ROOT / "benchmarks" / "out"
PROGRAMMES_JSON = REPO_ROOT / "etl" / "data" / "programmes.json"
TARGET_P95_MS = 150.0
CLAIMS_PER_DOCUMENT = 20

# 31 mainland provincial-level divisions, most populous/most reported first (the generator skews towards the front).
PROVINCES = [
    "广东省", "山东省", "河南省", "江苏省", "四川省", "河北省", "湖南省", "浙江省", "安徽省", "湖北省",
    "广西壮族自治区", "云南省", "江西省", "辽宁省", "福建省", "陕西省", "贵州省", "山西省", "重庆市",
    "黑龙江省", "新疆维吾尔自治区", "上海市", "甘肃省", "内蒙古自治区", "吉林省", "北京市", "天津市",
    "海南省", "宁夏回族自治区", "青海省", "西藏自治区",
]
# unit_family, unit, kind, base_unit, share (per mille)
UNITS = [
    ("money", "元", "money", "元", 250), ("count:个", "个", "count", "个", 150), ("count:户", "户", "count", "户", 140),
    ("count:人次", "人次", "count", "人次", 90), ("area", "平方米", "area", "平方米", 90), ("percent", "%", "percent", "%", 90),
    ("count:家", "家", "count", "家", 60), ("count:条", "条", "count", "条", 50), ("count:人", "人", "count", "人", 50),
    ("duration", "小时", "duration", "小时", 30),
]
QUALIFIERS = [("exact", 700), ("more_than", 150), ("approx", 100), ("range", 30), ("at_most", 20)]
OPENERS = ["今年以来，", "2023年以来，", "去年，", "近年来，", "截至目前，", "据统计，", "自开展专项行动以来，", "记者从相关部门获悉，"]
ACTIONS = ["累计完成", "新建", "改造", "投入资金", "服务群众", "新增", "惠及居民", "开展活动", "培训", "排查整治"]
FILLERS = [
    "，切实把好事办好、实事办实，群众满意度持续提升。",
    "，有效解决了群众急难愁盼问题，受到居民普遍好评。",
    "，下一步将继续巩固提升，推动工作常态化长效化。",
    "，形成了可复制可推广的经验做法。",
    "，进一步增强了人民群众的获得感、幸福感、安全感。",
]


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _weighted_case(expr: str, items: list[tuple[str, int]]) -> str:
    """CASE over a 0..999 bucket expression picking items by per-mille share."""
    cumulative, parts = 0, []
    for value, share in items:
        cumulative += share
        parts.append(f"WHEN {expr} < {cumulative} THEN {value}")
    return "CASE " + " ".join(parts) + f" ELSE {items[-1][0]} END"


SORT_KEY = "province, programme, year, doc_id, char_start"


def sorted_copy(source: Path, target: Path) -> None:
    """The same warehouse with claim_records in SORT_KEY order (built in a temp file, then renamed)."""
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    started = time.perf_counter()
    con = duckdb.connect(str(tmp))
    con.execute("SET enable_progress_bar = false")
    apply_schema(con)
    con.execute("ATTACH ? AS source (READ_ONLY)", [str(source)])
    for table in ("programmes", "documents", "articles", "runs"):
        con.execute(f"INSERT INTO {table} SELECT * FROM source.{table}")
    con.execute(f"INSERT INTO claim_records SELECT * FROM source.claim_records ORDER BY {SORT_KEY}")
    con.execute("CHECKPOINT")
    con.close()
    os.replace(tmp, target)
    print(f"sorted copy {target.name} in {time.perf_counter() - started:.1f} s", flush=True)


def generate_warehouse(path: Path, n_claims: int) -> None:
    """Write a synthetic warehouse with n_claims claims to path (built in a temp file, then renamed)."""
    tmp = path.with_name(path.name + ".tmp")
    for stale in (tmp, Path(str(tmp) + ".wal")):
        stale.unlink(missing_ok=True)
    programmes = json.loads(PROGRAMMES_JSON.read_text(encoding="utf-8"))["programmes"]
    slugs = [p["slug"] for p in programmes]
    labels = [p["label"] for p in programmes]
    n_docs = max(1, n_claims // CLAIMS_PER_DOCUMENT)
    started = time.perf_counter()
    con = duckdb.connect(str(tmp))
    con.execute("SET enable_progress_bar = false")
    apply_schema(con)
    con.executemany("INSERT INTO programmes VALUES (?, ?, ?)", [(p["slug"], p["label"], p.get("description")) for p in programmes])
    con.execute(
        f"""
        INSERT INTO documents
        SELECT substr(md5('doc' || i), 1, 16) AS doc_id,
               'synthetic/' || lpad(i::VARCHAR, 8, '0') || '.txt' AS doc,
               md5('doc' || i) AS content_sha256,
               repeat('某某社区持续推进民生实事，群众获得感不断增强。', 24) AS text,
               24 * 23 AS n_chars, 'utf-8', '民生实事第' || i || '期', 2015 + i % 11, 'dateline', NULL,
               NULL, list_element(['日报', '晚报', '融媒体中心', '政府网'], 1 + i % 4),
               CASE WHEN i % 3 = 0 THEN 'https://example.gov.cn/' || i || '.html' END,
               'synthetic', TIMESTAMP '2025-01-01'
        FROM range({n_docs}) t(i)
        """
    )
    con.execute(
        f"""
        INSERT INTO articles
        SELECT substr(md5('doc' || d), 1, 16), a, '第' || a || '篇：民生实事进行时', NULL, NULL,
               (a - 1) * 276, a * 276, 12, NULL
        FROM range({n_docs}) t(d), range(1, 3) u(a)
        """
    )
    unit_bucket = "(hash(i, 'u') % 1000)"
    unit_index = _weighted_case(unit_bucket, [(str(k + 1), u[4]) for k, u in enumerate(UNITS)])
    qualifier = _weighted_case("(hash(i, 'q') % 1000)", [(f"'{name}'", share) for name, share in QUALIFIERS])
    con.execute(
        f"""
        INSERT INTO claim_records
        WITH base AS (
            SELECT i,
                   {unit_index} AS u,
                   -- squared uniform → skewed towards the first provinces/programmes
                   1 + floor(pow((hash(i, 'p') % 10000) / 10000.0, 2) * {len(PROVINCES)})::INT AS prov_ix,
                   1 + floor(pow((hash(i, 'g') % 10000) / 10000.0, 1.6) * {len(slugs)})::INT AS prog_ix,
                   hash(i, 'y') % 100 AS year_bucket,
                   hash(i, 'n') % 100 AS place_bucket,
                   round(exp((hash(i, 'v') % 10000) / 10000.0 * 12), 1) AS raw_value,
                   {qualifier} AS qualifier
            FROM range({n_claims}) t(i)
        ), shaped AS (
            SELECT *,
                   list_element({_sql_list([u[0] for u in UNITS])}, u) AS unit_family,
                   list_element({_sql_list([u[1] for u in UNITS])}, u) AS unit,
                   list_element({_sql_list([u[2] for u in UNITS])}, u) AS kind,
                   list_element({_sql_list([u[3] for u in UNITS])}, u) AS base_unit,
                   CASE WHEN place_bucket < 5 THEN NULL ELSE list_element({_sql_list(PROVINCES)}, prov_ix) END AS province,
                   CASE WHEN year_bucket < 8 THEN NULL ELSE 2015 + (year_bucket % 11)::INT END AS year,
                   list_element({_sql_list(slugs)}, prog_ix) AS programme,
                   list_element({_sql_list(labels)}, prog_ix) AS programme_label,
                   list_element({_sql_list(ACTIONS)}, 1 + (hash(i, 'a') % {len(ACTIONS)})::INT) AS action
            FROM base
        ), worded AS (
            SELECT *,
                   CASE WHEN unit_family = 'money' THEN raw_value * 10000 ELSE raw_value END AS value,
                   raw_value::VARCHAR || CASE WHEN unit_family = 'money' THEN '万' ELSE '' END || unit AS mention,
                   list_element({_sql_list(OPENERS)}, 1 + (hash(i, 'o') % {len(OPENERS)})::INT)
                     || coalesce(replace(replace(province, '省', ''), '市', ''), '当地') || '各地' || programme_label
                     || '工作' || action AS lead,
                   list_element({_sql_list(FILLERS)}, 1 + (hash(i, 'f') % {len(FILLERS)})::INT) AS tail
            FROM shaped
        )
        SELECT substr(md5('claim' || i), 1, 16) AS claim_id,
               substr(md5('doc' || (i // {CLAIMS_PER_DOCUMENT})), 1, 16) AS doc_id,
               1 + (i % 2)::INT AS article_no,
               length(lead) AS char_start, length(lead) + length(mention) AS char_end,
               mention, value,
               CASE WHEN qualifier = 'range' THEN value * 2 END AS value_high,
               unit, unit_family, value AS base_value, base_unit, qualifier, kind, NULL AS direction,
               programme_label || action AS metric, NULL AS metric_key,
               hash(i, 'c') % 4 = 0 AS is_cumulative,
               province AS place, NULL AS place_code, province, NULL AS city, NULL AS county,
               CASE WHEN province IS NULL THEN 'none' ELSE 'sentence' END AS place_basis,
               CASE WHEN province IS NULL THEN '句中和前文都没有可识别的地名' END AS place_note,
               year,
               CASE WHEN year IS NULL THEN NULL ELSE 'explicit' END AS year_basis,
               CASE WHEN year IS NULL THEN '无法确定年份' ELSE year::VARCHAR || '年' END AS year_note,
               programme, 'synthetic' AS programme_basis,
               lead || mention || tail AS sentence,
               0 AS sentence_start, length(lead || mention || tail) AS sentence_end
        FROM worded
        """
    )
    con.execute(
        """INSERT INTO runs VALUES (1, TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2025-01-01 00:10:00', 'ok',
           'synthetic', ?, 0, 0, 0, 0, ?, ?, 600, 'synthetic', '0.1.0', 'synthetic benchmark warehouse')""",
        [n_docs, n_claims, n_claims],
    )
    con.execute("CHECKPOINT")
    con.close()
    os.replace(tmp, path)
    print(f"generated {path.name}: {n_claims:,} claims, {n_docs:,} documents in {time.perf_counter() - started:.1f} s "
          f"({path.stat().st_size / 1e6:.0f} MB)", flush=True)


@dataclass
class Scenario:
    name: str
    query: Callable[..., Any]
    args: tuple


def export_csv(cur, claim_filter: q.ClaimFilter, drill: q.Drill | None) -> bytes:
    """A download as the app serves it: the rows (queries.export_rows) written as CSV."""
    return csv_bytes(q.export_rows(cur, claim_filter, drill))


def scenarios(handle) -> list[Scenario]:
    """One entry per dashboard interaction, with realistic filter combinations."""
    all_claims = q.ClaimFilter()
    narrowed = q.ClaimFilter(provinces=("广东省", "河南省"), programmes=("housing_renovation", "elderly_care"),
                             year_range=(2019, 2023))
    searched = q.ClaimFilter(search="老旧小区")  # a programme keyword: 13 % of all claims
    rare = q.ClaimFilter(search="海南各地城市更新")  # a selective phrase: 0.1 % of all claims
    everywhere = q.ClaimFilter(search="各地")  # in every synthetic sentence
    one_char = q.ClaimFilter(search="户")  # one character, in 14 % of the claims (the unit 户)
    searched_narrowed = replace(narrowed, search="老旧小区")
    money = q.MetricGroup(None, "housing_renovation", "money", "元")
    summed = q.ClaimFilter(metric=money)
    sample_ids = [r[0] for r in handle.connection.execute(
        "SELECT claim_id FROM claim_records USING SAMPLE 20 ROWS (reservoir, 7)").fetchall()]
    return [
        Scenario("filter_options", q.filter_options, ()),
        Scenario("metric_groups", q.metric_groups, ()),
        Scenario("provinces_with_data", q.provinces_with_data, ()),
        Scenario("warehouse_totals", q.warehouse_totals, ()),
        Scenario("latest_run", q.latest_run, ()),
        Scenario("rejected_files", q.rejected_files, (1,)),
        Scenario("coverage · all", q.coverage, (all_claims,)),
        Scenario("coverage · narrowed", q.coverage, (narrowed,)),
        Scenario("coverage · search", q.coverage, (searched,)),
        Scenario("coverage · search selective", q.coverage, (rare,)),
        Scenario("coverage · search in all claims", q.coverage, (everywhere,)),
        Scenario("coverage · search one character", q.coverage, (one_char,)),
        Scenario("coverage · search narrowed", q.coverage, (searched_narrowed,)),
        Scenario("coverage · drill province", q.coverage, (all_claims, q.Drill(province="河南省"))),
        Scenario("unplaced_claims", q.unplaced_claims, (all_claims,)),
        Scenario("aggregate province · all", q.aggregate, (("province",), all_claims)),
        Scenario("aggregate province · narrowed", q.aggregate, (("province",), narrowed)),
        Scenario("aggregate province · sum 元", q.aggregate, (("province",), summed)),
        Scenario("aggregate province · search", q.aggregate, (("province",), searched)),
        Scenario("aggregate province · search sel.", q.aggregate, (("province",), rare)),
        Scenario("aggregate province · search all", q.aggregate, (("province",), everywhere)),
        Scenario("aggregate province · search 1 char", q.aggregate, (("province",), one_char)),
        Scenario("aggregate year×prog · search", q.aggregate, (("year", "programme"), searched)),
        Scenario("aggregate province · sum + search", q.aggregate, (("province",), replace(summed, search="老旧小区"))),
        Scenario("aggregate programme · all", q.aggregate, (("programme",), all_claims)),
        Scenario("aggregate year×programme · all", q.aggregate, (("year", "programme"), all_claims)),
        Scenario("claim_rows · all (明细)", q.claim_rows, (all_claims,)),
        Scenario("claim_rows · drill province", q.claim_rows, (all_claims, q.Drill(province="河南省"))),
        Scenario("claim_rows · drill year×prog", q.claim_rows,
                 (narrowed, q.Drill(year=2021, programme="housing_renovation"))),
        Scenario("claim_rows · search", q.claim_rows, (searched,)),
        Scenario("claim_rows · search selective", q.claim_rows, (rare,)),
        Scenario("claim_rows · search one character", q.claim_rows, (one_char,)),
        Scenario("claim_rows · search narrowed", q.claim_rows, (searched_narrowed,)),
        Scenario("export CSV · drill province", export_csv, (narrowed, q.Drill(province="河南省"))),
        Scenario("claim_detail", "detail", tuple(sample_ids)),  # type: ignore[arg-type]
    ]


def time_scenario(handle, scenario: Scenario, repeat: int) -> list[float]:
    timings = []
    if scenario.query == "detail":
        ids = list(scenario.args)
        handle.run(q.claim_detail, ids[0])  # warm-up
        for k in range(repeat):
            started = time.perf_counter()
            handle.run(q.claim_detail, ids[k % len(ids)])
            timings.append((time.perf_counter() - started) * 1000)
        return timings
    handle.run(scenario.query, *scenario.args)  # warm-up (first read of the columns from disk)
    for _ in range(repeat):
        started = time.perf_counter()
        handle.run(scenario.query, *scenario.args)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def with_summaries(source: Path, target: Path) -> dict[str, Any]:
    """A copy of source with the summary tables the ETL builds at publish, built by the ETL's own
    function and memory limit; returns its timings (also kept in <target>.build.json)."""
    from etl.load import BUILD_MEMORY_LIMIT
    from etl.summaries import SUMMARY_TABLES, refresh_summaries

    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    shutil.copyfile(source, tmp)
    con = duckdb.connect(str(tmp), config={"memory_limit": BUILD_MEMORY_LIMIT, "autoinstall_known_extensions": False,
                                           "autoload_known_extensions": False})
    con.execute("SET enable_progress_bar = false")
    apply_schema(con)  # the ETL's _ensure_schema on a schema change
    stats = refresh_summaries(con, verbose=True) or {}
    if "failed" in stats:
        con.close()
        tmp.unlink()
        raise RuntimeError(f"the ETL's summary build failed on {source.name}: {stats['failed']}")
    con.execute("CHECKPOINT")
    stats["table_mb"] = {t: round(con.execute(
        "SELECT count(DISTINCT block_id) * 262144 / 1e6 FROM pragma_storage_info(?) WHERE block_id IS NOT NULL",
        [t]).fetchone()[0], 1) for t in SUMMARY_TABLES + ("claim_records",)}
    con.close()
    os.replace(tmp, target)
    stats["file_mb"] = round(target.stat().st_size / 1e6, 1)
    stats["memory_limit"] = BUILD_MEMORY_LIMIT
    Path(str(target) + ".build.json").write_text(json.dumps(stats, indent=1), encoding="utf-8")
    print(f"summaries for {target.name}: {stats}", flush=True)
    return stats


def summaries_current(path: Path) -> bool:
    """Whether a cached warehouse's summaries are what this code's ETL would build (a cache made
    by an older SUMMARIES_VERSION would send the dashboard down its scanning path)."""
    from etl.summaries import FINGERPRINT_KEY, fingerprint

    con = duckdb.connect(str(path), read_only=True)
    try:
        row = con.execute("SELECT value FROM warehouse_meta WHERE key = ?", [FINGERPRINT_KEY]).fetchone()
        return row is not None and row[0] == fingerprint(con)
    except duckdb.Error:
        return False
    finally:
        con.close()


def warehouse_file(n_claims: int, layout: str, regenerate: bool) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    random_path = OUT_DIR / f"synthetic_{n_claims}.duckdb"
    if regenerate or not random_path.exists():
        generate_warehouse(random_path, n_claims)
    if layout == "load":
        return random_path
    if layout == "etl":
        etl_path = OUT_DIR / f"synthetic_{n_claims}_etl.duckdb"
        if regenerate or not etl_path.exists() or not summaries_current(etl_path):
            with_summaries(random_path, etl_path)
        return etl_path
    sorted_path = OUT_DIR / f"synthetic_{n_claims}_sorted.duckdb"
    if regenerate or not sorted_path.exists():
        sorted_copy(random_path, sorted_path)
    return sorted_path


def run_benchmark(n_claims: int, layout: str, repeat: int, regenerate: bool,
                  only: list[str] | None = None) -> dict[str, Any]:
    path = warehouse_file(n_claims, layout, regenerate)
    started = time.perf_counter()
    handle = open_read_only(path)
    open_ms = (time.perf_counter() - started) * 1000
    print(f"  {'open handle (+ in-memory summaries)':<34} {open_ms:8.1f} ms (once per warehouse file)", flush=True)
    rows = []
    for scenario in scenarios(handle):
        if only and not any(text in scenario.name for text in only):
            continue
        timings = time_scenario(handle, scenario, repeat)
        rows.append({"query": scenario.name, "p50_ms": statistics.median(timings),
                     "p95_ms": percentile(timings, 95), "max_ms": max(timings), "runs": len(timings)})
        print(f"  {scenario.name:<34} p50 {rows[-1]['p50_ms']:8.1f} ms   p95 {rows[-1]['p95_ms']:8.1f} ms", flush=True)
    handle.connection.close()
    result = {
        "n_claims": n_claims, "layout": layout, "label": f"{_size_label(n_claims)} {layout}", "repeat": repeat, "target_p95_ms": TARGET_P95_MS,
        "duckdb": duckdb.__version__, "python": platform.python_version(), "cpus": os.cpu_count(),
        "file_mb": round(path.stat().st_size / 1e6, 1), "open_handle_ms": round(open_ms, 1), "queries": rows,
    }
    result["load_average_after"] = os.getloadavg()
    partial = "_partial" if only else ""  # a run of some queries keeps the full run's results
    (OUT_DIR / f"bench_{n_claims}_{layout}{partial}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return result


def format_table(results: list[dict[str, Any]]) -> str:
    """p50/p95 per query (rows) for each warehouse (columns); * marks a p95 over the target."""
    header = f"{'query':<34}" + "".join(f"{r['label'] + ' p50':>18}{'p95':>9}" for r in results)
    lines = [header, "-" * len(header)]
    opened = f"{'open handle + summaries (once)':<34}" + "".join(f"{r['open_handle_ms']:18.0f}{'':>9}" for r in results)
    lines.append(opened)
    by_label = [{row["query"]: row for row in r["queries"]} for r in results]
    for name in by_label[0]:
        line = f"{name:<34}"
        for table in by_label:
            row = table[name]
            flag = "*" if row["p95_ms"] > TARGET_P95_MS else " "
            line += f"{row['p50_ms']:18.1f}{row['p95_ms']:8.1f}{flag}"
        lines.append(line)
    lines.append(f"\n* = p95 above the {TARGET_P95_MS:.0f} ms target. Times in ms, server side (query + DataFrame), "
                 f"{results[0]['cpus']} CPUs, load average after runs: "
                 + ", ".join(f"{r['label']}: {r['load_average_after'][0]:.1f}" for r in results))
    return "\n".join(lines)


def _size_label(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--layouts", nargs="+", choices=["etl", "load", "sorted"], default=["etl"])
    parser.add_argument("--regenerate", action="store_true", help="rebuild the synthetic warehouses")
    parser.add_argument("--only", nargs="+", metavar="TEXT",
                        help="run only the queries whose name contains one of these texts")
    args = parser.parse_args(argv)
    results = []
    for n in args.sizes:
        for layout in args.layouts:
            print(f"== {n:,} claims, {layout} layout", flush=True)
            results.append(run_benchmark(n, layout, args.repeat, args.regenerate, args.only))
    table = format_table(results)
    print("\n" + table)
    (OUT_DIR / ("bench_summary_partial.txt" if args.only else "bench_summary.txt")).write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
