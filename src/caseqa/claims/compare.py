"""Comparisons of a claim with its aligned evidence, one function per kind of mismatch.

Each returns what differs, in words a reader can check ("claim says 2020; the case says 2019"),
or None / "match" when the evidence agrees or does not speak to it; :mod:`caseqa.claims.verdict`
weighs them into a verdict.
"""

from __future__ import annotations

import re
from dataclasses import replace
from enum import StrEnum

from caseqa.claims.align import Window, terms_in
from caseqa.claims.text import OPPOSITES, Claim, clause_spans, entities, negated, slot, title_near
from caseqa.language import quantities as qty
from caseqa.language.quantities import Kind
from caseqa.language.terms import STOPWORDS, terms_with_words, tokenize


class Outcome(StrEnum):
    """A figure of the claim against the evidence."""

    MATCH = "match"
    MISMATCH = "mismatch"  # the evidence states another figure for the same thing
    ABSENT = "absent"  # the evidence states no figure for it


def compare_quantity(claim_q: qty.Quantity, claim: Claim, window: Window) -> tuple[Outcome, qty.Quantity | None]:
    """The outcome for one figure of the claim, with the case's figure when they differ."""
    clauses = []
    for a, b in clause_spans(window.text):
        # Offsets made relative to the window, so that figures of neighbouring clauses can be related.
        found = [replace(q, start=q.start + a, end=q.end + a)
                 for q in qty.extract(window.text[a:b]) if qty.comparable(claim_q, q)]
        if claim_q.kind == Kind.ORDINAL:  # "the third day" is compared with another day, not "the first team"
            found = [q for q in found if claim_q.noun is None or q.noun is None or same_word(claim_q.noun, q.noun)]
        if found:
            overlap = len(terms_in(set(claim.terms), set(tokenize(window.text[a:b]))))
            clauses.append((overlap, found))
    if not clauses:
        return Outcome.ABSENT, None
    if claim_q.kind in (Kind.COUNT, Kind.MONEY, Kind.PERCENT, Kind.MULTIPLIER):
        # The counted thing fixes the role: "100,000 people" pairs with people, not with hotlines.
        same_noun = [q for _, qs in clauses for q in qs
                     if claim_q.noun is None or q.noun is None or same_word(claim_q.noun, q.noun)]
        pool = same_noun or ([q for _, qs in clauses for q in qs] if claim_q.noun is None else [])
        if not pool:
            return Outcome.ABSENT, None
        if any(qty.agree(claim_q, q) for q in pool):
            return Outcome.MATCH, None
        return Outcome.MISMATCH, pool[0]
    # Dates, years, times, durations and ranks have no noun: the clause that talks about the same
    # thing as the claim fixes the role ("the creation of Alipay ... in 2004").
    best = max(overlap for overlap, _ in clauses)
    top = [q for overlap, qs in clauses if overlap == best for q in qs]
    if claim_q.kind == Kind.ORDINAL:  # "second and third-tier cities": a list of ranks spans clauses
        ranks = [q for _, qs in clauses for q in qs]
        top += [q for q in ranks if any(abs(q.start - t.end) < 8 or abs(t.start - q.end) < 8 for t in top)]
    if any(qty.agree(claim_q, q) for q in top):
        return Outcome.MATCH, None
    return Outcome.MISMATCH, top[0]


def same_word(a: str, b: str) -> bool:
    """Do two counted-noun phrases share a word ("Ant Financial people" / "people")?"""
    return bool(terms_in(set(tokenize(a)), set(tokenize(b))) or terms_in(set(tokenize(b)), set(tokenize(a))))


def negated_where_aligned(claim: Claim, text: str) -> bool:
    """Negation in the clauses of the evidence that share the most terms with the claim."""
    scored = [(len(terms_in(set(claim.terms), set(tokenize(text[a:b])))), a, b) for a, b in clause_spans(text)]
    best = max(s for s, _, _ in scored)
    return any(negated(text[a:b]) for s, a, b in scored if s == best)


def entity_swap(claim: Claim, window: Window, passage_text: str, doc_text: str) -> tuple[str, str] | None:
    """A name in the claim that the passage lacks, where the evidence names someone else instead.

    The other name is taken from the evidence clause that shares most terms with the claim.
    """
    missing = [e for e in entities(claim.text, doc_text) if e.lower() not in passage_text.lower()]
    if len(missing) != 1:
        return None
    # The other name must fill the same slot ("in Shanghai" is not swapped for "with Cainiao").
    wanted = slot(claim.text, missing[0])
    best: tuple[int, str] | None = None
    for a, b in clause_spans(window.text):
        clause = window.text[a:b]
        others = [e for e in entities(clause, doc_text)
                  if e.lower() not in claim.text.lower() and slot(window.text, e) == wanted]
        if others:
            overlap = len(terms_in(set(claim.terms), set(tokenize(clause))))
            if best is None or overlap > best[0]:
                best = (overlap, others[0])
    return (missing[0], best[1]) if best else None


