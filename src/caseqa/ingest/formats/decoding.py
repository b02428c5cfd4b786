"""Bytes to text: BOMs, UTF-8, UTF-16 without BOM, a flagged Windows-1252 fallback, binary refusal."""

from __future__ import annotations

import codecs
import hashlib

from caseqa.errors import CorpusError, EmptyDocumentError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, newline, carriage return and form feed mean "not text".
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f"}
_MAX_CONTROL_SHARE = 0.01


def sha256(data: bytes) -> str:
    """Hex digest of the bytes."""
    return hashlib.sha256(data).hexdigest()


def too_long(name: str, max_chars: int) -> CorpusError:
    """The error for a file whose text is over the size limit."""
    return CorpusError(
        f"{name}: more than {max_chars:,} characters of text (about {max_chars // 2500:,} pages), "
        "over the limit; split the case into smaller files"
    )


def check_text(text: str, name: str, max_chars: int, max_line_chars: int) -> None:
    """Refuse text that is too long in total or has a line too long to be prose.

    Args:
        text: Decoded text, newlines as ``\\n``.
        name: The file's name, for messages.
        max_chars: Longest text accepted.
        max_line_chars: Longest line accepted.

    Raises:
        CorpusError: A limit is exceeded.
    """
    pos, number = 0, 1
    while pos <= len(text):
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        if end - pos > max_line_chars:
            raise CorpusError(
                f"{name}: line {number:,} is {end - pos:,} characters long (limit {max_line_chars:,}), "
                "which is data, not prose; break the text into lines and paragraphs, or remove the file"
            )
        pos, number = end + 1, number + 1
    if len(text) > max_chars:
        raise too_long(name, max_chars)


def _utf16_without_bom(data: bytes) -> str | None:
    """Name the UTF-16 byte order when NULs sit in every other byte (mostly-ASCII text)."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _known(encoding: str | None) -> str | None:
    """The codec's canonical name when Python knows it, else None."""
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def decode(data: bytes, name: str, declared: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """Decode a text file the way Python's text mode would, with newline translation.

    Args:
        data: The file's bytes.
        name: The file's name, for messages.
        declared: An encoding the file names for itself (an HTML meta charset), tried when the
            bytes have no byte-order mark and are not valid UTF-8.

    Returns:
        The text (newlines as ``\\n``), the encoding used, and warnings for the user.

    Raises:
        CorpusError: The bytes are not text in any encoding we accept.
        EmptyDocumentError: The file holds only whitespace.
    """
    warnings: list[str] = []
    text = None
    encoding = "utf-8"
    for bom, enc in _BOMS:
        if data.startswith(bom):
            encoding = enc
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise CorpusError(
                    f"{name}: starts with a {enc} byte-order mark but is not valid {enc} "
                    f"(byte {exc.start}); re-save it as UTF-8"
                ) from None
            text = text.lstrip("\ufeff")
            break
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            encoding = _utf16_without_bom(data) or _known(declared) or "cp1252"
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                encoding = "latin-1"
                text = data.decode(encoding)
            if encoding in ("cp1252", "latin-1") and encoding != _known(declared):
                warnings.append(
                    f"{name}: not valid UTF-8; read as {encoding} — check accented letters "
                    "and re-save the file as UTF-8 if they look wrong"
                )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyDocumentError(f"{name}: the file is empty (no text to index); add text or remove it")
    sample = text[:200_000]
    controls = sum(ch in _CONTROL for ch in sample)
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise CorpusError(
            f"{name}: looks like a binary file, not text ({controls} control characters in its first "
            f"{len(sample):,}); convert it to .txt, .md, .html, .pdf or .docx"
        )
    return text, encoding, tuple(warnings)
