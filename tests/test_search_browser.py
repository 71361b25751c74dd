"""The search box as a reader meets it, in Chromium: typing, facets, keys, odd input, hostile titles."""

from __future__ import annotations

import pytest

from support import serve_folder

pytestmark = pytest.mark.browser

BOX = ".pd-search__input"
RESULT_LINKS = ".pd-search__results .pd-search__link"


def search(page, text: str, type_it: bool = False) -> None:
    """Enter `text` and wait until the results for it, from every shard, are on screen."""
    if type_it:
        page.click(BOX)
        page.keyboard.type(text, delay=30)
    else:
        page.fill(BOX, text)
    page.wait_for_function(
        "text => { const r = document.querySelector('[data-pd-search]');"
        " return r.dataset.query === text && r.dataset.complete === 'true' && !r.dataset.pending; }",
        arg=text,
        timeout=10_000,
    )


def result_hrefs(page) -> list[str]:
    return page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.getAttribute('href'))")


def total(page) -> int:
    return int(page.get_attribute("[data-pd-search]", "data-total"))


@pytest.mark.parametrize(
    "text, paper",
    [
        ("PC-DARTS", "pc-darts"),
        ("quantization", "mobilequant"),
        ("model merging", "twin-merging"),
        ("quantiz", "mobilequant"),  # results while the word is still being typed
    ],
)
def test_typing_finds_seed_papers(page, seed_url, text, paper):
    page.goto(seed_url)
    search(page, text, type_it=True)
    hrefs = result_hrefs(page)
    assert any(href.endswith(f"/papers/{paper}/") for href in hrefs), hrefs
    assert page.is_visible(".pd-search__panel")
    first = page.locator(".pd-search__result").first
    assert first.locator(".pd-search__title").inner_text()
    assert (
        first.locator(".pd-search__meta").inner_text().endswith("2026")
        or "2026" in first.locator(".pd-search__meta").inner_text()
    )
    assert page.js_errors == []


def test_snippets_highlight_the_matched_words(page, seed_url):
    page.goto(seed_url)
    search(page, "quantization")
    page.wait_for_selector(".pd-search__snippet mark")
    marks = page.eval_on_selector_all(
        ".pd-search__snippet mark", "ms => ms.map(m => m.textContent.toLowerCase())"
    )
    assert marks and all(mark.startswith("quantiz") for mark in marks), marks


def test_field_queries(page, seed_url):
    page.goto(seed_url)
    search(page, "tag:quantization")
    tagged = total(page)
    assert tagged >= 3
    tags = page.eval_on_selector_all(
        ".pd-search__result", "items => items.map(i => i.querySelector('.pd-search__tags').textContent)"
    )
    assert all("Quantization" in t for t in tags)
    search(page, "title:merging")
    assert all("erging" in t for t in page.locator(".pd-search__title").all_inner_texts())
    search(page, "year:2026")
    assert total(page) >= 60
    search(page, "year:1999")
    assert page.inner_text(".pd-search__status") == "No results"


def test_facets_narrow_the_results(page, seed_url):
    page.goto(seed_url)
    search(page, "model")
    before = total(page)
    chip = page.locator(".pd-search__chip--tag").nth(1)
    label, count = (
        chip.locator("span").first.inner_text(),
        int(chip.locator(".pd-search__count").inner_text()),
    )
    assert 0 < count < before
    chip.click()
    page.wait_for_function(
        "n => document.querySelector('[data-pd-search]').dataset.total === String(n)", arg=count
    )
    assert (
        chip.get_attribute("aria-pressed") == "true"
        or page.locator(".pd-search__chip[aria-pressed=true]").count() == 1
    )
    tags = page.eval_on_selector_all(
        ".pd-search__result .pd-search__tags", "items => items.map(i => i.textContent)"
    )
    assert tags and all(label in t for t in tags)
    page.locator(".pd-search__chip[aria-pressed=true]").click()  # pressing it again lifts the filter
    page.wait_for_function(
        "n => document.querySelector('[data-pd-search]').dataset.total === String(n)", arg=before
    )
    page.locator(".pd-search__chip--year").first.click()
    page.wait_for_function("() => document.querySelector('.pd-search__chip--year[aria-pressed=true]')")
    assert page.js_errors == []


