"""Web page handlers, called directly with the fake encoder: HTML is escaped, errors are clear."""

from __future__ import annotations

import html
import re
import threading
import time
from pathlib import Path

import pytest

from caseqa.app.engine import Engine
from caseqa.config import Settings
from caseqa.errors import CaseQAError, CorpusError, QueryError
from caseqa.web import handlers as ui
from caseqa.web.startup import Startup
from fakes import HashingEncoder

CASES = {
    "alpha.txt": (
        "Alpha Case\n\nOrigins\n\nAlpha makes solar panels in Ghana. It was founded in 2011 by Ama Mensah.\n\n"
        "The first factory opened in Accra with 40 workers.\n\nGrowth\n\nAlpha exported to Togo in 2015.\n"
    ),
    "beta.md": "# Beta Case\n\n## Growth\n\nBeta sells scooters in Jakarta. Sales doubled in 2020.\n",
    "evil.txt": (
        "Evil <b>Case</b>\n\nMarkup\n\nThe founder wrote <script>alert('x')</script> and <img src=x onerror=alert(1)> "
        "in the memo about hostile markup.\n"
    ),
}


@pytest.fixture
def engine(settings: Settings, fake_encoder) -> Engine:
    for name, text in CASES.items():
        (settings.corpus_dir / name).write_text(text, encoding="utf-8")
    engine = Engine(settings, fake_encoder)
    engine.build()
    return engine


