"""The source parsers (generator/sources/) on documented formats, and the HTTP client against a
local server. Atom fields: arXiv API User's Manual 3.3; daily papers: huggingface.co/api/daily_papers."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading

import pytest

from generator.errors import PaperDigestError
from generator.sources import arxiv_atom, arxiv_ids, detect, hf_daily, jsonl
from generator.sources.http import HttpClient

from realdata import record

REC = record("2503.17403")
ATOM = f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"
      xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
  <opensearch:totalResults>1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/{REC["id"]}v2</id>
    <published>2025-03-21T18:00:00Z</published>
    <updated>2025-04-02T10:00:00Z</updated>
    <title>{REC["title"]}</title>
    <summary>{REC["summary"]}</summary>
    {"".join(f"<author><name>{a}</name></author>" for a in REC["authors"])}
    <arxiv:primary_category term="cs.CL"/>
    <category term="cs.CL"/><category term="cs.AI"/>
    <link href="http://arxiv.org/abs/{REC["id"]}v2" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{REC["id"]}v2" rel="related" type="application/pdf"/>
  </entry>
</feed>"""


def test_atom_entry_becomes_a_record():
    [paper] = arxiv_atom.parse_atom(ATOM)
    assert paper.arxiv_id == REC["id"] + "v2"
    assert paper.authors == tuple(REC["authors"])
    assert paper.published == dt.date(2025, 3, 21) and paper.updated == dt.date(2025, 4, 2)
    assert paper.categories == ("cs.CL", "cs.AI")
    assert detect.detect(ATOM) == "atom"


def test_malformed_atom_and_arxiv_errors_are_one_line():
    with pytest.raises(PaperDigestError, match=r"^arXiv API: not well-formed Atom \(line 1, column"):
        arxiv_atom.parse_atom("<feed")
    error = ATOM.replace(f"http://arxiv.org/abs/{REC['id']}v2</id>", "http://arxiv.org/api/errors#x</id>")
    with pytest.raises(PaperDigestError, match="^arXiv API: arXiv says: "):
        arxiv_atom.parse_atom(error)


def test_hf_daily_papers_keep_code_and_project_links():
    items = [
        {
            "paper": {
                "id": REC["id"],
                "title": REC["title"],
                "summary": REC["summary"],
                "authors": [{"name": n} for n in REC["authors"]],
                "publishedAt": "2025-03-21T18:00:00.000Z",
                "githubRepo": "https://github.com/example/repo",
                "projectPage": "https://example.org/p",
            },
            "publishedAt": "2025-03-25T01:00:00.000Z",
            "title": REC["title"],
        }
    ]
    text = json.dumps(items)
    [paper] = hf_daily.parse_daily(text, "hf")
    assert paper.links == {"code": "https://github.com/example/repo", "project": "https://example.org/p"}
    assert detect.detect(text) == "hf-daily"
    with pytest.raises(PaperDigestError, match=r"^hf: not JSON \(line 1, column"):
        hf_daily.parse_daily("[{", "hf")


def test_jsonl_and_ids():
    text = json.dumps(REC) + "\n"
    [paper] = jsonl.parse_jsonl(text, "r.jsonl")
    assert paper.arxiv_id == REC["id"] and paper.listed == dt.date.fromisoformat(REC["listed"])
    assert detect.detect(text) == "jsonl"
    assert arxiv_ids.parse_id("arXiv:2403.01234v2") == "2403.01234v2"
    assert arxiv_ids.parse_id("https://arxiv.org/pdf/2403.01234v2") == "2403.01234v2"
    assert arxiv_ids.unique(["2403.01234", "2403.01234v2"]) == ["2403.01234"]
    with pytest.raises(PaperDigestError, match="^--arxiv: '2403.1' is not a valid arXiv id"):
        arxiv_ids.parse_id("2403.1")


