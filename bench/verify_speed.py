"""How fast `quotes verify` answers from a big table: the index versus a scan, in one process.

    python bench/verify_speed.py                  # the 1M-mention corpus of bench/dedup_speed.py
    python bench/verify_speed.py --size 100000 --claims 200
    python bench/verify_speed.py --distinct 1000000    # a quotes table of a million distinct quotes

Builds the synthetic corpus of bench/dedup_speed.py (real quotes, republished and perturbed),
deduplicates it, and indexes every distinct wording (`quotes.claims.QuoteIndex`). Then asks
claims made from the pool's quotes: exact, a fragment, a reworded copy, a negated one, and
sentences that are in no quote. Prints the time to build the index, the time per claim (median,
95th percentile, worst) and, on a sample of claims, a scan in the same process: rapidfuzz's
`process.extractOne` over every distinct wording, the fastest way to look without an index.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Indel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_speed import corpus, sentence_pool  # noqa: E402
from syndication import perturb  # noqa: E402

import pandas as pd  # noqa: E402

from quotes import QUOTES, deduplicate  # noqa: E402
from quotes.dedup import normalize_quote  # noqa: E402
from quotes.claims import QuoteIndex, is_found  # noqa: E402

ABSENT = ["The harbour will reopen to fishing boats in the spring", "Our team reviewed every ballot twice before noon",
          "No one on this council has read the full report", "The bridge closure cost local shops a third of their trade"]


def claims(printed: list[str], n: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, claim) pairs made from quotes printed word for word in the corpus: exact, a
    fragment, reworded, negated ("never" put in: the corpus's own misquotes put in "not") and
    absent, in turn."""
    made = []
    for k in range(n):
        quote = rng.choice(printed)
        words = quote.split()
        kind = ("exact", "fragment", "reworded", "negated", "absent")[k % 5]
        if kind == "fragment":
            start = rng.randrange(0, max(1, len(words) - 6))
            text = " ".join(words[start : start + 6])
        elif kind == "reworded":
            text = perturb(quote, rng)[0]
        elif kind == "negated":
            text = " ".join(words[:2] + ["never"] + words[2:])
        elif kind == "absent":
            text = ABSENT[k // 5 % len(ABSENT)]
        else:
            text = quote
        made.append((kind, text))
    return made


def spliced(pool: list[tuple[str, str]], n: int, rng: random.Random) -> pd.DataFrame:
    """A quotes table of `n` distinct quotes: the first half of one pool quote, the second of another."""
    halves = [(q.split()[: len(q.split()) // 2], q.split()[len(q.split()) // 2 :], s) for q, s in pool]
    seen, rows = set(), []
    while len(rows) < n:
        a, b = rng.choice(halves), rng.choice(halves)
        quote = " ".join(a[0] + b[1])
        if quote not in seen:
            seen.add(quote)
            rows.append((f"q{len(rows)}", quote, a[2] or None))
    table = pd.DataFrame(rows, columns=["quote_id", "quote", "speaker"])
    return table.reindex(columns=list(QUOTES)).astype({"quote_id": "string", "quote": "string", "speaker": "string"})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000, help="mentions in the corpus")
    parser.add_argument("--claims", type=int, default=500)
    parser.add_argument("--scan-claims", type=int, default=10, help="claims also answered by a scan (slow)")
    parser.add_argument("--distinct", type=int, default=0,
                        help="instead, a quotes table of this many distinct quotes (halves of the pool's quotes spliced)")
    args = parser.parse_args()
    rng = random.Random(7)
    pool = sentence_pool()
    if args.distinct:
        quotes_table = spliced(pool, args.distinct, rng)
        start = time.perf_counter()
        index = QuoteIndex(quotes_table)
        build = time.perf_counter() - start
        print(f"a quotes table of {len(quotes_table):,} distinct quotes; index built in {build:.1f} s")
        pool = list(zip(quotes_table["quote"].sample(2000, random_state=1), quotes_table["speaker"]))
    else:
        mentions = corpus(args.size, pool)
        start = time.perf_counter()
        quotes_table = deduplicate(mentions)
        dedup_seconds = time.perf_counter() - start
        start = time.perf_counter()
        index = QuoteIndex(quotes_table, mentions)
        build = time.perf_counter() - start
        print(f"{args.size:,} mentions, {len(quotes_table):,} quotes, {len(index):,} distinct wordings indexed")
        print(f"deduplication {dedup_seconds:.1f} s; index built in {build:.1f} s")

    indexed = set(index.texts)
    printed = [quote for quote, _ in pool if normalize_quote(quote) in indexed]
    asked = claims(printed, args.claims, rng)
    index.search(asked[0][1])  # the first claim loads what every claim uses (the first-name data)
    times, found = [], {}
    for kind, claim in asked:
        start = time.perf_counter()
        answer = index.search(claim)
        times.append(time.perf_counter() - start)
        found.setdefault(kind, []).append(is_found(answer))
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"per claim, {len(times)} claims: median {statistics.median(times) * 1000:.1f} ms, "
          f"95th percentile {p95 * 1000:.1f} ms, worst {times[-1] * 1000:.1f} ms")
    print("found: " + ", ".join(f"{kind} {sum(v)}/{len(v)}" for kind, v in found.items()))

    wordings = index.texts
    scans = []
    for _, claim in asked[: args.scan_claims]:
        start = time.perf_counter()
        process.extractOne(normalize_quote(claim), wordings, scorer=Indel.normalized_similarity)
        scans.append(time.perf_counter() - start)
    scan = statistics.median(scans)
    print(f"baseline, a scan of every wording (rapidfuzz extractOne), {len(scans)} claims: median {scan * 1000:.0f} ms; "
          f"index {scan / statistics.median(times):.0f}x faster")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
