"""Segment stage: split a page into articles and sentences, with offsets.

A newspaper page runs several articles together: headline (often with a subtitle line
"——…" and a byline "◎董静" / "本报讯（…）" / "本报记者 …"), intertitles inside an
article, photo captions ("图为…", "…摄", "资料图片") and markdown headings. Intertitles
must not start a new article, or the article's place and year context would be lost
for the rest of it; a new headline must, or the context would leak into the next story.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Callable

from .rules import alternation, load_rules

HEADING_MAX_CHARS = 36
REPORT_TITLE_MAX_CHARS = 80  # a report's title over its occasion or speaker line (see _mark_long_report_title)
TERMINAL = "。！？；!?;"
CLOSERS = "”’」』）)\"'"
# (a credit after the full stop, 。（通讯员 章琳）, closes the item with it: left as the start of the
# next line's sentence, it joined two news items into one)
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s*")
SUBTITLE = re.compile(r"^(?:#{1,6}\s*)?(?:——|—|--|-|－)(?=[^\s\d])")
# The marks that open an item of a list, a fact box or a news column (●, ■ …)
BULLETS = "●○■□◆◇▲△★☆•▪▶►"
# A line of a fact box or list that opens with a bullet and holds a figure (●家庭养老床位：1500张):
# prose, a sentence of its own, not a headline or a byline
BULLET_FIGURE = re.compile(rf"^[{BULLETS}]\s*\S.*[0-9０-９]")
NEWS_LEAD = re.compile(r"^(?:本报讯|本报[^\s，,]{0,6}电|央视网消息|新华社|人民网|据.{0,12}报道)")
CAPTION = re.compile(r"^(?:资料图片|图为.*|.{0,30}摄|[（(]据.{1,30}[)）]|图片来源.*)$")
NAME_LINE = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4}){0,3}$")
META = re.compile(r"^[（(【]?(?:来源|时间|作者|编辑|责任编辑|责编|校对|审核|发布时间|发布日期|原标题)\s*[：:]")
COLON_HEADLINE = re.compile(r"^[^：:，。]{2,18}[：:]\s*\S")
# 二、社区食堂：一餐热饭的温度, （三）, 4. : a numbered intertitle heads a section of its article
SECTION_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十0-9]{1,3}[）)]|[0-9]{1,2}[、.．](?![0-9]))")
BREADCRUMB_SEPARATOR = re.compile(r"^[>＞»›]+$")
DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,10}[〔\[（(][0-9]{4}[〕\]）)][0-9]{1,4}号")  # (湖民提〔2024〕31号)
DATE_ONLY = re.compile(r"^(?:19|20)[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日$")  # (a letter's date under its signature)
PAGE_LINE = re.compile(rf"^第[0-9０-９一二三四五六七八九十]+版|{DOC_NUMBER.pattern}|{DATE_ONLY.pattern}")
# A newspaper page's masthead line: its date with the weekday or the page number (2024年7月2日
# 星期二 第3版 要闻). Page chrome, as is the paper's name on the line above it (衢州日报).
MASTHEAD = re.compile(r"^(?=.*(?:19|20)[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日)"
                      r"(?=.*(?:星期[一二三四五六日天]|第[0-9一二三四五六七八九十]+版|(?<![A-Za-z])[A-Z][0-9]{1,2}版))"  # (A05版)
                      # (a community paper's issue: 2024年12月　第4期（总第27期）)
                      r"|^(?:19|20)[0-9]{2}年[0-9]{1,2}月\s*第[0-9]+期")
IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
PAPER_NAME_MAX = 10  # a newspaper's name above its masthead line: 衢州日报, 中国城市报
HEADLINE_BLOCK_LINES = 8  # lines after a title that may still belong to its headline block


@dataclass(frozen=True)
class PageLayout:
    """Layout patterns built from the lexicon's page_layout words (etl/data/lexicon.json)."""
    # The chrome of a page saved from a website: breadcrumbs (您的位置: / 首页 / > / 云南要闻),
    # publication stamps, counters, font-size switches (【字体： 大 中 小) and print/close links.
    # Taken for headlines they made "首页" an article title and the real title an intertitle.
    chrome: re.Pattern
    # Endings of the name of a local unit, which a headline's kicker line consists of.
    kicker_suffixes: tuple[str, ...]
    # The occasion under a report's title, often without its dash or wrapped onto two lines:
    # 2026年2月3日在四川省第十四届人民代表大会第五次会议上.
    occasion_endings: tuple[str, ...]
    # The speaker under a report's title: 甘肃省省长 任振鹤, 上海市市长 龚 正, 西藏自治区代理主席 嘎玛泽登.
    speaker: re.Pattern
    # A dateline opening a paragraph: 新华社北京1月22日电（记者 张伟）, 本报杭州3月5日讯.
    dateline: re.Pattern
    # A turn of an interview or press conference: 记者问：…, 答：…
    interview_turn: re.Pattern
    # Who made the page, anywhere on a short line: 本版编辑：李敏　美编：张涛
    page_credit: re.Pattern
    # The end of the line naming who publishes a paper: …社区居民委员会　主办
    publisher_line_ends: tuple[str, ...]
    # The first word of an account's stamp line under a post's title: 原创
    account_line_leads: tuple[str, ...]
    # A byline line (◎董静, 本报通讯员 余晓燕) and the end of a sentence, with a credit after its
    # full stop (。（通讯员 章琳）) that closes it: left as the start of the next line's sentence, it
    # joined two news items into one. Both name who signs a story: page_layout.credit_roles.
    byline: re.Pattern
    sentence_end: re.Pattern


