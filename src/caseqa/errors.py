"""Every exception caseqa raises; all derive from CaseQAError and say what to do next."""

from __future__ import annotations


class CaseQAError(Exception):
    """Base class: the message is written for the person running caseqa."""


class CorpusError(CaseQAError):
    """A corpus file or folder cannot be read or used."""


class EmptyDocumentError(CorpusError):
    """A file decoded fine but holds no text to index."""


class IndexNotFoundError(CaseQAError):
    """No index exists where one was expected."""


class IndexMismatchError(CaseQAError):
    """The index on disk was built with other settings, model or format version."""


class IndexCorruptError(CaseQAError):
    """A file of the index is missing or does not match its recorded checksum."""


class IndexLockedError(CaseQAError):
    """Another process is writing the index."""


class IndexWriteError(CaseQAError):
    """The index folder cannot be written: no space left, no permission, or it is not a folder."""


class ModelNotFoundError(CaseQAError):
    """The embedding model cannot be found or loaded."""


class QueryError(CaseQAError):
    """A question or claim cannot be searched (empty, wrong type, unknown document)."""


class ReadOnlyError(CaseQAError):
    """A change to the library was asked of a server started with ``--read-only``."""


class UsageError(CaseQAError):
    """The command line itself is wrong (missing or conflicting arguments): exit code 2."""


class AnswerModelError(CaseQAError):
    """The shipped answer-model weights are missing, altered or do not fit the code."""
