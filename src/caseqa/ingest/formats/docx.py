"""Word (.docx) case files via python-docx: heading styles become sections, tables become rows of text.

python-docx sees only the body's top-level paragraphs and tables; content controls, text boxes
and footnotes or endnotes are walked here from the XML it has already parsed safely.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from caseqa.config import Limits
from caseqa.errors import CorpusError
from caseqa.ingest.formats.builder import DocumentBuilder, clean_line, is_prose
from caseqa.ingest.formats.decoding import sha256
from caseqa.ingest.structure import LIST_MARKER, BlockKind, title_from_name
from caseqa.types import Document

_HEADING = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"  # python-docx has no "mc"


def _check_package(data: bytes, doc_id: str, limits: Limits) -> None:
    """Refuse what is not a Word package, and zip or XML entity bombs, before python-docx sees it.

    zipfile never returns more than an entry's declared size, so bounding the declared sizes
    bounds what python-docx can unpack.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise CorpusError(
            f"{doc_id}: not a valid .docx (not a zip package); it may be an old .doc, a password-protected "
            "file or another format renamed — open it in Word and save it as .docx (unprotected)"
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_docx_parts:
            raise CorpusError(f"{doc_id}: the .docx package holds {len(infos):,} parts; re-save it from Word")
        total = sum(info.file_size for info in infos)
        if total > limits.max_unpacked_bytes:
            raise CorpusError(
                f"{doc_id}: unpacks to {total / 1e6:,.0f} MB, over the {limits.max_unpacked_bytes / 1e6:,.0f} MB "
                "limit (a zip bomb, or very large embedded media); re-save it from Word without the media"
            )
        for info in infos:
            if info.file_size > 1_000_000 and info.file_size > limits.max_docx_ratio * max(info.compress_size, 1):
                raise CorpusError(
                    f"{doc_id}: part {info.filename!r} expands {info.file_size // max(info.compress_size, 1):,} "
                    "times when unpacked, as zip bombs do; re-save the document from Word"
                )
        names = {info.filename for info in infos}
        if "word/document.xml" not in names:
            raise CorpusError(f"{doc_id}: not a Word document (no word/document.xml); save it from Word as .docx")
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                try:
                    blob = archive.read(info)
                except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError) as exc:
                    raise CorpusError(f"{doc_id}: damaged .docx ({exc}); save it again from Word") from None
                if _DTD.search(blob):
                    raise CorpusError(
                        f"{doc_id}: part {info.filename!r} declares XML entities (a DOCTYPE), which Word never "
                        "writes and entity-expansion bombs use; re-save the document from Word"
                    )


def _style_names(paragraph) -> Iterator[str]:
    """The paragraph's style name, then those it is based on."""
    style = paragraph.style
    for _ in range(10):
        if style is None:
            return
        yield style.name or ""
        style = style.base_style


def _kind(paragraph) -> BlockKind:
    """'title', 'heading', 'list' or 'text' from the paragraph's style and numbering."""
    from docx.oxml.ns import qn

    for name in _style_names(paragraph):
        if name == "Title":
            return BlockKind.TITLE
        if _HEADING.match(name):
            return BlockKind.HEADING
    p_pr = paragraph._p.pPr
    if p_pr is not None:
        outline = p_pr.find(qn("w:outlineLvl"))
        if outline is not None and outline.get(qn("w:val"), "9") in "012345":
            return BlockKind.HEADING
        if p_pr.find(qn("w:numPr")) is not None:
            return BlockKind.LIST
    if any("List" in name for name in _style_names(paragraph)):
        return BlockKind.LIST
    return BlockKind.TEXT


def _is_heading_1(paragraph) -> bool:
    """Styled "Heading 1", directly or through the style it is based on."""
    return any((m := _HEADING.match(name)) is not None and m.group(1) == "1" for name in _style_names(paragraph))


