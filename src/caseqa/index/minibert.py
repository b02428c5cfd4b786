"""A NumPy forward pass for BERT-family sentence-transformers models, used for single queries.

Importing torch and sentence-transformers costs about ten seconds on a small machine; a query
needs one forward pass of a 22M-parameter model. This module runs that pass with NumPy on the
model's own safetensors weights and ``tokenizers`` tokenizer, so that ``caseqa ask`` and the web
page answer within a second of starting. It reproduces the sentence-transformers output to
float32 rounding (checked in tests/test_encoder.py) and only accepts models it can reproduce:
BERT with absolute positions, exact GELU, mean pooling.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_SQRT_HALF = 1.0 / math.sqrt(2.0)
_COUNT_SLICE = 4_096  # texts tokenised at a time when only their lengths are needed


@dataclass(frozen=True)
class TokenStates:
    """One text's word pieces: their character spans and contextual vectors (one row each,
    L2-normalised), with the text's sentence embedding when it was asked for."""

    spans: tuple[tuple[int, int], ...]
    vectors: np.ndarray
    sentence: np.ndarray | None


class UnsupportedModel(Exception):
    """The model folder is not one this module can run exactly."""


def _erf(x: np.ndarray) -> np.ndarray:
    """erf with fractional error below 1.2e-7 (Numerical Recipes' erfc Chebyshev fit).

    |x| is capped at 6, where erf is already 1 in float32, so exp() never makes denormals
    (denormal activations make the next matrix product many times slower).
    """
    z = np.minimum(np.abs(x), 6.0)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277))))))))
    r = t * np.exp(poly)
    return np.where(x >= 0, 1.0 - r, r - 1.0)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(var + eps) * weight + bias


def _check_supported(path: Path) -> tuple[dict, int]:
    """Read the model's configs; raise UnsupportedModel unless it is BERT + mean pooling."""
    try:
        config = json.loads((path / "config.json").read_text())
        modules = json.loads((path / "modules.json").read_text())
    except (OSError, ValueError) as exc:
        raise UnsupportedModel(f"cannot read the model configuration: {exc}") from None
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    if kinds[:2] != ["Transformer", "Pooling"] or any(k not in ("Transformer", "Pooling", "Normalize") for k in kinds):
        raise UnsupportedModel(f"module stack {kinds} is not Transformer + Pooling (+ Normalize)")
    pooling_dir = path / modules[1].get("path", "1_Pooling")
    pooling = json.loads((pooling_dir / "config.json").read_text())
    mode = pooling.get("pooling_mode")
    if not (mode == "mean" or (mode is None and pooling.get("pooling_mode_mean_tokens"))):
        raise UnsupportedModel("pooling is not mean pooling")
    if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
        raise UnsupportedModel(f"model type {config.get('model_type')!r} is not BERT with GELU")
    if config.get("position_embedding_type", "absolute") != "absolute":
        raise UnsupportedModel("only absolute position embeddings are supported")
    max_len = 512
    st_config = path / "sentence_bert_config.json"
    if st_config.is_file():
        max_len = int(json.loads(st_config.read_text()).get("max_seq_length", max_len))
    return config, min(max_len, int(config.get("max_position_embeddings", 512)))


