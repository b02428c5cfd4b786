"""The opposite lexicon generated from Open English WordNet (train/opposites.py)."""

from __future__ import annotations

import json
from importlib import resources

from caseqa.claims.antonyms import lemmas, opposed


def test_antonyms_said_in_other_words_are_opposed() -> None:
    # A satellite of one side against an inflected head word of the other ...
    assert opposed("modest", "largest") == "large/small"
    # ... and the troponyms of verbs of change on a scale, in any form.
    assert opposed("slipped", "improved") == "better/worsen"
    assert opposed("dipped", "increased") == "decrease/increase"
    assert opposed("grew", "shrank") is not None
    # A phrase WordNet lists, read from the word after ("scaled down").
    assert opposed("scaled", "increased", claim_next="down") == "decrease/increase"
    assert opposed("scaled", "increased") is None


def test_synonyms_are_not_opposed() -> None:
    assert opposed("rose", "increased") is None
    assert opposed("huge", "largest") is None
    assert opposed("workers", "employees") is None


def test_pairs_that_can_both_be_true_are_not_opposed() -> None:
    # Opposite events that can both happen to one thing at different times are not on a scale ...
    assert opposed("opened", "closed") is None
    assert opposed("bought", "sold") is None
    assert opposed("began", "ended") is None
    # ... and ranks are figures, compared as quantities ("second" / "first" is WordNet's gear).
    assert opposed("second", "first") is None


def test_forms_are_read_by_part_of_speech() -> None:
    assert lemmas("largest") == {"large": "a"}
    assert "dip" in lemmas("dipped")
    assert "grow" in lemmas("grew")  # an irregular form WordNet lists
    assert lemmas("opened") == {"open": "v"}  # a participle is its verb, not the adjective "opened"


def test_the_lexicon_names_its_source_and_licence() -> None:
    data = json.loads(resources.files("caseqa.models").joinpath("opposites.json").read_text(encoding="utf-8"))
    assert "Open English WordNet" in data["source"] and "CC BY 4.0" in data["licence"]
    assert data["built_by"] == "train/opposites.py"
