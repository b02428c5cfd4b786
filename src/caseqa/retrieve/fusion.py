"""Fusing rankings: pure functions over ranked lists and aligned score lists."""

from __future__ import annotations

from collections.abc import Sequence


def rrf(rankings: Sequence[Sequence[int]], k: int = 60) -> dict[int, float]:
    """Reciprocal rank fusion: sum over rankings of 1 / (k + rank), rank starting at 1.

    Args:
        rankings: Lists of ids, best first; lists may be empty, disjoint or of unequal length.
        k: The damping constant.

    Returns:
        Fused score per id.
    """
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return fused


def weighted(scores: Sequence[Sequence[float]], weights: Sequence[float]) -> list[float]:
    """Weighted sum of score lists, each divided by its maximum (a list of zeros stays zero).

    Args:
        scores: One list per signal, aligned over the same candidates.
        weights: One weight per signal.

    Returns:
        The fused score of each candidate.
    """
    n = len(scores[0]) if scores else 0
    out = [0.0] * n
    for signal, weight in zip(scores, weights):
        top = max(signal, default=0.0)
        if top <= 0:
            continue
        for i, value in enumerate(signal):
            out[i] += weight * max(value, 0.0) / top
    return out


def order(fused: dict[int, float]) -> list[int]:
    """Ids by fused score, ties broken by the smaller id (document order) for determinism."""
    return sorted(fused, key=lambda i: (-fused[i], i))
