"""Small helpers shared by tests and benchmarks."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def queue_call(client, fn_index: int, data: list, timeout: float = 60.0, session: str | None = None) -> dict:
    """Run a page event through Gradio's queue as the browser does (join, then read the event stream).

    Args:
        client: An ``httpx.Client`` on the server, with whatever cookies and headers the test wants.
        fn_index: The event's index (see :func:`fn_index`).
        data: The event's input values.
        session: The page visit to run it in (default: a new one), e.g. after its load event.

    Returns:
        The last message carrying the event's output ("process_completed" or the last
        "process_generating"), with the toasts the event raised as ``"logs"``.
    """
    import json
    import secrets

    session = session or secrets.token_hex(8)
    joined = client.post("gradio_api/queue/join", json={"data": data, "fn_index": fn_index, "session_hash": session,
                                                         "event_data": None, "trigger_id": None}, timeout=timeout)
    joined.raise_for_status()
    last: dict = {}
    logs: list[dict] = []
    with client.stream("GET", "gradio_api/queue/data", params={"session_hash": session}, timeout=timeout) as stream:
        for line in stream.iter_lines():
            if not line.startswith("data:"):
                continue
            message = json.loads(line[5:])
            if message.get("msg") == "log":
                logs.append(message)
            elif message.get("msg") in ("process_generating", "process_completed"):
                last = message
            if message.get("msg") == "process_completed":
                break
    return {**last, "logs": logs}


def fn_index(blocks, name: str) -> int:
    """The index of the first page event whose function is called ``name`` (reads Gradio's ``blocks.fns``)."""
    found = [i for i, fn in blocks.fns.items() if fn.name == name]
    if not found:
        raise LookupError(f"no page event runs a function named {name!r}")
    return min(found)
