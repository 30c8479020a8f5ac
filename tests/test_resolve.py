"""Resolve stage: places, publication year, claim year, programme."""
import pytest

from etl.pipeline import process_document
from etl.resolve import infer_publication_year, period_marks, place_index, without_trailing_link
from etl.segment import split_articles


def claim(text, mention, **kw):
    pd = process_document(text, "doc", **kw)
    found = [c for c in pd.claims if c.q.mention == mention]
    assert found, [c.q.mention for c in pd.claims]
    return found[0]


def metrics_of(text):
    """Each figure's metric phrase: mention → metric."""
    return {c.q.mention: c.metric for c in process_document(text, "d").claims}


# -- places -------------------------------------------------------------------


def test_places_counted_by_a_figure_of_their_own_clause_are_no_scope_for_the_next_clause():
    """卓尼、临潭2县新通高速公路，通高速县达到82个: the two counties are what 2县 counts; the 82 are
    the province's, not 甘南's. An address (西藏拉萨八廓街有100多个居民大院) still places its figure."""
    report = "2025年甘肃省政府工作报告\n各位代表：\n卓尼、临潭2县新通高速公路，通高速县达到82个。\n"
    counties, c = process_document(report, "d").claims
    assert (counties.q.mention, counties.place.city) == ("2县", "甘南藏族自治州")  # the level both lie in
    assert (c.q.mention, c.place.province, c.place.city) == ("82个", "甘肃省", None)
    news = "标题\n\n西藏拉萨八廓街有100多个居民大院，生活着20多个民族的居民。\n"
    assert {c.q.mention: c.place.city for c in process_document(news, "d").claims} == {"100多个": "拉萨市", "20多个": "拉萨市"}


def test_a_place_that_a_later_clause_reports_on_is_no_scope_for_the_clauses_after_it():
    """_no_scope_for_later_clauses: …，汉中地铁运营里程100公里并连通安康，5G基站…: the 5G stations are the
    province's; the first clause's place is the topic of the clauses after it."""
    report = ("2026年陕西省政府工作报告\n各位代表：\n高速公路通车里程6000公里，汉中轨道交通运营里程100公里并连通安康，"
              "5G基站从1.2万座增加到9.8万座。\n榆林机场年旅客吞吐量增长12%，突破500万人次。\n")
    places = {c.q.mention: c.place.city for c in process_document(report, "d").claims}
    assert places == {"6000公里": None, "100公里": "汉中市", "1.2万座": None, "9.8万座": None,
                      "12%": "榆林市", "突破500万人次": "榆林市"}
    # a place inside a later clause is what that clause did; places in a row open a clause
    # together; naming the topic again does not end it
    report = ("2026年广西壮族自治区政府工作报告\n各位代表：\n黄百铁路加快建设，完成湘桂铁路柳州枢纽扩能改造，高铁运营总里程超2400公里。\n"
              "在主题教育中，广西桂林通过多种形式组织学习，遴选讲师在78个街道党校开展宣讲。\n"
              "推动北海开发建设全面展开，出台支持北海若干措施，加快建设3个先行启动区。\n")
    places = {c.q.mention: c.place.city for c in process_document(report, "d").claims}
    assert places == {"超2400公里": None, "78个": "桂林市", "3个": "北海市"}
    # a place opening a later clause says what happened there, with or without a figure; only
    # after a first clause that is a frame (lexicon lead_in_frame_pattern) is it the topic
    report = ("2025年内蒙古自治区政府工作报告\n各位代表：\n"
              "承办全国冬季运动会，阿尔山国家级旅游度假区获批，6座博物馆晋级国家一级博物馆。\n"
              "在主题教育中，包头通过多种形式组织学习，开展宣讲300场。\n"
              "出台支持措施，包头稀土高新区建成投运，新增专精特新企业40家。\n")
    places = {c.q.mention: c.place.city for c in process_document(report, "d").claims}
    assert places == {"6座": None, "300场": "包头市", "40家": None}


def test_a_short_place_name_listed_among_things_that_are_no_places_is_no_place():
    """黄金、白银、精炼铜产量: the metal, not 白银市; listed among places it stays one."""
    names = lambda t: [m.surface for m in place_index().mentions(t)]  # noqa: E731
    assert names("黄金、白银、精炼铜、镍产量分别增长。") == []
    assert names("支持金昌、白银、天水发展。") == ["金昌", "白银", "天水"]


def test_the_place_after_a_lead_in_saying_where_the_news_came_from_is_the_sentence_s_topic():
    """lexicon lead_in_frame_pattern: 记者获悉，四川省实现…，同比增长5.7% — the growth is Sichuan's."""
    text = "成渝两地经济稳步增长\n\n新华社成都10月28日电 记者获悉，四川省实现地区生产总值4.6万亿元，同比增长5.7%。\n"
    places = {c.q.mention: (c.place.province, c.place.city) for c in process_document(text, "d").claims}
    assert places == {"4.6万亿元": ("四川省", None), "5.7%": ("四川省", None)}  # not the dateline's 成都市


def test_the_place_after_a_first_clause_that_is_only_a_date_is_the_sentence_s_topic():
    """lexicon lead_in_frame_pattern: 2021年5月，鼓楼区启动…，将…等46个小区打捆成…: 鼓楼区's, not the city's."""
    text = ("南京推进城市更新\n\n南京市城市更新工作持续推进。2021年5月，鼓楼区全面启动老旧小区改造，"
            "将46个老旧小区打捆成9个改造项目。今年以来，玄武区新建口袋公园12个。\n")
    places = {c.q.mention: c.place.county for c in process_document(text, "d").claims}
    assert places == {"46个": "鼓楼区", "9个": "鼓楼区", "12个": "玄武区"}


def test_a_place_of_a_later_clause_with_its_own_figure_is_no_topic_for_the_next_sentence():
    text = ("四川省住建厅关于加装电梯的通知\n\n全年力争新增加装电梯3000部，其中成都市不少于1800部；"
            "对符合条件的项目，每部电梯给予不超过15万元的补助。\n")
    places = {c.q.mention: (c.place.province, c.place.city) for c in process_document(text, "d").claims}
    assert places["不少于1800部"] == ("四川省", "成都市")
    assert places["不超过15万元"] == ("四川省", None)  # the province's rule, not Chengdu's
    # a place after a frame (…以来，) opens the sentence's topic, which carries on
    news = ("主题教育见实效\n\n第二批主题教育开展以来，深圳形成政策文件5000多项，开展市级重点课题97个。"
            "贴心办好民生实事，实施惠民项目7000多个。\n")
    assert claim(news, "7000多个").place.city == "深圳市"


def test_a_scope_word_naming_the_place_itself_keeps_it_and_a_subset_lead_makes_the_next_place_the_topic():
    text = ("衢州市推进幸福食堂建设\n\n今年以来，常山县新建幸福食堂12家，全县幸福食堂总数达到46家。"
            "全市建成乡镇垃圾转运站112座。其中，江山市投入资金2600万元，新建垃圾分类收集点350个。\n")
    counties = {c.q.mention: c.place.county for c in process_document(text, "d", manifest_date="2024-07-02").claims}
    assert counties == {"12家": "常山县", "46家": "常山县", "112座": None, "2600万元": "江山市", "350个": "江山市"}


def test_an_attribute_after_a_count_of_people_is_not_theirs():
    """lexicon people_count_units: 居民5600余户 have no 总投资; 签约项目217个 have one."""
    metrics = metrics_of("老旧小区改造项目涉及楼栋286幢、居民5600余户，总投资约2.8亿元。签约项目217个、总投资258亿元。\n")
    assert metrics["约2.8亿元"] == "总投资" and metrics["258亿元"] == "签约项目总投资"


def test_a_place_naming_an_event_is_no_scope_for_the_clauses_after_it():
    """lexicon event_code_pattern: 萍乡“3·15”火灾 names an event; the figures after it are the province's."""
    report = ("2025年江西省政府工作报告\n各位代表：\n"
              "萍乡“3·15”火灾事故整改通过评估，生产安全事故起数、死亡人数分别下降8%、9%。\n")
    assert [c.place.city for c in process_document(report, "d").claims] == [None, None]


def test_a_place_in_the_next_list_item_is_that_item_s():
    report = ("2025年内蒙古自治区政府工作报告\n各位代表：\n"
              "实施黄河综合治理项目40个、包头及周边地区大气治理项目60个。\n")
    places = {c.q.mention: c.place.city for c in process_document(report, "d").claims}
    assert places == {"40个": None, "60个": "包头市"}


def test_a_place_whose_list_item_has_its_own_figure_is_not_listed_with_the_next():
    """_listed_places: 肥城300兆瓦…、东营…500兆瓦: each place is its own item's; listed without
    figures between them (黄石、咸宁等3市) they still share a level."""
    report = ("2025年山东省政府工作报告\n各位代表：\n"
              "抓好能源保供，肥城300兆瓦压缩空气储能、东营津辉500兆瓦电化学储能项目并网。\n"
              "济南、青岛2个城市入选试点。\n")
    places = {c.q.mention: (c.place.city, c.place.county) for c in process_document(report, "d").claims}
    assert places == {"300兆瓦": ("泰安市", "肥城市"), "500兆瓦": ("东营市", None), "2个": (None, None)}


def test_a_change_written_as_growth_after_the_figure_names_its_verb():
    """汽车产量保持40%以上增长 is named as 汽车产量增长40% would be."""
    assert metrics_of("汽车产量继续保持40%以上增长、达357万辆。\n") == {"40%以上": "汽车产量增长", "357万辆": "汽车产量"}
    # with no subject of its own (保持 is only a predicate) it takes the one of the figure before
    assert metrics_of("科技型中小企业达到4.5万家，连续4年保持20%以上的增长。\n")["20%以上"] == "科技型中小企业保持增长"


def test_a_figure_after_a_list_of_names_measures_them_all():
    """lexicon list_item_clause_words: the metric names every item of a list the figure ends; an
    item that says what happened, or a figure the list goes on after, keeps its own item."""
    metrics = metrics_of("国家一级图书馆、博物馆、文化馆数量达293家，居全国第一。新建、转化配售型保障性住房7500套。"
                         "“青海三文鱼”公共品牌正式发布、出口增长12倍。重拳打击各类经济犯罪、挽回经济损失22.2亿元。"
                         "比亚迪动力电池、弗迪12吉瓦时动力电池扩产。\n")
    assert metrics["293家"] == "国家一级图书馆、博物馆、文化馆数量"
    assert metrics["7500套"] == "新建、转化配售型保障性住房"
    assert metrics["12倍"] == "出口增长"
    assert metrics["22.2亿元"] == "挽回经济损失"
    assert metrics["12吉瓦时"] == "弗迪动力电池扩产"
    # a later item of a list of areas shares the verb the list opens with (lexicon list_head_verbs: 处置)
    assert metrics_of("处置批而未供土地171.6万亩、闲置土地18.3万亩。\n")["18.3万亩"] == "处置闲置土地"


def test_a_common_word_is_no_short_county_name():
    """中原 is the Central Plains (中原科技城, 中原农谷), not 郑州市中原区, unless written in full."""
    c = claim("河南省中原科技城国家级科研平台23家。", "23家")
    assert (c.place.province, c.place.county) == ("河南省", None)
    c = claim("郑州市中原区新建口袋公园5个。", "5个")
    assert (c.place.city, c.place.county) == ("郑州市", "中原区")
    # nor are 新建 (build), 合作 (cooperation), 港口 (ports) or 龙江 (Heilongjiang) short county names
    for text, mention in [("江西省新建和改造提升高标准农田360万亩。", "360万亩"),
                          ("甘肃省与央企新签合作项目投资额2248亿元。", "2248亿元"),
                          ("广西北部湾港通达全球200多个港口。", "200多个"),
                          ("黑龙江省建成龙江民居试点村118个。", "118个")]:
        assert claim(text, mention).place.county is None, text


def test_district_named_alone_resolves_through_current_divisions():
    c = claim("平城区今年成立小区党支部487个。", "487个")
    assert (c.place.province, c.place.city, c.place.county) == ("山西省", "大同市", "平城区")


def test_a_scope_word_lifts_the_article_s_place_to_the_unit_it_names():
    """全市 in an article whose only places are two of a city's districts is the city; 全区 there is a district."""
    text = ("今年前三季度我市经济运行稳中向好\n\n今年1—9月，全市社会消费品零售总额达到1523.6亿元。\n\n"
            "海曙区今年新建口袋公园12个。鄞州区计划建设城市书房30家。全区新增托位200个。\n")
    places = {c.q.mention: (c.place.province, c.place.city, c.place.county)
              for c in process_document(text, "d", manifest_date="2024-10-20").claims}
    assert places["1523.6亿元"] == ("浙江省", "宁波市", None)  # not 海曙区, the article's first place
    assert places["12个"] == ("浙江省", "宁波市", "海曙区") and places["30家"] == ("浙江省", "宁波市", "鄞州区")
    assert places["200个"][2] is not None  # 全区 names a 区 here, not the province
    region = "宁夏回族自治区稳就业工作综述\n\n银川市举办招聘会。全区城镇新增就业7.8万人。\n"
    assert (claim(region, "7.8万人").place.province, claim(region, "7.8万人").place.city) == ("宁夏回族自治区", None)
    district = "银川市兴庆区开展社区服务。全区城镇新增就业7.8万人。\n"
    assert claim(district, "7.8万人").place.county == "兴庆区"  # the district the paragraph named


def test_a_place_compared_with_or_taken_a_share_of_is_no_place_of_the_figure():
    """lexicon baseline_place_before: 高于全省, 高出四川, 占四川全省."""
    district = "成都市武侯区今年经济运行良好\n\n武侯区GDP增速高于全省0.5个百分点，全区新增就业1200人。\n"
    assert claim(district, "0.5个百分点").place.county == "武侯区"  # not lifted to the province by 全省
    assert claim("重庆增长7.9%，高出四川0.7个百分点。\n", "0.7个百分点").place.province == "重庆市"
    assert claim("成都市地区生产总值1.7万亿元，约占四川全省的37%。\n", "37%").place.city == "成都市"


def test_a_metropolitan_area_named_after_a_city_is_not_the_city():
    """lexicon place_stop_suffixes: 武汉都市圈, 三亚经济圈, 成都平原经济区 span several cities."""
    text = "湖北省推进区域协调发展。武汉都市圈经济总量达到3.8万亿元，武汉市地区生产总值2.1万亿元。\n"
    assert (claim(text, "3.8万亿元").place.province, claim(text, "3.8万亿元").place.city) == ("湖北省", None)
    assert claim(text, "2.1万亿元").place.city == "武汉市"


def test_a_district_name_several_cities_share_is_resolved_by_the_city_the_article_names():
    """lexicon city_context_names: 市中区 is a district of 济南, 枣庄, 乐山 and 内江."""
    jinan = "济南市推进老旧小区改造\n\n今年，市中区计划改造老旧小区41个。\n"
    place = claim(jinan, "41个", manifest_date="2024-07-02").place
    assert (place.city, place.county) == ("济南市", "市中区")
    assert claim("老旧小区改造\n\n今年，市中区计划改造老旧小区41个。\n", "41个").place.county is None  # which one?


def test_places_listed_at_the_end_of_a_clause_before_fen_bie_are_each_figure_s():
    text = "全国老旧小区改造进展。开工数量居前的是山东、河北和河南，分别开工改造4620个、3980个和3510个。\n"
    got = [(c.q.mention, c.place.province, c.metric) for c in process_document(text, "d").claims]
    assert got == [("4620个", "山东省", "开工改造"), ("3980个", "河北省", "开工改造"), ("3510个", "河南省", "开工改造")]


def test_where_a_meeting_is_held_is_not_the_article_s_place():
    """lexicon venue_after_place: 在北京开幕."""
    text = ("标题\n\n3月5日，十四届全国人大三次会议在北京开幕。\n\n在湘西土家族苗族自治州，养老服务短板正在加快补齐。"
            "“我们州今年计划建设乡镇区域养老服务中心15个。”全国人大代表向红梅说。\n")
    place = claim(text, "15个", manifest_date="2025-03-06").place
    assert (place.province, place.city) == ("湖南省", "湘西土家族苗族自治州")  # not 北京市


def test_a_scope_word_names_the_unit_of_the_place_the_paragraph_named():
    text = "南京市民生实事完成情况\n\n玄武区新建社区助餐点15个。全区新增养老床位300张。\n"
    assert claim(text, "300张", manifest_date="2025-03-06").place.county == "玄武区"  # not the article's 南京市


def test_shang_nian_du_is_the_year_before_the_report_not_before_the_year_it_reviews():
    """lexicon years.relative 上年度, which is not context_relative; 由上年… still is."""
    text = "2025年松阳县政府工作报告\n\n上年度全县粮食总产量9.8万吨。过去一年，常住人口由上年22.1万人增加到22.3万人。\n"
    got = {c.q.mention: (c.year, c.metric) for c in process_document(text, "d").claims}
    assert got["9.8万吨"] == (2024, "粮食总产量")
    assert got["22.1万人"][0] == 2023 and got["22.3万人"][0] == 2024


def test_this_year_and_next_dates_a_plan_by_the_year_of_publication():
    text = "两会新闻\n\n“我们厂去年组织技能培训1200多人次。”陈小军说，企业计划今明两年再投入500万至800万元用于职工培训。\n"
    years = {c.q.mention: c.year for c in process_document(text, "d", manifest_date="2025-03-06").claims}
    assert years == {"1200多人次": 2024, "500万至800万元": 2025}


def test_years_listed_before_fen_bie_date_its_figures_in_order():
    text = ("全市2022年、2023年、2024年分别新增托位300个、450个、600个。"
            "2024年、2025年实现矿山事故零发生，全省生产安全事故起数和死亡人数分别下降67.5%、58.5%。\n")
    got = {c.q.mention: (c.year, c.metric) for c in process_document(text, "d", manifest_date="2025-01-01").claims}
    assert [got[m] for m in ("300个", "450个", "600个")] == [(2022, "新增托位"), (2023, "新增托位"), (2024, "新增托位")]
    assert got["67.5%"][0] == got["58.5%"][0] == 2025  # the years are another clause's, not the list's


def test_a_plan_is_not_dated_by_the_year_the_sentence_before_spoke_of():
    """lexicon years.forward_leads: 下一步，… speaks of plans."""
    text = "常山县助餐服务\n\n去年全县投入助餐补贴资金320万元。下一步，常山县计划再建成助餐点20个。\n"
    years = {c.q.mention: c.year for c in process_document(text, "d", manifest_date="2024-07-02").claims}
    assert years == {"320万元": 2023, "20个": 2024}


def test_generic_district_name_needs_its_city():
    c = claim("山西阳泉市城区加装电梯8台。", "8台")
    assert (c.place.province, c.place.city, c.place.county) == ("山西省", "阳泉市", "城区")
    c = claim("主城区新建公厕12座。", "12座")
    assert c.place.province is None


def test_old_town_is_a_description_not_luoyang_s_district():
    c = claim("南京烈士塔社区位于浦口老城区，有3200户居民。\n", "3200户")
    assert (c.place.province, c.place.city) == ("江苏省", "南京市")


def test_ambiguous_name_is_left_open_with_a_reason():
    c = claim("新城区组建志愿服务队8支。", "8支")
    assert c.place.province is None
    assert "无法确定" in c.place.note and "内蒙古自治区" in c.place.note and "陕西省" in c.place.note


def test_ambiguous_name_is_settled_by_the_article_context():
    text = "内蒙古呼和浩特市：共建团结社区\n\n◎内文\n\n新城区组建志愿服务队8支。\n"
    c = claim(text, "8支")
    assert (c.place.province, c.place.city, c.place.county) == ("内蒙古自治区", "呼和浩特市", "新城区")


def test_street_and_compound_names_are_not_places():
    names = [m.surface for m in place_index().mentions("走进朝阳小区，沿中山北路前行，弘扬中医文化，最大化利用资源。")]
    assert "朝阳" not in names and "中山" not in names
    mentions = place_index().filter_by_context(place_index().mentions("弘扬中医文化，最大化利用资源。"), "")
    assert mentions == []


def test_a_name_whose_last_character_opens_a_word_with_the_next_is_not_that_place():
    """lexicon place_suffix_words: 新建|区域, not 南昌市新建区."""
    names = [m.surface for m in place_index().mentions("北京将新建区域养老服务中心100个，南昌市新建区新建学校3所。")]
    assert names == ["北京", "南昌市", "新建区"]


def test_place_inside_an_organisation_name():
    c = claim("陕煤黄陵矿业二号煤矿组织收看大会\n\n30余人参加。\n", "30余人")
    assert (c.place.province, c.place.county) == ("陕西省", "黄陵县")


def test_place_context_does_not_leak_into_the_next_article():
    text = ("鹤壁：老旧小区逆生长\n\n——河南鹤壁市扎实推进老旧小区改造\n\n陈艳艳\n\n全市改造小区211个。\n\n"
            "制定清雪预案 保障道路安全\n\n本报讯（记者 甲）该中心维修清雪设备140部。\n")
    assert claim(text, "211个").place.province == "河南省"
    c = claim(text, "140部")
    assert c.place.province is None and c.place.note


# -- years --------------------------------------------------------------------
def test_publication_year_read_off_anchors():
    assert infer_publication_year("6月26日是第37个国际禁毒日。").year == 2024
    assert infer_publication_year("庆祝中国共产主义青年团成立100周年。").year == 2022
    assert infer_publication_year("在第23个全国“安全生产月”活动中。").year == 2024
    assert infer_publication_year("2023年，全县共开展宣讲500场次，20户家庭评选为2023年度文明家庭。").year == 2024
    assert infer_publication_year("2023年，田村荣获称号。").year == 2023
    dated = infer_publication_year("标题\n《新闻联播》2023年2月5日\n正文。")
    assert (dated.year, dated.basis, dated.date) == (2023, "dateline", "2023-02-05")
    assert infer_publication_year("正文。", manifest_date="2021-06-30").basis == "manifest"
    assert infer_publication_year("没有年份。").year is None


