"""Tag suggestion reads prose, not TeX: keywords never match inside math or control words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator.validate.vocabulary import parse_vocabulary, suggest_tags, without_tex

REPO = Path(__file__).resolve().parent.parent
# Real arXiv records (from shared/realdata/arxiv-records.jsonl) whose abstracts use \mathbb.
REAL = {
    record["id"]: record
    for record in map(
        json.loads,
        (REPO / "tests" / "fixtures" / "tex-abstracts.jsonl").read_text(encoding="utf-8").splitlines(),
    )
}


@pytest.fixture(scope="module")
def vocabulary():
    return parse_vocabulary(
        yaml.safe_load((REPO / "content" / "tags.yml").read_text(encoding="utf-8")), {}, []
    )


@pytest.mark.parametrize(
    "paper, expected",
    [
        # "$\mathbb{T}^d$", "$\mathbf{s}$": no keyword in the prose (before: reasoning-and-agents, from
        # "math").
        ("2601.10778", []),
        # "${\mathbb R}^M$", "$\boldsymbolθ^\ast$"
        ("2603.20728", []),
        # "$\mathbb{C}$-representable"; "OCRS" (online contention resolution schemes) is prose, and starts
        # with "ocr".
        ("2603.21532", ["text-recognition"]),
        # "$\mathbb{F}_q$", "$\frac{1}{q}\binom{n}{k}$"
        ("2603.20983", []),
    ],
)
def test_real_abstracts_with_mathbb(vocabulary, paper, expected):
    record = REAL[paper]
    assert "\\mathbb" in record["summary"]
    assert suggest_tags(vocabulary, record["title"] + "\n" + record["summary"]) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Math word problems need reasoning.", ["reasoning-and-agents"]),  # prose still counts
        ("Bounds over $\\mathbb{R}^n$ and $\\mathcal{O}(n)$.", []),
        ("A loss \\(\\mathcal{L}_{math}\\) for quantization.", ["quantization"]),
        ("Display math \\[ \\mathbb{E}[x] \\] here.", ["reasoning-and-agents"]),  # the word "math" is prose
        ("$$\\mathrm{quantized}(x)$$ only in math.", ["reasoning-and-agents"]),
        ("Inline $\\text{quantized weights}$ only.", []),  # math-mode content, even \text{...}
        ("Costs \\$5 per math problem.", ["reasoning-and-agents"]),  # \$ is a dollar sign, not math
        (
            "We \\emph{quantize} weights, see \\cite{x}.",
            ["quantization"],
        ),  # a control word's argument is prose
        ("\\mathbb and \\mathcal outside formulas.", []),
        ("Multi-line $x \\in\n\\mathbb{R}$ math.", ["reasoning-and-agents"]),  # arXiv wraps lines inside math
    ],
)
def test_tex_is_not_prose(vocabulary, text, expected):
    assert suggest_tags(vocabulary, text) == expected


def test_without_tex_keeps_the_words_apart():
    assert without_tex("low$x$bit") == "low bit"
    assert without_tex("a\\mathbb{R}b") == "a {R}b"
    assert without_tex("price \\$5 or $6") == "price \\$5 or $6"  # one unclosed $ is no math
