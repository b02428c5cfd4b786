"""Comparisons of a claim with its aligned evidence, one function per kind of mismatch.

Each returns what differs, in words a reader can check ("claim says 2020; the case says 2019"),
or None / "match" when the evidence agrees or does not speak to it; :mod:`caseqa.claims.verdict`
weighs them into a verdict.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise

from caseqa.claims.align import Window, terms_in
from caseqa.claims.text import (
    CASH_FLOW_PAIR,
    COURTESY,
    DEAL_WORDS,
    LIGHT_WORDS,
    MEASURES,
    OPPOSITES,
    PAYMENT_PAIR,
    TITLE_RE,
    Claim,
    clause_spans,
    denials,
    entities,
    event_place,
    name_in,
    named_in,
    negated,
    slot,
    title_near,
    titles_in,
)
from caseqa.ingest import tables
from caseqa.language import quantities as qty
from caseqa.language.answer_type import PLACE_BEFORE, WORKFORCE
from caseqa.language.glossary import as_line_items, in_report_words
from caseqa.language.places import COUNTRIES, country_named, country_of_adjective
from caseqa.language.quantities import Kind
from caseqa.language.self_reference import is_self, own_names, says_we
from caseqa.language.terms import (
    STOPWORDS,
    acronym_in,
    initials_in,
    related,
    stem,
    terms_with_words,
    tokenize,
    without_possessive,
)
from caseqa.types import TableRow

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+", re.UNICODE)


class Outcome(StrEnum):
    """A figure of the claim against the evidence."""

    MATCH = "match"
    MISMATCH = "mismatch"  # the evidence states another figure for the same thing
    ABSENT = "absent"  # the evidence states no figure for it
    UNDATED = "undated"  # a table row states it, under a column whose period was not recognised


# A percentage a figure grew by: "increased by 113%", "up 45%", "a 113% increase".
_GREW_BY = re.compile(r"\b(?:increased?|increasing|grew|grown|rose|risen|up|gained|climbed|jumped)\s+(?:by\s+)?"
                      # ... or with the amount first: "increased $39.6 billion, or 95%"
                      r"(?:\$\s?[\d.,]+(?:\s+(?:million|billion|thousand))?,?\s+or\s+)?"
                      r"(?:approximately\s+|about\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+)?$", re.IGNORECASE)


_PEOPLE = frozenset(stem(w) for w in ("people", "persons", "individuals")) | WORKFORCE


def _row_counts(text: str, q: qty.Quantity, noun: str) -> bool:
    """Does a figure of a table row printed in the text count what the claim's figure counts ("29,000
    people" is not "Int'l. | 28,972" of a table of revenues)? Its row's label must name it, or a word of
    its family (people for employees); a figure outside a row counts what its sentence says."""
    line_start = text.rfind("\n", 0, q.start) + 1
    line_end = text.find("\n", q.start)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if " | " not in line:
        return True
    label = {stem(w.lower()) for w in re.findall(r"[A-Za-z]+", line.split(" | ")[0])}
    wanted = {stem(noun.lower())}
    if wanted & _PEOPLE:
        wanted |= _PEOPLE
    return any(related(a, b) for a in label for b in wanted)


def _growth_as_multipliers(text: str) -> list[qty.Quantity]:
    """The percentages by which the text says something grew, as the multiples they make, read as
    roughly (within a tenth): "increased by 113%" is 2.13 times, which "doubled" and "more than
    doubled" say and "tripled" does not."""
    out = []
    for q in qty.extract(text):
        if q.kind == Kind.PERCENT and _GREW_BY.search(text[max(0, q.start - 40):q.start]):
            out.append(replace(q, kind=Kind.MULTIPLIER, low=0.9 * (1 + q.low / 100), high=1.1 * (1 + q.high / 100),
                               approximate=True))
    return out


def compare_quantity(claim_q: qty.Quantity, claim: Claim, window: Window,
                     rows: Sequence[TableRow] = (),
                     order: tables.ColumnOrder | None = None) -> tuple[Outcome, qty.Quantity | None]:
    """The outcome for one figure of the claim, with the case's figure when they differ.

    ``rows`` are the table rows inside the window: a figure is then read under its column's period
    (:func:`against_table`; ``order``, the document's order of year columns, places the periods of
    a row whose header was not read). A sentence that pairs lists with "respectively" is read pairwise
    (:func:`against_respectively`).
    """
    rows = rows or printed_rows(window.text)
    if claim_q.kind in qty.AMOUNTS and is_change(claim.text, claim_q):
        # "increased by 13%" is read only in a table's columns of change ("% Change", "2021 vs 2020"),
        # not in its levels ("General and administrative | 24 % | 13 %" of revenue).
        rows = [_change_columns(row) for row in rows]
        rows = [row for row in rows if row.values]
    elif claim_q.kind == Kind.PERCENT and rows:
        # ... and a share ("nearly half of Gross Bookings") only where a row states shares: not in its
        # "% Change" columns, nor in the percentages beside a row's amounts ("$ 90,415 | 56 %"), which
        # say how those amounts changed or compare.
        rows = [_level_percents(row) for row in rows]
        if not any(rows):
            return Outcome.ABSENT, None
        rows = [row for row in rows if row is not None]
    if claim_q.kind == Kind.YEAR and not rows and not _comparison_bases(claim.text, claim_q.start, claim_q.end):
        if _dates_amount(claim_q, claim, window.text) or _same_lead(claim.text, claim_q, window.text):
            return Outcome.MATCH, None
        # "Net loss was $1.0 billion, a decrease of 42% compared to 2020": 2020 is what the figure is
        # compared with, not its year.
        years = [q for q in qty.extract(window.text) if qty.comparable(claim_q, q) and qty.agree(claim_q, q)]
        if years and all(_comparison_bases(window.text, q.start, q.end) for q in years):
            return Outcome.ABSENT, None
    if claim_q.kind == Kind.DATE and _listed_with_others(claim_q, window.text):
        return Outcome.MATCH, None
    for reading in (against_table(claim_q, claim, rows, order, window.passage.title),
                    against_respectively(claim_q, claim, window)):
        if reading is not None:
            return reading
    clauses = []
    # Figures are read in the whole window, then given to the clause they start in: a clause break
    # must not cut "August 15, 2029" into a date without its year.
    in_window = [q for q in qty.extract(window.text) if qty.comparable(claim_q, q)]
    if claim_q.kind == Kind.MULTIPLIER:
        in_window += _growth_as_multipliers(window.text)
    if claim_q.kind == Kind.COUNT and claim_q.noun:
        in_window = [q for q in in_window if _row_counts(window.text, q, claim_q.noun)]
    if claim_q.kind == Kind.YEAR:
        # A year the window's figures are compared with is not theirs: no other year for the claim's.
        in_window = [q for q in in_window if not _comparison_bases(window.text, q.start, q.end)]
    in_window = [q for q in in_window if not _of_another_person(claim, window, q)]
    # A case figure that agrees, in a clause that also states another of the claim's figures of another
    # kind, is bound to the claim's event by it: "100,000 people in 4 hours" for "About four hours after
    # launch, 100,000 people had signed up", whatever "10,000 people signed up" shares; "Just 1 hour after
    # launching online, 10,000 people signed up" for "Within an hour ..., 10,000 sign-ups", not "13 hours".
    partners = [o for o in claim.quantities if o is not claim_q and not qty.comparable(o, claim_q)
                and o.kind not in (Kind.YEAR, Kind.DATE)]
    if partners and any(qty.agree(claim_q, q) and _stated_with(q, partners, window.text) for q in in_window):
        return Outcome.MATCH, None
    # ... and so is one the same verb leads to: "employed about 77,300 colleagues, most of them outside the
    # United States" is "we employed approximately 77,300 people", not the "51,300 colleagues outside the
    # United States" its sentence goes on to count.
    if claim_q.kind in (Kind.COUNT, Kind.MONEY) and (verb := _verb_before(claim.text, claim_q)) is not None:
        led = [q for q in in_window if _verb_before(window.text, q) == verb]
        if len(led) == 1:
            return (Outcome.MATCH, None) if qty.agree(claim_q, led[0]) else (Outcome.MISMATCH, led[0])
    for a, b in clause_spans(window.text):
        found = [q for q in in_window if a <= q.start < b]
        if claim_q.kind == Kind.ORDINAL:  # "the third day" is compared with another day, not "the first team"
            found = [q for q in found if claim_q.noun is None
                     or (noun := q.noun or _listed_noun(window.text, q)) is None
                     or same_thing(claim_q.noun, noun, window)]
        if found:
            clauses.append((overlap(claim, window, a, b), found))
    if not clauses:
        return Outcome.ABSENT, None
    everything = [q for _, qs in clauses for q in qs]
    # A case figure that states another figure of the claim answers to that one: "ended 2021 with
    # $4.3 billion, down from $5.6 billion" is not contradicted by the case's $4.3 billion; "left at
    # 7pm and arrived at 5am": the case's 5am is the arrival's, not the departure's.
    # ... and a date of the claim's other event takes the case's date: "fiscal 2023 ... the acquisition of
    # Cerner, ... bought in June 2022" against "On June 8, 2022, we completed our acquisition of Cerner".
    others = [o for o in claim.quantities if o is not claim_q and (
        qty.comparable(o, claim_q) or (claim_q.kind in qty.WHEN and o.kind in qty.WHEN))]
    taken = [q for q in everything if not qty.agree(claim_q, q) and any(qty.agree(o, q) for o in others)]
    if claim_q.kind in (Kind.COUNT, Kind.MONEY, Kind.PERCENT, Kind.MULTIPLIER):
        # The counted thing fixes the role: "100,000 people" pairs with people, not with hotlines.
        same_noun = [q for q in everything
                     if claim_q.noun is None or q.noun is None or same_thing(claim_q.noun, q.noun, window)]
        pool = same_noun or (everything if claim_q.noun is None else [])
        taken = [q for q in pool if q in taken]
        # A change ("increased $19.0 million, or 58%") is no level ("rose to $51.6 million").
        if claim_q.kind in qty.AMOUNTS:
            change = is_change(claim.text, claim_q)
            taken += [q for q in pool if is_change(window.text, q) != change]
            # A quarter's figure is no year's ("the fourth quarter of 2021 alone" / "in 2021").
            quarterly = _quarterly(claim.text)
            # (The quarter must be the figure's: said before it or just after, not of another event
            # further on: "Revenue was $17.5 billion, ... attributable to the acquisition of Transplace in
            # the fourth quarter of 2021".)
            taken += [q for q in pool if _quarterly(_period_of(window.text, q)) != quarterly]
            # Nor is another year's: a figure whose sentence names years, none of them the claim's
            # for this figure ("927 Active Riders in the fourth quarter of 2020" against 2021's).
            year = year_of(claim_q, claim)
            if year is not None:
                taken += [q for q in pool if _other_years(_sentence_of(window.text, q), year)]
                # ... or whose own year, said right after it, is another ("17.4% in 2022 and 8.3% in 2021").
                taken += [q for q in pool
                          if (own := _YEAR_AFTER.match(window.text, q.end)) and int(own.group(1)) != year]
        # Where a change started ("from $0.79 to $0.90") is no level the claim reports ("lifted the
        # dividend to $0.90"), unless the claim's figure is a starting point too.
        if not _STARTING_POINT.search(claim.text[:claim_q.start]):
            taken += [q for q in pool if _STARTING_POINT.search(window.text[:q.start])
                      and any(q.end < p.start <= q.end + 40 for p in pool)]
        # "59% male and 39% female": the word right after a figure says what it measures; the opposite
        # of a claim word there ("women") makes it another group's figure.
        taken += [q for q in pool if _qualified_otherwise(window.text, q, claim, everything)]
        # A figure in a sentence of the window that holds none of the claim's words is another event's
        # ("We also donated $1 million to Planned Parenthood" after the sentence about the legal fund).
        taken += [q for q in pool if _in_another_sentence(claim, window, q)]
        if not [q for q in pool if q not in taken]:
            return Outcome.ABSENT, None
        # Every figure keeps its stretch of words when binding; one taken by another claim figure,
        # or a change where the claim states a level, is then not this figure's.
        bound_at = binding(pool, claim, window, claim_q)
        pool = [q for q in pool if q not in taken]
        bound, held = bound_at if bound_at and bound_at[0] in pool else (None, 0)
        # One shared word binds too weakly to outweigh a figure of the same thing that agrees: "10,000
        # people signed up. 100,000 people in 4 hours, and more than 1 million people in 3 days" says
        # "signed up" once for all three.
        if bound is not None and held <= 1 and not qty.agree(claim_q, bound) \
                and any(qty.agree(claim_q, q) for q in pool):
            return Outcome.MATCH, None
        if bound is not None:  # one of several figures belongs to the claim's event
            return (Outcome.MATCH, None) if qty.agree(claim_q, bound) else (Outcome.MISMATCH, bound)
        if any(qty.agree(claim_q, q) for q in pool):
            return Outcome.MATCH, None
        # Nothing binds one figure to the claim's event: the reason names the one nearest in size
        # ("ten million" against "more than 1 million", not against "10,000" beside it).
        return Outcome.MISMATCH, min(pool, key=lambda q: abs(math.log10(max(_nominal(q), 1e-9))
                                                             - math.log10(max(_nominal(claim_q), 1e-9))))
    if claim_q.kind in qty.WHEN and (lead := _lead_word(claim.text, claim_q)) is not None \
            and (lead not in STOPWORDS or lead in _BOUND_LEADS):
        # A date after the claim's own lead word is the one it gives otherwise: "by the end of 2030"
        # against "will exit ... by the end of 2025", not "announced in December 2022".
        led = [q for q in everything if _lead_word(window.text, q) == lead]
        if led:
            taken += [q for q in everything if q not in led]
    clauses = [(score, [q for q in qs if q not in taken]) for score, qs in clauses]
    clauses = [(score, qs) for score, qs in clauses if qs]
    if not clauses:
        return Outcome.ABSENT, None
    # Ranks are left out: "second and third-tier cities" lists ranks of one thing, not two events.
    bound = bound_figure(everything, claim, window, claim_q) if claim_q.kind != Kind.ORDINAL else None
    if bound is not None and bound not in taken:
        return (Outcome.MATCH, None) if qty.agree(claim_q, bound) else (Outcome.MISMATCH, bound)
    everything = [q for q in everything if q not in taken]
    # Dates, years, times, durations and ranks have no noun: the clause that talks about the same
    # thing as the claim fixes the role ("the creation of Alipay ... in 2004").
    best = max(score for score, _ in clauses)
    top = [q for score, qs in clauses if score == best for q in qs]
    if claim_q.kind == Kind.ORDINAL:  # "second and third-tier cities": a list of ranks spans clauses
        top += [q for q in everything if any(abs(q.start - t.end) < 8 or abs(t.start - q.end) < 8 for t in top)]
    if any(qty.agree(claim_q, q) for q in top):
        return Outcome.MATCH, None
    return Outcome.MISMATCH, top[0]


