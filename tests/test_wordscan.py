"""etl.wordscan.WordMatcher against brute-force references on random word lists and texts."""
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.wordscan import WordMatcher

ALPHABET = "山西大同平城区市县"  # few letters: overlapping and nested words are the rule, not the exception
WORDS = st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=4), min_size=1, max_size=15)
TEXTS = st.text(alphabet=ALPHABET + "，x", max_size=40)


def leftmost_longest_reference(words, text):
    out, i = [], 0
    while i < len(text):
        ends = [i + len(w) for w in words if text.startswith(w, i)]
        if ends:
            out.append((i, max(ends), text[i:max(ends)]))
            i = max(ends)
        else:
            i += 1
    return out


@settings(max_examples=500, deadline=None)
@given(words=WORDS, text=TEXTS)
def test_leftmost_longest_matches_the_reference(words, text):
    matcher = WordMatcher((w, w) for w in words)
    assert matcher.leftmost_longest(text) == leftmost_longest_reference(set(words), text)
    assert matcher.occurs_in(text) == any(w in text for w in words)


@settings(max_examples=500, deadline=None)
@given(words=WORDS, text=TEXTS)
def test_every_finds_every_occurrence(words, text):
    matcher = WordMatcher((w, w) for w in words)
    expected = {(i, i + len(w), w) for w in set(words) for i in range(len(text)) if text.startswith(w, i)}
    found = matcher.every(text)
    assert len(found) == len(set(found))
    assert set(found) == expected


def test_payloads_offsets_and_edge_cases():
    matcher = WordMatcher([("平城区", "county"), ("大同市", "city"), ("大同", "short"), ("", "ignored")])
    assert matcher.leftmost_longest("山西省大同市平城区", offset=10) == [(13, 16, "city"), (16, 19, "county")]
    assert WordMatcher([("大同", 1), ("大同", 2)]).leftmost_longest("大同") == [(0, 2, 2)]  # the last payload wins
    empty = WordMatcher([])
    assert len(empty) == 0 and empty.leftmost_longest("大同") == [] and empty.every("大同") == []
    assert not empty.occurs_in("大同") and not matcher.occurs_in("")
