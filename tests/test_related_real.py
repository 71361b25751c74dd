"""Related papers on real arXiv records (tests/fixtures/related-records.jsonl, a copy of a few of
/work/shared/realdata/arxiv-records.jsonl): a shared paper name is not a shared topic."""
from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.related_precision import compute, entries_from_records, load_records

RECORDS = Path(__file__).parent / "fixtures" / "related-records.jsonl"
PEARL_VIDEO = "2603.20422"  # PEARL: Personalized Streaming Video Understanding Model
PEARL_SEGMENTATION = "2603.21528"  # PEARL: ... Training-Free Open-Vocabulary Semantic Segmentation


@pytest.fixture(scope="module")
def related():
    return compute(entries_from_records(load_records(RECORDS)), old=False)


def test_two_papers_named_pearl_do_not_list_each_other(related):
    assert PEARL_SEGMENTATION not in related[PEARL_VIDEO]
    assert PEARL_VIDEO not in related[PEARL_SEGMENTATION]


@pytest.mark.parametrize("entry, same_topic", [
    (PEARL_VIDEO, "2503.18854"),  # MC-LLaVA: Multi-Concept Personalized Vision-Language Model
    (PEARL_VIDEO, "2601.11000"),  # When Personalization Misleads: ... Personalized VLMs
    (PEARL_SEGMENTATION, "2509.18711"),  # RSVG-ZeroOV: a Training-Free Framework for Zero-Shot Open-Vocabulary ...
])
def test_papers_on_the_same_topic_are_found(related, entry, same_topic):
    assert same_topic in related[entry][:3]


def test_the_old_scoring_listed_the_namesakes():
    """What the fix is about: with title words x3 the shared name outweighed the topic."""
    old = compute(entries_from_records(load_records(RECORDS)), old=True)
    assert PEARL_SEGMENTATION in old[PEARL_VIDEO] and PEARL_VIDEO in old[PEARL_SEGMENTATION]
