"""Where a company's headquarters is: one fact a report states in its own words, read wherever it says it.

A claim that a company is headquartered somewhere ("Oracle's headquarters is located in Redwood
Shores, California", "Boeing's principal executive offices are in Chicago, Illinois") is about one
place. The best window a search finds for it may be any sentence naming the claim's place (a campus,
the auditor's signature city), not the report's statement of its head office; so the statements are
read where they are: a filing's cover ("2300 Oracle Way Austin, Texas (Address of principal
executive offices)") and the sentences that give the report's own headquarters a place ("Our
headquarters facility consists of approximately 0.9 million square feet in Austin, Texas", "Our
principal executive offices are located at 929 Long Bridge Drive, Arlington, Virginia").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from caseqa.claims.text import Claim, entities, named_in
from caseqa.language.self_reference import is_self
from caseqa.language.terms import without_possessive

# The report's head office, however it is called.
HEAD_OFFICE = re.compile(r"\b(?:(?:global|corporate|world)\s+)?(?:headquarter(?:s|ed)?|head[\s-]+offices?|"
                         r"principal\s+executive\s+offices?|main\s+office)\b", re.IGNORECASE)
# A filing's cover: the address printed above its label.
_COVER = re.compile(r"\(\s*Address\s+of\s+principal\s+executive\s+offices?\b", re.IGNORECASE)
# The report speaking of its own head office ("our", "the Company's", "is headquartered").
_OWN = re.compile(r"\b(?:our|we|its|the\s+company[’']?s?|is\s+headquartered|are\s+headquartered)\b", re.IGNORECASE)
_ANOTHER = re.compile(r"\b(?:a|an)\s+(?:[A-Z][\w.&-]*,?\s+){1,4}headquartered$")
_OWNERS = frozenset("the its our company company's company’s".split())
# Where a place stands: after "in", "at" or "to" (a move's destination), an address's street skipped;
# not after "from", where a move started.
_PLACE = re.compile(r"\b(?:in|at|to)\s+(?:the\s+)?(?:\d[\w-]*\s+[^,.;()]{1,60},\s+)?"
                    r"([A-Z][\w.&-]*(?:,?\s+[A-Z][\w.&-]*)*)")
_SENTENCE_END = re.compile(r"[.!?](?=\s)\s*|\n\s*\n\s*")
# Words a claim about the head office may say beside it and the place: nothing else to check.
_PLAIN = frozenset("headquarter headquarters headquartered head office offices principal executive main global "
                   "corporate world located based situated sits lies company".split())


@dataclass(frozen=True)
class Statement:
    """Where the report states its head office: the span in its text, and the words naming the place."""

    start: int
    end: int
    place: str


def statements(text: str) -> list[Statement]:
    """Every place the report gives for its own head office, in order."""
    out = []
    for cover in _COVER.finditer(text):
        # The address is the line or two before the label ("2300 Oracle Way Austin, Texas").
        start = max(text.rfind(")", 0, cover.start()), text.rfind(". ", 0, cover.start()) + 1,
                    text.rfind("\n\n", 0, cover.start()) + 1, cover.start() - 120) + 1
        address = text[start:cover.start()].strip()
        if re.search(r"[A-Z][a-z]", address):
            out.append(Statement(start + (len(text[start:cover.start()]) - len(text[start:cover.start()].lstrip())),
                                 cover.start(), address))
    for said in HEAD_OFFICE.finditer(text):
        if _COVER.match(text, max(0, said.start() - 30)) or text[max(0, said.start() - 30):said.start()].rstrip() \
                .lower().endswith("address of"):
            continue
        stops = [m.end() for m in _SENTENCE_END.finditer(text, max(0, said.start() - 200), said.start())]
        start = max(stops, default=max(0, said.start() - 200))
        stop = _SENTENCE_END.search(text, said.end(), said.end() + 200)
        end = stop.start() + 1 if stop else min(len(text), said.end() + 200)
        sentence = text[start:end]
        near = text[max(start, said.start() - 60):min(end, said.end() + 20)]
        if not _OWN.search(near) or _ANOTHER.search(text[max(start, said.start() - 60):said.end()]):
            continue  # another company's ("a New York headquartered bikeshare company")
        after = _PLACE.search(sentence, said.end() - start)
        # ... or the place before it ("our San Francisco, California headquarters").
        before = re.search(r"((?:[A-Z][\w.&-]*,?\s+){1,4})$", text[max(0, said.start() - 60):said.start()])
        place = after.group(1) if after else (before.group(1).strip(" ,") if before else "")
        if place:
            out.append(Statement(start, end, place))
    return out


def places_claimed(claim: Claim, title: str) -> list[str]:
    """The places a claim gives the company's head office ("Redwood Shores", "California"), or none when
    the claim does not speak of its head office or of another company's."""
    said = HEAD_OFFICE.search(claim.text)
    if said is None:
        return []
    # "Oracle's headquarters" of Oracle's report, "The company's"; a name that is not the report's is
    # another company's ("Cerner's headquarters").
    owner = [w for w in re.findall(r"[A-Z][\w.&-]*", claim.text[:said.start()])
             if w.lower() not in _OWNERS and not named_in(without_possessive(w), title)]
    if owner:
        return []
    return [e for e in entities(claim.text[said.end():]) if not is_self(e, [title])]


def plain(claim: Claim) -> bool:
    """Does the claim say only where the head office is: no figure, no other content word?"""
    words = set(re.findall(r"\b[a-z]+\b", claim.text))
    return not claim.quantities and words <= _PLAIN | {"is", "are", "in", "at", "the", "its", "s", "a", "an", "of",
                                                       "was", "has", "been", "located", "now"}
