"""The real page in Debian's Chromium (Playwright, headless): ask, read, upload, remove, zero external requests.

Needs ``/usr/bin/chromium`` (``apt-get install chromium``; never ``playwright install``). Outside CI
the tests skip when it is missing; with ``CI`` set they fail instead.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from caseqa.app.engine import Engine
from caseqa.config import Settings
from caseqa.web.access import Access, Mode
from caseqa.web.startup import Startup
from conftest import ROOT, SEED_CASE
from support import free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
TIMEOUT_MS = 30_000
NEW_CASE = """# Lantern Bikes

## Founding

Lantern Bikes was founded in Porto in 2016 by Inês Duarte. The company rents electric cargo bikes to bakeries.

## Growth

By 2021 Lantern Bikes operated 340 cargo bikes in four cities, and revenue grew to EUR 2.3 million.

## Odd notes

A supplier once emailed <img src=x onerror="document.title='pwned'"> and ${1+1} and {{value}} to the team.
"""


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI; .ci/run installs it with `apt-get install chromium`")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests run in CI")




def serve(startup: Startup, access: Access | None = None) -> tuple[object, str]:
    """Serve the whole application in this process on a free loopback port, as ``python app.py`` does."""
    from caseqa.web.server import Running, create_app

    running = Running(create_app(startup, access), port=free_port()).start()
    return running, running.url


@pytest.fixture(scope="module")
def app_url(seed_engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed case (a private copy of the session's index) served with the real model."""
    require_chromium()
    base = tmp_path_factory.mktemp("browser")
    shutil.copytree(seed_engine.settings.corpus_dir, base / "corpus")
    shutil.copytree(seed_engine.settings.index_dir, base / "index")
    engine = Engine(Settings(corpus_dir=base / "corpus", index_dir=base / "index"), seed_engine.encoder)
    running, url = serve(Startup(engine).start())
    yield url
    running.close()


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A browser tab on the app, with every URL it requested (external ones are also blocked)."""

    page: object
    requested: list[str] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)  # responses with an HTTP error status

    @property
    def external(self) -> list[str]:
        return [u for u in self.requested
                if urlparse(u).scheme not in ("data", "blob") and urlparse(u).hostname not in LOCAL_HOSTS]


def open_page(browser, url: str, width: int = 1200) -> tuple[object, Visit]:
    context = browser.new_context(viewport={"width": width, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    visit = Visit(page)
    lock = threading.Lock()

    def record(route) -> None:
        with lock:
            visit.requested.append(route.request.url)
        if urlparse(route.request.url).hostname in LOCAL_HOSTS or urlparse(route.request.url).scheme == "data":
            route.continue_()
        else:
            route.abort()

    context.route("**/*", record)
    page.on("websocket", lambda ws: visit.requested.append(ws.url))
    context.on("response", lambda r: visit.failed.append((r.status, r.url)) if r.status >= 400 else None)
    page.on("dialog", lambda dialog: (visit.requested.append(f"dialog:{dialog.message}"), dialog.dismiss()))
    page.goto(url)
    return context, visit


@pytest.fixture
def visit(browser, app_url: str) -> Iterator[Visit]:
    context, visit = open_page(browser, app_url)
    visit.page.wait_for_selector("#cq-status .cq-ok")
    yield visit
    context.close()
    assert visit.external == [], f"the page requested other hosts: {visit.external}"


def ask(page, question: str) -> None:
    box = page.locator("#cq-question textarea, #cq-question input").first
    box.fill(question)
    box.press("Enter")


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_question_shows_the_answering_passage_highlighted_and_in_context(visit: Visit) -> None:
    page = visit.page
    ask(page, "How many hotlines did Cainiao set up to collect requests?")
    first = page.locator("#cq-results .cq-hit").first
    first.wait_for()
    assert "A mini Alibaba sprouts from the epidemic" in first.locator(".cq-cite").inner_text()
    assert re.search(r"chars \d+–\d+", first.locator(".cq-cite").inner_text())
    assert "400 hotlines" in first.locator(".cq-text mark").first.inner_text()
    context = first.locator("details.cq-context")
    assert not context.locator(".cq-passage").is_visible()
    context.locator("summary").click()
    marked = context.locator(".cq-passage")
    assert marked.is_visible() and "400 hotlines" in marked.locator("mark").first.inner_text()
    # The context shows more of the section than the passage itself.
    assert len(context.locator(".cq-text").inner_text()) > len(marked.inner_text())
    screenshot(page, "ask.png")


def test_example_questions_and_an_empty_question(visit: Visit) -> None:
    page = visit.page
    example = page.locator("#cq-examples button").first
    example.wait_for()
    text = example.inner_text()
    example.click()
    page.locator("#cq-results .cq-hit").first.wait_for()
    assert page.locator("#cq-question textarea, #cq-question input").first.input_value() == text
    ask(page, "   ")
    page.locator("#cq-results .cq-notice", has_text="Type a question").wait_for()
    assert page.locator("#cq-results .cq-hit").count() == 0


def test_check_an_essay_and_download_the_reports(visit: Visit) -> None:
    page = visit.page
    page.get_by_role("tab", name="Check").click()
    page.locator("#cq-claims textarea").fill(
        "Alibaba set up an anti-epidemic fund of RMB 10 billion. Cainiao dedicated 400 hotlines to collect "
        "requests. I think Alibaba should do more."
    )
    page.locator("#cq-check").click()
    rows = page.locator("#cq-verdicts tr.cq-verdict")
    rows.first.wait_for(timeout=60_000)
    assert [rows.nth(i).get_attribute("data-label") for i in range(rows.count())] == [
        "contradicted", "supported", "skipped"]
    first = rows.nth(0)
    assert first.locator(".cq-badge").inner_text().lower() == "contradicted"
    assert "the case says RMB 1 billion" in first.locator(".cq-reasons").inner_text()
    assert "RMB 1 billion" in first.locator(".cq-quote").inner_text()
    assert re.search(r"chars \d+–\d+", first.locator(".cq-cite").inner_text())
    first.locator("summary").click()
    assert "RMB 1 billion" in first.locator(".cq-passage mark").inner_text()
    screenshot(page, "check.png")
    for button, suffix, head in (("#cq-csv", ".csv", "\ufeffnumber,claim,verdict"), ("#cq-md", ".md", "# Claim check")):
        with page.expect_download() as download:
            page.locator(button).click()
        assert download.value.suggested_filename.endswith(suffix)
        # The CSV opens with a byte-order mark, so that Excel reads "—" and "¶" as UTF-8.
        assert Path(download.value.path()).read_text(encoding="utf-8").startswith(head)


def test_upload_a_case_find_it_then_remove_it(browser, visit: Visit, app_url: str, tmp_path: Path) -> None:
    page = visit.page
    other_context, other = open_page(browser, app_url)  # a second page, opened before the upload
    other.page.wait_for_selector("#cq-status .cq-ok")
    new_case = tmp_path / "lantern-bikes.md"
    new_case.write_text(NEW_CASE, encoding="utf-8")
    page.get_by_role("tab", name="Library").click()
    page.locator("#cq-upload input[type=file]").set_input_files(str(new_case))
    page.locator("#cq-add").click()
    page.locator("#cq-library-message .cq-ok", has_text="Added lantern-bikes.md").wait_for(timeout=120_000)
    page.locator("#cq-library", has_text="lantern-bikes.md").wait_for()
    screenshot(page, "library.png")
    # The page opened before the upload lists the new case once its Library tab is opened.
    other.page.get_by_role("tab", name="Library").click()
    other.page.locator("#cq-library", has_text="lantern-bikes.md").wait_for()

    page.get_by_role("tab", name="Ask").click()
    ask(page, "How many cargo bikes did Lantern Bikes operate?")
    first = page.locator("#cq-results .cq-hit").first
    page.locator("#cq-results .cq-hit[data-doc='lantern-bikes.md']").first.wait_for()
    assert first.get_attribute("data-doc") == "lantern-bikes.md"
    assert "340 cargo bikes" in first.locator("mark").first.inner_text()

    # Case text is shown, never interpreted: markup and template syntax stay literal.
    ask(page, "What did a supplier once email to the team?")
    page.locator("#cq-results .cq-hit", has_text="onerror").first.wait_for()
    odd = page.locator("#cq-results .cq-hit", has_text="onerror").first.inner_text()
    assert "<img src=x onerror=" in odd and "${1+1}" in odd and "{{value}}" in odd
    assert page.locator("#cq-results img").count() == 0 and page.title() != "pwned"

    page.get_by_role("tab", name="Library").click()
    page.locator("#cq-remove-choice input").click()
    page.get_by_role("option", name="lantern-bikes.md").click()
    page.locator("#cq-remove").click()
    # Remove asks first; Cancel leaves the case alone.
    page.locator("#cq-confirm-text", has_text="Remove lantern-bikes.md from the library?").wait_for()
    page.locator("#cq-cancel").click()
    page.locator("#cq-confirm-text").wait_for(state="hidden")
    assert "lantern-bikes.md" in page.locator("#cq-library").inner_text()
    page.locator("#cq-remove").click()
    page.locator("#cq-confirm").click()
    page.locator("#cq-library-message .cq-ok", has_text="Removed lantern-bikes.md").wait_for(timeout=60_000)
    page.wait_for_function("!document.querySelector('#cq-library').innerText.includes('lantern-bikes.md')")

    # ... and no longer lists it after the removal, once it switches tabs.
    other.page.get_by_role("tab", name="Ask").click()
    other.page.get_by_role("tab", name="Library").click()
    other.page.wait_for_function("!document.querySelector('#cq-library').innerText.includes('lantern-bikes.md')")
    other_context.close()

    # ... and undone from the same page.
    page.locator("#cq-restore").click()
    page.locator("#cq-library-message .cq-ok", has_text="Put lantern-bikes.md back").wait_for(timeout=60_000)
    page.wait_for_function("document.querySelector('#cq-library').innerText.includes('lantern-bikes.md')")
    assert not page.locator("#cq-restore").is_visible()


def test_the_page_requests_nothing_from_other_hosts(browser, app_url: str) -> None:
    """Every request of a full session (load, ask, context, tabs, API page) goes to the app itself."""
    context, visit = open_page(browser, app_url)
    page = visit.page
    try:
        page.wait_for_selector("#cq-status .cq-ok")
        ask(page, "Why did Taobao grow quickly during SARS?")
        page.locator("#cq-results .cq-hit details summary").first.click()
        page.get_by_role("tab", name="Library").click()
        page.get_by_role("tab", name="Ask").click()
        page.get_by_role("link", name="JSON API").click()  # the API's own page, rendered offline
        page.get_by_text("POST /api/ask").first.wait_for()
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert len(visit.requested) > 10  # the recorder saw the page's own traffic
    assert [u for u in visit.requested if u.startswith("dialog:")] == []
    assert visit.external == [], f"the page requested other hosts: {visit.external}"
    assert visit.failed == [], f"requests that failed: {visit.failed}"  # no 404 or 403 behind the scenes


def test_a_question_asked_while_loading_waits_with_a_visible_status(browser, tmp_path: Path, fake_encoder) -> None:
    """The page is served before the index is loaded; a first question says it waits, then is answered."""
    (tmp_path / "corpus").mkdir()
    shutil.copy(SEED_CASE, tmp_path / "corpus" / SEED_CASE.name)
    gate = threading.Event()

    class SlowEngine(Engine):
        def ensure_index(self, hooks=None, wait=60.0):
            gate.wait(60)
            return super().ensure_index(hooks, wait)

    startup = Startup(SlowEngine(Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index"),
                                    fake_encoder)).start()
    running, url = serve(startup)
    context, visit = open_page(browser, url)
    page = visit.page
    try:
        page.locator("#cq-status .cq-wait", has_text="Loading the case index").wait_for()
        ask(page, "How many hotlines did Cainiao set up?")
        page.locator("#cq-results .cq-wait", has_text="answered as soon as it is ready").wait_for()
        gate.set()
        page.locator("#cq-results .cq-hit").first.wait_for()
        page.locator("#cq-status .cq-ok", has_text="1 case").wait_for()
    finally:
        gate.set()
        context.close()
        running.close()
    assert visit.external == []


SECRET = "instructor secret for the test"
MARKUP_NAME = "<img src=x onerror=document.title='pwned'>.txt"


@pytest.fixture
def small_library(tmp_path: Path, fake_encoder) -> Settings:
    """The seed case plus a case whose file name is markup, indexed with the fake encoder."""
    (tmp_path / "corpus").mkdir()
    shutil.copy(SEED_CASE, tmp_path / "corpus" / SEED_CASE.name)
    (tmp_path / "corpus" / MARKUP_NAME).write_text("Markup Case\n\nA supplier in Kenya sells tea.\n")
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    Engine(settings, fake_encoder).build()
    return settings


def test_in_class_mode_students_ask_and_only_the_logged_in_instructor_changes_the_library(
        browser, small_library: Settings, fake_encoder) -> None:
    running, url = serve(Startup(Engine(small_library, fake_encoder)).start(), Access(Mode.CLASS, SECRET))
    context, visit = open_page(browser, url)
    page = visit.page
    try:
        page.wait_for_selector("#cq-status .cq-ok")
        ask(page, "How many hotlines did Cainiao set up?")
        page.locator("#cq-results .cq-hit").first.wait_for()
        page.get_by_role("tab", name="Library").click()
        page.locator("#cq-library", has_text=SEED_CASE.name).wait_for()
        # A student sees the library, no controls, and where the instructor logs in.
        assert not page.locator("#cq-upload").is_visible() and not page.locator("#cq-remove").is_visible()
        page.get_by_role("link", name="Instructor login").click()
        page.locator("#password").fill("not the password")
        page.get_by_role("button", name="Log in").click()
        page.get_by_text("Wrong password.").wait_for()
        page.locator("#password").fill(SECRET)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_selector("#cq-status .cq-ok")
        assert "httpOnly" in str(context.cookies()) and context.cookies()[0]["httpOnly"]
        assert context.cookies()[0]["sameSite"] == "Strict"
        assert page.evaluate("document.cookie") == ""  # the page's scripts cannot read the session
        page.get_by_role("tab", name="Library").click()
        page.locator("#cq-role", has_text="You are logged in as the instructor").wait_for()
        page.locator("#cq-remove-choice input").click()
        page.get_by_role("option", name=SEED_CASE.name).click()
        page.locator("#cq-remove").click()
        page.locator("#cq-confirm").click()
        page.locator("#cq-library-message .cq-ok", has_text=f"Removed {SEED_CASE.name}").wait_for(timeout=60_000)
        page.locator("#cq-restore").click()
        page.locator("#cq-library-message .cq-ok", has_text=f"Put {SEED_CASE.name} back").wait_for(timeout=60_000)
        screenshot(page, "library-instructor.png")
        page.get_by_role("button", name="Log out").click()
        page.wait_for_selector("#cq-status .cq-ok")
        page.get_by_role("tab", name="Library").click()
        page.get_by_role("link", name="Instructor login").wait_for()
        assert not page.locator("#cq-remove").is_visible()
    finally:
        context.close()
        running.close()
    assert visit.external == []


def test_a_markup_file_name_is_text_in_the_table_the_picker_and_the_toast(
        browser, small_library: Settings, fake_encoder, monkeypatch) -> None:
    """The tester's case: a file named like an image tag. Its removal fails (a full disk), so its name also
    reaches the error box and the toast, which renders HTML: it must show as text and load nothing."""
    import errno

    import numpy as np

    running, url = serve(Startup(Engine(small_library, fake_encoder)).start())
    context, visit = open_page(browser, url)
    page = visit.page

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    try:
        page.wait_for_selector("#cq-status .cq-ok")
        page.get_by_role("tab", name="Library").click()
        page.locator("#cq-library td", has_text=MARKUP_NAME).wait_for()
        monkeypatch.setattr(np, "save", no_space)
        page.locator("#cq-remove-choice input").click()
        page.get_by_role("option", name=MARKUP_NAME).click()
        page.locator("#cq-remove").click()
        page.locator("#cq-confirm-text", has_text=f"Remove {MARKUP_NAME} from the library?").wait_for()
        page.locator("#cq-confirm").click()
        page.locator("#cq-library-message .cq-error", has_text="was not removed: no space left").wait_for()
        # The refusal is the message itself: no "Error" badge of a failed event laid over it.
        assert page.locator("#cq-library-message").get_by_text("Error", exact=True).count() == 0
        toast = page.locator(".toast-body", has_text="was not removed").first
        toast.wait_for()
        assert MARKUP_NAME in toast.inner_text()
        screenshot(page, "escaped-toast.png")
        assert page.locator("img[src=x]").count() == 0 and page.title() != "pwned"
    finally:
        context.close()
        running.close()
    assert visit.external == [] and not [u for u in visit.requested if u.endswith("/x")]


@pytest.mark.parametrize("tab", ["Ask", "Library"])
def test_on_a_phone_nothing_scrolls_sideways_and_table_headers_stay_whole(browser, app_url: str, tab: str) -> None:
    context, visit = open_page(browser, app_url, width=390)
    page = visit.page
    try:
        page.wait_for_selector("#cq-status .cq-ok")
        if tab == "Ask":
            ask(page, "How many hotlines did Cainiao set up?")
            page.locator("#cq-results .cq-hit").first.wait_for()
        else:
            page.get_by_role("tab", name="Library").click()
            page.locator("#cq-library td").first.wait_for()
        selector = ", ".join(f"{s}, {s} *" for s in ("#cq-library", "#cq-results", "#cq-status"))
        overflowing = page.evaluate(f"""() => [...document.querySelectorAll('{selector}')]
            .filter(e => e.getBoundingClientRect().right > 391).map(e => e.tagName + '.' + e.className).slice(0, 5)""")
        assert overflowing == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, f"phone-{tab.lower()}.png")
    finally:
        context.close()
    wide, visit = open_page(browser, app_url)
    try:
        visit.page.wait_for_selector("#cq-status .cq-ok")
        visit.page.get_by_role("tab", name="Library").click()
        visit.page.locator("#cq-library th").first.wait_for()
        lines = visit.page.evaluate("""[...document.querySelectorAll('#cq-library th')].map(th => {
            const range = document.createRange(); range.selectNodeContents(th);
            return [th.innerText, new Set([...range.getClientRects()].map(r => Math.round(r.top))).size];
        })""")
        assert lines and all(n == 1 for _, n in lines), lines  # one line each: "Passages", never "Passage s"
    finally:
        wide.close()


def test_the_case_picker_closes_when_the_keyboard_moves_on(visit: Visit) -> None:
    page = visit.page
    page.locator("#cq-question textarea, #cq-question input").first.focus()
    page.keyboard.press("Tab")  # the Ask button
    page.keyboard.press("Tab")  # the case picker: its list opens
    page.wait_for_function("document.querySelector('#cq-case input').getAttribute('aria-expanded') === 'true'")
    options = page.locator("#cq-case input").get_attribute("aria-controls")
    page.keyboard.press("Tab")  # on to the next control
    time.sleep(0.3)  # the list reopens just after losing focus; it must be closed after that
    page.wait_for_function(f"""() => {{
        const list = document.getElementById('{options}');
        return (!list || !list.offsetParent)
            && document.querySelector('#cq-case input').getAttribute('aria-expanded') !== 'true';
    }}""", timeout=3000)


def test_with_a_thousand_cases_the_picker_filters_as_you_type_and_the_library_pages(
        browser, small_library: Settings, fake_encoder, monkeypatch) -> None:
    """A school's library: 1,000 cases in the Ask picker and the Library table (the page's state is
    widened to 1,000 entries; the index behind it stays small, so the test costs seconds)."""
    import dataclasses

    from caseqa.web import handlers

    real = handlers.page_state

    def school_library(engine):
        state = real(engine)
        names = [f"case-{i:04d}-{'harbour' if i % 100 == 7 else 'market'}.txt" for i in range(1000)]
        return dataclasses.replace(state, choices=[*state.choices, *((f"Case {n}", n) for n in names)],
                                   rows=[*state.rows, *([n, f"Case {n}", "indexed", 3, ""] for n in names)])

    monkeypatch.setattr(handlers, "page_state", school_library)
    running, url = serve(Startup(Engine(small_library, fake_encoder)).start())
    context, visit = open_page(browser, url)
    page = visit.page
    try:
        page.wait_for_selector("#cq-status .cq-ok")
        picker = page.locator("#cq-case input")
        picker.click()
        options = page.get_by_role("option")
        options.first.wait_for()
        assert options.count() > 10  # the list opens with every case (Gradio shows them in a scrolling list)
        picker.press("Control+a")
        picker.press_sequentially("harbour")  # Gradio filters on each key, as a student types
        page.wait_for_function("document.querySelectorAll('[role=option]').length === 10")
        assert all("harbour" in t for t in options.all_inner_texts())
        page.get_by_role("option", name="Case case-0507-harbour.txt").click()
        assert picker.input_value() == "Case case-0507-harbour.txt"

        page.get_by_role("tab", name="Library").click()
        library = page.locator("#cq-library")
        rows = library.locator("tbody tr:visible")
        library.locator(".cq-library-count", has_text="of 1,00").wait_for()
        assert rows.count() == 50
        library.get_by_role("button", name="Next").click()
        assert rows.first.get_attribute("data-doc") == "case-0048-market.txt"  # after the small library's 2
        assert "51–100 of" in library.locator(".cq-library-count").inner_text()
        library.get_by_role("searchbox", name="Filter the cases").fill("harbour")
        assert rows.count() == 10 and library.locator(".cq-library-count").inner_text() == "1–10 of 10 matching"
        assert library.get_by_role("button", name="Next").is_disabled()
        screenshot(page, "library-1000.png")
    finally:
        context.close()
        running.close()
    assert visit.external == []
