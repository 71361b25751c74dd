"""`paperdigest serve`: an edit in content/ shows up in the open browser page."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from generator.settings import load_settings

pytestmark = pytest.mark.browser
PAPERDIGEST = Path(sys.executable).parent / "paperdigest"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not come up within {seconds} s")


def test_editing_an_entry_updates_the_open_page(project, page):
    entry = project.entry("flexround", title="FlexRound: Learnable Rounding")
    port = free_port()
    server = subprocess.Popen([str(PAPERDIGEST), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project.root,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        # MkDocs serves the site under the path of site_url, as it will be hosted.
        mount = urllib.parse.urlsplit(load_settings(project.root).site_url).path
        url = f"http://127.0.0.1:{port}{mount}papers/flexround/"
        wait_for(url)
        page.goto(url)
        assert page.locator("h1").inner_text() == "FlexRound: Learnable Rounding"
        entry.write_text(entry.read_text().replace("FlexRound: Learnable Rounding", "FlexRound: Edited Title"))
        page.locator("h1", has_text="FlexRound: Edited Title").wait_for(timeout=30_000)
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "Traceback" not in output, output


def test_serve_refuses_bad_content_before_starting(project):
    bad = project.entry("bad")
    bad.write_text(bad.read_text().replace("date: 2026-03-12", "date: soon"))
    result = subprocess.run([str(PAPERDIGEST), "serve", "--dev-addr", f"127.0.0.1:{free_port()}"], cwd=project.root,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "content/papers/bad.md:4:" in result.stderr and "'soon'" in result.stderr
