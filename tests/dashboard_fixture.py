"""A small, deterministic warehouse for the dashboard tests, plus AppTest helpers.

build_fixture_warehouse() executes etl/schema.sql and inserts four documents whose claims cover
the cases the dashboard must get right: claims without a province or a year (with the ETL's
reason), money in 万元/亿元, lower bounds (超/余 → ≥), a range, a percentage (never summed),
a sentence containing <script> and **markdown** that must render literally, and a hostile
source_url. Offsets are computed from the text, so text[char_start:char_end] == mention holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from unittest import mock

import duckdb
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # so `import dashboard` works however pytest is started
    sys.path.insert(0, str(REPO_ROOT))

from etl.schema import apply_schema  # noqa: E402

PROGRAMMES_JSON = REPO_ROOT / "etl" / "data" / "programmes.json"
APP_PATH = REPO_ROOT / "dashboard" / "app.py"

SCRIPT_TEXT = "<script>alert(1)</script>"
MARKDOWN_TEXT = "**bold**"
HOSTILE_URL = "javascript:alert(1)"


@dataclass
class ClaimSpec:
    sentence_no: int  # index into the article's sentences
    mention: str
    value: float
    unit: str
    unit_family: str
    kind: str
    programme: str
    province: str | None
    year: int | None
    qualifier: str = "exact"
    value_high: float | None = None
    metric: str | None = None
    place: str | None = None
    city: str | None = None
    county: str | None = None
    place_basis: str = "sentence"
    place_note: str | None = None
    year_basis: str | None = "explicit"
    year_note: str | None = None
    base_value: float | None = None
    base_unit: str | None = None
    metric_key: str | None = None
    period_start: int | None = None
    period_text: str | None = None
    locality: str | None = None  # a place below county level (田村), in place too


@dataclass
class ArticleSpec:
    title: str
    sentences: list[str]
    claims: list[ClaimSpec] = field(default_factory=list)
    place_context: str | None = None


@dataclass
class DocumentSpec:
    doc: str
    pub_year: int | None
    pub_date: str | None
    source_name: str | None
    source_url: str | None
    articles: list[ArticleSpec]
    pub_year_basis: str | None = None
    pub_year_evidence: str | None = None


def _c(sentence_no: int, mention: str, value: float, unit: str, family: str, kind: str, programme: str,
       province: str | None, year: int | None, **extra: Any) -> ClaimSpec:
    return ClaimSpec(sentence_no, mention, value, unit, family, kind, programme, province, year, **extra)


DOCUMENTS: list[DocumentSpec] = [
    DocumentSpec(
        doc="000_shijingshan.txt", pub_year=2024, pub_date="2024-06-01", source_name="北京日报",
        source_url="https://example.gov.cn/news/2024/0601.html", pub_year_basis="dateline",
        pub_year_evidence="2024年6月1日",
        articles=[
            ArticleSpec(
                title="“惠民春风”吹暖百姓心窝",
                place_context="石景山区",
                sentences=[
                    "石景山区自2023年8月启动了改造工作，累计完成老旧小区改造12个。",
                    "今年以来，全区已为1.2万余户居民加装电梯。",
                    "项目完成投资13.6亿元，惠及居民5.3万户。",
                    f"有居民在留言板上写下{SCRIPT_TEXT}和{MARKDOWN_TEXT}，社区当天回复建议36条。",
                ],
                claims=[
                    _c(0, "12个", 12, "个", "count:个", "count", "housing_renovation", "北京市", 2023,
                       metric="累计完成老旧小区改造", place="石景山区", city="北京市", county="石景山区",
                       year_note="2023年8月", base_value=12, base_unit="个"),
                    _c(1, "1.2万余户", 12000, "户", "count:户", "count", "elevator_retrofit", "北京市", 2024,
                       qualifier="more_than", metric="加装电梯", place="石景山区", city="北京市",
                       county="石景山区", place_basis="article", year_basis="relative",
                       year_note="今年 → 2024（发布年份）", base_value=12000, base_unit="户"),
                    _c(2, "13.6亿元", 1_360_000_000, "元", "money", "money", "housing_renovation", "北京市", 2023,
                       metric="完成投资", place="石景山区", city="北京市", county="石景山区",
                       place_basis="article", year_note="2023年8月（前文）", base_value=1_360_000_000,
                       base_unit="元"),
                    _c(2, "5.3万户", 53000, "户", "count:户", "count", "housing_renovation", "北京市", 2023,
                       metric="惠及居民", place="石景山区", city="北京市", county="石景山区",
                       place_basis="article", year_note="2023年8月（前文）", base_value=53000, base_unit="户"),
                    _c(3, "36条", 36, "条", "count:条", "count", "resident_services", "北京市", 2024,
                       metric="回复建议", place="石景山区", city="北京市", county="石景山区",
                       place_basis="article", year_basis="publication", year_note="发布年份 2024",
                       base_value=36, base_unit="条"),
                ],
            ),
            ArticleSpec(
                title="社区食堂让老人吃上热乎饭",
                place_context="石景山区",
                sentences=["石景山区今年新建社区食堂8家，日均服务老年人超过2000人次。"],
                claims=[
                    _c(0, "8家", 8, "家", "count:家", "count", "community_dining", "北京市", 2024,
                       metric="新建社区食堂", place="石景山区", city="北京市", county="石景山区",
                       year_basis="relative", year_note="今年 → 2024（发布年份）", base_value=8, base_unit="家"),
                    _c(0, "超过2000人次", 2000, "人次", "count:人次", "count", "community_dining", "北京市", 2024,
                       qualifier="more_than", metric="日均服务老年人", place="石景山区", city="北京市",
                       county="石景山区", year_basis="relative", year_note="今年 → 2024（发布年份）",
                       base_value=2000, base_unit="人次"),
                ],
            ),
        ],
    ),
    DocumentSpec(
        doc="001_hebi.txt", pub_year=2023, pub_date="2023-12-20", source_name="鹤壁日报", source_url=None,
        pub_year_basis="dateline", pub_year_evidence="2023年12月20日",
        articles=[
            ArticleSpec(
                title="鹤壁市城市更新见成效",
                place_context="鹤壁市",
                sentences=[
                    "2022年，鹤壁市改造背街小巷46条，投入资金超340万元。",
                    "2023年，全市完成老旧小区改造35个，改造面积1.6万余平方米。",
                    "对加装电梯的小区，每户补贴1000元至3000元。",
                    "新城区新增养老床位120张。",
                ],
                claims=[
                    _c(0, "46条", 46, "条", "count:条", "count", "urban_renewal", "河南省", 2022,
                       metric="改造背街小巷", place="鹤壁市", city="鹤壁市", year_note="2022年",
                       base_value=46, base_unit="条"),
                    _c(0, "超340万元", 3_400_000, "元", "money", "money", "urban_renewal", "河南省", 2022,
                       qualifier="more_than", metric="投入资金", place="鹤壁市", city="鹤壁市",
                       year_note="2022年", base_value=3_400_000, base_unit="元"),
                    _c(1, "35个", 35, "个", "count:个", "count", "housing_renovation", "河南省", 2023,
                       metric="完成老旧小区改造", place="鹤壁市", city="鹤壁市", place_basis="article",
                       year_note="2023年", base_value=35, base_unit="个"),
                    _c(1, "1.6万余平方米", 16000, "平方米", "area", "area", "housing_renovation", "河南省", 2023,
                       qualifier="more_than", metric="改造面积", place="鹤壁市", city="鹤壁市",
                       place_basis="article", year_note="2023年", base_value=16000, base_unit="平方米"),
                    _c(2, "1000元至3000元", 1000, "元", "money", "money", "elevator_retrofit", "河南省", 2023,
                       qualifier="range", value_high=3000, metric="每户补贴", place="鹤壁市", city="鹤壁市",
                       place_basis="article", year_basis="publication", year_note="发布年份 2023",
                       base_value=1000, base_unit="元"),
                    _c(3, "120张", 120, "张", "count:张", "count", "elderly_care", None, 2023,
                       metric="新增养老床位", place="新城区", place_basis="none",
                       place_note="新城区：可能是内蒙古自治区呼和浩特市、陕西省西安市，无法确定", year_basis="publication",
                       year_note="发布年份 2023", base_value=120, base_unit="张"),
                ],
            ),
        ],
    ),
    DocumentSpec(
        doc="002_pingcheng.txt", pub_year=2024, pub_date=None, source_name="平城区融媒体中心", source_url=None,
        pub_year_basis="anchor", pub_year_evidence="第37个国际禁毒日 → 2024",
        articles=[
            ArticleSpec(
                title="平城区禁毒宣传进社区",
                place_context="平城区",
                sentences=[
                    "在第37个国际禁毒日到来之际，平城区开展禁毒宣传活动15场。",
                    "全区老旧小区改造完成率达90.2%。",
                ],
                claims=[
                    _c(0, "15场", 15, "场", "count:场", "count", "public_safety", "山西省", 2024,
                       metric="开展禁毒宣传活动", place="平城区", city="大同市", county="平城区",
                       year_basis="publication", year_note="第37个国际禁毒日 → 2024",
                       base_value=15, base_unit="场"),
                    _c(1, "90.2%", 90.2, "%", "percent", "percent", "housing_renovation", "山西省", 2024,
                       metric="老旧小区改造完成率", place="平城区", city="大同市", county="平城区",
                       place_basis="article", year_basis="publication",
                       year_note="第37个国际禁毒日 → 2024", base_value=90.2, base_unit="%"),
                ],
            ),
        ],
    ),
    DocumentSpec(
        # No date anywhere on the page, and a source_url that must never become a link.
        doc="003_undated.txt", pub_year=None, pub_date=None, source_name="某县融媒体中心", source_url=HOSTILE_URL,
        articles=[
            ArticleSpec(
                title="老旧小区焕新颜",
                sentences=[
                    "广州市天河区近年来累计完成老旧小区改造28个。",
                    "有关部门表示，将继续推进相关工作，共发放补贴500万元。",
                ],
                claims=[
                    _c(0, "28个", 28, "个", "count:个", "count", "housing_renovation", "广东省", None,
                       metric="累计完成老旧小区改造", place="天河区", city="广州市", county="天河区",
                       year_basis=None, year_note="近年来：不指向具体年份，页面也没有发布日期",
                       base_value=28, base_unit="个"),
                    _c(1, "500万元", 5_000_000, "元", "money", "money", "other", None, None,
                       metric="发放补贴", place=None, place_basis="none",
                       place_note="句中和前文都没有可识别的地名", year_basis=None,
                       year_note="页面没有发布日期，句中没有年份", base_value=5_000_000, base_unit="元"),
                ],
            ),
        ],
    ),
]


ELEVATOR_KEY = "电梯|完成|count:台"
INVESTMENT_KEY = "投资|完成|money"


def _elevator(sentence_no: int, mention: str, value: float, unit: str, province: str, city: str | None,
              county: str | None, place: str, qualifier: str = "exact") -> ClaimSpec:
    return _c(sentence_no, mention, value, unit, f"count:{unit}", "count", "elevator_retrofit", province, 2023,
              qualifier=qualifier, metric="加装电梯", place=place, city=city, county=county, year_note="2023年",
              base_value=value, base_unit=unit, metric_key=ELEVATOR_KEY)


# Documents whose claims carry metric keys (build_keyed_warehouse adds them to DOCUMENTS): the
# cases the metric sum must get right.
# - 8台 (淇滨区) and 876部 (郑州市) share 电梯|完成|count:台: one picker option, 河南省 sums to 884台;
# - 郑州市's 876部 is printed again by a second document: the same figure, counted once;
# - 山西省 reports 1200余台 for the whole province and 平城区 50台: the province figure is used,
#   平城区 is not added to it (the province total already includes it);
# - 投资|完成|money: 2.5亿元 and 8000万元 in 元, shown in 亿元.
KEYED_DOCUMENTS: list[DocumentSpec] = [
    DocumentSpec(
        doc="010_elevators_henan.txt", pub_year=2024, pub_date="2024-01-10", source_name="河南日报", source_url=None,
        pub_year_basis="dateline", pub_year_evidence="2024年1月10日",
        articles=[
            ArticleSpec(
                title="老楼加装电梯提速",
                sentences=[
                    "2023年，鹤壁市淇滨区为老旧小区加装电梯8台。",
                    "2023年，郑州市老楼加装电梯876部，完成投资2.5亿元。",
                ],
                claims=[
                    _elevator(0, "8台", 8, "台", "河南省", "鹤壁市", "淇滨区", "淇滨区"),
                    _elevator(1, "876部", 876, "部", "河南省", "郑州市", None, "郑州市"),
                    _c(1, "2.5亿元", 250_000_000, "元", "money", "money", "elevator_retrofit", "河南省", 2023,
                       metric="完成投资", place="郑州市", city="郑州市", year_note="2023年",
                       base_value=250_000_000, base_unit="元", metric_key=INVESTMENT_KEY),
                ],
            ),
        ],
    ),
    DocumentSpec(
        doc="011_elevators_reprint.txt", pub_year=2024, pub_date="2024-01-12", source_name="郑州晚报",
        source_url=None, pub_year_basis="dateline", pub_year_evidence="2024年1月12日",
        articles=[
            ArticleSpec(
                title="郑州老楼加装电梯876部",
                sentences=["2023年，郑州市老楼加装电梯876部，居民上下楼更方便。"],
                claims=[_elevator(0, "876部", 876, "部", "河南省", "郑州市", None, "郑州市")],
            ),
        ],
    ),
    DocumentSpec(
        doc="012_elevators_shanxi.txt", pub_year=2024, pub_date="2024-02-01", source_name="山西日报",
        source_url=None, pub_year_basis="dateline", pub_year_evidence="2024年2月1日",
        articles=[
            ArticleSpec(
                title="山西既有住宅加装电梯",
                sentences=[
                    "2023年，山西省既有住宅加装电梯1200余台，完成投资8000万元。",
                    "其中，平城区加装电梯50台。",
                ],
                claims=[
                    _elevator(0, "1200余台", 1200, "台", "山西省", None, None, "山西省", qualifier="more_than"),
                    _c(0, "8000万元", 80_000_000, "元", "money", "money", "elevator_retrofit", "山西省", 2023,
                       metric="完成投资", place="山西省", year_note="2023年", base_value=80_000_000,
                       base_unit="元", metric_key=INVESTMENT_KEY),
                    _elevator(1, "50台", 50, "台", "山西省", "大同市", "平城区", "平城区"),
                ],
            ),
        ],
    ),
]


def _claim_id(doc_id: str, start: int, end: int) -> str:
    return hashlib.sha256(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:16]


def _programmes() -> list[tuple[str, str, str | None]]:
    data = json.loads(PROGRAMMES_JSON.read_text(encoding="utf-8"))
    return [(p["slug"], p["label"], p.get("description")) for p in data["programmes"]]


def build_keyed_warehouse(path: Path) -> Path:
    """The fixture warehouse plus KEYED_DOCUMENTS (claims with metric keys)."""
    return build_fixture_warehouse(path, DOCUMENTS + KEYED_DOCUMENTS)


def build_fixture_warehouse(path: Path, documents: list[DocumentSpec] | None = None) -> Path:
    """Create the fixture warehouse at path (replacing any file there) and return path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, path.with_name(path.name + ".wal")):
        if stale.exists():
            stale.unlink()
    con = duckdb.connect(str(path))
    try:
        apply_schema(con)
        _insert_rows(con, DOCUMENTS if documents is None else documents)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def _insert_rows(con: duckdb.DuckDBPyConnection, documents: list[DocumentSpec]) -> None:
    loaded_at = "2024-06-02 08:00:00"
    con.executemany("INSERT INTO programmes VALUES (?, ?, ?)", _programmes())
    con.executemany(
        "INSERT INTO warehouse_meta VALUES (?, ?)",
        [("schema_version", "1"), ("rules_version", "fixture"), ("last_success_at", loaded_at)],
    )
    con.executemany(
        "INSERT INTO divisions VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            ("110000", "北京市", "province", None, "北京市", None, "北京"),
            ("110107", "石景山区", "county", "110000", "北京市", "北京市", "石景山"),
            ("410000", "河南省", "province", None, "河南省", None, "河南"),
            ("410600", "鹤壁市", "city", "410000", "河南省", "鹤壁市", "鹤壁"),
            ("140000", "山西省", "province", None, "山西省", None, "山西"),
            ("140213", "平城区", "county", "140200", "山西省", "大同市", "平城"),
            ("440000", "广东省", "province", None, "广东省", None, "广东"),
        ],
    )
    for doc in documents:
        _insert_document(con, doc, loaded_at)
    con.executemany(
        "INSERT INTO runs (run_id, started_at, finished_at, status, input_dir, docs_added, docs_changed,"
        " docs_removed, docs_unchanged, docs_rejected, claims_total, claims_written, duration_s,"
        " rules_version, etl_version, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (1, "2024-06-01 07:59:00", "2024-06-01 08:00:00", "ok", "seeds", 3, 0, 0, 0, 0, 13, 13, 1.2,
             "fixture", "0.1.0", "3 个文档新增"),
            (2, "2024-06-02 07:59:30", loaded_at, "ok_with_rejections", "seeds", 1, 1, 0, 2, 1,
             fixture_claim_count(), 4, 0.8, "fixture", "0.1.0", "1 新增, 1 变更, 1 拒收"),
        ],
    )
    con.execute(
        "INSERT INTO rejected_files VALUES (2, 'scans/page7.pdf', 'binary', 'PDF document, not text')"
    )


