"""Public question-answering data as caseqa corpora: SQuAD 2.0 dev and PolicyQA test, split by document.

Each article (SQuAD) or privacy policy (PolicyQA) becomes one plain-text case file: its title on the
first line, then its paragraphs separated by blank lines, so that caseqa reads it like any case.
Every question keeps the character spans of its answers in that file, which is how a highlighted
sentence is judged. The split is by document, seeded, so no held-out question shares a text with a
training one.

    SQuAD 2.0 dev (CC BY-SA 4.0): DATA_DIR/squad2/dev-v2.0.json, 35 articles, half of the questions
        unanswerable (``answerable`` false, with the plausible answer's spans for analysis).
    PolicyQA test (MIT; policy text from OPP-115): DATA_DIR/policyqa/test.json, 20 policies, every
        question answerable.

Nothing here is shipped: the training script and ``bench/answers.py`` import it by path.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

SPLIT_SEED = 20261130
SQUAD_HELD_OUT = 12  # of 35 articles (about a third of the questions)
POLICYQA_HELD_OUT = 6  # of 20 policies


@dataclass(frozen=True)
class PublicQuestion:
    """A question on one public document, with the spans (in the written case file) that answer it."""

    id: str
    source: str  # "squad" | "policyqa"
    doc: str  # the case file's name
    question: str
    answerable: bool
    spans: tuple[tuple[int, int], ...]  # answers; for an unanswerable SQuAD question, the plausible answers
    paragraph: tuple[int, int]  # the paragraph the question was written on

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> PublicQuestion:
        return cls(**{**data, "spans": tuple(tuple(s) for s in data["spans"]), "paragraph": tuple(data["paragraph"])})


@dataclass(frozen=True)
class Split:
    """Which documents train and which are held out, for one source."""

    train: tuple[str, ...]
    held_out: tuple[str, ...]


def _file_name(title: str) -> str:
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in title)
    return f"{safe}.txt"


def _article(title: str, paragraphs: list[dict], source: str) -> tuple[str, list[PublicQuestion]]:
    """The case text of one article and its questions with spans in that text."""
    doc = _file_name(title)
    text = title.replace("_", " ")
    questions = []
    for para in paragraphs:
        context = para["context"]
        text += "\n\n"
        offset = len(text)
        text += context
        for qa in para["qas"]:
            answerable = not qa.get("is_impossible", False)
            answers = qa["answers"] if answerable else qa.get("plausible_answers", [])
            spans = []
            for a in answers:
                start = offset + a["answer_start"]
                assert text[start:start + len(a["text"])] == a["text"], (qa["id"], a)
                spans.append((start, start + len(a["text"])))
            questions.append(PublicQuestion(qa["id"], source, doc, qa["question"].strip(), answerable,
                                            tuple(dict.fromkeys(spans)), (offset, offset + len(context))))
    return text + "\n", questions


def load(data_dir: Path, source: str) -> tuple[dict[str, str], list[PublicQuestion]]:
    """The case files (name -> text) and the questions of one source.

    Args:
        data_dir: The folder of /work/data/README.md (holding squad2/ and policyqa/).
        source: "squad" or "policyqa".
    """
    path = data_dir / ("squad2/dev-v2.0.json" if source == "squad" else "policyqa/test.json")
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    texts: dict[str, str] = {}
    questions: list[PublicQuestion] = []
    for article in data:
        text, qs = _article(article["title"], article["paragraphs"], source)
        texts[qs[0].doc if qs else _file_name(article["title"])] = text
        questions.extend(qs)
    return texts, questions


def split(docs: list[str], held_out: int, seed: int = SPLIT_SEED) -> Split:
    """A seeded split of document names: ``held_out`` of them are held out."""
    order = sorted(docs)
    random.Random(seed).shuffle(order)
    return Split(tuple(sorted(order[held_out:])), tuple(sorted(order[:held_out])))


def splits(data_dir: Path) -> dict[str, tuple[dict[str, str], list[PublicQuestion], Split]]:
    """Both sources with their splits: {"squad": (texts, questions, split), "policyqa": ...}."""
    out = {}
    for source, n in (("squad", SQUAD_HELD_OUT), ("policyqa", POLICYQA_HELD_OUT)):
        texts, questions = load(data_dir, source)
        out[source] = (texts, questions, split(list(texts), n))
    return out


def write_corpus(texts: dict[str, str], names: tuple[str, ...], folder: Path) -> Path:
    """Write the named case files into ``folder`` (created), exactly as their offsets expect."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(texts[name], encoding="utf-8", newline="\n")
    return folder
