"""lunr, both halves: lunr.py (at build time) and lunr.js (shipped, runs the queries), behind one module.

What the build takes from lunr.py is named here and used through its public API:
its stop words (lunr.stop_word_filter.WORDS, the same 119 as lunr.js's), a Builder set up with
`ref`, `field` and `add` (a field's extractor returns the finished terms as a list, which
lunr.py's Tokenizer turns into tokens as they are; the Builder's indexing pipeline is empty),
its term frequencies and field lengths (public attributes), and its search pipeline's
`serialize`. `Builder.build()` is not called: the scores it computes are not shipped
(pd-search-index.js computes lunr.js's own, from the frequencies), and it would build a
TokenSet lunr.js builds again anyway.

lunr.js comes from the installed MkDocs (mkdocs/contrib/search, the copy MkDocs itself ships
to readers), checked here: its header must say a tested version and its bytes must hash to one
we have tested, or the build stops with one line saying which. tests/test_deps_lunr.py fails,
naming the package and version, when either lunr is not one the tests cover.
"""

from __future__ import annotations

import hashlib
import re
from importlib.metadata import version
from pathlib import Path

from lunr.builder import Builder
from lunr.stop_word_filter import WORDS

from generator.errors import PaperDigestError

# What the test suite covers; pyproject.toml pins lunr (py) to this range.
TESTED_LUNR_PY = ("0.8.0",)
LUNR_JS_VERSION = "2.3.9"
# sha256 of lunr.js 2.3.9 as MkDocs 1.6 ships it (mkdocs/contrib/search/templates/search/lunr.js).
TESTED_LUNR_JS_SHA256 = frozenset({"c1a28d9e95163292fbcc07ff794f1f0e1ade8741c513afe96d5b1046a18110bc"})

STOP_WORDS = frozenset(WORDS)
PIPELINE = ["foldAccents", "trimmer", "stemmer"]  # the search pipeline lunr.js loads by these names

_HEADER = re.compile(rb"lunr - http://lunrjs\.com - .*? - (\d+\.\d+\.\d+)")


class LunrVersionError(PaperDigestError):
    """lunr.js or lunr.py is not a version the tests cover."""


def lunr_py_version() -> str:
    return version("lunr")


def lunr_js_path() -> Path:
    import mkdocs

    return Path(mkdocs.__file__).parent / "contrib" / "search" / "templates" / "search" / "lunr.js"


def lunr_js_version(source: bytes) -> str | None:
    match = _HEADER.search(source[:400])
    return match.group(1).decode() if match else None


def lunr_js() -> bytes:
    """lunr.js's source, checked: a tested version, byte for byte."""
    path = lunr_js_path()
    source = path.read_bytes()
    found = lunr_js_version(source)
    if found != LUNR_JS_VERSION or hashlib.sha256(source).hexdigest() not in TESTED_LUNR_JS_SHA256:
        raise LunrVersionError(
            f"lunr.js {found or '(no version header)'} at {path} is not the tested lunr.js {LUNR_JS_VERSION}"
        )
    return source


class TermIndex:
    """lunr.py's Builder, fed documents whose fields are already lists of lunr.js terms."""

    def __init__(self, fields: list[tuple[str, int]], terms_of, pipeline: list):
        self._fields = [name for name, _boost in fields]
        self._refs: list[str] = []
        self.builder = Builder()
        for step in pipeline:
            self.builder.search_pipeline.add(step)
        self.builder.ref("ref")
        for name, boost in fields:
            self.builder.field(name, boost=boost, extractor=lambda doc, name=name: terms_of(doc[name]))

    def add(self, document: dict) -> None:
        self.builder.add(document)
        self._refs.append(str(document["ref"]))

    def terms(self) -> list[str]:
        return list(self.builder.inverted_index)

    def frequencies(self):
        """(ref, [{term: frequency} per field]) for each document, in the order added."""
        counts = self.builder.field_term_frequencies
        for ref in self._refs:
            yield ref, [counts[f"{name}/{ref}"] for name in self._fields]  # lunr.FieldRef's spelling

    def search_pipeline(self) -> list[str]:
        return self.builder.search_pipeline.serialize()
