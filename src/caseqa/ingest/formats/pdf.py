"""PDF case files via PDFium (pypdfium2): each text object with its position, size and weight, safely read.

PDFium reads a 250-page 10-K's text in a fraction of a second (pypdf took 13 s), opens files
encrypted with an empty user password (RC4 or AES), and gives every text object's box, baseline,
font size and font, from which :mod:`pdf_runs` rebuilds printed lines and table rows.

What reading may cost is bounded in work, not seconds, so that a file's fate never depends on how
busy the machine is: pages, drawing objects and characters (:class:`caseqa.config.Limits`), and,
before PDFium sees the file, how far each compressed stream expands (a decompression bomb).
"""

from __future__ import annotations

import ctypes
import re
import threading
import zlib

from caseqa.config import Limits
from caseqa.errors import CorpusError, EmptyDocumentError
from caseqa.ingest.formats.builder import clean_line
from caseqa.ingest.formats.decoding import sha256, too_long
from caseqa.ingest.formats.pdf_layout import lay_out
from caseqa.ingest.formats.pdf_runs import ONE_FIGURE, Line, Run, lines_of
from caseqa.types import Document

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_BAD_TITLE = re.compile(r"^(?:microsoft\s+\w+\s+-|untitled|document\d*$)|\.(?:docx?|pdf|indd|qxd|rtf|txt)$",
                        re.IGNORECASE)
_MIN_PAGE_CHARS = 20  # a page with fewer non-space characters has no real text layer
_STREAM = re.compile(rb"stream\r?\n")
_LOCK = threading.Lock()  # PDFium is not thread-safe: one file at a time in a process
_IMAGE, _FORM = 3, 5  # FPDF_PAGEOBJ_IMAGE, FPDF_PAGEOBJ_FORM
# A text object drawing two or more of a row's figures with spaces between and nothing else.
_FIGURE = re.compile(ONE_FIGURE)
_FIGURES = re.compile(rf"^\s*(?:{ONE_FIGURE})(?:\s+(?:{ONE_FIGURE}))+\s*$")
_FILL_STROKE = 2  # FPDF_TEXTRENDERMODE_FILL_STROKE: a generator's way of drawing bold


def _check_streams(data: bytes, doc_id: str, limits: Limits) -> None:
    """Refuse a file with a Flate stream that expands beyond ``limits.max_stream_bytes``.

    PDFium inflates a page's content in full before anything can be counted (a 1 MB stream of
    1 GB of spaces costs it 11 s and 2 GB of memory), so streams are measured here first, each
    inflated at most to the limit. An encrypted file's streams cannot be read here; for those,
    the other work limits apply.
    """
    for found in _STREAM.finditer(data):
        head = data[max(0, found.start() - 300):found.start()]
        if b"/FlateDecode" not in head[head.rfind(b"<<"):] and b"/Fl " not in head[head.rfind(b"<<"):]:
            continue
        inflater = zlib.decompressobj()
        pos, produced = found.end(), 0
        try:
            while pos < len(data) and not inflater.eof:
                chunk = data[pos:pos + 65536]
                pos += len(chunk)
                produced += len(inflater.decompress(chunk, limits.max_stream_bytes + 1 - produced))
                while inflater.unconsumed_tail and produced <= limits.max_stream_bytes:
                    produced += len(inflater.decompress(inflater.unconsumed_tail,
                                                        limits.max_stream_bytes + 1 - produced))
                if produced > limits.max_stream_bytes:
                    raise CorpusError(
                        f"{doc_id}: the PDF expands beyond safe limits (a stream inflates to over "
                        f"{limits.max_stream_bytes:,} bytes); it may be a decompression bomb — "
                        "re-export it from the original application"
                    )
        except zlib.error:
            continue  # encrypted or damaged: PDFium decides


