"""Where a company's headquarters is: one fact a report states in its own words, read wherever it says it.

A claim that a company is headquartered somewhere ("Oracle's headquarters is located in Redwood
Shores, California", "Boeing's principal executive offices are in Chicago, Illinois") is about one
place. The best window a search finds for it may be any sentence naming the claim's place (a campus,
the auditor's signature city), not the report's statement of its head office; so the statements are
read where they are (:func:`caseqa.language.head_office.statements`).
"""

from __future__ import annotations

import re

from caseqa.claims.text import Claim, entities, named_in
from caseqa.language.head_office import HEAD_OFFICE, MOVE, places_in
from caseqa.language.self_reference import is_self, own_names
from caseqa.language.terms import without_possessive

_OWNERS = frozenset("the its our company company's company’s".split())
# Words a claim about the head office may say beside it and the place: nothing else to check.
_PLAIN = frozenset("headquarter headquarters headquartered head office offices principal executive main global "
                   "corporate world located based situated sits lies company".split())


def _owners(claim: Claim, said: re.Match[str]) -> list[str]:
    """The capitalised words before a claim's head office that say whose it is ("Oracle's", "King's"),
    without their possessive; "The company's" and "Our" say nothing."""
    return [without_possessive(w) for w in re.findall(r"[A-Z][\w.&’'-]*", claim.text[:said.start()])
            if w.lower() not in _OWNERS]


def _another_owner(owners: list[str], title: str) -> bool:
    """Is any of the owner words not the report's own name ("Cerner" in Oracle's report)?"""
    own = own_names(title)
    return any(not named_in(w, title) and not is_self(w, own) for w in owners)


def places_claimed(claim: Claim, title: str) -> list[str]:
    """The places a claim gives the company's head office ("Redwood Shores", "California"), or none when
    the claim does not speak of its head office, speaks of another company’s, or of a move."""
    said = HEAD_OFFICE.search(claim.text)
    if said is None or MOVE.search(claim.text):
        return []
    # "Oracle's headquarters" of Oracle's report, "The company's"; a name that is not the report's is
    # another company's ("Cerner's headquarters").
    if _another_owner(_owners(claim, said), title):
        return []
    return [e for e in entities(claim.text[said.end():]) if not is_self(e, [title])]


def plain(claim: Claim) -> bool:
    """Does the claim say only where the head office is: no figure, no other content word?"""
    words = set(re.findall(r"\b[a-z]+\b", claim.text))
    return not claim.quantities and words <= _PLAIN | {"is", "are", "in", "at", "the", "its", "s", "a", "an", "of",
                                                       "was", "has", "been", "located", "now"}


def another_office_elsewhere(claim: Claim, title: str, evidence: str) -> str | None:
    """The reason, when a claim places another company's or a segment's head office ("King's headquarters
    are located in Stockholm, Sweden") where the evidence does not: in the evidence's sentence naming
    that owner's head office, the place nearest the head office is another ("office space in London,
    United Kingdom for our King segment's headquarters, as well as ... in Stockholm, Sweden"). None
    for the report's own head office (:func:`places_claimed` reads that), a move, or no such sentence."""
    said = HEAD_OFFICE.search(claim.text)
    if said is None or MOVE.search(claim.text):
        return None
    owner = _owners(claim, said)
    own = own_names(title)
    if not owner or any(named_in(w, title) or is_self(w, own) for w in owner):
        return None
    places = [e for e in entities(claim.text[said.end():]) if not is_self(e, own)]
    if not places:
        return None
    for sentence in re.split(r"(?<=[.!?])\s+", evidence):
        office = HEAD_OFFICE.search(sentence)
        if office is None or not all(named_in(w, sentence) for w in owner):
            continue
        stated = places_in(sentence)
        if not stated:
            continue
        nearest = min(stated, key=lambda p: abs(p[0] - office.start()))[1]
        if not named_in(places[0], nearest):
            return f"claim places {' '.join(owner)}’s head office in {places[0]}; the case says {nearest}"
    return None