def test_publication_date_written_as_a_stamp_or_in_chinese_numerals_and_deadlines_are_no_evidence():
    stamp = infer_publication_year("数说｜这一年\n原创 晋安民政 2024-12-30 18:00 福建\n正文。")
    assert (stamp.year, stamp.basis, stamp.date) == (2024, "dateline", "2024-12-30")
    official = infer_publication_year("关于推进老旧小区改造的通知\n二〇二四年十二月十八日\n正文。")
    assert (official.year, official.date) == (2024, "2024-12-18")
    # lexicon years.future_after_markers: 将于2025年底前 is a deadline, not the page's year
    assert infer_publication_year("2024年开工改造32个小区，将于2025年底前全部完工。").year == 2024
    assert infer_publication_year("版本1.2.3发布。").year is None  # not a date
    # lexicon years.events: the session of the 14th National People's Congress dates the page
    assert infer_publication_year("3月5日，十四届全国人大三次会议开幕。长沙今年新增普惠托位3000个。").year == 2025
    # lexicon years.completed_before_markers: a year looked back on is over
    assert infer_publication_year("刚刚过去的2024年，全市经济增长5%。今年将新增就业6.5万人。").year == 2025


def test_claim_year_explicit_relative_and_publication():
    text = "第37个国际禁毒日。\n\n2019年3月，山城区将207个老旧小区打捆。今年新提升背街小巷5条。去年为村里5名儿童申请助学金。\n\n全市累计启动改造211个。\n"
    assert (claim(text, "207个").year, claim(text, "207个").year_basis) == (2019, "explicit")
    assert (claim(text, "5条").year, claim(text, "5条").year_basis) == (2024, "relative")
    assert claim(text, "5名").year == 2023
    c = claim(text, "211个")
    assert (c.year, c.year_basis) == (2024, "publication") and "禁毒日" in c.year_note


def test_event_year_does_not_govern_the_next_sentence_but_a_topic_year_does():
    text = "2021年开展工会活动40余次。为25名青年干部提供周转房。\n\n2023年，沁水县试运营社区食堂3个。共服务约11万人次。\n"
    pd = process_document(text, "d", manifest_date="2024-05-01")
    years = {c.q.mention: c.year for c in pd.claims}
    assert years["40余次"] == 2021 and years["25名"] == 2024
    assert years["3个"] == 2023 and years["约11万人次"] == 2023


def test_government_work_report_reviews_the_previous_year():
    text = "2026年甘肃省政府工作报告\n\n来源：甘肃日报\n\n新能源总装机达到8041.6万千瓦。\n"
    c = claim(text, "8041.6万千瓦", manifest_date="2026")
    assert (c.year, c.place.province) == (2025, "甘肃省")


def test_shang_nian_is_the_year_before_the_one_the_text_speaks_of():
    """lexicon years.context_relative: in a 2026 report's review of 2025, 上年 is 2024; in a text
    about its own year of publication, the year before publication."""
    report = "2026年宁夏回族自治区政府工作报告\n\n过去一年，常住人口由上年729万人增加到732万人。\n"
    years = {c.q.mention: c.year for c in process_document(report, "d", manifest_date="2026").claims}
    assert years == {"729万人": 2024, "732万人": 2025}
    assert claim("宁夏\n\n常住人口由上年729万人增加到732万人。\n", "729万人", manifest_date="2026").year == 2025


def test_report_title_is_found_under_web_page_breadcrumbs_or_in_the_manifest():
    body = "新能源总装机达到8041.6万千瓦。\n"
    crumbs = "您的位置:\n首页\n>\n甘肃要闻\n2026年甘肃省政府工作报告\n来源：甘肃日报\n\n"
    assert claim(crumbs + body, "8041.6万千瓦", manifest_date="2026").year == 2025
    untitled = "甘肃省\n\n" + body
    assert claim(untitled, "8041.6万千瓦", manifest_date="2026").year == 2026
    assert claim(untitled, "8041.6万千瓦", manifest_date="2026",
                 manifest_title="2026年甘肃省政府工作报告").year == 2025
    # a body sentence that cites a report is not a title
    cited = "甘肃省\n\n全省认真落实2026年政府工作报告部署，新能源总装机达到8041.6万千瓦。\n"
    assert claim(cited, "8041.6万千瓦", manifest_date="2026").year == 2026


def test_the_baseline_of_a_comparison_does_not_date_the_figure():
    years = {c.q.mention: c.year for c in process_document(
        "标题\n\n目前，平台交办问题与去年同期相比减少50%。2025年，单位能耗较2020年下降11.7%。\n", "d", "2024").claims}
    assert years == {"50%": 2024, "11.7%": 2025}


def test_a_year_inside_a_baseline_frame_dates_only_what_the_frame_holds():
    """在去年…的基础上再增加300个: the 300 are this year's (lexicon years.baseline_frames)."""
    years = {c.q.mention: c.year for c in process_document(
        "标题\n\n今年，全市在去年新开工改造小区355个的基础上再增加300个小区。在2023年新建公园8个。\n", "d", "2024").claims}
    assert years == {"355个": 2023, "300个": 2024, "8个": 2023}


def test_a_starting_year_dates_the_starting_figure_only():
    text = ("2026年西藏自治区政府工作报告\n\n城乡居民人均可支配收入从2021年的46503元分别提高到58794元。"
            "2023年新建学校5所。\n")
    years = {c.q.mention: (c.year, c.year_basis) for c in process_document(text, "d", "2026").claims}
    assert years["46503元"] == (2021, "explicit") and years["58794元"] == (2025, "relative")
    assert years["5所"] == (2023, "explicit")


PARAGRAPH_WITH_AN_EXAMPLE_CITY = ("全省新建5G基站3.2万个，贵阳轨道交通S1线开通运营。"
                                  "开工建设一批中小型水库，建成骨干水源工程100个。\n")


def test_a_city_named_as_an_example_in_a_work_report_does_not_carry_on():
    text = "2026年贵州省政府工作报告\n\n" + PARAGRAPH_WITH_AN_EXAMPLE_CITY
    c = claim(text, "100个", manifest_date="2026")
    assert (c.place.province, c.place.city) == ("贵州省", None)
    assert c.place.basis == "headline"


def test_a_work_report_s_figures_stay_with_its_own_province():
    text = ("2025年北京市政府工作报告\n\n携手天津、河北成功申创国家先进制造业集群，累计推出230项同事同标事项。"
            "推进设备更新和创新产品扩大应用，开工建设重大产业项目26个。朝阳区新建口袋公园12个。\n")
    places = {c.q.mention: c.place for c in process_document(text, "d", manifest_date="2025").claims}
    assert places["230项"].province == "北京市"  # partners, not the place of the figure
    assert places["26个"].province == "北京市"  # 新和 inside 更新和创新 is no place
    assert (places["12个"].province, places["12个"].county) == ("北京市", "朝阳区")  # its own districts still count


def test_an_area_of_another_province_opening_a_clause_is_where_the_figure_is():
    """place_aliases.csv: 雄安新区 is no division but lies in 河北省; opening its clause, it is what
    the clause reports on, even in 北京's report. A province or a short name there is a partner."""
    text = ("2025年北京市政府工作报告\n\n全力支持雄安新区建设，雄安新区中关村科技园新增入驻企业132家，"
            "雄安宣武医院门诊量达19万人次。浙江省投入财政帮扶资金33.9亿元。\n")
    places = {c.q.mention: c.place for c in process_document(text, "d", manifest_date="2025").claims}
    assert (places["132家"].surface, places["132家"].province) == ("雄安新区", "河北省")
    assert places["19万人次"].province == "河北省"  # 雄安, its usual short form
    assert places["33.9亿元"].province == "北京市"  # a province named first: the partner's aid
    # and no 安新 (安新县, 保定) inside 雄安新区
    c = claim("2025年河北省政府工作报告\n\n雄安新区建成楼宇5300多栋。\n", "5300多栋", manifest_date="2025")
    assert (c.place.surface, c.place.city) == ("雄安新区", None)


def test_a_work_report_keeps_another_province_s_name_inside_a_word_in_the_metric():
    # 安居 (安居区, 四川) inside 保障性安居工程, 晋 (山西) inside 新晋: no place of this report, so
    # not cut out of what the figure counts; its own districts still are
    text = ("2025年西藏自治区政府工作报告\n\n四川省援建项目全部完工。实施保障性安居工程3.95万套，"
            "新晋中国工程院院士3名，拉萨市城关区新建口袋公园12个。\n")
    metrics = {c.q.mention: c.metric for c in process_document(text, "d", manifest_date="2025").claims}
    assert metrics["3.95万套"] == "实施保障性安居工程"
    assert metrics["3名"] == "新晋中国工程院院士"
    assert metrics["12个"] == "新建口袋公园"


def test_a_place_cut_out_of_brackets_leaves_no_empty_brackets_in_the_metric():
    text = "2026年安徽省政府工作报告\n\n中国（安徽）自贸试验区累计推出259项制度创新成果。\n"
    assert {c.q.mention: c.metric for c in process_document(text, "d", manifest_date="2026").claims} == {
        "259项": "中国自贸试验区累计推出制度创新成果"}


def test_a_place_named_in_a_news_paragraph_carries_on_to_the_next_sentence():
    text = "贵州：民生实事件件落地\n\n" + PARAGRAPH_WITH_AN_EXAMPLE_CITY
    c = claim(text, "100个", manifest_date="2026")
    assert (c.place.province, c.place.city, c.place.basis) == ("贵州省", "贵阳市", "paragraph")


def test_a_change_with_no_subject_of_its_own_takes_the_previous_figure_s():
    text = "全省技术合同成交额突破1700亿元，增长13.1%，高于全国2.3个百分点。普通高中学位供给率70.4%、提高5.9个百分点。\n"
    metrics = metrics_of(text)
    assert metrics["13.1%"] == "技术合同成交额增长"
    assert metrics["2.3个百分点"] == "技术合同成交额高于全国"
    # a figure after only a predicate measures the subject of the figure before, without the
    # increment word that one counted
    assert metrics_of("地区生产总值突破3万亿元、达3.6万亿元。经营主体净增48万户、达680万户、增长6.4%。\n") == {
        "突破3万亿元": "地区生产总值", "3.6万亿元": "地区生产总值", "48万户": "经营主体净增",
        "680万户": "经营主体", "6.4%": "经营主体增长"}
    # a baseline and a change name no subject either
    assert claim("优良天数281天、比2020年增加36天。", "36天").metric == "优良天数比2020年增加"
    assert metrics["5.9个百分点"] == "普通高中学位供给率提高"
    listed = process_document("实际使用内外资分别增长10％、6.4％，引进项目12个。\n", "d").claims
    assert [c.metric for c in listed] == ["实际使用内外资分别增长"] * 2 + ["引进项目"]
    assert [c.metric for c in process_document("全年开展了志愿服务活动180余场。\n", "d").claims] == ["开展志愿服务活动"]
    rates = process_document("孤儿最低养育标准分别提高至1900元/月、1400元/月。\n", "d").claims
    assert [c.metric for c in rates] == ["孤儿最低养育标准"] * 2
    # a dash left at the end of a metric goes with the place before it
    assert [c.metric for c in process_document("天津滨海-中关村科技园新增注册企业689家。\n", "d").claims] == [
        "中关村科技园新增注册企业"]
    # a bare modifier names nothing either
    cumulative = process_document("新入选国家5G工厂113家、累计210家，均居全国第一。\n", "d").claims
    assert [c.metric for c in cumulative] == ["新入选国家5G工厂", "国家5G工厂累计"]  # (the total is of the 工厂)
    # a subject is never carried into the next sentence
    alone = process_document("地区生产总值2.1万亿元。增长5.5%。\n", "d").claims
    assert [c.metric for c in alone if c.q.mention == "5.5%"] == ["增长"]



def test_a_distributive_list_gives_each_figure_its_own_item():
    def metrics(text: str) -> dict[str, str | None]:
        return metrics_of(text + "\n")

    assert metrics("概念验证中心、中试基地分别达到69家、107家。") == {"69家": "概念验证中心", "107家": "中试基地"}
    # as many items as listed figures, then a predicate: the same list without the word 分别
    assert metrics("原煤、原油、天然气产量达到6640.8万吨、1253.6万吨、9.1亿立方米，分别增长9.3%、7.3%、21.2%。") == {
        "6640.8万吨": "原煤产量", "1253.6万吨": "原油产量", "9.1亿立方米": "天然气产量",
        "9.3%": "原煤产量增长", "7.3%": "原油产量增长", "21.2%": "天然气产量增长"}
    assert metrics("食品、药品抽检合格率分别为99.5%、99.78%。") == {"99.5%": "食品抽检合格率",
                                                         "99.78%": "药品抽检合格率"}
    # a one- or two-character item takes the head noun the last item ends with (lexicon shared_metric_heads)
    assert metrics("炼铁、炼钢先进产能占比分别达到64.3%、62.3%。") == {
        "64.3%": "炼铁先进产能占比", "62.3%": "炼钢先进产能占比"}
    assert metrics("城市和农村居民人均可支配收入分别增长5.3%、7%。") == {
        "5.3%": "城市居民人均可支配收入增长", "7%": "农村居民人均可支配收入增长"}
    # …and only then: the length of 有色金属 is unknown, so nothing is cut by length
    assert metrics("汽车、有色金属行业增加值分别增长18.1%、16.6%。") == {
        "18.1%": "汽车行业增加值增长", "16.6%": "有色金属行业增加值增长"}
    assert metrics("刑事治安、涉诈、涉毒警情分别下降17.7%、17.4%、68%。") == {
        "17.7%": "刑事治安警情下降", "17.4%": "涉诈警情下降", "68%": "涉毒警情下降"}
    # a 分别 clause without items of its own refers to the figures just before it
    assert metrics("累计接待游客17.52亿人次、旅游花费1.27万亿元，分别增长32.9%、41.6%。") == {
        "17.52亿人次": "累计接待游客", "1.27万亿元": "旅游花费", "32.9%": "累计接待游客增长", "41.6%": "旅游花费增长"}
    assert metrics("更新改造地下管网1.8万公里、城市道路4767公里，较“十三五”时期分别增长4.8%、50%。") == {
        "1.8万公里": "更新改造地下管网", "4767公里": "更新改造城市道路", "4.8%": "更新改造地下管网增长",
        "50%": "更新改造城市道路增长"}  # a later item of a list of counts shares its verb
    assert metrics("“上海标准”、“上海品牌”分别新增11个和27项，累计分别达到52个和204项。") == {
        "11个": "上海标准新增", "27项": "上海品牌新增", "52个": "上海标准累计", "204项": "上海品牌累计"}
    # 城乡 names two things, given out in order (lexicon paired_prefixes); a count of items that
    # differs, or items holding figures: as before
    assert metrics("城乡低保平均标准分别提高26.7%、27%。") == {"26.7%": "城镇低保平均标准提高", "27%": "农村低保平均标准提高"}
    assert set(metrics("金融业、软件和信息服务业增加值分别增长9.7%、15.3%。").values()) == {"软件和信息服务业增加值分别增长"}


def test_what_the_last_item_of_a_distributive_list_says_from_its_verb_on_is_measured_of_each():
    """_measured_of_each: 专项产业基金、新增能耗、新增工业用地支持民间投资项目比重 (支持: lexicon
    item_own_verbs); not where the verb begins a measure (第三产业增加值)."""
    metrics = metrics_of("专项产业基金、新增能耗、新增工业用地支持民间投资项目比重分别为99.3%、93.8%、84.6%。"
                         "第一、第三产业增加值分别增长2.5%、3.9%。\n")
    assert metrics == {"99.3%": "专项产业基金支持民间投资项目比重", "93.8%": "新增能耗支持民间投资项目比重",
                       "84.6%": "新增工业用地支持民间投资项目比重", "2.5%": "第一产业增加值增长", "3.9%": "第三产业增加值增长"}


def test_the_noun_right_after_an_amount_of_things_made_is_what_was_made():
    """_measures_the_thing_made: 建成5000公里绿道 (a length, not a count); not a predicate (用于民生领域)."""
    metrics = metrics_of("全市还将建成5000公里绿道，新建和改造提升112万亩高标准农田。今后五年还将新建改造管网300公里实现贯通。\n")
    assert metrics["5000公里"] == "建成绿道" and metrics["112万亩"] == "新建和改造提升高标准农田"
    assert metrics["300公里"] == "新建改造管网"  # (lexicon metric_lead_patterns: 今后五年 is no part of it)


def test_a_harvest_measure_written_alone_is_of_the_crop_named_before_it():
    """lexicon measures_of_a_named_crop: 总产 after 粮食… is 粮食总产; 总产能 is no harvest."""
    metrics = metrics_of("粮食面积、总产、单产实现两增一稳，总产762亿斤，单产420公斤。乙烯项目投产，总产能达190万吨。\n")
    assert metrics == {"762亿斤": "粮食总产", "420公斤": "粮食单产", "190万吨": "总产能"}


def test_later_items_that_are_only_a_measure_share_the_first_item_s_subject():
    """_shared_subject_of_bare_measures: 解决率、满意率 are both the hotline's; items that name a
    measure of their own (旅游花费) keep their words."""
    assert metrics_of("市民服务热线诉求解决率、满意率分别达97.3%和97.7%。游客人次、旅游花费分别增长5%、6%。\n") == {
        "97.3%": "市民服务热线诉求解决率", "97.7%": "市民服务热线诉求满意率", "5%": "游客人次增长", "6%": "旅游花费增长"}
    # (a baseline after the last item is every item's)
    assert metrics_of("生产安全事故起数、死亡人数较“十三五”同期分别下降62.97%、53.06%。\n") == {
        "62.97%": "生产安全事故起数较十三五同期下降", "53.06%": "生产安全事故死亡人数较十三五同期下降"}
    metrics = metrics_of("生产安全事故起数和死亡人数分别下降9.6%、10.5%。接待游客人数和旅游收入分别增长8%、9%。\n")
    assert metrics == {"9.6%": "生产安全事故起数下降", "10.5%": "生产安全事故死亡人数下降",
                       "8%": "接待游客人数增长", "9%": "旅游收入增长"}


def test_a_name_written_with_a_list_mark_is_one_item():
    """lexicon names_with_list_marks: 交通运输、仓储和邮政业 is one sector, 批发和零售业 another."""
    assert metrics_of("交通运输、仓储和邮政业增长8.5%，客货总周转量增长9.5%。\n")["8.5%"] == "交通运输、仓储和邮政业增长"
    assert metrics_of("批发和零售业、交通运输、仓储和邮政业分别增长5%和6%。\n") == {
        "5%": "批发和零售业增长", "6%": "交通运输、仓储和邮政业增长"}


def test_a_subject_naming_town_and_country_gives_one_to_each_figure():
    """lexicon paired_prefixes: 城乡 is 城镇 and 农村, in that order; not when the subject holds
    figures of its own, nor for a single figure."""
    assert metrics_of("全省城乡居民人均可支配收入分别增长4.7%、6.6%。\n") == {
        "4.7%": "城镇居民人均可支配收入增长", "6.6%": "农村居民人均可支配收入增长"}
    assert metrics_of("城乡低保平均标准分别提高至778元/月、6818元/年。\n") == {
        "778元/月": "城镇低保平均标准", "6818元/年": "农村低保平均标准"}
    assert metrics_of("城乡居民人均可支配收入增长5%。\n") == {"5%": "城乡居民人均可支配收入增长"}
    # a next clause of only a predicate and as many figures goes on about the same two
    assert metrics_of("城乡居民人均可支配收入分别达6.9万元、3.4万元，增长4.2%、5.3%。\n") == {
        "6.9万元": "城镇居民人均可支配收入", "3.4万元": "农村居民人均可支配收入",
        "4.2%": "城镇居民人均可支配收入增长", "5.3%": "农村居民人均可支配收入增长"}


def test_the_dates_of_a_change_from_one_year_to_another_stay_out_of_its_metric():
    """从2020年的9.6年提升至2025年的10.2年: the years are the claims' years (and the starting value,
    dated or not, says it is one); 快于2024年 is a baseline."""
    assert metrics_of("劳动年龄人口平均受教育年限从2020年的9.6年提升至2025年的10.2年左右。\n") == {
        "9.6年": "劳动年龄人口平均受教育年限（变化前）", "10.2年左右": "劳动年龄人口平均受教育年限"}
    # the point a change starts from leaves the starting value's metric too
    assert metrics_of("常住人口由上年729万人增加到732万人。\n") == {"729万人": "常住人口（变化前）", "732万人": "常住人口"}
    assert metrics_of("全年GDP增长4%，快于2024年1.8个百分点。\n")["1.8个百分点"] != "快于"
    # a 分别 list from one group of figures to another gives the second group the same items
    assert metrics_of("城乡低保平均标准分别从2020年的645元/月、4318元/年提高到2025年的801元/月、7226元/年。\n") == {
        "645元/月": "城镇低保平均标准", "4318元/年": "农村低保平均标准",
        "801元/月": "城镇低保平均标准", "7226元/年": "农村低保平均标准"}


def test_a_short_lead_and_the_noun_after_a_count_are_cut_where_a_word_ends():
    """新增1.8万农业转移人口在城镇安家落户: 安家落户 whole, not 安家落 (twelve characters)."""
    assert metrics_of("新增1.8万农业转移人口在城镇安家落户。\n") == {"1.8万": "新增农业转移人口在城镇安家落户"}


def test_a_baseline_figure_is_dated_by_the_year_or_plan_end_written_before_it():
    """较2020年的9323.1亿元, 较“十三五”末的9323.1亿元: the baseline is 2020's figure; the change
    compared with it (增加4374.4亿元) still belongs to the year the report reviews."""
    for baseline in ("2020年", "“十三五”末"):
        report = ("2026年甘肃省政府工作报告\n一、过去五年工作回顾\n全省地区生产总值达到13697.5亿元，"
                  f"较{baseline}的9323.1亿元增加4374.4亿元。\n")
        years = {c.q.mention: (c.year, c.year_basis) for c in process_document(report, "d").claims}
        assert years == {"13697.5亿元": (2025, "relative"), "9323.1亿元": (2020, "explicit"),
                         "4374.4亿元": (2025, "relative")}, baseline


