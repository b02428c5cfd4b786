"""Word-level alignment of claims with evidence over MiniLM's contextual token states (real model)."""

from __future__ import annotations

from caseqa.claims.text import Claim
from caseqa.claims.wordalign import align, content_words, opposites, other_degree

LAYER, THRESHOLD, OPPOSITE = 4, 0.6, 0.25  # ClaimSettings.align_layer, align_similarity, opposite_similarity


def pairs(encoder, claim: str, evidence: str, names: frozenset[str] = frozenset()) -> dict[str, str]:
    parsed = Claim.parse(claim)
    claim_words = content_words(claim, encoder.encode_tokens(claim, LAYER))
    evidence_words = content_words(evidence, encoder.encode_tokens(evidence, LAYER))
    found = align(claim, claim_words, dict(parsed.words), evidence_words, THRESHOLD, names)
    # Every claim word is "wanted" here, also those the evidence has as they are ("requests").
    return {p.claim_word: p.evidence_word for p in found}


def test_a_claim_word_pairs_with_the_evidence_word_that_says_it_otherwise(real_encoder) -> None:
    got = pairs(real_encoder, "More than 1,800 workers from other firms had joined Hema.",
                "Overall 32 enterprises, such as car rental companies, joined, and more than 1800 employees "
                "started to work at Hema.", frozenset({"hema"}))
    assert got["workers"] == "employees" and got["firms"] == "companies"


def test_two_claim_words_can_pair_with_one_evidence_word(real_encoder) -> None:
    got = pairs(real_encoder, "Cainiao set aside 400 phone lines to gather requests.",
                "Cainiao dedicated 400 hotlines to collect the requests.", frozenset({"cainiao"}))
    assert got["phone"] == "hotlines" and got["lines"] == "hotlines" and got["gather"] == "collect"


def test_a_noun_and_the_verb_after_it_are_no_phrase(real_encoder) -> None:
    # "workers stayed" is a subject and what it did: "stayed" is not said by "employees".
    got = pairs(real_encoder, "Most borrowed workers stayed on as permanent Hema employees.",
                "More than 1800 employees joined Hema on a borrowed basis.", frozenset({"hema"}))
    assert got.get("workers") == "employees" and "stayed" not in got


def test_names_and_unrelated_words_do_not_pair(real_encoder) -> None:
    # "Beijing" and "Shanghai" read alike to the model (0.79); a name is the same name or another one.
    got = pairs(real_encoder, "Hema shipped disinfectant from Beijing.",
                "They mobilized the much in demand disinfectant and soap from Shanghai to Wuhan.",
                frozenset({"hema", "beijing", "shanghai", "wuhan"}))
    assert "Beijing" not in got
    got = pairs(real_encoder, "Cainiao used drones to collect the requests.",
                "Cainiao dedicated 400 hotlines to collect the requests.", frozenset({"cainiao"}))
    assert "drones" not in got


def test_content_words_skip_stop_words_and_numbers(real_encoder) -> None:
    text = "The 25 employees worked hard, to source the masks."
    words = content_words(text, real_encoder.encode_tokens(text, LAYER), offset=100)
    assert [w.text for w in words] == ["employees", "worked", "hard", "source", "masks"]
    assert all(text[w.start - 100:w.end - 100] == w.text for w in words)


def reversed_pairs(encoder, claim: str, evidence: str) -> dict[str, str]:
    parsed = Claim.parse(claim)
    claim_words = content_words(claim, encoder.encode_tokens(claim, LAYER))
    evidence_words = content_words(evidence, encoder.encode_tokens(evidence, LAYER))
    said = {s for s in parsed.terms if s in {w.stem for w in evidence_words}}
    found = opposites(claim, claim_words, said, evidence_words, evidence, OPPOSITE, frozenset())
    return {p.claim_word: p.evidence_word for p in found}


def test_an_opposite_said_in_other_words_fills_the_claim_words_slot(real_encoder) -> None:
    evidence = "Alibaba set up a fund which was the largest amount among all the donations."
    assert reversed_pairs(real_encoder, "The fund was modest compared with other donations.", evidence) \
        == {"modest": "largest"}
    assert reversed_pairs(real_encoder, "The take rate slipped to 12.9% in 2021.",
                          "The take rate improved to 16.2% from 12.9%.") == {"slipped": "improved"}


def test_synonyms_and_opposites_in_another_slot_are_no_reversal(real_encoder) -> None:
    evidence = "Alibaba set up a fund which was the largest amount among all the donations."
    assert reversed_pairs(real_encoder, "The fund was huge compared with other donations.", evidence) == {}
    # "modest" and "largest" are opposites, but of different things here: no word next to them is shared.
    assert reversed_pairs(real_encoder, "Hema kept its prices modest in Wuhan.", evidence) == {}


def test_events_that_can_both_happen_are_no_reversal(real_encoder) -> None:
    assert reversed_pairs(real_encoder, "Hema opened stores in Wuhan.", "Hema closed stores in Wuhan.") == {}


def test_a_word_is_not_another_degree_of_itself() -> None:
    assert other_degree("largest", "large") and other_degree("large", "larger") and other_degree("biggest", "big")
    assert other_degree("earliest", "early") and other_degree("larger", "largest")
    assert not other_degree("huge", "largest") and not other_degree("workers", "employees")
    assert not other_degree("large", "large")


def test_the_end_of_a_figure_is_no_word(real_encoder) -> None:
    text = "By February 1st, Cainiao enabled the delivery at 5am."
    words = [w.text for w in content_words(text, real_encoder.encode_tokens(text, LAYER))]
    assert "st" not in words and "am" not in words and "Cainiao" in words
