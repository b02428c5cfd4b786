"""Learned weights shipped inside the package, checked before use (see the model card beside each file).

``answer_model.json`` holds three log-linear models over :mod:`caseqa.retrieve.signals`: how likely
each sentence of the hits is to answer a question (which orders the hits), which sentence of one
hit is the answer (the highlight), and whether the hits answer it at all. They are trained by
``train/answer_sentence.py`` on public data; nothing here trains or downloads anything.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from caseqa.errors import AnswerModelError
from caseqa.retrieve.signals import CHOICE_SIGNALS, QUESTION_SIGNALS, SENTENCE_SIGNALS

FOLDER = Path(__file__).resolve().parent
ANSWER_MODEL = FOLDER / "answer_model.json"
# The sha256 of the shipped weights, as the model card states it: a changed file is refused.
ANSWER_MODEL_SHA256 = "ee73fa1dd74689a2f5d177edaac7146ee4f15f3a9dad2a451a3dc91a65fc7b6b"
FORMAT = 2  # 2: adds "choice", the highlight within a hit


@dataclass(frozen=True)
class Logistic:
    """A logistic regression over named, standardised signals."""

    signals: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Log-odds for each row of ``x`` (shape (n, len(signals)))."""
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept

    def probability(self, x: np.ndarray) -> np.ndarray:
        """Probability of the positive class for each row of ``x``."""
        return 1.0 / (1.0 + np.exp(-self.logits(x)))

    def to_json(self) -> dict:
        """The JSON form in ``answer_model.json``."""
        return {"signals": list(self.signals), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept}

    @classmethod
    def from_json(cls, data: dict, expected: tuple[str, ...], where: str) -> Logistic:
        """Read :meth:`to_json`'s form, checking the signals are the ones the code computes.

        Raises:
            AnswerModelError: Other signals, or arrays of the wrong shape.
        """
        signals = tuple(data["signals"])
        if signals != expected:
            raise AnswerModelError(
                f"{where}: trained on signals {list(signals)} but this caseqa computes {list(expected)}; "
                "retrain with `python train/answer_sentence.py DATA_DIR` or reinstall caseqa")
        arrays = [np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "coef")]
        if any(a.shape != (len(expected),) for a in arrays) or not all(np.isfinite(a).all() for a in arrays):
            raise AnswerModelError(f"{where}: the weights are not {len(expected)} finite numbers each; "
                                   "reinstall caseqa")
        return cls(signals, arrays[0], arrays[1], arrays[2], float(data["intercept"]))


@dataclass(frozen=True)
class AnswerModel:
    """How likely each sentence is to answer (``sentence``), which sentence of a hit answers
    (``choice``: a softmax over the hit's sentences, so only its logits' order matters) and whether
    the hits answer at all (``answerable``)."""

    sentence: Logistic
    answerable: Logistic
    choice: Logistic

    def to_json(self, card: dict) -> dict:
        """The JSON form, with a few facts of the model card (data, seed, date)."""
        return {"format": FORMAT, "card": card, "sentence": self.sentence.to_json(),
                "answerable": self.answerable.to_json(), "choice": self.choice.to_json()}


def read_answer_model(path: Path, sha256: str | None) -> AnswerModel:
    """Load answer-model weights, refusing a file whose checksum or shape is not what is expected.

    Args:
        path: The weights (JSON).
        sha256: The checksum the file must have, or None to skip that check (training, tests).

    Raises:
        AnswerModelError: Missing, altered, unreadable, or trained on other signals.
    """
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise AnswerModelError(f"answer model {path} cannot be read ({exc.strerror}); reinstall caseqa") from None
    digest = hashlib.sha256(blob).hexdigest()
    if sha256 is not None and digest != sha256:
        raise AnswerModelError(f"answer model {path} has sha256 {digest[:16]}…, not the {sha256[:16]}… this "
                               "caseqa ships (see its model card); reinstall caseqa or retrain it")
    try:
        data = json.loads(blob)
        if data.get("format") != FORMAT:
            raise AnswerModelError(f"answer model {path} is format {data.get('format')!r}, this caseqa reads "
                                   f"format {FORMAT}; reinstall caseqa")
        return AnswerModel(Logistic.from_json(data["sentence"], SENTENCE_SIGNALS, f"{path} (sentence)"),
                           Logistic.from_json(data["answerable"], QUESTION_SIGNALS, f"{path} (answerable)"),
                           Logistic.from_json(data["choice"], CHOICE_SIGNALS, f"{path} (choice)"))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise AnswerModelError(f"answer model {path} is malformed ({exc!r}); reinstall caseqa") from None


@lru_cache(maxsize=1)
def answer_model() -> AnswerModel:
    """The shipped answer model, read and checked once per process."""
    return read_answer_model(ANSWER_MODEL, ANSWER_MODEL_SHA256)
