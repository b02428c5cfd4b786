"""Aligning a claim with the case: evidence windows of adjacent sentences, scored against the claim.

A window is one to three adjacent sentences of a candidate passage, scored on similarity to the
claim and on the share of the claim's content it holds (see :mod:`caseqa.claims.compare` for what
is then compared inside it, and :mod:`caseqa.claims.verdict` for the verdict).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from caseqa.claims.text import (
    BECAME_BEFORE,
    SYNONYMS,
    THE_COMPANY,
    TITLE_RE,
    Claim,
    entities,
    opposite_side,
    opposites_listed,
    other_measures,
)
from caseqa.claims.wordalign import Paraphrase, Word, align, content_words, opposites
from caseqa.config import ClaimSettings
from caseqa.index.encoder import Encoder
from caseqa.index.minibert import TokenStates
from caseqa.index.model import Index
from caseqa.language import quantities as qty
from caseqa.language.glossary import abbreviated
from caseqa.language.places import said_as_the_country
from caseqa.language.self_reference import is_self, spoken_as_self
from caseqa.language.terms import initials_in, related, terms_with_words
from caseqa.retrieve.highlight import features
from caseqa.types import Passage


@dataclass(frozen=True)
class Window:
    """Adjacent sentences of one passage, scored against the claim."""

    passage: Passage
    start: int
    end: int
    text: str
    similarity: float
    coverage: float
    found: frozenset[str]  # claim stems the window holds, in the same words or in other words
    score: float
    paraphrases: tuple[Paraphrase, ...] = ()  # the claim stems of ``found`` held in other words
    # Claim words paired with a window word less alike than a paraphrase but close in meaning
    # ("route" / "channel"): not found, but not a new thing either (ClaimSettings.near_similarity).
    near: tuple[Paraphrase, ...] = ()
    # Claim words whose opposite fills their slot here ("modest" / "largest"): a reversal, not a paraphrase.
    opposed: tuple[Paraphrase, ...] = ()
    opposed_share: float = 0.0  # of the claim's content (as ``coverage``) the opposed claim words are
    # Claim stems the window lacks but the sentences leading to it (or its section's heading) hold:
    # what the window speaks of ("10,000 people signed up" after sentences about the insurance).
    context: frozenset[str] = frozenset()
    context_share: float = 0.0  # of ``coverage``, what the context gives (support counts it; a contradiction does not)
    # Of ``context``, the stems that only what its section is about gives (see :func:`section_subject`).
    subject: frozenset[str] = frozenset()

    def said_otherwise(self, stem: str) -> Paraphrase | None:
        """The evidence word that says this claim stem in other words, if any."""
        return next((p for p in self.paraphrases if p.claim_stem == stem), None)

    def said_nearly(self, stem: str) -> Paraphrase | None:
        """The evidence word close in meaning to this claim stem, if any (a paraphrase or a near pair)."""
        return self.said_otherwise(stem) or next((p for p in self.near if p.claim_stem == stem), None)


def terms_in(stems: set[str], text_stems: set[str]) -> set[str]:
    """Claim stems found in a text, allowing a shared prefix of 5+ letters ("creat"/"creation") and a
    word of the same set in :data:`SYNONYMS` ("rose" for "increase")."""
    return {stem for stem in stems
            if stem in text_stems or SYNONYMS.get(stem, frozenset()) & text_stems
            or any(related(stem, t) for t in text_stems)}


# Actors a sentence sets apart from the one the text was speaking of: "some organizations",
# "other insurers", "many institutions".
OTHER_ACTORS = re.compile(
    r"\b(?:some|other|many|several|most|few)\s+(?:\w+\s+)?(?:organi[sz]ations|companies|firms|institutions|"
    r"insurers|platforms|businesses|retailers|competitors|rivals|players|enterprises|banks|providers)\b",
    re.IGNORECASE)

_AFTER_MODAL = re.compile(r"\b(?:would|will|could|can|may|might|must|should|shall|to|did|does|do)\s+$", re.IGNORECASE)

# A plan said as what someone would do: "Hema said it planned to take on 30,000 staff" is what "Hema
# released news that it would recruit 30,000 people" says.
_INTENT = frozenset(stem for stem, _ in terms_with_words("plan plans planned planning intend intends intended "
                                                          "intending aim aims aimed aiming"))
_FUTURE = re.compile(r"\b(?:would|will|plans?|planned|planning|intends?|intended|aims?|aimed|going to)\b",
                     re.IGNORECASE)


def intent_said(text: str) -> str | None:
    """The word that says what someone would do ("would", "will", "plans"), if the text has one."""
    found = _FUTURE.search(text)
    return found.group() if found else None


def said_as_intent(stem: str, word: str, text: str) -> str | None:
    """For a claim's plan ("planned") the window holds as a modal, the modal ("would"); else None."""
    if stem not in _INTENT or re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE):
        return None
    return intent_said(text)