def test_a_colon_inside_a_ratio_is_no_clause_break():
    """2.50:1 with an ASCII colon: the clause of the figure after it still opens at the comma."""
    assert metrics_of("全省城乡居民收入比从2.50:1缩小至2.27:1。\n") == {
        "2.50:1": "城乡居民收入比（变化前）", "2.27:1": "城乡居民收入比"}


def test_verbs_listed_before_one_object_are_one_action_and_later_items_share_the_verb():
    """lexicon verbs_listed_before_one_object and list_head_verbs."""
    assert metrics_of("修订、制定政府规章12件。\n")["12件"] == "修订、制定政府规章"
    assert metrics_of("新建、改扩建中小学和幼儿园8427所。\n")["8427所"] == "新建、改扩建中小学和幼儿园"
    assert metrics_of("新建学校5所、改造校舍3所。\n") == {"5所": "新建学校", "3所": "改造校舍"}  # two actions
    assert metrics_of("生产原油239万吨、天然气56.5亿立方米。\n")["56.5亿立方米"] == "生产天然气"
    assert metrics_of("新引进顶尖人才22名、领军人才189名。\n")["189名"] == "新引进领军人才"


def test_the_trading_partner_after_dui_stays_in_the_metric():
    """lexicon metric_lead_keeps: 对东盟出口 is trade with ASEAN; 东盟出口 would be ASEAN's own."""
    assert metrics_of("对东盟进出口增长12%。\n")["12%"] == "对东盟进出口增长"
    assert metrics_of("对东盟、中东出口分别增长9.9%、10.5%。\n")["9.9%"] == "对东盟出口增长"
    assert metrics_of("对200家企业开展帮扶。\n")["200家"] == "企业开展帮扶"  # no partner: 对 goes


def test_an_item_ending_as_the_last_item_s_subject_does_takes_what_is_said_of_it():
    """先进制造业、高技术制造业增加值占…比重: 制造业 ends both subjects, so the rest is everyone's."""
    assert metrics_of("先进制造业、高技术制造业增加值占规模以上工业增加值比重分别达56.2%、34.7%。\n")["56.2%"] \
        == "先进制造业增加值占规模以上工业增加值比重"
    assert metrics_of("国内游客、入境游客数量分别增长6.9%、68.4%。\n")["6.9%"] == "国内游客数量增长"
    # a measure of its own takes nothing; nor does a verb phrase, nor the same subject measured
    # otherwise (工业投资 is not 工业技改投资)
    assert metrics_of("游客人次、旅游花费分别增长14%、11%。\n")["14%"] == "游客人次增长"
    assert metrics_of("城镇新增就业、新增发放创业担保贷款分别完成年计划的113.4%、256.1%。\n")["113.4%"] \
        == "城镇新增就业完成年计划"
    assert metrics_of("工业、制造业、工业技改投资分别增长9.4%、13.3%、6.1%。\n")["9.4%"] == "工业投资增长"


def test_a_figure_that_names_nothing_takes_the_measure_its_clauses_open_with():
    """subject_of_clauses (lexicon clause_subject_ends): no metric of its own and no figure before it."""
    assert metrics_of("粮食总产量再上新台阶，突破1600亿斤大关，连续15年居全国首位。\n")["突破1600亿斤"] == "粮食总产量"
    assert metrics_of("全省进出口总值创历史新高，达到5379亿元、增长18.5%。\n") == {
        "5379亿元": "进出口总值", "18.5%": "进出口总值增长"}
    assert metrics_of("地区生产总值五年跨过3个万亿级关口、突破10万亿元。\n")["突破10万亿元"] == "地区生产总值"
    # an amount is the income's, not its growth rate's
    assert metrics_of("全体居民人均可支配收入增速高于经济增速、突破3万元。\n")["突破3万元"] == "全体居民人均可支配收入"
    # a clause that opens with no measure gives none
    assert metrics_of("烈士塔社区位于浦口老城核心区，有3200户、近万名居民。\n")["3200户"] is None


def test_a_share_of_a_whole_takes_the_subject_of_the_figure_before_it():
    """lexicon share_of_whole_start: 占全国份额 says what share the figure before it is."""
    assert metrics_of("货物贸易出口达3.9万亿元、增长9.5%，占全国份额提高到15.3%。\n")["15.3%"] == "货物贸易出口占全国份额"
    assert metrics_of("民生类重点支出4437亿元，占全省一般公共预算支出的68%。\n")["68%"] == "民生类重点支出占全省一般公共预算支出"
    # the share's end, after its start, is written once
    assert metrics_of("出口规模突破4万亿元，占全国份额从14%提升到15.5%。\n")["15.5%"] == "出口规模占全国份额"
    assert metrics_of("新建厂房12栋，占地面积3万平方米。\n")["3万平方米"] == "占地面积"  # 占地 is a word


def test_a_rate_of_change_the_last_item_ends_with_is_every_listed_quantity_s():
    """lexicon rate_of_change_heads: 增速 after the last item is the rate of each item measured."""
    assert metrics_of("投资、消费增速分别快于全国3.4个、1个百分点。\n") == {
        "3.4个": "投资增速快于全国", "1个百分点": "消费增速快于全国"}
    assert metrics_of("园区规模工业增加值、税收增速分别高于全省2.2个和3.7个百分点。\n")["2.2个"] \
        == "园区规模工业增加值增速高于全省"
    # an item that names no quantity takes the measure with its rate; 为 links 增速 to its figure
    assert metrics_of("工业、服务业增加值增速分别为5%、6%。\n") == {"5%": "工业增加值增速", "6%": "服务业增加值增速"}


def test_the_items_of_a_distributive_list_share_the_head_noun_of_the_last():
    """lexicon shared_metric_heads: 新能源汽车、集成电路产量 → 新能源汽车产量; not when the items
    are measures of their own (游客人次、旅游花费) or verb phrases (城镇新增就业、新增发放…贷款)."""
    assert metrics_of("新能源汽车、集成电路、工业机器人产量分别增长49.8%、11.9%、36.1%。\n") == {
        "49.8%": "新能源汽车产量增长", "11.9%": "集成电路产量增长", "36.1%": "工业机器人产量增长"}
    assert metrics_of("六大优势产业、高技术制造业、绿色低碳优势产业增加值分别增长6.9%、8.4%、10%。\n") == {
        "6.9%": "六大优势产业增加值增长", "8.4%": "高技术制造业增加值增长", "10%": "绿色低碳优势产业增加值增长"}
    assert metrics_of("游客人次、旅游花费分别增长14%、11%。\n") == {"14%": "游客人次增长", "11%": "旅游花费增长"}
    assert metrics_of("城镇新增就业、新增发放创业担保贷款分别完成年计划的113.4%、256.1%。\n")["113.4%"] == "城镇新增就业完成年计划"
    # the longest head that does not repeat the item's end: 营业收入, 产业增加值, but 制造业 + 增加值
    assert metrics_of("电子信息、高端装备制造、现代消费品营业收入分别达到2000亿元、1800亿元、1400亿元。\n")["1800亿元"] \
        == "高端装备制造营业收入"
    # a word between the list and 分别 belongs to the predicate of every item (distributive_list_tails)
    assert metrics_of("有色冶金、石化化工、装备制造产业增加值年均分别增长17.8%、4.8%、9.9%。\n") == {
        "17.8%": "有色冶金产业增加值年均增长", "4.8%": "石化化工产业增加值年均增长", "9.9%": "装备制造产业增加值年均增长"}
    assert metrics_of("销售面积环比、同比分别增长51.3%、15.3%。\n")["15.3%"] == "同比增长"  # 同比 is an item here
    # a head naming a thing of its own goes to a short item or one it continues, not to a longer item
    assert metrics_of("刑事、治安案件分别下降12%、3.3%。\n")["12%"] == "刑事案件下降"
    assert metrics_of("城乡居民基础养老金、城市低保、农村低保标准分别提高84%、40%、59%。\n") == {
        "84%": "城乡居民基础养老金提高", "40%": "城市低保标准提高", "59%": "农村低保标准提高"}


def test_a_figure_after_only_a_predicate_takes_the_subject_of_the_threshold_crossed_before_it():
    """with_subject: 迈上6万亿元台阶，达到62661亿元 is the 地区生产总值's, not its 迈上's (lexicon
    threshold_crossings); a subject named in between keeps the figure from the earlier one's."""
    metrics = metrics_of("地区生产总值连续迈上4个万亿元台阶、达14.2万亿元、年均增长5.7%。\n")
    assert (metrics["14.2万亿元"], metrics["5.7%"]) == ("地区生产总值", "地区生产总值年均增长")
    assert metrics_of("地区生产总值迈上6万亿元台阶，达到62661亿元。\n")["62661亿元"] == "地区生产总值"
    # (the subject named in between, not 外贸实绩企业, and not what is said of it: 实现翻番)
    assert metrics_of("外贸实绩企业突破9000家，高新技术企业数量实现翻番、达1.8万家。\n")["1.8万家"] == "高新技术企业数量"


def test_a_growth_rate_compared_with_the_nation_takes_the_subject_before_it():
    """增速 names no subject (lexicon predicate_only_metric_words.modifiers)."""
    metrics = metrics_of("社会消费品零售总额增长4.1%，增速高于全国0.6个百分点。\n")
    assert metrics["0.6个百分点"] == "社会消费品零售总额增速高于全国"


def test_a_list_verb_after_its_subject_goes_to_a_noun_that_follows_its_count():
    assert metrics_of("全疆高校新增17个博士点、45个硕士点。\n")["45个"] == "新增硕士点"
    # a stage of work of its own, of the things counted before (lexicon stage_words)
    assert metrics_of("老旧小区改造开工742个、完工548个。\n")["548个"] == "老旧小区改造完工"


def test_a_stage_or_attribute_listed_after_a_figure_takes_its_subject():
    """lexicon stage_words and attribute_items: a list item made only of one names what the figure
    right before it counted, at another stage or by another measure."""
    assert metrics_of("建成过江通道4座、在建8座，改扩建一批机场。\n") == {"4座": "建成过江通道", "8座": "过江通道在建"}
    assert metrics_of("自治区重大项目开工390个、竣工437个。\n")["437个"] == "自治区重大项目竣工"
    # two stage words in a row; the verb of the figure before is not the things' own
    assert metrics_of("引进纺织服装项目24个、建成投产17个。\n")["17个"] == "纺织服装项目建成投产"
    assert metrics_of("累计签约外资项目217个、总投资258亿美元。\n")["258亿美元"] == "累计签约外资项目总投资"
    assert metrics_of("签约项目近500个、总投资超2600亿元。\n")["超2600亿元"] == "签约项目总投资"  # a qualifier between
    assert metrics_of("累计建设839个海外仓、总面积1210万平方米。\n")["1210万平方米"] == "累计建设海外仓总面积"
    # not as an attribute when both figures measure alike (then it is the thing's total: lexicon
    # total_prefixes), nor after a figure that measured an attribute itself, nor when other words
    # stand between the two
    assert metrics_of("新增地铁运营里程43公里、总里程达到879公里。\n")["879公里"] == "地铁运营总里程"
    assert metrics_of("农村公路总里程12.96万公里，投资近千亿元。\n")["近千亿元"] == "投资"
    assert metrics_of("签约项目500个，带动就业，总投资2600亿元。\n")["2600亿元"] == "总投资"


def test_a_count_running_on_to_the_next_figure_counts_only_its_noun():
    """lexicon counted_noun_end_verbs: the next figure's verb and measure are not what a count counts."""
    assert metrics_of("300个省列重大项目累计完成投资2393.1亿元。\n") == {
        "300个": "省列重大项目", "2393.1亿元": "省列重大项目累计完成投资"}
    assert metrics_of("17个重点传统制造业增加值增长8%。\n")["17个"] == "重点传统制造业"
    assert metrics_of("1.3万户小微企业获得首贷274亿元。\n")["1.3万户"] == "小微企业"
    assert metrics_of("18个省级特色专业镇营业收入预计分别增长10%、12%。\n")["18个"] == "省级特色专业镇"
    assert metrics_of("89个开发区规上工业总产值占全省比重达78%。\n")["89个"] == "开发区规上工业"  # 总产值 whole
    # a measure followed by more words is part of the name; verbs that stand inside names do not cut
    assert metrics_of("与25家央企签署投资协议94个。\n")["25家"] == "央企签署投资协议"
    assert metrics_of("6个城中村改造试点城市开工建设安置住房7.4万套。\n")["6个"].startswith("城中村改造试点城市")
    # a count whose words do not run on to a figure keeps them all
    assert metrics_of("出台促进民营经济发展壮大36条政策措施。\n")["36条"] == "出台促进民营经济发展壮大政策措施"


def test_a_list_of_short_nouns_with_nothing_said_of_them_gives_each_figure_its_own():
    assert metrics_of("3次亲临云南考察、4次回信、2次致贺信，作出一系列重要指示。\n") == {
        "3次": "亲临云南考察", "4次": "回信", "2次": "致贺信"}
    # what is said of the list still names each figure
    assert metrics_of("6个集体、7名个人荣获全国民族团结进步模范表彰。\n")["6个"] == "集体、个人荣获全国民族团结进步模范表彰"
    assert metrics_of("17个区、2个县（市）、124个镇获评全国百强区、百强县、千强镇。\n")["17个"].startswith("区、县")


def test_a_joiner_inside_a_word_joins_no_list():
    """lexicon words_containing_joiners: the 及 of 普及率, the 和 of 和美乡村."""
    assert metrics_of("城乡环卫一体化覆盖率、农村自来水普及率分别提高到60%、92%。\n") == {
        "60%": "城乡环卫一体化覆盖率", "92%": "农村自来水普及率"}
    assert metrics_of("和美乡村建设覆盖率、农村自来水普及率分别达到80%、90%。\n") == {
        "80%": "和美乡村建设覆盖率", "90%": "农村自来水普及率"}


def test_a_figure_continuing_a_list_of_counted_items_is_named_by_its_own_noun():
    metrics = metrics_of(
        "新增22个新型城镇化建设试点、8个整县推进农文旅融合发展试点，新培育2519个典型村和25个典型村片区。\n")
    assert metrics["25个"] == "新培育典型村片区"  # not "2519个典型村和"
    assert metrics["8个"] == "新增整县推进农文旅融合发展试点"  # a noun phrase is kept whole up to METRIC_MAX_CHARS
    # later items share the verb the list opens with (lexicon list_head_verbs)
    shared = metrics_of(
        "筹集保障性住房1.57万套、保障性租赁住房18.11万套，平均压减时间58%、材料52%。\n")
    assert shared["18.11万套"] == "筹集保障性租赁住房" and shared["52%"] == "压减材料"
    # counts in different measure words are counted items alike; an amount of money is not
    counted = metrics_of("改造农村牧区危房3460户、城镇老旧小区1185个，新开工项目30个、总投资50亿元。\n")
    assert counted["1185个"] == "改造城镇老旧小区" and counted["50亿元"] == "新开工项目总投资"  # not 新开工总投资
    # lengths and areas are things done too (lexicon list_verb_families); an item that measures
    # the thing before it is not (lexicon attribute_items)
    done = metrics_of("新建森林城镇38个、碧道930公里，累计建设839个海外仓、总面积1210万平方米。\n")
    assert done["930公里"] == "新建碧道" and done["1210万平方米"] == "累计建设海外仓总面积"  # not 建设总面积
    # the list's verb is every verb in a row that opens it
    assert metrics_of("新开工改造城镇老旧小区4402个、城中村5.1万户。\n")["5.1万户"] == "新开工改造城中村"
    # a short aside in brackets after the counted noun does not end it
    assert metrics_of("11个县（市、区）通过国家义务教育优质均衡发展评估。\n") == {"11个": "县通过国家义务教育优质均衡发展评估"}
    # a list of subjects before its figures is not a list of counted items
    assert {c.metric for c in process_document("治沙、造林、种草分别完成年度目标任务的113%、220%和148%。\n", "d").claims} == {
        "治沙完成年度目标任务", "造林完成年度目标任务", "种草完成年度目标任务"}
    kept = metrics_of("通达全球127个国家和地区的584个港口。\n")
    # what ends in 的 before the count describes the noun after it; 和 inside 国家和地区 joins no list
    assert kept == {"127个": "通达全球国家", "584个": "港口"}

# -- programme ------------------------------------------------------------------
def test_a_keyword_naming_the_next_item_of_a_list_is_not_the_figure_s():
    """绿色工厂 is the subject of 39户, not of 4户 before it; 旅游公路, after the last of the figures
    that describe it, still names all of them."""
    text = ("新认定国家级制造业单项冠军企业4户、绿色工厂39户，创历史最好水平。"
            "历时7年建设、投资近千亿元、全长1.3万公里的三个一号旅游公路提前三年全线贯通。")
    assert claim(text, "4户").programme == "economy"
    assert claim(text, "39户").programme == "environment"
    assert claim(text, "近千亿元").programme == "culture_tourism_sports"


def test_programme_follows_the_figure_not_the_article():
    text = ("老旧小区改造纪实\n\n——鹤壁市推进老旧小区改造\n\n陈艳艳\n\n"
            "老旧小区改造中，社区组建志愿服务队12支，累计启动老旧小区改造211个。\n")
    assert claim(text, "12支").programme == "volunteer_service"
    assert claim(text, "211个").programme == "housing_renovation"
    assert claim("社区加装电梯8台。", "8台").programme == "elevator_retrofit"
    # a count's noun follows its measure word, whatever stands before it
    assert claim("本届大运会共有来自各高校的2万名赛会志愿者。", "2万名").programme == "volunteer_service"
    # …even against the words of the rest of its clause
    assert claim("推动18家养老机构与辖区内医疗机构签订医疗服务协议。", "18家").programme == "elderly_care"
    # a share is about its subject, not its base
    assert claim("全县注册志愿者人数占常住人口13%。", "13%").programme == "volunteer_service"
    assert claim("财政性教育经费投入占GDP比重超过5%。", "超过5%").programme == "education"
    assert claim("地区生产总值增长5.7%。", "5.7%").programme == "economy"
    # a figure given out to one item of a 分别 list is about that item, not the keyword nearest it
    listed = "城镇调查失业率、居民消费价格涨幅分别控制在5%和3%以内。"
    assert (claim(listed, "5%").programme, claim(listed, "3%以内").programme) == ("employment", "economy")
    # …while what the whole list shares still counts
    shared = "重点监测景区接待游客人次、经营收入分别增长16.9%、11.3%。"
    assert claim(shared, "11.3%").programme == "culture_tourism_sports"


# -- metric -------------------------------------------------------------------------
def test_metric_names_what_is_counted_without_fillers():
    text = "截至目前,该社区已加装8台电梯并投入使用,另有3台正在施工中。这一举措惠及居民200余人。全市累计启动老旧小区改造211个。"
    metrics = metrics_of(text)
    assert metrics == {"8台": "加装电梯并投入使用", "3台": "正在施工中", "200余人": "惠及居民",
                       "211个": "累计启动老旧小区改造"}


def test_metric_keeps_words_that_open_with_a_lead_word():
    """Leads (lexicon metric_lead_words: 有, 在, 共…) are stripped, but not the first character of
    a word (metric_lead_keeps), nor a lead a dropped place left next to a verb."""
    metrics = metrics_of(
        "城市韧性不断提升，有序改造供热管网1287公里。全市有老旧小区211个。在建项目383个。"
        "共建设安置区52个。福建先后在宁夏建了6000多家企业。\n")
    assert metrics["1287公里"] == "有序改造供热管网"
    assert metrics["211个"] == "老旧小区"
    assert metrics["383个"] == "在建项目"
    assert metrics["52个"] == "建设安置区"
    assert metrics["6000多家"] == "企业"
    assert claim("近岸海域优良水质面积比例92.9%。", "92.9%").metric == "近岸海域优良水质面积比例"


def test_long_metric_drops_its_baseline_before_its_head():
    metrics = metrics_of(
        "创新外国人工作许可制度，2025年来琼工作的外国专家和外国留学生人数较2020年增长90%。"
        "全省数智平台交办的群众急难愁盼问题与去年同期相比减少50%。"
        "战略性新兴产业中的四大主导产业占GDP比重较2020年提高约14个百分点。\n")
    assert metrics["90%"] == "来琼工作的外国专家和外国留学生人数增长"  # not 工作的外国专家和外国留学生人数较2020年增长
    assert metrics["50%"] == "数智平台交办的群众急难愁盼问题减少"
    assert metrics["约14个百分点"] == "战略性新兴产业中的四大主导产业占GDP比重提高"  # 比重 is not a baseline
    # within the length kept, the baseline stays: it says what the change is against
    assert claim("营业收入较上年增长8%。", "8%").metric == "营业收入较上年增长"
    assert claim("2025年外国人来琼工作人数较2020年增长90%。", "90%").metric == "外国人来琼工作人数较2020年增长"


def test_a_starting_point_and_a_modifier_are_not_what_is_counted():
    metrics = metrics_of("经营主体从689万户增至951万户。将全国文明城市测评标准从原来的140项减至现在的65项。"
                         "本届大运会共有来自各高校的2万名赛会志愿者。\n")
    assert metrics["689万户"] == "经营主体（变化前）"  # not 经营主体从; the value the change starts from
    assert metrics["140项"] == "全国文明城市测评标准（变化前）"  # not …从原来的, nor 将 (its 把)
    assert metrics["65项"] == "全国文明城市测评标准"
    assert metrics["2万名"] == "赛会志愿者"  # not 本届大运会共有来自各高校的
    # (lexicon starting_value_modifiers: 由平均 goes with the starting value)
    assert metrics_of("基本服务费由平均1800元下降到900元。\n") == {"1800元": "基本服务费（变化前）", "900元": "基本服务费"}