def window_sentences(window: Window) -> list[tuple[int, int]]:
    """The spans of the passage's sentences that lie inside the window, relative to ``window.text``."""
    return [(a - window.start, b - window.start) for a, b in window.passage.sentences
            if a >= window.start and b <= window.end]


def _in_another_sentence(claim: Claim, window: Window, q: qty.Quantity) -> bool:
    """Does the figure (offsets in ``window.text``) sit in a sentence of the window about someone the
    claim does not name, holding none of the claim's terms in its words or in others, while another
    sentence of the window does? ("We also donated $1 million to Planned Parenthood" after the sentence
    about the legal fund; but "100,000 people in 4 hours" goes on with the sentence before it.)"""
    sentences = window_sentences(window)
    own = next(((a, b) for a, b in sentences if a <= q.start < b), None)
    if own is None or len(sentences) < 2 or overlap(claim, window, *own):
        return False
    if not any(not named_in(e, claim.text) for e in entities(window.text[own[0]:own[1]])):
        return False
    return any(overlap(claim, window, a, b) for a, b in sentences if (a, b) != own)


def _of_another_person(claim: Claim, window: Window, q: qty.Quantity) -> bool:
    """Is the figure in a sentence about another person than the one the claim names, who another
    sentence of the window speaks of ("Mr. Hornbuckle has served as Chief Executive Officer since July
    2020" beside "Mr. Halkyard has served as Chief Financial Officer ... since January 2021", for
    "Jonathan Halkyard has served as CEO since July 2020")?"""
    own = next(((a, b) for a, b in window_sentences(window) if a <= q.start < b), None)
    if own is None:
        return False
    here = window.text[own[0]:own[1]]
    people = COURTESY.findall(here)
    if not people or any(re.search(rf"\b{re.escape(p)}\b", claim.text) for p in people):
        return False
    # The claim's person is one the window gives a courtesy title too ("Mr. Halkyard").
    titled = {without_possessive(w) for w in COURTESY.findall(window.text)}
    return any(without_possessive(e.split()[-1]) in titled and not named_in(e, here) for e in entities(claim.text))


def _listed_noun(text: str, q: qty.Quantity) -> str | None:
    """The noun after a list of ranks that begins with ``q`` ("second and third-tier cities": "cities"),
    or None when ``q`` starts no list and is joined to no word."""
    words = re.findall(r"[\w’'-]+", text[q.end:q.end + 40])[:4]
    # A list ("second and third-tier"), or a rank joined to its word ("third-tier cities").
    if not words or (words[0].lower() not in ("and", "or") and not words[0].startswith("-")):
        return None
    for word in words:
        low = word.lower()
        rank = low in qty.ORDINAL_WORDS or (low[:-2].isdigit() and low.endswith(("st", "nd", "rd", "th")))
        if low in ("and", "or") or "-" in low or rank:
            continue
        return low
    return None


_CHANGE_WORD = re.compile(r"\b(?:increas|decreas|rise|rose|risen|rising|fell|fall|grew|grow|declin|drop|gain|jump|"
                          r"climb|slid|slip|dipp|improv|reduc|growth|slash|trimm)\w*|\bcut(?:s|ting)?\b|\b(?:was|were|is|are|been|be)\s+(?:up|down)\b",
                          re.IGNORECASE)  # "up" alone is "set up 400 hotlines", no change
# What may stand between the word of change and its figure: "increased by", "a decrease of",
# "increased $19.0 million, or 58%" (the second figure of the same change).
_CHANGE_GAP = re.compile(r"(?:\s|,|by|of|or|\$|approximately|about|roughly|nearly|some|around|almost|\d|\.|%|"
                         r"million|billion|thousand|percent|points?)*", re.IGNORECASE)


# A quarter of a year, not a quarter of a whole ("nearly a quarter of Gross Bookings").
_QUARTER = re.compile(r"\b(?:(?:first|second|third|fourth|final|last|current|prior|same|each|fiscal|previous)\s+"
                      r"quarters?|Q[1-4]|three months|quarterly)\b", re.IGNORECASE)
# A quarter that bounds a period ("through the third quarter of fiscal year 2023") dates no quarter's figure.
_BOUND_BEFORE = re.compile(r"\b(?:through|by|until|till|before|after|since|starting|beginning|from|end of)\s+"
                           r"(?:the\s+)?$", re.IGNORECASE)


# The year a figure is said of, right after it: "17.4% in 2022", "$4.3 billion for fiscal 2023".
_YEAR_AFTER = re.compile(r"\s+(?:in|for|during)\s+(?:fiscal\s+(?:year\s+)?)?((?:19|20)\d\d)\b"
                         r"(?!\s*(?:and|,)\s*(?:19|20)\d\d)", re.IGNORECASE)


def _quarterly(text: str) -> bool:
    """Does the text speak of a quarter's figures ("in the fourth quarter of 2021"), not a quarter that
    bounds a period ("through the third quarter")?"""
    return any(not _BOUND_BEFORE.search(text[max(0, m.start() - 20):m.start()]) for m in _QUARTER.finditer(text))


def _period_of(text: str, q: qty.Quantity) -> str:
    """The words of the figure's sentence that may give its period: up to a few words after it."""
    start, end = _sentence_span(text, q)
    return text[start:min(end, q.end + 40)]


def _sentence_of(text: str, q: qty.Quantity) -> str:
    """The sentence of ``text`` that holds the figure (a row of a table ends at its line)."""
    start, end = _sentence_span(text, q)
    return text[start:end]


def _sentence_span(text: str, q: qty.Quantity) -> tuple[int, int]:
    starts = [m.end() for m in re.finditer(r"[.!?]\s+|\n", text[:q.start])]
    end = re.search(r"[.!?](?:\s|$)|\n", text[q.end:])
    return starts[-1] if starts else 0, q.end + (end.end() if end else len(text))


_CHANGE_IN_OF = re.compile(r"\b(?:increase|decrease|rise|decline|drop|gain|reduction|growth|jump)s?\s+in\s+"
                           r"(?:[\w’'-]+\s+){1,4}of\s+(?:approximately\s+|about\s+)?\$?\s*$", re.IGNORECASE)
_CHANGED_BY = re.compile(r"\b(?:rais(?:e|es|ed|ing)|cut(?:s|ting)?|lower(?:s|ed|ing)?|increas\w*|decreas\w*|reduc\w*|"
                         r"boost\w*|lift\w*|hik(?:e|es|ed|ing)|trim\w*|slash\w*)\s+(?:[\w’'-]+\s+){1,6}by\s+"
                         r"(?:approximately\s+|about\s+|roughly\s+|nearly\s+|some\s+|around\s+|almost\s+)?\$?\s*$",
                         re.IGNORECASE)
_CHANGE_AFTER = re.compile(r"\s+(?:year-over-year\s+|net\s+)?(?:increase|decrease|rise|decline|drop|gain|reduction|"
                           r"growth|jump)s?\b", re.IGNORECASE)


_CHANGE_COLUMN = re.compile(r"change|\bvs\b|versus|growth|increase|decrease|variance", re.IGNORECASE)


def _change_columns(row: TableRow, keep: bool = True) -> TableRow:
    """The row with only its columns of change ("% Change", "2021 vs 2020"), or (``keep=False``) without them."""
    keep_at = [i for i, column in enumerate(row.columns) if bool(_CHANGE_COLUMN.search(column)) == keep]
    return replace(row, values=tuple(row.values[i] for i in keep_at), columns=tuple(row.columns[i] for i in keep_at))


def _level_percents(row: TableRow) -> TableRow | None:
    """The row's percentages that may be shares: none from a column of change, and none when the row
    also states amounts (its percentages then are of those amounts); None when none is left."""
    figures = [f for f in tables.figures(row) if f.value is not None]
    if any(not f.percent for f in figures):
        return None
    row = _change_columns(row, keep=False)
    return row if row.values else None


def is_change(text: str, q: qty.Quantity) -> bool:
    """Is the figure a change ("increased $19.0 million", "a decrease of 5%", "rose 27%", "a $51.6
    million increase") rather than a level ("rose to $51.6 million", "$457 million of cash")? Read
    from its clause before it and the word after it."""
    if _CHANGE_AFTER.match(text, q.end):  # "a $51.6 million increase in stock-based compensation"
        return True
    if re.search(r"\bin\s+half$|\bhalved$", q.text, re.IGNORECASE):  # "cut ... roughly in half", "halved"
        return True
    before = re.split(r"[.;:!?]\s", text[max(0, q.start - 80):q.start])[-1]
    if _CHANGE_IN_OF.search(before):  # "an increase in Gross Bookings of 56%"
        return True
    if _CHANGED_BY.search(before):  # "raise menu prices by 5%", "cut its workforce by 10%"
        return True
    words = list(_CHANGE_WORD.finditer(before))
    return bool(words) and _CHANGE_GAP.fullmatch(before[words[-1].end():]) is not None


def _other_years(sentence: str, year: int) -> bool:
    """Does the sentence name years, none of them this one (nor a range that holds it)?"""
    years = {y for q in qty.extract(sentence) if (y := _year(q)) is not None}
    return bool(years) and year not in years and not (min(years) < year < max(years))


def _year(q: qty.Quantity) -> int | None:
    """The year a year or a dated day names ("2021", "December 31, 2021"); None for anything else."""
    if q.kind == Kind.YEAR:
        return int(q.low)
    return q.year if q.kind == Kind.DATE else None


# A figure said to be the year before the claim's ("down from about $5.6 billion a year earlier").
# A year this close after a figure ("21% in 2021") is that figure's own.
_OWN_YEAR_GAP = 12
_TO_NEXT = re.compile(r"\s*,?\s*(?:and\s+)?to\s+(?:about|roughly|around|approximately|nearly|almost|some)?\s*",
                      re.IGNORECASE)
_FAR = 1_000  # characters: a year placed this far is the last one chosen
_YEAR_BEFORE = re.compile(r"\s*(?:in |at the end of |at )?(?:a year (?:earlier|before|ago)|the (?:prior|previous|"
                          r"preceding) year(?:['’]s)?|the year before|one year (?:earlier|before))\b", re.IGNORECASE)


# The year said right after an amount: "$1.0 billion in 2021", "$92.9 million for fiscal 2021".
_YEAR_AFTER = re.compile(r"\s*,?\s*(?:in|for|during)\s+(?:the\s+)?(?:fiscal\s+(?:year\s+)?)?((?:19|20)\d\d)\b")


# Years a figure is compared with: "compared to 2020 and 2019", "versus 2020", "than in 2019".
_BASES = re.compile(r"(?:compared\s+(?:to|with)|versus|vs\.?|relative\s+to|than(?:\s+in)?)\s+"
                    r"((?:(?:the\s+)?(?:fiscal\s+(?:year\s+)?)?(?:19|20)\d\d(?:\s*,\s*|\s+and\s+|\s+or\s+)?)+)",
                    re.IGNORECASE)


# ... and the year that closes the phrase of what a figure is compared with: "decreased 14% to $7.5 billion
# ..., as compared to consolidated net revenues of $8.8 billion and ... $3.3 billion in 2021".
_BASE_PHRASE = re.compile(r"\bcompared\s+(?:to|with)\s+(?:[^;.]|\.(?=\d)){0,160}?\bin\s+"
                          r"((?:fiscal\s+)?(?:19|20)\d\d)\b", re.IGNORECASE)


def _comparison_bases(text: str, start: int, end: int) -> bool:
    """Is the text's year at ``start:end`` one a figure is compared with, rather than the figure's own?"""
    return any(m.start(1) <= start and end <= m.end(1) for pattern in (_BASES, _BASE_PHRASE)
               for m in pattern.finditer(text))


# Words between a year and the word that says what it is the year of: "due in 2025", "by the end of 2030".
_YEAR_LEAD_FILLER = r"(?:\s+(?:in|on|at|of|the|end|year|fiscal|calendar))*\s+"


def _verb_before(text: str, q: qty.Quantity) -> str | None:
    """The verb right before a figure, as stemmed ("employ" of "employed about 77,300"); None when the
    word there is a stop word or no verb form ("-ed" or "-s")."""
    before = re.search(r"([A-Za-z]{3,})\s+$", text[:q.start])
    if before is None or before.group(1).lower() in STOPWORDS or not re.search(r"(?:ed|s)$", before.group(1)):
        return None
    return stem(before.group(1).lower())


# Words that bound a period ("by the end of 2025", "until 2029"), unlike "in" or "on", which any date has.
_BOUND_LEADS = frozenset("by until through since before after".split())


def _lead_word(text: str, q: qty.Quantity) -> str | None:
    """The word that leads to a date or year, past the words of a period ("by" of "by the end of 2025")."""
    lead = re.search(rf"([A-Za-z]{{2,}}){_YEAR_LEAD_FILLER}$", text[:q.start])
    return lead.group(1).lower() if lead else None