def visible_text(fragment: str) -> str:
    """What a browser shows for an HTML fragment: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_ask_renders_cited_cards_with_highlights_and_context(engine: Engine) -> None:
    page = ui.ask(engine, "Where does Alpha make solar panels?", ui.ALL_CASES, 3)
    cards = page.split("<article")[1:]
    assert 1 <= len(cards) <= 3
    first = cards[0]
    assert "data-doc='alpha.txt'" in first
    assert "Alpha Case — &quot;Origins&quot;, ¶1" in first  # the citation, escaped
    assert re.search(r"<mark>[^<]*Ghana[^<]*</mark>", first)
    # The context view holds the passage, marked, with the section heading above it.
    context = first.split("<details", 1)[1]
    assert "Show in context" in context and "<div class='cq-section'>Origins</div>" in context
    assert re.search(r"<span class='cq-passage'>.*Ghana.*</span>", context, re.S)


def test_case_text_is_escaped_everywhere(engine: Engine) -> None:
    page = ui.ask(engine, "What hostile markup did the founder write in the memo?", "evil.txt", 5)
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<img src=x onerror=alert(1)>" in visible_text(page)


def test_empty_question_gets_a_notice_not_a_search(engine: Engine, fake_encoder) -> None:
    calls = fake_encoder.calls
    page = ui.ask(engine, "   ", ui.ALL_CASES, 5)
    assert "Type a question" in page and "cq-notice" in page
    assert fake_encoder.calls == calls


def test_ask_in_one_case_only_and_unknown_case(engine: Engine) -> None:
    page = ui.ask(engine, "solar panels", "beta.md", 5)
    assert "data-doc='beta.md'" in page and "data-doc='alpha.txt'" not in page
    assert "from Beta Case" in page
    with pytest.raises(QueryError, match=r"no case named 'gamma\.txt'"):
        ui.ask(engine, "solar panels", "gamma.txt", 5)


def test_k_is_clamped_to_the_slider_range(engine: Engine) -> None:
    # A case with more passages than the slider allows: one short section per chapter.
    chapters = "".join(f"Chapter {n}\n\nAlpha opened plant number {n} in a new region that year.\n\n"
                       for n in range(1, 3 * ui.MAX_K))
    (engine.settings.corpus_dir / "many.txt").write_text("Many Plants\n\n" + chapters, encoding="utf-8")
    engine.build()
    assert engine.index.doc_range("many.txt")[1] - engine.index.doc_range("many.txt")[0] > ui.MAX_K
    cards = re.compile(r"<article class='cq-hit'")
    assert len(cards.findall(ui.ask(engine, "Alpha plant region", ui.ALL_CASES, 0))) == 1
    assert len(cards.findall(ui.ask(engine, "Alpha plant region", ui.ALL_CASES, 99))) == ui.MAX_K
    # An API caller gets a clear error instead, as on /api/ask: only the slider is brought in range.
    for k in (0, 99, 3.7):
        with pytest.raises(QueryError, match=rf"whole number from 1 to {ui.MAX_K}, not {k!r}"):
            ui.ask_json(engine, "Alpha plant region", k=k)


def test_ask_json_carries_citations_and_offsets(engine: Engine) -> None:
    hits = ui.ask_json(engine, "When did sales of scooters double?", 2, "beta.md")
    assert hits[0]["doc"] == "beta.md" and hits[0]["citation"].startswith("Beta Case — \"Growth\"")
    text = engine.index.documents["beta.md"].text
    assert text[hits[0]["start"]:hits[0]["end"]] == hits[0]["text"]
    with pytest.raises(QueryError, match="empty"):
        ui.ask_json(engine, "")


def test_page_state_lists_cases_choices_and_examples(engine: Engine) -> None:
    state = ui.page_state(engine)
    passages = len(engine.index.passages)
    assert state.ok and state.status == f"3 cases, {passages} passages: ready to answer."
    assert state.choices[0] == ("All cases", ui.ALL_CASES)
    assert ("Beta Case (beta.md)", "beta.md") in state.choices
    assert [r[0] for r in state.rows] == ["alpha.txt", "beta.md", "evil.txt"]
    assert all(r[2] == "indexed" and r[3] > 0 for r in state.rows)
    assert state.examples == []  # examples are for the seed case only


def test_page_state_offers_examples_when_the_seed_case_is_indexed(settings: Settings, fake_encoder) -> None:
    from conftest import SEED_CASE

    (settings.corpus_dir / SEED_CASE.name).write_bytes(SEED_CASE.read_bytes())
    engine = Engine(settings, fake_encoder)
    engine.build()
    assert ui.page_state(engine).examples == list(ui.EXAMPLES[SEED_CASE.name])


def test_page_state_without_an_index_says_what_to_do(settings: Settings, fake_encoder) -> None:
    state = ui.page_state(Engine(settings, fake_encoder))
    assert not state.ok and "Not ready: no index" in state.status and "caseqa index" in state.status
    assert state.rows == [] and state.choices == [("All cases", ui.ALL_CASES)]


def test_page_state_shows_failed_files_with_their_reason(engine: Engine, settings: Settings) -> None:
    (settings.corpus_dir / "broken.txt").write_bytes(bytes(range(256)) * 10)
    engine.build()
    row = next(r for r in ui.page_state(engine).rows if r[0] == "broken.txt")
    assert row[2] == "error" and "binary" in row[4]
    assert "broken.txt" in ui.page_state(engine).removable
    assert "broken.txt" not in [v for _, v in ui.page_state(engine).choices]


def test_add_case_indexes_the_upload_and_reports_progress(engine: Engine, tmp_path: Path) -> None:
    upload = tmp_path / "upload" / "gamma ferries.md"
    upload.parent.mkdir()
    upload.write_text("# Gamma Ferries\n\n## Fleet\n\nGamma runs a ferry between two islands with 12 boats.\n")
    seen: list[tuple[float, str]] = []
    message = ui.add_case(engine, str(upload), lambda f, d: seen.append((f, d)), uploads=tmp_path)
    assert message.startswith("Added gamma ferries.md:") and "searchable now" in message
    assert (engine.settings.corpus_dir / "gamma ferries.md").exists()
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and any("Embedded" in d for _, d in seen)
    hits = ui.ask_json(engine, "How many boats does the ferry have?", 1, "gamma ferries.md")
    assert hits[0]["citation"].startswith("Gamma Ferries — \"Fleet\"")


def test_add_case_refuses_bad_uploads_and_leaves_the_library_alone(engine: Engine, tmp_path: Path) -> None:
    before = sorted(p.name for p in engine.settings.corpus_dir.iterdir())
    bad = tmp_path / "photo.txt"
    bad.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(CorpusError, match="binary"):
        ui.add_case(engine, str(bad), uploads=tmp_path)
    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ")
    with pytest.raises(CorpusError, match="unsupported file type"):
        ui.add_case(engine, str(exe), uploads=tmp_path)
    dup = tmp_path / "copy of beta.md"
    dup.write_text(CASES["beta.md"])
    with pytest.raises(CorpusError, match=r"same content as 'beta\.md'"):
        ui.add_case(engine, str(dup), uploads=tmp_path)
    with pytest.raises(CorpusError, match="choose a case file first"):
        ui.add_case(engine, None, uploads=tmp_path)
    assert sorted(p.name for p in engine.settings.corpus_dir.iterdir()) == before


@pytest.mark.parametrize("name", ["case.pdf", "case.docx", "case.html"])
def test_add_case_accepts_every_format_caseqa_reads(engine: Engine, tmp_path: Path, name: str) -> None:
    from conftest import DATA

    upload = tmp_path / name
    upload.write_bytes((DATA / name).read_bytes())
    message = ui.add_case(engine, str(upload), uploads=tmp_path)
    assert message.startswith(f"Added {name}:")
    assert name in [v for _, v in ui.page_state(engine).choices]


@pytest.mark.parametrize(("name", "content", "error"), [
    ("scanned.pdf", None, "no extractable text"),
    ("notes.pdf", b"Just text pretending to be a PDF.\n", r"not a PDF \(no %PDF- header\)"),
    ("notes.docx", b"Just text pretending to be a Word file.\n", r"not a valid \.docx"),
])
def test_add_case_refuses_files_whose_content_does_not_match(engine: Engine, tmp_path: Path, name: str,
                                                            content: bytes | None, error: str) -> None:
    from conftest import DATA

    upload = tmp_path / name
    upload.write_bytes(content if content is not None else (DATA / name).read_bytes())
    with pytest.raises(CorpusError, match=f"(?i){error}"):
        ui.add_case(engine, str(upload), uploads=tmp_path)
    assert not (engine.settings.corpus_dir / name).exists()


def test_add_case_takes_out_a_file_that_cannot_be_indexed(engine: Engine, tmp_path: Path, monkeypatch) -> None:
    from caseqa.index import build as indexer
    from caseqa.ingest import passages

    monkeypatch.setattr(indexer, "chunk", lambda *a, **k: passages.Chunked((), ()))
    upload = tmp_path / "thin.txt"
    upload.write_text("Thin Case\n\nOne line.\n")
    with pytest.raises(CorpusError, match="no text to index"):
        ui.add_case(engine, str(upload), uploads=tmp_path)
    assert not (engine.settings.corpus_dir / "thin.txt").exists()
    assert "thin.txt" not in {c.doc_id for c in engine.cases()}


def test_remove_case_keeps_the_file_aside_and_drops_it_from_search(engine: Engine) -> None:
    removed = ui.remove_case(engine, "beta.md")
    assert "Removed beta.md" in removed.message and ".removed/" in removed.message
    assert "beta.md" not in {c.doc_id for c in engine.cases()}
    with pytest.raises(QueryError, match=r"no case named 'beta\.md'"):
        ui.ask_json(engine, "scooters", 1, "beta.md")
    assert re.fullmatch(r"\.removed/\d{8}-\d{6}/beta\.md", removed.token)
    assert ui.restore_case(engine, removed.token) == "Put beta.md back: searchable again."
    assert ui.ask_json(engine, "scooters", 1, "beta.md")[0]["doc"] == "beta.md"
    with pytest.raises(CorpusError, match=r"no longer in \.removed/"):
        ui.restore_case(engine, removed.token)
    with pytest.raises(CorpusError, match="nothing was removed on this page"):
        ui.restore_case(engine, "")
    with pytest.raises(CorpusError, match="not a removed case"):  # a forged token cannot move other files
        ui.restore_case(engine, "alpha.txt")
    with pytest.raises(CorpusError, match="not a case in the library"):
        ui.remove_case(engine, "../alpha.txt")
    with pytest.raises(CorpusError, match="choose the case to remove"):
        ui.remove_case(engine, "")


def test_the_page_handlers_answer_while_a_case_is_being_indexed(engine: Engine, tmp_path: Path) -> None:
    """A build holds the engine's lock for as long as it embeds; the page's Ask, Check and Library
    handlers must not wait for it (each is run in a thread and must finish while the build is held)."""
    release, embedding = threading.Event(), threading.Event()
    encoder = engine.encoder
    real_encode = encoder.encode

    def slow_encode(texts, progress=None):
        embedding.set()
        release.wait(30)
        return real_encode(texts, progress)

    encoder.encode = slow_encode
    upload = tmp_path / "delta.txt"
    upload.write_text("Delta Case\n\nDelta brews coffee in Quito.\n")
    worker = threading.Thread(target=ui.add_case, args=(engine, str(upload)), kwargs={"uploads": tmp_path})
    worker.start()
    results: dict[str, object] = {}
    calls = {
        "ask": lambda: ui.ask(engine, "solar panels in Ghana", ui.ALL_CASES, 1),
        "ask_json": lambda: ui.ask_json(engine, "solar panels in Ghana", 1),
        "check": lambda: ui.check(engine, "Alpha makes solar panels in Ghana.", ui.ALL_CASES, tmp_path / "r"),
        "page_state": lambda: ui.page_state(engine),
        "cases": lambda: ui.cases_api(engine),
    }
    try:
        assert embedding.wait(10)
        threads = [threading.Thread(target=lambda n=n, f=f: results.__setitem__(n, f())) for n, f in calls.items()]
        for t in threads:
            t.start()
        for t in threads:
            t.join(5)
        assert worker.is_alive(), "the build finished early: the test proves nothing"
        assert sorted(results) == sorted(calls), f"blocked by the build: {sorted(set(calls) - set(results))}"
    finally:
        release.set()
        worker.join(10)
    assert "data-doc='alpha.txt'" in results["ask"] and results["ask_json"][0]["doc"] == "alpha.txt"
    assert "cq-verdict" in results["check"].html and results["page_state"].ok
    assert "delta.txt" in {c.doc_id for c in engine.cases()}


def test_check_gives_a_verdict_table_and_both_reports(engine: Engine, tmp_path: Path) -> None:
    text = "Alpha makes solar panels in Ghana. Is Alpha a good company? Gamma sells <b>moon rocks</b> on Mars."
    result = ui.check(engine, text, ui.ALL_CASES, tmp_path / "reports")
    rows = result.html.split("<tr class='cq-verdict'")[1:]
    assert len(rows) == 3
    assert "data-label='skipped'" in rows[1] and "a question, not a claim" in rows[1]
    assert "Ghana" in rows[0] and "Alpha Case" in rows[0] and "cq-badge" in rows[0]
    assert "<b>moon" not in result.html and "&lt;b&gt;moon rocks&lt;/b&gt;" in result.html
    assert result.csv.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    assert result.csv.read_text(encoding="utf-8-sig").splitlines()[0] == ("number,claim,verdict,score,reasons,"
                                                                          "evidence,citation")
    assert len(result.csv.read_text().splitlines()) == 4
    assert result.markdown.read_text().startswith("# Claim check")
    assert result.csv.parent == result.markdown.parent == tmp_path / "reports"


def test_check_with_nothing_to_check_and_in_one_case(engine: Engine, tmp_path: Path) -> None:
    result = ui.check(engine, "  \n ", ui.ALL_CASES, tmp_path / "reports")
    assert "Paste a claim or an essay" in result.html and result.csv is None and result.markdown is None
    assert not (tmp_path / "reports").exists()
    verdicts = ui.check_json(engine, "Beta sells scooters in Jakarta.", "beta.md")
    assert [v["id"] for v in verdicts] == [1]
    assert {e["doc"] for e in verdicts[0]["evidence"]} <= {"beta.md"}
    assert verdicts[0]["verdict"] == "supported"  # the case says exactly this
    with pytest.raises(QueryError, match="empty"):
        ui.check_json(engine, "")
    with pytest.raises(QueryError, match=r"no case named 'nope'"):
        ui.check(engine, "Beta sells scooters.", "nope", tmp_path)


def test_startup_loads_in_the_background_and_reports(engine: Engine, settings: Settings, fake_encoder) -> None:
    startup = Startup(Engine(settings, fake_encoder))
    assert not startup.ready and "Starting" in startup.status
    loaded = startup.start().engine(timeout=30)
    assert startup.ready and startup.status.startswith("Ready: 3 case(s)")
    assert ui.ask_json(loaded, "scooters in Jakarta", 1)[0]["doc"] == "beta.md"


def test_after_a_restart_the_previous_index_answers_while_new_cases_are_indexed(
        engine: Engine, settings: Settings) -> None:
    """A restart after cases were added must not leave a class waiting for the rebuild."""
    (settings.corpus_dir / "gamma.md").write_text("# Gamma Case\n\nGamma runs ferries between islands.\n")
    release = threading.Event()

    class SlowEncoder(HashingEncoder):
        def encode(self, texts, progress=None):
            release.wait(30)  # the rebuild embeds the new case only once the test lets it
            return super().encode(texts, progress)

    startup = Startup(Engine(settings, SlowEncoder())).start()
    try:
        loaded = startup.engine(timeout=10)  # ready long before the rebuild is let through
        assert startup.ready and loaded.index.documents.keys() == {"alpha.txt", "beta.md", "evil.txt"}
        assert ui.ask_json(loaded, "scooters in Jakarta", 1)[0]["doc"] == "beta.md"
    finally:
        release.set()
    deadline = time.monotonic() + 30
    while "gamma.md" not in loaded.index.documents and time.monotonic() < deadline:
        time.sleep(0.1)
    assert ui.ask_json(loaded, "ferries between islands", 1)[0]["doc"] == "gamma.md"


def test_startup_builds_a_missing_index(settings: Settings, fake_encoder) -> None:
    (settings.corpus_dir / "beta.md").write_text(CASES["beta.md"])
    startup = Startup(Engine(settings, fake_encoder)).start()
    assert ui.ask_json(startup.engine(timeout=30), "scooters", 1)[0]["doc"] == "beta.md"


def test_startup_failure_is_shown_and_requests_still_get_the_engine(tmp_path: Path, fake_encoder) -> None:
    settings = Settings(corpus_dir=tmp_path / "missing", index_dir=tmp_path / "index")
    startup = Startup(Engine(settings, fake_encoder)).start()
    engine = startup.engine(timeout=30)
    assert startup.status.startswith("Not ready:") and "does not exist" in startup.status
    assert not ui.page_state(engine).ok


def test_startup_times_out_with_a_message(settings: Settings, fake_encoder) -> None:
    startup = Startup(Engine(settings, fake_encoder))  # never started
    with pytest.raises(CaseQAError, match="still loading"):
        startup.engine(timeout=0.01)


def test_a_question_the_case_cannot_answer_gets_a_notice_on_the_page(seed_engine) -> None:
    page = ui.ask(seed_engine, "How did Tencent and WeChat support people in Wuhan during the lockdown?",
                  ui.ALL_CASES, 5)
    notice = page.split("<article", 1)[0]
    assert "cq-notice" in notice and "The case does not seem to say" in notice
    assert "“Tencent” or “WeChat”" in html.unescape(notice)
    assert "Closest text: 5 passages" in notice
    assert page.count("<article") == 5  # the closest passages are still shown ...
    assert "<mark" not in page  # ... with no sentence presented as the answer, in the card or its context


def test_an_answered_question_gets_highlights_and_no_notice_on_the_page(seed_engine) -> None:
    page = ui.ask(seed_engine, "How many hotlines did Cainiao dedicate to collecting requests?", ui.ALL_CASES, 5)
    assert "does not seem to say" not in page and "Closest text" not in page
    first = page.split("<article")[1]
    assert re.search(r"<mark>[^<]*400 hotlines[^<]*</mark>", first)


def test_a_path_outside_the_upload_folder_is_neither_read_nor_deleted(engine: Engine, tmp_path: Path) -> None:
    """A request can name any file as its upload; only what the server received may be read or removed."""
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    private = tmp_path / "private" / "salaries.txt"
    private.parent.mkdir()
    private.write_text("Private Notes\n\nThe salaries of every instructor are listed here in full detail.\n")
    with pytest.raises(CorpusError, match=r"salaries\.txt: not a file uploaded to this page"):
        ui.add_case(engine, str(private), uploads=uploads)
    ui.discard_upload(str(private), uploads)
    ui.discard_upload(str(uploads / ".." / "private" / "salaries.txt"), uploads)
    assert private.exists() and "salaries.txt" not in {c.doc_id for c in engine.cases()}
    inside = uploads / "abc" / "gamma.md"
    inside.parent.mkdir()
    inside.write_text("# Gamma\n\nGamma runs ferries.\n")
    ui.discard_upload(str(inside), uploads)
    assert not inside.exists() and not inside.parent.exists() and uploads.exists()