def test_examples_closed_by_deng_name_instances_of_what_follows_the_figure():
    metrics = metrics_of(
        "东风本田新能源、邦普时代、亿纬动力超级工厂等2957个重大产业项目建成投产，"
        "加西、沙久等11条国省干线公路建成通车。\n")
    assert metrics["2957个"] == "重大产业项目建成投产"
    assert metrics["11条"] == "国省干线公路建成通车"
    # the verb that opens the examples still says what was done (lexicon list_head_verbs)
    assert metrics_of("维修改造机场大道、友谊路等58条重要道路。\n")["58条"] == "维修改造重要道路"
    # as many names listed as the figure counts: the names are the things counted
    listed = [c.metric for c in process_document(
        "咸丰、大冶、枝江3个县市入选全国乡村治理典型案例。绍兴黄酒、金华火腿、西湖龙井茶3个历史经典产业入围国家培育名单。\n",
        "d").claims]
    assert listed == ["县市入选全国乡村治理典型案例", "历史经典产业入围国家培育名单"]
    assert claim("启动建设电子元器件、生物制造、能源智能开发与高效利用3个省实验室。", "3个").metric == "启动建设省实验室"
    # examples closed by 等 before the number of things they exemplify, inside a longer phrase
    assert claim("先进装备、电子信息、新能源汽车等7大产业集群对工业贡献率超过70%。", "超过70%").metric == \
        "7大产业集群对工业贡献率"


@pytest.mark.parametrize("sentence, mention, programme", [
    ("旅居人数增长41.4%。", "41.4%", "culture_tourism_sports"),
    ("4万户农牧民用上稳定可靠的电。", "4万户", "rural_revitalization"),
    ("新认定3家院士工作站。", "3家", "economy"),
    ("新增3个国家级科创平台。", "3个", "economy"),
    ("布局13个绿电产业园区。", "13个", "environment"),
    ("持有效工作许可外国专家增长26%。", "26%", "employment"),
    ("高中阶段毛入学率达到96.9%。", "96.9%", "education"),
    ("信访总量下降53%。", "53%", "resident_services"),  # petitions are 群众诉求, as 12345热线 and 接诉即办
    ("融资平台数量削减55.9%。", "55.9%", "economy"),
    ("育成肉鸡新品种占全国约40%。", "约40%", "rural_revitalization"),
    ("完成“煤改电”78万户。", "78万户", "environment"),
    ("新增五星级饭店3家。", "3家", "culture_tourism_sports"),
    ("全省刑事立案数下降11.2%。", "11.2%", "public_safety"),
    ("新建绿道137公里。", "137公里", "environment"),  # greenways and parks are 生态; 口袋公园 and 小微绿地 stay urban renewal
    ("新增公园35个、口袋公园100个。", "100个", "urban_renewal"),
    ("国家公园占自然保护地总面积的75%。", "75%", "environment"),
    ("四季度新建商品房网签销售面积增长15.3%。", "15.3%", "economy"),
    ("基本养老保险参保率从91%提高到95%。", "95%", "other"),  # 参保 alone does not make it health
    ("实施保障性安居工程3.95万套。", "3.95万套", "housing_security"),  # 安居工程, not the place 安居
    ("智慧供热覆盖面积2.5亿平方米。", "2.5亿平方米", "urban_renewal"),
    ("全市道路交通事故数下降14.7%。", "14.7%", "public_safety"),  # 交通事故 before 交通
    ("改建认知障碍照护床位3210张。", "3210张", "elderly_care"),
    ("城市生活垃圾和建筑垃圾利用率均达60%以上。", "60%以上", "environment"),
    ("完成出车转运220多次，非急救转运服务覆盖全县。", "220多次", "health_services"),
    ("碳化硅晶体等新项目开工3个。", "3个", "economy"),  # 碳 inside a material's name is no emission
    ("培育认定首批省级零碳工厂30家。", "30家", "environment"),
    ("580种药品和26种医用耗材价格大幅降低。", "26种", "health_services"),
    ("推进建设国内一流学科40个。", "40个", "education"),
    ("新增深水网箱养殖水体89万立方米。", "89万立方米", "rural_revitalization"),
    ("100所县域普通高中建成投用。", "100所", "education"),
    ("群众安全感连续7年保持98%以上。", "98%以上", "public_safety"),
    ("高效处置15起森林火灾。", "15起", "public_safety"),  # 森林火灾 before 森林
    ("308个便民事项实现跨省自助办。", "308个", "government_services"),
    ("制定实施医疗器械、新材料等40项细分产业支持政策。", "40项", "economy"),  # an industry, not care
    ("12345热线满意率达到96%。", "96%", "resident_services"),
    ("常住人口城镇化率达到60.5%。", "60.5%", "other"),  # population as context, not the economy
    ("新增电力装机1200万千瓦。", "1200万千瓦", "economy"),  # power capacity; new-energy capacity stays green
    ("新能源装机达到3000万千瓦。", "3000万千瓦", "environment"),
    ("全年生产原煤9亿吨。", "9亿吨", "economy"),
    ("新增国家级农业产业化重点龙头企业12家。", "12家", "rural_revitalization"),  # 农业产业化, not 产业
    ("新改建农村公路3000公里。", "3000公里", "rural_revitalization"),  # not the economy's 公路
    ("农村生活污水治理率达到45%。", "45%", "rural_revitalization"),  # 人居环境, not the environment's 污水
    ("高校毕业生留省就业率达到70%。", "70%", "employment"),  # graduates' jobs, not a university
    ("发放育儿补贴20亿元。", "20亿元", "education"),  # 托育 sits under education
    ("建成农村互助幸福院120个。", "120个", "elderly_care"),
    ("盘活存量房地产用地300公顷。", "300公顷", "economy"),  # the property market, not 住房保障
    ("单位地区生产总值能耗下降3.5%。", "3.5%", "environment"),  # energy intensity, not GDP
    ("实施农业转移人口市民化等8项行动。", "8项", "other"),  # urbanisation of rural migrants: population
    ("5家央企区域总部落户本省。", "5家", "economy"),  # firms settle (落户) as investment, not as residents
    ("100种高频事项实现免证可办。", "100种", "government_services"),
    ("消费帮扶采购金额11亿元。", "11亿元", "rural_revitalization"),
    ("新能源电池产能达30GWh。", "30GWh", "economy"),  # battery output is industry
    ("国际友城达到67对。", "67对", "other"),  # foreign exchange, not the economy
    ("建成通港达园专支线航道5条。", "5条", "economy"),  # waterways are transport infrastructure
    ("12部作品荣获五个一工程优秀作品奖。", "12部", "culture_tourism_sports"),
    ("清理打通疏散通道、安全出口3.2万余处。", "3.2万余处", "public_safety"),  # 安全出口, not 出口 (exports)
    ("累计推动农房风貌提升26.4万户。", "26.4万户", "rural_revitalization"),
    # the third held-out labels: a measure (产值, 营收, 出口) never outweighs the subject measured
    ("农产品加工业营收增长7.1%。", "7.1%", "rural_revitalization"),  # 农产品加工, not the 工业 of 加工业
    ("农产品出口增长7.9%。", "7.9%", "rural_revitalization"),
    ("文化产业产值增长22%。", "22%", "culture_tourism_sports"),
    ("规上工业增加值增长8.1%。", "8.1%", "economy"),
    ("鲁班工坊增至26个。", "26个", "education"),
    ("启动改造19个城中村。", "19个", "urban_renewal"),
    ("消除中心城区易积水点位29处。", "29处", "public_safety"),
    ("邮轮母港接待邮轮91艘次。", "91艘次", "culture_tourism_sports"),
    ("建设城市一刻钟便民生活圈232个。", "232个", "resident_services"),
    ("建成示范型老人家食堂30个。", "30个", "community_dining"),
    ("湘南湘西承接产业转移示范区实际到位内资超4000亿元，湘西凤凰古城成功创建国家5A级旅游景区。", "超4000亿元", "economy"),
    ("省本级压减收回非重点非刚性支出167亿元。", "167亿元", "economy"),
    ("预计地区生产总值增长5.2%左右，一般公共预算收入增长3.1%，城镇调查失业率4.1%左右。", "4.1%左右", "employment"),
    ("清洁能源电力装机突破1300万千瓦。", "突破1300万千瓦", "environment"),
    # the fourth held-out labels
    ("全省上下众志成城，成功应对22轮强降水和15个台风。", "22轮", "public_safety"),
    ("强化医保对生育的支持，报销生育费用7.5亿元，发放生育津贴17.3亿元。", "17.3亿元", "health_services"),
    ("发放高龄补贴32亿元。", "32亿元", "elderly_care"),
    ("21个学科进入ESI前千分之一。", "21个", "education"),
    ("新能源总装机达到8041.6万千瓦、增长2.4倍。", "8041.6万千瓦", "environment"),  # not the economy's 总装机
    ("因转移及时，拉扎村3.73亿立方米山体滑坡未造成人员伤亡。", "3.73亿立方米", "public_safety"),
    ("新增可再生能源发电装机1261万千瓦。", "1261万千瓦", "environment"),  # not the economy's 发电装机
    ("新增光伏发电装机1088万千瓦。", "1088万千瓦", "environment"),
    ("绿氢产量突破1万吨。", "突破1万吨", "environment"),
    ("累计完成棚户区改造47.63万户。", "47.63万户", "housing_security"),  # 保障性安居工程, as every pass labels it
    ("改善农村住房超50万户。", "超50万户", "rural_revitalization"),
    # the fifth held-out labels: farming vocabulary, which 增长 alone must not turn into the economy
    ("推广高产优质品种3874万亩、增长23.5%。", "23.5%", "rural_revitalization"),
    ("农作物耕种收综合机械化率达到95%。", "95%", "rural_revitalization"),
    ("农业托管面积3300万亩，服务310万农户。", "310万", "rural_revitalization"),
    ("“江苏医惠保1号”超500万人参保。", "超500万人", "health_services"),  # no 人参 in 万人参保
    ("农机装备产业增长10.2%。", "10.2%", "economy"),  # machinery is industry
    ("最低工资标准每月提高183元。", "183元", "employment"),
    # the sixth held-out labels
    ("加强就业服务，建成10个线上零工平台、727家线下零工驿站。", "727家", "employment"),
    ("完成478家沿江化工企业关改搬转、12480个入河排污口整治。", "12480个", "environment"),
    ("脱贫地区农村居民人均可支配收入增长6.8%。", "6.8%", "rural_revitalization"),
    # a summary sentence of a dozen economic indicators does not outvote a figure's own clause
    ("全省地区生产总值57761亿元、增长5.5%，一般公共预算总收入5955.6亿元、增长0.8%，地方一般公共预算收入"
     "3614.6亿元、增长0.6%，固定资产投资增长3.9%，社会消费品零售总额增长4.4%，出口增长5.3%，城镇居民、"
     "农村居民人均可支配收入分别增长4.6%、6.7%，城镇调查失业率4.7%，居民消费价格下降0.1%。", "4.7%", "employment"),
    # the tenth held-out labels: the year's list of livelihood projects is labelled other (20 of 20
    # labels in every set), as is aid to partner regions (援疆, 对口支援)
    ("以普惠性基础性兜底性民生建设为重点，12类55件民生实事保质保量完成。", "55件", "other"),
    ("实施对口支援协作项目1847个。", "1847个", "other"),
    ("全国文明城市、国家历史文化名城分别增至37座、14座。", "14座", "culture_tourism_sports"),
    ("食品、药品抽检合格率分别超98.5%和99%。", "99%", "health_services"),  # the item's 药品, not the list's 食品
    # the eleventh held-out labels
    ("长期护理保险参保人数达4526万人。", "4526万人", "elderly_care"),  # as 3 of 3 labels have it
    ("完成工业设备更新14.2万台（套）、电梯更新10025台。", "10025台", "economy"),  # equipment renewal, not 加装电梯
    ("开工城中村改造安置住房14.1万套。", "14.1万套", "housing_security"),
    ("实施病险水库除险加固项目5477个。", "5477个", "public_safety"),
    ("非化石能源发电装机达到1.39亿千瓦。", "1.39亿千瓦", "environment"),
    ("万元生产总值用水量下降22%。", "22%", "environment"),
    ("重拳打击各类经济犯罪、挽回经济损失22.2亿元。", "22.2亿元", "public_safety"),
    ("年度10件惠民实事全部办结。", "10件", "other"),
    # the twelfth held-out labels: social assistance is other (9 of 12 labels), unless medical
    # or for disaster victims
    ("发放困难群众救助补助资金127.8亿元。", "127.8亿元", "other"),
    ("实施医疗救助613.7万人次。", "613.7万人次", "health_services"),
    ("有效应对各类自然灾害，救助受灾困难群众252.7万人。", "252.7万人", "public_safety"),
    ("旅游收入增长12.5%，接待旅居养老人次增长25%。", "25%", "elderly_care"),
    ("创建全国示范性老年友好型社区52个。", "52个", "elderly_care"),
    # the thirteenth and fourteenth: foreign affairs are other (as 国际友城, 12 of 12 labels)
    ("外国获批在川设立领事机构增至24家。", "24家", "other"),
    ("30批次副国级以上外国政要来川访问。", "30批次", "other"),
    ("组织出访447批、1955人次。", "447批", "other"),
    # the fifteenth
    ("绿色贷款余额超过8200亿元。", "超过8200亿元", "environment"),  # not the economy's 贷款
    ("推进重点行业超低排放改造，淘汰国四柴油车4.6万辆。", "4.6万辆", "environment"),
    # texts of other genres written for the twenty-third session's probes
    ("朝阳区今年将新建社区养老服务驿站30个。", "30个", "elderly_care"),  # not the 驿站 of resident_services
    ("组织老人免费体检，共体检老人3200人。", "3200人", "health_services"),
    ("全面开展城市体检工作，覆盖18个设区城市。", "18个", "urban_renewal"),  # 城市体检 is no medical check
    ("长春市汽车产量达到250万辆。", "250万辆", "economy"),
    ("建成5G基站2万个。", "2万个", "economy"),
    ("全年化学需氧量排放量下降3.5%，氮氧化物排放量下降4.1%。", "4.1%", "environment"),
    ("深入实施千万工程，创建503个省级示范村。", "503个", "rural_revitalization"),
    ("夫子庙街道改造小区9个，加装电梯48部。", "9个", "housing_renovation"),  # not the next clause's 电梯
])
def test_programme_keywords_added_from_unseen_reports(sentence, mention, programme):
    assert claim(sentence, mention).programme == programme


def test_the_reasons_the_dashboard_shows_are_written_in_chinese():
    """year_note, place_note and programme_basis are shown as they are on the 原文 page."""
    import re
    from pathlib import Path
    english = re.compile(r"[A-Za-z]{3,}")
    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8-sig") for p in seeds] + ["新城区投入资金50万元。\n"]
    seen, evidence = 0, set()
    for text in texts:
        pd = process_document(text, "d")
        assert not english.search(pd.pub.evidence or ""), pd.pub.evidence
        evidence.add(pd.pub.evidence)
        for c in pd.claims:
            for reason in (c.year_note, c.place.note, c.programme_basis):
                assert not english.search(reason or ""), reason
                seen += bool(reason)
    assert seen > 250  # most claims carry a year note and a programme basis
    ambiguous = process_document("新城区投入资金50万元。\n", "d").claims[0].place.note
    assert ambiguous.startswith("新城区：可能是") and "无法确定" in ambiguous
    assert "文中最晚的年份：2023年" in evidence and "第37个国际禁毒日 → 2024" in evidence


def test_a_long_metric_is_cut_where_a_word_ends_not_inside_one():
    metrics = metrics_of(
        "实施中华优秀传统文化保护传承和精品工程项目1239个。"
        "沿边临港产业园区和中国—东盟产业合作区在建项目投资超万亿元。"
        "蓝天碧水净土保卫战持续深化城市黑臭水体治理工作取得成效消除率达到98%。\n")
    assert metrics["1239个"] == "实施中华优秀传统文化保护传承和精品工程项目"  # 21 characters: kept whole
    assert metrics["超万亿元"] == "中国—东盟产业合作区在建项目投资"  # cut after 和, not 业园区和…
    # no word end near the cut: the plain cut to the last 20 characters, as before
    assert metrics["98%"] == "化城市黑臭水体治理工作取得成效消除率"


def test_a_headline_about_the_country_makes_its_figures_the_countrys_not_the_dateline_city_s():
    text = ("我国城镇老旧小区改造取得积极进展\n\n新华社北京1月22日电（记者 张伟）2024年全国新开工改造城镇老旧小区5.8万个。"
            "去年各地加装电梯3.6万部。\n\n在江苏，南京市去年改造老旧小区186个，苏州市改造132个。\n")
    claims = {c.q.mention: c for c in process_document(text, "d", manifest_date="2025-01-22").claims}
    assert claims["5.8万个"].place.province is None and claims["3.6万部"].place.province is None  # not 北京市
    assert claims["3.6万部"].place.basis == "national"
    assert (claims["132个"].place.city, claims["132个"].metric) == ("苏州市", "改造老旧小区")  # the verb alone repeats the things
    # a headline naming a place keeps it
    local = "南京老旧小区改造提速\n\n新华社南京1月22日电 去年改造老旧小区186个。\n"
    assert claim(local, "186个").place.city == "南京市"


def test_a_clause_opening_with_a_national_scope_gives_the_countrys_figure():
    text = ("江苏省南京市推进养老服务。全国建成2990个示范性老年友好型社区，养老机构和设施达到40.6万个，"
            "全省新建养老机构12个。全国重点实验室达到17家，占全国10%。\n")
    places = {c.q.mention: (c.place.province, c.place.basis) for c in process_document(text, "d").claims}
    assert places["2990个"] == (None, "national")
    assert places["40.6万个"] == (None, "national")  # the national scope carries on to later clauses
    assert places["12个"] == ("江苏省", "paragraph")  # until a scope word (全省) takes over: 南京市's province
    # 全国 alone names the place's own things (全国重点实验室) or compares (占全国): not national
    assert places["17家"][0] == "江苏省" and places["10%"][0] == "江苏省"


def test_a_list_joiner_inside_quotes_does_not_split_the_metric():
    metrics = metrics_of("瓶装液化气居民“阀、管”改造99.94万户。实施“千村引领、万村提升”工程项目2758个。\n")
    assert metrics["99.94万户"] == "瓶装液化气居民阀、管改造"
    assert metrics["2758个"] == "实施千村引领、万村提升工程项目"
    # nor one inside an aside in brackets: 县（市、区）
    assert metrics_of("通高速公路县（市、区）达82个，迭部、碌曲通高速。\n")["82个"] == "通高速公路县（市、区）"
    assert metrics_of("建成新时代文明实践中心（所、站）2.8万个。\n")["2.8万个"] == "建成新时代文明实践中心（所、站）"


def test_a_long_metric_is_cut_after_a_closing_bracket_not_inside_a_date():
    metrics = metrics_of("根据最新统计，昨天（12月23日）上海全市社区卫生服务机构共接诊发热患者40338人。\n")
    assert metrics["40338人"] == "全市社区卫生服务机构共接诊发热患者"  # not 3日）全市…


def test_a_change_after_a_baseline_takes_the_subject_of_the_figure_before():
    metrics = metrics_of("全省地区生产总值达到13697.5亿元，较“十三五”末的9323.1亿元增加4374.4亿元，增长33.6%。\n")
    assert metrics["4374.4亿元"] == "地区生产总值较十三五末的增加"
    assert metrics["33.6%"] == "地区生产总值增长"  # not 较十三五末的增长, which names nothing


def test_a_baseline_year_is_not_carried_to_the_next_sentence_of_its_paragraph():
    """比上年增长1.2% compares with the year before; the paragraph's next figure is still the text's own year."""
    text = "2024年，全省粮食总产量达到1406.1亿斤，比上年增长1.2%。年末全省常住人口9685万人。全年居民消费价格比上年上涨0.2%。\n"
    pd = process_document(text, "d")
    years = {c.q.mention: (c.year, c.year_basis) for c in pd.claims}
    assert years["1.2%"] == (2024, "explicit")
    assert years["9685万人"][0] == 2024 and years["0.2%"][0] == 2024  # not 2023


def test_a_statistical_bulletin_reports_the_year_in_its_title_not_the_year_of_its_dateline():
    text = ("某某市2024年国民经济和社会发展统计公报\n\n某某市统计局\n2025年3月15日\n\n一、综合\n\n"
            "初步核算，全年全市地区生产总值5123.45亿元，比上年增长5.6%。\n")
    pd = process_document(text, "d")
    assert pd.pub.year == 2025  # the dateline still says when the page came out
    assert {(c.q.mention, c.year) for c in pd.claims} == {("5123.45亿元", 2024), ("5.6%", 2024)}
    dated_only = "某某市统计局\n2025年3月15日\n\n全年全市地区生产总值5123.45亿元。\n"
    assert claim(dated_only, "5123.45亿元").year == 2025


def test_a_year_after_a_comparison_word_is_the_baseline_not_the_figures_year():
    text = "2026年山西省政府工作报告\n地区生产总值增长5.5%，快于2024年1.8个百分点，低于2020年水平0.5个百分点。\n"
    c = claim(text, "1.8个百分点")
    assert (c.year, c.q.unit) == (2025, "百分点")  # the report's year under review, not the baseline 2024
    assert claim(text, "0.5个百分点").year == 2025


def test_a_later_list_item_after_a_long_counted_noun_is_named_by_its_own_noun():
    # the item before the joiner is a figure and a noun of more than eight characters
    metrics = metrics_of("新建4个国家现代农业产业示范园和7个农业产业强镇。\n")
    assert metrics["7个"] == "新建农业产业强镇"  # not "新建国家现代农业产业示范园和农业产业强镇"


def test_a_figure_that_measures_the_noun_after_its_de_names_that_noun_first():
    """lexicon attributes_of_a_noun_after, predicates_after_a_modified_noun."""
    metrics = metrics_of("总投资320亿元的滨江新材料产业园项目开工建设。设立总规模80亿元的市创新投资母基金。"
                         "全长126公里的沿湖绿道全线贯通。惠及12万人的城乡供水一体化工程建成。\n")
    assert metrics["320亿元"] == "滨江新材料产业园项目总投资"
    assert metrics["80亿元"] == "市创新投资母基金总规模"
    assert metrics["126公里"] == "沿湖绿道全长"
    assert metrics["12万人"] == "城乡供水一体化工程惠及"
    # without an attribute before the figure, or without a noun after the 的, nothing changes
    assert metrics_of("在新开工改造小区355个的基础上再增加300个小区。\n")["355个"] == "新开工改造小区"


