"""Hostile field values (issue 16, classes 5, 6, 9 and 12): one table row per entry a stranger might send.

Each refused row: `check` prints the exact one-line message and exits 1, and `build` refuses the
same file with the same line, without a traceback, leaving the previous site as it was. A
character is named as U+XXXX, never printed. The accepted rows are real text that looks unusual
(Greek, Cyrillic, CJK, Persian, the edges of the date range): they check clean and build.
"""

from __future__ import annotations

import re

import pytest

from generator.commands.cli import main

import test_check
from support import make_project
from test_check import entry, fields, notes, refused_by_build, refused_by_check

# test_check's fixtures, shared: pytest finds them by name in this module
clean = test_check.clean
bad_file = test_check.bad_file

PLAIN = "expected text without control characters"
VISIBLE = "expected visible text; remove bidirectional and zero-width characters"
URL = "an http(s) URL like https://example.org/page"
DATES = "expected a date from 1991-01-01 to 2100-12-31"
NOT_A_DATE = "is not a date (expected YYYY-MM-DD, e.g. 2026-03-12)"


def control(code: str) -> str:
    return f"contains control character {code} ({PLAIN})"


def invisible(code: str) -> str:
    return f"contains invisible character {code} ({VISIBLE})"


# (case, file name, file content, line, field, message). Front matter values use YAML's
# double-quoted escapes (\0, \e, \u202e...); bodies hold the raw characters.
CASES = [
    # Class 5 and 9: controls, noncharacters and surrogates crash the feed writer or break the generated YAML.
    ("title-nul", "bad.md", entry(fields(title=r'"A\0 paper"')), 3, "title", control("U+0000")),
    (
        "title-escape-sequence",
        "bad.md",
        entry(fields(title=r'"A \e[31mred\e[0m paper"')),
        3,
        "title",
        control("U+001B"),
    ),
    ("title-vertical-tab", "bad.md", entry(fields(title=r'"A\vpaper"')), 3, "title", control("U+000B")),
    ("title-form-feed", "bad.md", entry(fields(title=r'"A\fpaper"')), 3, "title", control("U+000C")),
    ("title-del", "bad.md", entry(fields(title=r'"A\x7f paper"')), 3, "title", control("U+007F")),
    ("title-c1-csi", "bad.md", entry(fields(title=r'"A\x9b2J paper"')), 3, "title", control("U+009B")),
    ("title-c1-next-line", "bad.md", entry(fields(title=r'"A\Npaper"')), 3, "title", control("U+0085")),
    (
        "title-fffe",
        "bad.md",
        entry(fields(title=r'"A\ufffe paper"')),
        3,
        "title",
        f"contains noncharacter U+FFFE ({PLAIN})",
    ),
    (
        "title-ffff",
        "bad.md",
        entry(fields(title=r'"A\uffff paper"')),
        3,
        "title",
        f"contains noncharacter U+FFFF ({PLAIN})",
    ),
    (
        "title-fdd0",
        "bad.md",
        entry(fields(title=r'"A\ufdd0 paper"')),
        3,
        "title",
        f"contains noncharacter U+FDD0 ({PLAIN})",
    ),
    (
        "title-plane-noncharacter",
        "bad.md",
        entry(fields(title=r'"A\U0001fffe paper"')),
        3,
        "title",
        f"contains noncharacter U+1FFFE ({PLAIN})",
    ),
    (
        "title-lone-surrogate",
        "bad.md",
        entry(fields(title=r'"A\ud800 paper"')),
        3,
        "title",
        f"contains lone surrogate U+D800 ({PLAIN})",
    ),
    (
        "title-line-separator",
        "bad.md",
        entry(fields(title=r'"A\Lpaper"')),
        3,
        "title",
        f"contains U+2028 LINE SEPARATOR ({PLAIN}; use a newline)",
    ),
    (
        "authors-nul",
        "bad.md",
        entry(fields(authors=r'["Ada", "B\0b"]')),
        6,
        "authors",
        "item 2 " + control("U+0000"),
    ),
    (
        "authors-escape",
        "bad.md",
        entry(fields(authors=r'["\e]8;;https://evil.example\aAda"]')),
        6,
        "authors",
        "item 1 " + control("U+001B"),
    ),
    (
        "tags-del",
        "bad.md",
        entry(fields(tags=r'["quantization\x7f"]')),
        5,
        "tags",
        "item 1 " + control("U+007F"),
    ),
    (
        "related-nul",
        "bad.md",
        entry(fields(related=r'["good\0"]')),
        6,
        "related",
        "item 1 " + control("U+0000"),
    ),
    ("abstract-nul", "bad.md", entry(body="An\x00 abstract."), 8, "abstract", control("U+0000")),
    (
        "abstract-escape-second-paragraph",
        "bad.md",
        entry(body="An abstract.\n\nIt \x1b[2J clears."),
        10,
        "abstract",
        control("U+001B"),
    ),
    ("abstract-vertical-tab", "bad.md", entry(body="An\x0babstract."), 8, "abstract", control("U+000B")),
    ("abstract-c1", "bad.md", entry(body="An \x9b abstract."), 8, "abstract", control("U+009B")),
    (
        "abstract-fffe",
        "bad.md",
        entry(body="An \ufffe abstract."),
        8,
        "abstract",
        f"contains noncharacter U+FFFE ({PLAIN})",
    ),
    ("notes-vertical-tab", "bad.md", entry(body=notes("A \x0b note.")), 12, "notes", control("U+000B")),
    (
        "notes-del",
        "bad.md",
        entry(body=notes("A note.\n\nAnother \x7f one.")),
        14,
        "notes",
        control("U+007F"),
    ),
    # Class 12: invisible characters that make a title, an author or a host read as something else.
    (
        "title-right-to-left-override",
        "bad.md",
        entry(fields(title=r'"A paper \u202efdp.exe"')),
        3,
        "title",
        invisible("U+202E RIGHT-TO-LEFT OVERRIDE"),
    ),
    (
        "title-left-to-right-embedding",
        "bad.md",
        entry(fields(title=r'"A \u202apaper"')),
        3,
        "title",
        invisible("U+202A LEFT-TO-RIGHT EMBEDDING"),
    ),
    (
        "title-right-to-left-isolate",
        "bad.md",
        entry(fields(title=r'"A \u2067paper\u2069"')),
        3,
        "title",
        invisible("U+2067 RIGHT-TO-LEFT ISOLATE"),
    ),
    (
        "title-zero-width-space",
        "bad.md",
        entry(fields(title=r'"A zero\u200bwidth paper"')),
        3,
        "title",
        invisible("U+200B ZERO WIDTH SPACE"),
    ),
    (
        "title-word-joiner",
        "bad.md",
        entry(fields(title=r'"A\u2060 paper"')),
        3,
        "title",
        invisible("U+2060 WORD JOINER"),
    ),
    (
        "title-byte-order-mark",
        "bad.md",
        entry(fields(title=r'"\ufeffA paper"')),
        3,
        "title",
        invisible("U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ),
    (
        "authors-zero-width-joiner",
        "bad.md",
        entry(fields(authors=r'["Ada\u200dLovelace"]')),
        6,
        "authors",
        "item 1 " + invisible("U+200D ZERO WIDTH JOINER"),
    ),
    (
        "authors-override",
        "bad.md",
        entry(fields(authors=r'["Ada", "\u202eecalevoL"]')),
        6,
        "authors",
        "item 2 " + invisible("U+202E RIGHT-TO-LEFT OVERRIDE"),
    ),
    (
        "link-host-zero-width",
        "bad.md",
        entry(fields(links=r'{code: "https://git\u200bhub.com/a/b"}')),
        6,
        "links",
        r"code: 'https://git\u200bhub.com/a/b' contains invisible character U+200B ZERO WIDTH SPACE "
        "(expected visible text; remove it)",
    ),
    (
        "link-host-override",
        "bad.md",
        entry(fields(links=r'{project: "https://\u202emoc.elgoog.example/"}')),
        6,
        "links",
        r"project: 'https://\u202emoc.elgoog.example/' contains invisible character U+202E RIGHT-TO-LEFT "
        r"OVERRIDE "
        "(expected visible text; remove it)",
    ),
    (
        "notes-link-host-zero-width",
        "bad.md",
        entry(body=notes("See [code](https://git\u200chub.com/a).")),
        12,
        "notes",
        r"link 'https://git\u200chub.com/a' contains invisible character U+200C ZERO WIDTH NON-JOINER "
        "(expected visible text; remove it)",
    ),
    # Look-alike hosts: any non-ASCII host is refused, and the message shows its punycode.
    (
        "link-host-cyrillic-a",
        "bad.md",
        entry(fields(links=r'{code: "https://github.com\u0430/x"}')),
        6,
        "links",
        r"code: 'https://github.com\u0430/x' has a host name that is not ASCII, 'github.xn--com-8cd' in "
        r"ASCII "
        f"(expected {URL}, its host written in ASCII: look-alike letters hide the real site)",
    ),
    (
        "link-host-mixed-script",
        "bad.md",
        entry(fields(links=r'{project: "https://\u0430pple.com/"}')),
        6,
        "links",
        r"project: 'https://\u0430pple.com/' has a host name that is not ASCII, 'xn--pple-43d.com' in ASCII "
        f"(expected {URL}, its host written in ASCII: look-alike letters hide the real site)",
    ),
    (
        "link-host-whole-script",
        "bad.md",
        entry(fields(links=r'{project: "https://\u0430\u0440\u0440\u04cf\u0435.com/"}')),
        6,
        "links",
        r"project: 'https://\u0430\u0440\u0440\u04cf\u0435.com/' has a host name that is not ASCII, "
        f"'xn--80ak6aa92e.com' in ASCII (expected {URL}, its host written in ASCII: look-alike letters hide "
        "the real site)",
    ),
    # Class 5 and 6: dates the archive or the feeds cannot write.
    (
        "date-year-below-1000",
        "bad.md",
        entry(fields(date="0999-12-31")),
        4,
        "date",
        f"'0999-12-31' is out of range ({DATES})",
    ),
    (
        "date-year-zero",
        "bad.md",
        entry(fields(date="0000-01-01")),
        4,
        "date",
        "'0000-01-01' is not a real date (expected YYYY-MM-DD with a valid month and day)",
    ),
    (
        "date-before-arxiv",
        "bad.md",
        entry(fields(date="1990-12-31")),
        4,
        "date",
        f"'1990-12-31' is out of range ({DATES})",
    ),
    (
        "date-2206",
        "bad.md",
        entry(fields(date="2206-03-12")),
        4,
        "date",
        f"'2206-03-12' is out of range ({DATES})",
    ),
    (
        "date-9999",
        "bad.md",
        entry(fields(date="9999-12-31")),
        4,
        "date",
        f"'9999-12-31' is out of range ({DATES})",
    ),
    (
        "date-2101",
        "bad.md",
        entry(fields(date="2101-01-01")),
        4,
        "date",
        f"'2101-01-01' is out of range ({DATES})",
    ),
    (
        "published-1899",
        "bad.md",
        entry(fields(published="1899-12-31")),
        6,
        "published",
        "'1899-12-31' is out of range (expected a date from 1900-01-01 to 2100-12-31)",
    ),
    (
        "published-9999",
        "bad.md",
        entry(fields(published="9999-12-31")),
        6,
        "published",
        "'9999-12-31' is out of range (expected a date from 1900-01-01 to 2100-12-31)",
    ),
    (
        "date-trailing-newline",
        "bad.md",
        entry(fields(date=r'"2026-03-12\n"')),
        4,
        "date",
        f"'2026-03-12\\n' {NOT_A_DATE}",
    ),
    (
        "date-arabic-indic-digits",
        "bad.md",
        entry(fields(date='"٢٠٢٦-٠٣-١٢"')),
        4,
        "date",
        f"'٢٠٢٦-٠٣-١٢' {NOT_A_DATE}",
    ),
    (
        "date-fullwidth-digits",
        "bad.md",
        entry(fields(date='"２０２６-03-12"')),
        4,
        "date",
        f"'２０２６-03-12' {NOT_A_DATE}",
    ),
    # Class 6 and 12: ids.
    (
        "id-trailing-newline",
        "bad.md",
        entry(fields(id=r'"bad\n"')),
        2,
        "id",
        "'bad\\n' is not a safe id (lower-case letters, digits, '.', '-' or '_', starting and ending with a "
        "letter "
        "or digit, at most 120)",
    ),
    (
        "arxiv-id-trailing-newline",
        "2403.05678.md",
        entry(fields(id=r'"2403.05678\n"', title='"Another"')),
        2,
        "id",
        "'2403.05678\\n' is not a valid arXiv id (expected an arXiv id like 1907.05737 or 1907.05737v2)",
    ),
    (
        "arxiv-id-arabic-indic-digits",
        "bad.md",
        entry(fields(id='"٢٤٠٣.٠١٢٣٤"')),
        2,
        "id",
        "'٢٤٠٣.٠١٢٣٤' is not a safe id (lower-case letters, digits, '.', '-' or '_', starting and ending "
        "with a letter "
        "or digit, at most 120)",
    ),
    (
        "arxiv-id-fullwidth-digit",
        "bad.md",
        entry(fields(id='"2403.0123４"')),
        2,
        "id",
        "'2403.0123４' is not a valid arXiv id (expected an arXiv id like 1907.05737 or 1907.05737v2)",
    ),
    (
        "arxiv-link-unicode-digits",
        "bad.md",
        entry(fields(links='{arxiv: "https://arxiv.org/abs/2403.٠١٢٣٤"}')),
        6,
        "links",
        "arxiv: 'https://arxiv.org/abs/2403.٠١٢٣٤': '2403.٠١٢٣٤' is not a valid arXiv id "
        "(expected an arXiv id like 1907.05737 or 1907.05737v2)",
    ),
    (
        "id-index",
        "index.md",
        entry(fields(id="index")),
        2,
        "id",
        "'index' is reserved for a page of the site (expected another id, e.g. made from the title)",
    ),
    # Class 12: look-alike copies of an existing title are duplicates.
    (
        "title-cyrillic-look-alike",
        "bad.md",
        entry(fields(title='"A gооd pаper"')),
        3,
        "title",
        "near-identical to the title of content/papers/good.md (expected one entry per paper; titles are "
        "compared ignoring case, accents, spaces, punctuation and look-alike letters)",
    ),
    (
        "title-greek-look-alike",
        "bad.md",
        entry(fields(title='"Α GΟΟD ΡΑΡΕR"')),
        3,
        "title",
        "near-identical to the title of content/papers/good.md (expected one entry per paper; titles are "
        "compared ignoring case, accents, spaces, punctuation and look-alike letters)",
    ),
    (
        "title-mixed-look-alike",
        "bad.md",
        entry(fields(title='"Quаntizеd diffusiοn"')),
        3,
        "title",
        "near-identical to the title of content/papers/2403.01234.md (expected one entry per paper; titles "
        "are "
        "compared ignoring case, accents, spaces, punctuation and look-alike letters)",
    ),
]

SHOWN_RAW = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\ufffe\uffff]"
)


