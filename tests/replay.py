"""A local server that answers as the arXiv API and Hugging Face's daily-papers API do, from the
fixtures in tests/fixtures/replay/ (written in each API's documented format from real records:
see tests/fixtures/README). The real clients (generator/sources/) talk to it over HTTP.

    GET /arxiv/query?id_list=ID,ID&max_results=N   the fixture feed's entries with those ids (any
                                                  version), in a feed of their own; none for an
                                                  unknown id (opensearch:totalResults 0), as arXiv
    GET /arxiv/query?search_query=ti:"WORDS"       the entries whose title holds every word
    GET /hf/daily_papers?date=YYYY-MM-DD           hf-daily-<date>.json, or [] for another day

A test can queue failures (`fail`): a status, headers such as Retry-After, a body; each is served
once, in order, before the fixtures answer again. Every request's path is kept in `requests`.
"""

from __future__ import annotations

import http.server
import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "replay"
ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
ET.register_namespace("", ATOM)
ET.register_namespace("opensearch", OPENSEARCH)
ET.register_namespace("arxiv", "http://arxiv.org/schemas/atom")


@dataclass
class Answer:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class Replay:
    def __init__(self, fixtures: Path = FIXTURES):
        self.fixtures = fixtures
        self.feed = ET.parse(fixtures / "arxiv-query.xml").getroot()
        self.requests: list[str] = []
        self.queued: dict[str, list[Answer]] = {"/arxiv": [], "/hf": []}
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def arxiv_api(self) -> str:
        return f"{self.url}/arxiv/query"

    @property
    def hf_api(self) -> str:
        return f"{self.url}/hf"

    def fail(self, service: str, status: int, body: bytes = b"", times: int = 1, **headers: str) -> None:
        """Queue `times` answers with `status` for "/arxiv" or "/hf" (headers: Retry_After="3")."""
        named = {name.replace("_", "-"): value for name, value in headers.items()}
        self.queued[service] += [Answer(status, body, named) for _ in range(times)]

    def start(self) -> Replay:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # What each API answers.
    def answer(self, path: str, query: dict[str, list[str]]) -> Answer:
        service = "/" + path.split("/")[1] if path.count("/") >= 1 else path
        if self.queued.get(service):
            return self.queued[service].pop(0)
        if path == "/arxiv/query":
            return Answer(200, self._arxiv(query), {"Content-Type": "application/atom+xml; charset=UTF-8"})
        if path == "/hf/daily_papers":
            day = query.get("date", [""])[0]
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
                return Answer(400, b'{"error":"Invalid date format, expected YYYY-MM-DD"}')
            fixture = self.fixtures / f"hf-daily-{day}.json"
            body = fixture.read_bytes() if fixture.exists() else b"[]"
            return Answer(200, body, {"Content-Type": "application/json; charset=utf-8"})
        return Answer(404, b"Not Found")

    def _arxiv(self, query: dict[str, list[str]]) -> bytes:
        entries = self.feed.findall(f"{{{ATOM}}}entry")
        if "id_list" in query:
            wanted = {_base(i) for i in query["id_list"][0].split(",") if i}
            chosen = [e for e in entries if _base(_entry_id(e)) in wanted]
        else:
            words = re.findall(r"\w+", query.get("search_query", [""])[0].removeprefix("ti:").lower())
            chosen = [e for e in entries if set(words) <= set(re.findall(r"\w+", _title(e).lower()))]
        limit = int(query.get("max_results", ["10"])[0])
        feed = ET.Element(f"{{{ATOM}}}feed")
        for name, value in (("totalResults", len(chosen)), ("startIndex", 0), ("itemsPerPage", limit)):
            ET.SubElement(feed, f"{{{OPENSEARCH}}}{name}").text = str(value)
        feed.extend(chosen[:limit])
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(feed, encoding="utf-8")

    def _handler(self):
        replay = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                replay.requests.append(self.path)
                parts = urlsplit(self.path)
                answer = replay.answer(parts.path, parse_qs(parts.query))
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, *args):
                pass

        return Handler


def _entry_id(entry: ET.Element) -> str:
    return (entry.findtext(f"{{{ATOM}}}id") or "").rsplit("/abs/", 1)[-1]


def _title(entry: ET.Element) -> str:
    return entry.findtext(f"{{{ATOM}}}title") or ""


def _base(arxiv_id: str) -> str:
    return re.sub(r"v\d+$", "", arxiv_id.strip())