# Sentences of the passage before a window whose words are what the window speaks of.
CONTEXT_SENTENCES = 2
# What a section is about: the words that recur in SUBJECT_RECURS or more of the SUBJECT_SENTENCES
# sentences of the section before a passage ("insurance", "medical staff" through a story of how
# the insurance was made, whose later sentences say "the product" and "launching online").
SUBJECT_SENTENCES = 12
SUBJECT_RECURS = 3


def section_subject(index: Index, passage: Passage) -> frozenset[str]:
    """The stems that recur in the sentences of the passage's section before it (see :data:`SUBJECT_RECURS`)."""
    cache = index.cache.setdefault("section_subject", {})
    if passage.id in cache:
        return cache[passage.id]
    lo, _ = index.doc_range(passage.doc_id)
    row = index.passage_at(passage.doc_id, passage.start)
    spans: set[tuple[int, int]] = set()
    k = row - 1 if row is not None else lo - 1
    while k >= lo and len(spans) < SUBJECT_SENTENCES:
        before = index.passages[k]
        if before.section != passage.section:
            break
        spans.update(span for span in before.sentences if span[1] <= passage.start)
        k -= 1
    text = index.documents[passage.doc_id].text
    counts: dict[str, int] = {}
    for a, b in sorted(spans)[-SUBJECT_SENTENCES:]:
        for stem in features(text[a:b]).terms:
            counts[stem] = counts.get(stem, 0) + 1
    cache[passage.id] = frozenset(stem for stem, n in counts.items() if n >= SUBJECT_RECURS)
    return cache[passage.id]

CONTRAST = re.compile(r"\s*(?:in contrast|by contrast|unlike|on the other hand|conversely|whereas)\b", re.IGNORECASE)




