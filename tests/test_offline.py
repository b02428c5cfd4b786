"""Nothing downloads: no nltk.download anywhere, and a full index + ask runs with the network cut."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SEED_CASE

GUARD = """
import socket, ipaddress, sys
def guard(self, address, _real=socket.socket.connect):
    host = address[0] if isinstance(address, tuple) else None
    if host is not None and host not in ('localhost',) and not ipaddress.ip_address(host).is_loopback:
        sys.stderr.write('NETWORK ACCESS ' + repr(address) + '\\n'); sys.stderr.flush()
        raise OSError('network access blocked by test')
    return _real(self, address)
socket.socket.connect = guard
sys.path.insert(0, {src!r})
from caseqa.app.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_no_source_file_downloads_data() -> None:
    sources = [*ROOT.joinpath("src").rglob("*.py"), ROOT / "app.py"]
    pattern = re.compile(r"nltk\.download|hf_hub_download|snapshot_download|playwright install|urlopen|requests\.get")
    offenders = [str(p) for p in sources if p.exists() and pattern.search(p.read_text())]
    assert offenders == []


def test_index_and_ask_with_the_network_blocked(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / SEED_CASE.name).write_bytes(SEED_CASE.read_bytes())
    script = GUARD.format(src=str(ROOT / "src"))
    # No HF_HUB_OFFLINE in the environment: caseqa must set it itself.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    for args in (["index", "--quiet"], ["ask", "What is the zero billing period?", "--json"]):
        proc = subprocess.run([sys.executable, "-c", script, *args, "--corpus", str(corpus),
                               "--index", str(tmp_path / "index")],
                              capture_output=True, text=True, timeout=600, env=env)
        assert "NETWORK ACCESS" not in proc.stderr
        assert proc.returncode == 0, proc.stderr[-2000:]
    assert "zero billing" in proc.stdout.lower()
