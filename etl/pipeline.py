"""segment → extract → resolve for one document: pure, no I/O.

`process_document(text)` returns the articles and the fully attributed claims of one
decoded text. The loader calls it once per new or changed document, so it is also what
the benchmark and the tests exercise.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .extract import ARABIC_DIGITS, NUMBER_CHARS, Quantity, find_quantities, without_bracketed_unit
from .resolve import (CLAUSE_DELIMS, HEAD_LINES, NEWS_LEAD_PREFIX, Locality, CLAUSE_WEIGHT, COUNTED_NOUN_WEIGHT, FULL_DATE_RE, YEAR_RE, HEADLINE_WEIGHT, NEAREST_WEIGHT, PARAGRAPH_CAP,
                      PARAGRAPH_WEIGHT, SENTENCE_WEIGHT, PeriodMark, Place, PlaceMention, PubYear, Tally, YearMark,
                      clause_bounds, distributed_metrics, ends_with_level_link, graded_counts_sharing_a_noun,
                      infer_publication_year, is_deadline_year, metric_phrase, period_marks, place_index, programme_classifier,
                      strip_metric_leads, subject_of, subject_of_clauses, with_named_crop, with_subject,
                      with_subset_verb, is_list_verb, without_list_verb, without_trailing_link, year_marks)
from .rules import alternation, lexicon_pattern, lexicon_words, lexicon_words_re, load_rules
from .segment import BULLETS, MASTHEAD, Article, Sentence, row_cells, split_articles


@dataclass
class Claim:
    claim_id: str
    article_no: int
    q: Quantity
    metric: str | None
    is_cumulative: bool
    place: Place
    year: int | None
    year_basis: str | None
    year_note: str | None
    programme: str
    programme_basis: str
    sentence_start: int
    sentence_end: int
    item: str | None = None  # the item of a 分别 list given to this figure (its metric names it alone)
    # the first year of the several its context reports it for (这五年，…城镇新增就业452万人: 2021)
    period_start: int | None = None
    period_text: str | None = None  # the words that named that period (这五年, 十四五)


@dataclass
class ArticleContext:
    article: Article
    place: Place | None
    place_context_label: str | None
    codes: list[str]
    mentions: list[PlaceMention]
    localities: list[Locality] = field(default_factory=list)
    locality: Locality | None = None  # the place below county level the article is about (its headline's)


@dataclass
class ProcessedDocument:
    pub: PubYear
    articles: list[ArticleContext] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


# Full-width digits (人民日报　２０２４年９月１３日, 本报兰州９月１２日电) are the same numbers as ASCII
# ones, one code point each: the stages read a copy with ASCII digits, so every date, dateline,
# year and figure rule holds for both, and the offsets stay those of the text.
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
FULLWIDTH_DIGIT_RE = re.compile("[０-９]")


def process_document(text: str, doc_id: str = "", manifest_date: str | None = None,
                     manifest_title: str | None = None) -> ProcessedDocument:
    """The articles and the attributed claims of one document; mentions and headlines are
    slices of text as written."""
    if FULLWIDTH_DIGIT_RE.search(text) is None:
        return _process_ascii_digits(text, doc_id, manifest_date, manifest_title)
    ascii_digits = text.translate(FULLWIDTH_DIGITS)
    out = _process_ascii_digits(ascii_digits, doc_id, manifest_date, manifest_title)
    for c in out.claims:
        c.q.mention = text[c.q.start:c.q.end]
    for ctx in out.articles:
        art = ctx.article
        for name in ("title", "subtitle", "byline"):
            words = getattr(art, name)
            if words and any(ch.isdigit() for ch in words):
                at = ascii_digits.find(words, art.start, art.end)
                if at >= 0:
                    setattr(art, name, text[at:at + len(words)])
    return out


def _process_ascii_digits(text: str, doc_id: str, manifest_date: str | None,
                          manifest_title: str | None) -> ProcessedDocument:
    idx = place_index()
    pub = infer_publication_year(text, manifest_date)
    titles = _title_lines(text, manifest_title)
    pub_offset = _review_offset(titles)
    self_reporting = _title_rule(titles, load_rules().lexicon["self_reporting_documents"]) is not None
    articles = split_articles(text, idx.starts_with_place)
    quantities = find_quantities(text)
    out = ProcessedDocument(pub)
    qi = 0
    contexts = [_article_context(text, art) for art in articles]
    paper_place = _masthead_place(text) or _page_township_county(text, contexts)
    for art, ctx in zip(articles, contexts):
        # (a county's or a community's paper: an item that names no place at all is about its own
        # ground, 前埔北社区报's “邻里帮”志愿服务一年超万小时)
        if paper_place is not None and (_speaks_of_its_level(text, art, paper_place) or ctx.place is None
                                        and paper_place.county is not None) and (
                ctx.place is None or ctx.place.basis == "article" and _inside(ctx.place, paper_place)):
            # (a county paper's item about one of its towns, 天荒坪镇余村：…, names no county: its own)
            # (本报讯…我市第三批12家幸福食堂… on a page of 扬州晚报; …全市…其中章贡区、南康区分别…
            # on one of 赣南日报: the paper's city, not the first district its body names)
            ctx.place = paper_place
        out.articles.append(ctx)
        # Quantities are sorted, articles are in order: walk both once.
        while qi < len(quantities) and quantities[qi].start < art.start:
            qi += 1
        art_qs = []
        while qi < len(quantities) and quantities[qi].end <= art.end:
            art_qs.append(quantities[qi])
            qi += 1
        if art_qs:
            out.claims.extend(_attribute(text, doc_id, ctx, art_qs, pub, pub_offset, self_reporting))
    return out


def _article_context(text: str, art: Article) -> ArticleContext:
    idx = place_index()
    mentions = idx.filter_by_context(_shift(idx.mentions(text[art.start:art.end]), art.start), text)
    if art.byline_span is not None:
        # (副市长  王海东, 本报记者 陈卫东: people, not 海东 or 卫东区; a full name, 西藏自治区代理主席
        # 嘎玛泽登, is the speaker's office)
        mentions = [m for m in mentions if m.strength == "full" or not (art.byline_span[0] <= m.start < art.byline_span[1])]
    named: dict[tuple[str, ...], tuple[str, ...]] = {}  # (a name repeated fifty times is looked up once)
    for m in mentions:
        if len(m.codes) > 1 and all(idx.div[c].level == "county" for c in m.codes):
            # (普陀区 with 曹杨新村街道 on the page is 上海市's, not 舟山市's)
            if m.codes not in named:
                named[m.codes] = idx.named_by_townships(m.codes, text[art.start:art.end])
            m.codes = named[m.codes]
    codes = [c for m in mentions if len(m.codes) == 1 for c in m.codes]
    head = [m for m in mentions if m.start < art.heading_end]
    # (十四届全国人大三次会议在北京开幕: where a meeting is held is not what the article is about)
    venue = lexicon_pattern("venue_after_place")
    origin = lexicon_words("origin_place_before")
    topics = [m for m in mentions if m.start >= art.heading_end and venue.match(text, m.end) is None
              and not text.endswith(origin, 0, m.start)]  # (来自广东的游客: where people came from)
    chosen = head[-1] if head else (topics[0] if topics else None)
    if not head:
        for m in topics[1:]:  # (青海省海东市互助土族自治县…: the innermost of the chain the body opens with)
            if chosen is None or m.start != chosen.end:
                break
            chosen = m
    place = None
    label = None
    if not head and lexicon_words_re("national_headline_words").search(text, art.start, art.heading_end):
        # 我国城镇老旧小区改造取得积极进展: the country's story, whatever city its dateline was filed
        # from (新华社北京1月22日电) or which province a later paragraph turns to
        place = Place(surface=None, basis="national", note="标题说的是全国：没有自己地名的数字属于全国，不属于某一地方")
        chosen = None
    localities = idx.localities(text, art.start, art.end, mentions)
    locality = None
    # (——北京市石景山区金五区社区千方百计…, ——记平城区御河街道田村驻村第一书记, 漕河镇人民政府工作报告:
    # the article is about the community, village or town its headline names)
    heading = [loc for loc in localities if loc.start < art.heading_end]
    if chosen is not None:
        place = idx.to_place(chosen, idx.narrow(chosen.codes, codes), "headline" if head else "article")
        headline_scope = None if head else _scope_word(text, art.start, art.heading_end, _scope_words_re())
        if headline_scope is not None:
            # (刚刚过去的2024年 我市民生答卷成色足: the city the body's first district lies in)
            place = idx.within_scope(place, headline_scope, "article")
        label = place.surface
        end = chosen.end
        for loc in localities:
            if loc.start == end:
                locality, end = loc, loc.end
    if heading and (locality is None or heading[-1].start > locality.start):
        locality = heading[-1]
    if place is None or place.county is None and place.basis != "national":
        # (临岐镇：中药材“小产业”… on a county paper's page; 走进百善镇… in a story about 安徽省: the
        # county a township lies in, when the name, or the context, leaves only one)
        for loc in ([locality] if locality is not None else []) + ([] if place is not None else localities):
            county = idx.township_county(loc.name, codes)
            if county is not None:
                place = idx.township_place(loc, county, "headline" if loc.start < art.heading_end else "article")
                label, locality = place.surface, loc
                break
    return ArticleContext(art, place, label, codes, mentions, localities, locality)


def _masthead_place(text: str) -> Place | None:
    """The place a local paper is named after, when the page's first line is its masthead: the
    paper's name (扬州晚报, lexicon page_layout.paper_name_endings) and a date. A paper named
    after no division (前埔北社区报) is placed by its publisher's line under the name
    (思明区莲前街道前埔北社区党委　…　主办, lexicon page_layout.publisher_line_ends), when its
    issue or date line follows."""
    head = [line.strip() for line in text.split("\n", HEAD_LINES + 1)[:HEAD_LINES] if line.strip()]
    first = head[0] if head else ""
    name = first.split()[0] if first.split() else ""
    if not name.endswith(lexicon_words("page_layout", "paper_name_endings")):
        return None
    idx = place_index()
    if FULL_DATE_RE.search(first) is not None:
        # (a county paper is named by the county's short name, 安吉新闻, which in running text is a weak hit)
        mention = next((m for m in idx.mentions(name) if m.start == 0), None)
        note = f"报头：{name}"
    elif len(head) >= 3 and head[1].endswith(lexicon_words("page_layout", "publisher_line_ends")) \
            and MASTHEAD.match(head[2]):
        mention = next(iter(idx.mentions(head[1])), None)
        note = f"报头：{name}（{head[1]}）"
    else:
        return None
    if mention is None or len(mention.codes) != 1:
        return None
    place = idx.to_place(mention, mention.codes, "masthead")
    place.note = note
    return place


def _inside_locality_name(text: str, start: int, end: int, keyword: str, lo: int, hi: int) -> bool:
    """The keyword at text[start:end] is part of the name of a place below county level in
    text[lo:hi] (铁路 of 铁路三村社区), not the kind of place it names (文明 of 文明村) nor its
    suffix (a village's 村 still says the page is about a village)."""
    idx = place_index()
    for name in idx.locality_re.finditer(text, max(lo, start - LOCALITY_NAME_REACH), min(hi, end + LOCALITY_NAME_REACH)):
        suffix = next(sx for sx in idx.locality_suffixes if name.group().endswith(sx))
        stem_end = name.end() - len(suffix)
        if name.start() <= start and end <= stem_end:
            return text[name.start():stem_end] != keyword
    return False


LOCALITY_NAME_REACH = 8  # characters a name below county level may run before or after a keyword in it


def _page_township_county(text: str, contexts: list[ArticleContext]) -> Place | None:
    """A county paper named after no division (今日千岛湖): the county its page's items lie in, when
    the townships they are about (临岐镇 → 淳安县) all lie in one, so its items about 我县 or about
    a village (下姜村) are that county's."""
    head = [line for line in text.split("\n", HEAD_LINES + 1)[:HEAD_LINES] if line.strip()]
    if not any(MASTHEAD.match(line.strip()) for line in head):
        return None
    counties = {ctx.place.code for ctx in contexts
                if ctx.place is not None and ctx.place.by_township and ctx.place.code is not None}
    if len(counties) != 1:
        return None
    county = place_index().div[counties.pop()]
    return Place(county.name, county.code, county.province, county.city or None, county.name, "masthead",
                 f"县报：同版报道的乡镇都在{county.name}")


def _inside(place: Place, outer: Place) -> bool:
    """place is a division below outer (章贡区 in 赣州市; 南昌市 in 江西省)."""
    if outer.county is not None:
        return False
    if outer.city is not None:
        return place.city == outer.city and place.county is not None
    return place.province == outer.province and place.city is not None


def _speaks_of_its_level(text: str, art: Article, place: Place) -> bool:
    """The article says 我市, 全市 … of the level of place (lexicon scope_words)."""
    level = place_index().div[place.code].level if place.code else None
    words = load_rules().lexicon["scope_words"].get(level or "", [])
    return any(text.find(w, art.start, art.end) >= 0 for w in words)


def _shift(mentions: list[PlaceMention], offset: int) -> list[PlaceMention]:
    for m in mentions:
        m.start += offset
        m.end += offset
    return mentions


TITLE_HEAD_CHARS = 300  # the title is within this many characters of the start ...
TITLE_MAX_CHARS = 60  # ... on a line no longer than this that does not end a sentence


def _title_lines(text: str, manifest_title: str | None) -> list[str]:
    """What may be the document's title: the manifest's title, and the short lines at the top.
    Pages saved from the web open with breadcrumbs (您的位置: / 首页 / > / 云南要闻), so the
    title is not always the first line; a body sentence that merely cites a 政府工作报告 is long
    or ends in 。 and is not taken for one."""
    head = text.lstrip()[:TITLE_HEAD_CHARS]
    lines = head.split("\n")
    if len(head) == TITLE_HEAD_CHARS:
        lines = lines[:-1]  # cut off mid-line
    short = [ln.strip() for ln in lines if 0 < len(ln.strip()) <= TITLE_MAX_CHARS and not ln.rstrip().endswith("。")]
    return ([manifest_title] if manifest_title else []) + short


def _title_rule(titles: list[str], rules: list[dict]) -> dict | None:
    """The first rule whose title_contains is in one of the title lines."""
    return next((rule for rule in rules if any(rule["title_contains"] in line for line in titles)), None)


def _review_offset(titles: list[str]) -> tuple[int, str] | None:
    """Documents that review an earlier year (a 政府工作报告 of year Y covers Y-1)."""
    rule = _title_rule(titles, load_rules().lexicon["years"]["document_offsets"])
    return (rule["offset"], rule["title_contains"]) if rule else None


def _attribute(text: str, doc_id: str, ctx: ArticleContext, qs: list[Quantity], pub: PubYear,
               pub_offset: tuple[int, str] | None = None, self_reporting: bool = False) -> list[Claim]:
    """Claims of one article. self_reporting: the document speaks for one government (lexicon
    self_reporting_documents), so a place named earlier in a paragraph does not carry on."""
    classifier = programme_classifier()
    before_mark = load_rules().lexicon["metric_marks"]["starting_value"]  # (the value a change starts from)
    art = ctx.article
    # A work report's figures are its own government's: a place of another province in the
    # sentence is a partner (携手天津、河北…, 与北京市学校结对) or a false match inside a word
    # (更新和创新 → 新和县), never the place the figure is about.
    own_province = ctx.place.province if self_reporting and ctx.place is not None else None
    mentions = ctx.mentions
    mention_starts = [m.start for m in mentions]
    headline_tally = Tally()
    headline_specific = False
    # (铁路三村社区, 幸福里社区: a keyword inside the name of a place below county level names that
    # place, not what its figures are about)
    for start, end, kw in classifier.hits(text[art.start:art.heading_end], art.start):
        if _inside_locality_name(text, start, end, kw, art.start, art.heading_end):
            continue  # (铁路三村社区：…: the headline names the community, not its programme)
        if all(slug == classifier.default for slug, _ in classifier.slug_of[kw]):
            continue  # (十件民生实事推进情况通报: the umbrella over the items is no topic of any of them)
        classifier.add(headline_tally, kw, HEADLINE_WEIGHT)
        headline_specific = headline_specific or classifier.max_weight[kw] >= SPECIFIC_KEYWORD_WEIGHT
    # (我省城镇老旧小区改造按下“快进键”: a headline that names a programme is what the article's
    # figures are about where their own sentence names none: 完成投资58.4亿元 is renovation money)
    headline_decision = classifier.decide(headline_tally) if headline_specific else None
    if headline_decision is not None and headline_decision[0] in lexicon_words("umbrella_programmes"):
        # (十件民生实事推进情况通报, 预算执行情况的报告: an umbrella over many programmes, not one)
        headline_decision = None
    article_year = _article_year(text, art)
    if article_year is not None and pub_offset and article_year.year == pub.year:
        article_year = None  # "2026年…政府工作报告" dates the report, not the work it reviews
    scope_words = _scope_words_re()
    # Keywords are found once per article and handed to each sentence (one automaton call per
    # sentence cost more than the search itself). Sentences are separated by punctuation, line
    # breaks or spaces, which no keyword spans, so each sentence gets the same hits as its own scan.
    article_hits = classifier.hits(text[art.start:art.end], art.start)
    article_hit_starts = [h[0] for h in article_hits]
    cumulative = _cumulative_re()

    claims: list[Claim] = []
    qi = 0
    paragraph_no = None
    paragraph_marks: list[YearMark] = []
    paragraph_place: PlaceMention | None = None
    paragraph_locality: Locality | None = None
    locality_starts = [loc.start for loc in ctx.localities]
    paragraph_tally = headline_tally.copy()
    section_mark: YearMark | None = None
    section_period: PeriodMark | None = None
    section_spans_years = False  # the section's figures without a year of their own are its period's
    paragraph_period: PeriodMark | None = None
    paragraph_dated = False
    for sent in art.sentences:
        marks = year_marks(text, sent.start, sent.end)
        if sent.paragraph_no != paragraph_no or sent.is_heading:
            paragraph_no = sent.paragraph_no
            paragraph_marks = []
            paragraph_period = None
            # a paragraph that opens with a year (刚刚过去的2025年，…) speaks of that year, whatever
            # period the section reviews, and so does the rest of the section
            paragraph_dated = any(m.pos - sent.start <= PARAGRAPH_YEAR_LEAD for m in marks)
            if paragraph_dated and not sent.is_heading:
                section_spans_years = False
            paragraph_place = None
            paragraph_specific = False
            paragraph_national: Place | None = None  # the country, once a sentence of the paragraph gave its figures
            paragraph_locality = None
            paragraph_tally = headline_tally.copy()
            # unit family → the metric of the paragraph's last clause that opened with a place (a
            # list of places runs on across its semicolons)
            place_list_metrics: dict[str, str] = {}
            paragraph_metrics: dict[str, str] = {}  # unit family → the metric of the paragraph's last figure in it
        lo = bisect.bisect_left(locality_starts, sent.start)
        sent_localities = [loc for loc in ctx.localities[lo:bisect.bisect_left(locality_starts, sent.end, lo)]
                           if loc.end <= sent.end]
        lo = bisect.bisect_left(mention_starts, sent.start)
        hi = bisect.bisect_left(mention_starts, sent.end, lo)
        sent_places = [m for m in mentions[lo:hi] if m.end <= sent.end]
        own_places = _own_places(text, sent_places, own_province, sent.start) if own_province else sent_places
        lo = bisect.bisect_left(article_hit_starts, sent.start)
        hi = bisect.bisect_left(article_hit_starts, sent.end, lo)
        sent_hits = [h for h in article_hits[lo:hi] if h[1] <= sent.end]
        hit_starts = [h[0] for h in sent_hits]
        sentence_tally = paragraph_tally.copy()
        # (whether the sentence, or one before it in the paragraph, names a specific keyword: the
        # paragraph's own topic comes before the headline's)
        sentence_specific = paragraph_specific
        for _, _, kw in sent_hits:
            classifier.add(sentence_tally, kw, SENTENCE_WEIGHT)
            sentence_specific = sentence_specific or classifier.max_weight[kw] >= SPECIFIC_KEYWORD_WEIGHT
        paragraph_specific = sentence_specific
        sentence_tally.cap(SENTENCE_CAP)
        sentence_decision = None  # the programme of a figure with no keyword in its own clause
        clause_decision = None  # the programme of the last figure whose own clause named one
        previous_metric, previous_end, previous_family, previous_change = None, sent.start, None, False
        # A sentence without figures passes on only a period that opens it (or heads a section):
        # the full scan is for figures a period can date.
        has_figures = qi < len(qs) and qs[qi].end <= sent.end
        periods = period_marks(text, sent.start, sent.end, at_start=not (has_figures or sent.is_heading))
        if not sent.is_heading and marks and marks[0].topic and marks[0].year is not None \
                and lexicon_pattern("years", "section_intro_end").search(text, sent.start, sent.end) is not None:
            # (2024年，全省…主要做了以下工作。 / 一是…全年新开工…: a paragraph that opens with a year
            # and announces what follows dates the items after it, as an intertitle would)
            section_mark = marks[0]
        if sent.is_heading and sent.start >= art.heading_end:
            # an intertitle such as "一、2024年工作回顾" governs its section; a dateline (2025年3月15日)
            # only says when the page came out, which the publication year already holds
            # (比上年增长（%） heading a table's column compares, and dates nothing)
            named = [m for m in marks if FULL_DATE_RE.match(text, m.pos) is None and not _comparison_baseline(text, m)]
            if named:
                section_mark = named[-1]
            section_period = periods[-1] if periods else None  # 一、“十四五”时期经济社会发展回顾
            # (一、2025年和“十四五”时期工作回顾 reviews the year first: its paragraphs without a
            # period of their own are that year's; 一、“十四五”时期和2025年工作回顾 the period)
            section_spans_years = section_period is not None and (not marks or periods[-1].pos < marks[0].pos)
        first_claim = len(claims)
        sent_has_brackets = any(text.find(b, sent.start, sent.end) >= 0 for b in BRACKETS)
        present_leads = lexicon_words("years", "present_leads")
        looks_forward = text.startswith(lexicon_words("years", "forward_leads"), sent.start) \
            or text.startswith(present_leads, sent.start)
        starting_values: set[int] = set()  # (q.start of the figures a change starts from)
        compared_baselines: set[int] = set()  # (q.start of the figures a change is compared with: 较2021年的0.86亿元)
        last_figure = qi
        while last_figure < len(qs) and qs[last_figure].end <= sent.end:
            last_figure += 1
        sent_figures = [(x.start, x.end, x.unit_family) for x in qs[qi:last_figure] if x.start >= sent.start]
        while qi < len(qs) and qs[qi].end <= sent.end:
            q = qs[qi]
            qi += 1
            if q.start < sent.start:
                continue
            clause = clause_bounds(text, q.start, q.end, sent.start, sent.end)
            place = _claim_place(text, q, sent, clause, own_places, paragraph_place, ctx, scope_words, sent_figures)
            if paragraph_national is not None and place.basis in ("headline", "article", "masthead"):
                # (…介绍，我国60岁及以上老年人口已达2.97亿。下一步，将推动…覆盖率分别达到90%和60%以上:
                # the paragraph goes on about the country, not the article's last province)
                place = _copy(paragraph_national, "national")
            if ctx.localities:
                place = _claim_locality(text, q, sent, clause, place, sent_localities, own_places, paragraph_locality,
                                        ctx, scope_words)
            governing = _governing(text, marks, q)
            # (下一步，…计划再建成助餐点20个: a plan says nothing of the year the sentence before spoke of)
            carried_marks = [] if looks_forward else paragraph_marks
            if clause[0] > sent.start and text.startswith(present_leads, clause[0], q.start):
                # (计划到2026年建成老年食堂120个，目前已建成74个: now, not the plan's year)
                governing = [m for m in governing if m.pos >= clause[0]]
                carried_marks = []
            year, basis, note = _claim_year(q, governing, carried_marks, section_mark,
                                            article_year, pub, pub_offset)
            starts_change = _starting_value(text, q, clause)
            if _compared_baseline(text, q, clause):
                compared_baselines.add(q.start)
            if starts_change or _starting_value(text, q, clause, dated_too=True):
                starting_values.add(q.start)  # (its metric says so: 人均GDP从2020年的5.2万元提高到… → （变化前）)
            left_of_figure = text[max(sent.start, clause[0] - 20):q.start]
            is_cumulative = _said_cumulative(cumulative, left_of_figure, q.start - len(left_of_figure), governing)
            period = next((p for p in reversed(periods) if p.pos < q.start), None) or paragraph_period \
                or section_period
            if (period is None or period is section_period and not section_spans_years) and is_cumulative \
                    and not any(m.pos < q.start for m in governing):
                # 一般公共预算收入累计完成3.7万亿元，5年增长18.7%: a 累计 total over the span its
                # sentence names after it
                period = next((p for p in periods if p.pos > q.end), period)
            span: tuple[int, str] | None = None
            if year is not None and period is not None:
                first_year = (period.base_year if period.base_year is not None else year - period.span) + 1
                if starts_change:
                    # the value a change over the period starts from is the year before its first
                    year, basis, note = first_year - 1, "relative", f"{period.text}的起点：{first_year - 1}年"
                elif first_year < year and (period in periods or not (paragraph_dated or paragraph_marks)) \
                        and (period is not section_period or section_spans_years) \
                        and not any(m.pos < q.start for m in governing) and _amount_of_a_period(text, q, clause):
                    # no year of its own: the figure is given for the period (这五年，…城镇新增就业452万人;
                    # a period its own sentence names holds whatever the paragraph said before)
                    span = (first_year, period.text)
            # (泉城路街道新建社区食堂3处: a place below county level is where, not what is counted)
            place_spans = [(m.start, m.end) for m in own_places]
            if sent_localities:
                place_spans = sorted(place_spans + [(loc.start, loc.end) for loc in sent_localities])
            own_metric = metric_phrase(text, q.start, q.end, clause, place_spans, sent_figures, q.unit_family, q.value)
            if own_metric is not None:
                # (较2021年的0.86亿元增长37.2%: the baseline's figure gone, its 较 says nothing)
                own_metric = lexicon_pattern("dangling_comparison_pattern").sub("", own_metric) or None
            if sent_has_brackets and any(b in text[previous_end:q.start] for b in BRACKETS.values()):
                # (户籍人口138.62万人（其中城镇人口41.27万人），比上年末减少0.93万人: after the
                # brackets, the figure before them is the one this one goes on from)
                bracket_open = max(text.rfind(b, sent.start, previous_end) for b in BRACKETS)
                outer = next((c for c in reversed(claims[first_claim:]) if c.q.end == bracket_open), None)
                if outer is not None:
                    previous_metric, previous_family = outer.metric, outer.q.unit_family
                    previous_change = outer.q.kind == "change"
            same_family = q.unit_family == previous_family
            metric = with_subject(own_metric, previous_metric, text[previous_end:q.start], same_family=same_family,
                                  crosses=q.mention.startswith(lexicon_words("period_level_openers")),
                                  same_kind=(q.kind == "change") == previous_change,
                                  previous_counts_people=previous_family in _people_count_families())
            metric = with_subset_verb(metric, previous_metric, text[clause[0]:q.start], same_family)
            subset = text.startswith(lexicon_words("subset_markers"), sent.start)
            opening = _place_opening(text, clause, own_places, q.start, subset and clause[0] == sent.start)
            if opening is not None and own_metric is None and metric is None \
                    and not text[opening.end:q.start].strip():
                # 南昌市实现地区生产总值5632.4亿元…；赣州市3789.6亿元: a clause of only a place and
                # its figure, in a list of places, measures what the list's first place did; after a
                # sentence's 其中 (…已开工31个。其中广陵区14个、…), what the paragraph's last figure did
                metric = (paragraph_metrics if subset else place_list_metrics).get(q.unit_family)
            elif opening is not None and own_metric is not None:
                place_list_metrics[q.unit_family] = own_metric
            if metric is None:
                metric = subject_of_clauses(text, sent.start, q.start, q.unit_family)
            if metric is None:
                metric = _label_before(text, sent.start, q.start)
            bracketed = _bracketed_metric(text, q, sent, own_places, claims[first_claim:], sent_figures) \
                if sent_has_brackets else None
            if bracketed is not None:
                metric = bracketed
            goes_on = metric is not None and metric != own_metric  # it took the figure before's subject
            header, label = _table_cell_names(text, sent.start, q.start, own_places)
            if header is not None:
                # (a table's cell is named by its row and its column, not by the cell before it; a row
                # label's or a header's unit, 改造小区（个）, is the figure's, not its metric's)
                metric = (without_bracketed_unit(own_metric) or None) if own_metric else own_metric
                if label is not None:
                    metric = label  # (磷矿石　万吨　1562.3: the row's label, not its unit cell)
                goes_on = False
                header_year = YEAR_RE.fullmatch(header)
                if header_year is not None and not header_year.group(2):
                    year, basis, note = int(header_year.group(1)), "explicit", f"{header}（表头）"
                else:
                    name = without_bracketed_unit(header)  # 老旧小区改造（完成）, not （目标）
                    if name and name not in (metric or ""):
                        metric = f"{metric}（{name}）" if metric else name
            previous_metric, previous_end, previous_family = metric or previous_metric, q.end, q.unit_family
            if metric is not None:
                paragraph_metrics[q.unit_family] = metric
            previous_change = q.kind == "change"
            figure_tally, names_specific = _figure_tally(text, sentence_tally, sent_hits, hit_starts, clause, q)
            if headline_decision is not None and not sentence_specific:
                programme, prog_basis = headline_decision
            elif goes_on and not names_specific and clause_decision is not None:
                # 新增…全国文明城市12个，总数达到22个; 教育经费1326亿元，增长3.6%: a clause that names
                # nothing specific and whose metric takes the subject of the figure before it
                # (with_subject) is about that figure's thing
                programme, prog_basis = clause_decision[0], f"{clause_decision[1]}；{CARRIED_BASIS}"
            elif figure_tally is not sentence_tally:
                programme, prog_basis = classifier.decide(figure_tally)
                clause_decision = programme, prog_basis
            else:
                if sentence_decision is None:
                    sentence_decision = classifier.decide(sentence_tally)
                programme, prog_basis = sentence_decision
            claims.append(Claim(
                claim_id=hashlib.sha1(f"{doc_id}:{q.start}:{q.end}".encode()).hexdigest()[:16],
                article_no=art.no, q=q, metric=metric,
                is_cumulative=is_cumulative,
                place=place, year=year, year_basis=basis, year_note=note,
                programme=programme, programme_basis=prog_basis,
                sentence_start=sent.start, sentence_end=sent.end,
                period_start=span[0] if span else None, period_text=span[1] if span else None))
        if len(claims) - first_claim > 1:  # a 分别 list gives each of its figures its own item
            in_sentence = claims[first_claim:]
            _years_listed_before_distributive(text, sent, in_sentence)
            metrics, items = distributed_metrics(text, (sent.start, sent.end),
                                                 [(c.q.start, c.q.end) for c in in_sentence],
                                                 [c.metric for c in in_sentence])
            for c, metric, item in zip(in_sentence, metrics, items):
                c.metric, c.item = metric, item
                if item is not None:
                    _programme_of_item(text, c, item, sentence_tally, sent_hits, hit_starts)
                    c.place = _place_of_item(text, item, c, own_places, ctx)
                    place_name = c.place.surface or ""
                    if place_name and item.endswith(place_name) and c.metric and c.metric.startswith(item) \
                            and len(c.metric) - len(item) >= 2:
                        c.metric = c.metric[len(item):]  # (山东、河北分别开工改造…: the place is the item's, not what is counted)
            _places_before_distributive(text, sent, in_sentence, own_places)
            graded = graded_counts_sharing_a_noun(text, [(c.q.start, c.q.end) for c in in_sentence],
                                                  [c.metric for c in in_sentence])
            for c, metric in zip(in_sentence, graded):
                c.metric = metric
        if len(claims) > first_claim and claims[-1].place.basis == "national":
            paragraph_national = claims[-1].place
        for c in claims[first_claim:]:
            # (last: the figures after one take its metric's subject, linking verb and all)
            c.metric = with_named_crop(without_trailing_link(c.metric, c.q.mention[0] not in NUMBER_CHARS),
                                       text[sent.start:c.q.start])
            if c.q.kind == "change" and c.metric:
                after = lexicon_pattern("change_nouns_after").match(text, c.q.end)
                if after and not c.metric.endswith(after.group("verb")):
                    c.metric += after.group("verb")  # 汽车产量保持40%以上增长 → 汽车产量增长, as 汽车产量增长40%
            if c.q.start in compared_baselines and c.metric:
                c.metric = subject_of(c.metric)  # (较上年的95.2%提高…: the subject, not the change it is the base of)
            if (c.q.start in starting_values or c.q.start in compared_baselines) and c.metric \
                    and not c.metric.endswith(before_mark):
                c.metric += before_mark  # 从140项减至65项: the metric says which is the value before
        # (a baseline, 比上年增长1.2%, dates nothing after it: the next sentence's 年末常住人口9685万人
        # is the text's own year, not the year before)
        if text.startswith(present_leads, sent.start):
            paragraph_marks = []  # (目前，…312家；建成…103家: the paragraph now speaks of the present)
        paragraph_marks.extend(m for m in marks if m.topic and not _comparison_baseline(text, m))
        if periods and not sent.is_heading and not text[sent.start:periods[0].pos].strip(PARAGRAPH_BULLETS):
            paragraph_period = periods[0]  # 这五年，… opening a sentence: the paragraph after it speaks of those years
            if _whole_line(text, sent):
                section_period = periods[0]  # 这是…的五年。 on a line of its own heads the paragraphs after it
                section_spans_years = True
        for _, _, kw in sent_hits:
            classifier.add(paragraph_tally, kw, PARAGRAPH_WEIGHT)
        paragraph_tally.cap(PARAGRAPH_CAP)
        # (a dateline's city is where the story was filed; a table row's place is that row's alone)
        if sent_places and not self_reporting and not sent.is_heading and row_cells(text[sent.start:sent.end], 0) is None:
            # (…，其中成都市不少于1800部；每部电梯给予…: a place inside a later clause that has a
            # figure of its own said what happened there, and is no topic for the sentences after it)
            # (瑞安市…中心紧密围绕中央和浙江省的…体系: a place after the subject of the sentence's
            # first clause is no topic either, figure or not)
            first_clause_end = _first_clause_end(text, sent)
            topics = [m for m in sent_places
                      if not (_no_scope_for_later_clauses(text, m, sent.start, (sent.end, sent.end), sent_places)
                              and (m.start < first_clause_end
                                   or _clause_has_figure(text, m, (sent.start, sent.end), sent_figures)))]
            if topics:
                paragraph_place = topics[-1]
                paragraph_locality = None
        # (田村有200余亩旱地。…: a community or village that is a sentence's subject is the topic of
        # the paragraph's sentences after it that name no place)
        subject = None if self_reporting else _subject_locality(text, sent, sent_localities, sent_places)
        if subject is not None:
            paragraph_locality = subject
    return claims


def _first_clause_end(text: str, sent: Sentence) -> int:
    delimiter = _CLAUSE_BREAK.search(text, sent.start, sent.end)
    return delimiter.start() if delimiter else sent.end


def _subject_locality(text: str, sent: Sentence, localities: list[Locality],
                      places: list[PlaceMention]) -> Locality | None:
    """The place below county level the sentence opens with (its subject: 目前，金五区社区…), with
    no administrative place named after it. (…，丹巴县基卡依村入选…: one named in a later clause is
    news of its own, no topic.)"""
    first = next((loc for loc in localities if _opens_clause(text, loc, sent.start, places, localities)), None)
    if first is None:
        return None
    for loc in localities:  # (在…复兴镇茶香村，…: the village inside the town)
        if loc.start == first.end:
            first = loc
    if any(m.start >= first.end for m in places):
        return None
    first_end = _first_clause_end(text, sent)
    if first_end >= first.end:
        return first
    # (本报讯（记者 王敏）近日，桐庐县城南街道迎春社区…: after a clause that only frames the sentence)
    delimiter = _CLAUSE_BREAK.search(text, first_end + 1, sent.end)
    second_end = delimiter.start() if delimiter else sent.end
    return first if second_end >= first.end and _only_frames(text, sent.start, first_end) else None


def _clause_start(text: str, sentence_start: int, pos: int) -> int:
    """Where the clause holding pos begins (after the last clause delimiter before it)."""
    return max([sentence_start - 1, *(text.rfind(d, sentence_start, pos) for d in CLAUSE_DELIMS)]) + 1


def _only_frames(text: str, start: int, end: int) -> bool:
    """Whether text[start:end], a sentence's first clause, only frames it (lexicon
    lead_in_frame_pattern: 记者获悉, 2019年3月, 答), a news lead (本报讯（…）) aside."""
    lead = NEWS_LEAD_PREFIX.sub("", text[start:end]).strip()
    return lexicon_pattern("lead_in_frame_pattern").fullmatch(lead) is not None


def _opens_clause(text: str, loc: Locality, sentence_start: int, places: list[PlaceMention],
                  localities: list[Locality]) -> bool:
    """Whether loc is its clause's subject: nothing before it in the clause but the places it lies
    in and lead words (在青海省西宁市城东区清真巷街道团结社区，…; 目前，金五区社区…)."""
    start = _clause_start(text, sentence_start, loc.start)
    before = text[start:loc.start]
    spans = [(m.start, m.end) for m in places] + [(other.start, other.end) for other in localities]
    for a, b in spans:
        if start <= a and b <= loc.start:
            before = before.replace(text[a:b], "", 1)
    return not strip_metric_leads(before.strip(" 　“\"")).strip()


def _claim_locality(text: str, q: Quantity, sent: Sentence, clause: tuple[int, int], place: Place,
                    localities: list[Locality], places: list[PlaceMention], paragraph_locality: Locality | None,
                    ctx: ArticleContext, scope_words: re.Pattern) -> Place:
    """place, or the community, village, town or street inside it the figure is about: named
    before the figure in its clause or as its sentence's subject, with no other place after it;
    else the paragraph's subject; else the article's, where the figure's place is the article's
    own (田村是平城区唯一的…: naming the district again does not change the topic)."""
    if place.basis == "national" or place.province is None and place.basis != "none":
        return place  # (a national figure; or one of several provinces, 广东、江苏、浙江…合计)
    before = [loc for loc in localities if loc.end <= q.start]
    if before:
        loc = before[-1]
        # (…城南街道文峰村残友互助康复社申报的“…”等12个项目: an example of what is counted; 龙泉村、
        # 姚磨村入选…50个典型案例: one of a list of places, whose figure is neither's)
        examples = any(w in text[loc.end:q.start] for w in lexicon_words("enumeration_closers")) \
            or _listed_after_a_place(text, loc.start) or _listed_after_a_place(text, loc.end, before=False)
        if not examples and not any(loc.end <= m.start and m.end <= q.start for m in places) \
                and (loc.start >= clause[0] or _opens_clause(text, loc, sent.start, places, localities)):
            return _at_locality(place, loc, "sentence")
    scope_suffix = _locality_scope_suffix(text, sent.start, q.start)
    if scope_suffix is not None:
        # (全乡梯田面积3.2万亩 after 上堡乡: the township the article last named, whatever village
        # the paragraph is about; or none)
        named = [loc for loc in ctx.localities if loc.end <= q.start and loc.name.endswith(scope_suffix)]
        return _at_locality(place, named[-1], "paragraph") if named else place
    if place.basis not in ("paragraph", "headline", "article", "none") \
            or _scope_word(text, sent.start, q.start, scope_words) is not None \
            or text.startswith(lexicon_words("localities", "division_scope_openers"), sent.start):
        return place  # (全区新增…, 区内家庭医生签约服务覆盖率…: the district's figure, not its village's)
    if paragraph_locality is not None:
        return _at_locality(place, paragraph_locality, "paragraph")
    art = ctx.place
    if ctx.locality is not None and (place.province, place.city, place.county) == (
            (art.province, art.city, art.county) if art is not None else (None, None, None)):
        return _at_locality(place, ctx.locality, "headline")
    return place


def _locality_scope_suffix(text: str, start: int, end: int) -> str | None:
    """The suffix of the unit the last locality scope word in text[start:end] names (lexicon
    localities.scope_words: 全乡 → 乡, 镇里 → 镇), or None."""
    pattern, suffixes = _locality_scope_words()
    last = None
    for last in pattern.finditer(text, start, end):
        pass
    return None if last is None else suffixes[last.group()]


@functools.lru_cache(maxsize=1)
def _locality_scope_words() -> tuple[re.Pattern, dict[str, str]]:
    words: dict[str, str] = load_rules().lexicon["localities"]["scope_words"]
    return re.compile(alternation(list(words))), dict(words)


def _listed_after_a_place(text: str, pos: int, before: bool = True) -> bool:
    """Whether a list joiner and a place-like word (one ending like a division or a locality:
    …村、, 、…镇) stand right before (or after) pos."""
    joiners = lexicon_words("predicate_only_metric_words", "list_joiners")
    if before:
        return pos >= 2 and text[pos - 1] in joiners and text[pos - 2] in PLACE_FINAL_CHARS
    if pos >= len(text) or text[pos] not in joiners:
        return False
    nxt = place_index().locality_re.match(text, pos + 1)
    return nxt is not None and nxt.end() - pos <= 8


# the last character of a place's name, its suffix: of a locality (村镇乡, 街道) or a division (区县市旗)
PLACE_FINAL_CHARS = "村镇乡区县市道旗"


def _at_locality(place: Place, loc: Locality, basis: str) -> Place:
    within = place.county or place.city or place.province
    note = f"{loc.name}：位于{within}" if within else f"{loc.name}：文章没有写出它所在的县市"
    return Place(loc.name, place.code, place.province, place.city, place.county, basis,
                 place.note if within and place.note else note, locality=loc.name)


PARAGRAPH_YEAR_LEAD = 12  # characters into a paragraph a year may stand and still date all of it
PARAGRAPH_BULLETS = "—－-·• 　"  # what may stand before the period a paragraph opens with (——这五年…)


def _amount_of_a_period(text: str, q: Quantity, clause: tuple[int, int]) -> bool:
    """Whether a figure in a review of several years is an amount of those years (城镇新增就业452万人,
    增长53.1%) rather than the level reached at their end (总里程达到9000公里, 突破12亿吨, a share
    or a rate: 优良天数比率接近80%) or the last year's own amount (生产总值6.66万亿元): a change, or
    an amount of a kind that adds up over time (lexicon period_amount_kinds): a count, or an amount
    of things done or added (period_amount_markers: 新增, 完成, 投入, 累计), with no verb before it
    that links a level to it and no word of a stock or of one year (period_level_words)."""
    if q.kind == "change":
        return True
    if q.kind not in lexicon_words("period_amount_kinds") \
            or q.mention.startswith(lexicon_words("period_level_openers") + lexicon_words("threshold_crossings", "verbs")):
        return False  # (突破12亿吨: a threshold passed is a level)
    words = text[clause[0]:q.start]
    if ends_with_level_link(words):
        return False
    if lexicon_words_re("period_total_markers").search(words):
        return True  # (一般公共预算收入累计完成3.7万亿元: said to be a total or a yearly average)
    if lexicon_words_re("period_level_words").search(words):
        return False  # (技能人才总量超696万, 完成地区生产总值32765亿元: a stock, or one year's aggregate)
    # a count of things or events in the review is theirs (亲临考察3次, 开通40条高速公路); an
    # amount of money or goods only when it says it was done or added (新增, 投入, 累计): without,
    # it is the last year's own (生产总值6.66万亿元, 进出口总额1.4万亿元)
    return q.kind == "count" or lexicon_words_re("period_amount_markers").search(words) is not None


def _programme_of_item(text: str, claim: Claim, item: str, sentence_tally: Tally,
                       sent_hits: list[tuple[int, int, str]], hit_starts: list[int]) -> None:
    """A figure given out to one item of a 分别 list (城镇调查失业率、居民消费价格涨幅分别控制在
    5%和3%以内) is about that item: its keywords stand next to the figure, in place of the
    keyword nearest it, which names the list's last item; the clause's keywords (what the whole
    list shares: 重点监测景区接待游客人次、经营收入) count as for any figure. Left alone when the
    item holds no specific keyword."""
    classifier = programme_classifier()
    own = [kw for _, _, kw in classifier.hits(item) if classifier.max_weight[kw] >= SPECIFIC_KEYWORD_WEIGHT]
    if not own:
        return
    clause = clause_bounds(text, claim.q.start, claim.q.end, claim.sentence_start, claim.sentence_end)
    lo = bisect.bisect_left(hit_starts, clause[0])
    hi = bisect.bisect_left(hit_starts, clause[1], lo)
    tally = sentence_tally.copy()
    for h in sent_hits[lo:hi]:
        if h[1] <= clause[1]:
            classifier.add(tally, h[2], CLAUSE_WEIGHT - SENTENCE_WEIGHT, shown=CLAUSE_WEIGHT)
    for kw in own:
        classifier.add(tally, kw, NEAREST_WEIGHT - CLAUSE_WEIGHT, shown=NEAREST_WEIGHT)
    claim.programme, claim.programme_basis = classifier.decide(tally)


def _place_of_item(text: str, item: str, claim: Claim, places: list[PlaceMention], ctx: ArticleContext) -> Place:
    """厦门、福州机场旅客吞吐量分别达2790.6万人次、1529.9万人次: a figure given an item of a 分别
    list of places (a place named in the sentence that a list joiner follows) is the place its
    item opens with (not in 宁波舟山港货物和集装箱吞吐量, a list of goods at one port)."""
    if claim.place.basis not in ("sentence", "article"):
        return claim.place  # (a national figure, or one whose place the sentence does not give)
    before = [m for m in places if m.end <= claim.q.start]
    joiners = lexicon_words("predicate_only_metric_words", "list_joiners")
    if not any(text.startswith(joiners, m.end) for m in before):
        return claim.place
    # (居前的是山东、河北和河南，分别…: the list may end its clause, the item then ends with its place)
    mention = next((m for m in reversed(before) if item.startswith(m.surface) or item.endswith(m.surface)), None)
    if mention is None:
        return claim.place
    idx = place_index()
    return idx.to_place(mention, idx.narrow(mention.codes, ctx.codes), "sentence")


BRACKETS = {"（": "）", "(": ")"}


def _bracketed_metric(text: str, q: Quantity, sent: Sentence, places: list[PlaceMention], earlier: list[Claim],
                      figures: list[tuple[int, int, str]]) -> str | None:
    """The metric of a figure inside brackets that break down or qualify what stands right before
    them: a figure (新建站点3个（柳江区2个、鹿寨县1个）: each counts what it did, 42家（新增9家）:
    新增社区食堂) or a place (得分前3位的是柳江区（96.5分）、鹿寨县（94.8分）: what the places are
    ranked by). None when the figure is in no such brackets."""
    opening = max(text.rfind(b, sent.start, q.start) for b in BRACKETS)
    if opening < 0 or text.find(BRACKETS[text[opening]], opening, q.start) >= 0:
        return None
    item = text[opening + 1:q.start]
    item = item[max(item.rfind(j) for j in "、，,；;") + 1:]  # (the list item the figure ends)
    for m in places:
        if opening < m.start and m.end <= q.start:
            item = item.replace(m.surface, "")
    words = strip_metric_leads(item.strip())
    outer = next((c for c in reversed(earlier) if c.q.end == opening), None)
    if outer is not None and outer.metric and not words:
        return outer.metric  # (新建站点3个（柳江区2个、鹿寨县1个）)
    if any(opening < c.q.start for c in earlier):
        return None  # (the bracket's later figures with words of their own read as any list does: …706.18亿元，比年初增加71.02亿元)
    if outer is not None and outer.metric:
        if q.kind == "change":
            # (增长1.7%（同口径增长2.5%以上）: a change says how the outer figure's subject changed)
            return subject_of(outer.metric) + words
        if is_list_verb(words):
            return words + without_list_verb(outer.metric)  # (42家（新增9家）: 新增社区食堂)
        return words if len(words) >= 2 else None  # (其中城镇人口41.27万人: it names its own)
    place = next((m for m in places if m.end == opening), None)
    if place is None or words:
        return None
    # (the clause before the place says what its bracketed figure is: 综合考核得分前3位的是柳江区（…）)
    clause = clause_bounds(text, place.start, place.end, sent.start, sent.end)
    ranked = metric_phrase(text, place.start, place.start, (clause[0], place.start), [], figures, q.unit_family, q.value)
    if ranked:
        return without_trailing_link(lexicon_pattern("rank_tail_pattern").sub("", ranked)) or ranked
    return next((c.metric for c in reversed(earlier) if c.metric and c.q.unit_family == q.unit_family
                 and text[c.q.end:c.q.end + 1] in BRACKETS.values()), None)




def _place_opening(text: str, clause: tuple[int, int], places: list[PlaceMention], q_start: int,
                   after_subset_marker: bool = False) -> PlaceMention | None:
    """The place a figure's clause opens with (南昌市实现地区生产总值5632.4亿元; 赣州市3789.6亿元),
    after_subset_marker: or right after the 其中 that opens it."""
    start = clause[0]
    if after_subset_marker:
        marker = next((w for w in lexicon_words("subset_markers") if text.startswith(w, start)), "")
        start += len(marker)
    while start < q_start and text[start] in " \u3000":
        start += 1
    return next((m for m in places if m.start == start and m.end <= q_start), None)


def _places_before_distributive(text: str, sent: Sentence, claims: list[Claim], places: list[PlaceMention]) -> None:
    """上饶市2518.7亿元，宜春市2476.1亿元，分别增长5.4%、5.2%: a 分别 clause that lists nothing
    itself gives its figures, in order, to as many figures just before it whose clauses each
    opened with a place of their own: each change is its place's."""
    marker = lexicon_words_re("distributive_markers")
    if marker.search(text, sent.start, sent.end) is None:
        return  # (one search: most sentences have no 分别)
    k = 0
    while k < len(claims):
        c = claims[k]
        clause = clause_bounds(text, c.q.start, c.q.end, sent.start, sent.end)
        lead = marker.match(text, clause[0] + len(text[clause[0]:c.q.start]) - len(text[clause[0]:c.q.start].lstrip()))
        if lead is None:
            k += 1
            continue
        group = [k]
        while group[-1] + 1 < len(claims) and claims[group[-1] + 1].q.start < clause[1]:
            group.append(group[-1] + 1)
        n = len(group)
        earlier = claims[k - n:k] if k >= n > 1 else []
        openings = [_place_opening(text, clause_bounds(text, e.q.start, e.q.end, sent.start, sent.end), places, e.q.start)
                    for e in earlier]
        # (each its clause's only figure and at its opening place: 天水经开区、张掖经开区排名46位、82位
        # is one clause of two places, not two items)
        if earlier and all(o is not None and e.place.basis == "sentence" and e.place.surface == o.surface
                           for e, o in zip(earlier, openings)) and len({o.surface for o in openings if o}) == n \
                and all(clause_bounds(text, a.q.start, a.q.end, sent.start, sent.end)[1] < b.q.start
                        for a, b in zip(claims[max(0, k - n - 1):k], claims[max(0, k - n - 1) + 1:k + 1])):
            for target, source in zip(group, earlier):
                claims[target].place = _copy(source.place, "sentence")
        k = group[-1] + 1


def _table_cell_names(text: str, sentence_start: int, pos: int,
                      places: list[PlaceMention]) -> tuple[str | None, str | None]:
    """The header of the table column text[pos] stands in and the label of its row (see
    _table_column_header and _table_row_label), or (None, None) outside a table's body."""
    line_start = text.rfind("\n", 0, sentence_start) + 1
    line_end = text.find("\n", line_start)
    cells = row_cells(text[line_start:len(text) if line_end < 0 else line_end], line_start)
    if cells is None:
        return None, None
    header = _table_column_header(text, line_start, cells, pos)
    return header, (_table_row_label(text, cells, pos, places) if header is not None else None)


def _table_column_header(text: str, line_start: int, cells: list[tuple[int, int]], pos: int) -> str | None:
    """The header cell of the table column text[pos] stands in (| 项目 | 目标 | 完成 |, or cells
    between tabs or wide spaces: the first row of the run of rows, or the line of words above
    it), or None in the header row itself. cells: those of pos's row, which starts at line_start."""
    header_start = line_start
    while header_start > 0:
        previous = text.rfind("\n", 0, header_start - 1) + 1
        if row_cells(text[previous:header_start - 1], previous) is None:
            # (产品名称　单位　产量: a header of words only, above rows set apart by wide spaces)
            words_only = row_cells(text[previous:header_start - 1], previous, header=True)
            if words_only is not None and len(words_only) == len(cells):
                header_start = previous
            break
        header_start = previous
    if header_start == line_start:
        return None  # the header row itself
    header_end = text.find("\n", header_start)
    header_line = text[header_start:header_end if header_end >= 0 else len(text)]
    header_cells = row_cells(header_line, header_start) or row_cells(header_line, header_start, header=True) or []
    column = next((k for k, (a, b) in enumerate(cells) if a <= pos < b), len(header_cells))
    header = text[header_cells[column][0]:header_cells[column][1]].strip() if column < len(header_cells) else ""
    return header if header and not set(header) <= set("-: ") else None


def _table_row_label(text: str, cells: list[tuple[int, int]], pos: int, places: list[PlaceMention]) -> str | None:
    """The label of the table row text[pos] stands in (its first cell, less a 其中： lead and a
    bracketed unit), when pos is in a later cell and the label names no place (历下区 | 32 is
    that district's row: the place is where, the header says what)."""
    if cells[0][1] > pos:
        return None
    a, b = cells[0]
    if any(a <= m.start and m.end <= b for m in places):
        return None
    label = without_bracketed_unit(strip_metric_leads(text[a:b].strip().strip("|｜ ")).lstrip("：: "))
    return label or None


def _own_places(text: str, places: list[PlaceMention], province: str, sentence_start: int) -> list[PlaceMention]:
    """The mentions that can name a place in `province`, narrowed to its candidates there, and
    those of another province that open a clause with the full name of a city, a county or an
    area (place_aliases.csv): the subject of what the clause reports (雄安新区中关村科技园新增入驻
    企业132家 in 北京's report). A partner named inside a clause (携手天津、河北…), a province
    (浙江省投入财政帮扶资金…: the partner's aid, spent here), a short name (积石山地震, 南海深海考古)
    or a name matched inside a word (更新和创新 → 新和县) is not."""
    div = place_index().div
    own = []
    for m in places:
        codes = tuple(c for c in m.codes if div[c].province == province)
        if codes:
            own.append(m if codes == m.codes else dataclasses.replace(m, codes=codes))
        elif m.strength == "full" and all(div[c].level != "province" or div[c].name != m.surface for c in m.codes) \
                and (m.start == sentence_start or text[m.start - 1] in CLAUSE_DELIMS):
            own.append(m)  # (a full name below the province, or an area's alias: not 北京, 浙江省, 南海)
    return own


CARRIED_BASIS = "承接本句前一数字"  # shown after the basis of a programme carried from the figure before

# Keywords weighing less than this (投资, 项目, 产业) are generic: they add up, never decide alone.
SPECIFIC_KEYWORD_WEIGHT = 3
# What a sentence's keywords add to one programme, at most: as much as a keyword of weight 3 next
# to the figure. A summary sentence of a dozen economic indicators (生产总值…消费品零售…收入…) must
# not outvote the keyword in a figure's own clause (城镇调查失业率4.7% is employment). Measured on
# every label file: 18 changes nothing for the worse; 12 loses claims a sentence rightly decides.
SENTENCE_CAP = 3 * NEAREST_WEIGHT
COUNTED_NOUN_REACH = 4  # characters between a count and the noun it counts (2万名赛会志愿者)


@functools.lru_cache(maxsize=1)
def _list_break() -> re.Pattern:
    """Punctuation or a list joiner (lexicon list_joiners): 682个、管网… goes on to the next item."""
    joiners = load_rules().lexicon["predicate_only_metric_words"]["list_joiners"]
    return re.compile(r"[，,。；;：:（(]|" + alternation(joiners))


def _subjects(text: str, hits: list[tuple[int, int, str]], clause: tuple[int, int], q: Quantity) -> list[tuple[int, int, str]]:
    """hits without the base of a share (…占常住人口13%) when the share's subject has one of its own:
    the base neither names the figure nor adds to its clause's scores (the sentence's still count it)."""
    cut = max((text.rfind(w, clause[0], q.start) for w in load_rules().lexicon["share_markers"]), default=-1)
    if cut < 0:
        return hits
    before = [h for h in hits if h[1] <= cut]
    return before + [h for h in hits if h[0] >= q.end] if before else hits


def _figure_tally(text: str, sentence_tally: Tally, sent_hits: list[tuple[int, int, str]], hit_starts: list[int],
                  clause: tuple[int, int], q: Quantity) -> tuple[Tally, bool]:
    """The sentence's scores plus the weight of the figure's own clause and of the specific
    keyword next to the figure (generic words such as 投资 or 项目 only add up, never decide),
    and whether the clause holds a specific keyword. The tally is sentence_tally itself, not a
    copy, when the clause holds no keyword."""
    lo = bisect.bisect_left(hit_starts, clause[0])
    hi = bisect.bisect_left(hit_starts, clause[1], lo)
    in_clause = _subjects(text, [h for h in sent_hits[lo:hi] if h[1] <= clause[1]], clause, q)
    if not in_clause:
        return sentence_tally, False
    classifier = programme_classifier()
    specific = [h for h in in_clause if classifier.max_weight[h[2]] >= SPECIFIC_KEYWORD_WEIGHT]
    # A count's noun follows its measure word (来自各高校的2万名赛会志愿者 counts volunteers):
    # a keyword starting just after the figure is what it counts, whatever stands before it.
    counted = [h for h in specific if q.kind == "count" and 0 <= h[0] - q.end <= COUNTED_NOUN_REACH
               and not _list_break().search(text, q.end, h[0])]
    # A keyword after the figure past a list break names a later item (单项冠军企业4户、绿色工厂39户;
    # 高速公路2600公里、农村公路3000公里、自然村组通硬化路…), unless a 的 makes it the head all the
    # listed figures describe (投资近千亿元、全长1.3万公里的三个一号旅游公路).
    own_side = [h for h in specific if h[1] <= q.start or not _list_break().search(text, q.end, h[0])
                or "的" in text[q.end:h[0]]]
    nearest = min(counted, default=None) or min(
        own_side, key=lambda h: q.start - h[1] if h[1] <= q.start else h[0] - q.end + 1, default=None)
    tally = sentence_tally.copy()
    for h in in_clause:
        full = (COUNTED_NOUN_WEIGHT if counted else NEAREST_WEIGHT) if h == nearest else CLAUSE_WEIGHT
        classifier.add(tally, h[2], full - SENTENCE_WEIGHT, shown=full)  # the sentence already counted it once
    return tally, bool(specific)


def _claim_place(text: str, q: Quantity, sent: Sentence, clause: tuple[int, int],
                 sent_places: list[PlaceMention], paragraph_place: PlaceMention | None,
                 ctx: ArticleContext, scope_words: re.Pattern,
                 figures: Sequence[tuple[int, int, str]] = ()) -> Place:
    idx = place_index()
    # (高出四川0.7个百分点, 占四川全省的37%: a place compared with is no place of the figure)
    partner_words = lexicon_words("partner_place_after")
    before = [m for m in sent_places if m.end <= q.start and not _compared_with(text, sent.start, m.start)
              and not _destination(text, m) and not (text.startswith(partner_words, m.end) and _partner(m, ctx))]
    # (a clause that reports on a place of its own ends what the places before it were the topic of)
    owned = [i for i, m in enumerate(before) if _no_scope_for_later_clauses(text, m, sent.start, clause, before)]
    if owned:
        # (推动南沙开发建设全面展开，出台支持南沙若干措施，加快建设3个先行启动区: naming the topic
        # again does not end it)
        again = {before[i].codes for i in owned}
        before = [m for i, m in enumerate(before[:owned[-1]]) if i not in owned and m.codes in again] \
            + before[owned[-1] + 1:]
    lead = text[sent.start:q.start]
    # 全国建成2990个示范性老年友好型社区，养老机构和设施达到40.6万个: the country's figures, in
    # whatever province's article, until a place or a scope word (全省) takes over
    national, country = _national_clause(lead)
    if country and not any(m.start >= sent.start + national for m in before) and not scope_words.search(lead, national):
        return Place(surface=country, basis="national", note="全国范围的数字，不属于某一地方")
    if before:
        m = before[-1]
        # A scope word after the last place name means the unit it names: the wider one
        # (…鹤壁市…全省…), or the place itself (常山县新建幸福食堂12家，全县…总数达到46家)
        later_scope = _scope_word(text, m.end, q.start, scope_words)
        if later_scope is not None:
            place = idx.to_place(m, idx.narrow(m.codes, ctx.codes), "sentence")
            # (浙江省已建成…，去年全省老年食堂累计供餐…: a province and its 全省 too)
            if place.province is not None and (place.county or place.city or place.province).endswith(later_scope[-1]):
                if place.city is None and place.county is None:
                    place.surface = place.province  # (…陕西…全省: the province its 全省 names, by its name)
                return place
        if later_scope is None:
            listed, examples = _listed_places(text, before, clause, q, (sent.start, sent.end), figures)
            if not listed:
                return idx.to_place(m, idx.narrow(m.codes, ctx.codes), "sentence")
            # 皋兰什川等7个产业强镇: examples of what is counted, so the figure is the article's
            # place; 绍兴黄酒、金华火腿…3个, 宁波舟山港: several places at once, so the level they share
            shared = None if examples else idx.shared_place(
                [idx.to_place(p, idx.narrow(p.codes, ctx.codes), "sentence") for p in listed])
            if shared is not None:
                return shared
            if not examples and (ctx.place is None or ctx.place.basis == "national"):
                # (广东、江苏、浙江…，合计占全国的31.5%: in a national story, the total of several
                # provinces is none of them, and not the country's)
                names = "、".join(dict.fromkeys(p.surface for p in listed))
                return Place(surface=names, basis="sentence", note=f"{names}：分属不同省份的几个地方合计，不属于某一省份")
            if ctx.place is not None:
                return _copy(ctx.place, "article")
    scope = _scope_word(text, sent.start, q.start, scope_words) if ctx.place is not None or paragraph_place else None
    if scope is not None:
        # (长沙市着力补齐养老短板。全市新增养老床位300张: the city the paragraph named, not the article's)
        carried = _carried_paragraph_place(paragraph_place, ctx)
        if carried is not None:
            return idx.within_scope(idx.to_place(carried, idx.narrow(carried.codes, ctx.codes), "paragraph"),
                                    scope, "paragraph")
        if ctx.place is not None:
            return idx.within_scope(ctx.place, scope, "article")
    # (…综合治理项目47个、乌海及周边地区等大气治理项目63个: a place in the next list item is that item's)
    item_end = text.find("、", q.end, clause[1])
    after = [m for m in sent_places if m.start >= q.end and m.start < (item_end if item_end >= 0 else clause[1])]
    if after:
        return idx.to_place(after[0], idx.narrow(after[0].codes, ctx.codes), "sentence")
    carried = _carried_paragraph_place(paragraph_place, ctx)
    if carried is not None:
        return idx.to_place(carried, idx.narrow(carried.codes, ctx.codes), "paragraph")
    if ctx.place is not None:
        return _copy(ctx.place, ctx.place.basis)
    return Place(note="文章里没有可识别的地名")


def _no_scope_for_later_clauses(text: str, m: PlaceMention, sentence_start: int, clause: tuple[int, int],
                                places: list[PlaceMention]) -> bool:
    """Whether a place named in an earlier clause, not the sentence's first, is no scope for later
    figures: it stands inside its clause, as what the clause did (…，完成湘桂铁路柳州枢纽扩能改造，),
    or opens a later clause, which says what happened there (…，西安地铁运营里程422公里并连通咸阳，
    5G基站…: neither 西安 nor 咸阳 is where the 5G stations are; …，阿尔山国家级旅游度假区…获批，
    …，6座博物馆晋级…: the province's museums). The first clause's place is the topic the clauses
    after it go on about (成都国际航空枢纽年旅客吞吐量增长16.6%，突破8700万人次), and so is the
    place opening the second when the first is only a frame (lexicon lead_in_frame_pattern:
    在第二批…主题教育中，广东深圳通过多种形式…，遴选千名讲师…; 记者获悉，四川省实现…，同比增长5.7%)."""
    if m.start >= clause[0]:
        return False
    if lexicon_pattern("event_code_pattern").match(text, m.end):
        return True  # (新余“1·24”特别重大火灾事故整改…，…分别下降9.62%: the place names an event)
    start = _clause_start(text, sentence_start, m.start)
    # (据介绍，2024年镜湖区共完成…; 比如武侯区，…: a year or 比如 before the place still leaves it
    # opening its clause)
    led = lexicon_pattern("place_clause_leads").match(text, start)
    opening = led.end() if led else start
    joiners = lexicon_words("predicate_only_metric_words", "list_joiners")
    for p in places:  # (…中，广东深圳通过多种形式…; 其中，广东、江苏、浙江分别…: places in a row open the clause together)
        if p.end <= m.start and (p.start == opening or opening > start and text[opening:p.start] in joiners):
            opening = p.end
    inside = m.start > opening and not (opening > start and text[opening:m.start] in joiners)
    if start == sentence_start:
        # (瑞安市…中心紧密围绕中央和浙江省的…测评体系: the place the sentence opens with is its
        # subject; one named later in its clause is what the subject did something about)
        return opening > start and inside
    if inside:
        # (…，开工数量居前的是山东、河北和河南，分别开工改造4620个、…: the places a 分别 list gives
        # its figures to stand at the end of the clause before it)
        delimiter = _CLAUSE_BREAK.search(text, m.end)
        clause_end = delimiter.start() if delimiter else len(text)
        if not text.startswith(lexicon_words("distributive_markers"), clause_end + 1):
            return True
        return clause_end - max(p.end for p in places if p.start < clause_end) > PLACE_LIST_TAIL
        # (…，完成湘桂铁路柳州枢纽扩能改造，高铁运营总里程…: a place inside a clause is what it did)
    first_end = next(i for i in range(sentence_start, start) if text[i] in CLAUSE_DELIMS)
    if first_end + 1 == start and (_only_frames(text, sentence_start, first_end)
                                   or _frames_the_place(text, sentence_start, first_end, m, places)):
        return False  # (a frame's second clause is the topic, figure or not: 记者获悉，四川省实现…4.6万亿元，同比增长5.7%)
    return True


def _frames_the_place(text: str, start: int, end: int, m: PlaceMention, places: list[PlaceMention]) -> bool:
    """text[start:end], a sentence's first clause, is only a frame lead and the places m lies in
    (在浙江杭州，拱墅区把…，2021年以来共改造老旧小区217个: 拱墅区 is the topic after it)."""
    idx = place_index()
    framing = [p for p in places if start <= p.start and p.end <= end]
    if not framing or not all(idx.contains(p.codes, m.codes) for p in framing):
        return False
    rest = text[start:end]
    for p in framing:
        rest = rest.replace(p.surface, "", 1)
    rest = rest.strip(" 　")
    return rest == "" or rest in lexicon_words("localities", "frame_leads")


PLACE_LIST_TAIL = 3  # what may follow a list of places ending its clause (等地, 三省) before ，分别…


def _listed_places(text: str, before: list[PlaceMention], clause: tuple[int, int],
                   q: Quantity, sentence: tuple[int, int],
                   figures: Sequence[tuple[int, int, str]] = ()) -> tuple[list[PlaceMention], bool]:
    """The places of the figure's clause when they are not simply where the figure is, and
    whether they are examples: closed by 等 (lexicon enumeration_closers) before the figure
    (examples), or several at once, joined by 、 or written together as one name (宁波舟山港).
    When the figure's clause names no place, the same holds of the clause that names the last
    one (隰县小西天、应县木塔等景区流量出圈，重点监测景区游客增长16.9%: no figure of 应县).
    ([], False) when the last place is where the figure is."""
    in_clause = [m for m in before if m.start >= clause[0]]
    end = q.start
    if not in_clause:
        place_clause = clause_bounds(text, before[-1].start, before[-1].end, *sentence)
        in_clause = [m for m in before if m.start >= place_clause[0]]
        end = place_clause[1]
        counted = any(f[0] == in_clause[-1].end for f in figures) or text[in_clause[-1].end:in_clause[-1].end + 1] in ARABIC_DIGITS
        if "、" in text[in_clause[0].end:in_clause[-1].start] and counted:
            return in_clause, True  # 卓尼、临潭2县新通高速公路，通高速县达到82个: the places are what 2县 counts
    tail = text[in_clause[-1].end:end]
    if any(w in tail for w in lexicon_words("distributive_markers")):
        if end < clause[0] and lexicon_words_re("listed_total_words").search(text, clause[0], q.start):
            return in_clause, False  # (…分别完成投资312亿元、286亿元和241亿元，合计占全国的31.5%: all of them)
        return [], False  # 厦门、福州机场…分别达2790.6万人次、1529.9万人次: each figure has its own place
    if any(w in tail for w in lexicon_words("enumeration_closers")):
        return in_clause, True
    idx = place_index()
    for prev, cur in zip(in_clause, in_clause[1:]):
        between = text[prev.end:cur.start]
        # (肥城300兆瓦压缩空气储能、东营…500兆瓦: a place whose list item has a figure of its own
        # is that item's, not listed with the next)
        if (between == "" or "、" in between) and not idx.contains(prev.codes, cur.codes) \
                and not any(prev.end <= f[0] and f[1] <= cur.start for f in figures):
            return in_clause, False  # (西藏拉萨八廓街 is one address, not two places)
    return [], False


def _national_clause(lead: str) -> tuple[int, str | None]:
    """Where the last clause of lead that opens with a national scope (lexicon national_scope_words,
    after lead words such as 目前) begins, and the country's name as written there (全国, 我国); or
    (-1, None). 占全国, 居全国 never open a clause."""
    if lexicon_words_re("national_scope_words").search(lead) is None:  # one search: most sentences end here
        return -1, None
    starts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(lead)]
    for start in reversed(starts):
        opening = strip_metric_leads(lead[start:])  # (前三季度我国国内生产总值…: a period before it too)
        word = next((w for w in lexicon_words("national_scope_words") if opening.startswith(w)), None)
        if word and not opening.startswith(lexicon_words("national_scope_not_before"), len(word)):
            return start, word[:2]
    return -1, None


