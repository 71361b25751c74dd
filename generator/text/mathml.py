"""TeX math as MathML and as readable plain text, through latex2mathml.

The one module that knows latex2mathml (tests/test_mathml.py names the versions it
covers). We take its element tree, not its string: its string leaves `<` and `&`
inside `\\text{}` unescaped and keeps attributes such as `href` from `\\href`, so we
serialise the tree ourselves, keeping only MathML elements and presentation
attributes. The same tree gives the plain text (`F_q`, `O(n²)`) used where markup
cannot go.
"""

from __future__ import annotations

import html
import unicodedata
from xml.etree.ElementTree import Element

from latex2mathml.converter import convert_to_element

MAX_SOURCE = 2_000  # longer math is shown as its source: real formulas are far shorter
ELEMENTS = {
    "math",
    "mrow",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "msub",
    "msup",
    "msubsup",
    "mfrac",
    "msqrt",
    "mroot",
    "mover",
    "munder",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
    "mmultiscripts",
    "mprescripts",
    "none",
    "semantics",
    "annotation",
    "merror",
}
ATTRIBUTES = {
    "display",
    "mathvariant",
    "stretchy",
    "fence",
    "separator",
    "form",
    "lspace",
    "rspace",
    "accent",
    "accentunder",
    "columnalign",
    "columnlines",
    "columnspacing",
    "rowspacing",
    "rowlines",
    "displaystyle",
    "scriptlevel",
    "minsize",
    "maxsize",
    "movablelimits",
    "largeop",
    "symmetric",
    "linethickness",
    "width",
    "height",
    "depth",
    "notation",
}
_SUPERSCRIPTS = dict(zip("0123456789+-−=()niT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵀ", strict=True))
_SUBSCRIPTS = dict(zip("0123456789+-−=()aeijkmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑᵢⱼₖₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))
_ACCENTS = {
    "^": "\u0302",
    "~": "\u0303",
    "¯": "\u0304",
    "‾": "\u0305",
    "˙": "\u0307",
    "¨": "\u0308",
    "→": "\u20d7",
    "ˇ": "\u030c",
    "˘": "\u0306",
    "´": "\u0301",
    "`": "\u0300",
}


class MathError(ValueError):
    """The source is not math that latex2mathml can read."""


def convert(source: str, display: bool) -> tuple[str, str]:
    """(MathML markup, plain text) of one formula; MathError when it cannot be read."""
    if not source.strip() or len(source) > MAX_SOURCE:
        raise MathError(source)
    try:
        root = convert_to_element(source, display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises many kinds, RecursionError included
        raise MathError(source) from error
    markup = _serialise(root)
    if "merror" in markup:
        raise MathError(source)
    return markup, " ".join(_plain(root).split())


def _serialise(element: Element) -> str:
    tag = element.tag
    if tag not in ELEMENTS:
        return "".join(_serialise(child) for child in element)  # unknown wrapper: keep its content
    attributes = "".join(
        f' {name}="{html.escape(value, quote=True)}"'
        for name, value in sorted(element.attrib.items())
        if name in ATTRIBUTES
    )
    text = html.escape(_text(element), quote=False)
    inside = text + "".join(_serialise(child) for child in element)
    return f"<{tag}{attributes}>{inside}</{tag}>"


def _text(element: Element) -> str:
    """latex2mathml keeps characters as entity strings ('&#x0003C;') beside raw ones."""
    return html.unescape(element.text or "")


def _plain(element: Element) -> str:
    tag, children = element.tag, list(element)
    parts = [_plain(child) for child in children]
    if tag in ("mi", "mo", "mn", "mtext", "ms"):
        text = _text(element)
        return f" {text} " if tag == "mi" and len(text) > 1 or tag == "mtext" else text
    if tag == "mspace":
        return " "
    if tag in ("msub", "msup") and len(parts) == 2:
        return parts[0] + _script(
            parts[1], _SUBSCRIPTS if tag == "msub" else _SUPERSCRIPTS, "_" if tag == "msub" else "^"
        )
    if tag == "msubsup" and len(parts) == 3:
        return parts[0] + _script(parts[1], _SUBSCRIPTS, "_") + _script(parts[2], _SUPERSCRIPTS, "^")
    if tag == "mfrac" and len(parts) == 2:
        return f"{_grouped(parts[0])}/{_grouped(parts[1])}"
    if tag == "msqrt":
        return "√" + _grouped("".join(parts))
    if tag == "mroot" and len(parts) == 2:
        return _script(parts[1], _SUPERSCRIPTS, "") + "√" + _grouped(parts[0])
    if tag in ("mover", "munder") and len(parts) == 2:
        mark = _ACCENTS.get(parts[1].strip())
        if mark and len(parts[0].strip()) == 1:
            return unicodedata.normalize("NFC", parts[0].strip() + mark)
        return parts[0] + _script(
            parts[1], _SUPERSCRIPTS if tag == "mover" else _SUBSCRIPTS, "^" if tag == "mover" else "_"
        )
    if tag == "mtr":
        return ", ".join(part.strip() for part in parts)
    if tag == "mtable":
        return "[" + "; ".join(part.strip() for part in parts) + "]"
    if tag in ("annotation", "mprescripts", "none", "mphantom"):
        return ""
    return "".join(parts)


def _script(text: str, table: dict[str, str], marker: str) -> str:
    text = text.strip()
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    return marker + (text if len(text) == 1 else f"{{{text}}}" if marker else f"({text})")


def _grouped(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 1 or text.isalnum() else f"({text})"
