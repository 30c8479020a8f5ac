"""etl.rules.alternation: the trie-shaped pattern must match exactly what a flat
longest-first alternation of the same words matches."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.rules import alternation

# A small alphabet makes shared prefixes (万/万元/万元以上) and regex metacharacters common.
WORDS = st.lists(st.text(alphabet="万元亿户人次.*?+（(|", min_size=0, max_size=4), min_size=1, max_size=12)


def _flat(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@settings(max_examples=400, deadline=None)
@given(words=WORDS, text=st.text(alphabet="万元亿户人次.*?+（(|x", max_size=8), tail=st.sampled_from(["", "x", "元"]))
def test_trie_alternation_matches_like_the_flat_one(words, text, tail):
    # tail forces backtracking into a shorter word when the longest one cannot be followed by it
    trie = re.compile(f"(?:{alternation(words)}){re.escape(tail)}")
    flat = re.compile(f"(?:{_flat(words)}){re.escape(tail)}")
    for pos in range(len(text) + 1):
        a, b = trie.match(text, pos), flat.match(text, pos)
        assert (a and a.group()) == (b and b.group())


def test_trie_alternation_shape():
    assert alternation(["万", "万元", "万户", "亿"]) == "(?:万(?:(?:元|户))?|亿)"
    assert re.fullmatch(alternation(["超过", "超", "逾"]), "超过")
    assert alternation([]) == ""


def test_units_marked_not_additive_are_never_offered_for_sums():
    from etl.rules import non_additive_units
    families, kinds = non_additive_units()
    assert {"percent", "percentage_point", "ratio", "concentration"} <= families
    assert {"change", "percent", "ratio", "concentration"} <= kinds
    assert not {"money", "area", "count:个", "weight"} & families and not {"count", "money"} & kinds


def test_townships_load_whole_and_unquoted():
    from etl.rules import load_townships
    townships = load_townships()
    assert len(townships) > 30000 and townships["临岐镇"] == ("330127",)
    assert not any('"' in name or "," in name for name in townships)
