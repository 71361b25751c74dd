"""Site settings, read from mkdocs.yml (site_name, site_url, extra.paperdigest)."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.errors import PaperDigestError
from generator.model import Settings


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may carry !!python/name tags (Material's emoji); we ignore them."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load_settings(root: Path) -> Settings:
    path = root / "mkdocs.yml"
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except FileNotFoundError:
        raise PaperDigestError(
            f"{path}: not found (run paperdigest from the project folder or pass --project)"
        ) from None
    except yaml.YAMLError as error:
        raise PaperDigestError(f"mkdocs.yml: not valid YAML: {str(error).splitlines()[0]}") from error
    site_url = str(config.get("site_url") or "http://localhost:8000/")
    options = (config.get("extra") or {}).get("paperdigest") or {}
    return Settings(
        site_name=str(config.get("site_name") or "Paper Digest"),
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        page_size=_positive(options, "page_size", 50),
        feed_items=_positive(options, "feed_items", 50),
        author_min_papers=_positive(options, "author_min_papers", 5, zero=True),
    )


def _positive(options: dict, name: str, default: int, zero: bool = False) -> int:
    value = options.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < (0 if zero else 1):
        expected = "a whole number, 0 or more" if zero else "a positive whole number"
        raise PaperDigestError(
            f"mkdocs.yml: field 'extra.paperdigest.{name}': expected {expected}, got {value!r}"
        )
    return value
