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
