"""metric_key: which claims measure the same thing, so they can be compared and summed.

A key is `<object>|<action>|<unit family>`:

* object — what is counted, canonical (老旧小区, 电梯, 志愿服务活动, 地区生产总值 …);
* action — only for objects where it changes what is counted (启动 vs 完成 老旧小区改造, 新增 vs
  the stock of 托位), or the direction of a change (增长 / 下降 / 年均增长); empty otherwise;
* unit family — the claim's unit family mapped onto the object's canonical family, so that
  电梯 8台 and 电梯 876部 are both ``count:台``; for changes ``change:<family>``. A key never
  mixes families: 户 is never added to 元.

Examples: 改造老旧小区129个 and 完成改造老旧小区181个 → 老旧小区|完成|count:个;
累计启动老旧小区改造211个 → 老旧小区|启动|count:个; 加装电梯8台 and 老楼加装电梯876部 →
电梯|完成|count:台; 地区生产总值5.2万亿元、增长5.4% → 地区生产总值||money and
地区生产总值|增长|change:percent.

累计 is not part of a key: a cumulative and an annual figure of the same measure share a key
and differ in claims.is_cumulative, which is how the contradictions view says which is which.

How the object is found (conservative: no key is better than a wrong one):

1. the head of the noun phrase right after the figure (180余场志愿服务活动, 分为10个网格) when it
   is a known object; any other noun there (117个小区新增了门禁系统 counts 小区) means no key;
2. otherwise the object nearest to the figure in the clause on its left, ignoring objects
   that another number counts (207个老旧小区打捆成32个 → no key for 32个);
3. otherwise, when that clause holds only an action (完成改造181个, 、增长5.4%), the object of
   the preceding clause of the same sentence, walking back over other action-only clauses
   (累计启动老旧小区改造211个，完成改造181个 → 老旧小区).

The object must accept the claim's unit family; a veto phrase (分别, 高于全国 …) in the clause
means no key; words left in front of the object once places, dates, quoted names, verbs and
fillers are removed narrow it to a subset (清洁能源电力装机, 脱贫县农村居民人均可支配收入) and
mean no key; an object that requires an action gets no key without one.
Everything that is words lives in etl/data/metric_keys.json.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from .rules import DATA_DIR, lexicon_words, load_rules
from .wordscan import WordMatcher

_MAJOR_DELIMS = "，,；;。！？!?：:\n"
_MINOR_DELIMS = _MAJOR_DELIMS + "、（(）)"
_CLAUSE_SPLIT = re.compile("[" + re.escape(_MINOR_DELIMS) + "]")
# The last delimiter of a text, found in one C-level pass (a rfind per delimiter cost a sixth of
# the key's time): group 1 ends right after it.
_LAST_MINOR = re.compile("(.*[" + re.escape(_MINOR_DELIMS) + "])", re.S)
_LAST_MAJOR = re.compile("(.*[" + re.escape(_MAJOR_DELIMS) + "])", re.S)
_FIRST_MINOR = re.compile("[" + re.escape(_MINOR_DELIMS) + "]")
_QUOTE_CHARS = "“”\"'‘’《》「」『』〈〉"
_QUOTE_OR_SPACE = re.compile("[" + re.escape(_QUOTE_CHARS) + r"\s]")  # \s is str.isspace()
_OPEN_QUOTES = {"“": "”", "《": "》", "「": "」", "『": "』", "〈": "〉", "‘": "’"}
# An Arabic number with its multiplier/qualifier, as it counts the noun that follows it.
_NUMBER = re.compile(r"(?<![0-9０-９.．第])[0-9０-９][0-9０-９.．]*(?:[万亿千百]+)?(?:余|多)?")
_DATE_AFTER = ("年", "月", "日", "号", "时", "周年", "届", "季度")
_DATES = re.compile(r"[0-9０-９]{2,4}年(?:底|末|初|以来|前|内|度)?|[0-9０-９]{1,2}月(?:底|末|份|以来)?|[0-9０-９]{1,2}日"
                    r"|[0-9０-９.．]+(?:[万亿千百]+)?(?:余|多)?(?:[%％个名人户家项件条所座台部支场次元米吨亩])?")


@dataclass
class ObjectDef:
    name: str
    units: dict[str, set[str]]  # canonical family -> accepted claim families
    actions: list[str]  # canonical actions that matter for this object
    implied: dict[str, str]  # verb -> canonical action when no explicit action is written
    require_action: bool
    words: list[str]


@dataclass
class Tables:
    words: WordMatcher  # word -> (word, "obj"|"not", canonical)
    object_words: WordMatcher  # the "obj" words alone: does a text name any object at all?
    actions: WordMatcher  # word -> (word, canonical)
    ignorable: WordMatcher  # places, verbs, fillers, scope words: word -> (word,)
    objects: dict[str, ObjectDef]
    action_order: list[str]
    change_actions: set[str]
    increment_actions: set[str]
    universal_actions: set[str]
    vetoes: list[str]
    action_only_words: list[str]  # what an action-only clause may consist of, longest first
    long_action_only_words: WordMatcher  # those of two characters or more
    veto_words: WordMatcher
    np_stops: list[str]
    right_ok: tuple[str, ...]


def _automaton(pairs) -> WordMatcher:
    return WordMatcher(pairs)


@functools.lru_cache(maxsize=1)
def _tables() -> Tables:
    with open(DATA_DIR / "metric_keys.json", encoding="utf-8") as f:
        doc = json.load(f)
    groups = {canon: set(members) for canon, members in doc.get("unit_groups", {}).items()}
    objects: dict[str, ObjectDef] = {}
    word_pairs: dict[str, tuple] = {}
    for name, spec in doc["objects"].items():
        units = {canon: {canon, *aliases, *groups.get(canon, ())} for canon, aliases in spec["units"].items()}
        objects[name] = ObjectDef(name, units, list(spec.get("actions", [])), dict(spec.get("implied", {})),
                                  bool(spec.get("require_action", False)), list(spec["words"]))
        for w in spec["words"]:
            word_pairs[w] = (w, "obj", name)
    for w in doc.get("not_objects", []):
        word_pairs[w] = (w, "not", None)
    action_pairs = [(w, (w, canon)) for canon, ws in doc["actions"].items() for w in ws]
    implied_verbs = {v for o in objects.values() for v in o.implied}
    fillers = set(doc.get("fillers", []))
    rules = load_rules()
    scope = {w for ws in rules.lexicon.get("scope_words", {}).values() for w in ws}
    ignorable = (set(rules.names) | set(rules.short_names) | scope | fillers | implied_verbs
                 | set(doc.get("verbs", [])) | set(doc.get("time_words", [])) | {w for w, _ in action_pairs})
    return Tables(
        words=_automaton(word_pairs.items()),
        object_words=_automaton([(w, w) for w, p in word_pairs.items() if p[1] == "obj"]),
        actions=_automaton(action_pairs),
        ignorable=_automaton([(w, (w,)) for w in ignorable if len(w) >= 1]),
        objects=objects,
        action_order=list(doc["actions"]),
        change_actions=set(doc["change_actions"]),
        increment_actions=set(doc.get("increment_actions", [])),
        universal_actions=set(doc.get("universal_actions", [])),
        vetoes=list(doc.get("vetoes", [])),
        # longest first, then alphabetical: removing them one after the other must not depend on set order
        action_only_words=sorted(fillers | implied_verbs | {w for w, _ in action_pairs}, key=lambda w: (-len(w), w)),
        long_action_only_words=_automaton([(w, w) for w in fillers | implied_verbs | {w for w, _ in action_pairs}
                                           if len(w) >= 2]),
        veto_words=_automaton([(v, v) for v in doc.get("vetoes", [])]),
        np_stops=list(doc.get("noun_phrase_stops", [])),
        right_ok=tuple(doc.get("after_figure_ok", [])),
    )


def reload() -> None:
    """Forget the cached tables (after editing metric_keys.json in a running process)."""
    _tables.cache_clear()


# --------------------------------------------------------------------------- text helpers

class _Text:
    """A piece of the sentence with quotes removed, remembering which characters were quoted."""

    __slots__ = ("s", "quoted")

    def __init__(self, raw: str):
        if _QUOTE_OR_SPACE.search(raw) is None:
            self.s, self.quoted = raw, None  # the common case, without a per-character loop
            return
        chars: list[str] = []
        quoted: list[bool] = []
        depth: list[str] = []
        for c in raw:
            if c in _OPEN_QUOTES or (c == '"' and not depth):
                depth.append(c)
                continue
            if c in _QUOTE_CHARS:
                if depth:
                    depth.pop()
                continue
            if c.isspace():
                continue
            chars.append(c)
            quoted.append(bool(depth))
        self.s = "".join(chars)
        self.quoted = quoted

    def unquoted(self, start: int, end: int) -> str:
        if self.quoted is None:
            return self.s[start:end]
        return "".join(c for c, q in zip(self.s[start:end], self.quoted[start:end]) if not q)


@functools.lru_cache(maxsize=4096)
def _text_of(raw: str) -> "_Text":
    # Claims of one sentence share their earlier clauses; _Text is immutable once built.
    return _Text(raw)


def _matches(auto, text: str) -> list[tuple[int, int, tuple]]:
    """Non-overlapping matches, longest first, as (start, end, payload) sorted by start."""
    found = auto.every(text)
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    chosen: list[tuple[int, int, tuple]] = []
    for m in found:
        if all(m[1] <= c[0] or m[0] >= c[1] for c in chosen):
            chosen.append(m)
    return sorted(chosen)


def _objects_in(t: Tables, text: str) -> list[tuple[int, int, str, str | None]]:
    """(start, end, 'obj'|'not', canonical) for every object or not-object word in text; a
    not-object word has no canonical name (None)."""
    return [(s, e, p[1], p[2]) for s, e, p in _matches(t.words, text)]


def _counted_by_number(text: str, start: int) -> bool:
    """True when a number and its measure word directly precede text[start:], i.e. the noun
    there is what *that* number counts (207个老旧小区 …). A number glued to a noun with no
    measure word is an identifier (12345投诉), not a count."""
    last = None
    for last in _NUMBER.finditer(text[:start]):
        pass
    if last is None:
        return False
    gap = text[last.end():start]
    return 1 <= len(gap) <= 2 and not gap.startswith(_DATE_AFTER + ("%", "％"))


def _residual(t: Tables, text: str) -> str:
    """What narrows an object once places, dates, numbers, verbs, fillers and scope words are gone."""
    text = _DATES.sub("", text)
    if "等" in text:  # what comes before 等 are examples of the object, not a narrowing of it
        text = text[text.rfind("等") + 1:]
    out, i = [], 0
    for s, e, _ in _matches(t.ignorable, text):
        out.append(text[i:s])
        i = e
    out.append(text[i:])
    return "".join(out)


def _is_action_only(t: Tables, text: str) -> bool:
    """The clause says only what happened (完成改造, 增长, 同比下降), not to what."""
    if not text:
        return False
    if not t.actions.occurs_in(text) and not t.long_action_only_words.occurs_in(text):
        return False
    rest = _DATES.sub("", text)
    for w in t.action_only_words:  # longest first, one after the other: removing one can join others
        if w in rest:
            rest = rest.replace(w, "")
            if not rest:
                return True
    return rest == ""


def _vetoed(t: Tables, text: str) -> bool:
    """A veto phrase (分别, 高于全国 …) occurs outside every object or not-object word (the 人均 of
    城乡居民人均可支配收入 is part of the word; a not-object gets no key of its own anyway)."""
    occurrences = t.veto_words.every(text)
    if not occurrences:
        return False
    spans = [(s, e) for s, e, _, _ in _objects_in(t, text)]
    return any(not any(s <= i and j <= e for s, e in spans) for i, j, _ in occurrences)


# --------------------------------------------------------------------------- the key

def metric_key_for(metric: str | None, sentence: str, unit_family: str, kind: str,
                   mention: tuple[int, int] | None = None, own_item: bool = False) -> str | None:
    """Key of a claim, or None when no key can be defended.

    metric: the pipeline's metric phrase; sentence: the claim's sentence; unit_family and kind:
    as in claim_records; mention: (start, end) of the figure inside sentence. Without mention
    the figure is looked for right after the metric phrase (when that occurs once in the
    sentence); failing that only the metric phrase is used. own_item: the pipeline gave the
    figure its own item of a 分别 list, which its metric names (_item_key).
    """
    if own_item and metric and mention is not None:
        return _item_key(metric, sentence, unit_family, kind, mention)
    t = _tables()
    family = f"change:{unit_family}" if kind == "change" else unit_family
    if mention is None:
        mention = _locate(metric, sentence)
        if mention is None:
            return _key(t, _Text(metric), _Text(""), _Text(""), [], family, kind) if metric else None
    ms, me = mention
    left = sentence[:ms]
    rest = sentence[me:]
    first = _FIRST_MINOR.search(rest)
    stop = first.start() if first else len(rest)
    if not _names_an_object(t, left + rest[:stop]):
        # most figures: no object word anywhere the rules below look. A metric the pipeline named
        # from words elsewhere in the sentence (总产762亿斤 after 粮食面积、总产、单产… → 粮食总产)
        # is read alone, unless the figure's clause holds a veto (高于全国, 人均 …)
        own_clause = left[max(left.rfind(ch) for ch in "，,；;。：:") + 1:] + rest[:stop]
        if metric and metric not in sentence and _names_an_object(t, metric) and not _vetoed(t, own_clause):
            return _key(t, _Text(metric), _Text(""), _Text(""), [], family, kind)
        return None
    m = _LAST_MINOR.match(left)
    minor = m.end() - 1 if m else -1
    m = _LAST_MAJOR.match(left)
    major = m.end() - 1 if m else -1
    clause = _text_of(left[minor + 1:])
    scope = _text_of(left[major + 1:minor + 1]) if minor > major else _text_of("")
    before = left[:major + 1] if major >= 0 else ""
    # Only the four nearest earlier clauses are ever consulted; building the rest cost a third
    # of the whole build on long report sentences.
    previous: list[_Text] = []
    for c in reversed(_CLAUSE_SPLIT.split(before)):
        if c.strip():
            previous.append(_text_of(c))
            if len(previous) == 4:
                break
    if minor >= 0 and left[minor] == "、":
        item = left[:minor]
        last = _LAST_MINOR.match(item)
        item = item[last.end():] if last else item
        if not re.search(r"[0-9０-９]", item):
            return None  # 新增公办中小学、幼儿园学位9.3万个: coordinated nouns share one figure
    right = _Text(rest[:stop])
    # (经营主体净增98万户、突破1900万户: a threshold crossed is a level, not a restated increment)
    level = sentence.startswith(lexicon_words("period_level_openers"), ms)
    return _key(t, clause, scope, right, previous, family, kind, level)


def _item_key(metric: str, sentence: str, unit_family: str, kind: str, mention: tuple[int, int]) -> str | None:
    """Key of a figure the pipeline gave its own item of a 分别 list (metric: that item and the
    verb, 城镇居民人均可支配收入增长): read off the metric, since the clause names every item. The
    clause's vetoes still hold, all but the distributive word the item resolved (每千人托位、养老
    床位数分别达到4.7个、27.3张 counts per thousand people: no key)."""
    t = _tables()
    left = sentence[:mention[0]]
    m = _LAST_MAJOR.match(left)
    scope = left[m.end():] if m else left
    for marker in load_rules().lexicon["distributive_markers"]:
        scope = scope.replace(marker, "")
    if _vetoed(t, scope):
        return None
    return metric_key_for(metric, metric, unit_family, kind, mention=(len(metric), len(metric)))


def _names_an_object(t: Tables, text: str) -> bool:
    """Whether any object word occurs in text once quotes and spaces are dropped (as _Text drops
    them). Every object the rules use lies inside this text, so False means no key; True only
    means the rules must look."""
    return t.object_words.occurs_in(_QUOTE_OR_SPACE.sub("", text))


def _locate(metric: str | None, sentence: str) -> tuple[int, int] | None:
    if not metric or sentence.count(metric) != 1:
        return None
    end = sentence.find(metric) + len(metric)
    m = re.match(r"[约近超逾]?[0-9０-９.．一二三四五六七八九十两百千万亿余多]+[^，,；;。、\s]{0,3}", sentence[end:])
    return (end, end + m.end()) if m else None


def _key(t: Tables, clause: _Text, scope: _Text, right: _Text, previous: list[_Text], family: str,
         kind: str, level: bool = False) -> str | None:
    c = clause.s
    if _vetoed(t, c) or right.s.startswith("分别"):
        return None
    plan_context = [p.s for p in previous[:1]]
    # 1. the noun phrase right after the figure: its head is what the figure counts
    offset = 1 if right.s.startswith("的") else 0
    head = re.split(r"[0-9０-９]", right.s[offset:], maxsplit=1)[0]
    if head:
        for s, e, _, canon in _objects_in(t, head):
            prefix = head[:s]
            if len(prefix) > 14 or any(w in prefix for w in t.np_stops) or _matches(t.actions, prefix):
                break
            if canon is None or _residual(t, right.unquoted(offset, offset + s)) or _residual(t, head[e:]):
                return None  # 24个社区社会组织参加此次路演 counts participants, not 社会组织
            return _finish(t, canon, [c + head, scope.s], plan_context, family, kind)
        if kind != "change" and re.match(r"[\u4e00-\u9fff]", head) and not head.startswith(t.right_ok):
            return None  # the figure counts some other noun
    # 2. the nearest object in the clause on the left
    for s, e, _, canon in reversed(_objects_in(t, c)):
        if _counted_by_number(c, s):
            continue
        if canon is None or _residual(t, clause.unquoted(0, s)) or _residual(t, clause.unquoted(e, len(c))):
            return None  # something narrows the object (清洁能源电力装机) or is counted instead (农村公路安防设施)
        return _finish(t, canon, [c, scope.s], plan_context, family, kind)
    # 3. an action-only clause inherits the object of the clause before; so does a bare figure
    #    that restates the one before it in another unit (改造城镇老旧小区1376个、14万户)
    restated = not c and scope.s.endswith("、") and re.search(r"[0-9０-９][^0-9０-９]{0,3}、$", scope.s)
    if not restated and not _is_action_only(t, c):
        return None
    for prev in ([scope] if scope.s else []) + previous[:4]:
        p = prev.s
        if not p:
            continue
        if _vetoed(t, p):
            return None
        spans = _objects_in(t, p)
        if spans:
            s, e, _, canon = spans[-1]
            if canon is None or _residual(t, prev.unquoted(0, s)):
                return None
            return _finish(t, canon, [p] if restated and not level else [c], plan_context, family, kind)
        if not _is_action_only(t, _NUMBER.sub("", p).strip("个名人户家项件条所座台部支场次元米吨亩%％万亿余多")):
            return None
    return None


def _finish(t: Tables, name: str, texts: list[str], plan_context: list[str], family: str,
            kind: str) -> str | None:
    obj = t.objects[name]
    canon = next((c for c, accepted in obj.units.items() if family in accepted), None)
    if canon is None:
        return None
    raw_texts = texts
    texts = [_mask_words(x, obj.words) for x in texts]  # 城镇新增就业 holds no action 新增
    found = [[(s, e, p[1]) for s, e, p in _matches(t.actions, x)] for x in texts]
    if any(a in t.universal_actions for acts in found for _, _, a in acts) or any(
            a in t.universal_actions for x in plan_context for _, _, (_, a) in _matches(t.actions, x)):
        if kind == "change" or not (obj.actions or obj.require_action):
            return None  # a target, not a figure that was measured
        return f"{name}|{min(t.universal_actions, key=t.action_order.index)}|{canon}"
    if kind == "change" and any(a == "新增" for _, _, a in (found[0] if found else [])):
        return None  # 新设外资企业数量增长: the growth of the new entries, not of the object
    allowed = t.change_actions if kind == "change" else set(obj.actions)
    for acts in found:  # nearest text first; within it the action nearest the figure
        hits = [(s, a) for s, _, a in acts if a in allowed]
        if hits:
            return f"{name}|{max(hits)[1]}|{canon}"
    if kind == "change":
        return None
    for x in raw_texts:
        for verb, action in sorted(obj.implied.items(), key=lambda kv: -len(kv[0])):
            if verb in x:
                return f"{name}|{action}|{canon}"
    own = texts[0] if texts else ""
    for s, e, a in found[0] if found else []:
        if a in t.increment_actions and not own[e:e + 1] in ("到", "至", "为"):
            return None  # 优良天数达到290天、增加19天: an increment of a level the key does not count
    if obj.require_action:
        return None
    return f"{name}||{canon}"


def _mask_words(text: str, words: list[str]) -> str:
    for w in sorted(words, key=len, reverse=True):
        text = text.replace(w, "□" * len(w))
    return text


def parse_key(key: str) -> tuple[str, str, str]:
    """Split a metric key into (object, action, unit family)."""
    obj, action, family = key.split("|", 2)
    return obj, action, family
