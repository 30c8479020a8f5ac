"""Resolve stage: where (province/city/county), when (year) and which programme.

Places come from the shipped division list (etl/data/divisions.csv). Names are found
with an Aho-Corasick automaton (etl/wordscan.py) because a regex alternation of ~6,000
names is far slower. Full names (平城区, 鹤壁市) are trusted; short names of provinces and
prefectures (河南, 鹤壁) are trusted unless they start a street or compound name
(中山北路, 朝阳小区); short names of counties (黄陵, 瓜州) are common words often enough
(资源, 大化, 扬中) that they count only when the article already names their province or
city, or an organisation name follows (黄陵矿业). A name that stays ambiguous after the
article's context is applied resolves only as far as its candidates agree (all in 山西省
→ province only), and the rest is recorded in place_note, never guessed.
"""
from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .extract import ARABIC_DIGITS, NUMBER_CHARS, QUOTE_PAIRS, is_ideograph, parse_number
from .segment import BULLETS, DATE_ONLY
from .rules import (Rules, alternation, load_townships, townships_by_county, lexicon_pattern, lexicon_set, lexicon_words, lexicon_words_re, load_rules,
                    rate_denominator_re, unit_form_names)
from .wordscan import WordMatcher

# (截至2024年6月底，…: a year and its month opening the sentence set its topic as the year alone does)
MONTH_TOPIC = re.compile(r"(?:1[0-2]|0?[1-9])月(?:底|末|份)?[，,]")
YEAR_LISTED_BEFORE = re.compile(r"(?:19|20)[0-9]{2}年[、和及]$")  # (…2023年、2024年，: the list's last)
YEAR_LISTED_NEXT = re.compile(r"[、和及至到—\-–~](?:19|20)[0-9]{2}年")
YEAR_RE = re.compile(r"(?<![0-9０-９])((?:19|20)[0-9]{2})(?:[—\-–~至到]((?:19|20)[0-9]{2}))?年")
FULL_DATE_RE = re.compile(r"((?:19|20)[0-9]{2})年(1[0-2]|0?[1-9])月(?:([0-3]?[0-9])日)?")
NEWS_LEAD_PREFIX = re.compile(r"^(?:本报讯|本报[^\s，,]{0,6}电|央视网消息)\s*(?:[（(][^）)]{0,20}[）)])?[：:]?")
CLAUSE_DELIMS = "，,；;。！？!?：:\n"
CHAIN_MAX = 3  # places below county level named one inside the other (渊泉镇榆林社区: two)
CHINESE_NUMERAL_CHARS = "一二两三四五六七八九十百千万亿"


@dataclass
class PlaceMention:
    start: int
    end: int
    surface: str
    codes: tuple[str, ...]
    strength: str  # full | short | weak


@dataclass
class Place:
    surface: str | None = None
    code: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    basis: str = "none"
    note: str | None = None
    locality: str | None = None  # a place below county level (街道, 镇, 村, 社区) inside the division above
    by_township: bool = False  # the division was read off the township named (临岐镇 → 淳安县)


@dataclass
class Locality:
    """A place below county level (田村, 金五区社区) named in the text."""
    start: int
    end: int
    name: str


class PlaceIndex:
    def __init__(self, rules: Rules):
        self.rules = rules
        self.div = rules.divisions
        lx = rules.lexicon
        self.generic = set(lx["generic_place_names"])
        self.city_context_names = frozenset(lx["city_context_names"])
        self.stop_suffixes = tuple(lx["place_stop_suffixes"])
        self.stop_suffix_chars = max(2, *map(len, self.stop_suffixes))
        self.suffix_words = frozenset(lx["place_suffix_words"])
        self.org_suffixes = tuple(lx["org_suffixes"])
        self.sub_county_re = re.compile(
            rf"^[\u4e00-\u9fff]{{2,6}}?(?:{alternation(lx['sub_county_suffixes'])})")
        loc = lx["localities"]
        self.locality_suffixes = tuple(sorted(lx["sub_county_suffixes"], key=len, reverse=True))
        stop = re.escape(loc["name_stop_chars"])
        longest = max(loc["name_max_chars"].values())
        allowed = loc["name_initials_allowed"]
        self.locality_re = re.compile(
            rf"(?:[{re.escape(allowed)}]|(?![{stop}])[\u4e00-\u9fff])(?:(?![{stop}])[\u4e00-\u9fff]){{0,{longest - 1}}}?"
            rf"(?:{alternation(self.locality_suffixes)})")
        self.locality_initials_allowed = allowed
        self.locality_max_chars = loc["name_max_chars"]
        self.locality_common_words = tuple(loc["common_words"])
        self.locality_common_whole_words = frozenset(loc["common_whole_words"])
        self.locality_not_before = tuple(loc["not_before"])
        self.locality_suffix_not_before = {sx: tuple(words) for sx, words in loc["suffix_not_before"].items()}
        self.locality_longer_after = {sx: tuple(words) for sx, words in loc["longer_after"].items()}
        self.locality_opening_words = tuple(loc["name_opening_verbs"]) + tuple(
            w for key in ("list_head_verbs", "item_own_verbs", "flow_verbs") for w in lx[key])
        self.non_name_initials = lx["non_name_initials"]
        followers = alternation([*loc["subject_verbs"], *self.locality_opening_words])
        # (泉城路街道新建社区食堂3处, 太平镇古龙村是…, 其中李家村1100亩, 漕河镇人民政府工作报告: a
        # community, street, town or village opening a clause or a line, then what it did, its
        # figure, its own council or government, or a year)
        self.subject_locality_re = re.compile(
            rf"(?:^|(?<=[，,。；;！？!?\n、]))[ 　#*【]*(?:其中[，,]?)?(?P<loc>(?:{self.locality_re.pattern}){{1,{CHAIN_MAX}}})"
            rf"(?={followers}|[0-9０-９]|(?:19|20)[0-9]{{2}}年)", re.M)
        # (在罗坳镇，新建日间照料中心1个: a frame of where, opening a clause)
        self.frame_locality_re = re.compile(
            rf"(?:^|(?<=[，,。；;！？!?\n]))[ 　]*(?:{alternation(loc['frame_leads'])})"
            rf"(?P<loc>(?:{self.locality_re.pattern}){{1,{CHAIN_MAX}}})(?=[，,])", re.M)
        entries: dict[str, tuple[tuple[str, ...], str]] = {}
        for name, codes in rules.names.items():
            entries[name] = (tuple(codes), "full")
        common_words = set(lx["common_word_place_shorts"])
        self.neighbours = set(lx["short_place_name_neighbours"])
        self.words_across_start = frozenset(lx["words_across_place_start"])
        for short, codes in rules.short_names.items():
            if short in entries or len(short) < 2:
                continue
            levels = {self.div[c].level for c in codes}
            if levels == {"county"} and short in common_words:
                continue  # 振兴, 资源, 平安: ordinary words first, county names second
            entries[short] = (tuple(codes), "weak" if levels == {"county"} else "short")
        self.names = WordMatcher([(word, (word, entry_codes, strength))
                                  for word, (entry_codes, strength) in entries.items()])

    def mentions(self, text: str) -> list[PlaceMention]:
        """Administrative names in `text`, leftmost-longest, before context filtering."""
        out: list[PlaceMention] = []
        for start, end, (word, codes, strength) in self.names.leftmost_longest(text):
            if text[end - 1:end + 1] in self.suffix_words:
                continue
            if strength != "full":
                if start > 0 and text[start - 1:start + 1] in self.words_across_start:
                    continue  # (其中卫生技术人员: no 中卫)
                nxt = text[end:end + self.stop_suffix_chars]
                if nxt.startswith(self.stop_suffixes) or nxt[1:2] in ("路", "街", "巷") and nxt[0] in "东南西北中":
                    continue
            if strength == "full" and len(word) == 2 and word not in self.generic and start > 0:
                # Two-character county names hide inside words (示范县 → 范县, 创新县 → 新县).
                if text[start - 1] not in self.neighbours and not (out and out[-1].end == start):
                    continue
            if word in self.generic:
                # 城区/郊区 are places only straight after their city: 阳泉市城区; 市中区, a district
                # of four cities, also where the article names one of them (lexicon city_context_names)
                if not out or out[-1].end != start:
                    if word in self.city_context_names:
                        out.append(PlaceMention(start, end, word, codes, "city_context"))
                    continue
                parent = set(out[-1].codes)
                codes = tuple(c for c in codes if self.div[c].parent_code in parent)
                if not codes:
                    continue
            out.append(PlaceMention(start, end, word, codes, strength))
        return [m for m in out if m.strength == "full" or not _listed_among_non_places(text, m, out)]

    def localities(self, text: str, start: int, end: int, mentions: list[PlaceMention]) -> list[Locality]:
        """Places below county level in text[start:end]: those named right after the division
        they lie in (mentions: the article's administrative places), one inside the other
        (御河街道田村), and every later naming of the same names in the span, in order."""
        chained: list[Locality] = []
        covered = start
        for i, m in enumerate(mentions):
            if m.start < covered or m.strength not in ("full", "short") or m.end > end:
                continue  # (玉泉 inside 八宝山街道玉泉西里南社区, 中宁 across 其中宁海路: no division)
            if i + 1 < len(mentions) and mentions[i + 1].start == m.end:
                continue  # (石景山区 after 北京市: the chain goes on from the last division named)
            pos = m.end
            for _ in range(CHAIN_MAX):
                nested = self._locality_at(text, pos, end)
                if nested is None:
                    break
                chained.append(nested)
                pos = nested.end
            covered = pos
        named_after_places = {loc.name for loc in chained}
        for found in itertools.chain(self.subject_locality_re.finditer(text, start, end),
                                     self.frame_locality_re.finditer(text, start, end)):
            if any(m.start < found.end("loc") and found.start("loc") < m.end for m in mentions):
                continue
            pos = found.start("loc")
            parts: list[Locality] = []
            while pos < found.end("loc"):  # (太平镇古龙村: each of the chain)
                part = self._locality_at(text, pos, found.end("loc"))
                if part is None or any(part.name.endswith(name) and part.name != name for name in named_after_places):
                    parts = []  # (确认金五区社区为…: 金五区社区, read after its district)
                    break
                parts.append(part)
                pos = part.end
            if sum(len(p.name) for p in parts) >= 3:
                chained.extend(parts)
        if not chained:
            return []
        seen = {(loc.start, loc.end) for loc in chained}
        out = list(chained)
        names = list(dict.fromkeys(loc.name for loc in chained))
        for name in names:  # (names found inside another's occurrence are looked for in turn)
            at = text.find(name, start, end)
            while at >= 0:
                if (at, at + len(name)) not in seen:
                    seen.add((at, at + len(name)))
                    out.append(Locality(at, at + len(name), name))
                    inner = self._locality_at(text, at + len(name), end)
                    if inner is not None and (inner.start, inner.end) not in seen:
                        seen.add((inner.start, inner.end))
                        out.append(inner)  # (走进富春江镇芦茨村…)
                        if inner.name not in names:
                            names.append(inner.name)
                at = text.find(name, at + len(name), end)
        out.sort(key=lambda loc: (loc.start, -loc.end))
        kept: list[Locality] = []
        for loc in out:  # (北社区 inside 小阳泉北社区: the longer name)
            if kept and loc.start < kept[-1].end:
                continue
            kept.append(loc)
        return kept

    def _locality_at(self, text: str, pos: int, end: int) -> Locality | None:
        """The locality starting at pos (the longer name where its suffix is part of it: 雄村镇)."""
        found = self.locality_re.match(text, pos, end)
        if found is None:
            return None
        stop = found.end()
        longer = next((w for sx, words in self.locality_longer_after.items() if found.group().endswith(sx)
                       for w in words if text.startswith(w, stop)), None)
        if longer is not None and stop + len(longer) <= end:
            whole = self.locality_re.fullmatch(text, pos, stop + len(longer))
            if whole is not None and self._is_locality(text, whole):
                return Locality(pos, whole.end(), whole.group())
        return Locality(pos, stop, found.group()) if self._is_locality(text, found) else None

    def _is_locality(self, text: str, found: re.Match) -> bool:
        """Whether a match of locality_re is a place: its name, and the word after it."""
        word = found.group()
        if not self._is_locality_name(word) or text.startswith(self.locality_not_before, found.end()):
            return False
        after = next((words for sx, words in self.locality_suffix_not_before.items() if word.endswith(sx)), ())
        return not text.startswith(after, found.end())

    def _is_locality_name(self, word: str) -> bool:
        suffix = next(sx for sx in self.locality_suffixes if word.endswith(sx))
        name = word[:-len(suffix)]
        if len(name) > self.locality_max_chars[suffix] or word in self.locality_common_whole_words \
                or name[0] in self.non_name_initials and name[0] not in self.locality_initials_allowed:
            return False
        if len(name) == 1 and len(suffix) > 1:
            return False  # (小社区, 好社区: a street or community has a name of two characters or more)
        if any(sx in name for sx in self.locality_suffixes if len(sx) > 1):
            return False  # (社区主动向街道: no name holds another unit's suffix)
        if len(name) == 1 and name in CHINESE_NUMERAL_CHARS:
            return False  # 万村篮球赛: ten thousand villages
        return not (name.startswith(self.locality_opening_words) or word.endswith(self.locality_common_words))

    def starts_with_place(self, line: str) -> bool:
        s = line.lstrip("#*“\" ")
        for m in self.mentions(s[:12]):
            if m.start == 0 and m.strength != "weak":
                return True
        # "水泊寺街道打造…" starts with a place; "这只是团结社区…" starts with a pronoun.
        return bool(self.sub_county_re.match(s)) and s[:1] not in self.rules.lexicon["non_name_initials"]

    def filter_by_context(self, mentions: list[PlaceMention], text: str) -> list[PlaceMention]:
        """Drop weak (county short-name) hits the surrounding article does not support."""
        strong_provinces = set()
        strong_cities = set()
        for m in mentions:
            if m.strength == "weak" or len(m.codes) != 1:
                continue  # an ambiguous name (海南: the province or the prefecture) supports nothing
            for c in m.codes:
                d = self.div[c]
                strong_provinces.add(d.province)
                if d.city:
                    strong_cities.add(d.city)
                if d.level == "city":
                    strong_cities.add(d.name)
        kept = []
        for m in mentions:
            if m.strength == "city_context":
                codes = tuple(c for c in m.codes if self.div[c].city in strong_cities)
                if len(codes) == 1:
                    kept.append(PlaceMention(m.start, m.end, m.surface, codes, "weak"))
                continue
            if m.strength != "weak":
                kept.append(m)
                continue
            codes = tuple(c for c in m.codes if self.div[c].city in strong_cities
                          or self.div[c].province in strong_provinces)
            if codes:
                kept.append(PlaceMention(m.start, m.end, m.surface, codes, m.strength))
            elif len(m.codes) == 1 and text[m.end:m.end + 3].startswith(self.org_suffixes):
                kept.append(m)
        # (宁波市江北区: a name right after the division it lies in is that division's, whatever
        # other 江北区 the article's other places would allow)
        for i in range(1, len(kept)):
            outer, m = kept[i - 1], kept[i]
            if outer.end == m.start and len(outer.codes) == 1 and len(m.codes) > 1:
                name, level = self.div[outer.codes[0]].name, self.div[outer.codes[0]].level
                inside = tuple(c for c in m.codes if (self.div[c].city if level == "city" else self.div[c].province) == name)
                if inside:
                    kept[i] = PlaceMention(m.start, m.end, m.surface, inside, m.strength)
        return kept

    def narrow(self, codes: tuple[str, ...], context_codes: list[str]) -> tuple[str, ...]:
        """Prefer candidates inside a place the article already names."""
        if len(codes) <= 1:
            return codes
        ctx_provinces = {self.div[c].province for c in context_codes}
        ctx_cities = {self.div[c].city or self.div[c].name for c in context_codes}
        by_city = tuple(c for c in codes if (self.div[c].city or self.div[c].name) in ctx_cities)
        if len(by_city) >= 1:
            return by_city
        by_prov = tuple(c for c in codes if self.div[c].province in ctx_provinces)
        if by_prov:
            return by_prov
        # Same name at two levels (吉林 the province and 吉林市): the higher level.
        levels = {"province": 0, "city": 1, "county": 2}
        best = min(levels[self.div[c].level] for c in codes)
        top = tuple(c for c in codes if levels[self.div[c].level] == best)
        return top

    def to_place(self, mention: PlaceMention, codes: tuple[str, ...], basis: str) -> Place:
        if len(codes) == 1:
            d = self.div[codes[0]]
            return Place(mention.surface, d.code, d.province,
                         d.city or (d.name if d.level == "city" else None),
                         d.name if d.level == "county" else None, basis)
        ds = [self.div[c] for c in codes]
        provinces = {d.province for d in ds}
        cities = {d.city or (d.name if d.level == "city" else "") for d in ds}
        names = "、".join(sorted({f"{d.province}{d.city if d.city != d.province else ''}{d.name if d.level == 'county' else ''}" for d in ds}))
        note = f"{mention.surface}：可能是{names}，无法确定"
        if len(provinces) == 1:
            city = cities.pop() if len(cities) == 1 else None
            return Place(mention.surface, None, provinces.pop(), city or None, None, basis, note)
        return Place(mention.surface, None, None, None, None, "none", note)


    def township_county(self, name: str, context_codes: list[str]) -> str | None:
        """The county a township (临岐镇, 黄桷坪街道) lies in: the only one of that name, or the only
        one inside a division the context names (百善镇 is in 昌平区 and in 濉溪县: on a page about
        安徽省, 濉溪县). None when the name is no township, or stays ambiguous (城关镇)."""
        counties = tuple(c for c in load_townships().get(name, ()) if c in self.div)
        if context_codes:
            counties = tuple(c for c in counties if any(self._holds(ctx, c) for ctx in context_codes))
        return counties[0] if len(counties) == 1 else None

    def named_by_townships(self, codes: tuple[str, ...], text: str) -> tuple[str, ...]:
        """Of the counties a name may be (普陀区: 上海市's or 舟山市's), those a township of which
        the text names (曹杨新村街道 is 上海市普陀区's); codes unchanged when none or several are."""
        named = tuple(c for c in codes if any(t in text for t in townships_by_county().get(c, ())))
        return named if len(named) == 1 else codes

    def _holds(self, outer: str, county: str) -> bool:
        """Whether the division coded outer is, or holds, the county coded county."""
        d, e = self.div[outer], self.div[county]
        return (outer == county or d.level == "province" and e.province == d.province
                or d.level == "city" and e.city == d.name)

    def township_place(self, locality: "Locality", county: str, basis: str) -> Place:
        d = self.div[county]
        return Place(locality.name, d.code, d.province, d.city or None, d.name, basis,
                     f"{locality.name}：{d.province}{d.city if d.city and d.city != d.province else ''}{d.name}的乡镇街道",
                     locality=locality.name, by_township=True)

    def contains(self, outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
        """Whether a candidate of outer is a higher division holding a candidate of inner (西藏 holds
        拉萨, 兰州 holds 西固): the two mentions are one address."""
        for o in outer:
            d = self.div[o]
            for i in inner:
                e = self.div[i]
                if d.level == "province" and e.level != "province" and e.province == d.province:
                    return True
                if d.level == "city" and e.level == "county" and (e.city or "") == d.name:
                    return True
        return False

    def shared_place(self, places: list[Place]) -> Place | None:
        """The division all of places lie in, at the lowest level they share (a city, else a
        province), or None when they lie in different provinces or one is unknown."""
        cities = {p.city for p in places}
        provinces = {p.province for p in places}
        province = provinces.pop() if len(provinces) == 1 else None
        if province is None:
            return None
        city = cities.pop() if len(cities) == 1 and None not in cities else None
        name = city or province
        code = next((c for c in self.rules.names.get(name, ()) if self.div[c].province == province), None)
        surfaces = "、".join(dict.fromkeys([p.surface for p in places if p.surface]))
        return Place(name, code, province, city if city != province else None, None, "sentence",
                     f"列举的地名（{surfaces}）：取其共同所在的{'市' if city else '省'}")


    def within_scope(self, place: Place, scope_word: str, basis: str) -> Place:
        """place, or the division holding it that a scope word names (全市 in an article about
        海曙区 is 宁波市). A scope word names the unit whose name ends with its last character:
        全市 a 市, 全区 a 区 (in a district's article the district, in an autonomous region's the
        region), so 我市 in a county-level city's article stays that city."""
        unit = scope_word[-1:]
        for name in (place.county, place.city, place.province):
            if name is None or not name.endswith(unit):
                continue
            if name == place.county or (name == place.city and place.county is None) \
                    or (name == place.province and place.city is None and place.county is None):
                break  # the place itself
            code = next((c for c in self.rules.names.get(name, ()) if self.div[c].province == place.province), None)
            return Place(name, code, place.province, name if name == place.city and name != place.province else None,
                         None, basis, f"{scope_word}：{place.surface}所在的{name}")
        return Place(place.surface, place.code, place.province, place.city, place.county, basis, place.note)


@functools.lru_cache(maxsize=1)
def place_index() -> PlaceIndex:
    return PlaceIndex(load_rules())


# ---------------------------------------------------------------- publication year
@dataclass
class PubYear:
    year: int | None
    basis: str | None
    evidence: str | None
    date: str | None = None


# Dates a page's head may carry besides 2024年12月30日 (FULL_DATE_RE): 2024-12-30 (a web page's
# or an official account's stamp) and 二〇二四年十二月十八日 (the date under an official document).
ISO_DATE_RE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-/.](1[0-2]|0?[1-9])[-/.]([12][0-9]|3[01]|0?[1-9])(?![0-9])")
CHINESE_DATE_RE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")
_CHINESE_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}