@functools.lru_cache(maxsize=1)
def page_layout() -> PageLayout:
    words = load_rules().lexicon["page_layout"]
    labels = alternation(words["chrome_labels"])
    chrome = re.compile(
        rf"^(?:【?\s*(?:{labels})\s*(?:[：:】][^。]{{0,24}})?"  # a label, or the word alone
        r"|首页(?:\s*[>＞»›].*)?|[>＞»›]+|【?[大中小]】?"
        rf"|(?:{alternation(words['account_line_leads'])})(?:[ \u3000]+\S{{2,20}}){{1,5}}"
        r"|(?:\S{2,16}\s+)?\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
        # (an official account's stamp: 金水发布　2024-07-15 19:30　河南, its account, time and the
        # province it was posted from, which is no headline naming the story's place)
        r"(?:\s+[\u4e00-\u9fff]{2,8})?)$")
    speaker = re.compile(rf"^\S{{2,16}}(?:{alternation(words['speaker_offices'])})"
                         r"\s+[\u4e00-\u9fff·]{1,6}(?:\s[\u4e00-\u9fff]{1,3})?$")
    day = "[0-9０-９一二三四五六七八九十]{1,3}"
    dateline = re.compile(rf"(?:{alternation(words['dateline_sources'])})[^\s，,。：:（(]{{1,12}}?{day}月{day}日(?:电|讯)"
                          r"\s*(?:[（(][^）)]{0,24}[）)])?\s*")
    # (中国建设报记者：…？ at a press conference: the outlet may stand before the role)
    interview_turn = re.compile(rf"^(?:[\u4e00-\u9fff]{{2,8}}(?:{alternation(words['outlet_endings'])}))?"
                                rf"(?:{alternation(words['interview_labels'])})[：:]")
    page_credit = re.compile(rf"(?:{alternation(words['page_credit_labels'])})[：:]")
    roles = alternation(words["credit_roles"])
    # (本报记者 王五; 湘潭日报记者 彭思远: a paper's name may stand before the role)
    byline = re.compile(r"^(?:[◎○●]\s*[^\s0-9０-９：:]{1,6}(?:\s+[^\s0-9０-９：:]{1,6}){0,3}"
                        rf"|(?:本报|[\u4e00-\u9fff]{{2,8}}(?:报|社|台|网))?(?:{roles})\s*\S.{{0,12}})$")
    credit = rf"(?:[ \t\u3000]*[（(](?:本报)?(?:{roles})[^（）()\n]{{0,24}}[）)])?"
    sentence_end = re.compile(rf"[{TERMINAL}]+[{re.escape(CLOSERS)}]*{credit}|…{{2,}}[{re.escape(CLOSERS)}]*(?=\n)")
    return PageLayout(chrome, tuple(words["kicker_name_suffixes"]), tuple(words["occasion_endings"]), speaker,
                      dateline, interview_turn, page_credit, tuple(words["publisher_line_ends"]),
                      tuple(words["account_line_leads"]), byline, sentence_end)


