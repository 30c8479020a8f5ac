"""metric_key normalisation (etl/metrics.py, etl/data/metric_keys.json).

Sentences here are written for the tests (modelled on the seed pages and on the phrasing of
government work reports); the figure's unit family and kind come from the real extractor.
"""
from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from seed_warehouse import REPO_ROOT, seed_warehouse
from etl import metrics
from etl.extract import find_quantities
from etl.metrics import metric_key_for, parse_key
from etl.rules import load_rules

DATA = REPO_ROOT / "etl" / "data" / "metric_keys.json"


def key(sentence: str, mention: str, nth: int = 0) -> str | None:
    """Key of the nth figure written `mention` in `sentence`, as the ETL computes it."""
    qs = [q for q in find_quantities(sentence) if q.mention == mention]
    assert len(qs) > nth, f"extractor found no {mention!r} in {sentence!r}: {[q.mention for q in find_quantities(sentence)]}"
    q = qs[nth]
    return metric_key_for(None, sentence, q.unit_family, q.kind, mention=(q.start, q.end))


# --------------------------------------------------------------------------- pairs that must share a key

SAME = [
    # the examples: 改造 means completed renovation, as 完成改造 does
    (("平城区改造老旧小区129个，对小区进行局部微改造。", "129个"),
     ("全市累计启动老旧小区改造211个，完成改造181个，改造面积512万平方米。", "181个"), "老旧小区|完成|count:个"),
    (("平城区改造老旧小区129个。", "129个"), ("全年完成改造老旧小区181个。", "181个"), "老旧小区|完成|count:个"),
    # 台 and 部 are both measure words for elevators
    (("该社区已加装电梯8台并投入使用。", "8台"), ("全市老楼加装电梯876部。", "876部"), "电梯|完成|count:台"),
    (("截至目前,该社区已加装8台电梯并投入使用。", "8台"), ("既有住宅加装电梯1400余部。", "1400余部"), "电梯|完成|count:台"),
    # 场, 场次 and 次 all count events
    (("2023年共开展了180余场志愿服务活动。", "180余场"), ("开展文明实践志愿服务活动2000余场次。", "2000余场次"),
     "志愿服务活动||count:场"),
    # 名 and 人 both count people; 新增城镇就业 is 城镇新增就业
    (("城镇新增就业82.7万人，农村劳动力转移就业29万人。", "82.7万人"), ("全年新增城镇就业54万名。", "54万名"),
     "城镇新增就业||count:人"),
    # 万亿元 and 亿元 are both money (values compare in 元 through base_value)
    (("全市地区生产总值5.2万亿元、增长5.4%。", "5.2万亿元"), ("全年实现地区生产总值32765亿元。", "32765亿元"),
     "地区生产总值||money"),
    # 亩 and 公顷 are both area
    (("新建高标准农田252万亩。", "252万亩"), ("建成高标准农田12万公顷。", "12万公顷"), "高标准农田|完成|area"),
    # growth: written out or inherited from the clause before (、增长5.4%)
    (("全市地区生产总值5.2万亿元、增长5.4%。", "5.4%"), ("全省地区生产总值增长5.8%，经济总量跨上新台阶。", "5.8%"),
     "地区生产总值|增长|change:percent"),
    # synonyms of the object
    (("全市社会消费品零售总额增长4.4%。", "4.4%"), ("社零总额增长3%。", "3%"), "社会消费品零售总额|增长|change:percent"),
    (("新增普惠托位1万个、中小学学位2万个。", "1万个"), ("新增托位1.7万个。", "1.7万个"), "托位|新增|count:个"),
    # a stock and its later restatement
    (("经营主体新增105万户，达到920万户。", "920万户"), ("全省市场主体总量达到800万户。", "800万户"), "经营主体||count:户"),
    # 获批 (建设) is a new one, as 新增 is
    (("2家全国重点实验室获批建设。", "2家"), ("新增全国重点实验室3家。", "3家"), "全国重点实验室|新增|count:家"),
]


@pytest.mark.parametrize("a,b,expected", SAME, ids=[s[2] + f"#{i}" for i, s in enumerate(SAME)])
def test_pairs_that_must_share_a_key(a, b, expected):
    assert key(*a) == expected
    assert key(*b) == expected


