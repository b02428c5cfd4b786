"""Whether the case answers a question at all, and what to tell the person who asked when it does not.

Decided from evidence, by the answer model's second half (``caseqa/models/answer_model.md``): how
likely the best sentences of the hits are to answer, how close they are, whether any hit offers
the kind of answer asked for (a figure, a date, a name), and whether the question names things the
searched cases never mention. Below :attr:`caseqa.config.WeakMatchSettings.answerable`, or when
no sentence is close at all (a question the model was never shown the like of), or when the
question asks for a figure that none of the sentences likeliest to answer gives
(:func:`figure_unsaid`), the hits are shown as the closest text, without highlights,
under a notice that names what is missing. A statement row the question names, or the report's own
statement of what it asks (its head office, who holds an office), answers it whatever its words.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from caseqa.claims.compare import same_title
from caseqa.claims.text import titles_in
from caseqa.config import WeakMatchSettings
from caseqa.index.model import Index
from caseqa.ingest import tables
from caseqa.language.answer_type import (
    ASKING_WORDS,
    AnswerType,
    FigureAsked,
    figure_asked,
    gives_figure,
    question_names,
)
from caseqa.language.glossary import LINE_ITEMS
from caseqa.language.places import COUNTRIES, country_of_adjective, said_as_the_country
from caseqa.language.quantities import MONTH_WORDS
from caseqa.language.self_reference import is_self, spoken_as_self
from caseqa.language.terms import acronym_in, related, terms_with_words, without_possessive
from caseqa.models import answer_model
from caseqa.retrieve.highlight import whole_sentence
from caseqa.retrieve.search import FIGURE_WORDS, Reading
from caseqa.retrieve.signals import (
    PERIOD_WORD,
    QUESTION_SIGNALS,
    Unseen,
    question_signals,
    scope_vocabulary,
    unseen,
)
from caseqa.types import WeakMatch

_TYPE_ABSENT = QUESTION_SIGNALS.index("type_absent")
# Words of a question's period, not names of what it asks about: "Q4", "FY2021", "December".
_MONTHS = frozenset(w for w in MONTH_WORDS if len(w) > 3)
_SIM_BEST = QUESTION_SIGNALS.index("sim_best")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
# Words that place a figure in its period, not what it is of.
_PERIOD_TALK = frozenset("year years fiscal quarter quarters month months end ended period annual annually first "
                         "second third fourth full".split())
_REPORTED = re.compile(r"\bfiscal\s+((?:19|20)\d\d)\b", re.IGNORECASE)  # a filing's title: "Form 10-K, fiscal 2022"


def _listed(words: tuple[str, ...]) -> str:
    quoted = [f"“{w}”" for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _what_is_missing(kind: AnswerType, missing: Unseen, type_absent: bool, far: bool, where: str) -> str:
    """The evidence, in words: the names or words the case never uses, or the kind of answer no passage gives."""
    if far:
        return "no passage is close to the question" + (
            f" ({where} never uses {_listed(missing.names + missing.words)})" if missing.names or missing.words else "")
    if missing.names:
        return f"{where} never mentions {_listed(missing.names)}"
    if type_absent:
        return f"no passage close to the question gives {kind.label}"
    if missing.words:
        return f"{where} never uses the word{'s' if len(missing.words) > 1 else ''} {_listed(missing.words)}"
    return "no sentence close to the question answers it"


def answerable(index: Index, reading: Reading) -> tuple[float, np.ndarray, Unseen]:
    """The answer model's probability that the hits answer the question, with the signals it read."""
    vocabulary = scope_vocabulary(index, [reading.doc_id] if reading.doc_id else [])
    missing = _spelt_out(index, reading, unseen(reading.question, vocabulary))
    x = question_signals(reading.question, reading.signals, reading.probabilities, missing)
    return float(answer_model().answerable.probability(x[None, :])[0]), x, missing


def _spelt_out(index: Index, reading: Reading, missing: Unseen) -> Unseen:
    """What the question names that the cases never use, but an acronym a document it reads spells out
    ("AWS" where the 10-K writes "Amazon Web Services") is named there."""
    acronyms = [n for n in missing.names if n.isupper()]
    if not acronyms:
        return missing
    docs = {reading.doc_id} if reading.doc_id else {p.doc_id for p in reading.passages}
    texts = [index.documents[d].text for d in docs if d in index.documents]
    spelt = {n for n in acronyms if any(acronym_in(n, text) for text in texts)}
    return replace(missing, names=tuple(n for n in missing.names if n not in spelt)) if spelt else missing