@pytest.mark.parametrize("case, name, text, line, field, message", CASES, ids=[case[0] for case in CASES])
def test_check_refuses_the_value_and_build_refuses_it_too(
    clean, bad_file, capsys, case, name, text, line, field, message
):
    path = bad_file(name, text)
    expected = f"{path}:{line}: {field}: {message}"
    printed = refused_by_check(clean, capsys, path, expected, message)
    assert not SHOWN_RAW.search(printed), "characters are named, never printed"
    assert not SHOWN_RAW.search(refused_by_build(clean, capsys, expected))


def test_a_control_character_in_a_tag_title_is_refused(clean, capsys):
    tags = clean.root / "content" / "tags.yml"
    original = tags.read_bytes()
    try:
        tags.write_bytes(original.replace(b"title: Quantization", b'title: "Quanti\\x7fzation"'))
        assert main(["--project", str(clean.root), "check"]) == 1
        out = capsys.readouterr().out.splitlines()
        assert f"content/tags.yml:2: quantization.title: {control('U+007F')}" in out
        tags.write_bytes(original.replace(b"title: Quantization", b'title: "Quantization\\u202e"'))
        assert main(["--project", str(clean.root), "build"]) == 1
        err = capsys.readouterr().err
        assert (
            f"content/tags.yml:2: quantization.title: {invisible('U+202E RIGHT-TO-LEFT OVERRIDE')}"
            in err.splitlines()
        )
        assert "Traceback" not in err
    finally:
        tags.write_bytes(original)