_CLAUSE_BREAK = re.compile("[" + re.escape(CLAUSE_DELIMS) + "]")


@functools.lru_cache(maxsize=1)
def _cumulative_re() -> re.Pattern:
    """A cumulative marker (lexicon cumulative_markers) that says no record (有监测记录以来最好水平:
    lexicon cumulative_marker_records)."""
    lexicon = load_rules().lexicon
    return re.compile(f"(?:{alternation(lexicon['cumulative_markers'])})(?!{lexicon['cumulative_marker_records']})")


def _said_cumulative(cumulative: re.Pattern, left: str, left_start: int, governing: list[YearMark]) -> bool:
    """Whether the words before a figure (its clause and up to 20 characters before it) mark it
    cumulative: a marker, unless a year of the figure's own stands after it (“十四五”以来，…，2024年
    达到1.3万亿元 is 2024's)."""
    last = None
    for last in cumulative.finditer(left):
        pass
    return last is not None and not any(left_start + last.end() <= m.pos < left_start + len(left) for m in governing)


@functools.lru_cache(maxsize=1)
def _scope_words_re() -> re.Pattern:
    """Any scope word (全市, 全省 …): one regex search instead of a loop over the words per figure."""
    return re.compile(alternation([w for ws in load_rules().lexicon["scope_words"].values() for w in ws]))