@dataclass
class Sentence:
    start: int
    end: int
    paragraph_no: int
    is_heading: bool = False


@dataclass
class Article:
    no: int
    start: int
    end: int
    title: str | None
    subtitle: str | None = None
    byline: str | None = None
    heading_end: int = 0  # end offset of the headline block (title, subtitle, byline)
    byline_span: tuple[int, int] | None = None  # where the byline line stands (names of people, not places)
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Line:
    start: int
    end: int  # exclusive, without the newline
    raw: str
    clean: str  # markdown marks removed, stripped
    md_level: int
    kind: str = "body"  # blank | heading | subtitle | byline | caption | body


def _lines(text: str) -> list[Line]:
    out = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw.rstrip("\r"))  # a CRLF line ends before its \r
        s = raw.strip().rstrip("\r")
        md = MARKDOWN_HEADING.match(s)
        level = len(md.group(1)) if md else 0
        clean = s[md.end():] if md else s
        out.append(Line(pos, end, raw, clean.strip(), level))
        pos += len(raw) + 1
    return out


def _classify(line: Line) -> str:
    s = line.clean
    if not s:
        return "blank"
    layout = page_layout()
    if (SUBTITLE.match(line.raw.strip()) or s.endswith(layout.occasion_endings)) and len(s) <= 60:
        return "subtitle"
    if NEWS_LEAD.match(s) or layout.interview_turn.match(s) or BULLET_FIGURE.match(s) or row_cells(s, 0) is not None:
        return "body"  # (记者问：…？ is a turn of an interview, not a headline)
    if (META.match(s) or PAGE_LINE.match(s) or layout.page_credit.search(s)
            or s.endswith(layout.publisher_line_ends)) and len(s) <= 60:
        return "caption"  # source/date/editor lines, a page's number (第3版·民生周刊): not a headline, not prose
    if layout.chrome.match(s):
        return "caption"
    if (layout.byline.match(s) and len(s) <= 24) or layout.speaker.match(s):
        return "byline"
    if CAPTION.match(s) and len(s) <= 40:
        return "caption"
    bare = s.replace("*", "")
    if not bare:
        return "caption"  # a line of markdown emphasis marks only: decoration, not text
    # A line with a full stop inside is prose even when short; a headline never has one.
    if line.md_level or (len(bare) <= HEADING_MAX_CHARS and bare[-1] not in "。，、；：:,;…" and "。" not in bare):
        return "heading"
    return "body"