def figure_unsaid(index: Index, reading: Reading, sentences: int) -> FigureAsked | None:
    """The figure the question asks for when none of the ``sentences`` sentences likeliest to
    answer (by the sentence model, across the hits read) gives it, else None. A figure of another
    kind (a count for "what share") or one counting something else ("200 deliverymen" for "how
    many masks") is not the figure asked for (:func:`caseqa.language.answer_type.gives_figure`)."""
    question = reading.question
    wanted = figure_asked(question.text)
    if wanted is None or sentences <= 0:
        return None
    ranked = sorted(((float(p), passage, i) for passage, ps in zip(reading.passages, reading.probabilities)
                     for i, p in enumerate(ps)), key=lambda pps: -pps[0])[:sentences]
    # The top hit's likeliest sentence is read too: a hit moved up for the figure it gives
    # (:func:`caseqa.retrieve.search.read`) is first for that figure.
    if reading.passages and len(reading.probabilities[0]):
        ranked.append((0.0, reading.passages[0], int(np.argmax(reading.probabilities[0]))))
        # ... and the rows of its table the question names by a word of their label ("Cash and cash
        # equivalents | $ 36,220 | $ 53,888" for "How much cash and cash equivalents did Amazon have",
        # "Advertising services (5) | ... | 37,739" for "What revenue did its advertising business
        # generate"): a row shares few words with the question, and the sentence model reads it poorly.
        top = reading.passages[0]
        text = index.documents[top.doc_id].text
        asked = {s for s, w in terms_with_words(question.text) if not w[:1].isupper()}
        ranked += [(0.0, top, i) for i, (a, b) in enumerate(top.sentences)
                   if " | " in text[a:b] and asked & {s for s, _ in terms_with_words(text[a:b].split(" | ")[0])}]
    if not ranked:
        return None
    # The figure must be said of what the question names ("How much did Jack Ma personally donate?" is
    # not answered by Alibaba's RMB 1 billion fund): each name in the sentence, before it in its
    # passage, or in its section's heading (a table's title names what its rows count).
    names = {n for n in question_names(question.text) if n not in _MONTHS and not PERIOD_WORD.match(n)}
    asked_years = {int(y) for y in _YEAR.findall(question.text)}
    asked_countries = [c for c in COUNTRIES if " " in c
                       and re.search(rf"\b{re.escape(c)}\b", question.text, re.IGNORECASE)]
    # An amount of money is said of what the question asks it of ("How much did CVS spend on research and
    # development?" is not answered by "Experience-rated products | $ 744"): a word of it, or another word
    # for the same line item, in the sentence, before it in its passage, or in its section's heading.
    topic = _money_topic(question.text) if wanted.money else frozenset()
    if reading.passages:
        first = index.documents[reading.passages[0].doc_id]
        topic = frozenset(t for t in topic if not is_self(t, spoken_as_self(first.title, first.text)))
    later_asked = ""
    for _, passage, i in ranked:
        document = index.documents[passage.doc_id]
        # A long sentence is indexed in pieces at its clauses ("838 warehouses worldwide: 578 in the
        # U.S. ... Washington, D.C.," / "and Puerto Rico, ... 29 in the United Kingdom"): read it whole.
        start, end = whole_sentence(document.text, passage.sentences, i)
        context = f"{passage.section or ''} {document.text[passage.start:end]}"
        lowered = context.lower()
        # A year after the report's own ("revenue forecast for fiscal 2024" of a fiscal 2023 10-K) is
        # a forecast: only a sentence that names that year gives it, not the year's actual rows.
        reported = _REPORTED.search(document.title)
        later = sorted(y for y in asked_years if reported and y > int(reported.group(1)))
        if later and not any(str(y) in context for y in later):
            later_asked = later_asked or str(later[0])
            continue
        # A report that says "we" names itself without its name ("we had 4,453 employees"), whatever its
        # legal or web form ("Amazon" of "AMAZON.COM, Inc.").
        selves = spoken_as_self(document.title, document.text)
        own = {n for n in names if is_self(n, selves)}
        # A table row counts what its table's title or its column says ("Canada | 50,000" under "Number of
        # Employees", "Bellagio | 3,933" under "Number of Guestrooms and Suites").
        titles = " ".join(dict.fromkeys(t for r in document.rows_in(start, end) for t in (r.title, *r.columns) if t))
        # The report's home country said as such ("employees domestically" for "in the United States").
        home = {w for country in asked_countries if said_as_the_country(country, context, document.text)
                for w in country.split()}
        if topic and not _speaks_of(topic, f"{context} {titles}", selves):
            continue
        # A table's bare figures are money only in a table of money ("Albert Bourla | 60 | Chairman ..."
        # of the officers' list gives no pay).
        in_rows = document.rows_in(start, end)
        if wanted.money and in_rows and not any(tables.states_money(r, document.money_titles)
                                                for r in in_rows) and "$" not in document.text[start:end]:
            continue
        if gives_figure(wanted, f"{document.text[start:end]} {titles}", question.text) \
                and all(_named(name, lowered) or _said_short_or_long(name, question.text, context)
                        for name in names - own - home):
            return None
    return replace(wanted, period=later_asked) if later_asked else wanted


def _money_topic(question: str) -> frozenset[str]:
    """The stems of what a question asks an amount of money of: its content words ("Adjusted EBITDA",
    "research"), less its first word, those that ask for a figure or say how much of it ("spend",
    "money", "total", "overall": ASKING_WORDS, FIGURE_WORDS), its period ("full year") and its
    figures. The report's own name is left out where the context is read (:func:`_speaks_of`)."""
    words = terms_with_words(question)
    first = question.split()[0] if question.split() else ""
    return frozenset(s for s, w in words if not w[:1].isdigit() and not first.startswith(w)
                     and s not in ASKING_WORDS and s not in FIGURE_WORDS and not PERIOD_WORD.match(w)
                     and w.lower() not in MONTH_WORDS and w.lower() not in _PERIOD_TALK)


