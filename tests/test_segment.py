"""Segment stage: articles and sentences of a page."""
from etl.pipeline import process_document
from etl.resolve import place_index
from etl.segment import split_articles

PAGE = """\

老旧小区逆生长 背街小巷换新颜

——河南鹤壁市扎实推进老旧小区改造纪实

陈艳艳

全市累计启动老旧小区改造211个，完成改造181个。居民说：“好！”

“化零为整”、建管并重，持续提升群众获得感

改造以来，全市累计合并楼院122个。

图为改造后的小区。 陈艳艳 摄

内江严抓“甜城味道”全程治理

本报讯（记者 张三）今年以来，内江市查处案件465起，罚没金额114.39万元。这段文字在排版时被

硬折行了，后半句在下一行。

### 小标题不是新文章

正文继续。
"""


def test_headlines_subtitles_bylines_and_intertitles():
    arts = split_articles(PAGE, place_index().starts_with_place)
    assert [a.title for a in arts] == ["老旧小区逆生长 背街小巷换新颜", "内江严抓“甜城味道”全程治理"]
    first = arts[0]
    assert first.subtitle == "河南鹤壁市扎实推进老旧小区改造纪实"
    assert first.byline == "陈艳艳"
    # The intertitle stays inside the first article, the caption too.
    assert "合并楼院122个" in PAGE[first.start:first.end]
    assert "图为改造后的小区" in PAGE[first.start:first.end]
    # A markdown level-3 heading is an intertitle of the second article.
    assert "正文继续" in PAGE[arts[1].start:arts[1].end]


def test_sentences_have_exact_offsets_and_join_hard_wrapped_lines():
    arts = split_articles(PAGE)
    texts = [PAGE[s.start:s.end] for a in arts for s in a.sentences]
    assert "全市累计启动老旧小区改造211个，完成改造181个。" in texts
    assert "居民说：“好！”" in texts
    wrapped = [t for t in texts if t.startswith("这段文字在排版时被")]
    assert wrapped and wrapped[0].endswith("后半句在下一行。") and "\n" in wrapped[0]
    for a in arts:
        for s in a.sentences:
            assert a.start <= s.start < s.end <= a.end


def test_page_without_headline_is_one_untitled_article():
    text = "全市累计启动老旧小区改造211个，完成改造181个，改造面积512万平方米，完成投资13.6亿元，惠及群众5.3万户。"
    arts = split_articles(text)
    assert len(arts) == 1 and arts[0].title is None
    assert [(s.start, s.end) for s in arts[0].sentences] == [(0, len(text))]


def test_markdown_heading_levels():
    text = "# 第一篇\n\n正文一。\n\n## 第二篇\n\n◎ 作者\n\n正文二。\n\n### 小节\n\n正文三。\n"
    arts = split_articles(text)
    assert [a.title for a in arts] == ["第一篇", "第二篇"]
    assert arts[1].byline == "◎ 作者"


def test_crlf_offsets_stay_exact():
    text = "标题一行\r\n\r\n——副标题\r\n\r\n正文有3个小区。\r\n"
    arts = split_articles(text)
    assert arts[0].title == "标题一行"
    body = [text[s.start:s.end] for s in arts[0].sentences if not s.is_heading]
    assert body == ["正文有3个小区。"]


WEB_PAGE = ("当前位置：\n首页\n>\n政务信息\n>\n宁夏要闻\n宁夏要闻\n2026年宁夏回族自治区政府工作报告\n"
            "发表时间：\n2026-02-09 09:45:30\n来源：\n宁夏日报客户端\n【字体：\n大\n中\n小\n"
            "各位代表：\n过去一年，全区地区生产总值增长5.5%。\n")


def test_web_page_chrome_is_neither_a_headline_nor_an_article():
    articles = split_articles(WEB_PAGE)
    titled = [a for a in articles if a.title]
    assert [a.title for a in titled] == ["2026年宁夏回族自治区政府工作报告"]
    # a headline that merely begins with a chrome word is still a headline
    assert split_articles("关闭违规小作坊200家\n\n本报讯 全市关闭违规小作坊200家。\n")[0].title == "关闭违规小作坊200家"
    report = titled[0]
    assert WEB_PAGE[report.start:report.heading_end] == "2026年宁夏回族自治区政府工作报告"
    assert WEB_PAGE[report.start:report.end].endswith("增长5.5%。")
    # the stamp 2026-02-09 is no headline year: 过去一年 is the year before the report's
    (figure,) = process_document(WEB_PAGE, "d", "2026-02-09").claims
    assert (figure.year, figure.place.province) == (2025, "宁夏回族自治区")



