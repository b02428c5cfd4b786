"""The background loader: the page is served at once while the index loads (or is built) behind it,
and then follows the index folder, switching to each new generation without a restart."""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable

from caseqa.app.engine import Engine
from caseqa.errors import CaseQAError
from caseqa.index.build import Hooks
from caseqa.index.store import pointed
from caseqa.types import FileStatus

log = logging.getLogger("caseqa.web")

LOAD_TIMEOUT = 600.0  # seconds a request waits for the first load (which may have to build the index)
# How often the index folder's CURRENT is read for a new generation: reading an 11-byte file a
# second costs nothing, and replicas then answer from a new case within a second of its switch
# plus the time to load the generation.
WATCH_SECONDS = 1.0
RETRY_FAILED_SECONDS = 30.0  # a generation that failed to load is tried again after this long


class Startup:
    """Loads the index (building it if missing or stale) in a background thread.

    The page is served while this runs; a request that arrives first waits for it, and
    :attr:`status` says what is happening meanwhile.

    Once it is ready, a daemon thread reads the index folder's ``CURRENT`` every ``watch``
    seconds and switches to a new generation when one appears (:meth:`Engine.follow`): written by
    the writable server that read-only replicas share the folder with, or by ``caseqa index``.

    Args:
        engine: The engine to make ready.
        watch: Seconds between two looks at ``CURRENT``; None to never look.
    """

    def __init__(self, engine: Engine, watch: float | None = WATCH_SECONDS) -> None:
        self._engine = engine
        self._watch = watch
        self.settings = engine.settings
        self._done = threading.Event()
        self._failed: tuple[str | None, float] = (None, 0.0)  # the generation that last failed to load, and when
        self._status = "Starting…"
        self.note = ""  # a problem the page should mention once ready (the index could not be updated)
        self.seconds: float | None = None

    def start(self) -> Startup:
        """Start loading in a daemon thread (then following the index folder); returns self."""
        threading.Thread(target=self._run, name="caseqa-load", daemon=True).start()
        return self

    def follow_once(self) -> str | None:
        """Look at ``CURRENT`` once and switch to a new generation if there is one.

        A generation that cannot be loaded is logged once (one line) and the live one keeps
        answering; it is tried again after RETRY_FAILED_SECONDS, or as soon as ``CURRENT``
        changes again.

        Returns:
            The generation switched to, or None.
        """
        engine = self._engine
        wanted = pointed(self.settings.index_dir)
        if wanted is None or wanted == engine.generation or not self.ready:
            return None
        failed, when = self._failed
        if wanted == failed and time.monotonic() - when < RETRY_FAILED_SECONDS:
            return None
        try:
            switched = engine.follow()
        except CaseQAError as exc:
            if wanted != failed:
                log.warning("caseqa: not switching to %s: %s (answering from %s)", wanted, exc, engine.generation)
            self._failed = (wanted, time.monotonic())
            return None
        if switched:
            index = engine.index
            self._status = f"Ready: {len(index.documents)} case(s), {len(index.passages)} passages."
            log.info("caseqa: switched to %s (%d case(s), %d passages)", switched, len(index.documents),
                     len(index.passages))
        return switched

    def _run(self) -> None:
        started = time.perf_counter()
        self._status = "Loading the case index…"
        def on_file(status: FileStatus) -> None:
            self._status = f"Indexing the library: read {status.doc_id}…"

        def on_embed(total: int) -> Callable[[int], None]:
            done = 0

            def update(n: int) -> None:
                nonlocal done
                done += n
                self._status = f"Indexing the library: embedding {done} of {total} passages and sentences…"

            return update

        hooks = Hooks(on_file=on_file, on_embed=on_embed)
        try:
            self._answer_from_the_index_on_disk()
            refresh = self._engine.ensure_index(hooks=hooks)
            # The first query pays for loading the query encoder: pay it here instead.
            self._engine.encoder.encode_query("warm up")
            index = self._engine.index
            self._status = f"Ready: {len(index.documents)} case(s), {len(index.passages)} passages."
            if refresh.problem:
                self.note = f"The index was not updated ({refresh.reason}): {refresh.problem}"
                log.warning("caseqa: %s", self.note)
        except CaseQAError as exc:
            self._status = f"Not ready: {exc}"
        except Exception as exc:  # a bug must show on the page, not leave every request waiting
            log.exception("loading the index failed")
            self._status = f"Not ready: loading failed ({exc!r}); see the terminal"
        finally:
            self.seconds = time.perf_counter() - started
            self._done.set()
            log.info("caseqa: %s (%.2f s)", self._status, self.seconds)
        # Checking an essay splits it into sentences with nltk, whose import takes seconds: do it
        # now, after the page can answer questions, rather than on the first Check.
        from caseqa.language.sentences import default_tokenizer

        default_tokenizer()
        if self._watch is not None:
            # The watcher holds this object weakly: when the server (or a test) lets go of it, the thread ends.
            threading.Thread(target=_watch, args=(weakref.ref(self), self._watch), name="caseqa-watch",
                             daemon=True).start()

    def _answer_from_the_index_on_disk(self) -> None:
        """Answer at once from the index as it is on disk, while a changed corpus is indexed behind it.

        A restart after cases were added need not leave a class waiting for the rebuild: the
        previous generation answers meanwhile (searches never wait for a build), and the page
        switches to the new one when it is written. An index built with other settings, or none,
        cannot answer: then requests wait for the build as before.
        """
        try:
            index = self._engine.index
        except CaseQAError:
            return
        self._engine.encoder.encode_query("warm up")
        self._status = (f"Ready: {len(index.documents)} case(s), {len(index.passages)} passages "
                        "(checking the library for changes…).")
        self._done.set()

    @property
    def ready(self) -> bool:
        """True once loading has finished, successfully or not."""
        return self._done.is_set()

    @property
    def status(self) -> str:
        """One line for the page: loading, ready with counts, or what went wrong."""
        return self._status

    def engine(self, timeout: float = LOAD_TIMEOUT) -> Engine:
        """The engine, once loading has finished (a failed load shows up on the engine's own calls).

        Raises:
            CaseQAError: Loading is still running after ``timeout`` seconds.
        """
        if not self._done.wait(timeout):
            raise CaseQAError(f"the case index is still loading ({self._status}); try again in a moment")
        return self._engine


def _watch(ref: weakref.ref[Startup], seconds: float) -> None:
    """Follow the index folder every ``seconds`` for as long as the Startup ``ref`` names exists."""
    while True:
        time.sleep(seconds)
        startup = ref()
        if startup is None:
            return
        try:
            startup.follow_once()
        except Exception:  # a bug must not end the watching for good, nor print a traceback every second
            log.exception("caseqa: following the index folder failed")
            time.sleep(RETRY_FAILED_SECONDS)
        del startup