def title_mismatch(claim: Claim, window: Window, doc_text: str) -> str | None:
    """The claim gives a person another title than the evidence does, or gives the title to another person.

    "Wang Lei is the CEO of ..." against "Wang Lei, president of ..."; "Ban He is the president of
    ..." against "Wang Lei, president of ...".
    """
    for name in entities(claim.text, doc_text):
        said = title_near(claim.text, name)
        if not said:
            continue
        found = title_near(window.text, name) if name.lower() in window.text.lower() else None
        if found and found.lower() != said.lower():
            return f"claim says {name} is {said}; the case says {found}"
        if found is None:
            holders = [other for other in entities(window.text, doc_text) if other.lower() != name.lower()
                       and (title_near(window.text, other) or "").lower() == said.lower()]
            if holders:
                return f"claim says {name} is {said}; the case says {holders[0]} is {said}"
    return None


def _neighbours(text: str, words: frozenset[str]) -> list[tuple[str, set[str]]]:
    """Each occurrence of one of ``words`` in text, with the content stems of up to three words either side."""
    tokens = re.findall(r"[\w’'-]+", text)
    out = []
    for i, token in enumerate(tokens):
        if token.lower() in words:
            around = [t for t in tokens[max(0, i - 3):i] + tokens[i + 1:i + 4]]
            out.append((token.lower(), {stem for stem, _ in terms_with_words(" ".join(around))}))
    return out


def opposite_words(claim: str, evidence: str) -> tuple[str, str] | None:
    """A word of the claim whose opposite the evidence uses instead: ("smallest", "largest"), or None.

    The evidence's word counts where it stands among the same words as the claim's ("three days
    after Wuhan's lockdown" against "three days before Wuhan's lock down"), even if the claim's
    word occurs elsewhere in the evidence ("the most sought after products"); with no shared
    neighbours, only when the claim's word is nowhere in the evidence.
    """
    claim_words = {w.lower() for w in re.findall(r"[\w’'-]+", claim)}
    evidence_words = {w.lower() for w in re.findall(r"[\w’'-]+", evidence)}
    for one, other in OPPOSITES:
        for said, case in ((one, other), (other, one)):
            claimed = claim_words & said
            if not claimed or not evidence_words & case or claim_words & case:
                continue
            near_claim = set().union(*(around for _, around in _neighbours(claim, said)))
            opposite_near = [w for w, around in _neighbours(evidence, case) if around & near_claim]
            same_near = [w for w, around in _neighbours(evidence, said) if around & near_claim]
            if opposite_near and not same_near:
                return min(claimed), opposite_near[0]
            if not evidence_words & said:
                return min(claimed), min(evidence_words & case)
    return None


def direction_swap(claim: str, evidence: str, names: list[str]) -> tuple[str, str] | None:
    """"from Wuhan to Shanghai" where the evidence says "from Shanghai to Wuhan": the two routes."""
    def route(text: str, source: str, target: str) -> bool:
        return bool(re.search(rf"\bfrom\s+(?:the\s+)?{re.escape(source)}\b[^.;]{{0,60}}?\bto\s+(?:the\s+)?"
                              rf"{re.escape(target)}\b", text, re.IGNORECASE))

    for source in names:
        for target in names:
            if target != source and route(claim, source, target) and route(evidence, target, source) \
                    and not route(evidence, source, target):
                return f"from {source} to {target}", f"from {target} to {source}"
    return None


# Prepositions that mark a role (a source, an agent): another word after
# one of them in the evidence means another source or actor, not a paraphrase ("to", "for" and
# "with" were tried: they join verbs and purposes too often, "to make online payments").
_ROLE_PREPOSITIONS = ("from", "by")


def other_filler(claim: str, evidence: str, missing: list[str]) -> tuple[str, str] | None:
    """"from hospitals" in the claim where the evidence says "from social organizations".

    Only for a claim word that the evidence lacks (``missing``), after a role preposition that the
    evidence uses with words the claim lacks.
    """
    claim_lower = claim.lower()
    for word in missing:
        found = re.search(rf"\b({'|'.join(_ROLE_PREPOSITIONS)})\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?"
                          rf"((?:[\w-]+\s+)?{re.escape(word)})\b", claim, re.IGNORECASE)
        if not found:
            continue
        prep = found.group(1).lower()
        for other in re.finditer(rf"\b{prep}\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?([\w-]+(?:\s+[\w-]+)?)",
                                 evidence, re.IGNORECASE):
            words = [w for w in other.group(1).split() if w.lower() not in STOPWORDS]
            if words and not any(w.lower() in claim_lower for w in words) and not words[0][0].isdigit():
                return f"{prep} {found.group(2)}", f"{prep} {' '.join(words)}"
    return None