_LABEL_BEFORE = re.compile(rf"^[{BULLETS}\s]*(?P<label>[^，,；;。：:\s]{{2,20}})[：:]\s*$")


def _label_before(text: str, sentence_start: int, q_start: int) -> str | None:
    """The label of a "label：figure" line (●家庭养老床位：1500张 → 家庭养老床位), less its leads."""
    m = _LABEL_BEFORE.match(text[sentence_start:q_start])
    if m is None:
        return None
    label = strip_metric_leads(m.group("label"))
    return label if len(label) >= 2 else None


@functools.lru_cache(maxsize=1)
def _people_count_families() -> frozenset[str]:
    return frozenset(f"count:{unit}" for unit in lexicon_words("people_count_units"))


_LISTED_YEARS = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年(?:[、和及与]((?:19|20)[0-9]{2})年)+")


def _only_frames_list(between: str) -> bool:
    """The text between a list of years and a 分别 is the comma that sets the list off and a short
    subject with no figure or verb of its own (，全省): the years still date the 分别's figures."""
    head, _, tail = between.partition("，")
    return not head.strip() and len(tail) <= SCOPE_AFTER_YEAR_LIST and not any(ch.isdigit() for ch in tail)


SCOPE_AFTER_YEAR_LIST = 4  # characters between a year list's comma and its 分别 (，全省分别新增)