def _same_lead(claim: str, year: qty.Quantity, text: str) -> bool:
    """Does the text give the claim's year after the same word ("notes due in 2025" / "notes due 2025")?"""
    lead = re.search(rf"([A-Za-z]{{3,}}){_YEAR_LEAD_FILLER}$", claim[:year.start])
    if lead is None or lead.group(1).lower() in STOPWORDS:
        return False
    again = rf"\b{re.escape(lead.group(1))}{_YEAR_LEAD_FILLER}{int(year.low)}\b"
    return re.search(again, text, re.IGNORECASE) is not None


def _dates_amount(year: qty.Quantity, claim: Claim, text: str) -> bool:
    """Does the text say the claim's amount of this year with this year right after it? "from $1.8
    billion in 2020 to $1.0 billion in 2021" dates "about $1 billion" to 2021, whatever 2020 is of."""
    amounts = [q for q in claim.quantities if q.kind in qty.AMOUNTS and year_of(q, claim) == year.low]
    for case_q in qty.extract(text) if amounts else ():
        said = _YEAR_AFTER.match(text, case_q.end)
        if said and int(said.group(1)) == year.low and any(
                qty.comparable(a, case_q) and qty.agree(a, case_q) for a in amounts):
            return True
    return False


def year_of(figure: qty.Quantity, claim: Claim) -> int | None:
    """The year the claim ties a figure to: the claim's year (or dated day) nearest to it, the one
    after it when two are as near ("from $11.1 billion in 2020 to $17.5 billion in 2021"), or the
    year before the claim's when the figure is said to be a year earlier."""
    years = [(q, _year(q)) for q in claim.quantities if _year(q)]
    if not years:
        return None
    if _YEAR_BEFORE.match(claim.text, figure.end):
        latest = max(y for _, y in years if y is not None)
        return latest - 1
    if _STARTING_POINT.search(claim.text[:figure.start]) and any(
            q is not figure and qty.comparable(q, figure) for q in claim.quantities):
        # Where a change started is the year before the claim's, unless the claim dates it ("from 21%
        # in 2021 to 18% in 2022"): "fell from about $1.5 billion to about $569 million during fiscal
        # 2022", "held $689 million at June 30, 2023, down from $775 million".
        own = [y for q, y in years if 0 <= q.start - figure.end <= _OWN_YEAR_GAP]
        if own:
            return own[0]
        latest = max(y for _, y in years if y is not None)
        return latest - 1

    def distance(qy: tuple[qty.Quantity, int | None]) -> tuple[int, int]:
        q = qy[0]
        if q.start >= figure.end:
            return q.start - figure.end, 0
        # A year before "to" ends where the change started ("from $4.87 in fiscal 2022 to $4.27 in
        # fiscal 2023"): the figure after "to" is the next year's, when the claim dates it.
        if _TO_NEXT.fullmatch(claim.text, q.end, figure.start):
            return figure.start - q.end + _FAR, 1
        return figure.start - q.end, 1

    return min(years, key=distance)[1]


def label_held(row: TableRow, claim: Claim) -> tuple[int, int]:
    """Of a table row's label's content words, how many the claim holds and how many there are:
    whether the claim speaks of that row. A label that gives a word's alternative in brackets ("Net
    income (loss)") is read either way ("net income", "net loss"), whichever the claim holds more of.
    A label that names a period ("Fiscal 2024 | $ 506" of a schedule of payments) is no line item."""
    if tables.is_period_header([row.label]):
        return 0, 0
    # ... and the words of one line item said otherwise ("spending" for the row's "expenses").
    claimed = as_line_items(set(claim.terms) | _glossed_terms(claim.text))
    best = (0, 0)
    for reading in _label_readings(row.label):
        label = {s for s, _ in terms_with_words(reading)}
        held = (len(terms_in(label, claimed)), len(label))
        if not best[1] or held[0] * best[1] > best[0] * held[1]:
            best = held
    return best


@lru_cache(maxsize=256)
def _glossed_terms(text: str) -> frozenset[str]:
    """The terms of a claim's reader's phrases in the report's words ("operating cash flow": net, cash,
    provided, operating, activities), which name its statement rows."""
    glossed = in_report_words(text)
    return frozenset(s for s, _ in terms_with_words(glossed)) if glossed != text else frozenset()


_ALTERNATIVE = re.compile(r"(\w+)\s*\((\w+)\)")  # "income (loss)"


def _label_readings(label: str) -> list[str]:
    """A label, and, when it gives a word's alternative in brackets, the label with that word instead;
    a label with an aside in brackets ("Capital expenditures (including capitalized software)") is
    also read without it."""
    found = _ALTERNATIVE.search(label)
    readings = [label] if found is None else [label[:found.start()] + found.group(1) + label[found.end():],
                                              label[:found.start()] + found.group(2) + label[found.end():]]
    bare = [re.sub(r"\s*\([^()]*\)", "", reading).strip() for reading in readings]
    return readings + [b for b in bare if b and b not in readings]


def _label_distance(row: TableRow, claim: Claim, figure: qty.Quantity) -> int:
    """How far from the figure, in characters, the claim writes the row label's words (the mean of
    each held word's nearest place)."""
    label = {s for s, _ in terms_with_words(row.label)}
    gaps = []
    for term, word in terms_with_words(claim.text):
        if term in label:
            for found in re.finditer(rf"\b{re.escape(word)}\b", claim.text):
                gaps.append((term, max(found.start() - figure.end, figure.start - found.end(), 0)))
    nearest = [min(g for s, g in gaps if s == term) for term in {s for s, _ in gaps}]
    return round(sum(nearest) / len(nearest)) if nearest else 1_000


# A business segment a text names ("the Pet segment's", "International segment net sales", a table
# titled "Rigid Packaging Segment").
_SEGMENT = re.compile(r"\b((?:[A-Z][\w&'’-]*\s+){1,4})[Ss]egment\b")


def segment_in(text: str) -> str | None:
    """The name of the business segment a text speaks of ("Consumer" of "The Consumer segment's"), if any."""
    said = _SEGMENT.search(text)
    name = re.sub(r"^(?:(?:The|Our|Its|This|Each|Their)\s+)+", "", said.group(1)).strip() if said else ""
    return name or None


def rival_modifier(label: str, claim: str) -> bool:
    """Do the row's label and the claim each put their own word before the words they share ("Free cash
    flow" against "Operating cash flow was about $17.2 billion"): two measures of one kind, not one."""
    label_words = [w.lower() for w in _WORD.findall(label)]
    claim_words = [w.lower() for w in _WORD.findall(claim)]
    label_stems = [stem(w) for w in label_words]
    claim_stems = [stem(w) for w in claim_words]
    shared = [i for i, s in enumerate(label_stems) if s in claim_stems and label_words[i] not in STOPWORDS]
    if not shared or shared[0] == 0:
        return False
    theirs = label_words[shared[0] - 1]
    at = claim_stems.index(label_stems[shared[0]])
    ours = claim_words[at - 1] if at > 0 else ""
    return ours in _MEASURE_MODIFIERS and theirs in _MEASURE_MODIFIERS \
        and stem(theirs) not in claim_stems and stem(ours) not in label_stems


# Words that make one measure of a kind another ("free" and "operating" cash flow, "gross" and "net" margin).
_MEASURE_MODIFIERS = frozenset("free operating gross net adjusted diluted basic total comparable organic "
                               "reported core underlying unlevered levered discretionary".split())


def another_segment(row: TableRow, claim: Claim) -> bool:
    """Is the row's table about a business segment other than the one the claim names ("Net sales"
    under "Snacks Segment" for "Pet segment net sales were about $5.2 billion")?"""
    said = _SEGMENT.search(claim.text)
    titled = _SEGMENT.search(row.title or "")
    if said is None or titled is None:
        return False
    return not {s for s, _ in terms_with_words(said.group(1))} & {s for s, _ in terms_with_words(titled.group(1))}


def names_row(row: TableRow, claim: Claim) -> bool:
    """Does the claim hold every content word of the row's label ("Total assets")? The row is then
    what the claim is about, however few of the claim's other words it shares."""
    held, size = label_held(row, claim)
    return bool(size) and held == size


def as_rounded(q: qty.Quantity) -> qty.Quantity:
    """A figure as a reader rounding an exact amount writes it: "$92.9 million" stands for 92.85-92.95
    million, "about $94 million" for 93.5-94.5 million (and half a percent either way, for "about"),
    so "about 312 million" is not 334,724 thousand. One-sided figures ("more than") stay as they are.

    Statements and lists of figures are exact: the ±15 % an "about" gets against a case's prose
    (:func:`caseqa.language.quantities.agree`) would let any nearby amount pass.
    """
    if q.bound:
        return q
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", q.text)
    if not m or not float(m.group().replace(",", "")):
        return q
    # The printed number, without the widening "about" gave it.
    nominal = (q.low + q.high) / 2 if q.approximate else q.low
    unit = nominal / float(m.group().replace(",", "")) * 10.0 ** -len(m.group(1) or "")
    slack = unit / 2 + (0.005 * nominal if q.approximate else 0.0)
    return replace(q, low=nominal - slack, high=nominal + slack, approximate=False)


def against_table(claim_q: qty.Quantity, claim: Claim, rows: Sequence[TableRow],
                  order: tables.ColumnOrder | None = None,
                  title: str = "") -> tuple[Outcome, qty.Quantity | None] | None:
    """A claim's figure read against table rows: the row whose label holds most of the claim's
    words, the column of the year the claim ties the figure to, scaled as the table says and
    without the parentheses of a negative ("spent about $94 million ... in 2020" against "(93,639)"
    under "2020" in thousands). A year of the claim that heads a column of those rows matches.
    A row none of whose columns has a header is read in the document's ``order`` of year columns
    ("Cash and cash equivalents | $ 1,040 | $ 3,445" under a header drawn as one string, in a filing
    whose dated tables put the latest year first).

    Returns:
        None when the rows do not speak to it (no row shares a word with the claim, no such column).
    """
    if not rows:
        return None
    if claim_q.kind in (Kind.YEAR, Kind.DATE):
        year = _year(claim_q)
        heads = {int(y) for r in rows for c in r.columns for y in tables.YEAR_IN.findall(c)}
        # ... as does one the document's order of columns places in a row without headers.
        placed = year is not None and order is not None and any(
            not any(r.columns) and order.position(year, len(r.values)) is not None for r in rows)
        return (Outcome.MATCH, None) if year is not None and (year in heads or placed) else None
    if claim_q.kind not in qty.AMOUNTS or claim_q.bound:
        return None  # "more than 40,000" is no rounding of a statement's figure
    scored = []
    own = own_names(title)
    for i, r in enumerate(rows):
        # A row labelled by the report's own name alone ("PFIZER | $100.0 | ... | $232.0" of a stock
        # performance graph) is not the line item a claim about the company names, unless it names
        # that segment ("The Activision segment's revenues").
        if own and is_self(r.label.strip(" *"), own) and segment_in(claim.text) is None:
            continue
        held, size = label_held(r, claim)
        if size and held >= ROW_LABEL_SHARE * size and not another_segment(r, claim) \
                and not rival_modifier(r.label, claim.text):  # the claim is about this row
            # A row the claim names in full before one it names in part, then the row whose label
            # the claim writes nearest the figure ("about $457 million in cash and cash equivalents
            # plus roughly $1.8 billion of short-term investments"), then the most words held.
            scored.append(((held == size, -_label_distance(r, claim, claim_q), held), i))
    if not scored:
        return None
    best = max(scored)[0]
    said_year = year_of(claim_q, claim)
    claim_read = as_rounded(claim_q)
    wrong: qty.Quantity | None = None
    quarterly = _quarterly(claim.text)
    for _, i in sorted((x for x in scored if x[0][:2] == best[:2]), key=lambda x: x[1]):
        row = rows[i]
        if quarterly and not any(_quarterly(t or "") or _QUARTER.search(t or "") for t in (*row.columns, row.title)):
            continue  # a quarter's figure is no year's ("about $2.4 billion ... in the fourth quarter of 2021")
        if claim_q.kind == Kind.MONEY and not row.scale and not row.in_dollars and any(row.columns) \
                and not any(tables.YEAR_IN.search(c) for c in row.columns):
            continue  # columns that name no period, in no money: an officer's "Age", not pay
        # Like with like: a count is not read against amounts of money, a percentage only against one.
        values = [f for f in tables.figures(row) if f.value is not None and f.percent == (claim_q.kind == Kind.PERCENT)
                  and not (claim_q.kind == Kind.COUNT and _CURRENCY_SIGN.search(f.text))]
        # A claim without a year speaks of the report's own ("Net earnings for the year came to $6.3
        # billion" is 2022's, not the 2021 column's $6,315), where the row's figures are under years.
        year = said_year
        if year is None and order is not None and any(tables.YEAR_IN.search(f.column) for f in values):
            year = order.latest
        dated = [f for f in values if year is not None and str(year) in f.column]
        if year is not None and not dated and any(tables.YEAR_IN.search(f.column) for f in values):
            continue  # the row's columns are other years: it does not state the claim's
        placed = _placed(row, claim_q, year, order) if not dated else None
        if placed is not None:
            values = [placed] + [f for f in values if f != placed]
        # A row whose scale was not found is read at each scale statements use; one whose columns
        # were not found can show a figure differs, but not that it is the claim's year.
        factors = (1.0,) if row.scale or claim_q.kind == Kind.PERCENT else _UNSTATED_SCALES
        # An amount a share is printed as it is whatever the statement's scale ("Diluted | $ (0.29)"
        # under a heading "Net loss per share ...", in a statement "in millions, except per share").
        unscaled = bool(_PER_SHARE.search(claim.text)) and not tables.per_share(row.label)
        for f in dated or values:
            scaled = bool(row.scale) and not f.percent and not unscaled
            where = ", ".join(x for x in (f.column, f"in {row.scale}" if scaled else "") if x)
            value = abs(f.value) / (tables.SCALES.get(row.scale or "", 1.0) if unscaled else 1.0)
            case = qty.Quantity(claim_q.kind, value, value, f"{f.text} ({where})" if where else f.text,
                                0, 0, currency=claim_q.currency)
            if any(qty.agree(claim_read, replace(case, low=value * x, high=value * x)) for x in factors):
                if placed is not None and f != placed and wrong is not None:
                    return Outcome.MISMATCH, wrong  # another year's figure: the claim's year says otherwise
                # Without its column's period, a figure that agrees may be another year's.
                return (Outcome.MATCH, None) if dated or year is None or f == placed else (Outcome.UNDATED, None)
            if wrong is None and len(factors) > 1 and value:
                # A row whose scale was not found differs at the scale nearest the claim's amount
                # ("31,042" under an unread "(in millions)" against "$34.1 billion").
                middle = max((claim_read.low + claim_read.high) / 2, 1e-9)
                x = min(factors, key=lambda x: abs(math.log10(value * x / middle)))
                case = replace(case, low=value * x, high=value * x)
                if abs(math.log10(value * x / middle)) >= _UNSCALED_APART:
                    # ... but at no scale near it at all, it is another measure ("PFIZER | $100.0 | ...
                    # $232.0" of a stock performance graph against "close to $14 billion" of R&D).
                    continue
            wrong = wrong or case
    return (Outcome.MISMATCH, wrong) if wrong is not None else None


