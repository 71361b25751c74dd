"""lunr (py) and the lunr.js we ship are versions the tests cover (generator/deps/lunr.py)."""

from __future__ import annotations

import hashlib
import json

import pytest
from conftest import REPO

from generator.deps import lunr as deps


def test_installed_lunr_py_is_a_tested_version():
    found = deps.lunr_py_version()
    assert found in deps.TESTED_LUNR_PY, (
        f"lunr (py) {found} is installed; the tests cover lunr {', '.join(deps.TESTED_LUNR_PY)}: "
        "run the search tests against it, then add it to generator/deps/lunr.py and pyproject.toml"
    )


def test_pyproject_pins_lunr_to_the_tested_versions():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"lunr=={deps.TESTED_LUNR_PY[-1]}"' in text


def test_shipped_lunr_js_is_the_tested_version():
    source = deps.lunr_js_path().read_bytes()
    found, digest = deps.lunr_js_version(source), hashlib.sha256(source).hexdigest()
    assert found == deps.LUNR_JS_VERSION and digest in deps.TESTED_LUNR_JS_SHA256, (
        f"lunr.js {found} (sha256 {digest}) from {deps.lunr_js_path()} is not the tested "
        f"lunr.js {deps.LUNR_JS_VERSION}"
    )
    assert deps.lunr_js() == source


def test_the_lunr_js_the_tests_compare_with_is_the_shipped_version(js_modules):
    package = json.loads((js_modules / "lunr" / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == deps.LUNR_JS_VERSION, f"tests/js has lunr.js {package['version']}"


@pytest.mark.parametrize(
    "header, content",
    [
        ("2.3.8", None),  # another version
        ("2.3.9", b"\n/* patched */\n"),  # the right header, other bytes
    ],
)
def test_a_lunr_js_not_tested_stops_the_build_in_one_line(tmp_path, monkeypatch, header, content):
    source = deps.lunr_js_path().read_bytes().replace(b"- 2.3.9", f"- {header}".encode(), 1)
    fake = tmp_path / "lunr.js"
    fake.write_bytes(source + (content or b""))
    monkeypatch.setattr(deps, "lunr_js_path", lambda: fake)
    with pytest.raises(deps.LunrVersionError) as error:
        deps.lunr_js()
    assert f"lunr.js {header}" in str(error.value) and "\n" not in str(error.value)


def test_term_index_counts_terms_as_given():
    index = deps.TermIndex([("title", 2), ("abstract", 1)], lambda text: text.split(), [])
    index.add({"ref": 0, "title": "a b a", "abstract": ""})
    index.add({"ref": 1, "title": "", "abstract": "b c"})
    assert sorted(index.terms()) == ["a", "b", "c"]
    assert [(ref, [dict(c) for c in counts]) for ref, counts in index.frequencies()] == [
        ("0", [{"a": 2, "b": 1}, {}]),
        ("1", [{}, {"b": 1, "c": 1}]),
    ]
