"""The one way browser tests and benchmarks start the app: `streamlit run app.py` on a free port.

:func:`app_server` starts the server in its own process group, polls ``/_stcore/health`` until it
answers ``ok`` and stops the whole group on exit. :data:`CHROMIUM` and :data:`CHROMIUM_ARGS` are how
Debian's Chromium is launched through Playwright (``playwright install`` cannot download browsers
here). Benchmarks import this module too (``from tests.browser import app_server``).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ui.analyze_ui import OVERLAY_ALT

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "DEPLOYMENT_ARGS", "REPO", "Server", "ServerError", "app_server", "chromium", "free_port", "watched"]

#: Repository root (where ``app.py`` lives).
REPO = Path(__file__).resolve().parents[1]
#: Debian's Chromium, driven through Playwright's ``executable_path``.
CHROMIUM = Path("/usr/bin/chromium")
#: The first page's overlay picture, as a CSS selector (by the start of its alt text).
OVERLAY_PICTURE = f'img[alt^="{OVERLAY_ALT}"]'
#: Launch flags: headless, and no network of its own (updates, sync, background fetches).
CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


#: The options the app is deployed with (the Dockerfile's command line): no file watcher, which would
#: otherwise scan every imported module at each new session (about 0.2 s of CPU per page view).
DEPLOYMENT_ARGS: tuple[str, ...] = ("--server.fileWatcherType", "none", "--server.runOnSave", "false")


class ServerError(RuntimeError):
    """The server did not answer its health check in time (or exited)."""


@dataclass(frozen=True)
class Server:
    """A running app server: its base URL and the process id (for /proc readings)."""

    url: str
    pid: int


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return bool(r.read() == b"ok")
    except OSError:
        return False


@contextmanager
def app_server(
    *, log: IO[bytes] | None = None, env: Mapping[str, str] | None = None, timeout_s: float = 90.0, args: tuple[str, ...] = (), script: str = "app.py"
) -> Iterator[Server]:
    """Run `streamlit run app.py` (or another ``script``, relative to the repository) on a free loopback port until the block ends.

    Parameters
    ----------
    log : binary file, optional
        Where the server's output goes (discarded when ``None``).
    env : mapping, optional
        Extra environment variables for the server (e.g. ``MIRRORMAP_IDLE_MINUTES``).
    timeout_s : float
        How long to wait for ``/_stcore/health``.
    args : tuple of str
        Extra ``streamlit run`` options (e.g. :data:`DEPLOYMENT_ARGS`).
    script : str
        The Streamlit script to run.

    Raises
    ------
    ServerError
        When the server exits or does not answer in time.
    """
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
    proc = subprocess.Popen(
        [*command, *args],
        cwd=REPO,
        stdout=log if log is not None else subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        env={**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})},
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while not _healthy(url):
            if proc.poll() is not None:
                raise ServerError(f"streamlit exited with code {proc.returncode} before answering /_stcore/health")
            if time.monotonic() > deadline:
                raise ServerError(f"streamlit did not answer /_stcore/health within {timeout_s:g} s")
            time.sleep(0.2)
        yield Server(url, proc.pid)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


#: Where browser tests leave screenshots and server logs.
ARTIFACTS = REPO / "tests" / "artifacts"
#: Whether the first page shows the photo captioned with the given text, its overlay drawn and nothing stale.
SHOWS_PHOTO_JS = (
    """(caption) => {
  const captioned = [...document.querySelectorAll('[data-testid="stCaptionContainer"]')].some(e => e.innerText.includes(caption));
  return captioned && document.querySelector('"""
    + OVERLAY_PICTURE
    + """') !== null && document.querySelectorAll('[data-stale="true"]').length === 0;
}"""
)


@contextmanager
def served(log_name: str, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """A browser test module's server (:func:`app_server`), its output in ``ARTIFACTS / log_name``; yields its URL.

    Skips the test without Debian's Chromium or Playwright; fails it, naming the log, when the server does not start.
    """
    import pytest

    if not CHROMIUM.is_file():
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install -y chromium; .ci/run does it)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / log_name).open("wb") as log:
        try:
            with app_server(log=log, env=env) as running:
                yield running.url
        except ServerError as exc:
            pytest.fail(f"{exc} (see {ARTIFACTS / log_name})")


@contextmanager
def chromium(extra_args: tuple[str, ...] = ()) -> Iterator[Any]:
    """Debian's Chromium launched through Playwright with :data:`CHROMIUM_ARGS` (and ``extra_args``, e.g. a fake
    camera); closed when the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *extra_args])
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def watched_tab(browser: Any, request: Any, picture: Path, **context: Any) -> Iterator[Any]:
    """A new tab in a browser context of its own (a session of its own; ``context``: Playwright's options, such as the
    viewport), :func:`watched`, and the context closed afterwards."""
    made = browser.new_context(**context)
    try:
        with watched(made.new_page(), request, picture) as tab:
            yield tab
    finally:
        made.close()


@contextmanager
def watched(tab: Any, request: Any, picture: Path | None = None, *, full_page: bool = False) -> Iterator[Any]:
    """Yield ``tab``, then fail the test on any uncaught script error the page raised; when the test (``request``,
    a pytest fixture request) failed inside the block, save a picture of the page to ``picture``."""
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    failed = request.session.testsfailed
    try:
        yield tab
        assert not errors, errors
    finally:
        if picture is not None and request.session.testsfailed > failed:
            picture.parent.mkdir(exist_ok=True)
            tab.screenshot(path=str(picture), full_page=full_page)