def split_articles(text: str, starts_with_place: Callable[[str], bool] | None = None) -> list[Article]:
    """Articles of a page, each with its sentences. Offsets index `text`."""
    lines = _lines(text)
    for ln in lines:
        ln.kind = _classify(ln)
    content = [ln for ln in lines if ln.kind != "blank"]
    _mark_long_report_title(content)
    _mark_post_title(content)
    _mark_page_chrome(content)
    _mark_wrapped_fragments(content)
    # A bare name line ("陈艳艳", "芦蕊 弓凤飞") right under a headline block is a byline.
    for prev, ln in zip(content, content[1:]):
        if ln.kind == "heading" and not ln.md_level and prev.kind in ("heading", "subtitle") \
                and NAME_LINE.match(ln.clean) and (" " in ln.clean or len(ln.clean) <= 3 or prev.kind == "subtitle"):
            ln.kind = "byline"

    starts: list[int] = []  # indexes into content where an article begins
    i = 0
    while i < len(content):
        ln = content[i]
        if ln.kind != "heading":
            i += 1
            continue
        j = i
        while j + 1 < len(content) and content[j + 1].kind in ("heading", "caption") and not (
                content[j + 1].md_level and content[j + 1].md_level <= 2 and j + 1 > i):
            j += 1
        nxt = content[j + 1] if j + 1 < len(content) else None
        # (a numbered intertitle, 二、社区食堂：一餐热饭的温度, heads a section of the article it is in)
        numbered = SECTION_NUMBER.match(ln.clean) is not None
        is_headline = (
            not starts
            or (ln.md_level and ln.md_level <= 2 and not numbered)
            or not numbered and (
                (nxt is not None and (nxt.kind in ("subtitle", "byline") or NEWS_LEAD.match(nxt.clean)))
                or COLON_HEADLINE.match(ln.clean.replace("*", "")) is not None
                or (starts_with_place is not None and starts_with_place(ln.clean)))
        )
        if ln.md_level >= 3:
            is_headline = False
        if is_headline:
            starts.append(i)
        i = j + 1
    starts = _lone_headings_after_news_briefs(content, starts)
    starts = _colon_intertitles_of_news_briefs(content, starts, starts_with_place)
    if not starts or starts[0] != 0:
        # Text before the first headline (or a page with none) is an article without a title.
        starts.insert(0, 0)
    dated_items = _dated_items(content, starts)
    starts = sorted(starts + dated_items)

    articles: list[Article] = []
    for si, ei in _blocks(starts, len(content)):
        block = content[si:ei]
        if not block:
            continue
        a_start = block[0].start
        a_end = content[ei].start if ei < len(content) else len(text)
        a_end = _rstrip_end(text, a_start, a_end)
        title = subtitle = byline = None
        byline_span = None
        heading_end = a_start
        head = block[0]
        if head.kind == "heading":
            title = head.clean
            heading_end = head.end
            for ln in block[1:HEADLINE_BLOCK_LINES]:
                if ln.kind == "subtitle" and subtitle is None:
                    subtitle = ln.clean.lstrip("—-－ ")
                    heading_end = ln.end
                elif ln.kind == "byline" and byline is None:
                    byline = ln.clean
                    byline_span = (ln.start, ln.end)
                    heading_end = ln.end
                elif ln.kind == "heading" and subtitle is None and byline is None and ln is block[1]:
                    heading_end = ln.end
                    if _dash_subtitle_follows(block[2:HEADLINE_BLOCK_LINES]):
                        title = ln.clean  # 聚焦城市更新 / 老街巷里出新生活 / ——…见闻: kicker, title, subtitle
                        continue
                    subtitle = ln.clean  # second headline line
                    if _is_kicker(title, subtitle, starts_with_place):
                        title, subtitle = subtitle, title
                elif ln.kind == "caption":
                    continue
                else:
                    break
        if si in dated_items and articles:
            title = articles[-1].title  # (a roundup's item goes under the page's headline, with no headline block of its own)
        art = Article(len(articles) + 1, a_start, a_end, title, subtitle, byline, heading_end, byline_span=byline_span)
        art.sentences = _sentences(text, block)
        articles.append(art)
    return articles


def _blocks(starts: list[int], n_lines: int):
    """(start, end) indexes into content of each article the starts begin."""
    for k, si in enumerate(starts):
        yield si, starts[k + 1] if k + 1 < len(starts) else n_lines


def _opens_news_item(line: Line | None) -> bool:
    """A body line that opens with 本报讯 or a dateline (本报杭州9月12日电): a news item starts there."""
    return line is not None and (NEWS_LEAD.match(line.clean) is not None
                                 or page_layout().dateline.match(line.clean) is not None)


def _is_account_line(line: Line) -> bool:
    """An account's stamp line under a post's title (原创　…)."""
    return line.kind == "caption" and line.clean.startswith(page_layout().account_line_leads)


ACCOUNT_TITLE_MAX_CHARS = 64  # a post's title over its account's stamp line, punctuation and all


def _mark_post_title(content: list[Line]) -> None:
    """An account's post opens with its title, then its stamp line (原创　太原迎泽老军营　2024年05月22日
    18:30　山西): the title is the headline though it is punctuated as prose (改不改、怎么改，居民说了算！…)."""
    if len(content) >= 2 and content[0].kind == "body" and len(content[0].clean) <= ACCOUNT_TITLE_MAX_CHARS \
            and _is_account_line(content[1]) and "。" not in content[0].clean:
        content[0].kind = "heading"