def test_a_report_s_occasion_and_speaker_belong_to_its_headline():
    text = ("2026年四川省人民政府工作报告\n来源:\n四川日报\n分享：\n"
            "2026年2月3日在四川省第十四届人民代表大会第五次会议上\n四川省人民政府省长 施小琳\n"
            "各位代表：\n现在，我代表省人民政府，向大会报告工作。\n")
    (report,) = split_articles(text, place_index().starts_with_place)
    assert report.title == "2026年四川省人民政府工作报告" and report.byline == "四川省人民政府省长 施小琳"


def test_a_kicker_above_the_main_title_is_not_the_title():
    text = "平城区环卫服务中心\n\n制定清雪预案 保障道路安全\n\n本报讯（记者 邱东芳）平城区环卫服务中心及早制定了清雪预案。\n"
    (story,) = split_articles(text, place_index().starts_with_place)
    assert (story.title, story.subtitle) == ("制定清雪预案 保障道路安全", "平城区环卫服务中心")


def test_a_wrapped_fragment_without_chinese_continues_its_sentence():
    """…PM / 2.5 / 年平均浓度…: the page's wrapping cut the sentence; "2.5" is no heading."""
    body = "全面开展绿美广东生态建设六大行动，累计完成林分优化1105万亩，污染防治攻坚战连续5年获国家考核优秀等次，PM"
    text = f"政府工作报告\n{body}\n2.5\n年平均浓度保持在20微克/立方米左右，水质优良率提高到94.6%。\n"
    (article,) = split_articles(text)
    body_sentences = [text[s.start:s.end] for s in article.sentences if not s.is_heading]
    assert body_sentences == [f"{body}\n2.5\n年平均浓度保持在20微克/立方米左右，水质优良率提高到94.6%。"]
    # after a finished sentence, or with Chinese in it, a short line stays a heading
    text = "政府工作报告\n水质优良率提高到94.6%。\n2026\n一、主要工作\n"
    (article,) = split_articles(text)
    assert [text[s.start:s.end] for s in article.sentences if s.is_heading] == ["政府工作报告", "2026", "一、主要工作"]


def test_a_dateline_opening_a_paragraph_is_a_line_of_its_own():
    """lexicon page_layout.dateline_sources: 新华社北京1月22日电（记者 张伟） says where the story was filed."""
    text = "我国老旧小区改造取得进展\n\n新华社北京1月22日电（记者 张伟）2024年全国新开工改造城镇老旧小区5.8万个。\n"
    (art,) = split_articles(text)
    first, second = art.sentences[1], art.sentences[2]
    assert text[first.start:first.end] == "新华社北京1月22日电（记者 张伟）" and first.is_heading
    assert text[second.start:second.end] == "2024年全国新开工改造城镇老旧小区5.8万个。"
    assert first.paragraph_no == second.paragraph_no
    # the agency alone, with no day and 电, opens an ordinary sentence
    plain_text = "标题\n\n新华社记者从住建部获悉，全国开工5.8万个。\n"
    (plain,) = split_articles(plain_text)
    assert [(plain_text[s.start:s.end], s.is_heading) for s in plain.sentences] == [
        ("标题", True), ("新华社记者从住建部获悉，全国开工5.8万个。", False)]


def test_numbered_intertitles_and_interview_turns_stay_in_their_article():
    """二、社区食堂：一餐热饭的温度 heads a section (SECTION_NUMBER); 记者问：…？ is a turn of a press
    conference (lexicon page_layout.interview_labels): neither starts a new article, whose place would be lost."""
    post = ("数说｜这一年，我们的社区更暖了\n\n回顾过去一年晋安区民政工作。\n\n一、养老服务：家门口的幸福\n"
            "全区新建养老服务中心12个。\n\n二、社区食堂：一餐热饭的温度\n全区社区食堂增至38家。\n")
    assert len(split_articles(post)) == 1
    briefing = ("合肥市政府新闻发布会：城市更新进展\n\n11月20日，市政府新闻办召开发布会。\n\n"
                "记者问：今年老旧小区改造任务完成得怎么样？\n答：全市开工改造老旧小区236个。\n")
    (art,) = split_articles(briefing)
    assert any(briefing[s.start:s.end] == "记者问：今年老旧小区改造任务完成得怎么样？" and not s.is_heading
               for s in art.sentences)
    # an unnumbered headline with a colon still starts an article
    page = "甲文：老旧小区改造提速\n\n全市改造12个。\n\n乙文：加装电梯\n\n全市加装30部。\n"
    assert [a.title for a in split_articles(page)] == ["甲文：老旧小区改造提速", "乙文：加装电梯"]