def _years_listed_before_distributive(text: str, sent: Sentence, claims: list[Claim]) -> None:
    """2022年、2023年、2024年分别新增托位300个、450个、600个: as many years listed before a
    distributive marker (lexicon distributive_markers) as figures after it date them in order."""
    marker = lexicon_words_re("distributive_markers").search(text, sent.start, sent.end)
    if marker is None:
        return
    lists = list(_LISTED_YEARS.finditer(text, sent.start, marker.start()))
    between = text[lists[-1].end():marker.start()] if lists else ""
    if not lists or sum(ch in CLAUSE_DELIMS for ch in between) > 1 \
            or any(ch in CLAUSE_DELIMS for ch in between) and not _only_frames_list(between):
        # (…2024年、2025年实现…“零发生”，…分别下降67.5%、58.5%: the years are another clause's;
        # 2023年、2024年、2025年，全省分别新增…: a list of years set off by a comma frames the clause)
        return
    years = [int(y.group(1)) for y in YEAR_RE.finditer(lists[-1].group())]
    after = [c for c in claims if c.q.start >= marker.end()]
    if after:  # (…分别新增托位1200个、1650个、2100个，每千人口托位数达到3.9个: the list's clause only)
        clause_end = clause_bounds(text, after[0].q.start, after[0].q.end, sent.start, sent.end)[1]
        after = [c for c in after if c.q.start < clause_end]
    if len(after) != len(years):
        return
    for c, year in zip(after, years):
        c.year, c.year_basis, c.year_note = year, "explicit", f"{year}年（{marker.group()}）"
        if c.metric and len(c.metric.replace(marker.group(), "")) >= 2:
            c.metric = c.metric.replace(marker.group(), "")  # (the years were its items: 分别新增托位 → 新增托位)