def _placed(row: TableRow, claim_q: qty.Quantity, year: int | None,
            order: tables.ColumnOrder | None) -> tables.Figure | None:
    """The figure of a row without column headers that the document's order of year columns puts
    under the claim's year: an amount's columns only (the percentages beside amounts say how they
    changed), counted with their dashes."""
    if order is None or year is None or claim_q.kind == Kind.PERCENT or any(row.columns):
        return None
    cells = [f for f in tables.figures(row) if not f.percent]
    at = order.position(year, len(cells))
    if at is None or cells[at].value is None or (claim_q.kind == Kind.COUNT and _CURRENCY_SIGN.search(cells[at].text)):
        return None
    return cells[at]


_UNSTATED_SCALES = (1.0, tables.SCALES["thousands"], tables.SCALES["millions"])  # units, or as statements state
_UNSCALED_APART = math.log10(20)  # how far apart, at its nearest scale, an unscaled row's figure is another measure
# A claim speaks of a table row when it holds this share of the label's content words: "cash used in
# financing activities" is not about "Net cash used in investing activities" (3 of 5).
ROW_LABEL_SHARE = 0.6
_PER_SHARE = re.compile(r"\b(?:a|per|each)\s+share\b|\bEPS\b", re.IGNORECASE)
_CURRENCY_SIGN = re.compile(r"[$€£¥₹]")


def _listed_with_others(claim_q: qty.Quantity, text: str) -> bool:
    """Does the text list the claim's date beside other dates ("At December 31, 2022 and December 25,
    2021, long-lived assets ..."): the periods of a comparison, of which the claim's is one?"""
    dates = [q for q in qty.extract(text) if q.kind == Kind.DATE]
    return any(qty.agree(claim_q, q) and any(
        o is not q and re.fullmatch(r"\s*(?:,|and|,\s*and|or)\s*", text[min(q.end, o.end):max(q.start, o.start)])
        for o in dates) for q in dates)


def printed_rows(text: str) -> list[TableRow]:
    """Rows of figures printed as cells ("Total assets | $ 4,773,884 | $ 4,678,964") whose table was
    not recognised when the file was read: their labels and figures, without periods or scale."""
    out = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.split(" | ")]
        values = tuple(c for c in cells[1:] if tables.is_figure(c))
        if len(cells) > 1 and _WORD.search(cells[0]) and values:
            out.append(TableRow(0, 0, cells[0], values, ("",) * len(values), None, None))
    return out


# Years listed ("2022 and 2021", "2021, 2020 and 2019") and figures listed after them ("156,000 and 142,000").
_PAIRED_YEARS = re.compile(r"\b(?:19|20)\d\d(?:\s*,\s*(?:19|20)\d\d)*,?\s+and\s+(?:19|20)\d\d\b")
_AND = re.compile(r"\s+and\s+")


def _split_listed(q: qty.Quantity) -> list[qty.Quantity]:
    """The figures of a span read from a list ("approximately 156,000 and 142,000"), each with the list's
    "approximately"; the span itself when its parts are not figures of its kind."""
    parts = _AND.split(q.text)
    lead = re.match(r"\D*", parts[0]).group()
    found = []
    at = 0
    for i, part in enumerate(parts):
        at = q.text.index(part, at)
        prefix = 0 if i == 0 else len(lead)  # the list's "approximately" read before the later parts
        f = next((f for f in qty.extract(part if i == 0 else lead + part) if f.kind == q.kind), None)
        if f is None:
            return [q]
        found.append(replace(f, start=q.start + at + max(0, f.start - prefix), end=q.start + at + f.end - prefix))
    return found


def against_respectively(claim_q: qty.Quantity, claim: Claim,
                         window: Window) -> tuple[Outcome, qty.Quantity | None] | None:
    """A sentence that pairs figures with years by "respectively" ("$145.4 million, $102.5 million
    and $188.3 million, respectively, for the years ended December 31, 2021, 2020 and 2019"): the
    claim's figure is compared with the one paired with its year; a year of the list matches.

    Returns:
        None when no such sentence, or the lists do not pair up.
    """
    if "respectively" not in window.text.lower() and not _PAIRED_YEARS.search(window.text):
        return None
    for a, b in window.passage.sentences:
        sentence = window.text[max(0, a - window.start):max(0, b - window.start)]
        # ... or says it by the order of its lists ("As of December 31, 2022 and 2021, Boeing's total
        # workforce was approximately 156,000 and 142,000").
        told = "respectively" in sentence.lower()
        if not told and not (_PAIRED_YEARS.search(sentence) and any(
                _AND.search(q.text) for q in qty.extract(sentence) if not tables.YEAR_IN.search(q.text))):
            continue
        years = [int(y) for y in tables.YEAR_IN.findall(sentence)]
        if claim_q.kind in (Kind.YEAR, Kind.DATE):
            if _year(claim_q) in years:
                return Outcome.MATCH, None
            continue
        values = [q for q in qty.extract(sentence) if qty.comparable(claim_q, q) and not tables.YEAR_IN.search(q.text)]
        # "156,000 and 142,000" is read as one span: its two figures are the list's.
        listed = [q for q in values if _AND.search(q.text)]
        if listed:
            values = [part for q in values for part in (_split_listed(q) if q in listed else [q])]
        elif not told:
            continue
        year = year_of(claim_q, claim)
        if len(years) < 2 or len(values) != len(years) or year not in years:
            continue
        paired = values[years.index(year)]
        # A list's "approximately 57%" is a printed figure too: rounded, not widened by its "approximately".
        printed = as_rounded(paired) if paired.approximate else paired
        return (Outcome.MATCH, None) if qty.agree(as_rounded(claim_q), printed) else (Outcome.MISMATCH, paired)
    return None


def _anchors(claim: Claim, window: Window, figure: qty.Quantity) -> list[tuple[int, str]]:
    """Where the window holds the rest of the claim: (offset in the window text, what), for the
    claim's words, in the same words or (from the word alignment) in other words, and for the
    claim's other figures where the window states them alike ("100,000 people in 4 hours" for
    "100,000 ... within four hours")."""
    stems = set(claim.terms)
    out = [(m.start(), s) for m in _WORD.finditer(window.text)
           for s in terms_in(stems, {stem(m.group().lower())})]
    out += [(p.start - window.start, p.claim_stem) for p in window.paraphrases]
    for other in claim.quantities:
        if other is not figure:
            out += [(q.start, f"#{other.text}") for q in qty.extract(window.text)
                    if qty.comparable(other, q) and _nominal(q) == _nominal(other)]
    return out


# Groups a figure can be "of" besides OPPOSITES' pairs.
_GROUP_OPPOSITES = (*OPPOSITES, (frozenset("male males men man".split()),
                                 frozenset("female females women woman".split())))
_NEXT_WORD = re.compile(r"\s*([A-Za-z]+)")


def _qualified_otherwise(text: str, q: qty.Quantity, claim: Claim, figures: Sequence[qty.Quantity] = ()) -> bool:
    """Is the word right after the case's figure ("59% male") the opposite of a word of the claim ("women"),
    or one part of a breakdown the figures around it give ("approximately 66.5% male, 33.3% female and 0.2%
    unknown") that the claim does not name ("89% of Verizon's workforce is located in the United States")?"""
    after = _NEXT_WORD.match(text, q.end)
    if after is None:
        return False
    word = after.group(1).lower()
    claim_words = {w.lower() for w in _WORD.findall(claim.text)}
    if any((word in one and claim_words & other) or (word in other and claim_words & one)
           for one, other in _GROUP_OPPOSITES):
        return True
    # The claim names the part in its words or in a word of the same group ("women" for "female").
    part = _part(text, q) or ""
    alike = {w for one, other in _GROUP_OPPOSITES for side in (one, other) if part in side for w in side}
    return q.kind == Kind.PERCENT and bool(_parts(text, q, figures) - {part}) and not (
        terms_in({s for s, _ in terms_with_words(part)}, set(claim.terms)) or claim_words & alike)


# Words after a percentage that say what it does or is, not which part of a whole it is the share of.
_NOT_A_PART = frozenset("""increase decrease increases decreases increased decreased higher lower growth decline
    declines compared respectively share stake interest owned ownership rate points annually year year-over-year
    annual""".split())
_BREAKDOWN_SPAN = 60  # characters: percentages this near each other may break one whole down


def _part(text: str, q: qty.Quantity) -> str | None:
    """The part a percentage is the share of, as the word right after it says ("male" of "66.5% male")."""
    after = _NEXT_WORD.match(text, q.end)
    word = after.group(1).lower() if after else None
    return word if word and len(word) > 2 and word not in STOPWORDS and word not in _NOT_A_PART else None


def _parts(text: str, q: qty.Quantity, figures: Sequence[qty.Quantity]) -> set[str]:
    """The parts the percentages near a share name, when it names one itself."""
    if _part(text, q) is None:
        return set()
    near = {_part(text, f) for f in figures
            if f.kind == Kind.PERCENT and f is not q and abs(f.start - q.end) < _BREAKDOWN_SPAN}
    return {p for p in near if p is not None}


def _stated_with(q: qty.Quantity, partners: Sequence[qty.Quantity], text: str) -> bool:
    """Does the clause of the case's figure state a figure agreeing with one of ``partners``?"""
    for a, b in clause_spans(text):
        if a <= q.start < b:
            return any(qty.comparable(p, f) and qty.agree(p, f) for f in qty.extract(text[a:b]) for p in partners)
    return False


def _nominal(q: qty.Quantity) -> float:
    """The number a figure names: 4 for "4 hours", "within four hours" and "more than 4 hours"."""
    return q.high if q.bound == qty.Bound.UPPER else q.low


def bound_figure(figures: list[qty.Quantity], claim: Claim, window: Window,
                 figure: qty.Quantity) -> qty.Quantity | None:
    """:func:`binding`'s figure alone."""
    bound = binding(figures, claim, window, figure)
    return bound[0] if bound else None


def binding(figures: list[qty.Quantity], claim: Claim, window: Window,
            figure: qty.Quantity) -> tuple[qty.Quantity, int] | None:
    """Of several figures in the window, the one bound to the event or thing the claim is about.

    "the creation of Alipay ... in 2004, the establishment of Alibaba Cloud and the launch of the
    first Double 11 ... in 2009, and the birth of Cainiao ... in 2013": a figure that ends its clause
    belongs to the words since the previous figure of its sentence; one that opens its clause ("On
    March 5, Alibaba launched ...") to the words up to the next. A figure alone in its sentence
    belongs to the whole sentence ("they arrived in less than 24 hours. In comparison, the donations
    sent to Xiehe hospital ... 5 day later"). The figure whose stretch holds most of the claim's
    words (a name counting twice, the claim's other figures stated alike once) is bound to the
    claim; None when there is only one figure, or when no stretch holds more than the others:
    nothing then says which event the claim's figure is about.

    Args:
        figures: Comparable figures of the window, offsets relative to ``window.text``.
        claim: The claim.
        window: The evidence window.
        figure: The claim's figure being compared.

    Returns:
        The bound figure and how much of the claim its stretch holds, or None.
    """
    if len(figures) < 2:
        return None
    sentences = window_sentences(window) or [(0, len(window.text))]
    anchors = _anchors(claim, window, figure)
    own = _own_words(claim, figure)
    if own:  # a claim of several figures binds each by its own words, and by the other figures among them
        lo, hi = _own_stretch(claim, figure) or (0, len(claim.text))
        alike = {f"#{q.text}" for q in claim.quantities if q is not figure and lo <= q.start < hi}
        anchors = [(at, s) for at, s in anchors if s in alike or s in own]
    first_word = claim.text.split()[0] if claim.text.split() else ""
    weights = {s: 2 if w[:1].isupper() and w != first_word else 1 for s, w in claim.words.items()}

    stretches: list[tuple[int, qty.Quantity]] = []
    for s_start, s_end in sentences:
        here = sorted((q for q in figures if s_start <= q.start < s_end), key=lambda q: q.start)
        # Figures that follow their events ("X in 2004, Y in 2009") own the words since the previous
        # one; a sentence that opens with its first figure ("On March 5, X ...; on March 13, Y ...")
        # has each figure own the words up to the next.
        leading = bool(here) and not terms_with_words(window.text[s_start:here[0].start])
        # Words right after a figure, up to "and" or a comma, are its own: "$165 million paid
        # upfront and $350 million to be paid over a five-year period".
        ends = [_trailing_end(window.text, q, here[i + 1].start if i + 1 < len(here) else s_end)
                for i, q in enumerate(here)]
        for i, q in enumerate(here):
            if leading:
                lo, hi = (q.start if i else s_start), (here[i + 1].start if i + 1 < len(here) else s_end)
            else:
                lo, hi = (ends[i - 1] if i else s_start), (ends[i] if i + 1 < len(here) else s_end)
            # The figure itself is no anchor of its own stretch (the claim's other figure stated alike
            # is that figure when the two are the same: "$515 million ... of which $165 million").
            held = {s for at, s in anchors if lo <= at < hi and not q.start <= at < q.end}
            # The claim's other figures stated alike count together as much as a name: the claim's
            # own words name its event ("Alipay was created in 2009, the same year as the first
            # Double 11"), but "over a million people within three days" is the million beside "3 days".
            figures_alike = 2 * any(s.startswith("#") for s in held)
            stretches.append((sum(weights.get(s, 1) for s in held if not s.startswith("#")) + figures_alike, q))
    best = max(score for score, _ in stretches)
    winners = [q for score, q in stretches if score == best]
    return (winners[0], best) if best > 0 and len(winners) == 1 else None