def test_a_newspaper_masthead_is_chrome_and_the_first_headline_starts_the_first_article():
    page = ("衢州日报\n2024年7月2日 星期二 第3版 要闻\n责任编辑：徐丽\n\n常山县幸福食堂让老人吃上暖心饭\n\n"
            "本报记者 汪晨 通讯员 杨帆\n\n今年以来，全县新建幸福食堂12家。\n")
    titled = [a for a in split_articles(page) if a.title]
    assert [(a.title, a.byline) for a in titled] == [("常山县幸福食堂让老人吃上暖心饭", "本报记者 汪晨 通讯员 杨帆")]
    c = process_document(page, "d").claims[0]
    assert (c.place.county, c.year) == ("常山县", 2024)


def test_a_credit_after_the_full_stop_closes_its_news_item():
    page = ("区县简讯\n\n【安吉】安吉县开展志愿服务活动42场。（通讯员 章琳）\n\n"
            "【长兴】长兴县首批15个老旧小区改造项目通过验收，惠及居民3200余户。（记者 吴倩）\n\n"
            "■吴兴区织里镇　织里镇投入1200万元建成服务驿站5个。\n")
    (art,) = split_articles(page)
    assert [page[s.start:s.end] for s in art.sentences][1:3] == [
        "【安吉】安吉县开展志愿服务活动42场。（通讯员 章琳）",
        "【长兴】长兴县首批15个老旧小区改造项目通过验收，惠及居民3200余户。（记者 吴倩）"]
    claims = {c.q.mention: c for c in process_document(page, "d", manifest_date="2024-07-02").claims}
    assert claims["3200余户"].place.county == "长兴县"  # not the previous item's 安吉县
    assert claims["42场"].metric == "开展志愿服务活动"  # no 【】 left of the item's lead
    # the item's label set off by a wide space goes, and the town is where, not what is counted
    assert claims["1200万元"].metric == "投入建成服务驿站" and claims["1200万元"].place.locality == "织里镇"


def test_bylines_of_correspondents_kickers_and_fact_boxes():
    page = ("江山市老旧小区改造提速\n\n本报讯（记者 陈露）今年，全市计划改造老旧小区31个。\n\n"
            "“开化志愿红”扮靓乡村\n\n本报通讯员 余晓燕\n\n目前，开化县共有注册志愿者8.6万名。\n\n"
            "相关链接\n\n●家庭养老床位：1500张\n●2024年计划新增社区嵌入式养老服务机构：8家\n\n"
            "聚焦城市更新\n\n老街巷里出新生活\n\n——广州市越秀区推进背街小巷微改造见闻\n\n本报记者 王五\n\n"
            "越秀区累计完成改造街巷127条。\n")
    arts = split_articles(page)
    assert [(a.title, a.subtitle, a.byline) for a in arts] == [
        ("江山市老旧小区改造提速", None, None),
        ("“开化志愿红”扮靓乡村", None, "本报通讯员 余晓燕"),
        ("老街巷里出新生活", "广州市越秀区推进背街小巷微改造见闻", "本报记者 王五")]  # 聚焦城市更新: a kicker
    metrics = {c.q.mention: c.metric for c in process_document(page, "d").claims}
    assert metrics["1500张"] == "家庭养老床位"  # a fact box line: its label
    assert metrics["8家"] == "计划新增社区嵌入式养老服务机构"


def test_a_web_page_s_publication_stamp_is_read_below_its_breadcrumb():
    page = "首页 > 部门动态\n\n我市推进农村人居环境整治\n\n来源：南平市农业农村局\n\n发布时间：2024-06-18\n\n2023年，全市新建公厕215座。\n"
    assert process_document(page, "d").pub.date == "2024-06-18"


def test_a_masthead_on_the_page_s_first_line_is_chrome():
    page = ("安徽日报　2025年3月6日　星期四　第3版　市县新闻\n\n合肥新增普惠托位1.2万个\n"
            "本报合肥3月5日电（记者 周明远）记者从合肥市卫健委获悉，全市新增普惠托位1.2万个。\n")
    titles = [a.title for a in split_articles(page)]
    assert "合肥新增普惠托位1.2万个" in titles and not any(t and "星期四" in t for t in titles)


def test_a_lone_heading_inside_a_news_brief_starts_the_next_item():
    page = ("梁溪区加装电梯提速\n本报讯（记者 顾晨）今年以来，梁溪区已完成加装电梯87部。\n\n"
            "入夏用电高峰 家庭防火要上心\n进入6月，电气火灾进入易发期。今年已发放宣传手册5万份。\n")
    assert [a.title for a in split_articles(page)] == ["梁溪区加装电梯提速", "入夏用电高峰 家庭防火要上心"]
    claims = {c.q.mention: c for c in process_document(page, "d").claims}
    assert claims["5万份"].place.county is None  # not the brief's 梁溪区
    # a feature's intertitles come two or more: they stay inside its article
    feature = ("梁溪区加装电梯提速\n本报讯（记者 顾晨）今年以来，梁溪区已完成加装电梯87部。\n\n"
               "政策解读消疑虑\n居民协商更顺畅。\n\n一键回家梯升幸福\n居民满意率达97%。\n")
    assert [a.title for a in split_articles(feature)] == ["梁溪区加装电梯提速"]