def test_a_figure_each_list_item_has_is_named_by_the_whole_list():
    """lexicon each_markers: 各 right before the figure."""
    assert metrics_of("新增职业技术大学、高等职业学校各2所。\n")["2所"] == "新增职业技术大学、高等职业学校"


def test_a_frame_saying_what_a_figure_adds_to_stays_out_of_its_metric():
    """lexicon metric_frame_patterns and metric_frame_ends: 在…基础上."""
    metrics = metrics_of("“一网通办”在完成省里部署的15个事项基础上又推出8个。在全省基础上新增跨市通办事项22项。\n")
    assert metrics["8个"] == "一网通办又推出"
    assert metrics["15个"] == "事项"  # the figure inside the frame counts the noun before 基础上
    assert metrics["22项"] == "新增跨市通办事项"


def test_a_list_item_that_opens_with_its_own_verb_does_not_take_the_list_s_verb():
    metrics = metrics_of("制定市政府规章3件、废止9件。建设光伏装机500万千瓦、治沙60万亩。\n")
    assert metrics["9件"] == "废止" and metrics["60万亩"] == "治沙"  # not 制定废止, 建设治沙


def test_the_noun_after_a_counts_measure_word_ends_its_metric_unless_a_predicate_follows():
    metrics = metrics_of("出台促进民营经济发展壮大36条政策措施。全面推动第二批2225个典型村建设。"
                         "民营经济主体数量从134万户增加到174.09万户。\n")
    assert metrics["36条"] == "出台促进民营经济发展壮大政策措施"
    assert metrics["2225个"] == "全面推动第二批典型村建设"
    assert metrics["134万户"] == "民营经济主体数量（变化前）"  # 增加到… is a predicate, not what is counted


def test_a_one_word_noun_heading_a_list_takes_the_list_and_what_is_said_of_it():
    metrics = metrics_of("6个集体、7名个人荣获全国民族团结进步模范表彰。“手撕镍”等353项技术和产品实现国产化替代。"
                         "通航城市突破80个、居全国第3位。\n")
    assert metrics["6个"] == "集体、个人荣获全国民族团结进步模范表彰"  # the list's other figure left out
    assert metrics["7名"] == "个人荣获全国民族团结进步模范表彰"
    assert metrics["353项"] == "技术和产品实现国产化替代"
    assert metrics["突破80个"] == "通航城市"  # no noun after the figure: nothing to extend (not 居全国第3位)


def test_a_metric_that_only_says_who_benefits_or_how_big_takes_the_subject_before_it():
    metrics = metrics_of("发放社会救助资金118.7亿元、惠及310万人。央地合作新设产业基金4只、总规模97亿元。\n")
    assert metrics["310万人"] == "发放社会救助资金惠及"
    assert metrics["97亿元"] == "央地合作新设产业基金总规模"


def test_a_figure_cut_out_of_the_metric_leaves_no_leading_de():
    assert metrics_of("95%以上的村集体经营性收入超过10万元。\n")["超过10万元"] == "村集体经营性收入"


def test_a_metric_drops_conjunctions_future_markers_particles_and_adverbs_of_its_change():
    """lexicon metric_lead_words (而且, 将), metric_scope_leads (社区里); 了 after a verb; 已 before 从."""
    metrics = metrics_of("而且社区里70岁以上人口超过1500人。全市将新建街道养老服务中心30个。"
                         "办结率从70%提升到了95.5%。门诊量占比已从高点的62%降至20.1%。\n")
    assert metrics["超过1500人"] == "70岁以上人口"
    assert metrics["30个"] == "新建街道养老服务中心"
    assert metrics["70%"] == "办结率（变化前）" and metrics["95.5%"] == "办结率"
    assert metrics["62%"] == "门诊量占比（变化前）"
    assert metrics_of("将近300名志愿者参加。\n")["将近300名"] == "志愿者参加"  # 将近 is a qualifier, not 将
    # (已建在建: built and being built, not 建在建; 已建成 loses its 已)
    assert metrics_of("已建在建储能装机120万千瓦。已建成储能电站8座。\n") == {
        "120万千瓦": "已建在建储能装机", "8座": "建成储能电站"}


def test_an_amount_of_money_followed_by_what_money_it_is_is_named_by_that_noun():
    """lexicon money_nouns; what a verb says of the money after it is left out."""
    metrics = metrics_of("统筹用好省级56.8亿元乡村振兴衔接资金，推动产业发展。新增安排12亿元资金支持稳就业。"
                         "撬动社会资本设立超300亿元产业基金集群。筹措5亿元撬动新增贷款80亿元。\n")
    assert metrics["56.8亿元"] == "统筹用好省级乡村振兴衔接资金"  # not 统筹用好省级
    assert metrics["12亿元"] == "新增安排资金"  # not 新增安排资金支持稳就业
    assert metrics["超300亿元"] == "撬动社会资本设立产业基金集群"
    # 撬动 (lexicon leverage_verbs): the first amount brought the second about; each keeps its own words
    assert metrics["5亿元"] == "筹措" and metrics["80亿元"] == "撬动新增贷款"


def test_a_total_listed_after_things_added_is_the_total_of_the_things():
    """lexicon totals_after_a_flow, flow_verbs."""
    metrics = metrics_of("新增省级实验室6家、总数达31家。新建口袋公园40座，累计达到260座。\n")
    assert metrics["31家"] == "省级实验室总数"  # not 新增省级实验室总数
    assert metrics["260座"] == "口袋公园累计"
    assert metrics["6家"] == "新增省级实验室"
    # a threshold crossed right after an increment is a level of the thing
    metrics = metrics_of("经营主体净增60万户、突破900万户。铁路运营里程新增800公里、突破5000公里。\n")
    assert metrics["突破900万户"] == "经营主体" and metrics["突破5000公里"] == "铁路运营里程"
    # lexicon total_prefixes: 总里程 after the length added is that thing's total length
    metrics = metrics_of("新增高速公路通车里程1500公里，总里程达8600公里。新增运营里程43公里、总里程879公里。\n")
    assert metrics["8600公里"] == "高速公路通车总里程" and metrics["879公里"] == "运营总里程"
    # (a total of another measure is an attribute of what was counted, as before)
    assert metrics_of("新建改造管网300公里，总投资达20亿元。\n")["20亿元"] == "新建改造管网总投资"


def test_a_measure_word_that_names_what_it_counts_ends_the_metric():
    """units.json "names": 金 counts 金牌; the words after the medals (好成绩) are not what they count."""
    metrics = metrics_of("我市运动员在全运会上获得3金、2银、5铜好成绩。\n")
    assert metrics == {"3金": "我市运动员在全运会上获得金牌", "2银": "我市运动员在全运会上获得银牌",
                       "5铜": "我市运动员在全运会上获得铜牌"}


def test_a_word_naming_two_things_gives_one_to_each_of_two_figures():
    """lexicon paired_words (and paired_prefixes: 城乡)."""
    metrics = metrics_of("新能源汽车产销量分别增长30%和25%。外贸进出口分别增长6%、2%。\n")
    assert metrics == {"30%": "新能源汽车产量增长", "25%": "新能源汽车销量增长", "6%": "外贸进口增长", "2%": "外贸出口增长"}
    assert metrics_of("金融机构人民币存贷款余额分别增长6.9%、6.6%。\n") == {
        "6.9%": "金融机构人民币存款余额增长", "6.6%": "金融机构人民币贷款余额增长"}


def test_an_ellipsis_ends_what_the_metric_takes_from_the_right():
    assert metrics_of("计划建成休闲公园、城市森林15处……不断提升治理能力。\n")["15处"] == "城市森林"


def test_grades_listed_before_a_grade_and_its_noun_share_the_noun():
    """lexicon grade_suffixes."""
    metrics = metrics_of("国家级、省级创新平台分别达到18家、240家。一类、二类疫苗接种率分别达到99%、95%。\n")
    assert metrics == {"18家": "国家级创新平台", "240家": "省级创新平台",
                       "99%": "一类疫苗接种率", "95%": "二类疫苗接种率"}
    # graded_counts_sharing_a_noun: each count with its grade, the noun after the last grade
    metrics = metrics_of("建成5个国家级、60个省级高技能人才培训基地。培育2家千亿级、3家五百亿级、24家百亿级工业企业。\n")
    assert metrics == {"5个": "建成国家级高技能人才培训基地", "60个": "建成省级高技能人才培训基地",
                       "2家": "培育千亿级工业企业", "3家": "培育五百亿级工业企业", "24家": "培育百亿级工业企业"}


def test_a_one_character_adverb_before_a_figure_that_opens_with_its_verb_goes():
    """lexicon words_ending_in_an_adverb keeps 年均."""
    metrics = metrics_of("退役军人、残疾人新增就业均超5万人。城镇新增就业年均超过30万人。\n")
    assert metrics["超5万人"] == "退役军人、残疾人新增就业" and metrics["超过30万人"] == "城镇新增就业年均"


def test_examples_closed_by_deng_give_way_to_the_noun_they_stand_for():
    """The noun after 等 names what is counted, with the verb the examples opened with; a short
    phrase whose noun alone would say little keeps its examples; 立等可取 holds no closer."""
    metrics = metrics_of("新增南方科技学院等高校5所。新建改造供水、燃气、排水等管网300公里。签订技术交易、预约采购等合同400件。"
                         "推出政务服务“立等可取”事项52项。\n")
    assert metrics["5所"] == "新增高校" and metrics["300公里"] == "新建改造管网"
    assert metrics["400件"] == "签订技术交易、预约采购等合同"
    assert metrics["52项"] == "推出政务服务立等可取事项"


def test_a_threshold_that_says_which_things_are_counted_stays_in_the_metric():
    metrics = metrics_of("年营业收入超5亿元的农业龙头企业达36家。产值10亿元以上的园区达到9个。投资8亿元的园区有2个。\n")
    assert metrics["36家"] == "年营业收入超5亿元的农业龙头企业"  # not 年营业收入的农业龙头企业
    assert metrics["9个"] == "产值10亿元以上的园区"
    assert "8亿元" not in metrics["2个"]  # an amount, not a bound: cut out as before


def test_a_national_figure_names_the_country_as_written_after_lead_words():
    c = claim("江苏南京推进养老。目前全国建成示范社区2990个。\n", "2990个")
    assert (c.place.surface, c.place.province, c.place.basis) == ("全国", None, "national")


def test_places_given_as_examples_or_several_at_once_do_not_place_the_figure():
    report = "2025年浙江省政府工作报告\n"
    c = claim(report + "绍兴黄酒、金华火腿、西湖龙井茶3个历史经典产业入围国家培育名单。\n", "3个")
    assert (c.place.province, c.place.city) == ("浙江省", None)  # three cities: the province they share
    c = claim(report + "宁波舟山港集装箱吞吐量4387万标箱。\n", "4387万标箱")
    assert (c.place.province, c.place.city) == ("浙江省", None)  # two cities written as one name
    c = claim("2025年甘肃省政府工作报告\n获批皋兰什川等7个产业强镇。\n", "7个")
    assert (c.place.province, c.place.county, c.place.basis) == ("甘肃省", None, "article")  # an example
    # examples or several places in an earlier clause do not place the figures after them either
    c = claim("2025年山西省政府工作报告\n隰县小西天、应县木塔等景区流量出圈，重点监测景区接待游客人次增长16.9%。\n", "16.9%")
    assert (c.place.province, c.place.county) == ("山西省", None)
    c = claim("2025年湖北省政府工作报告\n襄阳、宜昌3家高新区进入全国50强，高新技术企业达到3万家。\n", "3万家")
    assert (c.place.province, c.place.city) == ("湖北省", None)
    c = claim("2025年湖北省政府工作报告\n宜昌获批国家试点，新增企业12家。\n", "12家")
    assert c.place.city == "宜昌市"  # one place in an earlier clause still carries on
    # each figure its own place (分别); a province and a city in it are one address
    c = claim("2025年福建省政府工作报告\n厦门、福州机场旅客吞吐量分别达2790.6万人次、1529.9万人次。\n", "1529.9万人次")
    assert c.place.city == "福州市"
    c = claim("西藏拉萨八廓街有100多个居民大院。\n", "100多个")
    assert c.place.city == "拉萨市"


def test_a_figure_in_a_markdown_table_is_named_by_its_row_and_its_column():
    text = ("# 鹤壁市2023年民生实事完成情况\n\n| 项目 | 目标 | 完成 |\n|---|---|---|\n"
            "| 老旧小区改造 | 200个 | 211个 |\n| 新增养老床位 | 500张 | 620张 |\n")
    metrics = {c.q.mention: c.metric for c in process_document(text, "d.md", "2024").claims}
    assert metrics == {"200个": "老旧小区改造（目标）", "211个": "老旧小区改造（完成）",
                       "500张": "新增养老床位（目标）", "620张": "新增养老床位（完成）"}  # no cell borders


def test_bare_numbers_in_a_table_take_the_unit_of_their_header_or_row_label():
    """A table's cells often hold bare numbers, their unit written once in brackets in the header
    (建筑面积（万平方米）) or the row label (加装电梯（部）); a year header dates its column."""
    text = ("# 济南市2024年老旧小区改造情况\n\n| 区 | 改造小区（个） | 建筑面积（万平方米） | 投资（亿元） |\n|---|---|---|---|\n"
            "| 历下区 | 32 | 61.5 | 3.2 |\n\n| 指标 | 2023年 | 2024年 |\n|---|---|---|\n| 加装电梯（部） | 410 | 520 |\n\n"
            "区\t投资（亿元）\n天桥区\t1.9\n")
    claims = process_document(text, "d.md", "2025-01-10").claims
    got = [(c.q.mention, c.q.value, c.q.unit, c.metric, c.place.county, c.year) for c in claims]
    assert got == [
        ("32", 32, "个", "改造小区", "历下区", 2024), ("61.5", 615000, "平方米", "建筑面积", "历下区", 2024),
        ("3.2", 3.2e8, "元", "投资", "历下区", 2024),
        ("410", 410, "部", "加装电梯", None, 2023), ("520", 520, "部", "加装电梯", None, 2024),
        ("1.9", 1.9e8, "元", "投资", "天桥区", 2024)]
    assert all(text[c.q.start:c.q.end] == c.q.mention for c in claims)
    # a number with no unit in its header or row is no claim
    assert process_document("| 序号 | 名称 |\n|---|---|\n| 1 | 历下区 |\n", "d.md", "2025").claims == []


def test_table_rows_are_not_headlines_and_each_row_s_place_is_its_own():
    text = ("济南市今年将改造老旧小区186个\n\n各区改造任务如下：\n\n区县 | 小区数（个） | 计划投资（亿元）\n"
            "历下区 | 32 | 3.2\n市中区 | 41 | 4.1\n合计 | 73 | 7.3\n\n全市加装电梯410部。\n")
    pd = process_document(text, "d", "2024-07-02")
    assert [a.article.title for a in pd.articles] == ["济南市今年将改造老旧小区186个"]  # no row is a headline
    got = [(c.q.mention, c.metric, c.place.city, c.place.county) for c in pd.claims if c.q.mention != "186个"]
    assert got == [("32", "小区数", "济南市", "历下区"), ("3.2", "计划投资", "济南市", "历下区"),
                   ("41", "小区数", "济南市", "市中区"), ("4.1", "计划投资", "济南市", "市中区"),
                   ("73", "合计（小区数）", "济南市", None), ("7.3", "合计（计划投资）", "济南市", None),  # the total: no row's district
                   ("410部", "加装电梯", "济南市", None)]


def test_the_starting_value_of_a_change_over_a_period_dates_from_the_period_s_start():
    """lexicon years.plan_periods and period_span_patterns: 从X增长到Y over 十四五 or 这五年 makes X
    the 2020 figure; a starting value with a year of its own, or with no period around it, keeps it."""
    report = ("2026年河北省政府工作报告\n各位代表：\n一、“十四五”时期经济社会发展回顾\n"
              "这五年，全省生产总值从2020年的3.68万亿元增长到2025年的4.93万亿元，一般公共预算收入从3826.5亿元增长到4398.6亿元。\n"
              "居民人均可支配收入从27136元增长到36439元。\n")
    years = {c.q.mention: c.year for c in process_document(report, "d", "2026").claims}
    assert years == {"3.68万亿元": 2020, "4.93万亿元": 2025, "3826.5亿元": 2020, "4398.6亿元": 2025,
                     "27136元": 2020, "36439元": 2025}
    news = "标题\n\n6年来，热线解决率从53%提升到了97%。将测评标准从原来的140项减至65项。\n"
    years = {c.q.mention: c.year for c in process_document(news, "d", "2024").claims}
    assert years["53%"] == 2018 and years["97%"] == 2024
    years = {c.q.mention: c.year for c in process_document("标题\n\n测评标准从原来的140项减至65项。\n", "d", "2024").claims}
    assert years == {"140项": 2024, "65项": 2024}  # no period: the figure's own year
    # a year in the text is no span of years: 2025年以来 is not 25 years
    years = {c.q.mention: c.year for c in process_document("标题\n\n2023年以来，覆盖率从60%提高到85%。\n", "d", "2024").claims}
    assert years == {"60%": 2023, "85%": 2023}
    # more verbs that end a change (lexicon years.to_markers: 整合为, 跃升到), and a plan named as a
    # comparison's baseline (较“十三五”末期) is not the period the starting value dates from
    report = ("2026年重庆市政府工作报告\n各位代表：\n一、“十四五”时期经济社会发展回顾\n"
              "这五年，市属重点国企由51家整合为33家，全国重点实验室从15家跃升到38家。\n"
              "营业收入较“十三五”末期翻一番，省属一级企业由66户整合至12户。\n")
    years = {c.q.mention: c.year for c in process_document(report, "d", "2026").claims}
    assert years == {"51家": 2020, "33家": 2025, "15家": 2020, "38家": 2025, "66户": 2020, "12户": 2025}


def test_a_sentence_without_figures_passes_on_only_a_period_that_opens_it():
    """这五年极不平凡。 opens with its period, so the change after it starts five years back; a period
    inside a sentence without figures (我们回顾了这五年。) dates nothing after it. period_marks with
    at_start gives only the marks that begin where the scan does."""
    opens = process_document("标题\n\n这五年极不平凡。覆盖率从60%提高到85%。\n", "d", "2026")
    assert {c.q.mention: c.year for c in opens.claims} == {"60%": 2021, "85%": 2026}
    inside = process_document("标题\n\n我们回顾了这五年。覆盖率从60%提高到85%。\n", "d", "2026")
    assert {c.q.mention: c.year for c in inside.claims} == {"60%": 2026, "85%": 2026}
    text = "这五年，“十四五”时期，过去5年来"
    assert [m.text for m in period_marks(text, 0, len(text))] == ["这五年", "十四五", "过去5年", "5年来"]
    assert [m.text for m in period_marks(text, 0, len(text), at_start=True)] == ["这五年"]
    assert period_marks(text, 5, len(text), at_start=True)[0].base_year == 2020
    assert period_marks(text, 3, len(text), at_start=True) == []


def test_a_year_note_says_where_the_year_stood_when_not_in_the_figure_s_sentence():
    report = ("2025年安徽省政府工作报告\n各位代表：\n一、2024年工作回顾\n全省粮食产量830亿斤。"
              "2023年，全省新建学校12所。其中新建小学8所。\n")
    notes = {c.q.mention: (c.year, c.year_basis, c.year_note) for c in process_document(report, "d", "2025").claims}
    assert notes["830亿斤"] == (2024, "explicit", "2024年（所在部分的小标题）")
    assert notes["12所"] == (2023, "explicit", "2023年")
    assert notes["8所"] == (2023, "explicit", "2023年（本段前文）")


def test_a_cumulative_marker_marks_the_figures_after_it_unless_a_year_of_their_own_or_a_record_follows():
    """lexicon cumulative_markers, cumulative_marker_records."""
    def cumulative(sentence):
        return {c.q.mention: c.is_cumulative for c in process_document(f"标题\n\n{sentence}\n", "d", "2024").claims}
    assert cumulative("全市累计启动老旧小区改造211个，完成改造181个。") == {"211个": True, "181个": True}
    assert cumulative("2023年以来，共开展180余场活动。") == {"180余场": True}
    # 2024年 after 以来 dates the figure: it is that year's
    assert cumulative("“十四五”以来，地区生产总值连跨4个千亿台阶，2024年达到1.3万亿元。") == {"4个": True, "1.3万亿元": False}
    # 有监测记录以来最好水平 is a record, not a total since then
    assert cumulative("PM2.5浓度创有监测记录以来最好水平，完成人工造林21.7万亩。") == {"21.7万亩": False}


def test_a_cumulative_total_takes_the_span_its_sentence_names_after_it():
    """一般公共预算收入累计完成3.7万亿元，5年增长18.7%: the 累计 total is of those five years, even
    in a section that reviews 2025 first; a 累计 figure with no span named stays the year's."""
    report = ("2026年山东省政府工作报告\n各位代表：\n一、2025年及“十四五”时期工作回顾\n"
              "一般公共预算收入累计完成3.7万亿元，5年增长18.7%。城镇新增就业累计12万人。\n")
    spans = {c.q.mention: (c.year, c.period_start) for c in process_document(report, "d", "2026").claims}
    assert spans == {"3.7万亿元": (2025, 2021), "18.7%": (2025, 2021), "12万人": (2025, None)}


def test_a_span_of_years_right_before_a_change_is_its_period():
    report = ("2026年浙江省政府工作报告\n各位代表：\n一、2025年工作回顾\n"
              "财政收入达到1350亿元，3年增长58.6%。粮食产量连续3年增长5%以上。\n")
    spans = {c.q.mention: (c.year, c.period_start) for c in process_document(report, "d", "2026").claims}
    # 连续3年增长 is a streak of yearly changes, not one change over three years
    assert spans == {"1350亿元": (2025, None), "58.6%": (2025, 2023), "5%以上": (2025, None)}


