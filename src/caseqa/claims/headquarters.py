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
from caseqa.language.head_office import HEAD_OFFICE
from caseqa.language.self_reference import is_self, own_names
from caseqa.language.terms import without_possessive

# A claim that the head office will move ("plans to move its headquarters to New York City") says where
# it is going, not where it is.
_MOVE = re.compile(r"\b(?:mov(?:e|es|ed|ing)|relocat\w*|plan(?:s|ned)?\s+to)\b", re.IGNORECASE)
_OWNERS = frozenset("the its our company company's company’s".split())
# Words a claim about the head office may say beside it and the place: nothing else to check.
_PLAIN = frozenset("headquarter headquarters headquartered head office offices principal executive main global "
                   "corporate world located based situated sits lies company".split())


def places_claimed(claim: Claim, title: str) -> list[str]:
    """The places a claim gives the company's head office ("Redwood Shores", "California"), or none when
    the claim does not speak of its head office, speaks of another company’s, or of a move."""
    said = HEAD_OFFICE.search(claim.text)
    if said is None or _MOVE.search(claim.text):
        return []
    # "Oracle's headquarters" of Oracle's report, "The company's"; a name that is not the report's is
    # another company's ("Cerner's headquarters").
    owner = [w for w in re.findall(r"[A-Z][\w.&-]*", claim.text[:said.start()])
             if w.lower() not in _OWNERS and not named_in(without_possessive(w), title)
             and not is_self(w, own_names(title))]
    if owner:
        return []
    return [e for e in entities(claim.text[said.end():]) if not is_self(e, [title])]


def plain(claim: Claim) -> bool:
    """Does the claim say only where the head office is: no figure, no other content word?"""
    words = set(re.findall(r"\b[a-z]+\b", claim.text))
    return not claim.quantities and words <= _PLAIN | {"is", "are", "in", "at", "the", "its", "s", "a", "an", "of",
                                                       "was", "has", "been", "located", "now"}
