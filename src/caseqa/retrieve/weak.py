"""Whether the hits of a question probably do not answer it, and what to tell the person who asked."""

from __future__ import annotations

import re
from collections.abc import Sequence

from caseqa.config import WeakMatchSettings
from caseqa.index.model import Index
from caseqa.language.terms import terms_with_words
from caseqa.types import Hit, WeakMatch

# Inflected verbs ("celebrated", "gathering") the case never uses are usually a paraphrase of what
# it says, so they do not count as words the case lacks.
_INFLECTED_VERB = re.compile(r"[a-z]{3,}(?:ed|ing)$")


def weak_match(index: Index, question: str, hits: Sequence[Hit], settings: WeakMatchSettings) -> WeakMatch | None:
    """A notice for hits that probably do not answer the question, or None when they may.

    The hits are still shown: a flag adds a notice (and drops the highlights when nothing is
    close), so a wrong flag costs little. See :class:`caseqa.config.WeakMatchSettings`.
    """
    if not hits:
        return None
    words: dict[str, str] = {}
    for stem, word in terms_with_words(question):
        words.setdefault(stem, word)
    idf = index.lexical.idf(set(words))
    unseen = [stem for stem in words if not index.lexical.knows(stem)]
    said = tuple(dict.fromkeys(words[s] for s in unseen))
    best = max(h.sentence for h in hits)
    if best < settings.sentence:
        return WeakMatch("No passage is close to this question; these are only the nearest"
                         + (f" (not in the case text: {', '.join(said)})" if said else "")
                         + ". Try other words.", said, True)
    telling = [s for s in unseen if not _INFLECTED_VERB.match(words[s])]
    total = sum(idf.get(s, 0.0) for s in words)
    share = sum(idf.get(s, 0.0) for s in telling) / total if total else 0.0
    if telling and share >= settings.unseen_share and best < settings.unseen_sentence:
        return WeakMatch(f"Not in the case text: {', '.join(words[s] for s in telling)}. The passages below "
                         "match the rest of the question and may not answer it.", tuple(words[s] for s in telling),
                         False)
    return None