class _Busy(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):
        type(self).hits += 1
        if type(self).hits == 1:
            self.send_response(503)
            self.send_header("Retry-After", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def test_http_retries_503_honouring_retry_after_then_caches(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Busy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        waits = []
        client = HttpClient("test API", cache_dir=tmp_path, sleep=waits.append)
        url = f"http://127.0.0.1:{server.server_port}/q"
        assert client.get(url, bytes) == b"ok" and waits == [0.0] and _Busy.hits == 2
        assert client.get(url, bytes) == b"ok" and _Busy.hits == 2  # from the cache
    finally:
        server.shutdown()
    with pytest.raises(PaperDigestError, match=r"^test API: cannot reach 127.0.0.1:9 \("):
        HttpClient("test API").get("http://127.0.0.1:9/", bytes)


def test_a_garbled_answer_is_not_cached(tmp_path, replay):
    client = HttpClient("arXiv API", cache_dir=tmp_path)
    url = f"{replay.arxiv_api}?id_list=2503.18725&max_results=1"
    replay.fail("/arxiv", 200, b"Rate exceeded.")
    with pytest.raises(
        PaperDigestError, match=r"^arXiv API: not Atom but text: 'Rate exceeded\.' \(try again later\)$"
    ):
        client.get(url, arxiv_atom.parse_atom)
    [paper] = client.get(url, arxiv_atom.parse_atom)  # asked again, not replayed from the cache
    assert paper.arxiv_id == "2503.18725v1" and len(replay.requests) == 2
    assert client.get(url, arxiv_atom.parse_atom) == [paper] and len(replay.requests) == 2


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i + 1} "{f"&lol{i};" * 10}">' for i in range(9))
    + ']><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lol9;</title></entry></feed>'
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE f [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2503.18725v1</id>'
    "<title>&x;</title><summary>s</summary></entry></feed>"
)


@pytest.mark.parametrize("text", [BOMB, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_hostile_xml_is_refused_not_expanded(text):
    with pytest.raises(PaperDigestError, match=r"^arXiv API: not well-formed Atom \(line 1, column \d+\)$"):
        arxiv_atom.parse_atom(text)


def test_arxiv_is_asked_in_batches_one_request_per_interval(replay, monkeypatch):
    from generator.sources import arxiv_api

    monkeypatch.setattr(arxiv_api, "BATCH", 4)
    waits: list[float] = []
    moments = iter(float(n) for n in range(100))  # each clock reading one second after the last
    client = HttpClient("arXiv API", min_interval=3.0, sleep=waits.append, clock=lambda: next(moments))
    ids = ["2503.17403", "2503.18089", "2503.18725", "2503.17499", "2503.17526", "2503.17425v1", "2509.18883"]
    progress: list[tuple[int, int]] = []
    papers = arxiv_api.fetch_ids(ids, client, lambda done, total: progress.append((done, total)))
    assert [p.arxiv_id.split("v")[0] for p in papers] == [i.split("v")[0] for i in ids]
    assert [r.split("&")[0] for r in replay.requests] == [
        "/arxiv/query?id_list=2503.17403%2C2503.18089%2C2503.18725%2C2503.17499",
        "/arxiv/query?id_list=2503.17526%2C2503.17425v1%2C2509.18883",
    ]
    assert waits == [2.0] and progress == [(1, 2), (2, 2)]  # 3 s between requests, 1 s already gone


class _Huge(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/missing":
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.end_headers()
        chunk = b"x" * 2**20
        try:
            for _ in range(40):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


def test_an_oversized_answer_and_a_404_are_one_line():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Huge)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"127.0.0.1:{server.server_port}"
    try:
        with pytest.raises(PaperDigestError) as error:
            HttpClient("test API").get(f"http://{host}/big", bytes)
        assert (
            str(error.value) == f"test API: the answer from {host} is over 32 MB (expected a small document)"
        )
        with pytest.raises(PaperDigestError) as error:
            HttpClient("test API").get(f"http://{host}/missing", bytes)
        assert str(error.value) == f"test API: HTTP 404 from {host} for http://{host}/missing"
    finally:
        server.shutdown()


def test_the_interval_cannot_be_shortened_for_arxiv_itself(monkeypatch):
    from generator.sources import arxiv_api

    monkeypatch.setenv("PAPERDIGEST_ARXIV_INTERVAL", "0")
    monkeypatch.delenv("PAPERDIGEST_ARXIV_API", raising=False)
    assert arxiv_api.client(None).min_interval == 3.0
    monkeypatch.setenv("PAPERDIGEST_ARXIV_API", "http://127.0.0.1:8000/api/query")
    assert arxiv_api.client(None).min_interval == 0.0


def test_retry_after_is_seconds_or_an_http_date():
    import email.utils
    import time

    from generator.sources.http import _retry_after

    assert _retry_after("7", default=1.0) == 7.0
    assert _retry_after(None, default=4.0) == 4.0 and _retry_after("soon", default=4.0) == 4.0
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= _retry_after(later, default=1.0) <= 31
    assert _retry_after(email.utils.formatdate(time.time() - 60, usegmt=True), default=1.0) == 0.0