def test_keyboard_slash_arrows_enter_escape(page, seed_url):
    page.goto(seed_url)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('pd-search__input')")
    page.keyboard.type("quantization", delay=20)
    page.wait_for_function("() => document.querySelector('[data-pd-search]').dataset.complete === 'true'")
    page.keyboard.press("Escape")
    assert page.is_hidden(".pd-search__panel")
    assert not page.evaluate("document.activeElement.classList.contains('pd-search__input')")
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.classList.contains('pd-search__input')")
    search(page, "quantization")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    selected = page.locator(".pd-search__results [role=gridcell][aria-selected=true]")
    assert selected.count() == 1
    assert (
        page.get_attribute(BOX, "aria-activedescendant")
        == selected.get_attribute("id")
        == "pd-search-result-1"
    )
    page.keyboard.press("ArrowUp")
    assert page.get_attribute(BOX, "aria-activedescendant") == "pd-search-result-0"
    target = page.locator("[role=gridcell][aria-selected=true] .pd-search__link").get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert page.locator("h1").first.inner_text()
    assert page.is_hidden(".pd-search__panel")
    assert page.js_errors == []


@pytest.mark.parametrize(
    "text",
    [
        "bert:",
        "gpt~",
        "x^",
        "+",
        "-",
        "*",
        "~2",
        "^3",
        ":",
        "\\",
        "((",
        ")",
        '"quoted"',
        "[brackets]",
        "{}",
        "https://arxiv.org/abs/1910.01108",
        "author:",
        "tag:-",
        "year:",
        "title:*",
        "<script>alert(1)</script>",
        "a" * 200,
        "‮rtl",
        "😀",
        "\u0000",
    ],
)
def test_special_characters_never_break_the_page(page, seed_url, text):
    page.goto(seed_url)
    page.fill(BOX, text)
    page.wait_for_function(
        "text => document.querySelector('[data-pd-search]').dataset.query === text",
        arg=page.input_value(BOX),
        timeout=10_000,
    )
    status = page.inner_text(".pd-search__status")
    assert status.startswith(("No results", "1 paper")) or " papers" in status, status
    assert page.js_errors == []
    page.fill(BOX, "quantization")  # and the box still works afterwards
    search(page, "quantization")
    assert total(page) > 0


def test_a_hostile_title_shows_as_text_and_never_runs(project, page):
    project.entry(
        "xss",
        title='<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> Evil',
        body="An abstract about pwned pages quoting `<script>window.__pwned = 3</script>` as code.",
        authors=['<img src=x onerror="window.__pwned = 4">'],
    )
    project.entry("plain", title="A plain paper")
    project.build()
    server = serve_folder(project.root / "site")
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        search(page, "evil")
        title = page.inner_text(".pd-search__title")
        assert title.startswith("<script>window.__pwned = 1</script><img")
        search(page, "pwned")
        assert total(page) >= 1
        page.wait_for_selector(".pd-search__snippet")
        assert "<script>window.__pwned = 3</script>" in page.inner_text(".pd-search__snippet")
        assert (
            page.locator(".pd-search__results script, .pd-search__results img, .pd-search__results b").count()
            == 0
        )
        assert "<img src=x" in page.inner_text(".pd-search__meta")
        # the markup the reader features (issue 18) build on: root data-pd-paper, .pd-author spans
        search(page, "evil")
        result = page.locator(".pd-search__result").first
        assert result.get_attribute("data-pd-paper") == "xss"
        author = result.locator(".pd-author")
        assert author.get_attribute("data-author") == '<img src=x onerror="window.__pwned = 4">'
        assert author.inner_text() == '<img src=x onerror="window.__pwned = 4">'
        assert page.evaluate("window.__pwned") is None
        assert page.js_errors == []
    finally:
        server.shutdown()


# Real arXiv records (tests/fixtures/search-records.jsonl, see support.add_arxiv_records).
@pytest.mark.parametrize(
    "text, papers",
    [
        ("muller", ["arxiv-2503-15168", "arxiv-2505-00369"]),  # Heimo Müller, H. Muller
        ("Müller", ["arxiv-2503-15168", "arxiv-2505-00369"]),
        ("ozturk", ["arxiv-2504-00046", "arxiv-2503-23275"]),  # Şule Öztürk-Birim, Kagan Ozturk
        ("niessner", ["arxiv-2503-12552", "arxiv-2505-05376"]),  # Matthias Nießner, Matthias Niessner
    ],
)
def test_typing_a_name_without_its_accents_finds_it(page, records_url, text, papers):
    page.goto(records_url)
    search(page, text, type_it=True)
    hrefs = result_hrefs(page)
    for paper in papers:
        assert any(href.endswith(f"/papers/{paper}/") for href in hrefs), (paper, hrefs)
    assert page.js_errors == []


def test_an_accented_title_word_is_marked(page, records_url):
    page.goto(records_url)
    search(page, "godel", type_it=True)
    assert page.eval_on_selector_all(".pd-search__title mark", "ms => ms.map(m => m.textContent)") == [
        "Gödel"
    ]


