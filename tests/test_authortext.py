"""Titles and abstracts as the authors wrote them: HTML with math, plain text, links.

Every row comes from what real arXiv records contain (tests/fixtures/arxiv-records.jsonl)
and what Markdown used to do to them.
"""

from __future__ import annotations

import re

import pytest

from generator.text import authortext, mathml

from realdata import records

M_F_Q = '<math display="inline"><mrow><msub><mi>𝔽</mi><mi>q</mi></msub></mrow></math>'


@pytest.mark.parametrize(
    "source, html",
    [
        # Markdown used to eat these; now they are the authors' characters.
        ("we use snake_case and a_b_c here", "we use snake_case and a_b_c here"),
        ("A*-Thought beats *all* of them", "A*-Thought beats *all* of them"),
        ("the set \\{10,30,50\\}", "the set {10,30,50}"),
        (
            "literal <think> and <tool> tokens & more",
            "literal &lt;think&gt; and &lt;tool&gt; tokens &amp; more",
        ),
        ("!!! note\n    not an admonition", "!!! note not an admonition"),
        ("# not a heading\n- not a list", "# not a heading - not a list"),
        ("{: .md-dialog } is text", "{: .md-dialog } is text"),
        # TeX text commands show as what they mean.
        ("``coverage'' and `one'", "“coverage” and `one'"),
        (
            "\\emph{a} \\textit{b} \\textbf{c} \\texttt{d}",
            "<em>a</em> <em>b</em> <strong>c</strong> <code>d</code>",
        ),
        ("{\\em switched} {\\bf bold}", "<em>switched</em> <strong>bold</strong>"),
        ("20\\% of \\_x \\& \\#1 cost \\$5", "20% of _x &amp; #1 cost $5"),
        ("pages 1--2 --- or so, a~b", "pages 1–2 — or so, a\u00a0b"),
        ('M\\"uller, {\\"O}zt\\"urk, Nie\\ss{}ner, \\\'{e}t\\\'e', "Müller, Öztürk, Nießner, été"),
        ("PM\\textsuperscript{4}Bench", "PM<sup>4</sup>Bench"),
        (
            "at \\url{https://x.org/a_b}.",
            'at <a href="https://x.org/a_b" rel="nofollow noopener">https://x.org/a_b</a>.',
        ),
        (
            "\\href{https://github.com/a/b}{\\textcolor{cyan}{Code}}",
            '<a href="https://github.com/a/b" rel="nofollow noopener">Code</a>',
        ),
        (
            "Code: https://github.com/a/b.",
            'Code: <a href="https://github.com/a/b" rel="nofollow noopener">https://github.com/a/b</a>.',
        ),
        # Math between every delimiter, and dollars that are prices.
        ("codes over $\\mathbb{F}_q$", f"codes over {M_F_Q}"),
        ("codes over \\(\\mathbb{F}_q\\)", f"codes over {M_F_Q}"),
        ("it costs $5 and $10 a month", "it costs $5 and $10 a month"),
        # What cannot be read stays as written, and hides nothing after it.
        ("$\\frac{a}{$ and the rest", '<span class="pd-tex">$\\frac{a}{$</span> and the rest'),
        ("an unknown \\ourmodel{} and \\emph{open", "an unknown \\ourmodel{} and \\emph{open"),
        # Unsafe targets are not links.
        ("\\href{javascript:alert(1)}{x}", "\\href{javascript:alert(1)}x"),
    ],
)
def test_abstract_html(source, html):
    assert authortext.abstract_html(source) == f'<div class="pd-abstract">\n<p>{html}</p>\n</div>'


def test_paragraphs_and_hard_line_breaks():
    source = "First line\n  wrapped as arXiv does.\n\n  Second paragraph."
    assert authortext.abstract_html(source) == (
        '<div class="pd-abstract">\n<p>First line wrapped as arXiv does.</p>\n'
        "<p>Second paragraph.</p>\n</div>"
    )


def test_display_math():
    html = authortext.abstract_html("where $$x^2 + y^2$$ and \\[a = b\\] hold")
    assert html.count('<math display="block">') == 2


