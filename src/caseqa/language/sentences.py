"""Sentence spans with nltk's Punkt algorithm, trained on the document itself (no downloaded data)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from caseqa.types import Span

if TYPE_CHECKING:  # importing nltk takes ~3 s, so only the functions that split text import it
    from nltk.tokenize.punkt import PunktSentenceTokenizer

# A bullet or an enumerator followed by a space: "•", "-", "3.", "(b)", "iv)", "A)".
LIST_MARKER = re.compile(
    r"(?:[•●▪◦■□‣⁃∙·➢➤►▶✓✔\-\*\+–—]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)]|[A-Z]\))(?=\s)"
)
# Characters a finished sentence (or a line that is not a heading) ends with.
TERMINAL = ".,;:!?…\"'”’)]"

# Abbreviations that end in a period without ending a sentence, written as Punkt stores them:
# lower case, without the final period. Punkt learns more from each document; these cover the
# ones a single case may use too rarely to learn.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms messrs mme dr prof sr jr st rev hon gen col capt lt sgt maj adm gov sen rep pres supt
    co corp inc ltd llc plc bros assn dept div est intl natl univ mfg no nos vs etc e.g i.e cf viz
    al approx ca fig figs vol vols pp p ed eds op ch sec art para u.s u.s.a u.k u.n e.u n.y l.a d.c
    ph.d m.b.a b.a m.a b.sc m.sc ll.b jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues
    wed thu thur thurs fri sat sun a.m p.m mt ft ave blvd rd sq hwy tel ext min max mil bn mn mln tn
    yr yrs hr hrs
    """.split()
)
_MAX_TRAINING_CHARS = 300_000
_MAX_UNIT_CHARS = 5_000  # Punkt is quadratic in odd inputs; longer units are cut at spaces first.
_SHORT_LINE = 80


def tokenizer_for(text: str) -> PunktSentenceTokenizer:
    """A Punkt tokenizer trained on ``text`` plus the known abbreviations.

    Args:
        text: The document, so Punkt learns its abbreviations and sentence starters.

    Returns:
        The tokenizer.
    """
    from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer

    trainer = PunktTrainer()
    # 300,000 characters (~100 pages) teach Punkt a document's abbreviations as well as all of a
    # 10-K does: training on a 300-page PDF's million characters took 2 of its 2.5 s of splitting.
    trainer.train(text[:_MAX_TRAINING_CHARS], finalize=True)
    params = trainer.get_params()
    # On a single short document Punkt takes ordinary words that end a few sentences ("ago",
    # "act") for abbreviations; keep only learned ones that look like abbreviations.
    params.abbrev_types = {a for a in params.abbrev_types if _looks_abbreviated(a)} | ABBREVIATIONS
    return PunktSentenceTokenizer(params)


def _looks_abbreviated(token: str) -> bool:
    """Internal periods ("s.p.a") or no vowel ("mgmt", "pkg"): a plausible abbreviation."""
    return "." in token or not re.search(r"[aeiouy]", token)


@lru_cache(maxsize=1)
def default_tokenizer() -> PunktSentenceTokenizer:
    """A Punkt tokenizer with only the known abbreviations, for short texts such as claims."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types.update(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def units(text: str, start: int, end: int) -> list[Span]:
    """Split a paragraph into units that Punkt handles separately: list items and short lines.

    A list item, or a line of a block of short unpunctuated lines (a byline, an address, a
    table row), is a unit of its own; hard-wrapped prose lines stay together.
    """
    lines: list[Span] = []
    pos = start
    for raw in text[start:end].split("\n"):
        stripped = raw.strip()
        if stripped:
            s = pos + len(raw) - len(raw.lstrip())
            lines.append((s, s + len(stripped)))
        pos += len(raw) + 1
    if not lines:
        return []
    line_per_unit = len(lines) > 1 and all(
        e - s <= _SHORT_LINE and text[e - 1] not in TERMINAL for s, e in lines[:-1]
    )
    out: list[Span] = []
    for s, e in lines:
        if out and not line_per_unit and not LIST_MARKER.match(text, s):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _cut_long(text: str, start: int, end: int) -> list[Span]:
    """Cut an over-long unit at whitespace into pieces of at most ``_MAX_UNIT_CHARS``."""
    out: list[Span] = []
    while end - start > _MAX_UNIT_CHARS:
        cut = text.rfind(" ", start + _MAX_UNIT_CHARS // 2, start + _MAX_UNIT_CHARS)
        cut = cut if cut > start else start + _MAX_UNIT_CHARS
        out.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        out.append((start, end))
    return out


def split(text: str, start: int, end: int, tokenizer: PunktSentenceTokenizer | None = None) -> list[Span]:
    """Sentence spans (document offsets) inside ``text[start:end]``.

    Args:
        text: The whole document text.
        start: Start of the paragraph.
        end: End of the paragraph.
        tokenizer: A document-trained tokenizer; the default one otherwise.

    Returns:
        Spans with no leading or trailing whitespace, in order, covering every word.
    """
    tok = tokenizer or default_tokenizer()
    spans: list[Span] = []
    for u_start, u_end in units(text, start, end):
        marker = LIST_MARKER.match(text, u_start)
        body = marker.end() if marker else u_start
        for piece_start, piece_end in _cut_long(text, body, u_end):
            piece = text[piece_start:piece_end]
            found = [(piece_start + s, piece_start + e) for s, e in tok.span_tokenize(piece)]
            if found and marker and piece_start == body:
                found[0] = (u_start, found[0][1])  # the list marker belongs to its item
            spans.extend(_join_attributions(text, found))
    return spans


_QUOTED_END = re.compile(r"[!?][\"”’']$")


def _join_attributions(text: str, spans: list[Span]) -> list[Span]:
    """Rejoin '“Yes!” she said.': a quote ending in ! or ? followed by a lower-case word."""
    out: list[Span] = []
    for span in spans:
        # Only the last two characters can match: search there, not from the start of the text.
        if out and _QUOTED_END.search(text, max(0, out[-1][1] - 2), out[-1][1]) and text[span[0]].islower():
            out[-1] = (out[-1][0], span[1])
        else:
            out.append(span)
    return out


_SPACES = re.compile(r"\s+")


def normalise(sentence: str) -> str:
    """Collapse whitespace, for embedding and display."""
    return _SPACES.sub(" ", sentence).strip()