HEAD_LINES, HEAD_CHARS = 8, 400  # where a page's own date is looked for


TAIL_LINES = 3  # the last lines of a page, where its source stamp may stand instead of at its head


def _source_stamps(text: str, leads: list[str]) -> list[str]:
    """The page's last lines that are a source stamp (（来源：湄潭县融媒体中心  2024-10-21）) or a
    signature's date."""
    # (only the page's end is split: a page of half a million characters was split whole per document)
    lines = [line.strip() for line in text.rstrip().rsplit("\n", TAIL_LINES * 4)[-TAIL_LINES * 4:] if line.strip()][-TAIL_LINES:]
    # (a letter's signature ends with its date alone on a line: 南京市秦淮区民政局 / 2024年6月18日)
    return [line for line in lines if line.lstrip("（(【[").startswith(tuple(leads)) or DATE_ONLY.match(line)]


def _dateline(head: str) -> PubYear | None:
    """The first full date in a page's head (its first lines), whichever way it is written."""
    found = []
    for m in FULL_DATE_RE.finditer(head):
        if m.group(3):
            found.append((m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(0)))
    for m in ISO_DATE_RE.finditer(head):
        found.append((m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(0)))
    for m in CHINESE_DATE_RE.finditer(head):
        year = int("".join(_CHINESE_DIGITS[c] for c in m.group(1)))
        month, day = parse_number(m.group(2)), parse_number(m.group(3))
        if 1900 <= year < 2100 and month is not None and day is not None:
            found.append((m.start(), year, int(month), int(day), m.group(0)))
    years = load_rules().lexicon["years"]
    before_words, after_words = tuple(years["period_date_before"]), tuple(years["period_date_after"])
    found = [f for f in found if not (head.endswith(before_words, 0, f[0])
                                      or head.startswith(after_words, f[0] + len(f[4])))]
    if not found:
        return None
    _, year, month, day, written = min(found)
    return PubYear(year, "dateline", written, f"{year}-{month:02d}-{day:02d}")


def is_deadline_year(text: str, start: int, end: int) -> bool:
    """Whether the year written at text[start:end] is a deadline or target (到2027年, 力争2025年,
    2026年底前, 2025年将…; lexicon years.future_*), which says nothing of when the page was written
    nor dates the figures around it (not 截至2024年6月底, 2024年前三季度)."""
    lx = load_rules().lexicon["years"]
    before, after = text[max(0, start - 3):start], text[end:end + 6]
    return (before.endswith(tuple(lx["future_markers"])) and not before.endswith(tuple(lx["future_markers_not"]))
            or after.startswith(tuple(lx["future_after_markers"])) and re.match(lx["future_after_not"], after) is None)


def _said_of_last_year(text: str, start: int, end: int) -> bool:
    """The sentence around text[start:end] speaks of 去年 other than as a baseline (比去年, 较去年 …):
    the year it names is last year."""
    lo = max(text.rfind(ch, 0, start) for ch in "。！？\n") + 1
    his = [i for i in (text.find(ch, end) for ch in "。！？\n") if i >= 0]
    sentence = text[lo:min(his) if his else len(text)]
    baselines = tuple(lexicon_words("years", "comparison_before"))
    return any(not sentence.endswith(baselines, 0, k.start()) for k in re.finditer("去年", sentence))


def infer_publication_year(text: str, manifest_date: str | None = None) -> PubYear:
    """Publication year of a page: manifest, a dateline near the top, a datable event
    (第37个国际禁毒日 → 2024), a year spoken of as completed (+1), or the latest year named."""
    if manifest_date:
        m = re.match(r"((?:19|20)\d{2})(?:[-/.年](\d{1,2}))?(?:[-/.月](\d{1,2}))?", manifest_date.strip())
        if m:
            return PubYear(int(m.group(1)), "manifest", f"清单日期：{manifest_date}", manifest_date.strip())
    # (the first lines that hold text: a web page's breadcrumb and blank lines come before its stamp)
    head = "\n".join([line for line in text.split("\n") if line.strip()][:HEAD_LINES])[:HEAD_CHARS]
    dated = _dateline(head)
    if dated is not None:
        return dated
    lx = load_rules().lexicon["years"]
    dated = _dateline("\n".join(_source_stamps(text, lx["source_stamp_leads"])))
    if dated is not None:
        return dated
    anchors = []
    for ev in lx["events"]:
        for m in re.finditer(ev["pattern"], text):
            if "year" in ev:  # (今年是“十四五”规划收官之年: an event of one year)
                anchors.append((int(ev["year"]), m.group(0)))
                continue
            n = parse_number(m.group("n")) if m.group("n") != "百" else 100
            # (建于1985年，到今年整整40个年头: the event's own year, written in the text, is the base)
            base = int(m.group("since")) if "since" in m.groupdict() else ev["base"]
            if n:
                anchors.append((base + int(n) + ev.get("offset", 0), m.group(0)))
    zodiac = lx["zodiac_festival"]
    for m in re.finditer(zodiac["pattern"], text):
        # (再过两天，就是蛇年春节了: the coming festival's year, of those the sign recurs in, nearest
        # the years the page names)
        base = zodiac["years"][m.group("sign")]
        named = [int(y.group(1)) for y in YEAR_RE.finditer(text)] or [base]
        latest = max(named)
        anchors.append((min((base + 12 * k for k in range(-3, 4)), key=lambda y: (abs(y - latest), -y)), m.group(0)))
    if anchors:
        year, ev = max(anchors)
        return PubYear(year, "anchor", f"{ev} → {year}")
    years = []
    undated_by = []  # years that tell nothing of the page's own (a fiscal year, a rule's start), if nothing else does
    effective_from = re.compile(lx["effective_from_after"])
    for m in YEAR_RE.finditer(text):
        y = int(m.group(2) or m.group(1))
        if is_deadline_year(text, m.start(), m.end()):
            continue
        fiscal = text.startswith(tuple(lx["fiscal_year_after"]), m.end())
        if fiscal and text.endswith(tuple(lx["award_year_before"]), 0, m.start()):
            years.append((y, True, m.group(0)))  # (评选为2023年度文明家庭: an award for a year is given after it)
            continue
        if fiscal and _said_of_last_year(text, m.start(), m.end()):
            years.append((y, True, m.group(0)))  # (回顾去年，社区2024年度…项目已于去年12月底前全部完工)
            continue
        if fiscal or effective_from.match(text, m.end()):
            undated_by.append((y, False, m.group(0)))
            continue
        as_of = lx["completed_as_of"]
        completed = (any(text[m.start() + 4:m.start() + 4 + len(w)] == w for w in lx["completed_markers"])
                     or text.endswith(tuple(lx["completed_before_markers"]), 0, m.start())
                     or text.endswith(tuple(as_of["before"]), 0, m.start())
                     and text.startswith(tuple(as_of["after"]), m.start() + 4))
        years.append((y, completed, m.group(0)))
    years = years or undated_by
    if not years:
        return PubYear(None, None, None)
    latest = max(y for y, _, _ in years)
    done = [s for y, c, s in years if y == latest and c]
    if done:
        return PubYear(latest + 1, "latest_year_mentioned", f"{latest}年已被当作过去的一年（{done[0]}…）→ {latest + 1}")
    return PubYear(latest, "latest_year_mentioned", f"文中最晚的年份：{latest}年")


# ---------------------------------------------------------------- claim-level year
@dataclass
class YearMark:
    pos: int
    year: int | None  # None for relative marks until the publication year is applied
    offset: int  # a relative mark's years from the publication year (0 for an explicit year)
    text: str
    topic: bool  # "2023年，" / "2023年以来" / "2023年度": governs what follows, not one event


@functools.lru_cache(maxsize=1)
def _relative_re() -> re.Pattern:
    rel = load_rules().lexicon["years"]["relative"]
    return re.compile(alternation(rel))


@functools.lru_cache(maxsize=1)
def _attribute_year_re() -> re.Pattern:
    return re.compile(load_rules().lexicon["years"]["attribute_year_after"])


def year_marks(text: str, start: int, end: int) -> list[YearMark]:
    """Year expressions in text[start:end], in order."""
    years = load_rules().lexicon["years"]
    rel = years["relative"]
    topic_followers = tuple(years["topic_year_followers"])
    out = []
    attribute_year = _attribute_year_re()
    attribute_before = tuple(years["attribute_year_before"])
    for m in YEAR_RE.finditer(text, start, end):
        y = int(m.group(2) or m.group(1))
        if attribute_year.match(text, m.end()) or text.endswith(attribute_before, 0, m.start()):
            continue  # (改造2000年底前建成的老旧院落42个, 建成于2000年以前的老旧小区326个: when the things were built)
        after = text[m.end():m.end() + 3]
        # Only a year that opens its sentence ("2023年，…", "2023年以来…") sets the topic for the
        # sentences after it; "…，2021年开展了…" dates one event.
        # (2023年、2024年、2025年，…分别新增…: a year listed with others opens no topic)
        topic = (after.startswith(topic_followers) or MONTH_TOPIC.match(text, m.end()) is not None) \
            and not YEAR_LISTED_NEXT.match(text, m.end()) and not YEAR_LISTED_BEFORE.search(text, start, m.start()) \
            and _opens_clause(text, start, m.start(), years["topic_lead"])
        out.append(YearMark(m.start(), y, 0, m.group(0), topic))
    for m in _relative_re().finditer(text, start, end):
        # (a relative year that a change starts from, 由上年的9.8∶43.5∶46.7调整为…, is no topic: it had
        # dated the paragraph's later sentences a year back)
        topic = not (text[m.start() - 1:m.start()] in years["from_markers"] or text.startswith("的", m.end())
                     or text.endswith(tuple(years["object_year_before"]), start, m.start()))
        out.append(YearMark(m.start(), None, rel[m.group(0)], m.group(0), topic))
    plan_end_re, plan_bases = _plan_end_re()
    for m in plan_end_re.finditer(text, start, end):  # “十三五”末: the plan's last year
        out.append(YearMark(m.start(), plan_bases[m.group("plan")] + years["plan_years"], 0, m.group(0), False))
    out.sort(key=lambda y: y.pos)
    return out


