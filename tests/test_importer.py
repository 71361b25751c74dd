"""The listing parser (generator/sources/listing.py) and `paperdigest import` of a listing, on the
real seed and on edge cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.commands.cli import main
from generator.commands.papers import entry_id_for
from generator.errors import PaperDigestError
from generator.sources.links import find_links
from generator.sources.listing import parse_listing, read_listing
from generator.text import authortext

# The project's first real listing (a copy of ../shared/seeds/000_d8829a0779a8d458.txt).
SEED = Path(__file__).resolve().parent / "fixtures" / "seed-listing.txt"


def listing(*papers: tuple[str, str]) -> str:
    blocks = ["new", "Get trending papers in your email inbox!", "Mar 12"]
    for title, abstract in papers:
        blocks += [title, abstract]
    return "\n\n".join(blocks) + "\n"


def test_seed_listing_has_65_papers_in_order():
    papers = parse_listing(SEED.read_text(encoding="utf-8"))
    assert len(papers) == 65
    assert papers[0].title == "TableGPT: Towards Unifying Tables, Nature Language and Commands into One GPT"
    assert papers[-1].title == "An Emulator for Fine-Tuning Large Language Models using Small Language Models"
    assert papers[0].abstract.startswith("Tables are prevalent in real-world databases")
    assert len({paper.title for paper in papers}) == 65


@pytest.mark.parametrize(
    "title",
    [
        "PA&DA: Jointly Sampling PAth and DAta for Consistent NAS",
        "DεpS: Delayed ε-Shrinking for Faster Once-For-All Training",
        "One scalar is all you need -- absolute depth estimation using monocular self-supervision",
        "Merlin:Empowering Multimodal LLMs with Foresight Minds",
        "Jointly-Learned Exit and Inference for a Dynamic Neural Network : JEI-DNN",
        "<script>alert(1)</script> & [brackets] *stars* `ticks` #hash",
    ],
)
def test_titles_survive_parsing_and_show_as_written(title):
    [paper] = parse_listing(listing((title, "An abstract.")))
    assert paper.title == title
    assert authortext.plain(paper.title) == title.replace(" -- ", " – ")  # TeX's en dash, as arXiv shows it


@pytest.mark.parametrize(
    "title, expected_id",
    [
        ("PC-DARTS: Partial Channel Connections for Memory-Efficient Architecture Search", "pc-darts"),
        ("PA&DA: Jointly Sampling PAth and DAta for Consistent NAS", "pa-da"),
        ("DεpS: Delayed ε-Shrinking for Faster Once-For-All Training", "deps"),
        ("Population Based Training of Neural Networks", "population-based-training-of-neural-networks"),
        ("SINC: Spatial Composition of 3D Human Motions", "sinc"),
        ("O1 Embedder: Let Retrievers Think Before Action", "o1-embedder"),
    ],
)
def test_entry_ids_follow_the_name_before_the_colon(title, expected_id):
    assert entry_id_for(title) == expected_id


@pytest.mark.parametrize(
    "abstract, links",
    [
        (
            "Code is available at https://github.com/ShunLu91/PA-DA.",
            {"code": "https://github.com/ShunLu91/PA-DA"},
        ),
        (
            "Code: https://github.com/vladan-stojnic/active-outliers",
            {"code": "https://github.com/vladan-stojnic/active-outliers"},
        ),
        (
            "is available in https://github.com/LZY-the-boys/Twin-Mergin.)",
            {"code": "https://github.com/LZY-the-boys/Twin-Mergin"},
        ),
        ("Project page: https://qiuyu96.github.io/CoDeF/.", {"project": "https://qiuyu96.github.io/CoDeF/"}),
        ("website: http://tiny.cc/grif .", {"project": "http://tiny.cc/grif"}),
        ("No links here, just 2.57% error.", {}),
    ],
)
def test_links_found_in_abstracts(abstract, links):
    assert find_links(abstract) == links


def test_abstract_urls_become_clickable_and_text_stays_exact():
    text = "See https://github.com/a/b_c. Also (GPU*hrs) and <b> & [x]."
    assert (
        '<a href="https://github.com/a/b_c" rel="nofollow noopener">https://github.com/a/b_c</a>.'
        in authortext.abstract_html(text)
    )
    assert "(GPU*hrs) and &lt;b&gt; &amp; [x]." in authortext.abstract_html(text)
    assert authortext.plain(text) == text


@pytest.mark.parametrize(
    "abstract, links",
    [
        (r"Code: \href{https://github.com/a/b}{\textcolor{cyan}{Code}}.", {"code": "https://github.com/a/b"}),
        (
            r"at \url{https://github.com/x/y_z} and \url{https://x.org/p}",
            {"code": "https://github.com/x/y_z", "project": "https://x.org/p"},
        ),
        (r"on \href{URL}{https://github.com/J/R/tree/C}.", {"code": "https://github.com/J/R/tree/C"}),
    ],
)
def test_links_found_in_tex_commands(abstract, links):
    assert find_links(abstract) == links


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "new\n\nNo date here\n\nTitle\n\nAbstract\n",
            "listing: no date line found (expected a line like 'Mar 12' before the papers)",
        ),
        (
            "Mar 12\n\nTitle one\n\nAbstract one\n\nDangling title\n",
            "listing:7: expected an abstract after the title 'Dangling title', found the end of the listing",
        ),
    ],
)
def test_malformed_listings_are_reported(text, message):
    with pytest.raises(PaperDigestError) as error:
        parse_listing(text)
    assert str(error.value) == message


def test_import_is_safe_to_rerun(project, capsys):
    source = project.write(
        "listing.txt",
        listing(
            (
                "PC-DARTS: Partial Channel Connections",
                "Differentiable search. Code: https://github.com/yuhuixu1993/PC-DARTS.",
            ),
            ("FlexRound: Learnable Rounding for Post-Training Quantization", "Quantization of networks."),
        ),
    )
    argv = ["--project", str(project.root), "import", str(source), "--date", "2026-03-12"]
    assert main(argv) == 0
    root = project.root.as_posix()
    assert capsys.readouterr().out.splitlines() == [
        f"Created {root}/content/papers/pc-darts.md",
        f"Created {root}/content/papers/flexround.md",
        "Imported 2 papers: 2 created, 0 updated, 0 already present.",
    ]
    created = project.papers / "pc-darts.md"
    created.write_text(created.read_text() + "\n## Notes\n\nMy own notes.\n")
    before = {path.name: path.read_bytes() for path in project.papers.glob("*.md")}

    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"Skipped {root}/content/papers/pc-darts.md: already present (--update refreshes it)",
        f"Skipped {root}/content/papers/flexround.md: already present (--update refreshes it)",
        "Nothing new: 2 papers already present, no file written.",
    ]
    assert {path.name: path.read_bytes() for path in project.papers.glob("*.md")} == before


def test_imported_entries_validate_build_and_carry_links_and_tags(project):
    source = project.write(
        "listing.txt",
        listing(
            (
                "FlexRound: Learnable Rounding for Post-Training Quantization",
                "We study quantization. Code at https://github.com/x/flexround.",
            ),
        ),
    )
    assert main(["--project", str(project.root), "import", str(source), "--date", "2026-03-12"]) == 0
    generated, _ = project.build()
    [entry] = generated.catalog.entries
    assert entry.id == "flexround" and entry.date == dt.date(2026, 3, 12)
    assert entry.tags == ("quantization",)
    assert entry.link("code") == "https://github.com/x/flexround"


def test_a_different_paper_with_the_same_id_gets_a_numbered_id(project):
    project.entry("survey", title="Survey: Something Else Entirely")
    source = project.write("listing.txt", listing(("Survey: A New Look at Merging", "Model merging.")))
    assert main(["--project", str(project.root), "import", str(source), "--date", "2026-03-13"]) == 0
    assert (project.papers / "survey-2.md").exists()


def test_import_date_must_be_iso(project, capsys):
    source = project.write("listing.txt", listing(("T", "A.")))
    assert main(["--project", str(project.root), "import", str(source), "--date", "Mar 12"]) == 1
    assert capsys.readouterr().err == (
        "Error: Invalid value for '--date': 'Mar 12' is not a date (expected YYYY-MM-DD, e.g. 2026-03-12) "
        "(see 'paperdigest import --help')\n"
    )


def test_the_listing_date_line_is_read_and_date_only_overrides_it_with_a_warning(project, capsys):
    source = project.write("listing.txt", listing(("FlexRound: Learnable Rounding", "Quantization.")))
    assert read_listing(source.read_text()).date(dt.date(2026, 12, 2)) == dt.date(2026, 3, 12)
    assert read_listing(source.read_text()).date(dt.date(2026, 3, 11)) == dt.date(2025, 3, 12)
    assert main(["--project", str(project.root), "import", str(source), "--date", "2026-03-13"]) == 0
    captured = capsys.readouterr()
    year = (
        dt.date.today().year
        if dt.date.today() >= dt.date(dt.date.today().year, 3, 12)
        else dt.date.today().year - 1
    )
    assert captured.err == (
        f"Warning: {source.as_posix()}: the listing is dated {year}-03-12 but --date says 2026-03-13: "
        "the entries are dated 2026-03-13\n"
    )
    assert "date: 2026-03-13\n" in (project.papers / "flexround.md").read_text()


def test_without_date_the_listing_gives_it(project, capsys):
    source = project.write("listing.txt", listing(("FlexRound: Learnable Rounding", "Quantization.")))
    assert main(["--project", str(project.root), "import", str(source)]) == 0
    assert capsys.readouterr().err == ""
    today = dt.date.today()
    year = today.year if today >= dt.date(today.year, 3, 12) else today.year - 1
    assert f"date: {year}-03-12\n" in (project.papers / "flexround.md").read_text()
