"""generator/text/mathml.py reads latex2mathml's element tree: the versions it was written against."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from generator.text import mathml

COVERED = ("3.77", "3.78", "3.79", "3.80", "3.81")  # latex2mathml versions this module was checked with


def test_the_installed_latex2mathml_is_a_covered_version():
    assert version("latex2mathml").rsplit(".", 1)[0] in COVERED


@pytest.mark.parametrize(
    "source, display, markup",
    [
        ("x_1", False, '<math display="inline"><mrow><msub><mi>x</mi><mn>1</mn></msub></mrow></math>'),
        (
            "\\text{a<b & c}",
            False,
            '<math display="inline"><mrow><mtext>a&lt;b\u00a0&amp;\u00a0c</mtext></mrow></math>',
        ),
        ("a", True, '<math display="block"><mrow><mi>a</mi></mrow></math>'),
    ],
)
def test_markup_is_serialised_by_us_and_escaped(source, display, markup):
    assert mathml.convert(source, display)[0] == markup


@pytest.mark.parametrize("source", ["", "   ", "\\frac{a}{", "x" * (mathml.MAX_SOURCE + 1)])
def test_unreadable_math_is_an_error(source):
    with pytest.raises(mathml.MathError):
        mathml.convert(source, False)


def test_foreign_attributes_are_dropped():
    markup, _ = mathml.convert("\\href{javascript:alert(1)}{x} \\color{red} y", False)
    assert "href" not in markup and "mathcolor" not in markup and "<mi>y</mi>" in markup
