"""Everything we use of MkDocs (and mkdocs-material) beyond `mkdocs build`, in one place.

MkDocs' public API is `load_config`, `build(config)`, plugin events and `LiveReloadServer`'s
`serve`/`watch`. To render pages across processes, to re-render only what changed (`paperdigest
build`'s incremental build, `serve`'s preview) and to show part of a rebuild at once, we also use:

- the steps of `mkdocs.commands.build.build()`, in its order: `get_files` (its walk, made again with
  its `_file_sort_key`, to reuse Files and Pages made while the docs are written; `Page.update_date`), the
  theme's files, `get_navigation`, `_populate_page` (read and convert a page), `_build_page` (render it
  into the theme), `_build_theme_template` (404.html, sitemap.xml), `_build_extra_template`, and
  `Page.validate_anchor_links` with the two attributes it reads (`present_anchor_ids`, `links_to_anchors`);
- `Page.render`'s steps (its four processors, `_RawHTMLPreprocessor`, `_ExtractAnchorsTreeprocessor`,
  `_RelativePathTreeprocessor`, `_ExtractTitleTreeprocessor`, and the attributes it sets), run on one
  Markdown instance per process, reset() between pages, instead of a new instance per page;
- `Files.get_file_from_path`, through which a page's links are resolved: `record_lookups` sees which
  paths a page looked up, so a rebuild knows the page must be re-rendered when one comes or goes;
- `LiveReloadServer`'s epoch handshake (`_epoch_cond`, `_visible_epoch`, `_wanted_epoch`,
  `livereload._timestamp`) and its `observer` attribute.

tests/test_deps_mkdocs.py names the versions checked and fails on any other; pyproject.toml pins them.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # MkDocs is imported lazily at run time
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

TESTED = {"mkdocs": ("1.6", "1.6"), "mkdocs-material": ("9.8", "9.8")}  # first and last minor tested


def load_config(config_file: Path, site_dir: Path, strict: bool = False):
    from mkdocs.config import load_config as mkdocs_load_config

    return mkdocs_load_config(str(config_file), site_dir=str(site_dir), strict=strict)


def full_build(config) -> None:
    """MkDocs' own build (public API), as `mkdocs build` runs it."""
    from mkdocs.commands.build import build

    build(config)


@dataclass
class Prepared:
    """What build() gathers before it writes anything: the files, the navigation, the theme."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Environment
    pages: list = field(default_factory=list)  # the included Markdown pages, in build()'s order
    # Their files, listed once as build() does for every page's context (listing them per page was quadratic)
    doc_files: list | None = None
    markdown: tuple | None = None  # (process id, its Markdown instance, footnote numbering): see populate


def speculate(config) -> dict:
    """By path, a File (and off the navigation a Page) for every file docs_dir holds now, made as
    get_files and get_navigation make them, from the path and the configuration alone: what `prepare`
    reuses for each path it still finds once the docs are written. Nothing with plugins (events first)."""
    from mkdocs.structure.files import set_exclusions
    from mkdocs.structure.pages import Page

    made, named = {} if config.plugins else _walk(config, {}), _paths(config["nav"])
    set_exclusions(made.values(), config)
    for file in made.values():
        if file.is_documentation_page() and file.inclusion.is_not_in_nav() and file.src_uri not in named:
            Page(None, file, config)
        file.dest_uri  # noqa: B018 (a cached property, computed now: off the critical path)
    return made


def _paths(nav) -> set:  # every path mkdocs.yml's nav names: get_navigation makes their pages, titled
    items = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else ()
    return {nav, nav.lstrip("/")} if isinstance(nav, str) else set().union(*map(_paths, items))


def _walk(config, made: dict) -> dict:
    """get_files' walk of docs_dir, in its order: each path's File, taken from `made` if there."""
    from mkdocs.structure.files import File, _file_sort_key

    docs, files = config["docs_dir"], {}
    for folder, folders, names in os.walk(docs, followlinks=True):
        folders.sort()
        relative = os.path.relpath(folder, docs)
        for path in (os.path.join(relative, name) for name in sorted(names, key=_file_sort_key)):
            files[path] = made.get(path) or File(path, docs, config["site_dir"], config["use_directory_urls"])
    return files


def prepare(config, compiled_templates: Path | None = None, speculated: dict | None = None) -> Prepared:
    """build()'s first half: run the config, pre_build, files and nav events; make every page object.

    Pages are not read (`populate` does). on_env runs here, before them: our mkdocs.yml has no plugin.
    `compiled_templates`: a folder for Jinja's bytecode cache (compiling the theme took ~0.7 s a build).
    `speculated`: what `speculate` made; get_files' own when two files share a destination (it warns)."""
    from jinja2 import FileSystemBytecodeCache
    from mkdocs.commands.build import get_files
    from mkdocs.structure.files import Files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.utils import get_build_date

    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    found = list(_walk(config, speculated).values()) if speculated else []
    files = Files(found) if found and len({f.dest_uri for f in found}) == len(found) else get_files(config)
    date = get_build_date()  # Page() stamps it: `speculate` made pages before the date was known
    for page in (file.page for file in files if file.page is not None):
        page.update_date = date
    env = config.theme.get_env()
    if compiled_templates is not None:
        compiled_templates.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(compiled_templates))
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)  # it makes every page object not made yet
    nav = config.plugins.on_nav(nav, config=config, files=files)
    env, doc_files = config.plugins.on_env(env, config=config, files=files), list(files.documentation_pages())
    return Prepared(config, files, nav, env, [file.page for file in doc_files], doc_files)