def test_a_typo_one_abstract_shares_finds_the_transformer_papers(page, records_url):
    page.goto(records_url)
    search(page, "transfomer", type_it=True)
    hrefs = result_hrefs(page)
    for paper in (
        "arxiv-2504-14664",
        "arxiv-2503-17715",
        "arxiv-2503-17750",
        "arxiv-2503-18646",
        "arxiv-2503-23275",
    ):
        assert any(href.endswith(f"/papers/{paper}/") for href in hrefs), (paper, hrefs)
    titles = page.eval_on_selector_all(".pd-search__title mark", "ms => ms.map(m => m.textContent)")
    assert "Transformer" in titles, titles
    page.wait_for_selector(".pd-search__snippet mark")
    marks = page.eval_on_selector_all(".pd-search__snippet mark", "ms => ms.map(m => m.textContent)")
    assert "Transfomer" in marks, marks  # the misspelt paper's own word is marked too
    assert page.js_errors == []


@pytest.fixture(scope="module")
def big_search_url(records_project, tmp_path_factory):
    """The records site searching 1,249 real papers (tests/fixtures/arxiv-records.jsonl): their search
    files in place of its own. Their pages are not built; the search box needs only search/."""
    import shutil

    from generator.build import generate
    from generator.emit.search import emitter as search_emit
    from generator.write.tree import write_files

    from realdata import records, write_records
    from support import REPO, make_project, served

    base = tmp_path_factory.mktemp("big-search")
    project = make_project(base / "project", (REPO / "content" / "tags.yml").read_text(encoding="utf-8"))
    write_records(project.papers, records(), (REPO / "content" / "tags.yml").read_text(encoding="utf-8"))
    generated = generate(project.root)
    site = base / "site"
    shutil.copytree(records_project.root / "site", site)
    shutil.rmtree(site / "search")
    write_files(search_emit.split_files(list(reversed(generated.catalog.entries)), generated.catalog), site)
    with served(site) as url:
        yield url


# Every answer drawn: its text, whether complete, its rows, and the rounds of fetches it waited for.
KEYS_PROBE = """
window.__drawn = [];
document.addEventListener("DOMContentLoaded", () => {
  const root = document.querySelector("[data-pd-search]");
  new MutationObserver(() => window.__drawn.push({
    text: root.dataset.query, complete: root.dataset.complete === "true", rounds: Number(root.dataset.rounds),
    hrefs: Array.from(root.querySelectorAll(".pd-search__link"), (a) => a.getAttribute("href")),
    titles: Array.from(root.querySelectorAll(".pd-search__title"), (t) => t.textContent),
  })).observe(root, {attributes: true, attributeFilter: ["data-query"]});
});
"""


def typed(page, url: str, text: str, delay: int) -> list[dict]:
    """Type `text` into a fresh page, key by key: the answers drawn (KEYS_PROBE)."""
    page.add_init_script(KEYS_PROBE)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(500)  # the worker starts once the page is idle
    page.click(BOX)
    page.keyboard.type(text, delay=delay)
    page.wait_for_function(
        "text => { const r = document.querySelector('[data-pd-search]');"
        " return r.dataset.query === text && r.dataset.complete === 'true'; }",
        arg=text,
    )
    return page.evaluate("window.__drawn")


def test_typing_never_reorders_a_first_screen(page, big_search_url):
    """Typed at 120 ms a key, as benchmarks.search types: every answer drawn is for what the box held
    at some key, in typing order; each row has its title; a first screen drawn before its full
    answer is that answer's beginning (the rest is added below it, nothing on screen moves)."""
    text = "diffusion model merging"
    drawn = typed(page, big_search_url, text, 120)
    prefixes = [text[:end] for end in range(1, len(text) + 1)]
    order = [prefixes.index(answer["text"]) for answer in drawn]
    assert order == sorted(order), [answer["text"] for answer in drawn]
    assert all(len(answer["titles"]) == len(answer["hrefs"]) and all(answer["titles"]) for answer in drawn)
    complete = {answer["text"]: answer["hrefs"] for answer in drawn if answer["complete"]}
    for answer in drawn:
        full = complete.get(answer["text"])
        if full is not None:
            assert full[: len(answer["hrefs"])] == answer["hrefs"], answer["text"]
    assert drawn[-1]["text"] == text and drawn[-1]["complete"]
    assert page.js_errors == []


def test_the_next_letter_is_fetched_before_it_is_typed(page, big_search_url):
    """The worker fetches the first screen of the letter most likely typed next: typing "transformer"
    (slowly enough for a guess to arrive), most keys from the third on wait for no fetch at all; the
    first key is answered from the s file alone, one round, and the second from its first letter's p
    file, which the guess after the first key fetched."""
    drawn = typed(page, big_search_url, "transformer", 400)
    first = {}
    for answer in drawn:
        first.setdefault(answer["text"], answer["rounds"])
    assert first["t"] == 1 and first["tr"] == 0, drawn[:2]
    later = ["transformer"[:end] for end in range(3, 12)]
    assert sum(first[text] == 0 for text in later) >= 6, first
    assert page.js_errors == []
