"""A tiny PDF writer for fixtures and benchmarks: Helvetica text at given positions, nothing else."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

PAGE_WIDTH, PAGE_HEIGHT = 612, 792


@dataclass(frozen=True)
class Text:
    """One line of text drawn with its baseline at (x, y), in points from the bottom left."""

    x: float
    y: float
    text: str
    size: float = 11
    bold: bool = False


def flow(lines: Sequence[str | None], top: float = 720, left: float = 72, leading: float = 14,
         size: float = 11) -> list[Text]:
    """Lay lines out top-down; None leaves an empty line (a paragraph gap)."""
    out = []
    y = top
    for line in lines:
        if line is not None:
            out.append(Text(left, y, line, size))
        y -= leading
    return out


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def content_stream(items: Sequence[Text], line_ends: bool = False) -> bytes:
    """The page's drawing operators: one BT/ET block per line.

    With ``line_ends``, each string is positioned with Tm and followed by T*, as reportlab's
    drawString writes it; pypdf then starts a new line after every string, even on one baseline.
    """
    ops = []
    for item in items:
        font = b"/F2" if item.bold else b"/F1"
        if line_ends:
            ops.append(b"BT 1 0 0 1 %g %g Tm %s %g Tf %g TL (%s) Tj T* ET"
                       % (item.x, item.y, font, item.size, 1.2 * item.size, _escape(item.text)))
            continue
        ops.append(b"BT %s %g Tf %g %g Td (%s) Tj ET" % (font, item.size, item.x, item.y, _escape(item.text)))
    return b"\n".join(ops) + b"\n"


def pdf_bytes(pages: Sequence[Sequence[Text]], title: str | None = None, compress: bool = True,
              raw_streams: Sequence[bytes] | None = None, images: Sequence[int] = (), line_ends: bool = False,
              page_labels: str | None = None) -> bytes:
    """A complete PDF with one page per item of ``pages``.

    Args:
        pages: The text of each page.
        title: The document information /Title, if any.
        compress: FlateDecode the content streams.
        raw_streams: Already-compressed FlateDecode content streams to use instead (for bombs).
        images: Indexes of pages that also show a full-page image, as a scanned page does.
        line_ends: Draw strings as reportlab does (see :func:`content_stream`).
        page_labels: The catalog's /PageLabels number tree, e.g. "0 << /S /r >> 2 << /S /D >>"
            (pages i, ii, then 1, 2, ...).

    Returns:
        The file's bytes.
    """
    streams = list(raw_streams) if raw_streams is not None else [content_stream(p, line_ends) for p in pages]
    n_pages = len(streams)
    # Objects: 1 catalog, 2 page tree, 3 and 4 fonts, 5 info, then a page and its content per
    # page, then one 2x2 grey image shared by the pages in ``images``.
    objects: list[bytes] = []
    kids = b" ".join(b"%d 0 R" % (6 + 2 * i) for i in range(n_pages))
    labels = b" /PageLabels << /Nums [%s] >>" % page_labels.encode() if page_labels else b""
    objects.append(b"<< /Type /Catalog /Pages 2 0 R%s >>" % labels)
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n_pages))
    for base in (b"Helvetica", b"Helvetica-Bold"):
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % base)
    objects.append(b"<< /Title (%s) /Producer (caseqa tests) >>" % _escape(title or ""))
    image_ref = 6 + 2 * n_pages
    for i, stream in enumerate(streams):
        xobject = b" /XObject << /Im1 %d 0 R >>" % image_ref if i in images else b""
        if i in images and raw_streams is None:
            stream = b"q %d 0 0 %d 0 0 cm /Im1 Do Q\n" % (PAGE_WIDTH, PAGE_HEIGHT) + stream
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >>%s >> >>" % (PAGE_WIDTH, PAGE_HEIGHT, 7 + 2 * i, xobject)
        )
        if raw_streams is not None:
            body, extra = stream, b" /Filter /FlateDecode"
        elif compress:
            body, extra = zlib.compress(stream), b" /Filter /FlateDecode"
        else:
            body, extra = stream, b""
        objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(body), extra, body))
    if images:
        pixels = b"\x80\x90\xa0\xb0"
        objects.append(b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream" % (len(pixels), pixels))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    info = b" /Info 5 0 R" if title is not None else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, info, xref)
    return bytes(out)
