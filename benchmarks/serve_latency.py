"""How long `paperdigest serve` takes to show an edit, on a built benchmark project."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from generator.settings import load_settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def serve_latency(root: Path, startup_timeout: float = 1800) -> dict:
    paper = sorted((root / "content" / "papers").glob("*.md"))[0]
    original = paper.read_bytes()
    port = _free_port()
    mount = urllib.parse.urlsplit(load_settings(root).site_url).path
    url = f"http://127.0.0.1:{port}{mount}papers/{paper.stem}/"
    paperdigest = Path(sys.executable).parent / "paperdigest"
    server = subprocess.Popen([str(paperdigest), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        start = time.monotonic()
        while _fetch(url) is None:
            if time.monotonic() - start > startup_timeout or server.poll() is not None:
                raise RuntimeError("paperdigest serve did not come up")
            time.sleep(1)
        startup = time.monotonic() - start
        marker = f"Edited{int(time.time())}"
        text = original.decode("utf-8").replace("\ntitle: \"", f"\ntitle: \"{marker} ", 1)
        edited = time.monotonic()
        paper.write_text(text, encoding="utf-8")
        while marker not in (_fetch(url) or ""):
            if time.monotonic() - edited > 600:
                raise RuntimeError("the edit never showed up")
            time.sleep(0.1)
        return {"startup_seconds": startup, "edit_to_page_seconds": time.monotonic() - edited}
    finally:
        paper.write_bytes(original)
        server.terminate()
        server.wait(timeout=30)
