"""MkDocs hooks (mkdocs.yml `hooks:`): regenerate pages while `paperdigest serve` runs."""
from __future__ import annotations


def on_pre_build(config, **kwargs) -> None:
    from generator.serve import regenerate_for_preview

    regenerate_for_preview()
