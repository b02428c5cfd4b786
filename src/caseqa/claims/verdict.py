"""Claim checking: align a claim to the case's evidence, compare like with like, give a verdict.

No NLI model is available offline, so a verdict is built from parts a person can check:

* **alignment** — hybrid search finds candidate passages; inside them, windows of one to three
  adjacent sentences are scored on embedding similarity to the claim and on the share of the
  claim's content terms (weighted by rarity) that they contain (:mod:`caseqa.claims.align`);
* **comparison** — quantities (counts, money, percentages, durations, dates, years), negation,
  named entities and people's titles in the claim are compared with the same kind of thing in the
  aligned evidence (:mod:`caseqa.claims.compare`);
* **verdict** — a mismatch on an aligned topic is *contradicted*; strong alignment with every
  figure confirmed is *supported*; anything else, including a claim about something the case
  never mentions, is *not_found*. Supported is the last resort, never the default: calling an
  unfounded claim supported is the error instructors can least afford.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

import numpy as np

from caseqa.claims import headquarters
from caseqa.claims.align import (
    CONTRAST,
    OTHER_ACTORS,
    Window,
    credited,
    said_as_intent,
    score_windows,
    terms_in,
    with_paraphrases,
)
from caseqa.claims.antonyms import manner_adverb
from caseqa.claims.compare import (
    Outcome,
    RowWay,
    against_respectively,
    another_segment,
    cash_way,
    change_of_another,
    change_unsaid,
    change_way_against,
    compare_quantity,
    denies_claim_phrase,
    direction_against_figures,
    direction_swap,
    entity_swap,
    figure_order_swap,
    figures_way,
    free_or_priced,
    is_change,
    label_held,
    listed_place,
    named_part,
    names_row,
    negated_where_aligned,
    opposite_words,
    other_filler,
    place_slot_swap,
    printed_rows,
    row_direction,
    row_sign,
    row_trend,
    same_title,
    says_how_much,
    segment_in,
    self_swap,
    title_mismatch,
    trend_years,
    way_start,
    way_words,
    window_sentences,
    year_of,
)
from caseqa.claims.essay import split_compound, split_sentences, without_frame
from caseqa.claims.text import (
    BECAME,
    MEASURES,
    PLACE_SLOTS,
    THE_COMPANY,
    TITLE_RE,
    Claim,
    after_preposition,
    clause_spans,
    entities,
    event_place,
    named_in,
    negated,
    opposites_listed,
    slot,
    title_near,
    titles_in,
)
from caseqa.claims.wordalign import Paraphrase, other_degree
from caseqa.config import ClaimSettings, Settings
from caseqa.errors import QueryError
from caseqa.index.encoder import Encoder
from caseqa.index.model import Index
from caseqa.ingest import tables
from caseqa.ingest.passages import span_citation
from caseqa.language import head_office
from caseqa.language import quantities as qty
from caseqa.language.glossary import abbreviations_spelt, as_line_items
from caseqa.language.places import country_named, said_as_the_country
from caseqa.language.quantities import Kind, Quantity
from caseqa.language.self_reference import initials_spelt, is_self, spoken_as_self, without_self
from caseqa.language.terms import STOPWORDS, acronym_in, common_word, initials_in, stem, terms_with_words
from caseqa.retrieve.scope import clean_text, scope
from caseqa.retrieve.search import candidates
from caseqa.types import Document, Evidence, Label, TableRow, Verdict


@dataclass(frozen=True)
class _Finding:
    """A difference between claim and case, and the window of the case that shows it."""

    reason: str
    window: Window
    kind: Kind | None = None  # of the figure that differs; None for other differences


def _evidence(index: Index, window: Window) -> Evidence:
    p = window.passage
    cited = span_citation(index.documents[p.doc_id], p, (window.start, window.end))
    return Evidence(p.doc_id, window.start, window.end, cited, window.text, p.start, p.end, round(window.score, 4))


def check_claim(index: Index, encoder: Encoder, claim_text: str, settings: Settings, doc: str | None = None) -> Verdict:
    """Check one claim; a compound claim ("X did A, and Y did B") is checked part by part.

    Args:
        index: A loaded index.
        encoder: The index's encoder.
        claim_text: One sentence.
        settings: Search and claim settings.
        doc: Restrict the evidence to one case.

    Returns:
        The verdict with evidence (best first) and reasons. For a compound claim, a contradicted
        part makes the whole contradicted, and it is supported only if every part is.

    Raises:
        QueryError: The claim is empty or not text.
    """
    if not isinstance(claim_text, str) or not claim_text.strip():
        raise QueryError("the claim is empty; paste a claim or an essay to check")
    shown = clean_text(claim_text, "claim")  # the claim as written, but for undecodable characters
    parts = split_compound(without_frame(shown))
    if len(parts) == 1:
        return replace(_check_simple(index, encoder, parts[0], settings, doc), claim=shown)
    verdicts = [_check_simple(index, encoder, part, settings, doc) for part in parts]
    part, v = min(zip(parts, verdicts), key=lambda pv: pv[1].label.severity)  # the first of the weakest
    if v.label != Label.SUPPORTED:
        reasons = (f"part “{part}”: {v.reasons[0]}" if v.reasons else f"part “{part}”", *v.reasons[1:])
        evidence = tuple(e for x in verdicts for e in x.evidence[:1])
        evidence = v.evidence[:1] + tuple(e for e in evidence if e not in v.evidence[:1])
        return Verdict(shown, v.label, v.score, evidence, reasons)
    reasons = tuple(r for v in verdicts for r in v.reasons)
    return Verdict(shown, Label.SUPPORTED, min(v.score for v in verdicts),
                   tuple(v.evidence[0] for v in verdicts if v.evidence), reasons)


def _check_simple(index: Index, encoder: Encoder, claim_text: str, settings: Settings, doc: str | None) -> Verdict:
    """Check one simple (non-compound) claim; see :func:`check_claim`."""
    shown = clean_text(claim_text, "claim")
    where = scope(index, doc)
    # Abbreviations spelt out ("R&D"), and the report's own name by its initials ("J&J").
    text = abbreviations_spelt(shown)
    if where.doc_id:
        document = index.documents[where.doc_id]
        text = initials_spelt(text, document.title, document.text)
    claim = Claim.parse(text)
    if not claim.terms:
        return Verdict(shown, Label.NOT_FOUND, 0.0, (), ("nothing to check: the claim has no words to look for, "
                                                         "only figures or common words",))
    tuning = settings.claims
    claim_states = encoder.encode_tokens(text, tuning.align_layer, query=True)  # one pass gives both
    query = encoder.encode_query(text)
    ranked = candidates(index, text, query, where.rows, settings.search)[:tuning.candidate_passages]
    rows = [cand.row for cand in ranked]
    rows += [r for r in _row_passages(index, claim, rows, tuning) if r not in rows]
    idf = _weights(index, claim)
    windows: list[Window] = []
    for row in rows:
        passage = index.passages[row]
        first = index.sentence_row(passage)
        sims = index.sentence_vectors[first:first + len(passage.sentences)] @ query
        windows.extend(score_windows(index, passage, claim, sims, idf, tuning))
    if not windows:
        return Verdict(shown, Label.NOT_FOUND, 0.0, (), ("no passage of the case shares a word with the claim",))
    windows.sort(key=lambda w: (-w.score, w.passage.doc_id, w.start))
    windows = with_paraphrases(index, encoder, claim, claim_states, windows, idf, tuning)
    best = windows[0]
    evidence = [best]
    alternatives: list[Window] = []  # the best window of each other candidate passage, to read figures in
    for w in windows[1:]:
        if all(w.passage.id != e.passage.id for e in evidence + alternatives):
            (evidence if len(evidence) < 3 else alternatives).append(w)
    said_where = _head_office(index, claim, best)
    if said_where is not None:
        return said_where
    unseen = _unsupported_unseen(index, encoder, claim, query, best, tuning)
    verdict = _decide(index, claim, evidence, unseen, tuning, alternatives, windows)
    # The window that reads most alike may hold only the claim's names ("Pfizer Pharma GmbH | Germany"
    # for "Outside the United States, Pfizer's largest national market was Germany"), while one a
    # little behind it holds nearly every other term ("Japan was our largest national market outside
    # the U.S."): when the first finds nothing, the fuller one is read.
    fuller = max(evidence[1:], key=lambda w: w.coverage, default=None)
    if verdict.label == Label.NOT_FOUND and fuller is not None and fuller.coverage >= tuning.swap_coverage \
            and fuller.coverage >= best.coverage + tuning.fuller_margin:
        rest = [fuller] + [w for w in evidence if w is not fuller]
        again = _decide(index, claim, rest, _unsupported_unseen(index, encoder, claim, query, fuller, tuning),
                        tuning, alternatives, windows)
        if again.label != Label.NOT_FOUND:
            return again
    return verdict


def _head_office(index: Index, claim: Claim, best: Window) -> Verdict | None:
    """The verdict on a claim placing the report's head office, from the report's own statements of it
    (:mod:`caseqa.claims.headquarters`): contradicted when none of them names a place of the claim's,
    supported when one does and the claim says nothing else; None otherwise (the usual reading)."""
    document = index.documents[best.passage.doc_id]
    places = headquarters.places_claimed(claim, document.title)
    stated = head_office.statements(document.text) if places else []
    if not stated:
        return None
    # The claim's first place is its most exact ("Princeton" of "Princeton, New Jersey"): a statement
    # naming only the state does not agree.
    agreeing = [s for s in stated if named_in(places[0], s.place)]
    if agreeing and not headquarters.plain(claim):
        return None
    # A sentence reads better than the cover's address line.
    shown = sorted(agreeing or stated, key=lambda s: document.text[s.start:s.end].startswith(s.place))[0]
    row = index.passage_at(document.id, shown.start)
    if row is None:
        return None
    passage = index.passages[row]
    end = min(shown.end, passage.end)
    window = Window(passage, shown.start, end, document.text[shown.start:end], best.similarity, 1.0,
                    frozenset(claim.terms), 1.0)
    if agreeing:
        return Verdict(claim.text, Label.SUPPORTED, 0.9, (_evidence(index, window),),
                       (f"the report places its head office in {shown.place}",))
    return Verdict(claim.text, Label.CONTRADICTED, 0.9, (_evidence(index, window), _evidence(index, best)),
                   (f"claim says the head office is in {', '.join(places)}; the case says {shown.place}",))


def _weights(index: Index, claim: Claim) -> dict[str, float]:
    """The claim's terms weighted by their rarity in the case (BM25 idf), but a name the case never
    uses weighs no more than the claim's average word the case does use: every window lacks it, and
    its rarity alone would let a window that reads alike but holds none of the rest ("Netflix Studios,
    LLC | United States") outrank the one that holds all of it but the name ("... Los Gatos,
    California, which is the location of our corporate headquarters")."""
    idf = index.lexical.idf(set(claim.terms))
    vocabulary = index.lexical.vocabulary()
    seen = [w for s, w in idf.items() if s in vocabulary]
    if not seen:
        return idf
    names = {s for s, _ in terms_with_words(" ".join(entities(claim.text)))}
    cap = sum(seen) / len(seen)
    return {s: min(w, cap) if s in names and s not in vocabulary else w for s, w in idf.items()}


# Two amounts this far apart (by ratio) are of another order: not the same line item misstated.
_ANOTHER_ORDER = 3.0


# A claim about what is planned or expected, not what has happened.
_PLANNED = re.compile(r"\b(?:plans?|planned|planning|expects?|expected|intends?|intended|aims?|aimed|will|"
                      r"is going|are going|hopes?|targets?|(?:is|are|was|were)\s+(?:scheduled|slated|set|due))\s+to\b"
                      r"|\bwill\b", re.IGNORECASE)
# Evidence that states a plan, a commitment or a target, whose date a planned claim's date may differ from.
_PLAN_STATED = re.compile(r"\b(?:commitments?|committed|pledged?|pledges|goals?|targets?|targeted|plans?|planned|"
                          r"intends?|intentions?|aims?|scheduled|slated|expected to)\b"
                          # ... or what it will have done by a date ("will take two actions: exiting all PFAS
                          # manufacturing by the end of 2025").
                          r"|\bwill\b[^.;]{0,80}?\bby\s+(?:the\s+end\s+of\s+)?(?:fiscal\s+)?\d{4}\b", re.IGNORECASE)
_INTENDED = re.compile(r"\b(?:would|expects?|expected|anticipates?|going to|shall|forecasts?|guidance|outlook)\b",
                       re.IGNORECASE)
# Durations, amounts of money or counts this many orders of magnitude apart are different things, not one
# misreported (a misreported one is off by a factor of 2 to 60 in our claims: "48 hours" / "13 hours",
# "a month" / "13 hours"; "20 seconds" / "17 years" is over 7 orders, "the average ride cost about $25"
# / "United States | $ 2,991" in millions over 8).
_OTHER_SPAN = 3.0


def _size(q: Quantity) -> float:
    """The amount a figure states: its bound, or its range's middle."""
    return abs({qty.Bound.LOWER: q.low, qty.Bound.UPPER: q.high}.get(q.bound, (q.low + q.high) / 2))


def _size_apart(a: Quantity, b: Quantity) -> float:
    """How many orders of magnitude two amounts are apart."""
    return abs(math.log10(max(_size(a), 1e-9)) - math.log10(max(_size(b), 1e-9)))


def _orders_apart(a: Quantity, b: Quantity) -> bool:
    """Are two amounts of different orders (a ratio of ``_ANOTHER_ORDER`` or more)?"""
    x, y = _size(a), _size(b)
    return min(x, y) > 0 and max(x, y) / min(x, y) >= _ANOTHER_ORDER


def _in_table(index: Index, window: Window) -> bool:
    """Does the window hold rows of a table?"""
    return bool(index.documents[window.passage.doc_id].rows_in(window.start, window.end))


def _said_only_in(index: Index, claim: Claim, window: Window, other: Window) -> bool:
    """Does the window hold a word of the claim that the other lacks, the filer's own name aside?"""
    document = index.documents[window.passage.doc_id]
    selves = spoken_as_self(document.title, document.text)
    return any(not is_self(claim.words[s], selves) for s in window.found - other.found)


def _names_a_row(index: Index, claim: Claim, window: Window) -> bool:
    """Does the window hold a table row the claim names (:func:`~caseqa.claims.compare.names_row`)?"""
    document = index.documents[window.passage.doc_id]
    return any(names_row(row, claim) for row in document.rows_in(window.start, window.end))


def _largest(row: TableRow) -> float:
    """The largest size of an amount a table row states."""
    return max((abs(f.value) for f in tables.figures(row) if f.value is not None), default=0.0)


def _row_passages(index: Index, claim: Claim, ranked: list[int], settings: ClaimSettings) -> list[int]:
    """Passages that hold a table row the claim names, for a claim that states amounts or says which
    way an amount went between years ("net income increased in 2022").

    A statement's row ("Sales and marketing 3,583 4,789") shares few words with a sentence about
    it ("Uber spent about $4.8 billion on sales and marketing in 2021"), so search may rank prose
    with other amounts above it. Rows of the documents of the top candidates whose label's content
    words the claim holds, every one of them, join the candidates (the longest labels first, at
    most ``settings.table_rows``): the row then states the figure, or another one. For a claim that says
    which way the whole went ("CVS Health's total revenues declined in 2022"), of labels held alike the
    rows with the largest amounts first: a line item recurs in each segment's table before the
    statements give the whole ("Total revenues" of Corporate/Other, then of the company).
    """
    trend = not any(q.kind in qty.AMOUNTS for q in claim.quantities)
    docs = list(dict.fromkeys(index.passages[r].doc_id for r in ranked[:3]))
    if trend and not any(trend_years(claim, index.latest_year(doc_id)) for doc_id in docs):
        return []
    whole = trend and segment_in(claim.text) is None
    named = [(label_held(row, claim)[1], _largest(row) if whole else 0.0, doc_id, row.start)
             for doc_id in docs for row in index.documents[doc_id].tables if names_row(row, claim)]
    named.sort(key=lambda n: (-n[0], -n[1]))
    out: list[int] = []
    for _, _, doc_id, at in named:
        found = index.passage_at(doc_id, at)
        if found is not None and found not in out:
            out.append(found)
        if len(out) >= settings.table_rows:
            break
    return out


def _unsupported_unseen(index: Index, encoder: Encoder, claim: Claim, query: np.ndarray, best: Window,
                        settings: ClaimSettings) -> list[str]:
    """Claim words the case never uses and the evidence does not say in other words.

    A word the alignment paired with an evidence word is said there ("workers" / "employees"); of
    the rest, a lower-case word may still be a paraphrase the alignment missed ("stuck at home" for
    "had to stay at home", "wrote" for "create"; see ``unseen_word_delta``). A capitalised one is a
    name, and one after a preposition a thing ("by helicopter"), which the evidence must hold.
    """
    vocabulary = set(index.lexical.vocabulary())
    unseen = [claim.words[s] for s in claim.terms if not terms_in({s}, vocabulary) and not best.said_nearly(s)
              and s not in best.found
              and not acronym_in(claim.words[s], best.text)]
    common = [w for w in unseen if not w[0].isupper() and not after_preposition(claim.text, w)]
    if not common or best.coverage < settings.support_coverage:
        return unseen  # nothing that could be a paraphrase, or not close to support anyway
    evidence = encoder.encode_query(best.text)
    full = float(query @ evidence)
    out = [w for w in unseen if w not in common]
    for word in common:
        without = " ".join(re.sub(rf"\b{re.escape(word)}\b", " ", claim.text).split())
        if float(encoder.encode_query(without) @ evidence) - full > settings.unseen_word_delta:
            out.append(word)
    return out


def _figures(index: Index, claim: Claim, windows: list[Window], settings: ClaimSettings,
             alternatives: Sequence[Window] = (), every: Sequence[Window] = ()
             ) -> tuple[list[_Finding], list[str], list[str], Window, list[str]]:
    """Each figure of the claim against the case: the mismatches, the figures nothing states, those
    a table row states under columns whose periods were not recognised, the window that reads them,
    and the reasons for the figures the case states only of something else.

    The best window decides a figure it states. When it lacks one and another candidate about the
    same thing states them all (a row of a table where the best window is the prose around it),
    that window reads every figure and leads the evidence. Otherwise a figure the best window lacks
    ("about 320 enterprises" where it counts no enterprises) is read from another candidate, which
    may state it ("overall 32 enterprises"): the mismatch then cites that window. A window over rows
    of a table is read through them: each figure under its column's period, scaled as the table says.
    """
    def compare(q: Quantity, window: Window) -> tuple[Outcome, Quantity | None]:
        document = index.documents[window.passage.doc_id]
        return compare_quantity(q, claim, window, document.rows_in(window.start, window.end),
                                index.column_order(document.id))

    best = windows[0]
    # The report's own name is said in every window ("we"): only the others must be kept.
    document = index.documents[best.passage.doc_id]
    selves = spoken_as_self(document.title, document.text)
    claim_names = [e for e in entities(claim.text) if not is_self(e, selves)
                   and (named_in(e, best.text) or named_in(e.split()[-1], best.text))]

    def names_kept(window: Window) -> bool:
        """Does the window (with its tables' titles and its section's heading: "Net sales" under "Flexibles
        Segment") name every name of the claim the best window names?"""
        rows = index.documents[window.passage.doc_id].rows_in(window.start, window.end)
        said = " ".join([window.text, window.passage.section or "", *(r.title or "" for r in rows)])
        return all(named_in(e, said) or named_in(e.split()[-1], said) for e in claim_names)

    readings = [(q, *compare(q, best), best) for q in claim.quantities]
    if not all(outcome == Outcome.MATCH for _, outcome, _, _ in readings):
        # A window that states every figure as the claim does wins over one that differs or is silent
        # (the row of a table where the best window is a sentence about the change); failing that,
        # when the best is silent on some, one that states them all (but a row that agrees under a
        # column without its period is not traded for a window that differs).
        # ... about the claim's own names: one the best window names is not traded for a window about
        # someone else ("Mr. Hornbuckle has served as Chief Executive Officer since July 2020" for
        # "Jonathan Halkyard has served as CEO since July 2020", where the best says "Mr. Halkyard").
        others = [[(q, *compare(q, w), w) for q in claim.quantities]
                  for w in windows[1:] + list(alternatives)
                  if (w.coverage >= settings.contradict_coverage or _names_a_row(index, claim, w))
                  and names_kept(w)]
        outcomes = [{outcome for _, outcome, _, _ in again} for again in others]
        # A window whose amounts all agree and that lacks only the claim's year or date (a 10-K's
        # "Devices revenue decreased 24%" in its fiscal year's section) is traded only for one that
        # holds as much of the claim.
        dated_only = all(o == Outcome.MATCH or (o == Outcome.ABSENT and q.kind in qty.WHEN)
                         for q, o, _, _ in readings) and any(q.kind in qty.AMOUNTS for q, _, _, _ in readings)
        better = next((again for again, seen in zip(others, outcomes) if seen <= {Outcome.MATCH}
                       and (not dated_only or again[0][3].coverage >= best.coverage)), None)
        if better is None and dated_only:  # ... and not for one that differs on an amount it agrees on
            others = [again for again in others if again[0][3].coverage >= best.coverage
                      and all(o != Outcome.MISMATCH for _, o, _, _ in again)]
            outcomes = [{outcome for _, outcome, _, _ in again} for again in others]
        if better is None and any(outcome == Outcome.ABSENT for _, outcome, _, _ in readings):
            keep = any(outcome == Outcome.UNDATED for _, outcome, _, _ in readings)
            stating = [again for again, seen in zip(others, outcomes)
                       if Outcome.ABSENT not in seen and not (keep and Outcome.MISMATCH in seen)]
            # Of those, the one that agrees on most figures (a row of the claim's statement that
            # differs on one, rather than prose about other amounts that differs on all).
            better = max(stating, key=lambda again: sum(o == Outcome.MATCH for _, o, _, _ in again), default=None)
        if better is not None:
            readings, best = better, better[0][3]
    mismatches: list[_Finding] = []
    absent: list[str] = []
    elsewhere: list[str] = []  # a figure of the case said of something else than the claim names
    undated: list[str] = []
    lost_amount = False
    dates: dict[int, Quantity] = {}  # the claim's figure each mismatch is about
    stated_in: list[Window] = []  # other windows than the best that state an amount as the claim does
    rows = [w for w in windows + list(alternatives) if w is not best and _names_a_row(index, claim, w)]
    # ... and the best window over the row of a passage whose best window is prose ("Research and
    # development expenses | 13,829 | 9,393" in the passage of "R&D expenses increased $4.4 billion").
    held = {w.passage.id for w in rows}
    for w in every:
        if w.passage.id not in held and w is not best and " | " in w.text and _names_a_row(index, claim, w):
            rows.append(w)
            held.add(w.passage.id)
    for q, outcome, case_q, where in readings:
        read_in = where  # the window first read, before a row of the claim's line item may stand in
        if outcome == Outcome.ABSENT and _dated_before(index, where, q):
            outcome = Outcome.MATCH
        # A figure the best window lacks is read in another window about the same thing, or in a row
        # of the claim's line item, however few of its other words the row holds.
        for other in [*windows[1:], *(w for w in rows if w not in windows)]:
            if outcome != Outcome.ABSENT:
                break
            if (other.coverage >= settings.contradict_coverage or other in rows) and names_kept(other):
                outcome, case_q = compare(q, other)
                where = other
        if outcome == Outcome.MISMATCH and q.kind in qty.AMOUNTS and case_q is not None:
            # A row of the claim's own line item that states the amount under the claim's period
            # outweighs prose about another amount; one whose columns' periods are unknown, only
            # prose about an amount of another order ("Total assets ... 38,774" against the VIEs'
            # "$3.9 billion"), not a near one that may be the same line in another year.
            far = _orders_apart(q, case_q)
            stated = next(((again, w) for w in rows if (again := compare(q, w)[0]) == Outcome.MATCH
                           or (again == Outcome.UNDATED and far)), None)
            if stated is not None:
                (outcome, where), case_q = stated, None
            elif q.kind == Kind.MONEY and where not in rows and not _in_table(index, where):
                # Failing that, the claim's own line item states the amount it differs from, not
                # prose about another one ("Sales and marketing | 4,789" for "sales and marketing expenses
                # were about $3.6 billion", not "advertising expenses ... $1.7 billion").
                # Of several such rows (a line item recurs across statements and notes), the amount
                # nearest the claim's, and never a row of another kind (a rate for an amount).
                # ... and a row about the claim's names: "Total revenues | 49,954" is no line item of
                # Cerner's, where the prose says "Cerner contributed $5.9 billion".
                differing = [(row_q, w) for w in rows if names_kept(w) for again, row_q in [compare(q, w)]
                             if again == Outcome.MISMATCH and row_q is not None and row_q.kind == q.kind]
                if differing:
                    case_q, where = min(differing, key=lambda rw: _size_apart(q, rw[0]))
        elif outcome == Outcome.MATCH and q.kind in qty.AMOUNTS and where is not None and not _in_table(index, where):
            # Prose that agrees may speak of a part ("total assets ... for our consolidated VIEs ...
            # $3.9 billion") where the claim speaks of the whole: a row of the claim's own line item
            # that states an amount of another order under the claim's period decides, unless the
            # prose holds a word of the claim that the row's window lacks ("VIEs").
            year = year_of(q, claim)
            for w in rows if year is not None else ():
                again, row_q = compare(q, w)
                if (again == Outcome.MISMATCH and row_q is not None and str(year) in row_q.text
                        and _orders_apart(q, row_q) and not _said_only_in(index, claim, where, w)):
                    outcome, case_q, where = again, row_q, w
                    break
        if outcome == Outcome.MATCH and q.kind in qty.AMOUNTS and where is not None:
            # The amount agrees, but the claim says it went up where the row's year before says down, or
            # calls it a loss where the row states a positive figure.
            document = index.documents[where.passage.doc_id]
            named = [row for row in document.rows_in(where.start, where.end) if names_row(row, claim)]
            order = index.column_order(document.id)
            latest = order.latest if order is not None else None
            turned = next((reason for row in named if (reason := row_direction(claim, q, row, latest)
                                                       or row_sign(claim, q, row, latest))), None)
            turned = turned or cash_way(claim, q, where.text)
            if turned:
                mismatches.append(_Finding(turned, where, q.kind))
                continue
        if outcome == Outcome.MISMATCH and case_q is not None and q.kind in (Kind.DURATION, Kind.MONEY, Kind.COUNT) \
                and _size_apart(q, case_q) >= _OTHER_SPAN:
            # "about 20 seconds" and "17 years" are not one span of time told two ways, nor "$25" a ride
            # and "$ 2,991" million of revenue one amount; the row of the claim's own line item may
            # state the amount under the claim's year ("Total assets | $ 20,850" where the best window
            # is "Total long-lived tangible assets | $ 1,752").
            year = year_of(q, claim)
            named = [(row_q, w) for w in rows for again, row_q in [compare(q, w)]
                     if again == Outcome.MISMATCH and row_q is not None and year is not None
                     and str(year) in row_q.text and _size_apart(q, row_q) < _OTHER_SPAN]
            if named:
                case_q, where = named[0]
            else:
                outcome = Outcome.ABSENT
        unnamed = _unnamed(index, claim, where, case_q, q) if outcome == Outcome.MISMATCH and case_q is not None else []
        if unnamed and read_in is not None and " | " not in read_in.text:
            # A row is said of something else, but the sentence first read may state the claim's figure
            # of the claim's names ("Cerner contributed $5.9 billion to our total revenues", where the
            # row is "Total revenues | 49,954").
            again, said_q = compare_quantity(q, claim, read_in, printed_rows(read_in.text))
            if again != Outcome.ABSENT and (said_q is None or not _unnamed(index, claim, read_in, said_q, q)):
                outcome, case_q, unnamed, where = again, said_q, [], read_in
        if unnamed:
            # The case's figure is said of something else: the claim names someone or something
            # ("Jack Ma", "WanDunTong", "Japan") that neither its sentence nor what leads to it
            # names. Nothing the case says of them differs; it says nothing of them.
            elsewhere.append(f"the case's {case_q.text} is not said of {' or '.join(unnamed)}, so nothing it "
                             f"says compares with {q.text}")
            lost_amount = lost_amount or q.kind in qty.AMOUNTS
            continue
        part = _segment_said(where, case_q, claim) if outcome == Outcome.MISMATCH and case_q is not None else None
        if part:
            # ... or of a segment the claim does not name ("The Consumer segment's operating revenues ...
            # 8.6%" for "total operating revenues rose about 2.4%").
            elsewhere.append(f"the case's {case_q.text} is said of the {part}, so nothing it says compares with "
                             f"{q.text}")
            lost_amount = lost_amount or q.kind in qty.AMOUNTS
            continue
        if outcome == Outcome.MISMATCH and case_q is not None:
            mismatches.append(_Finding(f"claim says {q.text}; the case says {case_q.text}", where, q.kind))
            dates[id(mismatches[-1])] = q
        elif outcome == Outcome.MATCH and q.kind in qty.AMOUNTS and where is not best:
            stated_in.append(where)
        elif outcome == Outcome.ABSENT:
            absent.append(q.text)
            lost_amount = lost_amount or q.kind in qty.AMOUNTS
        elif outcome == Outcome.UNDATED:
            undated.append(q.text)
    # The year of an amount is read where the amount is stated: "revenues ... in 2021 to about $81.3
    # billion" against "Revenues | $ 81,288" under 2021, not "Revenues for 2020 included an estimated
    # unfavorable impact of approximately $700 million", the window that reads most alike.
    mismatches = [m for m in mismatches if m.kind not in qty.WHEN or m.window in stated_in
                  or not any(compare(dates[id(m)], w)[0] == Outcome.MATCH for w in stated_in)]
    if lost_amount and all(m.kind in qty.WHEN or m.kind == Kind.DURATION for m in mismatches):
        # Another year beside an amount the case never states is no contradiction: the case speaks
        # of other years, not of this amount ("capital expenditures of about $150 million in 2022");
        # nor another span of time ("only 13 hours" to build the product, for "within an hour ...,
        # 10,000 sign-ups").
        mismatches = []
    if (len(mismatches) == len(claim.quantities) > 1 and any(m.kind in qty.WHEN for m in mismatches)
            and any(m.kind in qty.AMOUNTS for m in mismatches)
            and not any(_says_year(m.window.text, q) for m in mismatches
                        for q in claim.quantities if q.kind in qty.WHEN)):
        # Every figure differs, its date too, and the evidence never names the claim's date: another
        # event ("Uber's stock closed 2021 at about $42" against "On May 16, 2019, we closed a private
        # placement ... at $45.00"), not this one misreported, whose date it would state.
        absent += [q.text for q in claim.quantities]
        mismatches = []
    if _PLANNED.search(claim.text):
        # A plan's date ("plans to step down in 2023") is not contradicted by the dates of what has
        # happened (a report's signature, "February 28, 2022"), only by another plan's ("we've made
        # the commitment to reach 100% EVs by the end of 2030").
        mismatches = [m for m in mismatches if m.kind not in qty.WHEN or _PLAN_STATED.search(m.window.text)]
    return mismatches, absent, undated, best, elsewhere


def _dated_before(index: Index, window: Window, when: Quantity) -> bool:
    """Is the claim's year (a year or a day of it) the latest year that the window's section heading, its
    passage before it or the sentences before that name ("Highlights from fiscal year 2023 compared with
    fiscal year 2022 included:" above "Devices revenue decreased 24%"), when the window names none? A
    heading that compares two years speaks of the later one's results."""
    year = when.year if when.kind != Kind.YEAR else int(when.low)
    if when.kind not in (Kind.YEAR, Kind.DATE) or year is None \
            or any(q.kind in (Kind.YEAR, Kind.DATE) for q in qty.extract(window.text)):
        return False
    doc_text = index.documents[window.passage.doc_id].text
    start = min(window.start, window.passage.start)
    before = " ".join((window.passage.section or "", _lead_in(doc_text, start), doc_text[start:window.start]))
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", before)]
    return bool(years) and max(years) == year


def _says_year(text: str, when: Quantity) -> bool:
    """Does the text name the year of the claim's date or year?"""
    year = when.year if when.kind != Kind.YEAR else int(when.low)
    return year is not None and re.search(rf"\b{int(year)}\b", text) is not None


def _segment_said(window: Window, case_q: Quantity, claim: Claim) -> str | None:
    """The business segment the sentence of the case's figure speaks of ("The Consumer segment's
    operating revenues ... totaled $103.5 billion, an increase of ... 8.6%"), when the claim names no
    word of it: the figure is the segment's, not the claim's whole. None for a figure read from a
    table row (its table's title says its segment)."""
    if window.text[case_q.start:case_q.end] != case_q.text:
        return None
    # The segment named before the figure in its sentence: one named after it ("20 percent of our
    # consolidated net sales and 28 percent of net sales of our North America Retail segment") is
    # another figure's.
    opened = [m.end() for m in _SENTENCE_END.finditer(window.text[:case_q.start])]
    said = segment_in(window.text[opened[-1] if opened else 0:case_q.end])
    if said is None or terms_in({s for s, _ in terms_with_words(said)}, set(claim.terms)):
        return None
    return f"{said} segment"


def _unnamed(index: Index, claim: Claim, window: Window, case_q: Quantity,
             claim_q: Quantity | None = None) -> list[str]:
    """What the claim's figure is said of that the case's figure is not: the claim's names (the
    document's own name aside) that neither the case figure's sentence, the passage before it, nor
    the sentences leading to it give; for an amount, a word narrowing what it measures, or what its
    change changes, that the window lacks. When there are any, the figure is said of something else."""
    document = index.documents[window.passage.doc_id]
    selves = spoken_as_self(document.title, document.text)
    named = entities(claim.text, document.text)
    names = [without_self(e, selves) for e in named if not is_self(e, selves)]
    # A figure read from a table row (no place in the window's text) is said in the whole window.
    printed = window.text[case_q.start:case_q.end] == case_q.text
    stop = _SENTENCE_END.search(window.text, case_q.end) if printed else None
    end = window.start + (stop.end() if stop else len(window.text))
    start = min(window.start, window.passage.start)
    lead_in = _lead_in(document.text, start)
    upto = lead_in + document.text[start:end]
    unnamed = [name for name in names if not named_in(name, upto)]
    if case_q.kind not in (Kind.MONEY, Kind.PERCENT):
        return unnamed
    # A word that narrows what the claim's amount measures ("Online revenue", "average hourly wage")
    # where the case's figure is the whole ("International Segment ... Revenue | $ 3,504") or another
    # ("a starting wage of $17.50"): the case's figure is not the claim's.
    titles = " ".join(r.title or "" for r in document.rows_in(window.start, window.end))
    said = {s for s, _ in terms_with_words(lead_in + document.text[start:window.end] + " " + titles)}
    # "The company" of a report speaking as "we" is the report itself, no narrowing word.
    itself = {s for s, w in claim.words.items() if w.lower() == "company"} if selves and THE_COMPANY.search(
        claim.text) else set()
    held = frozenset(s for s in claim.terms if terms_in({s}, said) or s in itself)
    # One such word: two before the measure name a thing of their own ("reinsurance trust investments").
    narrowing = _qualifiers(claim, [s for s in claim.terms if s not in held], held, openers=True, names=named)
    unnamed += [claim.words[s] for s in claim.terms if s in narrowing] if len(narrowing) == 1 else []
    # What a change of the claim changes ("raise menu prices by 5%") must be in the case figure's
    # sentence ("expects interest expense ... to increase approximately 10%" is another change).
    at = way_start(claim)
    if claim_q is not None and at is not None and at < claim_q.start and is_change(claim.text, claim_q):
        said_ways = way_words(claim.text)
        things = {s for s, _ in terms_with_words(claim.text[at:claim_q.start]) if s in claim.terms
                  and claim.words[s].lower() not in said_ways}
        opened = [m.end() for m in _SENTENCE_END.finditer(window.text[:case_q.start])]
        sentence = window.text[opened[-1] if opened else 0:stop.end() if stop else len(window.text)]
        if things and not terms_in(things, {s for s, _ in terms_with_words(sentence + " " + titles)}):
            unnamed.append(" ".join(claim.words[s] for s in claim.terms if s in things))
    return unnamed


def _mismatches(claim: Claim, best: Window, doc_text: str, unseen: list[str], figures: list[_Finding],
                settings: ClaimSettings, selves: frozenset[str] = frozenset(),
                reversal: Paraphrase | None = None, absent: Sequence[str] = ()) -> tuple[list[_Finding], float]:
    """What the best window says otherwise than the claim: figures, negation, a name, a title,
    an opposite word, a reversed route.

    Returns:
        The mismatches, and how much of the claim the window covers once a swapped name is set
        aside (its coverage when no name is swapped).
    """
    found = list(figures)
    # A denial of the claim's own verb and object says the opposite however much more the claim adds
    # ("every year since its IPO"); otherwise the window must hold nearly all of the claim.
    if claim.negated != negated_where_aligned(claim, best.text, best) and (
            best.coverage >= settings.swap_coverage
            or (best.coverage >= settings.contradict_coverage and not claim.negated
                and denies_claim_phrase(claim, best.text))):
        said = "is negated" if claim.negated else "is affirmative"
        case = "states it without negation" if claim.negated else "negates it"
        found.append(_Finding(f"the claim {said}; the case {case}", best))
    rest = best.coverage
    # A name elsewhere in the passage may do something else there ("Tmall Supermarket joined hands
    # ..."): only the window and the sentences just before it say who did what it says.
    swap = entity_swap(claim, best, _lead_in(doc_text, best.start) + best.text, doc_text, selves)
    # A place the case never names is no swap where a thing may be in several ("open more than 300 stores
    # in India" against "400 stores in the U.S."): only where it has one place (see place_slot_swap below).
    if swap and all(slot(claim.text, name) in PLACE_SLOTS and not _swappable_place(claim, name, doc_text)
                    for name in swap[0]):
        swap = None
    # A name a comparison sets the subject against ("grew faster than AT&T's revenue") is the other
    # side of the comparison, a claim the evidence does not make, not a doer it names otherwise.
    if swap and any(re.search(rf"\bthan\s+(?:the\s+|that\s+of\s+)?{re.escape(name)}", claim.text) for name in swap[0]):
        swap = None
    # One-word names are set aside; a longer name ("Net Promoter Score") keeps its words in the
    # claim's share: it names much of what the claim is about, not only who did it.
    # A place is set aside whatever its length ("in Santa Monica"): it says where, not what.
    swapped = {name for name in swap[0] if " " not in name or slot(claim.text, name) in PLACE_SLOTS} if swap else set()
    # A word the case never uses may be a piece of a swapped name ("JD" of "JD.com"), or of a longer
    # name the case never uses in the slot of another ("made and owned by Molson Coors" where the case
    # says "by the Boston Beer Company"): that name is the swap, not a word the evidence lacks.
    pieces = {w for name in swapped for w in re.findall(r"\w+", name)}
    if swap:
        pieces |= {w for name in swap[0] for w in re.findall(r"\w+", name) if w in unseen}
    # A figure of the claim the window does not state makes the claim another event than the window's
    # ("shipped 10 million masks to Italy in March 2020" against "the first donation ... sent to Wuhan"),
    # not the window's with another name.
    if swap and not [u for u in unseen if u not in swapped and u not in pieces] and not found and not absent:
        # Coverage without the swapped names must be nearly complete for a swap to count.
        others = [s for s in claim.terms if claim.words[s] not in swapped and claim.words[s] not in pieces]
        # A word that only qualifies one the evidence holds ("corporate headquarters", "its ATG
        # self-driving business") does not make the claim speak of something else.
        qualifiers = _qualifiers(claim, [s for s in others if s not in best.found], best.found)
        rest = len([s for s in others if s in best.found]) / max(len(others) - len(qualifiers), 1)
        # A name the case never uses at all swaps only for the same statement, every other word of it
        # there: nothing else says the claim's thing is the case's with another name ("TikTok is Oracle's
        # largest cloud customer" against "Oracle Cloud Operations deliver ... to customers").
        unknown = any(not named_in(n, doc_text) for n in swap[0])
        if rest >= (1.0 if unknown else settings.swap_coverage):
            found.append(_Finding(f"claim names {' and '.join(swap[0])}; the case names {swap[1]}", best))
    title = title_mismatch(claim, best, doc_text)
    if title:
        found.append(_Finding(title, best))
    opposite = opposite_words(claim.text, best.text)
    if opposite:
        found.append(_Finding(f"claim says {opposite[0]}; the case says {opposite[1]}", best))
    if reversal:  # a claim word whose opposite fills its slot (see _reversal)
        found.append(_Finding(f"claim says {reversal.claim_word}; the case says {reversal.evidence_word}", best))
    names = entities(claim.text, doc_text)
    route = direction_swap(claim.text, best.text, names)
    if route:
        found.append(_Finding(f"claim says {route[0]}; the case says {route[1]}", best))
    way = change_way_against(claim.text, best.text) if not opposite and not reversal else None
    if way:
        found.append(_Finding(f"claim says {way[0]}; the case says {way[1]}", best))
    order = figure_order_swap(claim.text, best.text)
    if order:
        found.append(_Finding(f"claim says {order[0]}; the case says {order[1]}", best))
    against = direction_against_figures(claim.text, best.text) if not order and not reversal else None
    if against:
        found.append(_Finding(f"claim says {against[0]}; {against[1]}", best))
    # What a claim says is planned ("plans to open its first stores in Germany") happens somewhere
    # else than what the case says was done ("closed our stores in Mexico") only if the case plans it too.
    # A place the case never names is swapped only where a thing has one place ("headquarters in"):
    # "operates restaurants in India" is not denied by "open restaurants in the U.S.".
    places = [n for n in names if _swappable_place(claim, n, doc_text)]
    place = place_slot_swap(claim.text, best.text, places) or listed_place(claim.text, best.text)
    planned = bool(_PLANNED.search(claim.text))
    if place and not route and (not planned or _PLAN_STATED.search(best.text)) \
            and (planned or not _PLANNED.search(best.text)):  # nor is "will open ... in the U.S." for "operates"
        found.append(_Finding(f"claim says {place[0]}; the case says {place[1]}", best))
        # As with a swapped name, the window must hold nearly all of the rest of the claim.
        name = max((n for n in names if place[0].endswith(n)), key=len, default=place[0].split()[-1])
        words = {w.lower() for w in re.findall(r"\w+", name)}
        others = [s for s in claim.terms if claim.words[s].lower() not in words]
        rest = max(rest, len([s for s in others if s in best.found]) / max(len(others), 1))
    return found, rest


# Words of where a thing is that it has one of.
_ONE_PLACE = re.compile(r"\b(?:headquarter(?:s|ed)?|based|located|incorporated|domiciled|offices?|born)\b",
                        re.IGNORECASE)


def _swappable_place(claim: Claim, name: str, doc_text: str) -> bool:
    """Can the claim's place be another than the case's? Where a thing has one place ("headquartered in"),
    always; else only a place the case names itself: "operates restaurants in India" is not denied by
    "open restaurants in the U.S."."""
    return _ONE_PLACE.search(claim.text) is not None or named_in(name, doc_text)


# Words that say a measure is whole, not narrowed ("total revenue", "consolidated net sales").
_WHOLE = frozenset("total overall combined consolidated entire whole full annual reported".split())


def _qualifiers(claim: Claim, missing: list[str], held: frozenset[str], openers: bool = False,
                names: Sequence[str] = ()) -> set[str]:
    """The claim stems of ``missing``, written in lower case, that stand right before a held word,
    alone or with another missing word between (a hyphen or a space apart): "corporate" of "corporate
    headquarters", "self" and "driving" of "self-driving business" (not "Net Promoter Score", a name).
    With ``openers``, the claim's first word too when it is an everyday one ("Online revenue in ..."), not
    a word of one of the claim's ``names`` ("Foot Locker's effective tax rate")."""
    words = [(w, {st for st, _ in terms_with_words(w)}) for w in re.findall(r"[\w’']+", claim.text)]
    out = set()
    for k, (word, stems) in enumerate(words):
        here = stems & set(missing)
        opener = (openers and k == 0 and common_word(word) and not re.search(r"[’']s$", word)
                  and not any(word in name.split() for name in [*names, *entities(claim.text)]))
        if not here or not (word.islower() or opener):  # a capitalised word is a name, not a qualifier
            continue
        if openers and word.lower() in _WHOLE:  # "total revenue" is the revenue, not a part of it
            continue
        for nxt in words[k + 1:k + 3]:
            if nxt[1] & held:
                out |= here
                break
            if not nxt[1] & set(missing):
                break
    return out


def _reversal(claim: Claim, best: Window, doc_text: str = "") -> Paraphrase | None:
    """A claim word whose opposite fills its slot in the window (:attr:`Window.opposed`), where
    neither clause is negated: "would not increase" against "cut" is no reversal; nor is a word of a
    phrase the case itself uses ("'shared staff' scheme" against "joined": the case's own name)."""
    for pair in best.opposed:
        said = re.search(rf"\b{re.escape(pair.claim_word)}\b", claim.text)
        if said is None or _phrase_of_the_case(claim.text, said.start(), said.end(), doc_text):
            continue
        clauses = (_clause_at(best.text, pair.start - best.start), _clause_at(claim.text, said.start()))
        if not any(negated(clause) for clause in clauses):
            return pair
    return None


def _phrase_of_the_case(text: str, start: int, end: int, doc_text: str) -> bool:
    """Does the case use the word at ``start:end`` of text with the content word next to it ("shared staff")?"""
    before = re.search(r"([A-Za-z][\w-]*)[\s'\"‘’“”]+$", text[:start])
    after = re.match(r"[\s'\"‘’“”]+([A-Za-z][\w-]*)", text[end:])
    word = text[start:end]
    phrases = [(before.group(1), word)] if before and before.group(1).lower() not in STOPWORDS else []
    phrases += [(word, after.group(1))] if after and after.group(1).lower() not in STOPWORDS else []
    return any(re.search(rf"\b{re.escape(a)}[\s'\"‘’“”]+{re.escape(b)}\b", doc_text, re.IGNORECASE)
               for a, b in phrases)


def _clause_at(text: str, at: int) -> str:
    """The clause of text (:func:`~caseqa.claims.text.clause_spans`) that holds offset ``at``."""
    return next((text[a:b] for a, b in clause_spans(text) if a <= at < b), "")


def _gaps(claim: Claim, best: Window, doc_text: str, unseen: list[str],
          absent: list[str], selves: frozenset[str] = frozenset(),
          rows: Sequence[TableRow] = (), shown: bool = False) -> tuple[str | None, list[str]]:
    """What the best window lacks of the claim (``shown``: the case's figures show the claim's change,
    which its words then need not say).

    Returns:
        The claim words it lacks (a reason, or None), which support tolerates up to the coverage
        thresholds since paraphrase costs words; and the gaps that rule support out: words the case
        never uses, figures it does not state, names it does not mention, another source or actor.
    """
    missing = [claim.words[s] for s in claim.terms if s not in best.found and s not in best.context
               and not acronym_in(claim.words[s], best.text)]
    missing_reason = "not in the evidence: " + ", ".join(missing) if missing else None
    blocking = []
    if unseen:
        blocking.append("the case never mentions: " + ", ".join(unseen))
    if absent:
        blocking.append("the evidence gives no figure to compare with: " + ", ".join(absent))
    # Names anchor a claim: one the evidence does not mention cannot be supported by it.
    # A name the sentences just before the window give ("Huang Hui who works in a Hema store in Wuhan
    # ... he drove") is what the window goes on to speak of.
    lead_in = _lead_in(doc_text, best.start)
    # A name the next sentence sets against the window ("In contrast, ... Ant Insurance covered ...")
    # is the other side of the contrast, not the window's subject, whatever came before.
    contrasted = _contrast_after(doc_text, best.end)
    # A window that speaks of other actors ("there were also some organizations which ...") has its
    # own subject: the name the sentences before it gave is not what it goes on to speak of.
    if OTHER_ACTORS.search(best.text):
        lead_in = ""
    # A place ("in Las Vegas") is where the window's own event happened: one named only before it is
    # another event's place.
    names = entities(claim.text, doc_text)
    names_missing = [e for e in (without_self(e, selves) for e in names)
                     if not named_in(e, best.text) and not acronym_in(e, best.text) and not is_self(e, selves)
                     and not _parts_named(e, best.text)
                     and not said_as_the_country(e, best.text, doc_text) and not country_named(e, best.text)
                     and (not named_in(e, lead_in) or named_in(e, contrasted) or event_place(claim.text, e))]
    if names_missing:
        blocking.append("names not in the evidence: " + ", ".join(names_missing))
    # The measure a claim reports ("net income") is what it is about: a window that speaks of another
    # ("net cash provided by operating activities increased") does not support it, however many of
    # its other words it holds.
    window_words = {w.lower() for w in re.findall(r"[A-Za-z]+", best.text)}
    # ... but the label of a row the claim names is its line item, whatever measure its words name
    # ("Sales and marketing | $ 2,136" for "sales and marketing expense").
    window_words -= {w.lower() for row in rows if names_row(row, claim) for w in re.findall(r"[A-Za-z]+", row.label)}
    spoken = {group for group in MEASURES if group & window_words}
    # A measure only the sentences leading to the window name is theirs, when the window names another
    # ("net revenue" before "Russia accounted for 4% and 5% of our consolidated assets").
    led = [claim.words[s] for s in claim.terms if s in best.context and s not in best.found]
    measures = [w for w in missing + led
                if any(w.lower() in group and group not in spoken and spoken for group in MEASURES)]
    if measures:
        blocking.append(f"the evidence does not say “{measures[0]}”")
    # A title standing for its holder ("approved by the Chief Financial Officer") names who did it, as
    # a name does; one given to a named person ("Wang Lei, president of ...") is compared as a title.
    given = {(title_near(claim.text, e) or "").lower() for e in names}
    said_titles = titles_in(lead_in + " " + best.text)
    titles_missing = [t for t in titles_in(claim.text) if t.lower() not in given
                      and not re.search(rf"\b{re.escape(t)}\b", lead_in + " " + best.text, re.IGNORECASE)
                      and not any(same_title(t, x) for x in said_titles)]  # "CEO" / "Chief Executive Officer"
    if titles_missing:
        blocking.append(f"the evidence does not say “{titles_missing[0]}”")
    # "the largest shareholder" where the evidence says "a large stockholder": a degree the case does not give.
    degrees = [(w, e) for w in missing for e in re.findall(r"[a-z]+", best.text) if other_degree(w, e)]
    if degrees:
        blocking.append(f"claim says {degrees[0][0]}; the evidence says {degrees[0][1]}")
    # A compound says one thing ("interest-free loans"): half of it in the evidence ("free") is not it.
    halves = half_compound(claim, best)
    if halves:
        blocking.append(f"the evidence does not say “{halves}”")
    # "arrived just as quickly" where the evidence says when it arrived, not how fast: how it happened
    # is what the claim asserts.
    manner = [w for w in missing if manner_adverb(w)]
    if manner:
        blocking.append(f"the evidence does not say “{manner[0]}”")
    # "arrived just as fast as", "grew faster than": a comparison the evidence does not make.
    lacking = {w.lower() for w in missing}
    compared = [m.group() for m in _COMPARISON.finditer(claim.text) if (m.group(1) or m.group(2)).lower() in lacking]
    if compared:
        blocking.append(f"the evidence does not say “{compared[0]}”")
    # "Airport rides made up most of Lyft's revenue": a share the evidence does not give.
    share = _PROPORTION.search(claim.text)
    if share and not _PROPORTION_SAID.search(best.text):
        blocking.append(f"the evidence does not say “{share.group()}”")
    # What the section is about does not fill a role the window gives to another ("from hospitals"
    # where the window says "from social organizations").
    role = other_filler(claim.text, best.text, missing + [claim.words[s] for s in claim.terms if s in best.subject])
    if role:
        blocking.append(f"claim says {role[0]}; the evidence says {role[1]}")
    # "became profitable": the state itself ("profitable", "profitability"), not a word of its family
    # ("gross profit") nor one the alignment pairs with it ("revenues").
    state = BECAME.search(claim.text)
    if state and not re.search(rf"\b{state.group(2)}", best.text, re.IGNORECASE):
        blocking.append(f"the evidence does not say it {state.group(1).lower()} {state.group(2)}")
    change = change_unsaid(claim.text, best.text) if not shown else None
    if change:
        blocking.append(f"the evidence does not say it {change}")
    other_change = change_of_another(claim.text, best.text) if not (change or shown) else None
    if other_change:
        blocking.append(f"claim says {other_change[0]} changed; the evidence's change is in {other_change[1]}")
    part = named_part(claim, best, selves)
    if part:
        blocking.append(f"claim says {part[0]}; the evidence says {part[1]}")
    swapped = self_swap(claim, best, doc_text, selves)
    if swapped:
        blocking.append(f"claim says {swapped[0]}; the evidence speaks of {swapped[1]}")
    return missing_reason, blocking


_COMPARISON = re.compile(r"\bas\s+([a-z]+)\s+as\b|\b([a-z]{3,}er)\s+than\b", re.IGNORECASE)
_PROPORTION = re.compile(r"\b(?:most|the majority|the bulk)\s+of\b", re.IGNORECASE)
_PROPORTION_SAID = re.compile(r"\b(?:most|mostly|majority|bulk|mainly|primarily|predominantly|largest)\b|%",
                              re.IGNORECASE)

# Sentences before an evidence window whose names the window may go on to speak of.
LEAD_IN_SENTENCES = 3
_LEAD_IN_CHARS = 1200
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+")  # of the sentences read around a window


_COMPOUND = re.compile(r"\b([A-Za-z]{3,})-([A-Za-z]{3,})\b")


def half_compound(claim: Claim, window: Window) -> str | None:
    """A hyphenated compound of the claim ("interest-free") whose head ("free") the window holds but not
    what qualifies it ("interest"), nor the compound itself (with or without its hyphen); else None.
    ("self-organised" against "self-driven" lacks the head, which the word alignment may pair.)"""
    for match in _COMPOUND.finditer(claim.text):
        if re.search(rf"\b{re.escape(match.group(1))}[\s-]?{re.escape(match.group(2))}\b", window.text, re.IGNORECASE):
            continue
        modifier, head = ({s for s, _ in terms_with_words(part)} for part in match.groups())
        if modifier and head and not (modifier & (window.found | window.context)) \
                and head <= (window.found | (window.context - window.subject)):
            return match.group()
    return None


def _lead_in(doc_text: str, start: int) -> str:
    """The ``LEAD_IN_SENTENCES`` sentences before ``start`` (within a bounded stretch of text)."""
    before = doc_text[max(0, start - _LEAD_IN_CHARS):start]
    ends = [m.end() for m in _SENTENCE_END.finditer(before)]
    return before[ends[-LEAD_IN_SENTENCES - 1]:] if len(ends) > LEAD_IN_SENTENCES else before


def _contrast_after(doc_text: str, end: int) -> str:
    """The sentence right after ``end`` when it opens with a contrast ("In contrast, ..."), else ""."""
    after = doc_text[end:end + _LEAD_IN_CHARS]
    if not CONTRAST.match(after):
        return ""
    stop = _SENTENCE_END.search(after)
    return after[:stop.end()] if stop else after


# The words around a verb that relates two things ("Alibaba holds Ali-day", "who heads Alibaba's ..."):
# a subject before it, an object after it. A word after a preposition or an article is a thing,
# often the new one ("by helicopter", "a drone").
_SUBJECT_WORDS = frozenset("who which that he she it they we".split())
_OBJECT_WORDS = frozenset("the a an its their his her our this these those".split())


def _in_verb_slot(text: str, word: str) -> bool:
    """Is the lower-case ``word`` a verb between a subject (a name or a pronoun) and an object?"""
    if not word.islower():
        return False
    match = re.search(rf"(\S+)\s+{re.escape(word)}\s+(\S+)", text)
    if not match:
        return False
    before, after = match.group(1), match.group(2)
    subject = before.lower() in _SUBJECT_WORDS or (before[:1].isupper() and not text.startswith(before))
    return subject and (after[:1].isupper() or after.lower() in _OBJECT_WORDS)


_BE = frozenset("be been being is are was were".split())
# Words that follow a verb rather than a noun ("paid for", "took over", "sold to the public").
_AFTER_A_VERB = frozenset("for to with on in from by up out off into over about at the a an its their his her".split())


def _claims_verb(text: str, word: str, doc_text: str) -> bool:
    """Is the lower-case ``word`` the verb of what the claim says happened: between a subject and an
    object (:func:`_in_verb_slot`), a passive ("continued to be paid by"), or right after the name
    the claim opens with ("Fliggy paid for ...")?"""
    if _in_verb_slot(text, word):
        return True
    match = re.search(rf"(\S+)\s+{re.escape(word)}\s+(\S+)", text) if word.islower() else None
    if not match:
        return False
    before, after = match.group(1), match.group(2).lower()
    if before.lower() in _BE:
        return after == "by" or word.endswith("ed")
    return (match.start() == 0 and before[:1].isupper() and after in _AFTER_A_VERB
            and before in entities(text, doc_text))


def _strong(best: Window, settings: ClaimSettings) -> bool:
    """The evidence holds enough of the claim, reads enough alike, and both together suffice."""
    floor = settings.support_similarity_full if best.coverage >= 1.0 - 1e-9 else settings.support_similarity
    return (best.coverage >= settings.support_coverage and best.similarity >= floor
            and 0.5 * (best.coverage + best.similarity) >= settings.support_combined)


def _with_amounts(best: Window, claim: Claim, idf: dict[str, float]) -> Window:
    """The window with the claim's amounts counted among the terms it holds, each weighing as much as
    the claim's rarest word. Called only once every amount of the claim is matched (no figure differs,
    none is missing or undated): "Kraft Heinz reported net sales of about $26.5 billion in 2022"
    against "Net sales increased 1.7% to $26.5 billion in 2022" holds the claim's most telling term,
    its figure, though not its verb."""
    amounts = sum(1 for q in claim.quantities if q.kind in qty.AMOUNTS)
    total = sum(idf.get(s, 0.0) for s in claim.terms)
    if not amounts or total <= 0.0:
        return best
    weight = amounts * max(idf.get(s, 0.0) for s in claim.terms)
    return replace(best, coverage=min(1.0, (best.coverage * total + weight) / (total + weight)))


def _names_its_row(document: Document, claim: Claim, window: Window, settings: ClaimSettings,
                   subject: bool = False) -> bool:
    """Does the window hold a table row whose label the claim holds (``table_label_share`` of its words)?

    With ``subject``, the label (with its table's title) must also say what the claim's first amount
    measures: the claim's words before that amount (its subject and verb, the filer's own name aside)
    hold at most one word they lack ("goodwill shrank to", not "revenue from licensing and data access agreements
    was" against the row "Revenue").
    """
    before = _subject_stems(document, claim) if subject else None
    for row in document.rows_in(window.start, window.end):
        held, size = label_held(row, claim)
        if not size or held < settings.table_label_share * size or another_segment(row, claim):
            continue
        # A table's title says what its rows measure ("Net sales" under "Rigid Packaging Segment").
        said = as_line_items({s for s, _ in terms_with_words(row.label + " " + (row.title or ""))})
        lacking = before - terms_in(before, said) if before is not None else set()
        # The one word it may lack is no qualifier of the label's words ("Online revenue" is not "Revenue").
        if before is None or (len(lacking) <= 1 and not _qualifies(claim, lacking, said)):
            return True
    return False


def _qualifies(claim: Claim, stems: set[str], label: set[str]) -> bool:
    """Does a word of ``stems`` stand right before a word of the label in the claim ("Online revenue")?"""
    words = [{st for st, _ in terms_with_words(w)} for w in re.findall(r"[\w’']+", claim.text)]
    return any(here & stems and terms_in(nxt, label) for here, nxt in pairwise(words))


def _subject_stems(document: Document, claim: Claim) -> set[str]:
    """The claim's content stems before its first amount (its subject and verb), the filer's own name aside."""
    amount = next((q for q in claim.quantities if q.kind in qty.AMOUNTS), None)
    if amount is None:
        return set()
    selves = spoken_as_self(document.title, document.text)
    return {s for s, _ in terms_with_words(claim.text[:amount.start])
            if s in claim.words and not is_self(claim.words[s], selves)}


def _stated_alike(document: Document, claim: Claim, best: Window, settings: ClaimSettings) -> bool:
    """The window states the claim's amounts (money, counts, percentages; none differs or is missing,
    which the caller has checked) in a form that ties each to its period: a table row the claim
    names (it holds ``table_label_share`` of the label's content words), or a "respectively" list
    on a window that holds ``contradict_coverage`` of the claim. Such a statement supports the claim
    without the words a sentence would share with it ("grew", "spent")."""
    amounts = [q for q in claim.quantities if q.kind in qty.AMOUNTS]
    if not amounts:
        return False
    if _names_its_row(document, claim, best, settings):
        return True
    return best.coverage >= settings.contradict_coverage and all(
        (against_respectively(q, claim, best) or (None,))[0] == Outcome.MATCH for q in amounts)


def _found(claim: Claim, window: Window, doc_text: str, by_figures: Collection[str] = ()) -> list[str]:
    """The reasons that say which claim words the window holds, and which of them in other words
    (or, ``by_figures``, which change its figures show: "slipped" for 21% then 18%)."""
    country = {s for s in claim.terms if s in window.found and not re.search(rf"\b{re.escape(claim.words[s])}\b",
                                                                            window.text, re.IGNORECASE)
               and said_as_the_country(claim.words[s], window.text, doc_text)}
    intent = {s: modal for s in claim.terms if s in window.found
              and (modal := said_as_intent(s, claim.words[s], window.text))}
    same = [claim.words[s] for s in claim.terms if s in window.found and not window.said_otherwise(s)
            and s not in country and s not in intent and s not in by_figures]
    # A pair of opposites ("late" / "early") is about the same thing, but not the same thing in
    # other words: the opposite is reported as a mismatch instead.
    pairs = [p for s in claim.terms
             if (p := window.said_otherwise(s)) and not opposites_listed(p.claim_word, p.evidence_word)]
    # Two claim words said by one evidence word are one phrase said otherwise ("phone lines ≈ hotlines").
    said_by: dict[int, list[Paraphrase]] = {}
    for p in pairs:
        said_by.setdefault(p.start, []).append(p)
    other = [f"{' '.join(p.claim_word for p in group)} ≈ {group[0].evidence_word}" for group in said_by.values()]
    other += [f"{claim.words[s]} ≈ the country" for s in claim.terms if s in country]
    other += [f"{claim.words[s]} ≈ {modal}" for s, modal in intent.items()]
    shown = [claim.words[s] for s in claim.terms if s in by_figures]
    other += [f"{', '.join(shown)} ≈ what its figures show"] if shown else []
    other += [f"{claim.words[s]} (its words spelt out)" for s in claim.terms
              if s not in window.found and acronym_in(claim.words[s], window.text)]
    context = [claim.words[s] for s in claim.terms if s in window.context and s not in window.subject]
    subject = [claim.words[s] for s in claim.terms if s in window.subject]
    return ((["found in the evidence: " + ", ".join(same)] if same else [])
            + (["in other words: " + ", ".join(other)] if other else [])
            + (["from the sentences leading to it: " + ", ".join(context)] if context else [])
            + (["from what its section is about: " + ", ".join(subject)] if subject else []))


# Words that place a change in its years ("in fiscal 2023 compared with fiscal 2022"), which a row's
# columns say, not its label.
_PERIOD_TALK = frozenset("fiscal year years compared compare comparison versus prior previous period".split())
# Verbs that only carry a change or a result to its subject ("the segment saw its pretax income rise").
_LIGHT_VERBS = frozenset("saw see sees seen had has have posted posts reported reports recorded records "
                         "experienced experiences showed shows delivered delivers".split())


_PLACING = re.compile(r"\b(?:of|on|in|at|for|from|across|within|under|by|to)\b", re.IGNORECASE)
_FIGURE_HEADS = frozenset(stem(w) for w in ("number", "amount", "share", "percentage", "level", "total", "value",
                                            "size", "count"))


def _parts_named(name: str, text: str) -> bool:
    """Is a hyphenated name named part by part ("COVID-related" in "COVID-19 related supplies")?"""
    parts = [p for p in name.split("-") if len(p) > 2]
    return "-" in name and len(parts) >= 2 and all(re.search(rf"\b{re.escape(p)}", text, re.IGNORECASE)
                                                   for p in parts)


def _changed_thing(claim: Claim) -> str | None:
    """The stem of the word naming what a claim says went up or down: its last content word before the
    word of change ("ratio" of "the medical benefit ratio went up"); None without such a word."""
    at = way_start(claim)
    if at is None:
        return None
    # "Insurance reserves on Lyft's balance sheet rose": what rose comes before the words placing it;
    # "the number of stores rose": a word for a figure names no thing.
    said = claim.text[:at]
    placed = _PLACING.search(said)
    for part in ([said[:placed.start()]] if placed else []) + [said]:
        words = [stem(w.lower()) for w in re.findall(r"[A-Za-z][\w-]*", part)]
        head = next((s for s in reversed(words) if s in claim.terms and s not in _FIGURE_HEADS), None)
        if head is not None:
            return head
    return None


_RATIO_WORDS = frozenset(stem(w) for w in ("ratio", "rate", "margin", "percentage", "yield"))


def _trend(index: Index, claim: Claim, windows: Sequence[Window]) -> tuple[RowWay, Window] | None:
    """Which way the statement rows the claim names went between its years, for a claim that says
    something went up or down but gives no amount ("Netflix's net income increased in 2022 compared
    with 2021"): the rows' own reading and the window that holds them, when every such row agrees;
    None when no window holds one or they disagree. A row counts when its label and its table's title
    hold the claim's words but for one (its word of change, its years and the filer's name aside),
    and its table states amounts, in a scale ("in millions") or in dollars, not shares of revenue.

    A row that went the claim's way does not say by how much: a claim that says so ("roughly in half",
    "sharply") gets no reading that agrees."""
    at = way_start(claim)
    if at is None or not any(trend_years(claim, index.latest_year(w.passage.doc_id)) for w in windows):
        return None
    said_ways = way_words(claim.text)
    spelt = [name for name in entities(claim.text) if len(name.split()) > 1]
    rests: dict[str, set[str]] = {}  # per document: the claim's words but its change and the filer's name
    ways: list[tuple[RowWay, Window, TableRow]] = []
    held_all: list[bool] = []  # per way: its row's label and title hold every word of the claim's thing
    for window in windows:
        document = index.documents[window.passage.doc_id]
        if document.id not in rests:
            selves = spoken_as_self(document.title, document.text)
            rests[document.id] = {s for s, w in claim.words.items() if s in claim.terms and not is_self(w, selves)
                                  and w.lower() not in said_ways and w.lower() not in _PERIOD_TALK
                                  and w.lower() not in _LIGHT_VERBS and not says_how_much(w)}
        rest = rests[document.id]
        for row in document.rows_in(window.start, window.end):
            heads = row.label + " " + (row.title or "")
            said = as_line_items({s for s, _ in terms_with_words(heads)})
            # A segment's table titled by its initials ("TABLE 9: USCS SELECTED INCOME STATEMENT DATA"
            # for "the U.S. Consumer Services segment").
            said |= {s for name in spelt for s, _ in terms_with_words(name) if initials_in(name, heads)}
            # ... or a ratio the claim names as one ("the medical benefit ratio went up" against "Medical
            # benefit ratio (“MBR”) | 84.0 % | 85.0 %"), not an amount's share of revenue.
            ratio = bool(_RATIO_WORDS & said & set(claim.terms)) and all(
                v.rstrip().endswith("%") for v in row.values if any(c.isdigit() for c in v))
            amounts = ratio or tables.states_money(row, document.money_titles)
            if amounts and names_row(row, claim) and not another_segment(row, claim) \
                    and len(rest - terms_in(rest, said)) <= 1 \
                    and (way := row_trend(claim, row, ratio, index.latest_year(document.id))) is not None:
                ways.append((way, window, row))
                held_all.append(not rest - terms_in(rest, said))
    if ways and segment_in(claim.text) is None and all(held_all):
        # Rows of one label are the whole and its parts ("Net sales" of each segment): a claim naming
        # no part (each row holds all its words) is the whole's, the largest amount.
        size = {id(row): _largest(row) for _, _, row in ways}
        largest = max(size.values())
        ways = [w for w in ways if size[id(w[2])] == largest]
    if not ways or len({way.agrees for way, _, _ in ways}) > 1 or (ways[0][0].agrees and says_how_much(claim.text)):
        return None
    return ways[0][0], ways[0][1]


def _decide(index: Index, claim: Claim, windows: list[Window], unseen: list[str], settings: ClaimSettings,
            alternatives: Sequence[Window] = (), every: Sequence[Window] = ()) -> Verdict:
    """The verdict from the best evidence window (``windows[0]``); the others can settle a figure
    the best one does not state, and are then cited first when that figure decides. ``every`` window
    of the candidates may hold the statement row that says which way an amount went."""
    figure_mismatches, absent, undated, best, elsewhere = _figures(index, claim, windows, settings, alternatives, every)
    others = [w for w in windows if w is not best][:2]
    idf = _weights(index, claim)  # as the windows were scored
    by_figures: set[str] = set()  # claim stems of change the case's figures say, not its words
    shown = False  # the case's figures show the claim's change
    if not (figure_mismatches or absent or undated or elsewhere):
        # The case's figures say which way a change went: "slipped from 21% in 2021 to 18% in 2022"
        # needs no word of change from the case once it states both.
        way = figures_way(claim.text)
        shown = way is not None and bool(way.said) and not way.denied
        if way is not None:
            by_figures = {s for s, w in claim.words.items() if w.lower() in way.said and s not in best.found}
            best = credited(best, by_figures, idf)
            if way.denied and not way.said:
                figure_mismatches = [_Finding(f"claim says {min(way.denied).replace('-', ' ')}; the case's figures "
                                              f"go from {way.start.text} to {way.end.text}", best, way.end.kind)]
    # A claim that something went up or down, with no amount, is read in the rows that state it: they
    # lead the evidence, and their figures say the claim's word of change.
    trend = _trend(index, claim, [best, *others, *alternatives, *every])
    if trend is not None and trend[0].agrees:
        others = [w for w in [best, *others] if w is not trend[1]][:2]
        # ... and "compared with 2021" is what the row's two columns do.
        said_ways = way_words(claim.text) | {"compared"}
        by_figures = {s for s, w in claim.words.items() if w.lower() in said_ways and s not in trend[1].found}
        best = credited(trend[1], by_figures, idf)
    unseen = [u for u in unseen if u not in {claim.words[s] for s in by_figures}]
    windows = [best, *others]
    document = index.documents[best.passage.doc_id]
    doc_text = document.text
    selves = spoken_as_self(document.title, doc_text)
    reversal = _reversal(claim, best, doc_text)
    mismatches, rest = _mismatches(claim, best, doc_text, unseen, figure_mismatches, settings, selves, reversal,
                                   absent + elsewhere)
    if trend is not None and not trend[0].agrees:
        mismatches.insert(0, _Finding(trend[0].reason, trend[1]))
    if not unseen and (priced := free_or_priced(claim, best.text)) is not None:
        mismatches.insert(0, _Finding(priced, best))
    if (elsewhere_said := headquarters.another_office_elsewhere(claim, document.title, best.text)) is not None:
        mismatches.insert(0, _Finding(elsewhere_said, best))
    # A claim word reversed in the window is about what the window says, though not in its words.
    # What only the sentences before the window hold is what it speaks of, not what it says: it does
    # not make a differing figure of the window the claim's.
    about = best.coverage - best.context_share + (best.opposed_share if reversal else 0.0)
    # A figure that differs in a table row the claim names is about the same thing, however few of the
    # claim's other words the row holds ("Uber's goodwill shrank to roughly $6.1 billion by the end of
    # 2021" against "Goodwill | 6,109 | 8,420").
    named_row = any(m.kind in qty.AMOUNTS and _names_its_row(index.documents[m.window.passage.doc_id], claim, m.window,
                                                             settings, subject=True) for m in figure_mismatches)
    if mismatches and (about >= settings.contradict_coverage or rest >= settings.swap_coverage or named_row
                       or (trend is not None and not trend[0].agrees)):
        # The window that shows the first mismatch leads the evidence, and every reason speaks of
        # that quote: the words found in it, and the confidence its coverage gives.
        lead = mismatches[0].window
        ordered = [lead] + [w for w in windows if w is not lead]
        score = min(1.0, 0.5 + 0.5 * lead.coverage)
        held = _found(claim, lead, index.documents[lead.passage.doc_id].text, by_figures)
        return Verdict(claim.text, Label.CONTRADICTED, round(score, 3), tuple(_evidence(index, w) for w in ordered),
                       tuple(dict.fromkeys([m.reason for m in mismatches] + held)))
    found = _found(claim, best, doc_text, by_figures)
    evidence = tuple(_evidence(index, w) for w in windows)
    missing, blocking = _gaps(claim, best, doc_text, unseen, absent, selves, document.rows_in(best.start, best.end),
                              shown=shown or bool(by_figures))
    blocking += elsewhere
    if undated:
        blocking.append("a table row states " + ", ".join(undated) + ", but its columns' periods are not known")
    lacking = [missing] if missing else []
    # One everyday word the case never uses, when the evidence holds every other term of the claim and
    # reads alike ("who heads Alibaba's local life services" / "president of Alibaba local life
    # service"), is a word said otherwise, not a new fact: said so, rather than hidden.
    lone = unseen[0] if len(unseen) == 1 and blocking[1:] == [] else None
    # The claim's stems neither the evidence nor the sentences leading to it hold.
    gap_stems = [s for s in claim.terms if s not in best.found and s not in best.context]
    only_gap = [claim.words[s] for s in gap_stems] == [lone]
    if lone and only_gap and _in_verb_slot(claim.text, lone) and best.similarity >= settings.lone_word_similarity \
            and not mismatches:
        blocking = []
        lacking = [f"said in other words: the case never uses “{lone}”; every other term is in the evidence"]
    # The claim's verb, missing from the evidence and not said there in other words, is what the claim
    # says happened ("Huang Hui caught the coronavirus while delivering lunch boxes"): the evidence of
    # the rest does not support it unless it reads as alike as a lone word said otherwise must.
    verb = next((claim.words[s] for s in gap_stems if not best.said_otherwise(s)
                 and _in_verb_slot(claim.text, claim.words[s])), None)
    if verb and best.similarity < settings.lone_word_similarity and not blocking:
        blocking.append(f"the evidence does not say “{verb}”")
    # However alike the evidence reads, it does not support a claim whose verb it lacks, with no word
    # close in meaning, when it lacks another such word too ("Fliggy paid for the free hotel rooms ...
    # out of its own budget" against "Fliggy employees would contact the nearby local hotels to provide
    # free accommodations"; "reports its results as" is near "determined that it operates as").
    unsaid = [s for s in gap_stems if not best.said_nearly(s) and not acronym_in(claim.words[s], best.text)]
    told = next((claim.words[s] for s in unsaid if _claims_verb(claim.text, claim.words[s], doc_text)), None)
    if told and len(unsaid) >= 2 and not blocking:
        blocking.append(f"the evidence does not say “{told}”")
    # What a claim says will happen ("will raise the membership fee in 2023") is supported only by a
    # plan, an expectation or an intention, not by what has happened ("fee revenue increased 9%").
    # The plan must be in a sentence about the claim's thing: "it will keep adjusting menu prices" plans
    # nothing about a membership fee.
    sentences = [best.text[a:b] for a, b in window_sentences(best)]
    own = {s for s, w in claim.words.items() if not is_self(w, selves)}
    plans = [s for s in sentences if _PLANNED.search(s) or _PLAN_STATED.search(s) or _INTENDED.search(s)]
    if _PLANNED.search(claim.text) and not any(own & {t for t, _ in terms_with_words(s)} - {"will"} for s in plans):
        blocking.append("the evidence does not say it is planned")
    # ... and what has happened is not supported by a plan: "operates more than 300 stores in Canada"
    # against "We will open more than 400 stores in the U.S. in 2023", the sentence giving its figure.
    amounts = [q for q in claim.quantities if q.kind in qty.AMOUNTS]
    giving = [(s, [f.start for q in amounts for f in qty.extract(s) if qty.comparable(q, f)]) for s in sentences]
    giving = [(s, at) for s, at in giving if at]
    # The plan must come before the figure ("will open more than 400 stores"), not after it ("$6.7
    # billion, which will begin to expire in 2022").
    if amounts and not (_PLANNED.search(claim.text) or _INTENDED.search(claim.text)) and giving \
            and all((plan := _PLANNED.search(s)) and plan.start() < min(at) for s, at in giving):
        blocking.append("the evidence says it is planned, not done")
    # A claim that something went up or down is not supported by evidence that never names what did:
    # "the medical benefit ratio went up" against "These increases were partially offset by ...".
    changed = _changed_thing(claim) if not (claim.negated or amounts) else None
    if changed is not None and changed not in best.found and not best.said_otherwise(changed) \
            and not (trend is not None and trend[0].agrees) and not blocking:
        blocking.append(f"the evidence does not say what changed: “{claim.words[changed]}”")
    # A title the claim gives must be the evidence's in full: "chief financial officer" is not supported by
    # a sentence about a "chief operating officer".
    for title in TITLE_RE.finditer(claim.text):
        if title.group().isupper():  # "CFO": its words are read elsewhere (titles_in, title_mismatch)
            continue
        lacking_title = [s for s, w in claim.words.items() if w.lower() in title.group().lower().split()
                         and s not in best.found and not acronym_in(w, best.text)]
        if lacking_title and not blocking:
            blocking.append(f"the evidence does not give the title “{title.group()}”")
    stated = _stated_alike(document, claim, best, settings) or (trend is not None and trend[0].agrees)
    strong = _strong(best, settings) or bool(amounts and _strong(_with_amounts(best, claim, idf), settings))
    if (strong or stated) and not (mismatches or blocking):
        score = min(1.0, 0.5 * best.coverage + 0.5 * best.similarity)
        figures = ["figures match: " + ", ".join(q.text for q in claim.quantities)] if claim.quantities else []
        figures += [trend[0].reason] if trend is not None else []
        return Verdict(claim.text, Label.SUPPORTED, round(score, 3), evidence, tuple(found + lacking + figures))
    # Words the case never uses explain the verdict best, so they come first; then what was found,
    # what is missing, and how close the evidence is.
    never = blocking[:1] if unseen else []
    reasons = never + found + lacking + blocking[len(never):]
    reasons.append(f"closest evidence covers {best.coverage:.0%} of the claim's terms "
                   f"(similarity {best.similarity:.2f})")
    score = 1.0 - min(1.0, 0.5 * best.coverage + 0.5 * max(best.similarity, 0.0))
    return Verdict(claim.text, Label.NOT_FOUND, round(score, 3), evidence, tuple(reasons))


def check_text(index: Index, encoder: Encoder, text: str, settings: Settings, doc: str | None = None) -> list[Verdict]:
    """Check a claim or a whole essay: one verdict per sentence, questions and opinions skipped.

    Args:
        index: A loaded index.
        encoder: The index's encoder.
        text: One claim or many sentences (paragraphs separated by blank lines are fine).
        settings: Search and claim settings.
        doc: Restrict the evidence to one case.

    Returns:
        Verdicts in the order of the text; skipped sentences carry the reason.

    Raises:
        QueryError: The text is empty or not text.
    """
    if not isinstance(text, str) or not text.strip():
        raise QueryError("the claim is empty; paste a claim or an essay to check")
    scope(index, doc)  # an unknown case is an error even when no sentence is checkable
    out = []
    for sentence in split_sentences(text, settings.claims.max_claims, settings.claims.min_claim_words):
        if sentence.skip:
            out.append(Verdict(sentence.text, Label.SKIPPED, 0.0, (), (sentence.skip,), sentence.span))
        else:
            out.append(replace(check_claim(index, encoder, sentence.text, settings, doc), span=sentence.span))
    return out