def _own_stretch(claim: Claim, figure: qty.Quantity) -> tuple[int, int] | None:
    """Where the figure's own words sit in the claim, when the claim states other figures of its kind
    ("about $515 million from Woven Planet, with $350 million paid upfront": "paid upfront" is the
    $350 million's); None when it is the claim's only figure of its kind."""
    here = [q for q in claim.quantities if qty.comparable(figure, q) or q is figure]
    if len(here) < 2:
        return None
    i = here.index(figure)
    limit = here[i + 1].start if i + 1 < len(here) else len(claim.text)
    lo = _trailing_end(claim.text, here[i - 1], figure.start) if i else 0
    hi = _trailing_end(claim.text, figure, limit) if i + 1 < len(here) else len(claim.text)
    return lo, hi


def _own_words(claim: Claim, figure: qty.Quantity) -> frozenset[str]:
    """The claim stems in the figure's own stretch of the claim (:func:`_own_stretch`); empty when it
    is the claim's only figure of its kind."""
    stretch = _own_stretch(claim, figure)
    if stretch is None:
        return frozenset()
    return frozenset(s for s, _ in terms_with_words(claim.text[stretch[0]:stretch[1]]))


_TRAILING_STOP = re.compile(r"[,;:()]|\s(?:and|or|but|while|whereas|compared|versus|vs)\b", re.IGNORECASE)


def _trailing_end(text: str, q: qty.Quantity, limit: int) -> int:
    """Where the words that follow a figure and qualify it end ("paid upfront" in "$165 million paid
    upfront and ..."): at the next comma or conjunction, the next figure, or ``limit``; right at
    the figure when a comma or conjunction follows it at once ("in 2004, the establishment of ...")."""
    at = q.end
    while (stop := _TRAILING_STOP.search(text, at, limit)) is not None:
        # The "and" of "between January 2019 and June 2022" joins a range, not two figures' words.
        if stop.group().strip().lower() == "and" and re.search(r"\bbetween\b", text[q.end:stop.start()], re.IGNORECASE):
            at = stop.end()
            continue
        return stop.start()
    return limit


def overlap(claim: Claim, window: Window, a: int, b: int) -> int:
    """How many of the claim's terms the window's text[a:b] holds, in the same or in other words."""
    lexical = terms_in(set(claim.terms), set(tokenize(window.text[a:b])))
    other = {p.claim_stem for p in window.paraphrases if a <= p.start - window.start < b}
    return len(lexical | other)


# Words that qualify a counted thing without naming it: "50 new stores" and "30,000 new staff" count
# different things.
_MODIFIERS = frozenset(stem(w) for w in "new other more additional further total local many several such same "
                       "different own various extra existing current former".split())
# Words that count people whatever their role: "1,800 people" may be the case's "1,800 employees".
_PEOPLE = frozenset("""people persons individuals employees staff workers personnel volunteers users customers
    members consumers residents citizens patients doctors nurses students couriers riders drivers merchants sellers
    buyers shoppers participants applicants recruits hires deliverymen colleagues subscribers registrants enrollees
    sign-ups signups""".split())
# Words for firms, which a count of them may use one for another ("32 companies" / "32 enterprises").
_FIRMS = frozenset("""company companies firm firms enterprise enterprises business businesses organization
    organizations organisation organisations""".split())


def same_word(a: str, b: str) -> bool:
    """Do two counted-noun phrases share a word other than a modifier ("Ant Financial people" / "people")?"""
    a_terms, b_terms = set(tokenize(a)) - _MODIFIERS, set(tokenize(b)) - _MODIFIERS
    return bool(terms_in(a_terms, b_terms) or terms_in(b_terms, a_terms))


def same_thing(claim_noun: str, case_noun: str, window: Window) -> bool:
    """Do the claim and the case count the same thing: a shared word, one word ending the other
    ("lines" / "hotlines"), words the alignment paired ("workers" / "employees"), people
    counted under two names, one of them the plain "people" ("1,800 people" / "1,800 employees"),
    or firms under two words for them ("32 companies" / "32 enterprises")?"""
    if same_word(claim_noun, case_noun):
        return True
    # Hyphenated words whole ("sign-ups") and in parts.
    claim_words = {w.lower() for w in _WORD.findall(claim_noun) + _HYPHENATED.findall(claim_noun)}
    case_words = {w.lower() for w in _WORD.findall(case_noun) + _HYPHENATED.findall(case_noun)}
    heads = {"people", "persons", "individuals"}
    if (claim_words & heads and case_words & _PEOPLE) or (case_words & heads and claim_words & _PEOPLE):
        return True
    if claim_words & _FIRMS and case_words & _FIRMS:
        return True
    # The people a company employs under any of their names ("14,000 new hires" / "14,000 employees").
    if {stem(w) for w in claim_words} & WORKFORCE and {stem(w) for w in case_words} & WORKFORCE:
        return True
    if any(len(c) >= 4 and len(e) > len(c) and e.endswith(c) for c in claim_words for e in case_words):
        return True
    return any(p.claim_word.lower() in claim_words and p.evidence_word.lower() in case_words
               for p in window.paraphrases)


def negated_where_aligned(claim: Claim, text: str, window: Window | None = None) -> bool:
    """Negation in the clauses of the evidence that share the most terms with the claim."""
    if window is not None and window.text == text:
        scored = [(overlap(claim, window, a, b), a, b) for a, b in clause_spans(text)]
    else:
        scored = [(len(terms_in(set(claim.terms), set(tokenize(text[a:b])))), a, b) for a, b in clause_spans(text)]
    best = max(s for s, _, _ in scored)
    # A negation denies what follows it: one with none of the claim's words after it in its clause
    # denies something else ("the newly-born Alibaba had to assure itself not to be defeated").
    stems = set(claim.terms)
    # Nor one of another verb, whose object holds the claim's own verb: "Gross Bookings do not include
    # tips earned by Drivers" denies what Gross Bookings include, not that Drivers earned tips.
    others = {p.evidence_word.lower() for p in window.paraphrases} if window is not None and window.text == text \
        else set()
    return any(terms_in(stems, set(tokenize(text[a + end:b]))) and _denies_a_claim_word(stems, others, text[a + end:b])
               for s, a, b in scored if s == best for end in denials(text[a:b]))


# Words between a denial and what it denies ("not yet been", "never been able to", "no longer").
# So are the words that only make it a matter of leave or ability ("not allowed to raise prices").
_DENIAL_FILLER = re.compile(r"(?:\s+(?:be|been|being|is|are|was|were|have|has|had|do|does|did|any|yet|ever|also|"
                            r"always|currently|able|to|a|an|the|our|its|their|of|so|as|much|many|all|allowed|"
                            r"permitted|supposed|expected|going|intended|required)\b)*\s+([\w’'-]+)",
                            re.IGNORECASE)


def denies_claim_phrase(claim: Claim, text: str) -> bool:
    """Does a denial in the text bear on two of the claim's words in a row, its verb and what it acts
    on ("We have never paid cash dividends" against "Lyft has paid cash dividends every year")?"""
    stems = set(claim.terms)
    for end in denials(text):
        first = _DENIAL_FILLER.match(text[end:])
        if first is None:
            continue
        words = re.findall(r"[\w’'-]+", text[end + first.start(1):])[:2]
        if len(words) == 2 and all(terms_in(stems, set(tokenize(w))) for w in words):
            return True
    return False


def _denies_a_claim_word(stems: set[str], paraphrased: set[str], after: str) -> bool:
    """Does the denial bear on the claim: the first word it bears on (past "be", "have", "any",
    "allowed to") is a claim word, a stop word, one the evidence says a claim word with
    (``paraphrased``), or another verb ("could not inflate the price") whose words after it hold no
    verb of the claim ("tips earned by Drivers")?"""
    first = _DENIAL_FILLER.match(after)
    if first is None:
        return True
    word = first.group(1)
    if word.lower() in paraphrased or terms_in(stems, set(tokenize(word))) or not tokenize(word):
        return True
    rest = re.findall(r"[\w’'-]+", after[first.end(1):])
    return not any(w.lower().endswith(("ed", "ing")) and terms_in(stems, set(tokenize(w))) for w in rest)


def _in_place(text: str, name: str) -> bool:
    """Does the name stand where a place goes ("in the Dong Xi Hu district", "left Anhui")?"""
    return re.search(PLACE_BEFORE + re.escape(name), text) is not None


def entity_swap(claim: Claim, window: Window, passage_text: str, doc_text: str,
                selves: frozenset[str] = frozenset()) -> tuple[tuple[str, ...], str] | None:
    """Names in the claim that the passage lacks, where the evidence names someone else instead.

    One name, or a list of names in one slot ("from Fliggy and Alihealth"). The other name is taken
    from the evidence clause that shares most terms with the claim. A company's report that says
    "we" names itself (``selves``, see :func:`~caseqa.language.self_reference.spoken_as_self`).

    Returns:
        The claim's names and the evidence's name in their place, or None.
    """
    # A place must be in the window itself: "in Las Vegas" said of the sentence before is another event's.
    missing = [e for e in entities(claim.text, doc_text)
               if not acronym_in(e, passage_text) and not is_self(e, selves) and not country_named(e, passage_text)
               and not named_in(e, window.text if event_place(claim.text, e) else passage_text)]
    # "in Seattle, Washington": a place and the state or country it is in fill one slot.
    slotted = [e for e in missing if not any(re.search(rf"\b{re.escape(o)},\s+{re.escape(e)}\b", claim.text)
                                             for o in missing if o != e)]
    if not slotted or len({slot(claim.text, e) for e in slotted}) != 1:
        return None
    # The other name must fill the same slot ("in Shanghai" is not swapped for "with Cainiao").
    wanted = slot(claim.text, slotted[0])
    # A place ("left Anhui") is swapped only for another place ("left Shanghai"), not for whoever
    # fills the object slot ("the first donation Alibaba Group sent").
    place = _in_place(claim.text, slotted[0])
    best: tuple[int, str] | None = None
    for a, b in clause_spans(window.text):
        clause = window.text[a:b]
        others = [e for e in entities(clause, doc_text)
                  if e.lower() not in claim.text.lower() and slot(window.text, e) == wanted
                  and (not place or _in_place(window.text, e))]
        # Of several in that slot, those right after a word of the claim ("headquarters in San
        # Francisco", not "incorporated in Delaware").
        near = [e for e in others if terms_in(set(claim.terms), set(tokenize(" ".join(
            re.findall(r"[\w’']+", clause[:clause.find(e)])[-4:]))))]
        others = near or others
        if others:
            shared = overlap(claim, window, a, b)
            if best is None or shared > best[0]:
                best = (shared, " and ".join(others))
    return (tuple(missing), best[1]) if best else None


def self_swap(claim: Claim, window: Window, doc_text: str, selves: frozenset[str]) -> tuple[str, str] | None:
    """The report's own company as the claim's subject ("Uber was founded in 2012"), where the clause
    of the evidence that holds most of the claim's words has another one as its subject ("Dubai-based
    Careem was founded in 2012") and never speaks as the company ("we", "our", its name) before the
    claim's first word. A report's "we" makes its own name count as said everywhere (``selves``, see
    :func:`~caseqa.language.self_reference.spoken_as_self`), but not in a clause about someone else.

    Returns:
        The claim's name for the company and the evidence's other subject, or None.
    """
    if not selves:
        return None
    own = next((e for e in entities(claim.text, doc_text) if is_self(e, selves) and slot(claim.text, e) == "subject"),
               None)
    if own is None:
        return None
    # The claim's words other than the company's name, which its own clauses need not say.
    wanted = set(claim.terms) - {s for s, _ in terms_with_words(own)}
    clauses = [window.text[a:b] for a, b in clause_spans(window.text)]
    held = [len({s for s, _ in terms_with_words(c)} & wanted) for c in clauses]
    if not any(held):
        return None
    clause = clauses[held.index(max(held))]
    first = next((w for s, w in terms_with_words(clause) if s in wanted), None)
    # Its subject: the words before the claim's first word, within the clause's last line (not a
    # heading above it: "2021 Compared to 2020").
    before = (clause[:clause.find(first)] if first else "").rsplit("\n", 1)[-1]
    if not before.strip() or "," in before or says_we(before) \
            or any(is_self(e, selves) for e in entities(before, doc_text)):
        return None
    common = _lower_case_words(doc_text)
    # A name after a preposition is a place or a party ("incorporated in Delaware"), not the subject.
    others = [e for e in entities(before, doc_text) if not named_in(e, claim.text) and not is_self(e, selves)
              and not all(w.lower() in common for w in re.findall(r"[^\W\d_]+", e))
              and slot(before, e) in ("subject", "object")]
    return (own, others[-1]) if others else None


def named_part(claim: Claim, window: Window, selves: frozenset[str]) -> tuple[str, str] | None:
    """A claim word that the evidence says only of a named part of the whole: "Uber's revenue
    declined" against "All Other revenue decreased $127 million" (a segment's revenue, not the
    company's). Only in a report speaking as the company (``selves``), whose segments and line items
    are named in capitals mid-sentence; not when the evidence also says the word bare, or the claim
    names the part too.

    Returns:
        The claim's word and the evidence's named part, or None.
    """
    if not selves:
        return None
    claim_lower = claim.text.lower()
    for s in claim.terms:
        if s not in window.found or s not in _MEASURES:
            continue
        parts, bare = [], False
        for match in re.finditer(r"[A-Za-z][\w’'-]*", window.text):
            if stem(match.group().lower()) != s:
                continue
            before = re.search(r"((?:\b[A-Z][\w’'-]*\s+)+)$", window.text[max(0, match.start() - 60):match.start()])
            words = before.group(1).split() if before else []
            # Capitals that open the sentence ("Total revenue") say nothing of a part.
            at = match.start() - len(before.group(1)) if before else match.start()
            opening = re.search(r"(?:^|[.:;!?|]\s*|\n\s*)$", window.text[:at]) is not None
            words = [w for w in words if w.lower() not in claim_lower and not is_self(w, selves)
                     and w.lower() not in _WHOLE_WORDS]
            if words and not opening:
                parts.append(" ".join([*words, match.group()]))
            else:
                bare = True
        if parts and not bare:
            return claim.words[s], parts[0]
    return None


