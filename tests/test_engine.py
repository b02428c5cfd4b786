"""Engine.follow: a server that does not build switches to each new generation the writer makes."""

from __future__ import annotations

import gc
import time
import weakref
from pathlib import Path

from caseqa.app.engine import Engine
from caseqa.config import Settings
from caseqa.web.startup import Startup
from fakes import HashingEncoder

ALPHA = "Alpha Case\n\nOrigins\n\nAlpha makes solar panels in Ghana. It was founded in 2011 by Ama Mensah.\n"
GAMMA = "Gamma Case\n\nMarkets\n\nGamma brews coffee in Medellin and exports it to Osaka.\n"


def _pair(settings: Settings) -> tuple[Engine, Engine]:
    """A writer that built the corpus with one case, and a read-only follower of the same folder."""
    encoder = HashingEncoder()
    (settings.corpus_dir / "alpha.txt").write_text(ALPHA)
    writer = Engine(settings, encoder)
    writer.build()
    return writer, Engine(settings, encoder, writable=False)


def _add_gamma(writer: Engine) -> None:
    (writer.settings.corpus_dir / "gamma.txt").write_text(GAMMA)
    writer.build()


def test_follow_switches_to_the_new_generation_and_releases_the_old(settings: Settings) -> None:
    writer, reader = _pair(settings)
    before = reader.index
    in_flight = reader._live()  # a question that started before the switch holds this index
    old = weakref.ref(before)
    assert reader.follow() is None  # already live
    _add_gamma(writer)
    assert {h.passage.doc_id for h in reader.ask("coffee Medellin", k=3)} == {"alpha.txt"}

    switched = reader.follow()

    assert switched == writer.generation and reader.generation == switched
    assert "gamma.txt" in {h.passage.doc_id for h in reader.ask("coffee Medellin", k=3)}
    assert set(in_flight[0].documents) == {"alpha.txt"}  # the question in flight still has its index
    del before, in_flight
    gc.collect()
    assert old() is None, "the previous generation is still referenced after the switch"


def test_a_read_only_server_answers_from_a_new_case_without_restart(settings: Settings) -> None:
    writer, reader = _pair(settings)
    startup = Startup(reader, watch=0.05).start()
    startup.engine(30)
    _add_gamma(writer)
    deadline = time.monotonic() + 5
    while reader.generation != writer.generation and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "gamma.txt" in {h.passage.doc_id for h in reader.ask("coffee Medellin", k=3)}
    assert "2 case(s)" in startup.status


def test_a_replica_started_before_the_index_exists_picks_it_up(settings: Settings) -> None:
    encoder = HashingEncoder()
    reader = Engine(settings, encoder, writable=False)
    startup = Startup(reader, watch=0.05).start()
    startup.engine(30)
    assert startup.status.startswith("Not ready")
    (settings.corpus_dir / "alpha.txt").write_text(ALPHA)
    Engine(settings, encoder).build()
    deadline = time.monotonic() + 5
    while not startup.status.startswith("Ready") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert startup.status.startswith("Ready: 1 case(s)")
    assert reader.ask("solar panels Ghana", k=1)[0].passage.doc_id == "alpha.txt"


def test_a_generation_that_cannot_be_loaded_leaves_the_live_one_answering(settings: Settings, caplog) -> None:
    writer, reader = _pair(settings)
    startup = Startup(reader, watch=None).start()
    startup.engine(30)
    live = reader.generation
    _add_gamma(writer)
    broken: Path = settings.index_dir / writer.generation / "manifest.json"
    broken.write_text("{not json")
    assert startup.follow_once() is None
    assert reader.generation == live
    assert reader.ask("solar panels Ghana", k=1)[0].passage.doc_id == "alpha.txt"
    assert sum("not switching" in r.message for r in caplog.records) == 1
    assert startup.follow_once() is None  # not logged again
    assert sum("not switching" in r.message for r in caplog.records) == 1


def test_adding_a_case_builds_on_the_live_index_unless_another_process_wrote_a_newer_one(
        settings: Settings, monkeypatch) -> None:
    from caseqa.index import build as indexer

    (settings.corpus_dir / "one.txt").write_text("Acme sells solar lamps in Kenya through village agents.\n")
    engine = Engine(settings, HashingEncoder())
    engine.build()
    loads = []
    real_previous = indexer._previous
    monkeypatch.setattr(indexer, "_previous", lambda s: loads.append(1) or real_previous(s))
    (settings.corpus_dir / "two.txt").write_text("Beta runs ferries between islands on hydrogen.\n")
    engine.build()
    assert loads == []  # the live index was the current generation: not loaded and verified again
    assert {h.passage.doc_id for h in engine.ask("ferries between islands", k=2)} >= {"two.txt"}
    # Another process (caseqa index) writes a newer generation: the live one is stale, so it is read from disk.
    (settings.corpus_dir / "three.txt").write_text("Gamma brews coffee in Rwanda for export.\n")
    Engine(settings, HashingEncoder()).build()
    loads.clear()
    (settings.corpus_dir / "four.txt").write_text("Delta prints books on demand in Lagos.\n")
    engine.build()
    assert loads == [1]
    assert {h.passage.doc_id for h in engine.ask("coffee in Rwanda", k=4)} >= {"three.txt"}
