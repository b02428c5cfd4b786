"""Nothing goes online: index, ask and check run with the network cut; gradio's import patch still takes."""

from __future__ import annotations

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


def test_index_and_ask_with_the_network_blocked(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / SEED_CASE.name).write_bytes(SEED_CASE.read_bytes())
    script = GUARD.format(src=str(ROOT / "src"))
    # No HF_HUB_OFFLINE in the environment: caseqa must set it itself.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    outputs = []
    for args in (["index", "--quiet"], ["ask", "What is the zero billing period?", "--json"],
                 ["check", "Taobao waived the fees of its merchants.", "--json"]):
        proc = subprocess.run([sys.executable, "-c", script, *args, "--corpus", str(corpus),
                               "--index", str(tmp_path / "index")],
                              capture_output=True, text=True, timeout=600, env=env)
        assert "NETWORK ACCESS" not in proc.stderr
        assert proc.returncode == 0, proc.stderr[-2000:]
        outputs.append(proc.stdout)
    assert "zero billing" in outputs[1].lower()
    assert '"verdict"' in outputs[2]


def test_gradio_is_imported_without_rewriting_its_type_stubs() -> None:
    """caseqa.web.gradio_import reaches into gradio's internals; a gradio release that moves them fails here."""
    script = (f"import sys; sys.path.insert(0, {str(ROOT / 'src')!r}); import caseqa.web.page; "
              "from caseqa.web.gradio_import import patched; sys.exit(0 if patched() else 3)")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:] or "gradio.component_meta.create_or_modify_pyi was not replaced"
