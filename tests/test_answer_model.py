"""The shipped answer model: it loads, refuses altered weights, and reproduces its card on public rows."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from caseqa.errors import AnswerModelError
from caseqa.models import ANSWER_MODEL, ANSWER_MODEL_SHA256, answer_model, read_answer_model
from caseqa.retrieve.signals import QUESTION_SIGNALS, SENTENCE_SIGNALS

SAMPLE = Path(__file__).resolve().parent / "data" / "public_sample"
CARD = ANSWER_MODEL.with_suffix(".md")


def test_the_shipped_weights_load_and_are_the_ones_the_card_describes() -> None:
    model = answer_model()
    assert model.sentence.signals == SENTENCE_SIGNALS and model.answerable.signals == QUESTION_SIGNALS
    digest = hashlib.sha256(ANSWER_MODEL.read_bytes()).hexdigest()
    assert digest == ANSWER_MODEL_SHA256
    assert digest in CARD.read_text(encoding="utf-8")


def test_altered_weights_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    data = json.loads(ANSWER_MODEL.read_text(encoding="utf-8"))
    data["sentence"]["coef"][0] += 1.0
    altered = tmp_path / "answer_model.json"
    altered.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(AnswerModelError, match=r"answer_model\.json has sha256 .* reinstall caseqa"):
        read_answer_model(altered, ANSWER_MODEL_SHA256)


def test_weights_of_other_signals_or_shapes_are_refused(tmp_path: Path) -> None:
    data = json.loads(ANSWER_MODEL.read_text(encoding="utf-8"))
    path = tmp_path / "answer_model.json"
    renamed = json.loads(json.dumps(data))
    renamed["sentence"]["signals"][0] = "something_else"
    path.write_text(json.dumps(renamed), encoding="utf-8")
    with pytest.raises(AnswerModelError, match="trained on signals"):
        read_answer_model(path, None)
    short = json.loads(json.dumps(data))
    short["answerable"]["coef"] = short["answerable"]["coef"][:-1]
    path.write_text(json.dumps(short), encoding="utf-8")
    with pytest.raises(AnswerModelError, match=f"not {len(QUESTION_SIGNALS)} finite numbers"):
        read_answer_model(path, None)
    with pytest.raises(AnswerModelError, match="cannot be read"):
        read_answer_model(tmp_path / "missing.json", None)


def _overlaps(span: tuple[int, int], spans: list[list[int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


@pytest.mark.slow
def test_the_committed_public_sample_reproduces_the_cards_figures(tmp_path: Path, real_encoder) -> None:
    from caseqa.app.engine import Engine
    from caseqa.config import Settings
    from caseqa.retrieve.search import read

    shutil.copytree(SAMPLE / "corpus", tmp_path / "corpus")
    engine = Engine(Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index"), real_encoder)
    engine.build()
    rows = [json.loads(line) for line in (SAMPLE / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) <= 200
    h1 = flagged_answerable = flagged_unanswerable = 0
    chosen = most_probable = 0  # the top hit's answering sentence, by the choice model and by the sentence model
    answerable = [r for r in rows if r["answerable"]]
    for row in rows:
        got = engine.answer(row["question"], k=5, doc=row["doc"])
        if not row["answerable"]:
            flagged_unanswerable += got.notice is not None
            continue
        flagged_answerable += got.notice is not None
        top = got.hits[0] if got.hits else None
        h1 += bool(top and top.highlights and _overlaps(top.highlights[0], row["spans"]))
        reading = read(engine.index, engine.encoder, row["question"], engine.settings, k=5, doc=row["doc"])
        if reading.hits:
            sentences = reading.hits[0].passage.sentences
            chosen += _overlaps(reading.hits[0].highlights[0], row["spans"])
            most_probable += _overlaps(sentences[int(np.argmax(reading.probabilities[0]))], row["spans"])
    # The choice among a hit's sentences is what the highlight is for: it finds the answer more often.
    assert chosen > most_probable, (chosen, most_probable)
    expected = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))
    assert h1 / len(answerable) == pytest.approx(expected["H@1"], abs=0.02)
    assert flagged_answerable / len(answerable) == pytest.approx(expected["notice_on_answerable"], abs=0.02)
    unanswerable = len(rows) - len(answerable)
    assert flagged_unanswerable / unanswerable == pytest.approx(expected["notice_on_unanswerable"], abs=0.02)
