"""HTML case files with the standard library's parser: visible text only, h1–h6 become sections.

Site chrome is left out: navigation, footers, asides, cookie banners, share bars and breadcrumbs,
and everything outside the page's <main> (or its <article>s) when it has one. Nothing referenced
by the page (images, scripts, style sheets, frames) is ever fetched.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from caseqa.config import Limits
from caseqa.errors import CorpusError
from caseqa.ingest.formats.builder import DocumentBuilder, clean_line
from caseqa.ingest.formats.decoding import decode, sha256, too_long
from caseqa.ingest.structure import LIST_MARKER, BlockKind
from caseqa.types import Document

# Elements whose content is never shown as text (or is site chrome: menus, footers, sidebars).
HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object",
                    "embed", "canvas", "nav", "select", "datalist", "button", "footer", "aside", "dialog"})
CHROME_ROLES = frozenset({"navigation", "contentinfo", "complementary", "search", "dialog", "alertdialog"})
# Site chrome named by its class or id: "cookie-banner", "gdpr_consent", "share-bar", "breadcrumbs".
_CHROME = re.compile(r"(?:^|[\s_-])(?:cookies?|consent|gdpr|banner|share|sharing|breadcrumbs?)(?:$|[\s_-])",
                     re.IGNORECASE)
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                  "source", "track", "wbr"})
BLOCK = frozenset({"address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog",
                   "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup",
                   "hr", "html", "legend", "main", "ol", "p", "pre", "section", "summary", "table", "tbody",
                   "tfoot", "thead", "ul"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
MAIN, ARTICLE = 1, 2  # where a block sits: inside <main>, inside <article>
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


class _Extractor(HTMLParser):
    """Collects (kind, text) blocks from the parser's events, without recursion."""

    def __init__(self, max_depth: int) -> None:
        super().__init__(convert_charrefs=True)
        self.max_depth = max_depth  # open elements tracked; deeper ones only count, so end tags balance
        self.blocks: list[tuple[str, str]] = []
        self.scopes: list[int] = []  # per block: MAIN and ARTICLE bits for where it sits
        self.h1s: set[int] = set()  # indexes of the blocks that are h1 headings
        self.title_parts: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # tag, hidden
        self._overflow = 0
        self._buffer: list[str] = []
        self._kind = BlockKind.TEXT
        self._in_title = False
        self._pre = 0
        self._cells: list[str] | None = None
        self._marker: str | None = None  # a list item's bullet or number, put before its first text
        self._h1 = False
        self._ordinals: list[int | None] = []  # per open list: next number (ol) or None (ul)
        self._main = 0  # open <main> elements
        self._article = 0  # open <article> elements
        self.too_deep = False

    @property
    def hidden(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def flush(self) -> None:
        text = "".join(self._buffer)
        self._buffer.clear()
        text = text if self._pre else re.sub(r"[ \t\r\f\v]+", " ", text)
        if self._cells is not None:
            if text.strip():
                self._cells.append(clean_line(text))
        elif text.strip():
            if self._marker is not None:
                text, self._kind, self._marker = f"{self._marker} {text.strip()}", BlockKind.LIST, None
            if self._kind == BlockKind.HEADING and self._h1:
                self.h1s.add(len(self.blocks))
            self._add(self._kind, text)
        self._kind = BlockKind.TEXT

    def _add(self, kind: BlockKind, text: str) -> None:
        self.blocks.append((kind, text))
        self.scopes.append((MAIN if self._main else 0) | (ARTICLE if self._article else 0))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and not self.title_parts and all(t != "svg" for t, _ in self._stack):
            self._in_title = True
        if tag in VOID:
            if tag == "br" and not self.hidden:
                self._buffer.append("\n")
            elif tag == "hr" and not self.hidden:
                self.flush()
            return
        attributes = dict(attrs)
        hidden = (
            self.hidden or tag in HIDDEN or "hidden" in attributes
            or attributes.get("aria-hidden") == "true" or bool(_HIDDEN_STYLE.search(attributes.get("style") or ""))
            or (attributes.get("role") or "").strip().lower() in CHROME_ROLES
            or bool(_CHROME.search(attributes.get("class") or "")) or bool(_CHROME.search(attributes.get("id") or ""))
        )
        if len(self._stack) >= self.max_depth:
            self._overflow += 1
            self.too_deep = True
            return
        self._stack.append((tag, hidden))
        if hidden:
            return
        if tag in BLOCK or tag in HEADINGS or tag in ("li", "tr", "td", "th"):
            self.flush()
        if tag == "main":
            self._main += 1
        elif tag == "article":
            self._article += 1
        if tag in HEADINGS:
            self._kind = BlockKind.HEADING
            self._h1 = tag == "h1"
        elif tag == "pre":
            self._pre += 1
        elif tag in ("ul", "ol"):
            self._ordinals.append(1 if tag == "ol" else None)
        elif tag == "li":
            number = self._ordinals[-1] if self._ordinals else None
            marker = "•" if number is None else f"{number}."
            if self._ordinals and number is not None:
                self._ordinals[-1] = number + 1
            self._marker = marker
        elif tag == "tr":
            self._cells = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in VOID:
            return
        if self._overflow:
            self._overflow -= 1
            return
        # Close the nearest open element of that name; a stray end tag is ignored.
        for depth in range(len(self._stack) - 1, max(-1, len(self._stack) - 33), -1):
            if self._stack[depth][0] == tag:
                break
        else:
            return
        while len(self._stack) > depth:
            closed, hidden = self._stack.pop()
            if hidden:
                continue
            if closed in BLOCK or closed in HEADINGS or closed in ("li", "td", "th"):
                self.flush()
            if closed == "main":
                self._main -= 1
            elif closed == "article":
                self._article -= 1
            if closed == "li":
                self._marker = None
            if closed == "pre":
                self._pre = max(0, self._pre - 1)
            elif closed in ("ul", "ol") and self._ordinals:
                self._ordinals.pop()
            elif closed == "tr" and self._cells is not None:
                self.flush()
                cells, self._cells = self._cells, None
                if cells:
                    self._add(BlockKind.TABLE, " | ".join(cells))

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        elif not self.hidden:
            self._buffer.append(data)


def _content(parser: _Extractor) -> tuple[list[tuple[str, str]], str | None]:
    """The blocks of the page's content, and its first h1.

    With a <main>, only what is inside it; else, with <article>s, only what is inside them; else
    everything visible.
    """
    present = 0
    for scope in parser.scopes:
        present |= scope
    keep = MAIN if present & MAIN else ARTICLE if present & ARTICLE else 0
    indexes = [i for i, scope in enumerate(parser.scopes) if scope & keep or not keep]
    h1 = next((clean_line(parser.blocks[i][1]) for i in indexes if i in parser.h1s), None)
    return [parser.blocks[i] for i in indexes], h1 or None


def _declared_charset(data: bytes) -> str | None:
    found = _CHARSET.search(data[:4096])
    if not found:
        return None
    name = found.group(1).decode("ascii", "replace")
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    # As browsers do: pages labelled Latin-1 or ASCII are read as Windows-1252.
    return "cp1252" if canonical in ("iso8859-1", "ascii") else canonical


def read(data: bytes, doc_id: str, limits: Limits | None = None) -> Document:
    """Read an .html file.

    Args:
        data: The file's bytes.
        doc_id: Path relative to the corpus folder.
        limits: Text bounds (default: :class:`Limits`).

    Returns:
        The Document: the visible text as blocks (paragraphs, list items with their bullets or
        numbers, table rows with ' | ' between cells); h1–h6 start sections; the title is the
        page's first h1 (which then opens no section), else its <title>, else its first heading.

    Raises:
        CorpusError: Not text, or over a limit.
    """
    limits = limits or Limits()
    markup, encoding, warnings = decode(data, doc_id, declared=_declared_charset(data))
    # Markup is longer than its text: only refuse what could not fit even as text. Lines may be
    # long (minified pages are one line).
    if len(markup) > 4 * limits.max_text_chars:
        raise too_long(doc_id, 4 * limits.max_text_chars)
    parser = _Extractor(limits.max_html_depth)
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError, RecursionError) as exc:
        raise CorpusError(f"{doc_id}: cannot be parsed as HTML ({exc}); save the page again from a browser") from None
    parser.flush()
    notes = list(warnings)
    if parser.too_deep:
        notes.append(f"{doc_id}: elements nested more than {limits.max_html_depth} deep; the text is kept but its "
                     "layout may be approximate")
    builder = DocumentBuilder(doc_id, limits.max_text_chars)
    blocks, h1 = _content(parser)
    # The page's own h1 names the case better than <title>, which often adds the site's name; the
    # builder shows it as the title, opening no section, when it comes before the prose.
    title = h1 or clean_line("".join(parser.title_parts)) or None
    for kind, text in blocks:
        item = kind == BlockKind.LIST and LIST_MARKER.match(clean_line(text)) is not None
        if kind == builder.last_kind and (item or kind == BlockKind.TABLE):
            builder.extend(text, joiner="\n")
        else:
            builder.add(kind, text)
    return builder.document(sha256(data), title=title, encoding=encoding, warnings=tuple(notes))
