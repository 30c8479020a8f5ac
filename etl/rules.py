"""Loads the rule data files (units, lexicon, programmes, gazetteer) once per process.

Everything the stages match against lives in etl/data/; this module only reads it and
derives the compiled forms the stages need. `rules_version()` hashes the code and the
data so that a change to either forces the warehouse to reprocess every document.
"""
from __future__ import annotations

import csv
import dataclasses
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any
from . import PACKAGE_DIR, stage_source_hashes

# From the package, not this module's __file__: a compiled rules module lives in etl/_compiled.
DATA_DIR = PACKAGE_DIR / "data"


def _load_json(name: str) -> dict:
    with open(DATA_DIR / name, encoding="utf-8") as f:
        return json.load(f)


@dataclass(frozen=True)
class Unit:
    unit: str
    kind: str
    family: str
    to_base: float
    base: str
    needs_approx: bool = False
    needs_multiplier: bool = False
    arabic_only: bool = False  # a Chinese numeral before it is a word (两头, 一头)
    needs_context: tuple[str, ...] = ()  # a word that must stand before the figure in its clause
    max_value: float | None = None  # a larger number before it is not this unit (2023成都)
    min_value: float | None = None  # a smaller one is a label, not a count (1类创新药)
    plain_after: tuple[str, ...] = ()  # a word before it in its clause lets a needs_approx unit stand plain
    stored_as_base: bool = False  # the figure is stored in its base unit (4成 -> 40 %)


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    parent_code: str
    province: str
    city: str
    short: str


@dataclass
class Rules:
    units_by_form: dict[str, Unit]
    multipliers: dict[str, int]
    lexicon: dict
    programmes: list[dict]
    default_programme: str
    divisions: dict[str, Division]
    names: dict[str, list[str]] = field(default_factory=dict)  # surface form -> division codes
    short_names: dict[str, list[str]] = field(default_factory=dict)


@functools.lru_cache(maxsize=1)
def rate_denominator_re() -> re.Pattern:
    """A rate's denominator right after a figure (/月 of 1400元/月, lexicon rate_denominators):
    the extractor makes it part of the unit, the metric reader steps over it."""
    return re.compile(rf"[/／]\s*(?P<den>{alternation(load_rules().lexicon['rate_denominators'])})")


@functools.lru_cache(maxsize=None)
def lexicon_words(*path: str, longest_first: bool = False) -> tuple[str, ...]:
    """The word list at `path` in lexicon.json (lexicon_words("years", "from_markers")), read once:
    the stages ask for their lists by name instead of each keeping an accessor of its own.
    longest_first: for scans that take the first word that fits (由于 before 由)."""
    node: Any = load_rules().lexicon  # Any: mypyc checks the declared type of each assignment
    for key in path:
        node = node[key]
    words = tuple(node)
    return tuple(sorted(words, key=len, reverse=True)) if longest_first else words


@functools.lru_cache(maxsize=None)
def lexicon_words_re(*path: str) -> re.Pattern:
    """A pattern matching any word of the lexicon list at `path`, the longest spelling first,
    compiled once: the stages ask for it by name instead of each keeping a cached compile."""
    return re.compile(alternation(lexicon_words(*path)))


@functools.lru_cache(maxsize=None)
def lexicon_pattern(*path: str) -> re.Pattern:
    """The regular expression lexicon.json keeps at `path` (event_code_pattern,
    lead_in_frame_pattern, years/comparison_through_pattern …), compiled once, as lexicon_words_re
    does for word lists."""
    node: Any = load_rules().lexicon
    for key in path:
        node = node[key]
    return re.compile(node)


@functools.lru_cache(maxsize=None)
def lexicon_set(*path: str) -> frozenset[str]:
    """The word list at `path` in lexicon.json as a set, for membership tests."""
    return frozenset(lexicon_words(*path))


def rate_unit(unit: Unit, denominator: str) -> Unit:
    """The unit of a figure per denominator (1400元/月, 400万吨/年, 1900元/人): a family of its
    own, so that a monthly standard is never added to a total."""
    return dataclasses.replace(unit, unit=f"{unit.unit}/{denominator}", family=f"{unit.family}/{denominator}",
                               base=f"{unit.base}/{denominator}")


@functools.lru_cache(maxsize=1)
def non_additive_units() -> tuple[frozenset[str], frozenset[str]]:
    """(unit families, kinds) whose values must never be summed: units.json entries marked
    "additive": false (a kind counts when all its units are), every rate (rate_unit: 元/月 of each
    lexicon rate_denominators), plus change, a rate of change."""
    units = _load_json("units.json")["units"]
    families = {u.get("family") or f"count:{u['unit']}" for u in units if u.get("additive", True) is False}
    denominators = _load_json("lexicon.json")["rate_denominators"]
    families |= {f"{u.get('family') or 'count:' + u['unit']}/{d}" for u in units for d in denominators}
    kinds = {"change"} | {k for k in {u["kind"] for u in units}
                          if all(u.get("additive", True) is False for u in units if u["kind"] == k)}
    return frozenset(families), frozenset(kinds)


@functools.lru_cache(maxsize=1)
def unit_form_names() -> dict[str, str]:
    """The unit forms that name the thing they count (units.json "names": 金 → 金牌)."""
    return {form: name for u in _load_json("units.json")["units"] for form, name in u.get("names", {}).items()}


