"""Shared fixtures: a network guard on every test, fake and real encoders, the seed index."""

from __future__ import annotations

import ipaddress
import shutil
import socket
from pathlib import Path

import pytest

from caseqa.config import Settings
from fakes import HashingEncoder

ROOT = Path(__file__).resolve().parent.parent

SEED_CASE = ROOT / "corpus" / "alibaba-covid19.txt"
DATA = Path(__file__).resolve().parent / "data"


def _is_loopback(address: object) -> bool:
    if isinstance(address, (str, bytes)):
        return True  # AF_UNIX socket path
    if not (isinstance(address, tuple) and address):
        return False
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class NetworkAccessError(AssertionError):
    """A test tried to reach a host other than this machine."""


@pytest.fixture(autouse=True)
def network_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test whose code opens a connection to a non-loopback address."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(self: socket.socket, address: object) -> object:
        if not _is_loopback(address):
            raise NetworkAccessError(f"network access attempted: {address!r}")
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> object:
        if not _is_loopback(address):
            raise NetworkAccessError(f"network access attempted: {address!r}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


@pytest.fixture
def fake_encoder() -> HashingEncoder:
    return HashingEncoder()


@pytest.fixture(scope="session")
def real_encoder():
    from caseqa.index.encoder import SentenceTransformerEncoder

    return SentenceTransformerEncoder()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """An empty corpus folder in the test's temporary directory."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


@pytest.fixture
def settings(tmp_path: Path, corpus: Path) -> Settings:
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index")


@pytest.fixture(scope="session")
def seed_engine(tmp_path_factory: pytest.TempPathFactory, real_encoder):
    """The seed case indexed once per session with the real model."""
    from caseqa.app.engine import Engine

    base = tmp_path_factory.mktemp("seed")
    (base / "corpus").mkdir()
    shutil.copy(SEED_CASE, base / "corpus" / SEED_CASE.name)
    engine = Engine(Settings(corpus_dir=base / "corpus", index_dir=base / "index"), real_encoder)
    engine.build()
    return engine
