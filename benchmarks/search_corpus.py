"""Real-paper corpora for the search benchmark: 10,000 real arXiv records, and 50,000 recombined from them.

    .venv/bin/python -m benchmarks.search_corpus --n 10000 --workdir /tmp/pd-search-real-10000

10,000: ../shared/realdata/arxiv-records-10k.jsonl.gz, one entry per record
(benchmarks/real_corpus.py), as a contributor would write it.

50,000 (any n above the records there are): the 10,000 records as they are, then
copies k = 1, 2, ... of them, recombined so that no two papers are alike: copy k of
record i takes record i's title, the first half of record i's abstract (by sentence)
followed by the second half of record (i + 7919 k) mod 10,000's, the authors of
record (i + 104729 k) mod 10,000, record i's digest date moved back 2 k years (so the
archive spans more digests), and id "<arXiv id>r<k>". Every word is real, but the
vocabulary stays that of 10,000 abstracts, where a real 50,000-paper archive would
have a larger one: postings grow 5x, the dictionary much less.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
from pathlib import Path

import yaml

from benchmarks.corpus import scaffold_project
from benchmarks.real_corpus import REPO, entry_id, entry_text, load_records
from generator.validate.vocabulary import parse_vocabulary

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def recombined(records: list[dict], n: int) -> list[dict]:
    """`n` records: the real ones first, then recombined copies (see the module docstring)."""
    base = len(records)
    out = list(records[:n])
    copy = 1
    while len(out) < n:
        for i, record in enumerate(records):
            if len(out) >= n:
                break
            other = records[(i + 7919 * copy) % base]
            authors = records[(i + 104729 * copy) % base]["authors"]
            mine, theirs = _sentences(record["summary"]), _sentences(other["summary"])
            summary = " ".join(mine[: max(1, len(mine) // 2)] + theirs[len(theirs) // 2 :])
            listed = dt.date.fromisoformat(record["listed"])
            listed = listed.replace(year=listed.year - 2 * copy, day=min(listed.day, 28))
            out.append(
                dict(
                    record,
                    copy_id=f"{entry_id(record)}r{copy}",
                    summary=summary,
                    authors=list(authors),
                    listed=listed.isoformat(),
                )
            )
        copy += 1
    return out


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]


def write_project(root: Path, n: int) -> int:
    """The project folder for `n` papers; returns how many were written."""
    records = load_records()
    records = records[:10_000]
    records = recombined(records, n)
    scaffold_project(root)
    shutil.rmtree(root / "content", ignore_errors=True)
    papers = root / "content" / "papers"
    papers.mkdir(parents=True)
    shutil.copy(REPO / "content" / "tags.yml", root / "content" / "tags.yml")
    vocabulary = parse_vocabulary(yaml.safe_load((REPO / "content" / "tags.yml").read_text()), {}, [])
    for record in records:
        text = entry_text(record, vocabulary)
        ident = record.get("copy_id", entry_id(record))
        if ident != entry_id(record):  # the id line only: links still name the real arXiv paper
            text = re.sub(
                rf"^id: \"{re.escape(entry_id(record))}\"$", f'id: "{ident}"', text, count=1, flags=re.M
            )
        (papers / f"{ident}.md").write_text(text, encoding="utf-8")
    return len(records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, required=True)
    args = parser.parse_args(argv)
    print(write_project(args.workdir.resolve(), args.n), "entries written to", args.workdir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