def _insert_document(con: duckdb.DuckDBPyConnection, doc: DocumentSpec, loaded_at: str) -> None:
    parts: list[str] = []
    offset = 0
    article_rows, claim_rows = [], []
    sha = hashlib.sha256(doc.doc.encode()).hexdigest()
    doc_id = sha[:16]

    def append(piece: str) -> int:
        nonlocal offset
        start = offset
        parts.append(piece)
        offset += len(piece)
        return start

    for article_no, article in enumerate(doc.articles, start=1):
        article_start = append(article.title + "\n\n")
        sentence_starts = []
        for sentence in article.sentences:
            sentence_starts.append(append(sentence))
            append("\n\n")
        article_end = offset
        article_rows.append((doc_id, article_no, article.title, None, None, article_start, article_end,
                             len(article.sentences), article.place_context))
        for claim in article.claims:
            sentence = article.sentences[claim.sentence_no]
            sentence_start = sentence_starts[claim.sentence_no]
            position = sentence.index(claim.mention)
            start = sentence_start + position
            end = start + len(claim.mention)
            claim_rows.append((
                _claim_id(doc_id, start, end), doc_id, article_no, start, end, claim.mention, claim.value,
                claim.value_high, claim.unit, claim.unit_family, claim.base_value, claim.base_unit,
                claim.qualifier, claim.kind, None, claim.metric, claim.metric_key, "累计" in sentence, claim.place, None,
                claim.province, claim.city, claim.county, claim.place_basis, claim.place_note, claim.year,
                claim.year_basis, claim.year_note, claim.programme, "fixture", sentence, sentence_start,
                sentence_start + len(sentence), claim.period_start, claim.period_text, claim.locality,
            ))
    text = "".join(parts)
    con.execute(
        "INSERT INTO documents VALUES (?, ?, ?, ?, ?, 'utf-8', ?, ?, ?, ?, ?, ?, ?, 'fixture', ?)",
        [doc_id, doc.doc, hashlib.sha256(text.encode()).hexdigest(), text, len(text), doc.articles[0].title,
         doc.pub_year, doc.pub_year_basis, doc.pub_year_evidence, doc.pub_date, doc.source_name, doc.source_url,
         loaded_at],
    )
    con.execute("INSERT INTO document_files VALUES (?, ?, ?, 0, ?)", [doc.doc, doc_id, len(text.encode()), loaded_at])
    con.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", article_rows)
    con.executemany("INSERT INTO claim_records VALUES (" + ", ".join(["?"] * 36) + ")", claim_rows)


