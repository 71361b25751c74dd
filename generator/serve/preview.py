"""The MkDocs half of `paperdigest serve`: one full build, then re-render only what changed.

A full build is MkDocs' own `build()`; a small in-memory plugin keeps the
files, navigation and template environment it made. After an edit,
`PreviewSite.update` adds and removes the non-Markdown files that came and
went, re-renders just the Markdown pages our writer rewrote (with MkDocs' own
generator/deps/mkdocs.py's `populate` / `render`, so each page is byte for byte what a full
build gives), copies the other rewritten files, and re-renders sitemap.xml
when a page's date changed. Whatever it cannot update exactly (pages added or
removed, the navigation or the build date changed) raises `NeedsFullBuild`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.deps import mkdocs
from generator.runtime.mkdocs_process import source_date_epoch
from generator.runtime.site_build import sitemap_view

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation

PREVIEW_PLUGIN = "paperdigest-preview"


class NeedsFullBuild(Exception):
    """A change a partial re-render cannot reproduce exactly; the message says which."""


class _KeepBuildState:
    """Registered last among plugins, so it sees what MkDocs finally uses."""

    files: Files | None = None
    nav: Navigation | None = None
    env: Environment | None = None

    def on_files(self, files, config):
        self.files = files

    def on_nav(self, nav, config, files):
        self.nav = nav

    def on_env(self, env, config, files):
        self.env = env


@dataclass
class UpdateReport:
    pages: int
    copied: int
    removed: int


class PreviewSite:
    """A built site in `site_dir` and the MkDocs state that built it."""

    def __init__(self, config_file: Path, site_dir: Path, build_date: dt.date):
        self.config_file = config_file
        self.site_dir = site_dir
        self.build_date = build_date
        self.config: MkDocsConfig | None = None
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: Environment | None = None
        self.doc_files: Sequence[File] = []

    def full_build(self) -> None:
        """MkDocs' own build, exactly as `paperdigest build` runs it (but not strict: it is a preview)."""
        self.config = config = mkdocs.load_config(self.config_file, self.site_dir)
        state = _KeepBuildState()
        config.plugins[PREVIEW_PLUGIN] = state
        config.plugins.on_startup(command="serve", dirty=False)
        with source_date_epoch(self.build_date):
            mkdocs.full_build(config)
        self.files, self.nav, self.env = state.files, state.nav, state.env
        assert self.files is not None, "MkDocs' build calls on_files of every plugin"
        self.doc_files = self.files.documentation_pages()  # the included pages, as build() renders them

    def shutdown(self) -> None:
        if self.config is not None:
            self.config.plugins.on_shutdown()

    def update(self, written: tuple[str, ...], removed: tuple[str, ...], build_date: dt.date) -> UpdateReport:
        """Bring the site up to date with the rewritten docs files (paths relative to docs_dir)."""
        if build_date != self.build_date:
            raise NeedsFullBuild("the newest digest date changed")  # every page's build date
        # Files come and go first, so links in the re-rendered pages resolve as in a full build
        # (the search index's content-hashed shards change names on most edits).
        for path in removed:
            self._forget(path)
        files = [self._file(path) for path in written]
        included = [file for file in files if file.inclusion.is_included()]
        pages = [file.page for file in included if file.is_documentation_page()]
        static = [file for file in included if not file.is_documentation_page()]
        with source_date_epoch(self.build_date):
            self._render(pages)
        for file in static:
            file.copy_file()
        return UpdateReport(len(pages), len(static), len(removed))

    def _file(self, path: str):
        File, set_exclusions = mkdocs.file_class()
        assert self.files is not None and self.config is not None, "update() follows a full_build()"
        file = self.files.get_file_from_path(path)
        if file is not None:
            if file.abs_src_path != os.path.normpath(os.path.join(self.config.docs_dir, path)):
                raise NeedsFullBuild(f"{path} now overrides a theme file")
            return file
        file = File(path, self.config.docs_dir, self.config.site_dir, self.config.use_directory_urls)
        if file.is_documentation_page():
            raise NeedsFullBuild(f"new page {path}")  # the list of pages changes (sitemap, nav)
        set_exclusions([file], self.config)
        self.files.append(file)
        return file

    def _forget(self, path: str) -> None:
        assert self.files is not None and self.config is not None, "update() follows a full_build()"
        file = self.files.get_file_from_path(path)
        if file is None or file.is_documentation_page():
            raise NeedsFullBuild(f"page {path} removed")
        if any(os.path.exists(os.path.join(folder, path)) for folder in self.config.theme.dirs):
            raise NeedsFullBuild(f"{path} removed: a theme file takes its place")
        self.files.remove(file)
        dest = Path(file.abs_dest_path)
        dest.unlink(missing_ok=True)
        for folder in dest.parents:  # as a full build would have it: no empty folders
            if folder == self.site_dir or any(folder.iterdir()):
                break
            folder.rmdir()

    def _render(self, pages: list) -> None:
        config, files, nav = self.config, self.files, self.nav
        assert config is not None and files is not None and nav is not None and self.env is not None, (
            "update() follows a full_build()"
        )
        prepared = mkdocs.Prepared(
            config, files, nav, self.env, [file.page for file in self.doc_files], list(self.doc_files)
        )
        in_nav = {id(page): _nav_view(page) for page in nav.pages}
        in_sitemap = [sitemap_view(page.meta) for page in pages]
        # Every page is read before any is built, as in build(): templates may look at other pages.
        for page in pages:
            mkdocs.populate(page, prepared)
        if any(id(page) in in_nav and _nav_view(page) != in_nav[id(page)] for page in pages):
            raise NeedsFullBuild(
                "a page in the navigation changed its title or front matter"
            )  # every page shows it
        for page in pages:
            mkdocs.render(page, prepared)
        # The sitemap costs a pass over every page: only when needed (our mkdocs.yml has no extra templates)
        if in_sitemap != [sitemap_view(page.meta) for page in pages] or config.extra_templates:
            mkdocs.site_templates(prepared)
        for page in pages:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)


def _nav_view(page) -> tuple:
    """What Material's navigation, rendered into every page, shows of a page."""
    return page.title, repr(page.meta)


# The theme's site-wide templates: 404.html shows the navigation (a change there means a
# full build), theme/sitemap.xml lists each page's URL (fixed while the set of files is)
# and the front-matter fields of site_build.sitemap_view.