def _carried_paragraph_place(paragraph_place: PlaceMention | None, ctx: ArticleContext) -> PlaceMention | None:
    """The place named earlier in the paragraph, where it carries on: only inside the article's own
    province (a provincial report that mentions a partner province does not report its figures)."""
    if paragraph_place is None:
        return None
    if ctx.place is None or ctx.place.province is None or any(
            place_index().div[c].province == ctx.place.province for c in paragraph_place.codes):
        return paragraph_place
    return None


def _clause_has_figure(text: str, m: PlaceMention, sentence: tuple[int, int],
                       figures: Sequence[tuple[int, int, str]]) -> bool:
    """Whether the clause the place stands in (within its sentence) holds one of figures."""
    start = max(text.rfind(d, sentence[0], m.start) for d in CLAUSE_DELIMS) + 1
    start = max(start, sentence[0])
    end = min((i for i in (text.find(d, m.end, sentence[1]) for d in CLAUSE_DELIMS) if i >= 0), default=sentence[1])
    return any(start <= f[0] and f[1] <= end for f in figures)


def _scope_word(text: str, start: int, end: int, scope_words: re.Pattern) -> str | None:
    """The last scope word (全市, 全省 …) in text[start:end] that is not a baseline (高于全省)."""
    last = None
    rank_after = lexicon_words("scope_rank_after")
    for m in scope_words.finditer(text, start, end):
        if not (_compared_with(text, start, m.start(), SCOPE_AFTER_BASELINE_PLACE) or text.startswith(rank_after, m.end())):
            last = m.group()
    return last