def score_windows(index: Index, passage: Passage, claim: Claim, sims: np.ndarray,
                  idf: dict[str, float], settings: ClaimSettings) -> list[Window]:
    """Every window of one to ``settings.max_window`` adjacent sentences of a passage, scored against the claim."""
    document = index.documents[passage.doc_id]
    text = document.text
    sentences = passage.sentences
    stems = set(claim.terms)
    # A company's own report says its name as "we": the name counts as found in every passage of it.
    selves = spoken_as_self(document.title, text)
    own = {s for s, w in claim.words.items() if is_self(w, selves)}
    # ... and so is "the company", as the report calls itself ("The company was incorporated in 1966").
    if selves and THE_COMPANY.search(claim.text):
        own |= {s for s, w in claim.words.items() if w.lower() == "company"}
    total = sum(idf[s] for s in stems) or 1.0
    sentence_stems = [features(text[a:b]).terms for a, b in sentences]
    sentence_quantities = [qty.extract(text[a:b]) for a, b in sentences] if claim.quantities else [[]] * len(sentences)
    # A sentence that sets itself against the one before ("In contrast, the health insurance fund of
    # Ant Insurance covered ...") speaks of another subject: no window joins the two, or one's
    # subject would borrow the other's deeds.
    contrasts = [bool(CONTRAST.match(text, a)) for a, _ in sentences]
    # A sentence about other actors ("there were also some organizations which ...") has its own
    # subject: no window joins it to the sentences around it, whose names it would borrow.
    others = [bool(OTHER_ACTORS.search(text, a, b)) for a, b in sentences]
    # A name the claim spells out and the window gives by its initials ("United States" / "U.S.").
    spelt_out = [(name, {s for s, w in claim.words.items() if w in name.split()})
                 for name in entities(claim.text) if len(name.split()) > 1]
    heading = features(passage.section).terms if passage.section else set()
    subject = section_subject(index, passage)
    # Names have their own rule for the sentences before a window (the verdict's lead-in), and a
    # table row's neighbours are other rows: neither is taken from the context.
    own_only = {s for s, w in claim.words.items() for name in entities(claim.text) if w in name.split()}
    # Nor is what the claim says happened: a word of change ("cut", "rose": the listed opposites) or
    # a verb after a modal or "to" ("would cut 30,000 jobs") must be the window's own.
    # ... nor the state the claim says something came to be ("became profitable").
    own_only |= {s for s, w in claim.words.items() if opposite_side(w)
                 or _AFTER_MODAL.search(before := claim.text[:max(0, claim.text.find(w))][-20:])
                 or BECAME_BEFORE.search(before)}
    rows = document.rows_in(passage.start, passage.end)
    tabular = [any(r.start < b and a < r.end for r in rows) for a, b in sentences]
    out = []
    for i in range(len(sentences)):
        # The sentences leading to the window, back to one that sets itself apart (a contrast or
        # other actors), which speaks of another subject; a window that sets itself apart has none.
        lead: set[str] = set()
        apart = contrasts[i] or others[i]
        if not apart:
            lead = set(heading)
            for k in range(i - 1, max(-1, i - 1 - CONTEXT_SENTENCES), -1):
                if contrasts[k + 1] or others[k]:
                    break
                lead |= sentence_stems[k]
        for j in range(i + 1, min(i + settings.max_window, len(sentences)) + 1):
            if any(contrasts[i + 1:j]) or (j - i > 1 and any(others[i:j])):
                break
            stems_here = set().union(*sentence_stems[i:j]) | own
            found = terms_in(stems, stems_here)
            body = text[sentences[i][0]:sentences[j - 1][1]]
            # "R&D" says "research and development", which no search or comparison reads in it.
            for spelt in abbreviated(body):
                found |= stems & features(spelt).terms
            if stems & _INTENT and intent_said(body):
                found |= stems & _INTENT
            # A country the window calls "the country" ("from all over the country" for "from around China").
            found |= {s for s, w in claim.words.items() if s in stems and said_as_the_country(w, body, text)}
            for name, name_stems in spelt_out:
                if initials_in(name, text[sentences[i][0]:sentences[j - 1][1]]):
                    found |= name_stems & stems
            context = about = frozenset()
            if found and not any(tabular[i:j]):
                context = frozenset(terms_in(stems - found - own_only, lead))
                # Only a common word: a capitalised one names something, a title ("Chief Financial
                # Officer") or a name, that the window must say itself.
                common = {st for st in stems - found - own_only - context if claim.words[st][:1].islower()}
                about = frozenset(terms_in(common, subject)) if not apart else frozenset()
                context |= about
            context_share = settings.context_weight * sum(idf[s] for s in context) / total
            coverage = sum(idf[s] for s in found) / total + context_share if stems else 0.0
            similarity = float(sims[i:j].max())
            found_q = [q for k in range(i, j) for q in sentence_quantities[k]]
            n = len(claim.quantities) or 1
            comparable = sum(any(qty.comparable(c, e) for e in found_q) for c in claim.quantities) / n
            agreeing = sum(any(qty.comparable(c, e) and qty.agree(c, e) for e in found_q)
                           for c in claim.quantities) / n
            # Figures pull the window towards the sentence that states them (agreeing ones more);
            # longer windows must earn their extra sentences with coverage or figures.
            # The context does not choose the window: it only tells what the chosen one speaks of.
            score = (similarity + settings.window_coverage * (coverage - context_share)
                     + settings.window_comparable * comparable
                     + settings.window_agreeing * agreeing - settings.window_length_cost * (j - i - 1))
            out.append(Window(passage, sentences[i][0], sentences[j - 1][1], body, similarity, coverage,
                               frozenset(found), score, context=context, context_share=context_share,
                               subject=about))
    return out


