"""Word-level alignment of a claim with evidence sentences over MiniLM's contextual token embeddings.

Greedy matching as in BERTScore (Zhang et al., 2020): each content word of the claim is paired with
the evidence word whose contextual vector is the most similar (cosine of the mean of its word
pieces' states at one layer). A pair counts as the same thing said in other words when it reaches
``ClaimSettings.align_similarity`` ("workers" / "employees", "firms" / "companies", "raised" /
"increase"). Names and figures are never matched this way: a name is the same name or another one,
and figures are compared as quantities. Opposites are still found by :mod:`caseqa.claims.compare`
after the words have been paired ("raised" pairs with "increase", and the case's "nor would they
increase" then contradicts by negation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from caseqa.claims.antonyms import next_word, opposed
from caseqa.index.minibert import TokenStates
from caseqa.language.terms import STOPWORDS, related, stem

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)  # the words terms_with_words stems ("staff-sharing": two)


@dataclass(frozen=True)
class Word:
    """A content word of a text with its contextual vector."""

    text: str
    start: int
    end: int
    stem: str
    vector: np.ndarray


@dataclass(frozen=True)
class Paraphrase:
    """A claim word paired with an evidence word that says the same thing in other words.

    ``start``/``end`` are the evidence word's offsets in the document.
    """

    claim_word: str
    claim_stem: str
    evidence_word: str
    start: int
    end: int
    similarity: float


def content_words(text: str, states: TokenStates, offset: int = 0) -> list[Word]:
    """The content words of a text (no stop words, no numbers), each with the mean of its pieces' states.

    Args:
        text: The text the states were computed on.
        states: Its token states.
        offset: Added to the words' offsets (the text's start in its document).
    """
    out = []
    pieces = states.spans
    at = 0
    for match in _WORD.finditer(text):
        low = match.group().lower()
        if low in STOPWORDS or len(low) < 2 or (match.start() and text[match.start() - 1].isdigit()):
            continue  # a stop word, a letter, or the end of a figure ("1st", "5am")
        while at < len(pieces) and pieces[at][1] <= match.start():
            at += 1
        rows = []
        k = at
        while k < len(pieces) and pieces[k][0] < match.end():
            if pieces[k][1] > pieces[k][0]:
                rows.append(k)
            k += 1
        if not rows:  # beyond the model's truncation
            break
        vector = states.vectors[rows].mean(0)
        vector = vector / max(float(np.linalg.norm(vector)), 1e-12)
        out.append(Word(match.group(), match.start() + offset, match.end() + offset, stem(low), vector))
    return out


def align(claim_text: str, claim_words: list[Word], wanted: dict[str, str], evidence: list[Word],
          threshold: float, names: frozenset[str]) -> list[Paraphrase]:
    """Pair each wanted claim word with its most similar evidence word, where similar enough.

    Args:
        claim_text: The claim.
        claim_words: The claim's content words with vectors.
        wanted: Claim stems still to be found -> the word as written (Claim.words).
        evidence: The evidence's content words with vectors.
        threshold: The least cosine similarity of a pair.
        names: Lower-cased words of names (claim's and evidence's): never paired with another word.

    Returns:
        One pairing per claim stem that found a partner, best first per stem.
    """
    if not evidence:
        return []
    pool = [w for w in evidence if w.text.lower() not in names]
    if not pool:
        return []
    matrix = np.stack([w.vector for w in pool])
    out = []
    for i, word in enumerate(claim_words):
        if word.stem not in wanted or word.text.lower() in names:
            continue
        # The word alone, or with a word next to it that the evidence lacks too: two words may say
        # what one says ("phone lines" / "hotlines").
        # Not a plural noun and the verb after it ("workers stayed"): a subject and its predicate are
        # two things ("first incorporated" stays a phrase).
        neighbours = [other for other in claim_words[max(i - 1, 0):i + 2]
                      if other is not word and other.stem in wanted and _adjacent(word, other, claim_text)
                      and not _subject_and_verb(word, other)]
        sims = matrix @ np.stack([word.vector] + [_phrase(word, other) for other in neighbours]).T
        # A phrase may not pair with its other word's own stem ("gather requests" with "requests").
        for column, other in enumerate(neighbours, start=1):
            sims[[k for k, w in enumerate(pool) if w.stem == other.stem], column] = -1.0
        # Nor a word with another degree of itself: "the largest" is not "a large" one.
        sims[[k for k, w in enumerate(pool) if other_degree(word.text, w.text)], :] = -1.0
        row, column = np.unravel_index(int(np.argmax(sims)), sims.shape)
        if float(sims[row, column]) >= threshold:
            partner = pool[row]
            out.append(Paraphrase(word.text, word.stem, partner.text, partner.start, partner.end,
                                  round(float(sims[row, column]), 3)))
    return out


def _degrees(word: str) -> set[str]:
    """The comparative and superlative of an adjective, as English spells them (large: larger,
    largest; big: bigger, biggest; early: earlier, earliest)."""
    stems = {word, word[:-1] + "i" if word.endswith("y") else word, word + word[-1]}
    return {s + end for s in stems for end in ("er", "est")} | {word + "r", word + "st"}


def other_degree(a: str, b: str) -> bool:
    """Is one word the other's comparative or superlative ("largest" / "large"), or the other's
    other degree ("larger" / "largest")?"""
    a, b = a.lower(), b.lower()
    if a == b:
        return False
    base_a = {w for w in (a[:-1], a[:-2], a[:-3], a[:-4], a[:-2] + "y", a[:-3] + "y") if len(w) >= 2}
    return b in _degrees(a) or a in _degrees(b) or any(a in _degrees(x) and b in _degrees(x) for x in base_a)


def opposites(claim_text: str, claim_words: list[Word], said: set[str], evidence: list[Word], doc_text: str,
              threshold: float, names: frozenset[str]) -> list[Paraphrase]:
    """Claim words whose opposite (:func:`caseqa.claims.antonyms.opposed`) fills their slot in the evidence.

    An opposite counts only where the two words are alike in context (``threshold``): "modest" in
    "the fund was modest" and "largest" in "the fund was the largest amount" both say how big the fund
    was. A claim word the evidence also uses, or an evidence word the claim also uses, opposes nothing.

    Args:
        claim_text: The claim.
        claim_words: Its content words with vectors.
        said: Claim stems the evidence holds in the same words: they are not reversed.
        evidence: The evidence's content words with vectors (offsets in ``doc_text``).
        doc_text: The evidence's document, to read the word after each evidence word.
        threshold: The least cosine similarity of an opposite pair.
        names: Lower-cased words of names: never opposites.

    Returns:
        At most one pair per claim word, the most alike.
    """
    if not evidence:
        return []
    evidence_texts = {w.text.lower() for w in evidence}
    claim_texts = {w.text.lower() for w in claim_words}
    usable = [k for k, w in enumerate(evidence) if w.text.lower() not in names and w.text.lower() not in claim_texts]
    matrix = np.stack([w.vector for w in evidence])
    out = []
    for i, word in enumerate(claim_words):
        low = word.text.lower()
        if word.stem in said or low in names or low in evidence_texts:
            continue
        sims = matrix @ word.vector
        around = _around(claim_words, i)
        following = next_word(claim_text, word.end)
        for k in sorted((k for k in usable if sims[k] >= threshold), key=lambda k: -sims[k]):
            other = evidence[k]
            # The same slot: a word next to each is the same word ("the fund was modest" / "fund
            # which was the largest"), so both say something of one thing.
            if any(related(a, b) for a in around for b in _around(evidence, k)) and \
                    opposed(word.text, other.text, following, next_word(doc_text, other.end)):
                out.append(Paraphrase(word.text, word.stem, other.text, other.start, other.end,
                                      round(float(sims[k]), 3)))
                break
    return out


# Content words either side of a word that place it in its slot.
SLOT_WORDS = 2


def _around(words: list[Word], i: int) -> set[str]:
    """The stems of up to ``SLOT_WORDS`` content words either side of ``words[i]``."""
    return {w.stem for w in words[max(0, i - SLOT_WORDS):i] + words[i + 1:i + 1 + SLOT_WORDS]}


# A word in the past tense ("stayed", "shipped"): after a plural noun, its predicate.
_PAST = re.compile(r"[^e]ed$", re.IGNORECASE)


def _subject_and_verb(a: Word, b: Word) -> bool:
    """Are two adjacent claim words a plural noun and the verb in the past tense after it ("workers stayed")?"""
    first, second = (a, b) if a.start < b.start else (b, a)
    return first.text.lower().endswith("s") and not first.text.lower().endswith("ss") \
        and _PAST.search(second.text) is not None


def _phrase(a: Word, b: Word) -> np.ndarray:
    vector = a.vector + b.vector
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def _adjacent(a: Word, b: Word, text: str) -> bool:
    """Are two words of a text next to each other (only spaces or a hyphen between)?"""
    first, second = (a, b) if a.start < b.start else (b, a)
    return text[first.end:second.start].strip(" -") == ""
