"""How long `paperdigest serve` takes to show an edit, on a built benchmark project.

Edits the title of the first paper, polls its page until the new title shows
(the rebuild's quick step renders that page first), waits for the whole
rebuild to finish, and reads the server's log for where its time went: the
quick step, our pipeline (generate + write into build/docs) and MkDocs
re-rendering the pages.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from generator.load.settings import load_settings

QUICK = re.compile(r"paperdigest: quick preview in ([\d.]+) s")
REBUILT = re.compile(
    r"paperdigest: rebuilt in ([\d.]+) s: generate\+write ([\d.]+) s .*?, mkdocs ([\d.]+) s \((.*)\)$"
)


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
    with tempfile.TemporaryDirectory() as folder, open(Path(folder) / "serve.log", "w") as server_log:
        server = subprocess.Popen(
            [str(paperdigest), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        try:
            startup = _wait_for_startup(server, url, startup_timeout)
            edited = time.monotonic()
            edit_to_page = _edit_and_wait(paper, original, url)
            log_file = Path(folder) / "serve.log"
            while not any(
                map(REBUILT.search, log_file.read_text(encoding="utf-8").splitlines())
            ):  # quick step first
                if time.monotonic() - edited > 600:
                    raise RuntimeError("the rebuild never finished")
                time.sleep(0.1)
            edit_to_rebuilt = time.monotonic() - edited
            time.sleep(2)  # a second rebuild, if the edit caused one, would have started by now
            log = log_file.read_text(encoding="utf-8")  # before the restore, one more edit
        finally:
            paper.write_bytes(original)
            server.terminate()
            server.wait(timeout=30)
    return {
        "startup_seconds": startup,
        "edit_to_page_seconds": edit_to_page,
        "edit_to_rebuilt_seconds": edit_to_rebuilt,
        **_rebuild_split(log),
    }


def _wait_for_startup(server: subprocess.Popen, url: str, timeout: float) -> float:
    start = time.monotonic()
    while _fetch(url) is None:
        if time.monotonic() - start > timeout or server.poll() is not None:
            raise RuntimeError("paperdigest serve did not come up")
        time.sleep(1)
    return time.monotonic() - start


def _edit_and_wait(paper: Path, original: bytes, url: str) -> float:
    marker = f"Edited{int(time.time())}"
    text = original.decode("utf-8").replace('\ntitle: "', f'\ntitle: "{marker} ', 1)
    edited = time.monotonic()
    paper.write_text(text, encoding="utf-8")
    while marker not in (_fetch(url) or ""):
        if time.monotonic() - edited > 600:
            raise RuntimeError("the edit never showed up")
        time.sleep(0.1)
    return time.monotonic() - edited


def _rebuild_split(log: str) -> dict:
    """The first rebuild after the edit, from its log lines (its quick step, if any, shows the edited page
    first); and how many rebuilds the edit caused."""
    rebuilds = [match for line in log.splitlines() if (match := REBUILT.search(line))]
    if not rebuilds:
        return {"rebuilds": 0}
    total, ours, mkdocs, what = rebuilds[0].groups()
    quick = [float(match.group(1)) for line in log.splitlines() if (match := QUICK.search(line))]
    return {
        "rebuilds": log.count("Detected file changes"),
        "quick_preview_seconds": quick[0] if quick else None,
        "rebuild_seconds": float(total),
        "generate_write_seconds": float(ours),
        "mkdocs_seconds": float(mkdocs),
        "mkdocs_did": what,
    }


if __name__ == "__main__":  # python -m benchmarks.serve_latency benchmarks/out/scale-1000
    import json

    print(json.dumps(serve_latency(Path(sys.argv[1])), indent=2))