def with_paraphrases(index: Index, encoder: Encoder, claim: Claim, claim_states: TokenStates | None,
                     windows: list[Window], idf: dict[str, float], settings: ClaimSettings) -> list[Window]:
    """The best windows again, with the claim words they hold in other words counted as found.

    Token embeddings are computed for the claim and for the sentences of the best windows only
    (``settings.align_sentences`` at most, cached by the encoder), which keeps a claim's cost bounded.

    Args:
        index: The loaded index.
        encoder: Gives the evidence sentences' contextual token states.
        claim: The claim.
        claim_states: The claim's token states (None: the windows are returned as they are).
        windows: Scored windows, best first.
        idf: Rarity of the claim's stems.
        settings: ``align_layer``, ``align_similarity``, ``align_sentences``.

    Returns:
        The windows, rescored and sorted again.
    """
    if not windows or not claim.terms or claim_states is None:
        return windows
    claim_words = content_words(claim.text, claim_states)
    doc_names: dict[str, frozenset[str]] = {}
    sentence_words: dict[tuple[str, int, int], list[Word]] = {}
    total = sum(idf[s] for s in claim.terms) or 1.0
    out = []
    for window in windows:
        if len(window.found) == len(claim.terms):
            out.append(window)
            continue
        doc_text = index.documents[window.passage.doc_id].text
        spans = [(a, b) for a, b in window.passage.sentences if a >= window.start and b <= window.end]
        keys = [(window.passage.doc_id, a, b) for a, b in spans]
        if any(k not in sentence_words for k in keys) and len(sentence_words) + len(keys) > settings.align_sentences:
            out.append(window)
            continue
        for key in keys:
            if key not in sentence_words:
                _, a, b = key
                states = encoder.encode_tokens(doc_text[a:b], settings.align_layer)
                sentence_words[key] = content_words(doc_text[a:b], states, a) if states is not None else []
        if window.passage.doc_id not in doc_names:
            doc_names[window.passage.doc_id] = frozenset(
                w.lower() for name in entities(claim.text, doc_text) for w in name.split())
        evidence = [w for key in keys for w in sentence_words[key]]
        names = doc_names[window.passage.doc_id] | frozenset(
            w.lower() for name in entities(window.text, doc_text) for w in name.split())
        wanted = {s: w for s, w in claim.words.items() if s not in window.found}
        title_words = {w.lower() for m in TITLE_RE.finditer(claim.text) if not m.group().isupper()
                       for w in m.group().split()}
        # Only the claim's terms can be reversed: "close" of "close to $2 billion" is part of a figure.
        reversed_ = tuple(p for p in opposites(claim.text, claim_words, set(window.found), evidence, doc_text,
                                               settings.opposite_similarity, names) if p.claim_stem in idf)
        paired = align(claim.text, claim_words, wanted, evidence,
                       min(settings.align_similarity, settings.near_similarity), names)
        # A claim word paired with its opposite is not said in other words ("slipped" / "improved").
        reversed_words = {(p.claim_stem, p.start) for p in reversed_}
        # Nor one paired with a word the listed opposites set against it ("evening" / "morning").
        # Nor a word of a title the claim gives ("chief financial officer"): a title is compared as a
        # whole (compare.title_mismatch), and "financial" is no paraphrase of "executive".
        paired = [p for p in paired if (p.claim_stem, p.start) not in reversed_words
                  and p.claim_word.lower() not in title_words
                  and not opposites_listed(p.claim_word, p.evidence_word)
                  and not other_measures(p.claim_word, p.evidence_word, claim.text)]
        found = [p for p in paired if p.similarity >= settings.align_similarity]
        near = tuple(p for p in paired if p.similarity < settings.align_similarity)
        share = sum(idf[s] for s in {p.claim_stem for p in reversed_} if s not in window.found) / total
        if not found:
            out.append(replace(window, near=near, opposed=reversed_, opposed_share=share))
            continue
        # A word of the context said in the window in other words is the window's own (counted once).
        moved = sum(settings.context_weight * idf[s] for s in {p.claim_stem for p in found} & window.context) / total
        gained = sum(idf[p.claim_stem] for p in found) / total - moved
        out.append(replace(window, coverage=window.coverage + gained,
                           found=window.found | {p.claim_stem for p in found},
                           context=window.context - {p.claim_stem for p in found},
                           subject=window.subject - {p.claim_stem for p in found},
                           context_share=window.context_share - moved,
                           score=window.score + settings.window_coverage * (gained + moved), paraphrases=tuple(found),
                           near=near, opposed=reversed_, opposed_share=share))
    out.sort(key=lambda w: (-w.score, w.passage.doc_id, w.start))
    return out


def credited(window: Window, stems: set[str], idf: dict[str, float]) -> Window:
    """The window with claim stems it says by other means than words (a change its figures show)
    counted as found, its coverage raised by their share of the claim."""
    total = sum(idf.values()) or 1.0
    gained = sum(idf.get(s, 0.0) for s in stems - window.found) / total
    return replace(window, coverage=min(1.0, window.coverage + gained), found=window.found | stems)