# --------------------------------------------------------------------------- pairs that must not

DIFFERENT = [
    # started is not completed (same sentence, same unit)
    (("全市累计启动老旧小区改造211个，完成改造181个。", "211个"), ("全市累计启动老旧小区改造211个，完成改造181个。", "181个")),
    (("开工改造城镇老旧小区2878个。", "2878个"), ("改造城镇老旧小区1545个。", "1545个")),
    # compounds are not households, and households are never money
    (("改造城镇老旧小区1376个、14万户。", "1376个"), ("改造城镇老旧小区1376个、14万户。", "14万户")),
    # urban and rural income are different measures
    (("城镇居民人均可支配收入增长4.2%。", "4.2%"), ("农村居民人均可支配收入增长6.1%。", "6.1%")),
    # this year's growth is not the five-year average
    (("地区生产总值增长5.3%。", "5.3%"), ("地区生产总值年均增长6.3%。", "6.3%")),
    # new places versus the stock
    (("新增托位1.7万个。", "1.7万个"), ("全省托位总数达到20万个。", "20万个")),
    # the level versus its growth
    (("全市地区生产总值5.2万亿元、增长5.4%。", "5.2万亿元"), ("全市地区生产总值5.2万亿元、增长5.4%。", "5.4%")),
    # clean-energy capacity is not all generating capacity
    (("电力总装机突破9000万千瓦。", "突破9000万千瓦"), ("清洁能源电力装机突破1300万千瓦。", "突破1300万千瓦")),
    # a plan is not an achievement
    (("计划改造老旧小区100个。", "100个"), ("改造老旧小区129个。", "129个")),
]


@pytest.mark.parametrize("a,b", DIFFERENT, ids=[f"{a[1]}!={b[1]}" for a, b in DIFFERENT])
def test_pairs_that_must_not_share_a_key(a, b):
    ka, kb = key(*a), key(*b)
    assert ka is not None and kb is not None
    assert ka != kb


def test_a_key_never_mixes_unit_families():
    # elevators are counted in 台/部, never in households or money
    assert key("加装电梯惠及居民200余户。", "200余户") is None
    assert key("加装电梯总投资超340万元。", "超340万元") is None
    assert parse_key(key("老楼加装电梯876部。", "876部"))[2] == "count:台"
    s = "全市累计启动老旧小区改造211个，完成改造181个，改造面积512万平方米，完成投资13.6亿元，惠及群众5.3万户。"
    assert [parse_key(key(s, m))[2] for m in ("211个", "181个", "512万平方米")] == ["count:个", "count:个", "area"]
    assert key("改造城镇老旧小区1376个、14万户。", "14万户") == "老旧小区|完成|count:户"


# --------------------------------------------------------------------------- no key is better than a wrong one

NO_KEY = [
    ("全区共配备小区党支部书记440名，覆盖率90.2%。", "440名"),  # 书记 are not 党支部
    ("将纸箱厂家属院等207个老旧小区打捆成32个老旧小区改造项目。", "207个"),  # no action for 207
    ("将纸箱厂家属院等207个老旧小区打捆成32个老旧小区改造项目。", "32个"),  # projects, not compounds
    ("鹤壁市共有117个小区新增了门禁系统。", "117个"),  # counts 小区
    ("将社区10栋居民楼分为10个网格。", "10栋"),  # counts 居民楼
    ("城镇、农村居民人均可支配收入分别增长4.4%、5.9%。", "4.4%"),  # 分别 pairs positionally
    ("地区生产总值增长5.7%，增速高于全国0.7个百分点。", "0.7个百分点"),  # a comparison with the nation
    ("沿边临港产业园区工业投资增长11.7%。", "11.7%"),  # a subset of 工业投资
    ("预计脱贫县农村居民人均可支配收入增长7%左右。", "7%左右"),  # a subset of 农村居民
    ("新增公办中小学、幼儿园学位9.3万个。", "9.3万个"),  # two objects share one figure
    ("优良天数达到290天、增加19天。", "19天"),  # an increment of a level
    ("国内游客总花费增长16.7%。", "16.7%"),  # 花费, not 游客
    ("力争地区生产总值增长5%左右。", "5%左右"),  # a target
    ("老旧小区占比近50%。", "近50%"),  # a share, not a count
    ("完成投资13.6亿元，惠及群众5.3万户。", "13.6亿元"),  # investment in what?
]