def _open(data: bytes, doc_id: str, limits: Limits):
    """A PdfDocument for the bytes, decrypted when it has an empty user password."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    if b"%PDF-" not in data[:1024]:
        raise CorpusError(
            f"{doc_id}: not a PDF (no %PDF- header); it may be another kind of file renamed to .pdf — "
            "give it its real extension or re-export it as PDF"
        )
    _check_streams(data, doc_id, limits)
    try:
        pdf = pdfium.PdfDocument(data, password="")
    except pdfium.PdfiumError as exc:
        if exc.err_code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            raise CorpusError(
                f"{doc_id}: the PDF is encrypted (password-protected), so its text cannot be read; "
                "save an unprotected copy (e.g. `qpdf --decrypt --password=... in.pdf out.pdf`) and index that"
            ) from None
        raise _damaged(doc_id, exc) from None
    if len(pdf) > limits.max_pages:
        n = len(pdf)
        pdf.close()
        raise CorpusError(f"{doc_id}: {n:,} pages, over the {limits.max_pages:,}-page limit; split the PDF into "
                          "smaller files")
    if len(pdf) == 0:
        pdf.close()
        raise _damaged(doc_id, ValueError("no pages"))
    return pdf


def _damaged(doc_id: str, exc: Exception) -> CorpusError:
    return CorpusError(
        f"{doc_id}: cannot be read as a PDF ({type(exc).__name__}: {str(exc)[:120]}); it may be "
        "truncated or damaged — download or export it again"
    )


def _metadata_title(pdf) -> str | None:
    title = clean_line(pdf.get_metadata_value("Title") or "")
    if not title or _BAD_TITLE.search(title) or not any(ch.isalpha() for ch in title) or len(title) > 200:
        return None
    return title


def _page_labels(pdf) -> tuple[str, ...]:
    """Each page's printed label from the PDF's /PageLabels ("" for every page when it has none)."""
    import pypdfium2.raw as raw

    labels = []
    buffer = ctypes.create_string_buffer(256)
    for index in range(len(pdf)):
        size = raw.FPDF_GetPageLabel(pdf.raw, index, buffer, len(buffer))
        labels.append(buffer.raw[:max(0, min(size, len(buffer)) - 2)].decode("utf-16-le", "replace")
                      if size > 2 else "")
    return tuple(labels)


class _Counter:
    """Work done on one file so far, against the limits."""

    def __init__(self, doc_id: str, n_pages: int, limits: Limits) -> None:
        self.doc_id, self.n_pages, self.limits = doc_id, n_pages, limits
        self.objects = 0
        self.chars = 0

    def add_objects(self, n: int, page: int) -> None:
        self.objects += n
        if self.objects > self.limits.max_pdf_objects:
            raise CorpusError(
                f"{self.doc_id}: over {self.limits.max_pdf_objects:,} drawing objects by page {page} of "
                f"{self.n_pages}; the PDF is unusually complex (drawings rather than text?) — convert it to "
                "text and index that"
            )

    def add_chars(self, n: int) -> None:
        self.chars += n
        if self.chars > self.limits.max_text_chars:
            raise too_long(self.doc_id, self.limits.max_text_chars)


def _fast(function, restype, *argtypes):
    """A C function of PDFium's with plain argument types (handles and pointers as ints).

    pypdfium2's prototypes check each pointer's type and wrap each returned handle in a ctypes
    object; per text run that costs more than PDFium's own work.
    """
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


class _Fonts:
    """Whether each font is bold, asked of PDFium once per font."""

    def __init__(self) -> None:
        self._bold: dict[int, bool] = {}
        self._name = ctypes.create_string_buffer(256)

    def bold(self, font: int) -> bool:
        if font not in self._bold:
            import pypdfium2.raw as raw

            handle = ctypes.cast(font, raw.FPDF_FONT)
            n = raw.FPDFFont_GetBaseFontName(handle, self._name, len(self._name))
            name = self._name.raw[:max(0, min(n, len(self._name)) - 1)].decode("latin-1")
            weight = raw.FPDFFont_GetWeight(handle)
            self._bold[font] = (bool(_BOLD.search(name)) or weight >= 600
                                or bool(raw.FPDFFont_GetFlags(handle) & 1 << 18))
        return self._bold[font]


class _PageReader:
    """The text runs of pages, read through PDFium's C API.

    The text page gives all of a page's characters in one call; the characters of one text
    object are contiguous in it (between objects PDFium puts spaces and line breaks of no object):
    each object's stretch is found by trying its line's end, then by a galloping search over
    ``FPDFText_GetTextObject``: a few calls per object, where ``FPDFTextObj_GetText`` scans the
    whole page for each object (quadratic on a dense financial statement). Position and size come
    from the first character's matrix in page space, the right edge from the last character's box,
    so text inside form XObjects is placed right too.
    """

    def __init__(self, counter: _Counter) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        self.counter = counter
        self.fonts = _Fonts()
        pointer, integer, double = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
        self.object_at = _fast(raw.FPDFText_GetTextObject, pointer, pointer, integer)
        self.unicode_at = _fast(raw.FPDFText_GetUnicode, ctypes.c_uint, pointer, integer)
        self.get_matrix = _fast(raw.FPDFText_GetMatrix, integer, pointer, integer, pointer)
        self.font_size = _fast(raw.FPDFText_GetFontSize, double, pointer, integer)
        self.char_box = _fast(raw.FPDFText_GetCharBox, integer, pointer, integer, pointer, pointer, pointer, pointer)
        self.loose_box = _fast(raw.FPDFText_GetLooseCharBox, integer, pointer, integer, pointer)
        self.char_origin = _fast(raw.FPDFText_GetCharOrigin, integer, pointer, integer, pointer, pointer)
        self.render_mode = _fast(raw.FPDFTextObj_GetTextRenderMode, integer, pointer)
        self.get_font = _fast(raw.FPDFTextObj_GetFont, pointer, pointer)
        self.matrix = raw.FS_MATRIX()
        self.matrix_at = ctypes.addressof(self.matrix)
        self.box = [ctypes.c_double() for _ in range(4)]
        self.box_at = [ctypes.addressof(v) for v in self.box]
        self.rect = raw.FS_RECTF()
        self.rect_at = ctypes.addressof(self.rect)
        self.origin = [ctypes.c_double() for _ in range(2)]
        self.origin_at = [ctypes.addressof(v) for v in self.origin]

    def runs(self, page, textpage, number: int) -> tuple[list[Run], bool]:
        """The page's text runs in the text page's order, and whether a page of little text shows an image."""
        raw = self.raw
        count = raw.FPDFPage_CountObjects(page)
        self.counter.add_objects(max(count, 0), number)
        n = raw.FPDFText_CountChars(textpage)
        if n < _MIN_PAGE_CHARS:  # little or no text: is the page a scan?
            images = any(raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page, i)) in (_IMAGE, _FORM)
                         for i in range(max(count, 0)))
            if n <= 0:
                return [], images
        else:
            images = False
        self.counter.add_chars(n)
        handle = ctypes.cast(textpage, ctypes.c_void_p).value
        text = self.page_text(textpage, n)
        if len(text) != n:  # the UTF-16 text does not align with the characters: read them one by one
            text = "".join(chr(min(self.unicode_at(handle, i), 0x10FFFF)) for i in range(n))
        object_at = self.object_at
        runs: list[Run] = []
        i = 0
        while i < n:
            obj = object_at(handle, i)
            if not obj:  # a space or line break PDFium put in: scattered, so one at a time
                i += 1
                continue
            # Most objects run to the end of their line: try there first, then gallop.
            line_end = text.find("\r", i)
            line_end = n if line_end < 0 else line_end
            # (The line break itself is PDFium's, of no object.)
            if object_at(handle, line_end - 1) == obj:
                runs += self._runs(handle, obj, text[i:line_end], i, line_end - 1)
                i = line_end
                continue
            step, last = 1, i
            while last + step < n and object_at(handle, last + step) == obj:
                last += step
                step *= 2
            high = min(last + step, n)
            while high - last > 1:
                middle = (last + high) // 2
                if object_at(handle, middle) == obj:
                    last = middle
                else:
                    high = middle
            runs += self._runs(handle, obj, text[i:high], i, high - 1)
            i = high
        return runs, images

    def page_text(self, textpage, n: int) -> str:
        """The text page's ``n`` characters in one call (one per character index, unless a character
        outside the BMP takes two UTF-16 units)."""
        buffer = (ctypes.c_ushort * (n + 1))()
        written = self.raw.FPDFText_GetText(textpage, 0, n, buffer)
        return ctypes.string_at(buffer, 2 * max(0, written - 1)).decode("utf-16-le", "replace")

    def _runs(self, textpage: int, obj: int, text: str, first: int, last: int) -> list[Run]:
        """The run of ``obj`` (``text`` is the characters ``first`` to ``last`` of the text page): one
        per figure when the object draws a row's figures with spaces between them ("$ 51,217 $ 46,710
        $ 44,538", "2023 2022 2021"), each where its glyphs are, so that the columns part them."""
        run = self._run(textpage, obj, text, first, last)
        if run is None or not _FIGURES.match(text):
            return [] if run is None else [run]
        out = []
        for figure in _FIGURE.finditer(text):
            a, b = first + figure.start(), first + figure.end() - 1
            x0 = self.origin[0].value if self.char_origin(textpage, a, *self.origin_at) else run.x0
            x1 = self.rect.right if self.loose_box(textpage, b, self.rect_at) else run.x1
            out.append(run._replace(text=figure.group(), x0=x0, x1=max(x0, x1)))
        return out

    def _run(self, textpage: int, obj: int, text: str, first: int, last: int) -> Run | None:
        """One run: ``text`` is the characters ``first`` to ``last`` of the text page, all of ``obj``."""
        if not text.strip():
            return None
        last -= len(text) - len(text.rstrip())  # a space's box can reach the next run: measure to the last glyph
        self.get_matrix(textpage, first, self.matrix_at)
        m = self.matrix
        if abs(m.b) > abs(m.a) or m.a <= 0:
            return None  # turned or mirrored text (a margin label, a watermark) is no part of the reading
        size = round(self.font_size(textpage, first) * (m.c * m.c + m.d * m.d) ** 0.5 * 2) / 2
        self.char_box(textpage, last, *self.box_at)
        x0, x1 = m.e, self.box[1].value
        # The object's origin is where its first glyph would start; a figure set right inside an
        # object that starts at its column's left edge begins at its own first glyph's origin.
        if self.char_origin(textpage, first + len(text) - len(text.lstrip()), *self.origin_at):
            x0 = max(x0, self.origin[0].value)
        # The ink box ends where the glyph's ink does; its advance (the loose box) is where the
        # next glyph of the word starts. A figure drawn glyph by glyph ("1", "9") is one word
        # only when measured to the advance: to the ink, a "1" leaves a gap of a space.
        if self.loose_box(textpage, last, self.rect_at):
            x1 = max(x1, self.rect.right)
        bold = self.render_mode(obj) == _FILL_STROKE or self.fonts.bold(self.get_font(obj) or 0)
        if "\r" in text or "\ufffe" in text or "\x02" in text:
            text = text.replace("\r\n", " ").replace("\ufffe", "-").replace("\x02", "-")
        return Run(text, x0, max(x1, x0), m.f, size, bold)