SCOPE_AFTER_BASELINE_PLACE = 4  # 约占四川全省的37%: the province's name may stand between


def _compared_with(text: str, start: int, place_start: int, gap: int = 0) -> bool:
    """A comparison or share word (lexicon baseline_place_before) ends right before place_start,
    or up to gap characters of a name before it: the place is what is compared with."""
    pattern, longest = _baseline_place_before(gap)
    # (searched in a window just wide enough: a search from the sentence's start for every place
    # of every figure cost 10 % of process_document)
    return pattern.search(text, max(start, place_start - longest - gap), place_start) is not None


@functools.lru_cache(maxsize=2)
def _baseline_place_before(gap: int) -> tuple[re.Pattern, int]:
    words = lexicon_words("baseline_place_before")
    return re.compile(f"(?:{alternation(words)})[\u4e00-\u9fff]{{0,{gap}}}$"), max(map(len, words))


def _partner(m: PlaceMention, ctx: ArticleContext) -> bool:
    """喀什地区今年新引进上海企业30家: in an article about a place of another province, a place
    followed by a word naming who came or gave (lexicon partner_place_after: checked by the
    caller) is not the place of the figure."""
    if ctx.place is None or ctx.place.province is None:
        return False
    return all(place_index().div[c].province != ctx.place.province for c in m.codes)


