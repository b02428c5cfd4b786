"""Where a report states its own head office: a filing's cover ("2300 Oracle Way Austin, Texas (Address
of principal executive offices)") and the sentences that give the report's own headquarters a place
("Our headquarters facility consists of approximately 0.9 million square feet in Austin, Texas",
"Our principal executive offices are located at 929 Long Bridge Drive, Arlington, Virginia").

Read by a claim about the head office (:mod:`caseqa.claims.headquarters`) and by a question asking
where it is (:mod:`caseqa.retrieve.stated`): one fact a report states in its own words, wherever.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The report's head office, however it is called.
HEAD_OFFICE = re.compile(r"\b(?:(?:global|corporate|world)\s+)?(?:headquarter(?:s|ed)?|head[\s-]+offices?|"
                         r"(?:principal|main)\s+(?:executive\s+|corporate\s+)?offices?)\b", re.IGNORECASE)
# A head office's move ("plans to move its headquarters to New York City", "Where is the headquarters
# moving?"): where it is going, not where it is.
MOVE = re.compile(r"\b(?:mov(?:e|es|ed|ing)|relocat\w*|plan(?:s|ned)?\s+to)\b", re.IGNORECASE)
# A filing's cover: the address printed above its label.
_COVER = re.compile(r"\(\s*Address\s+of\s+principal\s+executive\s+offices?\b", re.IGNORECASE)
# The report speaking of its own head office ("our", "the Company's", "is headquartered").
_OWN = re.compile(r"\b(?:our|we|its|the\s+company[’']?s?|is\s+headquartered|are\s+headquartered)\b", re.IGNORECASE)
_ANOTHER = re.compile(r"\b(?:a|an)\s+(?:[A-Z][\w.&-]*,?\s+){1,4}headquartered$")
# Where a place stands: after "in", "at" or "to" (a move's destination), an address's street skipped;
# not after "from", where a move started.
_PLACE = re.compile(r"\b(?:in|at|to)\s+(?:the\s+)?(?:\d[\w-]*\s+[^,.;()]{1,60},\s+)?"
                    r"([A-Z][\w.&-]*(?:,?\s+[A-Z][\w.&-]*)*)")
_SENTENCE_END = re.compile(r"[.!?](?=\s)\s*|\n\s*\n\s*")


@dataclass(frozen=True)
class Statement:
    """Where the report states its head office: the span in its text, and the words naming the place."""

    start: int
    end: int
    place: str
    cover: bool = False  # the address on a filing's cover, not a sentence


def statements(text: str) -> list[Statement]:
    """Every place the report gives for its own head office, in order."""
    out = []
    for cover in _COVER.finditer(text):
        # The address is the line or two before the label ("2300 Oracle Way Austin, Texas"), after the
        # label before it, maybe set apart by blank lines ("One Johnson & Johnson Plaza", "New
        # Brunswick, New Jersey 08933").
        start = max(text.rfind(")", 0, cover.start()), text.rfind(". ", 0, cover.start()) + 1,
                    cover.start() - 120) + 1
        blocks = [m for m in re.finditer(r"\S(?:.*\S)?", text[start:cover.start()])
                  if re.search(r"[A-Za-z]", m.group())][-2:]
        if blocks and re.search(r"[A-Z][a-z]", " ".join(m.group() for m in blocks)):
            out.append(Statement(start + blocks[0].start(), cover.start(),
                                 ", ".join(m.group() for m in blocks), cover=True))
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
        # A sentence's full stop is no part of the place ("Rhode Island."), an abbreviation's is ("D.C.").
        if re.search(r"[a-z]{3,}\.$", place):
            place = place[:-1]
        if place:
            out.append(Statement(start, end, place))
    return out


def places_in(sentence: str) -> list[tuple[int, str]]:
    """Where a sentence places things ("in London, United Kingdom"): each place with its offset."""
    return [(m.start(1), m.group(1).rstrip(".")) for m in _PLACE.finditer(sentence)]
