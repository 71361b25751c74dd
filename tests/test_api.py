"""The static JSON API: complete, valid against the published schema, stable, raw text."""

from __future__ import annotations

import json
import urllib.request

import jsonschema
import pytest

from generator.build import generate


def validator(schema: dict, definition: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        {**schema, "$ref": f"#/$defs/{definition}"}, format_checker=jsonschema.FormatChecker()
    )


@pytest.fixture(scope="module")
def api(seed_project):
    folder = seed_project.root / "site" / "api"
    schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return folder, schema


def test_papers_json_lists_every_entry_and_matches_the_schema(api, seed_project):
    folder, schema = api
    index = json.loads((folder / "papers.json").read_text(encoding="utf-8"))
    validator(schema, "papersIndex").validate(index)
    ids = [paper["id"] for paper in index["papers"]]
    assert index["count"] == len(ids) == len(set(ids)) == 65
    assert sorted(ids) == sorted(p.stem for p in (seed_project.root / "content" / "papers").glob("*.md"))
    first = index["papers"][0]
    assert first["url"] == f"https://paper-digest.github.io/paper-digest/papers/{first['id']}/"
    assert (seed_project.root / "site" / "papers" / first["id"] / "index.html").is_file()


def test_every_paper_file_matches_the_schema_and_its_summary(api):
    folder, schema = api
    check = validator(schema, "paper")
    summaries = {
        p["id"]: p for p in json.loads((folder / "papers.json").read_text(encoding="utf-8"))["papers"]
    }
    files = sorted((folder / "papers").glob("*.json"))
    assert len(files) == len(summaries)
    for path in files:
        paper = json.loads(path.read_text(encoding="utf-8"))
        check.validate(paper)
        assert {k: paper[k] for k in summaries[paper["id"]]} == summaries[paper["id"]]
        assert paper["abstract"] and "](" not in paper["abstract"] and "\n" not in paper["abstract"]
        assert set(paper["related"]) <= set(summaries)


def test_tags_json_counts_match_the_papers(api):
    folder, schema = api
    tags = json.loads((folder / "tags.json").read_text(encoding="utf-8"))
    validator(schema, "tagsIndex").validate(tags)
    papers = json.loads((folder / "papers.json").read_text(encoding="utf-8"))["papers"]
    assert [t["slug"] for t in tags["tags"]] == sorted(t["slug"] for t in tags["tags"])
    for tag in tags["tags"]:
        assert tag["count"] == sum(tag["slug"] in p["tags"] for p in papers)
        assert tag["bibtex"].endswith(f"/tags/{tag['slug']}.bib")


def test_full_record_has_raw_text_references_backlinks_and_notes(project):
    title = 'PA&DA: <script>alert("x")</script> *not emphasis*'
    project.entry(
        "1907.05737",
        title=title,
        authors=["Ada O'Neil"],
        body="See $O(n^2)$ \\emph{more}.\n\n## Notes\n\nWorth *reading*, with [the other](b.md).",
        links={"arxiv": "https://arxiv.org/abs/1907.05737", "code": "https://github.com/x/y?a=1&b=2"},
    )
    project.entry("b", title="B", date="2026-03-11", related=["1907.05737"])
    files = {f.path: f.content for f in generate(project.root).files}
    paper = json.loads(files["api/papers/1907.05737.json"])
    assert paper["title"] == title and paper["authors"] == ["Ada O'Neil"]
    assert paper["abstract"] == "See O(n²) more."
    assert paper["abstract_source"] == "See $O(n^2)$ \\emph{more}."
    assert paper["title_text"] == title and paper["published"] == "2019-07"
    assert paper["notes"] == "Worth reading, with the other."
    assert paper["references"] == ["b"] and paper["backlinks"] == ["b"]
    assert paper["links"] == {
        "arxiv": "https://arxiv.org/abs/1907.05737",
        "code": "https://github.com/x/y?a=1&b=2",
    }
    assert "eprint = {1907.05737}" in paper["bibtex"]
    other = json.loads(files["api/papers/b.json"])
    assert other["references"] == ["1907.05737"] and other["notes"] == ""


def test_output_is_stable_and_sorted(project):
    project.entry("a", title="Ä paper", tags=["quantization", "model-merging"])
    project.entry("b", date="2026-01-02")
    first = {f.path: f.content for f in generate(project.root).files if f.path.startswith("api/")}
    second = {f.path: f.content for f in generate(project.root).files if f.path.startswith("api/")}
    assert first == second
    index = first["api/papers.json"].decode()
    assert index.splitlines()[1].startswith(
        '{"authors":[],"date":"2026-03-12","id":"a"'
    )  # one paper per line, newest first
    assert "Ä paper" in index  # UTF-8, not \u escapes
    for content in first.values():
        assert _keys_sorted(json.loads(content))


def _keys_sorted(value) -> bool:
    if isinstance(value, dict):
        return list(value) == sorted(value) and all(_keys_sorted(v) for v in value.values())
    if isinstance(value, list):
        return all(_keys_sorted(v) for v in value)
    return True


def test_api_is_served_as_json(seed_url):
    with urllib.request.urlopen(seed_url + "api/papers.json") as response:
        assert response.headers["Content-Type"].startswith("application/json")
        assert json.load(response)["count"] == 65
    with urllib.request.urlopen(seed_url + "api/papers/bert4rec.json") as response:
        assert json.load(response)["id"] == "bert4rec"
