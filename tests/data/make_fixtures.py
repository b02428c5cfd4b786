"""Regenerate the small fixture files in tests/data: `python tests/data/make_fixtures.py`."""

from __future__ import annotations

import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from pdfmaker import Text, flow, pdf_bytes  # noqa: E402

HEADER = "Acme Tea in Kenya — Case 9-123-456"


def _page(number: int, body: list[Text]) -> list[Text]:
    """Body text plus the running header and the page number, drawn last as many PDFs do."""
    return [*body, Text(72, 760, HEADER, 8), Text(300, 40, str(number), 9)]


def case_pdf() -> bytes:
    """Three pages: headings, a hyphenated word, a paragraph that runs on to page 2, two columns."""
    page1 = [Text(72, 720, "Acme Tea in Kenya", 18, bold=True), Text(72, 690, "Background", 13, bold=True)]
    page1 += flow([
        "Acme Tea was founded in 1998 in Nairobi by two sisters, Wanjiru and Akinyi Otieno, who",
        "wanted to sell high quality tea directly to buyers in Europe. Their first years were spent on",
        "building a reliable supply of leaf from small farms, and on careful manage-",
        "ment of the drying process, which decides the flavour of the final product.",
        None,
        "By 2005 the company employed 300 people and exported 1,200 tonnes of tea a year to",
        "buyers in London, Hamburg and Rotterdam. Most of that tea was sold under the buyers'",
        "own brands, which kept margins thin and left Acme exposed to the price swings of the",
    ], top=668)
    page2 = flow([
        "Mombasa auction, where a kilogram of black tea traded between $2.10 and $3.40.",
        None,
    ], top=720)
    page2 += [Text(72, 680, "The Decision", 13, bold=True)]
    page2 += flow([
        "In March 2011 the board met to decide whether Acme should build a second factory in",
        "Tanzania. The factory would cost $4.5 million and double capacity within two years.",
        "The sisters disagreed: Wanjiru wanted to grow, Akinyi feared the debt it would bring.",
        None,
        "The board listed three options:",
        "• build the factory in Tanzania",
        "• lease capacity from a rival in Uganda",
        "• stay in Kenya and invest in an own brand",
    ], top=658)
    left = flow([
        "The left column explains the market. Kenya is",
        "the largest exporter of black tea in the world,",
        "and prices are set at the weekly auction.",
    ], top=720, left=72)
    right = flow([
        "The right column explains the costs. Labour",
        "is cheaper in Tanzania, but transport to the",
        "port of Dar es Salaam adds two days.",
    ], top=720, left=320)
    return pdf_bytes([_page(1, page1), _page(2, page2), _page(3, left + right)], title="Acme Tea in Kenya")


def scanned_pdf() -> bytes:
    """Two pages that are images only: nothing to extract."""
    return pdf_bytes([[], []], images=[0, 1])


def partly_scanned_pdf() -> bytes:
    """Page 1 has text, page 2 is a scanned image."""
    text = flow(["Page one has a text layer: Acme sells tea in Kenya and exports it to Europe."])
    return pdf_bytes([text, []], images=[1], title="Partly scanned")


def encrypted_pdf(user_password: str = "secret") -> bytes:
    """A text PDF encrypted with RC4 (pypdf, a dev-only dependency, writes it).

    With the default a user password protects it; with ``user_password=""`` anyone may open it
    and only the owner's rights are restricted, as SEC filings such as Lyft's 2021 10-K are.
    """
    from pypdf import PdfReader, PdfWriter

    plain = pdf_bytes([flow(["Secret tea figures for Acme in Kenya: revenue rose to 4.1 million dollars."])])
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def case_docx() -> bytes:
    """Title, headings, a bulleted list after a colon, a table and a numbered list."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Acme Tea in Kenya"
    document.add_paragraph("Acme Tea in Kenya", style="Title")
    document.add_heading("Background", level=1)
    document.add_paragraph("Acme Tea was founded in 1998 in Nairobi by two sisters. By 2005 the company "
                           "employed 300 people and exported 1,200 tonnes of tea a year.")
    document.add_paragraph("The board listed three options:")
    for option in ("build a factory in Tanzania", "lease capacity in Uganda", "invest in an own brand"):
        document.add_paragraph(option, style="List Bullet")
    document.add_heading("Financials", level=2)
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["Year", "Revenue", "Staff"], ["2009", "$4.1 million", "280"],
                             ["2010", "$5.3 million", "300"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("Revenue grew by 29% in 2010, while the number of staff grew by 7%.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


CASE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Acme Tea in Kenya | Case Library</title>
<link rel="stylesheet" href="https://cdn.example.com/site.css">
<style>p { color: #333 } .secret { display: none }</style>
<script src="https://cdn.example.com/tracker.js"></script>
<script>document.write("<p>Injected by a script</p>");</script>
</head><body>
<nav><a href="/">Home</a> <a href="/cases">All cases</a></nav>
<h1>Acme Tea in Kenya</h1>
<img src="https://images.example.com/cover.jpg" alt="Tea pickers on a hill">
<p>Acme Tea was founded in 1998 in <b>Nairobi</b> by two sisters.<br>
By 2005 the company employed 300&nbsp;people &amp; exported 1,200 tonnes a year.</p>
<h2>The Decision</h2>
<p>The board listed three options:</p>
<ul><li>build a factory in Tanzania</li><li><p>lease capacity in Uganda</p></li></ul>
<table><tr><th>Year</th><th>Revenue</th></tr><tr><td>2009</td><td>$4.1 million</td></tr></table>
<div hidden>Hidden note for editors</div><p class="x" style="display:none">Invisible text</p>
<noscript>Enable JavaScript</noscript>
<p>Caf&eacute; owners in Nairobi buy Acme&#8217;s tea &mdash; and pay on time.</p>
</body></html>
"""


def main() -> None:
    """Write every fixture next to this script."""
    files = {
        "case.pdf": case_pdf(),
        "scanned.pdf": scanned_pdf(),
        "partly-scanned.pdf": partly_scanned_pdf(),
        "encrypted.pdf": encrypted_pdf(),
        "encrypted-open.pdf": encrypted_pdf(user_password=""),
        "case.docx": case_docx(),
        "case.html": CASE_HTML.encode("utf-8"),
    }
    for name, data in files.items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