def _destination(text: str, m: PlaceMention) -> bool:
    """组织农村劳动力到江苏就业4.2万人: a place people or money went to (lexicon destination_place),
    or came from (origin_place_before: 来自广东的游客)."""
    return text.endswith(lexicon_words("destination_place", "before"), 0, m.start) \
        and text.startswith(lexicon_words("destination_place", "after"), m.end) \
        or text.endswith(lexicon_words("origin_place_before"), 0, m.start)


def _copy(p: Place, basis: str) -> Place:
    # (not dataclasses.replace: it costs six times as much, once per figure)
    return Place(p.surface, p.code, p.province, p.city, p.county, basis, p.note, p.locality)


def _whole_line(text: str, sent: Sentence) -> bool:
    """The sentence is a line of its own."""
    return (sent.start == 0 or text[sent.start - 1] == "\n") and text[sent.end:sent.end + 1] in ("\n", "")


HEADLINE_BARE_YEAR = re.compile(r"(?<![0-9０-９.])(?:19|20)[0-9]{2}(?=[｜|，,：:、\s]|$)", re.M)


def _article_year(text: str, art: Article) -> YearMark | None:
    """A year in the headline block, or a topic year in the lead sentence, governs the article.
    A date in the block (a dateline, 2025年3月15日) says when the page came out: it governs only
    when the block names no other year (某市2024年国民经济和社会发展统计公报 reports 2024)."""
    # (到2027年养老床位达到每千人45张, 游客接待量比2020年翻一番: a headline's deadline or baseline
    # dates none of the article's figures)
    head = [m for m in year_marks(text, art.start, art.heading_end)
            if not (_comparison_baseline(text, m) or is_deadline_year(text, m.pos, m.pos + len(m.text)))]
    if head:
        named = [m for m in head if FULL_DATE_RE.match(text, m.pos) is None]
        return (named or head)[-1]
    if art.title is not None:
        # (数说2024｜一组数据读懂长治民生, 2024，我们这样走过: a year the headline names without 年)
        bare = HEADLINE_BARE_YEAR.search(text, art.start, art.heading_end)
        if bare is not None:
            return YearMark(bare.start(), int(bare.group()), 0, bare.group(), True)
    body = [s for s in art.sentences if not s.is_heading]
    if body:
        lead = [m for m in year_marks(text, body[0].start, body[0].end) if m.topic and m.year is not None]
        if lead:
            return lead[0]
    return None