def nav_pages(prepared: Prepared) -> list:
    """The pages in the navigation: Material renders their titles into every page."""
    return list(prepared.nav.pages)


def populate(page, prepared: Prepared) -> None:
    """Read and convert one page: build()'s `_populate_page`, with one Markdown instance for all pages.

    `Page.render` makes a new `markdown.Markdown` for every page, registering every extension again
    (~6% of MkDocs' time on our pages); this converts each page the same way on one instance, reset()
    between pages, in each process."""
    config, files = prepared.config, prepared.files
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        _convert(page, prepared)
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
    except Exception as error:
        message = f"Error reading page '{page.file.src_uri}':"
        logging.getLogger("mkdocs.commands.build").error(message + f" {error}")
        raise
    finally:
        config._current_page = None


_MAY_NAME_AN_ANCHOR = re.compile(r"\b(?:id|name)\b", re.IGNORECASE)  # an attribute `id`, or `name` of <a>


def _convert(page, prepared: Prepared) -> None:
    """`Page.render`, on the process's Markdown instance (made on first use, after any fork)."""
    import markdown
    from mkdocs.structure import pages
    from mkdocs.structure.toc import get_toc

    config = prepared.config
    if prepared.markdown is None or prepared.markdown[0] != os.getpid():
        md = markdown.Markdown(
            extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
        )
        # footnotes' reset() numbers documents (its UNIQUE_IDS): each page is the first its instance sees
        prefixes = {
            id(ext): ext.unique_prefix for ext in md.registeredExtensions if hasattr(ext, "unique_prefix")
        }
        prepared.markdown = (os.getpid(), md, prefixes)
    _, md, prefixes = prepared.markdown
    md.reset()
    for extension in md.registeredExtensions:
        if id(extension) in prefixes:
            extension.unique_prefix = prefixes[id(extension)]
    raw_html = pages._RawHTMLPreprocessor()
    if _MAY_NAME_AN_ANCHOR.search(page.markdown):
        raw_html._register(md)
    else:  # it parses the page as HTML for `id` and `<a name>` only: none, nothing to find
        md.preprocessors.deregister("mkdocs_raw_html", strict=False)
    anchors = pages._ExtractAnchorsTreeprocessor(page.file, prepared.files, config)
    anchors._register(md)
    relative = pages._RelativePathTreeprocessor(page.file, prepared.files, config)
    relative._register(md)
    title = pages._ExtractTitleTreeprocessor()
    title._register(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    if pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative.links_to_anchors
    page.raw_html = [str(block) for block in md.htmlStash.rawHtmlBlocks]  # runtime/raw_links.py reads it


def render(page, prepared: Prepared) -> None:
    """Render one populated page into the theme and write it (build()'s `_build_page`)."""
    from mkdocs.commands.build import _build_page

    if prepared.doc_files is None:
        prepared.doc_files = list(prepared.files.documentation_pages())
    _build_page(
        page,
        prepared.config,
        prepared.doc_files,
        prepared.nav,
        prepared.env,
        excluded=page.file.inclusion.is_excluded(),
    )


def site_templates(prepared: Prepared, sitemap: bool = True) -> None:
    """The theme's static templates (404.html; sitemap.xml and .gz if `sitemap`), mkdocs.yml's extra ones."""
    from mkdocs.commands.build import _build_extra_template, _build_theme_template

    config, files, nav = prepared.config, prepared.files, prepared.nav
    for template in (name for name in config.theme.static_templates if sitemap or name != "sitemap.xml"):
        _build_theme_template(template, prepared.env, files, config, nav)
    for template in config.extra_templates:
        _build_extra_template(template, files, config, nav)


def anchors_of(page) -> tuple[list[str], dict[str, dict[str, str]]]:
    """What anchor validation needs of a rendered page, by source path, so that it can be sent or saved."""
    present = sorted(page.present_anchor_ids or ())
    links = {target.src_uri: dict(found) for target, found in (page.links_to_anchors or {}).items()}
    return present, links


def validate_anchors(prepared: Prepared, anchors: dict[str, tuple[list, dict]], pages: list) -> None:
    """Check `pages`' links to anchors, as build() does last, from `anchors_of` each (and each linked)."""
    files = prepared.files
    linked = (files.get_file_from_path(uri) for page in pages for uri in anchors[page.file.src_uri][1])
    for page in {id(p): p for p in [*pages, *(f.page for f in linked if f and f.page)]}.values():
        present, links = anchors.get(page.file.src_uri, ([], {}))
        page.present_anchor_ids = set(present)
        page.links_to_anchors = {
            t: found for uri, found in links.items() if (t := files.get_file_from_path(uri))
        }
    for page in pages:
        page.validate_anchor_links(files=files, log_level=prepared.config.validation.links.anchors)


def record_lookups(files, found: Callable[[str, bool], None]) -> Callable[[], None]:
    """Call `found(path, exists)` for every path a page's links look up while it is converted.

    Returns the function that stops recording."""
    lookup = files.get_file_from_path

    def recording(path):
        file = lookup(path)
        found(path, file is not None)
        return file

    files.get_file_from_path = recording
    return lambda: delattr(files, "get_file_from_path")  # back to the class's own


def file_class():
    from mkdocs.structure.files import File, set_exclusions

    return File, set_exclusions


def live_reload_server_class():
    """For `serve`: a LiveReloadServer that shows part of a rebuild before the rest is done.

    While its builder runs, MkDocs (1.6) holds every request and reloads browsers when the
    builder returns; `show_now` and `hold_until_built` are the two steps of that handshake.
    """
    from mkdocs.livereload import LiveReloadServer, _timestamp

    class Server(LiveReloadServer):
        def show_now(self) -> None:
            """Serve requests and reload browsers now, mid-rebuild."""
            with self._epoch_cond:
                self._visible_epoch = self._wanted_epoch
                self._epoch_cond.notify_all()

        def hold_until_built(self) -> None:
            """Hold requests again; browsers reload once more when the builder returns."""
            with self._epoch_cond:
                self._wanted_epoch = max(_timestamp(), self._visible_epoch + 1)

        def use_observer(self, observer) -> None:
            """Watch files with `observer` (before any watch(): they schedule on it)."""
            self.observer = observer

    return Server