# What a report measures, which a segment or line item may have its own of ("Delivery revenue").
_MEASURES = frozenset(stem(w) for w in """revenue revenues sales income loss losses profit profits expenses
    costs assets liabilities bookings earnings margin margins spending trips orders users riders""".split())
# Capitalised words before a line item that name the whole or the company, not a part of it.
_WHOLE_WORDS = frozenset("total consolidated overall company company’s company's".split())


@lru_cache(maxsize=8)
def _lower_case_words(text: str) -> frozenset[str]:
    """The words a text writes in lower case: a capitalised one of them ("All Other") is no name."""
    return frozenset(re.findall(r"\b[a-z][a-z’'-]*\b", text))



def same_title(one: str, other: str) -> bool:
    """The same title, spelt out or by its initials ("CEO" / "Chief Executive Officer"), or without the
    "officer" a chief's title goes without ("chief executive")."""
    def initials(title: str) -> str:
        words = [w for w in re.findall(r"[A-Za-z]+", title) if w.lower() not in ("of", "and", "the")]
        return "".join(w[0] for w in words).upper() if len(words) > 1 else title.upper()

    def full(title: str) -> str:
        return f"{title} officer" if re.fullmatch(r"chief\s+\w+", title.strip(), re.IGNORECASE) else title
    one, other = full(one), full(other)
    return one.lower() == other.lower() or initials(one) == initials(other)


def title_mismatch(claim: Claim, window: Window, doc_text: str) -> str | None:
    """The claim gives a person another title than the evidence does, or gives the title to another person.

    "Wang Lei is the CEO of ..." against "Wang Lei, president of ..."; "Ban He is the president of
    ..." against "Wang Lei, president of ...".
    """
    for name in entities(claim.text, doc_text):
        said = title_near(claim.text, name)
        if not said:
            continue
        where = name_in(window.text, name)
        found = title_near(window.text, name) if where else None
        following = re.match(r"[^.;\n]{0,120}", window.text[where[1]:]).group() if where else ""
        if found and re.match(r"\s*\|", following):
            # A list of officers ("Amy E. Hood | 51 Executive Vice President and Chief Financial Officer",
            # "Jeffrey O. Henley | Vice Chairman of the Board"): the name's row holds all its titles.
            row = titles_in(following.split("|")[1])
            if not any(same_title(t, said) for t in row):
                return f"claim says {name} is {said}; the case says {' and '.join(row) or found}"
            found = said
        if found and not same_title(found, said):
            return f"claim says {name} is {said}; the case says {found}"
        if found and where:
            # "Executive Vice President and Chief Financial Officer" where the case lists "Executive
            # Vice President and President, International Operated Markets": one title is not hers.
            ours = titles_in(re.match(r"[^.;\n]{0,120}", claim.text[claim.text.find(name) + len(name):]).group())
            theirs = titles_in(re.match(r"[^.;\n]{0,160}", window.text[where[1]:]).group())
            other = next((t for t in ours if not any(same_title(t, x) for x in theirs)), None)
            if other and len(ours) > 1:
                return f"claim says {name} is {other}; the case says {' and '.join(theirs)}"
        if where and found is None:
            # A list of officers gives each one's titles after the name ("Amy E. Hood | 51 Executive
            # Vice President and Chief Financial Officer"): none of them the claim's is another title.
            listed = titles_in(following)
            if listed and not any(same_title(t, said) for t in listed):
                return f"claim says {name} is {said}; the case says {listed[-1]}"
            # ... or gives the claim's title as one held before ("Mr. Deal joined Boeing in 1986, and his
            # previous positions include ... President and Chief Executive Officer, Boeing Global Services").
            held = next((m for m in TITLE_RE.finditer(following) if same_title(m.group(1), said)), None)
            if held and _PAST_POST.search(following[:held.start()]) and _PRESENT.search(claim.text):
                return f"claim says {name} is {said}; the case gives {name} that title as a previous position"
        if found:  # the same title, of another organisation ("president of Alibaba Cloud" / "... local life service")
            ours, theirs = _title_of(claim.text, name, said), _title_of(window.text, name, found)
            if ours and theirs and _other_organisation(ours, theirs):
                return f"claim says {name} is {said} of {ours}; the case says {found} of {theirs}"
        if found is None:
            holders = [other for other in entities(window.text, doc_text) if other.lower() != name.lower()
                       and (title_near(window.text, other) or "").lower() == said.lower()]
            if holders:
                return f"claim says {name} is {said}; the case says {holders[0]} is {said}"
    return None


# A title held before: "his previous positions include", "formerly", "prior roles".
_PAST_POST = re.compile(r"\b(?:previous(?:ly)?|former(?:ly)?|prior\s+(?:positions?|roles?))\b", re.IGNORECASE)
_PRESENT = re.compile(r"\b(?:is|are|serves|remains|currently)\b", re.IGNORECASE)


def _title_of(text: str, name: str, title: str) -> str | None:
    """What the title given to ``name`` is of: "Alibaba local life service" in "Wang Lei, president of
    Alibaba local life service, asked ...", up to the clause's end."""
    at = text.lower().find(name.lower())
    match = re.compile(rf"\b{re.escape(title)}\s+of\s+(?:the\s+)?([^,;:.()]+)", re.IGNORECASE).search(
        text, at, at + len(name) + 80) if at >= 0 else None
    return match.group(1).strip() if match else None


def _other_organisation(ours: str, theirs: str) -> bool:
    """Does the claim's organisation name something the case's does not ("Alibaba Cloud"), while the case's
    says more than the claim's ("Alibaba local life service")? "CEO of Alibaba Group" against "CEO of
    Alibaba" adds a word but names nothing else."""
    our_terms = {s for s, _ in terms_with_words(ours)}
    their_terms = {s for s, _ in terms_with_words(theirs)}
    our_names = {s for s, w in terms_with_words(ours) if w[:1].isupper()}
    return bool(our_names - their_terms) and bool(their_terms - our_terms)


def _neighbours(text: str, words: frozenset[str]) -> list[tuple[str, set[str]]]:
    """Each occurrence of one of ``words`` in text, with the content stems of up to three words either side."""
    tokens = re.findall(r"[\w’'-]+", text)
    out = []
    for i, token in enumerate(tokens):
        if token.lower() in words:
            around = [t for t in tokens[max(0, i - 3):i] + tokens[i + 1:i + 4]]
            out.append((token.lower(), {stem for stem, _ in terms_with_words(" ".join(around))}))
    return out


# A change said with a particle ("went up", "has gone down", "scaled back"): one word, as OPPOSITES lists it ...
# A refusal said with a particle ("voters turned down Proposition 22") is one word too.
_PHRASAL = re.compile(r"\b(went|go|goes|gone|going|scaled?|scales|scaling|ramped?|ramps|ramping|"
                      r"stepped|steps?|stepping|cut|cuts|cutting)\s+(up|down|back)\b|"
                      r"\b(turn|turned|turns|turning|vote|voted|votes|voting)\s+(down)\b", re.IGNORECASE)
# ... or with a copula: "Active Riders were down by almost half", "revenue is up 36%".
_COPULA_PARTICLE = re.compile(r"\b(is|are|was|were|been)\s+(up|down)\b", re.IGNORECASE)


def _join_phrasal(text: str) -> str:
    """The text with each change said with a particle written as one word ("went-up", "were-down")."""
    return _COPULA_PARTICLE.sub(r"\1-\2", _PHRASAL.sub(lambda m: "-".join(g for g in m.groups() if g), text))


_UP, _DOWN = next(pair for pair in OPPOSITES if "increase" in pair[0])


def _joined_words(text: str) -> set[str]:
    """The text's words, lower case, a change said with a particle as one ("went-up", "scaled-back")."""
    return {w.lower() for w in re.findall(r"[\w’'-]+", _join_phrasal(text))}


def change_unsaid(claim: str, evidence: str) -> str | None:
    """The change the claim says happened ("went down", "rose", "improved"), when the evidence states
    no change of any kind, and no amount that might show one: "Uber's goodwill went down between 2020
    and 2021" against "The following table presents the changes in the carrying value of goodwill ...
    for the years ended December 31, 2020 and 2021". An amount shows a change only of what its clause
    speaks of: "had net sales of $420.6 billion" shows none in the "gross profit rate" a claim says
    improved."""
    # Said as what happened, not what was planned, allowed or denied ("not allowed to raise prices").
    said = sorted(w for w in _joined_words(claim) & (_UP | _DOWN | _BETTER_WORSE)
                  if not re.search(rf"\b(?:to|not|never|n't|no)\s+{re.escape(w.split('-')[0])}\b", claim,
                                   re.IGNORECASE))
    if not said:
        return None
    # What changed ("Walmart's consolidated gross profit rate"): an amount shows its change in a sentence
    # or table row holding at least half of its words, or all of them before a preposition ("Insurance
    # reserves" of "Insurance reserves on Lyft's balance sheet").
    changed = _changed(claim, _UP | _DOWN | _BETTER_WORSE)
    cores = [{st for st, _ in terms_with_words(re.split(r"\s+(?:in|on|at|of|for)\s+", phrase)[0])}
             for phrase, _ in changed]
    for piece in re.split(r"(?<=[.!?])\s+|\n+", evidence):
        if any(q.kind in qty.AMOUNTS for q in qty.extract(piece)):
            held = {st for st, _ in terms_with_words(piece)}
            if not changed or any(2 * len(terms_in(stems, held)) >= len(stems)
                                  or (core and core <= terms_in(core, held))
                                  for (_, stems), core in zip(changed, cores, strict=True)):
                return None
    words = _joined_words(evidence)
    if words & (_UP | _DOWN | _BETTER_WORSE) or any(w.startswith(_CHANGE_STEMS) for w in words):
        return None
    return said[0].replace("-", " ")


# A change said as better or worse ("the gross profit rate improved"): which way it went depends on
# what changed, so it is no opposite of a rise or a fall, but it is a change the evidence must state.
_BETTER_WORSE = frozenset("improve improves improved improving worsen worsens worsened worsening deteriorate "
                          "deteriorates deteriorated deteriorating strengthen strengthens strengthened strengthening "
                          "weaken weakens weakened weakening".split())


_CHANGE_OF = re.compile(r"^\s+(?:in|of)\s+(?:our|the|its|their)?\s*((?:[A-Za-z&-]+\s+){0,3}[A-Za-z&-]+)")
_NOUN_BEFORE = re.compile(r"\b(?:the|a|an|this|that|its|our|their)\b[^,.;]{0,16}\s$|(?:%|\d|\btimes|fold|percent|"
                          r"points?)\s+$", re.IGNORECASE)
_SUBJECT_STOPS = frozenset("for was were is are by to from compared primarily due as and or during".split())


_OBJECT_AFTER = re.compile(r"\s+(?:its|their|the|our|his|her)\s+((?:[\w’'-]+\s+){0,4}?[\w’'-]+)"
                           r"(?=\s+(?:from|to|by|in|at|for|of)\b|\s*[.,;]|\s*$)", re.IGNORECASE)


def _changed(text: str, change: Collection[str] = frozenset()) -> list[tuple[str, set[str]]]:
    """Each word of change in a text with what it says changed: "The increase in our effective tax
    rate" -> effective tax rate; "Net income increased" -> net income (the words before it in its clause)."""
    out = []
    for match in re.finditer(r"[\w’'-]+", text):
        word = match.group().lower()
        if word not in (change or _UP | _DOWN):
            continue
        # A noun of change says what changed after it ("the increase in our tax rate"), a verb before
        # it ("Net income increased in fiscal 2023").
        noun = _NOUN_BEFORE.search(text[max(0, match.start() - 24):match.start()])
        after = _CHANGE_OF.match(text[match.end():match.end() + 60]) if noun else None
        if noun and not after:
            continue  # "a 6 times increase": what increased is said elsewhere in the sentence
        if re.search(r"\bof\s+$", text[max(0, match.start() - 4):match.start()]) and not _CHANGE_OF.match(
                text[match.end():match.end() + 60]):
            continue  # "the sixteenth consecutive year of increases": the same
        # A verb with its object after it says what it changed: "raised its quarterly dividend from ...".
        obj = None if noun else _OBJECT_AFTER.match(text, match.end())
        if after:
            words = after.group(1).split()
        elif obj:
            words = obj.group(1).split()
        else:
            before = re.split(r"[,;:.()]", text[max(0, match.start() - 60):match.start()])[-1].split()
            words = before[-8:]
        words = [w for w in words if w.lower() not in _SUBJECT_STOPS]
        stems = {st for st, _ in terms_with_words(" ".join(words))}
        if stems:
            out.append((" ".join(words), stems))
    return out


def change_of_another(claim: str, evidence: str) -> tuple[str, str] | None:
    """What the claim says changed ("Net income increased"), when every change the evidence states is
    of something else ("The increase in our effective tax rate ..."): the claim's change and the
    evidence's thing."""
    said = _changed(claim)
    stated = _changed(evidence)
    if not said or not stated:
        return None
    ours = said[0][1]
    if any(ours & theirs or _same_measure(ours, theirs) for _, theirs in stated):
        return None
    return said[0][0], stated[0][0]


_MEASURE_STEMS = tuple(frozenset(stem(w) for w in group) for group in MEASURES)


def _same_measure(ours: set[str], theirs: set[str]) -> bool:
    """Do two sets of stems name one reported measure in different words ("sales" / "revenues")?"""
    return any(group & ours and group & theirs for group in _MEASURE_STEMS)