def test_a_review_s_annual_aggregates_and_stocks_are_the_last_year_s_and_what_was_done_is_the_period_s():
    """lexicon period_amount_markers, period_level_words: 生产总值6.66万亿元 in a 十四五 review is 2025's
    GDP; 投入财政资金 and 新增 are amounts of the five years; 技能人才总量 is a stock."""
    report = ("2026年河南省政府工作报告\n各位代表：\n一、“十四五”时期经济社会发展回顾\n"
              "这五年，综合实力稳步提升。生产总值6.66万亿元，进出口总额1.4万亿元。"
              "投入财政资金4416.6亿元，新增高标准农田1200万亩，技能人才总量超696万人，"
              "开通高速公路40条，城镇新增就业每年超过90万人。\n")
    spans = {c.q.mention: c.period_start for c in process_document(report, "d", "2026").claims}
    assert spans == {"6.66万亿元": None, "1.4万亿元": None, "4416.6亿元": 2021, "1200万亩": 2021,
                     "超696万人": None, "40条": 2021, "超过90万人": 2021}


def test_an_amount_of_a_review_of_several_years_says_which_years_it_is_of():
    """claim_records.period_start: 这五年，…城镇新增就业452万人 is an amount of 2021–2025, dated 2025;
    not the level reached at the end (达到, 突破, a share), nor a figure with a year of its own, nor
    one of a paragraph that opens with its year, nor one of a section that reviews a year first."""
    report = ("2026年河北省政府工作报告\n各位代表：\n一、“十四五”时期经济社会发展回顾\n"
              "这五年，城镇新增就业452万人，完成营造林3195万亩，进出口总值增长53.1%。"
              "高速公路总里程达到9000公里，港口通过能力突破12亿吨，优良天数比率接近80%，基本养老保险参保5100万人。\n"
              "刚刚过去的2025年，全省生产总值增长5.6%，城镇新增就业93万人。\n")
    claims = {c.q.mention: c for c in process_document(report, "d", "2026").claims}
    spans = {m: (c.year, c.period_start, c.period_text) for m, c in claims.items() if c.period_start}
    assert spans == {"452万人": (2025, 2021, "这五年"), "3195万亩": (2025, 2021, "这五年"),
                     "53.1%": (2025, 2021, "这五年")}
    assert claims["9000公里"].year == 2025 and claims["93万人"].year == 2025 and claims["5100万人"].year == 2025
    # a span of years that measures a record is no period (为近10年来最大降幅); a rate per head is a level
    report = ("2025年某省政府工作报告\n各位代表：\n一、2024年工作回顾\n"
              "火灾起数下降15.2%、为近10年来最大降幅，事故起数下降11.3%。企业贷款利率降至十年来最低，贷款余额增长7.1%。\n"
              "二、“十四五”时期回顾\n每千人口拥有婴幼儿托位数增至4.2个。\n")
    assert [c.period_start for c in process_document(report, "d", "2025").claims] == [None] * 4
    # a section heading that names the year before the period: its figures are that year's
    report = ("2026年湖南省政府工作报告\n各位代表：\n一、2025年和“十四五”时期工作回顾\n"
              "过去一年，我们稳中求进。\n城镇新增就业82.7万人。\n")
    assert [c.period_start for c in process_document(report, "d", "2026").claims] == [None]
    # one that names the period first: its paragraphs are the period's (——这五年… bullets too) until
    # a paragraph opens with the year, after which the rest of the section is that year's
    report = ("2026年湖北省政府工作报告\n各位代表：\n一、“十四五”时期和2025年工作回顾\n"
              "“十四五”时期是极不平凡的五年。\n——人民生活品质持续改善。始终把造福人民作为最大政绩，千方百计办好民生实事，着力改善群众居住条件，改造老旧小区1.84万个，惠及310多万户。\n"
              "刚刚过去的2025年，是收官之年。\n一是扩大内需。改造老旧小区2000个。\n")
    spans = {c.q.mention: c.period_start for c in process_document(report, "d", "2026").claims}
    assert spans == {"1.84万个": 2021, "310多万户": 2021, "2000个": None}


def test_a_line_that_names_a_period_heads_the_paragraphs_after_it():
    """这是…的五年。 on a line of its own: the starting values below it date from five years back,
    until the next heading; inside a paragraph it heads only that paragraph."""
    report = ("2026年广东省政府工作报告\n各位代表：\n一、2025年工作回顾\n这是绿美广东生态建设绘就新画卷的五年。\n"
              "森林覆盖率达53.4%。\n可再生能源装机占比从23.3%提高到40.4%。\n二、2026年工作安排\n"
              "覆盖率从60%提高到70%。\n")
    years = {c.q.mention: c.year for c in process_document(report, "d", "2026").claims}
    assert years == {"53.4%": 2025, "23.3%": 2020, "40.4%": 2025, "60%": 2026, "70%": 2026}


def test_a_clause_that_goes_on_about_the_figure_before_takes_its_programme():
    """总数达到22个 names nothing and its metric takes the subject before it: the programme is that
    figure's, not what the paragraph around says; a clause naming a subject of its own keeps its own."""
    paragraph = "推进就业优先，新增就业岗位，促进高校毕业生就业。持续优化社会治理，新增黄石、咸宁等全国文明城市12个，总数达到22个；"
    c = claim(paragraph, "22个")
    assert (c.metric, c.programme) == ("全国文明城市总数", "civilization_building")
    assert c.programme_basis.endswith("承接本句前一数字")
    c = claim("推进就业优先，新增就业岗位，促进高校毕业生就业。新增全国文明城市12个，筹措床位3万张。", "3万张")
    assert c.programme != "civilization_building"
    # a clause with only a generic word (增长) names nothing either
    c = claim("教育体系更健全。全省一般公共预算教育经费1326亿元，增长3.6%。", "3.6%")
    assert (c.metric, c.programme) == ("一般公共预算教育经费增长", "education")


def test_a_long_paragraph_does_not_outweigh_the_keyword_next_to_the_figure():
    """PARAGRAPH_CAP: what the paragraph says of one programme counts at most as one keyword."""
    paragraph = "产业投资增长，工业产值提升，企业营收增加。" * 6 + "存量危岩清患率超过90%。"
    c = claim(paragraph, "超过90%")
    assert c.programme == "public_safety"
    # the paragraph still decides a figure whose own sentence names nothing
    c = claim("产业投资增长，工业产值提升，企业营收增加。新签约38个。", "38个")
    assert c.programme == "economy"


def test_the_parts_of_a_split_share_the_metric_before_the_first_part():
    claims = process_document("三次产业结构由8.7∶41.2∶50.1调整为7.4∶39.6∶53。", "d").claims
    assert [c.metric for c in claims] == ["三次产业结构（变化前）"] * 3 + ["三次产业结构"] * 3


def test_a_split_a_change_starts_from_dates_all_its_parts_from_the_period_s_start():
    report = ("各位代表！“十四五”时期，我们攻坚克难。这五年，三次产业结构由8.7∶41.2∶50.1调整为7.4∶39.6∶53，"
              "城镇化率从60.4%提高到65%。")
    claims = process_document(report, "d", manifest_date="2026-01-20", manifest_title="2026年江西省政府工作报告").claims
    assert [(c.q.mention, c.year) for c in claims] == [
        ("8.7", 2020), ("41.2", 2020), ("50.1", 2020), ("7.4", 2025), ("39.6", 2025), ("53", 2025),
        ("60.4%", 2020), ("65%", 2025)]


@pytest.mark.parametrize("metric, expected", [
    ("城镇化率达到", "城镇化率"), ("失业率降至", "失业率"), ("化解率达", "化解率"),
    ("孤儿最低养育标准分别提高至", "孤儿最低养育标准"),
    ("行政机关负责人出庭应诉率首次达到", "行政机关负责人出庭应诉率"), ("常住人口由上年增加到", "常住人口"),
    ("智算超算规模从年初的增加到", "智算超算规模"), ("基本医疗保险参保率均达", "基本医疗保险参保率"),
    ("殡葬基本服务费由平均下降到", "殡葬基本服务费由平均"),  # 均 ends 平均 here ("上海品牌累计达到", "上海品牌累计"),  # 累计 says what is counted
    ("查处违法行为", "查处违法行为"),  # 为 ends the word 行为 here
    ("高新技术企业达", "高新技术企业"), ("满意率分别达", "满意率"), ("县域经济发达", "县域经济发达"),
    ("地区生产总值增长", "地区生产总值增长"),  # a change keeps its verb
    ("达到", "达到"), ("总量为", "总量"), ("量为", "量为"),  # never fewer than two characters
    ("社会消费品零售总额实现", "社会消费品零售总额"), ("种群恢复至", "种群"),
    # a threshold's crossing verb and what modifies it (lexicon threshold_crossings)
    ("经济总量跨上", "经济总量"), ("地区生产总值连续跨越", "地区生产总值"), ("保交房项目提前实现", "保交房项目"),
    # 保持 links too, and a streak of years before it dates it; the 的 before a share goes
    ("法治建设群众满意率连续5年保持", "法治建设群众满意率"), ("汽车产量继续保持", "汽车产量"),
    ("数字经济增加值预计达", "数字经济增加值"),  # (预计: how sure, not what)
    ("城镇调查失业率控制在", "城镇调查失业率"), ("空气质量优良天数比例为", "空气质量优良天数比例"),
    ("三次产业结构为", "三次产业结构"),
    ("接待游客2019年为", "接待游客"), ("旅游总收入2019年为", "旅游总收入"),  # a year dates the link
    ("旅客吞吐量恢复到", "旅客吞吐量"),
    ("出口占全省的", "出口占全省"), ("实现目的", "实现目的"),  # 目的 is a word
    (None, None),
])
def test_a_metric_loses_the_verb_that_links_it_to_its_figure(metric, expected):
    assert without_trailing_link(metric) == expected


def test_a_metric_keeps_a_word_with_a_joiner_inside_and_drops_fillers_and_streaks():
    assert metrics_of("6676家企业参与“万企兴万村”甘肃行动。\n")["6676家"] == "企业参与万企兴万村甘肃行动"  # not 企业参
    assert metrics_of("北京市现在已有1065个各类公园。\n")["1065个"] == "各类公园"  # not 现在已有
    # a predicate alone, with no figure before it in the clause, takes the item before it
    assert metrics_of("推进全民参保，连续3年提高城乡居民基础养老金、惠及549万人。\n")["549万人"] == "提高城乡居民基础养老金惠及"


def test_a_count_after_a_verb_that_only_says_there_are_so_many_is_named_by_its_noun():
    """lexicon count_link_ends: 拥有, 共有, 达 before a count say nothing of what is counted."""
    assert metrics_of("我市拥有3所高校。\n")["3所"] == "高校"
    assert metrics_of("全市累计达18家养老机构。\n")["18家"] == "养老机构"
    assert metrics_of("大奖赛共有50多个国家和地区参会。\n")["50多个"] == "国家和地区参会"
    # 通达 is a word (lexicon metric_link_words_ending_in), not the link 达
    assert metrics_of("西部陆海新通道通达127个国家和地区的555个港口。\n")["127个"] == "西部陆海新通道通达国家"
    # 是 opens a predicate, not a noun: the words before stay
    assert metrics_of("常住人口里有2万多名是流动人口。\n")["2万多名"] == "常住人口里有"


def test_a_threshold_s_closing_word_belongs_to_the_amount():
    metrics = metrics_of("全疆地区生产总值同比增长6.1%、突破2万亿元大关，规模以上工业增加值增长8%。\n")
    # a level listed after a change of the same subject is that subject's level
    # (全疆 is the scope, as 全省 is: lexicon metric_scope_leads)
    assert metrics == {"6.1%": "地区生产总值同比增长", "突破2万亿元": "地区生产总值", "8%": "规模以上工业增加值增长"}
    # the steps themselves are counted
    assert metrics_of("经济总量连跨5万亿元、6万亿元两个台阶。\n") == {"5万亿元": "经济总量", "6万亿元": "经济总量", "两个": "台阶"}
    # changes listed in two units are both changes of it
    metrics = metrics_of("城镇居民收入分别增长5%、3.2个百分点。\n")
    assert metrics["3.2个百分点"] == metrics["5%"] and metrics["5%"].endswith("增长")


def test_a_figure_that_opens_with_its_verb_takes_that_verb_s_modifiers_out_of_its_metric():
    """突破, 超过 in the mention are the verb: 首次, 均, 历史性 before them modified it."""
    assert metrics_of("全省实有企业首次突破200万户。\n")["突破200万户"] == "实有企业"
    assert metrics_of("退役军人职业技能培训合格率、就业率均超过90%。\n")["超过90%"] == "退役军人职业技能培训合格率、就业率"
    assert metrics_of("城镇新增就业年均超过70万人。\n")["超过70万人"] == "城镇新增就业年均"  # 年均 is no adverb of it
    assert metrics_of("累计完成林分优化1105万亩。\n")["1105万亩"] == "累计完成林分优化"  # no verb in the figure
    # 稳定在 alone takes the subject before it, and a note mark ［7］ is no part of a name
    assert metrics_of("粮食总产量1344亿斤，连续8年稳定在1300亿斤以上。\n")["1300亿斤以上"] == "粮食总产量"
    assert metrics_of("财政民生支出突破万亿元、占比稳定在80%左右。\n")["80%左右"] == "财政民生支出占比"
    assert metrics_of("四大主导产业［7］增加值占比提高4个百分点。\n")["4个百分点"] == "四大主导产业增加值占比提高"


def test_a_metric_keeps_status_words_drops_effort_adverbs_and_keeps_the_noun_examples_stand_for():
    assert metrics_of("全省在托幼儿10.3万名。\n")["10.3万名"] == "在托幼儿"  # 在托 is a word, not the lead 在
    assert metrics_of("扎实推进21项一件事落地实施。\n")["21项"] == "推进一件事落地实施"
    # a phrase too long to keep: the examples closed by 等 go, what they stand for stays
    assert metrics_of("争取中央预算内投资、国债、政府专项债券等用于投资的资金超1200亿元。\n")["超1200亿元"] == "用于投资的资金"
    # 中等 closes no examples (lexicon words_containing_closers)
    assert metrics_of("新建普通高等学校和中等职业学校各类实训基地以及公共实训中心120个。\n")["120个"] \
        == "中等职业学校各类实训基地以及公共实训中心"


def test_a_change_over_a_span_of_years_takes_the_subject_before_it():
    """lexicon metric_span_leads: 3年增长 says over how long, not what grew."""
    assert metrics_of("财政收入达到1350亿元，3年增长58.6%。\n")["58.6%"] == "财政收入3年增长"
    assert metrics_of("三年行动计划完成投资5亿元。\n")["5亿元"] == "三年行动计划完成投资"  # a name, no change


def test_an_attribute_listed_after_another_measures_the_same_thing():
    assert metrics_of("全省粮食播种面积1570.5万亩、总产130亿斤。\n") == {"1570.5万亩": "粮食播种面积", "130亿斤": "粮食总产"}
    assert metrics_of("粮食播种面积4157万亩、产量1146.1万吨。\n")["1146.1万吨"] == "粮食产量"
    assert metrics_of("林下经济总面积202万亩、产值突破百亿元。\n")["突破百亿元"] == "林下经济产值"
    # after a comma it is another thing's (a project's investment, not the roads')
    assert metrics_of("农村公路总里程12.96万公里，投资近千亿元。\n")["近千亿元"] == "投资"


def test_the_places_of_a_distributive_list_give_each_figure_its_own_place_and_share_the_measure():
    report = ("2025年福建省政府工作报告\n厦门、福州机场旅客吞吐量分别达2790.6万人次、1529.9万人次，均创历史新高。")
    claims = process_document(report, "d").claims
    assert [(c.q.mention, c.metric, c.place.city) for c in claims] == [
        ("2790.6万人次", "厦门机场旅客吞吐量", "厦门市"), ("1529.9万人次", "福州机场旅客吞吐量", "福州市")]


def test_a_short_adverb_before_the_end_of_a_change_still_makes_a_starting_value():
    report = "各位代表！“十四五”时期，我们攻坚克难。这五年，中职学校由71所优化整合为47所，教育质量提升。"
    claims = process_document(report, "d", manifest_date="2026-01-20", manifest_title="2026年海南省政府工作报告").claims
    assert [(c.q.mention, c.metric, c.year) for c in claims] == [
        ("71所", "中职学校（变化前）", 2020), ("47所", "中职学校", 2025)]


def test_items_right_before_as_many_figures_give_one_to_each_figure():
    assert metrics_of("新增各类总部机构、大企业开放创新中心80家、16家，累计分别达到1522家、103家。\n") == {
        "80家": "新增各类总部机构", "16家": "新增大企业开放创新中心",
        "1522家": "各类总部机构累计", "103家": "大企业开放创新中心累计"}  # totals of the things, not of what was added
    assert metrics_of("基本养老、基本医疗保险参保率稳定在98%和95%以上。\n") == {
        "98%": "基本养老保险参保率", "95%以上": "基本医疗保险参保率"}


def test_a_distributive_clause_naming_only_a_measure_takes_the_items_listed_in_the_clause_before():
    assert metrics_of("深入纠治形式主义，清理节庆、论坛、展会，数量分别压减75%、95%、73%。\n") == {
        "75%": "节庆数量压减", "95%": "论坛数量压减", "73%": "展会数量压减"}
    # not when the clause before holds figures of its own
    assert metrics_of("新建学校3所、医院2家，规模分别增长10%、20%。\n")["10%"] != "学校规模增长"


def test_a_subset_takes_the_verb_and_a_counted_object_completes_a_verb():
    assert metrics_of("补充中小学教师2.8万名，其中乡村教师9100名。\n") == {
        "2.8万名": "补充中小学教师", "9100名": "补充乡村教师"}
    assert metrics_of("海河产业基金带动74只母基金投资721个项目。\n")["74只"] == "海河产业基金带动母基金"
    # (a preposition before the next figure opens where the things are: lexicon place_prepositions)
    assert metrics_of("11个治理课题在85个小区试点实施。\n")["11个"] == "治理课题"


def test_a_figure_with_no_words_after_a_change_is_a_level_of_the_same_thing():
    assert metrics_of("成都国际航空枢纽年旅客吞吐量增长16.6%，突破8700万人次、居全国第3位。\n")["突破8700万人次"] \
        == "国际航空枢纽年旅客吞吐量"  # (the place is the claim's place, not part of its metric)
    assert metrics_of("全省地区生产总值连跨4个千亿台阶，2024年达到1.3万亿元、增长5.8%。\n")["1.3万亿元"] == "地区生产总值"
    # but not another measure of another thing
    assert metrics_of("城中村改造涉及69个村庄，11.9万人。\n")["11.9万人"] is None


def test_a_number_inside_a_listed_name_does_not_stop_a_distributive_list():
    assert metrics_of("全市110报警数、刑事立案数、电信网络诈骗立案数分别下降7%、14.4%、18.8%。\n") == {
        "7%": "110报警数下降", "14.4%": "刑事立案数下降", "18.8%": "电信网络诈骗立案数下降"}


def test_a_subject_taken_from_the_figure_before_loses_its_adverbs():
    metrics = metrics_of("13个设区市地区生产总值都不同程度有所增加，全省共增加2702亿元，2023年达到13.09万亿元。\n")
    assert (metrics["2702亿元"], metrics["13.09万亿元"]) == ("设区市地区生产总值增加", "设区市地区生产总值")


def test_places_below_county_level_are_read_after_the_division_they_lie_in():
    """lexicon localities: named right after their district, county or city (one inside the other:
    御河街道田村), then wherever the article names them again; opening a clause before what they did
    (泉城路街道新建…). Words that end like one are no places."""
    text = ("——记平城区御河街道田村驻村第一书记\n\n田村有200余亩旱地。泉城路街道新建社区食堂3处。"
            "华蓥市结合农村实际，四川城镇新增就业，平城区新建社区食堂，广西万村篮球赛，雄安新区中关村科技园，"
            "在社区，经过社区居民同意。阳泉市城区小阳泉北社区积极响应，小阳泉北社区党委…\n")
    idx = place_index()
    names = [loc.name for loc in idx.localities(text, 0, len(text), idx.mentions(text))]
    assert names == ["御河街道", "田村", "田村", "泉城路街道", "小阳泉北社区", "小阳泉北社区"]  # (not 阳泉's 北社区)


def test_a_figure_of_a_community_or_village_takes_its_name_as_place_and_its_district_s_divisions():
    text = ("平城区：田村的幸福路\n\n——记平城区御河街道田村驻村第一书记李鑫\n\n"
            "田村有200余亩旱地，去年争取资金16.5万元。\n\n"
            "田村是平城区唯一的少数民族聚居村。去年他为村里5名困难家庭儿童申请了助学金。\n\n"
            "全区今年新建口袋公园12个。武定街道新建社区食堂3处，日均供餐约600份。\n\n"
            "平城区新建助餐点26个。\n")
    claims = {c.q.mention: c.place for c in process_document(text, "d").claims}
    where = {m: (p.surface, p.locality, p.county, p.basis) for m, p in claims.items()}
    assert where == {
        "200余亩": ("田村", "田村", "平城区", "sentence"),
        "16.5万元": ("田村", "田村", "平城区", "sentence"),  # (the clause after its subject's)
        "5名": ("田村", "田村", "平城区", "paragraph"),  # (naming the district again keeps the topic; 村里 names it)
        "12个": ("平城区", None, "平城区", "article"),  # (全区: the district's own figure)
        "3处": ("武定街道", "武定街道", "平城区", "sentence"),
        "约600份": ("武定街道", "武定街道", "平城区", "sentence"),
        "26个": ("平城区", None, "平城区", "sentence"),  # (a division named after it ends its topic)
    }
    assert claims["3处"].province == "山西省" and claims["3处"].city == "大同市"
    metrics = {c.q.mention: c.metric for c in process_document(text, "d").claims}
    assert metrics["3处"] == "新建社区食堂" and metrics["200余亩"] == "旱地"  # (the locality is where, not what)
    # a sentence opening with 区内 is the district's, whatever community its paragraph is about
    district = "平城区：社区卫生\n\n武定街道新建社区卫生服务站3个。区内家庭医生签约服务覆盖率达到78%。\n"
    assert [(c.q.mention, c.place.surface) for c in process_document(district, "d").claims] == [
        ("3个", "武定街道"), ("78%", "平城区")]
    # an example of what is counted (…文峰村…申报的…等12个项目) leaves the figure the article's
    news = ("南充市：公益微创投\n\n营山县城南街道文峰村残友互助社申报的“微爱一餐”等12个项目获得资金支持。\n")
    assert [(c.place.surface, c.place.locality) for c in process_document(news, "d").claims] == [("南充市", None)]