def _governing(text: str, marks: list[YearMark], q: Quantity) -> list[YearMark]:
    """The sentence's year marks that may date q: not a starting year (从2021年的46503元…) when q
    comes after the change to its end state (…提高到58794元), nor the baseline of a comparison
    (与去年同期相比减少50%)."""
    years = load_rules().lexicon["years"]
    through = lexicon_pattern("years", "comparison_through_pattern")
    kept = []
    for m in marks:
        if m.pos < q.start and text[m.pos + len(m.text):q.start] == "的" and q.kind in ("percent", "ratio") \
                and text.endswith(tuple(years["share_of_year_before"]), 0, m.pos):
            continue  # 恢复到2019年的100.6%: a share of that year's figure, not that year's
        if m.pos < q.start and through.search(text, max(0, m.pos - 8), m.pos) is not None:
            continue  # 较疫情前的2019年增长40.9%
        if m.pos < q.start and text[m.pos + len(m.text):q.start] != "的":  # 较2020年的9323.1亿元 is 2020's
            if text[max(0, m.pos - 1):m.pos] in years["from_markers"] \
                    and any(w in text[m.pos:q.start] for w in years["to_markers"]):
                continue
            if _comparison_baseline(text, m):
                continue
            before = text[max(0, m.pos - 2):m.pos]
            if any(before.endswith(opener) and text.find(closer, m.pos, q.start) >= 0
                   for opener, closer in years["baseline_frames"]):
                continue
        kept.append(m)
    return kept


def _comparison_baseline(text: str, m: YearMark) -> bool:
    """Whether the year mark names what a comparison is made against (比上年, 较2020年, 去年同期)."""
    years = load_rules().lexicon["years"]
    before, after = text[max(0, m.pos - 2):m.pos], text[m.pos + len(m.text):m.pos + len(m.text) + 4]
    return before.endswith(tuple(years["comparison_before"])) or (
        after.startswith(tuple(years["comparison_after"])) and not after.startswith(tuple(years["comparison_after_not"])))


TO_MARKER_ADVERB_CHARS = 2


@functools.lru_cache(maxsize=1)
def _starting_point_re() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    lexicon = load_rules().lexicon
    years = lexicon["years"]
    # the other parts of a split (由8.7∶41.2∶50.1调整为): the change starts from all of them
    separator = alternation(lexicon["share_split_separators"])
    parts_before, parts_after = re.compile(f"(?:[0-9.]+(?:{separator}))+$"), re.compile(f"(?:(?:{separator})[0-9.]+)+")
    # (由71所优化整合为47所: a short adverb may stand before the to-marker)
    to_marker = re.compile(f"[\u4e00-\u9fff]{{0,{TO_MARKER_ADVERB_CHARS}}}?(?:{alternation(years['to_markers'])})")
    return (re.compile(f"(?:{alternation(years['from_markers'])})[^，。；、到至]{{0,8}}$"), to_marker,
            parts_before, parts_after)




def _compared_baseline(text: str, q: Quantity, clause: tuple[int, int]) -> bool:
    """较2021年的0.86亿元增长37.2%, 较上年的95.2%提高3.4个百分点: q is what a change is compared with."""
    return lexicon_pattern("compared_baseline_pattern").search(text, max(clause[0], q.start - 12), q.start) is not None \
        and text.startswith(tuple(load_rules().lexicon["change_verbs"]), q.end)


def _starting_value(text: str, q: Quantity, clause: tuple[int, int], dated_too: bool = False) -> bool:
    """从3826.5亿元增长到4398.6亿元: q is where a change starts, with no year of its own written
    between the from-marker and it (从2020年的3.68万亿元 has one), or with one too when dated_too."""
    lead_re, to_marker, parts_before, parts_after = _starting_point_re()
    # (the parts of a split are looked for only next to a split's separator: most figures have none)
    separators = lexicon_words("share_split_separators")
    split = text.startswith(separators, q.start - 1) or text.startswith(separators, q.end)
    before = parts_before.search(text, clause[0], q.start) if split else None
    start = before.start() if before else q.start
    lead = lead_re.search(text, clause[0], start)
    after = parts_after.match(text, q.end) if split else None
    return (lead is not None and to_marker.match(text, after.end() if after else q.end) is not None
            and (dated_too or not year_marks(text, lead.start(), start)))


def _claim_year(q: Quantity, marks: list[YearMark], paragraph_marks: list[YearMark],
                section_mark: YearMark | None, article_year: YearMark | None,
                pub: PubYear, pub_offset: tuple[int, str] | None = None) -> tuple[int | None, str | None, str | None]:
    before = [m for m in marks if m.pos < q.start]
    return _year_of([before[-1] if before else None, paragraph_marks[-1] if paragraph_marks else None,
                     section_mark, article_year], pub, pub_offset)


# Where each candidate of _year_of stands: the figure's sentence, earlier in its paragraph, the
# section's intertitle, the article's headline or dateline.
YEAR_MARK_PLACES = ("", "（本段前文）", "（所在部分的小标题）", "（文章标题或日期行）")


def _year_of(candidates: list[YearMark | None], pub: PubYear,
             pub_offset: tuple[int, str] | None) -> tuple[int | None, str | None, str | None]:
    """The year the first mark of candidates (nearest first) gives, else the document's own."""
    for i, mark in enumerate(candidates):
        if mark is None:
            continue
        if mark.year is not None:
            # (where the year stood when not in the figure's sentence: the dashboard shows the
            # note beside the sentence, which does not hold it)
            return mark.year, "explicit", mark.text + YEAR_MARK_PLACES[i]
        if pub.year is None:
            return None, None, f"{mark.text}：发布年份未知，无法换算"
        if i == 0 and mark.text in lexicon_words("years", "context_relative"):
            # 上年 in the figure's sentence is the year before the one the text speaks of: in a
            # review of 2025 published in 2026 (由上年729万人增加到732万人), 2024. (Carried from an
            # earlier sentence it is mostly a comparison, 与上年基本持平, that says nothing of it.)
            base, _, base_note = _year_of(candidates[i + 1:], pub, pub_offset)
            if base is not None:
                return base + mark.offset, "relative", f"{mark.text} → {base + mark.offset}（{base}年的上一年；{base_note}）"
        return pub.year + mark.offset, "relative", f"{mark.text} → {pub.year + mark.offset}（发布年份 {pub.year}：{pub.evidence}）"
    if pub.year is None:
        return None, None, "文中没有年份，页面上也读不出发布年份"
    if pub_offset:
        offset, kind = pub_offset
        return pub.year + offset, "relative", f"{pub.year}年发布的{kind}回顾的是{pub.year + offset}年（{pub.evidence}）"
    return pub.year, "publication", f"发布年份：{pub.evidence}"
