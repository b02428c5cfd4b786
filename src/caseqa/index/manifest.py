"""The manifest of an index generation, typed: what was built, with what, from which files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from caseqa.types import FileState


@dataclass(frozen=True)
class ModelInfo:
    """The embedding model an index was built with."""

    name: str
    dim: int
    max_tokens: int


@dataclass(frozen=True)
class FileRecord:
    """What the last indexing run did with one corpus file.

    ``size`` and ``mtime_ns`` let the next run tell an unchanged file without reading it; a file
    that failed keeps its reason, shown in the Library and by ``caseqa index``.
    """

    status: FileState
    sha256: str | None = None
    size: int | None = None
    mtime_ns: int | None = None
    passages: int = 0
    reason: str = ""
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The JSON form."""
        return {"status": str(self.status), "sha256": self.sha256, "size": self.size, "mtime_ns": self.mtime_ns,
                "passages": self.passages, "reason": self.reason, "warnings": list(self.warnings)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileRecord:
        """Read what :meth:`to_json` wrote."""
        return cls(FileState(data["status"]), data.get("sha256"), data.get("size"), data.get("mtime_ns"),
                   int(data.get("passages") or 0), data.get("reason") or "", tuple(data.get("warnings") or ()))


@dataclass(frozen=True)
class Manifest:
    """``manifest.json`` of a generation.

    Attributes:
        format_version: Layout of the generation's files (``config.INDEX_FORMAT_VERSION``).
        caseqa_version: The caseqa that wrote it.
        fingerprint: Hash of the settings that change the index (``Settings.fingerprint``).
        settings: Those settings, by name, so a mismatch can say which one differs.
        model: The embedding model.
        dense_index: "flat" (exact search) or "hnsw".
        counts: Documents, passages and sentences.
        documents: Every corpus file the run saw, indexed or not.
        generation: The generation's folder name (set by the store when written).
        files: sha256 of every other file of the generation (set by the store when written).
    """

    format_version: int
    caseqa_version: str
    fingerprint: str
    settings: dict[str, Any]
    model: ModelInfo
    dense_index: str
    counts: dict[str, int]
    documents: dict[str, FileRecord]
    generation: str = ""
    files: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The JSON form (``generation`` and ``files`` are added by the store when it writes)."""
        return {
            "format_version": self.format_version,
            "caseqa_version": self.caseqa_version,
            "fingerprint": self.fingerprint,
            "settings": self.settings,
            "model": {"name": self.model.name, "dim": self.model.dim, "max_tokens": self.model.max_tokens},
            "dense_index": self.dense_index,
            "counts": self.counts,
            "documents": {doc_id: record.to_json() for doc_id, record in self.documents.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        """Read what :meth:`to_json` (and the store) wrote.

        Raises:
            KeyError, TypeError, ValueError: A field is missing or malformed.
        """
        model = data["model"]
        return cls(
            format_version=int(data["format_version"]),
            caseqa_version=str(data["caseqa_version"]),
            fingerprint=str(data["fingerprint"]),
            settings=dict(data.get("settings") or {}),
            model=ModelInfo(str(model["name"]), int(model["dim"]), int(model["max_tokens"])),
            dense_index=str(data.get("dense_index", "flat")),
            counts={k: int(v) for k, v in (data.get("counts") or {}).items()},
            documents={doc_id: FileRecord.from_json(entry) for doc_id, entry in data["documents"].items()},
            generation=str(data.get("generation", "")),
            files={str(k): str(v) for k, v in (data.get("files") or {}).items()},
        )