def _opens_clause(text: str, start: int, pos: int, topic_leads: list[str]) -> bool:
    """Nothing but a news lead or a topic lead stands between the clause's start and pos (截至2024年
    6月底，…; 比如武侯区，去年建成…; not 对上一年度审计查出的…)."""
    clause_start = max([start] + [text.rfind(d, start, pos) + 1 for d in "，,；;：:"])
    return _opens_sentence(text, clause_start, pos, topic_leads)


def _opens_sentence(text: str, start: int, pos: int, topic_leads: list[str]) -> bool:
    """Nothing but a news lead or a topic lead (自, 截至 …) stands between start and pos."""
    lead = NEWS_LEAD_PREFIX.sub("", text[start:pos].strip(" \u3000“\""))
    for w in topic_leads:
        lead = lead.removeprefix(w)
    return not lead


@functools.lru_cache(maxsize=1)
def _plan_end_re() -> tuple[re.Pattern, dict[str, int]]:
    years = load_rules().lexicon["years"]
    plans = years["plan_periods"]
    return (re.compile(f"“?(?P<plan>{alternation(plans)})”?(?:{alternation(years['plan_end_markers'])})"), plans)


@dataclass(frozen=True)
class PeriodMark:
    """A span of years a text speaks of: a plan (十四五) or the last N years (这五年, 6年来)."""
    pos: int
    text: str
    base_year: int | None  # a plan's: the year before its first, when its changes start (十四五 → 2020)
    span: int  # N年来: the changes start N years before the figure's own year (0 for a plan)


@functools.lru_cache(maxsize=1)
def _period_res() -> tuple[re.Pattern, list[re.Pattern]]:
    years = load_rules().lexicon["years"]
    return (re.compile(alternation(years["plan_periods"])),
            [re.compile(p) for p in years["period_span_patterns"]])


def period_marks(text: str, start: int, end: int, at_start: bool = False) -> list[PeriodMark]:
    """Periods named in text[start:end], in order; not a plan named as a comparison's baseline
    (营业收入较“十三五”末期翻一番: the text speaks of the years since). at_start: only those that
    begin at start (what a sentence without figures can pass on to the ones after it)."""
    plans, spans = _period_res()
    bases, baseline_words = load_rules().lexicon["years"]["plan_periods"], lexicon_words("years", "comparison_before")
    out = [PeriodMark(m.start(), m.group(), bases[m.group()], 0) for m in _scan(plans, text, start, end, at_start)
           if not text[max(start, m.start() - 3):m.start()].rstrip("“\"").endswith(baseline_words)]
    for pattern in spans:
        for m in _scan(pattern, text, start, end, at_start):
            n = parse_number(m.group("n"))
            if n is not None and n >= 2 and not _record_after().match(text, m.end()):
                out.append(PeriodMark(m.start(), m.group(), None, int(n)))
    return sorted(out, key=lambda p: p.pos)


def _listed_among_non_places(text: str, m: PlaceMention, mentions: list[PlaceMention]) -> bool:
    """A short name that is a whole item of a 、 list whose items on either side name no place
    (黄金、白银、精炼铜、镍产量: the metal, not 白银市; 金昌、庆阳、白银 stay places)."""
    if not (text.startswith("、", m.end) and m.start > 0 and text[m.start - 1] == "、"):
        return False
    lo, hi = max(0, m.start - ITEM_REACH), min(len(text), m.end + ITEM_REACH)
    before_start = max([lo - 1, *(text.rfind(d, lo, m.start - 1) for d in ITEM_BOUNDS)]) + 1
    after_end = min([hi, *(i for i in (text.find(d, m.end + 1, hi) for d in ITEM_BOUNDS) if i >= 0)])
    return not any(o is not m and (before_start <= o.start < m.start - 1 or m.end + 1 <= o.start < after_end)
                   for o in mentions)


ITEM_BOUNDS = "、，,；;。：:\n"  # what ends a list item on either side
ITEM_REACH = 40  # characters looked at on either side for the neighbouring items


@functools.lru_cache(maxsize=1)
def _record_after() -> re.Pattern:
    """A record the span of years is the measure of (为近10年来最大降幅: lexicon
    cumulative_marker_records), not the years a figure is an amount of."""
    return re.compile(f"(?:以?来)?(?:{load_rules().lexicon['cumulative_marker_records']})")


def _scan(pattern: re.Pattern, text: str, start: int, end: int, at_start: bool) -> list[re.Match]:
    """pattern's matches in text[start:end], or only the one at start (the first finditer would give)."""
    if not at_start:
        return list(pattern.finditer(text, start, end))
    m = pattern.match(text, start, end)
    return [m] if m else []


# ---------------------------------------------------------------- programme + metric
# How much a programme keyword weighs by where it stands. The figure's own clause says what the
# figure is about; the rest of the sentence, the headline and the paragraph only break ties ("a
# volunteer count inside a renovation article"). SCOPE_LABELS names each place in a programme's basis.
COUNTED_NOUN_WEIGHT = 12.0  # the noun right after a count's measure word is what it counts (18家养老机构…)
NEAREST_WEIGHT = 6.0  # the keyword next to the figure names the thing counted
CLAUSE_WEIGHT = 3.0
SENTENCE_WEIGHT = 1.0
HEADLINE_WEIGHT = 0.5
PARAGRAPH_WEIGHT = 0.25
# A long paragraph adds up: 24 hits of an industry's words outweighed 危岩 next to the figure. What
# the paragraph says of one programme counts at most as much as one keyword next to the figure.
PARAGRAPH_CAP = 6.0
SCOPE_LABELS = {COUNTED_NOUN_WEIGHT: "数字所计的名词", NEAREST_WEIGHT: "紧挨数字", CLAUSE_WEIGHT: "同一分句",
                SENTENCE_WEIGHT: "同一句", HEADLINE_WEIGHT: "标题", PARAGRAPH_WEIGHT: "同一段落"}


class ProgrammeClassifier:
    def __init__(self, rules: Rules):
        self.default = rules.default_programme
        self.slug_of: dict[str, list[tuple[str, float]]] = {}
        for p in rules.programmes:
            for kw, w in p["keywords"].items():
                self.slug_of.setdefault(kw, []).append((p["slug"], float(w)))
        self.keywords = WordMatcher([(kw, kw) for kw in self.slug_of])
        self.max_weight = {kw: max(w for _, w in slugs) for kw, slugs in self.slug_of.items()}

    def hits(self, text: str, offset: int = 0) -> list[tuple[int, int, str]]:
        """(start, end, keyword) of every taxonomy keyword in text, offsets shifted by `offset`."""
        return self.keywords.leftmost_longest(text, offset)

    def add(self, tally: "Tally", kw: str, factor: float, shown: float | None = None) -> None:
        """Add a keyword hit; `shown` is the scope weight to report when it is the deciding word."""
        shown = factor if shown is None else shown
        for slug, w in self.slug_of[kw]:
            tally.scores[slug] = tally.scores.get(slug, 0.0) + w * factor
            cur = tally.best.get(slug)
            if cur is None or w * shown > cur[0]:
                tally.best[slug] = (w * shown, kw, shown)

    def decide(self, tally: "Tally") -> tuple[str, str]:
        """The programme with the highest score, and why (in Chinese, as the dashboard shows it):
        the deciding keyword, where it stood, and the score."""
        if not tally.scores:
            return self.default, "默认：数字附近没有项目关键词"
        slug = max(tally.scores, key=lambda s: (tally.scores[s], tally.best[s][0]))
        _, kw, factor = tally.best[slug]
        return slug, f"{kw}（{SCOPE_LABELS.get(factor, '上下文')}）；得分 {tally.scores[slug]:g}"

    def classify(self, weighted_hits: list[tuple[str, float]]) -> tuple[str, str]:
        """weighted_hits: (keyword, scope weight), the clause weighing most and the headline least."""
        tally = Tally()
        for kw, factor in weighted_hits:
            self.add(tally, kw, factor)
        return self.decide(tally)


class Tally:
    """Running programme scores: built once per paragraph and sentence, copied per figure, so a
    long paragraph costs linear rather than quadratic time."""
    __slots__ = ("scores", "best")

    def __init__(self, scores: dict | None = None, best: dict | None = None):
        self.scores = dict(scores or {})
        self.best = dict(best or {})

    def copy(self) -> "Tally":
        return Tally(self.scores, self.best)

    def cap(self, limit: float) -> None:
        """No programme scores more than limit (the deciding keyword stays as it was)."""
        for slug, score in self.scores.items():
            if score > limit:
                self.scores[slug] = limit


@functools.lru_cache(maxsize=1)
def programme_classifier() -> ProgrammeClassifier:
    return ProgrammeClassifier(load_rules())


# An ASCII comma or colon between two digits is part of a number (2.50:1, 1,200), not a break.
@functools.lru_cache(maxsize=1)
def _clause_delim_res() -> tuple[re.Pattern, re.Pattern]:
    """A clause delimiter, and the last one before a position. A space between two ideographs
    parts two phrases, as a headline writes them (一年加装电梯12部 物业费收缴率升至93%), except
    after a credit's role (（记者 张帆）: lexicon page_layout.credit_roles)."""
    roles = "".join(f"(?<!{re.escape(r)})" for r in load_rules().lexicon["page_layout"]["credit_roles"])
    # (nor before a verb that links a level to its figure: ●城镇调查失业率　控制在5.5%以内 is one phrase)
    links = alternation([w for w in lexicon_words("metric_trailing_links") if len(w) >= 2])
    delim = ("(?:[" + re.escape(CLAUSE_DELIMS.replace(",", "").replace(":", "")) + "]"
             f"|(?<![0-9])[,:]|[,:](?![0-9])|(?<=[\u4e00-\u9fff]){roles}[ \u3000](?=[\u4e00-\u9fff])(?!{links}))")
    return re.compile(delim), re.compile("(?s:.*)" + delim)