# Words that state a change, however said ("surged", "doubled", "higher", "fewer", "up 57%").
_CHANGE_STEMS = ("increas", "decreas", "declin", "grow", "grew", "rise", "rose", "risen", "fell", "fall", "drop",
                 "jump", "surg", "soar", "climb", "doubl", "tripl", "halv", "reduc", "improv", "expan", "contract",
                 "shrank", "shrink", "lower", "higher", "gain", "boost", "cut", "plung", "slump", "up", "down",
                 "more", "less", "fewer", "worse", "better", "peak", "recover")


_STARTING_POINT = re.compile(r"\bfrom\s+(?:about|roughly|around|approximately|nearly|almost|some)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class FiguresWay:
    """Which way a text's own figures go ("from 21% in 2021 to 18% in 2022"), and its words of change
    that say so ("slipped") or say otherwise ("rose")."""

    start: qty.Quantity
    end: qty.Quantity
    said: frozenset[str]
    denied: frozenset[str]


def figures_way(text: str) -> FiguresWay | None:
    """The way a text's own change goes ("from 21% in 2021 to 18% in 2022": down), and its words of
    change that say so ("slipped") or say otherwise ("rose"); None when it states no change of two
    figures that differ (see :func:`_changes`)."""
    pairs = _changes(text, loose=True)
    if not pairs:
        return None
    start, end = pairs[0]
    mid = lambda q: (q.low + q.high) / 2  # noqa: E731
    if mid(start) == mid(end):
        return None
    words = _joined_words(text)
    up = mid(end) > mid(start)
    return FiguresWay(start, end, frozenset(words & (_UP if up else _DOWN)), frozenset(words & (_DOWN if up else _UP)))


def row_direction(claim: Claim, figure: qty.Quantity, row: TableRow, latest: int | None = None) -> str | None:
    """The reason, when the claim says a statement row's amount went up (or down) to what the row
    states for the claim's year and the row's column for the year before says otherwise: "research
    and development spending went up in 2021, to about $2.1 billion" against "Research and development
    | 2,205 | 2,054" under 2020 and 2021. None when the row changes sign, lacks either year, or the
    claim states a change rather than a level ("rose $19 million"). A claim without a year speaks of
    the report's own, ``latest`` (:attr:`caseqa.ingest.tables.ColumnOrder.latest`)."""
    year = year_of(figure, claim) or latest
    if year is None or is_change(claim.text, figure) or _STARTING_POINT.search(claim.text[:figure.start]):
        return None  # "down from about $2.5 billion a year earlier": where the change started, not where it went
    went = _row_went(claim, row, year, year - 1)
    return None if went is None or went.agrees else went.reason


def row_trend(claim: Claim, row: TableRow, percent: bool = False, latest: int | None = None) -> RowWay | None:
    """Which way a statement row went between the claim's years, for a claim that gives no amount:
    "Netflix's net income increased in 2022 compared with 2021" against "Net income | 4,491,924 |
    5,116,228" under 2022 and 2021. The years are the claim's two, or its one and the year before;
    a claim that names none speaks of the report's own year, ``latest``, and the year before.
    None when the claim states an amount, is negated, names no or several ways, or the row lacks a year."""
    years = trend_years(claim, latest)
    return _row_went(claim, row, *years, percent=percent) if years else None


def trend_years(claim: Claim, latest: int | None = None) -> tuple[int, int] | None:
    """The two years a claim with no amount says something went up or down between (its two years,
    or its one and the year before; with none, the report's ``latest`` and the year before), latest
    first; None for a claim with an amount or a negation."""
    if claim.negated or any(q.kind in qty.AMOUNTS for q in claim.quantities):
        return None
    words = _joined_words(claim.text)
    if bool(words & _UP) == bool(words & _DOWN):
        return None
    years = sorted({y for q in claim.quantities if (y := _year(q)) is not None})
    if not years and latest is not None and not claim.quantities:
        years = [latest]
    if len(years) == 1:
        return years[0], years[0] - 1
    return (years[1], years[0]) if len(years) == 2 else None


# Words that say by how much something changed, which a row's direction alone does not show.
_HOW_MUCH = re.compile(r"\b(?:half|halved|doubl\w*|tripl\w*|quadrupl\w*|\w+fold|sharp(?:ly)?|steep(?:ly)?|"
                       r"slight(?:ly)?|significant(?:ly)?|substantial(?:ly)?|dramatic(?:ally)?|modest(?:ly)?|"
                       r"marginal(?:ly)?|considerabl[ey]|massive(?:ly)?|huge|hugely|record)\b", re.IGNORECASE)


def says_how_much(text: str) -> bool:
    """Does the text say by how much something changed ("roughly in half", "sharply", "slightly")?"""
    return _HOW_MUCH.search(text) is not None


def way_words(text: str) -> frozenset[str]:
    """The text's words of change up or down ("increased", "went-up"), lower case."""
    return frozenset(_joined_words(text) & (_UP | _DOWN))


def way_start(claim: Claim) -> int | None:
    """Where the claim's first word of change ("increased", "went up") starts: what changed comes before."""
    found = [m.start() for w in way_words(claim.text)
             for m in re.finditer(rf"\b{re.escape(w.split('-')[0])}\b", claim.text, re.IGNORECASE)]
    return min(found) if found else None


@dataclass(frozen=True)
class RowWay:
    """Whether a row went the way the claim says, and the reason that shows it."""

    agrees: bool
    reason: str


# A year in a column's header, however it is written ("2022", "FY2022", "2022 vs. 2021").
_COLUMN_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _row_went(claim: Claim, row: TableRow, year: int, earlier: int, percent: bool = False) -> RowWay | None:
    """The row's amounts under ``earlier`` and ``year`` against the claim's word of change ("went
    up"), compared by size (a loss printed in parentheses that grew went up); None when the claim
    has no such word or both ways, or the row lacks either year, changes sign or stays the same."""
    words = _joined_words(claim.text)
    up, down = words & _UP, words & _DOWN
    if bool(up) == bool(down):
        return None
    values = [f for f in tables.figures(row) if f.value is not None and f.percent == percent]
    # A column of one year, not the change between two ("2022 vs. 2021 $ %").
    this = [f for f in values if set(_COLUMN_YEAR.findall(f.column)) == {str(year)}]
    before = [f for f in values if set(_COLUMN_YEAR.findall(f.column)) == {str(earlier)}]
    if len(this) != 1 or len(before) != 1 or (this[0].value > 0) != (before[0].value > 0) \
            or abs(this[0].value) == abs(before[0].value):
        return None
    said = min(up or down).replace("-", " ")
    went = f"the case's {row.label} went from {before[0].text} ({earlier}) to {this[0].text} ({year})"
    if (abs(this[0].value) > abs(before[0].value)) == bool(up):
        return RowWay(True, went)
    return RowWay(False, f"claim says {said}; {went}")


# Words that say a result was a loss, or a profit: a table shows which by the sign of its figure.
_LOSS_WORDS = frozenset("loss losses lost negative deficit unprofitable".split())
_PROFIT_WORDS = frozenset("profit profits profitable positive earned".split())


def row_sign(claim: Claim, figure: qty.Quantity, row: TableRow, latest: int | None = None) -> str | None:
    """The reason, when the claim calls a row's amount a loss where the row states it as a positive
    figure ("an Adjusted EBITDA loss of roughly $93 million" against "Adjusted EBITDA | $ 92.9"), or a
    profit where the row prints it in parentheses; None when the row's label itself says which
    ("Net loss | (1,009,359)"), or the claim says both or neither. A claim without a year speaks of
    the report's own, ``latest``."""
    year = year_of(figure, claim) or latest
    words = _joined_words(claim.text)
    loss, profit = bool(words & _LOSS_WORDS), bool(words & _PROFIT_WORDS)
    label = {w.lower() for w in re.findall(r"[\w-]+", row.label)}
    # A label saying one side says which ("Net loss | (1,009,359)"); one saying both ("(Loss)/earnings
    # from operations") leaves it to the sign.
    said_loss, said_profit = bool(label & _LOSS_WORDS), bool(label & (_PROFIT_WORDS | {"income", "gain", "gains",
                                                                                       "earnings"}))
    if year is None or loss == profit or said_loss != said_profit:
        return None
    this = [f for f in tables.figures(row) if f.value is not None and not f.percent and str(year) in f.column]
    if len(this) != 1 or this[0].value == 0 or (this[0].value < 0) == loss:
        return None
    said = "a loss" if loss else "a profit"
    return f"claim says {said}; the case's {row.label} was {this[0].text} ({year}), " \
           f"{'a positive figure' if loss else 'a negative figure'}"


# Where a clause begins: a sentence, or the other half of a comparison ("Net cash provided by
# operating activities was $3.5 billion during 2022, compared with net cash used by operating
# activities of $3.4 billion during 2021").
_CLAUSE_START = re.compile(r"[.;]\s|,?\s+(?:compared\s+(?:with|to)|as\s+compared|while|whereas|versus)\b",
                           re.IGNORECASE)
# What is given away, and what is sold: "open ... access ... free of charge" against "would charge
# research institutions for access".
_FREE = re.compile(r"\b(?:free[\s-]+of[\s-]+charge|for\s+free|at\s+no\s+(?:extra\s+|additional\s+)?(?:cost|charge)|"
                   r"without\s+(?:any\s+)?charge|free\s+to\s+use)\b", re.IGNORECASE)
_DENIED_BEFORE = re.compile(r"(?:\b(?:not|never|no)|n[’']t)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_PRICED = re.compile(r"\b(?:charg(?:e|es|ed|ing)|fees?|paid|pay(?:s|ing)?\s+for|sold|sell(?:s|ing)?)\b", re.IGNORECASE)


def free_or_priced(claim: Claim, text: str) -> str | None:
    """The reason, when the claim says something is charged for (or sold) and the evidence that it is
    given free of charge, or the other way round; None otherwise, or when either side is negated
    ("would not charge")."""
    # The "charge" of "free of charge" is no price.
    claim_free, claim_priced = _FREE.search(claim.text), _PRICED.search(_FREE.sub(" ", claim.text))
    said_free, said_priced = _FREE.search(text), _PRICED.search(_FREE.sub(" ", text))
    if claim.negated or negated(claim.text) or (claim_priced and _DENIED_BEFORE.search(
            claim.text[:claim_priced.start()])):
        return None
    if claim_priced and not claim_free and said_free and not said_priced:
        return f"claim says {claim_priced.group().lower()}; the case says {said_free.group().lower()}"
    if claim_free and not claim_priced and said_priced and not said_free and not negated(text):
        return f"claim says {claim_free.group().lower()}; the case says {said_priced.group().lower()}"
    return None


_CASH_WAY = re.compile(r"\b(used|provided|generated)\b", re.IGNORECASE)


def cash_way(claim: Claim, figure: qty.Quantity, text: str) -> str | None:
    """The reason, when the claim says cash was used where the clause stating its amount says it was
    provided, or the other way round ("Boeing's operating activities used about $3.5 billion of cash in
    2022" against "Net cash provided by operating activities was $3.5 billion during 2022, compared with
    net cash used by operating activities of $3.4 billion during 2021"); None when the claim says both
    or neither, or no clause of the text states the amount with one of those words."""
    words = _joined_words(claim.text)
    used, provided = "used" in words, bool(words & {"provided", "generated"})
    if "cash" not in words or used == provided:
        return None
    year = year_of(figure, claim)
    stated = []
    for case_q in qty.extract(text):
        if not (qty.comparable(figure, case_q) and qty.agree(figure, case_q)):
            continue
        starts = [m.end() for m in _CLAUSE_START.finditer(text, 0, case_q.start)]
        start = max(starts, default=0)
        after = _CLAUSE_START.search(text, case_q.end)
        whole = text[start:after.start() if after else len(text)]
        if year is not None and tables.YEAR_IN.search(whole) and str(year) not in whole:
            continue  # another year's amount ("... of $3.4 billion during 2021")
        stated.append((abs((case_q.low + case_q.high) - (figure.low + figure.high)), case_q, text[start:case_q.start]))
    if not stated:
        return None
    _, case_q, clause = min(stated, key=lambda s: s[0])
    # The way said last before the amount, unless the other is said beside it ("Net cash (used in)
    # provided by": the sign tells, not the words).
    ways = list(_CASH_WAY.finditer(clause))
    if not ways or any((m.group(1).lower() == "used") != (ways[-1].group(1).lower() == "used")
                       and ways[-1].start() - m.end() < 25 for m in ways[:-1]):
        return None
    case_used = ways[-1].group(1).lower() == "used"
    if case_used == used:
        return None
    return (f"claim says cash was {'used' if used else 'provided'}; the case says "
            f"{'used' if case_used else 'provided'}: “{clause.strip()[-80:]} {case_q.text}”")


# Words of OPPOSITES' pairs that tell when something happened: each belongs to one event of a passage.
_EVENT_TIMES = frozenset("morning evening early earlier before after".split())


_ALTERNATIVE_AFTER = re.compile(r"\b([\w-]+)(\s+(?:by|in|from|to))?\s*\(([\w-]+)(?:\s+(?:by|in|from|to))?\)")


def _without_alternatives(text: str) -> str:
    """The text without the opposite a label gives in brackets after a word ("Total cash provided by
    (used in)", "increase (decrease)"): one label for either sign, not the opposite said."""
    def drop(m: re.Match[str]) -> str:
        a, b = m.group(1).lower(), m.group(3).lower()
        opposed = any((a in one and b in other) or (a in other and b in one) for one, other in OPPOSITES)
        return m.group(1) + (m.group(2) or "") if opposed else m.group()
    return _ALTERNATIVE_AFTER.sub(drop, text)


def opposite_words(claim: str, evidence: str) -> tuple[str, str] | None:
    """A word of the claim whose opposite the evidence uses instead: ("smallest", "largest"), or None.

    The evidence's word counts where it stands among the same words as the claim's ("three days
    after Wuhan's lockdown" against "three days before Wuhan's lock down"), even if the claim's
    word occurs elsewhere in the evidence ("the most sought after products"); with no shared
    neighbours, only when the claim's word is nowhere in the evidence.
    """
    claim, evidence = _join_phrasal(claim), _without_alternatives(_join_phrasal(evidence))
    claim_words, evidence_words = _joined_words(claim), _joined_words(evidence)
    cash = "cash" in claim_words and "cash" in evidence_words
    deal = bool(claim_words & DEAL_WORDS and evidence_words & DEAL_WORDS)
    for one, other in OPPOSITES:
        if ((one, other) == CASH_FLOW_PAIR and not cash) or ((one, other) == PAYMENT_PAIR and not deal):
            continue
        for said, case in ((one, other), (other, one)):
            claimed = claim_words & said
            if not claimed or not evidence_words & case or claim_words & case:
                continue
            near_claim = set().union(*(around for _, around in _neighbours(claim, said)))
            opposite_near = [w for w, around in _neighbours(evidence, case) if around & near_claim]
            same_near = [w for w, around in _neighbours(evidence, said) if around & near_claim]
            if opposite_near and not same_near:
                return min(claimed).replace("-", " "), opposite_near[0].replace("-", " ")
            # A time of day or a time relative to another ("in the evening", "earlier") belongs to one
            # event, and a passage gives several events' times ("left Anhui at 7pm ... arrived at 5am in
            # the morning"): only where it stands among the claim's words.
            if not evidence_words & said and not (one | other) & _EVENT_TIMES:
                return min(claimed).replace("-", " "), min(evidence_words & case).replace("-", " ")
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


def _changes(text: str, loose: bool = False) -> list[tuple[qty.Quantity, qty.Quantity]]:
    """The changes a text states, each as its two figures (start, end): "from $0.88 per share to $0.92"
    (a few words at most between the figure and "to"). ``loose`` also takes "to 18.3 percent in fiscal
    2022 from 22.0 percent", "$689 million ..., down from $775 million", and any words before "to", but
    amounts, shares and counts only (a year between is no figure of the change)."""
    found = qty.extract(text)
    if loose:
        found = [q for q in found if q.kind in (Kind.MONEY, Kind.PERCENT, Kind.COUNT, Kind.MULTIPLIER)]
    out = []
    for a, b in pairwise(found):
        if not qty.comparable(a, b):
            continue
        between, before = text[a.end:b.start], text[max(0, a.start - 8):a.start]
        to = (re.search(r"\bto\b", between, re.IGNORECASE) if loose
              else re.fullmatch(r"\s+(?:[a-z]+\s+){0,3}to\s+", between, re.IGNORECASE))
        if re.search(r"\bfrom\s+$", before, re.IGNORECASE) and to:
            out.append((a, b))
        elif loose and ((re.search(r"\bto\s+$", before, re.IGNORECASE) and re.search(r"\bfrom\b", between, re.I))
                        or _DOWN_UP_FROM.search(between)):  # "held $689 million ..., down from $775 million"
            out.append((b, a))
    return out


_DOWN_UP_FROM = re.compile(r"\b(?:down|up)\s+from\s+(?:about\s+|roughly\s+|around\s+|approximately\s+)?$",
                           re.IGNORECASE)


def direction_against_figures(claim: str, evidence: str) -> tuple[str, str] | None:
    """"increased to 18.3 percent ... from 22.0 percent" where the case states both figures: the claim's
    own figures went down, so its word of change is the reversal ("claim says increased; the case's
    figures go from 22.0 percent to 18.3 percent")."""
    way = figures_way(claim)
    if way is None or not way.denied or way.said:
        return None
    stated = qty.extract(evidence)
    if not all(any(qty.comparable(q, e) and qty.agree(q, e) for e in stated) for q in (way.start, way.end)):
        return None
    return min(way.denied).replace("-", " "), f"the case's figures go from {way.start.text} to {way.end.text}"


def _way_before(text: str, q: qty.Quantity) -> tuple[str, str] | None:
    """The way ("up" or "down") and the word of change in the figure's clause before it ("Devices
    revenue decreased $1.8 billion or 24%": down, "decreased"); None when it has none or both."""
    clause = re.split(r"[.;:!?]\s|,\s(?!or\b)", text[max(0, q.start - 80):q.start])[-1]
    words = _joined_words(clause)
    up, down = words & _UP, words & _DOWN
    if bool(up) == bool(down):
        return None
    return ("up", min(up)) if up else ("down", min(down))


def change_way_against(claim: str, evidence: str) -> tuple[str, str] | None:
    """A change of the claim ("Windows OEM revenue increased 25%") whose figure the evidence gives as a
    change the other way ("Windows OEM revenue decreased 25%"): the claim's words and the evidence's."""
    stated = [e for e in qty.extract(evidence) if e.kind in qty.AMOUNTS and is_change(evidence, e)]
    for q in qty.extract(claim):
        if q.kind not in qty.AMOUNTS or not is_change(claim, q) or (way := _way_before(claim, q)) is None:
            continue
        ways = [(w, e) for e in stated if qty.comparable(q, e) and qty.agree(q, e)
                and (w := _way_before(evidence, e)) is not None]
        if ways and all(w[0] != way[0] for w, _ in ways):
            (_, word), e = ways[0]
            return f"{way[1].replace('-', ' ')} {q.text}", f"{word.replace('-', ' ')} {e.text}"
    return None


def figure_order_swap(claim: str, evidence: str) -> tuple[str, str] | None:
    """"from $0.92 to $0.88" where the evidence says "from $0.88 per share to $0.92 per share": the
    same two figures, the change the other way."""
    for a, b in _changes(claim):
        if qty.agree(a, b):
            continue
        for c, d in _changes(evidence):
            if qty.agree(a, d) and qty.agree(b, c) and not (qty.agree(a, c) and qty.agree(b, d)):
                return f"from {a.text} to {b.text}", f"from {c.text} to {d.text}"
    return None


_PLACE_NAME = r"[A-Z][\w.’'&-]*(?:\s+[A-Z][\w.’'&-]*)*"
# "MGM Grand Detroit in Detroit, Michigan; Beau Rivage in Biloxi, Mississippi; ...": a list of names each
# with its place, items apart by semicolons.
_LISTED_PLACE = re.compile(rf"(?:^|;\s*|:\s*|\band\s+)({_PLACE_NAME})\s+in\s+({_PLACE_NAME}(?:,\s+{_PLACE_NAME})?)")


def listed_place(claim: str, evidence: str) -> tuple[str, str] | None:
    """A place the evidence lists beside another name than the claim's: "The Borgata casino resort is
    located in Detroit, Michigan" against "MGM Grand Detroit in Detroit, Michigan; ... Borgata in
    Atlantic City, New Jersey". The claim's name's own item gives its place."""
    pairs = [(m.group(1), m.group(2).rstrip(".")) for m in _LISTED_PLACE.finditer(evidence)]
    if len(pairs) < 2:
        return None
    for item, where in pairs:
        said = re.search(rf"\b{re.escape(item.split()[-1])}\b.*?\b(?:in|at)\s+({_PLACE_NAME})", claim)
        if said is None or said.group(1).split(",")[0] in where:
            continue
        if any(said.group(1).split(",")[0] in other for name, other in pairs if name != item):
            return f"{item} in {said.group(1)}", f"{item} in {where}"
    return None


# "offices are located in", "office is in": the thing and its place, however it is said to be there.
_BE_PLACED = r"(?:(?:is|are|was|were)\s+)?(?:(?:located|based|headquartered|situated)\s+)?"


def place_slot_swap(claim: str, evidence: str, names: list[str]) -> tuple[str, str] | None:
    """"operations in Mexico" where the evidence says "operations in Canada" (and names Mexico only
    elsewhere, "our former stores in Mexico"): the claim's place in the evidence's slot is another.

    Only where the evidence never puts the claim's name in that slot, nor lists it beside the other
    ("stores in California, Texas and Ohio").
    """
    for name in names:
        said = re.search(rf"\b([a-z]{{4,}})\s+{_BE_PLACED}(in|at)\s+(?:the\s+)?{re.escape(name)}\b", claim)
        if not said:
            continue
        word, prep = said.group(1), said.group(2)
        # A place may be given as an address ("located at 1095 Avenue of the Americas, New York"): its
        # city is the place.
        slots = list(re.finditer(rf"\b{re.escape(word)}\s+{_BE_PLACED}(?:{prep}|at)\s+(?:the\s+)?"
                                 rf"(?:\d[\w-]*\s+[^,.;]{{1,60}},\s+)?([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)", evidence))
        subject = _subject_words(claim[:said.start()])
        own = [i for i, slot in enumerate(slots) if _same_place(slot.group(1), name)]  # the claim's place's slots
        for k, other in enumerate(slots):
            clause = re.match(r"[^.;]*", evidence[other.start():]).group()
            if (other.group(1) != name and name.split()[0] not in other.group(1)
                    and not initials_in(name, other.group(1)) and not acronym_in(name, other.group(1))
                    and ((name not in clause and not own) or _slot_of(subject, evidence, slots, k, own))):
                return f"{word} {prep} {name}", f"{word} {prep} {other.group(1)}"
        # ... or the evidence's adjective of another country before the word ("its Russian business").
        if name.lower() in COUNTRIES and not re.search(rf"\b{word}\s+{prep}\s+(?:the\s+)?{re.escape(name)}", evidence):
            for other in re.finditer(rf"\b([A-Z][a-z]+)\s+{re.escape(word)}\b", evidence):
                country = country_of_adjective(other.group(1))
                if country is not None and country != name.lower():
                    return f"{word} {prep} {name}", f"{other.group(1)} {word}"
    return None


def _subject_words(before: str) -> frozenset[str]:
    """The content words a claim says before its slot ("PepsiCo's principal executive office is"), lower case."""
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z]{3,}", before)
                     if w.lower() not in STOPWORDS and not w[0].isupper())


