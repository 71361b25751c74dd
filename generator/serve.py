"""`paperdigest serve`: MkDocs' live-reload server, regenerating from content/.

MkDocs watches content/ (and theme/); before each rebuild our hook runs
the pipeline again. The writer only touches pages whose bytes changed, so
an edit reloads the browser once.
"""
from __future__ import annotations

import logging
from pathlib import Path

from .build import generate, write_docs
from .errors import ContentError, PaperDigestError

log = logging.getLogger("mkdocs.paperdigest")
_serving: dict[str, Path] = {}


def serve(root: Path, dev_addr: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    root = root.resolve()
    write_docs(root, generate(root))  # bad content stops here, before a server starts
    _serving["root"] = root
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    # A dirty build re-renders only pages whose Markdown changed; our writer
    # touches exactly the pages an edit affects, so the preview stays exact.
    mkdocs_serve(config_file=str(root / "mkdocs.yml"), livereload=True, build_type="dirty", watch_theme=True,
                 watch=[str(root / "content")], dev_addr=dev_addr)


def regenerate_for_preview() -> None:
    """Called by the MkDocs hook before every build while serving."""
    root = _serving.get("root")
    if root is None:
        return
    try:
        report = write_docs(root, generate(root))
    except ContentError as error:
        for problem in error.problems:
            log.error("%s", problem)
        log.error("content has errors; the preview keeps the last good pages")
        return
    except PaperDigestError as error:
        log.error("%s", error)
        return
    if report.written or report.removed:
        log.info("paperdigest: %d pages regenerated, %d removed", len(report.written), len(report.removed))