def clause_bounds(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause of text[lo:hi] around text[start:end]: from after the last delimiter before it
    to the first delimiter after it."""
    # (one character past start, for the look-ahead: the ASCII : of 9.8:43.5 is no delimiter)
    delim_re, last_delim_re = _clause_delim_res()
    last = last_delim_re.match(text, lo, start + 1 if text[start:start + 1].isdigit() else start)
    nxt = delim_re.search(text, end, hi)
    return (last.end() if last else min(lo, start)), (nxt.start() if nxt else max(end, hi))


METRIC_MAX_CHARS = 20  # a metric phrase is a name, not a clause: longer ones are cut to their last words
METRIC_CUT_SLACK = 4  # a phrase this much longer is kept whole; a longer one is cut where a word ends
METRIC_RIGHT_STOP = re.compile(r"[的和及与、，。；：,;:（(…]")  # (…: 城市森林15处……不断增强…)
LISTED_NOUN_MAX = 3  # characters of a listed noun with nothing said of it (致贺信; 个人荣获…表彰 says more)
LIST_STOPS = "和及与、"  # the METRIC_RIGHT_STOP characters that join the items of a list
_ASPECT_PARTICLE = re.compile(r"(?<=[\u4e00-\u9fff])了(?!解)")  # 开展了 → 开展, not 了解
# (| and ｜: a markdown table's cell borders; ∶ and ASCII :, what joined the parts of a split, 4.0∶37.7∶58.3,
# once the parts before a figure are cut out; ［7］: a work report's note mark, 四大主导产业［7］增加值)
_NOTE_MARK = r"[［\[][0-9]{1,3}[］\]]"
_METRIC_LEFT_DROP = re.compile(_NOTE_MARK + rf"|[“”\"'‘’《》|｜∶:\s{BULLETS}]")  # (■德清县: an item's bullet)
# a short aside in brackets after the counted noun (11个县（市、区）通过…): the noun goes on after it
_RIGHT_ASIDE = re.compile(r"[（(][^（）()]{1,10}[）)]")
_METRIC_RIGHT_DROP = re.compile(_NOTE_MARK + r"|[“”\"'‘’|｜\s]")
# a date that modifies the figure right after it (从2020年的9.6年提升至2025年的10.2年)
_DATE_BEFORE_FIGURE = re.compile(r"[12][0-9]{3}年(?:底|末|初)?的$")
ITEM_LABEL_MAX = 12  # the label opening a news item (■吴兴区织里镇　), at most this long
_EMPTIED_BRACKETS = re.compile(r"（）|\(\)|【】|〔〕|\[\]")  # 中国（安徽）自贸试验区, 【安吉】 once its place is cut out


@functools.lru_cache(maxsize=1)
def _metric_lead() -> re.Pattern:
    """The leads a metric phrase is stripped of (lexicon metric_lead_words and _patterns), any
    number of them, except where a lead opens a word of its own (metric_lead_keeps: 有序)."""
    lexicon = load_rules().lexicon
    leads = "|".join([alternation(lexicon["metric_lead_words"]), *lexicon["metric_lead_patterns"]])
    keeps = "|".join(lexicon["metric_lead_keeps"])
    return re.compile(f"^(?:(?!{keeps})(?:{leads}))+")


@functools.lru_cache(maxsize=1)
def _span_lead() -> re.Pattern:
    """A span of years opening a metric (lexicon metric_span_leads: 3年增长, 近5年增长)."""
    return re.compile(f"^(?:{'|'.join(load_rules().lexicon['metric_span_leads'])})")


@functools.lru_cache(maxsize=1)
def _time_lead() -> re.Pattern:
    """The leads of lexicon metric_lead_patterns alone: a year, a streak of years."""
    return re.compile(f"^(?:{'|'.join(load_rules().lexicon['metric_lead_patterns'])})+")


@functools.lru_cache(maxsize=1)
def _metric_scope_lead() -> re.Pattern:
    return re.compile(f"^(?:{alternation(load_rules().lexicon['metric_scope_leads'])})")


@functools.lru_cache(maxsize=1)
def _examples_then_count() -> re.Pattern:
    """Text up to the last enumeration closer (lexicon enumeration_closers: 等) followed by a numeral."""
    closers = alternation(lexicon_words("enumeration_closers"))
    numeral = "".join(sorted(NUMBER_CHARS - set(".．")))
    return re.compile(f".*(?:{closers})(?=[{numeral}])")


def strip_metric_leads(words: str) -> str:
    """words without the leads and the scope they open with, in either order (今年全市有老旧小区
    → 老旧小区)."""
    lead = _metric_lead()
    return lead.sub("", _metric_scope_lead().sub("", lead.sub("", words)))


def without_trailing_link(metric: str | None, figure_says_verb: bool = False) -> str | None:
    """metric without the verb that links it to its figure (lexicon metric_trailing_links, the
    to_markers of years, the verbs of threshold_crossings): 城镇化率达到 → 城镇化率, 经济总量连续跨上
    → 经济总量; at least two characters stay. figure_says_verb: the figure opens with its verb (a
    prefix qualifier: 突破, 超过), so what modified that verb goes too (实有企业首次|突破200万户)."""
    if metric is None:
        return None
    if figure_says_verb:
        modifier = _link_modifier().search(metric)
        if modifier and modifier.start() >= 2:
            metric = metric[:modifier.start()]
        elif len(metric) > 2 and metric[-1] in _one_character_adverbs() \
                and not metric.endswith(lexicon_words("words_ending_in_an_adverb")):
            metric = metric[:-1]  # (科技型中小企业均|突破1.2万家: right before the verb, whatever noun ends)
    links, longest = _metric_links()
    # (the tails of the metric, longest first, looked up: a loop over every link cost 5 % of
    # process_document)
    for start in range(max(2, len(metric) - longest), len(metric)):
        link = metric[start:]
        if link not in links:
            continue
        if len(link) == 1:
            words_ending_in = load_rules().lexicon["metric_link_words_ending_in"]
            if (metric.endswith(tuple(words_ending_in[link])) if link in words_ending_in
                    else metric[-2] not in lexicon_set("metric_link_noun_ends")
                    and not _year_before_link().search(metric, 0, start)):
                # (接待游客2019年为|9580万人次: a year that dates the link makes it one, whatever came before)
                continue  # 经济发达, 查处违法行为: the link's character ends a word here
        rest = metric[:start]
        # what modified the link goes with it: 孤儿最低养育标准分别提高至, 出庭应诉率首次达到,
        # 常住人口由上年增加到, 智算超算规模从年初的增加到
        modifier = _link_modifier().search(rest)
        return rest[:modifier.start()] if modifier and modifier.start() >= 2 else rest
    # a starting point with nothing after it (常住人口由上年|729万人增加到732万人): the value it
    # starts from is the figure, and the metric says so by its mark
    starting_point = _starting_point_tail().search(metric)
    return metric[:starting_point.start()] if starting_point and starting_point.start() >= 2 else metric


@functools.lru_cache(maxsize=1)
def _year_before_link() -> re.Pattern:
    """An explicit year (lexicon years.explicit_in_metric) ending the words before a link."""
    return re.compile(f"(?:{load_rules().lexicon['years']['explicit_in_metric']})$")


@functools.lru_cache(maxsize=1)
def _one_character_adverbs() -> frozenset[str]:
    return frozenset(a for a in lexicon_words("metric_trailing_adverbs") + lexicon_words("distributive_markers")
                     if len(a) == 1)


@functools.lru_cache(maxsize=1)
def _starting_point_tail() -> re.Pattern:
    """A from-marker and the period it starts from, ending a metric (由上年, 从年初的)."""
    return re.compile(f"(?:{alternation(lexicon_words('years', 'from_markers'))})"
                      f"(?:[^，。；]{{0,8}}?的|{alternation(lexicon_words('years', 'baseline_periods'))})$")


def ends_with_level_link(words: str) -> bool:
    """Whether words end with a verb that links a level to its figure (lexicon metric_trailing_links,
    the to_markers of years, threshold crossings): 高速公路总里程达到|9000公里, 从27136元增长到|36439元."""
    links, longest = _metric_links()
    return any(words[start:] in links for start in range(max(0, len(words) - longest), len(words)))


def is_level_link(words: str) -> bool:
    """Whether words are only a verb that links a level to its figure (调整为, 降至): they name nothing."""
    return words in _metric_links()[0]


@functools.lru_cache(maxsize=1)
def _metric_links() -> tuple[frozenset[str], int]:
    """The verbs that link a metric to its figure (lexicon metric_trailing_links and the words
    that end a change at its figure, years.to_markers: 整合为, 跃升至), and the longest's length."""
    # (and a threshold's crossing verb: 经济总量跨上5万亿元台阶 measures 经济总量)
    links = (frozenset(lexicon_words("metric_trailing_links")) | frozenset(lexicon_words("years", "to_markers"))
             | frozenset(lexicon_words("threshold_crossings", "verbs")))
    return links, max(map(len, links))


@functools.lru_cache(maxsize=1)
def _link_modifier() -> re.Pattern:
    """What may stand between a metric and the verb that links it to its figure."""
    adverbs = (lexicon_words("metric_trailing_adverbs") + lexicon_words("distributive_markers")
               + lexicon_words("threshold_crossings", "modifiers"))
    long_adverbs, short_adverbs = [a for a in adverbs if len(a) > 1], "".join(a for a in adverbs if len(a) == 1)
    # (a one-character adverb, like a one-character link, only after a measure noun: 参保率均, not 由平均)
    noun_ends = "".join(sorted(lexicon_set("metric_link_noun_ends")))
    start = (f"(?:{alternation(lexicon_words('years', 'from_markers'))})"
             f"(?:[^，。；]{{0,8}}?的|{alternation(lexicon_words('years', 'baseline_periods'))})?")
    # a year or a streak of years before the link dates it (满意率连续5年保持 → 满意率)
    times = "|".join(load_rules().lexicon["metric_lead_patterns"])
    return re.compile(f"(?:{start}|{times}|{alternation(long_adverbs)}|(?<=[{noun_ends}])[{short_adverbs}])+$")


def after_rate(text: str) -> str:
    """text without a leading rate denominator (/月 of 1400元/月)."""
    rate = rate_denominator_re().match(text)
    return text[rate.end():] if rate else text


def metric_phrase(text: str, q_start: int, q_end: int, clause: tuple[int, int],
                  place_spans: list[tuple[int, int]], figures: Sequence[tuple[int, int, str]] = (),
                  unit_family: str | None = None, value: float | None = None) -> str | None:
    """What is counted: the clause around the figure, minus places, other figures (figures: start,
    end and unit family of the sentence's figures; 1000个省级重点产业项目完成投资 for 1865.7亿元),
    times and fillers. unit_family and value: the figure's own."""
    a, b = clause
    # figures are in text order: those of the clause before this one, and the end of the phrase
    # on the right: the next figure (1000个省级重点产业项目完成投资1865.7亿元), or the one after it
    # when it follows at once (12类55件民生实事全面完成: both count the noun after the second)
    before: list[tuple[int, int, str]] = []
    right_start, right_end = q_end, b
    for figure in figures:
        ps, pe = figure[0], figure[1]
        if ps < a or ps >= b:
            continue
        if pe <= q_start:
            before.append(figure)
        elif ps == right_start:
            right_start = pe
        elif ps > right_start:
            right_end = ps
            break
    if before and before[-1][0] >= a and lexicon_words_re("leverage_verbs").match(text, before[-1][1], q_start):
        # 筹措5亿元撬动新增贷款80亿元: what stands before the amount that leverages this one is its own
        a, before = before[-1][1], []
    if right_start == q_end and lexicon_words_re("leverage_verbs").match(text, q_end, b):
        right_end = right_start  # (筹措5亿元|撬动…: what follows is said of the next figure)
    left = text[a:q_start]
    right = text[right_start:right_end]
    last_separator = _last_list_separator(text, a, q_start)
    # 2519个典型村和25个典型村片区: the left is the list item before, not what 25个 counts
    item = _METRIC_LEFT_DROP.sub("", text[max(a, last_separator + 1):q_start])
    word_joiners, listed_after_figure = _list_continuation()
    continues_list = item.endswith(word_joiners) and listed_after_figure.search(item) is not None
    # a later item of a list of things done (measured alike: 套 and 套, or both amounts of things —
    # counts, lengths, areas …, lexicon list_verb_families — not 项目…个、总投资…元) shares the verb
    # the list opens with (筹集保障性住房1.57万套、保障性租赁住房18.11万套 → 筹集保障性租赁住房;
    # 改造农村牧区危房3460户、城镇老旧小区1185个 → 改造城镇老旧小区; 新建…森林乡村159个、碧道930公里)
    measured_alike = before and (before[0][2] == unit_family
                                 or _amount_of_things(before[0][2]) and _amount_of_things(unit_family))
    list_head = text[a:before[0][0]] if measured_alike and (continues_list or before[0][0] < last_separator) else None
    shared_verb = _list_verb(list_head) if list_head is not None else ""
    prepositions = lexicon_set("place_prepositions")
    # (黄石、咸宁、天门等全国文明城市: the 等 that closes a list of places goes with them)
    closers = lexicon_words("enumeration_closers")
    removals = [(ps - (ps > a and text[ps - 1] in prepositions),
                 pe + next((len(c) for c in closers if text.startswith(c, pe, q_start)), 0))
                for ps, pe in place_spans if a <= ps and pe <= q_start]
    from_markers = lexicon_words("years", "from_markers", longest_first=True)
    for ps, pe, family in before:  # 能力从3800万吨提升至: the starting point goes with its 从
        if text.startswith("的", pe) and family != "percent" and _is_threshold(text[ps:pe]):
            # 年销售收入超10亿元的龙头企业达100家: the threshold says which things are counted (not
            # 95%以上的村集体经营性收入超过10万元: a share of them)
            continue
        dated = _DATE_BEFORE_FIGURE.search(text, a, ps) if text.endswith("的", a, ps) else None  # 从2020年的9.6年
        start = dated.start() if dated else ps
        # (由平均2900元: a modifier of the starting value goes with it and its marker)
        start -= next((len(w) for w in lexicon_words("starting_value_modifiers")
                       if text.endswith(w, a, start) and text.endswith(from_markers, a, start - len(w))), 0)
        marker = next((m for m in from_markers if text.endswith(m, a, start)), "")
        removals.append((start - len(marker), pe))
    for ps, pe in sorted(removals, reverse=True):
        left = left[:ps - a] + left[pe - a:]
    # 在完成国务院发布的13个事项基础上又推出10个: the frame says what the figure adds to, not what it counts
    left = _metric_frame().sub("", left)
    if left.endswith("的"):
        left = _DATE_BEFORE_FIGURE.sub("", left)  # 提升至2025年的10.2年: the year is the claim's year, not its metric
    head, gap, rest = left.rpartition("\u3000")
    if gap and len(head.strip()) <= ITEM_LABEL_MAX and rest.strip() and not is_level_link(rest.strip()):
        # ■吴兴区织里镇　织里镇投入…: a news item's label, set off by a wide space (not a fact
        # box's label right before its figure or its link, ●新增城镇就业　5.2万人, ●城镇调查失业率　控制在
        # 5.5%以内, which names what it counts)
        left = rest
    # (list items are split before the quotes go: 瓶装液化气居民“阀、管”改造 is one item)
    items = [_EMPTIED_BRACKETS.sub("", _METRIC_LEFT_DROP.sub("", item)) for item in _list_items(left)]
    left = "、".join(items)
    # 参加养老、失业、工伤保险: one-word items that share the last one's head noun are one name
    shares_head = not before and len(items) >= 3 and all(1 <= len(item) <= 2 for item in items[1:-1])
    # 新增职业技术大学、高等职业学校各2所: a figure each item has names the whole list
    each: str | None = None
    if items[-1].endswith(lexicon_words("each_markers")):
        each = next(w for w in lexicon_words("each_markers") if items[-1].endswith(w))
        items[-1] = items[-1][:-len(each)]
    # 国家一级图书馆、博物馆、文化馆数量达293家: a figure that ends a list of names (no noun after it,
    # no other figure before it in the clause) measures them all; not when an item says what
    # happened or the last one opens with its own verb (建设外贸优品库、出台20条举措)
    names_whole_list = (not (before or continues_list or shares_head or each) and len(items) >= 2
                        and (not is_ideograph(text[q_end:q_end + 1]) or text[q_end] in LIST_STOPS)
                        and all(len(item) >= 2 for item in items)
                        and not any(ch in ARABIC_DIGITS for item in items[:-1] for ch in item)
                        and not any(map(_is_clause_item, items[:-1]))
                        and lexicon_words_re("list_item_clause_words").search(items[-1]) is None
                        and lexicon_words_re("distributive_markers").search(items[-1]) is None  # (分别: each its own)
                        and _list_verb_re().match(items[-1]) is None)
    left = ("" if continues_list else "".join(items) if shares_head else "、".join(items)
            if each and not before or names_whole_list else items[-1])
    if not (continues_list or shares_head or before) and len(items) >= 2 \
            and _predicate_tail().fullmatch(_time_lead().sub("", items[-1])):
        # 提高城乡居民基础养老金、惠及549万人: a predicate alone names nothing; with no figure
        # before it in the clause to take a subject from (with_subject), the item before says
        # what reached them (高新技术企业数量实现翻番、达1.8万家: what it says of it goes)
        subject = subject_of(items[-2])
        left = (subject if len(subject) >= 2 else items[-2]) + items[-1]
    # 新能源汽车等7大产业集群对工业贡献率: the examples end at 等 before the number of things they
    # are examples of, which the metric names (7大产业集群对工业贡献率)
    examples = _examples_then_count().search(left)
    if examples:
        left = left[examples.end():]
    left = strip_metric_leads(left)
    right = _METRIC_RIGHT_DROP.sub("", _RIGHT_ASIDE.sub("", right) if "（" in right or "(" in right else right)
    right = after_rate(right)  # 1400元/月: "/月" is part of the figure, not its metric
    if not (unit_family or "").startswith("count:"):
        # 突破2万亿元大关: the word that closes a threshold crossing belongs to the amount, not to
        # what it measures (连跨两个台阶 counts the steps themselves)
        right = right.removeprefix(next((w for w in lexicon_words("threshold_crossings", "after", longest_first=True)
                                         if right.startswith(w)), ""))
    frame_end = lexicon_words_re("metric_frame_ends").search(right)
    if frame_end:  # (在完成国务院发布的13个事项基础上…: the figure's noun ends where its frame does)
        right = right[:frame_end.start()]
    measures_noun_after = right.startswith("的")
    right = right.lstrip("的")
    if "了" in right:
        right = _ASPECT_PARTICLE.sub("", right)  # (从65%提升到了97.3%: the link is 提升到)
    stop = _metric_right_stop(right)
    right_head = right[:stop.start()] if stop else right
    left = _ASPECT_PARTICLE.sub("", left)  # 开展了志愿服务活动: the particle says nothing of what is counted
    if len(left) > METRIC_MAX_CHARS:
        # over the length kept, drop a comparison's baseline before the head of the phrase:
        # 外国人来琼工作人数较2020年增长 → 外国人来琼工作人数增长, not 国人来琼工作人数较2020年增长
        left = _baseline().sub("", left)
    closes_examples = left.endswith(lexicon_words("enumeration_closers"))
    # 咸丰、大冶、枝江3个县市: as many listed names as the count, so the names are the counted
    # things themselves and the noun after the figure says what they are
    names_each_counted = (not before and unit_family is not None and unit_family.startswith("count:")
                          and value is not None and value >= 2 and value == int(value)
                          and text.count("、", a, q_start) == int(value) - 1)
    # 来自各高校的2万名赛会志愿者: the left ends in a modifier of the noun the count is followed by
    # (not 从原来的140项: a starting point, whose noun is before it)
    modifies_counted = (unit_family is not None and unit_family.startswith("count:") and left.endswith("的")
                        and not _from_tail().search(left))
    runs_on = right_end < b and right_head == right
    counts_noun = (unit_family is not None and unit_family.startswith("count:") and right_start == q_end
                   and is_ideograph(text[q_end:q_end + 1]) and not right_head.startswith(lexicon_words("metric_predicate_starts")))
    # 由162个整合为95个: words that run on to the next figure link the two
    counts_noun_after = counts_noun and not runs_on
    # 300个省列重大项目完成投资2393.1亿元: or they name what the count counts, then the predicate and
    # measure of the next figure (完成投资), which are not part of it
    counts_noun_running_on = counts_noun and runs_on
    # 6个集体、7名个人荣获…表彰, 353项技术和产品实现国产化替代: a one-word noun heads a list, so
    # the list and what is said of it name the figure
    heads_list = 1 <= len(right_head) <= 2 and stop is not None and stop.group() in LIST_STOPS
    listed = _listed_after(text, right_start, b, figures) if heads_list else ""
    n_listed = sum(1 for f in figures if right_start <= f[0] and f[1] <= b)  # the figures after this one
    if heads_list and len(re.split(f"[{LIST_STOPS}]", listed, maxsplit=n_listed)[-1]) <= LISTED_NOUN_MAX:
        # 34个大项、60个分项、256个小项, 4次回信、2次致贺信: a list of short nouns with nothing said
        # of them; each figure counts its own
        heads_list = False
    named = _named_by_unit_form(text[q_start:q_end])
    noun_measured = _noun_measured(left, right_head) if measures_noun_after else None
    money_named_after = (_money_noun_after(right_head) if right_start == q_end and unit_family is not None
                         and unit_family.startswith("money") else None)
    if named is not None:
        # 勇夺8金9银6铜: the measure word names what is counted; the words after it are not its
        words = strip_metric_leads("".join(items))  # (9金、5银: the words before the list go with each item)
        phrase = (_last_words(words, METRIC_MAX_CHARS - len(named)) if len(words) >= 2 else "") + named
    elif noun_measured is not None:
        # 总投资711亿元的古雷炼化一体化工程二期项目开工建设: the figure is an attribute of the noun
        # after 的, which the phrase names before the attribute (古雷炼化一体化工程二期项目总投资)
        phrase = noun_measured
    elif money_named_after is not None:
        # 统筹用好中央149.2亿元乡村振兴补助资金: the noun after the amount says what money it is
        phrase = _last_words(left, METRIC_MAX_CHARS - len(money_named_after)) + money_named_after
    elif len(right_head) >= 2 and (closes_examples or names_each_counted or modifies_counted):
        # 东风本田新能源、亿纬动力超级工厂等2957个重大产业项目: the left names examples of what
        # the figure counts, which follows it
        phrase = _first_words(listed if heads_list else right_head)
        verb = _list_verb(text[a:q_start]) if names_each_counted or closes_examples else ""
        if verb and not _has_own_verb(phrase):
            # 启动建设电子元器件、生物制造3个省实验室 → 启动建设省实验室; 维修改造机场大道、友谊路等58条
            # 重要道路 → 维修改造重要道路
            phrase = verb + phrase
    elif len(left) >= 2 and len(right_head) >= 2 and _ends_in_count_link(left):
        # 我市拥有3所高校, 累计达18家养老机构: the verb only says there are so many, so the noun
        # the count counts names it (a list of nouns with what is said of them: 50多个国家和地区参会;
        # running on, not the next figure's words)
        if not counts_noun:
            phrase = _last_words(left)
        elif heads_list:
            phrase = _first_words(listed)
        else:
            phrase = _first_words(_counted_noun(right_head) if counts_noun_running_on else right_head)
    elif len(left) >= 2 and len(right_head) >= 2:
        if len(left) <= 4:
            phrase = left[-12:] + _first_words(right_head, 12)  # (安家落户 whole, not 安家落)
        elif counts_noun_after:
            # 出台促进民营经济发展壮大36条政策措施: the noun after the measure word is what is
            # counted, so it ends the phrase; the left gives what room is left
            noun = _first_words(right_head, 12)
            phrase = _last_words(left, METRIC_MAX_CHARS - len(noun))
            if not phrase.endswith(noun):  # 管理模式三种模式: the noun once
                phrase += noun
        elif counts_noun_running_on and left.endswith(lexicon_words("verbs_before_a_counted_object")):
            # 海河产业基金带动74只母基金投资721个项目: after a verb that leaves its object to the
            # count, the noun the count counts completes the phrase
            noun = _first_words(_counted_noun(right_head), 12)
            phrase = _last_words(left, METRIC_MAX_CHARS - len(noun)) + noun
        elif _measures_the_thing_made(text, q_end, right_head, left, unit_family):
            # 今后五年还将建成5000公里绿道, 新建和改造提升112万亩高标准农田: after a verb of things made,
            # the noun right after an amount of things, ending its clause, is what was made
            phrase = _last_words(left, METRIC_MAX_CHARS - len(right_head)) + right_head
        else:
            phrase = _last_words(left)
    elif len(left) >= 2:
        phrase = _last_words(left)
    elif heads_list:
        phrase = _first_words(listed)
    else:
        # as long as a left phrase: 8个整县推进农文旅融合发展试点 kept whole
        phrase = _first_words(_counted_noun(right_head) if counts_noun_running_on else right_head)
    # 95%以上的村集体经营性收入: a figure cut out of the left leaves its 的, which opens no name
    phrase = phrase.strip("，。、；：,.;: -－—–").lstrip("的")  # 天津滨海-中关村科技园: the dash stays with the place
    # 经营主体从689万户增至951万户: the starting point's marker (and 从原来的) is not part of the name
    without_from = _from_tail().sub("", phrase)
    if without_from != phrase:  # (占比已从58%降至: what modified the change goes with its marker)
        without_from = _link_modifier().sub("", without_from)
    if len(without_from) >= 2:
        phrase = without_from
    if not shared_verb and list_head is not None and counts_noun_after:
        shared_verb = _list_verb(list_head, or_at_end=True)
    # (839个海外仓、总面积1210万平方米: an item that measures the thing before it was not built itself)
    if phrase and shared_verb and not _has_own_verb(phrase) \
            and not phrase.startswith(lexicon_words("attribute_items")):
        phrase = shared_verb + phrase
    return phrase or None


def _is_threshold(mention: str) -> bool:
    """A figure that is a bound (超10亿元, 5000万元以上, 不足10人), not an amount."""
    prefixes, suffixes = _bound_qualifiers()
    return mention.startswith(prefixes) or mention.endswith(suffixes)


@functools.lru_cache(maxsize=1)
def _bound_qualifiers() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The prefix and suffix qualifiers of a bound (more_than, at_most), the suffixes of two or
    more characters (以上, 以下: not 多, 余, which say an amount is a little more)."""
    lexicon = load_rules().lexicon
    bounds = ("more_than", "at_most")
    return (tuple(w for w, kind in lexicon["prefix_qualifiers"].items() if kind in bounds),
            tuple(w for w, kind in lexicon["suffix_qualifiers"].items() if kind in bounds and len(w) >= 2))


def _named_by_unit_form(mention: str) -> str | None:
    """What the unit form a mention ends with names (units.json names: 8金 → 金牌), or None."""
    names = unit_form_names()
    if not names or mention[-1:] not in _named_form_ends():
        return None
    return next((name for form, name in names.items() if mention.endswith(form)), None)


@functools.lru_cache(maxsize=1)
def _named_form_ends() -> frozenset[str]:
    return frozenset(form[-1] for form in unit_form_names())


@functools.lru_cache(maxsize=1)
def _metric_frame() -> re.Pattern:
    return re.compile("|".join(load_rules().lexicon["metric_frame_patterns"]))


def _noun_measured(left: str, right_head: str) -> str | None:
    """noun + attribute when left ends in an attribute of a noun (lexicon attributes_of_a_noun_after:
    总投资, 全长, 年产) and right_head, what follows the figure's 的, opens with that noun, which ends
    before what is said of it (lexicon predicates_after_a_modified_noun: 开工建设, 揭牌); else None."""
    attribute = next((w for w in lexicon_words("attributes_of_a_noun_after", longest_first=True)
                      if left.endswith(w)), None)
    if attribute is None:
        return None
    said = lexicon_words_re("predicates_after_a_modified_noun").search(right_head)
    noun = right_head[:said.start()] if said else right_head
    if len(noun) < 2:  # (…的基础上: no noun to name)
        return None
    return _first_words(noun, METRIC_MAX_CHARS - len(attribute)) + attribute


MONEY_NOUN_HEAD_MAX = 2  # characters a noun may run on after its money word (基金|集群)


def _money_noun_after(right_head: str) -> str | None:
    """The noun right after an amount of money when it holds a word that names money (lexicon
    money_nouns: 资金, 贷款) and no verb stands before that word (_counted_noun: not
    撬动桂惠贷新增贷款, where 贷款 is what the next figure measures); else None."""
    noun = _counted_noun(right_head)
    money: re.Match[str] | None = None
    for money in lexicon_words_re("money_nouns").finditer(noun):  # the last: 特别国债资金, not 特别国债
        pass
    if money is None:
        return None
    # (引导基金集群 whole; 资金|支持稳增长: more than a short head after the money word is what is said of it)
    return noun if len(noun) - money.end() <= MONEY_NOUN_HEAD_MAX else noun[:money.end()]


def _ends_in_count_link(words: str) -> bool:
    """words end in a verb that only says there are so many (lexicon count_link_ends: 拥有, 共, 达),
    not in a word that ends with one of its characters (通达: lexicon metric_link_words_ending_in)."""
    link = next((w for w in lexicon_words("count_link_ends") if words.endswith(w)), None)
    if link is None:
        return False
    return not words.endswith(tuple(load_rules().lexicon["metric_link_words_ending_in"].get(link, ())))


COUNTED_NOUN_MIN = 2  # characters of a counted noun before the next figure's predicate may start


def _counted_noun(words: str) -> str:
    """The counted noun that opens words running on to the next figure: what stands before the first
    verb of that figure (省列重大项目|累计完成投资, 小微企业|获得首贷) or before a measure it gives
    that only a predicate follows (重点传统制造业|增加值增长, 工业企业|营业收入; not 央企签署投资协议),
    or all of them."""
    verbs, measures = _counted_noun_ends()
    verb = verbs.search(words, COUNTED_NOUN_MIN)
    end = verb.start() if verb else len(words)
    for measure in measures.finditer(words, COUNTED_NOUN_MIN, end):
        rest = words[measure.end():]
        if not rest or verbs.match(rest) or rest.startswith(lexicon_words("share_markers")):
            return words[:measure.start()]
    if end == len(words) and end > COUNTED_NOUN_MIN and words[-1] in lexicon_set("place_prepositions"):
        end -= 1  # (11个治理课题在85个小区试点实施: 在 opens where they are, not what is counted)
    return words[:end]


@functools.lru_cache(maxsize=1)
def _counted_noun_ends() -> tuple[re.Pattern, re.Pattern]:
    """The verbs that end a counted noun (lexicon counted_noun_end_verbs, change verbs, predicates and
    modifiers of two or more characters: the one-character 增, 降 open nouns such as 节能降碳项目),
    and the measures (lexicon shared_metric_heads, attribute_items; 总产值 with its 总)."""
    lexicon = load_rules().lexicon
    predicate_words = lexicon["predicate_only_metric_words"]
    verbs = [*lexicon["counted_noun_end_verbs"], *lexicon["change_verbs"], *predicate_words["predicates"],
             *predicate_words["modifiers"]]
    measures = [*lexicon["shared_metric_heads"], *lexicon["attribute_items"]]
    return (re.compile(alternation([w for w in verbs if len(w) >= 2])),
            re.compile(f"总?(?:{alternation(measures)})"))


def _listed_after(text: str, start: int, end: int, figures: Sequence[tuple[int, int, str]]) -> str:
    """text[start:end] without the figures in it (集体、7名个人荣获… → 集体、个人荣获…) and quotes."""
    rest = text[start:end]
    for ps, pe, _family in reversed([f for f in figures if start <= f[0] and f[1] <= end]):
        rest = rest[:ps - start] + rest[pe - start:]
    return _METRIC_RIGHT_DROP.sub("", rest)


# a quoted span, a title or a closed aside in brackets (the extractor's quote pairs, straight quotes,
# and （）: 县（市、区）, 中心（所、站）)
_QUOTED = re.compile("|".join([*[f"{re.escape(o)}[^{re.escape(c)}]*{re.escape(c)}" for o, c in QUOTE_PAIRS.items()],
                               '"[^"]*"', r"（[^（）]*）", r"\([^()]*\)"]))


def _unsplit_spans(words: str) -> list[tuple[int, int]]:
    """Where a list mark or joiner joins no list: inside quotes, a title or brackets (“阀、管”改造,
    《…、…》, 县（市、区）),
    inside a name written with one (lexicon names_with_list_marks: 交通运输、仓储和邮政业), or inside
    a word (lexicon words_containing_joiners: the 及 of 普及率, the 和 of 和美乡村)."""
    return [m.span() for m in _QUOTED.finditer(words)] + [m.span() for m in _unsplit_words().finditer(words)]


@functools.lru_cache(maxsize=1)
def _unsplit_words() -> re.Pattern:
    lexicon = load_rules().lexicon
    # 修订、制定政府规章12件: verbs listed alone before one object are one action on it
    verbs = alternation(lexicon["list_head_verbs"] + lexicon["verbs_listed_before_one_object"])
    return re.compile(alternation(lexicon["names_with_list_marks"] + lexicon["words_containing_joiners"])
                      + f"|(?<![^、，,；;])(?:{verbs})、(?=(?:{verbs}))")


def _metric_right_stop(right: str) -> re.Match | None:
    """The first METRIC_RIGHT_STOP character in right that is not inside a word (the 与 of 参与,
    the 及 of 普及: 6676家企业参与…行动 counts 企业参与…, not 企业参)."""
    words: list[tuple[int, int]] | None = None
    for stop in METRIC_RIGHT_STOP.finditer(right):
        if stop.group() not in _unsplit_word_chars():
            return stop
        if words is None:
            words = [m.span() for m in _unsplit_words().finditer(right)]
        if not any(a <= stop.start() < b for a, b in words):
            return stop
    return None


@functools.lru_cache(maxsize=1)
def _unsplit_word_chars() -> frozenset[str]:
    """The characters of the words and names that hold a list mark or joiner (_unsplit_words)."""
    lexicon = load_rules().lexicon
    return frozenset("".join(lexicon["names_with_list_marks"] + lexicon["words_containing_joiners"]))


def _last_list_separator(text: str, start: int, end: int) -> int:
    """The position of the last 、 in text[start:end] that separates list items, or -1."""
    i = text.rfind("、", start, end)
    if i < 0:
        return i
    inside = _unsplit_spans(text[start:end])
    while i >= 0 and any(a <= i - start < b for a, b in inside):
        i = text.rfind("、", start, i)
    return i


def _is_clause_item(item: str) -> bool:
    """Whether a list item says what happened (lexicon list_item_clause_words,
    predicates_after_a_modified_noun, change_verbs: 公共品牌正式发布) rather than naming a thing."""
    return any(lexicon_words_re(words).search(item) is not None
               for words in ("list_item_clause_words", "predicates_after_a_modified_noun", "change_verbs"))


def _list_items(words: str) -> list[str]:
    """words split at 、, except where it joins no list (_unsplit_spans)."""
    if "、" not in words:
        return [words]
    inside = _unsplit_spans(words)
    cuts = [i for i, ch in enumerate(words) if ch == "、" and not any(a <= i < b for a, b in inside)]
    bounds = [-1, *cuts, len(words)]
    return [words[bounds[k] + 1:bounds[k + 1]] for k in range(len(bounds) - 1)]


EXAMPLES_DROPPED_MIN_NOUN = 4  # characters of what examples stand for, for them to be dropped from a short phrase


def _last_words(words: str, limit: int = METRIC_MAX_CHARS) -> str:
    """The end of a long phrase, cut where a word ends rather than inside one (实施中华优秀传统文化
    保护传承和精品工程项目 is kept whole; 沿边临港产业园区和中国—东盟产业合作区在建项目投资 →
    中国—东盟产业合作区在建项目投资, not 业园区和…). No segmenter: a cut falls after a word-ending
    character, or where the plain cut would (no worse than before)."""
    # examples closed by 等 stand for the noun after them: only that noun is kept (争取中央预算内投资、
    # 国债、政府专项债券等用于投资的资金 → 用于投资的资金, not 算内投资国债…; 比亚迪等龙头企业 → 龙头企业)
    closer = _last_enumeration_closer(words)
    if closer is not None and len(words) - closer >= 2:
        after = words[closer:]
        verb = _list_verb(words[:closer])  # (新增康复大学等高校 → 新增高校: the verb is the noun's too)
        if verb and not _has_own_verb(after):
            after = verb + after
        # (a phrase short enough to keep keeps its examples when the noun alone would say little:
        # 预约采购等合同, not 合同)
        if len(words) > limit + METRIC_CUT_SLACK or len(after) >= EXAMPLES_DROPPED_MIN_NOUN:
            return after if len(after) <= limit + METRIC_CUT_SLACK else _last_words(after, limit)
    if len(words) <= limit + METRIC_CUT_SLACK:
        return words
    cut = len(words) - limit
    ends = lexicon_set("metric_cut_after")
    for i in range(cut, min(cut + METRIC_CUT_SLACK + 2, len(words) - 1)):
        if words[i - 1] in ends:
            return words[i:]
    return words[cut:]


@functools.lru_cache(maxsize=1)
def _enumeration_closer_re() -> re.Pattern:
    """A closer of examples (lexicon enumeration_closers) that is no part of a word of
    words_containing_closers (高等院校)."""
    words = lexicon_words("words_containing_closers", longest_first=True)
    return re.compile(f"{alternation(words)}|({alternation(lexicon_words('enumeration_closers', longest_first=True))})")


def _last_enumeration_closer(words: str) -> int | None:
    """Where the text after the last closer of examples in words starts, or None."""
    after = None
    for match in _enumeration_closer_re().finditer(words):
        if match.group(1) is not None:
            after = match.end()
    return after


def _first_words(words: str, limit: int = METRIC_MAX_CHARS) -> str:
    """The start of a long phrase, cut after a word-ending character where one is near."""
    if len(words) <= limit + METRIC_CUT_SLACK:
        return words
    ends = lexicon_set("metric_cut_after")
    for i in range(limit, limit - METRIC_CUT_SLACK - 2, -1):
        if words[i] in ends:
            return words[:i]
    return words[:limit]


def _has_own_verb(phrase: str) -> bool:
    """Whether a list item says its own action: it opens with a verb (lexicon list_head_verbs,
    item_own_verbs: 吸引观众) or ends with a predicate (总装机达, 增长); or is only a modifier (累计)."""
    return _list_verb_re().match(phrase) is not None or _own_verb_re().match(phrase) is not None \
        or _predicate_tail().search(phrase) is not None or _names_no_subject(phrase)


def _names_no_subject(phrase: str) -> bool:
    """Only modifiers and a comparison's baseline: 累计, 同比, 较“十三五”时期."""
    return _distributive()[2].fullmatch(phrase) is not None


@functools.lru_cache(maxsize=1)
def _own_verb_re() -> re.Pattern:
    # (制定…规章2件、废止22件: a verb listed before one object is an action of its own too)
    lexicon = load_rules().lexicon
    return re.compile(alternation(lexicon["item_own_verbs"] + lexicon["verbs_listed_before_one_object"]))


@functools.lru_cache(maxsize=1)
def _list_verb_re() -> re.Pattern:
    lexicon = load_rules().lexicon
    modifiers = alternation(lexicon["predicate_only_metric_words"]["modifiers"])
    # (one verb or several in a row: 新开工改造城镇老旧小区4402个、城中村5.1万户 → 新开工改造城中村)
    return re.compile(f"(?:{modifiers})*((?:{alternation(lexicon['list_head_verbs'])})+)")


def is_list_verb(words: str) -> bool:
    """words are only a verb of things done (新增, 新建改造), with its modifiers."""
    return _list_verb_re().fullmatch(words) is not None


def without_list_verb(item: str) -> str:
    """item without the verb of things done it opens with (新增各类总部机构 → 各类总部机构)."""
    verb = _list_verb_re().match(item)
    return item[verb.end():] if verb and len(item) - verb.end() >= 2 else item


MADE_NOUN_MAX = 6  # characters of the noun an amount of things made names right after it (高标准农田)


def _measures_the_thing_made(text: str, q_end: int, right_head: str, left: str, unit_family: str | None) -> bool:
    """Whether right_head, right after the figure and ending its clause, is the thing an amount (not
    a count: counts_noun_after has those) of things made measures: the left ends with a verb of
    lexicon list_head_verbs (建成5000公里绿道), the noun opens with no predicate word (用于民生领域)."""
    if unit_family is None or unit_family.startswith("count:") or not _amount_of_things(unit_family):
        return False
    end = q_end + len(right_head)
    if not (2 <= len(right_head) <= MADE_NOUN_MAX and text.startswith(right_head, q_end)
            and (end == len(text) or text[end] in CLAUSE_DELIMS) and all(map(is_ideograph, right_head))):
        return False
    return left.endswith(lexicon_words("list_head_verbs")) \
        and not right_head.startswith(lexicon_words("metric_predicate_starts"))


def _amount_of_things(unit_family: str | None) -> bool:
    """A count, or a measure of things done (lexicon list_verb_families: length, area …), not money or a share."""
    # (a rate of such an amount too: 污水处理能力超30万吨/日 is weight/日)
    return unit_family is not None and (unit_family.startswith("count:")
                                        or unit_family.split("/", 1)[0] in lexicon_set("list_verb_families"))


def _list_verb(head: str, or_at_end: bool = False) -> str:
    """The verb (lexicon list_head_verbs) a list of counted items opens with: 新增 of
    新增5A级物流企业3家、四星级冷链物流企业10家; '' when it opens with none. or_at_end: also
    the verb right before the list's first figure, after its subject (高校新增17个博士点、45个
    硕士点), for items whose noun follows their count (老旧小区改造开工742个、完工548个: 完工
    is a predicate of its own, not a thing 改造开工)."""
    head = strip_metric_leads(_METRIC_LEFT_DROP.sub("", head))
    found = _list_verb_re().match(head) or (_list_verb_at_end_re().search(head) if or_at_end else None)
    return found.group(1) if found else ""


@functools.lru_cache(maxsize=1)
def _list_verb_at_end_re() -> re.Pattern:
    return re.compile(f"((?:{alternation(load_rules().lexicon['list_head_verbs'])})+)$")


@functools.lru_cache(maxsize=1)
def _list_continuation() -> tuple[tuple[str, ...], re.Pattern]:
    """The list joiners that are words (和, 与, 及: lexicon list_joiners without 、), and a figure
    then at most 16 characters and one of them closing the text: 13个集体和|15名个人,
    3个国家现代农业产业园和|9个农业产业强镇."""
    joiners = tuple(j for j in load_rules().lexicon["predicate_only_metric_words"]["list_joiners"] if j != "、")
    numeral = "".join(sorted(NUMBER_CHARS - set(".．")))
    digits = "".join(sorted(ARABIC_DIGITS))
    return joiners, re.compile(f"[{numeral}][^{digits}]{{0,16}}(?:{alternation(list(joiners))})$")


@functools.lru_cache(maxsize=1)
def _from_tail() -> re.Pattern:
    """A starting-point marker (从, 由) ending a phrase, with what it says of the start (从原来的)."""
    # (殡葬基本服务费由平均2900元下降到: what modifies the starting value goes with its marker)
    modifiers = alternation(lexicon_words("starting_value_modifiers"))
    return re.compile(f"(?:{alternation(lexicon_words('years', 'from_markers'))})(?:[^，。；]{{0,8}}?的|{modifiers})?$")


@functools.lru_cache(maxsize=1)
def _distributive() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """A distributive word (lexicon distributive_markers: 分别), the list joiners, and words that
    name no subject (累计, 同比: lexicon predicate_only_metric_words.modifiers; 较…时期: a
    comparison's baseline, lexicon years.comparison_before)."""
    lexicon = load_rules().lexicon
    marker = re.compile(alternation(lexicon["distributive_markers"]))
    joiner = re.compile(alternation(lexicon["predicate_only_metric_words"]["list_joiners"]))
    # words naming no subject: modifiers, or a comparison's baseline period (较“十三五”时期分别增长;
    # not 比重, which starts with a comparison word)
    modifiers = alternation(lexicon["predicate_only_metric_words"]["modifiers"])
    no_subject = re.compile(f"(?:{modifiers})*(?:{_baseline_pattern()})?(?:{modifiers})*")
    return marker, joiner, no_subject


def _baseline_pattern() -> str:
    """A comparison's baseline: a comparison word (lexicon years.comparison_before), at most 8
    characters and the period compared with (years.baseline_periods): 较2020年, 比上年,
    较“十三五”时期, 与去年同期相比 (not 比重, which starts with a comparison word)."""
    years = load_rules().lexicon["years"]
    comparison = alternation(years["comparison_before"])
    # no comparison word inside: 比重较2020年 holds the baseline 较2020年, not 比重较2020年; and
    # every period word: 与去年同期相比
    return (f"(?:{comparison})(?:(?!{comparison})[^，。；]){{0,8}}?"
            f"(?:{alternation(years['baseline_periods'])})+(?:相比|的)?")  # 较“十三五”末的(9323.1亿元)


@functools.lru_cache(maxsize=1)
def _baseline() -> re.Pattern:
    return re.compile(_baseline_pattern())


def distributed_metrics(text: str, sent: tuple[int, int], spans: list[tuple[int, int]],
                        metrics: list[str | None]) -> tuple[list[str | None], list[str | None]]:
    """The sentence's metrics (one per figure span, in order) with each 分别 list given out item
    by item, and the item each figure was given (None where none was): 概念验证中心、中试基地
    分别达到69家、107家 → 概念验证中心达到, 中试基地达到 (both figures otherwise get the clause's
    last words, which name only the last item). The items are
    the listed subjects before the marker, or, when the marker's clause names none (…、旅游花费
    1.27万亿元，分别增长32.9%、41.6%), the figures just before it, or the two things a paired
    word names (城乡低保平均标准分别提高26.7%、27%: 城镇…, 农村…). Anything else is left alone."""
    marker_re, joiner_re, _ = _distributive()
    out = list(metrics)
    subjects_given: dict[int, str] = {}  # figure → the item it was given (a later 分别 may refer back)
    i = 0
    while i < len(spans):
        clause = clause_bounds(text, spans[i][0], spans[i][1], *sent)
        marker = None  # the last 分别 of the clause before the figure
        for m in marker_re.finditer(text, clause[0], spans[i][0]):
            marker = m
        group = [i]
        while group[-1] + 1 < len(spans):
            gap = after_rate(text[spans[group[-1]][1]:spans[group[-1] + 1][0]])
            if not joiner_re.fullmatch(gap):
                break
            group.append(group[-1] + 1)
        if marker is None:
            # 原煤、原油、天然气产量达到6640.8万吨、1253.6万吨、9.1亿立方米: as many items as listed
            # figures, then a predicate, is a 分别 list without the word
            unmarked = _unmarked_list(text, clause[0], spans[i][0], joiner_re, len(group))
            if unmarked is not None:
                if not (i and spans[i - 1][1] > clause[0]):
                    for k, subject in zip(group, unmarked[0]):
                        out[k] = subject + unmarked[1]
                        subjects_given[k] = subject
                i = group[-1] + 1
            elif _continues_group(text, spans, group, subjects_given, joiner_re):
                # 城乡居民人均可支配收入分别达6.9万元、3.4万元，增长4.2%、5.3%: the next clause, only
                # a predicate and as many figures, goes on about the same items
                _give_items_before(group, text[spans[i - 1][1]:spans[i][0]].lstrip("，,"), out, subjects_given)
                i = group[-1] + 1
            else:
                i += 1
            continue
        if i and spans[i - 1][1] > marker.end():  # not the first figure after it
            # 分别从645元/月、4318元/年提高到801元/月、7226元/年: a second group as long as the one
            # before, after only a predicate, goes to the same items
            before = range(i - len(group), i)
            gap = text[spans[i - 1][1]:spans[i][0]]
            if len(group) > 1 and before[0] >= 0 and spans[before[0]][0] > marker.end() \
                    and all(k in subjects_given for k in before) and _predicate_between(gap):
                _give_items_before(group, gap, out, subjects_given)
                i = group[-1] + 1
            else:
                i += 1
            continue
        listed, tail = _list_and_tail(text[clause[0]:marker.start()], joiner_re)
        verb = _METRIC_LEFT_DROP.sub("", tail) + _figure_verb(text[marker.end():spans[i][0]])
        # (a number inside a name, 110报警数, is no figure: only the figures found say so)
        figure_inside = any(clause[0] <= span[0] < marker.start() for span in spans)
        subjects = _listed_subjects(listed, joiner_re, len(group), digits_are_figures=figure_inside)
        own_words = _metric_lead().sub("", _METRIC_LEFT_DROP.sub("", listed))
        if subjects is None:
            subjects = _paired_subjects(own_words, len(group))
        if subjects is None and _names_no_subject(own_words) and i >= len(group):
            earlier = [subjects_given.get(k) or out[k] for k in range(i - len(group), i)]
            named = [b for b in earlier if b]
            if len(named) == len(earlier):
                subjects = [_predicate_tail().sub("", b) or b for b in named]
                if text.startswith(lexicon_words("cumulative_markers"), clause[0], marker.start()):
                    # 新增…80家、16家，累计分别达到1522家、103家: the totals are of the things, not
                    # of what was added, so the verb the items opened with goes
                    subjects = [without_list_verb(b) for b in subjects]
        if subjects is None and len(own_words) <= MEASURE_WORD_MAX and clause[0] > sent[0]:
            # 清理规范节庆、论坛、展会，数量分别压减75%、95%、73%: the clause before, holding no
            # figure, lists the items; this one only says what of them is measured
            previous_start = _previous_clause_start(text, clause[0], sent[0])
            if not (i and spans[i - 1][1] >= previous_start):  # (spans are in text order)
                items = _listed_subjects(text[previous_start:clause[0] - 1], joiner_re, len(group))
                if items is not None:
                    subjects = [without_list_verb(item) + own_words for item in items]
        if subjects is not None and len(group) > 1:
            for k, subject in zip(group, subjects):
                out[k] = subject + verb
                subjects_given[k] = subject
        i = group[-1] + 1
    return out, [subjects_given.get(k) for k in range(len(spans))]


MEASURE_WORD_MAX = 2  # characters of what a 分别 clause names of the items listed before it (数量)


def _previous_clause_start(text: str, clause_start: int, sentence_start: int) -> int:
    """Where the clause before the one starting at clause_start begins (its delimiter is at
    clause_start - 1)."""
    return max([sentence_start] + [text.rfind(d, sentence_start, clause_start - 1) + 1 for d in CLAUSE_DELIMS])


PREDICATE_GAP_MAX = 12  # characters of a predicate between two groups of a 分别 list


def _give_items_before(group: list[int], predicate: str, out: list, subjects_given: dict[int, str]) -> None:
    """Each figure of group measures the item of the figure as many places before it, with the
    predicate between the two groups as its verb."""
    for k in group:
        subject = subjects_given[k - len(group)]
        out[k] = subject + _figure_verb(predicate)
        subjects_given[k] = subject


def _continues_group(text: str, spans: list[tuple[int, int]], group: list[int], subjects_given: dict[int, str],
                     joiner_re: re.Pattern) -> bool:
    """The figures of group, after a comma and only a predicate (，增长4.2%、5.3%), follow a whole
    group of as many figures that were given items."""
    i, n = group[0], len(group)
    if n < 2 or i < n or not all(k in subjects_given for k in range(i - n, i)):
        return False
    first = i - n
    if first > 0 and joiner_re.fullmatch(after_rate(text[spans[first - 1][1]:spans[first][0]])):
        return False  # the figures before are the tail of a longer group
    gap = text[spans[i - 1][1]:spans[i][0]]
    predicate = gap.lstrip("，,")
    return len(predicate) < len(gap) and _predicate_between(predicate) and _predicate_tail().fullmatch(predicate) is not None


def _predicate_between(gap: str) -> bool:
    """gap is a predicate alone: short, no figure, no clause break (提高到2025年的)."""
    return 0 < len(gap) <= PREDICATE_GAP_MAX and not any(ch in ARABIC_DIGITS for ch in _DATE_BEFORE_FIGURE.sub("", gap)) \
        and not any(ch in CLAUSE_DELIMS for ch in gap)


def _figure_verb(words: str) -> str:
    """What stands between a 分别 and its figures, as a metric's verb: without the date of the
    figure (提高到2025年的 → 提高到), nothing for a bare 从 (the starting point is its item)."""
    words = _DATE_BEFORE_FIGURE.sub("", words)
    return "" if words in lexicon_words("years", "from_markers", longest_first=True) else words


def _paired_subjects(words: str, n: int) -> list[str] | None:
    """城乡居民人均可支配收入分别增长4.7%、6.6%: a subject opening with a word that names two
    things (lexicon paired_prefixes: 城乡 is 城镇 and 农村), or holding one (paired_words), gives
    one to each of two figures."""
    words = _metric_scope_lead().sub("", words)
    for prefix, halves in load_rules().lexicon["paired_prefixes"].items():
        if words.startswith(prefix) and n == len(halves) and len(words) > len(prefix) \
                and not any(ch in ARABIC_DIGITS for ch in words):  # (从2021年的46503元和16935元: figures of its own)
            return [half + words[len(prefix):] for half in halves]
    # 红旗汽车产销量分别增长22.9%和17.4%: a word inside the subject that names two things (lexicon
    # paired_words: 产销量 is 产量 and 销量)
    for word, halves in load_rules().lexicon["paired_words"].items():
        at = words.find(word)
        if at >= 0 and n == len(halves) and not any(ch in ARABIC_DIGITS for ch in words):
            return [words[:at] + half + words[at + len(word):] for half in halves]
    return None


def _unmarked_list(text: str, start: int, end: int, joiner_re: re.Pattern,
                  n: int) -> tuple[list[str], str] | None:
    """The n items and the predicate of text[start:end] when it is n listed items followed by a
    predicate (lexicon predicate_only_metric_words, change_verbs) and n > 1; else None."""
    if n < 2:
        return None
    predicate = _predicate_tail().search(text, start, end)
    if predicate is None:
        # 新增各类总部机构、大企业开放创新中心80家、16家: the items right before as many figures,
        # the verb the first opens with doing for every one (原煤、原油产量…: sharing the head)
        words = text[start:end]
        items = without_trailing_link(words) or words  # (…参保率稳定在98%和95%以上)
        subjects = _listed_subjects(items, joiner_re, n)
        if subjects is None:
            return None
        link = words[len(items):]
        verb = _list_verb_re().match(subjects[0])
        if verb is None:
            return subjects, link
        return [subjects[0]] + [s if _list_verb_re().match(s) else verb.group(1) + s for s in subjects[1:]], link
    if predicate.start() == start:
        return None
    subjects = _listed_subjects(text[start:predicate.start()], joiner_re, n)
    return None if subjects is None else (subjects, predicate.group())


def _list_and_tail(left: str, joiner_re: re.Pattern) -> tuple[str, str]:
    """The words before a 分别 split into the list and the predicate's words after it (lexicon
    distributive_list_tails): 有色冶金、…、装备制造产业增加值年均 → (…产业增加值, 年均)."""
    tails = lexicon_words("distributive_list_tails", longest_first=True)
    end = len(left)
    while left.endswith(tails, 0, end):
        tail = next(t for t in tails if left.endswith(t, 0, end))
        if joiner_re.fullmatch(left[end - len(tail) - 1:end - len(tail)]):
            break  # 销售面积环比、同比: the word is an item itself
        end -= len(tail)
    # (生产安全事故起数、死亡人数较“十三五”同期分别下降: the baseline is every item's, not the last one's)
    baseline = _baseline_at_end().search(left, 0, end)
    if baseline is not None and baseline.start() > 0 and not joiner_re.fullmatch(left[baseline.start() - 1]):
        end = baseline.start()
    return left[:end], left[end:]


@functools.lru_cache(maxsize=1)
def _baseline_at_end() -> re.Pattern:
    return re.compile(f"(?:{_baseline_pattern()})$")


def _listed_subjects(left: str, joiner_re: re.Pattern, n: int, digits_are_figures: bool = True) -> list[str] | None:
    """The n items of 炼铁、炼钢先进产能占比 (before a 分别); None unless there are n, none holding
    a figure (any digit, unless the caller knows none is one: digits_are_figures). Items are split at joiners outside names and words that hold one (_unsplit_spans),
    and share the head noun the last one ends with as _listed_with_heads says."""
    left = strip_metric_leads(_METRIC_LEFT_DROP.sub("", left))
    inside = _unsplit_spans(left)
    cuts = [m.span() for m in joiner_re.finditer(left) if not any(a <= m.start() < b for a, b in inside)]
    bounds = [(0, 0), *cuts, (len(left), len(left))]
    items = [left[bounds[k][1]:bounds[k + 1][0]] for k in range(len(bounds) - 1)]
    if len(items) != n or not all(items) \
            or digits_are_figures and any(ch in ARABIC_DIGITS for item in items for ch in item):
        return None
    return _listed_with_heads(items)


BARE_MEASURE_MAX = 4  # characters of a list item that is only a measure (满意率, 死亡人数)
SHARED_SUBJECT_MIN = 2  # characters of the subject a bare measure takes


def _shared_subject_of_bare_measures(items: list[str]) -> list[str] | None:
    """12345市民服务热线诉求解决率、满意率, 生产安全事故起数、死亡人数: later items that are only a
    measure (lexicon measure_suffixes) of the kind the first one ends in (the same last character:
    数, 率; not 接待游客人数和旅游收入) share its subject: the first one without its measure word when
    that is two characters or more (起数), else without as many characters as the bare item has
    (解决率 for 满意率); else None."""
    first = items[0]
    suffixes = lexicon_words("measure_suffixes", longest_first=True)
    own = next((s for s in suffixes if first.endswith(s)), None)
    if own is None:
        return None
    out = [first]
    for item in items[1:]:
        suffix = next((s for s in suffixes if item.endswith(s)), None)
        if suffix is None or len(item) > BARE_MEASURE_MAX or suffix[-1] != own[-1]:
            return None
        if len(own) >= 2:
            subject = first[:-len(own)]
        elif suffix == own and len(item) <= BARE_MEASURE_MAX - 1:
            subject = first[:-len(item)]
        else:
            return None
        if len(subject) < SHARED_SUBJECT_MIN or item.startswith(subject):
            return None
        out.append(subject + item)
    return out


def _listed_with_heads(items: list[str]) -> list[str]:
    """The items of a 分别 list, each earlier one with the head noun the last ends with (lexicon
    shared_metric_heads). A short item (炼铁, 汽车) always takes the longest head: 炼铁先进产能占比.
    A longer one (新能源汽车、集成电路、工业机器人产量) takes it only when every earlier item is a
    plain name: none already names a measure (lexicon measure_suffixes: 游客人次、旅游花费 are two
    measures) or opens with a verb (城镇新增就业、新增发放创业担保贷款), and the last item does not
    either; then the head that continues the item's end (城镇居民 + 居民人均可支配收入 →
    城镇居民人均可支配收入, 城市低保 + 低保标准), else the longest measure that fits it
    (_fitting_head; lexicon shared_heads_of_short_items name things, not measures)."""
    last = items[-1]
    grade_head = _grade_head(items)
    if grade_head is not None:
        return [item + grade_head for item in items[:-1]] + [last]
    shared_subject = _shared_subject_of_bare_measures(items)
    if shared_subject is not None:
        return shared_subject
    # 厦门、福州机场旅客吞吐量: places listed before a place and what is measured there share all of it
    last_place = _place_prefix(last)
    if last_place and len(last) > len(last_place) and all(_place_prefix(item) == item for item in items[:-1]):
        return [item + last[len(last_place):] for item in items[:-1]] + [last]
    rate = next((h for h in lexicon_words("rate_of_change_heads", longest_first=True)
                 if last.endswith(h) and len(last) > len(h)), None)
    if rate is not None and all(_names_a_quantity(item) and not item.endswith(rate) for item in items[:-1]):
        return [item + rate for item in items[:-1]] + [last]
    parallel = [_parallel_head(item, last) for item in items[:-1]]
    heads_said = [head for head in parallel if head is not None]
    if len(heads_said) == len(parallel):
        # 先进制造业、高技术制造业增加值占规模以上工业增加值比重: each item ends as the last one's
        # subject does (制造业), so what follows that subject in the last item is everyone's
        return [item + head for item, head in zip(items[:-1], heads_said)] + [last]
    # (工业、服务业增加值增速: the head is the measure and its rate, 增加值增速)
    core, rate_suffix = (last[:-len(rate)], rate) if rate is not None else (last, "")
    general = [h + rate_suffix for h in lexicon_words("shared_metric_heads", longest_first=True)
               if core.endswith(h) and len(core) > len(h)]
    heads = tuple(sorted(general + [h for h in lexicon_words("shared_heads_of_short_items")
                                    if last.endswith(h) and len(last) > len(h)], key=len, reverse=True))
    measures = lexicon_words("measure_suffixes")
    plain = not _list_verb_re().match(last) and not any(
        item.endswith(measures) or _list_verb_re().match(item) for item in items[:-1])
    if not heads or not plain:
        said = _measured_of_each(items)
        if said is not None:
            return said
    if not heads:
        return items
    out = []
    for item in items[:-1]:
        if not all(map(is_ideograph, item)) or item.endswith(heads) \
                or item.endswith(lexicon_words("shared_metric_heads")):
            out.append(item)
        elif len(item) <= SHARED_HEAD_MAX_ITEM:
            out.append(item + heads[0])
        elif plain:
            continuing = [(k, h) for h in heads for k in range(len(h) - 1, 0, -1) if item.endswith(h[:k])]
            k, h = max(continuing, default=(0, _fitting_head(item, general) if general else ""))
            out.append(item + h[k:])
        else:
            out.append(item)
    return out + [last]


def _measured_of_each(items: list[str]) -> list[str] | None:
    """专项产业基金、新增能耗、新增工业用地支持民间投资项目比重: from its own verb (lexicon
    item_own_verbs) on, the last item says what is measured of every item, when that names a
    measure and no earlier item names one or says a verb of its own; else None."""
    own_verbs = lexicon_words_re("item_own_verbs")
    said = own_verbs.search(items[-1], 2)
    if said is None or not _names_a_quantity(items[-1][said.start():]) \
            or items[-1].startswith(lexicon_words("shared_metric_heads"), said.start()):
        return None  # (第三产业增加值: 增加 begins a measure there, no verb)
    if any(_names_a_quantity(item) or own_verbs.search(item) for item in items[:-1]):
        return None
    return [item + items[-1][said.start():] for item in items[:-1]] + [items[-1]]


def _names_a_quantity(item: str) -> bool:
    """Whether a list item names something measured (增加值, 投资, 消费): it ends with a measure
    (lexicon measure_suffixes) or a head noun of shared_metric_heads."""
    return item.endswith(lexicon_words("measure_suffixes")) or item.endswith(lexicon_words("shared_metric_heads"))


SHARED_HEAD_MAX_ITEM = 2
PLACE_PREFIX_MAX = 8  # characters of the longest division name an item may open with


def _place_prefix(item: str) -> str:
    """The longest division name or short name item opens with (厦门 of 厦门, 福州 of
    福州机场旅客吞吐量), or ""."""
    rules = load_rules()
    return next((item[:k] for k in range(min(len(item), PLACE_PREFIX_MAX), 1, -1)
                 if item[:k] in rules.names or item[:k] in rules.short_names), "")


PARALLEL_SUBJECT_MAX = 8  # characters of the last item's subject a parallel head may follow


GRADE_ITEM_MAX = 4  # characters of a grade listed before the last item (国家级, 5A级)


def _grade_head(items: list[str]) -> str | None:
    """The noun a list of grades shares (lexicon grade_suffixes: 国家级、部级创新平台 → 创新平台,
    5A级、4A级景区): every earlier item a short grade, and the last one the same kind of grade
    then the noun; else None."""
    suffix = next((g for g in lexicon_words("grade_suffixes", longest_first=True) if items[0].endswith(g)), None)
    if suffix is None or not all(item.endswith(suffix) and len(item) <= GRADE_ITEM_MAX for item in items[:-1]):
        return None
    at = items[-1].find(suffix, 1, GRADE_ITEM_MAX + len(suffix))
    head = items[-1][at + len(suffix):] if at > 0 else ""
    return head if len(head) >= 2 else None


def graded_counts_sharing_a_noun(text: str, spans: list[tuple[int, int]], metrics: list[str | None]) -> list[str | None]:
    """The sentence's metrics (one per figure span, in order) with a count followed only by its grade
    given the noun the next count's grade is followed by: 建成5个国家级、60个省级高技能人才培训基地 →
    建成国家级高技能人才培训基地 for 5个, as 国家级、省级…基地 share it (_grade_head)."""
    out = list(metrics)
    for k in range(len(spans) - 1, 0, -1):  # (from the last: 2个甲级、3个乙级、4个丙级项目 passes it back)
        grade = text[spans[k - 1][1]:spans[k][0]]
        before, after = out[k - 1], out[k]
        if before is None or after is None or not grade.endswith("、") or not _is_grade(grade[:-1]) \
                or not before.endswith(grade[:-1]):
            continue
        own_grade = next((text[spans[k][1]:spans[k][1] + n] for n in range(GRADE_ITEM_MAX, 1, -1)
                          if _is_grade(text[spans[k][1]:spans[k][1] + n])), "")
        at = after.find(own_grade) if own_grade else -1
        noun = after[at + len(own_grade):] if at >= 0 else ""
        if len(noun) >= 2:
            out[k - 1] = before + noun
    return out


def _is_grade(word: str) -> bool:
    """A short grade (lexicon grade_suffixes): 国家级, 省级, 千亿级, 5A级."""
    # (what precedes the suffix is one kind of writing: 国家, 千亿 or 5A, not 2个省)
    return 2 <= len(word) <= GRADE_ITEM_MAX and word.endswith(lexicon_words("grade_suffixes")) \
        and (all(map(is_ideograph, word[:-1])) or word[:-1].isalnum() and not any(map(is_ideograph, word[:-1])))


def _parallel_head(item: str, last: str) -> str | None:
    """What the last item of a list says of its subject, when the item ends as that subject does
    (城镇居民、农村居民人均可支配收入: 居民 → 人均可支配收入; 国内游客、入境游客数量) and it names
    a measure (lexicon measure_suffixes, shared_metric_heads), or None. An item that
    names a measure itself (游客人次、旅游花费) takes none."""
    if _names_a_quantity(item) or not all(map(is_ideograph, item)) \
            or _list_verb_re().match(item) or _list_verb_re().match(last):
        return None
    # (an ending of two characters at least: one, 业 or 品, is too often inside another word; and
    # the last item's subject must be longer than it: 工业、制造业、工业技改投资 are three measures)
    for n in range(min(len(item), 4), 1, -1):
        end = last.find(item[-n:], 1, PARALLEL_SUBJECT_MAX + n)
        if end < 0:
            continue
        head = last[end + n:]
        return head if len(head) >= 2 and _names_a_quantity(head) else None
    return None


def _fitting_head(item: str, heads: list[str]) -> str:
    """The longest of heads (longest first, each ending with the shortest) that does not repeat
    the item's last character in what it adds to the shortest: 电子信息 + 营业收入, 有色冶金 +
    产业增加值, but 高技术制造业 + 增加值 (产业 would repeat its 业)."""
    shortest = heads[-1]
    return next(h for h in heads if item[-1] not in h[:len(h) - len(shortest)])


@functools.lru_cache(maxsize=1)
def _predicate_tail() -> re.Pattern:
    """Predicate words (lexicon predicate_only_metric_words, change_verbs) ending a metric."""
    lexicon = load_rules().lexicon
    words = lexicon["predicate_only_metric_words"]
    modifiers = alternation(words["modifiers"])
    predicates = alternation(list(words["predicates"]) + list(lexicon["change_verbs"]))
    return re.compile(f"(?:{modifiers})*(?:{predicates})+$")


_ITEM_BREAK = re.compile("[、，,；;]")


def with_subject(metric: str | None, previous: str | None, joined: str = "",
                 same_family: bool = False, same_kind: bool = True, crosses: bool = False,
                 previous_counts_people: bool = False) -> str | None:
    """A metric that only says how a figure changed (增长, 年均增长, 高于全国) gets the subject of
    the figure before it in the sentence: 技术合同成交额突破1700亿元，增长13.1% → 技术合同成交额增长.
    A figure with no metric of its own, listed right after that figure (joined: the text between
    them, 分别增长10%、6.4%), measures the same thing; so does one after only a predicate
    (地区生产总值突破3万亿元、达3.6万亿元 → 地区生产总值达). same_kind: both figures are changes,
    or neither; a level listed after a change is the subject's level (地区生产总值同比增长6.1%、
    突破2万亿元 → 地区生产总值).
    Listed right after it, a metric that is only a stage of work (开工742个、完工548个) or an
    attribute of the things the figure before counted (签约项目217个、总投资258亿美元; not when
    both figures measure alike, 新增运营里程43公里、总里程879公里, nor after an attribute) takes that
    figure's subject too. crosses: the figure opens with a threshold crossed, so it is a level of
    that subject, not the increment the figure before was (经营主体净增98万户、突破1900万户).
    previous_counts_people: the figure before counted people or households (lexicon
    people_count_units), which have no 总投资 of their own (涉及居民5600余户，总投资约2.8亿元)."""
    if metric is not None and previous is not None and _adjacent(metric, previous, joined):
        total = _total_of(metric, previous) if same_family else None
        if total is not None:
            return total
        if _stage_metric().fullmatch(metric):
            # (引进纺织服装项目24个、建成投产17个: the projects, not their 引进, went into production)
            counted = _stage_metric_words().sub("", previous)
            verb = _list_verb_re().match(counted)
            subject = subject_of(counted[verb.end():] if verb and len(counted) - verb.end() >= 2 else counted)
            return subject + metric if len(subject) >= 2 else metric
        if not same_family and not previous_counts_people and _attribute_metric().fullmatch(metric):
            subject = subject_of(previous)
            attribute = next((w for w in lexicon_words("attribute_items", longest_first=True) if subject.endswith(w)), "")
            if attribute and max(("、", "，", ","), key=joined.rfind) == "、":
                # 粮食播种面积4157万亩、产量1146.1万吨: two attributes listed of one thing
                subject = subject[:-len(attribute)]
            elif attribute:
                return metric  # 农村公路总里程12.96万公里，投资…: a figure that measured an attribute itself counted no things
            return subject + metric if len(subject) >= 2 else metric
    if (metric is not None and previous is not None and same_family and same_kind
            and len(previous) > len(metric) >= 2 and previous.startswith(metric) and is_ideograph(previous[len(metric)])):
        # 南京市去年改造老旧小区186个，苏州市改造132个: a parallel clause that repeats only the
        # verb measures the same things
        return previous
    tail = _predicate_tail()
    if metric is None:
        between = after_rate(joined)
        if between in load_rules().lexicon["predicate_only_metric_words"]["list_joiners"]:
            if previous is not None and crosses:
                # 经营主体净增98万户、突破1900万户: a threshold crossed is a level of the thing, not an increment
                subject = _without_flow_verb(subject_of(previous))
                return subject if len(subject) >= 2 else previous
            if same_kind or previous is None:
                return previous
            subject = subject_of(previous)
            return subject if len(subject) >= 2 else None
        # the words of the figure's own clause or list item: 迈上6万亿元台阶，达到62661亿元 → 达到
        parts = _ITEM_BREAK.split(between)
        # (a year before the predicate dates the figure: 全省共增加2702亿元，2023年达到13.09万亿元)
        predicate = _time_lead().sub("", parts[-1])
        # (only the previous figure's own clause before: 外贸实绩企业突破9000家，高新技术企业数量
        # 实现翻番、达1.8万家 names its own subject in between; no words at all, 旅客吞吐量增长16.6%，
        # 突破8700万人次, is a level of the same thing)
        if previous is None or len(parts) != 2 or not (
                tail.fullmatch(predicate) or predicate == "" and (same_family or tail.search(previous))):
            return None  # (涉及69个村庄，11.9万人: no words, and another measure of another thing)
        subject = subject_of(previous)
        return subject + predicate if len(subject) >= 2 else None
    # a bare modifier (累计 of 新入选国家5G工厂113家、累计210家) names nothing either
    # (比2020年增加 names no subject either: a baseline and a change)
    if previous is None or not (tail.fullmatch(metric) or _names_no_subject(metric)
                                # (…，2020年降至|5320万人次; not past a clause of its own subject,
                                # 三次产业结构进一步优化，调整为8.3∶41.4∶50.3)
                                or same_family and is_level_link(metric) and len(_ITEM_BREAK.split(joined)) == 2
                                or tail.fullmatch(_baseline().sub("", metric))
                                or tail.fullmatch(_span_lead().sub("", metric))
                                or lexicon_pattern("share_of_whole_start").match(metric)):  # (占全国份额: names no subject)
        return metric
    subject = subject_of(previous)
    if metric.startswith(lexicon_words("totals_after_a_flow")):
        # 新增全国重点实验室15家、总数达23家: the total is of the things, not of those added
        subject = _without_flow_verb(subject)
    if len(subject) < 2:
        return metric
    # 出口规模占全国份额从14%提升到15.5%: the figure before measured the share already, so the
    # words both say are written once
    overlap = next((k for k in range(min(len(subject), len(metric)), 1, -1) if subject.endswith(metric[:k])), 0)
    return subject + metric[overlap:]


def with_named_crop(metric: str | None, lead: str) -> str | None:
    """总产 → 粮食总产 when 粮食 is the crop named last in lead, the sentence before the figure
    (lexicon measures_of_a_named_crop)."""
    if metric not in lexicon_set("measures_of_a_named_crop", "measures"):
        return metric
    found = [(lead.rfind(crop), crop) for crop in lexicon_words("measures_of_a_named_crop", "crops")]
    at, crop = max(found)
    return crop + metric if at >= 0 else metric


def _total_of(metric: str, previous: str) -> str | None:
    """总里程 after 新增高速公路通车里程 → 高速公路通车总里程 (lexicon total_prefixes); else None."""
    metric = without_trailing_link(metric) or metric  # (总里程达8667公里)
    prefix = next((p for p in lexicon_words("total_prefixes") if metric.startswith(p)), None)
    measure = metric[len(prefix):] if prefix is not None else ""
    subject = _without_flow_verb(subject_of(previous))
    if len(measure) < 2 or not subject.endswith(measure) or len(subject) == len(measure):
        return None
    return subject[:-len(measure)] + metric


def _without_flow_verb(subject: str) -> str:
    """subject without the verb of things added it opens with (lexicon flow_verbs: 新增全国重点实验室
    → 全国重点实验室), when two characters or more are left."""
    flow = next((w for w in lexicon_words("flow_verbs", longest_first=True) if subject.startswith(w)), "")
    return subject[len(flow):] if len(subject) - len(flow) >= 2 else subject


def with_subset_verb(metric: str | None, previous: str | None, clause_words: str, same_family: bool) -> str | None:
    """A figure in a clause opening with a subset marker (lexicon subset_markers: 其中) counts part
    of what the figure before counted (measured alike: same_family), so the verb of that figure's
    metric is its verb too: 补充中小学教师2.8万名，其中乡村教师9100名 → 补充乡村教师. With no metric
    of its own it is that metric's part for a place (新增加装电梯3000部，其中成都市1800部)."""
    if previous is None or not same_family or not clause_words.startswith(lexicon_words("subset_markers")):
        return metric
    if metric is None:
        return previous
    if _has_own_verb(metric):
        return metric
    verb = _list_verb_re().match(previous)
    return verb.group(1) + metric if verb else metric


# Characters a list item may hold besides its metric and still be "right after" the figure
# before it: a qualifier (、总投资约3000亿元, 、总投资超1.6万亿元).
ADJACENT_SLACK = 2


def _adjacent(metric: str, previous: str, joined: str) -> bool:
    """The text between two figures is only a list mark and this figure's metric (、总投资约), after
    what the figure before counted when its noun follows it (839个海外仓、总面积)."""
    between = after_rate(joined)
    mark = max(between.rfind(m) for m in "、，,")
    if mark < 0 or (mark > 0 and between[:mark] not in previous):
        return False
    own = between[mark + 1:]
    return own.startswith(metric) and len(own) - len(metric) <= ADJACENT_SLACK


@functools.lru_cache(maxsize=1)
def _stage_metric() -> re.Pattern:
    """A metric made only of stages of work and predicates: 完工, 在建, 建成投产, 竣工达."""
    return _only_words_and_predicates("stage_words", repeated=True)


@functools.lru_cache(maxsize=1)
def _stage_metric_words() -> re.Pattern:
    """The stage words a subject opens or ends with: 建成过江通道 → 过江通道, 重大项目开工 → 重大项目."""
    words = alternation(load_rules().lexicon["stage_words"])
    modifiers = alternation(load_rules().lexicon["predicate_only_metric_words"]["modifiers"])
    return re.compile(f"^(?:{modifiers})*(?:{words})+|(?:{words})+$")


@functools.lru_cache(maxsize=1)
def _attribute_metric() -> re.Pattern:
    """A metric made only of an attribute of listed things and predicates: 总投资, 总面积达."""
    return _only_words_and_predicates("attribute_items")


def _only_words_and_predicates(lexicon_list: str, repeated: bool = False) -> re.Pattern:
    """Modifiers, then one word of the lexicon list (or several in a row), then predicates."""
    lexicon = load_rules().lexicon
    words = lexicon["predicate_only_metric_words"]
    modifiers, predicates = alternation(words["modifiers"]), alternation(words["predicates"])
    return re.compile(f"(?:{modifiers})*(?:{alternation(lexicon[lexicon_list])}){'+' if repeated else ''}(?:{predicates})*")


def subject_of_clauses(text: str, start: int, end: int, unit_family: str | None = None) -> str | None:
    """For a figure that names nothing of its own and follows no figure it could take a subject
    from: the measure its clause, or the nearest clause before it in the sentence (text[start:end],
    end at the figure), opens with, up to its predicate (粮食总产量再上新台阶，突破1600亿斤大关 →
    粮食总产量; 全省进出口总值创历史新高，达到5379亿元 → 进出口总值). None when no clause opens
    with a measure (lexicon measure_suffixes, shared_metric_heads)."""
    predicates = _clause_predicate()
    clauses = _clause_delim_res()[0].split(text[start:end])
    for clause in reversed(clauses):
        found = predicates.search(clause)
        words = strip_metric_leads(_METRIC_LEFT_DROP.sub("", clause[:found.start()] if found else ""))
        words = _span_tail().sub("", words)  # (地区生产总值五年|跨过3个万亿级关口)
        if not (unit_family or "").startswith(("percent", "change")):
            # 收入增速高于经济增速、突破3万元: the amount is the income's, not its growth rate's
            words = words.removesuffix(next((h for h in lexicon_words("rate_of_change_heads", longest_first=True)
                                             if words.endswith(h) and len(words) > len(h) + 1), ""))
        if 2 <= len(words) <= METRIC_MAX_CHARS and _names_a_quantity(words):
            return words
    return None


@functools.lru_cache(maxsize=1)
def _clause_predicate() -> re.Pattern:
    """Where a clause's subject ends: a change, a link, a threshold crossing, a start point or
    another predicate (lexicon clause_subject_ends), of two characters or more except 从 and 由."""
    lexicon = load_rules().lexicon
    words = [*lexicon_words("change_verbs"), *lexicon_words("metric_trailing_links"), *lexicon_words("years", "to_markers"),
             *lexicon_words("threshold_crossings", "verbs"), *lexicon["predicate_only_metric_words"]["predicates"],
             *lexicon_words("clause_subject_ends")]
    return re.compile(alternation([w for w in words if len(w) >= 2] + list(lexicon_words("years", "from_markers"))))


@functools.lru_cache(maxsize=1)
def _span_tail() -> re.Pattern:
    return re.compile(f"(?:{'|'.join(load_rules().lexicon['metric_span_leads'])})$")


def subject_of(metric: str) -> str:
    """What a metric names, without the predicate and the increment word it ends with
    (经营主体净增 → 经营主体, 技术合同成交额突破 → 技术合同成交额), or the threshold it crossed
    (地区生产总值连续迈上万亿元台阶 → 地区生产总值), or the verb that linked it to its figure
    (全体居民人均可支配收入由…增加到 → 全体居民人均可支配收入)."""
    subject = _predicate_tail().sub("", _increment_tail().sub("", _baseline().sub("", _crossing_tail().sub("", metric))))
    subject = without_trailing_link(subject) or subject
    modifier = _link_modifier().search(subject)  # (农村居民人均可支配收入首次突破2万元)
    return subject[:modifier.start()] if modifier and modifier.start() >= 2 else subject


@functools.lru_cache(maxsize=1)
def _crossing_tail() -> re.Pattern:
    """A threshold crossing and what follows it (lexicon threshold_crossings: verbs, with the
    modifiers that may open it: 连续迈上, 五年跨过)."""
    crossings = load_rules().lexicon["threshold_crossings"]
    return re.compile(f"(?:{alternation(crossings['modifiers'])})?(?:{alternation(crossings['verbs'])}).*$")


@functools.lru_cache(maxsize=1)
def _increment_tail() -> re.Pattern:
    return re.compile(f"(?:{alternation(load_rules().lexicon['increment_words'])})$")
