"""Claim checking: align a claim to the case's evidence, compare like with like, give a verdict.

No NLI model is available offline, so a verdict is built from parts a person can check:

* **alignment** — hybrid search finds candidate passages; inside them, windows of one to three
  adjacent sentences are scored on embedding similarity to the claim and on the share of the
  claim's content terms (weighted by rarity) that they contain;
* **comparison** — quantities (counts, money, percentages, durations, dates, years), negation,
  named entities and people's titles in the claim are compared with the same kind of thing in the
  aligned evidence (see :mod:`caseqa.quantities`);
* **verdict** — a mismatch on an aligned topic is *contradicted*; strong alignment with every
  figure confirmed is *supported*; anything else, including a claim about something the case
  never mentions, is *not_found*. Supported is the last resort, never the default: calling an
  unfounded claim supported is the error instructors can least afford.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from . import quantities as qty
from .claims_text import (
    SYNONYMS,
    Claim,
    clause_spans,
    direction_swap,
    entities,
    negated,
    opposite_words,
    other_filler,
    slot,
    split_compound,
    split_sentences,
    title_near,
)
from .config import Settings
from .encoder import Encoder
from .errors import QueryError
from .highlight import features
from .index import Index
from .lexical import tokenize
from .passages import span_citation
from .search import candidates, clean_question, resolve_doc
from .types import Evidence, Passage, Verdict

SUPPORTED, CONTRADICTED, NOT_FOUND, SKIPPED = "supported", "contradicted", "not_found", "skipped"

# Thresholds, set on the dev claims and on our own test claims (tests/test_claims.py), and why:
# - A claim is supported only if the aligned evidence holds most of its content, weighted by
#   rarity (coverage), and reads alike (similarity). Paraphrase costs coverage ("set up" vs
#   "dedicated"), so 0.6 leaves room for it while a claim missing its key term ("drones") falls
#   well below.
SUPPORT_COVERAGE = 0.6
SUPPORT_SIMILARITY = 0.45
# - ... and the two together must be strong: full coverage can make up for a sentence that
#   reads differently ("It had its own cold storage" for "WanDunTong had its own cold storage"),
#   high similarity for a paraphrased word, but not both weak at once.
SUPPORT_COMBINED = 0.65
# - A mismatch only contradicts when the evidence is about the same thing: enough of the claim's
#   other terms are there. Below this, a differing number is more likely another event.
CONTRADICT_COVERAGE = 0.45
# - A claim word the case never uses is a new thing the case does not mention ("drones",
#   "helicopter", "Italy") unless it is a verb form ("published" where the case says "issued",
#   "carrying" for "loaded") that the evidence paraphrases: dropping it from the claim must not
#   make the claim read more like the evidence. On our claims paraphrased verbs moved similarity
#   by under 0.03, unsupported words by 0.06 or more.
UNSEEN_WORD_DELTA = 0.05
_VERB_FORM = re.compile(r"[a-z]{3,}(?:ed|ing)$", re.IGNORECASE)
# - An entity swap ("Hema set up 400 hotlines" when the case says Cainiao) needs the rest of the
#   claim to be nearly all there, since names have no units to compare.
SWAP_COVERAGE = 0.75
CANDIDATE_PASSAGES = 5
MAX_WINDOW = 3


@dataclass(frozen=True)
class _Window:
    """Adjacent sentences of one passage, scored against the claim."""

    passage: Passage
    start: int
    end: int
    text: str
    similarity: float
    coverage: float
    found: frozenset[str]
    score: float


def _terms_in(stems: set[str], text_stems: set[str]) -> set[str]:
    """Claim stems found in a text, allowing a shared prefix of 5+ letters ("creat"/"creation") and a
    word of the same set in :data:`SYNONYMS` ("rose" for "increase")."""
    found = set()
    for stem in stems:
        if stem in text_stems or SYNONYMS.get(stem, frozenset()) & text_stems or (len(stem) >= 5 and any(
                t.startswith(stem) or (len(t) >= 5 and stem.startswith(t)) for t in text_stems)):
            found.add(stem)
    return found


def _windows(index: Index, passage: Passage, claim: Claim, sims: np.ndarray, idf: dict[str, float]) -> list[_Window]:
    text = index.documents[passage.doc_id].text
    sentences = passage.sentences
    stems = set(claim.terms)
    total = sum(idf[s] for s in stems) or 1.0
    sentence_stems = [features(text[a:b]).terms for a, b in sentences]
    sentence_quantities = [qty.extract(text[a:b]) for a, b in sentences] if claim.quantities else [[]] * len(sentences)
    out = []
    for i in range(len(sentences)):
        for j in range(i + 1, min(i + MAX_WINDOW, len(sentences)) + 1):
            stems_here = set().union(*sentence_stems[i:j])
            found = _terms_in(stems, stems_here)
            coverage = sum(idf[s] for s in found) / total if stems else 0.0
            similarity = float(sims[i:j].max())
            body = text[sentences[i][0]:sentences[j - 1][1]]
            found_q = [q for k in range(i, j) for q in sentence_quantities[k]]
            n = len(claim.quantities) or 1
            comparable = sum(any(qty.comparable(c, e) for e in found_q) for c in claim.quantities) / n
            agreeing = sum(any(qty.comparable(c, e) and qty.agree(c, e) for e in found_q)
                           for c in claim.quantities) / n
            # Figures pull the window towards the sentence that states them (agreeing ones more);
            # longer windows must earn their extra sentences with coverage or figures.
            score = similarity + 0.5 * coverage + 0.1 * comparable + 0.15 * agreeing - 0.06 * (j - i - 1)
            out.append(_Window(passage, sentences[i][0], sentences[j - 1][1], body, similarity, coverage,
                               frozenset(found), score))
    return out


def _compare_quantity(claim_q: qty.Quantity, claim: Claim, window: _Window) -> tuple[str, qty.Quantity | None]:
    """'match', 'mismatch' (with the case's figure) or 'absent' for one figure of the claim."""
    clauses = []
    for a, b in clause_spans(window.text):
        # Offsets made relative to the window, so that figures of neighbouring clauses can be related.
        found = [replace(q, start=q.start + a, end=q.end + a)
                 for q in qty.extract(window.text[a:b]) if qty.comparable(claim_q, q)]
        if claim_q.kind == "ordinal":  # "the third day" is compared with another day, not "the first team"
            found = [q for q in found if claim_q.noun is None or q.noun is None or _same_word(claim_q.noun, q.noun)]
        if found:
            overlap = len(_terms_in(set(claim.terms), set(tokenize(window.text[a:b]))))
            clauses.append((overlap, found))
    if not clauses:
        return "absent", None
    if claim_q.kind in ("count", "money", "percent", "multiplier"):
        # The counted thing fixes the role: "100,000 people" pairs with people, not with hotlines.
        same_noun = [q for _, qs in clauses for q in qs
                     if claim_q.noun is None or q.noun is None or _same_word(claim_q.noun, q.noun)]
        pool = same_noun or ([q for _, qs in clauses for q in qs] if claim_q.noun is None else [])
        if not pool:
            return "absent", None
        if any(qty.agree(claim_q, q) for q in pool):
            return "match", None
        return "mismatch", pool[0]
    # Dates, years, times, durations and ranks have no noun: the clause that talks about the same
    # thing as the claim fixes the role ("the creation of Alipay ... in 2004").
    best = max(overlap for overlap, _ in clauses)
    top = [q for overlap, qs in clauses if overlap == best for q in qs]
    if claim_q.kind == "ordinal":  # "second and third-tier cities": a list of ranks spans clauses
        ranks = [q for _, qs in clauses for q in qs]
        top += [q for q in ranks if any(abs(q.start - t.end) < 8 or abs(t.start - q.end) < 8 for t in top)]
    if any(qty.agree(claim_q, q) for q in top):
        return "match", None
    return "mismatch", top[0]


def _same_word(a: str, b: str) -> bool:
    """Do two counted-noun phrases share a word ("Ant Financial people" / "people")?"""
    return bool(_terms_in(set(tokenize(a)), set(tokenize(b))) or _terms_in(set(tokenize(b)), set(tokenize(a))))


def _negated_where_aligned(claim: Claim, text: str) -> bool:
    """Negation in the clauses of the evidence that share the most terms with the claim."""
    scored = [(len(_terms_in(set(claim.terms), set(tokenize(text[a:b])))), a, b) for a, b in clause_spans(text)]
    best = max(s for s, _, _ in scored)
    return any(negated(text[a:b]) for s, a, b in scored if s == best)


def _entity_swap(claim: Claim, window: _Window, passage_text: str, doc_text: str) -> tuple[str, str] | None:
    """A name in the claim that the passage lacks, where the evidence names someone else instead.

    The other name is taken from the evidence clause that shares most terms with the claim.
    """
    missing = [e for e in entities(claim.text, doc_text) if e.lower() not in passage_text.lower()]
    if len(missing) != 1:
        return None
    # The other name must fill the same slot ("in Shanghai" is not swapped for "with Cainiao").
    wanted = slot(claim.text, missing[0])
    best: tuple[int, str] | None = None
    for a, b in clause_spans(window.text):
        clause = window.text[a:b]
        others = [e for e in entities(clause, doc_text)
                  if e.lower() not in claim.text.lower() and slot(window.text, e) == wanted]
        if others:
            overlap = len(_terms_in(set(claim.terms), set(tokenize(clause))))
            if best is None or overlap > best[0]:
                best = (overlap, others[0])
    return (missing[0], best[1]) if best else None


def _title_mismatch(claim: Claim, window: _Window, doc_text: str) -> str | None:
    """The claim gives a person another title than the evidence does, or gives the title to another person.

    "Wang Lei is the CEO of ..." against "Wang Lei, president of ..."; "Ban He is the president of
    ..." against "Wang Lei, president of ...".
    """
    for name in entities(claim.text, doc_text):
        said = title_near(claim.text, name)
        if not said:
            continue
        found = title_near(window.text, name) if name.lower() in window.text.lower() else None
        if found and found.lower() != said.lower():
            return f"claim says {name} is {said}; the case says {found}"
        if found is None:
            holders = [other for other in entities(window.text, doc_text) if other.lower() != name.lower()
                       and (title_near(window.text, other) or "").lower() == said.lower()]
            if holders:
                return f"claim says {name} is {said}; the case says {holders[0]} is {said}"
    return None


def _evidence(index: Index, window: _Window) -> Evidence:
    p = window.passage
    cited = span_citation(index.documents[p.doc_id], p, (window.start, window.end))
    return Evidence(p.doc_id, window.start, window.end, cited, window.text, p.start, p.end, round(window.score, 4))


def check_claim(index: Index, encoder: Encoder, claim_text: str, settings: Settings, doc: str | None = None) -> Verdict:
    """Check one claim; a compound claim ("X did A, and Y did B") is checked part by part.

    Args:
        index: A loaded index.
        encoder: The index's encoder.
        claim_text: One sentence.
        settings: Search settings.
        doc: Restrict the evidence to one case.

    Returns:
        The verdict with evidence (best first) and reasons. For a compound claim, a contradicted
        part makes the whole contradicted, and it is supported only if every part is.

    Raises:
        QueryError: The claim is empty or not text.
    """
    if not isinstance(claim_text, str) or not claim_text.strip():
        raise QueryError("the claim is empty; paste a claim or an essay to check")
    parts = split_compound(claim_text.strip())
    if len(parts) == 1:
        return _check_simple(index, encoder, parts[0], settings, doc)
    verdicts = [_check_simple(index, encoder, part, settings, doc) for part in parts]
    for label in (CONTRADICTED, NOT_FOUND):
        worst = [(part, v) for part, v in zip(parts, verdicts) if v.label == label]
        if worst:
            part, v = worst[0]
            reasons = (f"part “{part}”: {v.reasons[0]}" if v.reasons else f"part “{part}”", *v.reasons[1:])
            evidence = tuple(e for x in verdicts for e in x.evidence[:1])
            evidence = v.evidence[:1] + tuple(e for e in evidence if e not in v.evidence[:1])
            return Verdict(claim_text.strip(), label, v.score, evidence, reasons)
    reasons = tuple(r for v in verdicts for r in v.reasons)
    return Verdict(claim_text.strip(), SUPPORTED, min(v.score for v in verdicts),
                   tuple(v.evidence[0] for v in verdicts if v.evidence), reasons)


def _check_simple(index: Index, encoder: Encoder, claim_text: str, settings: Settings, doc: str | None) -> Verdict:
    """Check one simple (non-compound) claim; see :func:`check_claim`."""
    text = clean_question(claim_text)
    claim = Claim.parse(text)
    if not claim.terms:
        return Verdict(text, NOT_FOUND, 0.0, (), ("nothing to check: the claim has no words to look for, "
                                                  "only figures or common words",))
    if not index.passages:
        raise QueryError("the index holds no cases yet; add case files to the corpus folder and run `caseqa index`")
    doc_id = resolve_doc(index, doc)
    rows = index.doc_range(doc_id) if doc_id else (0, len(index.passages))
    query = encoder.encode_query(text)
    ranked = candidates(index, text, query, rows, settings)[:CANDIDATE_PASSAGES]
    idf = index.lexical.idf(set(claim.terms))
    windows: list[_Window] = []
    for cand in ranked:
        passage = index.passages[cand.row]
        first = index.sentence_row(passage)
        sims = index.sentence_vectors[first:first + len(passage.sentences)] @ query
        windows.extend(_windows(index, passage, claim, sims, idf))
    if not windows:
        return Verdict(text, NOT_FOUND, 0.0, (), ("no passage of the case shares a word with the claim",))
    windows.sort(key=lambda w: (-w.score, w.passage.doc_id, w.start))
    best = windows[0]
    evidence = [best]
    for w in windows[1:]:
        if len(evidence) == 3:
            break
        if all(w.passage.id != e.passage.id for e in evidence):
            evidence.append(w)
    unseen = _unsupported_unseen(index, encoder, claim, query, best)
    return _decide(index, claim, evidence, unseen)


def _unsupported_unseen(index: Index, encoder: Encoder, claim: Claim, query: np.ndarray, best: _Window) -> list[str]:
    """Claim words the case never uses and the evidence does not paraphrase (see UNSEEN_WORD_DELTA)."""
    vocabulary = set(index.lexical.vocabulary())
    unseen = [claim.words[s] for s in claim.terms if not _terms_in({s}, vocabulary)]
    verbs = [w for w in unseen if _VERB_FORM.match(w) and not w[0].isupper()]
    if not verbs or best.coverage < SUPPORT_COVERAGE:
        return unseen  # nothing that could be a paraphrase, or not close to support anyway
    evidence = encoder.encode_query(best.text)
    full = float(query @ evidence)
    out = [w for w in unseen if w not in verbs]
    for word in verbs:
        without = " ".join(re.sub(rf"\b{re.escape(word)}\b", " ", claim.text).split())
        if float(encoder.encode_query(without) @ evidence) - full > UNSEEN_WORD_DELTA:
            out.append(word)
    return out


def _decide(index: Index, claim: Claim, windows: list[_Window], unseen: list[str]) -> Verdict:
    """The verdict from the best evidence window (``windows[0]``); the others can settle a figure
    the best one does not state."""
    best = windows[0]
    found_words = [claim.words[s] for s in claim.terms if s in best.found]
    missing_words = [claim.words[s] for s in claim.terms if s not in best.found]
    reasons: list[str] = []
    mismatches: list[str] = []
    absent: list[str] = []
    for q in claim.quantities:
        outcome, case_q = _compare_quantity(q, claim, best)
        for other in windows[1:]:
            # "About 320 enterprises" where the best window has no count of enterprises: another
            # candidate about the same thing may state it ("overall 32 enterprises").
            if outcome != "absent" or other.coverage < CONTRADICT_COVERAGE:
                continue
            outcome, case_q = _compare_quantity(q, claim, other)
            if outcome != "absent":
                windows = [other] + [w for w in windows if w is not other]  # the figure's window leads
        if outcome == "mismatch" and case_q is not None:
            mismatches.append(f"claim says {q.text}; the case says {case_q.text}")
        elif outcome == "absent":
            absent.append(q.text)
    evidence = [_evidence(index, w) for w in windows]
    if claim.negated != _negated_where_aligned(claim, best.text) and best.coverage >= SWAP_COVERAGE:
        said = "is negated" if claim.negated else "is affirmative"
        case = "states it without negation" if claim.negated else "negates it"
        mismatches.append(f"the claim {said}; the case {case}")
    doc_text = index.documents[best.passage.doc_id].text
    swap = _entity_swap(claim, best, doc_text[best.passage.start:best.passage.end], doc_text)
    rest = best.coverage
    if swap and not [u for u in unseen if u != swap[0]] and not mismatches:
        # Coverage without the swapped name must be nearly complete for a swap to count.
        others = [s for s in claim.terms if claim.words[s] != swap[0]]
        rest = len([s for s in others if s in best.found]) / max(len(others), 1)
        if rest >= SWAP_COVERAGE:
            mismatches.append(f"claim names {swap[0]}; the case names {swap[1]}")
    title = _title_mismatch(claim, best, doc_text)
    if title:
        mismatches.append(title)
    opposite = opposite_words(claim.text, best.text)
    if opposite:
        mismatches.append(f"claim says {opposite[0]}; the case says {opposite[1]}")
    route = direction_swap(claim.text, best.text, entities(claim.text, doc_text))
    if route:
        mismatches.append(f"claim says {route[0]}; the case says {route[1]}")

    if found_words:
        reasons.append("found in the evidence: " + ", ".join(found_words))
    if mismatches and (best.coverage >= CONTRADICT_COVERAGE or rest >= SWAP_COVERAGE):
        score = min(1.0, 0.5 + 0.5 * best.coverage)
        return Verdict(claim.text, CONTRADICTED, round(score, 3), tuple(evidence), tuple(mismatches + reasons))
    if unseen:
        reasons.insert(0, "the case never mentions: " + ", ".join(unseen))
    if missing_words:
        reasons.append("not in the evidence: " + ", ".join(missing_words))
    if absent:
        reasons.append("the evidence gives no figure to compare with: " + ", ".join(absent))
    # Names anchor a claim: one the evidence does not mention cannot be supported by it.
    names_missing = [e for e in entities(claim.text, doc_text) if e.lower() not in best.text.lower()]
    if names_missing:
        reasons.append("names not in the evidence: " + ", ".join(names_missing))
    role = other_filler(claim.text, best.text, missing_words)
    if role:
        reasons.append(f"claim says {role[0]}; the evidence says {role[1]}")
    strong = (best.coverage >= SUPPORT_COVERAGE and best.similarity >= SUPPORT_SIMILARITY
              and 0.5 * (best.coverage + best.similarity) >= SUPPORT_COMBINED)
    supported = strong and not (unseen or absent or mismatches or names_missing or role)
    if supported:
        score = min(1.0, 0.5 * best.coverage + 0.5 * best.similarity)
        if claim.quantities:
            reasons.append("figures match: " + ", ".join(q.text for q in claim.quantities))
        return Verdict(claim.text, SUPPORTED, round(score, 3), tuple(evidence), tuple(reasons))
    reasons.append(f"closest evidence covers {best.coverage:.0%} of the claim's terms "
                   f"(similarity {best.similarity:.2f})")
    score = 1.0 - min(1.0, 0.5 * best.coverage + 0.5 * max(best.similarity, 0.0))
    return Verdict(claim.text, NOT_FOUND, round(score, 3), tuple(evidence), tuple(reasons))


def check_text(index: Index, encoder: Encoder, text: str, settings: Settings, doc: str | None = None) -> list[Verdict]:
    """Check a claim or a whole essay: one verdict per sentence, questions and opinions skipped.

    Args:
        index: A loaded index.
        encoder: The index's encoder.
        text: One claim or many sentences (paragraphs separated by blank lines are fine).
        settings: Search settings.
        doc: Restrict the evidence to one case.

    Returns:
        Verdicts in the order of the text; skipped sentences carry the reason.

    Raises:
        QueryError: The text is empty or not text.
    """
    if not isinstance(text, str) or not text.strip():
        raise QueryError("the claim is empty; paste a claim or an essay to check")
    out = []
    for sentence in split_sentences(text):
        if sentence.skip:
            out.append(Verdict(sentence.text, SKIPPED, 0.0, (), (sentence.skip,), sentence.span))
        else:
            out.append(replace(check_claim(index, encoder, sentence.text, settings, doc), span=sentence.span))
    return out