def _same_place(slot: str, name: str) -> bool:
    return slot == name or slot.startswith(name) or name.startswith(slot)


def _slot_of(subject: frozenset[str], evidence: str, slots: list[re.Match[str]], k: int, own: list[int]) -> bool:
    """Does the evidence give slot ``k`` (another place) to the claim's subject, and the claim's place
    (its slots ``own``) to something else? "Our principal executive office located in Purchase, New York
    and our facilities located in Plano, Texas": the office is in Purchase, not Plano. Each slot's
    subject is the text between the slot before it and itself; the claim's place's slot may share a
    word of it, not most ("In 1946, his brother, James L. Walton, opened a similar store in Versailles"
    after "Sam M. Walton opened a franchise Ben Franklin variety store in Newport")."""
    def before(i: int) -> frozenset[str]:
        start = slots[i - 1].end() if i else max(evidence.rfind(".", 0, slots[i].start()) + 1, 0)
        return frozenset(w.lower() for w in re.findall(r"[A-Za-z]{3,}", evidence[start:slots[i].start()]))
    return bool(subject) and subject <= before(k) and all(2 * len(subject & before(i)) < len(subject) for i in own)


# Prepositions that mark a role (a source, an agent, a destination): another word after one of them
# in the evidence means another source, actor or place, not a paraphrase. "to" counts only before a
# plural noun (:func:`_noun_after_to`): it joins verbs and purposes too ("to make online payments");
# "for" and "with" were tried and do so too often.
_ROLE_PREPOSITIONS = ("from", "by", "to")


def _noun_after_to(article: str, phrase: str, word: str) -> bool:
    """Is ``word`` after "to" a destination ("to the hospitals", "to local schools"), not a verb?"""
    first = phrase.split()[0].lower()
    return (word.lower().endswith("s") and first not in LIGHT_WORDS
            and (bool(article) or len(phrase.split()) > 1) and not first.endswith(("ize", "ise", "ate", "fy")))


def other_filler(claim: str, evidence: str, missing: list[str]) -> tuple[str, str] | None:
    """"from hospitals" in the claim where the evidence says "from social organizations"; "to local
    schools" where it says "to the local hospitals".

    Only for a claim word that the evidence lacks (``missing``), after a role preposition that the
    evidence uses with words the claim lacks; and not when the evidence also uses the preposition
    with a word of the claim's phrase other than its modifiers ("from across the country" against
    "from all over the country, particularly from the Hubei province": the same source, then a
    narrower one; but "local" alone does not make "local hospitals" the claim's "local schools").
    After "to", only a plural noun with an article or a modifier before it counts ("to local
    schools"): "to donate", "to make online payments" are verbs.
    """
    article = r"(?:the\s+|a\s+|an\s+|its\s+|their\s+|his\s+|her\s+)?"
    for word in missing:
        found = re.search(rf"\b({'|'.join(_ROLE_PREPOSITIONS)})\s+({article})((?:[\w-]+\s+)?{re.escape(word)})\b",
                          claim, re.IGNORECASE)
        if not found:
            continue
        prep = found.group(1).lower()
        if prep == "to" and not _noun_after_to(found.group(2), found.group(3), word):
            continue
        # The claim's phrase runs on to the next punctuation, four words at most.
        phrase = re.match(r"[^,.;:()]*", claim[found.start(3):]).group()
        claim_stems = {s for s, _ in terms_with_words(" ".join(phrase.split()[:4]))}
        modifiers = {s for s, _ in terms_with_words(found.group(3)[:found.group(3).lower().rfind(word.lower())])}
        others = []
        # Overlapping, so that "to deliver lunch boxes to the local hospitals" yields both.
        for other in re.finditer(rf"\b{prep}\s+(?={article}([\w-]+(?:\s+[\w-]+){{0,3}}))", evidence, re.IGNORECASE):
            words = [w for w in other.group(1).split() if w.lower() not in STOPWORDS]
            if ({s for s, _ in terms_with_words(" ".join(words))} & claim_stems) - modifiers:
                return None
            new = [w for w in words[:2] if w.lower() not in claim.lower()]
            if new and not words[0][0].isdigit():
                others.append(" ".join(words[:2]))
        if others:
            return f"{prep} {found.group(3)}", f"{prep} {others[0]}"
    return None