def _mark_long_report_title(content: list[Line]) -> None:
    """A report's title runs longer than a headline may (湖南省人大常委会执法检查组关于检查《…》
    实施情况的报告): the page's first line is its headline all the same when it has no punctuation
    of prose and the occasion or the speaker stands under it (——2024年9月25日在…会议上, 自治区
    审计厅厅长 黄明)."""
    if len(content) < 2 or content[0].kind != "body" or content[0].md_level:
        return
    first = content[0].clean
    if len(first) <= REPORT_TITLE_MAX_CHARS and not any(ch in first for ch in "。，；：:,;！？!?") \
            and content[1].kind in ("subtitle", "byline"):
        content[0].kind = "heading"


def _lone_headings_after_news_briefs(content: list[Line], starts: list[int]) -> list[int]:
    """A news brief (its prose opens with 本报讯 or a dateline) carries no intertitles; a feature's
    intertitles come two or more. So a brief holding one plain heading between prose lines holds
    the next item's headline, though that item opens with neither a place nor a lead (入夏用电高峰
    家庭防火要上心 / 进入6月，…): read as an intertitle, the brief's place leaked into it."""
    added: list[int] = []
    for si, ei in _blocks(starts, len(content)):
        if not _opens_news_item(next((ln for ln in content[si:ei] if ln.kind == "body"), None)):
            continue
        plain = [j for j in range(si + 1, ei - 1)
                 if content[j].kind == "heading" and not content[j].md_level
                 and SECTION_NUMBER.match(content[j].clean) is None
                 and content[j - 1].kind == "body" and content[j + 1].kind == "body"]
        if len(plain) == 1:
            added.append(plain[0])
    return sorted(starts + added)


def _colon_intertitles_of_news_briefs(content: list[Line], starts: list[int],
                                      starts_with_place: Callable[[str], bool] | None) -> list[int]:
    """一线救援：党员干部冲在前 / 资金物资：省市两级紧急驰援 inside a story that opened with 本报讯, or
    one signed under its headline (本报记者　沈悦): a colon heading heads the next story when it
    names where (南京：…) or its story opens with a lead or a headline block of its own; otherwise
    it is the story's intertitle, and read as a headline it gave its words (党员) to the story's
    figures and cut the story's place off from them."""
    kept: list[int] = []
    in_brief = False
    for si, ei in _blocks(starts, len(content)):
        head = content[si]
        after = content[si + 1] if si + 1 < ei else None
        opens_brief = _opens_news_item(next((ln for ln in content[si:ei] if ln.kind == "body"), None))
        # (a feature signed under its headline, 本报记者　沈悦, holds its intertitles too: 阵地：…, 报到：…)
        # (and so does an account's post, its stamp line under its title: 第二步：集中议事)
        signed = any(ln.kind == "byline" or _is_account_line(ln) for ln in content[si:min(ei, si + HEADLINE_BLOCK_LINES)])
        intertitle = (in_brief and head.kind == "heading" and not head.md_level
                      and COLON_HEADLINE.match(head.clean.replace("*", "")) is not None
                      and not opens_brief and after is not None and after.kind == "body"
                      and not (starts_with_place is not None and starts_with_place(head.clean)))
        if not intertitle:
            kept.append(si)
            in_brief = opens_brief or signed
    return kept


def _dated_items(content: list[Line], starts: list[int]) -> list[int]:
    """A roundup (各地…) runs several stories under one headline, each opening with its own
    dateline (本报兰州9月12日电, 本报杭州9月12日电): a paragraph that opens with a dateline after
    prose of the same article starts the next story, so the place its dateline names, and the
    places its story names, do not leak into the next one."""
    dateline = page_layout().dateline
    added: list[int] = []
    for si, ei in _blocks(starts, len(content)):
        seen_body = False
        for j in range(si, ei):
            if content[j].kind != "body":
                continue
            if seen_body and dateline.match(content[j].clean):
                added.append(j)
            seen_body = True
    return added


def _dash_subtitle_follows(lines: list[Line]) -> bool:
    """A subtitle line (——…) follows in the headline block, before its prose: the block's first two
    headline lines are then a kicker and the title."""
    for ln in lines:
        if ln.kind == "subtitle":
            return True
        if ln.kind not in ("heading", "caption", "byline"):
            return False
    return False