class MiniBert:
    """Query-time forward pass; thread-safe (no state changes after construction)."""

    def __init__(self, path: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config, self.max_tokens = _check_supported(path)
        weights_file = path / "model.safetensors"
        if not weights_file.is_file():
            raise UnsupportedModel("no model.safetensors file")
        w = load_file(str(weights_file))
        w = {k.removeprefix("bert."): v for k, v in w.items()}
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_tokens)
        self.counter = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.counter.no_padding()
        self.counter.no_truncation()
        self.heads = int(config["num_attention_heads"])
        self.dim = int(config["hidden_size"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        try:
            self.word = w["embeddings.word_embeddings.weight"]
            self.position = w["embeddings.position_embeddings.weight"]
            self.token_type = w["embeddings.token_type_embeddings.weight"][0]
            self.emb_norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
            self.layers = [self._layer(w, f"encoder.layer.{i}.") for i in range(int(config["num_hidden_layers"]))]
        except KeyError as exc:
            raise UnsupportedModel(f"weight {exc} is missing") from None

    @staticmethod
    def _layer(w: dict[str, np.ndarray], p: str) -> dict[str, np.ndarray]:
        """One encoder layer's weights, transposed once for row-major products."""
        def t(name: str) -> np.ndarray:
            return np.ascontiguousarray(w[p + name + ".weight"].T)

        att = p + "attention.self."
        return {
            "qkv": np.ascontiguousarray(np.concatenate(
                [w[att + n + ".weight"] for n in ("query", "key", "value")]).T),
            "qkv_b": np.concatenate([w[att + n + ".bias"] for n in ("query", "key", "value")]),
            "out": t("attention.output.dense"), "out_b": w[p + "attention.output.dense.bias"],
            "ln1": w[p + "attention.output.LayerNorm.weight"], "ln1_b": w[p + "attention.output.LayerNorm.bias"],
            "up": t("intermediate.dense"), "up_b": w[p + "intermediate.dense.bias"],
            "down": t("output.dense"), "down_b": w[p + "output.dense.bias"],
            "ln2": w[p + "output.LayerNorm.weight"], "ln2_b": w[p + "output.LayerNorm.bias"],
        }

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Token counts before truncation, special tokens included.

        In slices: one ``encode_batch`` of a whole library's 600,000 texts holds every encoding
        (ids, offsets, masks) at once, gigabytes for counts that need a few megabytes.
        """
        out: list[int] = []
        for i in range(0, len(texts), _COUNT_SLICE):
            out.extend(len(e.ids) for e in self.counter.encode_batch(list(texts[i:i + _COUNT_SLICE])))
        return out

    def _forward(self, ids: np.ndarray, stop: int | None = None) -> tuple[np.ndarray, list[np.ndarray]]:
        """Token states after the last layer (or after layer ``stop``), and after every layer on the way
        (index 0 = the embedding layer's output)."""
        n = len(ids)
        x = self.word[ids] + self.position[:n] + self.token_type
        x = _layer_norm(x, *self.emb_norm, self.eps)
        states = [x]
        h, d = self.heads, self.dim // self.heads
        scale = np.float32(1.0 / math.sqrt(d))
        for layer in self.layers[:stop]:
            q, k, v = np.split(x @ layer["qkv"] + layer["qkv_b"], 3, axis=1)
            q = q.reshape(n, h, d).transpose(1, 0, 2)
            k = k.reshape(n, h, d).transpose(1, 2, 0)
            v = v.reshape(n, h, d).transpose(1, 0, 2)
            scores = (q @ k) * scale
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(n, self.dim)
            x = _layer_norm(context @ layer["out"] + layer["out_b"] + x, layer["ln1"], layer["ln1_b"], self.eps)
            up = x @ layer["up"] + layer["up_b"]
            up = 0.5 * up * (1.0 + _erf(up * _SQRT_HALF))
            x = _layer_norm(up @ layer["down"] + layer["down_b"] + x, layer["ln2"], layer["ln2_b"], self.eps)
            states.append(x)
        return x, states

    def embed(self, text: str) -> np.ndarray:
        """The L2-normalised sentence embedding of one text."""
        ids = np.asarray(self.tokenizer.encode(text).ids, dtype=np.int64)
        return _mean_pool(self._forward(ids)[0])

    def embed_tokens(self, text: str, layer: int | None = None) -> TokenStates:
        """Contextual token embeddings of one text, as BERTScore matches them.

        Args:
            text: One sentence, truncated to ``max_tokens`` as :meth:`embed` does.
            layer: The layer whose states are returned (0 = the embedding layer, ``len(layers)`` =
                the last, the default); the pass stops there, so a lower layer costs less.

        Returns:
            The word pieces' character spans in ``text`` and their L2-normalised states ([CLS] and
            [SEP] left out); no sentence embedding.
        """
        return self._token_states(text, layer, sentence=False)

    def embed_with_tokens(self, text: str, layer: int | None = None) -> TokenStates:
        """:meth:`embed_tokens` and, from the same pass, the sentence embedding :meth:`embed` gives."""
        return self._token_states(text, layer, sentence=True)

    def _token_states(self, text: str, layer: int | None, sentence: bool) -> TokenStates:
        last = len(self.layers)
        layer = last if layer is None else layer
        if not 0 <= layer <= last:
            raise ValueError(f"layer {layer} does not exist: the model has layers 0 to {last}")
        encoding = self.tokenizer.encode(text)
        ids = np.asarray(encoding.ids, dtype=np.int64)
        x, states = self._forward(ids, None if sentence else layer)
        inner = [i for i, special in enumerate(encoding.special_tokens_mask) if not special]
        chosen = states[layer][inner]
        chosen = chosen / np.maximum(np.linalg.norm(chosen, axis=1, keepdims=True), 1e-12)
        return TokenStates(tuple(encoding.offsets[i] for i in inner), chosen.astype(np.float32),
                           _mean_pool(x) if sentence else None)


def _mean_pool(x: np.ndarray) -> np.ndarray:
    vec = x.mean(0)
    return (vec / max(float(np.linalg.norm(vec)), 1e-12)).astype(np.float32)
