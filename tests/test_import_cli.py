"""`paperdigest import` from every format and both services (the real clients against the replay
server, tests/replay.py): exact lines out, one-line errors with exit 1 and no file written, and a
second run that creates nothing and says so."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
import yaml

from generator.commands.cli import main

REPLAY = Path(__file__).resolve().parent / "fixtures" / "replay"
RECORDS = Path(__file__).resolve().parent / "fixtures" / "arxiv-records.jsonl"
SKIP = "already present (--update refreshes it)"
FORMATS = (
    "a trending-papers listing, JSON Lines of arXiv records, arXiv API Atom, Hugging Face daily-papers JSON "
    "or arXiv ids"
)


def run(project, *args) -> int:
    return main(["--project", str(project.root), "import", *args])


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def files(project) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in project.papers.glob("*")} if project.papers.exists() else {}


def records(*ids: str) -> str:
    wanted = [json.loads(line) for line in RECORDS.read_text(encoding="utf-8").splitlines()]
    return "".join(json.dumps(r) + "\n" for r in wanted if r["id"] in ids)


def test_arxiv_ids_are_fetched_in_one_batch_and_become_entries(project, replay, capsys):
    assert (
        run(project, "--arxiv", "2503.18089", "arXiv:2503.17499v1", "https://arxiv.org/abs/2509.18883") == 0
    )
    root = project.root.as_posix()
    assert capsys.readouterr().out.splitlines() == [
        f"Created {root}/content/papers/2503.18089.md",
        f"Created {root}/content/papers/2503.17499.md",
        f"Created {root}/content/papers/2509.18883.md",
        "Imported 3 papers: 3 created, 0 updated, 0 already present.",
    ]
    [request] = replay.requests
    assert request == "/arxiv/query?id_list=2503.18089%2C2503.17499v1%2C2509.18883&max_results=3"
    tex = front(project.papers / "2503.18089.md")
    assert tex["title"] == "$D^2LoRA$: Data-Driven LoRA Initialization for Low Resource Tasks"
    assert tex["authors"] == ["Javad SeraJ", "Mohammad Mahdi Mohajeri", "Mohammad Javad Dousti"]
    assert tex["links"]["arxiv"] == "https://arxiv.org/abs/2503.18089"
    assert tex["links"]["pdf"] == "https://arxiv.org/pdf/2503.18089"
    assert str(tex["published"]) == "2025-03-25"  # arXiv's <published>, the first version
    assert tex["categories"] == ["cs.CL"]
    assert "Mulé" in front(project.papers / "2503.17499.md")["authors"][0]
    assert len(front(project.papers / "2509.18883.md")["authors"]) == 127
    generated, _ = project.build()
    assert {e.id for e in generated.catalog.entries} == {"2503.18089", "2503.17499", "2509.18883"}

    # A second run asks nothing: the ids are present.
    assert run(project, "--arxiv", "2503.18089v2", "2503.17499", "2509.18883") == 0
    assert (
        capsys.readouterr().out.splitlines()[-1] == "Nothing new: 3 papers already present, no file written."
    )
    assert len(replay.requests) == 1


def test_a_day_of_hugging_face_papers(project, replay, capsys):
    assert run(project, "--hf-daily", "2025-03-25") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "Imported 6 papers: 6 created, 0 updated, 0 already present."
    assert replay.requests == ["/hf/daily_papers?date=2025-03-25"]
    entry = front(project.papers / "2503.17406.md")
    assert str(entry["date"]) == "2025-03-25"
    assert entry["links"]["code"] == "https://github.com/HaochenZ11/IRef-VLA"
    before = files(project)
    assert run(project, "--hf-daily", "2025-03-25") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Skipped {project.root.as_posix()}/content/papers/2503.17403.md: {SKIP}"
    assert out[-1] == "Nothing new: 6 papers already present, no file written."
    assert files(project) == before
    assert len(replay.requests) == 1  # the day's answer came from build/cache/hf/


def test_hf_daily_and_a_different_date_warn(project, replay, capsys):
    assert run(project, "--hf-daily", "2025-03-25", "--date", "2025-03-26") == 0
    assert capsys.readouterr().err == (
        "Warning: --hf-daily is 2025-03-25 but --date says 2025-03-26: the entries are dated 2025-03-26\n"
    )
    assert front(project.papers / "2503.17406.md")["date"].isoformat() == "2025-03-26"


@pytest.mark.parametrize(
    "name, make, created",
    [
        ("atom.xml", lambda: (REPLAY / "arxiv-query.xml").read_text(), 10),
        ("daily.json", lambda: (REPLAY / "hf-daily-2025-03-25.json").read_text(), 6),
        ("records.jsonl", lambda: records("2503.17403", "2503.18725", "2503.17425"), 3),
        ("ids.txt", lambda: "# to read\n2503.18725\nhttps://arxiv.org/pdf/2503.17526v1\n\n", 2),
    ],
)
def test_each_format_is_read_from_its_content(project, replay, capsys, name, make, created):
    source = project.write(f"inbox/{name.replace('.', '-')}", make())  # no extension: content decides
    assert run(project, str(source)) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Imported {created} papers: {created} created, 0 updated, 0 already present."
    )
    assert run(project, str(source)) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Nothing new: {created} papers already present, no file written."
    )


def test_jsonl_records_drop_acm_classes_and_keep_their_listing_day(project, capsys):
    source = project.write("records.jsonl", records("2503.17425"))
    assert run(project, str(source)) == 0
    entry = front(project.papers / "2503.17425.md")
    assert entry["categories"] == ["cs.CL", "cs.IR", "cs.LG"]  # H.3 is an ACM class
    assert str(entry["date"]) == "2025-03-25"


def test_update_refreshes_an_entry_made_from_a_listing(project, replay, capsys):
    record = json.loads(records("2503.17406"))
    project.entry("iref-vla", title=record["title"], body=record["summary"])  # no id, no authors, no links
    assert run(project, "--arxiv", "2503.17406") == 0
    assert capsys.readouterr().out.splitlines() == [
        f"Skipped {project.root.as_posix()}/content/papers/iref-vla.md: {SKIP}",
        "Nothing new: 1 paper already present, no file written.",
    ]
    assert run(project, "--arxiv", "2503.17406", "--update") == 0
    assert capsys.readouterr().out.splitlines() == [
        f"Updated {project.root.as_posix()}/content/papers/iref-vla.md "
        "(links.arxiv, links.pdf, links.code, authors, published, categories)",
        "Imported 1 paper: 0 created, 1 updated, 0 already present.",
    ]
    entry = front(project.papers / "iref-vla.md")
    assert entry["id"] == "iref-vla" and len(entry["authors"]) == 5
    assert entry["links"]["arxiv"] == "https://arxiv.org/abs/2503.17406"
    assert run(project, "--arxiv", "2503.17406", "--update") == 0
    assert (
        capsys.readouterr().out.splitlines()[-1] == "Nothing new: 1 paper already present, no file written."
    )


BROKEN_ATOM = '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<entry><title>x</entry>'


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("feed.xml", BROKEN_ATOM, "{path}: not well-formed Atom (line 3, column 17)"),
        ("daily.json", '[{"paper": {"id": "2503.17406",', "{path}: not JSON (line 1, column 32)"),
        ("daily.json", '[{"paper": {"id": "2503.17406"}}]', "{path}[0]: paper.title is missing or not text"),
        (
            "records.jsonl",
            '{"id": "2503.17406", "title": "T"\n',
            "{path}:1: not JSON (Expecting ',' delimiter at column 34)",
        ),
        ("ids.txt", "2503.17406\n", None),  # (valid: the control row)
        (
            "listing.txt",
            "new\n\nTrending\n\nA title\n\nAn abstract.\n",
            "{path}: no date line found (expected a line like 'Mar 12' before the papers)",
        ),
        (
            "page.html",
            "<!doctype html><html></html>",
            "{path}: not a format import reads (expected " + FORMATS + ")",
        ),
        (
            "empty.txt",
            "\n\n",
            "{path}: is empty (expected " + FORMATS + ")",
        ),
    ],
)
def test_a_bad_file_is_one_line_and_nothing_is_written(project, replay, capsys, name, text, message):
    good = project.write("good.jsonl", records("2503.18725"))
    bad = project.write(name, text)
    code = run(project, str(good), str(bad))  # the good file is read first: still nothing is written
    captured = capsys.readouterr()
    if message is None:
        assert code == 0
        return
    assert (code, captured.out, captured.err) == (1, "", f"Error: {message.format(path=bad.as_posix())}\n")
    assert files(project) == {}


def assert_fails(project, capsys, args, message):
    assert run(project, *args) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"Error: {message}\n")
    assert files(project) == {}
    assert "Traceback" not in captured.err


def test_an_unknown_id(project, replay, capsys):
    assert_fails(
        project,
        capsys,
        ["--arxiv", "2503.18725", "2401.99999"],
        "arXiv API: no paper with the id 2401.99999 (expected ids arXiv knows)",
    )


def test_a_malformed_id(project, replay, capsys):
    assert_fails(
        project,
        capsys,
        ["--arxiv", "2503.1872"],
        "--arxiv: '2503.1872' is not a valid arXiv id: papers from 2025 have 5-digit numbers "
        "(expected an arXiv id like 1907.05737 or 1907.05737v2)",
    )


def test_malformed_answers(project, replay, capsys):
    replay.fail("/arxiv", 200, b"Rate exceeded.")
    assert_fails(
        project,
        capsys,
        ["--arxiv", "2503.18725"],
        "arXiv API: not Atom but text: 'Rate exceeded.' (try again later)",
    )
    replay.fail("/hf", 200, b'[{"paper": ')
    assert_fails(
        project,
        capsys,
        ["--hf-daily", "2025-03-25"],
        "Hugging Face API 2025-03-25: not JSON (line 1, column 12)",
    )
    replay.fail("/hf", 200, b'{"error": "Invalid date"}')
    assert_fails(
        project,
        capsys,
        ["--hf-daily", "2025-03-25"],
        "Hugging Face API 2025-03-25: Hugging Face says: Invalid date",
    )


def test_the_network_down(project, capsys, monkeypatch):
    monkeypatch.setenv("PAPERDIGEST_ARXIV_API", "http://127.0.0.1:9/api/query")  # discard: nobody listens
    monkeypatch.setenv("PAPERDIGEST_HF_API", "http://127.0.0.1:9/api")
    assert_fails(
        project,
        capsys,
        ["--arxiv", "2503.18725"],
        "arXiv API: cannot reach 127.0.0.1:9 (Connection refused; are you offline?)",
    )
    assert_fails(
        project,
        capsys,
        ["--hf-daily", "2025-03-25"],
        "Hugging Face API: cannot reach 127.0.0.1:9 (Connection refused; are you offline?)",
    )


def test_busy_services_are_retried_as_retry_after_says_then_given_up(project, replay, capsys):
    port = replay.url.rsplit(":", 1)[1]
    replay.fail("/arxiv", 429, times=4, Retry_After="0")
    assert_fails(
        project,
        capsys,
        ["--arxiv", "2503.18725"],
        f"arXiv API: HTTP 429 from 127.0.0.1:{port} after 4 attempts (the service is busy: try again later)",
    )
    assert len(replay.requests) == 4
    replay.fail("/hf", 503, Retry_After="3600")  # an hour: not worth waiting for
    assert_fails(
        project,
        capsys,
        ["--hf-daily", "2025-03-25"],
        f"Hugging Face API: HTTP 503 from 127.0.0.1:{port} after 1 attempt "
        "(the service is busy: try again later)",
    )


def test_a_503_with_retry_after_is_waited_for(project, replay, capsys):
    replay.fail("/arxiv", 503, Retry_After="1")
    started = time.monotonic()
    assert run(project, "--arxiv", "2503.18725") == 0
    assert time.monotonic() - started >= 1.0
    assert len(replay.requests) == 2
    assert (
        capsys.readouterr().out.splitlines()[-1]
        == "Imported 1 paper: 1 created, 0 updated, 0 already present."
    )


def test_nothing_to_import(project, capsys):
    assert_fails(
        project,
        capsys,
        [],
        "nothing to import (expected PATH..., --arxiv ID... or --hf-daily YYYY-MM-DD) "
        "(see 'paperdigest import --help')",
    )


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_on_a_terminal_only(project, replay, capsys, monkeypatch):
    assert run(project, "--arxiv", "2503.18725") == 0
    assert capsys.readouterr().err == ""  # not a terminal: no bar
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert run(project, "--hf-daily", "2025-03-25") == 0
    assert "Hugging Face daily papers" in terminal.getvalue() and "100%" in terminal.getvalue()


def test_what_a_service_sends_is_checked_like_a_contribution(project, capsys):
    items = json.loads((REPLAY / "hf-daily-2025-03-25.json").read_text(encoding="utf-8"))[:2]
    items[1]["paper"]["title"] = "A \u202etitle that reads backwards"
    items[1]["paper"]["authors"] = [{"name": "x" * 400}]
    source = project.write("daily.json", json.dumps(items))
    assert run(project, str(source)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"Created {project.root.as_posix()}/content/papers/2503.17403.md",
        f"Refused {source.as_posix()}[1] 2503.18089: content/papers/2503.18089.md:3: title: contains "
        "invisible "
        "character U+202E RIGHT-TO-LEFT OVERRIDE (expected visible text; remove bidirectional and "
        "zero-width characters)",
        "Imported 2 papers: 1 created, 0 updated, 0 already present, 1 refused.",
    ]
    assert sorted(files(project)) == ["2503.17403.md"]


def test_an_old_style_arxiv_id_gets_a_file_name_without_a_slash(project, capsys):
    atom = (REPLAY / "arxiv-query.xml").read_text(encoding="utf-8")
    start, end = atom.index("  <entry>"), atom.index("</entry>") + len("</entry>")
    entry = atom[start:end].replace("2503.17403v2", "hep-th/9901001v2")
    source = project.write("old.xml", atom[:start] + entry + "\n</feed>\n")
    assert run(project, str(source)) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"Created {project.root.as_posix()}/content/papers/hep-th-9901001.md"
    )
    written = front(project.papers / "hep-th-9901001.md")
    assert written["links"]["arxiv"] == "https://arxiv.org/abs/hep-th/9901001"
    assert run(project, str(source)) == 0  # found again by its arXiv id, through the link
    assert (
        capsys.readouterr().out.splitlines()[-1] == "Nothing new: 1 paper already present, no file written."
    )
    assert main(["--project", str(project.root), "check"]) == 0


def test_date_overrides_the_day_a_file_lists_its_papers_with_a_warning(project, capsys):
    source = project.write("daily.json", (REPLAY / "hf-daily-2025-03-25.json").read_text(encoding="utf-8"))
    assert run(project, str(source), "--date", "2025-03-27") == 0
    assert capsys.readouterr().err == (
        f"Warning: {source.as_posix()}: lists its papers on 2025-03-25 but --date says 2025-03-27: "
        "the entries are dated 2025-03-27\n"
    )
    assert front(project.papers / "2503.17406.md")["date"].isoformat() == "2025-03-27"


def test_new_fetch_fills_the_scaffold_from_arxiv(project, replay, capsys):
    argv = [
        "--project",
        str(project.root),
        "new",
        "--arxiv",
        "arXiv:2503.17406v1",
        "--fetch",
        "--date",
        "2026-03-12",
    ]
    assert main(argv) == 0
    path = project.papers / "2503.17406.md"
    assert capsys.readouterr().out.splitlines()[0] == f"Created {path.as_posix()}"
    entry = front(path)
    assert entry["title"].startswith("IRef-VLA: A Benchmark for Interactive Referential Grounding")
    assert len(entry["authors"]) == 5 and entry["categories"] == ["cs.CV", "cs.RO"]
    assert entry["links"] == {
        "arxiv": "https://arxiv.org/abs/2503.17406v1",
        "pdf": "https://arxiv.org/pdf/2503.17406v1",
        "code": "https://github.com/HaochenZ11/IRef-VLA",
        "project": None,
    }
    assert "# The paper's title, exactly as on the paper." in path.read_text()  # still the explained scaffold
    assert main(["--project", str(project.root), "check"]) == 0
    capsys.readouterr()
    assert main(["--project", str(project.root), "new", "--title", "T", "--fetch"]) == 1
    assert capsys.readouterr().err == "Error: new: --fetch needs --arxiv ID (expected the paper's arXiv id)\n"
    assert main(["--project", str(project.root), "new", "--arxiv", "2401.99999", "--fetch"]) == 1
    assert capsys.readouterr().err == (
        "Error: arXiv API: no paper with the id 2401.99999 (expected ids arXiv knows)\n"
    )
    assert sorted(files(project)) == ["2503.17406.md"]


def test_tags_are_suggested_from_categories_too_and_from_the_vocabulary_only():
    from generator.commands.papers import suggested_tags
    from generator.load.content import load_content
    from generator.sources.record import PaperRecord
    from generator.validate.vocabulary import parse_vocabulary

    from support import REPO

    content = load_content(REPO, only=[])
    vocabulary = parse_vocabulary(content.vocabulary, content.vocabulary_lines, [])
    plain = PaperRecord(title="A policy that grasps cups", abstract="We grasp cups.", source="t")
    assert suggested_tags(vocabulary, plain) == []
    filed = PaperRecord(title=plain.title, abstract=plain.abstract, source="t", categories=("cs.RO", "cs.IR"))
    assert suggested_tags(vocabulary, filed) == ["robotics", "information-retrieval"]
    assert set(suggested_tags(vocabulary, filed)) <= {tag.slug for tag in vocabulary.tags}


def test_a_file_that_appears_meanwhile_is_never_overwritten(project, monkeypatch, tmp_path):
    from generator.commands import entryfiles

    target = project.papers / "x.md"
    target.write_text("the curator's own", encoding="utf-8")
    with pytest.raises(entryfiles.PaperDigestError, match="x.md: appeared while importing"):
        entryfiles.write_new(target, "imported")
    assert target.read_text(encoding="utf-8") == "the curator's own"

    def no_links(*args):
        raise PermissionError("hard links not supported")

    monkeypatch.setattr(entryfiles.os, "link", no_links)
    with pytest.raises(entryfiles.PaperDigestError, match="x.md: appeared while importing"):
        entryfiles.write_new(target, "imported")
    entryfiles.write_new(project.papers / "y.md", "imported")
    assert (project.papers / "y.md").read_text(encoding="utf-8") == "imported"
    assert sorted(p.name for p in project.papers.iterdir()) == ["x.md", "y.md"]  # no temporary left