@pytest.mark.parametrize("sentence,mention", NO_KEY, ids=[m for _, m in NO_KEY])
def test_no_key_when_it_cannot_be_defended(sentence, mention):
    assert key(sentence, mention) is None


def test_keys_that_need_context():
    s = "鹤壁市共完成背街小巷整治提升64条，有11条背街小巷正在提升中，今年新提升5条。"
    assert key(s, "64条") == "背街小巷|完成|count:条"
    assert key(s, "11条") == "背街小巷|在建|count:条"  # the noun and verb after the figure
    assert key(s, "5条") == "背街小巷|完成|count:条"  # inherits 背街小巷 from the clause before
    assert key("该社区组建了居民文艺队等8支“石榴同心”志愿服务队。", "8支") == "志愿服务队||count:支"
    assert key("全省经营主体新增105万户，达到920万户。", "105万户") == "经营主体|新增|count:户"
    assert key("计划改造老旧小区100个。", "100个") == "老旧小区|计划|count:个"
    assert key("并力争到2025年底，完成1.6亿平方米老旧小区改造任务。", "1.6亿平方米") == "老旧小区|计划|area"
    assert key("“12345”投诉类事项同比下降37.7%。", "37.7%") == "群众诉求|下降|change:percent"


def test_without_mention_offsets_the_metric_phrase_is_used():
    # older callers pass only the metric phrase: it still finds the figure when it can
    assert metric_key_for("改造老旧小区", "平城区改造老旧小区129个。", "count:个", "count") == "老旧小区|完成|count:个"
    assert metric_key_for("累计启动老旧小区改造", "x", "count:个", "count") == "老旧小区|启动|count:个"
    assert metric_key_for(None, "x", "count:个", "count") is None


# --------------------------------------------------------------------------- the data file

def test_metric_keys_json_is_consistent():
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    actions = set(doc["actions"])
    assert set(doc["change_actions"]) <= actions and set(doc["universal_actions"]) <= actions
    assert set(doc["increment_actions"]) <= actions
    seen: dict[str, str] = {}
    families = {unit.family for unit in load_rules().units_by_form.values()}
    for name, spec in doc["objects"].items():
        assert spec["words"] and all(w.strip() == w and w for w in spec["words"]), name
        assert set(spec.get("actions", [])) <= actions, name
        assert set(spec.get("implied", {}).values()) <= actions | {""}, name
        assert spec["units"], name
        for canon, aliases in spec["units"].items():
            # a key's family is a real unit family (of units.json); aliases stay within one kind of measure
            assert canon.startswith(("count:", "change:")) or canon in families, (name, canon)
            for a in aliases:
                assert a.split(":")[0] == canon.split(":")[0], (name, canon, a)
        for w in spec["words"]:
            assert seen.setdefault(w, name) == name, f"{w} names both {seen[w]} and {name}"
    assert not set(doc["not_objects"]) & set(seen), "a word cannot be both an object and a not-object"