def _rows(table) -> list[str]:
    """A table as text rows, cells separated by ' | ' (merged cells once)."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = clean_line(cell.text)
            if text:
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


@dataclass(frozen=True)
class _Block:
    """A paragraph or table in reading order; ``boxed`` when it sits in a text box."""

    item: object  # docx.text.paragraph.Paragraph or docx.table.Table
    boxed: bool = False


def _text_boxes(p) -> list:  # list of w:txbxContent elements
    """The text boxes a paragraph anchors (``w:txbxContent``), outermost only, each once.

    Word writes a shape twice, as DrawingML and as a VML fallback (``mc:Fallback``) for old
    readers; the fallback copy is skipped. A box inside a box is read with its outer box.
    """
    from docx.oxml.ns import qn

    fallback, box = _MC_FALLBACK, qn("w:txbxContent")
    out = []
    for content in p.iter(box):
        parent = content.getparent()
        while parent is not None and parent is not p and parent.tag not in (fallback, box):
            parent = parent.getparent()
        if parent is p:
            out.append(content)
    return out


def _is_contents(sdt) -> bool:
    """A table of contents Word keeps in a content control: it repeats the headings with page numbers."""
    from docx.oxml.ns import qn

    gallery = sdt.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
    return gallery is not None and gallery.get(qn("w:val"), "").casefold() == "table of contents"


def _blocks(container, parent, boxed: bool = False) -> Iterator[_Block]:
    """Paragraphs and tables under a body or text-box element, in reading order.

    Block-level content controls (``w:sdt``, an "Abstract" field) are read through as if their
    paragraphs stood in the body, except a table of contents; a paragraph's text boxes follow it
    as paragraphs of their own.
    """
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield _Block(Paragraph(child, parent), boxed)
            for content in _text_boxes(child):
                yield from _blocks(content, parent, boxed=True)
        elif child.tag == qn("w:tbl"):
            yield _Block(Table(child, parent), boxed)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None and not _is_contents(child):
                yield from _blocks(content, parent, boxed)


# (relationship type, note element, name in messages) of each part with notes, footnotes first.
_NOTE_PARTS = (
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes", "w:footnote", "footnotes"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes", "w:endnote", "endnotes"),
)


def _notes(document, doc_id: str) -> tuple[list[str], list[str]]:
    """The footnotes' and endnotes' text ("1 The return rate ..."), and warnings for parts not read.

    Each kind is numbered in the order the body refers to it, as Word numbers them; separators
    and notes the body never refers to are not shown by Word and are skipped. The parts are
    parsed with python-docx's parser (no entity resolution), after :func:`_check_package`
    refused any DOCTYPE.
    """
    from docx.oxml.ns import qn
    from docx.oxml.parser import parse_xml
    from docx.text.paragraph import Paragraph
    from lxml.etree import LxmlError

    body = document.element.body
    notes: list[str] = []
    problems: list[str] = []
    for reltype, tag, name in _NOTE_PARTS:
        parts = [rel.target_part for rel in document.part.rels.values()
                 if rel.reltype == reltype and not rel.is_external]
        if not parts:
            continue
        try:
            root = parse_xml(parts[0].blob)
        except (LxmlError, ValueError) as exc:
            problems.append(f"{doc_id}: its {name} could not be read ({type(exc).__name__}: {str(exc)[:80]}) and "
                            "are left out; the rest of the document is indexed")
            continue
        texts: dict[str | None, str] = {}  # note id -> its text
        for note in root.iterchildren(qn(tag)):
            text = " ".join(t for t in (clean_line(Paragraph(p, None).text) for p in note.iter(qn("w:p"))) if t)
            if text:
                texts[note.get(qn("w:id"))] = text
        seen: set[str] = set()
        for ref in body.iter(qn(f"{tag}Reference")):
            key = ref.get(qn("w:id"))
            if key in texts and key not in seen:
                seen.add(key)
                notes.append(f"{len(seen)} {texts[key]}")
    return notes, problems


def _headless(builder: DocumentBuilder) -> bool:
    """The last block added is neither a heading nor prose (see :meth:`DocumentBuilder.document`)."""
    return builder.last_kind not in (BlockKind.TITLE, BlockKind.HEADING) and not is_prose(builder.last_text)


def read(data: bytes, doc_id: str, limits: Limits | None = None) -> Document:
    """Read a .docx file.

    Args:
        data: The file's bytes.
        doc_id: Path relative to the corpus folder.
        limits: Text and unpacking bounds (default: :class:`Limits`).

    Returns:
        The Document: headings ("Heading N" styles or an outline level) start sections, list
        paragraphs are bulleted, each table is one paragraph of ' | '-separated rows.
        Content controls read as the body around them, a text box's paragraphs follow the
        paragraph that anchors it (as text: a sidebar's heading opens no section), and
        footnotes then endnotes close the document in a "Notes" section. The title
        is the visible one: the first Title-style paragraph, else a Heading 1 that opens the
        document; else the document's Title property; else its first heading before any prose.
        The core property is last because templates leave it stale ("Case Template v2").

    Raises:
        CorpusError: Not a Word document, damaged, a bomb, or over a limit.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    limits = limits or Limits()
    _check_package(data, doc_id, limits)
    try:
        document = docx.Document(io.BytesIO(data))
        styled: str | None = None  # the first Title-style paragraph
        opening: str | None = None  # a Heading 1 that is the document's first paragraph
        builder = DocumentBuilder(doc_id, limits.max_text_chars)
        headless = True  # no heading and no prose yet: the builder would still take a heading as the title
        for block in _blocks(document.element.body, document._body):
            headless = headless and _headless(builder)
            item = block.item
            if isinstance(item, docx.table.Table):
                builder.add(BlockKind.TABLE, "\n".join(_rows(item)))
                continue
            kind = _kind(item)
            if block.boxed and kind in (BlockKind.TITLE, BlockKind.HEADING):
                kind = BlockKind.TEXT
            text = item.text
            if kind == BlockKind.LIST:
                text = clean_line(text)
                if not text:
                    continue
                text = text if LIST_MARKER.match(text) else f"• {text}"
                if builder.last_kind == BlockKind.LIST:
                    builder.extend(text, joiner="\n")
                    continue
            if kind == BlockKind.TITLE and styled is None:
                styled = clean_line(text) or None
            if builder.length == 0 and kind == BlockKind.HEADING and _is_heading_1(item):
                opening = clean_line(text) or None
            builder.add(kind, text)
        title = styled or opening or clean_line(document.core_properties.title or "") or None
        notes, problems = _notes(document, doc_id)
        if notes:
            if title is None and headless and _headless(builder):
                title = title_from_name(doc_id)  # else the builder would make "Notes" the title
            builder.add(BlockKind.HEADING, "Notes")
            for note in notes:
                builder.add(BlockKind.TEXT, note)
    except (PackageNotFoundError, KeyError, ValueError, TypeError, AttributeError, LxmlError,
            zipfile.BadZipFile) as exc:
        raise CorpusError(
            f"{doc_id}: cannot be read as a .docx ({type(exc).__name__}: {str(exc)[:120]}); open it in Word "
            "and save it again"
        ) from None
    return builder.document(sha256(data), title=title, warnings=tuple(problems))
