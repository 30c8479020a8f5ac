"""metric_key: which claims measure the same thing, so they can be compared and summed.

A key is `<object>|<action>|<unit family>`: 改造老旧小区129个 and 完成改造老旧小区181个 are
both 老旧小区|完成|count:个 when their text says 完成, and 老旧小区||count:个 otherwise; a key
never mixes unit families, so 户 is never added to 元. Objects and actions are data
(etl/data/metric_keys.json).
"""
from __future__ import annotations

import functools
import json

import ahocorasick

from .rules import DATA_DIR


@functools.lru_cache(maxsize=1)
def _tables():
    with open(DATA_DIR / "metric_keys.json", encoding="utf-8") as f:
        doc = json.load(f)
    objects = ahocorasick.Automaton()
    for canonical, words in doc["objects"].items():
        for w in words:
            objects.add_word(w, (w, canonical))
    objects.make_automaton()
    actions = ahocorasick.Automaton()
    for canonical, words in doc["actions"].items():
        for w in words:
            actions.add_word(w, (w, canonical))
    actions.make_automaton()
    return objects, actions, set(doc["action_for_kinds"])


def _longest(auto, text: str) -> str | None:
    best = None
    for _, (word, canonical) in auto.iter(text):
        if best is None or len(word) > len(best[0]):
            best = (word, canonical)
    return best[1] if best else None


def metric_key_for(metric: str | None, sentence: str, unit_family: str, kind: str) -> str | None:
    """Key of a claim from its metric phrase; None when no known object is named."""
    if not metric:
        return None
    objects, actions, action_kinds = _tables()
    obj = _longest(objects, metric)
    if obj is None:
        return None
    action = _longest(actions, metric) if kind in action_kinds else None
    family = "change" if kind == "change" else unit_family
    return f"{obj}|{action or ''}|{family}"