def test_a_synonym_added_to_the_data_file_is_used(tmp_path, monkeypatch):
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    doc["objects"]["电梯"]["words"].append("升降梯")
    data_dir = tmp_path / "data"
    shutil.copytree(DATA.parent, data_dir)
    (data_dir / "metric_keys.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    sentence = "全区增设升降梯35部。"
    assert key(sentence, "35部") is None
    monkeypatch.setattr(metrics, "DATA_DIR", data_dir)
    metrics.reload()
    try:
        assert key(sentence, "35部") == "电梯|完成|count:台"
    finally:
        monkeypatch.undo()
        metrics.reload()
    assert key(sentence, "35部") is None


# --------------------------------------------------------------------------- the seed warehouse

@pytest.fixture(scope="module")
def seed():
    con = duckdb.connect(str(seed_warehouse()), read_only=True)
    yield con
    con.close()


def test_seed_claims_get_the_keys_the_text_supports(seed):
    rows = dict(seed.execute("SELECT mention || '@' || substr(doc, 1, 3), metric_key FROM claims").fetchall())
    assert rows["129个@003"] == rows["181个@004"] == "老旧小区|完成|count:个"
    assert rows["211个@004"] == "老旧小区|启动|count:个"
    assert rows["8台@002"] == "电梯|完成|count:台"
    assert rows["140部@003"] is None  # 做好140部清雪设备的维修保养 counts maintenance, not equipment
    assert rows["64条@004"] == "背街小巷|完成|count:条" and rows["11条@004"] == "背街小巷|在建|count:条"
    assert rows["440名@003"] is None and rows["13.6亿元@004"] is None


def test_every_seed_key_has_one_kind_and_accepted_families(seed):
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    groups = doc["unit_groups"]
    for key_, kinds, families in seed.execute(
            "SELECT metric_key, list(DISTINCT kind), list(DISTINCT unit_family) FROM claims "
            "WHERE metric_key IS NOT NULL GROUP BY metric_key").fetchall():
        obj, _, fam = parse_key(key_)
        assert len(kinds) == 1, key_
        accepted = {fam, *doc["objects"][obj]["units"][fam], *groups.get(fam, [])}
        base = [f"change:{f}" if kinds[0] == "change" else f for f in families]
        assert set(base) <= accepted, key_


def test_seed_key_coverage(seed):
    n, keyed = seed.execute("SELECT count(*), count(metric_key) FROM claims").fetchone()
    assert keyed >= 18, f"only {keyed} of {n} seed claims have a key"


def document_keys(text: str) -> dict[str, str | None]:
    """mention → key of every claim of a one-article page, as the loader computes them."""
    from etl.load import _metric_keys
    from etl.pipeline import process_document
    pd = process_document(text, "d")
    return dict(zip((c.q.mention for c in pd.claims), _metric_keys(text, pd)))


def test_a_metric_named_from_words_elsewhere_in_the_sentence_is_keyed_on_its_own():
    """粮食生产再获丰收，总产达到557亿斤: the figure's clause names no object, the metric the pipeline
    named (粮食总产) does."""
    assert document_keys("标题\n\n粮食生产再获丰收，总产达到557亿斤。\n") == {"557亿斤": "粮食产量||weight"}


def test_a_threshold_crossed_after_an_increment_is_keyed_as_a_level():
    """经营主体净增98万户、突破1900万户: the second figure is how many there are (a level), not how
    many were added; a bare figure after 、 in another unit still restates the one before."""
    keys = document_keys("标题\n\n经营主体净增98万户、突破1900万户。改造城镇老旧小区1376个、14万户。\n")
    assert keys == {"98万户": "经营主体|新增|count:户", "突破1900万户": "经营主体||count:户",
                    "1376个": "老旧小区|完成|count:个", "14万户": "老旧小区|完成|count:户"}


def test_each_figure_of_a_distributive_list_is_keyed_on_its_own_item():
    """分别 pairs figures with items; once the pipeline has given each its item, the key is read
    off that item (urban and rural income are two measures, never one)."""
    keys = document_keys("标题\n\n城乡居民人均可支配收入分别增长4.7%、6.6%。接待游客人次、旅游花费分别增长14%、11%。\n")
    assert keys == {"4.7%": "城镇居民人均可支配收入|增长|change:percent", "6.6%": "农村居民人均可支配收入|增长|change:percent",
                    "14%": "接待游客|增长|change:percent", "11%": "旅游总收入|增长|change:percent"}
    # the second item takes the subject it shares with the first (生产安全事故), and each its own key
    assert document_keys("标题\n\n生产安全事故起数、死亡人数分别下降9.6%、10.5%。\n") == {
        "9.6%": "生产安全事故起数|下降|change:percent", "10.5%": "生产安全事故死亡人数|下降|change:percent"}
    # the clause's other vetoes still hold: per thousand people is no count of beds
    assert document_keys("标题\n\n每千人托位、养老床位数分别达到4.7个、27.3张。\n") == {"4.7个": None, "27.3张": None}