def fixture_claim_count() -> int:
    return sum(len(a.claims) for d in DOCUMENTS for a in d.articles)


def fixture_claims() -> list[ClaimSpec]:
    return [c for d in DOCUMENTS for a in d.articles for c in a.claims]


# --------------------------------------------------------------------------- pytest fixtures


@pytest.fixture(scope="session")
def fixture_warehouse_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_warehouse(tmp_path_factory.mktemp("warehouse") / "civic.duckdb")


@pytest.fixture(scope="session")
def keyed_warehouse_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_keyed_warehouse(tmp_path_factory.mktemp("keyed") / "civic.duckdb")


@pytest.fixture
def keyed_warehouse(keyed_warehouse_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The keyed warehouse (build_keyed_warehouse) as the app's CIVIC_WAREHOUSE, caches cleared."""
    import streamlit as st

    monkeypatch.setenv("CIVIC_WAREHOUSE", str(keyed_warehouse_file))
    st.cache_data.clear()
    st.cache_resource.clear()
    return keyed_warehouse_file


@pytest.fixture
def fixture_warehouse(fixture_warehouse_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture warehouse, configured as the app's CIVIC_WAREHOUSE, with Streamlit caches cleared."""
    import streamlit as st

    monkeypatch.setenv("CIVIC_WAREHOUSE", str(fixture_warehouse_file))
    st.cache_data.clear()
    st.cache_resource.clear()
    return fixture_warehouse_file


# --------------------------------------------------------------------------- AppTest helpers


def new_app_test(**query_params: str | list[str]):
    """AppTest for dashboard/app.py with the given URL query parameters."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP_PATH), default_timeout=60)
    for key, value in query_params.items():
        at.query_params[key] = value
    return at


def open_page(at, page_file: str, **query_params: str | list[str]):
    """Switch to dashboard/views/<page_file> and run."""
    for key, value in query_params.items():
        at.query_params[key] = value
    at.switch_page(f"views/{page_file}")
    return at.run()


def chart_key_name(element) -> str | None:
    """A chart's key without the generation suffix components.pick_chart adds (region_tiles_3)."""
    key = getattr(element, "key", None)
    return key.rsplit("_", 1)[0] if key and key.rsplit("_", 1)[-1].isdigit() else key


def chart_element(at, key: str):
    charts = [e for e in at.get("arrow_vega_lite_chart") + at.get("vega_lite_chart") if chart_key_name(e) == key]
    if not charts:
        present = [getattr(e, "key", None) for e in at.get("arrow_vega_lite_chart") + at.get("vega_lite_chart")]
        raise AssertionError(f"no chart with key {key!r}; charts present: {present}")
    return charts[0]


@contextlib.contextmanager
def chart_selection(at, key: str, selection: dict[str, Any]) -> Iterator[None]:
    """Make the chart with this key report `selection` on the runs inside the block, the way
    the browser does after a click, e.g. {"pick": [{"province": "北京市"}]}.

    AppTest has no API for chart selections (they are not Widgets in its element tree), so
    the browser's payload is injected as a WidgetState string_value (json_value would be
    decoded twice). Relies on streamlit.testing internals; the Playwright test covers the
    real click.
    """
    from streamlit.proto.WidgetStates_pb2 import WidgetState
    from streamlit.testing.v1.element_tree import ElementTree

    chart_id = chart_element(at, key).proto.id
    original = ElementTree.get_widget_states
    payload = json.dumps({"selection": selection})

    def with_chart_state(tree):
        states = original(tree)
        kept = [w for w in states.widgets if w.id != chart_id]
        del states.widgets[:]
        states.widgets.extend(kept)
        states.widgets.append(WidgetState(id=chart_id, string_value=payload))
        return states

    with mock.patch.object(ElementTree, "get_widget_states", with_chart_state):
        yield


def dataframe_by_key_prefix(at, prefix: str):
    frames = [d for d in at.dataframe if (d.key or "").startswith(prefix)]
    if not frames:
        raise AssertionError(f"no dataframe with key prefix {prefix!r}: {[d.key for d in at.dataframe]}")
    return frames[0]


def select_row(at, prefix: str, row: int):
    """Select a row of the dataframe whose key starts with prefix, as a click would, and rerun."""
    frame = dataframe_by_key_prefix(at, prefix)
    at.session_state[frame.key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return at.run()


def url_values(at, key: str) -> list[str]:
    """All values of a URL query parameter after the last run ([] when absent)."""
    value = at.query_params.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def html_bodies(at) -> list[str]:
    return [h.proto.body for h in at.html]


def all_text(at) -> str:
    """Markdown, captions, text and HTML bodies of the last run, for "the page says …" asserts."""
    pieces = []
    for kind in ("markdown", "caption", "text", "info", "warning", "error", "success", "title", "header",
                 "subheader", "code", "metric"):
        for element in at.get(kind):
            pieces.append(str(getattr(element, "value", "")))
            label = getattr(element, "label", None)
            if label:
                pieces.append(str(label))
    pieces.extend(html_bodies(at))
    return "\n".join(pieces)


def env_without(*names: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in names}
