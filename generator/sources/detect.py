"""Which format a file is, from its content (never its name): arXiv API Atom, Hugging Face
daily-papers JSON, JSON Lines of arXiv records, a trending-papers listing, or a list of ids."""

from __future__ import annotations

from pathlib import Path

from generator.errors import PaperDigestError
from generator.sources import arxiv_atom, arxiv_ids, hf_daily, jsonl, listing

FORMATS = (
    "a trending-papers listing, JSON Lines of arXiv records, arXiv API Atom, "
    "Hugging Face daily-papers JSON or arXiv ids"
)


def detect(text: str) -> str:
    if arxiv_atom.looks_like_atom(text):
        return "atom"
    if hf_daily.looks_like_daily(text) or text.lstrip().startswith("["):
        return "hf-daily"
    if jsonl.looks_like_jsonl(text):
        return "jsonl"
    if arxiv_ids.looks_like_id_list(text):
        return "ids"
    if listing.looks_like_listing(text) or not text.lstrip().startswith(("<", "{", "[")):
        return "listing"  # plain text: a listing, even one whose date line is missing (read_listing says so)
    return "unknown"


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PaperDigestError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PaperDigestError(f"{path}: is a folder (expected a file)") from None
    except UnicodeDecodeError as error:
        raise PaperDigestError(
            f"{path}: not UTF-8 text (byte 0x{error.object[error.start]:02x} at offset {error.start})"
        ) from None