@pytest.mark.parametrize(
    "source, plain",
    [
        ("codes over $\\mathbb{F}_q$ in $O(n^2)$ time", "codes over 𝔽_q in O(n²) time"),
        ("D$^2$iT: Dynamic", "D²iT: Dynamic"),
        ("$\\alpha \\le \\beta_{i}$ and $\\log n$", "α≤βᵢ and log n"),
        ("$\\frac{1}{2}$ and $\\sqrt{x+1}$", "1/2 and √(x+1)"),
        ("$10^{-3}$, $x_{ij}$, $\\hat{x}$, $x_{pq}$", "10⁻³, xᵢⱼ, x̂, x_{pq}"),
        ("\\href{https://github.com/a/b}{Code} and \\url{https://x.org}", "Code and https://x.org"),
        ("<think> stays & so does *this*", "<think> stays & so does *this*"),
        ("\\emph{Line}\nbreaks\n\ncollapse", "Line breaks collapse"),
    ],
)
def test_plain_text(source, plain):
    assert authortext.plain(source) == plain


@pytest.mark.parametrize(
    "source, inline",
    [
        (
            "A*-Thought: [x] #1 `code` _y_ {zz} |w| ^v",
            "A&#42;-Thought: &#91;x&#93; &#35;1 &#96;code&#96; &#95;y&#95; &#123;zz&#125; &#124;w&#124; "
            "&#94;v",
        ),
        ("D$^2$iT", 'D<math display="inline"><mrow><msup><mi></mi><mn>2</mn></msup></mrow></math>iT'),
        ("Links \\href{https://a.org}{inside} titles", "Links inside titles"),
    ],
)
def test_inline_html_is_literal_in_markdown(source, inline):
    assert authortext.inline_html(source) == inline


def test_links_in_order_without_repeats():
    source = (
        "See \\href{https://github.com/a/b}{Code}, \\url{https://x.org/p} and https://github.com/a/b again."
    )
    assert authortext.links(source) == ("https://github.com/a/b", "https://x.org/p")


def test_segments_keep_math_source_for_bibtex():
    assert authortext.segments("On $\\mathbb{F}_q$ \\emph{codes}") == (
        ("text", "On "),
        ("math", "\\mathbb{F}_q"),
        ("text", " codes"),
    )


@pytest.mark.parametrize(
    "source",
    [
        "$\\text{<script>alert(1)</script>}$",
        "$\\href{javascript:alert(1)}{x}$",
        "$\\color{red}{x} \\style{x}$",
        "$" + "{" * 3000 + "x" + "}" * 3000 + "$",
    ],
)
def test_math_markup_is_mathml_only(source):
    html = authortext.abstract_html(source)
    assert (
        "<script" not in html
        and "href=" not in html
        and "javascript" not in html.replace("&lt;", "")[:0] + html.split("href")[0]
    )
    tags = set(re.findall(r"<([a-z]+)", html))
    assert tags <= mathml.ELEMENTS | {"div", "p", "span"}
    assert "mathcolor" not in html


def test_every_real_record_renders_without_loss():
    """Every title and abstract of the shared records: all math rendered, no TeX delimiter left behind."""
    math_texts = rendered = 0
    for rec in records():
        for source in (rec["title"], rec["summary"]):
            html = authortext.abstract_html(source)
            assert html.startswith('<div class="pd-abstract">') and "pd-tex" not in html, rec["id"]
            count = html.count("<math")
            math_texts += bool(count)
            rendered += count
            plain = authortext.plain(source)
            assert "$" not in plain or "\\$" in source or re.search(r"\$\s|\$\d", source), (rec["id"], plain)
    assert math_texts >= 100 and rendered >= 300  # 15% of abstracts carry TeX: none of it shown raw


@pytest.mark.parametrize(
    "hostile",
    [
        "{" * 100_000,
        "$a" * 50_000,
        "\\(x" * 30_000,
        "\\emph{" * 30_000,
        "\\href{" * 30_000,
        "\\'{" * 50_000,
        "\\color[" * 30_000,
        "{\\em " * 3_000 + "x" + "}" * 3_000,
        "$" + "{" * 1_500 + "x" + "}" * 1_500 + "$",
    ],
)
def test_hostile_text_takes_time_in_proportion_to_its_length(hostile):
    """No construct searches the whole rest of the text again for each of its characters (a 100 KB
    abstract of braces took minutes when each '{' looked for its '}'); the bound is generous: it is
    a hang guard, the speed itself is measured by benchmarks/real_build.py."""
    import time

    start = time.perf_counter()
    authortext.abstract_html(hostile)
    authortext.plain(hostile)
    assert time.perf_counter() - start < 5