def _is_kicker(first: str, second: str, starts_with_place: Callable[[str], bool] | None) -> bool:
    """A newspaper headline may open with a kicker naming who the story is about (平城区环卫服务中心)
    above the main title (制定清雪预案 保障道路安全): a bare name of a place's unit, shorter than
    the title or followed by a two-part title."""
    return (starts_with_place is not None and starts_with_place(first) and " " not in first
            and first.endswith(page_layout().kicker_suffixes) and (" " in second or len(second) > len(first)))


def _mark_page_chrome(content: list[Line]) -> None:
    """Lines that are page chrome only by their neighbours: a line after a breadcrumb separator
    (首页 / > / 政务信息 / > / 宁夏要闻) is a breadcrumb, and so is the same text repeated as the
    page's channel heading below it; the value under a bare label (来源： / 陕西省人民政府) is
    part of that stamp, not a headline."""
    for k, ln in enumerate(content):  # (the first line too: 安徽日报　2025年3月6日　星期四　第3版)
        if ln.kind in ("heading", "subtitle") and MASTHEAD.match(ln.clean):
            ln.kind = "caption"
            # (the paper's name above it, or above its publisher's line: 衢州日报; atop the page,
            # whatever it ends with: 今日千岛湖; 前埔北社区报 / …居民委员会　主办 / 2024年12月　第4期)
            j = k - 1
            while j > 0 and content[j].kind == "caption" and not MASTHEAD.match(content[j].clean):
                j -= 1
            prev = content[j] if k else None
            if prev is not None and prev.kind == "heading" and len(prev.clean) <= PAPER_NAME_MAX \
                    and (prev.clean.endswith("报") or j == 0):
                prev.kind = "caption"
    if len(content) >= 2 and content[0].kind == "heading" and DOC_NUMBER.match(content[1].clean) \
            and len(content[0].clean) <= PAPER_NAME_MAX:
        content[0].kind = "caption"  # (湖州市民政局 over 湖民提〔2024〕31号: an official letter's letterhead)
    crumbs: set[str] = set()
    for prev, ln in zip(content, content[1:]):
        if ln.kind != "heading":
            continue
        if BREADCRUMB_SEPARATOR.match(prev.clean):
            crumbs.add(ln.clean)
        if ln.clean in crumbs or (META.match(prev.clean) and META.sub("", prev.clean).strip() == ""):
            ln.kind = "caption"


def _mark_wrapped_fragments(content: list[Line]) -> None:
    """A short line without a Chinese character after a body line that stops mid-sentence is the
    rest of that sentence, cut by the page's wrapping (…取得明显成效，PM / 2.5 / 年平均浓度…), not a
    heading: as one, it would end the section and its context."""
    for prev, ln in zip(content, content[1:]):
        if ln.kind == "heading" and not ln.md_level and prev.kind == "body" \
                and not IDEOGRAPH.search(ln.clean) and prev.clean[-1] not in TERMINAL:
            ln.kind = "body"


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _sentences(text: str, block: list[Line]) -> list[Sentence]:
    """Sentences of an article. A body line that stops mid-sentence (a hard-wrapped page)
    continues into the next body line, so the sentence spans the line break."""
    out: list[Sentence] = []
    paragraph = 0
    pending_start: int | None = None
    previous_kind = ""
    sentence_end = page_layout().sentence_end
    for ln in block:
        if ln.kind != "body":
            previous_kind = ln.kind
            if pending_start is not None:
                out.append(Sentence(pending_start, _prev_end(text, ln.start), paragraph))
                pending_start = None
            lead = len(ln.raw) - len(ln.raw.lstrip())
            out.append(Sentence(ln.start + lead, _rstrip_end(text, ln.start, ln.end), paragraph, True))
            continue
        is_row = row_cells(ln.raw, ln.start) is not None
        if pending_start is None and not (is_row and out and previous_kind == "body"):
            paragraph += 1  # (a table's rows stay in the paragraph that introduces them: 各区改造任务如下：)
        previous_kind = ln.kind
        seg_start = ln.start + (len(ln.raw) - len(ln.raw.lstrip())) if pending_start is None else pending_start
        if pending_start is None:
            dateline = page_layout().dateline.match(text, seg_start, ln.end)
            if dateline is not None and dateline.end() < ln.end:
                # (where the story was filed: a line of its own, as a byline would be)
                out.append(Sentence(seg_start, _rstrip_end(text, seg_start, dateline.end()), paragraph, True))
                seg_start = dateline.end()
        pos = ln.start
        for m in sentence_end.finditer(text, ln.start, ln.end):
            out.append(Sentence(seg_start, m.end(), paragraph))
            pos = m.end()
            seg_start = pos
            while seg_start < ln.end and text[seg_start] in " \t\u3000":
                seg_start += 1
        tail_end = _rstrip_end(text, seg_start, ln.end)
        if tail_end > seg_start and (is_row or BULLET_FIGURE.match(ln.clean)):
            out.append(Sentence(seg_start, tail_end, paragraph))  # (a list line or a table row ends with its line)
            pending_start = None
        elif tail_end > seg_start:
            pending_start = seg_start  # unfinished: continues on the next body line
        else:
            pending_start = None
    if pending_start is not None:
        last = block[-1]
        out.append(Sentence(pending_start, _rstrip_end(text, pending_start, last.end), paragraph))
    return [s for s in out if s.end > s.start]