def test_a_work_report_s_village_named_in_passing_is_no_topic_of_the_paragraph():
    report = ("2025年四川省政府工作报告\n各位代表：\n"
              "丹巴县基卡依村入选世界最佳旅游乡村。巩固拓展脱贫攻坚成果，累计识别监测对象20.9万户。\n")
    places = {c.q.mention: (c.place.surface, c.place.locality) for c in process_document(report, "d").claims}
    assert places == {"20.9万户": ("四川省", None)}


def test_a_place_after_the_subject_of_a_sentence_s_first_clause_is_no_topic_of_the_paragraph():
    """瑞安市…中心紧密围绕中央和浙江省的…体系，…。“…从140项减至65项”: 瑞安市's, not the province's."""
    text = ("浙江瑞安市：为基层减负\n\n近日，笔者从浙江省瑞安市获悉，该市采取新方式。\n\n"
            "瑞安市文明办紧密围绕中央和浙江省的测评体系，及时收集内容标准。“将测评标准从原来的140项减至现在的65项。”\n")
    places = {c.q.mention: c.place.county for c in process_document(text, "d").claims}
    assert places == {"140项": "瑞安市", "65项": "瑞安市"}


def test_places_ending_the_clause_before_a_distributive_list_and_their_total():
    """从各省份情况看 is a frame; the places ending the clause before ，分别… are each figure's; a 合计
    after the list is the total of all of them: in a national story no province's, and not the country's."""
    text = ("全国城镇老旧小区改造取得积极进展\n\n从各省份情况看，开工数量居前的是山东、河北和河南，"
            "分别开工改造4620个、3980个和3510个。其中，广东、江苏、浙江分别完成投资312亿元、286亿元和241亿元，"
            "合计占全国的31.5%。\n")
    places = {c.q.mention: (c.place.province, c.place.basis) for c in process_document(text, "d").claims}
    assert places == {"4620个": ("山东省", "sentence"), "3980个": ("河北省", "sentence"),
                      "3510个": ("河南省", "sentence"), "312亿元": ("广东省", "sentence"),
                      "286亿元": ("江苏省", "sentence"), "241亿元": ("浙江省", "sentence"),
                      "31.5%": (None, "sentence")}
    total = next(c.place for c in process_document(text, "d").claims if c.q.mention == "31.5%")
    assert total.surface == "广东、江苏、浙江" and "不属于某一省份" in total.note
    # figures between the places and 分别 keep their own places (天水…、张掖…排名46位、82位，分别提升6位、49位)
    report = ("2025年甘肃省政府工作报告\n各位代表：\n天水经开区、张掖经开区全国排名46位、82位，分别提升6位、49位。\n")
    assert {c.q.mention: c.place.city for c in process_document(report, "d").claims}["6位"] != "张掖市"


def test_a_town_village_or_street_that_writes_the_document_is_its_place():
    """漕河镇人民政府工作报告, 书院街街道办事处…总结, a village's 村务公开: the locality the headline
    names (with its council, government or a year after it) is the place of the figures that name
    none, 全镇 included; villages of a breakdown after 其中 are each figure's, measuring the same."""
    report = ("漕河镇人民政府工作报告\n\n2024年，在蕲春县委、县政府的坚强领导下，全镇实现地区生产总值18.6亿元。"
              "全镇新建高标准农田3200亩，其中李家村1100亩、东湖村850亩。\n")
    claims = {c.q.mention: c for c in process_document(report, "d").claims}
    where = {m: (c.place.surface, c.place.locality, c.place.county) for m, c in claims.items()}
    assert where == {"18.6亿元": ("漕河镇", "漕河镇", "蕲春县"), "3200亩": ("漕河镇", "漕河镇", "蕲春县"),
                     "1100亩": ("李家村", "李家村", "蕲春县"), "850亩": ("东湖村", "东湖村", "蕲春县")}
    assert claims["1100亩"].metric == claims["850亩"].metric == "新建高标准农田"
    # names that look like words are names after their division (竹山村, 和美社区), words are not (两县乡村振兴)
    idx = place_index()
    text = "万年县陈营镇竹山村村民委员会。江岸区和美社区新增充电桩。贵州两县乡村振兴见闻。"
    assert [loc.name for loc in idx.localities(text, 0, len(text), idx.mentions(text))] == [
        "陈营镇", "竹山村", "和美社区"]
    # without a division in its article, the locality is still the place, its county unknown
    page = "分水镇：制笔产业链再添新动能\n\n目前，分水镇共有制笔及配套企业680余家，全镇新增小升规企业7家。\n"
    places = [(c.place.surface, c.place.province, c.place.note) for c in process_document(page, "d").claims]
    assert places == [("分水镇", None, "分水镇：文章没有写出它所在的县市")] * 2


def test_the_innermost_locality_of_a_sentence_s_subject_is_the_paragraph_s_topic():
    text = ("湄潭县茶产业见闻\n\n在遵义市湄潭县复兴镇茶香村，连片茶园一望无际。全村茶园面积已达1.2万亩。\n\n"
            "本报讯（记者 王敏）近日，桐庐县城南街道迎春社区养老服务中心投用。中心建筑面积1200平方米。\n\n"
            "宁夏二十一景获评优秀案例，龙泉村、姚磨村入选世界旅游联盟50个典型案例。\n")
    places = {c.q.mention: c.place.surface for c in process_document(text, "d").claims}
    assert places["1.2万亩"] == "茶香村" and places["1200平方米"] == "迎春社区"
    assert places["50个"] != "姚磨村"  # (one of a list of places: the figure is neither's)


def test_a_court_s_work_report_reviews_the_year_before_and_its_figures_are_the_court_s():
    text = ("芜湖市中级人民法院工作报告\n——2024年1月15日在芜湖市第十七届人民代表大会第四次会议上\n\n各位代表：\n"
            "2023年，全市两级法院共受理各类案件98426件；市中院受理案件12385件，审结11604件。\n")
    years = {c.q.mention: (c.year, c.programme) for c in process_document(text, "d").claims}
    assert years == {"98426件": (2023, "other"), "12385件": (2023, "other"), "11604件": (2023, "other")}


def test_police_and_flood_figures_are_public_safety_and_no_short_name_straddles_a_word():
    text = ("翠屏区4月警情通报\n\n全区共接报刑事警情217起，同比下降26.7%，侦破盗窃案件44起。"
            "全县平均降雨量达186.4毫米，转移群众1.6万人，直接经济损失约2.35亿元。\n")
    claims = process_document(text, "d").claims
    assert {c.programme for c in claims} == {"public_safety"}
    assert [c.q.mention for c in claims if c.q.unit == "毫米"] == ["186.4毫米"]
    bulletin = "赣州市卫生健康统计公报\n\n全市卫生人员9.8万人，其中卫生技术人员7.11万人。\n"
    assert {c.place.province for c in process_document(bulletin, "d").claims} == {"江西省"}  # (no 中卫 in 其中卫生)


def test_words_opening_with_a_qualifier_keep_it_in_the_metric():
    """lexicon metric_lead_keeps: 超期工单 and 超警戒水位 are not 期工单 and 警戒水位 (which reverses it)."""
    metrics = [c.metric for c in process_document("超期工单共计27件，超警戒水位2.3米。", "d").claims]
    assert metrics == ["超期工单共计", "超警戒水位"]


def test_month_on_month_changes_and_changes_against_a_month_take_the_subject_before_them():
    text = "全市共受理群众诉求15.82万件，环比下降6.4%，同比增长11.7%。群众满意率92.7%，较8月提高1.3个百分点。"
    metrics = [c.metric for c in process_document(text, "d").claims]
    assert metrics == ["受理群众诉求", "受理群众诉求环比下降", "受理群众诉求同比增长", "群众满意率", "群众满意率较8月提高"]


def test_third_round_of_genres_bylines_periods_ranks_and_leads():
    # a speaker's or reporter's name on the byline line is a person, not 海东市
    report = "2024年洛阳市民生工作报告\n副市长  王海东\n全市新增停车泊位4200个。\n"
    assert [c.place.city for c in process_document(report, "d").claims] == ["洛阳市"]
    # 2024年前三季度 is a period of 2024, not a deadline before it; 前10个月 is no claim
    news = "省统计局发布2024年前三季度数据。前三季度，江西省实现地区生产总值24186.5亿元。2024年前10个月，新增岗位3000个。"
    claims = process_document(news, "d").claims
    assert [(c.q.mention, c.year) for c in claims] == [("24186.5亿元", 2024), ("3000个", 2024)]
    # a rank's 全省 is no scope: the growth is 南昌's
    rank = "2024年，南昌市实现地区生产总值5632.4亿元，总量位居全省第一，增长4.8%。"
    assert [c.place.city for c in process_document(rank, "d").claims] == ["南昌市", "南昌市"]
    # 超额 and 达产 keep their first character; 加快 is a change; 8小时平均 names a statistic
    leads = "超额完成120个。达产后预计年产值超20亿元。增速比上半年加快1.2个百分点。臭氧日最大8小时平均浓度为152微克/立方米。"
    got = [(c.q.mention, c.metric, c.q.kind, c.q.direction) for c in process_document(leads, "d").claims]
    assert got[0][1] == "超额完成" and got[1][1].startswith("达产后") and got[2][2:] == ("change", "up")
    assert [g[0] for g in got] == ["120个", "超20亿元", "1.2个百分点", "152微克/立方米"]


def test_fourth_round_present_leads_locality_scopes_destinations_and_interviews():
    # a sentence opening with 目前 is the time of writing, not the 去年 of the sentence before
    news = "蚌埠老旧小区改造\n\n去年全市完成改造98个。目前全市共有社区食堂18个。\n"
    years = {c.q.mention: c.year for c in process_document(news, "d", manifest_date="2025-03-05").claims}
    assert years == {"98个": 2024, "18个": 2025}
    # 全乡 names the township the article named, not the village the paragraph is about
    feature = ("竹溪村的梯田\n\n崇义县上堡乡竹溪村有梯田380亩。乡党委书记介绍，全乡梯田面积3.2万亩。\n")
    places = {c.q.mention: c.place.surface for c in process_document(feature, "d").claims}
    assert places == {"380亩": "竹溪村", "3.2万亩": "上堡乡"}
    # towns whose names end like words or hold a village's suffix; a 第五届社区 is no place
    towns = "歙县徽城镇评选出身边好人120名。休宁县雄村镇新建助餐点3个。金水区第五届社区运动会吸引居民3200名。"
    assert [c.place.locality for c in process_document(towns, "d").claims] == ["徽城镇", "雄村镇", None]
    # a place people went to work in is not the place of the figure
    partner = "苏陕协作\n\n陕西省则组织农村劳动力到江苏就业4.2万人。\n"
    assert [c.place.province for c in process_document(partner, "d").claims] == ["陕西省"]
    # an interview's 答： and 比如 leave the place and the year the answer opens with
    interview = ("成都养老服务访谈\n\n答：2024年，全市新建综合体56个。我们为1.9万户家庭实施改造。\n\n"
                 "答：比如武侯区，去年建成幸福食堂48家。\n")
    got = {c.q.mention: (c.place.county, c.year) for c in process_document(interview, "d", manifest_date="2025-01-10").claims}
    assert got["1.9万户"] == (None, 2024) and got["48家"] == ("武侯区", 2024)


def test_a_year_looked_forward_to_is_no_evidence_of_the_page_s_year():
    assert infer_publication_year("2024年即将过去，展望2025年，我们将继续努力。").year == 2024


def test_a_speaker_s_office_on_the_byline_line_is_still_a_place():
    """西藏自治区代理主席 嘎玛泽登: the office's full name is the report's place (a person's name is not)."""
    report = "2025年西藏政府工作报告\n——2025年1月19日在西藏自治区第十二届人民代表大会第三次会议上\n西藏自治区代理主席 嘎玛泽登\n各位代表：\n全区新建学校12所。\n"
    assert [c.place.surface for c in process_document(report, "d").claims] == ["西藏自治区"]


def test_a_list_of_places_with_bare_figures_and_a_distributive_after_them():
    text = ("前三季度，江西实现地区生产总值24186.5亿元。分地区看，南昌市实现地区生产总值5632.4亿元，增长4.8%；"
            "赣州市3789.6亿元，增长5.6%；上饶市2518.7亿元，宜春市2476.1亿元，分别增长5.4%、5.2%。")
    got = {c.q.mention: (c.metric, c.place.city) for c in process_document(text, "d", manifest_date="2024-10-30").claims}
    # a clause of only a place and its figure measures what the list's first place did, across the semicolons
    assert got["3789.6亿元"] == ("实现地区生产总值", "赣州市")
    assert got["5.6%"] == ("实现地区生产总值增长", "赣州市")
    assert got["2476.1亿元"] == ("实现地区生产总值", "宜春市")
    # 分别 gives its figures, in order, to the places of the clauses just before it
    assert got["5.4%"] == ("实现地区生产总值增长", "上饶市")
    assert got["5.2%"] == ("实现地区生产总值增长", "宜春市")


def test_places_of_one_clause_are_no_items_for_a_later_distributive():
    text = "兰州高新区全国排名53位、提升3位，天水经开区、张掖经开区全国排名46位、82位，分别提升6位、49位。"
    claims = process_document(text, "d", manifest_date="2024-01-20").claims
    assert [c.q.mention for c in claims] == ["3位", "6位", "49位"]  # 82位 is listed after a rank
    # the figures before a 分别 are its items only when each is its clause's only figure
    text = "兰州市新增企业46家、82家，天水市新增30家，分别增长6%、9%。"
    places = [c.place.city for c in process_document(text, "d", manifest_date="2024-01-20").claims]
    assert places[-2:] != ["兰州市", "天水市"]
    text = "兰州市新增企业46家，天水市新增30家，分别增长6%、9%。"
    places = [c.place.city for c in process_document(text, "d", manifest_date="2024-01-20").claims]
    assert places[-2:] == ["兰州市", "天水市"]


def test_dates_and_years_read_from_stamps_and_as_of_phrases():
    # 截至 is as of a date, not a target: the page's only year is its year
    from etl.resolve import infer_publication_year
    assert infer_publication_year("截至2024年6月底，全省建成助餐点1.3万余个。").year == 2024
    # a page with no date at its head may close with its source stamp
    page = "湄潭县茶产业提质增效\n\n全县茶园面积60万亩。\n\n（来源：湄潭县融媒体中心  2024-10-21）\n"
    assert infer_publication_year(page).date == "2024-10-21"
    assert [a.title for a in split_articles(page)] == ["湄潭县茶产业提质增效"]
    # an official account's stamp line, with the province it was posted from, is no headline
    page = "速看！金水区上半年民生成绩单来了\n\n金水发布　2024-07-15 19:30　河南\n\n上半年，启动改造老旧小区128个。\n"
    (c,) = process_document(page, "d").claims
    assert (c.place.city, c.place.county, c.year) == ("郑州市", "金水区", 2024)
    # 去年同期为 gives last year's own figure, not a baseline
    got = {c.q.mention: c.year for c in process_document("干毛茶产值11.4亿元，去年同期为10.2亿元。", "d",
                                                         manifest_date="2024-10-21").claims}
    assert got == {"11.4亿元": 2024, "10.2亿元": 2023}


def test_a_date_opening_or_closing_a_period_is_no_dateline():
    from etl.resolve import infer_publication_year
    pub = infer_publication_year("低保标准提高\n自2024年1月1日起提高城乡低保标准。")
    assert pub.basis != "dateline" and pub.year == 2024
    pub = infer_publication_year("年度报告\n统计期限自2023年1月1日起至2023年12月31日止。")
    assert pub.basis != "dateline"


def test_a_year_opening_its_sentence_before_a_scope_word_or_as_a_year_end_sets_the_topic():
    for text in ("截至2023年底，全省城乡低保对象108.6万人；特困人员9.8万人。全年实施临时救助27.5万人次。",
                 "2023年全省城乡低保对象108.6万人。特困人员9.8万人。全年实施临时救助27.5万人次。"):
        assert [c.year for c in process_document(text, "d", manifest_date="2024-03-01").claims] == [2023, 2023, 2023]
    # a year dating one event inside a clause does not
    text = "全省开展培训，2021年全省培训120场。今年新增岗位300个。"
    assert [c.year for c in process_document(text, "d", manifest_date="2024-03-01").claims] == [2021, 2024]


def test_a_relative_year_a_change_starts_from_dates_no_later_sentence():
    text = ("2023年全市实现地区生产总值5756.42亿元。三次产业结构由上年的9.8∶43.5∶46.7调整为9.7∶42.9∶47.4。"
            "人均地区生产总值14.87万元。")
    claims = {c.q.mention: c for c in process_document(text, "d", manifest_date="2024-03-01").claims}
    assert (claims["14.87万元"].year, claims["14.87万元"].year_basis) == (2023, "explicit")  # not 上年's


def test_ranks_within_a_scope_prefecture_short_names_and_ascii_splits():
    got = {c.q.mention: c for c in process_document("遵义市在全省率先建成零工市场27个。恩施州新增就业3.2万人。", "d",
                                                    manifest_date="2024-03-01").claims}
    assert got["27个"].place.city == "遵义市"  # 在全省率先 ranks the city; it is no scope
    assert (got["3.2万人"].place.city, got["3.2万人"].metric) == ("恩施土家族苗族自治州", "新增就业")  # 恩施州, no 州 left
    claims = process_document("2023年，三次产业结构由上年的9.8:43.5:46.7调整为9.7:42.9:47.4。", "d").claims
    assert [(c.q.value, c.metric) for c in claims][3:] == [(9.7, "三次产业结构"), (42.9, "三次产业结构"), (47.4, "三次产业结构")]


def test_a_locality_framing_its_clause_and_programme_words_of_government_pages():
    text = "于都县民生实事项目全部兑现\n全县新建社区食堂6家。在罗坳镇，新建日间照料中心1个。\n"
    got = {c.q.mention: c for c in process_document(text, "d", manifest_date="2024-12-30").claims}
    assert (got["1个"].place.locality, got["1个"].place.county) == ("罗坳镇", "于都县")
    assert got["6家"].place.locality is None
    got = {c.q.mention: c.programme for t in ("全年主动公开信息1.2万条，38个事项实现网上办理。", "2860家学校食堂实现明厨亮灶。")
           for c in process_document(t, "d").claims}
    assert got == {"1.2万条": "government_services", "38个": "government_services", "2860家": "food_safety"}


def test_a_local_paper_s_masthead_places_an_item_that_says_only_our_city():
    page = ("扬州晚报  2024年6月18日  A06版  民生\n\n第三批幸福食堂投入运营\n"
            "本报讯（记者 孙悦）我市第三批12家幸福食堂日前投入运营，全市社区助餐点总数达到214个。\n\n"
            "全国助餐服务扩面\n全国城市社区助餐服务覆盖率达到75%。\n")
    got = {c.q.mention: c.place for c in process_document(page, "d").claims}
    assert (got["214个"].city, got["12家"].city) == ("扬州市", "扬州市")
    assert got["75%"].city is None  # an item that never says 我市 is not the paper's
    # no masthead, no paper's place
    assert process_document(page.split("\n", 2)[2], "d").claims[0].place.city is None


def test_a_sentence_opening_with_of_which_and_places_measures_the_paragraph_s_last_figure():
    text = "扬州市今年计划改造老旧小区56个。截至5月底，已开工31个。其中广陵区14个、邗江区9个。"
    got = {c.q.mention: (c.metric, c.place.county) for c in process_document(text, "d", manifest_date="2024-06-18").claims}
    assert got["14个"] == ("开工", "广陵区") and got["9个"] == ("开工", "邗江区")


def test_a_table_cell_is_named_by_its_row_label_and_column_header():
    page = ("2023年宜昌市国民经济和社会发展统计公报\n\n表1　2023年主要工业产品产量\n产品名称　单位　产量　比上年增长（%）\n"
            "磷矿石　万吨　1562.3　5.7\n其中：水电　亿千瓦时　936.4　-4.5\n")
    got = {c.q.mention: (c.metric, c.year, c.year_basis) for c in process_document(page, "d").claims}
    assert got["1562.3"] == ("磷矿石（产量）", 2023, "explicit")
    assert got["-4.5"] == ("水电（比上年增长）", 2023, "explicit")  # 比上年 in the header dates nothing


def test_a_paragraph_about_the_country_after_a_province_s_section():
    page = ("助餐服务扩面提质\n\n广西：民族地区的百家宴\n南宁市青秀区今年新增助餐点28个。\n\n"
            "全国老龄办有关负责人介绍，我国60岁及以上老年人口已达2.97亿。下一步，将推动城市社区助餐服务覆盖率达到90%。\n")
    got = {c.q.mention: c.place for c in process_document(page, "d", manifest_date="2024-08-01").claims}
    assert got["28个"].county == "青秀区"
    assert (got["2.97亿"].basis, got["2.97亿"].province) == ("national", None)
    assert (got["90%"].basis, got["90%"].province) == ("national", None)  # the paragraph goes on about the country
    # 我国 before a rank names a first, not the country's figure
    (c,) = process_document("海南省推进海洋强省建设，我国首艘深远海科考船入列，海洋生产总值增长10.4%。", "d").claims
    assert c.place.province == "海南省"


def test_figures_in_brackets_break_down_or_qualify_what_stands_before_them():
    got = {c.q.mention: (c.metric, c.place.county) for c in process_document(
        "柳州市新建站点3个（柳江区2个、鹿寨县1个），建成社区食堂42家（新增9家）。"
        "综合考核得分前3位的是柳江区（96.5分）、鹿寨县（94.8分）、柳城县（93.2分）。地方一般公共预算收入增长1.7%（同口径增长2.5%以上）。",
        "d", manifest_date="2024-03-01").claims}
    assert got["2个"] == ("新建站点", "柳江区") and got["1个"] == ("新建站点", "鹿寨县")
    assert got["9家"][0] == "新增社区食堂"
    assert got["96.5分"] == ("综合考核得分", "柳江区") and got["94.8分"] == ("综合考核得分", "鹿寨县")
    assert got["93.2分"] == ("综合考核得分", "柳城县")  # listed after figures its context word named
    assert got["2.5%以上"][0] == "地方一般公共预算收入同口径增长"