# Real text that only looks unusual: it must pass and build.
ACCEPTED = {
    "greek-title": entry(fields(id="greek-title", title='"DεpS: Greek letters in a title, αβ-CROWN and λ"')),
    "cyrillic-title": entry(
        fields(
            id="cyrillic-title",
            title='"Квантование диффузионных моделей"',
            authors='["Иван Петров", "Ολυμπία Παππά"]',
        )
    ),
    "cjk-emoji": entry(
        fields(id="cjk-emoji", title='"大规模语言模型 🚀 and 𝔽_q fields"'),
        body="An abstract in 中文 with math $\\mathbb{F}_q$ and an emoji 🤖.",
    ),
    "persian-abstract": entry(
        fields(id="persian-abstract", title='"A Persian abstract"'),
        body="An abstract that quotes می\u200cخواهم and \u200fعربي\u200f text.",
    ),
    "first-digest": entry(
        fields(id="first-digest", title='"The first digest day"', date="1991-01-01", published="1900-01-01")
    ),
    "last-digest": entry(
        fields(id="last-digest", title='"The last digest day"', date="2100-12-31", published="2100-12-31")
    ),
    "idn-punycode": entry(
        fields(
            id="idn-punycode",
            title='"An IDN site in its ASCII form"',
            links='{project: "https://xn--80ak6aa92e.com/"}',
        )
    ),
}


def test_real_text_that_looks_unusual_checks_clean_and_builds(tmp_path, capsys):
    project = make_project(tmp_path / "project")
    for name, text in ACCEPTED.items():
        project.write(f"content/papers/{name}.md", text)
    assert main(["--project", str(project.root), "check"]) == 0
    assert capsys.readouterr().out == f"Checked {len(ACCEPTED)} entries: no problems.\n"
    assert main(["--project", str(project.root), "build"]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert (project.root / "site" / "papers" / "greek-title" / "index.html").is_file()
