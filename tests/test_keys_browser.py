"""Keyboard shortcuts on listings (pd-keys.js): drive every one; never while typing; axe on the dialog."""

from __future__ import annotations

import pytest

from test_a11y import RUN_AXE
from test_authors import author_site  # noqa: F401
from test_authors_browser import author_url  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_shortcut(browser, author_url, js_modules, scheme):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(author_url + "authors/benoit-sagot/")
    focused = "() => document.activeElement.textContent.trim()"
    page.keyboard.press("j")
    assert page.evaluate(focused) == "Paper two"
    ring = "() => getComputedStyle(document.activeElement).outlineStyle"
    assert page.evaluate(ring) != "none"
    page.keyboard.press("j")
    assert page.evaluate(focused) == "Paper one"
    page.keyboard.press("j")  # stays on the last
    assert page.evaluate(focused) == "Paper one"
    page.keyboard.press("k")
    assert page.evaluate(focused) == "Paper two"
    page.keyboard.press("s")
    star = page.locator('[data-pd-paper="two"] .pd-star')
    assert star.get_attribute("aria-label") == "Remove from reading list"
    assert page.evaluate("() => JSON.parse(localStorage.getItem('pd-reading-list'))") == ["two"]
    assert not page.locator("input[type=search]").first.evaluate("(e) => e === document.activeElement")
    page.keyboard.press("Shift+?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    assert dialog.is_visible() and "Next paper" in dialog.inner_text()
    page.add_script_tag(path=str(js_modules / "axe-core" / "axe.min.js"))
    assert not page.evaluate(RUN_AXE)
    page.keyboard.press("j")  # not while the dialog is open
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    page.keyboard.press("/")
    search = page.locator("input[type=search]:visible").first
    assert search.evaluate("(e) => e === document.activeElement")
    page.keyboard.type("jks")  # typing in a field: letters, no shortcuts
    assert search.input_value() == "jks"
    page.keyboard.press("Escape")
    page.locator('[data-pd-paper="one"] .pd-item__title').focus()
    page.keyboard.press("o")
    page.wait_for_url("**/papers/one/")
    page.go_back()
    page.locator('[data-pd-paper="two"] .pd-item__title').focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/papers/two/")
    context.close()
