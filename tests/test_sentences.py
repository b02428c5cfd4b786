"""Sentence splitting: abbreviations, quotes, lists, and spans that cover the text exactly."""

from __future__ import annotations

import pytest

from caseqa.language import sentences as S


def split_text(text: str, trained: bool = False) -> list[str]:
    tok = S.tokenizer_for(text) if trained else None
    return [text[a:b] for a, b in S.split(text, 0, len(text), tok)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Ma met Dr. Wang at Alibaba Co. Ltd. in Hangzhou. They talked.",
         ["Mr. Ma met Dr. Wang at Alibaba Co. Ltd. in Hangzhou.", "They talked."]),
        ("Sales in the U.S. rose 5%, e.g. in Texas. See No. 5 for details.",
         ["Sales in the U.S. rose 5%, e.g. in Texas.", "See No. 5 for details."]),
        ("Ms. Li of Acme Inc. spoke, i.e. she gave the keynote. It went well.",
         ["Ms. Li of Acme Inc. spoke, i.e. she gave the keynote.", "It went well."]),
        ("Revenue was $3.5 billion in 2019. It rose to RMB 1.2 billion.",
         ["Revenue was $3.5 billion in 2019.", "It rose to RMB 1.2 billion."]),
        ("The meeting ended at 7 p.m. and everyone left. Prof. Xu stayed.",
         ["The meeting ended at 7 p.m. and everyone left.", "Prof. Xu stayed."]),
        ("It was founded 17 years ago. 17 years later, it fought again.",
         ["It was founded 17 years ago.", "17 years later, it fought again."]),
    ],
)
def test_abbreviations_do_not_split(text: str, expected: list[str]) -> None:
    assert split_text(text) == expected
    assert split_text(text, trained=True) == expected


def test_quotes_stay_with_their_sentence() -> None:
    text = "He said, “Give me one minute.” Then he left. Was it enough? “Yes!” she said."
    assert split_text(text) == ["He said, “Give me one minute.”", "Then he left.", "Was it enough?",
                                "“Yes!” she said."]


def test_list_items_are_sentences_with_their_markers() -> None:
    text = ("It can be concluded in 3 points:\n\n1. Donate materials (Alibaba Group)\n"
            "2. Support people’s daily consumption (Hema)\n• Provide open technology.")
    assert split_text(text) == [
        "It can be concluded in 3 points:",
        "1. Donate materials (Alibaba Group)",
        "2. Support people’s daily consumption (Hema)",
        "• Provide open technology.",
    ]


def test_short_unpunctuated_lines_are_units_but_wrapped_prose_is_joined() -> None:
    byline = "Curated by Alibaba Business School\n    Author: Kangyu Xie"
    assert split_text(byline) == ["Curated by Alibaba Business School", "Author: Kangyu Xie"]
    wrapped = ("The team worked through the night to finish the product\nbefore the holiday, "
               "and it launched on time.\nEveryone was relieved.")
    assert split_text(wrapped) == [
        "The team worked through the night to finish the product\nbefore the holiday, and it launched on time.",
        "Everyone was relieved.",
    ]


def test_spans_are_trimmed_and_cover_every_word() -> None:
    text = "  First sentence here.   Second one!\n\n Third?  "
    spans = S.split(text, 0, len(text))
    assert all(text[a:b] == text[a:b].strip() for a, b in spans)
    assert " ".join(text[a:b] for a, b in spans).split() == text.split()


def test_offsets_are_document_offsets() -> None:
    text = "Preamble that is not split. " + "One. Two."
    start = text.index("One")
    spans = S.split(text, start, len(text))
    assert [text[a:b] for a, b in spans] == ["One.", "Two."]


def test_learned_abbreviations_exclude_ordinary_words() -> None:
    # Words that end several sentences must not become abbreviations.
    text = " ".join(["It happened long ago. Then it was over."] * 5 + ["He signed the act. Nobody objected."] * 4)
    tok = S.tokenizer_for(text)
    sentences = [text[a:b] for a, b in S.split(text, 0, len(text), tok)]
    assert "It happened long ago." in sentences and "He signed the act." in sentences


def test_a_very_long_unpunctuated_unit_is_cut() -> None:
    text = "word " * 3000
    spans = S.split(text, 0, len(text))
    assert len(spans) >= 3
    assert max(b - a for a, b in spans) <= 5_000
