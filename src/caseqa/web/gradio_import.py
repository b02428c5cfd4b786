"""Importing gradio, about twice as fast, and sizing its queue: the one place caseqa reaches into gradio's internals.

On every import, gradio 6 re-parses the source of each of its ~80 component classes to regenerate
type stubs in its install folder (``gradio.component_meta.create_or_modify_pyi``). The stubs ship
with the package and only type checkers read them; on this machine the rewrite is ~2.5 s of a
~4.5 s import, and the page cannot answer before gradio is imported. A finder skips that one call.
``tests/test_offline.py`` checks that the patch still takes; if a gradio release renames or moves
the function, that test fails instead of the page silently starting slower.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PATCHED_MODULE = "gradio.component_meta"
PATCHED_FUNCTION = "create_or_modify_pyi"


def _skip(*args: object, **kwargs: object) -> None:
    """Stands in for gradio's stub rewrite."""


class _NoStubRewrite(importlib.abc.MetaPathFinder):
    """Loads ``gradio.component_meta`` as usual, then replaces its stub rewrite with :func:`_skip`."""

    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None):
        if name != PATCHED_MODULE:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            if hasattr(module, PATCHED_FUNCTION):
                setattr(module, PATCHED_FUNCTION, _skip)

        spec.loader.exec_module = exec_module
        return spec


def import_gradio() -> ModuleType:
    """``import gradio``, without the stub rewrite when gradio is not imported yet."""
    if "gradio" not in sys.modules:
        sys.meta_path.insert(0, _NoStubRewrite())
    import gradio

    return gradio


def patched() -> bool:
    """True when the loaded gradio runs :func:`_skip` instead of its stub rewrite."""
    module = sys.modules.get(PATCHED_MODULE)
    return module is not None and getattr(module, PATCHED_FUNCTION, None) is _skip


def set_max_threads(blocks: object, n: int) -> None:
    """Give a Blocks' queue ``n`` workers; call before ``blocks.queue()``.

    ``launch(max_threads=...)`` is the public way, but caseqa mounts the page on its own FastAPI
    application (``gr.mount_gradio_app``), which has no such argument; ``queue()`` sizes its
    workers from the ``max_threads`` attribute. ``tests/test_http.py`` checks that the queue got
    ``n`` workers, so a gradio release that renames the attribute fails there.
    """
    if not hasattr(blocks, "max_threads"):
        raise RuntimeError("this gradio's Blocks has no max_threads attribute; update caseqa.web.gradio_import")
    blocks.max_threads = n


def queue_workers(blocks: object) -> int:
    """How many workers a Blocks' queue runs (for the test of :func:`set_max_threads`)."""
    return blocks._queue.max_thread_count  # type: ignore[attr-defined]


def upload_folder() -> Path:
    """The folder gradio writes received uploads to (``GRADIO_TEMP_DIR``, else ``<tmp>/gradio``).

    gradio has no public call for it; ``gradio.utils.get_upload_folder`` is read here only, and
    ``tests/test_http.py`` checks that a real upload lands in it.
    """
    import gradio.utils

    return Path(gradio.utils.get_upload_folder()).resolve()


def mark_launched(blocks: object) -> None:
    """Tell gradio that a Blocks mounted with ``gr.mount_gradio_app`` is serving.

    gradio checks the paths an event names as its files (a page event may only name files it
    received as uploads; ``blocked_paths`` are refused everywhere) only once ``has_launched`` is
    set, and only ``launch()`` sets it: a mounted page would otherwise copy any file of the server
    that a request names into its cache. ``tests/test_http.py`` sends such a forged path, so a
    gradio release that moves this flag fails there.
    """
    if not hasattr(blocks, "has_launched"):
        raise RuntimeError("this gradio's Blocks has no has_launched attribute; update caseqa.web.gradio_import")
    blocks.has_launched = True
