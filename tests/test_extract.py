"""Extract stage: the hard cases of ../shared/spec/claims.md, one assertion each."""
import pytest

from etl.extract import find_quantities


def only(text):
    qs = find_quantities(text)
    assert len(qs) == 1, [q.mention for q in qs]
    q = qs[0]
    assert text[q.start:q.end] == q.mention
    return q


@pytest.mark.parametrize("text, mention, value, unit, qualifier, kind", [
    ("惠及群众5.3万户。", "5.3万户", 53000, "户", "exact", "count"),
    ("完成投资13.6亿元。", "13.6亿元", 1.36e9, "元", "exact", "money"),
    ("腾转改造房屋1.6万余平方米。", "1.6万余平方米", 16000, "平方米", "more_than", "area"),
    ("共开展了180余场志愿服务活动。", "180余场", 180, "场", "more_than", "count"),
    ("社区有6000多名居民。", "6000多名", 6000, "名", "more_than", "count"),
    ("总投入资金超340万元。", "超340万元", 3.4e6, "元", "more_than", "money"),
    ("老旧小区占比近50%的现状。", "近50%", 50, "%", "nearly", "percent"),
    ("共服务约11万人次。", "约11万人次", 110000, "人次", "approx", "count"),
    ("治理生产企业问题十余个。", "十余个", 10, "个", "more_than", "count"),
    ("服务时长超过20个小时。", "超过20个小时", 20, "小时", "more_than", "duration"),
    ("用了不到5个月的时间。", "不到5个月", 5, "月", "at_most", "duration"),
    ("3个工作日内办结。", "3个工作日内", 3, "工作日", "at_most", "duration"),
    ("开展活动17场（次）。", "17场（次）", 17, "场次", "exact", "count"),
    ("覆盖率90.2%。", "90.2%", 90.2, "%", "exact", "percent"),
    ("清理河道6.7公里。", "6.7公里", 6.7, "公里", "exact", "length"),
    ("清理垃圾30余吨。", "30余吨", 30, "吨", "more_than", "weight"),
    ("新建２００个车位。", "２００个", 200, "个", "exact", "count"),
    ("形成三种模式。", "三种", 3, "种", "exact", "count"),
    ("建起两个驿站。", "两个", 2, "个", "exact", "count"),
    ("占比达到三分之一。", "三分之一", 33.33, "%", "exact", "percent"),
    ("绿化1,200亩。", "1,200亩", 1200, "亩", "exact", "area"),
    ("带动消费300多亿元。", "300多亿元", 3e10, "元", "more_than", "money"),
    ("惠及80余万人次。", "80余万人次", 8e5, "人次", "more_than", "count"),
    ("资金两千多万元。", "两千多万元", 2e7, "元", "more_than", "money"),
    ("吞吐量突破2000万标箱。", "突破2000万标箱", 2e7, "标箱", "more_than", "count"),  # as written; summed with 标准箱
    ("吞吐量超2400万标准箱。", "超2400万标准箱", 2.4e7, "标准箱", "more_than", "count"),
    ("保障重大项目用能1302万吨标准煤。", "1302万吨标准煤", 1.302e7, "吨标准煤", "exact", "weight"),  # energy, no 吨
    ("让242万偏远农村居民喝上干净水。", "242万", 2.42e6, "人", "exact", "count"),
    ("51万新就业形态人员纳入职业伤害保障。", "51万", 5.1e5, "人", "exact", "count"),
    ("全年新增40.8万青年留渝来渝。", "40.8万", 4.08e5, "人", "exact", "count"),
    ("南山港服务科考船2152航次。", "2152航次", 2152, "航次", "exact", "count"),
    ("平均浓度20.5微克/立方米。", "20.5微克/立方米", 20.5, "微克/立方米", "exact", "concentration"),
    ("新增装机26兆瓦。", "26兆瓦", 26, "兆瓦", "exact", "power"),
    ("监测鱼类增长1倍多。", "1倍多", 1, "倍", "more_than", "change"),
    ("外送电量345亿度。", "345亿度", 3.45e10, "度", "exact", "energy"),
    ("地区生产总值突破2.6万亿元。", "突破2.6万亿元", 2.6e12, "元", "more_than", "money"),
    ("旅游总收入突破万亿元。", "突破万亿元", 1e12, "元", "more_than", "money"),
    ("新增就业岗位一万二千个。", "一万二千个", 12_000, "个", "exact", "count"),  # one number, not 一万 and 二千
    ("全市共三万五千人参加。", "三万五千人", 35_000, "人", "exact", "count"),
    ("完成百分之六点五。", "百分之六点五", 6.5, "%", "exact", "percent"),
    ("培训时间不少于30天。", "不少于30天", 30, "天", "more_than", "duration"),  # not 少于30天, at most
    ("至少5个社区试点。", "至少5个", 5, "个", "more_than", "count"),
    ("最多5个工作日办结。", "最多5个工作日", 5, "工作日", "at_most", "duration"),
    ("PM2.5年均浓度首次低于30微克/立方米。", "低于30微克/立方米", 30, "微克/立方米", "at_most", "concentration"),
    ("优良天数比例高于95%。", "高于95%", 95, "%", "more_than", "percent"),
    ("设备连接数突破千万台。", "突破千万台", 1e7, "台", "more_than", "count"),  # 数 before a qualifier is no vague lead
    ("线上十万人观看。", "十万人", 1e5, "人", "exact", "count"),  # 上十万 is no 上万
    ("人口出生率12.3‰。", "12.3‰", 12.3, "‰", "exact", "percent"),
    ("增速连续11个季度居全国前10位。", "11个季度", 11, "季度", "exact", "duration"),  # a streak of quarters
])
def test_value_unit_qualifier(text, mention, value, unit, qualifier, kind):
    q = only(text)
    assert (q.mention, q.unit, q.qualifier, q.kind) == (mention, unit, qualifier, kind)
    assert q.value == pytest.approx(value, rel=1e-4)


@pytest.mark.parametrize("text, mention, direction", [
    ("居民消费价格涨幅0.1%。", "0.1%", "up"),
    ("降幅达12.5%。", "12.5%", "down"),
    ("年均增长百分之六点五。", "百分之六点五", "up"),  # a share written in words changes like one in digits
    ("同比下降三分之一。", "三分之一", "down"),
    ("重点事项办理时限压缩65%。", "65%", "down"),
])
def test_changes_written_as_a_rate_word_or_in_words(text, mention, direction):
    q = only(text)
    assert (q.mention, q.kind, q.direction) == (mention, "change", direction)


def test_a_temperature_naming_a_standard_is_no_figure():
    """lexicon exclude_after_units ℃ 达标: 室温20℃达标率 names a rate, whose figure is 96%."""
    assert [q.mention for q in find_quantities("城市集中供热用户室温20℃达标率提升到96%。")] == ["96%"]


def test_quarters_are_a_figure_only_as_a_streak():
    """units.json 个季度 needs 连续: 前三个季度 is a time, and no count of 个."""
    assert [q.mention for q in find_quantities("前三个季度增长5%，前3个季度增长6%。")] == ["5%", "6%"]


def test_a_qualifier_after_the_last_of_listed_figures_bounds_each_of_them():
    """lexicon shared_suffix_qualifiers; 多 inside a figure qualifies it alone."""
    qs = find_quantities("失业率和物价涨幅分别控制在5.5%和3%以内，新增就业10万人和20多万人，增长5%，10%以上。")
    assert [(q.mention, q.qualifier) for q in qs] == [
        ("5.5%", "at_most"), ("3%以内", "at_most"), ("10万人", "exact"), ("20多万人", "more_than"),
        ("5%", "exact"), ("10%以上", "more_than")]  # (a comma is no list joiner)