def _extract(pdf, doc_id: str, limits: Limits) -> tuple[list[list[Line]], list[bool]]:
    """Each page's lines, and whether each page shows an image."""
    counter = _Counter(doc_id, len(pdf), limits)
    reader = _PageReader(counter)
    pages, images = [], []
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        try:
            runs, has_image = reader.runs(page.raw, textpage.raw, index + 1)
        finally:
            textpage.close()
            page.close()
        pages.append(lines_of(runs))
        images.append(has_image)
    return pages, images


def _page_ranges(numbers: list[int]) -> str:
    """'3, 5–7' from [3, 5, 6, 7]."""
    out: list[str] = []
    for n in numbers:
        if out and n == int(out[-1].split("–")[-1]) + 1:
            out[-1] = f"{out[-1].split('–')[0]}–{n}"
        else:
            out.append(str(n))
    return ", ".join(out)


def read(data: bytes, doc_id: str, limits: Limits | None = None) -> Document:
    """Read a .pdf file.

    Args:
        data: The file's bytes.
        doc_id: Path relative to the corpus folder.
        limits: Page, object, text and decompression bounds (default: :class:`Limits`).

    Returns:
        The Document; ``text`` is the cleaned extracted text, ``pages`` the span of each page,
        ``page_labels`` the number printed on each page where one is known, and every paragraph
        knows its page, so citations read "p. 52 (PDF p. 54)".

    Raises:
        CorpusError: Not a PDF, damaged, encrypted, or over a limit.
        EmptyDocumentError: No page has extractable text (a scan: OCR it first).
    """
    import pypdfium2 as pdfium

    limits = limits or Limits()
    notes: list[str] = []
    with _LOCK:
        pdf = _open(data, doc_id, limits)
        try:
            title = _metadata_title(pdf)
            labels = _page_labels(pdf)
            pages, images = _extract(pdf, doc_id, limits)
        except pdfium.PdfiumError as exc:
            raise _damaged(doc_id, exc) from None
        finally:
            pdf.close()
    textless = [n for n, lines in enumerate(pages, start=1)
                if sum(len(line.text.strip()) for line in lines) < _MIN_PAGE_CHARS]
    if len(textless) == len(pages):
        raise EmptyDocumentError(
            f"{doc_id}: no extractable text in its {len(pages)} page(s) (a scan or images of text); "
            "OCR it first (e.g. `ocrmypdf in.pdf out.pdf`) and index the OCR'd copy"
        )
    scanned = [n for n in textless if images[n - 1]]
    if scanned:
        notes.append(f"{doc_id}: page(s) {_page_ranges(scanned)} have no extractable text (scanned?); "
                     "OCR the file to make them searchable")
    return lay_out(pages, doc_id, sha256(data), title, tuple(notes), limits, labels)