@functools.lru_cache(maxsize=1)
def non_additive_metric_objects() -> frozenset[str]:
    """metric_keys.json objects marked "additive": false (人均可支配收入, 优良天数): values per head,
    averages or days of a year, which no sum over places or years means anything for."""
    objects = _load_json("metric_keys.json")["objects"]
    return frozenset(name for name, spec in objects.items() if spec.get("additive", True) is False)


@functools.lru_cache(maxsize=1)
def load_rules() -> Rules:
    units_doc = _load_json("units.json")
    units_by_form: dict[str, Unit] = {}
    for u in units_doc["units"]:
        kind = u["kind"]
        family = u.get("family") or f"count:{u['unit']}"
        unit = Unit(u["unit"], kind, family, float(u.get("to_base", 1)), u.get("base", u["unit"]),
                    bool(u.get("needs_approx", False)), bool(u.get("needs_multiplier", False)),
                    bool(u.get("arabic_only", False)), tuple(u.get("needs_context", ())), u.get("max_value"),
                    u.get("min_value"), tuple(u.get("plain_after", ())), bool(u.get("stored_as_base", False)))
        for form in u["forms"]:
            units_by_form.setdefault(form, unit)
    prog_doc = _load_json("programmes.json")
    divisions = load_divisions()
    names: dict[str, list[str]] = {}
    short_names: dict[str, list[str]] = {}
    for d in divisions.values():
        names.setdefault(d.name, []).append(d.code)
        if d.short and d.short != d.name:
            short_names.setdefault(d.short, []).append(d.code)
            autonomous = next((s for s in ("自治州", "自治县", "自治旗") if d.name.endswith(s)), None)
            if autonomous is not None:
                # (an autonomous prefecture, county or banner is written by its short name and 州, 县
                # or 旗: 恩施州, 互助县, 鄂伦春旗; read as 临夏, the 州 was left to open the metric,
                # and 互助县 was no place at all)
                names.setdefault(d.short + autonomous[-1], []).append(d.code)
    for alias, code in load_place_aliases().items():
        names.setdefault(alias, []).append(code)
    return Rules(
        units_by_form=units_by_form,
        multipliers={k: int(v) for k, v in units_doc["multipliers"].items()},
        lexicon=_load_json("lexicon.json"),
        programmes=prog_doc["programmes"],
        default_programme=prog_doc.get("default", "other"),
        divisions=divisions,
        names=names,
        short_names=short_names,
    )


def load_place_aliases() -> dict[str, str]:
    """Names of areas that are no administrative division (national-level new areas such as
    雄安新区), each with the code of the smallest division holding it (place_aliases.csv)."""
    with open(DATA_DIR / "place_aliases.csv", encoding="utf-8", newline="") as f:
        return {row["alias"]: row["code"] for row in csv.DictReader(f)}


def load_divisions() -> dict[str, Division]:
    out: dict[str, Division] = {}
    with open(DATA_DIR / "divisions.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out[row["code"]] = Division(row["code"], row["name"], row["level"], row["parent_code"] or "",
                                        row["province"], row["city"] or "", row["short"] or "")
    return out


@functools.lru_cache(maxsize=1)
def load_townships() -> dict[str, tuple[str, ...]]:
    """The counties each township name (临岐镇, 米市巷街道) lies in, from etl/data/townships.csv
    (the same source as divisions.csv; see DIVISIONS_SOURCE.md). Read on first use: most pages
    name their county, and never need it."""
    out: dict[str, list[str]] = {}
    # (split by hand, not csv.DictReader: no field is quoted, and this is 8x faster on 38,730 rows)
    lines = (DATA_DIR / "townships.csv").read_text(encoding="utf-8").splitlines()
    columns = lines[0].split(",")
    name_at, county_at = columns.index("name"), columns.index("county_code")
    for line in lines[1:]:
        fields = line.split(",")
        out.setdefault(fields[name_at], []).append(fields[county_at])
    return {name: tuple(codes) for name, codes in out.items()}


@functools.lru_cache(maxsize=1)
def townships_by_county() -> dict[str, tuple[str, ...]]:
    """The townships of each county (its code → their names), from load_townships."""
    out: dict[str, list[str]] = {}
    for name, counties in load_townships().items():
        for county in counties:
            out.setdefault(county, []).append(name)
    return {county: tuple(names) for county, names in out.items()}


@functools.lru_cache(maxsize=1)
def rules_version() -> str:
    """Hash of the stage code and every rule data file: the version of the rules."""
    h = hashlib.sha256()
    # Only what decides the rows: the stage code that reads text and the rule data. Changes to
    # the loader, the CLI or the exporters do not force every document to be reprocessed.
    for module, digest in stage_source_hashes().items():
        h.update(f"{module}.py".encode())
        h.update(digest.encode())
    for p in sorted(DATA_DIR.glob("*.json")) + sorted(DATA_DIR.glob("*.csv")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def alternation(words) -> str:
    """Regex alternation of literal words in which the longest spelling wins.

    Written as a trie (万元|万户|万 → 万(?:[元户])?) rather than a flat "longest first" list:
    Python's re tries a flat list one word at a time at every position, which made the unit list
    the largest cost of extraction. The trie matches the same words in the same order of
    preference (at any position the words that match are prefixes of one another, and the greedy
    optional tail tries the longer one first), in time independent of the number of words."""
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = None  # a word ends here
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body
