"""`paperdigest serve`: a live preview that shows an edit in content/ within seconds.

MkDocs' LiveReloadServer serves a site built in a temporary folder and
reloads the browser after each rebuild. It watches content/, theme/ and
mkdocs.yml, never build/docs: we write build/docs ourselves, inside the
rebuild, so one edit is one rebuild. A rebuild re-runs our pipeline in this
process (its memos stay in memory), then has MkDocs re-render only the pages
the writer rewrote (generator/serve/preview.py); it falls back to a full MkDocs
build when files come or go, or theme/ or mkdocs.yml changed. When the only
changes are edits to entry files, their own pages are shown first
(generator/serve/quick_preview.py), then the rest follows.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from generator.build import DOCS_DIR, generate, write_docs
from generator.deps import mkdocs
from generator.errors import ContentError, PaperDigestError
from generator.model import Catalog
from generator.serve.preview import NeedsFullBuild, PreviewSite
from generator.serve.quick_preview import Built, quick_entry_pages
from generator.serve.watch import Changes, ChangesObserver
from generator.write.tree import write_files

log = logging.getLogger("mkdocs.paperdigest")


def serve(root: Path, dev_addr: str) -> None:
    root = root.resolve()
    host, port = _address(dev_addr)
    generated = generate(root)  # bad content stops here, before a server starts
    write_docs(root, generated)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` cleans up as Ctrl-C does
    preview = Preview(root, Built(generated.catalog, generated.analysis))
    try:
        _serve_preview(preview, host, port)
    finally:
        preview.close()


def _serve_preview(preview: Preview, host: str, port: int) -> None:
    config = preview.site.config
    assert config is not None, "PreviewSite.full_build() loaded it"
    server = _Server(
        builder=preview.rebuild,
        host=host,
        port=port,
        root=str(preview.site.site_dir),
        mount_path=urlsplit(config.site_url or "/").path,
    )
    preview.server = server
    server.error_handler = preview.error_page
    server.use_observer(ChangesObserver(preview.changes))
    for path in preview.watched_paths():
        server.watch(str(path))
    server = config.plugins.on_serve(server, config=config, builder=preview.rebuild)
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        server.shutdown()


def _address(dev_addr: str) -> tuple[str, int]:
    from mkdocs.config.base import ValidationError
    from mkdocs.config.config_options import IpAddress

    try:
        address = IpAddress().validate(dev_addr)
    except ValidationError as error:
        raise PaperDigestError(f"--dev-addr: {error}") from error
    return address.host, address.port


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


_Server = mkdocs.live_reload_server_class()


class PreviewServer(Protocol):
    """What the server live_reload_server_class() makes offers `paperdigest serve` once running."""

    root: str

    def show_now(self) -> None: ...

    def hold_until_built(self) -> None: ...


def _newest_date(catalog: Catalog) -> dt.date:
    """The date `build_site` gives MkDocs as the build date."""
    entries = catalog.entries
    return entries[0].date if entries else dt.date(1970, 1, 1)


class Preview:
    """The served site and how to bring it up to date; `rebuild` is the server's builder."""

    def __init__(self, root: Path, built: Built):
        self.root = root
        self.built = built  # what the last good rebuild made: the quick step renders against it
        self.changes = Changes()
        self.workdir = Path(tempfile.mkdtemp(prefix="paperdigest-serve."))  # never the user's site/
        self.server: PreviewServer | None = None
        self.full_build_reason: str | None = None  # set when the served site must be rebuilt in full
        self._retired: list[Path] = []
        site = None
        try:
            site = self._built_site(_newest_date(built.catalog))
        finally:
            if site is None:  # failed or interrupted: what close() does without a site
                shutil.rmtree(self.workdir, ignore_errors=True)
        if site is None:
            raise PaperDigestError("mkdocs build failed: see the errors above")
        self.site: PreviewSite = site
        self.config_state = self._config_state()

    def watched_paths(self) -> list[Path]:
        return [self.root / "content"] + self._config_paths()

    def _config_paths(self) -> list[Path]:
        config = self.site.config
        assert config is not None, "PreviewSite.full_build() loaded it"
        paths = [Path(config.config_file_path)] + [Path(item) for item in config.watch]
        return paths + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])

    def _config_state(self) -> dict[str, tuple[int, int]]:
        """mtime and size of every file that makes a partial re-render wrong when it changes."""
        state = {}
        for path in self._config_paths():
            for file in [path] if path.is_file() else sorted(path.rglob("*")):
                if file.is_file():
                    stat = file.stat()
                    state[str(file)] = (stat.st_mtime_ns, stat.st_size)
        return state

    def rebuild(self) -> None:
        """Never raises: a failing builder would leave the server waiting forever."""
        start = time.perf_counter()
        config_state = self._config_state()
        changed = self.changes.take()
        shown = config_state == self.config_state and self._show_quick(changed)
        try:
            generated = generate(self.root)
            report = write_docs(self.root, generated)
        except ContentError as error:
            for problem in error.problems:
                log.error("%s", problem)
            log.error("content has errors; the preview keeps the last good pages")
            return
        except PaperDigestError as error:
            log.error("%s; the preview keeps the last good pages", error)
            return
        generated_at = time.perf_counter()
        self.built = Built(generated.catalog, generated.analysis)
        if config_state != self.config_state:
            self.config_state, self.full_build_reason = (
                config_state,
                "mkdocs.yml, theme/ or a watched file changed",
            )
        if shown:
            assert self.server is not None, "_show_quick() shows nothing without a server"
            self.server.hold_until_built()
        done = self._update(report.written, report.removed, _newest_date(generated.catalog))
        end = time.perf_counter()
        log.info(
            "paperdigest: rebuilt in %.2f s: generate+write %.2f s (%d files changed, %d removed)"
            ", mkdocs %.2f s (%s)",
            end - start,
            generated_at - start,
            len(report.written),
            len(report.removed),
            end - generated_at,
            done,
        )

    def _show_quick(self, changed: set[str]) -> bool:
        """Render and show the edited entries' own pages first, if the changes allow it."""
        if self.full_build_reason is not None or self.server is None:
            return False
        start = time.perf_counter()
        try:
            pages = quick_entry_pages(self.root, changed, self.built)
            if not pages:
                return False
            written = write_files(list(pages), self.root / DOCS_DIR)
            self.site.update(written, (), self.site.build_date)
        except NeedsFullBuild as reason:
            self.full_build_reason = str(reason)
            return False
        except Exception as error:  # the full rebuild that follows reports or repairs it
            log.error("quick preview failed: %s: %s", type(error).__name__, error)
            self.full_build_reason = "re-rendering failed"
            return False
        self.server.show_now()
        log.info(
            "paperdigest: quick preview in %.2f s: %s (the full rebuild follows)",
            time.perf_counter() - start,
            ", ".join(page.path for page in pages),
        )
        return True

    def _update(self, written: tuple[str, ...], removed: tuple[str, ...], build_date: dt.date) -> str:
        if self.full_build_reason is None:
            if not written and not removed:
                return "nothing to re-render"
            try:
                update = self.site.update(written, removed, build_date)
                return (
                    f"{update.pages} pages re-rendered, {update.copied} files copied, "
                    f"{update.removed} removed"
                )
            except NeedsFullBuild as needs:
                self.full_build_reason = str(needs)
            except Exception as error:  # MkDocs and theme errors come as anything
                log.error("re-rendering failed: %s: %s", type(error).__name__, error)
                self.full_build_reason = "re-rendering failed"
        reason = self.full_build_reason
        site = self._built_site(build_date)
        if site is None:
            return f"full build for {reason} failed; the preview keeps the last good pages"
        self._replace(site)
        self.full_build_reason = None
        return f"full build: {reason}"

    def _built_site(self, build_date: dt.date) -> PreviewSite | None:
        site = PreviewSite(
            self.root / "mkdocs.yml", Path(tempfile.mkdtemp(prefix="site.", dir=self.workdir)), build_date
        )
        try:
            site.full_build()
            return site
        except (Exception, SystemExit) as error:  # theme and plugin errors surface as anything
            log.error("mkdocs build failed: %s: %s", type(error).__name__, error)
            site.shutdown()
            shutil.rmtree(site.site_dir, ignore_errors=True)
            return None

    def _replace(self, site: PreviewSite) -> None:
        old, self.site = self.site, site
        assert self.server is not None, "a full rebuild runs as the server's builder"
        self.server.root = str(site.site_dir)
        old.shutdown()
        # A request that started before the swap may still read the old folder: drop it one swap later.
        for folder in self._retired:
            shutil.rmtree(folder, ignore_errors=True)
        self._retired = [old.site_dir]

    def error_page(self, code: int) -> bytes | None:
        page = self.site.site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    def close(self) -> None:
        if self.site is not None:
            self.site.shutdown()
        shutil.rmtree(self.workdir, ignore_errors=True)
