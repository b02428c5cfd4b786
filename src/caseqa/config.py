"""Settings that shape an index or a search, and the fingerprint that names an index build."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

# Bump when the on-disk layout of an index generation changes.
INDEX_FORMAT_VERSION = 2  # 2: manifest.sha256 beside the manifest
# Bump when reading documents, passage splitting, sentence splitting or BM25 tokenisation change
# their output, so that an index built by older code is detected as stale.
PIPELINE_VERSION = 3  # 3: DOCX content controls, text boxes and notes; PDF line-end compounds keep hyphens

DEFAULT_MODEL = "all-MiniLM-L6-v2"


@dataclass(frozen=True)
class Limits:
    """What reading one corpus file may cost; a file beyond a bound is reported and skipped.

    Attributes:
        max_file_bytes: Size of the file on disk.
        max_text_chars: Characters of text extracted from it (5 million is ~2,000 pages).
        max_line_chars: Length of one line of a .txt or .md file: longer is data, not prose.
        max_pages: Pages of a PDF.
        max_unpacked_bytes: Bytes the parts of a DOCX may decompress to, in all.
        max_stream_bytes: Bytes one PDF stream may decompress to.
    """

    max_file_bytes: int = 50_000_000
    max_text_chars: int = 5_000_000
    max_line_chars: int = 100_000
    max_pages: int = 3_000
    max_unpacked_bytes: int = 200_000_000
    max_stream_bytes: int = 50_000_000


@dataclass(frozen=True)
class Settings:
    """Everything configurable; fields marked ``index`` change what an index contains.

    Attributes:
        corpus_dir: Folder of case files.
        index_dir: Folder the index generations live in.
        model: A local sentence-transformers folder, or None for the packaged MiniLM.
        min_words: A passage shorter than this is grown with following sentences (index).
        target_words: A passage stops growing once it reaches this size at a paragraph end (index).
        max_words: A passage never exceeds this many words, except a single long sentence
            that fits the model (index); the model's token limit caps it too.
        max_sentence_words: Sentences longer than this are scored and highlighted clause by
            clause (index).
        max_paragraphs: A passage stops at the end of this many paragraphs once it has
            ``min_words`` (index): citations stay close to the author's own units.
        overlap_words: Words (whole sentences) a window shares with the one before (index).
        hnsw_min_vectors: From this many passages on, an HNSW graph replaces exact search (index).
        k: Passages returned by default.
        candidates: Passages taken from each retriever before fusion.
        fusion: "weighted" (normalised score sum) or "rrf" (reciprocal rank fusion).
        rrf_k: The constant of reciprocal rank fusion.
        w_dense: Weight of the passage embedding similarity in the weighted fusion.
        w_sentence: Weight of the best sentence's embedding similarity.
        w_lexical: Weight of the normalised BM25 score.
        max_file_bytes: Files larger than this are skipped with a message (index).
        max_text_chars: Files whose extracted text is longer are skipped with a message (index).
    """

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    model: str | None = None
    min_words: int = 80
    target_words: int = 130
    max_words: int = 200
    overlap_words: int = 30
    max_paragraphs: int = 2
    max_sentence_words: int = 50
    # Measured by bench/indexing.py (2-core machine, 384 dimensions): exact search takes 2.9 ms
    # at 10,000 passages, 14 ms at 50,000 and 23 ms at 100,000, against 0.3-0.5 ms for HNSW; from
    # 20,000 on, exact search would cost more than a third of a whole query.
    hnsw_min_vectors: int = 20_000
    k: int = 5
    candidates: int = 50
    fusion: str = "weighted"
    rrf_k: int = 60
    w_dense: float = 0.45
    w_sentence: float = 0.30
    w_lexical: float = 0.25
    max_file_bytes: int = Limits.max_file_bytes
    max_text_chars: int = Limits.max_text_chars
    index_fields: tuple[str, ...] = field(
        default=(
            "min_words",
            "target_words",
            "max_words",
            "overlap_words",
            "max_paragraphs",
            "max_sentence_words",
            "hnsw_min_vectors",
        ),
        repr=False,
    )

    def with_(self, **changes: object) -> Settings:
        """Return a copy with some fields changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def model_name(self) -> str:
        """A human name for the model: the packaged model's name or the folder given."""
        return self.model or DEFAULT_MODEL

    @property
    def limits(self) -> Limits:
        """The bounds on reading one corpus file, with this configuration's sizes."""
        return Limits(max_file_bytes=self.max_file_bytes, max_text_chars=self.max_text_chars)

    def fingerprint(self) -> str:
        """Hash of everything that changes index content; two builds match iff it matches."""
        payload = {name: getattr(self, name) for name in self.index_fields}
        payload["model"] = self.model_name
        payload["pipeline_version"] = PIPELINE_VERSION
        blob = json.dumps(payload, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def describe(self) -> dict[str, object]:
        """The settings as JSON-ready values, for the manifest."""
        out = asdict(self)
        out.pop("index_fields")
        return {k: str(v) if isinstance(v, Path) else v for k, v in out.items()}


def settings_from_env(**overrides: object) -> Settings:
    """Settings with ``CASEQA_CORPUS``, ``CASEQA_INDEX`` and ``CASEQA_MODEL`` applied, then overrides."""
    env = {
        "corpus_dir": Path(os.environ["CASEQA_CORPUS"]) if os.environ.get("CASEQA_CORPUS") else None,
        "index_dir": Path(os.environ["CASEQA_INDEX"]) if os.environ.get("CASEQA_INDEX") else None,
        "model": os.environ.get("CASEQA_MODEL") or None,
    }
    return Settings().with_(**env).with_(**overrides)
