"""Related papers on real arXiv records (tests/fixtures/related-records.jsonl, a copy of a few of
../shared/realdata/arxiv-records.jsonl): a shared paper name is not a shared topic."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.related_precision import compute, entries_from_records, load_records

RECORDS = Path(__file__).parent / "fixtures" / "related-records.jsonl"
PEARL_VIDEO = "2603.20422"  # PEARL: Personalized Streaming Video Understanding Model
PEARL_SEGMENTATION = "2603.21528"  # PEARL: ... Training-Free Open-Vocabulary Semantic Segmentation


OFF_TOPIC = "2603.21391"  # A Constructive Approach to q-Gaussian Distributions (cs.IT, probability theory)


@pytest.fixture(scope="module")
def related():
    """The ranking itself, without the minimum score (which keeps only the closest of these)."""
    return compute(entries_from_records(load_records(RECORDS)), old=False, threshold=False)


def test_two_papers_named_pearl_do_not_list_each_other(related):
    assert PEARL_SEGMENTATION not in related[PEARL_VIDEO]
    assert PEARL_VIDEO not in related[PEARL_SEGMENTATION]


@pytest.mark.parametrize(
    "entry, same_topic",
    [
        (PEARL_VIDEO, "2503.18854"),  # MC-LLaVA: Multi-Concept Personalized Vision-Language Model
        (PEARL_VIDEO, "2601.11000"),  # When Personalization Misleads: ... Personalized VLMs
        (
            PEARL_SEGMENTATION,
            "2509.18711",
        ),  # RSVG-ZeroOV: a Training-Free Framework for Zero-Shot Open-Vocabulary ...
    ],
)
def test_papers_on_the_same_topic_are_found(related, entry, same_topic):
    assert same_topic in related[entry][:3]


def test_the_old_scoring_listed_the_namesakes():
    """What the fix is about: with title words x3 the shared name outweighed the topic."""
    old = compute(entries_from_records(load_records(RECORDS)), old=True)
    assert PEARL_SEGMENTATION in old[PEARL_VIDEO] and PEARL_VIDEO in old[PEARL_SEGMENTATION]


def test_an_entry_with_no_similar_paper_gets_no_related_papers():
    """A probability-theory paper among vision and language papers: its best matches share
    only generic words, below the minimum score, so it lists none (a wrong link is worse)."""
    from realdata import record

    records = load_records(RECORDS) + [record(OFF_TOPIC)]
    related = compute(entries_from_records(records), old=False)
    assert related[OFF_TOPIC] == ()
    assert OFF_TOPIC not in {other for others in related.values() for other in others}
    unthresholded = compute(entries_from_records(records), old=False, threshold=False)
    assert len(unthresholded[OFF_TOPIC]) == 5  # without it, five unrelated papers