@pytest.mark.parametrize("text, mention, qualifier", [
    ("项目签约3543亿元。", "3543亿元", "exact"),  # 签约 is a word (lexicon words_ending_in_qualifier)
    ("节约用水1.2万吨。", "1.2万吨", "exact"),
    ("附近300米。", "300米", "exact"),
    ("投资约30亿元。", "约30亿元", "approx"),
    ("发放育儿补贴近亿元。", "近亿元", "nearly"),  # 补贴 + 近, not 贴近
    ("修建一条约3公里的绿道。", "约3公里", "approx"),  # 一条 + 约, not 条约
])
def test_a_qualifier_that_ends_a_word_is_part_of_the_word(text, mention, qualifier):
    q = only(text)
    assert (q.mention, q.qualifier) == (mention, qualifier)


def test_a_class_label_is_no_count():
    """units.json min_value: 1类创新药 is a class of drug; 12类 counts categories."""
    assert [q.mention for q in find_quantities("2个1类创新药获批上市，实施12类55件民生实事。")] == ["2个", "12类", "55件"]


def test_degrees_count_only_as_electricity():
    """度 is a unit only after 万/亿 (units.json needs_multiplier): 30度 is a temperature, 三度 a
    number of times."""
    assert [q.mention for q in find_quantities("气温最高30度，三度夺冠，节约用电1.2万度。")] == ["1.2万度"]


def test_ranges():
    q = only("给予1000元至3000元的资金支持。")
    assert (q.value, q.value_high, q.qualifier, q.unit) == (1000, 3000, "range", "元")
    q = only("每户3—5个。")
    assert (q.value, q.value_high, q.qualifier) == (3, 5, "range")
    q = only("巷道只有三四米。")
    assert (q.value, q.value_high, q.unit, q.qualifier) == (3, 4, "米", "range")


def test_changes_carry_direction_and_magnitude():
    q = only("投诉类事项同比下降37.7%。")
    assert (q.kind, q.direction, q.value) == ("change", "down", 37.7)
    q = only("文字材料减少60%以上。")
    assert (q.kind, q.direction, q.qualifier, q.value) == ("change", "down", "more_than", 60)
    q = only("为乡镇减少年度任务四万多条。")
    assert (q.kind, q.direction, q.value, q.unit) == ("change", "down", 40000, "条")
    q = only("地区生产总值增长5.7%。")
    assert (q.kind, q.direction) == ("change", "up")
    q = only("融资平台压降81.3%。")
    assert (q.kind, q.direction, q.value) == ("change", "down", 81.3)


def test_before_and_after_counts_are_two_count_claims():
    qs = find_quantities("从原来的140项减至现在的65项。")
    assert [(q.mention, q.kind) for q in qs] == [("140项", "count"), ("65项", "count")]


@pytest.mark.parametrize("text", [
    "2023年8月启动了改造工作。",
    "4月29日上午，阳光洒在大地上。",
    "6月26日是第37个国际禁毒日。",
    "庆祝共青团成立100周年。",
    "家住京原路68号院。",
    "在1、2号楼前空地、5号楼东侧。",
    "拨打12345热线反映问题。",
    "完成1%人口抽样调查。",  # the name of a survey
    "50多岁的居民，60周岁及以上老人，70岁以上老人。",
    "推行“1+3+N”工作模式。",
    "打造“15分钟养老生活圈”。",
    "一个个硕果，一站式服务，一对一帮扶。",
    "5层以下为直供水，六层或七层的老楼。",
    "深入贯彻中央八项规定精神。",
    "第一书记李鑫。",
    "淮河入海水道二期工程启动实施。",
    "降幅居全国前5位，排名46位。",
    "产业链产值两位数增长。",
    "二十多年来，浙江一以贯之。",
    "走进千家万户，点亮万家灯火。",
    "全球最大26兆瓦级海上风电机组下线。",
    "30万吨级航道改扩建工程开工，打造千亿元级产业集群。",
    "公交与轨道50米内换乘，3公里范围内就医。",
    "按照省委十一届十次、十一次全会部署要求。",
    "这两天，一块社区工坊的牌子立了起来。",
    "运行1个多月来，服务不断完善。",
    "全面建立四级三类国土空间规划体系。",
    "每10万人拥有执业医师。",
    "智能网联新能源汽车零部件体系持续完善，实现零事故。",
    "积极稳妥推进二轮土地承包到期延包，二人转走进社区，水质保持二类。",
    "第一、二轮中央生态环保督察反馈问题全部整改。",
    "距离大运会开幕还有3天，倒计时100天。",  # a countdown
    "有着40多年党龄的徐白云，房屋有30多年房龄。",  # an attribute of a person or a house, like an age
    "聚焦解决“投什么、谁来投、怎么投、如何管”四个问题。",  # a framework quoted as a list of as many items
    "坚持从“重构创新政策、重塑创新平台、营造创新氛围、强化创新服务”四个方面统筹发力。",
    "一年来，我们重点抓了五个方面工作：\n一是突出打好攻坚战。",  # an outline the speech lists next
    "至少有十个突出亮点：一是全区经济增长速度居全国前列。",
])
def test_exclusions(text):
    assert find_quantities(text) == []



def test_names_quoted_one_by_one_are_counted_and_a_colon_alone_announces_nothing():
    assert [q.mention for q in find_quantities("“宁夏大米”、“宁夏小麦”两个品种获奖。")] == ["两个"]
    assert [q.mention for q in find_quantities("建成三个中心：分别是科创中心、数据中心和服务中心。")] == ["三个"]
    assert [q.mention for q in find_quantities("聚焦“投什么、谁来投”四个问题。")] == ["四个"]  # 2 items, not 4


def test_a_count_of_leaders_without_a_measure_word():
    """lexicon implied_unit_nouns 带头人: 培养认定农村致富带头人3.07万 counts people."""
    q, = find_quantities("培养认定农村致富带头人3.07万，小额信贷居全国首位。")
    assert (q.mention, q.value, q.unit) == ("3.07万", 30700.0, "人")


def test_temperatures_and_places_counted_with_arabic_digits():
    """units.json: ℃ (a temperature, never summed), 地 after Arabic digits only."""
    qs = find_quantities("供热标准由18℃提高到20℃，4地入选示范区，两地携手。")
    assert [(q.mention, q.unit, q.kind) for q in qs] == [
        ("18℃", "℃", "temperature"), ("20℃", "℃", "temperature"), ("4地", "地", "count")]


def test_ratios_to_one_are_stored_as_their_first_term_and_never_summed():
    qs = find_quantities("城乡居民收入比由2.9∶1缩小至2.52∶1，广东从2.50:1缩小至2.27:1。")
    assert [(q.mention, q.value, q.unit, q.kind, q.unit_family) for q in qs] == [
        ("2.9∶1", 2.9, "∶1", "ratio", "ratio"), ("2.52∶1", 2.52, "∶1", "ratio", "ratio"),
        ("2.50:1", 2.5, "∶1", "ratio", "ratio"), ("2.27:1", 2.27, "∶1", "ratio", "ratio")]
    # a ratio to more than one and clock times are no ratio to one
    assert find_quantities("项目比例1∶3.4，发布于09:45:30，比例为5∶12，按1∶2∶3配比，12：30：58。") == []


def test_a_split_of_a_whole_is_read_as_its_parts_in_percent():
    qs = find_quantities("三次产业结构由8.7∶41.2∶50.1调整为7.4∶39.6∶53，比重为4.0∶37.7∶58.3。")
    assert [(q.mention, q.value, q.unit, q.kind) for q in qs] == [
        ("8.7", 8.7, "%", "percent"), ("41.2", 41.2, "%", "percent"), ("50.1", 50.1, "%", "percent"),
        ("7.4", 7.4, "%", "percent"), ("39.6", 39.6, "%", "percent"), ("53", 53.0, "%", "percent"),
        ("4.0", 4.0, "%", "percent"), ("37.7", 37.7, "%", "percent"), ("58.3", 58.3, "%", "percent")]
    # parts that add up to no whole (beyond rounding) are a proportion
    assert find_quantities("三次产业结构为8.7∶41.2∶52.1。") == []


