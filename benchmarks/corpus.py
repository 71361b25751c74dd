"""Synthetic but realistic Paper Digest corpora for benchmarks.

Titles and abstracts come from a word bigram model trained on the seed
abstracts and titles in content/papers, with lengths drawn from the seeds'
own; authors from name pools (a few prolific ones, as in real bibliographies);
1-3 tags from content/tags.yml, a few tags far more common than the rest; a
share of entries naming earlier ones in `related`; about 20 papers a day in
daily digests. The same (n, seed) always writes the same files.

    write_corpus(root, 10_000)                  # root/content/papers/*.md, root/content/tags.yml
    python -m benchmarks.corpus ROOT --n 10000  # the same from the shell
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path

import frontmatter
import yaml

from generator.commands.scaffold import render_entry
from generator.identifiers import slugify

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "content" / "papers"
VOCABULARY = REPO / "content" / "tags.yml"
START = dt.date(2024, 1, 1)
PAPERS_PER_DAY = (14, 26)
RELATED_SHARE = 0.15
LINK_SHARE = 0.6

FIRST_NAMES = """Ada Alan Alex Amir Ana Andrea Anh Anna Arjun Ben Camille Carlos Chen Chiara Daniel David
Diego Elena Emma Fatima Felix Gabriel Hana Hao Hiroshi Ilya Ines Ivan Jakob James Jia Jin Jonas
Juan Julia Kai Kenji Laura Lei Li Lin Lucas Marco Maria Mei Min Ming Mohammed Nadia Noah Olga Omar
Pablo Paul Pedro Priya Qiang Rahul Ravi Rosa Ruslan Sakura Samuel Sara Sofia Sophie Tariq Thomas
Tomas Wei Xin Yan Yang Yoshua Yu Yuki Zhen Zoe""".split()
SURNAMES = """Abbasi Adams Ahmed Bengio Brown Chen Cheng Cho Costa Dai Das Dubois Fischer Garcia Gupta Han He
Hinton Huang Ivanova Jain Jiang Kim Kumar Lambert Larsen LeCun Lee Li Liang Lin Liu Lopez Ma Martin
Meyer Miller Mori Muller Nakamura Nguyen Novak Okafor Park Patel Petrov Qian Rossi Sato Schmidt
Shah Silva Singh Smith Song Sun Suzuki Tanaka Tang Wang Weber Wu Xu Yamamoto Yang Yao Ye Zhang Zhao
Zheng Zhou Zhu""".split()


def write_corpus(root: Path, n: int, seed: int = 0) -> list[str]:
    """Write `n` entries into root/content/papers (and the repo's tags.yml); return their ids, oldest
    first."""
    papers = root / "content" / "papers"
    papers.mkdir(parents=True, exist_ok=True)
    (root / "content" / "tags.yml").write_bytes(VOCABULARY.read_bytes())
    rng = random.Random(seed)
    model = WordModel.from_seeds(SEEDS)
    tags = Tags.from_vocabulary(VOCABULARY)
    authors = Authors(rng)
    ids: list[str] = []
    taken: set[str] = set()
    titles: set[str] = set()
    day, left_today = START, rng.randint(*PAPERS_PER_DAY)
    for number in range(n):
        if left_today == 0:
            day, left_today = day + dt.timedelta(days=1), rng.randint(*PAPERS_PER_DAY)
        left_today -= 1
        title = model.title(rng)
        while _title_key(title) in titles:  # the validator refuses near-identical titles
            title = model.title(rng)
        titles.add(_title_key(title))
        entry_id = _unique_id(slugify(title, 50) or "paper", taken)
        related = (
            rng.sample(ids[-2000:], k=min(len(ids), rng.randint(1, 2)))
            if ids and rng.random() < RELATED_SHARE
            else []
        )
        text = render_entry(
            entry_id=entry_id,
            title=title,
            date=day,
            tags=tags.draw(rng),
            links=_links(rng, day, number),
            body=model.abstract(rng),
            authors=authors.draw(rng),
            related=related,
        )
        (papers / f"{entry_id}.md").write_text(text, encoding="utf-8")
        ids.append(entry_id)
    return ids


def _title_key(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", title.lower())


def _unique_id(slug: str, taken: set[str]) -> str:
    candidate, suffix = slug, 2
    while candidate in taken:
        candidate, suffix = f"{slug}-{suffix}", suffix + 1
    taken.add(candidate)
    return candidate


def _links(rng: random.Random, day: dt.date, number: int) -> dict[str, str]:
    if rng.random() > LINK_SHARE:
        return {}
    arxiv = f"{day:%y%m}.{number % 100000:05d}"
    links = {"arxiv": f"https://arxiv.org/abs/{arxiv}", "pdf": f"https://arxiv.org/pdf/{arxiv}"}
    if rng.random() < 0.4:
        links["code"] = f"https://github.com/{rng.choice(SURNAMES).lower()}-lab/project-{number}"
    return links


class WordModel:
    """A word bigram model of abstracts (sentence by sentence) and of titles."""

    def __init__(self, abstracts: list[str], titles: list[str]):
        self.next_word = _bigrams(sentence for text in abstracts for sentence in _sentences(text))
        self.next_title_word = _bigrams(titles)
        self.lengths = [len(text.split()) for text in abstracts]
        self.title_lengths = [len(title.split()) for title in titles]

    @classmethod
    def from_seeds(cls, folder: Path) -> WordModel:
        posts = [frontmatter.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.md"))]
        abstracts = [post.content.split("\n## ")[0].strip() for post in posts]
        titles = [str(post["title"]) for post in posts]
        return cls([a for a in abstracts if a], titles)

    def abstract(self, rng: random.Random) -> str:
        target = max(40, int(rng.choice(self.lengths) * rng.uniform(0.8, 1.2)))
        words: list[str] = []
        while len(words) < target:
            words += _walk(self.next_word, rng, limit=60)
        return " ".join(words)

    def title(self, rng: random.Random) -> str:
        target = rng.choice(self.title_lengths)
        words = _walk(self.next_title_word, rng, limit=max(4, target + 2))
        title = " ".join(words).rstrip(":,;")
        if rng.random() < 0.35:  # "Acronym: what it does", like a third of the seeds
            title = f"{_acronym(rng)}: {title}"
        return title


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", " ".join(text.split())) if len(s.split()) > 3]


def _bigrams(texts) -> dict[str, list[str]]:
    following: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        words = text.split()
        for before, after in zip(["<s>"] + words, words + ["</s>"], strict=True):
            following[before].append(after)
    return dict(following)


def _walk(following: dict[str, list[str]], rng: random.Random, limit: int) -> list[str]:
    words, word = [], "<s>"
    while len(words) < limit:
        word = rng.choice(following[word])
        if word == "</s>":
            break
        words.append(word)
    return words


def _acronym(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVWXYZ") for _ in range(rng.randint(3, 6)))
    return (
        letters
        if rng.random() < 0.6
        else letters[0] + letters[1:].lower() + rng.choice(["Net", "Former", "GPT", "-3D", ""])
    )


class Tags:
    """Tags from the vocabulary, with Zipf-like popularity."""

    def __init__(self, slugs: list[str]):
        self.slugs = slugs
        self.weights = [1 / (rank + 1) for rank in range(len(slugs))]

    @classmethod
    def from_vocabulary(cls, path: Path) -> Tags:
        return cls(list(yaml.safe_load(path.read_text(encoding="utf-8"))))

    def draw(self, rng: random.Random) -> list[str]:
        count = rng.choices([1, 2, 3], weights=[3, 4, 2])[0]
        return list(dict.fromkeys(rng.choices(self.slugs, weights=self.weights, k=count)))


class Authors:
    """A fixed population of researchers, some of whom write many papers."""

    def __init__(self, rng: random.Random, population: int = 6000):
        self.people = [f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}" for _ in range(population)]
        self.weights = [1 / (rank + 1) ** 0.8 for rank in range(population)]

    def draw(self, rng: random.Random) -> list[str]:
        count = rng.choices(range(1, 11), weights=[4, 8, 10, 10, 8, 6, 4, 3, 2, 2])[0]
        return list(dict.fromkeys(rng.choices(self.people, weights=self.weights, k=count)))


def scaffold_project(root: Path) -> Path:
    """A buildable project folder: the repo's mkdocs.yml and theme."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.rmtree(root / "theme", ignore_errors=True)
    shutil.copytree(REPO / "theme", root / "theme", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="project folder to write content/ into")
    parser.add_argument("--n", type=int, default=10_000, help="number of papers (default 10000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--scaffold", action="store_true", help="also copy mkdocs.yml and theme/ so it builds"
    )
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    if args.scaffold:
        scaffold_project(args.root)
    ids = write_corpus(args.root, args.n, args.seed)
    print(f"wrote {len(ids)} papers to {args.root / 'content' / 'papers'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