def _speaks_of(topic: frozenset[str], context: str, selves: frozenset[str]) -> bool:
    """Does the context hold a word of the topic, of its family, or another word for its line item?"""
    said = {s for s, w in terms_with_words(context) if not is_self(w, selves)}
    return any(related(t, s) or any(t in group and s in group for group in LINE_ITEMS) for t in topic for s in said)


# A question asking who holds an office ("Who was Alibaba's chief executive?"), not who did something.
_WHO = re.compile(r"\W*(?:who|whom|whose)\b", re.IGNORECASE)
_OFFICE = re.compile(r"\b(?:chief|ceo|cfo|coo|cto|president|chair|chairman|chairwoman|founder|co-founder)\b",
                     re.IGNORECASE)


def title_unsaid(index: Index, reading: Reading) -> str | None:
    """For a question asking who holds an office ("Who was Alibaba's chief executive?", "Who is the
    CEO?"), the office it names that no document it searches uses, spelt out or by its initials; None
    when each is used somewhere, or the question asks no such thing."""
    if not _WHO.match(reading.question.text):
        return None
    asked = [t for t in titles_in(reading.question.text) if _OFFICE.search(t)]
    if not asked:
        return None
    docs = [reading.doc_id] if reading.doc_id else list(index.documents)
    cache = index.cache.setdefault("titles_said", {})
    said: set[str] = set()
    for doc_id in docs:
        if doc_id not in cache:
            cache[doc_id] = frozenset(t.lower() for t in titles_in(index.documents[doc_id].text))
        said |= cache[doc_id]
    return next((t for t in asked if not any(same_title(t, x) for x in said)), None)


def _named(name: str, lowered: str) -> bool:
    """Is the question's name (lower case) in the lower-cased context, a compound part by part
    ("covid-related" in "covid-19 related resources"), or a country's adjective by the country
    ("Russian business" in "the sale of the Company's business in Russia")?"""
    country = country_of_adjective(name.title())
    return name in lowered or ("-" in name and all(part in lowered for part in name.split("-") if len(part) > 2)) \
        or (country is not None and re.search(rf"\b{re.escape(country)}\b", lowered) is not None)


_NAME_RUN = re.compile(r"[A-Z][\w&.'’-]*(?:\s+(?:of\s+|and\s+|for\s+|&\s+)?[A-Z][\w&.'’-]*)*")


def _said_short_or_long(name: str, question: str, context: str) -> bool:
    """Does the context name what the question names, by its acronym ("AWS" for "Amazon Web Services";
    three letters at least: "AI" is no "Ant Insurance") or spelt out ("Chief Executive Officer" for "CEO")?"""
    for run in _NAME_RUN.findall(question):
        words = run.split()
        here = [w for w in words if without_possessive(w.lower()) == name]
        if not here:
            continue
        if any(w.isupper() and acronym_in(w, context) for w in here):
            return True
        initials = "".join(w[0] for w in words if w.lower() not in ("of", "and", "for", "&"))
        if len(initials) >= 3 and re.search(rf"\b{re.escape(initials)}\b", context):
            return True
    return False


def weak_match(index: Index, reading: Reading, settings: WeakMatchSettings) -> WeakMatch | None:
    """A notice when the case does not seem to answer the question, or None when the hits may.

    Args:
        index: The index searched.
        reading: The question's hits with their sentence signals (:func:`caseqa.retrieve.search.read`).
        settings: The answerability threshold.

    Returns:
        The notice (its ``shown`` drops every highlight), or None.
    """
    if not reading.hits or reading.stated:
        return None
    probability, x, missing = answerable(index, reading)
    far = bool(x[_SIM_BEST] < settings.sentence)
    where = "the case" if reading.doc_id or len(index.documents) == 1 else "the cases"
    # A title the question asks about ("Who was Alibaba's chief executive during the outbreak?") that no
    # document searched ever uses, spelt out or by its initials: no one there holds it.
    untitled = title_unsaid(index, reading)
    if untitled is not None:
        return WeakMatch(f"The case does not seem to say: {where} never names a {untitled}. The closest passages "
                         "are shown below, without highlights.", missing.names + missing.words)
    unsaid = figure_unsaid(index, reading, settings.kind_sentences)
    if probability >= settings.answerable and not far and unsaid is None:
        return None
    if unsaid is not None and probability >= settings.answerable and not far:  # only the figure check found it wanting
        reason = f"the sentences closest to answering give no {re.sub(r'^an? ', '', unsaid.label)}"
    else:
        reason = _what_is_missing(reading.question.kind, missing, bool(x[_TYPE_ABSENT]), far, where)
    return WeakMatch(f"The case does not seem to say: {reason}. The closest passages are shown below, "
                     "without highlights.", missing.names + missing.words)