def test_a_long_report_title_over_its_occasion_or_speaker_is_the_headline():
    page = ("关于2023年度广西壮族自治区本级预算执行和其他财政收支的审计工作报告（摘要）\n自治区审计厅厅长 黄明\n"
            "根据审计法规定，自治区审计厅对2023年度预算执行情况进行了审计。\n一、部门预算执行审计情况\n"
            "抽查南宁、柳州等8个市，发现问题资金3.2亿元。\n")
    (art,) = split_articles(page)
    assert art.title.startswith("关于2023年度") and art.byline == "自治区审计厅厅长 黄明"
    (c,) = process_document(page, "d").claims[-1:]
    assert (c.place.province, c.place.city, c.year) == ("广西壮族自治区", None, 2023)


def test_a_roundup_s_datelined_stories_are_items_of_their_own_under_the_page_s_headline():
    page = ("各地加力推进民生实事项目落地见效\n\n"
            "　　本报兰州9月12日电（记者赵帆）走进临泽县倪家营镇，今年完成农村户厕改造2860座。\n"
            "　　“过去是晴天一身土。”一位村民说。\n\n"
            "　　本报杭州9月12日电（记者吴秀琳）记者从省民政厅了解到，全省已建成老年食堂和助餐点2.6万个。\n")
    arts = split_articles(page)
    assert [a.title for a in arts] == ["各地加力推进民生实事项目落地见效"] * 2
    assert page[arts[1].start:].startswith("　　本报杭州") or page[arts[1].start:].startswith("本报杭州")
    claims = process_document(page, "d", manifest_date="2024-09-13").claims
    assert [(c.q.mention, c.place.province) for c in claims] == [("2860座", "甘肃省"), ("2.6万个", "浙江省")]


def test_a_press_conference_question_from_a_named_outlet_is_a_turn_not_a_headline():
    page = ("江苏召开城市更新工作新闻发布会\n\n2024年，全省住房城乡建设系统主要做了以下工作。\n\n"
            "一是老旧小区改造提速扩面。全年新开工改造城镇老旧小区1156个。\n\n"
            "中国建设报记者：城市更新投入大、周期长，资金从哪里来？\n\n"
            "刘明辉：去年，我省争取中央财政补助资金48.6亿元。\n")
    assert [a.title for a in split_articles(page)] == ["江苏召开城市更新工作新闻发布会"]
    claims = process_document(page, "d", manifest_date="2025-01-16").claims
    assert [(c.q.mention, c.year, c.place.province) for c in claims] == [
        ("1156个", 2024, "江苏省"), ("48.6亿元", 2024, "江苏省")]


def test_an_official_letter_s_letterhead_number_and_signature_date_are_no_headlines():
    page = ("湖州市民政局\n\n湖民提〔2024〕31号　　　　签发人：沈建华\n\n答复类别：A类\n\n"
            "关于市政协九届三次会议第147号提案的答复\n\n徐慧敏委员：\n\n全市已建成社区食堂312家。\n\n"
            "湖州市民政局\n\n2024年6月18日\n")
    titles = [a.title for a in split_articles(page)]
    assert titles[:2] == [None, "关于市政协九届三次会议第147号提案的答复"] and "2024年6月18日" not in titles


def test_an_account_s_stamp_line_is_chrome_and_lends_the_post_no_programme():
    page = ("票数出炉！上芬社区民生微实事项目表决结果来了\n原创　上芬社区　上芬社区党群服务中心\n\n"
            "亲爱的居民朋友们：今年共收到居民建议217条，形成候选项目16个。\n")
    claims = process_document(page, "d", manifest_date="2025-03-25").claims
    assert [c.programme for c in claims] == ["resident_services", "resident_services"]


def test_a_post_s_punctuated_title_over_its_account_stamp_is_the_headline_and_its_steps_are_intertitles():
    page = ("改不改、怎么改，居民说了算！老军营街道7个老旧小区改造方案征求意见全部完成\n\n"
            "原创　太原迎泽老军营　2024年05月22日 18:30　山西\n\n"
            "近日，老军营街道7个小区纳入2024年改造计划，涉及楼栋58栋。\n\n第二步：集中议事\n\n"
            "各小区召开居民议事会41场。\n")
    arts = split_articles(page)
    assert [a.title for a in arts] == ["改不改、怎么改，居民说了算！老军营街道7个老旧小区改造方案征求意见全部完成"]