def test_a_ratio_to_one_written_without_its_one_after_a_ratio_noun():
    """lexicon ratio_nouns: 收入倍差 1.83 is 1.83∶1; a starting value before 缩小 too."""
    qs = find_quantities("城乡居民收入倍差缩小至1.83。城乡居民收入比值由3.27缩小至2.93，收入比收窄至2：1以内。")
    assert [(q.mention, q.value, q.unit, q.qualifier) for q in qs] == [
        ("1.83", 1.83, "∶1", "exact"), ("3.27", 3.27, "∶1", "exact"), ("2.93", 2.93, "∶1", "exact"),
        ("2：1以内", 2.0, "∶1", "at_most")]
    # a share after 收入比重, and a decimal that is another quantity or outside the noun's clause
    assert [q.mention for q in find_quantities("税收占一般公共预算收入比重超75%。")] == ["超75%"]
    assert [q.unit for q in find_quantities("城乡收入比缩小至2.12，新改建农村公路4.2万公里。")] == ["∶1", "公里"]
    assert find_quantities("城乡收入比缩小，增速为2.5。") == []
    # narrowed by (缩小0.05, 收窄0.1) is a change of the ratio, not a ratio of 0.05∶1
    qs = find_quantities("城乡收入比缩小0.05，收入倍差收窄0.1，收入比值缩小至2.1。")
    assert [(q.mention, q.kind, q.direction) for q in qs] == [
        ("0.05", "change", "down"), ("0.1", "change", "down"), ("2.1", "ratio", None)]


def test_editions_circuits_counties_and_townships_counted_after_arabic_digits():
    text = ("承办3届中国户外运动产业大会，建成15回输电线路，玉树3县5乡工程，12乡镇完成，"
            "十四届全国人大，2025届毕业生，第31届大运会，发布2024县域产业链，透过2025回望，推进2025乡村振兴。")
    assert [(q.mention, q.unit) for q in find_quantities(text)] == [
        ("3届", "届"), ("15回", "回"), ("3县", "县"), ("5乡", "乡"), ("12乡镇", "乡镇")]


def test_bare_numbers_listed_after_a_change_verb_make_the_whole_list_a_change():
    """分别提高15、22个百分点: the verb stands before 15, which shares 22's unit; both are changes."""
    qs = find_quantities("蔬菜、小浆果设施产量占比分别提高15、22个百分点。")
    assert [(q.mention, q.unit, q.kind, q.direction) for q in qs] == [
        ("15", "百分点", "change", "up"), ("22个百分点", "百分点", "change", "up")]
    qs = find_quantities("分别惠及3500万、2300万人次。")  # no verb of change: counts
    assert [(q.mention, q.kind, q.direction) for q in qs] == [("3500万", "count", None), ("2300万人次", "count", None)]


def test_countries_and_groups_counted_after_arabic_digits_and_a_dish_s_size_is_no_claim():
    text = "扩大59国人员免签入境，长臂猿恢复至7群42只，中亚五国，110米口径射电望远镜，群众。"
    assert [(q.mention, q.unit) for q in find_quantities(text)] == [("59国", "国"), ("7群", "群"), ("42只", "只")]


def test_a_count_of_people_may_carry_the_modifier_of_every_ethnic_group_and_tourists_are_visits():
    qs = find_quantities("近20万各民族家庭参与活动，其中入境游客111万。")
    assert [(q.mention, q.value, q.unit, q.qualifier) for q in qs] == [
        ("近20万", 200000.0, "户", "nearly"), ("111万", 1110000.0, "人次", "exact")]


def test_medals_of_a_competition_and_visits_named_before_their_count():
    qs = find_quantities("在首届全国青少年三大球比赛中获得4金2银好成绩，冰雪运动参与人次超630万。")
    assert [(q.mention, q.unit) for q in qs] == [("4金", "枚"), ("2银", "枚"), ("超630万", "人次")]


def test_a_count_of_people_after_its_noun_may_name_the_total_between():
    qs = find_quantities("技能人才总量超696万，常住人口总数达6万。")
    assert [(q.mention, q.value, q.unit, q.qualifier) for q in qs] == [
        ("超696万", 6960000.0, "人", "more_than"), ("6万", 60000.0, "人", "exact")]


def test_two_as_a_count_is_liang_and_larger_numerals_keep_their_two():
    qs = find_quantities("两次参加审议，两批21个事项，二十个项目，十二个社区。")
    assert [q.mention for q in qs] == ["两次", "两批", "21个", "二十个", "十二个"]

def test_an_idiom_after_a_digit_is_the_tail_of_a_number():
    qs = find_quantities("高新技术企业达到2.5万家，三百家企业参展，万家灯火。")
    assert [(q.mention, q.value, q.unit) for q in qs] == [("2.5万家", 25000.0, "家"), ("三百家", 300.0, "家")]


def test_a_bare_number_listed_before_a_figure_shares_its_unit():
    def found(text: str) -> list[tuple[str, float, str, float]]:
        qs = find_quantities(text)
        for q in qs:
            assert text[q.start:q.end] == q.mention
        return [(q.mention, q.value, q.unit, q.base_value) for q in qs]

    assert found("文化惠民工程、全民健身工程分别惠及3500万、2300万人次。") == [
        ("3500万", 35e6, "人次", 35e6), ("2300万人次", 23e6, "人次", 23e6)]
    assert found("覆盖率分别提高20.9、36.2、54个百分点。") == [
        ("20.9", 20.9, "百分点", 20.9), ("36.2", 36.2, "百分点", 36.2), ("54个百分点", 54.0, "百分点", 54.0)]
    # the figure's multiplier when the number has none; the unit's conversion to its base too
    assert found("分别投入20、30亿元，新建道路1.5、2公里。") == [
        ("20", 2e9, "元", 2e9), ("30亿元", 3e9, "元", 3e9), ("1.5", 1.5, "公里", 1500.0), ("2公里", 2.0, "公里", 2000.0)]
    # nothing to share, or not a count: identifiers, ordinals, names
    assert found("最终决定在1、2号楼前加装电梯。") == []
    assert [m for m, *_ in found("第1、2批项目完成，PM2.5、PM10浓度分别下降19.4%、14.9%。")] == ["19.4%", "14.9%"]
    assert [m for m, *_ in found("第一、二批试点共12个。")] == ["12个"]

def test_offsets_index_the_text_exactly():
    text = "全市累计启动老旧小区改造211个，完成改造181个，改造面积512万平方米，完成投资13.6亿元，惠及群众5.3万户。"
    qs = find_quantities(text)
    assert [q.mention for q in qs] == ["211个", "181个", "512万平方米", "13.6亿元", "5.3万户"]
    for q in qs:
        assert text[q.start:q.end] == q.mention


def test_units_convert_within_their_family():
    q = only("绿化面积300亩。")
    assert q.unit_family == "area" and q.base_unit == "平方米"
    assert q.base_value == pytest.approx(200000, rel=1e-3)
    q = only("新建绿道2公里。")
    assert (q.base_value, q.base_unit) == (2000, "米")
    count = only("改造小区3个。")
    assert count.unit_family == "count:个"



def test_an_amount_with_a_threshold_suffix_before_a_noun_names_a_class():
    qs = find_quantities("开工建设10亿元以上重大产业项目26个，20户以上自然村全部通硬化路，"
                         "覆盖93%以上行政村，带动就业10万人以上。")
    assert [q.mention for q in qs] == ["26个", "93%以上", "10万人以上"]


def test_an_amount_after_a_qualifier_before_a_class_noun_names_a_class():
    qs = find_quantities("生产总值超200亿元县（区）达26个，引进投资超10亿元重大项目14个，玉门超40吨金矿，"
                         "超10亿元补贴直达消费者，设立超500亿元区域基金，推动超1万家企业技术改造。")
    assert [q.mention for q in qs] == ["26个", "14个", "超10亿元", "超500亿元", "超1万家"]


def test_a_qualifier_word_separates_a_number_from_letters_before_it():
    assert [q.mention for q in find_quantities("GDP超3000亿元，G20峰会，PM2.5浓度下降。")] == ["超3000亿元"]


