"""Offline: the CLI and the app open no connection off loopback (issue 11 §4), proved with strace.

``strace -f`` records every ``connect``/``sendto``/``sendmsg`` of the process and its threads and
children. The app is started as the README starts it (``streamlit run app.py``, headless, on a free port),
its page and scripts are fetched, a session runs the first page to the end over the websocket (what a
browser does when the page opens: the sample portrait is measured and drawn), and a websocket from another
site's Origin is refused; then the log must hold no address outside 127.0.0.0/8 and ::1. A positive
control shows the same parser does catch a connection off loopback. CI installs strace (``.ci/run``).
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import free_port
from tests.conftest import REPO, face_path

STRACE = shutil.which("strace")
#: The address in a traced call: IPv4 ``inet_addr("a.b.c.d")`` or IPv6 ``inet_pton(AF_INET6, "x")``.
ADDRESS = re.compile(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"')


@pytest.fixture(scope="module")
def strace() -> str:
    if STRACE is None:
        pytest.fail("strace is needed to prove the app is offline: apt-get install -y strace (.ci/run installs it)")
    return STRACE


def _traced(strace: str, log: Path, command: list[str]) -> list[str]:
    return [strace, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg,sendmmsg", "-e", "signal=none", "-o", str(log), *command]


def remote_addresses(log: str) -> list[str]:
    """The addresses off loopback that a strace log shows a connection or datagram to (0.0.0.0 and :: are local)."""
    found = []
    for line in log.splitlines():
        for v4, v6 in ADDRESS.findall(line):
            address = ipaddress.ip_address(v4 or v6)
            mapped = getattr(address, "ipv4_mapped", None)
            if (mapped or address).is_loopback or (mapped or address).is_unspecified:
                continue
            found.append(line.strip())
    return found


def test_the_tracer_catches_a_connection_off_loopback(strace: str, tmp_path: Path) -> None:
    log = tmp_path / "control.log"
    probe = "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.connect(('192.0.2.1', 9)); s.connect(('127.0.0.1', 9))"
    subprocess.run(_traced(strace, log, [sys.executable, "-c", probe]), check=True, timeout=60)
    found = remote_addresses(log.read_text())
    assert len(found) == 1 and "192.0.2.1" in found[0]  # TEST-NET-1, never routed; loopback is not reported


def test_the_cli_stays_on_the_machine(strace: str, tmp_path: Path) -> None:
    log = tmp_path / "cli.log"
    command = [sys.executable, "-m", "viz", "compare", str(face_path("frl_london_005_03.jpg")), str(face_path("frl_london_005_08.jpg")), "--json"]
    result = subprocess.run(_traced(strace, log, command), cwd=REPO, capture_output=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    assert remote_addresses(log.read_text()) == []


# ---------------------------------------------------------------------------------------------------------------------
# the app


def _get(url: str, timeout: float = 10) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        data: bytes = response.read()
        return data


@pytest.fixture(scope="module")
def traced_app(strace: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`streamlit run app.py` under strace, as the README starts it (plus a free port, headless)."""
    folder = tmp_path_factory.mktemp("offline")
    log = folder / "app.log"
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true"]
    out = (folder / "server.out").open("wb")
    proc = subprocess.Popen(_traced(strace, log, command), cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if _get(f"{url}/_stcore/health", timeout=2) == b"ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the app did not start: {(folder / 'server.out').read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)
        yield url, log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        out.close()


async def _run_first_page(ws_url: str, origin: str) -> list[str]:
    """Open a session as the browser does and run the app's first page to its end; the texts it showed."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    texts: list[str] = []
    async with websockets.connect(ws_url, origin=origin, subprotocols=["streamlit"], max_size=2**26) as ws:  # type: ignore[list-item]
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        await ws.send(rerun.SerializeToString())
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=180))
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                which = element.WhichOneof("type")
                if which in ("markdown", "heading", "alert"):
                    texts.append(getattr(element, which).body)
            if kind == "script_finished":
                return texts


async def _foreign_websocket(ws_url: str) -> str:
    import websockets

    try:
        async with websockets.connect(ws_url, origin="http://attacker.example", subprotocols=["streamlit"]):  # type: ignore[list-item]
            return "accepted"
    except websockets.InvalidStatus as exc:
        return f"refused {exc.response.status_code}"


def test_the_app_opens_no_connection_off_loopback(traced_app: tuple[str, Path]) -> None:
    url, log = traced_app
    page = _get(url).decode("utf-8")  # the page, then the scripts and styles it loads
    assets = re.findall(r'(?:src|href)="\.?/?(static/[^"]+)"', page)
    assert assets, "the page should load its scripts"
    for asset in assets:
        assert _get(f"{url}/{asset}")
    ws_url = url.replace("http", "ws") + "/_stcore/stream"
    texts = asyncio.run(_run_first_page(ws_url, origin=url))
    assert sum("measure" in t.lower() for t in texts) >= 3, texts[:10]  # the first page ran: the sample portrait was measured
    assert asyncio.run(_foreign_websocket(ws_url)).startswith("refused")
    time.sleep(1.0)  # let anything the server does after the page settle into the log
    found = remote_addresses(log.read_text())
    assert found == [], "\n".join(found[:10])


def test_the_config_hides_error_details_and_pins_the_address() -> None:
    import tomllib

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"  # false would still show tracebacks
    assert config["browser"]["serverAddress"] == "localhost"  # skips the start-up address look-ups
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["address"] == "127.0.0.1"  # run as the README says, only this computer reaches it
    assert '"--server.address", "0.0.0.0"' in (REPO / "Dockerfile").read_text(encoding="utf-8")  # a deployment, on purpose


def test_the_patched_lookups_are_the_ones_streamlit_calls() -> None:
    import inspect

    from streamlit import net_util
    from streamlit.web import bootstrap
    from streamlit.web.server import server_util

    assert "net_util.get_internal_ip" in inspect.getsource(server_util.is_url_from_allowed_origins)
    assert "net_util.get_external_ip" in inspect.getsource(server_util.is_url_from_allowed_origins)
    assert "net_util.get_external_ip" in inspect.getsource(bootstrap._print_url)
    from ui.offline import keep_streamlit_offline

    saved = net_util.get_internal_ip, net_util.get_external_ip
    try:
        keep_streamlit_offline()
        assert net_util.get_internal_ip() is None and net_util.get_external_ip() is None
        assert not server_util.is_url_from_allowed_origins("http://attacker.example")
        assert server_util.is_url_from_allowed_origins("http://localhost:8501")
    finally:
        net_util.get_internal_ip, net_util.get_external_ip = saved
