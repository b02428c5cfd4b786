"""Opposite words from Open English WordNet: "modest" against "largest", "slipped" against "improved".

The lexicon (``caseqa/models/opposites.json``, built by ``train/opposites.py``; its card is
``opposites.md``) holds WordNet's direct antonym pairs of adjectives and adverbs with the words
WordNet lists alike on each side (satellites: "modest", "minor", "tiny" beside "small"), and the
antonym pairs of verbs of change along a scale (increase / decrease, better / worsen) with their
troponyms ("dip", "slip", "scale down"). Verbs whose opposite events can both happen to one thing
(open / close, begin / end, buy / sell) are not in it.

A pair from the lexicon says nothing by itself: :mod:`caseqa.claims.align` only reports one whose
two words fill the same slot of claim and evidence (their contextual vectors alike), and
:mod:`caseqa.claims.verdict` only when neither is negated.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from caseqa.claims.text import LIGHT_WORDS
from caseqa.errors import ModelNotFoundError
from caseqa.language.terms import STOPWORDS

_FILE = "opposites.json"
# Words that carry no opposite of their own in a claim: they are light, or WordNet lists them on a
# side in a sense claims rarely use ("other" beside "early", "net" beside "last").
# Ordinals and numbers are figures, compared as quantities ("second" / "first" is WordNet's gear).
_NEVER = STOPWORDS | LIGHT_WORDS | frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth last "
    "other net get take give make go come put set new old".split())


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]], tuple[tuple[str, str], ...],
                        dict[str, str]]:
    """word -> the pairs it is side a of; word -> the pairs it is side b of; each pair's name and part of
    speech ("large/small", "a"); irregular forms."""
    try:
        data = json.loads(resources.files("caseqa.models").joinpath(_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelNotFoundError(f"the opposite lexicon caseqa/models/{_FILE} could not be read ({exc}); "
                                 "reinstall caseqa or rebuild it with train/opposites.py") from exc
    side_a: dict[str, set[int]] = {}
    side_b: dict[str, set[int]] = {}
    for i, pair in enumerate(data["pairs"]):
        for word in pair["a"]:
            side_a.setdefault(word, set()).add(i)
        for word in pair["b"]:
            side_b.setdefault(word, set()).add(i)
    return ({w: frozenset(s) for w, s in side_a.items()}, {w: frozenset(s) for w, s in side_b.items()},
            tuple((p["pair"], p["pos"]) for p in data["pairs"]), dict(data["forms"]))


def _known(word: str) -> bool:
    side_a, side_b, _, _ = _lexicon()
    return word in side_a or word in side_b


# Regular inflections, undone: (ending, what replaces it), for verbs and for adjectives and adverbs
# ("opened" is a form of the verb "open", not of the adjective). "dipped" -> "dip" drops the doubled consonant.
_VERB_ENDINGS = (("ies", "y"), ("es", ""), ("es", "e"), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"),
                 ("ing", ""), ("ing", "e"))
_ADJECTIVE_ENDINGS = (("ier", "y"), ("iest", "y"), ("er", ""), ("er", "e"), ("est", ""), ("est", "e"))


def _undone(low: str, endings: tuple[tuple[str, str], ...]) -> set[str]:
    out = set()
    for ending, instead in endings:
        if low.endswith(ending) and len(low) - len(ending) >= 2:
            base = low[:-len(ending)]
            out.add(base + instead)
            if not instead and len(base) > 2 and base[-1] == base[-2]:
                out.add(base[:-1])
    return out


def lemmas(word: str) -> dict[str, str]:
    """The lexicon's words a written word may be a form of, each with the part of speech it may be
    ("largest" -> {"large": "a"}, "dipped" -> {"dip": "v"}; "" for any)."""
    low = word.lower().replace("’", "'")
    _, _, _, forms = _lexicon()
    # A participle whose verb the lexicon knows is read as that verb only: "opened" and "closed" are
    # what a store was at different times, not the adjectives' two states at once.
    participle = low.endswith(("ed", "ing")) and any(_known(b) for b in _undone(low, _VERB_ENDINGS))
    out = {low: ""} if _known(low) and not participle else {}
    if low in forms:
        out.setdefault(forms[low], "")
    for pos, endings in (("v", _VERB_ENDINGS), ("a", _ADJECTIVE_ENDINGS)):
        for base in _undone(low, endings):
            if _known(base):
                out.setdefault(base, pos)
    return {w: pos for w, pos in out.items() if w not in _NEVER}


@lru_cache(maxsize=8192)
def _sides(word: str, following: str = "") -> tuple[frozenset[int], frozenset[int]]:
    """The pairs a word (or the phrase it starts with the next word: "scaled down") is side a / b of."""
    side_a, side_b, pairs, _ = _lexicon()
    forms = lemmas(word)
    low = word.lower()
    if following and low not in _NEVER:
        for base in {low} | _undone(low, _VERB_ENDINGS):
            if _known(phrase := f"{base} {following.lower()}"):
                forms.setdefault(phrase, "" if base == low else "v")

    def on(side: dict[str, frozenset[int]]) -> frozenset[int]:
        # A regular adjective ending reads adjectives and adverbs; a verb ending, verbs.
        return frozenset(i for f, pos in forms.items() for i in side.get(f, ())
                         if not pos or (pairs[i][1] == "v") == (pos == "v"))

    return on(side_a), on(side_b)


def opposed(claim_word: str, evidence_word: str, claim_next: str = "", evidence_next: str = "") -> str | None:
    """The WordNet pair ("large/small") on whose two sides the two words stand, or None.

    A word on both sides of one pair (through two of its senses) opposes nothing there.

    Args:
        claim_word: A word of the claim, as written.
        evidence_word: A word of the evidence, as written.
        claim_next: The word after the claim's word ("scaled" "down": a phrase WordNet lists).
        evidence_next: Likewise for the evidence's word.
    """
    ca, cb = _sides(claim_word, claim_next)
    ea, eb = _sides(evidence_word, evidence_next)
    shared = (ca & eb) - (cb | ea) or (cb & ea) - (ca | eb)
    if not shared:
        return None
    return _lexicon()[2][min(shared)][0]


# Adverbs that only hedge a claim ("partly because", "largely"): the evidence need not say them.
_HEDGES = frozenset("partly mostly largely mainly nearly roughly approximately fully wholly".split())
# Times, not manners: "in early 2020", "early in the morning" say when, which figures compare.
_TIMES = frozenset("early".split())


def manner_adverb(word: str) -> bool:
    """Is the word an "-ly" adverb of manner or degree that has an opposite ("quickly" / "slowly",
    "publicly" / "privately")? Such a word is what a claim asserts about how something happened:
    evidence that does not say it (in its words or others) does not support the claim."""
    low = word.lower()
    if not low.endswith("ly") or low in _HEDGES or low in _TIMES or low in _NEVER:
        return False
    side_a, side_b, pairs, _ = _lexicon()
    return any(pairs[i][1] == "r" for i in side_a.get(low, frozenset()) | side_b.get(low, frozenset()))


_NEXT = re.compile(r"[\s-]+([A-Za-z]+)")


def next_word(text: str, end: int) -> str:
    """The word right after offset ``end`` of text (only spaces or a hyphen between), or ""."""
    found = _NEXT.match(text, end)
    return found.group(1) if found else ""