def test_a_change_verb_before_a_list_makes_each_listed_figure_a_change():
    qs = find_quantities("生产钾肥749万吨、碳酸锂13.5万吨，分别增长4.8%、22.3%，分别下降1.2%和3%。")
    assert [(q.mention, q.kind, q.direction) for q in qs[2:]] == [
        ("4.8%", "change", "up"), ("22.3%", "change", "up"), ("1.2%", "change", "down"), ("3%", "change", "down")]
    # a share listed after a share is no change; nor is a figure of another unit after a change
    qs = find_quantities("占比分别达到4.8%、22.3%，增长5%、3个项目。")
    assert [(q.mention, q.kind) for q in qs] == [("4.8%", "percent"), ("22.3%", "percent"), ("5%", "change"),
                                                 ("3个", "count")]
    # in another unit that the verb makes a change of (percentage points, a multiple), it is one;
    # an amount of money after 增长 is not
    qs = find_quantities("收入分别增长5%、3.2个百分点，进出口增长5%、2倍，投资增长6%、3亿元。")
    assert [(q.mention, q.kind, q.direction) for q in qs] == [
        ("5%", "change", "up"), ("3.2个百分点", "change", "up"), ("5%", "change", "up"), ("2倍", "change", "up"),
        ("6%", "change", "up"), ("3亿元", "money", None)]


@pytest.mark.parametrize("text, value", [("完成保供任务8.3亿吨。", 830_000_000), ("达到4.27万亿元。", 4_270_000_000_000),
                                         ("修复2.26万亩。", 22_600), ("装机1.15亿千瓦。", 115_000_000),
                                         ("投资3至5.1万元。", 30_000)])
def test_a_multiplied_value_is_the_decimal_figure_the_text_reads(text, value):
    q = only(text)
    assert q.value == value  # exactly: 8.3 × 1e8 in binary floating point is 830000000.0000001


@pytest.mark.parametrize("text, mention, value, qualifier", [
    ("社区有近万名居民。", "近万名", 10_000, "nearly"),
    ("旅游收入超万亿元。", "超万亿元", 1_000_000_000_000, "more_than"),
    ("带动上下游千余家企业。", "千余家", 1_000, "more_than"),
    ("惠及近万家企业。", "近万家", 10_000, "nearly"),  # 万家 is no idiom after a qualifier
    ("广东团现场成交额超百亿美元。", "超百亿美元", 10_000_000_000, "more_than"),
    ("遴选千名讲师。", "千名", 1_000, "exact"),  # straight before 名 it counts people (lexicon bare_numeral_units)
])
def test_a_round_number_written_as_its_unit_alone_is_read_after_a_qualifier(text, mention, value, qualifier):
    q = only(text)
    assert (q.mention, q.value, q.qualifier) == (mention, value, qualifier)


@pytest.mark.parametrize("text", ["千方百计解决群众难题。", "万家灯火。", "实施百县千镇万村高质量发展工程。", "千人一面。",
                                  "吸引了数千名景漂。", "线上万人观看。", "引进企业数十家。", "惠及数十万人。",
                                  "几百个村庄。", "成千上万人。", "提供7×24小时服务。", "ESI全球前1‰学科。"])
