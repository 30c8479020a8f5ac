"""Extract stage: find every quantitative mention in a text.

`find_quantities(text)` is pure: it returns the numbers with their qualifier, unit,
value and kind, with offsets into `text`, and drops what the spec excludes (dates,
ordinals, anniversaries, addresses, ages, hotlines, quoted slogans, idioms, floors).
No library extracts (value, unit, qualifier) for Chinese counts (see
../shared/notes/extraction-libraries.md §3, §7), so the matcher is a rule layer over
the data in etl/data/units.json and lexicon.json; cn2an converts isolated Chinese
numerals.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from dataclasses import dataclass
from decimal import Decimal

import cn2an  # type: ignore[import-untyped]  # ships no type information

from .rules import Rules, Unit, alternation, load_rules, rate_denominator_re, rate_unit
from .segment import CELL_NUMERAL, WIDE_SPACE, row_cells

# Possessive quantifiers and the look-behinds keep a scan linear: without them a long run of
# digits with no unit after it is retried from every position inside it (quadratic).
ARABIC = r"(?<![0-9０-９])[0-9０-９]++(?:[,，][0-9]{3})*+(?:[.．][0-9０-９]++)?"
CHINESE_DIGITS = "零〇一二两三四五六七八九十百千"
# 一万二千 is one number (12000), not 一万 and 二千; a 万 with no digits after it is a multiplier
CHINESE = rf"(?<![{CHINESE_DIGITS}万])[{CHINESE_DIGITS}]++(?:万[{CHINESE_DIGITS}]++)?+"
NUMBER = rf"(?:{ARABIC}|{CHINESE})"
# the part before the last of a number written in two steps (1亿|2千万, 3万|5千) and the whole
# part of a Chinese decimal before its digits (一点|五万)
_COMPOUND_HEAD = re.compile(r"(?<![0-9０-９.．])(?P<n>[0-9０-９]+(?:[.．][0-9０-９]+)?)(?P<mult>亿|万)$")
_CHINESE_WHOLE_PART = re.compile(r"(?<![零〇一二两三四五六七八九十百千])(?P<n>[一二两三四五六七八九十]{1,3})点$")
# 百分之六点五: a Chinese decimal point, read only after 百分之 (elsewhere 三点 is a time, 两点一线 an idiom)
CHINESE_DECIMAL = rf"{CHINESE}(?:点[{CHINESE_DIGITS}]++)?+"
ARABIC_DIGITS = frozenset("0123456789０１２３４５６７８９")
FRAMEWORK_PHRASE_CHARS = 12  # how far a framework's name may run after its count
# the rest of a short clause after a count, up to a colon on its line (五个方面工作：)
_COLON_AFTER = re.compile(r"[^，。；：！？\n]{0,12}[：:]\s*")
SPLIT_TERM = r"[0-9]{1,3}(?:\.[0-9]+)?"  # a part of a whole in percent (4.0∶37.7∶58.3)
SLASH_TERM = r"[0-9０-９]{1,3}"  # 1/3, 1/10: short terms, never part of a date (2026/02/05: see the look-arounds)
CLAUSE_ENDS = "，,。；;、）)！？!?\n"
ADVERB_CHARS = 5  # an adverb between a noun and the amount after it: 在全国率先, 再次
NOUN_BEFORE_REACH = 10  # characters searched before a count for the noun it counts (常住人口达6万)
PLACE_CHARS = (2, 4)  # the length of a place named before its people (皖北, 内蒙古) in 405万皖北群众
COMPOUND_PART_REACH = 8  # characters before a duration's last part searched for its larger part (1小时 of 1小时20分钟)
CONTEXT_REACH = 32  # characters searched back (within the clause) for a slash fraction's share word or a unit's context
_NOUN_PHRASE = re.compile(r"[\u4e00-\u9fff“”]+")
NUMBER_CHARS = ARABIC_DIGITS | frozenset(".．零〇一二两三四五六七八九十百千万亿")
LISTED_NUMBER_REACH = 24  # characters searched before a figure for a bare number listed with it
MAX_DIGITS = 15  # beyond this a float loses precision and no civic figure is that long
FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
CN_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NON_RATE_KINDS = ("percent", "ratio", "concentration")  # 5%/年 is no rate unit; 微克/立方米 is one already
# Quote pairs inside which a short span is a name or slogan, not a quantity.
QUOTE_PAIRS = {"“": "”", "「": "」", "《": "》", "‘": "’"}


@dataclass
class Quantity:
    start: int
    end: int
    mention: str
    value: float
    value_high: float | None
    unit: str
    unit_family: str
    base_value: float
    base_unit: str
    qualifier: str
    kind: str
    direction: str | None
    is_chinese: bool


class QuantityMatcher:
    """Compiled patterns for one set of rules."""

    def __init__(self, rules: Rules):
        lx = rules.lexicon
        self.rules = rules
        self.lx = lx
        self._unit_named = {u.unit: u for u in rules.units_by_form.values()}
        self.list_joiners = frozenset(lx["predicate_only_metric_words"]["list_joiners"])
        units = alternation(rules.units_by_form)
        mult = alternation(rules.multipliers)
        # Qualifiers before a number, and those that qualify only a bare numeral (上万支: find
        # reads 上10万人 from its digits on).
        self.prefix_qualifiers = {**lx["prefix_qualifiers"], **lx["bare_numeral_prefixes"]}
        self.bare_numeral_prefixes = frozenset(lx["bare_numeral_prefixes"])
        self.bare_numeral_suffixes = frozenset(lx["bare_numeral_suffixes"])
        pre = alternation(self.prefix_qualifiers)
        infix = alternation(lx["infix_qualifiers"])
        post = alternation(lx["suffix_qualifiers"])
        seps = alternation(lx["range_separators"])
        self.bare_numerals = lx["bare_numerals"]
        self.bare_numeral_units = frozenset(lx["bare_numeral_units"])
        self.vague_numeral_leads = tuple(lx["vague_numeral_leads"])
        self.shared_suffixes = tuple(lx["shared_suffix_qualifiers"])
        crossings = lx["threshold_crossings"]
        # A threshold verb ending in a qualifier is a word of its own too: 跨上万亿元台阶 is no 上万.
        self.words_ending_in_qualifier = {
            q: tuple(lx["words_ending_in_qualifier"].get(q, [])) + tuple(v for v in crossings["verbs"] if v.endswith(q))
            for q in self.prefix_qualifiers}
        self.round_numerals = frozenset(lx["round_numerals"])
        # 万 and 亿 (百 and 千 are Chinese numerals already) start a number only where one can be
        # read: after the last character of a prefix qualifier (近万名) or before 余/多 (万余人).
        if any(len(w) != 1 for w in self.bare_numerals):
            raise ValueError("lexicon bare_numerals: each must be one character (the run scan reads them one by one)")
        bare_chars = "".join(w for w in self.bare_numerals if not re.fullmatch(CHINESE, w))
        self.crossing_verbs, self.crossing_after = tuple(crossings["verbs"]), tuple(crossings["after"])
        self.crossing_qualifier = crossings["qualifier"]
        self.crossing_kinds = frozenset(crossings["amount_kinds"])
        # (跨上万亿元台阶: a round number may also start after a threshold verb; _to_quantity keeps it
        # only when the threshold word follows)
        self._bare_leads = {w[-1] for w in self.prefix_qualifiers} | {w[-1] for w in self.crossing_verbs}
        prefix_end_class = "".join(re.escape(ch) for ch in sorted(self._bare_leads))
        bare = rf"(?:(?<=[{prefix_end_class}])[{bare_chars}]|[{bare_chars}](?={infix}))"
        self.implied_units = {**lx["people_after_place"], **lx["implied_unit_nouns"]}
        implied = alternation(lx["implied_unit_nouns"])
        people_after_place = alternation(lx["people_after_place"])
        self.region_epithets = frozenset(lx["region_epithets"])
        modifiers = (rf"(?:(?:{alternation(lx['implied_unit_modifiers'])})"
                     rf"(?:{alternation(lx['implied_unit_modifier_joiners'])})?){{0,{lx['implied_unit_modifier_chain']}}}")
        self.pattern = re.compile(
            rf"(?P<pre>{pre})?(?:"
            # fractions first: 三分之一 is no 三分 (a score) followed by 之一
            rf"(?:(?P<fden>{NUMBER})分之(?P<fnum>{ARABIC}|{CHINESE_DECIMAL})"
            rf"|百分之(?P<pct>{ARABIC}|{CHINESE_DECIMAL})"
            rf"|(?P<snum>(?<![0-9０-９/／.．:：]){SLASH_TERM})[/／](?P<sden>{SLASH_TERM})(?![0-9０-９/／.．:：万])"
            rf"|(?P<fword>{alternation(lx['fraction_words'])})"
            rf")(?P<fpost>{post})?"
            # 余/多 stand before the multiplier (300多亿元, 1000余万元) or after it (3万余元)
            # (3千余万元: 余 inside the multiplier 千万, m1x its second part)
            rf"|(?P<n1>{NUMBER}|{bare})(?P<j1>{infix})?(?P<m1>{mult})?(?P<i1>{infix})?(?P<m1x>(?<=千[余多])[万亿])?"
            rf"(?:(?P<u1>{units})?(?P<sep>{seps})(?P<n2>{NUMBER})(?P<j2>{infix})?(?P<m2>{mult})?(?P<i2>{infix})?)?"
            # or no unit: before a noun that implies one (70多万群众, 14万困难群众), or at the end of
            # a clause after such a noun (专业人才8.1万, 常住人口6万: checked in _to_quantity), or
            # before a place and its people (405万皖北群众: the place checked in _to_quantity). The
            # noun is tried before the measure words: 3万多家庭 counts households, not 家 of 庭
            # (a threshold word is tried before the units: 1200亿台阶 is no 1200亿台 of machines)
            rf"(?:(?={modifiers}(?P<noun>{implied}))|(?P<threshold_end>(?={alternation(crossings['after'])}))"
            rf"|(?P<unit>{units})"
            rf"|(?=(?P<people_of>[\u4e00-\u9fff]{{{PLACE_CHARS[0]},{PLACE_CHARS[1]}}})(?P<people>{people_after_place}))"
            rf"|(?P<clause_end>(?=[{CLAUSE_ENDS}])))"
            rf"(?P<post>{post})?)"
        )
        self.slash_fraction_leads = tuple(lx["slash_fraction_leads"])
        # 收入倍差缩小至1.83: a decimal after a ratio noun in its clause, at the clause's end or
        # before the verb that says the ratio changed from it (nothing that makes it another
        # quantity: a unit, ∶1, a percent sign)
        self._ratio_clause = re.compile(
            rf"(?:{alternation(lx['ratio_nouns'])})(?!{alternation(lx['ratio_noun_not_before'])})"
            rf"[^{CLAUSE_ENDS}]*")
        self._ratio_decimal = re.compile(
            rf"(?<![0-9０-９.．])[0-9]+\.[0-9]+(?=$|[{CLAUSE_ENDS}]|{alternation(lx['ratio_start_before'])})")
        split_sep = alternation(lx["share_split_separators"])
        self._share_split = re.compile(rf"(?<![0-9０-９.．]){SPLIT_TERM}(?:(?:{split_sep}){SPLIT_TERM}){{2,}}"
                                       rf"(?![0-9０-９.．]|{split_sep})")
        self._split_term = re.compile(SPLIT_TERM)
        self.share_split_total, self.share_split_tolerance = lx["share_split_total"], lx["share_split_tolerance"]
        self.share_split_separators = tuple(lx["share_split_separators"])
        self.table_unit_headers = frozenset(lx["table_unit_headers"])
        self.table_change_headers = tuple(lx["table_change_headers"])
        self.share_split_time_separators = tuple(lx["share_split_time_separators"])
        self.rank_threshold_before = tuple(lx["rank_threshold_before"])
        # the noun a count written after it, without a measure word, counts: 专业人才8.1万
        self.units_after_noun = {**self.implied_units, **lx["amount_nouns"]}
        nouns, totals = alternation(self.units_after_noun), alternation(lx["noun_count_totals"])
        links = alternation(lx["noun_count_links"] + crossings["verbs"])
        self._noun_before = re.compile(rf"(?P<noun>{nouns})(?:{totals})?(?:{links})?$")
        # before a prefix qualifier or a threshold verb, a short adverb may follow the noun:
        # 新能源装机在全国率先破亿, 旅客吞吐量再次破亿
        self._noun_before_adverb = re.compile(
            rf"(?P<noun>{nouns})(?:{totals})?[^{CLAUSE_ENDS}0-9０-９]{{0,{ADVERB_CHARS}}}?(?:{links})?$")
        self.change_comparisons = tuple(lx["change_comparisons"])
        self._compared_before = re.compile(
            "(?:" + "|".join([alternation(lx["change_comparisons"]), *lx["change_comparison_patterns"]]) + ")$")
        verbs = alternation(lx["change_verbs"])
        self.change_re = re.compile(rf"(?P<verb>{verbs}){lx['change_gap']}$")
        comparisons = "|".join([alternation(lx["change_comparisons"]), *lx["change_comparison_patterns"]])
        self._change_only_clause = re.compile(rf"\s*(?:{comparisons})?(?:{verbs})了?")
        self.change_noun_after_re = re.compile(lx["change_nouns_after"])  # matched at the figure's end
        # "减少年度任务四万多条": a reduction verb, its object, then the amount removed.
        self.change_object_re = re.compile(
            rf"(?P<verb>{alternation(lx['change_count_verbs'])})"
            rf"(?:(?!{alternation(lx['change_blockers'])})[\u4e00-\u9fff]){{1,6}}$")
        # A match always begins at the first digit of a number, at a prefix qualifier right before
        # it, or at 百分之. Python's re cannot skip ahead to such a place in the big pattern (it
        # starts with an optional group), so it was tried at every character: finding those
        # places with a plain character-class scan and matching only there is 6x faster.
        # Runs of digits or of Chinese numerals, and each bare 万 or 亿 alone (9万亿三个: 三 starts a
        # number of its own). The look-ahead lets re skip straight to the next numeral (a
        # look-behind in front, or a bare alternation of three, would disable that: 2x slower).
        self._bare_chars = frozenset(bare_chars)
        self._bare_lead_chars = frozenset(self._bare_leads)
        self._infixes = tuple(lx["infix_qualifiers"])
        self._runs = re.compile(rf"(?=[0-9０-９{CHINESE_DIGITS}{bare_chars}])"
                                rf"(?:[0-9０-９]+|[{CHINESE_DIGITS}]+|[{bare_chars}])")
        self._prefix_lengths = sorted({len(w) for w in self.prefix_qualifiers}, reverse=True)
        self._prefixes = frozenset(self.prefix_qualifiers)
        self._prefix_words = tuple(self.prefix_qualifiers)
        self._prefix_words_longest_first = tuple(sorted(self.prefix_qualifiers, key=len, reverse=True))
        self._prefix_ends = frozenset(w[-1] for w in self.prefix_qualifiers)
        # str.startswith/endswith take a tuple: one C call instead of a Python loop per word.
        self.exclude_before = tuple(lx["exclude_before"])
        self.exclude_before_not = tuple(lx["exclude_before_not"])
        self.exclude_before_unless_measured = tuple(lx["exclude_before_unless_measured"])
        self._per_unit_before = re.compile(lx["per_unit"]["before"] + "$")
        # (the thing counted may stand between: 每新增10个岗位奖励1万元)
        self._per_unit_reward = re.compile(rf"[\u4e00-\u9fff]{{0,4}}?(?:{alternation(lx['per_unit']['rewards_after'])})")
        self.exclude_after_number = tuple(lx["exclude_after_number"])
        # the full names of divisions that open with a Chinese numeral, by that numeral
        numeral_places: dict[str, list[str]] = {}
        for name in rules.names:
            if name[0] in CHINESE_DIGITS:
                numeral_places.setdefault(name[0], []).append(name)
        self._numeral_place_names = {ch: tuple(names) for ch, names in numeral_places.items()}
        self._compound_parts = {
            last: (re.compile(rf"(?<![0-9０-９.．])(?P<n>[0-9０-９]+)(?P<u>{alternation(parts)})$"), parts)
            for last, parts in lx["compound_durations"].items()}
        self.exclude_after_units = {k: tuple(v) for k, v in lx["exclude_after_units"].items()}
        self.exclude_before_units = {k: tuple(v) for k, v in lx["exclude_before_units"].items()}
        self.exclude_after_units_except = {k: tuple(v) for k, v in lx["exclude_after_units_except"].items()}
        self.idiom_re = re.compile(alternation(lx["idioms"])) if lx["idioms"] else None
        self.framework_re = re.compile(alternation(lx["framework_suffixes"]))
        self.framework_suffixes = tuple(lx["framework_suffixes"])
        self.never_counts = frozenset(lx["chinese_numerals_never_counts"])
        self.enumeration_openers = tuple(lx["enumeration_openers"])
        self.quoted_list_max = lx["quoted_list_max"]
        self.threshold_class_nouns = tuple(lx["threshold_class_nouns"])
        mult = alternation(sorted(rules.multipliers, key=len, reverse=True))
        number = r"[0-9０-９]+(?:[.．][0-9０-９]+)?"
        # the number (and multiplier) a figure's mention opens with, after any qualifier word
        self._bare_number = re.compile(rf"[^0-9０-９]{{0,3}}?(?P<num>{number})(?P<mult>{mult})?")
        # 第 and listed numbers ending the text searched: the figure after them is an ordinal too
        self._listed_ordinal = re.compile(rf"第(?:(?:{self._runs.pattern})、)+$")
        # a bare number and 、 ending the text searched (right before a figure)
        # (22、26和31微克/立方米: the last of the list may be joined by 和, 与 or 及)
        joiners = alternation(lx["predicate_only_metric_words"]["list_joiners"])
        self._listed_before = re.compile(rf"(?<![0-9０-９.．/／A-Za-z第])(?P<num>{number})(?P<mult>{mult})?(?:{joiners})$")

    # -- public ---------------------------------------------------------------
    def find(self, text: str) -> list[Quantity]:
        excluded = self._excluded_spans(text)
        out: list[Quantity] = []
        for m in self._matches(text):
            pre = m.group("pre")
            if pre and (text.endswith(self.words_ending_in_qualifier[pre], 0, m.end("pre"))
                        or pre in self.bare_numeral_prefixes and m.group("n1") not in self.bare_numerals):
                m = self.pattern.match(text, m.end("pre"))  # 项目签约3543亿元: 签约 is a word, not 约
                if m is None:
                    continue
            q = self._to_quantity(text, m)
            if q is None or _overlaps(excluded, q.start, q.end):
                continue
            if text[q.start - 1:q.start] == "、" and self._listed_ordinal.search(
                    text, max(0, q.start - LISTED_NUMBER_REACH), q.start):
                continue  # 第1、2批: an ordinal listed after the first one
            out.append(_with_minus_sign(text, q))
        found_spans = [(q.start, q.end) for q in out]
        ratios = [q for q in self._unit_less_ratios(text) + self._share_splits(text) + self._table_cells(text)
                  if not _overlaps(found_spans, q.start, q.end) and not _overlaps(excluded, q.start, q.end)]
        if ratios:
            out = sorted(out + ratios, key=lambda q: q.start)
        self._carry_change_along_list(text, out)
        self._carry_prefix_qualifier_along_list(text, out)
        self._share_suffix_qualifier_back(text, out)
        self._share_compound_unit_back(text, out)
        self._join_compound_durations(text, out)
        return self._with_listed_bare_numbers(text, out, excluded)

    def _listed_after_rank(self, text: str, start: int, unit_form: str | None, rank_words: tuple[str, ...]) -> bool:
        """The figure is listed (、) after figures of the same unit whose first a rank word opens."""
        if not unit_form or text[start - 1:start] != "、":
            return False
        listed = re.compile(rf"(?:[0-9０-９]+{re.escape(unit_form)}、)+$")
        m = listed.search(text, max(0, start - LISTED_NUMBER_REACH * 2), start)
        return m is not None and text[max(0, m.start() - 6):m.start()].endswith(rank_words)

    def _join_compound_durations(self, text: str, found: list[Quantity]) -> None:
        """3分42秒, 1小时20分钟: the larger part written before a duration's last unit (lexicon
        compound_durations) joins the figure, which keeps the last unit (222秒); a figure found for
        that part alone (1小时) is dropped."""
        for k in range(len(found) - 1, -1, -1):
            q = found[k]
            larger = self._compound_parts.get(q.unit)
            if larger is None or q.value_high is not None or q.qualifier != "exact":
                continue
            pattern, per = larger
            m = pattern.search(text, max(0, q.start - COMPOUND_PART_REACH), q.start)
            part = parse_number(m.group("n")) if m else None
            if m is None or part is None:
                continue
            if k and found[k - 1].end > m.start():
                if found[k - 1].start != m.start():
                    continue
                del found[k - 1]
                k -= 1
            factor = q.base_value / q.value if q.value else self.rules.units_by_form[q.unit].to_base
            q.value = part * per[m.group("u")] + q.value
            q.base_value = scaled(q.value, factor)
            q.start, q.mention = m.start(), text[m.start():q.end]

    def _unit_less_ratios(self, text: str) -> list[Quantity]:
        """Ratios to one written without ∶1 after a ratio noun (lexicon ratio_nouns):
        城乡居民收入比值由3.27缩小至2.93 holds 3.27∶1 and 2.93∶1."""
        unit = self.rules.units_by_form["∶1"]
        found = []
        for clause in self._ratio_clause.finditer(text):
            for m in self._ratio_decimal.finditer(text, clause.start(), clause.end() + 1):
                found.append(self._make(m, m.start(), m.end(), float(m.group(0)), None, unit, "exact", False, text))
        return found

    def _table_cells(self, text: str) -> list[Quantity]:
        """Bare numbers in the cells of a table written as text (markdown rows between |, or cells
        between tabs), in the unit that their column's header or their row's label names in
        brackets: | 区 | 改造小区（个） | 投资（亿元） | over | 历下区 | 32 | 3.2 | holds 32个 and
        3.2亿元. A cell that says its own unit (200个) is read by the main pattern."""
        if "|" not in text and "\t" not in text and WIDE_SPACE.search(text) is None:
            return []
        found: list[Quantity] = []
        previous_unit: tuple[Unit, float] | None = None
        previous_end = 0
        for rows in _table_blocks(text):
            header = rows[0]
            names = [text[a:b].strip() for a, b in header]
            column_units = [self._bracketed_unit(name) or self._counted_by_header(name) for name in names]
            # (单位：件 on the line above, or 表1　…主要业务指标（单位：亿元）: every cell's unit; a
            # table a few lines after one with such a unit, in the same section, shares it:
            # 二、财务收支情况（单位：元） / （一）收入… / （二）支出…)
            table_unit = self._table_unit(text, header[0][0]) if header else None
            if table_unit is None and header and previous_unit is not None \
                    and sum(1 for line in text[previous_end:header[0][0]].split("\n") if line.strip()) <= TABLE_UNIT_LINES:
                table_unit = previous_unit
            previous_unit, previous_end = table_unit, rows[-1][-1][1]
            unit_column = next((k for k, name in enumerate(names) if name in self.table_unit_headers), None)
            change_columns = {k for k, name in enumerate(names) if any(w in name for w in self.table_change_headers)}
            for row in rows[1:]:
                if all(_TABLE_RULE.fullmatch(text[a:b]) for a, b in row):
                    continue  # |---|---|
                row_unit = self._bracketed_unit(text[row[0][0]:row[0][1]]) if row else None
                if unit_column is not None and unit_column < len(row):
                    row_unit = self._unit_cell(text[row[unit_column][0]:row[unit_column][1]].strip()) or row_unit
                for k, (a, b) in enumerate(row[1:], 1):
                    number = _TABLE_NUMBER.fullmatch(text, a, b)
                    unit_and_factor = (column_units[k] if k < len(column_units) else None) or row_unit or table_unit
                    if number is None or unit_and_factor is None:
                        continue
                    unit, factor = unit_and_factor
                    value = parse_number(number.group("n"))
                    if value is None:
                        continue
                    # (a signed cell: its sign is kept in the mention, the fall in the direction)
                    start = number.start("sign") if number.group("sign") else number.start("n")
                    q = self._make(number, start, number.end("n"), scaled(value, factor), None, unit, "exact", False, text)
                    if k in change_columns:
                        q.kind, q.direction = "change", "down" if number.group("sign") in NEGATIVE_SIGNS else "up"
                    elif number.group("sign") in NEGATIVE_SIGNS:
                        continue  # a negative level is no amount this reads
                    found.append(q)
        return found

    def _counted_by_header(self, name: str) -> tuple[Unit, float] | None:
        """The unit a header that names a number of things implies (本年制发件数 → 件, 参保人数 → 人,
        抽检批次 → 批次: a measure word of two characters or more ending it)."""
        if len(name) < 3:
            return None
        if name.endswith(COUNT_HEADER_END):
            unit = self.rules.units_by_form.get(name[-2])
        else:
            unit = next((self.rules.units_by_form[form] for form in (name[-3:], name[-2:])
                         if form in self.rules.units_by_form), None)
        return (unit, 1.0) if unit is not None and unit.kind == "count" else None

    def _table_unit(self, text: str, header_start: int) -> tuple[Unit, float] | None:
        """The unit the lines right above a table give all its cells (单位：件; 表1　2023年…指标
        （单位：亿元）)."""
        above = [line for line in text[max(0, header_start - TABLE_UNIT_REACH):header_start].split("\n") if line.strip()]
        for line in reversed(above[-TABLE_UNIT_LINES:]):
            m = _TABLE_UNIT_LINE.search(line)
            if m is not None:
                return self._named_unit(m)
        return None

    def _named_unit(self, m: re.Match) -> tuple[Unit, float] | None:
        """The unit and multiplier a match's unit and mult groups name (万平方米), if a unit."""
        unit = self.rules.units_by_form.get(m.group("unit"))
        return (unit, float(self.rules.multipliers.get(m.group("mult") or "", 1))) if unit is not None else None

    def _unit_cell(self, cell: str) -> tuple[Unit, float] | None:
        """The unit a table's 单位 column gives a row (万吨, 亿千瓦时, %)."""
        mult = next((m for m in sorted(self.rules.multipliers, key=len, reverse=True)
                     if cell.startswith(m) and cell[len(m):] in self.rules.units_by_form), "")
        unit = self.rules.units_by_form.get(cell[len(mult):])
        return (unit, float(self.rules.multipliers.get(mult, 1))) if unit is not None else None

    def _bracketed_unit(self, cell: str) -> tuple[Unit, float] | None:
        """The unit a table's header cell or row label names in brackets (改造面积（万平方米）)."""
        m = _BRACKETED_UNIT.search(cell)
        return self._named_unit(m) if m is not None else None

    def _share_splits(self, text: str) -> list[Quantity]:
        """The parts of a whole written as a ratio of three or more terms that add up to it
        (lexicon share_split_*): 三次产业比重为4.0∶37.7∶58.3 holds 4.0 %, 37.7 % and 58.3 %."""
        if not any(sep in text for sep in self.share_split_separators):
            return []  # (most pages have no ratio colon: a scan for one is 20x cheaper than the pattern's)
        unit = self.rules.units_by_form["%"]
        found: list[Quantity] = []
        for split in self._share_split.finditer(text):
            parts = list(self._split_term.finditer(text, split.start(), split.end()))
            if "." not in split.group() and any(sep in split.group() for sep in self.share_split_time_separators):
                continue  # 12：30：58 is a time
            if abs(sum(float(p.group()) for p in parts) - self.share_split_total) > self.share_split_tolerance:
                continue  # 1∶2∶3 is a proportion, not a split of a whole
            found.extend(self._make(p, p.start(), p.end(), float(p.group()), None, unit, "exact", False, text)
                         for p in parts)
        return found

    def _carry_change_along_list(self, text: str, found: list[Quantity]) -> None:
        """分别增长4.8%、22.3%: the verb stands once, before the first figure, so a figure listed
        right after a change (a joiner between) is a change the same way: always in the same unit,
        and in another one when that verb makes a change of it (增长5%、3.2个百分点; not of money:
        增长5%、3亿元 is an amount) and the figure has no verb of its own (同比增长6.1%、突破2万亿元)."""
        for prev, q in zip(found, found[1:]):
            if prev.kind != "change" or q.kind == "change" or text[prev.end:q.start] not in self.list_joiners:
                continue
            if q.unit == prev.unit:
                q.kind, q.direction = "change", prev.direction
                continue
            unit = self._unit_named.get(q.unit)
            # (突破2万亿元 says its own verb: a threshold passed, not the change before it)
            if unit is not None and not q.mention.startswith(self._prefix_words):
                kind, direction = self._change(text, prev.start, unit, q.kind)
                if kind == "change":
                    q.kind, q.direction = kind, direction

    def _carry_prefix_qualifier_along_list(self, text: str, found: list[Quantity]) -> None:
        """接连突破8万亿元、9万亿元, 超过98%、85%: a qualifier written once before the first of
        listed figures (the same unit, a joiner between) bounds each of them."""
        for prev, q in zip(found, found[1:]):
            if q.qualifier == "exact" and prev.qualifier != "exact" and q.unit == prev.unit \
                    and prev.mention.startswith(self._prefix_words) and text[prev.end:q.start] in self.list_joiners:
                q.qualifier = prev.qualifier

    def _share_suffix_qualifier_back(self, text: str, found: list[Quantity]) -> None:
        """控制在5%和3%以内: a qualifier written once after the last of listed figures (lexicon
        shared_suffix_qualifiers) bounds each of them, as the held-out annotation passes read it."""
        for q, nxt in zip(reversed(found[:-1]), reversed(found[1:])):
            if q.qualifier == "exact" and nxt.qualifier != "exact" and q.unit == nxt.unit \
                    and nxt.mention.endswith(self.shared_suffixes) and text[q.end:nxt.start] in self.list_joiners:
                q.qualifier = nxt.qualifier

    def _share_compound_unit_back(self, text: str, found: list[Quantity]) -> None:
        """分别高于全省2.2个和3.7个百分点: a measure word that opens the unit form of the next
        listed figure (个 of 个百分点) stands for that unit, written once after the last."""
        for q, nxt in zip(reversed(found[:-1]), reversed(found[1:])):
            compound = self.rules.units_by_form.get(q.unit + nxt.unit)
            if compound is None or compound.unit != nxt.unit or not q.mention.endswith(q.unit) \
                    or not nxt.mention.endswith(q.unit + nxt.unit) or text[q.end:nxt.start] not in self.list_joiners:
                continue
            q.unit, q.unit_family, q.base_unit, q.kind = nxt.unit, nxt.unit_family, nxt.base_unit, nxt.kind
            q.base_value = scaled(q.value, compound.to_base)
            q.direction = nxt.direction if nxt.kind == "change" else None

    def _with_listed_bare_numbers(self, text: str, found: list[Quantity],
                                  excluded: list[tuple[int, int]]) -> list[Quantity]:
        """found plus the bare numbers listed before a figure, which share its unit: 3500万 of
        分别惠及3500万、2300万人次, 11.1 of 分别提高11.1、11.2个百分点 (unit 百分点), 20 of 20、30亿元 (the figure's
        multiplier when the number has none). Arabic numbers joined by 、 only: 1、2号楼 has no
        unit to share, and 第 or a letter before the number (第1、2批, PM2.5、PM10) rules it out."""
        listed: list[Quantity] = []
        taken = _merge([(q.start, q.end) for q in found] + excluded)
        for i, q in enumerate(found):
            if q.value_high is not None or q.is_chinese or not q.start or text[q.start - 1] not in self.list_joiners:
                continue
            own = self._bare_number.match(q.mention)
            if own is None or not q.value:
                continue
            figure_multiplier = self.rules.multipliers.get(own.group("mult") or "", 1)
            # (a rate such as 元/月 shares its measure's conversion: rate_unit)
            unit = self._unit_named.get(q.unit) or self._unit_named[q.unit.rsplit("/", 1)[0]]
            to_base = unit.to_base
            group_start = len(listed)
            pos = q.start
            while True:
                m = self._listed_before.search(text, max(0, pos - LISTED_NUMBER_REACH), pos)
                if m is None:
                    break
                start, end = m.start("num"), m.end("mult") if m.group("mult") else m.end("num")
                number = parse_number(m.group("num"))
                if number is None or _overlaps(taken, start, end):
                    break
                value = scaled(number, self.rules.multipliers.get(m.group("mult") or "", figure_multiplier))
                listed.append(Quantity(start, end, text[start:end], float(value), None, q.unit, q.unit_family,
                                       scaled(value, to_base), q.base_unit, "exact", q.kind, q.direction, False))
                pos = start
            if len(listed) > group_start and q.kind != "change":
                # 分别提高15、22个百分点: the verb stands before the first number, so the whole list
                # is a change (the figure alone saw only 15、 before it)
                kind, direction = self._change(text, listed[-1].start, unit, q.kind)
                if kind == "change":
                    found[i] = dataclasses.replace(q, kind=kind, direction=direction)
                    listed[group_start:] = [dataclasses.replace(x, kind=kind, direction=direction)
                                            for x in listed[group_start:]]
        return sorted(found + listed, key=lambda q: q.start) if listed else found

    # -- internals --------------------------------------------------------------
    def _matches(self, text: str):
        """The same matches as self.pattern.finditer(text), tried only where one can begin."""
        match, prefixes, lengths = self.pattern.match, self._prefixes, self._prefix_lengths
        prefix_ends, bare_chars, infixes = self._prefix_ends, self._bare_chars, self._infixes
        bare_leads = self._bare_lead_chars
        resume = 0
        for c in self._runs.finditer(text):
            p, run_end = c.span()
            if run_end <= resume:
                continue
            candidates = []
            if p >= resume:
                if p and text[p - 1] in prefix_ends:
                    candidates = [p - n for n in lengths if p - n >= resume and text[p - n:p] in prefixes]
                # a bare 万 or 亿 (a run of its own) starts a number only after a prefix qualifier's
                # last character or before 余/多, as the pattern's look-around says
                if text[p] not in bare_chars or p and text[p - 1] in bare_leads or text.startswith(infixes, p + 1):
                    candidates.append(p)
            # 百分之 may also begin at the last 百 of a run (一百分之…): the number rule cannot match there
            if run_end - p > 1 and text[run_end - 1] == "百" and text.startswith("分之", run_end):
                candidates.append(run_end - 1)
            for s in candidates:
                m = match(text, s)
                if m:
                    yield m
                    resume = m.end()
                    break
            else:
                # (一一半: no number starts the run of numerals, but one starts inside it, 一半, as
                # a scan of every position finds)
                if run_end - p > 1 and text[p] not in ARABIC_DIGITS:
                    for s in range(max(p + 1, resume), run_end):
                        m = match(text, s)
                        if m:
                            yield m
                            resume = m.end()
                            break

    def _excluded_spans(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        if self.idiom_re:
            # An idiom right after a digit is the tail of a number: 2.5万家 is 25,000 firms, not 万家灯火;
            # so is one after a prefix qualifier (近万家企业: a bare numeral, lexicon bare_numerals),
            # and one that a threshold verb runs into (跨上万亿元台阶 is no 上万).
            spans.extend(m.span() for m in self.idiom_re.finditer(text)
                         if not (m.start() and (text[m.start() - 1] in NUMBER_CHARS
                                                or text[m.start() - 1] in self._prefix_ends
                                                and text[m.start()] in self.bare_numerals)
                                  or self._splits_crossing_verb(text, m.start(), m.end())))
        limit = self.lx["quoted_span_max"]
        for opener, closer in QUOTE_PAIRS.items():
            i = text.find(opener)
            while i != -1:
                j = text.find(closer, i + 1, i + limit + 2)
                if j != -1:
                    spans.append((i, j + 1))
                i = text.find(opener, i + 1)
        # Straight quotes pair up in order within a line.
        for line in re.finditer(r"[^\n]+", text):
            qs = [m.start() for m in re.finditer('"', line.group())]
            for a, b in zip(qs[0::2], qs[1::2]):
                if b - a - 1 <= limit:
                    spans.append((line.start() + a, line.start() + b + 1))
        return _merge(spans)

    def _to_quantity(self, text: str, m: re.Match) -> Quantity | None:
        lx = self.lx
        start, end = m.span()
        before = text[max(0, start - 4):start]
        # (a qualifier word between, as in GDP超3000亿元, separates the number from the letters)
        if before and not m.group("pre") and (before[-1].isascii() and before[-1].isalnum() or before[-1] in ".．"):
            return None  # part of an identifier or a longer number (G20, PM2.5)
        if before.endswith(self.exclude_before) and not before.endswith(self.exclude_before_not) and not (
                before.endswith(self.exclude_before_unless_measured) and (m.group("unit") or m.group("m1"))):
            return None
        if m.group("fden") or m.group("snum") or m.group("fword"):
            if before.endswith(self.rank_threshold_before):
                return None  # 进入ESI前千分之一: a ranking threshold
            return self._fraction(text, m)
        if m.group("pct"):
            if before.endswith(self.rank_threshold_before):
                return None  # 排名前百分之十: a ranking threshold
            v = parse_number(m.group("pct"))
            if v is None:
                return None
            return self._make(m, start, end, v, None, self.rules.units_by_form["%"], self._qualifier(m), True, text)

        n1, unit_form = m.group("n1"), m.group("unit")
        if unit_form is None and not (m.group("m1") or n1 in self.bare_numerals):
            return None  # 30老人: a count without a measure word is written only with 万 or 亿 (or 近万)
        noun = m.group("noun")
        if m.group("people") is not None:
            if not self._names_a_place(m.group("people_of")):
                return None  # 投入3亿惠及群众: money, not 3亿 people
            noun = m.group("people")
        if m.group("clause_end") is not None or m.group("threshold_end") is not None:
            # 专业人才8.1万: the noun that stands before the count says its unit
            reach = max(0, start - NOUN_BEFORE_REACH)
            noun_match = self._noun_before.search(text, reach, start)
            if noun_match is None and (m.group("pre") or text.endswith(self.crossing_verbs, 0, start)):
                noun_match = self._noun_before_adverb.search(text, reach, start)
            if noun_match is None or not (m.group("m1") or n1 in self.bare_numerals) or m.group("sep"):
                return None
            noun = noun_match.group("noun")
        unit = self.rules.units_by_form[unit_form or self.units_after_noun[noun]]
        after_num = text[m.end("n1"):m.end("n1") + 4]
        if after_num.startswith(self.exclude_after_number) and not (
                unit_form and m.start("unit") == m.end("n1") and len(unit_form) > 1
                and unit_form.startswith(tuple(w for w in self.exclude_after_number if after_num.startswith(w)))):
            return None  # (a unit form that opens with the excluded word is data's own choice: 9.6/10万)
        if unit.kind != "money" and self._per_unit_before.search(text, max(0, start - 6), start) \
                and self._per_unit_reward.match(text, end):
            return None  # 每吸纳1人给予1000元补贴: what a payment is per, not a count (每月多了300元补贴 is the payment)
        if unit.kind == "percent" and before.endswith(self.rank_threshold_before):
            return None  # 全球前1%学科: a ranking threshold, not a share
        rank_words = self.exclude_before_units.get(unit.unit, ())
        if rank_words and (text[max(0, start - 6):start].endswith(rank_words)
                           or self._listed_after_rank(text, start, unit_form, rank_words)):
            return None  # 排名46位, 居全国前5位: a rank, not a count (排名46位、82位: both)
        is_chinese = n1[0] not in ARABIC_DIGITS  # n1 is an Arabic or a Chinese number, never both
        crossing = self._crosses_threshold(text, start, m.end(), unit)
        if n1 in self.round_numerals and not (m.group("pre") or crossing) and before.endswith(self.vague_numeral_leads):
            return None  # 数十家, 几百个, 数十万人: no amount
        if n1 in self.bare_numerals and not (m.group("pre") or m.group("j1") or unit_form in self.bare_numeral_units
                                             or crossing or m.group("post") in self.bare_numeral_suffixes):
            return None  # 千方百计, 万人空巷: a bare 千 or 万 is a number only as 近万, 超千亿, 千余
        if is_chinese and unit.unit in lx["chinese_ordinal_units"]:
            return None  # 二期工程, 三期: a phase, not a quantity
        if is_chinese and text.startswith(self._numeral_place_names.get(text[start], ()), start):
            return None  # 三台县, 七台河市, 九台区: a place's name, not three machines
        # A four-digit year before 年 (or a range of them) is a date, not a duration.
        if unit.unit == "年" and (re.fullmatch(r"[12][0-9]{3}", n1.translate(FULLWIDTH)) or m.group("sep")):
            return None
        if m.group("u1") and self.rules.units_by_form[m.group("u1")].unit != unit.unit:
            return None

        qualifier = "exact"
        post = m.group("post")
        if post:
            allowed = lx["suffix_qualifier_units"].get(post)
            if allowed is not None and unit.unit not in allowed:
                # 内/多/余 after a unit qualify only durations ("3个工作日内", "2年多").
                end -= len(post)
                post = None
            else:
                qualifier = lx["suffix_qualifiers"][post]
        # (after the end is known: 1个多月来 is read from the 多 that cannot qualify 个)
        following = text[end:end + 4]
        if following.startswith(self.exclude_after_units.get(unit_form, ())) \
                and not following.startswith(self.exclude_after_units_except.get(unit_form, ())):
            return None
        infix = m.group("j1") or m.group("i1") or m.group("j2") or m.group("i2")
        if infix:
            qualifier = lx["infix_qualifiers"][infix]
        if m.group("pre"):
            qualifier = self.prefix_qualifiers[m.group("pre")]
        elif crossing and qualifier == "exact":
            qualifier = self.crossing_qualifier  # 跨上5万亿元台阶: more than 5万亿元
        if post in lx["threshold_suffixes"] and unit.kind != "percent" and is_ideograph(text[end:end + 1]):
            return None  # 10亿元以上重大产业项目, 20户以上自然村: a class of things, not an amount
        if qualifier == "more_than" and m.group("pre") and unit.kind not in ("count", "percent") \
                and self._class_noun_follows(text, end):
            return None  # 超200亿元县, 超10亿元重大项目: a class of places or projects, not an amount
        if unit.needs_approx and not (infix or post) \
                and not (unit.plain_after and self._context_before(text, start, unit.plain_after)):
            return None  # "3年" is usually a period, not a claim; "2年多" is
        if unit.needs_multiplier and not m.group("m1"):
            return None  # 345亿度 is electricity; 30度 a temperature, 三度夺冠 a number of times
        if unit.arabic_only and is_chinese:
            return None  # 抓两头, 一头连着民生: a Chinese numeral before 头 is a word, not a head count
        if unit.needs_context and not self._context_before(text, start, unit.needs_context, unit_form):
            return None  # 人均预期寿命78.5岁 is an outcome; 75岁的老党员 an age

        if len(n1) > MAX_DIGITS and sum(ch.isdigit() for ch in n1) > MAX_DIGITS:
            return None  # an identifier or a run of digits, not an amount
        v1 = self.bare_numerals.get(n1) or parse_number(n1)
        if v1 is None:
            return None
        mult1 = self.rules.multipliers.get(m.group("m1") or "", 1) * self.rules.multipliers.get(m.group("m1x") or "", 1)
        v1 = scaled(v1, mult1)
        if m.group("m1") and not (m.group("pre") or m.group("n2")):
            joined = self._joined_head(text, start, n1, m.group("m1"), v1)
            if joined is not None:
                start, v1 = joined  # 1亿2千万元 is 1.2亿元, 一点五万户 15000 households
                joined_pre = next((w for w in self._prefix_words_longest_first if text.endswith(w, 0, start)), None)
                if joined_pre is not None:  # (约1亿2千万元: the qualifier stands before the first part)
                    start -= len(joined_pre)
                    qualifier = self.prefix_qualifiers[joined_pre]
        if unit.max_value is not None and v1 > unit.max_value:
            return None  # 2023成都大运会: not 2023 tenths
        if unit.min_value is not None and v1 < unit.min_value and not m.group("n2"):
            return None  # 2个1类创新药: a class, not one category
        v_high = None
        if m.group("n2"):
            v2 = parse_number(m.group("n2"))
            if v2 is None:
                return None
            mult2 = self.rules.multipliers.get(m.group("m2") or "", 1)
            if not m.group("m1") and m.group("m2"):
                v1 = scaled(v1, mult2)  # "3至5万元": the multiplier covers both ends
            v_high = scaled(v2, mult2)
            if v_high <= v1:
                return None
            qualifier = "range"
        elif is_chinese:
            adjacent = adjacent_range(n1)
            if adjacent:
                lo, hi = adjacent
                v1, v_high, qualifier = scaled(lo, mult1), scaled(hi, mult1), "range"
        if is_chinese and v1 == 1 and v_high is None and lx["exclude_when_chinese_one"] and not m.group("m1") \
                and not (unit.kind == "ratio" and self._after_change_verb(text, start)):
            return None  # 一个, 一次, 一种: nearly always idiom or article, not a count (增长一倍 is a change)
        if is_chinese and n1 in self.never_counts and v_high is None and not m.group("m1"):
            return None  # 零部件; 二轮延包, 二人转: a count says 两, a lone 二 is an ordinal or a name
        if is_chinese and unit.kind == "count" and (self._framework_follows(text, end)
                                                     or self._counts_quoted_list(text, start, v1)
                                                     or self._announces_enumeration(text, end)):
            return None
        if unit.kind == "duration" and self._framework_follows(text, end):
            return None
        rate = rate_denominator_re().match(text, end) if unit.kind not in NON_RATE_KINDS else None
        if rate:  # 1400元/月: the denominator is part of the figure and of its unit
            end, unit = rate.end(), rate_unit(unit, rate.group("den"))
        return self._make(m, start, end, v1, v_high, unit, qualifier, is_chinese, text)

    def _crosses_threshold(self, text: str, start: int, end: int, unit: Unit) -> bool:
        """The figure is a threshold passed: a verb of lexicon threshold_crossings before it and one
        of its threshold words after it (跨上5万亿元台阶, 跨越5000亿元大关), or an amount of one of
        its kinds alone after the verb (跨过3万亿元; 跨越3个千亿元台阶 counts steps)."""
        return text.endswith(self.crossing_verbs, 0, start) and (
            text.startswith(self.crossing_after, end) or unit.kind in self.crossing_kinds)

    def _splits_crossing_verb(self, text: str, start: int, end: int) -> bool:
        """A threshold verb ends inside text[start:end]: 上万 of 跨上万亿元台阶 is no idiom."""
        return any(text.endswith(self.crossing_verbs, 0, e) for e in range(start + 1, end))

    def _names_a_place(self, word: str) -> bool:
        """A place before the people it counts (405万皖北群众, 6100万湖北人民): a division's name,
        its short form, or a region's literary name (lexicon region_epithets)."""
        return word in self.region_epithets or word in self.rules.short_names or word in self.rules.names

    def _class_noun_follows(self, text: str, end: int) -> bool:
        """A noun of lexicon threshold_class_nouns follows; a one-character one (县) only as a
        word of its own: 超200亿元县（区）, not 超500亿元区域基金. (Not after 的: 首个经济总量超过3万亿元的
        城市 says the city's own amount, as the labels have it.)"""
        return any(text.startswith(noun, end) and (len(noun) > 1 or not is_ideograph(text[end + 1:end + 2]))
                   for noun in self.threshold_class_nouns)

    def _framework_follows(self, text: str, end: int) -> bool:
        """A framework's name follows: 15分钟生活圈, or a noun phrase that ends in one
        (四级三类国土空间规划体系, 五级治理体系)."""
        if self.framework_re.match(text, end, end + 6):
            return True
        phrase = _NOUN_PHRASE.match(text, end, end + FRAMEWORK_PHRASE_CHARS)
        return phrase is not None and phrase.group().endswith(self.framework_suffixes)

    def _counts_quoted_list(self, text: str, start: int, value: float) -> bool:
        """The count names a framework quoted right before it as a list of as many items:
        “投什么、谁来投、怎么投、如何管”四个问题. (Names quoted one by one, “宁夏大米”、“宁夏小麦”两个品种,
        are things counted.)"""
        closer = text[start - 1:start]
        opener = next((o for o, c in QUOTE_PAIRS.items() if c == closer), None) if closer else None
        if opener is None:
            return False
        begin = text.rfind(opener, max(0, start - 1 - self.quoted_list_max), start - 1)
        return begin >= 0 and text.count("、", begin, start) == value - 1 >= 1

    def _announces_enumeration(self, text: str, end: int) -> bool:
        """The count announces the points a speech goes on to list (五个方面工作：一是…,
        至少有十个突出亮点：一是…): an outline, not a measured quantity."""
        colon = _COLON_AFTER.match(text, end)
        return colon is not None and text.startswith(self.enumeration_openers, colon.end())

    def _fraction(self, text: str, m: re.Match) -> Quantity | None:
        """三分之一, 1/3 and 一半, in percent. A slash fraction or 一半 is a share only next to a
        qualifier or after a share word (占全国1/10, 近1/3, 稳定在全国1/10以上, 一半以上); elsewhere 3/15
        may be a date or a score, 爬到一半 halfway."""
        num: float | None
        den: float | None
        if m.group("fword"):
            num, den = float(self.lx["fraction_words"][m.group("fword")]), 100.0
        elif m.group("snum"):
            num, den = parse_number(m.group("snum")), parse_number(m.group("sden"))
        else:
            den, num = parse_number(m.group("fden")), parse_number(m.group("fnum"))
        # (a slash fraction is a proper one: 3/2 is no share; 十分之十五 may be written)
        if not den or num is None or num >= (den if m.group("snum") else den * 10):
            return None
        if (m.group("fword") or m.group("snum")) and not (
                m.group("pre") or m.group("fpost") or self._context_before(text, m.start(), self.slash_fraction_leads)
                or m.group("fword") and self._after_change_verb(text, m.start())):
            return None  # (减少一半: a change by half)
        unit = self.rules.units_by_form["%"]
        value = round(num / den * 100, self.lx["fraction_percent_decimals"])
        return self._make(m, m.start(), m.end(), value, None, unit, self._qualifier(m), True, text)

    def _joined_head(self, text: str, start: int, n1: str, mult: str, value: float) -> tuple[int, float] | None:
        """The start and value of a number whose last part the match is: a larger unit's count
        right before it (1亿|2千万元, 3万|5千元), or the whole part of a decimal written in Chinese
        (一点|五万户). Read alone, the last part was a wrong, smaller amount."""
        head = _COMPOUND_HEAD.search(text, max(0, start - 12), start)
        if head is not None:
            head_mult = self.rules.multipliers[head.group("mult")]
            if self.rules.multipliers[mult] < head_mult:
                head_value = parse_number(head.group("n"))
                if head_value is not None:
                    return head.start(), scaled(head_value, head_mult) + value
            return None
        point = _CHINESE_WHOLE_PART.search(text, max(0, start - 6), start)
        if point is not None and all(ch in CN_DIGIT or ch in "零〇" for ch in n1):
            whole = parse_number(point.group("n"))
            fraction = "".join(str(CN_DIGIT.get(ch, 0)) for ch in n1)
            if whole is not None:
                return point.start(), scaled(float(f"{int(whole)}.{fraction}"), self.rules.multipliers[mult])
        return None

    def _after_change_verb(self, text: str, start: int) -> bool:
        """A change verb (lexicon change_verbs) stands right before start: 增长一倍, 减少一半."""
        return self.change_re.search(text, max(0, start - 12), start) is not None

    def _qualifier(self, m: re.Match) -> str:
        """The qualifier of a fraction or 百分之 figure: 近三分之一, 1/10以上."""
        if m.group("pre"):
            return self.prefix_qualifiers[m.group("pre")]
        post = m.group("fpost")
        if post and self.lx["suffix_qualifier_units"].get(post) is None:
            return self.lx["suffix_qualifiers"][post]
        return "exact"

    def _context_before(self, text: str, start: int, words: tuple[str, ...], listed_form: str | None = None) -> bool:
        """One of words stands before start in the same clause (within CONTEXT_REACH characters),
        or further back in it with a figure of the same unit form (listed_form) between, which the
        word was the context of (得分前3位的是柳江区（96.5分）、鹿寨县（94.8分）、柳城县（93.2分)), or
        in the clause before when this one holds only a comparison and a change verb
        (人均预期寿命达到79.15岁，比上年提高0.31岁: the change is of what the clause before measured)."""
        lead = text[max(0, start - 2 * CONTEXT_REACH):start]
        cut = max(lead.rfind(ch) for ch in "，,。；;！？!?\n")
        own = lead[cut + 1:]
        if any(w in own[-CONTEXT_REACH:] for w in words):
            return True
        if listed_form:
            at = max(own.rfind(w) for w in words)
            if at >= 0 and re.search(f"[0-9０-９]{re.escape(listed_form)}", own[at:]) is not None:
                return True
        if cut < 0 or lead[cut] not in "，," or self._change_only_clause.fullmatch(own) is None:
            return False
        previous = lead[max(lead.rfind(ch, 0, cut) for ch in "，,。；;！？!?\n") + 1:cut]
        return any(w in previous for w in words)

    def _make(self, m, start, end, value, value_high, unit: Unit, qualifier, is_chinese, text=None) -> Quantity:
        mention = m.string[start:end]
        if unit.stored_as_base:  # 4成 is stored as 40 %
            value = scaled(value, unit.to_base)
            value_high = None if value_high is None else scaled(value_high, unit.to_base)
            unit = self._unit_named[unit.base]
        kind, direction = unit.kind, None
        if text is not None:
            kind, direction = self._change(text, start, unit, kind, end)
        return Quantity(start, end, mention, float(value), None if value_high is None else float(value_high),
                        unit.unit, unit.family, scaled(value, unit.to_base), unit.base, qualifier, kind,
                        direction, is_chinese)

    def _change(self, text: str, start: int, unit: Unit, kind: str, end: int = -1) -> tuple[str, str | None]:
        # Strip the prefix qualifier so "减少超过50%" still sees the verb.
        left = text[max(0, start - 12):start]
        cm = self.change_re.search(left)
        if not cm and unit.kind == "count":
            cm = self.change_object_re.search(left)
        if not cm:
            if unit.kind == "percent" and end >= 0:  # 保持40%以上增长 (end: the figure's, when known)
                after = self.change_noun_after_re.match(text, end)
                if after:
                    return "change", self.lx["change_verbs"][after.group("verb")]
            return kind, None
        verb = cm.group("verb")
        if verb in ("增", "降", "减") and cm.start("verb") > 0 and left[cm.start("verb") - 1] in "新递骤锐":
            return kind, None  # 新增 is a count of new items, not a change
        direction = self.lx["change_verbs"][verb]
        if unit.kind in ("percent", "ratio"):
            return "change", direction
        if verb.startswith(self.change_comparisons) or self._compared_before.search(left, 0, cm.start("verb")):
            return "change", direction  # 同比增加36天, 比上年减少2万吨: a change against a baseline, whatever the unit
        if verb in self.lx["change_count_verbs"]:
            return "change", direction
        return kind, None


_TABLE_RULE = re.compile(r"\s*:?-{2,}:?\s*")
COUNT_HEADER_END = "数"  # 件数, 人数, 户数: a column header ending so counts in the measure word before it
NEGATIVE_SIGNS = ("-", "－", "−")  # a table cell's sign of a fall (+4.5 is a rise)
TABLE_UNIT_LINES = 3  # lines with text above a table's header that may give its unit (二、…情况（单位：元） / （一）收入情况)
TABLE_UNIT_REACH = 200  # characters above the header they are looked for in
_TABLE_UNIT_LINE = re.compile(r"单位[：:]\s*(?P<mult>万亿|千万|百万|亿|万|千)?(?P<unit>[^\s（）()，,。；;、]{1,6}?)\s*(?:[）)]|$)")
_TABLE_NUMBER = re.compile(rf"\s*(?P<sign>[-－−+＋])?(?P<n>{CELL_NUMERAL})\s*")
_BRACKETED_UNIT = re.compile(r"[（(]\s*(?:单位[：:])?\s*(?P<mult>万亿|千万|百万|亿|万|千)?(?P<unit>[^（）()\s]{1,6})\s*[）)]\s*$")


def without_bracketed_unit(cell: str) -> str:
    """A table header or row label without the unit it names in brackets: 改造小区（个） → 改造小区."""
    return _BRACKETED_UNIT.sub("", cell).strip()


def _table_blocks(text: str) -> list[list[list[tuple[int, int]]]]:
    """Tables written as text: runs of two or more lines of cells (a markdown row | a | b |, or
    cells between tabs), each row a list of its cells' (start, end) offsets."""
    blocks: list[list[list[tuple[int, int]]]] = []
    current: list[list[tuple[int, int]]] = []
    pos = 0
    previous_header: list[tuple[int, int]] | None = None  # the line before, read as a header
    for line in text.split("\n"):
        end = pos + len(line)
        cells = row_cells(line, pos)
        if cells is None and current and "\t" in line and line.strip():
            pos = end + 1  # (三、本年度办理结果\t: a group's label row, its cells empty, inside the table)
            continue
        if cells is not None:
            if not current and previous_header is not None and len(previous_header) == len(cells):
                current.append(previous_header)  # (产品名称　单位　产量: a header of words only, above its rows)
            current.append(cells)
            previous_header = None
        else:
            if len(current) >= 2:
                blocks.append(current)
            current = []
            previous_header = row_cells(line, pos, header=True)
        pos = end + 1
    if len(current) >= 2:
        blocks.append(current)
    return blocks


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """spans are merged and sorted (see _merge): one bisect per figure keeps a big page linear."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    if i >= 0 and spans[i][1] > start:
        return True
    return i + 1 < len(spans) and spans[i + 1][0] < end


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


@functools.lru_cache(maxsize=4096)
def scaled(number: float, factor: float) -> float:
    """number × factor as the figures read in decimal: 8.3亿 is 830000000, where the binary
    product of 8.3 and 1e8 is 830000000.0000001 (and 4.27万亿 4269999999999.9995)."""
    if factor == 1:
        return float(number)
    return float(Decimal(repr(number)) * Decimal(repr(factor)))


def parse_number(s: str) -> float | None:
    """'5.3' → 5.3; '1,200' → 1200; '十' → 10; '两' → 2; '半' → 0.5."""
    s = s.translate(FULLWIDTH).replace(",", "")
    if s == "半":
        return 0.5
    if s[0].isdigit():
        try:
            return float(s)
        except ValueError:
            return None
    return _chinese_numeral_value(s.replace("两", "二"))


# cn2an checks each numeral against its grammar with several regexes (3.5% of extraction), and a
# page repeats the same few numerals (一, 三, 十, 两万) many times over.
@functools.lru_cache(maxsize=4096)
def _chinese_numeral_value(s: str) -> float | None:
    if s[0] in "百千":
        s = "一" + s  # cn2an reads 一百 but not a bare 百 (百分之九十)
    try:
        return float(cn2an.cn2an(s, "normal"))
    except (ValueError, KeyError, IndexError):
        return None


def adjacent_range(s: str) -> tuple[int, int] | None:
    """'三四' → (3, 4), '两三' → (2, 3): two neighbouring digits mean 'three or four'."""
    if len(s) == 2 and s[0] in CN_DIGIT and s[1] in CN_DIGIT:
        a, b = CN_DIGIT[s[0]], CN_DIGIT[s[1]]
        if b == a + 1:
            return a, b
    return None


@functools.lru_cache(maxsize=1)
def default_matcher() -> QuantityMatcher:
    return QuantityMatcher(load_rules())


def _with_minus_sign(text: str, q: Quantity) -> Quantity:
    """A figure written with a minus sign of its own (自然增长率为-3.91‰, 气温-5℃): a level below
    zero, or a change that is a fall (增长-2.3%); not the dash of a range or a number (3-5个,
    0572-2398516), which has a digit or a letter before it."""
    if q.start == 0 or text[q.start - 1] not in NEGATIVE_SIGNS or q.value_high is not None or not q.value:
        return q
    before = text[q.start - 2:q.start - 1]
    if before and (before.isascii() and before.isalnum() or before in NUMBER_CHARS or before in NEGATIVE_SIGNS):
        return q
    if q.kind == "change":
        return dataclasses.replace(q, start=q.start - 1, mention=text[q.start - 1:q.end],
                                   direction="up" if q.direction == "down" else "down")
    return dataclasses.replace(q, start=q.start - 1, mention=text[q.start - 1:q.end], value=-q.value, base_value=-q.base_value)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity mention in `text`, in order, with offsets into `text`."""
    return default_matcher().find(text)


def is_ideograph(ch: str) -> bool:
    """A CJK unified ideograph ('' is not one)."""
    return "\u4e00" <= ch <= "\u9fff"