def test_autonomous_counties_by_short_name_recent_districts_and_league_scope():
    got = {c.q.mention: c.place for c in process_document(
        "互助县新增就业1200人。重庆市渝北区今年新建社区养老服务站23个。宁波市江北区新增岗位300个。", "d").claims}
    assert (got["1200人"].province, got["1200人"].county) == ("青海省", "互助土族自治县")
    assert (got["23个"].province, got["23个"].surface) == ("重庆市", "渝北区")  # merged into 两江新区 in 2026
    assert got["300个"].city == "宁波市"
    page = "锡林郭勒盟阿巴嘎旗牧区建设\n阿巴嘎旗新建棚圈120座。全盟今年共安排资金14.5亿元。\n"
    got = {c.q.mention: c.place for c in process_document(page, "d").claims}
    assert (got["14.5亿元"].city, got["14.5亿元"].county) == ("锡林郭勒盟", None)


def test_programme_words_of_school_buses_housing_funds_and_mediation():
    got = {c.q.mention: c.programme for t in ("开通定制校车线路26条。", "发放住房公积金个人住房贷款168.3亿元。",
                                              "使用住宅专项维修资金186万元。", "诉前调解成功纠纷1.2万件，调解成功率达41.6%。")
           for c in process_document(t, "d").claims}
    assert got == {"26条": "education", "168.3亿元": "housing_security", "186万元": "property_management",
                   "1.2万件": "other", "41.6%": "other"}


def test_years_of_headline_targets_baselines_present_clauses_and_listed_years():
    page = "绍兴市养老服务三年行动计划\n到2027年养老床位达到每千人45张\n\n目前，全市共有养老机构312家。\n"
    got = {c.q.mention: c.year for c in process_document(page, "d", manifest_date="2025-03-14").claims}
    assert got == {"45张": 2027, "312家": 2025}  # a headline's deadline dates no other figure
    got = {c.q.mention: c.year for c in process_document(
        "诸暨市计划到2026年建成老年食堂120个，目前已建成74个。截至去年底，全市共有养老机构300家。"
        "目前，全市共有养老机构312家；建成助餐点103家。", "d", manifest_date="2025-03-14").claims}
    assert got == {"120个": 2026, "74个": 2025, "300家": 2024, "312家": 2025, "103家": 2025}
    got = {c.q.mention: c.year for c in process_document(
        "2023年，全市接待游客较疫情前的2019年增长40.9%，旅游收入恢复到2019年的100.6%。"
        "2023年地方财政收入较2020年的9323.1亿元增长12%。", "d", manifest_date="2024-04-26").claims}
    assert got == {"40.9%": 2023, "100.6%": 2023, "9323.1亿元": 2020, "12%": 2023}
    got = [c.year for c in process_document("2023年、2024年、2025年，全省分别新增普惠性托位1.2万个、1.5万个、1.8万个。"
                                            "每千人口托位数达到3.3个。", "d", manifest_date="2025-12-16").claims]
    assert got == [2023, 2024, 2025, 2025]  # the listed years set no topic for the next sentence


def test_an_article_s_place_from_its_body_chain_and_its_headline_s_our_city():
    page = "社区停车治理见成效\n\n2024年以来，南京市秦淮区推动停车治理。\n\n社区新增停车位180个。\n"
    (c,) = process_document(page, "d").claims
    assert (c.place.city, c.place.county) == ("南京市", "秦淮区")  # the innermost of the chain
    page = "刚刚过去的2024年 我市民生答卷成色足\n\n全年城镇新增就业6.52万人。其中章贡区、南康区分别新增1.2万人、0.9万人。\n"
    got = {c.q.mention: c.place for c in process_document(page, "d", manifest_date="2025-01-08").claims}
    assert (got["6.52万人"].city, got["6.52万人"].county) == ("赣州市", None)


def test_a_partner_province_naming_who_came_or_gave_is_not_the_figure_s_place():
    page = "上海援疆助力喀什民生改善\n喀什地区今年新引进上海企业30家。巴楚县新入驻上海企业3家。全地区将争取上海援助资金不低于20亿元。\n"
    got = {c.q.mention: c.place for c in process_document(page, "d", manifest_date="2024-10-01").claims}
    assert got["30家"].city == "喀什地区"
    assert got["3家"].county == "巴楚县"
    assert got["不低于20亿元"].province == "新疆维吾尔自治区"
    # in a national story the province's firms are its own figure
    (c,) = process_document("全国外贸稳中有进\n江苏企业出口增长5%。\n", "d").claims
    assert c.place.province == "江苏省"


def test_a_space_between_ideographs_parts_a_headline_s_phrases():
    got = {c.q.mention: (c.metric, c.programme) for c in process_document("一年加装电梯12部 物业费收缴率升至93%\n", "d").claims}
    assert got["12部"] == ("一年加装电梯", "elevator_retrofit") and got["93%"][0] == "物业费收缴率"


def test_a_year_opening_a_later_clause_sets_the_topic_and_one_after_dui_does_not():
    text = "对上一年度审计查出的286个问题，截至2024年6月底，已整改251个；整改问题金额63.5亿元。"
    got = {c.q.mention: c.year for c in process_document(text, "d", manifest_date="2024-09-01").claims}
    assert got == {"286个": 2023, "251个": 2024, "63.5亿元": 2024}
    text = "行动计划提出，到2027年，全市养老床位达到45张；新建老年食堂600个。"
    assert [c.year for c in process_document(text, "d", manifest_date="2025-03-14").claims] == [2027, 2027]


def test_a_change_since_the_start_of_the_year_takes_its_subject():
    text = "11月末，全市金融机构本外币存款余额9876.3亿元，比年初增加812.4亿元。"
    assert [c.metric for c in process_document(text, "d").claims][1] == "金融机构本外币存款余额比年初增加"


def test_fresh_text_round_national_figures_year_lists_brackets_and_credits():
    got = {c.q.mention: c.place for c in process_document(
        "湖北经济运行稳中向好\n前三季度我国国内生产总值约95.2万亿元，全国规模以上工业增加值同比增长5.7%。"
        "我国首批27个试点城市中，湖北有3个。\n", "d").claims}
    assert all(got[m].basis == "national" and got[m].province is None for m in ("约95.2万亿元", "5.7%", "27个"))
    got = [c.year for c in process_document("2022年、2023年、2024年，全市分别新增普惠性托位1200个、1650个、2100个，"
                                            "每千人口托位数达到3.9个。", "d", manifest_date="2024-12-20").claims]
    assert got[:3] == [2022, 2023, 2024]
    got = {c.q.mention: c.metric for c in process_document(
        "生猪出栏152万头，同比下降3.6%（其中能繁母猪存栏6.9万头）。年末户籍人口138.62万人（其中城镇人口41.27万人），"
        "比上年末减少0.93万人。本报讯（记者 张帆）今年涧西区计划加装电梯80部。", "d").claims}
    assert (got["6.9万头"], got["41.27万人"], got["0.93万人"]) == ("能繁母猪存栏", "城镇人口", "年末户籍人口比上年末减少")
    assert got["80部"] == "计划加装电梯"


def test_a_masthead_with_a_lettered_page_and_a_paper_s_reporter_byline():
    page = "洛阳晚报  2024年9月12日  A05版  城事\n\n我市城市书房增至138个\n本报讯（记者 张帆）全市城市书房增至138个。\n"
    assert [a.title for a in split_articles(page) if a.title] == ["我市城市书房增至138个"]
    page = "民生实事交出暖心答卷\n——湘潭市2024年民生实事办理综述\n湘潭日报记者 彭思远\n全市新建幸福食堂32家。\n"
    (art,) = split_articles(page)
    assert art.byline == "湘潭日报记者 彭思远"


def test_a_headline_naming_a_programme_decides_figures_whose_paragraph_names_none():
    page = ("我省城镇老旧小区改造按下快进键\n截至7月底，全省已开工1826个，完成投资58.4亿元。\n"
            "今年还将新建社区食堂12个，日均服务老人900人次。\n")
    got = {c.q.mention: c.programme for c in process_document(page, "d", manifest_date="2024-08-15").claims}
    assert got["58.4亿元"] == "housing_renovation" and got["1826个"] == "housing_renovation"
    assert got["12个"] == "community_dining"  # its own sentence names its programme
    # an umbrella headline (民生实事, a budget report) decides nothing
    page = "临朐县民生实事推进情况通报\n今年以来，累计完成投资4.6亿元。\n"
    (c,) = process_document(page, "d").claims
    assert c.programme == "economy"


def test_dates_of_a_page_from_its_plan_s_last_year_and_a_year_reported_as_of_its_end():
    from etl.resolve import infer_publication_year
    assert infer_publication_year("今年是“十四五”规划收官之年，民政部将推动助餐服务向农村延伸。").year == 2025
    assert infer_publication_year("2025年是“十四五”规划收官之年。2026年全省GDP增长5%。").year == 2026
    assert infer_publication_year("截至2024年底，全国已建成城乡老年助餐服务点13.2万个。").year == 2025


def test_a_county_paper_s_items_about_its_towns_are_in_its_county():
    page = ("安吉新闻　2024年6月18日　星期二　第2版　综合新闻\n\n天荒坪镇余村：家门口就业 家门口养老\n"
            "本报讯（通讯员 沈丽萍）今年以来，天荒坪镇新增就业岗位680个。\n")
    (c,) = process_document(page, "d").claims
    assert (c.place.province, c.place.county, c.place.locality) == ("浙江省", "安吉县", "天荒坪镇")


def test_an_umbrella_headline_weighs_nothing_for_its_items():
    page = ("临朐县十件民生实事推进情况通报\n四是改善农村道路。去年新改建农村公路186公里；今年计划完成120公里。\n")
    got = {c.q.mention: c.programme for c in process_document(page, "d", manifest_date="2025-08-01").claims}
    assert got["120公里"] == "rural_revitalization"  # the item's topic, not the headline's 民生实事 (other)


def test_a_figure_compared_with_and_the_change_after_it():
    got = {c.q.mention: c.metric for c in process_document(
        "2024年，全县投入养老服务资金1.18亿元，较2021年的0.86亿元增长37.2%。"
        "按时办结率98.6%，较上年的95.2%提高3.4个百分点。PM2.5浓度同比下降8.4%，其占比已从高点的58%降至18.7%。", "d").claims}
    assert got["0.86亿元"] == "投入养老服务资金（变化前）" and got["37.2%"] == "投入养老服务资金增长"
    assert got["95.2%"] == "按时办结率（变化前）" and got["3.4个百分点"] == "按时办结率提高"
    assert got["8.4%"] == "PM2.5浓度同比下降"  # 同比 and 占比 are no comparison left dangling


def test_a_year_led_clause_of_only_a_cause_and_a_link_measures_what_the_clause_before_did():
    found = metrics_of("2019年全市接待游客为9580万人次，2020年受疫情影响降至5320万人次，2023年增至1.35亿人次。\n")
    assert found == {"9580万人次": "接待游客", "5320万人次": "接待游客", "1.35亿人次": "接待游客"}
    # (not past a clause that names a subject of its own)
    found = metrics_of("工业增加值增长13.8%，三次产业结构进一步优化，调整为8.3∶41.4∶50.3。\n")
    assert found["8.3"] != "工业增加值"


def test_a_fiscal_year_or_a_date_a_rule_takes_effect_from_is_not_the_page_s_latest_year():
    page = ("2025年度城乡居民医保开始缴费啦！\n"
            "2025年度集中缴费期为2024年9月1日至2024年12月31日，2025年1月1日起享受待遇。今年全县参保118万人。\n")
    assert infer_publication_year(page).year == 2024
    # (a page naming no other year still takes what it has)
    assert infer_publication_year("2023年度全市卫生健康工作考核结果公布。\n").year == 2023


def test_full_width_digits_date_the_page_and_the_figures_and_stay_as_written():
    page = ("人民日报　２０２４年９月１３日　星期五　第１１版\n\n各地加力推进民生实事\n\n"
            "　　本报兰州９月１２日电　今年临泽县完成农村户厕改造２８６０座。\n")
    doc = process_document(page, "d")
    assert doc.pub.year == 2024 and doc.pub.date == "2024-09-13"
    [claim] = doc.claims
    assert claim.q.mention == "２８６０座" and page[claim.q.start:claim.q.end] == "２８６０座"
    assert (claim.year, claim.year_basis, claim.place.province) == (2024, "relative", "甘肃省")


def test_a_year_saying_when_the_things_counted_were_built_dates_nothing():
    claims = process_document("今年计划改造2000年底前建成的老旧院落42个，实际完成45个。\n", "d", manifest_date="2024-12-20").claims
    assert [(c.q.mention, c.year, c.year_basis) for c in claims] == [("42个", 2024, "relative"), ("45个", 2024, "relative")]


def test_crop_words_and_start_up_loans_name_their_programmes():
    claims = process_document("今年全省夏粮平均亩产402.9公斤。全市发放创业担保贷款3.16亿元。\n", "d", manifest_date="2024-07-16").claims
    assert [(c.q.mention, c.q.unit, c.programme) for c in claims] == [
        ("402.9公斤", "公斤", "rural_revitalization"), ("3.16亿元", "元", "employment")]


def test_a_township_names_its_county_when_the_name_or_the_context_leaves_one():
    idx = place_index()
    county = idx.township_county("临岐镇", [])
    assert idx.div[county].name == "淳安县"
    assert idx.township_county("百善镇", []) is None  # (昌平区 and 濉溪县 both have one)
    anhui = next(c for c, d in idx.div.items() if d.name == "安徽省")
    assert idx.div[idx.township_county("百善镇", [anhui])].name == "濉溪县"
    assert idx.township_county("城关镇", []) is None and idx.township_county("幸福社区", []) is None


def test_a_county_paper_named_after_no_division_places_its_items_by_their_townships():
    page = ("今日千岛湖\n2024年5月16日　星期四　第3版　综合新闻\n\n"
            "临岐镇：中药材“小产业”做成富民“大文章”\n\n"
            "本报讯（记者 方晓）临岐镇中药材种植面积达5.6万亩。\n\n"
            "县人力社保局：多措并举稳就业促增收\n\n"
            "本报讯（记者 王敏）今年1至4月，我县城镇新增就业3186人。\n")
    doc = process_document(page, "d")
    assert [a.article.title for a in doc.articles if a.article.title] == [
        "临岐镇：中药材“小产业”做成富民“大文章”", "县人力社保局：多措并举稳就业促增收"]
    assert [(c.q.mention, c.place.province, c.place.city, c.place.county) for c in doc.claims] == [
        ("5.6万亩", "浙江省", "杭州市", "淳安县"), ("3186人", "浙江省", "杭州市", "淳安县")]


def test_a_year_and_the_years_since_it_date_the_page():
    page = "华山里小区建于1985年，到今年整整40个年头。去年改造完成后，今年又加装电梯19部。\n"
    pub = infer_publication_year(page)
    assert (pub.year, pub.basis) == (2025, "anchor")


def test_a_keyword_inside_the_name_of_a_community_in_the_headline_block_decides_nothing():
    page = "铁路三村社区：小区里的新变化\n\n今年小区主干道新铺沥青路面约3200平方米。\n"
    [claim] = process_document(page, "d", manifest_date="2024-12-30").claims
    assert claim.programme != "economy" and "铁路" not in claim.programme_basis


def test_a_province_that_reported_a_figure_of_its_own_is_what_its_later_full_province_names():
    page = ("民政部：全国养老服务床位达799.3万张\n\n新华社北京2月21日电 全国共有养老机构40.6万个。"
            "从各地情况看，浙江已建成老年食堂2.6万余个，覆盖95%以上的城乡社区，去年全省老年食堂累计供餐1.1亿余人次。\n")
    found = {c.q.mention: (c.place.surface, c.place.province) for c in process_document(page, "d", manifest_date="2025-02-21").claims}
    assert found["1.1亿余人次"] == ("浙江省", "浙江省")


def test_a_coming_spring_festival_of_a_zodiac_sign_dates_the_page():
    page = "清晨，公弄村已是一片忙碌。再过两天，就是蛇年春节了。2024年，全村茶叶产值达4800万元。\n"
    pub = infer_publication_year(page)
    assert (pub.year, pub.basis) == (2025, "anchor")
    # (a festival looked back on dates nothing)
    assert infer_publication_year("龙年春节期间，全市接待游客120万人次。2024年全年接待游客3000万人次。\n").basis != "anchor"


def test_a_year_that_says_what_a_person_did_dates_nothing():
    claims = process_document("1998年就开始在村里当干部的村党总支书记李光华告诉记者，全村茶园面积1.3万亩。\n", "d",
                              manifest_date="2025-01-25").claims
    assert [(c.q.mention, c.year, c.year_basis) for c in claims] == [("1.3万亩", 2025, "publication")]


def test_a_clause_of_only_the_places_a_district_lies_in_frames_it_and_a_donor_city_is_a_partner():
    found = {c.q.mention: c.place for c in process_document(
        "北京市朝阳区劲松北社区新增便民服务设施12处。在浙江杭州，拱墅区把老旧小区改造与养老服务结合起来，"
        "2021年以来共改造老旧小区217个。\n", "d").claims}
    assert (found["217个"].province, found["217个"].county) == ("浙江省", "拱墅区")
    [claim] = process_document("雷山县用好粤黔协作机制，上半年到位广州市东西部协作财政帮扶资金3860万元。\n", "d").claims
    assert (claim.place.province, claim.place.county) == ("贵州省", "雷山县")


def test_a_fiscal_year_said_of_last_year_is_over():
    page = "票数出炉！上芬社区民生微实事项目表决结果来了\n\n回顾去年，社区2024年度民生微实事项目已于去年12月底前全部完工。\n"
    assert infer_publication_year(page).year == 2025


def test_a_place_people_came_from_is_not_the_article_s():
    page = ("文博热持续升温\n\n“展品太震撼了！”来自广东的游客说。雁塔区去年接待观众580万人次。"
            "全省博物馆共接待观众1.26亿人次。\n")
    found = {c.q.mention: c.place.province for c in process_document(page, "d", manifest_date="2025-01-10").claims}
    assert found == {"580万人次": "陕西省", "1.26亿人次": "陕西省"}


def test_a_project_s_estimated_cost_belongs_to_the_project_not_to_investment():
    page = ("票决出来的民生实事\n\n根据票决结果：\n\n2.老旧小区改造提升工程。对住宅小区实施综合改造。投资估算1.15亿元，得票率97.9%。\n\n"
            "3.既有住宅加装电梯工程。投资估算1600万元，得票率96.2%。\n")
    found = {c.q.mention: c.programme for c in process_document(page, "d", manifest_date="2025-01-10").claims}
    assert found == {"1.15亿元": "housing_renovation", "97.9%": "housing_renovation",
                     "1600万元": "elevator_retrofit", "96.2%": "elevator_retrofit"}


def test_a_county_name_two_cities_share_is_the_one_whose_townships_the_page_names():
    page = ("党建“红色引擎”激活治理“神经末梢”\n\n本报记者　沈悦\n\n记者走进曹杨新村街道、长风新村街道的居民区。"
            "截至目前，普陀区已建成党群服务中心（站点）412个。\n\n阵地：家门口的“红色驿站”\n\n今年全区新建党群服务站12个。\n")
    doc = process_document(page, "d", manifest_date="2024-06-28")
    assert [a.article.title for a in doc.articles if a.article.title] == ["党建“红色引擎”激活治理“神经末梢”"]
    assert [(c.q.mention, c.place.province, c.place.county) for c in doc.claims] == [
        ("412个", "上海市", "普陀区"), ("12个", "上海市", "普陀区")]


def test_external_wall_insulation_is_renovation_work():
    [claim] = process_document("改造中，对6栋楼实施外墙保温改造。\n", "d").claims
    assert claim.programme == "housing_renovation"


def test_a_community_paper_is_placed_by_its_publisher_line_and_elevator_safety_is_public_safety():
    page = ("前埔北社区报\n\n思明区莲前街道前埔北社区党委　前埔北社区居民委员会　主办\n"
            "2024年12月　第4期（总第27期）　内部资料\n\n“邻里帮”志愿服务一年超万小时\n\n"
            "今年以来，社区志愿者累计服务10,860小时。\n\n电梯安全进社区\n\n辖区在用电梯完成定期检验412台。\n")
    doc = process_document(page, "d")
    assert [(c.q.mention, c.place.province, c.place.county) for c in doc.claims] == [
        ("超万小时", "福建省", "思明区"), ("10,860小时", "福建省", "思明区"), ("412台", "福建省", "思明区")]
    assert doc.claims[2].programme == "public_safety"


def test_a_letter_is_dated_by_its_signature_and_a_year_after_jiancheng_yu_dates_nothing():
    page = ("关于区人大代表第12号建议的答复\n\n王芳代表：\n\n全区建成于2000年以前的老旧小区326个。"
            "到2025年，全区将完成适老化改造1000户。\n\n南京市秦淮区民政局\n2024年6月18日\n")
    doc = process_document(page, "d")
    assert (doc.pub.year, doc.pub.basis) == (2024, "dateline")
    assert [(c.q.mention, c.year) for c in doc.claims] == [("326个", 2024), ("1000户", 2025)]
    assert infer_publication_year("今年是浙江“千万工程”实施20周年。下姜村游客增长。\n").year == 2023


def test_a_plan_s_nth_year_dates_the_page_and_forest_fire_work_is_public_safety():
    page = "数读\n\n今年是三年行动（2023—2025年）的第二年。全市新建便民生活圈58个。\n"
    assert infer_publication_year(page).year == 2024
    [claim] = process_document("今年春季森林防火期，全县共出动巡护人员1080名，处置火情3起。\n", "d").claims[:1]
    assert claim.programme == "public_safety"