def test_a_bare_numeral_without_a_qualifier_is_a_word(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize("text, mention, value, unit, qualifier", [
    ("化解率达94%，惠及70多万群众。", "70多万", 700_000, "人", "more_than"),
    ("养老助餐点覆盖2.34万老年人的用餐需求。", "2.34万", 23_400, "人", "exact"),
    ("78万农牧户发展庭院经济。", "78万", 780_000, "户", "exact"),
    ("近万老人享受助餐服务。", "近万", 10_000, "人", "nearly"),
])
def test_a_count_of_people_without_a_measure_word_takes_its_unit_from_the_noun(text, mention, value, unit, qualifier):
    q = [q for q in find_quantities(text) if q.mention == mention][0]
    assert (q.value, q.unit, q.kind, q.qualifier) == (value, unit, "count", qualifier)
    assert text[q.start:q.end] == mention  # the noun is not part of the figure


def test_a_bare_number_before_a_people_noun_is_no_count():
    assert find_quantities("30老人结对帮扶。") == []


def test_a_bare_numeral_of_two_characters_is_refused_with_the_data_file_named():
    import dataclasses

    from etl.extract import QuantityMatcher
    from etl.rules import load_rules
    rules = load_rules()
    bad = dataclasses.replace(rules, lexicon={**rules.lexicon, "bare_numerals": {"万亿": 10 ** 12}})
    with pytest.raises(ValueError, match="bare_numerals"):
        QuantityMatcher(bad)


@pytest.mark.parametrize("text, mention, value, unit", [
    ("14万困难群众圆了安居梦。", "14万", 140_000, "人"),
    ("新增1.8万农业转移人口在城镇安家落户。", "1.8万", 18_000, "人"),
    ("提高600多万公交出行市民接驳便利性。", "600多万", 6_000_000, "人"),
    ("71.3万监测对象稳定消除返贫致贫风险。", "71.3万", 713_000, "人"),
    ("95万低保和特困人员基本生活得到保障。", "95万", 950_000, "人"),  # a chain of modifiers
    ("惠及80余万高龄和失能失智老年人。", "80余万", 800_000, "人"),
])
def test_a_listed_modifier_may_stand_between_the_count_and_its_people_noun(text, mention, value, unit):
    q = only(text)
    assert (q.mention, q.value, q.unit, q.kind) == (mention, value, unit, "count")


def test_only_listed_modifiers_stand_between_a_multiplied_number_and_a_people_noun():
    # 建设 is no modifier: 3亿 is money written without 元, not 300 million residents
    assert find_quantities("投资3亿建设居民小区。") == []
    # nor may modifiers chain beyond three: 困难和低保和特困和受灾 is no noun phrase of the count
    assert find_quantities("投入3亿困难和低保和特困和受灾群众。") == []


def test_a_count_after_its_people_noun_at_the_end_of_a_clause_takes_its_unit_from_the_noun():
    qs = find_quantities("新增技能人才74万、专业人才8.1万、首席技师73人，常住人口6万，旅居人数达389.75万。")
    assert [(q.mention, q.value, q.unit) for q in qs] == [
        ("74万", 740_000, "人"), ("8.1万", 81_000, "人"), ("73人", 73, "人"), ("6万", 60_000, "人"),
        ("389.75万", 3_897_500, "人")]
    # only with 万 or 亿, only after such a noun, and never mid-clause
    assert find_quantities("常住人口600，GDP达到3万亿，人均收入2.1，常住人口6万左右的城区。") == []


@pytest.mark.parametrize("text, mention, value, unit, qualifier", [
    ("海洋生产总值突破万亿，南北帮扶合作加快推进。", "突破万亿", 1e12, "元", "more_than"),
    ("旅游收入破万亿。", "破万亿", 1e12, "元", "more_than"),
    ("人均可支配收入2.1万，增长5%。", "2.1万", 21_000, "元", "exact"),
    ("庆阳经济总量迈上1200亿台阶。", "1200亿", 1.2e11, "元", "more_than"),  # no 1200亿台 of machines
    ("新能源装机在全国率先破亿、达到1.35亿千瓦。", "破亿", 1e8, "千瓦", "more_than"),  # an adverb before 破
    ("旅客吞吐量再次破亿。", "破亿", 1e8, "人次", "more_than"),
])
def test_an_amount_after_the_noun_it_measures_takes_its_unit_from_the_noun(text, mention, value, unit, qualifier):
    q = find_quantities(text)[0]
    assert (q.mention, q.value, q.unit, q.qualifier) == (mention, value, unit, qualifier)


def test_an_amount_after_its_noun_needs_a_multiplier_and_an_adverb_needs_a_qualifier_after_it():
    # (an adverb stands only before a prefix qualifier or a threshold verb: 率先达到1万 is no amount)
    qs = find_quantities("旅游收入增长5000，产值在全国率先1万，产值在全国率先达到1万，销售额达5万台。")
    assert [(q.mention, q.unit) for q in qs] == [("5万台", "台")]


@pytest.mark.parametrize("text, mention, value, qualifier", [
    ("新能源汽车产量占全国1/4。", "1/4", 25.0, "exact"),
    ("超级稻品种占全国超1/4。", "超1/4", 25.0, "more_than"),
    ("城镇新增就业占全国1/10以上。", "1/10以上", 10.0, "more_than"),
    ("城镇新增就业稳定在全国1/10以上。", "1/10以上", 10.0, "more_than"),  # 以上 alone makes it a share
    ("其中新能源占比近1/3。", "近1/3", 33.33, "nearly"),
    ("老人超过三分之一。", "超过三分之一", 33.33, "more_than"),
    ("覆盖率达到百分之九十以上。", "百分之九十以上", 90.0, "more_than"),
    ("智能手机产量占全国超4成。", "超4成", 40.0, "more_than"),
    ("八成以上财政资金用于民生。", "八成以上", 80.0, "more_than"),
    ("新增两院院士占全国近一半。", "近一半", 50.0, "nearly"),  # a fraction written as a word (lexicon fraction_words)
    ("医院一半以上的专家号下沉社区。", "一半以上", 50.0, "more_than"),
])
def test_shares_written_as_fractions_keep_their_qualifier(text, mention, value, qualifier):
    q = only(text)
    assert (q.mention, q.qualifier, q.kind) == (mention, qualifier, "percent")
    assert q.value == value  # a third is stored as 33.33, as published percentages are (lexicon fraction_percent_decimals)
    assert (q.unit, q.base_value) == ("%", value)  # 4成 is stored as 40 %, its mention unchanged


@pytest.mark.parametrize("text", [
    "时间：2026/02/05 09:02。",  # a date
    "比分3/15落后。",  # a slash fraction with nothing saying it is a share
    "学科进入ESI前千分之一。",  # a ranking threshold
    "新增ESI全球前1%学科24个。",  # a ranking threshold written with a percent sign ("24个" is the count)
    "排名前百分之十。",
    "进入排名前一半的学校。",
    "爬到一半就不得不休息。",  # halfway: no qualifier or share word around 一半
    "2023成都大运会开幕，一成不变。",  # not tenths
])
def test_fractions_that_are_no_shares(text):
    assert [q.mention for q in find_quantities(text) if q.kind == "percent"] == []


def test_life_expectancy_is_a_figure_and_an_age_is_not():
    qs = find_quantities("人均预期寿命从2020年的75.2岁提升至2025年的76.8岁左右。75岁的老党员，50多岁的村民。")
    assert [(q.mention, q.value, q.unit, q.qualifier) for q in qs] == [
        ("75.2岁", 75.2, "岁", "exact"), ("76.8岁左右", 76.8, "岁", "approx")]


def test_new_measure_words_and_a_chinese_numeral_before_tou_is_a_word():
    qs = find_quantities("发射卫星137颗，生猪出栏6150万头，交易转化2412笔，电池产能达55GWh，9兆瓦时储能系统。抓两头、带中间。")
    assert [(q.mention, q.unit, q.base_value) for q in qs] == [
        ("137颗", "颗", 137), ("6150万头", "头", 61_500_000), ("2412笔", "笔", 2412),
        ("55GWh", "GWh", 55_000_000), ("9兆瓦时", "兆瓦时", 9000)]  # a Latin symbol stays as written


def test_a_score_counts_only_as_a_rating_and_minutes_and_times_stay_out():
    qs = find_quantities("公共服务质量满意度81.6分，首次高于全国水平。14时30分，打造10分钟微党课，考试得了90分。")
    assert [(q.mention, q.value, q.unit) for q in qs] == [("81.6分", 81.6, "分")]
    # a fraction is read before a score could be: 三分之一 is no 三分 followed by 之一
    assert [q.mention for q in find_quantities("满意度测评中三分之一的居民打了满分。")] == ["三分之一"]


def test_an_increase_against_a_baseline_is_a_change_whatever_its_unit():
    qs = find_quantities("优良天数同比增加36天，比2020年增加12天，货运量比上年减少2万吨，再增加300个小区。")
    assert [(q.mention, q.kind, q.direction) for q in qs] == [
        ("36天", "change", "up"), ("12天", "change", "up"), ("2万吨", "change", "down"), ("300个", "count", None)]


def test_an_increase_against_the_end_of_last_year_or_its_same_period_is_a_change():
    """lexicon change_comparison_patterns: statistical bulletins compare stocks with 上年末 and flows
    with 去年同期."""
    qs = find_quantities("常住人口比上年末增加3.1万人，参保人数较去年末减少2万人，客运量比去年同期增加4万人次，"
                         "与上年相比减少5万吨，新增300个小区。")
    assert [(q.mention, q.kind, q.direction) for q in qs] == [
        ("3.1万人", "change", "up"), ("2万人", "change", "down"), ("4万人次", "change", "up"),
        ("5万吨", "change", "down"), ("300个", "count", None)]


def test_shortening_and_speeding_up_and_changes_since_the_start_of_the_year_are_changes():
    qs = find_quantities("审批时间缩短50%，车速提速30%，审批时限缩短3天，各项贷款余额比年初增加251.8亿元，通勤时间缩短至1.5小时。")
    assert [(q.mention, q.kind, q.direction) for q in qs] == [
        ("50%", "change", "down"), ("30%", "change", "up"), ("3天", "change", "down"),
        ("251.8亿元", "change", "up"), ("1.5小时", "duration", None)]  # (缩短至: the level reached)


def test_a_number_written_in_two_steps_or_as_a_chinese_decimal_is_read_whole():
    """1亿2千万元 read from its last part alone was 2千万元, a wrong and smaller amount."""
    qs = find_quantities("投入1亿2千万元，约1亿2千万元，超过3万5千人，惠及一点五万户，融资3千万元；共3万、5千元两笔。两点一线。")
    assert [(q.mention, q.value, q.qualifier) for q in qs] == [
        ("1亿2千万元", 1.2e8, "exact"), ("约1亿2千万元", 1.2e8, "approx"), ("超过3万5千人", 35000, "more_than"),
        ("一点五万户", 15000, "exact"), ("3千万元", 3e7, "exact"),
        ("3万", 30000, "exact"), ("5千元", 5000, "exact"), ("两笔", 2, "exact")]  # (a list: two amounts)
    for q in qs:
        assert "投入1亿2千万元，约1亿2千万元，超过3万5千人，惠及一点五万户，融资3千万元；共3万、5千元两笔。两点一线。"[q.start:q.end] == q.mention
    # 余 or 多 inside the multiplier 千万 qualifies the whole amount
    qs = find_quantities("投入资金3千余万元，三千多万元，1.5千余亿元。")
    assert [(q.mention, q.value, q.qualifier) for q in qs] == [
        ("3千余万元", 3e7, "more_than"), ("三千多万元", 3e7, "more_than"), ("1.5千余亿元", 1.5e11, "more_than")]


def test_doubling_and_halving_written_in_chinese_numerals_are_changes():
    qs = find_quantities("产值增长一倍，成本减少一半，时间缩短一半以上。爬到一半，一倍的努力。")
    assert [(q.mention, q.value, q.unit, q.kind, q.direction) for q in qs] == [
        ("一倍", 1, "倍", "change", "up"), ("一半", 50, "%", "change", "down"),
        ("一半以上", 50, "%", "change", "down")]  # 爬到一半 is halfway; 一倍的努力 no figure


def test_measure_words_of_courses_farms_and_supplies_count():
    qs = find_quantities("开设课程40余门、20至40课时，培训300学时，蛋鸡20万羽，种薯2亿粒，机井12眼，物资500箱，"
                         "米面800袋，发车10趟，公交200班次，用工500工日。专门开设一门课程，一眼望去。")
    assert [(q.mention, q.unit, q.value) for q in qs] == [
        ("40余门", "门", 40), ("20至40课时", "课时", 20), ("300学时", "学时", 300), ("20万羽", "羽", 200000),
        ("2亿粒", "粒", 2e8), ("12眼", "眼", 12), ("500箱", "箱", 500), ("800袋", "袋", 800), ("10趟", "趟", 10),
        ("200班次", "班次", 200), ("500工日", "工日", 500)]  # 一门, 一眼 are words


def test_units_written_in_latin_letters_or_symbols():
    qs = find_quantities("铺设管网3.5km，改造面积12万m²，PM2.5平均浓度28μg/m³，装机12MW，发电1500万kWh。5G基站2万个，3A级景区5个。")
    assert [(q.mention, q.unit, q.value) for q in qs] == [
        ("3.5km", "公里", 3.5), ("12万m²", "平方米", 120000), ("28μg/m³", "微克/立方米", 28), ("12MW", "兆瓦", 12),
        ("1500万kWh", "千瓦时", 1.5e7), ("2万个", "个", 20000), ("5个", "个", 5)]  # 5G, 3A are names


def test_a_change_against_the_budget_is_a_change():
    qs = find_quantities("一般公共预算支出612.9亿元，较预算增加21.5亿元，比调整预算减少3亿元。")
    assert [(q.mention, q.kind, q.direction) for q in qs] == [
        ("612.9亿元", "money", None), ("21.5亿元", "change", "up"), ("3亿元", "change", "down")]


def test_what_a_payment_is_per_is_not_a_count():
    """lexicon per_unit: 每吸纳1人给予…补贴 states a rate; the payment itself is a claim."""
    mentions = [q.mention for q in find_quantities(
        "每吸纳1人给予1000元至3000元一次性补贴，每新增10个岗位奖励1万元，育儿家庭每月多了300元补贴，全年吸纳1200人就业。")]
    assert mentions == ["1000元至3000元", "1万元", "300元", "1200人"]


def test_prices_that_rise_or_fall_change():
    """lexicon change_verbs: 居民消费价格上涨0.5% is a change, as 增长 is."""
    assert [(q.mention, q.kind, q.direction) for q in find_quantities("居民消费价格上涨0.5%，金价下跌3%。")] == [
        ("0.5%", "change", "up"), ("3%", "change", "down")]


def test_a_share_followed_by_growth_as_a_noun_is_a_change():
    """lexicon change_nouns_after: 保持40%以上增长 is the size of a change; 从45%增长到60% starts a range."""
    qs = find_quantities("汽车产量继续保持40%以上增长、达357万辆，占比从45%增长到60%，能耗实现3%的下降。")
    assert [(q.mention, q.kind, q.direction) for q in qs] == [
        ("40%以上", "change", "up"), ("357万辆", "count", None), ("45%", "percent", None),
        ("60%", "percent", None), ("3%", "change", "down")]


@pytest.mark.parametrize("text, mention", [("完成设备更新6.5万台(套)，", "6.5万台(套)"), ("更新设备约15万台（套），", "约15万台（套）"),
                                           ("完成工业领域设备更新33.6万台套；", "33.6万台套")])
def test_a_compound_measure_word_is_one_unit(text, mention):
    """台（套） counts machines or sets: one measure word, 台套, as industry statistics write it."""
    q = only(text)
    assert (q.mention, q.unit) == (mention, "台套")


@pytest.mark.parametrize("text, mention, unit, family", [
    ("城乡居民基础养老金提高到178元/月，", "178元/月", "元/月", "money/月"),
    ("人均补助4318元/年，", "4318元/年", "元/年", "money/年"),
    ("新增产能400万吨/年，", "400万吨/年", "吨/年", "weight/年"),
])
def test_a_rate_keeps_its_denominator_in_a_family_of_its_own(text, mention, unit, family):
    """1400元/月 is a monthly standard: summed with totals in 元 it would make nonsense."""
    q = only(text)
    assert (q.mention, q.unit, q.unit_family) == (mention, unit, family)


def test_rate_families_are_never_summed():
    from etl.rules import non_additive_units
    families, _ = non_additive_units()
    assert {"money/月", "weight/年", "count:人/年"} <= families and "money" not in families


def test_a_measure_word_written_once_after_the_last_figure_is_each_ones():
    """分别高于全省2.2个和3.7个百分点: 个 of 2.2个 is the 个 of 个百分点."""
    found = find_quantities("分别高于全省2.2个和3.7个百分点。建成3个和5个项目。")
    assert [(q.mention, q.unit) for q in found] == [("2.2个", "百分点"), ("3.7个百分点", "百分点"),
                                                    ("3个", "个"), ("5个", "个")]


@pytest.mark.parametrize("text, mention, unit, base_value", [
    ("全省智能算力达1.6万P、增长130%。", "1.6万P", "P", 16000), ("总算力突破7000PF、", "突破7000PF", "PF", 7000),
    ("全省算力规模突破160Eflops，", "突破160Eflops", "EFlops", 160000), ("新型储能装机55GWh，", "55GWh", "GWh", 55e6),
])
def test_computing_power_and_latin_symbols_are_units_as_written(text, mention, unit, base_value):
    q = find_quantities(text)[0]
    assert (q.mention, q.unit, q.base_value) == (mention, unit, base_value)


def test_a_lone_p_is_computing_power_only_beside_its_word():
    assert find_quantities("共有4P空调。") == []


@pytest.mark.parametrize("text, mentions", [("衡阳高新区等6家园区入选。", ["6家"]), ("共建美好家园，3家园", []),
                                            ("“湘易办”总用户数近3500万、月访问量", ["近3500万"])])
def test_words_that_begin_like_an_exclusion(text, mentions):
    """6家园区 counts parks (家 + 园区), not a 家园; 用户数 says what a bare 万 counts."""
    assert [q.mention for q in find_quantities(text)] == mentions


@pytest.mark.parametrize("text, mention, value", [
    ("新增405万皖北群众喝上引调水。", "405万", 4_050_000), ("7100万江淮儿女倍感温暖。", "7100万", 71_000_000),
    ("6100万湖北人民备受鼓舞。", "6100万", 61_000_000), ("给2400多万陇原儿女无限温暖。", "2400多万", 24_000_000),
    ("2500万黑龙江人民。", "2500万", 25_000_000), ("2400多万内蒙古各族群众。", "2400多万", 24_000_000),
])
def test_a_place_may_stand_between_a_count_and_its_people(text, mention, value):
    q = only(text)
    assert (q.mention, q.value, q.unit, q.kind) == (mention, value, "人", "count")


@pytest.mark.parametrize("text", ["投入3亿惠及群众。", "筹集5万人民币。", "带动2万就业群众增收。"])
def test_two_characters_that_name_no_place_do_not_make_people_of_a_number(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize("text, mention, value, qualifier", [
    ("经济总量跨上5万亿元台阶。", "5万亿元", 5e12, "more_than"), ("地区生产总值跨越5000亿元大关，", "5000亿元", 5e11, "more_than"),
    ("粮食产量跃上500亿斤台阶。", "500亿斤", 5e10, "more_than"), ("服务业增加值跨上万亿元台阶，", "万亿元", 1e12, "more_than"),
    # a count needs the threshold word right after it: 4个 counts steps
    ("地区生产总值连续迈上4个万亿元台阶、", "4个", 4, "exact"), ("经济总量迈上5万亿元。", "5万亿元", 5e12, "more_than"),
])
def test_a_threshold_passed_is_more_than_the_figure(text, mention, value, qualifier):
    q = only(text)
    assert (q.mention, q.value, q.qualifier) == (mention, value, qualifier)


def test_a_threshold_verb_does_not_turn_a_vague_numeral_into_an_amount():
    assert find_quantities("数万名群众参加，跨越千年。") == []


@pytest.mark.parametrize("text, mention, value, qualifier", [
    ("国内外参赛队伍上万支。", "上万支", 10_000, "more_than"),
    ("以龙头企业为引领，上千家配套企业为支撑。", "上千家", 1000, "more_than"),
    ("线上10万人观看。", "10万人", 100_000, "exact"),  # before digits 上 is no qualifier
    ("服务业增加值跨上万亿元台阶。", "万亿元", 1e12, "more_than"),  # 跨上 is a threshold verb
    ("年实际使用外资保持在千亿元以上。", "千亿元以上", 1e11, "more_than"),
    ("经营主体每年新增百万户以上。", "百万户以上", 1e6, "more_than"),
    ("打破10项纪录。", "10项", 10, "exact"),  # 打破 is a word, not 破
])
def test_a_bare_numeral_is_an_amount_after_上_or_before_以上(text, mention, value, qualifier):
    q = only(text)
    assert (q.mention, q.value, q.qualifier) == (mention, value, qualifier)


def test_a_plain_duration_counts_after_its_context_word():
    qs = find_quantities("平均受教育年限从2020年的9.6年提升至2025年的10.2年左右。用3年时间完成。")
    assert [(q.mention, q.value, q.unit, q.qualifier) for q in qs] == [
        ("9.6年", 9.6, "年", "exact"), ("10.2年左右", 10.2, "年", "approx")]


def test_computing_power_in_operations_per_second():
    q = only("算力总规模达到10.36百亿亿次/秒。")
    assert (q.mention, q.value, q.unit, q.base_value, q.base_unit) == ("10.36百亿亿次/秒", 1.036e19, "次/秒", 10360, "P")


@pytest.mark.parametrize("text, mention, value", [("出口占比超3成。", "超3成", 30.0), ("占全国四成。", "四成", 40.0),
                                                  ("约7成出口增量。", "约7成", 70.0)])
def test_tenths_are_stored_as_a_percentage(text, mention, value):
    q = only(text)
    assert (q.mention, q.value, q.unit, q.base_unit, q.kind) == (mention, value, "%", "%", "percent")


@pytest.mark.parametrize("text, qualifiers", [
    ("进出口总额接连突破8万亿元、9万亿元，", ["more_than", "more_than"]),
    ("普及率分别超过98％、85％，", ["more_than", "more_than"]),
    ("收支分别突破300亿元和3000亿元。", ["more_than", "more_than"]),
    # another unit, or words between, and the second figure is its own
    ("突破8万亿元、9万人，", ["more_than", "exact"]), ("超过98％，其中农村85％。", ["more_than", "exact"]),
])
def test_a_qualifier_before_the_first_of_listed_figures_bounds_each(text, qualifiers):
    assert [q.qualifier for q in find_quantities(text)] == qualifiers


def test_an_amount_passed_needs_no_threshold_word_and_a_count_of_steps_does():
    assert [(q.mention, q.qualifier) for q in find_quantities("地区生产总值跨过3万亿元、年均增长5.2%。")] == [
        ("3万亿元", "more_than"), ("5.2%", "exact")]
    assert [(q.mention, q.qualifier) for q in find_quantities("地区生产总值跨越3个千亿元台阶。")] == [("3个", "exact")]


@pytest.mark.parametrize("text, mention, value, unit", [
    ("危旧房改造惠及3万多家庭。", "3万多", 30_000, "户"), ("1.52万离校未就业高校毕业生实现就业。", "1.52万", 15_200, "人"),
    ("覆盖100万户籍人口。", "100万", 1_000_000, "人"),
])
def test_a_people_noun_is_read_before_a_measure_word_it_begins_with(text, mention, value, unit):
    """家庭 is no 家 of 庭, 户籍人口 no 户 of 籍人口."""
    q = only(text)
    assert (q.mention, q.value, q.unit) == (mention, value, unit)


@pytest.mark.parametrize("text, mention, value, unit", [
    ("吉林健儿为中国体育代表团贡献9金、5银、6铜。", "9金", 9, "枚"),  # medals only after their sport words
    ("在残奥会上斩获12金8银4铜。", "12金", 12, "枚"),  # the Paralympics too (units.json needs_context)
    ("标准机架分别达到10.8万个、101.2万架。", "101.2万架", 1_012_000, "架"),
    ("年产38.8亿方的延安气田增产项目全面投产。", "38.8亿方", 3_880_000_000, "立方米"),  # 方 only after 万/亿
])
def test_measure_words_of_medals_racks_and_cubic_metres(text, mention, value, unit):
    (q,) = [q for q in find_quantities(text) if q.mention == mention]
    assert (q.value, q.unit) == (value, unit)


@pytest.mark.parametrize("text, mentions", [
    ("5金融机构挂牌。", []), ("做好3方面工作。", []),
    # names, not counts (lexicon idioms)
    ("发放残疾人两项补贴12.4亿元。", ["12.4亿元"]), ("明确稳定、发展、生态、强边四件大事。", []),
])
def test_words_that_look_like_medals_cubic_metres_or_counts(text, mentions):
    assert [q.mention for q in find_quantities(text)] == mentions


def test_bulletin_units_and_words_that_only_look_like_amounts():
    """毫米, 顶, 面, 封, 家次 are units; 未来三天 is a forecast, 两百多公里外 a location, 超期 a word."""
    qs = find_quantities("降雨量186.4毫米，帐篷500顶，锦旗11面、感谢信23封，检查场所410家次。"
                         "未来三天仍有降雨，两百多公里外的雷山县，其中100面向社会，修建100米外墙。")
    assert [(q.mention, q.unit) for q in qs] == [
        ("186.4毫米", "毫米"), ("500顶", "顶"), ("11面", "面"), ("23封", "封"), ("410家次", "家次"), ("100米", "米")]


def test_sound_levels_are_read_and_never_summed():
    (q,) = find_quantities("平均等效声级为53.6分贝。")
    assert (q.mention, q.unit, q.unit_family) == ("53.6分贝", "分贝", "sound_level")
    from etl.rules import non_additive_units
    assert "sound_level" in non_additive_units()[0]


def test_health_bulletin_rates_and_durations():
    """9.6/10万 is a rate per 100,000; 8.3日 a stay in days after 住院日 (9月1日 stays a date);
    3分42秒 and 1小时20分钟 are one figure each, in their last unit."""
    qs = find_quantities("孕产妇死亡率为9.6/10万，出院者平均住院日8.3日，9月1日起实施。"
                         "平均通话时长3分42秒，平均用时1小时20分钟，比例为1/3。")
    assert [(q.mention, q.value, q.unit) for q in qs] == [
        ("9.6/10万", 9.6, "/10万"), ("8.3日", 8.3, "日"), ("3分42秒", 222.0, "秒"),
        ("1小时20分钟", 80.0, "分钟"), ("1/3", 33.33, "%")]
    assert qs[0].base_value == pytest.approx(0.0096)  # percent, its family's base
    assert qs[3].base_value == pytest.approx(80 / 60, rel=1e-3)  # hours


def test_minutes_count_only_as_a_time_taken():
    """15分钟生活圈 and 10分钟微党课 name schemes, 8时30分 is a clock time; a time taken is a figure."""
    assert find_quantities("打造15分钟生活圈，开展10分钟微党课，8时30分开始。") == []
    (q,) = find_quantities("课间时长延长至15分钟。")
    assert (q.mention, q.unit, q.kind) == ("15分钟", "分钟", "duration")


def test_a_count_after_a_noun_and_an_adverb_of_time():
    (q,) = find_quantities("我国60岁及以上老年人口已达2.97亿。")
    assert (q.mention, q.value, q.unit) == ("2.97亿", 297000000.0, "人")


def test_place_names_opening_with_numerals_and_counts_of_calls():
    """三台县 and 七台河市 are places, not three or seven machines; calls after 电话 are counted,
    the number to call is not."""
    qs = find_quantities("三台县公开信息128条，七台河市新增三台设备。受理呼救电话31.8万次，受理电话1200余次，拨打电话12345。")
    assert [q.mention for q in qs] == ["128条", "三台", "31.8万次", "1200余次"]


def test_a_standard_per_person_and_month_keeps_both_denominators():
    qs = find_quantities("城市特困人员供养标准1014元/人·月，农村7566元/人·年。")
    assert [q.unit for q in qs] == ["元/人·月", "元/人·年"]


def test_a_table_set_apart_by_wide_spaces_with_a_unit_column_and_signed_changes():
    page = ("表1　2023年主要工业产品产量及其增长速度\n产品名称　单位　产量　比上年增长（%）\n"
            "磷矿石　万吨　1562.3　5.7\n发电量　亿千瓦时　1045.8　-3.2\n")
    got = [(q.mention, q.value, q.unit, q.kind, q.direction) for q in find_quantities(page)]
    assert got == [("1562.3", 15623000.0, "吨", "weight", None), ("5.7", 5.7, "%", "change", "up"),
                   ("1045.8", 104580000000.0, "千瓦时", "energy", None), ("-3.2", 3.2, "%", "change", "down")]
    # a masthead or a stamp set apart by wide spaces is no table
    assert find_quantities("新华日报　2023年6月20日　星期二　第7版　民生\n金水发布　2024-07-15 19:30　河南\n") == []


def test_a_change_clause_takes_its_unit_s_context_from_the_clause_before():
    qs = find_quantities("人均预期寿命达到79.15岁，比上年提高0.31岁。平均住院日8.6日，比上年缩短0.4日。老党员75岁，提高了3岁。")
    assert [(q.mention, q.kind) for q in qs] == [("79.15岁", "duration"), ("0.31岁", "change"),
                                                 ("8.6日", "duration"), ("0.4日", "change")]


def test_spoken_money_and_a_change_against_last_year_s_whole():
    qs = find_quantities("每餐只要12块钱，发放2块屏幕。全县培训5.2万人次，比去年全年多出0.6万人次。")
    assert [(q.mention, q.unit, q.kind, q.direction) for q in qs] == [
        ("12块钱", "元", "money", None), ("2块", "块", "count", None),
        ("5.2万人次", "人次", "count", None), ("0.6万人次", "人次", "change", "up")]


def test_pastoral_units_banquet_tables_and_a_time_frame_within_years():
    qs = find_quantities("牲畜存栏162.4万头只，防疫31万头只次，宴席平均桌数由35桌降至18桌，三年内培训骨干教师2000名。")
    assert [(q.mention, q.unit) for q in qs] == [("162.4万头只", "头只"), ("31万头只次", "头只次"), ("35桌", "桌"),
                                                 ("18桌", "桌"), ("2000名", "名")]  # 三年内 is a time frame


def test_units_as_written_kilograms_area_times_and_standard_buses():
    found = {q.mention: (q.unit, q.kind, q.base_value) for q in find_quantities("亩产402.9公斤，产量12千克，防治9100万亩次，拥有车辆15.3标台。")}
    assert found == {"402.9公斤": ("公斤", "weight", 402.9), "12千克": ("千克", "weight", 12.0),
                     "9100万亩次": ("亩次", "area", 91000000.0), "15.3标台": ("标台", "count", 15.3)}


def test_an_entrance_number_years_since_and_days_to_come_are_no_counts():
    found = [q.mention for q in find_quantities("小区到今年整整40个年头。3号楼2门前，再过两天就开学。配发灭火器300具。")]
    assert found == ["300具"]


def test_numbers_listed_before_a_figure_joined_by_he_share_its_unit():
    found = [(q.mention, q.unit) for q in find_quantities("PM2.5平均浓度分别为22、26和31微克/立方米。1号楼和2号楼。")]
    assert found == [("22", "微克/立方米"), ("26", "微克/立方米"), ("31微克/立方米", "微克/立方米")]


def test_a_table_s_unit_line_and_count_headers_give_its_cells_units():
    page = ("表1　2023年部分管理部主要业务指标（单位：亿元）\n管理部\t缴存额\t提取额\n城固县管理部\t3.47\t2.16\n\n"
            "单位：件\n申请情况\t数量\n一、本年新收申请数量\t486\n三、本年度办理结果\t\n（一）予以公开\t174\n\n"
            "信息内容\t本年制发件数\t现行有效件数\n规范性文件\t7\t38\n")
    assert [(q.mention, q.unit, q.value) for q in find_quantities(page)] == [
        ("3.47", "元", 347000000.0), ("2.16", "元", 216000000.0), ("486", "件", 486.0), ("174", "件", 174.0),
        ("7", "件", 7.0), ("38", "件", 38.0)]


def test_a_figure_set_in_markdown_bold_is_found_and_a_product_is_not():
    assert [q.mention for q in find_quantities("建成中心**1163个**，规格2*3米。")] == ["1163个"]


def test_a_table_s_change_column_reads_a_plus_sign_as_a_rise():
    table = "县（区）\t火灾起数（起）\t同比增减（%）\n双台子区\t41\t-10.9\n大洼区\t46\t+4.5\n"
    assert [(q.mention, q.kind, q.direction, q.value) for q in find_quantities(table)] == [
        ("41", "count", None, 41.0), ("-10.9", "change", "down", 10.9), ("46", "count", None, 46.0),
        ("+4.5", "change", "up", 4.5)]


def test_a_minus_sign_of_the_figure_s_own_makes_a_level_below_zero_not_a_range_s_dash():
    found = {q.mention: q.value for q in find_quantities("人口自然增长率为-3.91‰，最低气温-5℃，3-5个，电话0572-2398516")}
    assert found == {"-3.91‰": -3.91, "-5℃": -5.0, "3-5个": 3.0}


def test_table_cells_with_thousands_separators_and_a_section_s_unit_shared_by_its_tables():
    page = ("二、第三季度财务收支情况（单位：元）\n\n（一）收入情况\n序号\t收入项目\t金额\n1\t厂房租赁收入\t36,000.00\n"
            "\t收入合计\t86,812.40\t\n\n（二）支出情况\n序号\t支出项目\t金额\n1\t村干部报酬\t27,000.00\n")
    assert [(q.mention, q.unit, q.value) for q in find_quantities(page)] == [
        ("36,000.00", "元", 36000.0), ("86,812.40", "元", 86812.4), ("27,000.00", "元", 27000.0)]


def test_units_of_sets_and_loans_of_books_and_counts_named_by_the_noun_before():
    found = [(q.mention, q.unit) for q in find_quantities("新增藏品1.38万件（套）、1200余件/套，外借量2180万册次，总流通人次3120万，参与人次46万人次。")]
    assert found == [("1.38万件（套）", "件套"), ("1200余件/套", "件套"), ("2180万册次", "册次"), ("3120万", "人次"), ("46万人次", "人次")]


def test_a_header_ending_in_a_measure_word_gives_its_column_the_unit():
    table = "区　　　　抽检批次　　合格率\n渝中区　　9860　　　　98.3%\n江北区　　10245　　　97.9%\n"
    assert [(q.mention, q.unit) for q in find_quantities(table)] == [
        ("9860", "批次"), ("98.3%", "%"), ("10245", "批次"), ("97.9%", "%")]


def test_building_numbers_are_addresses_and_a_share_of_tenths_may_be_more_than_it_says():
    found = [(q.mention, q.unit, q.qualifier) for q in find_quantities("住在1幢2单元的业主说，小区18幢楼，投票率只有四成多。")]
    assert found == [("18幢", "幢", "exact"), ("四成多", "%", "more_than")]


def test_sets_or_rooms_count_as_sets():
    assert [(q.mention, q.unit) for q in find_quantities("筹集保障性租赁住房7.2万套（间）。")] == [("7.2万套（间）", "套")]


def test_zuigao_caps_a_subsidy_but_not_a_record():
    found = [(q.mention, q.qualifier) for q in find_quantities("每户补贴最高20万元，全球最高10米的液压支架，单日最高12万人次。")]
    assert found == [("最高20万元", "at_most"), ("10米", "exact"), ("12万人次", "exact")]


def test_round_the_clock_duty_is_no_duration_claim():
    assert [q.mention for q in find_quantities("严格落实24小时值班制度，大厅内设有24小时自助服务区，公园实现24小时开放。")] == ["24小时"]