# Cells set apart by wide spaces (磷矿石　万吨　1562.3　5.7: a table saved as text): runs of the
# ideographic space, or of two or more plain spaces, between the cells
WIDE_SPACE = re.compile(r"\u3000+[ \u3000]*| {2,}")
# a cell that holds only a number (a table's value: 1562.3, -3.2, 55.4%)
# A table cell's number: digits, with thousands separators (36,000.00) or without, and a decimal part
CELL_NUMERAL = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9０-９]+)(?:[.．][0-9０-９]+)?"
NUMBER_CELL = re.compile(rf"[-－−+＋]?{CELL_NUMERAL}[%％]?")
WIDE_ROW_MIN_CELLS = 3
# a line set apart by wide spaces that holds a date is a masthead or a stamp, not a table's row
DATED_LINE = re.compile(r"(?:19|20)[0-9]{2}(?:年[0-9]{1,2}月|[-/.][0-9]{1,2}[-/.])")


def row_cells(line: str, offset: int, header: bool = False) -> list[tuple[int, int]] | None:
    """The cells of a table row, or None when the line is no row. Cells between wide spaces make a
    row only with a cell that is a number (or, header: as the header line above such rows)."""
    stripped = line.strip()
    if stripped.count("|") >= 2 and "。" not in stripped:  # (| a | b |, or a | b | c without the outer bars)
        separator = "|"
    elif line.count("\t") >= 1 and len(line.split("\t")) >= 2 and "。" not in line:
        separator = "\t"
    elif not any(ch in stripped for ch in "。，；") and WIDE_SPACE.search(stripped) \
            and DATED_LINE.search(stripped) is None:  # (prose first: most lines have a full stop or comma)
        lead = len(line) - len(line.lstrip())
        cells = _wide_cells(stripped, offset + lead)
        if len(cells) < WIDE_ROW_MIN_CELLS:
            return None
        if not header and not any(NUMBER_CELL.fullmatch(line[a - offset:b - offset]) for a, b in cells):
            return None
        return cells
    else:
        return None
    cells = []
    start = 0
    for piece in line.split(separator):
        if piece.strip():
            cells.append((offset + start, offset + start + len(piece)))
        start += len(piece) + 1
    return cells if len(cells) >= 2 else None  # (a tab-indented paragraph is no row)


def _wide_cells(stripped: str, offset: int) -> list[tuple[int, int]]:
    """The cells of a line set apart by wide spaces, as (start, end) offsets."""
    cells, start = [], 0
    for gap in WIDE_SPACE.finditer(stripped):
        if gap.start() > start:
            cells.append((offset + start, offset + gap.start()))
        start = gap.end()
    if start < len(stripped):
        cells.append((offset + start, offset + len(stripped)))
    return cells


def _prev_end(text: str, pos: int) -> int:
    return _rstrip_end(text, 0, pos)
