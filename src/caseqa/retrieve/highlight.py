"""Which sentences of a hit are marked as the answer, from the answer model's probabilities.

The probabilities come from :mod:`caseqa.models` over the signals of :mod:`caseqa.retrieve.signals`
(similarity in and out of context, rare-term overlap, the kind of answer asked for, position,
neighbours); this module only decides how many sentences to mark.
"""

from __future__ import annotations

from collections.abc import Sequence

from caseqa.config import HighlightSettings
from caseqa.language.answer_type import facts as features  # noqa: F401  (claims.align reads sentence terms here)
from caseqa.types import Span


def choose(spans: Sequence[Span], scores: Sequence[float], settings: HighlightSettings,
           first: int | None = None) -> tuple[Span, ...]:
    """The answering sentence, plus up to ``max_highlights - 1`` more that are likely answers too; best first.

    Args:
        spans: The sentences' spans.
        scores: The probability that each sentence answers the question.
        settings: How many sentences to mark and how close to the best they must be.
        first: The sentence the answer model's choice among the hit's sentences picked; the most
            probable one when None.
    """
    if not spans:
        return ()
    ranked = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    top = ranked[0] if first is None else first
    best = scores[ranked[0]]
    extra = [i for i in ranked[:settings.max_highlights] if i != top
             and scores[i] >= best - settings.margin and scores[i] >= settings.also_above]
    return tuple(spans[i] for i in [top, *extra[:settings.max_highlights - 1]])


# How a sentence (or a table row) ends; a piece of a sentence cut at a clause ends otherwise.
_SENTENCE_ENDS = frozenset(".!?:\"”’)|0123456789")


def whole_sentence(text: str, spans: Sequence[Span], i: int) -> Span:
    """The span of sentence ``i`` of ``spans`` with the pieces of it cut at clauses before and after: a
    long sentence is indexed in pieces ("... three other U.S. territories, that are intended to resolve
    substantially all opioids-related lawsuits" / "... for approximately $3.1 billion"), and a piece
    that does not end a sentence runs on into the next."""
    first = i
    while first > 0 and text[spans[first - 1][1] - 1] not in _SENTENCE_ENDS:
        first -= 1
    last = i
    while last + 1 < len(spans) and text[spans[last][1] - 1] not in _SENTENCE_ENDS:
        last += 1
    return spans[first][0], spans[last][1]


def whole_first(text: str, spans: Sequence[Span], chosen: Sequence[Span]) -> tuple[Span, ...]:
    """The chosen highlights with the first one read as its whole sentence (:func:`whole_sentence`), and
    the others it then holds dropped."""
    if not chosen:
        return ()
    whole = whole_sentence(text, spans, list(spans).index(chosen[0]))
    return (whole, *[s for s in chosen[1:] if not (whole[0] <= s[0] and s[1] <= whole[1])])
