"""Hard-wrapped text gives the same quotes: each article of an annotated corpus is wrapped at 72
columns, as plain-text archives and e-mail are, and its mentions are compared with those of the
article as it was.

    python bench/wrapped.py                       # ../shared/eval/polnear_train_direct.jsonl
    python bench/wrapped.py GOLD.jsonl --width 60 --model none

Wrapping turns a space into a line break, one character for one, so that the offsets of the two
runs compare directly. Paragraphs stay apart by the blank lines the corpus puts between them.
Printed: the share of the article's mentions that the wrapped copy gives at the same offsets, the
share of those with the same speaker, and the share of the article's mentions with both.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

from quotes.io import read_articles
from quotes.parallel import default_jobs
from quotes.pipeline import Engine, extract_mentions
from quotes.table import mentions_frame

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def wrapped(text: str, width: int) -> str:
    """`text` with a space turned into a line break wherever a line would pass `width` columns."""
    chars, column, last_space = list(text), 0, None
    for i, char in enumerate(chars):
        if char == "\n":
            column, last_space = 0, None
            continue
        if char == " ":
            last_space = i
        column += 1
        if column > width and last_space is not None:
            chars[last_space] = "\n"
            column, last_space = i - last_space, None
    return "".join(chars)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="?", default=str(EVAL / "polnear_train_direct.jsonl"))
    parser.add_argument("--width", type=int, default=72)
    parser.add_argument("--model", default=None, help="spaCy pipeline; 'none' for rule-based only")
    parser.add_argument("--jobs", type=int, default=default_jobs())
    args = parser.parse_args()
    if not Path(args.gold).exists():
        print(f"error: {args.gold} not found", file=sys.stderr)
        return 1
    engine = Engine.load(args.model)
    articles = list(read_articles([args.gold]))
    start = time.perf_counter()
    keys = ["article_id", "quote_start", "quote_end"]
    runs = []
    for batch in (articles, [replace(a, text=wrapped(a.text, args.width)) for a in articles]):
        runs.append(mentions_frame(extract_mentions(batch, engine, jobs=args.jobs)).set_index(keys))
    plain, wrap = runs
    lines = sum(a.text.count("\n") for a in articles)
    same = plain.index.intersection(wrap.index)
    speakers = (plain.loc[same, "speaker"].fillna("") == wrap.loc[same, "speaker"].fillna("")).sum()
    print(f"{len(articles):,} articles wrapped at {args.width} columns (line breaks {lines:,} -> "
          f"{sum(wrapped(a.text, args.width).count(chr(10)) for a in articles):,}); model {engine.describe()}")
    print(f"mentions: {len(plain):,} as given, {len(wrap):,} wrapped; the same offsets: {len(same):,} "
          f"({len(same) / max(len(plain), 1):.1%} of those as given); of these, the same speaker: "
          f"{speakers:,} ({speakers / max(len(same), 1):.1%})")
    print(f"the same offsets and the same speaker: {speakers / max(len(plain), 1):.1%} of the mentions as given; "
          f"{time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
